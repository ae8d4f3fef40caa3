"""Một phiên họp Hội đồng cho nhiều hồ sơ: the council meets once and considers every dossier
ready for it — one date, one attendance, one minutes number (biên bản), the votes of all their
nominees — and each dossier moves to "Hội đồng đã xét".

`hold_council` records it all in the caller's transaction; given an earlier meeting
(`meeting_id`), it adds the dossiers to that meeting, keeping its date, attendance and minutes
number (a dossier brought in later the same day is the same session, not a second one).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import extract, select
from sqlalchemy.orm import Session

from app.council import close_voting, record_meeting, record_vote
from app.dossiers import get_dossier
from app.errors import NotFound, UserError, ValidationError
from app.states import COUNCIL_READY
from app.text import clean
from db.models import CouncilMeeting, Dossier, Nominee, Vote

READY = COUNCIL_READY  # dossiers the council can consider


@dataclass
class MeetingRow:
    id: int
    held_on: dt.date
    place: str
    minutes_ref: str
    members_present: int
    members_total: int
    dossiers: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        minutes = f", biên bản {self.minutes_ref}" if self.minutes_ref else ""
        shown = self.dossiers if len(self.dossiers) <= 3 else [*self.dossiers[:3], f"… ({len(self.dossiers)} hồ sơ)"]
        dossiers = f" — {', '.join(shown)}" if shown else ""
        return f"Phiên họp ngày {self.held_on:%d/%m/%Y}{minutes}{dossiers}"


@dataclass
class ReadyDossier:
    id: int
    number: str
    unit: str
    nominees: int  # approved on appraisal: those the council votes on


def meetings_of_year(session: Session, year: int) -> list[MeetingRow]:
    """The council's meetings for a year's dossiers — held that year or early the next (the
    year-end dossiers are often considered in January) — newest first, with their dossiers."""
    rows = [MeetingRow(m.id, m.held_on, m.place, m.minutes_ref, m.members_present, m.members_total)
            for m in session.scalars(select(CouncilMeeting).where(
                extract("year", CouncilMeeting.held_on).in_((year, year + 1)))
                                     .order_by(CouncilMeeting.held_on.desc(), CouncilMeeting.id.desc()))]
    by_id = {r.id: r for r in rows}
    if by_id:
        for meeting_id, number in session.execute(
                select(Vote.meeting_id, Dossier.number).join(Nominee, Nominee.id == Vote.nominee_id)
                .join(Dossier, Dossier.id == Nominee.dossier_id).where(Vote.meeting_id.in_(by_id))
                .distinct().order_by(Dossier.number)):
            by_id[meeting_id].dossiers.append(number)
    return rows


def ready_dossiers(session: Session, year: int) -> list[ReadyDossier]:
    """The year's dossiers appraised (or publicly noticed) and waiting for the council."""
    from db.models import Unit

    out = []
    for d, unit in session.execute(select(Dossier, Unit.name).join(Unit, Unit.id == Dossier.unit_id)
                                   .where(Dossier.year == year, Dossier.status.in_(READY))
                                   .order_by(Dossier.number)):
        approved = sum(1 for n in d.nominees if n.appraisal == "approved")
        out.append(ReadyDossier(d.id, d.number, unit, approved))
    return out


def hold_council(session: Session, dossier_ids: list[int], counts: list[tuple[int, int, int, int]], *,
                 held_on: dt.date | None = None, present_ids: list[int] = (), written_ids: list[int] = (),
                 place: str = "", minutes_ref: str = "", meeting_id: int | None = None,
                 user: str = "") -> CouncilMeeting:
    """One council session for several dossiers: the meeting (new, or `meeting_id`), the vote of
    each nominee (`counts`: nominee id, yes, no, invalid), each dossier moved to "voted"."""
    ids = list(dict.fromkeys(dossier_ids))
    if not ids:
        raise ValidationError("Chưa chọn hồ sơ nào đưa ra Hội đồng.", field="dossiers")
    dossiers = [get_dossier(session, i) for i in ids]
    for d in dossiers:
        if d.status not in READY:
            from app.dossiers import status_name

            raise UserError(f"Hồ sơ {d.number} đang “{status_name(d.status)}”: chỉ hồ sơ đã thẩm định (hoặc "
                            "đã công khai) mới đưa ra Hội đồng.")
    if meeting_id is not None:
        meeting = session.get(CouncilMeeting, meeting_id)
        if meeting is None:
            raise NotFound("Không tìm thấy phiên họp Hội đồng.")
        if clean(minutes_ref) and not meeting.minutes_ref:
            meeting.minutes_ref = clean(minutes_ref)
    else:
        if held_on is None:
            raise ValidationError("Chưa nhập ngày họp.", field="held_on")
        meeting = record_meeting(session, held_on, list(present_ids), list(written_ids), place=place,
                                 minutes_ref=minutes_ref)
    allowed = {n.id for d in dossiers for n in d.nominees if n.appraisal == "approved"}
    for nominee_id, yes, no, invalid in counts:
        if nominee_id not in allowed:
            raise ValidationError("Chỉ bỏ phiếu cho người được thẩm định “Đạt” trong các hồ sơ đưa ra họp.",
                                  field="votes")
        record_vote(session, meeting.id, nominee_id, yes, no, invalid)
    for d in dossiers:
        close_voting(session, d.id, meeting.id, user=user)
    session.flush()
    return meeting
