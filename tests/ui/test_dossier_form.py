"""Receiving a dossier by hand from the keyboard: unit found without accents, nominees typed in
the grid, one transaction; a bad row names itself, gets the cursor, and nothing is stored."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dossier_office import build  # noqa: E402

from db.models import Dossier, Nominee  # noqa: E402
from ui.dossier_form import AddNomineesDialog, NomineeGrid, ReceiveDialog  # noqa: E402

TODAY = dt.date(2025, 12, 1)


@pytest.fixture
def office(db):
    return db, build(db)


def open_form(qtbot, db, ops):
    form = ReceiveDialog(db, ops, year=2025, today=TODAY)
    qtbot.addWidget(form)
    form.show()
    return form


def fill(grid: NomineeGrid, rows):
    for r, values in enumerate(rows):
        for key, value in values.items():
            grid.set_text(r, key, value)


def test_the_unit_completes_without_accents(qtbot, office, ops):
    db, _ = office
    form = open_form(qtbot, db, ops)
    completer = form.unit.completer()
    completer.setCompletionPrefix("khun ha")
    assert completer.currentCompletion() == "UBND xã Khun Há"
    completer.setCompletionPrefix("Bản Bo")
    assert completer.currentCompletion() == "UBND xã Bản Bo"


def test_receiving_with_typed_nominees(qtbot, office, ops):
    db, ids = office
    form = open_form(qtbot, db, ops)
    qtbot.keyClicks(form.unit.lineEdit(), "khun ha")  # no accents, not picked from the list
    form.category.setCurrentIndex(form.category.findData("sudden"))
    form.title.setText("Đề nghị khen thưởng đột xuất")
    fill(form.grid, [{"name": "Giàng A Páo", "award": "GK", "achievement": "Cứu người trong lũ"},
                     {"name": "UBND xã Khun Há", "subject": "Tập thể", "award": "Giấy khen",
                      "achievement": "Khắc phục hậu quả lũ"}])
    assert form.grid.rowCount() == 3  # a blank row waits for the next
    qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert form.created_id is not None
    with db.session() as s:
        dossier = s.get(Dossier, form.created_id)
        assert (dossier.number, dossier.category, dossier.received_on) == ("HS-2025-0002", "sudden", TODAY)
        assert dossier.due_on == dt.date(2025, 12, 8)  # 5 working days
        names = [(n.name, n.subject) for n in dossier.nominees]
    assert names == [("Giàng A Páo", "individual"), ("UBND xã Khun Há", "collective")]


def test_a_bad_row_is_named_focused_and_nothing_is_stored(qtbot, office, ops):
    db, _ = office
    form = open_form(qtbot, db, ops)
    form.unit.setCurrentText("UBND xã Bản Bo")
    fill(form.grid, [{"name": "Lò Văn A", "award": "LĐTT"},
                     {"name": "Lò Văn B", "award": "Huy chương vàng"}])
    form.save()
    assert form.created_id is None
    assert "Dòng 2" in form.message.label.text() and "Huy chương vàng" in form.message.label.text()
    assert (form.grid.currentRow(), form.grid.currentColumn()) == (1, NomineeGrid.column("award"))
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Dossier)) == 1
    fill(form.grid, [{"name": "Lò Văn A", "award": "LĐTT"}, {"name": "", "award": "LĐTT"}])
    form.save()
    assert "Dòng 2: chưa nhập họ tên" in form.message.label.text()


def test_an_unknown_or_ambiguous_unit_is_refused_on_the_unit_field(qtbot, office, ops):
    db, _ = office
    form = open_form(qtbot, db, ops)
    form.unit.setCurrentText("Xã Không Có")
    form.save()
    assert "Không có đơn vị “Xã Không Có”" in form.message.label.text()
    form.unit.setCurrentText("ubnd xa")
    form.save()
    assert "khớp nhiều đơn vị" in form.message.label.text()
    assert form.created_id is None


def test_adding_nominees_to_an_open_dossier(qtbot, office, ops):
    db, ids = office
    dialog = AddNomineesDialog(db, ops, ids["dossier"])
    qtbot.addWidget(dialog)
    fill(dialog.grid, [{"name": "Vàng Thị Mai", "award": "Lao động tiên tiến", "birth_year": "1979"}])
    dialog.save()
    with db.session() as s:
        added = s.scalar(select(Nominee).where(Nominee.name == "Vàng Thị Mai"))
        assert added.person_id == ids["people"]["Vàng Thị Mai"]
