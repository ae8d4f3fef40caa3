"""A decision never strands approved awards, and is never dated where it cannot be (tester's
report on issue 16, severe points 3 and 4).

`tdkt decision` without a council vote printed only "6 khen thưởng…": three approved CSTĐCS
(no vote yet) and three province awards were dropped without a word, the dossier became
"Đã có quyết định", and neither the council, the next decision nor the forwarding could reach
them. A decision dated 25/06/2025 on a 2026 dossier received 07/12/2026 was accepted.
Luật TĐKT 2022 Điều 79–80 (powers: the rest goes up with a tờ trình), Điều 56 and Nghị định
152/2025/NĐ-CP (the council's vote for CSTĐCS), Điều 84 (a decision on a received dossier).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.council import add_member
from app.database import open_database
from app.decisions import DecisionInput, draft_decision, issue_decision
from app.errors import ValidationError
from db.models import Award, Decision, Dossier
from tests.app.conftest import World
from tests.app.test_exchange_cli import tdkt


@pytest.fixture
def office(db, tmp_path):
    """A commune whose school proposes LĐTT (its own power), CSTĐCS (needs the council's vote)
    and the province's Bằng khen (beyond its powers), all appraised "Đạt"."""
    with db.session() as s:
        w = World(s)
        w.commune()
        unit = w.unit("Trường Tiểu học Bình Lư", kind="truong")
        dossier = w.dossier(unit, year=2025, status="appraised", received=dt.date(2025, 11, 20))
        people = {name: w.person(name, unit) for name in ("Lê Thị Bình", "Lò Văn Đức", "Chu Thị Lan")}
        for name, code in (("Lê Thị Bình", "LDTT"), ("Lê Thị Bình", "CSTDCS"), ("Lò Văn Đức", "LDTT"),
                           ("Chu Thị Lan", "BK_TINH")):
            w.nominate(dossier, people[name], code, appraisal="approved")
        for i in range(5):
            add_member(s, f"Thành viên {i + 1}")
        number = dossier.number
    db.dispose()
    return tmp_path / "tdkt.db", number


def _count(path, model) -> int:
    db = open_database(path, create=False)
    try:
        with db.session() as s:
            return s.scalar(select(func.count()).select_from(model))
    finally:
        db.dispose()


def _status(path, number: str) -> str:
    db = open_database(path, create=False)
    try:
        with db.session() as s:
            return s.scalar(select(Dossier.status).where(Dossier.number == number))
    finally:
        db.dispose()


def test_a_decision_names_what_it_leaves_waiting_and_the_dossier_stays_reachable(office, tmp_path):
    path, number = office
    out = tdkt("decision", "--dossier", number, "--number", "120/QĐ-UBND", "--date", "10/12/2025", "--db", path)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert text.startswith("Quyết định 120/QĐ-UBND ngày 10/12/2025: 2 khen thưởng"), text
    assert "Chưa đưa vào quyết định: 2 đề nghị đã thẩm định “Đạt” còn chờ:" in text
    assert ("  - Lê Thị Bình — Chiến sĩ thi đua cơ sở: vì chưa có kết quả bỏ phiếu đạt của Hội đồng"
            in text.splitlines())
    assert any(line.startswith("  - Chu Thị Lan — Bằng khen của Chủ tịch UBND tỉnh: vì ")
               and "vì không thuộc thẩm quyền cấp xã" in line for line in text.splitlines()), text
    assert f"Hồ sơ {number}: Đã quyết định một phần — Hội đồng bỏ phiếu: tdkt council" in text
    assert "trình cấp trên: tdkt forward" in text
    assert _status(path, number) == "partly_decided"

    # The council still reaches the waiting CSTĐCS; the dossier stays partly decided.
    council = tdkt("council", "--dossier", number, "--date", "12/12/2025", "--db", path)
    assert council.returncode == 0, council.stderr
    assert _status(path, number) == "partly_decided"
    # The province's award goes up with the tờ trình, then into the list for the province.
    forward = tdkt("forward", "--dossier", number, "--ref", "45/TTr-UBND", "--date", "12/12/2025",
                   "--db", path, "--json")
    assert forward.returncode == 0, forward.stderr
    sent = json.loads(forward.stdout)
    assert [d["nominees"] for d in sent["dossiers"]] == [["Chu Thị Lan"]]
    assert sent["states"] == {number: "partly_decided"}  # the CSTĐCS still waits for its decision
    export = tdkt("export", "forwarding", "--year", 2025, "--layout", "tdkt", "-o", tmp_path / "tt.xlsx",
                  "--db", path)
    assert export.returncode == 0 and "Đã xuất 1 đề nghị trình cấp trên" in export.stdout, export.stdout
    cells = {str(c.value) for row in load_workbook(tmp_path / "tt.xlsx").active.iter_rows() for c in row}
    assert "Chu Thị Lan" in cells
    # The next decision takes the voted CSTĐCS only, and settles the dossier.
    again = tdkt("decision", "--dossier", number, "--number", "121/QĐ-UBND", "--date", "15/12/2025",
                 "--db", path, "--json")
    assert again.returncode == 0, again.stderr
    shown = json.loads(again.stdout)
    assert shown["lines"] == 1 and shown["left_out"] == [] and shown["states"] == {number: "decided"}
    assert _count(path, Award) == 3


def test_the_json_names_each_award_left_out_and_what_it_waits_for(office):
    path, number = office
    out = tdkt("decision", "--dossier", number, "--number", "120/QĐ-UBND", "--date", "10/12/2025", "--db", path,
               "--json")
    shown = json.loads(out.stdout)
    assert {(x["name"], x["award"], x["waits"]) for x in shown["left_out"]} == {
        ("Lê Thị Bình", "Chiến sĩ thi đua cơ sở", "vote"), ("Chu Thị Lan", "Bằng khen của Chủ tịch UBND tỉnh", "forward")}
    assert shown["states"] == {number: "partly_decided"}


def test_forwarding_the_last_waiting_award_settles_a_partly_decided_dossier(world):
    world.commune()
    unit = world.unit()
    dossier = world.dossier(unit, status="appraised")
    world.nominate(dossier, world.person("Nguyễn Văn An", unit), "LDTT", appraisal="approved")
    world.nominate(dossier, world.person("Lò Thị Bình", unit), "BK_TINH", appraisal="approved")
    issue_decision(world.s, [dossier.id], DecisionInput("20/QĐ-UBND", dt.date(2025, 12, 5)))
    assert dossier.status == "partly_decided"
    from app.powers import forward_beyond_powers

    [upward] = forward_beyond_powers(world.s, [dossier.id], "45/TTr-UBND", dt.date(2025, 12, 6))
    assert [n.name for n in upward.nominees] == ["Lò Thị Bình"] and dossier.status == "decided"


@pytest.mark.parametrize(("day", "said"), [
    ("25/06/2025", "trước ngày tiếp nhận hồ sơ"),  # the tester's: before the dossier came in
    ("20/12/2024", "trước năm thành tích 2025"),
    ("10/12/2099", "là ngày trong tương lai"),
])
def test_a_decision_date_it_cannot_carry_is_refused_and_nothing_is_stored(office, day, said):
    path, number = office
    out = tdkt("decision", "--dossier", number, "--number", "122/QĐ-UBND", "--date", day, "--db", path)
    assert out.returncode == 1 and said in out.stderr and f"Ngày ký quyết định {day}" in out.stderr, out.stderr
    assert _count(path, Decision) == 0 and _count(path, Award) == 0
    assert _status(path, number) == "appraised"


def test_the_window_refuses_the_same_dates(world):
    world.commune()
    unit = world.unit()
    dossier = world.dossier(unit, status="appraised", received=dt.date(2025, 11, 20))
    world.nominate(dossier, world.person("Nguyễn Văn An", unit), "LDTT", appraisal="approved")
    assert draft_decision(world.s, [dossier.id], dt.date(2025, 12, 5)).lines  # the draft itself is free
    with pytest.raises(ValidationError) as refused:
        issue_decision(world.s, [dossier.id], DecisionInput("1/QĐ-UBND", dt.date(2025, 12, 10)),
                       today=dt.date(2025, 12, 8))
    assert refused.value.field == "issued_on" and "tương lai" in refused.value.message
    assert world.s.scalar(select(func.count()).select_from(Decision)) == 0


def test_a_decision_dated_before_the_council_voted_is_refused(office):
    """The council votes, then the chairman signs: a decision dated before the meeting that voted
    the dossier (tester's report on issue 24, severe 1) is refused, naming the meeting."""
    path, number = office
    council = tdkt("council", "--dossier", number, "--date", "12/12/2025", "--minutes", "03/BB-HĐTĐKT", "--db", path)
    assert council.returncode == 0, council.stderr
    before = _count(path, Decision)
    out = tdkt("decision", "--dossier", number, "--number", "123/QĐ-UBND", "--date", "11/12/2025", "--db", path)
    assert out.returncode == 1
    assert "trước phiên họp Hội đồng xét hồ sơ" in out.stderr and "12/12/2025, biên bản 03/BB-HĐTĐKT" in out.stderr
    assert _count(path, Decision) == before
    assert tdkt("decision", "--dossier", number, "--number", "123/QĐ-UBND", "--date", "12/12/2025",
                "--db", path).returncode == 0
