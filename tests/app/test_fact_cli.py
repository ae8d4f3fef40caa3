"""`tdkt person fact` and `tdkt unit fact` (t16, point 12 on the command line): every fact the
person's and the unit's page can enter — an investigation and its closing, a discipline and its
end date, an initiative's recognising body and decision date, a collective's rating, members and
members who completed their tasks, a collective's discipline — run as a user runs them."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from sqlalchemy import select

from app.text import fold, match_key
from db.models import Discipline, Initiative, Investigation, Person, Unit, UnitRating


def tdkt(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", timeout=300)


@pytest.fixture
def office(db):
    with db.session() as s:
        for code, name in [("TH_BL", "Trường Tiểu học Bình Lư"), ("TO_NB", "Tổ sản xuất chè Nà Bó")]:
            s.add(Unit(code=code, name=name, kind="to", search_key=fold(name)))
        s.flush()
        home = s.scalar(select(Unit.id).where(Unit.code == "TH_BL"))
        for name, year in [("Chu Thị Lan", 1995), ("Lò Thị Hạnh", 1991), ("Lò Thị Hạnh", 1980)]:
            s.add(Person(full_name=name, match_key=match_key(name), birth_year=year, unit_id=home))
    return db


def test_a_person_s_investigation_discipline_and_initiative(office):
    path = office.path
    out = tdkt("person", "fact", "add", "chu thi lan", "investigation", "--type", "complaint", "--from", "01/10/2026",
               "--note", "Đơn tố cáo", "--db", path)
    assert out.returncode == 0, out.stderr
    assert "Có đơn khiếu nại, tố cáo chưa giải quyết từ 01/10/2026" in out.stdout
    with office.session() as s:
        inv = s.scalar(select(Investigation))
    closed = tdkt("person", "fact", "edit", "investigation", inv.id, "--to", "20/11/2026", "--closed-note",
                  "Đã giải quyết", "--db", path)
    assert closed.returncode == 0 and "đã kết thúc 20/11/2026" in closed.stdout
    assert tdkt("person", "fact", "add", "Chu Thị Lan", "discipline", "--level", "khiển trách", "--from",
                "10/04/2026", "--db", path).returncode == 0
    with office.session() as s:
        disc = s.scalar(select(Discipline))
    ended = tdkt("person", "fact", "edit", "discipline", disc.id, "--to", "10/10/2026", "--db", path)
    assert "đến 10/10/2026" in ended.stdout
    # Two people of one name: the message says who, and the birth year picks one.
    twice = tdkt("person", "fact", "add", "Lò Thị Hạnh", "initiative", "--title", "Dạy học STEM", "--year", 2026,
                 "--db", path)
    assert twice.returncode != 0 and "Có 2 người" in twice.stderr + twice.stdout and "--birth-year" in twice.stderr + twice.stdout
    ok = tdkt("person", "fact", "add", "Lò Thị Hạnh", "initiative", "--birth-year", 1991, "--title", "Dạy học STEM",
              "--year", 2026, "--scope", "cấp tỉnh", "--recognised-by", "Sở GD&ĐT Lai Châu", "--decision",
              "99/QĐ-SGDĐT", "--decision-date", "01/06/2026", "--db", path)
    assert ok.returncode == 0, ok.stderr
    with office.session() as s:
        inv, disc, init = s.get(Investigation, inv.id), s.get(Discipline, disc.id), s.scalar(select(Initiative))
        assert (inv.kind, inv.ended_on, inv.closed_note) == ("complaint", dt.date(2026, 11, 20), "Đã giải quyết")
        assert (disc.level, disc.ends_on) == ("khien_trach", dt.date(2026, 10, 10))
        assert (init.scope, init.recognised_by, init.decision_number, init.decision_date) == (
            "tinh", "Sở GD&ĐT Lai Châu", "99/QĐ-SGDĐT", dt.date(2026, 6, 1))
        assert s.get(Person, init.person_id).birth_year == 1991


def test_a_collective_s_rating_members_and_discipline(office):
    path = office.path
    out = tdkt("unit", "fact", "add", "to san xuat che na bo", "rating", "--year", 2026, "--rating", "HTTNV",
               "--rated-by", "UBND xã", "--members", 15, "--completed", 14, "--db", path)
    assert out.returncode == 0, out.stderr
    assert tdkt("unit", "fact", "add", "Tổ sản xuất chè Nà Bó", "discipline", "--level", "cảnh cáo", "--from",
                "02/02/2026", "--db", path).returncode == 0
    with office.session() as s:
        year = s.scalar(select(UnitRating))
        assert (year.rating, year.members_total, year.members_completed) == ("HTTNV", 15, 14)
        assert s.scalar(select(Discipline.level).where(Discipline.unit_id == year.unit_id)) == "canh_cao"
    fixed = tdkt("unit", "fact", "edit", "rating", year.id, "--completed", 15, "--db", path)
    assert fixed.returncode == 0
    with office.session() as s:
        assert s.get(UnitRating, year.id).members_completed == 15


def test_bad_input_says_what_and_changes_nothing(office):
    bad = tdkt("person", "fact", "add", "Chu Thị Lan", "discipline", "--level", "phê bình", "--from", "01/01/2026",
               "--db", office.path)
    assert bad.returncode != 0 and "Hình thức kỷ luật «phê bình» không có" in bad.stderr + bad.stdout
    worse = tdkt("unit", "fact", "add", "Tổ sản xuất chè Nà Bó", "rating", "--year", 2026, "--members", 10,
                 "--completed", 12, "--db", office.path)
    assert worse.returncode != 0 and "lớn hơn số thành viên" in worse.stderr + worse.stdout
    with office.session() as s:
        assert s.scalar(select(Discipline)) is None and s.scalar(select(UnitRating)) is None
