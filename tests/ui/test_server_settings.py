"""Settings → "Máy chủ dữ liệu": this PC's data file or the office's shared server; the test
button says what it found; the address is kept without a password; a profile changed on
another PC meanwhile is not overwritten."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app import config
from app.office import get_profile, save_profile
from app.server import configured_server
from app.session_user import Actor, acting_as
from ui.settings_dialog import SettingsDialog


def open_dialog(qtbot, db):
    dialog = SettingsDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    return dialog


def test_the_data_file_is_the_default_and_a_server_address_is_kept_without_its_password(
        qtbot, office_db, tmp_path):
    dialog = open_dialog(qtbot, office_db)
    box = dialog.server_box
    assert box.title() == "Máy chủ dữ liệu" and box.use_file.isChecked() and not box.url.isEnabled()
    box.use_server.setChecked(True)
    box.url.setText("mysql://ha@may-chu/tdkt")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != SettingsDialog.DialogCode.Accepted
    assert "PostgreSQL" in dialog.error_label.text()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is box.url)
    box.url.setText("postgresql://ha.nguyen:bi-mat@127.0.0.1:9/tdkt")
    qtbot.mouseClick(box.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "không trả lời" in box.result.text(), timeout=15000)
    dialog.grab().save(str(tmp_path / "server-settings.png"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == SettingsDialog.DialogCode.Accepted and dialog.server_changed
    assert configured_server() == "postgresql://ha.nguyen@127.0.0.1:9/tdkt"
    assert "bi-mat" not in (config.data_dir() / "may-chu.json").read_text(encoding="utf-8")
    again = open_dialog(qtbot, office_db)
    assert again.server_box.use_server.isChecked() and again.server_box.url.text() == configured_server()
    again.server_box.use_file.setChecked(True)
    qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    assert configured_server() is None


@pytest.mark.pg_only
def test_the_test_button_reaches_a_real_server(qtbot, office_db, db):
    dialog = open_dialog(qtbot, office_db)
    dialog.server_box.use_server.setChecked(True)
    dialog.server_box.url.setText(db.engine.url.render_as_string(hide_password=False))
    qtbot.mouseClick(dialog.server_box.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Kết nối được PostgreSQL" in dialog.server_box.result.text(), timeout=15000)
    assert "đúng phiên bản" in dialog.server_box.result.text()


def test_a_profile_changed_on_another_pc_meanwhile_is_not_overwritten(qtbot, office_db):
    dialog = open_dialog(qtbot, office_db)
    with acting_as(Actor(username="binh.tran", role="head", signed_in=True)), office_db.session() as s:
        other = get_profile(s)
        other.signer_name = "Lò Văn Hùng"
        save_profile(s, other)
    dialog.fields["phone"].setText("0213 3875 123")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != SettingsDialog.DialogCode.Accepted
    assert "«binh.tran»" in dialog.error_label.text()
    assert dialog.fields["signer_name"].text() == "Lò Văn Hùng"  # reloaded: what is stored now
    with office_db.session() as s:
        assert get_profile(s).phone != "0213 3875 123"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # now it saves
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
