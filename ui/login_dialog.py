"""Dialog "Đăng nhập", shown at start when the office has turned accounts on.

A wrong password shows why under the fields and empties the password; after repeated wrong
passwords app.users makes the account wait, and the message says how long.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.database import Database
from app.errors import UserError
from app.session_user import Actor
from app.users import sign_in


class LoginDialog(QDialog):
    def __init__(self, db: Database | None, parent: QWidget | None = None, *, place: str = "",
                 check: Callable[[str, str], Actor] | None = None):
        """`check(username, password)` replaces signing in to `db` (restoring over a damaged
        file checks a head of office read-only: app/restore_rights.py)."""
        super().__init__(parent)
        self.db = db
        self.check = check or (lambda username, password: sign_in(self.db, username, password))
        self.actor: Actor | None = None
        self.setWindowTitle("Đăng nhập TĐKT")
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        intro = QLabel(f"Dữ liệu: {place}" if place else "Hãy đăng nhập để làm việc.", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.username = QLineEdit(self)
        self.username.setPlaceholderText("ví dụ: ha.nguyen")
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("Tên đăng nhập:", self.username)
        form.addRow("Mật khẩu:", self.password)
        layout.addLayout(form)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(self)
        self.ok = buttons.addButton("Đăng nhập", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Thoát", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.username.setFocus()

    def accept(self) -> None:
        if not self.username.text().strip():
            self.message.setText("Chưa nhập tên đăng nhập.")
            self.username.setFocus()
            return
        try:
            self.actor = self.check(self.username.text(), self.password.text())
        except UserError as exc:
            self.message.setText(exc.message)
            self.password.clear()
            self.password.setFocus()
            return
        super().accept()
