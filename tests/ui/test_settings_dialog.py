"""The settings dialog: saves the office profile and the working year, refuses a bad field
with the cursor on it, opens the data folder."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QPushButton

from app.office import get_profile, working_year
from ui.settings_dialog import SettingsDialog


def open_dialog(qtbot, db, **kw):
    dialog = SettingsDialog(db, **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    return dialog


def test_shows_the_stored_profile(qtbot, office_db):
    dialog = open_dialog(qtbot, office_db)
    assert dialog.fields["office_name"].text() == "Phòng Nội vụ"
    assert dialog.fields["place_name"].text() == "Tam Đường"
    assert dialog.fields["level"].currentText() == "Cấp huyện"
    assert dialog.year_spin.value() == 2025


def test_saves_the_profile_and_the_working_year(qtbot, office_db):
    dialog = open_dialog(qtbot, office_db)
    dialog.fields["office_name"].setText("Phòng Văn hóa - Xã hội")
    dialog.fields["authority_name"].setText("Ủy ban nhân dân xã Bình Lư")
    dialog.fields["place_name"].setText("Bình Lư")
    dialog.fields["signer_name"].setText("Lò Văn Hùng")
    dialog.fields["level"].setCurrentIndex(dialog.fields["level"].findData("xa"))
    dialog.fields["email"].setText("vhxh@binhlu.laichau.gov.vn")
    dialog.year_spin.setValue(2024)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    with office_db.session() as s:  # read back from the data file
        profile = get_profile(s)
        assert (profile.office_name, profile.authority_name, profile.place_name, profile.level) == (
            "Phòng Văn hóa - Xã hội", "Ủy ban nhân dân xã Bình Lư", "Bình Lư", "xa")
        assert profile.signer_name == "Lò Văn Hùng" and profile.email == "vhxh@binhlu.laichau.gov.vn"
        assert working_year(s) == 2024
    again = open_dialog(qtbot, office_db)
    assert again.fields["office_name"].text() == "Phòng Văn hóa - Xã hội"


def test_refuses_an_empty_office_name_with_the_field_focused(qtbot, office_db):
    dialog = open_dialog(qtbot, office_db)
    dialog.fields["signer_name"].setFocus()
    dialog.fields["office_name"].setText("   ")
    dialog.fields["signer_name"].setText("Người mới")
    dialog.accept()
    assert dialog.isVisible()  # not closed
    assert dialog.result() != SettingsDialog.DialogCode.Accepted
    assert dialog.error_label.text() == "Chưa nhập «Tên cơ quan»."
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.fields["office_name"])
    with office_db.session() as s:  # nothing stored
        assert get_profile(s).office_name == "Phòng Nội vụ"
        assert get_profile(s).signer_name == "Sùng Lử Páo"


def test_refuses_a_bad_email_with_the_field_focused(qtbot, office_db):
    dialog = open_dialog(qtbot, office_db)
    dialog.fields["email"].setText("noivu@")
    dialog.accept()
    assert "Thư điện tử" in dialog.error_label.text()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.fields["email"])


def test_first_start_form_has_only_the_profile(qtbot, db):
    dialog = open_dialog(qtbot, db, profile_only=True)
    assert dialog.windowTitle() == "Thông tin cơ quan"
    assert not hasattr(dialog, "year_spin")
    assert dialog.fields["office_name"].text() == ""
    dialog.fields["office_name"].setText("Phòng Nội vụ")
    dialog.fields["authority_name"].setText("Ủy ban nhân dân huyện Tam Đường")
    dialog.fields["place_name"].setText("Tam Đường")
    dialog.accept()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    with db.session() as s:
        assert get_profile(s).office_name == "Phòng Nội vụ"


def test_open_data_folder_button(qtbot, office_db, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog = open_dialog(qtbot, office_db)
    assert dialog.open_data_folder()
    assert opened == [QUrl.fromLocalFile(str(office_db.path.parent))]
    assert dialog.data_folder_label.text() == str(office_db.path.parent)  # the folder is shown
    button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Mở thư mục dữ liệu")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(opened) == 2 and opened[-1] == opened[0]


def test_main_window_title_follows_a_saved_profile(window, monkeypatch):
    def fill_and_save(dialog):
        dialog.fields["office_name"].setText("Phòng Văn hóa - Xã hội")
        dialog.year_spin.setValue(2024)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(SettingsDialog, "exec", fill_and_save)
    window.open_settings()
    assert window.windowTitle().startswith("TĐKT — Phòng Văn hóa - Xã hội")
    assert window.current_year() == 2024
    assert window.year_box.currentText() == "2024"
