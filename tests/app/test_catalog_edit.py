"""Editing the award catalogue's numbers: vote thresholds, money coefficients, criteria numbers
per rule, base salaries by date — checked, audited, and read by the money, the council and the
eligibility checks at once."""

from __future__ import annotations

import datetime as dt

import pytest

from app import audit
from app.awards import award_money
from app.catalog_edit import (
    add_base_salary,
    criteria_numbers,
    list_base_salaries,
    list_catalog,
    update_award,
    update_base_salary,
    update_rule,
)
from app.council import threshold_of
from app.errors import NotFound, ValidationError
from db.models import AuditEntry, AwardRule, BaseSalary

DEC_5 = dt.date(2025, 12, 5)


def _rule(world, code, on=DEC_5) -> AwardRule:
    from app.catalog import rule_for

    return rule_for(world.types[code], on)


def test_the_catalogue_lists_every_award_with_its_periods_and_numbers(world):
    awards = {a.code: a for a in list_catalog(world.s)}
    assert len(awards) == 17
    cstdcs = awards["CSTDCS"]
    assert cstdcs.vote_threshold == 0.8 and cstdcs.kind_text == "Danh hiệu thi đua — Cá nhân"
    assert [r.valid_from for r in cstdcs.rules] == sorted(r.valid_from for r in cstdcs.rules)
    latest = cstdcs.rules[-1]
    assert latest.coefficient_individual == 1.0 and latest.period.startswith("từ 01/07/2025")
    ttldtt = awards["TTLDTT"].rules[-1]
    assert [(n.path, n.share) for n in ttldtt.numbers] == [("min_share_members_ldtt", True)]
    assert ttldtt.numbers[0].label == "Tỷ lệ thành viên đạt Lao động tiên tiến tối thiểu"


def test_numbers_nested_in_alternatives_are_labelled_by_their_way():
    numbers = criteria_numbers({"individual": {"any_of": [
        {"prerequisite": "CSTDCS", "prerequisite_consecutive": 2},
        {"consecutive_years": 2, "rating": "HTXSNV", "initiatives": 2}]},
        "articles": {"x": "Điều 74"}, "min_interval_years": 5}, {"CSTDCS": "Chiến sĩ thi đua cơ sở"})
    assert [(n.path, n.label) for n in numbers] == [
        ("individual.any_of.0.prerequisite_consecutive",
         "Cá nhân, cách 1: số năm liên tục có Chiến sĩ thi đua cơ sở"),
        ("individual.any_of.1.consecutive_years", "Cá nhân, cách 2: số năm liên tục xếp loại HTXSNV"),
        ("individual.any_of.1.initiatives", "Cá nhân, cách 2: số sáng kiến, đề tài"),
        ("min_interval_years", "Khoảng cách tối thiểu giữa hai lần (năm)")]


def test_a_coefficient_changes_the_money_and_is_audited(world):
    rule = _rule(world, "GK")
    assert award_money(world.s, world.types["GK"], "individual", DEC_5) == 710_000
    update_rule(world.s, rule.id, coefficients={"coefficient_individual": 0.4})
    assert award_money(world.s, world.types["GK"], "individual", DEC_5) == 940_000  # 0.4 × 2,340,000
    change = audit.history(world.s, AwardRule, rule.id)[-1]
    assert ("coefficient_individual", 0.3, 0.4) in change.changes
    update_rule(world.s, rule.id, coefficients={"coefficient_household": None})
    assert rule.coefficient_household is None


def test_a_criteria_number_changes_the_check(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.awards(an, "CSTDCS", [2023, 2024, 2025])
    world.initiative(an, 2025, scope="tinh")
    nominee = world.nominate(world.dossier(unit), an, "CSTD_TINH")
    assert world.check(nominee).verdict == "meets"
    rule = _rule(world, "CSTD_TINH", dt.date(2025, 11, 20))
    path = next(n.path for n in criteria_numbers(rule.criteria) if n.path.endswith("prerequisite_consecutive"))
    update_rule(world.s, rule.id, numbers={path: 4})
    assert world.check(nominee).verdict == "fails"
    change = audit.history(world.s, AwardRule, rule.id)[-1]
    assert [k for k, _b, _a in change.changes] == ["criteria"]


def test_a_vote_threshold_is_what_the_council_applies(world):
    update_award(world.s, world.types["CSTDCS"].id, vote_threshold=0.85)
    assert threshold_of(world.s, world.types["CSTDCS"]) == 0.85
    update_award(world.s, world.types["LDTT"].id, vote_threshold=None)
    assert threshold_of(world.s, world.types["LDTT"]) == 0.5  # the settings' default


@pytest.mark.parametrize("kwargs, field, words", [
    (dict(coefficients={"coefficient_individual": -1}), "coefficient_individual", "phải từ 0 đến 100"),
    (dict(coefficients={"coefficient_x": 1}), "coefficient_x", "Không có hệ số"),
    (dict(numbers={"min_interval_years": 2.5}), "min_interval_years", "số nguyên từ 0 đến 50"),
    (dict(numbers={"min_interval_years": 99}), "min_interval_years", "số nguyên từ 0 đến 50"),
    (dict(numbers={"no.such.path": 1}), "no.such.path", "không có tiêu chuẩn"),
])
def test_bad_rule_values_name_the_field_and_change_nothing(world, kwargs, field, words):
    rule = _rule(world, "BK_TTG")  # a rule with an interval between two awards
    before = (rule.coefficient_individual, dict(rule.criteria))
    with pytest.raises(ValidationError) as err:
        # A right value in the same call is not kept either: all or nothing.
        update_rule(world.s, rule.id, coefficients={"coefficient_collective": 9.0, **kwargs.get("coefficients", {})},
                    numbers=kwargs.get("numbers"))
    assert err.value.field == field and words in err.value.message
    assert (rule.coefficient_individual, rule.criteria) == before and rule.coefficient_collective == 7.0


def test_a_share_must_stay_a_share(world):
    rule = _rule(world, "TTLDTT")
    with pytest.raises(ValidationError) as err:
        update_rule(world.s, rule.id, numbers={"min_share_members_ldtt": 70})
    assert "không quá 100%" in err.value.message
    update_rule(world.s, rule.id, numbers={"min_share_members_ldtt": 0.75})
    assert rule.criteria["min_share_members_ldtt"] == 0.75
    with pytest.raises(ValidationError):
        update_award(world.s, world.types["CSTDCS"].id, vote_threshold=0)
    with pytest.raises(NotFound):
        update_rule(world.s, 999_999, numbers={})


def test_a_base_salary_from_a_date_is_used_from_that_date(world):
    row = add_base_salary(world.s, dt.date(2027, 1, 1), 2_800_000, "Nghị định số 01/2027/NĐ-CP")
    assert award_money(world.s, world.types["GK"], "individual", dt.date(2027, 3, 1)) == 840_000
    assert award_money(world.s, world.types["GK"], "individual", DEC_5) == 710_000
    entry = world.s.query(AuditEntry).filter(AuditEntry.entity == "base_salaries",
                                             AuditEntry.entity_id == row.id).one()
    assert entry.action == "insert" and entry.after["amount"] == 2_800_000
    with pytest.raises(ValidationError) as err:
        add_base_salary(world.s, dt.date(2027, 1, 1), 2_900_000, "x")
    assert err.value.field == "valid_from"
    with pytest.raises(ValidationError) as err:
        add_base_salary(world.s, dt.date(2028, 1, 1), 50, "x")
    assert err.value.field == "amount"
    with pytest.raises(ValidationError) as err:
        add_base_salary(world.s, dt.date(2028, 1, 1), 3_000_000, "  ")
    assert err.value.field == "legal_basis"


def test_a_salary_to_confirm_is_corrected_in_place(world):
    to_confirm = next(s for s in list_base_salaries(world.s) if s.valid_from == dt.date(2026, 7, 1))
    update_base_salary(world.s, to_confirm.id, 2_530_000, "Nghị định số 99/2026/NĐ-CP")
    assert world.s.get(BaseSalary, to_confirm.id).legal_basis == "Nghị định số 99/2026/NĐ-CP"
    lines = audit.history(world.s, BaseSalary, to_confirm.id)
    assert [k for k, _b, _a in lines[-1].changes] == ["legal_basis"]
