"""Biên bản kiểm phiếu states each title's threshold over the full membership, the ballots
issued / returned / valid, the counting board, start and end; the ballots keep a list on one
page when it fits and share a page when short."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent / "printing"))

from print_pdf import flat, pages_text  # noqa: E402

from app.errors import ValidationError  # noqa: E402
from app.printing import build  # noqa: E402
from app.vote_minutes import minutes_view, needed_votes, save_minutes  # noqa: E402
from db.models import CouncilMeeting, MeetingAttendance  # noqa: E402


def _meeting(s):
    return s.scalar(select(CouncilMeeting).order_by(CouncilMeeting.id))


def test_needed_votes_over_the_full_membership():
    assert needed_votes(9, 0.8, False) == 8 and needed_votes(9, 0.9, False) == 9
    assert needed_votes(10, 0.8, False) == 8 and needed_votes(9, 0.5, True) == 5


def test_the_same_share_reads_by_each_title_s_threshold(demo_db):
    with demo_db.session() as s:
        view = minutes_view(s, _meeting(s).id)
    by_name = {t.name: t for t in view.titles}
    cstdcs, tinh = by_name["Chiến sĩ thi đua cơ sở"], by_name["Chiến sĩ thi đua cấp tỉnh"]
    assert (cstdcs.needed, tinh.needed, view.total) == (8, 9, 9)
    eight = [v for v in cstdcs.votes if v.yes == 8]
    assert eight and all(v.passed for v in eight)  # 88,89% ≥ 80%
    assert all(v.passed == (v.yes >= 9) for v in tinh.votes)  # 90% needs all nine
    assert cstdcs.rule == "từ 80% tổng số thành viên Hội đồng (ít nhất 8/9 phiếu đồng ý)"
    assert (cstdcs.issued, cstdcs.returned, cstdcs.valid, cstdcs.written) == (8, 8, 8, 1)
    assert view.board_head and len(view.board_members) == 2
    assert (view.started_at, view.ended_at) == ("08:00", "11:15")


def test_the_printed_minutes_say_it_all(demo_db):
    with demo_db.session() as s:
        view = minutes_view(s, _meeting(s).id)
        text = flat("\n".join(pages_text(build(s, "vote-minutes", year=2025).pdf)))
    assert flat("Vào hồi 08 giờ 00") in text and flat("kết thúc vào hồi 11 giờ 15") in text
    assert flat(f"Ban kiểm phiếu gồm: {view.board_head} (Trưởng ban)") in text
    assert flat(f"TRƯỞNG BAN KIỂM PHIẾU {view.board_head}") in text
    for t in view.titles:
        assert flat(f"Danh hiệu {t.name}: đạt khi được {t.rule}.") in text
        assert flat(f"Số phiếu phát ra: {t.issued:02d}; số phiếu thu về: {t.returned:02d}; số phiếu hợp lệ: "
                    f"{t.valid:02d}") in text


def test_bad_minutes_are_refused_and_change_nothing(demo_db):
    with demo_db.session() as s:
        meeting = _meeting(s)
        view = minutes_view(s, meeting.id)
        title = view.titles[0].award_type_id
        absent = s.scalar(select(MeetingAttendance.member_id).where(
            MeetingAttendance.meeting_id == meeting.id, MeetingAttendance.present.is_(False)))
        for kwargs, message in [
            (dict(started_at="8 giờ"), "giờ:phút"),
            (dict(started_at="10:00", ended_at="09:30"), "phải sau giờ bắt đầu"),
            (dict(ballots={title: (9, 9, 9)}), "chỉ có 8 thành viên có mặt"),
            (dict(ballots={title: (8, 7, 8)}), "không quá phiếu thu về"),
            (dict(ballots={title: (8, 8, 6)}), "phiếu hợp lệ"),
            (dict(board={absent: "head"}), "phải có mặt"),
        ]:
            with pytest.raises(ValidationError, match=message):
                save_minutes(s, meeting.id, **kwargs)
        assert minutes_view(s, meeting.id).started_at == "08:00"
        saved = save_minutes(s, meeting.id, started_at="7h30", ended_at="10:05", ballots={title: (8, 8, 8)})
    assert (saved.started_at, saved.ended_at) == ("07:30", "10:05")
    assert next(t for t in saved.titles if t.award_type_id == title).recorded


def test_ballots_are_whole_and_short_ones_share_a_page(demo_db):
    with demo_db.session() as s:
        doc = build(s, "ballots", year=2025)
        view = minutes_view(s, _meeting(s).id)
    pages = [flat(p) for p in pages_text(doc.pdf)]
    ballots = sum(p.count("PHIẾUBẦU") for p in pages)
    assert ballots == view.present * len(view.titles)
    assert len(pages) < ballots  # several short ballots on a page
    for page in pages:  # a table header without its ballot's heading would be a spilled ballot
        assert page.count("PHIẾUBẦU") == page.count("STTHọvàtên"), page[:80]
