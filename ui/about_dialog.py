"""Dialog "Giới thiệu": what the program is, its version, where its data is."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app import __version__


class AboutDialog(QDialog):
    def __init__(self, data_file: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Giới thiệu TĐKT")
        text = (
            f"<h2>TĐKT</h2><p>Phiên bản {__version__}</p>"
            "<p>Phần mềm quản lý công tác thi đua, khen thưởng: phong trào thi đua, khối thi đua, "
            "đăng ký và báo cáo của đơn vị, hồ sơ đề nghị khen thưởng, thẩm định, quyết định "
            "và sổ khen thưởng.</p>"
            "<p>Căn cứ: Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 98/2023/NĐ-CP "
            "(đến 30/6/2025) và Nghị định 152/2025/NĐ-CP (từ 1/7/2025).</p>"
            f"<p>Tệp dữ liệu: {data_file}</p>")
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(self)
        buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self.version_text = __version__
