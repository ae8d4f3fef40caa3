"""The council's secret vote on paper: Phiếu bầu (one ballot per member present per title that
needs a secret ballot; short ballots several to a page, a long one whole on its own page) and
Biên bản kiểm phiếu (start and end, the counting board, each title's threshold over the full
membership, the ballots issued / returned / valid, each nominee's count and result — all from
app/vote_minutes.py).
"""

from __future__ import annotations

import datetime as dt
import re

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Spacer
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
    PartStart,
    PrintedDocument,
    admin_header,
    balanced,
    closing,
    data_table,
    frame_height,
    frame_width,
    para,
    signature,
    title_block,
)
from app.states import DECIDABLE
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
                   Nominee.appraisal == "approved", Dossier.status.in_(DECIDABLE))))
    out: dict[AwardType, list[Nominee]] = {}
    for n in sorted(nominees, key=lambda n: (types[n.award_type_id].sort_order, n.dossier_id, n.seq)):
        out.setdefault(types[n.award_type_id], []).append(n)
    return out


def _ballot(p: Profile, award: AwardType, year: int, nominees: list[Nominee], day: dt.date) -> list:
    """One ballot, kept in one piece: a short ballot shares its page with the next ones, a
    long one starts on a new page, in smaller type when that keeps it on one page (it runs on
    only when even that is longer than a page)."""
    rows = [[str(i), nm.name, where_of(nm.name, nm.position, nm.unit_text), "", ""]
            for i, nm in enumerate(nominees, start=1)]
    room = frame_height() - 2 * mm
    for size in (12, 11, 10, 9):
        block = [PartStart(), admin_header(council_issuer(p), "", place_date(p.place_name, day)),
                 *title_block("Phiếu bầu", f"{kind_word(award).capitalize()} {award.name} năm {year}"),
                 balanced("(Đồng ý thì đánh dấu X vào cột «Đồng ý», không đồng ý thì đánh dấu X "
                          "vào cột «Không đồng ý»)", "center_italic", frame_width() - 10 * mm),
                 Spacer(1, 3 * mm),
                 data_table(["STT", "Họ và tên", "Chức vụ, đơn vị", "Đồng ý", "Không đồng ý"],
                            rows, [8, 46, 70, 18, 18], "CLLCC", size=size)]
        if sum(f.wrap(frame_width(), room)[1] for f in block) <= room - 12 * mm:
            break
    cut = [Spacer(1, 4 * mm), para("- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -", "center"),
           Spacer(1, 4 * mm)]
    return [KeepTogether(block + cut)]


def kind_word(award: AwardType) -> str:
    """A title is a danh hiệu; a Giấy khen or a Bằng khen is a hình thức khen thưởng."""
    return "danh hiệu" if award.category == "title" else "hình thức khen thưởng"


def awards_phrase(awards: list[AwardType], *, plural: bool = False) -> str:
    """`danh hiệu Chiến sĩ thi đua cơ sở và hình thức khen thưởng Giấy khen` (each named once)."""
    titles = sorted({a.name for a in awards if a.category == "title"})
    forms = sorted({a.name for a in awards if a.category != "title"})
    if plural and not titles and not forms:
        return "các danh hiệu thi đua"
    parts = ([f"danh hiệu {', '.join(titles)}"] if titles else []) + \
            ([f"hình thức khen thưởng {', '.join(forms)}"] if forms else [])
    return " và ".join(parts)


def minutes_number(ref: str) -> str:
    """The minutes' number as saved with the meeting (`05/BB-HĐTĐKT`, or `05` completed), else a
    blank to fill by hand."""
    ref = (ref or "").strip()
    if not ref:
        return f"Số:{BLANK}/BB-HĐTĐKT"
    # "Biên bản số 05/BB-HĐTĐKT ngày 02/12/2025" as typed: the header takes the number only.
    found = re.search(r"[\w.\-]+/[^\s,;]+", ref)
    if found and not re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", found.group(0)):
        return f"Số: {found.group(0)}"
    return f"Số: {ref}" if "/" in ref else f"Số: {ref}/BB-HĐTĐKT"


def print_ballots(session: Session, meeting_id: int | None = None, year: int | None = None,
                  copies: int | None = None, on: dt.date | None = None) -> PrintedDocument:
    """One ballot per member present (or `copies`) for each title voted in secret; short
    ballots several to a page, cut apart along the dashed line."""
    meeting = find_meeting(session, meeting_id, year, required=meeting_id is not None)
    year = year or (meeting.held_on.year if meeting else latest_year(session, Dossier.year))
    groups = candidates(session, meeting, year)
    if not groups:
        raise UserError(f"Năm {year} không có người được đề nghị danh hiệu cần bỏ phiếu kín "
                        "(đã thẩm định đủ điều kiện).")
    p = profile(session)
    n = copies or (meeting.members_present if meeting else 0) or len(_members(session)) or 1
    day = form_date(year, event=meeting.held_on if meeting else None, chosen=on)
    doc = Document(f"Phiếu bầu năm {year}", author=p.authority_name)
    doc.date = day
    for award, nominees in groups.items():
        for _copy in range(n):
            doc.add(*_ballot(p, award, year, nominees, day))
    return doc.build(f"PhieuBau_{year}.pdf")


def _board_line(view) -> str:
    if not view.board_head and not view.board_members:
        return ("Ban kiểm phiếu: ............................................ (Trưởng ban); "
                "............................................ (thành viên).")
    parts = ([f"{view.board_head} (Trưởng ban)"] if view.board_head else []) + \
        [f"{name} (thành viên)" for name in view.board_members]
    return "Ban kiểm phiếu gồm: " + "; ".join(parts) + "."


def _clock(text: str) -> str:
    """`08:00` → `08 giờ 00`; blank for writing in by hand."""
    if not text:
        return "...... giờ ......"
    hours, minutes = text.split(":")
    return f"{hours} giờ {minutes}"


def print_vote_minutes(session: Session, meeting_id: int | None = None,
                       year: int | None = None, on: dt.date | None = None) -> PrintedDocument:
    """Biên bản kiểm phiếu of a meeting: start and end, the counting board, and for each title
    its threshold over the full membership, the ballots, and each nominee's count."""
    from app.vote_minutes import minutes_view

    meeting = find_meeting(session, meeting_id, year)
    view = minutes_view(session, meeting.id)
    if not view.titles:
        raise UserError(f"Phiên họp ngày {meeting.held_on:%d/%m/%Y} chưa có kết quả bỏ phiếu.")
    p = profile(session)
    members = _members(session)
    attendance = {a.member_id: a for a in session.scalars(
        select(MeetingAttendance).where(MeetingAttendance.meeting_id == meeting.id))}
    total, present, written = view.total, view.present, view.written
    day = form_date(meeting.held_on.year, event=meeting.held_on, chosen=on)
    doc = Document(f"Biên bản kiểm phiếu {meeting.held_on:%d/%m/%Y}", author=p.authority_name)
    doc.date = day
    doc.add(admin_header(council_issuer(p), minutes_number(meeting.minutes_ref), place_date(p.place_name, day)))
    by_name = {a.name: a for a in session.scalars(select(AwardType))}
    voted = [by_name[t.name] for t in view.titles if t.name in by_name]
    doc.add(*title_block("Biên bản", "Kiểm phiếu bầu " + awards_phrase(voted)))
    where = f", tại {meeting.place}" if meeting.place else ""
    doc.add(para(f"Vào hồi {_clock(view.started_at)}, {long_date(meeting.held_on)}{where}, {COUNCIL} "
                 f"{authority_short_name(p)} họp xét và bỏ phiếu kín {awards_phrase(voted, plural=True)}.", "body"))
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
    doc.add(Spacer(1, 2 * mm), para(_board_line(view), "body"))
    doc.add(para("Tỷ lệ phiếu tính trên tổng số thành viên Hội đồng (không tính trên số thành viên có "
                 "mặt).", "body"))
    passed = 0
    for ti, t in enumerate(view.titles, start=1):
        kind = kind_word(by_name[t.name]).capitalize() if t.name in by_name else "Danh hiệu"
        doc.add(CondPageBreak(50 * mm), para(f"<b>{ti}. {kind} {t.name}</b>: đạt khi được {t.rule}.",
                                             "body", markup=True))
        doc.add(para(f"Số phiếu phát ra: {t.issued:02d}; số phiếu thu về: {t.returned:02d}; số phiếu hợp lệ: "
                     f"{t.valid:02d}; số phiếu không hợp lệ: {t.invalid:02d}"
                     + (f"; phiếu bằng văn bản của thành viên vắng mặt: {t.written:02d}" if t.written else "")
                     + ".", "body"))
        rows = []
        for i, v in enumerate(t.votes, start=1):
            passed += v.passed
            rows.append([str(i), v.name + (f"\n{v.unit}" if v.unit else ""), str(v.yes),
                         percent(v.share * 100), str(v.no), "Đạt" if v.passed else "Không đạt"])
        doc.add(Spacer(1, 1 * mm), data_table(
            ["STT", "Họ và tên, đơn vị", "Đồng ý", "Tỷ lệ đồng ý / tổng số thành viên", "Không đồng ý",
             "Kết quả"], rows, [8, 60, 15, 30, 17, 18], "CLCCCC"), Spacer(1, 2 * mm))
        for v in t.votes:  # the appraisal's override of the check, as the council heard it
            if v.override:
                doc.add(para(f"Ghi chú: {v.name} — ý kiến thẩm định: {v.override}.", "body"))
    count = sum(len(t.votes) for t in view.titles)
    doc.add(para(f"Số trường hợp đạt tỷ lệ phiếu theo quy định: {passed:02d}/{count:02d}. Việc kiểm phiếu "
                 f"kết thúc vào hồi {_clock(view.ended_at)} cùng ngày; biên bản được lập và thông qua trước "
                 "Hội đồng./.", "body"))
    # The counting board signs what it counted: each member under the head's signature.
    members = view.board_members or [""]
    left = signature(["Thành viên Ban kiểm phiếu"], members[0])
    for name in members[1:]:
        left += [Spacer(1, 18 * mm), para(name, "sign")]
    doc.add_closing(closing([], ["TRƯỞNG BAN KIỂM PHIẾU"], view.board_head, left=left))
    return doc.build(f"BienBanKiemPhieu_{meeting.held_on:%Y%m%d}.pdf")
