"""Màn hình chính (the home screen's content): what the clerk should look at this morning.

- what falls due in the next seven days or is already overdue: plan tasks, what units must
  send (with how many have not), dossiers the office must settle, follow-ups units owe after an
  inspection (app/inspections.py);
- dossiers waiting for appraisal (received or being appraised) and their due dates;
- imports waiting for review (submissions received, not yet accepted or returned);
- the year's counts at a glance.

Days are whole days in local time: a deadline of 10/12 is met all that day, it is "hôm nay"
on the 10th and overdue from the 11th.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.dossiers import STATUSES as DOSSIER_STATUSES
from app.reports import award_totals
from app.reports.scope import resolve
from app.reports.work import dossier_figures, dues_outstanding, submission_counts
from app.submissions import SHORT_KINDS
from app.text import fold
from db.models import Dossier, Nominee, PlanTask, Submission, Unit

HORIZON_DAYS = 7  # "this week": today and the six days after
# Dossiers whose due date is the office's to meet (a returned one waits for its unit).
OFFICE_OPEN = ("received", "appraising", "appraised", "voted")
WAITING_APPRAISAL = ("received", "appraising")


def days_text(days: int) -> str:
    """`quá hạn 3 ngày`, `hôm nay`, `ngày mai`, `còn 5 ngày`."""
    if days < 0:
        return f"quá hạn {-days} ngày"
    return {0: "hạn hôm nay", 1: "hạn ngày mai"}.get(days, f"còn {days} ngày")


@dataclass(slots=True)
class DueItem:
    """Something with a deadline: a plan task, a due submission, a dossier."""

    kind: str  # task / submission / dossier
    what: str  # "Việc kế hoạch", "Hạn nộp", "Hồ sơ"
    title: str
    detail: str
    due_on: dt.date
    days_left: int  # negative: overdue
    ref_id: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def when(self) -> str:
        return days_text(self.days_left)

    @property
    def search(self) -> str:
        return fold(" ".join([self.what, self.title, self.detail]))


@dataclass(slots=True)
class WaitingDossier:
    id: int
    number: str
    unit: str
    status: str
    received_on: dt.date
    due_on: dt.date | None
    days_left: int | None
    nominees: int

    @property
    def when(self) -> str:
        return "" if self.days_left is None else days_text(self.days_left)

    @property
    def search(self) -> str:
        return fold(" ".join([self.number, self.unit, self.status]))


@dataclass(slots=True)
class WaitingImport:
    id: int
    unit: str
    kind: str
    year: int
    received_on: dt.date
    version: int
    problems: int

    @property
    def search(self) -> str:
        return fold(" ".join([self.unit, self.kind]))


@dataclass
class Glance:
    """The year's counts at a glance."""

    year: int
    awards: int = 0
    titles: int = 0
    forms: int = 0
    money: int = 0
    revoked: int = 0
    dossiers: int = 0
    dossiers_decided: int = 0
    dossiers_open: int = 0
    nominees: int = 0
    units_late: int = 0  # units with something late or missing this year


@dataclass
class HomeSummary:
    today: dt.date
    year: int
    due: list[DueItem] = field(default_factory=list)
    appraisal: list[WaitingDossier] = field(default_factory=list)
    imports: list[WaitingImport] = field(default_factory=list)
    glance: Glance | None = None

    @property
    def overdue_count(self) -> int:
        return sum(1 for d in self.due if d.overdue)


def _due_items(session: Session, year: int, today: dt.date, horizon: dt.date) -> list[DueItem]:
    items: list[DueItem] = []
    for task in session.scalars(select(PlanTask).where(
            PlanTask.status == "open", PlanTask.deadline.is_not(None), PlanTask.deadline <= horizon,
            PlanTask.year >= year)):
        items.append(DueItem("task", "Việc kế hoạch", task.title, task.responsible or "",
                             task.deadline, (task.deadline - today).days, task.id))
    # A due is on the list while some unit it concerns has sent nothing by a deadline within
    # the horizon (a unit given its own later deadline is not yet counted).
    for due, missing, deadline in dues_outstanding(session, year, today, horizon):
        items.append(DueItem("submission", "Hạn nộp", due.title,
                             f"{missing} đơn vị chưa nộp", deadline, (deadline - today).days,
                             due.id))
    for dossier_id, number, unit, status, due_on in session.execute(
            select(Dossier.id, Dossier.number, Unit.name, Dossier.status, Dossier.due_on)
            .join(Unit, Unit.id == Dossier.unit_id)
            .where(Dossier.status.in_(OFFICE_OPEN), Dossier.due_on.is_not(None),
                   Dossier.due_on <= horizon)):
        items.append(DueItem("dossier", "Hồ sơ", f"{number} — {unit}",
                             DOSSIER_STATUSES.get(status, status), due_on, (due_on - today).days,
                             dossier_id))
    from app.inspections import due_items as follow_up_items  # asked of units after an inspection

    items.extend(follow_up_items(session, today, horizon))
    items.sort(key=lambda d: (d.due_on, d.kind, d.title))
    return items


def _waiting_dossiers(session: Session, today: dt.date) -> list[WaitingDossier]:
    counts = (select(Nominee.dossier_id, func.count().label("n"))
              .group_by(Nominee.dossier_id).subquery())
    rows = session.execute(
        select(Dossier.id, Dossier.number, Unit.name, Dossier.status, Dossier.received_on,
               Dossier.due_on, func.coalesce(counts.c.n, 0))
        .join(Unit, Unit.id == Dossier.unit_id)
        .outerjoin(counts, counts.c.dossier_id == Dossier.id)
        .where(Dossier.status.in_(WAITING_APPRAISAL)))
    result = [WaitingDossier(i, number, unit, DOSSIER_STATUSES.get(status, status), received,
                             due, None if due is None else (due - today).days, n)
              for i, number, unit, status, received, due, n in rows]
    result.sort(key=lambda d: (d.due_on is None, d.due_on or dt.date.max, d.received_on, d.number))
    return result


def _waiting_imports(session: Session) -> list[WaitingImport]:
    rows = session.execute(
        select(Submission.id, Unit.name, Submission.kind, Submission.year, Submission.received_on,
               Submission.version_no, Submission.problems)
        .join(Unit, Unit.id == Submission.unit_id)
        .where(Submission.status == "received")
        .order_by(Submission.received_on, Submission.id))
    return [WaitingImport(i, unit, SHORT_KINDS.get(kind, kind), year, received, version,
                          len(problems or []))
            for i, unit, kind, year, received, version, problems in rows]


def glance(session: Session, year: int, today: dt.date) -> Glance:
    totals = award_totals(session, year)
    scope = resolve(session, year)
    dossiers = dossier_figures(session, scope)
    late = sum(1 for row in submission_counts(session, scope, today) if row.late_or_missing)
    return Glance(year=year, awards=totals.total, titles=totals.titles, forms=totals.forms,
                  money=totals.money, revoked=totals.revoked, dossiers=dossiers.received,
                  dossiers_decided=dossiers.decided, dossiers_open=dossiers.in_progress,
                  nominees=dossiers.nominees, units_late=late)


def home_summary(session: Session, year: int, today: dt.date | None = None) -> HomeSummary:
    """The home screen for the working `year` as of `today` (default: the real today)."""
    today = today or dt.date.today()
    horizon = today + dt.timedelta(days=HORIZON_DAYS - 1)
    return HomeSummary(today=today, year=year,
                       due=_due_items(session, year, today, horizon),
                       appraisal=_waiting_dossiers(session, today),
                       imports=_waiting_imports(session),
                       glance=glance(session, year, today))


__all__ = ["DueItem", "Glance", "HomeSummary", "WaitingDossier", "WaitingImport", "days_text",
           "home_summary"]
