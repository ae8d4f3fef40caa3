"""Tham số xét khen thưởng: caps within a unit, discipline months, holidays, quorum and default
threshold — read with their defaults, checked, saved only when changed, and obeyed by the
checks, the due dates and the council."""

from __future__ import annotations

import datetime as dt

import pytest

from app import audit
from app.council import needed_present, threshold_of
from app.dossiers import holidays
from app.errors import ValidationError
from app.rule_settings import (
    Cap,
    RuleSettings,
    catalogue_caps,
    get_rule_settings,
    parse_holidays,
    save_rule_settings,
)
from app.session_user import Actor, acting_as
from app.users import PermissionDenied
from db.models import Setting


def _rule_rows(world) -> list[str]:
    """The settings rows the rules' dialog writes (the data file's own identity row aside)."""
    return [r.key for r in world.s.query(Setting) if r.key != "data_file_id"]


def test_defaults_when_nothing_is_set(world):
    s = get_rule_settings(world.s)
    assert (s.caps, s.off, s.holidays, s.quorum, s.default_threshold) == ([], [], [], 0.8, 0.5)
    # The law's months by measure (Luật CBCC Điều 82, Luật Viên chức Điều 56, as amended in 2019)
    assert (s.discipline_months["khien_trach"], s.discipline_months["canh_cao"], s.discipline_months["ha_bac"],
            s.discipline_months["giang_chuc"], s.discipline_months["cach_chuc"]) == (6, 12, 12, 18, 18)


def test_saving_writes_what_changed_and_the_rules_read_it(world):
    save_rule_settings(world.s, RuleSettings())  # all defaults: nothing written
    assert _rule_rows(world) == []
    data = RuleSettings(caps=[Cap("CSTDCS", 0.15, "LDTT", "floor", "Quyết định 12/2025 của UBND tỉnh")],
                        discipline_months={"khien_trach": 18}, holidays=[dt.date(2025, 9, 2), dt.date(2025, 4, 30)],
                        quorum=0.8, default_threshold=0.6)
    save_rule_settings(world.s, data)
    assert world.s.get(Setting, "rules.unit_caps").value == {
        "CSTDCS": {"share": 0.15, "of": "LDTT", "rounding": "floor", "basis": "Quyết định 12/2025 của UBND tỉnh"}}
    assert world.s.get(Setting, "council.quorum") is None  # unchanged default
    assert holidays(world.s) == {dt.date(2025, 4, 30), dt.date(2025, 9, 2)}
    assert threshold_of(world.s, world.types["LDTT"]) == 0.6
    back = get_rule_settings(world.s)
    assert back.discipline_months["khien_trach"] == 18 and back.discipline_months["canh_cao"] == 12 and back.caps[0].basis.startswith("Quyết định 12/2025")
    assert [line.changes for line in audit.history(world.s, "settings", "rules.discipline_months")]


def test_the_cap_and_the_discipline_months_reach_the_eligibility_check(world):
    unit = world.unit()
    dossier = world.dossier(unit)
    people = [world.person(f"Người {i}", unit) for i in range(4)]
    for p in people:
        world.rating(p, 2025, "HTXSNV")
        world.award(p, "LDTT", 2025)
    nominee = world.nominate(dossier, people[0], "CSTDCS")
    assert "unit_cap_exceeded" not in world.failed(world.check(nominee))
    save_rule_settings(world.s, RuleSettings(caps=[Cap("CSTDCS", 0.2)]))  # 20% of 4 = 0
    assert "unit_cap_exceeded" in world.failed(world.check(nominee))
    late = world.person("Lò Văn Muộn", unit)
    world.rating(late, 2025, "HTTNV")
    world.discipline(late, "khien_trach", dt.date(2023, 6, 1))  # no end date written
    other = world.nominate(dossier, late, "LDTT")
    assert "under_discipline" not in world.failed(world.check(other))  # 6 months: over by 12/2023
    save_rule_settings(world.s, RuleSettings(caps=[Cap("CSTDCS", 0.2)], discipline_months={"khien_trach": 24}))
    assert "under_discipline" in world.failed(world.check(other))


def test_a_reprimand_lasts_six_months_a_warning_twelve(world):
    """t16: a khiển trách of 10/04/2026 ran to 10/04/2027; the 2019 amendments give 6 months."""
    unit = world.unit()
    dossier = world.dossier(unit, year=2026, received=dt.date(2026, 11, 20))
    reprimanded, warned = world.person("Lò Văn A", unit), world.person("Lò Văn B", unit)
    for p, level in ((reprimanded, "khien_trach"), (warned, "canh_cao")):
        world.rating(p, 2026, "HTTNV")
        world.discipline(p, level, dt.date(2026, 4, 10))
    v = world.check(world.nominate(dossier, reprimanded, "LDTT"))
    assert "đến 10/10/2026" in next(r.message for r in v.reasons if r.code == "under_discipline")
    v = world.check(world.nominate(dossier, warned, "LDTT"))
    assert "đến 10/04/2027" in next(r.message for r in v.reasons if r.code == "under_discipline")
    world.s.add(Setting(key="rules.discipline_months", value=9))  # an older setting: one number for all
    world.s.flush()
    v = world.check(world.nominate(world.dossier(unit, year=2026, received=dt.date(2026, 11, 21)), reprimanded,
                                   "LDTT"))
    assert "đến 10/01/2027" in next(r.message for r in v.reasons if r.code == "under_discipline")


def test_switching_off_a_catalogue_cap(world):
    unit = world.unit()
    people = [world.person(f"Người {i}", unit) for i in range(4)]
    for p in people:
        world.rating(p, 2020, "HTXSNV")
        world.award(p, "LDTT", 2020)
    dossier = world.dossier(unit, year=2020, received=dt.date(2020, 11, 20))
    nominee = world.nominate(dossier, people[0], "CSTDCS")
    assert "unit_cap_exceeded" in world.failed(world.check(nominee))  # 15% of 4 under the old decree
    save_rule_settings(world.s, RuleSettings(off=["CSTDCS"]))
    assert world.s.get(Setting, "rules.unit_caps").value == {"CSTDCS": None}
    assert get_rule_settings(world.s).off == ["CSTDCS"]
    assert "unit_cap_exceeded" not in world.failed(world.check(nominee))


@pytest.mark.parametrize("data, field, words", [
    (RuleSettings(caps=[Cap("XYZ", 0.1)]), "caps:XYZ", "Không có danh hiệu mã XYZ"),
    (RuleSettings(caps=[Cap("CSTDCS", 0)]), "caps:CSTDCS", "phải lớn hơn 0%"),
    (RuleSettings(caps=[Cap("CSTDCS", 1.5)]), "caps:CSTDCS", "không quá 100%"),
    (RuleSettings(caps=[Cap("CSTDCS", 0.1, of="CSTDCS")]), "caps:CSTDCS", "danh hiệu khác"),
    (RuleSettings(caps=[Cap("CSTDCS", 0.1, rounding="up")]), "caps:CSTDCS", "làm tròn"),
    (RuleSettings(caps=[Cap("CSTDCS", 0.1), Cap("CSTDCS", 0.2)]), "caps:CSTDCS", "ghi hai lần"),
    (RuleSettings(discipline_months={"canh_cao": 0}), "discipline_months:canh_cao", "từ 1 đến 120 tháng"),
    (RuleSettings(quorum=0.4), "quorum", "lớn hơn 50%"),
    (RuleSettings(default_threshold=1.2), "default_threshold", "không quá 100%"),
])
def test_bad_values_name_their_field_and_nothing_changes(world, data, field, words):
    with pytest.raises(ValidationError) as err:
        save_rule_settings(world.s, data)
    assert err.value.field == field and words in err.value.message
    assert _rule_rows(world) == []


def test_holidays_are_typed_one_per_line_day_first():
    text = "30/04/2025 Giải phóng miền Nam\n\n1/5/2025\n02.09.2025 Quốc khánh\n30/04/2025"
    assert parse_holidays(text) == [dt.date(2025, 4, 30), dt.date(2025, 5, 1), dt.date(2025, 9, 2)]
    with pytest.raises(ValidationError) as err:
        parse_holidays("30/04/2025\n31/02/2025")
    assert "dòng 2" in err.value.message and "31/02/2025" in err.value.message


def test_quorum_is_what_a_meeting_needs(world):
    save_rule_settings(world.s, RuleSettings(quorum=0.9))
    assert needed_present(10, get_rule_settings(world.s).quorum) == 9


def test_the_catalogue_caps_in_force_for_a_year(world):
    assert "CSTDCS" not in catalogue_caps(world.s, 2025)  # the 15% national cap is gone
    assert catalogue_caps(world.s, 2020).get("CSTDCS", {}).get("share") == 0.15


def test_only_a_head_may_change_them_when_accounts_are_on(world):
    world.s.add(Setting(key="users_enabled", value=True))
    world.s.flush()
    with acting_as(Actor("ha.nt", "Nguyễn Thu Hà", "clerk", signed_in=True)), \
            pytest.raises(PermissionDenied):
        save_rule_settings(world.s, RuleSettings(discipline_months={"khien_trach": 9}))
    assert world.s.get(Setting, "rules.discipline_months") is None
