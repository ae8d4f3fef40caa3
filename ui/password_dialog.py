"""Asking for a server's password (Mật khẩu máy chủ dữ liệu), for db.server's password prompt.

Shown when the shared PostgreSQL server refuses the connection for want of a password. The
clerk may tick "Lưu trong kho mật khẩu của hệ điều hành" (Windows Credential Manager, macOS
Keychain ...); the password is never written to a file of the program's. Asked only on the
GUI thread (at start-up, or by the settings dialog's test run inline); on a worker thread
the prompt answers None and the connection fails with a plain message instead of a hang.
"""

from __future__ import annotations

import threading

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class PasswordDialog(QDialog):
    def __init__(self, shown: str, user: str, attempt: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Mật khẩu máy chủ dữ liệu")
        layout = QVBoxLayout(self)
        again = "<br><span style='color:#b00020'>Mật khẩu vừa nhập chưa đúng.</span>" if attempt > 1 else ""
        intro = QLabel(f"Máy chủ <b>{shown}</b> cần mật khẩu của tài khoản <b>{user}</b>.{again}", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Mật khẩu")
        layout.addWidget(self.password)
        self.remember = QCheckBox("Lưu trong kho mật khẩu của hệ điều hành (không phải gõ lại)", self)
        layout.addWidget(self.remember)
        buttons = QDialogButtonBox(self)
        buttons.addButton("Kết nối", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(440, self.sizeHint().height())

    def answer(self) -> tuple[str, bool] | None:
        if not self.exec() or not self.password.text():
            return None
        return self.password.text(), self.remember.isChecked()


def prompt(shown: str, user: str, attempt: int) -> tuple[str, bool] | None:
    """db.server's password prompt for the GUI."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return PasswordDialog(shown, user, attempt).answer()
