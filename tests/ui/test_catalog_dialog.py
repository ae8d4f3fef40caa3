"""Công cụ → Danh mục khen thưởng: edit a coefficient, a criteria number and a vote threshold,
refuse a bad one with the cursor on its cell, add and correct a base salary."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate

from app.catalog import rule_for
from db.models import AwardType, BaseSalary
from ui.catalog_dialog import CatalogDialog


def _open(qtbot, window):
    next(a for a in window.menus["Công cụ"].actions() if a.text() == "Danh mục khen thưởng…").trigger()
    dialog = window.dossier_hooks.last
    assert isinstance(dialog, CatalogDialog)
    return dialog


def _choose(dialog, code):
    dialog.award_list.setCurrentRow([a.code for a in dialog.awards].index(code))


def _rule(db, code, on=dt.date(2025, 12, 5)):
    with db.session() as s:
        award = s.query(AwardType).filter_by(code=code).one()
        rule = rule_for(award, on)
        return award.vote_threshold, rule.coefficient_individual, dict(rule.criteria)


def test_editing_an_award_saves_its_numbers(qtbot, window):
    dialog = _open(qtbot, window)
    changed = []
    dialog.changed.connect(changed.append)
    _choose(dialog, "BK_TTG")  # a rule with an interval between two awards
    assert dialog.award_title.text().startswith("<b style='font-size:14pt'>Bằng khen của Thủ tướng Chính phủ")
    last = dialog.rules.rowCount() - 1
    assert dialog.rules.item(last, 2).text() == "3,5"
    dialog.rules.item(last, 2).setText("3,6")
    labels = [dialog.numbers.item(r, 0).text() for r in range(dialog.numbers.rowCount())]
    row = labels.index("Khoảng cách tối thiểu giữa hai lần (năm)")
    dialog.numbers.item(row, 1).setText("3")
    dialog.own_threshold.setChecked(True)
    dialog.threshold.setValue(75)
    dialog.save_button.click()
    assert "Đã lưu danh mục: Bằng khen của Thủ tướng Chính phủ." in dialog.message.label.text()
    assert changed == [{"catalog", "dossiers"}]
    threshold, coefficient, criteria = _rule(window.db, "BK_TTG")
    assert (threshold, coefficient, criteria["min_interval_years"]) == (0.75, 3.6, 3)
    assert dialog.rules.item(last, 2).text() == "3,6"  # shown again as saved


def test_a_share_is_typed_in_percent(qtbot, window):
    dialog = _open(qtbot, window)
    _choose(dialog, "TTLDTT")
    assert dialog.numbers.item(0, 0).text().endswith("(%)") and dialog.numbers.item(0, 1).text() == "70"
    dialog.numbers.item(0, 1).setText("75")
    dialog.save_button.click()
    assert _rule(window.db, "TTLDTT")[2]["min_share_members_ldtt"] == 0.75


def test_a_bad_number_is_refused_on_its_cell_and_nothing_is_saved(qtbot, window):
    dialog = _open(qtbot, window)
    _choose(dialog, "GK")
    before = _rule(window.db, "GK")
    last = dialog.rules.rowCount() - 1
    dialog.rules.item(last, 2).setText("0,35")
    dialog.rules.item(last, 3).setText("mười")
    dialog.save_button.click()
    assert "“mười” không phải là một số" in dialog.message.label.text()
    assert (dialog.rules.currentRow(), dialog.rules.currentColumn()) == (last, 3)
    dialog.rules.item(last, 3).setText("-1")
    dialog.save_button.click()
    assert "phải từ 0 đến 100" in dialog.message.label.text()
    assert _rule(window.db, "GK") == before


def test_leaving_unsaved_changes_asks_first(qtbot, window):
    dialog = _open(qtbot, window)
    _choose(dialog, "GK")
    dialog.rules.item(dialog.rules.rowCount() - 1, 2).setText("0,4")
    dialog.confirm = lambda _text: False
    _choose(dialog, "LDTT")
    assert dialog.award.code == "GK"  # stayed, the edit kept
    dialog.confirm = lambda _text: True
    _choose(dialog, "LDTT")
    assert dialog.award.code == "LDTT"


def test_base_salaries_added_and_corrected(qtbot, window):
    dialog = _open(qtbot, window)
    changed = []
    dialog.changed.connect(changed.append)
    dialog.pages.setCurrentIndex(1)
    page = dialog.salaries
    rows = page.table.rowCount()
    page.new_from.setDate(QDate(2027, 1, 1))
    page.new_amount.setText("2.800.000")
    page.add()
    assert "Ghi văn bản quy định" in dialog.message.label.text()
    assert page.focusWidget() is page.new_basis
    page.new_basis.setText("Nghị định số 01/2027/NĐ-CP")
    page.add()
    assert page.table.rowCount() == rows + 1
    assert "Đã thêm mức lương cơ sở 2.800.000 đồng từ 01/01/2027." in dialog.message.label.text()
    assert changed == [{"catalog"}]
    to_confirm = next(r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == "01/07/2026")
    page.table.item(to_confirm, 1).setText("hai triệu")
    page.save()
    assert "“hai triệu” không phải là số đồng" in dialog.message.label.text()
    page.table.item(to_confirm, 1).setText("2.600.000")
    page.table.item(to_confirm, 2).setText("Nghị định số 99/2026/NĐ-CP")
    page.save()
    with window.db.session() as s:
        row = s.query(BaseSalary).filter_by(valid_from=dt.date(2026, 7, 1)).one()
        assert (int(row.amount), row.legal_basis) == (2_600_000, "Nghị định số 99/2026/NĐ-CP")
        assert s.query(BaseSalary).filter_by(valid_from=dt.date(2027, 1, 1)).one().amount == 2_800_000
