"""The history screen says where each award came from: an award book imported from a file
names the file; and a person found across four yearly sheets shows one line a year."""

from __future__ import annotations

from sqlalchemy import select

from app.imports import commit_import, read_file
from db.models import Person
from tests.app.excel import history_books as books
from ui.person_history_dialog import HISTORY_HEADERS, PersonHistoryDialog


def test_imported_lines_name_their_book(qtbot, office_db, ops, tmp_path):
    sheets, _ = books.yearly_sheets()
    path = books.write(tmp_path / "so-2022-2024.xls", sheets)
    with office_db.session() as s:
        commit_import(s, read_file(s, path))
    with office_db.session() as s:
        mai = s.scalar(select(Person.id).where(Person.full_name == "Nguyễn Thị Mai"))
    dialog = PersonHistoryDialog(office_db, ops, person_id=mai)
    qtbot.addWidget(dialog)
    dialog.show()
    source = HISTORY_HEADERS.index("Nguồn")
    lines = [(dialog.lines.item(r, 0).text(), dialog.lines.item(r, 1).text(), dialog.lines.item(r, source).text())
             for r in range(dialog.lines.rowCount())]
    assert sorted(lines) == sorted([
        ("2024", "Lao động tiên tiến", "Nhập từ sổ khen thưởng (so-2022-2024.xls)"),
        ("2023", "Lao động tiên tiến", "Nhập từ sổ khen thưởng (so-2022-2024.xls)"),
        ("2023", "Giấy khen", "Nhập từ sổ khen thưởng (so-2022-2024.xls)"),
        ("2022", "Lao động tiên tiến", "Nhập từ sổ khen thưởng (so-2022-2024.xls)")])
    dialog.grab().save(str(tmp_path / "history-source.png"))
