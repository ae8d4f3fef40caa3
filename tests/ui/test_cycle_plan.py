"""The "Kế hoạch năm" tab: tasks with their state in colour, the overdue / this-week summary,
the filter, adding from the keyboard, marking done, and a new year from last year's plan."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.plan import PlanTaskData, list_plan, save_task
from ui.plan_tab import PlanTab, PlanTaskDialog

TODAY = dt.date(2025, 12, 10)


@pytest.fixture
def plan_window(window, office_db):
    with office_db.session() as s:
        for seq, title, deadline, status in [
            ("1.1", "Ban hành kế hoạch năm 2025", dt.date(2025, 1, 20), "done"),
            ("2.1", "Trình UBND tỉnh khen thưởng năm 2025", dt.date(2025, 12, 9), "open"),
            ("2.2", "Báo cáo thống kê năm 2025", dt.date(2025, 12, 12), "open"),
            ("2.3", "Hội nghị tổng kết", dt.date(2025, 12, 28), "open"),
        ]:
            save_task(s, PlanTaskData(2025, title, seq, "Phòng Nội vụ", deadline=deadline, status=status),
                      today=dt.date(2025, 1, 15))
    tab = window.plan_tab
    tab.today = TODAY
    window.tabs.setCurrentWidget(tab)
    tab.invalidate()
    return window


def test_states_summary_and_filter(plan_window):
    tab = plan_window.plan_tab
    panel = tab.panel
    assert [r.seq for r in panel.rows()] == ["1.1", "2.1", "2.2", "2.3"]
    assert "1 quá hạn" in tab.summary.text() and "1 đến hạn tuần này" in tab.summary.text()
    state_col = [c.header for c in panel.model.columns].index("Tình trạng")
    overdue = panel.proxy.index(1, state_col)
    assert overdue.data() == "Quá hạn 1 ngày"
    assert overdue.data(Qt.ItemDataRole.ForegroundRole).color() == QColor("#b00020")
    tab.filter.setCurrentIndex(tab.filter.findData("overdue"))
    assert [r.seq for r in panel.rows()] == ["2.1"]
    tab.filter.setCurrentIndex(tab.filter.findData("open"))
    assert [r.seq for r in panel.rows()] == ["2.1", "2.2", "2.3"]
    panel.set_search("thong ke")
    assert [r.seq for r in panel.shown_rows()] == ["2.2"]


def test_add_with_the_keyboard_and_mark_done(plan_window, qtbot, office_db, monkeypatch):
    tab = plan_window.plan_tab

    def fill(self):
        self.seq.setText("2.4")
        self.title_edit.setPlainText("Kiểm tra công tác thi đua tại xã")
        self.deadline.setText("20/12/2025")
        self.accept()
        return 1

    monkeypatch.setattr(PlanTaskDialog, "exec", fill)
    tab.panel.table.setFocus()
    qtbot.keyClick(tab.panel.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert [r.seq for r in tab.panel.rows()][-1] == "2.4"
    tab.panel.table.selectRow(1)  # 2.1, overdue
    qtbot.keyClick(tab.panel.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    with office_db.session() as s:
        row = next(r for r in list_plan(s, 2025, TODAY) if r.seq == "2.1")
    assert row.state == "done" and row.done_on == dt.date.today()
    assert "0 quá hạn" in tab.summary.text()


def test_task_dialog_refuses_an_empty_task(qtbot, office_db):
    dialog = PlanTaskDialog(office_db, 2025)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    assert dialog.isVisible() and dialog.error_label.text() == "Chưa nhập nội dung nhiệm vụ."
    assert dialog.focusWidget() is dialog.title_edit


def test_new_year_from_last_years_plan(plan_window, monkeypatch):
    monkeypatch.setattr("ui.plan_tab.ask", lambda *a, **k: True)
    told = []
    monkeypatch.setattr("ui.plan_tab.inform", lambda _parent, text: told.append(text))
    plan_window.set_year(2026)
    tab = plan_window.plan_tab
    assert tab.panel.rows() == []
    tab.copy_last_year()
    assert told == ["Đã thêm 4 nhiệm vụ vào kế hoạch năm 2026."]  # done ones too, open again
    assert [r.title for r in tab.panel.rows()][0] == "Ban hành kế hoạch năm 2026"
    assert {r.state for r in tab.panel.rows()} <= {"open", "this_week", "overdue", "no_deadline"}
    assert PlanTab.TITLE == plan_window.tabs.tabText(plan_window.tabs.indexOf(tab))
