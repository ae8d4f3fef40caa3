"""The rollover dialog: the new year's preview (blocs with rotated heads, dues, tasks), one
action to make it, and the menu action that moves the window to the new year."""

from __future__ import annotations

from sqlalchemy import func, select

from db.models import Bloc, SubmissionDue
from ui.rollover_dialog import RolloverDialog


def test_rollover_dialog_preview_then_apply(qtbot, office_db, monkeypatch):
    monkeypatch.setattr("ui.rollover_dialog.inform", lambda *a, **k: None)
    dialog = RolloverDialog(office_db, 2025)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.summary.text() == ("Năm 2026: 2 khối thi đua, 2 yêu cầu nộp, 0 nhiệm vụ kế hoạch "
                                     "sẽ được tạo từ năm 2025.")
    blocs = dialog.tree.topLevelItem(0)
    assert blocs.text(0) == "Khối thi đua (2 mới / 2)"
    lines = {blocs.child(i).text(0): blocs.child(i).text(1) for i in range(blocs.childCount())}
    # 2025: head Tam Đường, deputy Bản Bo → Bản Bo leads 2026, Khun Há deputises.
    assert lines["Khối các xã, thị trấn — 3 đơn vị, 0 tiêu chí"] == (
        "Khối trưởng: UBND xã Bản Bo; khối phó: UBND xã Khun Há")
    with office_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Bloc).where(Bloc.year == 2026)) == 0
    dialog.accept()
    assert dialog.result_year == 2026
    with office_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Bloc).where(Bloc.year == 2026)) == 2
        assert s.scalar(select(func.count()).select_from(SubmissionDue).where(SubmissionDue.year == 2026)) == 2
    dialog.source.setValue(2025)
    dialog.refresh()
    assert not dialog.apply_button.isEnabled()  # everything is there now
    dialog.source.setValue(2019)
    assert "chưa có khối thi đua" in dialog.summary.text() and not dialog.apply_button.isEnabled()


def test_rollover_from_the_menu_moves_the_window_to_the_new_year(window, monkeypatch):
    monkeypatch.setattr(RolloverDialog, "exec", lambda self: (self.accept(), 1)[1])
    monkeypatch.setattr("ui.rollover_dialog.inform", lambda *a, **k: None)
    action = next(a for a in window.menus["Dữ liệu"].actions() if a.text() == "Chuyển sang năm mới…")
    action.trigger()
    assert window.current_year() == 2026
    window.tabs.setCurrentWidget(window.blocs_tab)
    assert {r.name for r in window.blocs_tab.panel.rows()} == {"Khối các xã, thị trấn",
                                                             "Khối các cơ quan chuyên môn"}
