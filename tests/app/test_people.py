"""People and collectives: history across years, accent-insensitive search, merging."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.errors import ValidationError
from app.people import find_people, merge_people, person_history, unit_history
from db.models import AuditEntry, Award, Person, PersonRating


def test_find_people_without_accents(world):
    unit = world.unit()
    world.person("Nguyễn Văn Đức", unit, birth_year=1980)
    world.person("Nguyễn Thị Mai", unit)
    world.person("Lò Văn Đức", unit)
    assert [p.name for p in find_people(world.s, "nguyen van duc")] == ["Nguyễn Văn Đức"]
    assert [p.name for p in find_people(world.s, "DUC")] == ["Lò Văn Đức", "Nguyễn Văn Đức"]
    assert find_people(world.s, "  ") == []


def test_person_history_lists_every_award_with_decisions_and_marks(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit, birth_year=1980, position="Công chức Văn phòng")
    world.award(an, "LDTT", 2023, decision="10/QĐ-UBND")
    revoked = world.award(an, "CSTDCS", 2024, decision="20/QĐ-UBND", revoked=True,
                          revoked_on=dt.date(2025, 3, 1), revoke_reason="Khai sai")
    world.rating(an, 2024, "HTXSNV")
    world.nominate(world.dossier(unit, status="appraising"), an, "CSTDCS")
    h = person_history(world.s, an.id)
    assert h.title == "Nguyễn Văn An"
    assert "sinh năm 1980" in h.subtitle and "Xã Bản Bo" in h.subtitle
    assert [(line.year, line.award, line.decision) for line in h.lines] == [
        (2024, "Chiến sĩ thi đua cơ sở", "20/QĐ-UBND"), (2023, "Lao động tiên tiến", "10/QĐ-UBND")]
    assert h.lines[0].revoked and "Đã thu hồi 01/03/2025: Khai sai" == h.lines[0].note
    assert h.ratings == [(2024, "HTXSNV — Hoàn thành xuất sắc nhiệm vụ")]
    assert h.nominations[0][2] == "Chiến sĩ thi đua cơ sở"
    assert revoked.id == h.lines[0].award_id


def test_a_merged_commune_keeps_its_history_under_the_old_name(world):
    binh_lu = world.unit("Xã Bình Lư")
    son_binh = world.unit("Xã Sơn Bình", merged_into_id=binh_lu.id, merged_on=dt.date(2025, 7, 1))
    world.award(son_binh, "TTLDTT", 2023)
    world.award(binh_lu, "TTLDXS", 2025)
    h = unit_history(world.s, binh_lu.id)
    assert "Xã Sơn Bình" in h.subtitle
    assert [(line.year, line.recipient) for line in h.lines] == [(2025, "Xã Bình Lư"), (2023, "Xã Sơn Bình")]


def test_merging_two_records_moves_everything_and_audits(world):
    unit = world.unit()
    keep = world.person("Nguyễn Văn An", unit)
    drop = world.person("Nguyen Van An", unit, birth_year=1980)
    world.award(drop, "LDTT", 2023)
    world.award(keep, "LDTT", 2024)
    world.rating(drop, 2023, "HTTNV")
    world.rating(drop, 2024, "HTNV")
    world.rating(keep, 2024, "HTXSNV")
    world.nominate(world.dossier(unit), drop, "CSTDCS")
    with pytest.raises(ValidationError):
        merge_people(world.s, keep.id, keep.id)
    merge_people(world.s, keep.id, drop.id, "Cùng một người, nhập hai lần")
    assert world.s.get(Person, drop.id) is None
    assert keep.birth_year == 1980
    assert sorted(a.year for a in world.s.scalars(select(Award).where(Award.person_id == keep.id))) == [2023, 2024]
    ratings = dict(world.s.execute(select(PersonRating.year, PersonRating.rating)
                                   .where(PersonRating.person_id == keep.id)).all())
    assert ratings == {2023: "HTTNV", 2024: "HTXSNV"}
    notes = world.s.scalars(select(AuditEntry.note).where(AuditEntry.entity == "people",
                                                          AuditEntry.entity_id == drop.id)).all()
    assert "Cùng một người, nhập hai lần" in notes
    assert len(person_history(world.s, keep.id).lines) == 2


def _named(world, name, code, year, unit=None, unit_text="", subject="individual", **kw):
    from app.awards import award_search_key

    award = Award(subject=subject, recipient_name=name, unit_id=unit.id if unit else None,
                  unit_text=unit_text or (unit.name if unit else ""), award_type_id=world.types[code].id,
                  year=year, decision_number=f"{year}/QĐ-UBND", decision_date=dt.date(year, 12, 20),
                  search_key=award_search_key(name, unit_text or (unit.name if unit else ""),
                                              world.types[code].name, f"{year}/QĐ-UBND"), **kw)
    world.s.add(award)
    world.s.flush()
    return award


def test_history_of_a_line_named_without_a_record(world):
    from app.people import named_history

    bo = world.unit("Xã Bản Bo")
    ho = world.unit("Xã Hồ Thầu", merged_into_id=bo.id)
    first = _named(world, "Lò Văn Pọm", "LDTT", 2021, ho)
    _named(world, "LÒ VĂN  PỌM", "LDTT", 2022, bo)  # the same man after the merger, typed in capitals
    _named(world, "Lò Văn Pọm", "GK", 2022, world.unit("Xã Khun Há"))  # someone else elsewhere
    _named(world, "Lò Văn Pọm", "LDTT", 2020, ho, revoked=True)  # revoked without a date
    world.award(world.person("Lò Văn Pọm", bo), "CSTDCS", 2023)  # a record: not a named line
    h = named_history(world.s, first.id)
    assert h.title == "Lò Văn Pọm" and "chưa có hồ sơ cá nhân" in h.subtitle
    assert [(line.year, line.award) for line in h.lines] == [
        (2022, "Lao động tiên tiến"), (2021, "Lao động tiên tiến"), (2020, "Lao động tiên tiến")]
    assert h.lines[-1].note == "Đã thu hồi"


def test_history_of_a_household_named_by_its_village_text(world):
    from app.people import named_history

    one = _named(world, "Hộ ông Tẩn Văn Lở", "GDVH", 2023, unit_text="Bản Nà Tăm", subject="household")
    _named(world, "Hộ ông Tẩn Văn Lở", "GDVH", 2024, unit_text="Bản Nà Tăm", subject="household")
    _named(world, "Hộ ông Tẩn Văn Lở", "GDVH", 2024, unit_text="Bản Hon", subject="household")
    h = named_history(world.s, one.id)
    assert [line.year for line in h.lines] == [2024, 2023]
    assert "Bản Nà Tăm" in h.subtitle
