"""The signers dialog (from Cài đặt): the office's head and deputies, the chairman and vice-
chairmen, what each signs; a bad row is refused and selected; the settings dialog shows the
chairman saved there."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.signers import list_signers
from ui.settings_dialog import SettingsDialog
from ui.signers_dialog import NAME, PHONE, TITLE, SignersDialog


def test_add_a_deputy_with_the_reminders_and_save(qtbot, demo_db):
    dialog = SignersDialog(demo_db)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 4
    with demo_db.session() as s:
        assert dialog.table.item(0, NAME).text() == list_signers(s)[0].name
    # The head's documents are ticked; only the office's documents are offered for him.
    dialog.table.selectRow(0)
    ticked = {dialog.powers.item(i).text(): dialog.powers.item(i).checkState() == Qt.CheckState.Checked
              for i in range(dialog.powers.count())}
    assert ticked["Báo cáo số liệu thi đua, khen thưởng"] and not ticked["Công văn đôn đốc, danh sách đơn vị chưa nộp"]
    assert "Quyết định khen thưởng, giấy khen" not in ticked
    r = dialog.add_row("office")
    dialog.table.item(r, NAME).setText("Vàng Thị Dung")
    dialog.table.item(r, TITLE).setText("phó trưởng phòng")
    dialog.table.item(r, PHONE).setText("0987 111 222")
    dialog.table.selectRow(r)
    for i in range(dialog.powers.count()):
        if dialog.powers.item(i).text() == "Thông báo công khai":
            dialog.powers.item(i).setCheckState(Qt.CheckState.Checked)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    with demo_db.session() as s:
        added = next(x for x in list_signers(s) if x.name == "Vàng Thị Dung")
    assert (added.title, added.phone, added.powers) == ("PHÓ TRƯỞNG PHÒNG", "0987 111 222", ["notice"])


def test_a_row_without_a_name_is_refused_and_selected(qtbot, demo_db):
    dialog = SignersDialog(demo_db)
    qtbot.addWidget(dialog)
    r = dialog.add_row("authority")
    dialog.table.item(r, TITLE).setText("PHÓ CHỦ TỊCH")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "chưa nhập họ và tên" in dialog.error_label.text() and dialog.table.currentRow() == r


def test_settings_shows_the_chairman_saved_in_the_signers_dialog(qtbot, demo_db, monkeypatch):
    settings = SettingsDialog(demo_db)
    qtbot.addWidget(settings)

    def change(self):
        self.table.item(2, NAME).setText("Tao Văn Sơn")
        self.accept()
        return self.result()

    monkeypatch.setattr(SignersDialog, "exec", change)
    settings.open_signers()
    assert settings.fields["signer_name"].text() == "Tao Văn Sơn"
    settings.accept()  # no conflict with its own change
    assert settings.result() == QDialog.DialogCode.Accepted
