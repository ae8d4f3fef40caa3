"""Personal data: ID-card numbers leave the program only when the user asks."""

from __future__ import annotations

from sqlalchemy import select

from app.privacy import export_allows, masked_id_number, redact_person_fields
from db.models import Person


def test_id_number_is_stored_on_the_person(db):
    with db.session() as s:
        s.add(Person(full_name="Lò Thị Mai", match_key="lo thi mai", id_number="012345678901"))
    with db.session() as s:
        assert s.scalar(select(Person.id_number)) == "012345678901"


def test_exports_omit_id_number_unless_asked():
    row = {"full_name": "Lò Thị Mai", "id_number": "012345678901", "position": "Giáo viên"}
    assert redact_person_fields(row) == {"full_name": "Lò Thị Mai", "position": "Giáo viên"}
    assert redact_person_fields(row, include_id_number=True) == row
    assert not export_allows("cccd") and export_allows("cccd", include_id_number=True)
    assert export_allows("full_name")


def test_masked_id_number_shows_last_four_digits():
    assert masked_id_number("012345678901") == "********8901"
    assert masked_id_number(None) == "" and masked_id_number("12") == "12"
