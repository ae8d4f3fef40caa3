"""The one rule shape for higher awards: prerequisite + N consecutive years + K initiatives."""

from __future__ import annotations


def _cstdcs_run(world, person, years):
    for year in years:
        world.award(person, "LDTT", year)
        world.award(person, "CSTDCS", year)


def test_cstd_tinh_meets_with_three_consecutive_cstdcs_and_a_province_initiative(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    _cstdcs_run(world, an, [2023, 2024, 2025])
    world.initiative(an, 2024, "tinh", "Phần mềm quản lý hộ nghèo")
    v = world.check(world.nominate(world.dossier(unit), an, "CSTD_TINH"))
    assert v.verdict == "meets", v.reasons
    assert world.codes(v)[:2] == ["prerequisite_run_ok", "initiatives_ok"]
    assert "Điều 22" in v.reasons[0].basis


def test_a_gap_year_breaks_the_consecutive_run(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    _cstdcs_run(world, an, [2022, 2023, 2025])  # 2024 missing
    world.initiative(an, 2025, "tinh")
    v = world.check(world.nominate(world.dossier(unit), an, "CSTD_TINH"))
    assert v.verdict == "fails"
    assert world.failed(v) == ["prerequisite_run_broken"]
    assert "thiếu năm 2024" in v.reasons[0].message


def test_consecutive_years_count_on_the_achievement_year_not_the_decision(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    import datetime as dt
    # the 2023 title was decided late, in 2024: it still counts for 2023
    world.award(an, "CSTDCS", 2023, decision_date=dt.date(2024, 3, 1))
    world.award(an, "CSTDCS", 2024, decision_date=dt.date(2024, 12, 20))
    world.award(an, "CSTDCS", 2025)
    world.initiative(an, 2025, "toan_quoc")  # a wider scope satisfies a narrower one
    v = world.check(world.nominate(world.dossier(unit), an, "CSTD_TINH"))
    assert v.verdict == "meets"


def test_the_current_year_may_be_proposed_in_the_same_round(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.awards(an, "CSTDCS", [2023, 2024])
    world.rating(an, 2025, "HTXSNV")
    world.initiative(an, 2025, "tinh")
    dossier = world.dossier(unit)
    world.nominate(dossier, an, "LDTT")
    world.nominate(dossier, an, "CSTDCS")
    v = world.check(world.nominate(dossier, an, "CSTD_TINH"))
    assert v.verdict == "meets"
    assert "đang đề nghị cùng đợt" in v.reasons[0].message


def test_cstd_tinh_without_province_initiative_fails(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    _cstdcs_run(world, an, [2023, 2024, 2025])
    world.initiative(an, 2024, "co_so")
    v = world.check(world.nominate(world.dossier(unit), an, "CSTD_TINH"))
    assert world.failed(v) == ["initiatives_missing"]


def test_cstd_toan_quoc_needs_two_times_cstd_tinh(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.award(an, "CSTD_TINH", 2022)
    world.initiative(an, 2024, "toan_quoc")
    nominee = world.nominate(world.dossier(unit), an, "CSTD_TQ")
    v = world.check(nominee)
    assert world.failed(v) == ["prerequisite_times_missing"]
    world.award(an, "CSTD_TINH", 2025)
    v = world.check(nominee)
    assert v.verdict == "meets", v.reasons
    assert "năm 2022, 2025" in v.reasons[0].message


def test_bk_tinh_individual_two_consecutive_cstdcs(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.awards(an, "CSTDCS", [2024, 2025])
    v = world.check(world.nominate(world.dossier(unit), an, "BK_TINH"))
    assert v.verdict == "meets"
    assert "Điều 74" in v.reasons[0].basis


def test_bk_tinh_individual_second_way_excellent_years_and_two_initiatives(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.ratings(an, [2024, 2025], "HTXSNV")
    world.initiative(an, 2024, title="Sáng kiến 1")
    world.initiative(an, 2025, title="Sáng kiến 2")
    v = world.check(world.nominate(world.dossier(unit), an, "BK_TINH"))
    assert v.verdict == "meets"
    assert world.codes(v) == ["consecutive_ok", "initiatives_ok"]


def test_bk_tinh_collective_two_excellent_years_a_good_year_breaks_it(world):
    unit = world.unit("Trường THCS Bình Lư", kind="truong")
    world.unit_rating(unit, 2024, "HTTNV")
    world.unit_rating(unit, 2025, "HTXSNV")
    v = world.check(world.nominate(world.dossier(unit), unit, "BK_TINH"))
    assert v.verdict == "fails"
    assert "năm 2024 xếp loại HTTNV" in " ".join(r.message for r in v.reasons)


def test_bk_tinh_collective_missing_rating_is_unknown(world):
    unit = world.unit("Trường THCS Bình Lư", kind="truong")
    world.unit_rating(unit, 2025, "HTXSNV")
    v = world.check(world.nominate(world.dossier(unit), unit, "BK_TINH"))
    assert v.verdict == "unknown"
    assert "consecutive_rating_missing" in world.codes(v)


def test_bk_ttg_needs_bk_tinh_then_five_excellent_years(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.award(an, "BK_TINH", 2019)
    world.ratings(an, range(2021, 2026), "HTXSNV")
    world.initiative(an, 2022, title="SK1")
    world.initiative(an, 2024, title="SK2")
    v = world.check(world.nominate(world.dossier(unit), an, "BK_TTG"))
    assert v.verdict == "meets", v.reasons


def test_bk_ttg_prerequisite_inside_the_five_years_does_not_count(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.award(an, "BK_TINH", 2023)  # the five years must come after it
    world.ratings(an, range(2021, 2026), "HTXSNV")
    world.initiative(an, 2022, title="SK1")
    world.initiative(an, 2024, title="SK2")
    v = world.check(world.nominate(world.dossier(unit), an, "BK_TTG"))
    assert world.failed(v) == ["prerequisite_missing"]
    assert "từ năm 2020 trở về trước" in v.reasons[0].message


def test_a_sudden_award_is_not_a_basis_for_a_higher_regular_award(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.award(an, "BK_TINH", 2019, kind="sudden")
    world.ratings(an, range(2021, 2026), "HTXSNV")
    world.initiative(an, 2022, title="SK1")
    world.initiative(an, 2024, title="SK2")
    v = world.check(world.nominate(world.dossier(unit), an, "BK_TTG"))
    assert v.verdict == "fails"
    assert world.failed(v) == ["prerequisite_missing"]
    assert "đột xuất" in v.reasons[0].message


def test_hcld3_once_only(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.award(an, "BK_TTG", 2015)
    world.award(an, "HCLD3", 2019)
    world.ratings(an, range(2021, 2026), "HTXSNV")
    world.initiative(an, 2022, "tinh", "SK1")
    world.initiative(an, 2023, "tinh", "SK2")
    v = world.check(world.nominate(world.dossier(unit), an, "HCLD3"))
    assert world.failed(v) == ["already_held"]


def test_an_unmatched_nominee_has_no_history_to_read(world):
    unit = world.unit()
    v = world.check(world.nominate(world.dossier(unit), "Người Chưa Khớp", "CSTD_TINH"))
    assert v.verdict == "unknown"
    assert world.codes(v) == ["person_unmatched"]


def test_a_revoked_award_is_no_prerequisite(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.award(an, "CSTDCS", 2024, revoked=True)
    world.award(an, "CSTDCS", 2025)
    v = world.check(world.nominate(world.dossier(unit), an, "BK_TINH"))
    assert v.verdict == "fails"
