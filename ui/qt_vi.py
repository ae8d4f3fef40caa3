"""Vietnamese for the texts Qt itself draws (context menus, standard buttons, file dialogs).

Qt ships no Vietnamese translation, so a text field's right-click menu would say "Copy" and
"Paste". This translator answers Qt's own lookups from a small table; anything missing
falls back to Qt's text.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, QTranslator

TEXTS = {
    # Text fields' context menus (QLineEdit, QPlainTextEdit, QTextEdit).
    "&Undo": "&Hoàn tác", "&Redo": "&Làm lại", "Cu&t": "&Cắt", "&Copy": "&Sao chép",
    "&Paste": "&Dán", "Delete": "Xóa", "Select All": "Chọn tất cả",
    "Copy &Link Location": "Sao chép địa chỉ liên kết", "Insert Unicode control character": "Chèn ký tự điều khiển Unicode",
    # Spin boxes.
    "&Step up": "&Tăng", "Step &down": "&Giảm",
    # Standard buttons (QDialogButtonBox, QMessageBox).
    "OK": "Đồng ý", "&OK": "&Đồng ý", "Cancel": "Hủy", "&Cancel": "&Hủy", "Close": "Đóng",
    "&Close": "Đó&ng", "Save": "Lưu", "&Save": "&Lưu", "Open": "Mở", "&Open": "&Mở",
    "Apply": "Áp dụng", "Reset": "Đặt lại", "Help": "Trợ giúp", "Discard": "Bỏ qua",
    "Don't Save": "Không lưu", "Close without Saving": "Đóng không lưu", "Save All": "Lưu tất cả",
    "Restore Defaults": "Khôi phục mặc định", "Abort": "Hủy bỏ", "Retry": "Thử lại",
    "Ignore": "Bỏ qua", "&Yes": "&Có", "Yes": "Có", "&No": "&Không", "No": "Không",
    "Yes to &All": "Có với &tất cả", "N&o to All": "K&hông với tất cả",
    "Show Details...": "Xem chi tiết…", "Hide Details...": "Ẩn chi tiết…",
    # File dialogs (Qt's own dialog, used where the system has none).
    "Look in:": "Tìm trong:", "File &name:": "&Tên tệp:", "Files of type:": "Loại tệp:",
    "Back": "Quay lại", "Forward": "Tiến tới", "Parent Directory": "Thư mục cha",
    "Create New Folder": "Tạo thư mục mới", "List View": "Dạng danh sách",
    "Detail View": "Dạng chi tiết", "Name": "Tên", "Size": "Kích thước", "Type": "Loại",
    "Date Modified": "Ngày sửa", "New Folder": "Thư mục mới", "&New Folder": "Thư mục &mới",
    "&Delete": "&Xóa", "&Rename": "Đổi &tên", "Show &hidden files": "Hiện tệp &ẩn",
    "All Files (*)": "Mọi tệp (*)", "Directories": "Thư mục", "Directory:": "Thư mục:",
    "&Choose": "&Chọn", "Computer": "Máy tính", "Recent Places": "Nơi mở gần đây",
    "Folder": "Thư mục", "File": "Tệp", "Drive": "Ổ đĩa", "Unknown": "Không rõ",
    # Tool bars and dock widgets.
    "Customize...": "Tùy chỉnh…", "Float": "Tách rời",
}


class VietnameseQt(QTranslator):
    """Answers Qt's own translation lookups in Vietnamese."""

    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: D401 - Qt hook
        if context == "QShortcut":  # key names (Ctrl, Del ...) stay as Qt writes them
            return None
        return TEXTS.get(source_text)  # None: Qt keeps its own text

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


def install(app) -> VietnameseQt:
    """Vietnamese texts and number/date formats for Qt's own widgets."""
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    translator = VietnameseQt(app)
    app.installTranslator(translator)
    return translator
