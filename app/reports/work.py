"""The office's work in the year's figures: dossiers (received, returned, decided, time to a
decision), movements and what came of them, and what each unit sent on time or late.

Counts are GROUP BY queries; the loops left in Python run over units × dues (a few hundred)
or over decided dossiers, never over the ledger.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from app.catalog import LEVELS
from app.movements import KINDS as MOVEMENT_KINDS
from app.movements import LEVEL_ORDER, period_text
from app.movements import STATUSES as MOVEMENT_STATUSES
from app.reports.model import DossierFigures, MovementResult, SubmissionCount
from app.reports.scope import (
    Scope,
    award_conditions,
    dossier_conditions,
    movement_units,
    person_join,
)
from app.states import DOSSIER_STATES as STATUSES
from app.states import IN_PROGRESS
from app.submissions import MEETS_DUE, due_applies, not_reporting
from app.text import sort_key
from db.models import (
    Award,
    Dossier,
    DossierEvent,
    Movement,
    MovementUnit,
    Nominee,
    Person,
    Submission,
    SubmissionDue,
    SubmissionDueOverride,
    SubmissionExemption,
    Unit,
)


def dossier_figures(session: Session, scope: Scope) -> DossierFigures:
    figures = DossierFigures()
    conds = dossier_conditions(scope)
    for status, n in session.execute(select(Dossier.status, func.count())
                                     .where(*conds).group_by(Dossier.status)):
        figures.by_status[status] = n
        figures.received += n
    figures.by_status = {s: figures.by_status[s] for s in STATUSES if s in figures.by_status} | {
        s: n for s, n in figures.by_status.items() if s not in STATUSES}
    figures.decided = figures.by_status.get("decided", 0)
    figures.forwarded = figures.by_status.get("forwarded", 0)
    figures.rejected = figures.by_status.get("rejected", 0)
    figures.in_progress = sum(figures.by_status.get(s, 0) for s in IN_PROGRESS)
    # Sent back at least once, whatever became of it afterwards.
    figures.returned = session.scalar(
        select(func.count(func.distinct(DossierEvent.dossier_id)))
        .join(Dossier, Dossier.id == DossierEvent.dossier_id)
        .where(DossierEvent.to_status == "returned", *conds)) or 0
    nominees = session.execute(
        select(func.count(), func.sum(case((Nominee.appraisal == "approved", 1), else_=0)))
        .join(Dossier, Dossier.id == Nominee.dossier_id).where(*conds)).one()
    figures.nominees, figures.nominees_approved = int(nominees[0] or 0), int(nominees[1] or 0)
    # Days from receipt to the decision: the date the decision was signed (the day the clerk
    # recorded it may be later, or the same day as everything else); the step's day when no
    # decision line says (a dossier decided with nobody on the list).
    signed = dict(session.execute(
        select(Nominee.dossier_id, func.min(Award.decision_date))
        .join(Award, Award.nominee_id == Nominee.id).join(Dossier, Dossier.id == Nominee.dossier_id)
        .where(Dossier.status == "decided", Award.decision_date.is_not(None), *conds)
        .group_by(Nominee.dossier_id)).all())
    spans = []
    for dossier_id, received_on, decided_at in session.execute(
            select(Dossier.id, Dossier.received_on, func.min(DossierEvent.at))
            .join(DossierEvent, DossierEvent.dossier_id == Dossier.id)
            .where(DossierEvent.to_status == "decided", Dossier.status == "decided", *conds)
            .group_by(Dossier.id, Dossier.received_on)):
        decided_on = signed.get(dossier_id) or decided_at
        if received_on is not None and decided_on is not None:
            decided_on = decided_on.date() if isinstance(decided_on, dt.datetime) else decided_on
            spans.append(max((decided_on - received_on).days, 0))
    figures.average_days = round(sum(spans) / len(spans), 1) if spans else None
    return figures


def movement_results(session: Session, scope: Scope) -> list[MovementResult]:
    """Movements running in the period (or the one the report is about), with the units taking
    part and the dossiers and awards that came out of each, within the report's scope."""
    first, last = dt.date(scope.first_year, 1, 1), dt.date(scope.last_year, 12, 31)
    query = select(Movement)
    if scope.movement_id is not None:
        query = query.where(Movement.id == scope.movement_id)
    else:
        query = query.where(or_(Movement.start_date.is_(None), Movement.start_date <= last),
                            or_(Movement.end_date.is_(None), Movement.end_date >= first))
    movements = list(session.scalars(query))
    unit_q = select(MovementUnit.movement_id, func.count()).group_by(MovementUnit.movement_id)
    if scope.unit_ids is not None:
        unit_q = unit_q.where(MovementUnit.unit_id.in_(scope.unit_ids))
    units = dict(session.execute(unit_q).all())
    dossiers = dict(session.execute(
        select(Dossier.movement_id, func.count()).where(*dossier_conditions(scope),
                                                        Dossier.movement_id.is_not(None))
        .group_by(Dossier.movement_id)).all())
    awards = dict(session.execute(
        select(Award.movement_id, func.count()).outerjoin(Person, person_join())
        .where(*award_conditions(scope), Award.movement_id.is_not(None))
        .group_by(Award.movement_id)).all())
    rank = {code: i for i, code in enumerate(LEVEL_ORDER)}
    movements.sort(key=lambda m: (rank.get(m.level, len(rank)), m.start_date or dt.date.min, m.id))
    return [MovementResult(
        id=m.id, name=m.name, level=LEVELS.get(m.level, m.level),
        kind=MOVEMENT_KINDS.get(m.kind, m.kind), period=period_text(m.start_date, m.end_date),
        status=MOVEMENT_STATUSES.get(m.status, m.status), units=units.get(m.id, 0),
        dossiers=dossiers.get(m.id, 0), awards=awards.get(m.id, 0), results=m.results or "")
        for m in movements]


@dataclass(slots=True)
class Owed:
    """One thing one unit owed: the due, its deadline for that unit, when it came (or None)."""

    unit_id: int
    unit: str
    sort: tuple
    due: SubmissionDue
    deadline: dt.date
    arrived: dt.date | None


def owed_items(session: Session, first_year: int, last_year: int,
               units_wanted: frozenset[int] | set[int] | None = None) -> list[Owed]:
    """Every (unit, due) pair of the years that a unit owed: the due concerns its kind, the
    unit existed that year (active, or merged later), and it was not excused."""
    years = (first_year, last_year)
    skipped = not_reporting(session)
    dues = list(session.scalars(select(SubmissionDue).where(SubmissionDue.year.between(*years))
                                .order_by(SubmissionDue.due_on, SubmissionDue.id)))
    if not dues:
        return []
    excused = set(session.execute(
        select(SubmissionExemption.due_id, SubmissionExemption.unit_id)
        .join(SubmissionDue, SubmissionDue.id == SubmissionExemption.due_id)
        .where(SubmissionDue.year.between(*years))).all())
    own = {(d, u): on for d, u, on in session.execute(
        select(SubmissionDueOverride.due_id, SubmissionDueOverride.unit_id, SubmissionDueOverride.due_on)
        .join(SubmissionDue, SubmissionDue.id == SubmissionDueOverride.due_id)
        .where(SubmissionDue.year.between(*years)))}
    # The first version that counts (received, accepted, or later superseded) dates the arrival.
    arrived = {(u, y, k): on for u, y, k, on in session.execute(
        select(Submission.unit_id, Submission.year, Submission.kind, func.min(Submission.received_on))
        .where(Submission.year.between(*years), Submission.status.in_(MEETS_DUE + ("superseded",)))
        .group_by(Submission.unit_id, Submission.year, Submission.kind))}
    units = session.execute(select(Unit.id, Unit.name, Unit.kind, Unit.active, Unit.merged_on,
                                   Unit.sort_order).where(Unit.kind.not_in(skipped))).all()
    items = []
    for unit in units:
        if units_wanted is not None and unit.id not in units_wanted:
            continue
        order = (unit.sort_order or 0, sort_key(unit.name))
        for due in dues:
            # A merged unit owes what fell due while it still existed.
            existed = unit.active or (unit.merged_on is not None and unit.merged_on >= due.due_on)
            if not existed or (due.id, unit.id) in excused or not due_applies(due, unit.kind, skipped):
                continue
            items.append(Owed(unit.id, unit.name, order, due, own.get((due.id, unit.id), due.due_on),
                              arrived.get((unit.id, due.year, due.kind))))
    return items


def submission_counts(session: Session, scope: Scope, today: dt.date) -> list[SubmissionCount]:
    """Per unit, over the period's dues: on time (arrived by the deadline day, the unit's own
    deadline if it has one), late, missing (deadline passed, nothing came), not yet due."""
    wanted = scope.unit_ids
    if scope.movement_id is not None:
        taking_part = movement_units(session, scope.movement_id)
        if taking_part:
            wanted = taking_part if wanted is None else wanted & taking_part
    rows: dict[int, tuple[tuple, SubmissionCount]] = {}
    for item in owed_items(session, scope.first_year, scope.last_year, wanted):
        row = rows.setdefault(item.unit_id, (item.sort, SubmissionCount(item.unit_id, item.unit)))[1]
        row.owed += 1
        if item.arrived is not None:
            if item.arrived <= item.deadline:
                row.on_time += 1
            else:
                row.late += 1
        elif today > item.deadline:
            row.missing += 1
        else:
            row.pending += 1
    return [row for _sort, row in sorted(rows.values(), key=lambda t: t[0])]


def dues_outstanding(session: Session, year: int, today: dt.date,
                     horizon: dt.date) -> list[tuple[SubmissionDue, int, dt.date]]:
    """Dues of `year` and later that some unit has not met by a deadline on or before
    `horizon`: (due, how many units have sent nothing, the earliest of their deadlines)."""
    found: dict[int, list] = {}
    for item in owed_items(session, year, max(year, horizon.year)):
        if item.arrived is None and item.deadline <= horizon:
            entry = found.setdefault(item.due.id, [item.due, 0, item.deadline])
            entry[1] += 1
            entry[2] = min(entry[2], item.deadline)
    return sorted((tuple(e) for e in found.values()), key=lambda e: (e[2], e[0].id))
