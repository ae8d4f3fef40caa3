"""People added and corrected by hand (the person page, `tdkt person`): gender, birth year and
ethnicity as the yearly report counts them; a second record of the same person refused."""

from __future__ import annotations

import json

import pytest

from app.cli import main
from app.errors import ValidationError
from app.person_records import PersonData, add_person, edit_person, list_people
from app.unit_list import UnitData, add_unit


def test_people_are_added_with_what_the_report_counts(db):
    with db.session() as s:
        unit = add_unit(s, UnitData(name="Thôn Nà Bó", kind="village"))
        add_person(s, PersonData(full_name="tao  thị hoa", gender="Nữ", birth_year="1988", ethnicity="Tày",
                                 unit_id=unit.id))
        p = add_person(s, PersonData(full_name="Giàng A Chứ", gender="nam", birth_year=1979,
                                     ethnicity="H'Mông", unit_id=unit.id, is_direct_worker=True))
        assert (p.gender, p.ethnicity, p.is_direct_worker) == ("M", "mong", True)
    with db.session() as s:
        rows = list_people(s, unit_id=unit.id)
        assert [(r.name, r.gender, r.ethnicity) for r in rows] == [("Giàng A Chứ", "Nam", "Mông"),
                                                                  ("tao thị hoa", "Nữ", "Tày")]
        assert [r.name for r in list_people(s, text="giang a chu")] == ["Giàng A Chứ"]


@pytest.mark.parametrize(("data", "field"), [
    (PersonData(full_name=""), "full_name"),
    (PersonData(full_name="Lò Văn A", gender="khác"), "gender"),
    (PersonData(full_name="Lò Văn A", birth_year="năm 80"), "birth_year"),
    (PersonData(full_name="Lò Văn A", birth_year=1850), "birth_year"),
    (PersonData(full_name="Lò Văn A", ethnicity="Sao Hỏa"), "ethnicity"),
])
def test_bad_details_are_refused_naming_the_field(db, data, field):
    with db.session() as s, pytest.raises(ValidationError) as err:
        add_person(s, data)
    assert err.value.field == field


def test_the_same_person_twice_is_refused_namesakes_are_not(db):
    with db.session() as s:
        unit = add_unit(s, UnitData(name="Thôn Nà Bó", kind="village"))
        first = add_person(s, PersonData(full_name="Lò Văn Sơn", birth_year=1980, unit_id=unit.id))
        with pytest.raises(ValidationError, match="Đã có Lò Văn Sơn, sinh năm 1980"):
            add_person(s, PersonData(full_name="LÒ VĂN SƠN", birth_year=1980, unit_id=unit.id))
        add_person(s, PersonData(full_name="Lò Văn Sơn", birth_year=1991, unit_id=unit.id))
        add_person(s, PersonData(full_name="Lò Văn Sơn", unit_id=unit.id))  # no birth year: cannot tell
        edit_person(s, first.id, PersonData(full_name="Lò Văn Sơn", birth_year=1980, unit_id=unit.id,
                                            position="Trưởng thôn"))
        assert len(list_people(s)) == 3


def test_people_from_the_command_line(tmp_path, capsys):
    db = str(tmp_path / "xa.db")
    assert main(["unit", "add", "Thôn Nà Bó", "--db", db]) == 0
    assert main(["person", "add", "Tao Thị Hoa", "--unit", "na bo", "--gender", "nữ", "--birth-year", "1988",
                 "--ethnicity", "Thái", "--db", db, "--json"]) == 0
    capsys.readouterr()
    assert main(["person", "list", "--unit", "Thôn Nà Bó", "--db", db, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["name"], r["gender"], r["birth_year"], r["ethnicity"]) for r in rows] == [
        ("Tao Thị Hoa", "Nữ", 1988, "Thái")]
    assert main(["person", "edit", str(rows[0]["id"]), "--position", "Trưởng thôn", "--db", db]) == 0
    assert main(["person", "add", "Ai Đó", "--gender", "x", "--db", db]) == 1
    assert "Nam hoặc Nữ" in capsys.readouterr().err
