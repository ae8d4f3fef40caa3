"""Biên bản kiểm phiếu: what the counting minutes of a council meeting state — when the count
began and ended, the counting board (Ban kiểm phiếu), and for each title voted in secret its
threshold over the council's FULL membership, the ballots issued, returned and valid, the
absent members' written votes, and each nominee's count against that threshold.

The printed minutes (app/printing/ballots.py) and the council's results read this one view,
so "88,89%" is "Đạt" for a title needing 80% and "Không đạt" for one needing 90%, and the
minutes say why. Ballots not recorded yet are the members present (all returned, the invalid
ones those the votes name).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.council import DEFAULT_THRESHOLD, threshold_of
from app.errors import NotFound, ValidationError
from app.overrides import is_override, override_text
from app.rules import evaluate
from app.rules.base import share_text
from db.models import (
    AwardType,
    BallotCount,
    CouncilMeeting,
    CouncilMember,
    MeetingAttendance,
    Nominee,
    Vote,
)

_TIME = re.compile(r"^([01]?\d|2[0-3])[:hH.]([0-5]\d)$")


def needed_votes(total: int, threshold: float, strict: bool) -> int:
    """Votes needed of the full membership: 80% of 9 is 8 (7,2 → 8); more than half of 9 is 5."""
    if strict:
        return math.floor(total * threshold + 1e-9) + 1
    return math.ceil(total * threshold - 1e-9)


def threshold_text(threshold: float, strict: bool) -> str:
    return f"{'trên' if strict else 'từ'} {share_text(threshold)}"


@dataclass
class VoteLine:
    nominee_id: int
    name: str
    unit: str
    yes: int
    no: int
    invalid: int
    share: float  # of the full membership
    passed: bool
    # "Đạt (ý kiến thẩm định khác kết luận kiểm tra: …)" when the office approved over the
    # check (app/overrides.py): the council votes knowing it.
    override: str = ""


@dataclass
class TitleBallots:
    """One title voted at the meeting, with its ballots and its nominees' counts."""

    award_type_id: int
    name: str
    threshold: float
    strict: bool
    needed: int
    issued: int
    returned: int
    valid: int
    written: int
    recorded: bool  # typed by the clerk, not derived from attendance
    votes: list[VoteLine] = field(default_factory=list)

    @property
    def invalid(self) -> int:
        return self.returned - self.valid

    @property
    def rule(self) -> str:
        """`từ 80% tổng số thành viên Hội đồng (ít nhất 8/9 phiếu đồng ý)`."""
        return (f"{threshold_text(self.threshold, self.strict)} tổng số thành viên Hội đồng "
                f"(ít nhất {self.needed}/{self.total} phiếu đồng ý)")

    total: int = 0


@dataclass
class MinutesView:
    meeting_id: int
    held_on: object
    place: str
    total: int
    present: int
    written: int
    started_at: str
    ended_at: str
    board_head: str
    board_members: list[str]
    titles: list[TitleBallots]


def normal_time(text: str, what: str) -> str:
    """`8:00`, `08h00`, `8.00` → `08:00`; '' stays ''; anything else is refused."""
    text = (text or "").strip()
    if not text:
        return ""
    found = _TIME.match(text)
    if found is None:
        raise ValidationError(f"{what} «{text}» không hợp lệ: ghi giờ:phút, ví dụ 08:00.", field=what)
    return f"{int(found.group(1)):02d}:{found.group(2)}"


def minutes_view(session: Session, meeting_id: int) -> MinutesView:
    meeting = session.get(CouncilMeeting, meeting_id)
    if meeting is None:
        raise NotFound(f"Không có phiên họp Hội đồng số hiệu {meeting_id} trong dữ liệu.")
    attendance = list(session.scalars(select(MeetingAttendance).where(MeetingAttendance.meeting_id == meeting.id)))
    members = {m.id: m for m in session.scalars(select(CouncilMember).where(
        CouncilMember.id.in_([a.member_id for a in attendance] or [0])))}
    written = sum(1 for a in attendance if not a.present and a.written_vote)
    board = sorted((a for a in attendance if a.counting), key=lambda a: (a.counting != "head",
                                                                        members[a.member_id].sort_order))
    head = next((members[a.member_id].name for a in board if a.counting == "head"), "")
    others = [members[a.member_id].name for a in board if a.counting != "head"]
    counts = {b.award_type_id: b for b in session.scalars(select(BallotCount).where(
        BallotCount.meeting_id == meeting.id))}
    rows = session.execute(select(Vote, Nominee, AwardType).join(Nominee, Nominee.id == Vote.nominee_id)
                           .join(AwardType, AwardType.id == Nominee.award_type_id)
                           .where(Vote.meeting_id == meeting.id)
                           .order_by(AwardType.sort_order, Nominee.dossier_id, Nominee.seq, Vote.id))
    rows = list(rows)
    checked = {v.nominee_id: v.verdict for v in evaluate(session, [n for _, n, _ in rows], store=False)}
    titles: dict[int, TitleBallots] = {}
    total = meeting.members_total
    for vote, nominee, award in rows:
        t = titles.get(award.id)
        if t is None:
            threshold = threshold_of(session, award)
            strict = award.vote_threshold is None and threshold == DEFAULT_THRESHOLD
            stored = counts.get(award.id)
            t = titles[award.id] = TitleBallots(
                award.id, award.name, threshold, strict, needed_votes(total, threshold, strict),
                stored.issued if stored else meeting.members_present,
                stored.returned if stored else meeting.members_present,
                stored.valid if stored else meeting.members_present, written, stored is not None,
                total=total)
        unit = nominee.unit_text if nominee.unit_text and nominee.unit_text != nominee.name else ""
        t.votes.append(VoteLine(nominee.id, nominee.name, unit, vote.yes, vote.no, vote.invalid,
                                vote.yes / total if total else 0.0, vote.passed,
                                override_text(nominee.appraisal_note)
                                if is_override(nominee.appraisal, checked.get(nominee.id)) else ""))
    for t in titles.values():
        if not t.recorded:  # nothing typed: invalid ballots are those the counts name
            t.valid = t.returned - max((v.invalid for v in t.votes), default=0)
    return MinutesView(meeting.id, meeting.held_on, meeting.place, total, meeting.members_present, written,
                       meeting.started_at or "", meeting.ended_at or "", head, others, list(titles.values()))


def save_minutes(session: Session, meeting_id: int, *, started_at: str = "", ended_at: str = "",
                 board: dict[int, str] | None = None,
                 ballots: dict[int, tuple[int, int, int]] | None = None) -> MinutesView:
    """Record the start and end, the counting board ({member id: head / member}) and the
    ballots per title ({award type id: (issued, returned, valid)}); refused with the reason
    when the figures cannot be (more returned than issued, more issued than members present,
    fewer valid ballots than a nominee's votes)."""
    meeting = session.get(CouncilMeeting, meeting_id)
    if meeting is None:
        raise NotFound(f"Không có phiên họp Hội đồng số hiệu {meeting_id} trong dữ liệu.")
    start, end = normal_time(started_at, "Giờ bắt đầu"), normal_time(ended_at, "Giờ kết thúc")
    if start and end and end <= start:
        raise ValidationError(f"Giờ kết thúc ({end}) phải sau giờ bắt đầu ({start}).", field="Giờ kết thúc")
    attendance = {a.member_id: a for a in session.scalars(select(MeetingAttendance).where(
        MeetingAttendance.meeting_id == meeting.id))}
    if board is not None:
        heads = [m for m, role in board.items() if role == "head"]
        if board and len(heads) != 1:
            raise ValidationError("Ban kiểm phiếu cần đúng một Trưởng ban.", field="board")
        for member_id, role in board.items():
            a = attendance.get(member_id)
            if a is None or not a.present:
                raise ValidationError("Thành viên Ban kiểm phiếu phải có mặt tại phiên họp.", field="board")
            if role not in ("head", "member"):
                raise ValidationError(f"Vai trò trong Ban kiểm phiếu không hợp lệ: {role}.", field="board")
    view = minutes_view(session, meeting_id)
    voted = {t.award_type_id: t for t in view.titles}
    for award_id, (issued, returned, valid) in (ballots or {}).items():
        t = voted.get(award_id)
        name = t.name if t else "danh hiệu"
        if min(issued, returned, valid) < 0:
            raise ValidationError(f"{name}: số phiếu không được âm.", field="ballots")
        if issued > meeting.members_present:
            raise ValidationError(f"{name}: phát ra {issued} phiếu nhưng chỉ có {meeting.members_present} "
                                  "thành viên có mặt.", field="ballots")
        if returned > issued or valid > returned:
            raise ValidationError(f"{name}: phiếu thu về ({returned}) không quá phiếu phát ra ({issued}), "
                                  f"phiếu hợp lệ ({valid}) không quá phiếu thu về.", field="ballots")
        for v in (t.votes if t else []):
            if v.yes + v.no > valid + view.written:
                raise ValidationError(f"{name}: {v.name} có {v.yes + v.no} phiếu nhưng chỉ có {valid} phiếu "
                                      f"hợp lệ và {view.written} phiếu bằng văn bản.", field="ballots")
    meeting.started_at, meeting.ended_at = start, end
    if board is not None:
        for member_id, a in attendance.items():
            a.counting = board.get(member_id, "")
    for award_id, (issued, returned, valid) in (ballots or {}).items():
        row = session.scalar(select(BallotCount).where(BallotCount.meeting_id == meeting.id,
                                                       BallotCount.award_type_id == award_id))
        if row is None:
            row = BallotCount(meeting_id=meeting.id, award_type_id=award_id)
            session.add(row)
        row.issued, row.returned, row.valid = issued, returned, valid
    session.flush()
    return minutes_view(session, meeting_id)


__all__ = ["MinutesView", "TitleBallots", "VoteLine", "minutes_view", "needed_votes", "normal_time",
           "save_minutes", "threshold_text"]
