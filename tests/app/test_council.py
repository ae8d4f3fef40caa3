"""Council: quorum of 80% present, thresholds per title over the FULL membership."""

from __future__ import annotations

import datetime as dt

import pytest

from app.council import add_member, close_voting, passes, record_meeting, record_vote, results
from app.errors import UserError, ValidationError

DAY = dt.date(2025, 12, 8)


def _council(world, n=10):
    return [add_member(world.s, f"Thành viên {i}", "chairman" if i == 0 else "member") for i in range(n)]


def test_a_meeting_needs_80_percent_present(world):
    members = _council(world, 10)
    with pytest.raises(UserError) as err:
        record_meeting(world.s, DAY, [m.id for m in members[:7]])
    assert "7/10" in err.value.message and "80%" in err.value.message
    meeting = record_meeting(world.s, DAY, [m.id for m in members[:8]], [members[9].id])
    assert (meeting.members_total, meeting.members_present) == (10, 8)


def test_quorum_rounds_up_on_odd_councils(world):
    members = _council(world, 9)  # 80% of 9 = 7.2 → 8 needed
    with pytest.raises(UserError):
        record_meeting(world.s, DAY, [m.id for m in members[:7]])
    record_meeting(world.s, DAY, [m.id for m in members[:8]])


def _nominee(world, code):
    unit = world.unit()
    dossier = world.dossier(unit, status="appraised")
    who = unit if code.startswith("CO") else world.person("Nguyễn Văn An", unit)
    return dossier, world.nominate(dossier, who, code, appraisal="approved")


def test_cstdcs_needs_80_percent_of_all_members_not_of_those_present(world):
    members = _council(world, 10)
    meeting = record_meeting(world.s, DAY, [m.id for m in members[:8]])
    _, nominee = _nominee(world, "CSTDCS")
    # all 8 present voted yes: 8/10 = 80% passes; 7 of 8 present (87.5% of present) fails
    assert record_vote(world.s, meeting.id, nominee.id, yes=8).passed
    result = record_vote(world.s, meeting.id, nominee.id, yes=7, no=1)
    assert not result.passed
    assert "7/10 phiếu đồng ý (70%; cần từ 80% tổng số thành viên): KHÔNG ĐẠT" == result.text


def test_cstd_tinh_needs_90_percent(world):
    members = _council(world, 10)
    meeting = record_meeting(world.s, DAY, [m.id for m in members])
    _, nominee = _nominee(world, "CSTD_TINH")
    assert not record_vote(world.s, meeting.id, nominee.id, yes=8, no=2).passed
    assert record_vote(world.s, meeting.id, nominee.id, yes=9, no=1).passed


def test_flag_threshold_80_percent(world):
    members = _council(world, 11)
    meeting = record_meeting(world.s, DAY, [m.id for m in members])
    _, nominee = _nominee(world, "CO_TINH")
    assert not record_vote(world.s, meeting.id, nominee.id, yes=8).passed  # 72.7%
    assert record_vote(world.s, meeting.id, nominee.id, yes=9).passed  # 81.8%


def test_titles_without_threshold_need_more_than_half(world):
    members = _council(world, 10)
    meeting = record_meeting(world.s, DAY, [m.id for m in members])
    _, nominee = _nominee(world, "LDTT")
    assert not record_vote(world.s, meeting.id, nominee.id, yes=5).passed
    assert record_vote(world.s, meeting.id, nominee.id, yes=6).passed


def test_more_ballots_than_voters_is_refused(world):
    members = _council(world, 10)
    meeting = record_meeting(world.s, DAY, [m.id for m in members[:8]], [members[8].id])
    _, nominee = _nominee(world, "CSTDCS")
    record_vote(world.s, meeting.id, nominee.id, yes=9)  # 8 present + 1 in writing
    with pytest.raises(ValidationError):
        record_vote(world.s, meeting.id, nominee.id, yes=10)


def test_pass_helper_edges():
    assert passes(8, 10, 0.8) and not passes(7, 10, 0.8)
    assert passes(9, 10, 0.9) and not passes(26, 29, 0.9)  # 89.7%
    assert not passes(5, 10, 0.5, strict=True) and passes(6, 10, 0.5, strict=True)
    assert not passes(0, 0, 0.8)


def test_closing_the_vote_moves_the_dossier_and_results_show_who_passed(world):
    members = _council(world, 10)
    meeting = record_meeting(world.s, DAY, [m.id for m in members], minutes_ref="05/BB-HĐTĐKT")
    dossier, nominee = _nominee(world, "CSTDCS")
    record_vote(world.s, meeting.id, nominee.id, yes=10)
    close_voting(world.s, dossier.id, meeting.id, user="thuky")
    assert dossier.status == "voted"
    assert dossier.history[-1].reason == "Hội đồng họp ngày 08/12/2025, biên bản 05/BB-HĐTĐKT"
    assert [(r.name, r.passed) for r in results(world.s, dossier.id)] == [("Nguyễn Văn An", True)]
