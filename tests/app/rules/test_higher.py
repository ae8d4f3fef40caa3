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


def test_one_cstdcs_year_never_counts_in_two_runs_for_two_bang_khen(world):
    """t16: Bằng khen tỉnh 2025 rested on CSTĐCS 2024 + 2025; a 2026 proposal said "2025, 2026"
    (Luật TĐKT 2022 Điều 74: a run that earned the award does not count again)."""
    import datetime as dt

    unit = world.unit()
    duc = world.person("Đỗ Văn Đức", unit)
    world.awards(duc, "CSTDCS", [2023, 2024, 2025, 2026])
    earlier = world.award(duc, "BK_TINH", 2025, decision="301/QĐ-UBND", decision_date=dt.date(2026, 3, 12))
    v = world.check(world.nominate(world.dossier(unit, year=2026, received=dt.date(2026, 11, 20)), duc,
                                   "BK_TINH"))
    assert v.verdict == "fails", v.reasons
    used = next(r for r in v.reasons if r.code == "prerequisite_run_used")
    assert "2025, 2026" in used.message and "301/QĐ-UBND ngày 12/03/2026" in used.message
    assert used.fact == {"kind": "award", "id": earlier.id}  # "xem dữ kiện" opens the earlier award
    # The next fresh run (2026 + 2027) counts for 2027.
    world.award(duc, "CSTDCS", 2027)
    v = world.check(world.nominate(world.dossier(unit, year=2027, received=dt.date(2027, 11, 20)), duc,
                                   "BK_TINH"))
    assert v.verdict == "meets", v.reasons
    ok = next(r for r in v.reasons if r.code == "prerequisite_run_ok")
    assert "2026, 2027" in ok.message and ok.fact and ok.fact["kind"] == "award"


def test_runs_resting_on_ledger_awards_name_their_fact(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    _cstdcs_run(world, an, [2023, 2024, 2025])
    world.initiative(an, 2024, "tinh", "Phần mềm quản lý hộ nghèo")
    v = world.check(world.nominate(world.dossier(unit), an, "CSTD_TINH"))
    run = next(r for r in v.reasons if r.code == "prerequisite_run_ok")
    assert run.fact and run.fact["kind"] == "award"
    binh = world.person("Lò Thị Bình", unit)
    world.awards(binh, "CSTD_TINH", [2021, 2024])
    world.initiative(binh, 2025, "toan_quoc", "Giống chè mới")
    v = world.check(world.nominate(world.dossier(unit), binh, "CSTD_TQ"))
    times = next(r for r in v.reasons if r.code == "prerequisite_times_ok")
    assert times.fact and times.fact["kind"] == "award"


def test_a_non_direct_workers_bang_khen_shows_only_the_line_that_applies(world):
    """t16: both "Người lao động trực tiếp: không phải." and "Thành tích (người lao động trực
    tiếp) được nêu trong hồ sơ" were shown; the worker's route (Điều 74 khoản 2) is not his."""
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    for achievement in ("Hoàn thành xuất sắc nhiệm vụ năm 2025", ""):
        v = world.check(world.nominate(world.dossier(unit), an, "BK_TINH", achievement=achievement))
        codes = world.codes(v)
        assert "route_not_direct_worker" in codes
        assert not {"route_achievement", "route_achievement_missing"} & set(codes), codes
