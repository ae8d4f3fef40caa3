"""What units owe and send (hồ sơ, báo cáo phải nộp): the units overview the GUI shows.

For a year, each unit owes the dues (registration, mid-year and year-end reports, bloc
scores, award proposals) that apply to its kind, less the ones it is excused from. A due is
met by a received or accepted submission; it is late once its deadline day has fully passed
(a deadline of 10/12 is met all that day, in local time).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.catalog import unit_kinds
from app.text import fold, sort_key
from db.models import Bloc, BlocMember, Submission, SubmissionDue, SubmissionExemption, Unit

# Kinds that never send to the office: the authority itself, villages (they send to communes).
NOT_REPORTING = ("authority", "village")
MEETS_DUE = ("received", "accepted")


@dataclass(slots=True)
class UnitOverviewRow:
    """A line of the units tab: one unit, what it owes this year, what came, what is late."""

    id: int
    unit: str
    kind: str
    bloc: str
    due: str  # one line per due: "Đăng ký thi đua (hạn 15/02)"
    arrived: str  # "Đăng ký thi đua (17/02, muộn)"
    late: str  # "Báo cáo tổng kết (quá 3 ngày)"
    due_count: int
    arrived_count: int
    late_count: int
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
    today = today or dt.date.today()
    kinds = unit_kinds()
    dues = list(session.scalars(select(SubmissionDue).where(SubmissionDue.year == year)
                                .order_by(SubmissionDue.due_on, SubmissionDue.id)))
    excused = {(due_id, unit_id) for due_id, unit_id in session.execute(
        select(SubmissionExemption.due_id, SubmissionExemption.unit_id)
        .join(SubmissionDue, SubmissionDue.id == SubmissionExemption.due_id)
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
        owed, came, late = [], [], []
        for due in dues:
            if (due.id, unit.id) in excused or not due_applies(due, unit.kind):
                continue
            owed.append(f"{due.title} (hạn {due.due_on:%d/%m})")
            received = arrived_on.get((unit.id, due.kind))
            if received is not None:
                mark = ", muộn" if received > due.due_on else ""
                came.append(f"{due.title} ({received:%d/%m}{mark})")
            elif today > due.due_on:
                late.append(f"{due.title} (quá {(today - due.due_on).days} ngày)")
        kind = kinds.get(unit.kind, unit.kind)
        bloc = ", ".join(sorted(blocs.get(unit.id, []), key=sort_key))
        rows.append(UnitOverviewRow(
            id=unit.id, unit=unit.name, kind=kind, bloc=bloc, due="\n".join(owed),
            arrived="\n".join(came), late="\n".join(late), due_count=len(owed),
            arrived_count=len(came), late_count=len(late), sort_order=unit.sort_order or 0,
            search=fold(" ".join([unit.name, unit.short_name, kind, bloc]))))
    rows.sort(key=lambda r: (r.sort_order, sort_key(r.unit)))
    return rows
