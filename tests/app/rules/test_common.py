"""Principles every check applies: investigation, discipline, duplicates, interval, caps."""

from __future__ import annotations

import datetime as dt

from db.models import Setting


def _good(world, unit, name="Nguyễn Văn An"):
    person = world.person(name, unit)
    world.rating(person, 2025, "HTXSNV")
    return person


def test_an_open_investigation_blocks_any_award(world):
    unit = world.unit()
    an = _good(world, unit)
    world.investigation(an, dt.date(2025, 10, 1))
    v = world.check(world.nominate(world.dossier(unit), an, "LDTT"))
    assert v.verdict == "fails"
    assert world.failed(v) == ["under_investigation"]
    assert "Điều 5" in v.reasons[0].basis


def test_a_closed_investigation_does_not_block(world):
    unit = world.unit()
    an = _good(world, unit)
    world.investigation(an, dt.date(2025, 3, 1), dt.date(2025, 6, 30))
    v = world.check(world.nominate(world.dossier(unit), an, "LDTT"))
    assert v.verdict == "meets"


def test_a_discipline_period_touching_the_year_blocks_it(world):
    unit = world.unit()
    an = _good(world, unit)
    world.discipline(an, "canh_cao", dt.date(2024, 9, 1))  # no end: a warning lasts 12 months
    v = world.check(world.nominate(world.dossier(unit), an, "LDTT"))
    assert v.verdict == "fails"
    assert world.failed(v) == ["under_discipline"]
    assert "01/09/2025" in v.reasons[0].message


def test_achievement_counts_again_after_the_discipline_ends(world):
    unit = world.unit()
    an = _good(world, unit)
    world.discipline(an, "canh_cao", dt.date(2023, 5, 1), dt.date(2024, 4, 30))
    v = world.check(world.nominate(world.dossier(unit), an, "LDTT"))
    assert v.verdict == "meets"


def test_a_discipline_year_breaks_a_consecutive_run(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.ratings(an, [2024, 2025], "HTXSNV")
    world.initiative(an, 2024, title="SK1")
    world.initiative(an, 2025, title="SK2")
    world.discipline(an, "khien_trach", dt.date(2023, 11, 1), dt.date(2024, 3, 1))
    v = world.check(world.nominate(world.dossier(unit), an, "BK_TINH"))
    assert v.verdict == "fails"
    assert "năm 2024 đang thi hành kỷ luật" in " ".join(r.message for r in v.reasons)


def test_a_title_already_held_for_the_year_is_a_duplicate(world):
    unit = world.unit()
    an = _good(world, unit)
    world.award(an, "LDTT", 2025, decision="88/QĐ-UBND")
    v = world.check(world.nominate(world.dossier(unit), an, "LDTT"))
    assert world.failed(v) == ["already_awarded"]
    assert "88/QĐ-UBND" in v.reasons[-1].message


def test_the_same_award_proposed_twice_in_the_year(world):
    unit = world.unit()
    an = _good(world, unit)
    first = world.dossier(unit)
    world.nominate(first, an, "LDTT")
    other = world.dossier(world.unit("Phòng Giáo dục và Đào tạo", kind="phong"))
    v = world.check(world.nominate(other, an, "LDTT"))
    assert world.failed(v) == ["proposed_twice"]
    assert first.number in v.reasons[-1].message


def test_a_withdrawn_nomination_is_no_duplicate(world):
    unit = world.unit()
    an = _good(world, unit)
    world.nominate(world.dossier(unit), an, "LDTT", appraisal="withdrawn")
    v = world.check(world.nominate(world.dossier(unit), an, "LDTT"))
    assert v.verdict == "meets"


def test_a_giay_khen_for_a_sudden_achievement_and_one_for_the_year_may_coexist(world):
    unit = world.unit()
    an = _good(world, unit)
    world.award(an, "GK", 2025, kind="sudden")
    v = world.check(world.nominate(world.dossier(unit), an, "GK"))
    assert v.verdict == "meets"
    world.award(an, "GK", 2025, kind="regular")
    v = world.check(world.nominate(world.dossier(unit), an, "GK"))
    assert world.failed(v) == ["already_awarded"]


def test_interval_since_the_last_award_of_the_same_kind_when_the_catalogue_sets_one(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.award(an, "BK_TINH", 2018)
    world.ratings(an, range(2019, 2026))
    for year in range(2021, 2026):
        world.initiative(an, year, "co_so", f"Sáng kiến {year}")
    world.award(an, "BK_TTG", 2022)
    v = world.check(world.nominate(world.dossier(unit), an, "BK_TTG"))
    assert "interval_too_short" in world.failed(v)
    assert "sớm nhất năm 2027" in next(r for r in v.reasons if r.code == "interval_too_short").message


def test_the_wrong_subject_is_refused(world):
    unit = world.unit()
    v = world.check(world.nominate(world.dossier(unit), unit, "LDTT"))
    assert world.failed(v) == ["wrong_subject"]


def _cap(world, share, rounding="floor"):
    world.s.add(Setting(key="rules.unit_caps",
                        value={"CSTDCS": {"share": share, "of": "LDTT", "rounding": rounding,
                                          "basis": "Quy định của UBND tỉnh"}}))
    world.s.flush()


def _unit_with(world, ldtt: int, cstdcs: int):
    unit = world.unit()
    dossier = world.dossier(unit)
    nominees = []
    for i in range(ldtt):
        p = _good(world, unit, f"Người Số {i}")
        world.nominate(dossier, p, "LDTT")
        if i < cstdcs:
            nominees.append(world.nominate(dossier, p, "CSTDCS"))
    return nominees


def test_the_cap_is_off_by_default(world):
    nominees = _unit_with(world, ldtt=5, cstdcs=5)
    assert world.check(nominees[0]).verdict == "meets"


def test_cap_rounds_down_15_percent_of_19_is_2(world):
    _cap(world, 0.15)
    nominees = _unit_with(world, ldtt=19, cstdcs=3)
    v = world.check(nominees[0])
    assert world.failed(v) == ["unit_cap_exceeded"]
    assert "3 người, tối đa 15% của 19 Lao động tiên tiến = 2" in v.reasons[-1].message
    assert v.reasons[-1].basis == "Quy định của UBND tỉnh"


def test_cap_15_percent_of_20_is_3(world):
    _cap(world, 0.15)
    nominees = _unit_with(world, ldtt=20, cstdcs=3)
    v = world.check(nominees[0])
    assert v.verdict == "meets"
    assert "unit_cap_ok" in world.codes(v)


def test_cap_rounding_is_a_setting(world):
    _cap(world, 0.15, rounding="ceil")
    nominees = _unit_with(world, ldtt=19, cstdcs=3)
    assert world.check(nominees[0]).verdict == "meets"


def test_cap_counts_titles_already_in_the_ledger(world):
    _cap(world, 0.15)
    nominees = _unit_with(world, ldtt=20, cstdcs=2)
    unit = nominees[0].dossier.unit_id
    earlier = world.person("Lò Văn Sớm")
    world.award(earlier, "CSTDCS", 2025, unit_id=unit)  # 3 of 3 allowed
    assert world.check(nominees[0]).verdict == "meets"
    world.award(world.person("Lò Văn Muộn"), "CSTDCS", 2025, unit_id=unit)  # 4 of 3
    v = world.check(nominees[0])
    assert world.failed(v) == ["unit_cap_exceeded"]
