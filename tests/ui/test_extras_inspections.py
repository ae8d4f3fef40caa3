"""The inspections page and dialog on the small office: plan and record an inspection with its
follow-ups typed in the table, a bad date named and nothing saved, late follow-ups in red, a
follow-up marked done, an inspection removed."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem
from sqlalchemy import select

from app.inspections import FollowUpData, list_inspections
from db.models import Inspection, Unit
from ui.cycle_widgets import set_combo
from ui.inspections_tab import InspectionDialog


def page(window):
    window.tabs.setCurrentWidget(window.extras_tab)
    window.extras_tab.show_page(window.extras_tab.inspections)
    return window.extras_tab.inspections


def fill(dialog: InspectionDialog, unit_id: int, follow: list[tuple[str, str, str]]) -> None:
    set_combo(dialog.unit, unit_id)
    dialog.planned.setText("10/06/2025")
    dialog.held.setText("12/06/2025")
    dialog.team.setText("Phòng Nội vụ")
    dialog.content.setPlainText("Hồ sơ khen thưởng, sổ theo dõi")
    dialog.findings.setPlainText("Sổ theo dõi ghi chưa đủ")
    for request, due, done in follow:
        dialog.add_follow_up(FollowUpData(request))
        row = dialog.table.rowCount() - 1
        dialog.table.setItem(row, 1, QTableWidgetItem(due))
        dialog.table.setItem(row, 2, QTableWidgetItem(done))


def test_record_an_inspection_with_follow_ups(window, office_db, monkeypatch):
    tab = page(window)
    with office_db.session() as s:
        ban_bo = s.scalar(select(Unit.id).where(Unit.code == "BB"))

    def typed(dialog):
        fill(dialog, ban_bo, [("Bổ sung sổ theo dõi", "31/07/2025", "25/07/2025"),
                              ("Hoàn thiện hồ sơ điển hình", "30/09/2025", "")])
        dialog.accept()
        return dialog.result()
    monkeypatch.setattr(InspectionDialog, "exec", typed)
    tab.add()
    rows = tab.panel.rows()
    assert [(r.unit, r.held_on, r.status_text, r.follow_up_text) for r in rows] == [
        ("UBND xã Bản Bo", dt.date(2025, 6, 12), "Đã kiểm tra", "1/2 đã xong; 1 quá hạn")]
    follow = tab.follow
    late = next(i for i, r in enumerate(follow.shown_rows()) if r.late)
    state = follow.proxy.index(late, 3)
    assert state.data().startswith("Quá hạn")
    assert state.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b00020"
    follow.table.selectRow(late)
    tab.finish(response="Báo cáo số 12/BC-UBND")
    assert tab.panel.rows()[0].follow_up_text == "2/2 đã xong"
    with office_db.session() as s:
        assert list_inspections(s, 2025)[0].late_follow_ups == 0


def test_a_bad_date_is_named_and_nothing_is_saved(window, office_db, qtbot):
    with office_db.session() as s:
        ban_bo = s.scalar(select(Unit.id).where(Unit.code == "BB"))
    dialog = InspectionDialog(office_db, 2025)
    qtbot.addWidget(dialog)
    fill(dialog, ban_bo, [("Bổ sung sổ theo dõi", "31/13/2025", "")])
    dialog.accept()
    assert dialog.result() == 0
    assert "Thời hạn của yêu cầu thứ 1 «31/13/2025»" in dialog.error.text()
    dialog.table.setItem(0, 1, QTableWidgetItem("01/06/2025"))
    dialog.accept()
    assert "thời hạn trước ngày kiểm tra" in dialog.error.text()
    set_combo(dialog.unit, None)
    dialog.accept()
    assert dialog.error.text() == "Chưa chọn đơn vị được kiểm tra."
    with office_db.session() as s:
        assert s.scalar(select(Inspection.id)) is None


def test_remove_asks_first(window, office_db, monkeypatch):
    from app.inspections import InspectionData, save_inspection

    with office_db.session() as s:
        unit = s.scalar(select(Unit.id).where(Unit.code == "KH"))
        save_inspection(s, InspectionData(year=2025, unit_id=unit, planned_on=dt.date(2025, 11, 18),
                                          content="Đăng ký thi đua"))
    tab = page(window)
    assert tab.panel.rows()[0].status_text == "Kế hoạch"
    tab.panel.table.selectRow(0)
    monkeypatch.setattr("ui.inspections_tab.ask", lambda *a, **k: False)
    tab.remove()
    assert tab.panel.model.rowCount() == 1
    monkeypatch.setattr("ui.inspections_tab.ask", lambda *a, **k: True)
    tab.remove()
    assert tab.panel.model.rowCount() == 0
