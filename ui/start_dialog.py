"""The first start on an empty data file: start empty (then the office profile) or load the
demo office of Tam Đường."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

EMPTY, DEMO = "empty", "demo"


class StartDialog(QDialog):
    """Asks how to begin; `choice` is EMPTY, DEMO, or None when the clerk closes it."""

    def __init__(self, data_file: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("TĐKT — Bắt đầu")
        self.choice: str | None = None
        intro = QLabel(
            "<h3>Chào mừng đến với TĐKT</h3>"
            f"<p>Tệp dữ liệu <b>{data_file}</b> chưa có thông tin cơ quan.</p>"
            "<p>Bạn muốn bắt đầu thế nào?</p>", self)
        intro.setWordWrap(True)
        self.empty_button = QPushButton("Bắt đầu với dữ liệu trống", self)
        self.empty_button.setToolTip("Nhập thông tin cơ quan, rồi nhập đơn vị, phong trào… của mình")
        self.demo_button = QPushButton("Nạp dữ liệu mẫu (huyện Tam Đường)", self)
        self.demo_button.setToolTip("Dữ liệu minh họa của huyện Tam Đường, tỉnh Lai Châu, năm 2025")
        quit_button = QPushButton("Thoát", self)
        for button in (self.empty_button, self.demo_button):
            button.setMinimumHeight(40)
        self.empty_button.clicked.connect(lambda: self._choose(EMPTY))
        self.demo_button.clicked.connect(lambda: self._choose(DEMO))
        quit_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.empty_button)
        layout.addWidget(self.demo_button)
        layout.addSpacing(8)
        layout.addWidget(quit_button)
        self.setMinimumWidth(460)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()
