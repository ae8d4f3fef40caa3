"""Kinh phí thi đua, khen thưởng: the budget, what each signed decision draws (each award
rounded up to 10,000 đồng), money given back by a revoked award, a higher authority's decision
left out, the reserve for organising movements, the month table, and `tdkt fund` run as a user
runs it."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from app.awards import revoke_award
from app.errors import ValidationError
from app.fund import (
    add_allocation,
    delete_allocation,
    fund_summary,
    movement_share,
    parse_money,
    set_movement_share,
)
from db.models import Decision

D = dt.date


def decision(world, number: str, on: D, lines: list[tuple], *, external=False, status="issued") -> Decision:
    """A signed decision with award lines (who, code, money)."""
    d = Decision(number=number, issuer="UBND tỉnh Lai Châu" if external else "UBND huyện Tam Đường",
                 year=on.year, issued_on=on, status=status, external=external)
    world.s.add(d)
    world.s.flush()
    for who, code, money in lines:
        world.award(who, code, on.year, decision=number, decision_date=on, decision_id=d.id, money=money)
    return d


@pytest.fixture
def office(world):
    world.commune()
    unit = world.unit("UBND xã Bản Bo", kind="commune")
    people = [world.person(name, unit) for name in ("Lò Văn Ngọc", "Tòng Thị Mai", "Sùng A Páo")]
    return world, unit, people


def test_each_award_counts_rounded_up_to_ten_thousand(office):
    world, unit, (a, b, c) = office
    add_allocation(world.s, 2025, D(2025, 1, 10), 50_000_000, "Quyết định giao dự toán")
    # Giấy khen on 5/12/2025: 0.3 × 2,340,000 = 702,000 → 710,000; collective 1,404,000 → 1,410,000.
    decision(world, "12/QĐ-UBND", D(2025, 12, 5), [(a, "GK", 702_000), (unit, "GK", 1_404_000),
                                                  (b, "GK", 710_000), (c, "LDTT", None)])
    f = fund_summary(world.s, 2025)
    assert [(d.number, d.amount, d.awards) for d in f.decisions] == [("12/QĐ-UBND", 2_830_000, 4)]
    assert f.spent == 2_830_000 and f.budget == 50_000_000 and f.remaining == 47_170_000


def test_a_revoked_award_gives_its_money_back(office):
    world, unit, (a, b, _c) = office
    add_allocation(world.s, 2025, D(2025, 1, 10), 10_000_000)
    d = decision(world, "7/QĐ-UBND", D(2025, 4, 15), [(a, "GK", 710_000), (b, "GK", 710_000)])
    assert fund_summary(world.s, 2025).spent == 1_420_000
    revoke_award(world.s, d.awards[1].id, D(2025, 9, 3), "Hồ sơ khai không đúng sự thật")
    f = fund_summary(world.s, 2025)
    assert f.spent == 710_000 and f.remaining == 9_290_000
    assert (f.decisions[0].amount, f.decisions[0].revoked, f.decisions[0].returned) == (710_000, 1, 710_000)
    months = {m.month: m for m in f.months}
    assert (months[4].drawn, months[4].returned) == (1_420_000, 0)  # as signed in April
    assert (months[9].drawn, months[9].returned) == (0, 710_000)  # given back in September
    assert months[12].spent_to_date == f.spent and months[12].remaining == f.remaining
    assert months[6].spent_to_date == 1_420_000


def test_a_higher_authoritys_decision_is_paid_from_its_own_fund(office):
    world, unit, (a, b, _c) = office
    add_allocation(world.s, 2025, D(2025, 1, 10), 10_000_000)
    decision(world, "50/QĐ-UBND", D(2025, 1, 8), [(a, "BK_TINH", 3_510_000)], external=True)
    decision(world, "8/QĐ-UBND", D(2025, 5, 2), [(b, "GK", 710_000)])
    f = fund_summary(world.s, 2025)
    assert [d.number for d in f.decisions] == ["8/QĐ-UBND"] and f.spent == 710_000
    assert [d.number for d in f.external] == ["50/QĐ-UBND"]
    assert [d["number"] for d in f.as_dict()["decisions"]] == ["8/QĐ-UBND"]


def test_drafts_and_other_years_do_not_draw(office):
    world, unit, (a, b, c) = office
    decision(world, "9/QĐ-UBND", D(2025, 12, 1), [(a, "GK", 710_000)], status="draft")
    decision(world, "3/QĐ-UBND", D(2024, 12, 28), [(b, "GK", 710_000)])
    decision(world, "4/QĐ-UBND", D(2026, 1, 6), [(c, "GK", 710_000)])
    assert fund_summary(world.s, 2025).decisions == []
    assert fund_summary(world.s, 2025).spent == 0


def test_a_decision_signed_through_the_workflow_draws_at_once(office):
    from app.decisions import DecisionInput, issue_decision

    world, unit, (a, b, _c) = office
    add_allocation(world.s, 2025, D(2025, 1, 10), 5_000_000)
    dossier = world.dossier(unit, status="appraised")
    world.nominate(dossier, a, "GK", appraisal="approved")
    world.nominate(dossier, unit, "GK", appraisal="approved")
    issue_decision(world.s, [dossier.id], DecisionInput("2881/QĐ-UBND", D(2025, 12, 5)))
    f = fund_summary(world.s, 2025)
    data = f.as_dict()
    # The contract's fields, unchanged; extended (never removed) with the award part.
    assert {k: data[k] for k in ("year", "budget", "spent", "remaining", "decisions")} == {
        "year": 2025, "budget": 5_000_000, "spent": 2_120_000, "remaining": 2_880_000,
        "decisions": [{"number": "2881/QĐ-UBND", "date": "2025-12-05", "amount": 2_120_000}]}
    assert data["budget_entered"] and data["counted_by"] == "signing_year"
    assert data["reserve"] + data["for_awards"] == 5_000_000
    assert data["awards_left"] == data["for_awards"] - 2_120_000
    lines = {x["label"]: x["amount"] for x in data["lines"]}
    assert lines["Phần dành cho khen thưởng còn lại"] == data["awards_left"]
    assert lines["Còn lại (cả dự toán)"] == 2_880_000


def test_an_office_with_no_budget_says_so_rather_than_a_negative_remainder(office):
    from app.decisions import DecisionInput, issue_decision
    from app.fund import NO_BUDGET, fund_lines

    world, unit, (a, _b, _c) = office
    dossier = world.dossier(unit, status="appraised")
    world.nominate(dossier, a, "GK", appraisal="approved")
    issue_decision(world.s, [dossier.id], DecisionInput("2882/QĐ-UBND", D(2025, 12, 5)))
    f = fund_summary(world.s, 2025)
    assert f.spent > 0 and not f.budget_entered
    lines = dict(fund_lines(f))
    assert lines["Còn lại (cả dự toán)"] is None and lines["Phần dành cho khen thưởng còn lại"] is None
    from app.printing import build

    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent / "printing"))
    from print_pdf import flat, pages_text

    text = flat(" ".join(pages_text(build(world.s, "report", year=2025).pdf)))
    assert flat(f"Còn lại (cả dự toán) {NO_BUDGET}") in text
    assert flat(f"Phần dành cho khen thưởng còn lại {NO_BUDGET}") in text


def test_budget_is_the_sum_of_allotments_and_never_negative(office):
    world, *_ = office
    first = add_allocation(world.s, 2025, D(2025, 1, 10), "150.000.000 đ", "QĐ giao dự toán")
    add_allocation(world.s, 2025, D(2025, 9, 12), "30,000,000", "QĐ bổ sung")
    add_allocation(world.s, 2025, D(2025, 11, 2), -20_000_000, "QĐ điều chỉnh giảm")
    assert fund_summary(world.s, 2025).budget == 160_000_000
    with pytest.raises(ValidationError, match="âm"):
        add_allocation(world.s, 2025, D(2025, 12, 1), -200_000_000)
    with pytest.raises(ValidationError, match="khác 0"):
        add_allocation(world.s, 2025, D(2025, 12, 1), 0)
    with pytest.raises(ValidationError, match="không phải là số tiền"):
        add_allocation(world.s, 2025, D(2025, 12, 1), "một trăm triệu")
    add_allocation(world.s, 2025, D(2025, 1, 10), 140_000_000, "QĐ giao dự toán (sửa)", allocation_id=first)
    assert fund_summary(world.s, 2025).budget == 150_000_000
    delete_allocation(world.s, first)
    assert fund_summary(world.s, 2025).budget == 10_000_000
    assert fund_summary(world.s, 2024).budget == 0
    assert parse_money("1.410.000") == 1_410_000


def test_the_reserve_for_movements_is_a_setting_twenty_percent_by_default(office):
    world, unit, (a, *_rest) = office
    add_allocation(world.s, 2025, D(2025, 1, 10), 100_000_000)
    decision(world, "5/QĐ-UBND", D(2025, 6, 1), [(a, "GK", 710_000)])
    f = fund_summary(world.s, 2025)
    assert movement_share(world.s) == 20
    assert (f.reserve, f.for_awards, f.awards_left) == (20_000_000, 80_000_000, 79_290_000)
    set_movement_share(world.s, "25,5")
    assert fund_summary(world.s, 2025).reserve == 25_500_000
    for bad in ("120", "abc", "-1"):
        with pytest.raises(ValidationError):
            set_movement_share(world.s, bad)


def test_fund_workbook_for_the_finance_office(office, tmp_path):
    from openpyxl import load_workbook

    from app.excel.extras_exports import fund_workbook

    world, unit, (a, b, _c) = office
    add_allocation(world.s, 2025, D(2025, 1, 10), 10_000_000, "Quyết định giao dự toán")
    d = decision(world, "7/QĐ-UBND", D(2025, 4, 15), [(a, "GK", 710_000), (b, "GK", 702_000)])
    revoke_award(world.s, d.awards[0].id, D(2025, 9, 3), "Khai sai")
    path = fund_workbook(world.s, 2025, tmp_path / "kinh_phi.xlsx", D(2025, 12, 31))
    book = load_workbook(path)
    assert book.sheetnames == ["Tổng hợp", "Theo quyết định", "Theo tháng", "Kinh phí được giao", "_meta"]
    assert book["_meta"].sheet_state == "veryHidden"  # the office's own export, not a list to import
    values = [[c for c in row if c is not None] for row in book["Theo quyết định"].iter_rows(values_only=True)]
    line = next(r for r in values if "7/QĐ-UBND" in r)
    assert 710_000 in line and "Thu hồi 1 khen thưởng" in line
    months = [r for r in book["Theo tháng"].iter_rows(values_only=True) if r and r[0] in ("Tháng 04", "Tháng 09")]
    assert months[0][1:5] == (1, 1_420_000, 0, 1_420_000)
    assert months[1][1:5] == (0, 0, 710_000, -710_000)
    summary = [r for r in book["Tổng hợp"].iter_rows(values_only=True) if r and r[1] == "Còn lại của quỹ"]
    assert summary[0][2] == 9_290_000


def tdkt(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def test_cli_fund_json_contract_on_the_demo(demo_path, demo_db):
    result = tdkt("fund", "--year", 2025, "--db", demo_path, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data)[:5] == ["year", "budget", "spent", "remaining", "decisions"]  # extended, never cut
    assert data["year"] == 2025
    assert all(type(data[k]) is int for k in ("budget", "spent", "remaining"))
    assert data["remaining"] == data["budget"] - data["spent"] and data["budget"] > data["spent"] > 0
    assert all(list(d) == ["number", "date", "amount"] and type(d["amount"]) is int and d["amount"] % 10_000 == 0
               for d in data["decisions"])
    assert sum(d["amount"] for d in data["decisions"]) == data["spent"]
    dates = [d["date"] for d in data["decisions"]]
    assert dates == sorted(dates) and all(x.startswith("2025-") for x in dates)
    with demo_db.session() as s:
        external = {d.number for d in s.query(Decision).filter(Decision.year == 2025, Decision.external)}
    assert external and not external & {d["number"] for d in data["decisions"]}


def test_cli_fund_text_and_errors(demo_path, tmp_path):
    text = tdkt("--db", demo_path, "fund", "--year", 2025, "-o", tmp_path / "kp.xlsx")
    assert text.returncode == 0, text.stderr
    assert "KINH PHÍ THI ĐUA, KHEN THƯỞNG NĂM 2025" in text.stdout
    # The fund tab's award part and the whole remainder, under the same names, with the basis.
    assert "Phần dành cho khen thưởng còn lại: " in text.stdout and "Còn lại (cả dự toán): " in text.stdout
    assert "Kinh phí tính theo năm ký quyết định" in text.stdout
    assert "Không tính: 5 quyết định của cấp trên" in text.stdout
    assert (tmp_path / "kp.xlsx").exists()
    missing = tdkt("fund", "--year", 2025, "--db", tmp_path / "khong_co.db", "--json")
    assert missing.returncode == 2 and "Không tìm thấy tệp dữ liệu" in missing.stderr
    bad = tdkt("fund", "--year", 1800, "--db", demo_path)
    assert bad.returncode == 1 and "Năm không hợp lệ" in bad.stderr
    no_year = tdkt("fund", "--db", demo_path)
    assert no_year.returncode == 2
