"""Tab "Công tác khác" on the demo office: its five pages show the demo's 2025 (province bloc,
inspections, congress, fund, publicity), follow the year selector, a late follow-up on the home
screen opens its inspection, and a unit's page carries its inspection history."""

from __future__ import annotations

import datetime as dt

import pytest

from app.fund import fund_summary
from app.publicity import publicity_list
from ui.extras_tab import PAGES, UnitInspectionsDialog
from ui.inspections_tab import InspectionDialog


def show(window, page):
    window.tabs.setCurrentWidget(window.extras_tab)
    window.extras_tab.show_page(page)
    return page.panel


@pytest.mark.parametrize("name", [name for name, _cls, _label in PAGES])
def test_each_page_shows_the_demo(demo_window, name):
    page = getattr(demo_window.extras_tab, name)
    panel = show(demo_window, page)
    assert demo_window.extras_tab.panel is panel
    n = panel.model.rowCount()
    assert n > 0, name
    assert panel.count_label.text() == f"Hiển thị {n:,}/{n:,}".replace(",", ".")
    assert panel.cut_headers() == [], name
    assert panel.proxy.index(0, 0).data()


def test_pages_read_what_the_services_say(demo_window, demo_db):
    tab = demo_window.extras_tab
    assert [r.rank for r in show(demo_window, tab.province).rows()] == ["2/8"]
    assert show(demo_window, tab.inspections).model.rowCount() == 3
    late = [r for r in tab.inspections.follow.rows() if r.late]
    assert [r.unit for r in late] == ["UBND xã Bản Bo"]
    congress = show(demo_window, tab.congress).rows()[0]
    assert (congress.number, congress.delegates, congress.quotas) == (6, "60/60", "Đạt cơ cấu")
    with demo_db.session() as s:
        fund = fund_summary(s, 2025)
        publicity = publicity_list(s, 2025)
    assert [r.number for r in show(demo_window, tab.fund).rows()] == [d.number for d in fund.decisions]
    spent = f"Đã chi: {len(fund.decisions)} quyết định"
    assert spent in tab.fund.figures.text()
    assert f"<b>{fund.spent:,}</b>".replace(",", ".") in tab.fund.figures.text().split(spent, 1)[1]
    assert show(demo_window, tab.publicity).model.rowCount() == len(publicity)


def test_the_pages_follow_the_year_selector(demo_window):
    tab = demo_window.extras_tab
    panel = show(demo_window, tab.province)
    demo_window.set_year(2024)
    assert [r.rank for r in panel.rows()] == ["3/8"]
    assert show(demo_window, tab.inspections).model.rowCount() == 0
    demo_window.set_year(2025)
    assert show(demo_window, tab.inspections).model.rowCount() == 3


def test_a_late_follow_up_on_the_home_screen_opens_its_inspection(demo_window, monkeypatch):
    opened = []
    monkeypatch.setattr(InspectionDialog, "exec", lambda self: opened.append(self.inspection_id) or 0)
    home = demo_window.home_tab
    demo_window.tabs.setCurrentWidget(home)
    row = next(r for r in home.panel.rows() if r.kind == "follow_up")
    assert row.what == "Sau kiểm tra" and row.overdue and row.title.startswith("UBND xã Bản Bo:")
    home.panel.row_activated.emit(row)
    assert opened == [row.ref_id]
    assert demo_window.tabs.currentWidget() is demo_window.extras_tab
    assert demo_window.extras_tab.pages.currentWidget() is demo_window.extras_tab.inspections


def test_a_units_page_shows_its_inspections(demo_window, monkeypatch, qtbot):
    from ui.submissions_dues_dialog import DuesDialog

    units = demo_window.submissions_tab
    demo_window.tabs.setCurrentWidget(units)
    target = next(i for i, r in enumerate(units.panel.shown_rows()) if r.unit == "UBND xã Bản Bo")
    units.panel.table.selectRow(target)
    seen = []

    def look(self):
        seen.append([(r.held_on, r.follow_up_text) for r in self.panel.rows()])
        return 0
    monkeypatch.setattr(UnitInspectionsDialog, "exec", look)
    action = next(a for a in units.panel.toolbar.actions() if a.text() == "Kiểm tra TĐKT…")
    action.trigger()
    assert seen == [[(dt.date(2025, 6, 12), "1/2 đã xong; 1 quá hạn")]]
    # The unit's own page (double-click on the units tab) carries the same history.
    dialog = DuesDialog(demo_window.db, demo_window.ops, 2025, unit_id=units.panel.shown_rows()[target].id)
    qtbot.addWidget(dialog)
    from ui.inspections_tab import UnitInspectionsPanel

    panel = dialog.findChild(UnitInspectionsPanel)
    assert panel is not None and panel.model.rowCount() == 1
    assert "Quá hạn khắc phục" in panel.late_label.text()
