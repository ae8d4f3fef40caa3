"""The import dialog on an award book of earlier years (kind ledger), with real widgets: the
sheets read together, each line's year, decision and place in the ledger, a near match
confirmed by the clerk, then written; the same book again has nothing to write."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from db.models import Award, Person
from tests.app.excel import history_books as books
from ui.import_dialog import ImportDialog
from ui.import_rows import LEDGER_HEADERS


def _count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def _cell(table, row: int, header: str) -> str:
    return table.cell_text(row, LEDGER_HEADERS.index(header))


def _book(tmp_path: Path) -> Path:
    sheets, _ = books.yearly_sheets()
    return books.write(tmp_path / "so-khen-thuong-2022-2024.xlsx", sheets)


def test_an_award_book_is_shown_line_by_line_then_written(qtbot, office_db, ops, tmp_path):
    written = []
    path = _book(tmp_path)
    dialog = ImportDialog(office_db, ops, [path], on_written=written.append)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.kind_box.currentData() == "ledger"
    assert [dialog.rows.header_text(c) for c in range(dialog.rows.columnCount())] == LEDGER_HEADERS
    assert dialog.rows.rowCount() == 10
    assert (_cell(dialog.rows, 0, "Trang"), _cell(dialog.rows, 0, "Họ và tên"), _cell(dialog.rows, 0, "Năm")) == (
        "Năm 2022", "Lò Văn Páo", "2022")
    assert _cell(dialog.rows, 0, "Quyết định") == "102/QĐ-UBND ngày 20/12/2022"
    assert _cell(dialog.rows, 8, "Năm") == "2024" and _cell(dialog.rows, 8, "Trang") == "2024"
    assert {_cell(dialog.rows, i, "Sổ khen thưởng") for i in range(10)} == {"Mới — sẽ ghi"}
    near = next(i for i in range(10) if _cell(dialog.rows, i, "Đối chiếu cá nhân").startswith("Gần giống"))
    assert _cell(dialog.rows, near, "Họ và tên") == "Tẩn Láo Lở"
    assert "10 khen thưởng: <b>10 mới</b>" in dialog.summary.text() and "các năm 2022–2024" in dialog.summary.text()
    assert dialog.year_label.text() == "Năm (dòng không ghi năm):"
    assert dialog.confirm_button.isEnabled()
    dialog.grab().save(str(tmp_path / "import-ledger.png"))

    first = dialog.current().preview.rows[near].match.candidates[0]
    dialog.confirm_person(near, answer=next(o for o in [
        f"Cùng người: {first.name} ({first.birth_year}) — {first.reason}"]))
    assert _cell(dialog.rows, near, "Đối chiếu cá nhân") == "Cùng người (đã xác nhận)"
    people, awards = _count(office_db, Person), _count(office_db, Award)
    dialog.confirm()
    assert written and "ledger" in written[0]
    assert "đã nhập" in dialog.file_list.item(0).text() and "10 khen thưởng" in dialog.summary.text()
    assert _count(office_db, Award) == awards + 10 and _count(office_db, Person) == people + 3
    assert not dialog.confirm_button.isEnabled()

    again = ImportDialog(office_db, ops, [path])  # the same file (the same bytes)
    qtbot.addWidget(again)
    again.show()
    assert "đã nhập trước đây" in again.file_list.item(0).text()
    assert {_cell(again.rows, i, "Sổ khen thưởng") for i in range(10)} == {"Đã có trong sổ"}
    assert not again.confirm_button.isEnabled()


def test_the_year_box_dates_only_the_rows_the_book_leaves_undated(qtbot, office_db, ops, tmp_path):
    rows = [["DANH SÁCH KHEN THƯỞNG"], [],
            ["STT", "Họ và tên", "Năm sinh", "Danh hiệu", "Năm"],
            [1, "Lò Văn Một", 1980, "LĐTT", 2022],
            [2, "Lò Thị Hai", 1991, "LĐTT", None]]
    path = books.write(tmp_path / "mot-phan.xlsx", [("Sheet1", rows, ())])
    dialog = ImportDialog(office_db, ops, [path])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.kind_box.currentData() == "ledger" and not dialog.confirm_button.isEnabled()
    dialog.unit_box.setCurrentIndex(dialog.unit_box.findText("UBND xã Bản Bo"))
    dialog._guesses_changed()  # another guess changed: the undated row stays undated
    assert _cell(dialog.rows, 1, "Năm") == "" and not dialog.confirm_button.isEnabled()
    dialog.year_box.setValue(2023)
    dialog._year_changed()
    assert (_cell(dialog.rows, 0, "Năm"), _cell(dialog.rows, 1, "Năm")) == ("2022", "2023")
    assert dialog.confirm_button.isEnabled() and _cell(dialog.rows, 1, "Đơn vị") == ""
