"""The data-safety screens in the main window and the start-up flow the clerk sees."""

from __future__ import annotations

import json
import socket

from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app import backup, lock, users
from app.session_user import set_actor
from db.models import Dossier


def _menu_texts(window, title):
    return [a.text() for a in window.menus[title].actions()]


def test_menus_hold_backup_restore_log_and_users(window):
    assert {"Sao lưu…", "Khôi phục…", "Nhật ký thay đổi"} <= set(_menu_texts(window, "Dữ liệu"))
    assert "Người dùng…" in _menu_texts(window, "Công cụ")
    assert not window.safety.user_label.isVisible()  # accounts are off


def test_backup_menu_opens_the_dialog_and_restore_reloads_the_window(window, qtbot):
    backup.backup_now(window.db, "manual")
    window.safety.restore.trigger()
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if w.isVisible() and w.windowTitle() == "Sao lưu và khôi phục dữ liệu")
    assert dialog.table.rowCount() == 1 and dialog.selected() is not None
    reloads = []
    window.changed.connect(reloads.append)
    dialog.confirm = lambda text: True
    dialog.inform = lambda text: None
    dialog.restore_selected()
    assert reloads and "dossiers" in reloads[-1]
    dialog.close()


def test_history_button_on_the_dossiers_tab(window, qtbot):
    tab = window.dossiers_tab
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.panel.proxy.rowCount() > 0)
    tab.panel.table.selectRow(0)
    tab.panel.table.setCurrentIndex(tab.panel.proxy.index(0, 0))
    action = next(a for a in tab.panel.findChildren(type(window.safety.log)) if a.text() == "Lịch sử thay đổi")
    action.trigger()
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if w.isVisible() and w.windowTitle().startswith("Lịch sử thay đổi"))
    row = tab.panel.current_row()
    with window.db.session() as s:
        assert s.scalar(select(Dossier.number).where(Dossier.id == row.id)) in dialog.windowTitle()
    assert dialog.table.rowCount() >= 1
    dialog.close()


def test_users_on_shows_who_is_signed_in(window):
    from ui.safety_hooks import refresh_user_label

    with window.db.session() as s:
        users.enable_users(s, "truong.phong", "Hoàng Văn Đức", "matkhau-truong")
    users.sign_in(window.db, "truong.phong", "matkhau-truong")
    try:
        refresh_user_label(window)
        assert window.safety.user_label.text() == "Người dùng: Hoàng Văn Đức (Lãnh đạo phòng)"
    finally:
        set_actor(None)


def test_daily_backup_after_the_window_shows(window):
    from ui.startup_flow import start_daily_backup

    start_daily_backup(window)
    assert len(list((window.db.path.parent / "backups").glob("*-daily.zip"))) == 1
    assert "Đã sao lưu dữ liệu hằng ngày" in window.statusBar().currentMessage()
    start_daily_backup(window)  # once a day only
    assert len(list((window.db.path.parent / "backups").glob("*-daily.zip"))) == 1


def test_file_in_use_on_this_pc_is_told_and_stops(qtbot, db, tmp_path):
    from ui.startup_flow import open_checked

    db.dispose()
    lock.lock_path(db.path).write_text(json.dumps(
        {"host": socket.gethostname(), "user": "lan", "pid": 1, "since": "2025-11-03T08:00"}))
    told = []
    assert open_checked(db.path, tell=told.append) is None  # pid 1 is alive: really in use
    assert "đang được mở trên chính máy này" in told[0]


def test_file_in_use_on_another_pc_can_be_taken_over_knowingly(qtbot, db):
    from ui.startup_flow import open_checked

    db.dispose()
    lock.lock_path(db.path).write_text(json.dumps(
        {"host": "MAY-VAN-THU", "user": "lan", "pid": 77, "since": "2025-11-03T08:00"}))
    asked = []
    assert open_checked(db.path, ask_fn=lambda t: asked.append(t) or False) is None
    assert "MAY-VAN-THU" in asked[0] and lock.read_owner(db.path).host == "MAY-VAN-THU"
    place = open_checked(db.path, ask_fn=lambda t: True)
    try:
        assert lock.read_owner(db.path).host == socket.gethostname()
    finally:
        place.close()


def test_sign_in_is_asked_when_accounts_are_on_and_refusal_stops(qtbot, db):
    from ui.startup_flow import open_checked

    with db.session() as s:
        users.enable_users(s, "truong.phong", "Trưởng phòng", "matkhau-truong")
    db.dispose()
    seen = []
    assert open_checked(db.path, sign_in=lambda place, path: seen.append(path) or False) is None
    assert seen == [db.path] and lock.read_owner(db.path) is None


def _login_box():
    return next(w for w in QApplication.topLevelWidgets() if w.isVisible() and w.windowTitle() == "Đăng nhập lại")


def test_sign_out_lets_the_next_clerk_sign_in_and_a_closed_box_closes_the_program(window, qtbot):
    from ui.safety_hooks import refresh_user_label

    assert not window.safety.sign_out.isVisible()  # accounts off: nobody to sign out
    with window.db.session() as s:
        users.enable_users(s, "truong.phong", "Hoàng Văn Đức", "matkhau-truong")
    users.sign_in(window.db, "truong.phong", "matkhau-truong")
    try:
        with window.db.session() as s:
            users.create_user(s, "chuyen.vien", "Lò Thị Mai", "clerk", "matkhau-chuyenvien")
        refresh_user_label(window)
        assert window.safety.sign_out.isVisible() and window.safety.sign_out in window.menus["Tệp"].actions()
        window.show()
        window.safety.sign_out.trigger()
        box = _login_box()
        assert window.safety.user_label.text() == "Chưa đăng nhập"
        box.username.setText("chuyen.vien")
        box.password.setText("sai-mat-khau")
        box.accept()
        assert box.isVisible() and box.message.text()  # a wrong password keeps the box, says why
        box.password.setText("matkhau-chuyenvien")
        box.accept()
        assert window.safety.user_label.text() == "Người dùng: Lò Thị Mai (Chuyên viên)"
        assert window.isVisible()
        window.safety.sign_out.trigger()
        _login_box().reject()
        qtbot.waitUntil(lambda: not window.isVisible())
    finally:
        set_actor(None)
