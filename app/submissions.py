"""What units owe and send (hồ sơ, báo cáo phải nộp): the units overview the GUI shows.

For a year, each unit owes the dues (registration, mid-year and year-end reports, bloc
scores, award proposals) that apply to its kind, less the ones it is excused from. A due is
met by a received or accepted submission; it is late once its deadline day has fully passed
(a deadline of 10/12 is met all that day, in local time). Each owed item is in exactly one
of three states: still to come, arrived, late.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.catalog import unit_kinds
from app.text import fold, sort_key
from db.models import (
    Bloc,
    BlocMember,
    Submission,
    SubmissionDue,
    SubmissionDueOverride,
    SubmissionExemption,
    Unit,
)

# Kinds that never send to the office: the authority itself, villages (they send to communes).
NOT_REPORTING = ("authority", "village")
MEETS_DUE = ("received", "accepted")


# Short names for the overview's cells; the full title stays in the tooltip.
SHORT_KINDS = {
    "registration": "Đăng ký thi đua",
    "report_mid": "Báo cáo sơ kết",
    "report_year": "Báo cáo tổng kết",
    "bloc_scores": "Tự chấm điểm khối",
    "award_proposal": "Đề nghị khen thưởng",
}


@dataclass(slots=True)
class UnitOverviewRow:
    """A line of the units tab: one unit and, for each thing it owes this year, whether it is
    still to come (còn phải nộp), arrived (đã nộp) or late (quá hạn) — each in one column."""

    id: int
    unit: str
    kind: str
    bloc: str
    due: str  # still to come: "Báo cáo tổng kết (hạn 30/11)"
    arrived: str  # "Đăng ký thi đua, Tự chấm điểm khối (muộn)"
    late: str  # "Báo cáo tổng kết (quá 3 ngày)"
    details: str  # one line per owed item, full title and dates (the tooltip)
    due_count: int
    arrived_count: int
    late_count: int
    owed_count: int
    sort_order: int
    search: str


def due_applies(due: SubmissionDue, unit_kind: str) -> bool:
    """Whether a due concerns units of a kind: its `unit_kinds` list, or every reporting unit."""
    kinds = [k for k in re.split(r"[\s,;|]+", due.unit_kinds or "") if k]
    return unit_kind in kinds if kinds else unit_kind not in NOT_REPORTING


def _units_of_year(session: Session, year: int) -> list[Unit]:
    """Units that existed in the year: active now, or merged/closed during or after it."""
    start = dt.date(year, 1, 1)
    return list(session.scalars(
        select(Unit).where(Unit.kind.not_in(NOT_REPORTING),
                           or_(Unit.active.is_(True), Unit.merged_on >= start))))


def unit_overview(session: Session, year: int, today: dt.date | None = None) -> list[UnitOverviewRow]:
    """Every reporting unit of the year with what it still owes, what came and what is late.

    A unit's own deadline (SubmissionDueOverride) replaces the common one; a unit excused
    from a due (SubmissionExemption) does not owe it."""
    today = today or dt.date.today()
    kinds = unit_kinds()
    dues = list(session.scalars(select(SubmissionDue).where(SubmissionDue.year == year)
                                .order_by(SubmissionDue.due_on, SubmissionDue.id)))
    excused = {(due_id, unit_id) for due_id, unit_id in session.execute(
        select(SubmissionExemption.due_id, SubmissionExemption.unit_id)
        .join(SubmissionDue, SubmissionDue.id == SubmissionExemption.due_id)
        .where(SubmissionDue.year == year))}
    own_deadline = {(due_id, unit_id): due_on for due_id, unit_id, due_on in session.execute(
        select(SubmissionDueOverride.due_id, SubmissionDueOverride.unit_id, SubmissionDueOverride.due_on)
        .join(SubmissionDue, SubmissionDue.id == SubmissionDueOverride.due_id)
        .where(SubmissionDue.year == year))}
    # First date a unit's kind of submission was received (any version that counts).
    arrived_on: dict[tuple[int, str], dt.date] = {}
    for unit_id, kind, received in session.execute(
            select(Submission.unit_id, Submission.kind, Submission.received_on)
            .where(Submission.year == year, Submission.status.in_(MEETS_DUE + ("superseded",)))):
        key = (unit_id, kind)
        if key not in arrived_on or received < arrived_on[key]:
            arrived_on[key] = received
    blocs: dict[int, list[str]] = {}
    for unit_id, name in session.execute(
            select(BlocMember.unit_id, Bloc.name).join(Bloc, Bloc.id == BlocMember.bloc_id)
            .where(Bloc.year == year)):
        blocs.setdefault(unit_id, []).append(name)

    rows = []
    for unit in _units_of_year(session, year):
        pending, came, late, details = [], [], [], []
        for due in dues:
            if (due.id, unit.id) in excused or not due_applies(due, unit.kind):
                continue
            deadline = own_deadline.get((due.id, unit.id), due.due_on)
            short = SHORT_KINDS.get(due.kind, due.title)
            received = arrived_on.get((unit.id, due.kind))
            if received is not None:
                tardy = received > deadline
                came.append(f"{short} (muộn)" if tardy else short)
                details.append(f"{due.title}: đã nộp {received:%d/%m/%Y}"
                               + (f", muộn {(received - deadline).days} ngày" if tardy else ""))
            elif today > deadline:  # the deadline day itself is still on time
                days = (today - deadline).days
                late.append(f"{short} (quá {days} ngày)")
                details.append(f"{due.title}: quá hạn {days} ngày (hạn {deadline:%d/%m/%Y})")
            else:
                pending.append(f"{short} (hạn {deadline:%d/%m})")
                details.append(f"{due.title}: chưa nộp, hạn {deadline:%d/%m/%Y}")
        kind = kinds.get(unit.kind, unit.kind)
        bloc = ", ".join(sorted(blocs.get(unit.id, []), key=sort_key))
        rows.append(UnitOverviewRow(
            id=unit.id, unit=unit.name, kind=kind, bloc=bloc, due="; ".join(pending),
            arrived=", ".join(came), late="; ".join(late), details="\n".join(details),
            due_count=len(pending), arrived_count=len(came), late_count=len(late),
            owed_count=len(details), sort_order=unit.sort_order or 0,
            search=fold(" ".join([unit.name, unit.short_name, kind, bloc]))))
    rows.sort(key=lambda r: (r.sort_order, sort_key(r.unit)))
    return rows
