"""The ledger tab's own actions: revoke an award (reason required, confirmed, the row stays
struck through), correct one (a new entry pointing at the old), and the recipient's history."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from app import audit
from db.models import Award
from ui.award_dialogs import CorrectDialog, RevokeDialog
from ui.person_history_dialog import PersonHistoryDialog


def _action(panel, text):
    return next(a for a in panel.toolbar.actions() if a.text() == text)


def _select(window, name: str, year: int | None = None):
    tab = window.awards_tab
    window.tabs.setCurrentWidget(tab)
    tab.all_years_box.setChecked(True)
    panel = tab.panel
    panel.set_search("")
    for i in range(panel.proxy.rowCount()):
        row = panel.proxy.row_at(i)
        if row.recipient == name and (year is None or row.year == year):
            panel.table.selectRow(i)
            return row
    raise AssertionError(f"{name} {year} not in the ledger")


def _shown(panel, award_id):
    for i in range(panel.proxy.rowCount()):
        if panel.proxy.row_at(i).id == award_id:
            return i
    raise AssertionError(award_id)


def test_revoking_from_the_ledger_needs_a_reason_and_a_yes(qtbot, window):
    hooks = window.dossier_hooks
    row = _select(window, "Lò Thị Mai", 2025)
    _action(window.awards_tab.panel, "Thu hồi…").trigger()
    dialog = hooks.last
    assert isinstance(dialog, RevokeDialog)
    assert "Lò Thị Mai" in dialog.what.text() and dialog.ok_button.isEnabled()
    dialog.ok_button.click()  # no reason typed
    assert "phải ghi rõ lý do" in dialog.message.label.text()
    assert dialog.isVisible()
    dialog.reason.setPlainText("Kê khai thành tích không đúng sự thật")
    asked = []
    dialog.confirm = lambda _parent, _title, text: asked.append(text) or False
    dialog.ok_button.click()
    assert "Lò Thị Mai" in asked[0] and "vẫn giữ trong sổ" in asked[0]
    with window.db.session() as s:
        assert not s.get(Award, row.id).revoked  # answered "no": nothing written
    dialog.confirm = lambda *_: True
    dialog.ok_button.click()
    assert not dialog.isVisible()
    panel = window.awards_tab.panel
    i = _shown(panel, row.id)
    assert panel.proxy.index(i, 10).data() == "Đã thu hồi"
    assert panel.proxy.index(i, 0).data(Qt.ItemDataRole.FontRole).strikeOut()
    assert "Kê khai thành tích không đúng sự thật" in panel.proxy.index(i, 10).data(Qt.ItemDataRole.ToolTipRole)
    with window.db.session() as s:
        award = s.get(Award, row.id)
        assert award.revoked and award.revoke_reason == "Kê khai thành tích không đúng sự thật"
        assert any(line.action == "update" and ("revoked", False, True) in line.changes
                   for line in audit.history(s, Award, row.id))


def test_an_award_already_revoked_cannot_be_revoked_or_corrected(qtbot, window):
    hooks = window.dossier_hooks
    _select(window, "Vàng A Sử", 2024)
    hooks.revoke_selected()
    assert not hooks.last.ok_button.isEnabled()
    assert "đã bị thu hồi" in hooks.last.message.label.text()
    hooks.last.close()
    hooks.correct_selected()
    assert isinstance(hooks.last, CorrectDialog) and not hooks.last.ok_button.isEnabled()
    hooks.last.close()


def test_a_wrong_date_is_refused_with_the_cursor_on_it(qtbot, window):
    hooks = window.dossier_hooks
    row = _select(window, "Nguyễn Văn Đức", 2025)
    hooks.revoke_selected()
    dialog = hooks.last
    dialog.revoked_on.setDate(row.decision_date.replace(day=1))  # before the decision
    dialog.reason.setPlainText("Khai sai")
    dialog.confirm = lambda *_: True
    dialog.ok_button.click()
    assert "trước ngày quyết định khen thưởng" in dialog.message.label.text()
    assert dialog.isVisible()


def test_correcting_adds_an_entry_pointing_at_the_old_one(qtbot, window):
    hooks = window.dossier_hooks
    row = _select(window, "Sùng Lử Páo", 2023)
    _action(window.awards_tab.panel, "Đính chính…").trigger()
    dialog = hooks.last
    assert isinstance(dialog, CorrectDialog)
    assert dialog.recipient_name.text() == "Sùng Lử Páo" and dialog.year.value() == 2023
    dialog.ok_button.click()
    assert "Chưa có nội dung đính chính" in dialog.message.label.text()
    dialog.year.setValue(2022)
    dialog.position.setText("Chủ tịch UBND xã")
    dialog.ok_button.click()
    assert "phải ghi rõ lý do" in dialog.message.label.text()
    dialog.reason.setPlainText("Ghi nhầm năm thành tích")
    asked = []
    dialog.confirm = lambda _p, _t, text: asked.append(text) or True
    dialog.ok_button.click()
    assert "Năm thành tích: 2023 → 2022" in asked[0] and "Chức vụ: (trống) → Chủ tịch UBND xã" in asked[0]
    assert not dialog.isVisible()
    with window.db.session() as s:
        new = s.scalar(select(Award).where(Award.corrects_id == row.id))
        assert (new.year, new.position, new.recipient_name) == (2022, "Chủ tịch UBND xã", "Sùng Lử Páo")
        new_id = new.id
    panel = window.awards_tab.panel
    assert panel.proxy.index(_shown(panel, row.id), 10).data() == "Đã đính chính"
    assert panel.proxy.index(_shown(panel, new_id), 10).data() == "Bản đính chính"
    # The old entry cannot be corrected twice: the newest one is.
    _select(window, "Sùng Lử Páo", 2023)
    hooks.correct_selected()
    assert not hooks.last.ok_button.isEnabled()
    assert "đã được đính chính" in hooks.last.message.label.text()


def test_nothing_selected_says_so(qtbot, window):
    window.tabs.setCurrentWidget(window.awards_tab)
    window.awards_tab.panel.set_search("không có ai tên này")
    assert window.dossier_hooks.revoke_selected() is None
    assert "Chọn một dòng" in window.statusBar().currentMessage()


def test_history_of_the_selected_recipient_from_the_ledger(qtbot, window):
    hooks = window.dossier_hooks
    _select(window, "Tẩn Láo Lở", 2024)
    _action(window.awards_tab.panel, "Lịch sử khen thưởng…").trigger()
    dialog = hooks.last
    assert isinstance(dialog, PersonHistoryDialog)
    assert dialog.search.text() == "Tẩn Láo Lở"
    years = {dialog.lines.item(r, 0).text() for r in range(dialog.lines.rowCount())}
    assert {"2023", "2024", "2025"} <= years
