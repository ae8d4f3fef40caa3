"""The units and people of an office, in the window: the tab "Đơn vị, cá nhân", a unit's page
(details, head and members per year, people, awards), a person's page, retiring a unit, and
importing the unit list; pages other areas extend with sections of their own."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.unit_list import UnitData, add_unit, list_units, unit_years
from ui import person_page, unit_page
from ui.cycle_widgets import set_combo
from ui.person_page import PersonPage
from ui.unit_page import UnitPage


@pytest.fixture
def empty_window(qtbot, db, ops):
    from ui.main_window import MainWindow

    win = MainWindow(db, ops)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    return win


def _page(qtbot, page):
    qtbot.addWidget(page)
    page.show()
    return page


def test_the_tab_follows_the_home_screen_and_says_what_to_do_when_empty(empty_window, qtbot):
    tab = empty_window.units_tab
    assert empty_window.tabs.tabText(1) == "Đơn vị, cá nhân"
    empty_window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: not tab.units.panel.loading)
    assert "Thêm đơn vị" in tab.units.panel.empty_message()


def test_a_unit_added_through_its_page_shows_in_the_tab(empty_window, qtbot):
    db = empty_window.db
    page = _page(qtbot, UnitPage(db, 2026, parent=empty_window))
    assert page.windowTitle() == "Thêm đơn vị" and page.tabs.count() == 1
    page.name_edit.setText("Trường Tiểu học Bản Bo")  # typed (Qt's test keys are ASCII only)
    page.name_edit.textEdited.emit("Trường Tiểu học Bản Bo")
    assert page.kind_box.currentData() == "school"  # the name says it
    page.members_spin.setValue(31)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.result() == UnitPage.DialogCode.Accepted
    tab = empty_window.units_tab
    empty_window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: [r.name for r in tab.units.panel.rows()] == ["Trường Tiểu học Bản Bo"])
    row = tab.units.panel.rows()[0]
    assert (row.kind, row.members, row.code) == ("Trường học", 31, "DV001")


def test_a_bad_unit_says_why_and_keeps_the_dialog_open(qtbot, db):
    with db.session() as s:
        add_unit(s, UnitData(name="Bản Hon", kind="village"))
    page = _page(qtbot, UnitPage(db, 2026))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.error_label.text() == "Chưa nhập «Tên đơn vị»." and page.isVisible()
    page.name_edit.setText("bản hon")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "Đã có đơn vị «Bản Hon»" in page.error_label.text()
    with db.session() as s:
        assert len(list_units(s)) == 1


def test_a_units_page_keeps_head_and_members_per_year_and_lists_its_people(qtbot, db):
    with db.session() as s:
        unit_id = add_unit(s, UnitData(name="Thôn Nà Bó", kind="village")).id
    page = _page(qtbot, UnitPage(db, 2026, unit_id))
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    # the page's own sections first; others' (the facts of issue 16, ...) follow when loaded
    assert titles[:4] == ["Thông tin", "Thủ trưởng, thành viên theo năm", "Cá nhân", "Khen thưởng"]
    page.year_spin.setValue(2026)
    page.year_head.setText("Lò Văn Sơn")
    page.year_title.setText("Trưởng thôn")
    page.year_members.setValue(118)
    page.year_women.setValue(60)
    assert page.save_year()
    assert [(r.year, r.head_name, r.member_count) for r in page.years_table.rows()] == [(2026, "Lò Văn Sơn", 118)]
    assert page.head_edit.text() == "Lò Văn Sơn" and page.members_spin.value() == 118
    page.year_women.setValue(200)
    assert not page.save_year() and "nhiều hơn số thành viên" in page.error_label.text()
    with db.session() as s:
        assert unit_years(s, unit_id)[0].female_count == 60
    # A person added from the unit's page belongs to it.
    person = _page(qtbot, PersonPage(db, 2026, parent=page, unit_id=unit_id))
    person.name_edit.setText("Tao Thị Hoa")
    set_combo(person.gender_box, "F")
    person.year_spin.setValue(1988)
    set_combo(person.ethnicity_box, "thai")
    assert person.save()
    page.people_panel.reload()
    row = page.people_panel.rows()[0]
    assert (row.name, row.gender, row.birth_year, row.ethnicity) == ("Tao Thị Hoa", "Nữ", 1988, "Thái")


def test_other_areas_add_sections_to_both_pages(qtbot, db, monkeypatch):
    monkeypatch.setattr(unit_page, "SECTIONS", [lambda page: ("Xếp loại", QLabel(f"đơn vị {page.unit_id}"))])
    monkeypatch.setattr(person_page, "SECTIONS", [lambda page: ("Kỷ luật", QLabel(f"người {page.person_id}"))])
    with db.session() as s:
        unit_id = add_unit(s, UnitData(name="Thôn Nà Bó", kind="village")).id
    page = _page(qtbot, UnitPage(db, 2026, unit_id))
    assert page.tabs.tabText(page.tabs.count() - 1) == "Xếp loại"
    assert page.tabs.widget(page.tabs.count() - 1).text() == f"đơn vị {unit_id}"
    assert _page(qtbot, UnitPage(db, 2026)).tabs.count() == 1  # a unit not yet saved: details only
    person = _page(qtbot, PersonPage(db, 2026, parent=page, unit_id=unit_id))
    person.name_edit.setText("Lò Văn Sơn")
    assert person.save()
    again = _page(qtbot, PersonPage(db, 2026, person.person_id))
    assert again.tabs.tabText(again.tabs.count() - 1) == "Kỷ luật"


def test_retiring_a_unit_from_the_tab(empty_window, qtbot, monkeypatch):
    db = empty_window.db
    with db.session() as s:
        add_unit(s, UnitData(name="Bản Lằng", kind="village"))
    tab = empty_window.units_tab
    empty_window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: len(tab.units.panel.rows()) == 1)
    tab.units.panel.table.selectRow(0)
    monkeypatch.setattr("ui.retire_dialog.ask_retire", lambda parent, name: (dt.date(2026, 3, 1), "giải thể"))
    tab.retire()
    qtbot.waitUntil(lambda: tab.units.panel.rows()[0].status == "Ngừng hoạt động từ 01/03/2026")


def test_importing_the_unit_list_shows_rows_and_problems_then_writes(empty_window, qtbot, tmp_path, monkeypatch):
    book = Workbook()
    ws = book.active
    ws.append(["STT", "Tên đơn vị", "Loại đơn vị", "Thủ trưởng", "Số thành viên"])
    ws.append([1, "Thôn Nà Bó", "", "Lò Văn Sơn", 120])
    ws.append([2, "Nhà văn hóa", "", "", 3])
    book.save(tmp_path / "ds.xlsx")
    from ui.unit_import_dialog import UnitImportDialog

    monkeypatch.setattr(UnitImportDialog, "exec", lambda self: 0)
    tab = empty_window.units_tab
    tab.import_list(str(tmp_path / "ds.xlsx"))
    dialog = tab.last_import
    assert not dialog.import_button.isEnabled()
    assert [p.cell for p in dialog.problems.rows()] == ["Sheet!C3"]
    ws["C3"] = "Khác"
    book.save(tmp_path / "ds.xlsx")
    tab.import_list(str(tmp_path / "ds.xlsx"))
    dialog = tab.last_import
    assert dialog.import_button.isEnabled() and "2 mới" in dialog.summary.text()
    dialog.accept()
    assert dialog.result_counts == (2, 0)
    with empty_window.db.session() as s:
        assert [r.name for r in list_units(s)] == ["Thôn Nà Bó", "Nhà văn hóa"]


def test_a_fresh_office_merges_units_without_the_demos_map(qtbot, db, ops):
    from ui.unit_merge_dialog import UnitMergeDialog

    with db.session() as s:
        add_unit(s, UnitData(name="Bản Lằng", kind="village"))
        keep = add_unit(s, UnitData(name="Bản Hon", kind="village")).id
    dialog = UnitMergeDialog(db, ops, unit_id=keep)
    qtbot.addWidget(dialog)
    assert not dialog.map_shown and dialog.unit_box.currentData() == keep
