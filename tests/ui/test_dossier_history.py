"""Award history: found by name without accents, every award with its decision, revoked ones
struck through; two records of one person merged."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dossier_office import build  # noqa: E402

from app.text import match_key  # noqa: E402
from db.models import Award, AwardType, Person  # noqa: E402
from ui.person_history_dialog import PersonHistoryDialog  # noqa: E402


@pytest.fixture
def office(db):
    ids = build(db)
    with db.session() as s:
        gk = s.scalar(select(AwardType).where(AwardType.code == "GK"))
        s.add(Award(subject="individual", person_id=ids["people"]["Vàng Thị Mai"], recipient_name="Vàng Thị Mai",
                    award_type_id=gk.id, year=2024, kind="sudden", decision_number="77/QĐ-UBND",
                    decision_date=dt.date(2024, 8, 1), issuer="UBND huyện Tam Đường", revoked=True,
                    revoked_on=dt.date(2025, 1, 5), revoke_reason="Khai sai thành tích", money=710000))
        dup = Person(full_name="Vang Thi Mai", match_key=match_key("Vang Thi Mai"), birth_year=1979)
        s.add(dup)
        s.flush()
        s.add(Award(subject="individual", person_id=dup.id, recipient_name="Vang Thi Mai",
                    award_type_id=gk.id, year=2022, kind="regular", decision_number="10/QĐ-UBND",
                    decision_date=dt.date(2022, 12, 1), issuer="UBND huyện Tam Đường"))
        ids["dup"] = dup.id
    return db, ids


def test_search_without_accents_and_history_with_decisions(qtbot, office, ops):
    db, ids = office
    dialog = PersonHistoryDialog(db, ops, query="vang thi mai")
    qtbot.addWidget(dialog)
    assert [dialog.people.item(r, 0).text() for r in range(dialog.people.rowCount())] == [
        "Vang Thi Mai", "Vàng Thị Mai"]
    mai = next(r for r in range(dialog.people.rowCount()) if dialog.people.item(r, 0).text() == "Vàng Thị Mai")
    dialog.people.setCurrentCell(mai, 0)
    assert dialog.title.text() == "Vàng Thị Mai"
    rows = [[dialog.lines.item(r, c).text() for c in (0, 1, 5, 8)] for r in range(dialog.lines.rowCount())]
    assert rows == [["2024", "Giấy khen", "77/QĐ-UBND", "710.000"], ["2023", "Lao động tiên tiến", "50/QĐ-UBND", "540.000"]]
    assert dialog.lines.item(0, 0).font().strikeOut()
    assert dialog.lines.item(0, 9).text() == "Đã thu hồi 05/01/2025: Khai sai thành tích"
    assert "2025: HTXSNV" in dialog.extra.text()


def test_collective_history(qtbot, office, ops):
    db, ids = office
    dialog = PersonHistoryDialog(db, ops, unit_id=ids["unit"])
    qtbot.addWidget(dialog)
    assert dialog.title.text() == "UBND xã Bản Bo"
    assert "Chưa có khen thưởng nào trong sổ." in dialog.extra.text()


def test_merging_two_records(qtbot, office, ops):
    db, ids = office
    dialog = PersonHistoryDialog(db, ops, query="vang thi mai")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.confirm = lambda text: True
    dialog.ask = lambda *a, **k: "Cùng năm sinh, cùng đơn vị"
    keep = next(r for r in range(dialog.people.rowCount()) if dialog.people.item(r, 0).text() == "Vàng Thị Mai")
    dialog.people.setCurrentCell(keep, 0)  # the record clicked first is the one kept
    dialog.people.selectAll()  # then Ctrl+click on the duplicate: both rows selected
    assert len(dialog.people.selectionModel().selectedRows()) == 2
    dialog.merge_selected()
    with db.session() as s:
        assert s.get(Person, ids["dup"]) is None, dialog.message.label.text()
    assert "Đã gộp hồ sơ Vang Thi Mai vào Vàng Thị Mai" in dialog.message.label.text()
    assert dialog.people.rowCount() == 1
    assert dialog.lines.rowCount() == 3
