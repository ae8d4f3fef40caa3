"""The movement dialog: every field saved, a bad field refused with the cursor on it, the units
taking part, dossiers and awards linked; the movements tab opens it and shows attention."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from app.movements import get_movement
from db.models import Award, Dossier, Movement
from ui.movement_dialog import MovementDialog, PickDialog


def _dialog(qtbot, db, movement_id=None, year=2025):
    dialog = MovementDialog(db, year, movement_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_new_movement_with_every_field_and_units(qtbot, office_db):
    dialog = _dialog(qtbot, office_db)
    assert not dialog.dossiers.isEnabled()  # links wait for the movement to exist
    f = dialog.fields
    f["name"].setPlainText("Thi đua chào mừng kỷ niệm 80 năm Cách mạng tháng Tám")
    f["slogan"].setText("Đoàn kết, sáng tạo")
    f["launched_by"].setText("UBND huyện Tam Đường")
    f["kind"].setCurrentIndex(f["kind"].findData("thematic"))
    f["doc_number"].setText("45/KH-UBND")
    f["doc_date"].setText("02/03/2025")
    f["start_date"].setText("1/3/2025")
    f["end_date"].setText("31/08/2025")
    f["midterm_review_on"].setText("15/06/2025")
    f["final_review_on"].setText("25/08/2025")
    f["targets"].setPlainText("100% đơn vị đăng ký")
    dialog.units.search.setText("xa")  # accent-insensitive: "xã"
    visible = [dialog.units.list.item(i) for i in range(dialog.units.list.count())
               if not dialog.units.list.item(i).isHidden()]
    assert [i.text().split(" — ")[0] for i in visible] == ["UBND xã Bản Bo", "UBND xã Khun Há"]
    dialog.units._tick_visible(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == MovementDialog.DialogCode.Accepted
    with office_db.session() as s:
        data = get_movement(s, dialog.saved_id)
    assert (data.kind, data.doc_number, data.doc_date, data.start_date, data.final_review_on) == (
        "thematic", "45/KH-UBND", dt.date(2025, 3, 2), dt.date(2025, 3, 1), dt.date(2025, 8, 25))
    assert len(data.unit_ids) == 2 and data.targets == "100% đơn vị đăng ký"


def test_bad_field_keeps_the_dialog_open_with_the_cursor_there(qtbot, office_db):
    dialog = _dialog(qtbot, office_db)
    dialog.fields["name"].setPlainText("Phong trào thử")
    dialog.fields["launched_by"].setText("UBND huyện")
    dialog.fields["start_date"].setText("31/12/2025")
    dialog.fields["end_date"].setText("01/01/2025")
    dialog.accept()
    assert dialog.isVisible()
    assert "trước ngày bắt đầu" in dialog.error_label.text()
    assert dialog.focusWidget() is dialog.fields["end_date"]
    dialog.fields["end_date"].setText("32/13/2025")
    dialog.accept()
    assert "không đúng dạng ngày" in dialog.error_label.text()
    with office_db.session() as s:
        assert s.scalar(select(Movement).where(Movement.name == "Phong trào thử")) is None


def test_link_and_unlink_dossiers_and_awards(qtbot, office_db, monkeypatch):
    with office_db.session() as s:
        movement_id = s.scalar(select(Movement.id).where(Movement.name.like("Chung tay%")))
    dialog = _dialog(qtbot, office_db, movement_id)
    assert dialog.dossiers.isEnabled() and dialog.dossiers.rows() == []

    def choose_first(self):
        self.panel.table.selectRow(0)
        return 1

    monkeypatch.setattr(PickDialog, "exec", choose_first)
    dialog.add_dossiers()
    dialog.add_awards()
    assert [r.number for r in dialog.dossiers.rows()] == ["HS-2025-0001"]
    assert len(dialog.awards.rows()) == 1 and dialog.awards.rows()[0].year == 2025
    with office_db.session() as s:
        assert s.scalar(select(Dossier.movement_id).where(Dossier.number == "HS-2025-0001")) == movement_id
        assert s.scalar(select(Award).where(Award.movement_id == movement_id)) is not None
    dialog.dossiers.table.selectRow(0)
    dialog._unlink(dialog.dossiers, "dossier")
    assert dialog.dossiers.rows() == []


def test_tab_opens_the_dialog_and_shows_attention(window, monkeypatch):
    opened = []
    monkeypatch.setattr(MovementDialog, "exec", lambda self: opened.append(self.movement_id) or 0)
    tab = window.movements_tab
    window.tabs.setCurrentWidget(tab)
    row = tab.panel.rows()[0]
    tab.panel.table.selectRow(0)
    tab.panel.row_activated.emit(tab.panel.current_row())
    assert opened == [tab.panel.current_row().id]
    headers = [c.header for c in tab.panel.model.columns]
    assert "Cần chú ý" in headers
    assert all(r.attention for r in tab.panel.rows()) and row.attention_code
    actions = [a.text() for a in tab.panel.toolbar.actions()]
    assert {"Thêm phong trào", "Sửa", "Xóa"} <= set(actions)


def test_delete_asks_first_and_a_refusal_changes_nothing(window, monkeypatch, qtbot):
    import ui.cycle_hooks as hooks

    tab = window.movements_tab
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: len(tab.panel.rows()) > 0)
    before = len(tab.panel.rows())
    delete = next(a for a in tab.panel.toolbar.actions() if a.text() == "Xóa")
    tab.panel.table.selectRow(0)
    monkeypatch.setattr(hooks, "ask", lambda parent, text: False)  # the clerk says no
    delete.trigger()
    with window.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Movement)) == before
    failures = []
    monkeypatch.setattr(hooks, "ask", lambda parent, text: True)
    monkeypatch.setattr(hooks, "show_failure", lambda exc, parent: failures.append(exc.message))
    name = tab.panel.current_row().name
    delete.trigger()
    with window.db.session() as s:
        left = s.scalar(select(func.count()).select_from(Movement))
    # Either it was deleted, or it is linked and the clerk was told why; never half-done.
    assert (left == before - 1 and not failures) or (left == before and failures)
    with window.db.session() as s:
        still = s.scalar(select(func.count()).select_from(Movement).where(Movement.name == name))
    assert still == (0 if not failures else 1)
