"""Namesakes without a birth year (issue 19, t19 points 2 and 6): the provinces' templates carry
no birth year, so two lists of one commune naming "Bàn Văn Sơn" in other positions are two
people until the clerk says otherwise — a `person_near_match` to confirm, never a silent merge
that rewrites the record or makes one man "proposed twice"; and a near match never claims a
birth-year agreement the file cannot have."""

from __future__ import annotations

from sqlalchemy import func, select

from app.imports import commit_import, read_file
from app.text import fold, match_key
from db.models import Nominee, Person, Unit
from tests.app.excel.books import xlsx

HEADER = ["STT", "Tên gọi", "Họ và tên", "Chức vụ", "Đơn vị công tác", "Danh hiệu đề nghị"]


def _office(db):
    with db.session() as s:
        for code, name in (("XA_BAN_BO", "UBND xã Bản Bo"), ("XA_NA_TAM", "UBND xã Nà Tăm")):
            s.add(Unit(code=code, name=name, short_name=name[5:], kind="commune", search_key=fold(name)))
    return db


def _list(path, rows):
    title = [["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025"], [], HEADER]
    return xlsx(path, title + [[i + 1, *row] for i, row in enumerate(rows)])


def _import(db, path, *, commit=True):
    with db.session() as s:
        preview = read_file(s, path, unit="XA_BAN_BO", year=2025)
    if commit:
        commit_import(db, preview)
    return preview


def test_same_name_no_birth_year_other_position_is_asked_not_merged(db, tmp_path):
    _office(db)
    _import(db, _list(tmp_path / "ubnd.xlsx", [["Đồng chí", "Bàn Văn Sơn", "Phó Chủ tịch UBND xã", "UBND xã Bản Bo",
                                                 "Lao động tiên tiến"]]))
    village = _import(db, _list(tmp_path / "ban.xlsx", [["Ông", "Bàn Văn Sơn", "Trưởng bản", "Bản Nà Khum",
                                                        "Lao động tiên tiến"]]))
    (row,) = village.rows
    assert row.match.kind == "near"
    (said,) = [p for p in village.problems if p.code == "person_near_match"]
    assert said.severity == "warning" and said.cell == "C4"
    assert "Phó Chủ tịch UBND xã" in said.message and "năm sinh" in said.message
    with db.session() as s:
        people = s.scalars(select(Person).where(Person.match_key == match_key("Bàn Văn Sơn"))).all()
        assert len(people) == 1  # the first list's man, untouched
        assert people[0].gender is None and people[0].position == "Phó Chủ tịch UBND xã"
        linked = s.scalars(select(Nominee.person_id).where(Nominee.name == "Bàn Văn Sơn")).all()
        assert sorted(linked, key=lambda v: v or 0) == [None, people[0].id]  # the second waits for the clerk
    # and no "proposed twice" for the one man: the village's Sơn is not linked to him
    assert not [p for p in village.problems if p.code == "eligibility_already_proposed"]


def test_same_name_no_birth_year_same_position_is_the_same_person(db, tmp_path):
    _office(db)
    row = ["Ông", "Bàn Văn Sơn", "Trưởng bản", "Bản Nà Khum", "Lao động tiên tiến"]
    _import(db, _list(tmp_path / "a.xlsx", [row]))
    again = _import(db, _list(tmp_path / "b.xlsx", [row[:4] + ["Giấy khen"]]), commit=False)
    assert again.rows[0].match.kind == "exact"


def test_two_namesakes_in_one_list_without_birth_year_are_two_people(db, tmp_path):
    _office(db)
    _import(db, _list(tmp_path / "a.xlsx", [["Ông", "Lò Văn Pâng", "Trưởng bản", "Bản Nà Khum", "Lao động tiên tiến"],
                                             ["Ông", "Lò Văn Pâng", "Công an viên", "Bản Sang", "Lao động tiên tiến"]]))
    with db.session() as s:
        positions = s.scalars(select(Person.position).where(Person.match_key == match_key("Lò Văn Pâng"))).all()
        assert sorted(positions) == ["Công an viên", "Trưởng bản"]


def test_a_near_match_in_another_unit_does_not_claim_a_birth_year_match(db, tmp_path):
    _office(db)
    with db.session() as s:
        other = s.scalar(select(Unit.id).where(Unit.code == "XA_NA_TAM"))
        s.add(Person(full_name="Tòng Văn Ngoan", match_key=match_key("Tòng Văn Ngoan"), birth_year=1979,
                     unit_id=other))
        assert s.scalar(select(func.count()).select_from(Person)) == 1
    preview = _import(db, _list(tmp_path / "a.xlsx", [[None, "Tòng Văn Ngoan", "Công chức", "UBND xã Bản Bo",
                                                       "Lao động tiên tiến"]]), commit=False)
    (said,) = [p for p in preview.problems if p.code == "person_near_match"]
    assert "trùng tên và năm sinh" not in said.message
    assert "thiếu năm sinh" in said.message and "UBND xã Nà Tăm" in said.message
