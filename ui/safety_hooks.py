"""Hooks the data-safety screens into the main window (`install(window)`):
Dữ liệu → Sao lưu…, Khôi phục…, Nhật ký thay đổi; Công cụ → Người dùng…; a "Lịch sử thay đổi"
button over the dossiers and ledger tables; the signed-in user in the status bar.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

from app.session_user import current_actor
from app.users import ROLES, sign_out, users_enabled


@dataclass
class SafetyActions:
    backup: QAction
    restore: QAction
    log: QAction
    users: QAction
    user_label: QLabel
    sign_out: QAction | None = None


def _reloaded(window) -> None:
    window.reload_all()


def open_backups(window, *, restore: bool = False):
    from ui.backup_dialog import BackupDialog

    dialog = BackupDialog(window.db, window.ops, window, on_restored=lambda: _reloaded(window))
    if restore and dialog.table.rowCount():
        dialog.table.selectRow(0)
        dialog.status.setText("Chọn bản sao lưu cần khôi phục rồi bấm «Khôi phục bản đã chọn…».")
    dialog.open()
    return dialog


def open_log(window, entity: str | None = None, entity_id: int | None = None, title: str = ""):
    from ui.history_dialog import HistoryDialog

    dialog = HistoryDialog(window.db, window, entity=entity, entity_id=entity_id, title=title)
    dialog.open()
    return dialog


def open_users(window):
    from ui.users_dialog import UsersDialog

    dialog = UsersDialog(window.db, window)
    dialog.finished.connect(lambda _r: refresh_user_label(window))
    dialog.open()
    return dialog


def switch_user(window):
    """Tệp → Đăng xuất: the next clerk signs in on the same window (a shared PC); closing the
    sign-in box closes the program, so nobody works on as the one who left."""
    from ui.login_dialog import LoginDialog

    sign_out()
    refresh_user_label(window)
    dialog = LoginDialog(window.db, window, place=str(window.db.path or window.db.url))
    dialog.setWindowTitle("Đăng nhập lại")

    def done(result: int) -> None:
        if result:
            refresh_user_label(window)
            window.reload_all()
        else:
            window.close()

    dialog.finished.connect(done)
    dialog.open()
    return dialog


def refresh_user_label(window) -> None:
    label = window.safety.user_label
    with window.db.session() as session:
        on = users_enabled(session)
    actor = current_actor()
    label.setVisible(on)
    if window.safety.sign_out is not None:
        window.safety.sign_out.setVisible(on)
    label.setText(f"Người dùng: {actor.display_name or actor.username} ({ROLES.get(actor.role, actor.role)})"
                  if on and actor.signed_in else "Chưa đăng nhập")


def _history_button(window, tab, entity: str, label) -> None:
    def show() -> None:
        row = tab.panel.current_row()
        if row is None:
            window.statusBar().showMessage("Hãy chọn một dòng để xem lịch sử thay đổi.", 5000)
            return
        open_log(window, entity, row.id, label(row))

    tab.panel.add_action("Lịch sử thay đổi", show, tooltip="Ai đã thay đổi bản ghi này, khi nào, trước và sau")


def install(window) -> SafetyActions:
    backup = window.add_menu_action("Dữ liệu", "Sao lưu…", lambda: open_backups(window),
                                    status_tip="Sao lưu ngay, ra thư mục hoặc ổ USB; xem các bản sao lưu")
    restore = window.add_menu_action("Dữ liệu", "Khôi phục…", lambda: open_backups(window, restore=True),
                                     status_tip="Khôi phục dữ liệu từ một bản sao lưu")
    log = window.add_menu_action("Dữ liệu", "Nhật ký thay đổi", lambda: open_log(window),
                                 status_tip="Ai đã thay đổi gì, khi nào")
    users = window.add_menu_action("Công cụ", "Người dùng…", lambda: open_users(window),
                                   status_tip="Tài khoản, vai trò và mật khẩu")
    leave = window.add_menu_action("Tệp", "Đăng xuất…", lambda: switch_user(window),
                                   status_tip="Đăng xuất để người khác đăng nhập trên máy này")
    user_label = QLabel("", window)
    window.statusBar().addPermanentWidget(user_label)
    window.safety = SafetyActions(backup, restore, log, users, user_label, leave)
    if hasattr(window, "dossiers_tab"):
        _history_button(window, window.dossiers_tab, "dossiers", lambda r: getattr(r, "number", ""))
    if hasattr(window, "awards_tab"):
        _history_button(window, window.awards_tab, "awards", lambda r: getattr(r, "recipient", ""))
    refresh_user_label(window)
    return window.safety
