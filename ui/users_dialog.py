"""Dialog "Người dùng": turn accounts on (creating the head of office's account), list the
accounts, add one, change a role, lock or unlock, set a password, turn accounts off.

Only the head of office may manage accounts once they are on; app.users enforces it and
this dialog shows its Vietnamese refusals as they are.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import users
from app.database import Database
from app.errors import UserError, ValidationError

COLUMNS = ["Tên đăng nhập", "Họ và tên", "Vai trò", "Trạng thái"]


class UserForm(QDialog):
    """A new account (or, with `first=True`, the head of office who turns accounts on)."""

    def __init__(self, parent: QWidget | None = None, *, first: bool = False):
        super().__init__(parent)
        self.setWindowTitle("Tài khoản lãnh đạo phòng" if first else "Thêm người dùng")
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        if first:
            hint = QLabel("Tài khoản đầu tiên là Lãnh đạo phòng: người quản lý các tài khoản khác.", self)
            hint.setWordWrap(True)
            layout.addWidget(hint)
        form = QFormLayout()
        self.fields = {"username": QLineEdit(self), "display_name": QLineEdit(self),
                       "password": QLineEdit(self), "confirm": QLineEdit(self)}
        self.role = QComboBox(self)
        for code, label in users.ROLES.items():
            self.role.addItem(label, code)
        self.fields["username"].setPlaceholderText("chữ thường không dấu, ví dụ: ha.nguyen")
        for key in ("password", "confirm"):
            self.fields[key].setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("Tên đăng nhập:", self.fields["username"])
        form.addRow("Họ và tên:", self.fields["display_name"])
        if not first:
            form.addRow("Vai trò:", self.role)
        form.addRow("Mật khẩu:", self.fields["password"])
        form.addRow("Nhập lại mật khẩu:", self.fields["confirm"])
        layout.addLayout(form)
        self.message = QLabel("", self)
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(self)
        buttons.addButton("Lưu", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.save = None  # set by the caller: values -> None, raising ValidationError

    def value(self, key: str) -> str:
        return self.fields[key].text()

    def accept(self) -> None:
        if self.value("password") != self.value("confirm"):
            self.message.setText("Hai lần nhập mật khẩu không giống nhau.")
            self.fields["confirm"].setFocus()
            return
        try:
            self.save(self)
        except ValidationError as exc:
            self.message.setText(exc.message)
            if exc.field in self.fields:
                self.fields[exc.field].setFocus()
            return
        except UserError as exc:
            self.message.setText(exc.message)
            return
        super().accept()


class UsersDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Người dùng và phân quyền")
        self.resize(720, 420)
        self.accounts: list[users.UserInfo] = []
        layout = QVBoxLayout(self)
        self.state = QLabel("", self)
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.buttons = {}
        for key, text, slot in (("enable", "Bật chế độ nhiều người dùng…", self.enable),
                                ("add", "Thêm…", self.add), ("role", "Đổi vai trò…", self.change_role),
                                ("active", "Khóa / mở khóa", self.toggle_active),
                                ("password", "Đặt mật khẩu…", self.reset_password),
                                ("disable", "Tắt chế độ nhiều người dùng", self.disable)):
            button = QPushButton(text, self)
            button.clicked.connect(lambda _c=False, s=slot: s())
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        close = QPushButton("Đóng", self)
        close.clicked.connect(self.reject)
        row.addWidget(close)
        layout.addLayout(row)
        self.reload()

    # hooks tests replace
    def show_error(self, text: str) -> None:
        QMessageBox.warning(self, "Người dùng", text)

    def ask_text(self, title: str, label: str, password: bool = False) -> str | None:
        mode = QLineEdit.EchoMode.Password if password else QLineEdit.EchoMode.Normal
        text, ok = QInputDialog.getText(self, title, label, mode)
        return text if ok else None

    def ask_role(self, current: str) -> str | None:
        labels = list(users.ROLES.values())
        label, ok = QInputDialog.getItem(self, "Đổi vai trò", "Vai trò mới:", labels,
                                         list(users.ROLES).index(current), False)
        return next(code for code, text in users.ROLES.items() if text == label) if ok else None

    def open_form(self, form: UserForm) -> bool:
        return bool(form.exec())

    def reload(self) -> None:
        with self.db.session() as s:
            self.enabled = users.users_enabled(s)
            self.accounts = users.list_users(s)
            may_manage = users.can(s, "manage_users")
        self.state.setText(
            "Chế độ nhiều người dùng đang BẬT: mỗi người đăng nhập bằng tài khoản riêng; nhật ký "
            "thay đổi ghi tên người thực hiện." if self.enabled else
            "Chế độ nhiều người dùng đang TẮT (một người dùng, không cần đăng nhập). Bật khi phòng "
            "có nhiều người cùng dùng chương trình hoặc cần phân quyền.")
        self.table.setRowCount(len(self.accounts))
        for r, u in enumerate(self.accounts):
            for c, value in enumerate([u.username, u.display_name, u.role_label,
                                       "Đang dùng" if u.active else "Đã khóa"]):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.buttons["enable"].setVisible(not self.enabled)
        for key in ("add", "role", "active", "password", "disable"):
            self.buttons[key].setVisible(self.enabled)
            self.buttons[key].setEnabled(may_manage)

    def selected(self) -> users.UserInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.accounts[rows[0].row()] if rows else None

    def _run(self, fn) -> bool:
        try:
            with self.db.session() as s:
                fn(s)
        except UserError as exc:
            self.show_error(exc.message)
            return False
        finally:
            self.reload()
        return True

    def enable(self) -> None:
        form = UserForm(self, first=True)
        form.save = lambda f: self._save(lambda s: users.enable_users(
            s, f.value("username"), f.value("display_name"), f.value("password")))
        if self.open_form(form):
            users.sign_in(self.db, form.value("username"), form.value("password"))
        self.reload()

    def add(self) -> None:
        form = UserForm(self)
        form.save = lambda f: self._save(lambda s: users.create_user(
            s, f.value("username"), f.value("display_name"), f.role.currentData(), f.value("password")))
        self.open_form(form)
        self.reload()

    def _save(self, fn) -> None:
        with self.db.session() as s:
            fn(s)

    def change_role(self) -> None:
        user = self.selected()
        role = self.ask_role(user.role) if user else None
        if role:
            self._run(lambda s: users.update_user(s, user.id, role=role))

    def toggle_active(self) -> None:
        user = self.selected()
        if user:
            self._run(lambda s: users.update_user(s, user.id, active=not user.active))

    def reset_password(self) -> None:
        user = self.selected()
        new = self.ask_text("Đặt mật khẩu", f"Mật khẩu mới cho «{user.username}»:", True) if user else None
        if new is not None:
            self._run(lambda s: users.set_password(s, user.id, new))

    def disable(self) -> None:
        self._run(users.disable_users)
