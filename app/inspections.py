"""Kiểm tra công tác thi đua, khen thưởng (plan item 1.6): the year's inspections of units —
which unit, when, by whom, what is checked — what was found, and the follow-ups asked of the
unit (khắc phục, bổ sung) with their deadlines.

A follow-up is late from the day after its deadline until the unit reports it done (whole
local days, as every deadline in the program). Late and imminent follow-ups join the home
screen's list (`due_items`), and a unit's page shows its inspection history
(`unit_history`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.errors import NotFound, ValidationError
from app.text import clean, fold, sort_key
from app.users import require
from db.models import Inspection, InspectionFollowUp, Unit

STATUSES = {"planned": "Kế hoạch", "held": "Đã kiểm tra", "cancelled": "Hủy"}


def _days(due: dt.date | None, done: dt.date | None, today: dt.date) -> int | None:
    """Days left (negative: late) of an open follow-up; None when done or with no deadline."""
    return None if due is None or done is not None else (due - today).days


@dataclass(slots=True)
class FollowUpData:
    request: str
    due_on: dt.date | None = None
    done_on: dt.date | None = None
    response: str = ""
    id: int | None = None


@dataclass
class InspectionData:
    """An inspection as its dialog edits it (a plain copy, no session needed)."""

    year: int
    unit_id: int | None
    planned_on: dt.date | None
    team: str = ""
    lead: str = ""
    content: str = ""
    status: str = "planned"
    held_on: dt.date | None = None
    findings: str = ""
    conclusion_ref: str = ""
    notes: str = ""
    follow_ups: list[FollowUpData] = field(default_factory=list)
    id: int | None = None


@dataclass(slots=True)
class InspectionRow:
    """A line of the inspections list."""

    id: int
    unit_id: int
    unit: str
    planned_on: dt.date
    held_on: dt.date | None
    team: str
    content: str
    status: str
    status_text: str
    follow_ups: int
    open_follow_ups: int
    late_follow_ups: int
    next_due: dt.date | None
    search: str

    @property
    def follow_up_text(self) -> str:
        if not self.follow_ups:
            return ""
        text = f"{self.follow_ups - self.open_follow_ups}/{self.follow_ups} đã xong"
        return text + (f"; {self.late_follow_ups} quá hạn" if self.late_follow_ups else "")


def _row(ins: Inspection, unit: Unit, today: dt.date) -> InspectionRow:
    open_items = [f for f in ins.follow_ups if f.done_on is None]
    late = [f for f in open_items if f.due_on is not None and f.due_on < today]
    dues = [f.due_on for f in open_items if f.due_on is not None]
    return InspectionRow(
        ins.id, unit.id, unit.name, ins.planned_on, ins.held_on, ins.team, ins.content, ins.status,
        STATUSES.get(ins.status, ins.status), len(ins.follow_ups), len(open_items), len(late),
        min(dues) if dues else None,
        fold(" ".join([unit.name, ins.team, ins.lead, ins.content, ins.findings, STATUSES.get(ins.status, "")])))


def list_inspections(session: Session, year: int, today: dt.date | None = None,
                     unit_id: int | None = None) -> list[InspectionRow]:
    """The year's inspections (or one unit's, every year, when `unit_id` is given), by date."""
    today = today or dt.date.today()
    query = (select(Inspection, Unit).join(Unit, Unit.id == Inspection.unit_id)
             .options(selectinload(Inspection.follow_ups)))
    query = query.where(Inspection.unit_id == unit_id) if unit_id is not None else query.where(Inspection.year == year)
    rows = [_row(ins, unit, today) for ins, unit in session.execute(query)]
    rows.sort(key=lambda r: (r.planned_on, sort_key(r.unit)))
    return rows


def get_inspection(session: Session, inspection_id: int) -> InspectionData:
    ins = session.get(Inspection, inspection_id)
    if ins is None:
        raise NotFound(f"Không tìm thấy cuộc kiểm tra số {inspection_id}.")
    return InspectionData(
        year=ins.year, unit_id=ins.unit_id, planned_on=ins.planned_on, team=ins.team, lead=ins.lead,
        content=ins.content, status=ins.status, held_on=ins.held_on, findings=ins.findings,
        conclusion_ref=ins.conclusion_ref, notes=ins.notes, id=ins.id,
        follow_ups=[FollowUpData(f.request, f.due_on, f.done_on, f.response, f.id) for f in ins.follow_ups])


def save_inspection(session: Session, data: InspectionData) -> int:
    """Create or update an inspection with its follow-ups (the list replaces the old one)."""
    require(session, "edit")
    if data.unit_id is None or session.get(Unit, data.unit_id) is None:
        raise ValidationError("Chưa chọn đơn vị được kiểm tra.", field="unit_id")
    if data.planned_on is None:
        raise ValidationError("Chưa nhập thời gian kiểm tra dự kiến.", field="planned_on")
    if data.status not in STATUSES:
        raise ValidationError("Trạng thái cuộc kiểm tra không hợp lệ.", field="status")
    if data.status == "held" and data.held_on is None:
        raise ValidationError("Đã kiểm tra thì phải có ngày kiểm tra.", field="held_on")
    if data.held_on is not None and data.status == "planned":
        data.status = "held"  # a date held means it was held
    if not clean(data.content):
        raise ValidationError("Chưa nhập nội dung kiểm tra.", field="content")
    ins = session.get(Inspection, data.id) if data.id else Inspection(year=data.year)
    if ins is None:
        raise NotFound(f"Không tìm thấy cuộc kiểm tra số {data.id}.")
    follow_ups = []
    for n, f in enumerate(data.follow_ups, start=1):
        request = (f.request or "").strip()
        if not request:
            raise ValidationError(f"Yêu cầu khắc phục thứ {n} chưa có nội dung.", field="follow_ups")
        if f.done_on is not None and data.held_on is not None and f.done_on < data.held_on:
            raise ValidationError(f"Yêu cầu thứ {n}: ngày hoàn thành trước ngày kiểm tra.", field="follow_ups")
        if f.due_on is not None and data.held_on is not None and f.due_on < data.held_on:
            raise ValidationError(f"Yêu cầu thứ {n}: thời hạn trước ngày kiểm tra.", field="follow_ups")
        follow_ups.append((n, request, f))
    if follow_ups and data.status != "held":
        raise ValidationError("Chỉ ghi yêu cầu khắc phục sau khi đã kiểm tra.", field="follow_ups")
    ins.unit_id, ins.planned_on, ins.held_on = data.unit_id, data.planned_on, data.held_on
    ins.team, ins.lead, ins.status = clean(data.team), clean(data.lead), data.status
    ins.content, ins.findings = data.content.strip(), (data.findings or "").strip()
    ins.conclusion_ref, ins.notes = clean(data.conclusion_ref), (data.notes or "").strip()
    if ins.id is None:
        session.add(ins)
    session.flush()
    kept = {f.id: f for f in ins.follow_ups}
    wanted = {f.id for _, _, f in follow_ups if f.id}
    for old_id, old in kept.items():
        if old_id not in wanted:
            ins.follow_ups.remove(old)
    for n, request, f in follow_ups:
        row = kept.get(f.id) if f.id else None
        if row is None:
            row = InspectionFollowUp(seq=n, request=request)
            ins.follow_ups.append(row)
        row.seq, row.request, row.due_on, row.done_on = n, request, f.due_on, f.done_on
        row.response = (f.response or "").strip()
    session.flush()
    return ins.id


def delete_inspection(session: Session, inspection_id: int) -> None:
    require(session, "edit")
    ins = session.get(Inspection, inspection_id)
    if ins is None:
        raise NotFound(f"Không tìm thấy cuộc kiểm tra số {inspection_id}.")
    session.delete(ins)
    session.flush()


def mark_follow_up_done(session: Session, follow_up_id: int, done_on: dt.date, response: str = "") -> None:
    """The unit reported a follow-up done (its report's reference goes in `response`)."""
    require(session, "edit")
    row = session.get(InspectionFollowUp, follow_up_id)
    if row is None:
        raise NotFound(f"Không tìm thấy yêu cầu khắc phục số {follow_up_id}.")
    row.done_on = done_on
    if clean(response):
        row.response = response.strip()
    session.flush()


# --- follow-ups: late ones, the home screen, a unit's page -----------------------------------

@dataclass(slots=True)
class FollowUpRow:
    id: int
    inspection_id: int
    unit_id: int
    unit: str
    inspected_on: dt.date | None
    request: str
    due_on: dt.date | None
    done_on: dt.date | None
    response: str
    days_left: int | None  # None: done or no deadline; negative: late

    @property
    def late(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def state_text(self) -> str:
        if self.done_on is not None:
            return f"Đã xong {self.done_on:%d/%m/%Y}"
        if self.days_left is None:
            return "Chưa có hạn"
        if self.days_left < 0:
            return f"Quá hạn {-self.days_left} ngày"
        return "Hạn hôm nay" if self.days_left == 0 else f"Còn {self.days_left} ngày"

    @property
    def search(self) -> str:
        return fold(" ".join([self.unit, self.request, self.response]))


def follow_ups(session: Session, *, today: dt.date | None = None, unit_id: int | None = None,
               open_only: bool = False, due_by: dt.date | None = None) -> list[FollowUpRow]:
    """Follow-ups of every inspection (or one unit's), open ones first by deadline."""
    today = today or dt.date.today()
    query = (select(InspectionFollowUp, Inspection, Unit)
             .join(Inspection, Inspection.id == InspectionFollowUp.inspection_id)
             .join(Unit, Unit.id == Inspection.unit_id))
    if unit_id is not None:
        query = query.where(Inspection.unit_id == unit_id)
    if open_only:
        query = query.where(InspectionFollowUp.done_on.is_(None))
    if due_by is not None:
        query = query.where(InspectionFollowUp.due_on.is_not(None), InspectionFollowUp.due_on <= due_by)
    rows = [FollowUpRow(f.id, ins.id, unit.id, unit.name, ins.held_on, f.request, f.due_on, f.done_on,
                        f.response, _days(f.due_on, f.done_on, today))
            for f, ins, unit in session.execute(query)]
    rows.sort(key=lambda r: (r.done_on is not None, r.due_on or dt.date.max, sort_key(r.unit)))
    return rows


def late_follow_ups(session: Session, today: dt.date | None = None) -> list[FollowUpRow]:
    """Open follow-ups whose deadline has passed (met all day on the deadline itself)."""
    today = today or dt.date.today()
    return follow_ups(session, today=today, open_only=True, due_by=today - dt.timedelta(days=1))


def due_items(session: Session, today: dt.date, horizon: dt.date) -> list:
    """The home screen's lines for follow-ups late or due by `horizon` (app.home.DueItem)."""
    from app.home import DueItem

    items = []
    for r in follow_ups(session, today=today, open_only=True, due_by=horizon):
        request = r.request if len(r.request) <= 90 else r.request[:88] + "…"
        items.append(DueItem("follow_up", "Sau kiểm tra", f"{r.unit}: {request}",
                             f"Kiểm tra ngày {r.inspected_on:%d/%m/%Y}" if r.inspected_on else "Sau kiểm tra",
                             r.due_on, r.days_left, r.inspection_id))
    return items


@dataclass
class UnitInspections:
    """A unit's page: its inspections (every year) and what it still owes from them."""

    unit_id: int
    inspections: list[InspectionRow]
    follow_ups: list[FollowUpRow]

    @property
    def late(self) -> list[FollowUpRow]:
        return [f for f in self.follow_ups if f.late]


def unit_history(session: Session, unit_id: int, today: dt.date | None = None) -> UnitInspections:
    today = today or dt.date.today()
    newest_first = sorted(list_inspections(session, 0, today, unit_id=unit_id),
                          key=lambda r: r.planned_on, reverse=True)
    return UnitInspections(unit_id, newest_first, follow_ups(session, today=today, unit_id=unit_id))
