"""The council's secret vote on paper: Phiếu bầu (one ballot per member per title that needs
a secret ballot) and Biên bản kiểm phiếu (the count, from the votes recorded for a meeting,
with each nominee's share of the council's full membership and the result).
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Spacer
from sqlalchemy import extract, select
from sqlalchemy.orm import Session

from app.errors import NotFound, UserError
from app.formats import long_date, percent, place_date
from app.printing.common import (
    Profile,
    authority_short_name,
    award_names,
    latest_year,
    profile,
    where_of,
)
from app.printing.dates import form_date
from app.printing.kit import (
    BLANK,
    Document,
    PrintedDocument,
    admin_header,
    balanced,
    closing,
    data_table,
    frame_width,
    para,
    signature,
    title_block,
)
from db.models import (
    AwardType,
    CouncilMeeting,
    CouncilMember,
    Dossier,
    MeetingAttendance,
    Nominee,
    Vote,
)

COUNCIL = "Hội đồng Thi đua - Khen thưởng"
ROLES = {"chairman": "Chủ tịch Hội đồng", "deputy": "Phó Chủ tịch Hội đồng",
         "member": "Thành viên", "secretary": "Thư ký Hội đồng"}
QUORUM = 0.8  # award sessions need at least 80% of members present


def council_issuer(p: Profile) -> list[tuple[str, bool]]:
    return [(authority_short_name(p), False), (COUNCIL, True)]


def find_meeting(session: Session, meeting_id: int | None, year: int | None,
                 required: bool = True) -> CouncilMeeting | None:
    if meeting_id is not None:
        meeting = session.get(CouncilMeeting, meeting_id)
        if meeting is None:
            raise NotFound(f"Không có phiên họp Hội đồng số hiệu {meeting_id} trong dữ liệu.")
        return meeting
    query = select(CouncilMeeting)
    if year is not None:
        query = query.where(extract("year", CouncilMeeting.held_on) == year)
    meeting = session.scalar(query.order_by(CouncilMeeting.held_on.desc(), CouncilMeeting.id.desc()))
    if meeting is None and required:
        raise NotFound("Chưa có phiên họp Hội đồng nào" + (f" năm {year}" if year else "") + ".")
    return meeting


def _members(session: Session) -> list[CouncilMember]:
    return list(session.scalars(select(CouncilMember).where(CouncilMember.active.is_(True))
                                .order_by(CouncilMember.sort_order, CouncilMember.id)))


def candidates(session: Session, meeting: CouncilMeeting | None, year: int) -> dict[AwardType, list[Nominee]]:
    """Who is on the ballots: the nominees voted at the meeting, else those of the year whose
    award needs a secret ballot and who were appraised eligible."""
    types = award_names(session)
    nominees: list[Nominee] = []
    if meeting is not None:
        nominees = list(session.scalars(select(Nominee).join(Vote, Vote.nominee_id == Nominee.id)
                                        .where(Vote.meeting_id == meeting.id)))
    if not nominees:
        secret = [t.id for t in types.values() if t.secret_ballot]
        nominees = list(session.scalars(
            select(Nominee).join(Dossier, Dossier.id == Nominee.dossier_id)
            .where(Dossier.year == year, Nominee.award_type_id.in_(secret),
                   Nominee.appraisal == "approved", Dossier.status.in_(("appraised", "voted")))))
    out: dict[AwardType, list[Nominee]] = {}
    for n in sorted(nominees, key=lambda n: (types[n.award_type_id].sort_order, n.dossier_id, n.seq)):
        out.setdefault(types[n.award_type_id], []).append(n)
    return out


def print_ballots(session: Session, meeting_id: int | None = None, year: int | None = None,
                  copies: int | None = None, on: dt.date | None = None) -> PrintedDocument:
    """One ballot per council member (or `copies`) for each title voted in secret."""
    meeting = find_meeting(session, meeting_id, year, required=meeting_id is not None)
    year = year or (meeting.held_on.year if meeting else latest_year(session, Dossier.year))
    groups = candidates(session, meeting, year)
    if not groups:
        raise UserError(f"Năm {year} không có người được đề nghị danh hiệu cần bỏ phiếu kín "
                        "(đã thẩm định đủ điều kiện).")
    p = profile(session)
    n = copies or (meeting.members_total if meeting else 0) or len(_members(session)) or 1
    day = form_date(year, event=meeting.held_on if meeting else None, chosen=on)
    doc = Document(f"Phiếu bầu năm {year}", author=p.authority_name)
    doc.date = day
    first = True
    for award, nominees in groups.items():
        for _copy in range(n):
            if not first:
                doc.new_part()
            first = False
            doc.add(admin_header(council_issuer(p), "", place_date(p.place_name, day)))
            doc.add(*title_block("Phiếu bầu", f"Danh hiệu {award.name} năm {year}"))
            doc.add(balanced("(Đồng ý thì đánh dấu X vào cột «Đồng ý», không đồng ý thì đánh dấu X "
                             "vào cột «Không đồng ý»)", "center_italic", frame_width() - 10 * mm),
                    Spacer(1, 3 * mm))
            rows = [[str(i), nm.name, where_of(nm.name, nm.position, nm.unit_text), "", ""]
                    for i, nm in enumerate(nominees, start=1)]
            doc.add(data_table(["STT", "Họ và tên", "Chức vụ, đơn vị", "Đồng ý", "Không đồng ý"],
                               rows, [9, 48, 62, 20, 20], "CLLCC"))
    return doc.build(f"PhieuBau_{year}.pdf")


def print_vote_minutes(session: Session, meeting_id: int | None = None,
                       year: int | None = None, on: dt.date | None = None) -> PrintedDocument:
    """Biên bản kiểm phiếu of a meeting, from its recorded votes."""
    meeting = find_meeting(session, meeting_id, year)
    votes = list(session.scalars(select(Vote).where(Vote.meeting_id == meeting.id).order_by(Vote.id)))
    if not votes:
        raise UserError(f"Phiên họp ngày {meeting.held_on:%d/%m/%Y} chưa có kết quả bỏ phiếu.")
    p = profile(session)
    types = award_names(session)
    nominees = {n.id: n for n in session.scalars(select(Nominee).where(
        Nominee.id.in_([v.nominee_id for v in votes])))}
    members = _members(session)
    attendance = {a.member_id: a for a in session.scalars(
        select(MeetingAttendance).where(MeetingAttendance.meeting_id == meeting.id))}
    total, present = meeting.members_total, meeting.members_present
    written = sum(1 for a in attendance.values() if not a.present and a.written_vote)
    day = form_date(meeting.held_on.year, event=meeting.held_on, chosen=on)
    doc = Document(f"Biên bản kiểm phiếu {meeting.held_on:%d/%m/%Y}", author=p.authority_name)
    doc.date = day
    doc.add(admin_header(council_issuer(p), f"Số:{BLANK}/BB-HĐTĐKT", place_date(p.place_name, day)))
    titles = sorted({types[nominees[v.nominee_id].award_type_id].name for v in votes})
    doc.add(*title_block("Biên bản", "Kiểm phiếu bầu danh hiệu " + ", ".join(titles)))
    where = f", tại {meeting.place}" if meeting.place else ""
    doc.add(para(f"Hôm nay, {long_date(meeting.held_on)}{where}, {COUNCIL} {authority_short_name(p)} "
                 "họp xét và bỏ phiếu kín các danh hiệu thi đua; Ban kiểm phiếu tiến hành kiểm phiếu.",
                 "body"))
    share = present / total if total else 0
    doc.add(para(f"Tổng số thành viên Hội đồng: {total:02d}; có mặt: {present:02d} ({percent(share * 100)}); "
                 f"vắng mặt: {total - present:02d}" + (f", trong đó {written:02d} thành viên gửi phiếu "
                                                       "bằng văn bản" if written else "") +
                 (". Số thành viên có mặt bảo đảm" if share >= QUORUM else ". Số thành viên có mặt "
                  "không bảo đảm") + " tỷ lệ ít nhất 80% theo quy định.", "body"))
    if attendance and members:
        rows = []
        for i, m in enumerate(members, start=1):
            a = attendance.get(m.id)
            state = ("Có mặt" if a.present else ("Vắng, có phiếu bằng văn bản" if a.written_vote
                                                 else "Vắng")) if a else "—"
            rows.append([str(i), m.name, m.position, ROLES.get(m.role, m.role), state])
        doc.add(CondPageBreak(40 * mm), para("Thành phần dự họp:", "body"))
        doc.add(data_table(["STT", "Họ và tên", "Chức vụ", "Chức danh Hội đồng", "Dự họp"], rows,
                           [9, 42, 52, 32, 30], "CLLLC"))
    doc.add(CondPageBreak(40 * mm),
            para("Kết quả kiểm phiếu (tỷ lệ tính trên tổng số thành viên Hội đồng):", "body"),
            Spacer(1, 2 * mm))
    rows = []
    for i, v in enumerate(votes, start=1):
        n = nominees[v.nominee_id]
        award = types[n.award_type_id]
        where = where_of(n.name, "", n.unit_text)
        rows.append([str(i), n.name + (f"\n{where}" if where else ""), award.name,
                     str(v.yes), percent(v.yes * 100 / total) if total else "", str(v.no),
                     str(v.invalid), "Đạt" if v.passed else "Không đạt"])
    doc.add(data_table(["STT", "Họ và tên, đơn vị", "Danh hiệu", "Đồng ý", "Tỷ lệ", "Không đồng ý",
                        "Không hợp lệ", "Kết quả"], rows, [8, 42, 32, 15, 18, 16, 16, 18], "CLLCCCCC"))
    passed = sum(1 for v in votes if v.passed)
    doc.add(para(f"Số trường hợp đạt tỷ lệ phiếu theo quy định: {passed:02d}/{len(votes):02d}. "
                 "Biên bản được lập xong cùng ngày, đã thông qua trước Hội đồng./.", "body"))
    chair = next((m for m in members if m.role == "chairman"), None)
    secretary = next((m for m in members if m.role == "secretary"), None)
    left = signature(["Thư ký Hội đồng"], secretary.name if secretary else "")
    doc.add_closing(closing([], ["CHỦ TỊCH HỘI ĐỒNG"], chair.name if chair else "", left=left))
    return doc.build(f"BienBanKiemPhieu_{meeting.held_on:%Y%m%d}.pdf")

