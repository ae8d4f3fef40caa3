"""Submissions screens: the dues with each unit's state, a paper receipt, a unit's own deadline
and an exemption; the reminder list copied as text; the units tab opens a unit's dues."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QGuiApplication
from sqlalchemy import select

from db.models import Submission, SubmissionDue, Unit
from ui.submissions_dues_dialog import DuesDialog
from ui.submissions_receive_dialog import DeadlineDialog, ReceiveDialog
from ui.submissions_reminder_dialog import ReminderDialog


def _dues(qtbot, db, ops, **kw):
    dialog = DuesDialog(db, ops, 2025, **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _select(panel, unit):
    row = next(i for i, r in enumerate(panel.shown_rows()) if r.unit == unit)
    panel.table.selectRow(row)
    return panel.current_row()


def test_dues_and_each_units_state(qtbot, office_db, ops):
    dialog = _dues(qtbot, office_db, ops)
    assert [r.title for r in dialog.dues.rows()] == ["Đăng ký thi đua", "Báo cáo tổng kết"]
    assert dialog.dues.current_row().title == "Đăng ký thi đua"  # the first due is chosen
    states = {r.unit: r.state_text for r in dialog.expected.rows()}
    assert states["UBND xã Bản Bo"] == "Đã nộp đúng hạn"
    assert states["Phòng Nội vụ"].startswith("Quá hạn, chưa nộp")
    dialog.dues.table.selectRow(1)
    assert {r.title for r in dialog.expected.rows()} == {"Báo cáo tổng kết"}


def test_paper_receipt_own_deadline_and_exemption(qtbot, office_db, ops, monkeypatch):
    dialog = _dues(qtbot, office_db, ops)
    row = _select(dialog.expected, "UBND xã Khun Há")

    def receive(self):
        self.received_on.setText("14/02/2025")
        self.notes.setText("Công văn số 12/UBND")
        self.accept()
        return self.result()

    monkeypatch.setattr(ReceiveDialog, "exec", receive)
    dialog.receive()
    states = {r.unit: r for r in dialog.expected.rows()}
    assert states["UBND xã Khun Há"].state_text == "Đã nộp đúng hạn"
    assert states["UBND xã Khun Há"].channel_text == "Bản giấy"

    def extend(self):
        self.due_on.setText("20/02/2025")
        self.reason.setText("Xin gia hạn")
        self.accept()
        return self.result()

    monkeypatch.setattr(DeadlineDialog, "exec", extend)
    _select(dialog.expected, "Phòng Giáo dục và Đào tạo")
    dialog.own_deadline()
    gd = next(r for r in dialog.expected.rows() if r.unit == "Phòng Giáo dục và Đào tạo")
    assert (gd.deadline, gd.own_deadline) == (dt.date(2025, 2, 20), True)
    assert gd.override_reason == "Xin gia hạn"
    monkeypatch.setattr("ui.submissions_dues_dialog.ask_reason", lambda *a, **k: "Không thuộc diện")
    _select(dialog.expected, "Phòng Nội vụ")
    dialog.exempt()
    nv = next(r for r in dialog.expected.rows() if r.unit == "Phòng Nội vụ")
    assert nv.state_text == "Được miễn" and nv.exempt_reason == "Không thuộc diện"
    assert dialog.dues.rows()[0].exempt == 1 and dialog.dues.rows()[0].overrides == 1
    with office_db.session() as s:
        sub = s.scalar(select(Submission).where(Submission.channel == "paper"))
        assert (sub.received_on, sub.notes) == (dt.date(2025, 2, 14), "Công văn số 12/UBND")
    assert row.unit == "UBND xã Khun Há"


def test_receive_dialog_refuses_a_day_in_the_future(qtbot, office_db):
    with office_db.session() as s:
        unit_id = s.scalar(select(Unit.id).where(Unit.code == "KH"))
        due_id = s.scalar(select(SubmissionDue.id).where(SubmissionDue.kind == "registration"))
    dialog = ReceiveDialog(office_db, 2025, unit_id, due_id, today=dt.date(2025, 2, 10))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.received_on.setText("11/02/2025")
    dialog.accept()
    assert dialog.isVisible() and dialog.error_label.text() == "Ngày nhận 11/02/2025 ở tương lai."
    assert dialog.focusWidget() is dialog.received_on


def test_reminder_list_copied_as_text(qtbot, office_db, ops):
    dialog = ReminderDialog(office_db, ops, 2025, today=dt.date(2025, 12, 5))
    qtbot.addWidget(dialog)
    dialog.show()
    units = [r.unit for r in dialog.panel.rows()]
    assert "UBND xã Bản Bo" in units  # report due 10/12: within the 7 days
    bb = next(r for r in dialog.panel.rows() if r.unit == "UBND xã Bản Bo")
    assert bb.items == "Báo cáo tổng kết (hạn 10/12/2025)" and bb.overdue == 0
    dialog.days.setValue(3)
    assert "UBND xã Bản Bo" not in [r.unit for r in dialog.panel.rows()]
    dialog.copy_text()
    text = QGuiApplication.clipboard().text()
    assert text.startswith("DANH SÁCH ĐƠN VỊ CẦN ĐÔN ĐỐC NỘP HỒ SƠ, BÁO CÁO NĂM 2025")
    assert "Phòng Nội vụ: Đăng ký thi đua (quá 293 ngày)" in text


def test_units_tab_opens_a_units_dues(window, monkeypatch):
    opened = []
    monkeypatch.setattr(DuesDialog, "exec", lambda self: opened.append(self.windowTitle()) or 0)
    tab = window.submissions_tab
    window.tabs.setCurrentWidget(tab)
    bb = next(r for r in tab.panel.rows() if r.unit == "UBND xã Bản Bo")
    tab.panel.row_activated.emit(bb)
    assert opened == ["Hồ sơ phải nộp năm 2025 — UBND xã Bản Bo"]
    assert {"Hạn nộp, miễn nộp…", "Danh sách đôn đốc…"} <= {a.text() for a in tab.panel.toolbar.actions()}
