"""Hội đồng Thi đua – Khen thưởng: its members, meetings, attendance and votes.

An award session needs at least 80% of the members present (setting `council.quorum`);
absent members may vote in writing. A nominee passes with at least the title's threshold
(`AwardType.vote_threshold`: 80% for CSTĐCS and the flags, 90% for CSTĐ cấp tỉnh and toàn
quốc) of the council's FULL membership — not of those present. Titles without a threshold
pass with more than half of the full membership (setting `council.default_threshold`).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.dossiers import apply_move, get_dossier, status_name
from app.errors import NotFound, UserError, ValidationError
from app.rules.base import share_text
from app.states import COUNCIL_READY
from app.text import clean
from db.models import (
    AwardType,
    CouncilMeeting,
    CouncilMember,
    MeetingAttendance,
    Nominee,
    Setting,
    Vote,
)

ROLES = {"chairman": "Chủ tịch Hội đồng", "deputy": "Phó Chủ tịch Hội đồng",
         "member": "Ủy viên", "secretary": "Ủy viên, Thư ký"}
DEFAULT_QUORUM = 0.8
DEFAULT_THRESHOLD = 0.5  # "more than half" when the catalogue names no threshold


def _setting(session: Session, key: str, default: float) -> float:
    row = session.get(Setting, key)
    return float(row.value) if row and isinstance(row.value, (int, float)) else default


def add_member(session: Session, name: str, role: str = "member", position: str = "",
               term_from: dt.date | None = None) -> CouncilMember:
    name = clean(name)
    if not name:
        raise ValidationError("Chưa nhập họ tên thành viên Hội đồng.", field="name")
    if role not in ROLES:
        raise ValidationError(f"Vai trò không hợp lệ: {role}.", field="role")
    order = len(session.scalars(select(CouncilMember.id)).all())
    member = CouncilMember(name=name, role=role, position=clean(position), term_from=term_from,
                           active=True, sort_order=order)
    session.add(member)
    session.flush()
    return member


def active_members(session: Session) -> list[CouncilMember]:
    return list(session.scalars(select(CouncilMember).where(CouncilMember.active)
                                .order_by(CouncilMember.sort_order, CouncilMember.id)))


def needed_present(total: int, quorum: float) -> int:
    return math.ceil(total * quorum - 1e-9)


def record_meeting(session: Session, held_on: dt.date, present_ids: list[int],
                   written_ids: list[int] = (), place: str = "", minutes_ref: str = "",
                   notes: str = "") -> CouncilMeeting:
    """A meeting with who attended; refused when fewer than the quorum are present."""
    members = active_members(session)
    if not members:
        raise UserError("Chưa có danh sách thành viên Hội đồng: thêm thành viên bằng nút «Thêm thành viên…» "
                        "của cửa sổ «Hội đồng xét…», hoặc dòng lệnh tdkt council members add \"HỌ TÊN\" "
                        "--role chairman|deputy|member|secretary.")
    ids = {m.id for m in members}
    present, written = set(present_ids) & ids, (set(written_ids) & ids) - set(present_ids)
    quorum = _setting(session, "council.quorum", DEFAULT_QUORUM)
    need = needed_present(len(members), quorum)
    if len(present) < need:
        raise UserError(f"Phiên họp chỉ có {len(present)}/{len(members)} thành viên dự: cần ít nhất "
                        f"{share_text(quorum)} ({need} người) mới được xét khen thưởng.")
    meeting = CouncilMeeting(held_on=held_on, place=clean(place), members_total=len(members),
                             members_present=len(present), minutes_ref=clean(minutes_ref),
                             notes=notes.strip())
    session.add(meeting)
    session.flush()
    for m in members:
        session.add(MeetingAttendance(meeting_id=meeting.id, member_id=m.id, present=m.id in present,
                                      written_vote=m.id in written))
    session.flush()
    return meeting


def threshold_of(session: Session, award: AwardType) -> float:
    if award.vote_threshold is not None:
        return float(award.vote_threshold)
    return _setting(session, "council.default_threshold", DEFAULT_THRESHOLD)


def passes(yes: int, total: int, threshold: float, strict: bool = False) -> bool:
    """Whether `yes` of the full membership `total` reaches the threshold (80%: 8 of 10 pass,
    7 of 10 do not; "more than half" is strict)."""
    if total <= 0:
        return False
    share = yes / total
    return share > threshold + 1e-9 if strict else share + 1e-9 >= threshold


@dataclass(slots=True)
class VoteResult:
    nominee_id: int
    name: str
    award: str
    yes: int
    total: int
    threshold: float
    passed: bool

    @property
    def text(self) -> str:
        return (f"{self.yes}/{self.total} phiếu đồng ý ({share_text(self.yes / self.total)}; cần "
                f"{'trên ' if self.threshold == DEFAULT_THRESHOLD else 'từ '}{share_text(self.threshold)}"
                f" tổng số thành viên): {'ĐẠT' if self.passed else 'KHÔNG ĐẠT'}")


def record_vote(session: Session, meeting_id: int, nominee_id: int, yes: int, no: int = 0,
                invalid: int = 0) -> VoteResult:
    """The count for one nominee; `passed` compares yes with the FULL membership."""
    meeting = session.get(CouncilMeeting, meeting_id)
    if meeting is None:
        raise NotFound("Không tìm thấy phiên họp Hội đồng.")
    nominee = session.get(Nominee, nominee_id)
    if nominee is None:
        raise NotFound("Không tìm thấy người/tập thể được đề nghị.")
    if min(yes, no, invalid) < 0:
        raise ValidationError("Số phiếu không được âm.", field="yes")
    written = len(session.scalars(select(MeetingAttendance.member_id).where(
        MeetingAttendance.meeting_id == meeting.id, MeetingAttendance.written_vote)).all())
    cast_max = meeting.members_present + written
    if yes + no + invalid > cast_max:
        raise ValidationError(f"Tổng số phiếu {yes + no + invalid} nhiều hơn số thành viên bỏ phiếu "
                              f"({cast_max}).", field="yes")
    award = session.get(AwardType, nominee.award_type_id)
    threshold = threshold_of(session, award)
    strict = award.vote_threshold is None and threshold == DEFAULT_THRESHOLD
    passed = passes(yes, meeting.members_total, threshold, strict)
    vote = session.scalar(select(Vote).where(Vote.meeting_id == meeting.id, Vote.nominee_id == nominee.id))
    if vote is None:
        vote = Vote(meeting_id=meeting.id, nominee_id=nominee.id)
        session.add(vote)
    vote.yes, vote.no, vote.invalid, vote.passed = yes, no, invalid, passed
    session.flush()
    return VoteResult(nominee.id, nominee.name, award.name, yes, meeting.members_total, threshold, passed)


def close_voting(session: Session, dossier_id: int, meeting_id: int, *, user: str = "") -> None:
    """The council has considered the dossier: it moves to "voted"."""
    dossier = get_dossier(session, dossier_id)
    meeting = session.get(CouncilMeeting, meeting_id)
    if meeting is None:
        raise NotFound("Không tìm thấy phiên họp Hội đồng.")
    if dossier.status not in COUNCIL_READY:
        raise UserError(f"Hồ sơ {dossier.number} đang “{status_name(dossier.status)}”: chưa đưa ra "
                        "Hội đồng được.")
    # A partly decided dossier stays so: the council voted on the awards still waiting.
    after = "partly_decided" if dossier.status == "partly_decided" else "voted"
    apply_move(session, dossier, after, f"Hội đồng họp ngày {meeting.held_on:%d/%m/%Y}"
               + (f", biên bản {meeting.minutes_ref}" if meeting.minutes_ref else ""), user=user,
               special=after == "partly_decided")


def results(session: Session, dossier_id: int) -> list[VoteResult]:
    """Who passed, per nominee of a dossier (the latest vote of each)."""
    rows = session.execute(
        select(Vote, Nominee, AwardType, CouncilMeeting)
        .join(Nominee, Nominee.id == Vote.nominee_id)
        .join(AwardType, AwardType.id == Nominee.award_type_id)
        .join(CouncilMeeting, CouncilMeeting.id == Vote.meeting_id)
        .where(Nominee.dossier_id == dossier_id).order_by(CouncilMeeting.held_on, Vote.id))
    latest: dict[int, VoteResult] = {}
    for vote, nominee, award, meeting in rows:
        latest[nominee.id] = VoteResult(nominee.id, nominee.name, award.name, vote.yes,
                                        meeting.members_total, threshold_of(session, award), vote.passed)
    return list(latest.values())
