"""A double-click on a home-screen line takes the clerk to its record: a dossier opens, a plan
task is selected on its tab, a due opens its units' states, an import its unit's page; the
past-year banner brings the current year back."""

from __future__ import annotations

import datetime as dt

import pytest

from db.models import Dossier, PlanTask, SubmissionDue, Unit

LATER = dt.date(2026, 3, 2)


@pytest.fixture
def home(window, office_db):
    with office_db.session() as s:
        s.add(PlanTask(year=2025, seq="1", title="Tổng hợp báo cáo tổng kết năm", deadline=dt.date(2025, 12, 10)))
    window.home_tab.fixed_today = LATER
    window.tabs.setCurrentWidget(window.home_tab)
    window.home_tab.reload()
    assert window.home_tab.summary.past and window.current_year() == 2025
    return window.home_tab


def double_click(panel, wanted):
    row = next(i for i, r in enumerate(panel.shown_rows()) if wanted(r))
    panel.table.doubleClicked.emit(panel.proxy.index(row, 1))


def test_a_dossier_opens_its_dialog(window, home, office_db):
    from ui.dossier_dialog import DossierDialog

    with office_db.session() as s:
        appraising = s.query(Dossier).filter_by(status="appraising").one().id
    double_click(home.appraisal[2], lambda r: r.id == appraising)
    dialog = window.home_links.last
    assert isinstance(dialog, DossierDialog) and dialog.dossier_id == appraising and dialog.isVisible()
    dialog.close()


def test_a_plan_task_is_selected_on_the_plan_tab(window, home):
    double_click(home.due[2], lambda r: r.kind == "task")
    assert window.tabs.currentWidget() is window.plan_tab
    row = window.plan_tab.panel.current_row()
    assert row is not None and row.title == "Tổng hợp báo cáo tổng kết năm"


def test_a_due_opens_the_units_states_for_it(window, home, office_db):
    with office_db.session() as s:
        due = s.query(SubmissionDue).filter_by(kind="report_year").one()
        due_id, title = due.id, due.title
    double_click(home.due[2], lambda r: r.kind == "submission" and r.ref_id == due_id)
    assert window.tabs.currentWidget() is window.submissions_tab
    dialog = window.home_links.last
    assert dialog.isVisible() and dialog.dues.current_row().id == due_id
    assert {r.title for r in dialog.expected.rows()} == {title}
    dialog.close()


def test_an_import_selects_its_unit_and_opens_its_page(window, home, office_db):
    with office_db.session() as s:
        bb = s.query(Unit).filter_by(code="BB").one().id
    double_click(home.imports[2], lambda r: r.unit_id == bb)
    assert window.tabs.currentWidget() is window.submissions_tab
    assert window.submissions_tab.panel.current_row().id == bb
    dialog = window.home_links.last
    assert dialog.unit_id == bb and "UBND xã Bản Bo" in dialog.windowTitle()
    dialog.close()


def test_the_banner_brings_this_year(window, home):
    home.banner_button.click()
    assert window.current_year() == 2026 and window.year_box.currentData() == 2026
    assert not home.summary.past
