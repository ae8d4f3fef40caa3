"""Lao động tiên tiến and Chiến sĩ thi đua cơ sở on hand-built histories."""

from __future__ import annotations


def test_ldtt_meets_with_a_good_rating_and_cites_article_24(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.rating(an, 2025, "HTTNV")
    v = world.check(world.nominate(world.dossier(unit), an, "LDTT"))
    assert v.verdict == "meets"
    assert v.reasons[0].code == "rating_ok"
    assert "Điều 24" in v.reasons[0].basis


def test_ldtt_fails_when_only_completed_and_says_what_is_needed(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.rating(an, 2025, "HTNV")
    v = world.check(world.nominate(world.dossier(unit), an, "LDTT"))
    assert v.verdict == "fails"
    assert world.failed(v) == ["rating_too_low"]
    assert "Hoàn thành tốt nhiệm vụ" in v.reasons[0].message


def test_ldtt_without_any_rating_is_unknown(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    v = world.check(world.nominate(world.dossier(unit), an, "LDTT"))
    assert v.verdict == "unknown"
    assert "không đủ dữ liệu để kết luận" in v.reasons[0].message


def test_ldtt_uses_the_rating_declared_in_the_dossier_when_none_is_recorded(world):
    unit = world.unit()
    v = world.check(world.nominate(world.dossier(unit), "Lò Thị Bình", "LDTT", rating="HTXSNV"))
    assert v.verdict == "meets"


def test_ldtt_direct_worker_is_judged_by_the_recorded_judgement(world):
    unit = world.unit()
    farmer = world.person("Tẩn A Sử", unit, is_direct_worker=True)
    world.rating(farmer, 2025, "HTTNV")  # the commune council's judgement, recorded as the year's rating
    v = world.check(world.nominate(world.dossier(unit), farmer, "LDTT", is_direct_worker=True))
    assert v.verdict == "meets"
    assert world.codes(v) == ["direct_worker_ok"]
    # t16: worded "cần HTTNV trở lên" under khoản 1 (officials); a worker is judged under khoản 2.
    (reason,) = v.reasons
    assert reason.basis.endswith("Điều 24 khoản 2") and "lao động sản xuất có hiệu quả" in reason.message
    assert reason.fact and reason.fact["kind"] == "person_rating"


def test_ldtt_direct_worker_judged_below_the_mark_fails_under_khoan_2(world):
    unit = world.unit()
    farmer = world.person("Tẩn A Sử", unit, is_direct_worker=True)
    world.rating(farmer, 2025, "HTNV")
    v = world.check(world.nominate(world.dossier(unit), farmer, "LDTT", is_direct_worker=True))
    assert v.verdict == "fails" and world.codes(v) == ["direct_worker_low"]
    assert v.reasons[0].basis.endswith("Điều 24 khoản 2") and "trở lên" in v.reasons[0].message


def test_cstdcs_meets_with_ldtt_same_year_and_excellent_rating(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.rating(an, 2025, "HTXSNV")
    world.award(an, "LDTT", 2025)
    v = world.check(world.nominate(world.dossier(unit), an, "CSTDCS"))
    assert v.verdict == "meets", v.reasons
    assert {"same_year_title_ok", "rating_ok"} <= set(world.codes(v))


def test_cstdcs_ldtt_of_the_same_year_by_another_decision_counts(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.rating(an, 2025, "HTXSNV")
    world.award(an, "LDTT", 2025, decision="57/QĐ-UBND", issuer="UBND xã Bản Bo")
    v = world.check(world.nominate(world.dossier(unit), an, "CSTDCS"))
    assert v.verdict == "meets"


def test_cstdcs_ldtt_proposed_in_the_same_round_counts(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.rating(an, 2025, "HTXSNV")
    dossier = world.dossier(unit)
    world.nominate(dossier, an, "LDTT")
    v = world.check(world.nominate(dossier, an, "CSTDCS"))
    assert v.verdict == "meets"
    assert "đang đề nghị cùng đợt" in v.reasons[0].message


def test_cstdcs_without_the_ldtt_standard_that_year_fails(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.rating(an, 2025, "HTNV")  # below the LĐTT standard (HTTNV)
    world.award(an, "LDTT", 2024)  # another year does not count
    v = world.check(world.nominate(world.dossier(unit), an, "CSTDCS"))
    assert v.verdict == "fails"
    assert "same_year_standard_fail" in world.failed(v)


def test_cstdcs_with_a_grassroots_initiative_instead_of_excellent_rating(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.rating(an, 2025, "HTTNV")
    world.award(an, "LDTT", 2025)
    world.initiative(an, 2025, "co_so", "Số hóa hồ sơ một cửa")
    v = world.check(world.nominate(world.dossier(unit), an, "CSTDCS"))
    assert v.verdict == "meets"
    assert "initiatives_ok" in world.codes(v)


def test_cstdcs_good_rating_and_no_initiative_fails_on_both_ways(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.rating(an, 2025, "HTTNV")
    world.award(an, "LDTT", 2025)
    world.initiative(an, 2024, "tinh")  # the wrong year
    v = world.check(world.nominate(world.dossier(unit), an, "CSTDCS"))
    assert v.verdict == "fails"
    assert set(world.failed(v)) == {"rating_too_low", "initiatives_missing"}


def test_cstdcs_declared_initiative_without_recognition_is_unknown(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.rating(an, 2025, "HTTNV")
    world.award(an, "LDTT", 2025)
    v = world.check(world.nominate(world.dossier(unit), an, "CSTDCS", initiative="Cải tiến quy trình"))
    assert v.verdict == "unknown"
    assert "initiative_unconfirmed" in world.codes(v)
    # the way that cannot hold is kept as context, not as a failure
    assert [r.outcome for r in v.reasons if r.code == "rating_too_low"] == ["info"]
