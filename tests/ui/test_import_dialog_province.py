"""The import dialog on a province system's template filled by a unit (issue 19): the clerk
picks the unit and year the template does not carry, and sees the rows as understood — the
rank taken out of the name, the household, the awards from the visible column — and, among
the problems, that the instruction sheet was skipped."""

from __future__ import annotations

import os

from tests.app.excel import province_books as pb
from ui.import_dialog import ImportDialog


def _column(table, header: str) -> int:
    return next(c for c in range(table.columnCount()) if table.header_text(c) == header)


def test_a_filled_mautdkt_template_shows_as_understood(qtbot, office_db, ops, tmp_path):
    dialog = ImportDialog(office_db, ops, [pb.mautdkt(tmp_path / "MauTDKT-xa.xlsx")])
    qtbot.addWidget(dialog)
    dialog.resize(1366, 768)
    dialog.show()
    dialog.unit_box.setCurrentIndex(dialog.unit_box.findText("UBND xã Bản Bo"))
    dialog._guesses_changed()
    dialog.year_box.setValue(2025)
    dialog._guesses_changed()
    assert dialog.confirm_button.isEnabled()
    assert "5 cá nhân, 1 tập thể, 1 hộ gia đình" in dialog.summary.text()
    rows = dialog.rows
    names = [rows.cell_text(r, _column(rows, "Họ và tên")) for r in range(rows.rowCount())]
    titles = [rows.cell_text(r, _column(rows, "Tên gọi, cấp bậc")) for r in range(rows.rowCount())]
    awards = [rows.cell_text(r, _column(rows, "Danh hiệu, hình thức")) for r in range(rows.rowCount())]
    assert names[:3] == ["Sùng A Chớ", "Vừ A Lềnh", "Trương Thị Mai"]
    assert titles[:3] == ["Ông", "Thiếu úy", "Bà"] and titles[-1] == "Thượng tá"
    assert awards[0] == "Chiến sĩ thi đua cơ sở" and awards[5] == "Lao động tiên tiến"  # a code typed in G
    kinds = [rows.cell_text(r, _column(rows, "Đối tượng")) for r in range(rows.rowCount())]
    assert "Hộ gia đình" in kinds and "Tập thể" in kinds
    said = [dialog.problems.item(i, 2).text() for i in range(dialog.problems.rowCount())]
    assert any("Hướng dẫn" in s and "hướng dẫn" in s for s in said)
    if shots := os.environ.get("TDKT_SHOTS"):
        dialog.grab().save(os.path.join(shots, "import-mautdkt.png"))
