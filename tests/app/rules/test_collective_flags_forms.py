"""Collective titles, emulation flags, Giấy khen and recorded titles."""

from __future__ import annotations

import datetime as dt


def _members(world, unit, n, ldtt=0, cstdcs=0, year=2025):
    people = [world.person(f"Thành Viên {i}", unit) for i in range(n)]
    for p in people[:ldtt]:
        world.award(p, "LDTT", year)
    for p in people[:cstdcs]:
        world.award(p, "CSTDCS", year)
    return people


def test_ttldtt_meets_with_70_percent_ldtt(world):
    unit = world.unit("Phòng Tư pháp", kind="phong")
    world.unit_rating(unit, 2025, "HTTNV", total=10, completed=10)
    _members(world, unit, 10, ldtt=7)
    v = world.check(world.nominate(world.dossier(unit), unit, "TTLDTT"))
    assert v.verdict == "meets", v.reasons
    assert "7/10 thành viên đạt Lao động tiên tiến (70%" in v.reasons[1].message
    assert "Điều 28" in v.reasons[1].basis


def test_ttldtt_fails_below_70_percent(world):
    unit = world.unit("Phòng Tư pháp", kind="phong")
    world.unit_rating(unit, 2025, "HTTNV", total=10, completed=10)
    _members(world, unit, 10, ldtt=6)
    v = world.check(world.nominate(world.dossier(unit), unit, "TTLDTT"))
    assert world.failed(v) == ["members_ldtt_share_low"]
    # t16: the reason names its fact (the collective's year, with its member count)
    low = next(r for r in v.reasons if r.code == "members_ldtt_share_low")
    assert low.fact and low.fact["kind"] == "unit_rating"


def test_ttldtt_members_proposed_in_the_same_dossier_count(world):
    unit = world.unit("Phòng Tư pháp", kind="phong")
    world.unit_rating(unit, 2025, "HTTNV", total=4)
    dossier = world.dossier(unit)
    for p in _members(world, unit, 3):
        world.nominate(dossier, p, "LDTT", rating="HTTNV")
    v = world.check(world.nominate(dossier, unit, "TTLDTT"))
    assert v.verdict == "meets"


def test_ttldtt_member_count_unknown(world):
    unit = world.unit("Phòng Tư pháp", kind="phong")
    world.unit_rating(unit, 2025, "HTTNV")
    v = world.check(world.nominate(world.dossier(unit), unit, "TTLDTT"))
    assert v.verdict == "unknown"
    assert "members_unknown" in world.codes(v)


def test_a_member_with_a_warning_blocks_the_collective_a_reprimand_does_not(world):
    unit = world.unit("Phòng Tư pháp", kind="phong")
    world.unit_rating(unit, 2025, "HTTNV", total=10, completed=10)
    people = _members(world, unit, 10, ldtt=8)
    world.discipline(people[9], "khien_trach", dt.date(2025, 2, 1))
    nominee = world.nominate(world.dossier(unit), unit, "TTLDTT")
    assert world.check(nominee).verdict == "meets"
    warned = world.discipline(people[8], "canh_cao", dt.date(2025, 4, 1))
    v = world.check(nominee)
    assert world.failed(v) == ["member_disciplined"]
    # t16: the reason links to the member's discipline (its «xem dữ kiện» opens his page)
    assert next(r for r in v.reasons if r.code == "member_disciplined").fact == {"kind": "discipline",
                                                                                 "id": warned.id}


def test_ttldxs_needs_all_complete_one_cstdcs_and_excellent_rating(world):
    unit = world.unit("Trường Mầm non Bản Bo", kind="truong")
    world.unit_rating(unit, 2025, "HTXSNV", total=10, completed=10)
    _members(world, unit, 10, ldtt=8, cstdcs=1)
    v = world.check(world.nominate(world.dossier(unit), unit, "TTLDXS"))
    assert v.verdict == "meets", v.reasons


def test_ttldxs_fails_on_each_missing_criterion(world):
    unit = world.unit("Trường Mầm non Bản Bo", kind="truong")
    world.unit_rating(unit, 2025, "HTTNV", total=10, completed=9)
    _members(world, unit, 10, ldtt=8)
    v = world.check(world.nominate(world.dossier(unit), unit, "TTLDXS"))
    assert set(world.failed(v)) == {"rating_too_low", "members_not_all_complete",
                                    "members_cstdcs_missing"}


def test_co_tinh_goes_to_the_leading_unit_of_a_bloc(world):
    a, b = world.unit("Xã Bản Bo"), world.unit("Xã Bình Lư")
    world.bloc("Khối các xã, thị trấn", 2025, [a, b], leading=a, organiser="province")
    assert world.check(world.nominate(world.dossier(a), a, "CO_TINH")).verdict == "meets"
    v = world.check(world.nominate(world.dossier(b), b, "CO_TINH"))
    assert set(world.failed(v)) == {"not_bloc_leader", "bloc_flag_taken"}
    assert next(r for r in v.reasons if r.code == "not_bloc_leader").fact["kind"] == "bloc"


def test_co_tinh_one_flag_per_bloc_when_already_awarded(world):
    a, b = world.unit("Xã Bản Bo"), world.unit("Xã Bình Lư")
    world.bloc("Khối các xã, thị trấn", 2025, [a, b], leading=a, organiser="province")
    world.award(b, "CO_TINH", 2025)
    v = world.check(world.nominate(world.dossier(a), a, "CO_TINH"))
    assert world.failed(v) == ["bloc_flag_taken"]


def test_co_tinh_without_a_bloc_is_unknown(world):
    a = world.unit("Xã Bản Bo")
    v = world.check(world.nominate(world.dossier(a), a, "CO_TINH"))
    assert v.verdict == "unknown"


def test_co_chinh_phu_needs_the_province_flag_that_year(world):
    a = world.unit("Xã Bản Bo")
    nominee = world.nominate(world.dossier(a), a, "CO_CP")
    assert world.failed(world.check(nominee)) == ["prerequisite_run_broken"]
    world.award(a, "CO_TINH", 2025)
    assert world.check(nominee).verdict == "meets"


def test_giay_khen_needs_a_good_rating_and_an_achievement(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.rating(an, 2025, "HTTNV")
    v = world.check(world.nominate(world.dossier(unit), an, "GK"))
    assert v.verdict == "meets"
    assert "Điều 75" in v.reasons[0].basis
    v = world.check(world.nominate(world.dossier(unit), world.person("Lò Văn B", unit), "GK",
                                   achievement=""))
    assert v.verdict == "unknown"


def test_giay_khen_for_a_sudden_achievement_needs_no_rating(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    v = world.check(world.nominate(world.dossier(unit, category="sudden"), an, "GK",
                                   achievement="Cứu người trong lũ"))
    assert v.verdict == "meets"


def test_household_giay_khen_and_recorded_titles(world):
    unit = world.unit()
    v = world.check(world.nominate(world.dossier(unit), "Hộ ông Lò Văn Sáng", "GK",
                                   subject="household"))
    assert v.verdict == "meets"
    v = world.check(world.nominate(world.dossier(unit), "Hộ bà Tẩn Thị Mai", "GDVH",
                                   subject="household"))
    assert world.codes(v) == ["recorded_title"]


def test_the_rule_in_force_is_chosen_by_date_and_cited(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.investigation(an, dt.date(2023, 1, 1))
    before = world.check(world.nominate(world.dossier(unit, received=dt.date(2025, 3, 10)), an, "LDTT"))
    after = world.check(world.nominate(world.dossier(unit, received=dt.date(2025, 11, 10)), an, "LDTT"))
    old = world.check(world.nominate(world.dossier(unit, year=2023, received=dt.date(2023, 11, 10)),
                                     an, "LDTT"))
    assert before.reasons[0].basis == "Luật Thi đua, khen thưởng 2022 Điều 5"
    assert "Nghị định 152/2025/NĐ-CP Điều 4" in after.reasons[0].basis
    assert old.reasons[0].basis == "Luật Thi đua, khen thưởng 2003 Điều 6"


def test_members_who_cannot_tell_do_not_count_as_meeting_in_the_share(world):
    """Tester's "Tổ sản xuất chè Nà Bó": three members proposed LĐTT, one rated HTTNV, two
    without a rating ("cannot tell"). The collective's share is not 3/3 but cannot tell (1/3
    known), and the reason names the two; once they are rated it meets (Luật TĐKT Điều 28)."""
    unit = world.unit("Tổ sản xuất chè Nà Bó", kind="khac")
    world.unit_rating(unit, 2025, "HTTNV", total=3, completed=3)
    dossier = world.dossier(unit)
    people = [world.person(n, unit) for n in ("Lò Văn Một", "Tao Thị Hai", "Vàng Văn Ba")]
    world.rating(people[0], 2025, "HTTNV")
    for p in people:
        world.nominate(dossier, p, "LDTT")
    nominee = world.nominate(dossier, unit, "TTLDTT")
    v = world.check(nominee)
    share = next(r for r in v.reasons if r.code.startswith("members_ldtt"))
    assert v.verdict == "unknown", [(r.code, r.message) for r in v.reasons]
    assert share.code == "members_ldtt_share_unknown"
    assert share.message.startswith("1/3 thành viên đạt Lao động tiên tiến (33,3%")
    assert "Tao Thị Hai" in share.message and "Vàng Văn Ba" in share.message
    assert "Xếp loại" in share.missing
    world.rating(people[1], 2025, "HTNV")  # one of them now known to fail: 1 + 1 unknown of 3
    v = world.check(nominee)
    assert v.verdict == "fails" and world.failed(v) == ["members_ldtt_share_low"]


def test_a_cstdcs_member_who_cannot_tell_leaves_the_excellent_collective_unknown(world):
    """Tester's Trường TH: TTLĐXS needs at least one CSTĐCS member (Điều 27); the only one
    proposed cannot tell, so neither can the collective (it said "4 thành viên đạt CSTĐCS")."""
    unit = world.unit("Trường Tiểu học", kind="truong")
    world.unit_rating(unit, 2025, "HTXSNV", total=4, completed=4)
    people = _members(world, unit, 4, ldtt=4)
    dossier = world.dossier(unit)
    world.nominate(dossier, people[0], "CSTDCS")  # LĐTT held, no rating, no initiative
    v = world.check(world.nominate(dossier, unit, "TTLDXS"))
    found = next(r for r in v.reasons if r.code.startswith("members_cstdcs"))
    assert v.verdict == "unknown" and found.code == "members_cstdcs_unknown", found.message
    assert found.message.startswith("0 thành viên đạt Chiến sĩ thi đua cơ sở") and "Thành Viên 0" in found.message
