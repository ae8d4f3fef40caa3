"""Vietnamese for the texts Qt itself draws (context menus, standard buttons, file dialogs).

Qt ships no Vietnamese translation, so a text field's right-click menu would say "Copy" and
"Paste". The table below is compiled into `resources/i18n/qt_vi.qm`, which `install` loads
with a plain QTranslator. (A Python QTranslator subclass cannot be used: PySide6 loses a
reference to None at every lookup, and the program crashes once the count runs out.)

After editing TEXTS, rebuild the .qm file: `python -m ui.qt_vi` (uses PySide6's lrelease).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

from PySide6.QtCore import QLocale, QTranslator

from app.resources import resource_path

_EDIT_MENU = {"&Undo": "&Hoàn tác", "&Redo": "&Làm lại", "Cu&t": "&Cắt", "&Copy": "&Sao chép",
              "&Paste": "&Dán", "Delete": "Xóa", "Select All": "Chọn tất cả"}
_BUTTONS = {
    "OK": "Đồng ý", "Save": "Lưu", "Save All": "Lưu tất cả", "Open": "Mở", "&Yes": "&Có",
    "Yes to &All": "Có với &tất cả", "&No": "&Không", "N&o to All": "K&hông với tất cả",
    "Abort": "Hủy bỏ", "Retry": "Thử lại", "Ignore": "Bỏ qua", "Close": "Đóng", "Cancel": "Hủy",
    "Discard": "Bỏ qua", "Help": "Trợ giúp", "Apply": "Áp dụng", "Reset": "Đặt lại",
    "Restore Defaults": "Khôi phục mặc định",
}

# {Qt's context: {Qt's text: Vietnamese}}; contexts as Qt 6 looks them up.
TEXTS: dict[str, dict[str, str]] = {
    "QLineEdit": _EDIT_MENU,
    "QWidgetTextControl": {**_EDIT_MENU, "Copy &Link Location": "Sao chép địa chỉ liên kết"},
    "QAbstractSpinBox": {"&Step up": "&Tăng", "Step &down": "&Giảm"},
    "QPlatformTheme": _BUTTONS,
    "QGnomeTheme": {"&OK": "&Đồng ý", "&Save": "&Lưu", "&Cancel": "&Hủy", "&Close": "Đó&ng",
                    "Close without Saving": "Đóng không lưu"},
    "QMessageBox": {"Show Details...": "Xem chi tiết…", "Hide Details...": "Ẩn chi tiết…",
                    "OK": "Đồng ý"},
    "QProgressDialog": {"Cancel": "Hủy"},
    "QFileDialog": {
        "&Look in:": "&Tìm trong:", "File &name:": "&Tên tệp:", "Files of &type:": "&Loại tệp:",
        "Back": "Quay lại", "Forward": "Tiến tới", "Parent Directory": "Thư mục cha",
        "Create New Folder": "Tạo thư mục mới", "Create a New Folder": "Tạo thư mục mới",
        "List View": "Dạng danh sách", "Detail View": "Dạng chi tiết",
        "Change to list view mode": "Xem dạng danh sách",
        "Change to detail view mode": "Xem dạng chi tiết", "Go back": "Quay lại",
        "Go forward": "Tiến tới", "Go to the parent directory": "Lên thư mục cha",
        "List of places and bookmarks": "Các nơi thường dùng", "Sidebar": "Thanh bên",
        "&New Folder": "Thư mục &mới", "&Delete": "&Xóa", "&Rename": "Đổi &tên",
        "Show &hidden files": "Hiện tệp &ẩn", "All Files (*)": "Mọi tệp (*)", "Files": "Tệp",
        "Open": "Mở", "&Open": "&Mở", "Save As": "Lưu thành", "&Save": "&Lưu",
        "&Choose": "&Chọn", "Directory:": "Thư mục:", "Directories": "Thư mục",
        "Recent Places": "Nơi mở gần đây", "New Folder": "Thư mục mới",
    },
    "QFileSystemModel": {"Name": "Tên", "Size": "Kích thước", "Type": "Loại",
                         "Date Modified": "Ngày sửa", "Computer": "Máy tính"},
    "QAbstractFileIconProvider": {"Drive": "Ổ đĩa", "Folder": "Thư mục", "File": "Tệp"},
}

QM = ("i18n", "qt_vi.qm")


def ts_text() -> str:
    """The table as a Qt Linguist .ts file."""
    out = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>",
           '<TS version="2.1" language="vi_VN">']
    for context, texts in TEXTS.items():
        out.append(f"<context><name>{escape(context)}</name>")
        for source, target in texts.items():
            out.append(f"<message><source>{escape(source)}</source>"
                       f"<translation>{escape(target)}</translation></message>")
        out.append("</context>")
    out.append("</TS>")
    return "\n".join(out) + "\n"


def build_qm(target: Path) -> Path:
    """Compile TEXTS into a .qm file with PySide6's lrelease."""
    import PySide6

    lrelease = Path(PySide6.__file__).parent / ("lrelease.exe" if sys.platform == "win32" else "lrelease")
    source = Path(target).with_suffix(".ts")
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(ts_text(), encoding="utf-8")
    subprocess.run([str(lrelease), "-silent", str(source), "-qm", str(target)], check=True)
    return target


def install(app) -> QTranslator | None:
    """Vietnamese texts and number/date formats for Qt's own widgets."""
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    translator = QTranslator(app)
    if not translator.load(str(resource_path(*QM))):
        return None
    app.installTranslator(translator)
    return translator


if __name__ == "__main__":
    print(build_qm(resource_path(*QM)))
