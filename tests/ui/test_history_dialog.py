"""The history of a record and the whole change log: what shows, and that it is read-only."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView
from sqlalchemy import select

from app.session_user import Actor, acting_as
from db.models import Dossier, Nominee


def _texts(dialog):
    return [[dialog.table.item(r, c).text() for c in range(dialog.table.columnCount())]
            for r in range(dialog.table.rowCount())]


def test_a_dossier_shows_its_history(qtbot, office_db, tmp_path):
    from ui.history_dialog import HistoryDialog

    with office_db.session() as s:
        dossier_id = s.scalar(select(Dossier.id).where(Dossier.number == "HS-2025-0001"))
    with acting_as(Actor("ha.nguyen", signed_in=True, role="clerk")), office_db.session() as s:
        dossier = s.get(Dossier, dossier_id)
        dossier.status = "appraising"
        dossier.notes = "Thiếu biên bản bình xét"
    dialog = HistoryDialog(office_db, entity="dossiers", entity_id=dossier_id, title="HS-2025-0001")
    qtbot.addWidget(dialog)
    dialog.show()
    rows = _texts(dialog)
    assert dialog.windowTitle() == "Lịch sử thay đổi — HS-2025-0001"
    changed = [r for r in rows if r[2] == "Sửa"]
    assert {(r[5], r[6], r[7]) for r in changed} == {
        ("Trạng thái", "Đã tiếp nhận", "Đang thẩm định"), ("Ghi chú", "", "Thiếu biên bản bình xét")}
    assert all(r[1] == "ha.nguyen" and r[3] == "Hồ sơ" for r in changed)
    assert rows[0][2] == "Sửa"  # newest first
    created = [r for r in rows if r[2] == "Thêm"]
    assert len(created) == 1 and "Số: HS-2025-0001" in created[0][7] and created[0][5] == "(cả bản ghi)"
    assert not dialog.kind.isVisible()
    assert dialog.table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    dialog.grab().save(str(tmp_path / "history_dialog.png"))  # to look at


def test_the_whole_log_filters_by_kind_and_by_search_without_diacritics(qtbot, office_db):
    from ui.history_dialog import HistoryDialog

    with office_db.session() as s:
        s.scalar(select(Nominee).limit(1)).appraisal_note = "Đủ điều kiện Điều 24"
    dialog = HistoryDialog(office_db)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Nhật ký thay đổi"
    total = dialog.table.rowCount()
    dialog.kind.setCurrentIndex(dialog.kind.findData("nominees"))
    assert 0 < dialog.table.rowCount() < total
    assert {row[3] for row in _texts(dialog)} == {"Người/tập thể được đề nghị"}
    dialog.search.setText("du dieu kien dieu 24")
    rows = _texts(dialog)
    assert len(rows) == 1 and rows[0][7] == "Đủ điều kiện Điều 24"
    dialog.search.setText("khong co gi nhu the")
    assert dialog.table.rowCount() == 0 and "Chưa có thay đổi" in dialog.count.text()
