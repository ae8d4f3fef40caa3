"""Units merged into their successor: people follow, awards keep the name they were given to
and show in the successor's history; refused mergers; Tam Đường's 1/7/2025 map on the demo
office, from the application and from the command line."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest
from sqlalchemy import select

from app.award_history import search_history
from app.errors import UserError, ValidationError
from app.people import unit_history
from app.units import apply_mergers, load_merger_map, merge_unit, plan_mergers
from db.models import Person, Unit

ON = dt.date(2025, 7, 1)


def test_a_merged_units_people_follow_and_its_awards_keep_the_old_name(world):
    bo, na_tam = world.unit("UBND xã Bản Bo"), world.unit("UBND xã Nà Tăm")
    chu = world.person("Giàng A Chứ", na_tam, birth_year=1975)
    world.awards(chu, "CSTDCS", (2023, 2024))
    world.award(na_tam, "TTLDXS", 2024)
    merger = merge_unit(world.s, na_tam.id, bo.id, ON)
    assert (merger.people, merger.awards, merger.applied) == (1, 3, True)
    world.s.refresh(na_tam)
    assert (na_tam.merged_into_id, na_tam.merged_on, na_tam.active) == (bo.id, ON, False)
    assert world.s.get(Person, chu.id).unit_id == bo.id
    history = unit_history(world.s, bo.id)
    assert [(line.recipient, line.year) for line in history.lines] == [("UBND xã Nà Tăm", 2024)]
    assert "Nà Tăm" in history.subtitle
    found = search_history(world.s, "giang a chu", unit="Xã Bản Bo")
    assert [(r.name, r.unit, [a.year for a in r.awards]) for r in found] == [
        ("Giàng A Chứ", "UBND xã Bản Bo", [2023, 2024])]
    collective = search_history(world.s, "ban bo")
    assert [a.recipient for a in collective[0].awards] == ["UBND xã Nà Tăm"]


def test_refused_mergers(world):
    bo, na_tam, hon = world.unit("UBND xã Bản Bo"), world.unit("UBND xã Nà Tăm"), world.unit("UBND xã Bản Hon")
    with pytest.raises(ValidationError):
        merge_unit(world.s, bo.id, bo.id, ON)
    merge_unit(world.s, na_tam.id, bo.id, ON)
    with pytest.raises(UserError, match="đã sáp nhập vào UBND xã Bản Bo"):
        merge_unit(world.s, na_tam.id, hon.id, ON)
    with pytest.raises(UserError, match="đơn vị tiếp nhận hiện có"):
        merge_unit(world.s, hon.id, na_tam.id, ON)


def test_the_demo_office_carries_the_real_map(demo_db):
    plan = load_merger_map()
    assert plan.on == ON and plan.into == {"XA_BINH_LU": ["TT_TAM_DUONG", "XA_SON_BINH"],
                                           "XA_BAN_BO": ["XA_NA_TAM"],
                                           "XA_TA_LENG": ["XA_GIANG_MA", "XA_HO_THAU"],
                                           "XA_KHUN_HA": ["XA_BAN_HON"]}
    with demo_db.session() as s:
        before = plan_mergers(s)
        assert len(before) == 6 and not any(m.note for m in before) and all(m.people > 0 for m in before)
        moved = {m.unit: m.people for m in before}
        done = apply_mergers(s)
        assert {m.unit: m.people for m in done} == moved
    with demo_db.session() as s:
        codes = {u.code: u for u in s.scalars(select(Unit))}
        assert codes["XA_NA_TAM"].merged_into_id == codes["XA_BAN_BO"].id and not codes["XA_NA_TAM"].active
        assert s.scalar(select(Person.id).where(Person.unit_id == codes["XA_NA_TAM"].id)) is None
        assert all(m.note == "đã sáp nhập trước đây" for m in plan_mergers(s))
        assert apply_mergers(s) == []


def tdkt(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", timeout=300)


def test_merging_from_the_command_line(demo_path):
    dry = tdkt("merge-unit", "--map", "--dry-run", "--json", "--db", demo_path)
    assert dry.returncode == 0, dry.stderr
    planned = json.loads(dry.stdout)
    assert len(planned) == 6 and not any(m["applied"] for m in planned)
    one = tdkt("merge-unit", "Xã Nà Tăm", "--into", "Xã Bản Bo", "--on", "01/07/2025", "--db", demo_path)
    assert one.returncode == 0 and "đã sáp nhập vào UBND xã Bản Bo từ 01/07/2025" in one.stdout
    again = tdkt("merge-unit", "Xã Nà Tăm", "--into", "Xã Khun Há", "--on", "01/07/2025", "--db", demo_path)
    assert again.returncode == 1 and "đã sáp nhập" in again.stderr
    rest = json.loads(tdkt("merge-unit", "--map", "--json", "--db", demo_path).stdout)
    assert len(rest) == 5 and all(m["applied"] for m in rest)
    bad_date = tdkt("merge-unit", "Xã Bản Giang", "--into", "Xã Bản Bo", "--on", "2025-07-01", "--db", demo_path)
    assert bad_date.returncode == 1 and "ngày/tháng/năm" in bad_date.stderr
