"""Màn hình chính (the home screen's content): what the clerk should look at this morning.

For the current year (or a later one):
- what falls due in the next seven days or is already overdue: plan tasks, what units must
  send (with how many have not), dossiers the office must settle, follow-ups units owe after an
  inspection (app/inspections.py);
- dossiers waiting for appraisal (received or being appraised) and their due dates;
- imports waiting for review (submissions received, not yet accepted or returned);
- the year's counts at a glance.

For a year that has ended (`HomeSummary.past`), what a clerk closing that year wants: what of
that year is still undone — its open plan tasks, its dues some unit never sent, its dossiers
not settled, its inspections' follow-ups not done — each saying so ("chưa hoàn thành"), not
"quá hạn 330 ngày" counted to today; the waiting lists are that year's only.

Days are whole days in local time: a deadline of 10/12 is met all that day, it is "hôm nay"
on the 10th and overdue from the 11th.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.dates import as_of
from app.reports import award_totals
from app.reports.awards import by_decider
from app.reports.scope import resolve
from app.reports.work import dossier_figures, dues_outstanding, submission_counts
from app.states import AWAITING_APPRAISAL, OFFICE_TURN
from app.states import DOSSIER_STATES as DOSSIER_STATUSES
from app.submissions import SHORT_KINDS
from app.text import fold
from db.models import Dossier, Nominee, PlanTask, Submission, Unit

HORIZON_DAYS = 7  # "this week": today and the six days after
# Dossiers whose due date is the office's to meet (a returned one waits for its unit).
OFFICE_OPEN = OFFICE_TURN
WAITING_APPRAISAL = AWAITING_APPRAISAL
# A past year's line says the thing is still undone instead of counting days to today.
UNDONE = {"task": "chưa hoàn thành", "submission": "chưa nộp đủ", "dossier": "chưa giải quyết",
          "follow_up": "chưa khắc phục"}
UNDONE_APPRAISAL = "chưa thẩm định xong"


def days_text(days: int) -> str:
    """`quá hạn 3 ngày`, `hôm nay`, `ngày mai`, `còn 5 ngày`."""
    if days < 0:
        return f"quá hạn {-days} ngày"
    return {0: "hạn hôm nay", 1: "hạn ngày mai"}.get(days, f"còn {days} ngày")


@dataclass(slots=True)
class DueItem:
    """Something with a deadline: a plan task, a due submission, a dossier."""

    kind: str  # task / submission / dossier / follow_up
    what: str  # "Việc kế hoạch", "Hạn nộp", "Hồ sơ"
    title: str
    detail: str
    due_on: dt.date | None  # None: a past year's dossier that had no due date
    days_left: int | None  # negative: overdue
    ref_id: int
    year: int | None = None  # the year a task, due or dossier belongs to
    undone: str = ""  # a past year's wording, shown instead of the days

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def when(self) -> str:
        return self.undone or ("" if self.days_left is None else days_text(self.days_left))

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
    undone: str = ""  # a past year's wording, shown instead of the days

    @property
    def when(self) -> str:
        return self.undone or ("" if self.days_left is None else days_text(self.days_left))

    @property
    def search(self) -> str:
        return fold(" ".join([self.number, self.unit, self.status]))


@dataclass(slots=True)
class WaitingImport:
    id: int
    unit_id: int
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
    people: int = 0  # people behind the individual awards (app.reports counts them the same)
    deciders: list = field(default_factory=list)  # app.reports DeciderCount: ours / higher / other


@dataclass
class HomeSummary:
    today: dt.date
    year: int
    due: list[DueItem] = field(default_factory=list)
    appraisal: list[WaitingDossier] = field(default_factory=list)
    imports: list[WaitingImport] = field(default_factory=list)
    glance: Glance | None = None
    past: bool = False  # the year has ended: `due` is what of it is still undone

    @property
    def overdue_count(self) -> int:
        return sum(1 for d in self.due if d.overdue)


def _due_items(session: Session, year: int, today: dt.date, horizon: dt.date) -> list[DueItem]:
    items: list[DueItem] = []
    for task in session.scalars(select(PlanTask).where(
            PlanTask.status == "open", PlanTask.deadline.is_not(None), PlanTask.deadline <= horizon,
            PlanTask.year >= year)):
        items.append(DueItem("task", "Việc kế hoạch", task.title, task.responsible or "",
                             task.deadline, (task.deadline - today).days, task.id, task.year))
    # A due is on the list while some unit it concerns has sent nothing by a deadline within
    # the horizon (a unit given its own later deadline is not yet counted).
    for due, missing, deadline in dues_outstanding(session, year, today, horizon):
        items.append(DueItem("submission", "Hạn nộp", due.title,
                             f"{missing} đơn vị chưa nộp", deadline, (deadline - today).days,
                             due.id, due.year))
    for dossier_id, number, unit, status, due_on, dossier_year in session.execute(
            select(Dossier.id, Dossier.number, Unit.name, Dossier.status, Dossier.due_on, Dossier.year)
            .join(Unit, Unit.id == Dossier.unit_id)
            .where(Dossier.status.in_(OFFICE_OPEN), Dossier.due_on.is_not(None),
                   Dossier.due_on <= horizon)):
        items.append(DueItem("dossier", "Hồ sơ", f"{number} — {unit}",
                             DOSSIER_STATUSES.get(status, status), due_on, (due_on - today).days,
                             dossier_id, dossier_year))
    from app.inspections import due_items as follow_up_items  # asked of units after an inspection

    items.extend(follow_up_items(session, today, horizon))
    return _sorted(items)


def _undone_items(session: Session, year: int, today: dt.date) -> list[DueItem]:
    """A past year's open ends: its plan tasks still open, its dues some unit never sent, its
    dossiers the office has not settled, follow-ups due that year not done."""
    items: list[DueItem] = []
    for task in session.scalars(select(PlanTask).where(
            PlanTask.status == "open", PlanTask.deadline.is_not(None), PlanTask.year == year)):
        items.append(DueItem("task", "Việc kế hoạch", task.title, task.responsible or "",
                             task.deadline, (task.deadline - today).days, task.id, year, UNDONE["task"]))
    for due, missing, deadline in dues_outstanding(session, year, today, today):
        if due.year == year:
            items.append(DueItem("submission", "Hạn nộp", due.title, f"{missing} đơn vị chưa nộp",
                                 deadline, (deadline - today).days, due.id, year, UNDONE["submission"]))
    for dossier_id, number, unit, status, due_on in session.execute(
            select(Dossier.id, Dossier.number, Unit.name, Dossier.status, Dossier.due_on)
            .join(Unit, Unit.id == Dossier.unit_id)
            .where(Dossier.status.in_(OFFICE_OPEN), Dossier.year == year)):
        items.append(DueItem("dossier", "Hồ sơ", f"{number} — {unit}", DOSSIER_STATUSES.get(status, status),
                             due_on, None if due_on is None else (due_on - today).days, dossier_id, year,
                             UNDONE["dossier"]))
    from app.inspections import due_items as follow_up_items

    for item in follow_up_items(session, today, today):
        if item.due_on is not None and item.due_on.year == year:
            item.undone = UNDONE["follow_up"]
            items.append(item)
    return _sorted(items)


def _sorted(items: list[DueItem]) -> list[DueItem]:
    items.sort(key=lambda d: (d.due_on or dt.date.max, d.kind, d.title))
    return items


def _waiting_dossiers(session: Session, today: dt.date, past_year: int | None = None) -> list[WaitingDossier]:
    counts = (select(Nominee.dossier_id, func.count().label("n"))
              .group_by(Nominee.dossier_id).subquery())
    query = (select(Dossier.id, Dossier.number, Unit.name, Dossier.status, Dossier.received_on,
                    Dossier.due_on, func.coalesce(counts.c.n, 0))
             .join(Unit, Unit.id == Dossier.unit_id)
             .outerjoin(counts, counts.c.dossier_id == Dossier.id)
             .where(Dossier.status.in_(WAITING_APPRAISAL)))
    if past_year is not None:
        query = query.where(Dossier.year == past_year)
    undone = UNDONE_APPRAISAL if past_year is not None else ""
    result = [WaitingDossier(i, number, unit, DOSSIER_STATUSES.get(status, status), received,
                             due, None if due is None else (due - today).days, n, undone)
              for i, number, unit, status, received, due, n in session.execute(query)]
    result.sort(key=lambda d: (d.due_on is None, d.due_on or dt.date.max, d.received_on, d.number))
    return result


def _waiting_imports(session: Session, past_year: int | None = None) -> list[WaitingImport]:
    query = (select(Submission.id, Unit.id, Unit.name, Submission.kind, Submission.year,
                    Submission.received_on, Submission.version_no, Submission.problems)
             .join(Unit, Unit.id == Submission.unit_id)
             .where(Submission.status == "received")
             .order_by(Submission.received_on, Submission.id))
    if past_year is not None:
        query = query.where(Submission.year == past_year)
    return [WaitingImport(i, unit_id, unit, SHORT_KINDS.get(kind, kind), year, received, version,
                          len(problems or []))
            for i, unit_id, unit, kind, year, received, version, problems in session.execute(query)]


def glance(session: Session, year: int, today: dt.date) -> Glance:
    totals = award_totals(session, year)
    scope = resolve(session, year)
    dossiers = dossier_figures(session, scope)
    # Counted to the same day as the year's report: today, or the end of a year that has ended.
    late = sum(1 for row in submission_counts(session, scope, as_of(year, today)) if row.late_or_missing)
    return Glance(year=year, awards=totals.total, titles=totals.titles, forms=totals.forms,
                  money=totals.money, revoked=totals.revoked, dossiers=dossiers.received,
                  dossiers_decided=dossiers.decided, dossiers_open=dossiers.in_progress,
                  nominees=dossiers.nominees, units_late=late, people=totals.people,
                  deciders=by_decider(session, scope))


def home_summary(session: Session, year: int, today: dt.date | None = None) -> HomeSummary:
    """The home screen for the working `year` as of `today` (default: the real today): this
    week's deadlines, or for a year that has ended, what of it is still undone."""
    today = today or dt.date.today()
    if year < today.year:
        return HomeSummary(today=today, year=year, past=True,
                           due=_undone_items(session, year, today),
                           appraisal=_waiting_dossiers(session, today, year),
                           imports=_waiting_imports(session, year),
                           glance=glance(session, year, today))
    horizon = today + dt.timedelta(days=HORIZON_DAYS - 1)
    return HomeSummary(today=today, year=year,
                       due=_due_items(session, year, today, horizon),
                       appraisal=_waiting_dossiers(session, today),
                       imports=_waiting_imports(session),
                       glance=glance(session, year, today))


__all__ = ["UNDONE", "DueItem", "Glance", "HomeSummary", "WaitingDossier", "WaitingImport",
           "days_text", "home_summary"]
