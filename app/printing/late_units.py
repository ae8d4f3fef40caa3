"""Danh sách đơn vị chưa nộp and a reminder letter (công văn đôn đốc) per unit.

For a due (`--id`) or every due of a year, the units it applies to (by kind, less exempted
ones) that have sent nothing that counts; days late count whole local days (a deadline of
10/12 is met all that day). The list comes first, then one letter per unit, each its own
document (page numbers restart).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound, UserError
from app.formats import long_date, place_date, short_date
from app.printing.common import (
    Profile,
    latest_year,
    office_issuer,
    office_symbol,
    profile,
    signed,
)
from app.printing.dates import form_date
from app.printing.kit import (
    BLANK,
    Document,
    PrintedDocument,
    admin_header,
    closing,
    data_table,
    para,
    slug,
    title_block,
)
from app.submissions import expected_submissions
from app.text import fold
from db.models import SubmissionDue, Unit


@dataclass
class LateUnit:
    unit: Unit
    due: SubmissionDue
    deadline: dt.date  # the unit's own deadline when it has one
    days_late: int  # 0 while the deadline has not passed


def late_units(session: Session, due_id: int | None, year: int | None,
               today: dt.date | None = None) -> list[LateUnit]:
    """Who still owes what (per-unit deadlines and exemptions as the submissions area keeps
    them), in the office's unit order."""
    today = today or dt.date.today()
    if due_id is not None:
        due = session.get(SubmissionDue, due_id)
        if due is None:
            raise NotFound(f"Không có yêu cầu nộp số hiệu {due_id} trong dữ liệu.")
        year = due.year
    else:
        year = year or latest_year(session, SubmissionDue.year)
        if session.scalar(select(SubmissionDue.id).where(SubmissionDue.year == year).limit(1)) is None:
            raise NotFound(f"Năm {year} chưa có yêu cầu nộp nào.")
    rows = [r for r in expected_submissions(session, year, today, due_id=due_id, include_exempt=False)
            if r.state in ("missing", "pending")]
    units = {u.id: u for u in session.scalars(select(Unit).where(Unit.id.in_({r.unit_id for r in rows} or {0})))}
    dues = {d.id: d for d in session.scalars(select(SubmissionDue).where(
        SubmissionDue.id.in_({r.due_id for r in rows} or {0})))}
    return [LateUnit(units[r.unit_id], dues[r.due_id], r.deadline, r.days or 0) for r in rows]


def is_own_office(p: Profile, unit: Unit) -> bool:
    """The office is one of the units too (it owes its own reports): it writes no letter to
    itself."""
    return fold(unit.name) == fold(p.office_name)


def state_text(late: LateUnit, day: dt.date, past: bool) -> str:
    """`Quá hạn 3 ngày`, `Chưa đến hạn`, or for a year that has ended `Chưa nộp` (the list's
    title says it is counted to the year's last day)."""
    if past and late.days_late:
        return "Chưa nộp"
    return f"Quá hạn {late.days_late} ngày" if late.days_late else "Chưa đến hạn"


def total_line(lates: list[LateUnit]) -> str:
    """The list's total counts only what is overdue on its date — as `tdkt late --today` does;
    items not yet due are named apart, never added in."""
    overdue = [late for late in lates if late.days_late]
    waiting = len(lates) - len(overdue)
    text = (f"Tổng số: {len({late.unit.id for late in overdue}):02d} đơn vị, {len(overdue):02d} lượt quá "
            "hạn chưa nộp.")
    if waiting:
        text += f" Ngoài ra {waiting:02d} lượt chưa đến hạn (không tính vào tổng số)."
    return text


def _letter(doc: Document, p: Profile, late: LateUnit, today: dt.date, past: bool, sign) -> None:
    due = late.due
    doc.add(admin_header(office_issuer(p), f"Số:{BLANK}/{office_symbol(p)}",
                         place_date(p.place_name, today), about=f"V/v đôn đốc gửi {due.title.lower()}"))
    doc.add(Spacer(1, 8 * mm), para(f"Kính gửi: {late.unit.name}.", "center"), Spacer(1, 3 * mm))
    when = f"trước {long_date(late.deadline)}"
    if past and late.days_late:
        state = f"chưa hoàn thành trong năm {due.year}"
    else:
        state = f"đã quá hạn {late.days_late} ngày" if late.days_late else "sắp đến hạn"
    doc.add(para(f"Theo kế hoạch công tác thi đua, khen thưởng năm {due.year}, các cơ quan, đơn vị gửi "
                 f"{due.title.lower()} về {p.office_name} {when}. Đến {long_date(today)}, "
                 f"{late.unit.name} chưa gửi ({state}).", "body"))
    doc.add(para(f"{p.office_name} đề nghị {late.unit.name} khẩn trương hoàn thành, gửi về "
                 f"{p.office_name} để tổng hợp, báo cáo theo quy định.", "body"))
    contact = ", ".join(x for x in (p.clerk_name and f"đồng chí {p.clerk_name}",) if x)
    if contact:
        doc.add(para(f"Mọi vướng mắc xin liên hệ {contact}, {p.office_name}.", "body"))
    doc.add(para("Trân trọng./.", "body"))
    doc.add_closing(closing(["- Như trên;", f"- Lưu: VT, {office_symbol(p)}."], sign.lines, sign.name))


def _year_of(session: Session, due_id: int | None, year: int | None) -> int:
    if due_id is not None:
        due = session.get(SubmissionDue, due_id)
        if due is None:
            raise NotFound(f"Không có yêu cầu nộp số hiệu {due_id} trong dữ liệu.")
        return due.year
    return year or latest_year(session, SubmissionDue.year)


def print_late_units(session: Session, due_id: int | None = None, year: int | None = None,
                     today: dt.date | None = None, letters: bool = True,
                     on: dt.date | None = None) -> PrintedDocument:
    """The list and the letters, dated `on` (else today, held to the year's end: a past year's
    missing items are "chưa nộp trong năm", counted to 31/12, not to the computer's clock)."""
    year = _year_of(session, due_id, year)
    from app.dates import clock

    real_today = today or clock()
    today = form_date(year, chosen=on, today=real_today)
    past = on is None and real_today.year > year
    lates = late_units(session, due_id, year, today)
    if not lates:
        raise UserError("Mọi đơn vị đã nộp đủ: không có đơn vị nào chưa nộp.")
    p = profile(session)
    doc = Document(f"Danh sách đơn vị chưa nộp năm {year}", author=p.office_name)
    doc.date = today
    doc.add(admin_header(office_issuer(p), "", place_date(p.place_name, today)))
    doc.add(*title_block("Danh sách", f"Các đơn vị chưa nộp hồ sơ, báo cáo năm {year}",
                         note=f"(Năm {year} đã kết thúc: những việc chưa hoàn thành trong năm, tính đến "
                              f"{long_date(today)})" if past else f"(Tính đến {long_date(today)})"))
    rows = []
    for i, late in enumerate(lates, start=1):
        state = state_text(late, today, past)
        rows.append([str(i), late.unit.name, late.due.title, short_date(late.deadline), state])
    doc.add(data_table(["STT", "Đơn vị", "Hồ sơ, báo cáo phải nộp", "Hạn nộp", "Tình trạng"], rows,
                       [9, 55, 55, 22, 26], "CLLCC"))
    sign = signed(session, "reminder", p)
    doc.add_closing(closing([], sign.lines, sign.name, left=[para(total_line(lates), "cell")]))
    if letters:
        for late in lates:
            if is_own_office(p, late.unit):
                continue
            doc.new_part()
            _letter(doc, p, late, today, past, sign)
    return doc.build(f"DonViChuaNop_{slug(str(year))}_{today:%Y%m%d}.pdf")
