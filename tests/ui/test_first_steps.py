"""The first steps of an office starting from an empty data file, in the window: the home
screen lists the steps with a button each; the profile saved, units added through their
dialog, a bloc of villages made, templates sent — each ticked off as it is done; the demo's
home screen shows no such list."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from ui.bloc_dialog import BlocDialog
from ui.settings_dialog import SettingsDialog
from ui.template_dialog import TemplateDialog
from ui.unit_page import UnitPage


@pytest.fixture
def empty_window(qtbot, db, ops):
    from ui.main_window import MainWindow

    win = MainWindow(db, ops)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    return win


def _ticks(window) -> dict[str, bool]:
    steps = window.home_tab.first_steps.steps
    return {s.code: s.done for s in steps.steps}


def _refresh(window, qtbot) -> None:
    window.home_tab.invalidate()
    window.tabs.setCurrentWidget(window.home_tab)
    window.home_tab.reload()
    qtbot.waitUntil(lambda: not window.home_tab.status.isVisible())


def test_an_empty_office_does_its_first_steps_from_the_home_screen(empty_window, qtbot, tmp_path, monkeypatch):
    win = empty_window
    _refresh(win, qtbot)
    panel = win.home_tab.first_steps
    assert panel.isVisible() and panel.title.text() == "Bắt đầu — đã xong 0/6 bước"
    assert list(panel.buttons) == ["profile", "units", "people", "plan", "dues", "templates"]

    # 1. The profile, through the settings dialog the step's button opens.
    def fill_profile(dialog_self):
        dialog_self.fields["office_name"].setText("Văn phòng HĐND và UBND")
        dialog_self.fields["authority_name"].setText("Ủy ban nhân dân xã Bản Bo")
        dialog_self.fields["place_name"].setText("Bản Bo")
        dialog_self.fields["signer_name"].setText("Lò Văn Minh")
        assert dialog_self.fields["level"].currentData() == "xa"  # a new office is a commune's
        qtbot.mouseClick(dialog_self.save_button, Qt.MouseButton.LeftButton)
        return dialog_self.result()

    monkeypatch.setattr(SettingsDialog, "exec", fill_profile)
    qtbot.mouseClick(panel.buttons["profile"], Qt.MouseButton.LeftButton)
    _refresh(win, qtbot)
    assert _ticks(win)["profile"] and "Ủy ban nhân dân xã Bản Bo" in win.windowTitle()

    # 2. Units through their dialog; the step's button leads to the units tab.
    qtbot.mouseClick(win.home_tab.first_steps.buttons["units"], Qt.MouseButton.LeftButton)
    assert win.tabs.currentWidget() is win.units_tab
    for name in ("Thôn Nà Bó", "Bản Hon", "Bản Lầm", "Trường Tiểu học Bản Bo"):
        page = UnitPage(win.db, 2026, parent=win)
        qtbot.addWidget(page)
        page.name_edit.setText(name)
        page.name_edit.textEdited.emit(name)
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        assert page.result() == UnitPage.DialogCode.Accepted, page.error_label.text()
    qtbot.waitUntil(lambda: len(win.units_tab.units.panel.rows()) == 4)
    assert [r.kind for r in win.units_tab.units.panel.rows()].count("Thôn, bản, tổ dân phố") == 3

    # 3. A bloc of villages: the villages are offered as members.
    bloc = BlocDialog(win.db, win.ops, 2026, None, parent=win)
    qtbot.addWidget(bloc)
    offered = [bloc.members.list.item(i).text() for i in range(bloc.members.list.count())]
    assert {"Thôn Nà Bó", "Bản Hon", "Bản Lầm"} <= {t.split(" — ")[0] for t in offered}
    bloc.name.setText("Khối các thôn, bản")
    villages = [r.id for r in win.units_tab.units.panel.rows() if r.kind_code == "village"]
    for unit_id in villages:
        bloc.members.set_checked(unit_id)
    assert bloc.save(), bloc.error_label.text()

    # 4. Templates sent to the bloc's villages.
    dialog = TemplateDialog(win.db, win.ops, 2026, win)
    qtbot.addWidget(dialog)
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("registration"))
    dialog.bloc.setChecked(True)
    dialog.folder.setText(str(tmp_path / "mau"))
    dialog.make()
    assert len(dialog.written) == 3
    assert sorted(p.name for p in dialog.written) == ["DangKyThiDua_2026_BanHon.xlsx", "DangKyThiDua_2026_BanLam.xlsx",
                                                      "DangKyThiDua_2026_ThonNaBo.xlsx"]
    _refresh(win, qtbot)
    ticks = _ticks(win)
    assert ticks == {"profile": True, "units": True, "people": False, "plan": False, "dues": False,
                     "templates": True}
    assert win.home_tab.first_steps.title.text() == "Bắt đầu — đã xong 3/6 bước"


def test_the_demo_office_shows_no_first_steps(demo_window, qtbot):
    _refresh(demo_window, qtbot)
    assert not demo_window.home_tab.first_steps.isVisible()
