"""What the bundle leaves out, as data and one predicate, so tests can check it (the spec,
packaging/tdkt.spec, imports this; tests/test_packaging.py tests it with Linux and Windows names).

What is kept out, and why it is safe:
- Qt's Python modules other than QtCore/QtGui/QtWidgets/QtCharts/QtPrintSupport (the program
  imports no other; QtCharts still needs the OpenGL *libraries*, which stay).
- Qt plugins the program cannot use: the virtual keyboard (it drags in Qt Quick and QML), the
  PDF image format (Qt Pdf; previews use PDFium), embedded-Linux platforms (eglfs, linuxfb,
  vnc, ...), touch/evdev input, network information and TLS (Qt does no networking here).
  Kept: the platforms a desktop needs (xcb and wayland on Linux, windows on Windows, offscreen
  for the smoke test), the input methods (ibus: Vietnamese typing on Linux), themes, styles,
  printing, and the image formats png (built in), jpeg, ico, svg, gif.
- Qt's own translations: none has Vietnamese; resources/i18n/qt_vi.qm is ours.
- lxml (openpyxl works without it, as in a plain install), pygments (only mako's optional
  highlighter), Pillow's AVIF/WebP/colour-profile modules, test tools.
"""

from __future__ import annotations

import re
from pathlib import Path

QT_USED = {"QtCore", "QtGui", "QtWidgets", "QtCharts", "QtPrintSupport"}
QT_ALL = [
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtAxContainer", "QtBluetooth", "QtCanvasPainter", "QtConcurrent", "QtDataVisualization",
    "QtDBus", "QtDesigner", "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer",
    "QtLocation", "QtMultimedia", "QtMultimediaWidgets", "QtNetwork", "QtNetworkAuth", "QtNfc",
    "QtOpenGL", "QtOpenGLWidgets", "QtPdf", "QtPdfWidgets", "QtPositioning", "QtQml", "QtQuick",
    "QtQuick3D", "QtQuickControls2", "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects",
    "QtScxml", "QtSensors", "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql",
    "QtStateMachine", "QtSvg", "QtSvgWidgets", "QtTest", "QtTextToSpeech", "QtUiTools",
    "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets",
    "QtWebSockets", "QtWebView", "QtXml",
]
QT_EXCLUDES = [f"PySide6.{name}" for name in QT_ALL if name not in QT_USED]
OTHER_EXCLUDES = ["tkinter", "_tkinter", "pytest", "_pytest", "hypothesis", "pytestqt", "pypdf",
                  "docx", "xlwt", "IPython", "numpy", "matplotlib", "lxml", "pygments",
                  "mako.ext.pygmentplugin", "setuptools", "pkg_resources",
                  # Pillow reads the emblem image (PNG/JPEG) for reportlab; not AVIF, WebP,
                  # colour profiles or Tk (11 MB of libraries between them).
                  "PIL._avif", "PIL.AvifImagePlugin", "PIL._webp", "PIL.WebPImagePlugin",
                  "PIL._imagingcms", "PIL.ImageCms", "PIL._imagingtk", "PIL.ImageTk"]

# Qt libraries only the dropped plugins need (libQt6Quick.so.6 on Linux, Qt6Quick.dll on Windows).
QT_LIBS_DROPPED = {"Qt6Quick", "Qt6Qml", "Qt6QmlMeta", "Qt6QmlModels", "Qt6QmlWorkerScript",
                   "Qt6VirtualKeyboard", "Qt6VirtualKeyboardQml", "Qt6Pdf", "Qt6Network",
                   "Qt6EglFSDeviceIntegration", "Qt6EglFsKmsSupport"}
# Plugin folder -> the plugins kept in it (by name without lib/q prefix, -suffix and extension);
# folders not listed are kept whole, folders mapped to an empty set are dropped.
QT_PLUGINS_KEPT = {
    "platforms": {"xcb", "wayland", "offscreen", "windows", "direct2d"},
    "imageformats": {"jpeg", "ico", "svg", "gif"},
    "platforminputcontexts": {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"},
    "egldeviceintegrations": set(), "generic": set(), "networkinformation": set(), "tls": set(),
    "qmltooling": set(), "sqldrivers": set(), "multimedia": set(), "position": set(),
}
# Windows only: Mesa's software OpenGL (20 MB) serves Qt Quick and OpenGL widgets, neither used.
OTHER_BINARIES_DROPPED = {"opengl32sw.dll"}

PLUGIN = re.compile(r"(?:^|[/\\])plugins[/\\]([^/\\]+)[/\\](?:lib)?q?([^/\\.]+)[^/\\]*$")
QT_LIB = re.compile(r"(?:^|[/\\])(?:lib)?(Qt6[A-Za-z]+)\.(?:so|dll)")
TRANSLATION = re.compile(r"(?:^|[/\\])PySide6[/\\](?:Qt[/\\])?translations[/\\]")


def kept(dest: str) -> bool:
    """False for a bundled file the program never uses (see the list at the top)."""
    if TRANSLATION.search(dest):
        return False
    name = dest.replace("\\", "/").rsplit("/", 1)[-1]
    if name.lower() in OTHER_BINARIES_DROPPED:
        return False
    plugin = PLUGIN.search(dest)
    if plugin:
        folder, stem = plugin.groups()
        allowed = QT_PLUGINS_KEPT.get(folder)
        return allowed is None or stem.split("-")[0] in allowed
    lib = QT_LIB.search(dest)
    return not (lib and lib.group(1) in QT_LIBS_DROPPED)


def no_caches(folder: Path, target: str) -> list[tuple[str, str]]:
    """A folder as data, without compiled caches (alembic reads the migrations' .py files)."""
    return [(str(f), str(Path(target) / f.relative_to(folder).parent))
            for f in folder.rglob("*") if f.is_file() and "__pycache__" not in f.parts]
