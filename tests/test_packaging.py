"""The installable program's rules, checked without building it (the build and its smoke test are
`python3 dev.py build`): every Qt module the code imports is bundled, the trimming keeps what
Linux and Windows desktops need and drops the rest, every resource and migration travels, and
the Windows installer is per user and leaves the data folder alone."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def load_rules():
    spec = importlib.util.spec_from_file_location("bundle_rules", ROOT / "packaging" / "bundle_rules.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


rules = load_rules()


def qt_modules_imported() -> set[str]:
    found: set[str] = set()
    for folder in ("app", "ui", "db"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            found |= set(re.findall(r"PySide6\.(Qt\w+)", text))
            for names in re.findall(r"from PySide6 import \(?([\w,\s]+)\)?", text):
                found |= {n.strip() for n in names.split(",") if n.strip().startswith("Qt")}
    return found


def test_every_qt_module_the_program_imports_is_in_the_bundle():
    imported = qt_modules_imported()
    assert {"QtCore", "QtGui", "QtWidgets", "QtCharts"} <= imported  # the scan does see imports
    assert imported <= rules.QT_USED, f"add to QT_USED in packaging/bundle_rules.py: {imported - rules.QT_USED}"
    assert not {f"PySide6.{m}" for m in rules.QT_USED} & set(rules.QT_EXCLUDES)
    assert {"PySide6.QtWebEngineCore", "PySide6.Qt3DCore", "PySide6.QtQuick",
            "PySide6.QtMultimedia"} <= set(rules.QT_EXCLUDES)


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforms/libqwayland.so",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6\\plugins\\platforms\\qwindows.dll",
    "PySide6\\plugins\\platforms\\qoffscreen.dll",
    "PySide6\\plugins\\styles\\qmodernwindowsstyle.dll",
    "PySide6/Qt/plugins/imageformats/libqjpeg.so",
    "PySide6\\plugins\\imageformats\\qico.dll",
    "PySide6/Qt/plugins/imageformats/libqsvg.so",
    "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
    "PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so",
    "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
    "PySide6/Qt/lib/libQt6Charts.so.6",
    "libQt6OpenGL.so.6",
    "PySide6\\Qt6OpenGLWidgets.dll",
    "PySide6\\Qt6PrintSupport.dll",
    "PySide6/Qt/lib/libicudata.so.73",
    "resources/i18n/qt_vi.qm",
    "resources/fonts/LiberationSerif-Regular.ttf",
    "pypdfium2_raw/libpdfium.so",
])
def test_kept(dest):
    assert rules.kept(dest)


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
    "PySide6\\plugins\\platforminputcontexts\\qtvirtualkeyboardplugin.dll",
    "PySide6/Qt/lib/libQt6Quick.so.6",
    "libQt6Qml.so.6",
    "libQt6VirtualKeyboard.so.6",
    "PySide6\\Qt6Pdf.dll",
    "PySide6\\Qt6Network.dll",
    "PySide6/Qt/plugins/imageformats/libqpdf.so",
    "PySide6\\plugins\\imageformats\\qtiff.dll",
    "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/plugins/platforms/libqvnc.so",
    "PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-x11-integration.so",
    "PySide6/Qt/plugins/tls/libqopensslbackend.so",
    "PySide6\\plugins\\networkinformation\\qnetworklistmanager.dll",
    "PySide6/Qt/translations/qtbase_de.qm",
    "PySide6\\translations\\qt_fr.qm",
    "PySide6\\opengl32sw.dll",
])
def test_dropped(dest):
    assert not rules.kept(dest)


def test_every_resource_and_migration_travels_without_caches():
    resources = {dest + "/" + Path(src).name for src, dest in rules.no_caches(ROOT / "resources", "resources")}
    for needed in ("resources/i18n/qt_vi.qm", "resources/icons/tdkt.png", "resources/icons/tdkt.ico",
                   "resources/fonts/LiberationSerif-Bold.ttf", "resources/catalog/awards.json",
                   "resources/demo/units.json"):
        assert needed in resources
    on_disk = {str(p.relative_to(ROOT)).replace("\\", "/") for p in (ROOT / "resources").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert on_disk <= resources
    migrations = rules.no_caches(ROOT / "db" / "migrations", "db/migrations")
    carried = {Path(dest, Path(src).name).as_posix() for src, dest in migrations}
    versions = {f"db/migrations/versions/{p.name}" for p in (ROOT / "db" / "migrations" / "versions").glob("*.py")}
    assert versions and versions <= carried  # alembic reads them as files
    assert {"db/migrations/env.py", "db/migrations/script.py.mako"} <= carried
    assert not any("__pycache__" in src or src.endswith(".pyc") for src, _ in migrations)


def installer_lines() -> list[str]:
    raw = (ROOT / "packaging" / "windows" / "tdkt.iss").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Vietnamese names on any Inno Setup 6
    return [line.strip() for line in raw.decode("utf-8-sig").splitlines()
            if line.strip() and not line.strip().startswith(";")]


def test_the_installer_is_per_user_with_shortcuts_and_never_touches_the_data_folder():
    lines = installer_lines()
    assert "PrivilegesRequired=lowest" in lines
    assert r"DefaultDirName={localappdata}\Programs\TDKT" in lines
    icons = [line for line in lines if line.startswith("Name:") and "tdkt.exe" in line]
    assert any("{group}" in line for line in icons) and any("{userdesktop}" in line for line in icons)
    assert r"SetupIconFile=..\..\resources\icons\tdkt.ico" in lines
    # The data folder (%LOCALAPPDATA%\TDKT, app/config.py) is named nowhere the installer acts.
    assert not any(re.search(r"\{localappdata\}\\TDKT\b", line, re.IGNORECASE) for line in lines)
    assert not any("{userappdata}" in line.lower() for line in lines)
    assert "[UninstallDelete]" not in lines
    deleted = [line for line in lines if line.startswith("Type:")]
    assert deleted and all(r'Name: "{app}\_internal"' in line for line in deleted)
