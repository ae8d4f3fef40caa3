"""Ballots and vote minutes call each award what it is: a Giấy khen voted by the council is a
hình thức khen thưởng, never a danh hiệu; the minutes carry the number saved with the meeting."""

from __future__ import annotations

import tests.app.printing.print_factories as f
from app.printing.ballots import print_ballots, print_vote_minutes
from tests.app.printing.print_pdf import flat, pages_text


def test_a_giay_khen_is_a_form_not_a_title_and_the_minutes_keep_their_number(db):
    with db.session() as s:
        f.make_office(s)
        unit = f.make_unit(s, "Ủy ban nhân dân xã Bản Bo", code="X1")
        dossier = f.make_dossier(s, unit, [("GK", "individual", "Lò Thị Mai", "approved"),
                                           ("CSTDCS", "individual", "Vàng Thị Dợ", "approved")])
        members = f.make_council(s)
        meeting = f.make_meeting(s, members, dossier.nominees, [9, 9])
        meeting.minutes_ref = "07/BB-HĐTĐKT"
        s.flush()
        ballots = flat(" ".join(pages_text(print_ballots(s, meeting.id, copies=1).pdf)))
        minutes = flat(" ".join(pages_text(print_vote_minutes(s, meeting.id).pdf)))
    assert flat("Hình thức khen thưởng Giấy khen năm 2025") in ballots
    assert flat("Danh hiệu Giấy khen") not in ballots
    assert flat("Danh hiệu Chiến sĩ thi đua cơ sở năm 2025") in ballots
    assert flat("danh hiệu Chiến sĩ thi đua cơ sở và hình thức khen thưởng Giấy khen") in minutes
    assert flat("Số: 07/BB-HĐTĐKT") in minutes and flat("danh hiệu Giấy khen") not in minutes.replace(
        flat("hình thức khen thưởng Giấy khen"), "")
