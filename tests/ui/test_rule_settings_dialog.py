"""Công cụ → Tham số xét khen thưởng: the dialog shows the settings in force, refuses a bad value
with the cursor on it, and saves what the clerk changed."""

from __future__ import annotations

import datetime as dt

from app.rule_settings import get_rule_settings
from db.models import Setting
from ui.rule_settings_dialog import RuleSettingsDialog


def _menu_action(window, text):
    return next(a for a in window.menus["Công cụ"].actions() if a.text() == text)


def test_opened_from_the_tools_menu_with_the_values_in_force(qtbot, demo_window):
    _menu_action(demo_window, "Tham số xét khen thưởng…").trigger()
    dialog = demo_window.dossier_hooks.last
    assert isinstance(dialog, RuleSettingsDialog)
    assert dialog.quorum.value() == 80.0 and dialog.threshold.value() == 50.0
    assert dialog.discipline["khien_trach"].value() == 6 and dialog.discipline["cach_chuc"].value() == 18
    assert "30/04/2025" in dialog.holidays.toPlainText()  # the demo's holidays
    on, share, *_ = dialog.cap_rows["CSTDCS"]
    assert not on.isChecked() and not share.isEnabled()  # no cap in 2025 unless the province sets one
    dialog.close()


def test_saving_a_cap_holidays_and_the_council_numbers(qtbot, window):
    dialog = RuleSettingsDialog(window.db, 2025, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    changed = []
    dialog.changed.connect(changed.append)
    on, share, of, rounding, basis = dialog.cap_rows["CSTDCS"]
    on.setChecked(True)
    assert share.isEnabled()
    share.setValue(20)
    of.setCurrentIndex(of.findData("LDTT"))
    rounding.setCurrentIndex(rounding.findData("ceil"))
    basis.setText("Quyết định 12/2025/QĐ-UBND tỉnh")
    dialog.quorum.setValue(90)
    dialog.threshold.setValue(60)
    assert dialog.discipline["khien_trach"].value() == 6 and dialog.discipline["canh_cao"].value() == 12
    dialog.discipline["khien_trach"].setValue(18)
    dialog.holidays.setPlainText("02/09/2025 Quốc khánh\n30/04/2025")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted and changed == [{"dossiers", "catalog"}]
    with window.db.session() as s:
        saved = get_rule_settings(s)
        assert [(c.code, c.share, c.of, c.rounding) for c in saved.caps] == [("CSTDCS", 0.2, "LDTT", "ceil")]
        assert (saved.quorum, saved.default_threshold, saved.discipline_months["khien_trach"]) == (0.9, 0.6, 18)
        assert saved.holidays == [dt.date(2025, 4, 30), dt.date(2025, 9, 2)]


def test_a_bad_holiday_line_is_refused_and_nothing_is_saved(qtbot, window):
    dialog = RuleSettingsDialog(window.db, 2025, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.discipline["khien_trach"].setValue(9)
    dialog.holidays.setPlainText("30/04/2025\n31/02/2025 Tết")
    dialog.accept()
    assert dialog.isVisible()
    assert "dòng 2" in dialog.error_label.text() and "31/02/2025" in dialog.error_label.text()
    assert dialog.focusWidget() is dialog.holidays
    with window.db.session() as s:
        assert s.get(Setting, "rules.discipline_months") is None


def test_a_cap_on_itself_is_refused_on_its_row(qtbot, window):
    dialog = RuleSettingsDialog(window.db, 2025, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    on, share, of, *_ = dialog.cap_rows["CSTDCS"]
    on.setChecked(True)
    of.addItem("(chính nó)", "CSTDCS")  # what an edited catalogue could offer
    of.setCurrentIndex(of.count() - 1)
    dialog.accept()
    assert "danh hiệu khác" in dialog.error_label.text()
    assert dialog.focusWidget() is share
