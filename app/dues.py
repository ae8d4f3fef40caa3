"""Yêu cầu nộp hồ sơ, báo cáo: the dues of a year (registration, mid-year and year-end reports,
bloc self-scores, award proposals), each with a deadline set once for all units, a unit's own
deadline where the office granted one (gia hạn), and the units excused (miễn).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.catalog import unit_kinds
from app.errors import NotFound, UserError, ValidationError
from app.submissions import STATES, expected_submissions
from app.text import clean, fold
from app.unit_list import guess_kind
from app.users import require
from db.models import Submission, SubmissionDue, SubmissionDueOverride, SubmissionExemption, Unit

DUE_KINDS = {
    "registration": "Đăng ký thi đua",
    "report_mid": "Báo cáo sơ kết 6 tháng",
    "report_year": "Báo cáo tổng kết năm",
    "bloc_scores": "Bảng tự chấm điểm thi đua",
    "award_proposal": "Hồ sơ đề nghị khen thưởng",
}


@dataclass
class DueData:
    year: int
    kind: str
    title: str
    due_on: dt.date
    unit_kinds: str = ""  # '' = every reporting unit; else codes "commune,township"
    notes: str = ""
    id: int | None = None


@dataclass(slots=True)
class DueRow:
    """A line of the dues table with how the units stand on it."""

    id: int
    kind: str
    kind_text: str
    title: str
    due_on: dt.date
    concerns: str  # "Mọi đơn vị" or the kinds' names
    expected: int
    arrived: int
    late: int
    missing: int
    exempt: int
    overrides: int
    search: str


def split_kinds(text: str) -> list[str]:
    return [k for k in re.split(r"[\s,;|]+", text or "") if k]


def kind_codes(text: str) -> list[str]:
    """Unit kinds as the clerk types them, by code (village) or by the words the window uses
    (thôn, bản, trường, trạm y tế …), separated by commas or semicolons, as `unit add --kind` reads them."""
    known = unit_kinds()
    codes: list[str] = []
    for part in re.split(r"[,;|]+", text or ""):
        part = part.strip()
        if not part:
            continue
        found = [part] if part in known else split_kinds(part) if all(w in known for w in split_kinds(part)) \
            else [guess_kind(part)]
        if None in found:
            raise ValidationError(f"Loại đơn vị không có trong danh mục: {part} (có: "
                                  f"{'; '.join(known.values())}).", field="unit_kinds")
        codes.extend(c for c in found if c not in codes)
    return codes


def default_title(kind: str, year: int) -> str:
    """«Báo cáo tổng kết năm 2026», «Đăng ký thi đua năm 2026»: the word năm said once."""
    label = DUE_KINDS[kind]
    return f"{label} {year}" if label.endswith(" năm") else f"{label} năm {year}"


def deadline_window(year: int) -> tuple[dt.date, dt.date]:
    """The days a deadline of `year` may fall on: a registration can be asked from October of the
    year before, a year-end proposal until mid next year. A date outside is a typo (2025 for 2026),
    which would make every unit look late for hundreds of days and be carried by the rollover."""
    return dt.date(year - 1, 10, 1), dt.date(year + 1, 6, 30)


def _check_deadline(day: dt.date, year: int, what: str = "Hạn nộp") -> None:
    first, last = deadline_window(year)
    if not first <= day <= last:
        raise ValidationError(f"{what} {day:%d/%m/%Y} không thuộc năm {year} (hạn của năm {year} nằm trong "
                              f"{first:%d/%m/%Y} – {last:%d/%m/%Y}); kiểm tra lại năm đã gõ.", field="due_on")


def kinds_text(text: str) -> str:
    names = unit_kinds()
    codes = split_kinds(text)
    return ", ".join(names.get(k, k) for k in codes) if codes else "Mọi đơn vị"


def list_dues(session: Session, year: int, today: dt.date | None = None) -> list[DueRow]:
    counts: dict[int, dict[str, int]] = {}
    for row in expected_submissions(session, year, today):
        c = counts.setdefault(row.due_id, dict.fromkeys(STATES, 0) | {"own": 0})
        c[row.state] += 1
        c["own"] += row.own_deadline
    out = []
    for due in session.scalars(select(SubmissionDue).where(SubmissionDue.year == year)
                               .order_by(SubmissionDue.due_on, SubmissionDue.id)):
        c = counts.get(due.id, dict.fromkeys(STATES, 0) | {"own": 0})
        kind_text = DUE_KINDS.get(due.kind, due.kind)
        out.append(DueRow(due.id, due.kind, kind_text, due.title, due.due_on, kinds_text(due.unit_kinds),
                          sum(c[s] for s in STATES if s != "exempt"), c["on_time"] + c["late"], c["late"],
                          c["missing"], c["exempt"], c["own"], fold(f"{kind_text} {due.title}")))
    return out


def get_due(session: Session, due_id: int) -> DueData:
    due = session.get(SubmissionDue, due_id)
    if due is None:
        raise NotFound(f"Không tìm thấy yêu cầu nộp số {due_id}.")
    return DueData(due.year, due.kind, due.title, due.due_on, due.unit_kinds, due.notes, due.id)


def save_due(session: Session, data: DueData) -> int:
    require(session, "edit")
    if data.kind not in DUE_KINDS:
        raise ValidationError("Loại hồ sơ phải nộp không hợp lệ.", field="kind")
    title = clean(data.title) or default_title(data.kind, data.year)
    if len(title) > 200:
        raise ValidationError("Tên yêu cầu nộp tối đa 200 ký tự.", field="title")
    if data.due_on is None:
        raise ValidationError("Chưa nhập hạn nộp.", field="due_on")
    _check_deadline(data.due_on, data.year)
    codes = kind_codes(data.unit_kinds)
    clash = session.scalar(select(SubmissionDue.id).where(
        SubmissionDue.year == data.year, SubmissionDue.kind == data.kind, SubmissionDue.id != (data.id or 0)))
    if clash is not None:
        raise ValidationError(f"Năm {data.year} đã có yêu cầu nộp «{DUE_KINDS[data.kind]}».", field="kind")
    if data.id is None:
        due = SubmissionDue(year=data.year, kind=data.kind, title=title, due_on=data.due_on)
        session.add(due)
    else:
        due = session.get(SubmissionDue, data.id)
        if due is None:
            raise NotFound(f"Không tìm thấy yêu cầu nộp số {data.id}.")
        if (due.year, due.kind) != (data.year, data.kind) and session.scalar(
                select(func.count()).select_from(Submission).where(Submission.due_id == due.id)):
            raise UserError("Đã có đơn vị nộp theo yêu cầu này; không đổi được năm hoặc loại hồ sơ.")
        due.year, due.kind, due.title, due.due_on = data.year, data.kind, title, data.due_on
    due.unit_kinds, due.notes = ",".join(codes), data.notes.strip()
    session.flush()
    return due.id


def find_due(session: Session, year: int, kind: str) -> DueData:
    """The year's due of a kind (a year holds at most one of each kind)."""
    due_id = session.scalar(select(SubmissionDue.id).where(SubmissionDue.year == year, SubmissionDue.kind == kind))
    if due_id is None:
        raise NotFound(f"Năm {year} chưa có yêu cầu nộp «{DUE_KINDS.get(kind, kind)}».")
    return get_due(session, due_id)


def delete_due(session: Session, due_id: int) -> None:
    require(session, "edit")
    due = session.get(SubmissionDue, due_id)
    if due is None:
        raise NotFound(f"Không tìm thấy yêu cầu nộp số {due_id}.")
    if session.scalar(select(func.count()).select_from(Submission).where(Submission.due_id == due_id)):
        raise UserError(f"Đã có đơn vị nộp «{due.title}»; không xóa được yêu cầu này.")
    session.delete(due)
    session.flush()


def _pair(session: Session, due_id: int, unit_id: int) -> tuple[SubmissionDue, Unit]:
    due, unit = session.get(SubmissionDue, due_id), session.get(Unit, unit_id)
    if due is None or unit is None:
        raise NotFound("Không tìm thấy đơn vị hoặc yêu cầu nộp (có thể đã bị xóa).")
    return due, unit


def set_override(session: Session, due_id: int, unit_id: int, due_on: dt.date, reason: str = "") -> None:
    """Give one unit its own deadline for a due (an extension, or an earlier date)."""
    require(session, "edit")
    due, _unit = _pair(session, due_id, unit_id)
    if due_on is None:
        raise ValidationError("Chưa nhập hạn nộp riêng.", field="due_on")
    _check_deadline(due_on, due.year, "Hạn nộp riêng")
    row = session.scalar(select(SubmissionDueOverride).where(SubmissionDueOverride.due_id == due_id,
                                                             SubmissionDueOverride.unit_id == unit_id))
    if due_on == due.due_on:  # the common deadline again: no override needed
        if row is not None:
            session.delete(row)
        session.flush()
        return
    if row is None:
        row = SubmissionDueOverride(due_id=due_id, unit_id=unit_id, due_on=due_on)
        session.add(row)
    row.due_on, row.reason = due_on, clean(reason)
    session.flush()


def clear_override(session: Session, due_id: int, unit_id: int) -> None:
    require(session, "edit")
    session.execute(delete(SubmissionDueOverride).where(SubmissionDueOverride.due_id == due_id,
                                                        SubmissionDueOverride.unit_id == unit_id))
    session.flush()


def set_exemption(session: Session, due_id: int, unit_id: int, reason: str) -> None:
    """Excuse a unit from a due (merged, dissolved, not concerned): it no longer counts as late."""
    require(session, "edit")
    _pair(session, due_id, unit_id)
    reason = clean(reason)
    if not reason:
        raise ValidationError("Miễn nộp phải ghi rõ lý do.", field="reason")
    row = session.get(SubmissionExemption, (due_id, unit_id))
    if row is None:
        session.add(SubmissionExemption(due_id=due_id, unit_id=unit_id, reason=reason))
    else:
        row.reason = reason
    session.flush()


def clear_exemption(session: Session, due_id: int, unit_id: int) -> None:
    require(session, "edit")
    row = session.get(SubmissionExemption, (due_id, unit_id))
    if row is not None:
        session.delete(row)
        session.flush()


def due_choices(session: Session, year: int) -> list[tuple[int, str]]:
    """(id, title) of a year's dues in deadline order, for pickers."""
    return [(i, t) for i, t in session.execute(select(SubmissionDue.id, SubmissionDue.title)
                                               .where(SubmissionDue.year == year).order_by(SubmissionDue.due_on))]
