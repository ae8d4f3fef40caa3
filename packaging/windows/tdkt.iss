; Inno Setup script: a per-user installer for TĐKT on Windows.
; Build dist\tdkt first on a Windows PC (py dev.py build), then compile this file with
; Inno Setup 6 (ISCC.exe packaging\windows\tdkt.iss). The installer needs no administrator
; rights, installs into %LOCALAPPDATA%\Programs\TDKT, adds Start menu and desktop shortcuts with
; the program's icon, and never touches the data folder (%LOCALAPPDATA%\TDKT) on uninstall: the
; office's data outlives the program. (Saved as UTF-8 with a BOM, for Inno Setup before 6.3.)

#define AppName "TĐKT - Thi đua, khen thưởng"
#define AppExe AddBackslash(SourcePath) + "..\..\dist\tdkt\tdkt.exe"
#if !FileExists(AppExe)
  #error Chưa có dist\tdkt\tdkt.exe: chạy "py dev.py build" trước.
#endif
; The version the build wrote into tdkt.exe (from app/__init__.py).
#define AppVersion GetStringFileInfo(AppExe, "ProductVersion")
#if AppVersion == ""
  #error tdkt.exe không có thông tin phiên bản.
#endif

[Setup]
AppId={{5B8E4C2A-7D3F-4E61-9A0B-2C7F1D9E4A15}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=TĐKT
DefaultDirName={localappdata}\Programs\TDKT
DefaultGroupName=TĐKT
PrivilegesRequired=lowest
OutputDir=..\..\dist
OutputBaseFilename=TDKT-Setup-{#AppVersion}
SetupIconFile=..\..\resources\icons\tdkt.ico
UninstallDisplayIcon={app}\tdkt.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
; Vietnamese.isl is one of Inno Setup's unofficial translations: put it in the compiler's
; Languages folder to get a Vietnamese wizard; without it the wizard is in English.
#if FileExists(AddBackslash(CompilerPath) + "Languages\Vietnamese.isl")
Name: "vi"; MessagesFile: "compiler:Languages\Vietnamese.isl"
#else
Name: "en"; MessagesFile: "compiler:Default.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "Tạo biểu tượng trên màn hình"; GroupDescription: "Biểu tượng:"

[InstallDelete]
; An upgrade replaces the program's own libraries whole: a file the old version had and the new
; one has not would otherwise linger and be loaded. Only the program folder, never the data.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\..\dist\tdkt\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\TĐKT"; Filename: "{app}\tdkt.exe"; IconFilename: "{app}\tdkt.exe"
Name: "{group}\Gỡ cài đặt TĐKT"; Filename: "{uninstallexe}"
Name: "{userdesktop}\TĐKT"; Filename: "{app}\tdkt.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\tdkt.exe"; Description: "Mở TĐKT"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] entry for the data folder, on purpose: uninstalling removes {app} only.
