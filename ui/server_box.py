"""The settings dialog's "Máy chủ dữ liệu" part: work on the data file of this PC, or on the
office's shared PostgreSQL server; test the connection before choosing it.

The choice is kept for this PC by app.server (the URL only; the password is asked when the
program opens the server, and kept in the operating system's keyring if the clerk wants) and
takes effect at the next start. The test runs on the worker thread, the window stays alive.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from app.errors import ValidationError
from app.server import (
    ConnectionCheck,
    check_connection,
    check_url,
    configured_server,
    set_configured_server,
)
from db import server as db_server

PLACEHOLDER = "postgresql://tên-đăng-nhập@máy-chủ/tdkt"


class ServerBox(QGroupBox):
    """File or server, the server's address, and a connection test."""

    def __init__(self, parent: QWidget | None = None, *, ops=None):
        super().__init__("Máy chủ dữ liệu", parent)
        self.ops = ops
        self.initial = configured_server()
        form = QFormLayout(self)
        self.use_file = QRadioButton("Tệp dữ liệu trên máy này", self)
        self.use_file.setToolTip("Một máy làm việc; không cần cài đặt gì.")
        self.use_server = QRadioButton("Máy chủ PostgreSQL dùng chung (nhiều máy)", self)
        self.use_server.setToolTip("Hai đến năm người cùng làm việc trên một bộ dữ liệu.")
        group = QButtonGroup(self)
        group.addButton(self.use_file)
        group.addButton(self.use_server)
        choice = QHBoxLayout()
        choice.addWidget(self.use_file)
        choice.addWidget(self.use_server)
        choice.addStretch(1)
        form.addRow("Làm việc trên:", choice)
        self.url = QLineEdit(self)
        self.url.setPlaceholderText(PLACEHOLDER)
        self.url.setAccessibleName("Địa chỉ máy chủ")
        self.url.setToolTip("Không ghi mật khẩu vào địa chỉ: chương trình hỏi khi mở máy chủ và có thể "
                            "lưu trong kho mật khẩu của hệ điều hành. Thay đổi có hiệu lực khi mở lại "
                            "chương trình.")
        self.url.setMinimumWidth(360)
        self.test_button = QPushButton("Kiểm tra kết nối", self)
        self.test_button.clicked.connect(self.test)
        row = QHBoxLayout()
        row.addWidget(self.url, 1)
        row.addWidget(self.test_button)
        form.addRow("Địa chỉ máy chủ:", row)
        self.result = QLabel("Mật khẩu được hỏi khi mở máy chủ, không ghi vào tệp nào. "
                             "Có hiệu lực khi mở lại chương trình.", self)
        self.result.setWordWrap(True)
        self.result.setStyleSheet("color: #555;")
        form.addRow("", self.result)
        self.use_server.toggled.connect(self._enable)
        (self.use_server if self.initial else self.use_file).setChecked(True)
        self.url.setText(self.initial or "")
        self._enable(bool(self.initial))

    def _enable(self, on: bool) -> None:
        self.url.setEnabled(on)
        self.test_button.setEnabled(on)

    def _show(self, check: ConnectionCheck) -> None:
        self.result.setStyleSheet("color: #1b6e35;" if check.ok else "color: #b00020; font-weight: bold;")
        self.result.setText(check.message)
        self.test_button.setEnabled(self.use_server.isChecked())

    def test(self) -> None:
        """Connect once (asking the password if the server wants one) and say what was found."""
        text = self.url.text().strip()
        self.result.setStyleSheet("color: #555;")
        self.result.setText("Đang kết nối…")
        if self.ops is None:
            self._show(check_connection(text))
            return
        self.test_button.setEnabled(False)
        self.ops.run(lambda: check_connection(text), on_done=self._show,
                     on_error=lambda exc: self._show(ConnectionCheck(False, str(exc))))

    def chosen(self) -> str | None:
        """The server URL chosen (None: the data file); ValidationError when it is unusable."""
        if not self.use_server.isChecked():
            return None
        text = self.url.text().strip()
        if not text:
            raise ValidationError("Chưa nhập địa chỉ máy chủ (ví dụ " + PLACEHOLDER + ").", field="db")
        return db_server.display(check_url(text))

    def apply(self) -> bool:
        """Keep the choice for this PC; True when it changed (the program should be reopened)."""
        chosen = self.chosen()
        if chosen == self.initial:
            return False
        set_configured_server(chosen)
        self.initial = chosen
        return True
