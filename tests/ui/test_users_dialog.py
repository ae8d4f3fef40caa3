"""Accounts in the GUI: turning them on, adding a clerk, the login dialog's refusals."""

from __future__ import annotations

import pytest

from app import users
from app.session_user import current_actor, set_actor


@pytest.fixture(autouse=True)
def _signed_out():
    set_actor(None)
    yield
    set_actor(None)


def _fill(form, **values):
    for key, value in values.items():
        form.fields[key].setText(value)


def test_turn_accounts_on_then_add_a_clerk(qtbot, db, tmp_path):
    from ui.users_dialog import UsersDialog

    dialog = UsersDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "đang TẮT" in dialog.state.text() and dialog.buttons["enable"].isVisible()
    assert not dialog.buttons["add"].isVisible()

    def first(form):
        _fill(form, username="truong.phong", display_name="Hoàng Văn Đức",
              password="matkhau-truong", confirm="matkhau-sai")
        form.accept()
        assert "không giống nhau" in form.message.text()
        _fill(form, confirm="matkhau-truong")
        form.accept()
        return form.result() == form.DialogCode.Accepted

    dialog.open_form = first
    dialog.enable()
    assert "đang BẬT" in dialog.state.text() and current_actor().username == "truong.phong"
    assert dialog.table.item(0, 2).text() == "Lãnh đạo phòng"

    def clerk(form):
        _fill(form, username="Hà Nguyễn", display_name="Nguyễn Thu Hà", password="matkhau-ha1",
              confirm="matkhau-ha1")
        form.accept()
        assert "Tên đăng nhập gồm" in form.message.text()
        _fill(form, username="ha.nguyen")
        form.role.setCurrentIndex(form.role.findData("clerk"))
        form.accept()
        return True

    dialog.open_form = clerk
    dialog.add()
    assert {dialog.table.item(r, 0).text() for r in range(2)} == {"truong.phong", "ha.nguyen"}
    dialog.grab().save(str(tmp_path / "users_dialog.png"))  # to look at

    # The last head cannot demote themself: the refusal is shown as it is.
    errors = []
    dialog.show_error = errors.append
    dialog.table.selectRow([dialog.table.item(r, 0).text() for r in range(2)].index("truong.phong"))
    dialog.ask_role = lambda current: "viewer"
    dialog.change_role()
    assert "ít nhất một tài khoản Lãnh đạo" in errors[-1]


def test_login_dialog_says_why_and_signs_in(qtbot, db, tmp_path):
    from ui.login_dialog import LoginDialog

    with db.session() as s:
        users.enable_users(s, "truong.phong", "Trưởng phòng", "matkhau-truong")
    dialog = LoginDialog(db, place=str(db.path))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    assert dialog.message.text() == "Chưa nhập tên đăng nhập."
    dialog.username.setText("truong.phong")
    dialog.password.setText("sai-mat-khau")
    dialog.accept()
    assert "Sai tên đăng nhập hoặc mật khẩu" in dialog.message.text() and dialog.password.text() == ""
    assert dialog.result() != dialog.DialogCode.Accepted
    dialog.grab().save(str(tmp_path / "login_dialog.png"))  # to look at
    dialog.password.setText("matkhau-truong")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.actor.role == "head"
    assert current_actor().username == "truong.phong"
