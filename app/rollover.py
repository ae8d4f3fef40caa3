"""Chuyển sang năm mới: start a year from the last one in one action — the blocs with their
members (a merged unit replaced by the unit it became part of), next year's head and deputy by
rotation, their criteria; the dues with the same deadlines a year on; the plan's tasks.

`preview_rollover` says what would be made (and what the new year already has, which is kept
as it is); `apply_rollover` makes it in the caller's one transaction: all or nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.bloc_criteria import copy_criteria, criteria_tree
from app.blocs import members, suggest_rotation
from app.dues import DUE_KINDS
from app.errors import ValidationError
from app.plan import CopiedTask, copy_plan, next_year_date, next_year_text, plan_copy_preview
from app.users import require
from db.models import Bloc, BlocMember, SubmissionDue, Unit


@dataclass(frozen=True)
class BlocPlan:
    """A bloc as it would start the new year."""

    source_id: int
    name: str
    organiser: str
    member_ids: tuple[int, ...]
    members: tuple[str, ...]
    changes: tuple[str, ...]  # "Nà Tăm → Bản Bo (sáp nhập)", "bỏ Thèn Sin (giải thể)"
    head_unit_id: int | None
    deputy_unit_id: int | None
    head: str
    deputy: str
    criteria: int
    exists: bool  # the new year already has a bloc of this name: left as it is


@dataclass(frozen=True)
class DuePlan:
    kind: str
    title: str
    due_on: dt.date
    unit_kinds: str
    notes: str
    exists: bool


@dataclass
class RolloverPreview:
    from_year: int
    to_year: int
    blocs: list[BlocPlan] = field(default_factory=list)
    dues: list[DuePlan] = field(default_factory=list)
    tasks: list[CopiedTask] = field(default_factory=list)

    @property
    def new_blocs(self) -> list[BlocPlan]:
        return [b for b in self.blocs if not b.exists]

    @property
    def new_dues(self) -> list[DuePlan]:
        return [d for d in self.dues if not d.exists]

    @property
    def new_tasks(self) -> list[CopiedTask]:
        return [t for t in self.tasks if not t.exists]

    @property
    def empty(self) -> bool:
        return not (self.new_blocs or self.new_dues or self.new_tasks)

    def summary(self) -> str:
        return (f"Năm {self.to_year}: {len(self.new_blocs)} khối thi đua, {len(self.new_dues)} yêu cầu nộp, "
                f"{len(self.new_tasks)} nhiệm vụ kế hoạch sẽ được tạo từ năm {self.from_year}.")


@dataclass(frozen=True)
class RolloverResult:
    from_year: int
    to_year: int
    blocs: int
    criteria: int
    dues: int
    tasks: int

    def message(self) -> str:
        return (f"Đã tạo năm {self.to_year} từ năm {self.from_year}: {self.blocs} khối thi đua "
                f"({self.criteria} tiêu chí), {self.dues} yêu cầu nộp, {self.tasks} nhiệm vụ kế hoạch.")


def _next_members(session: Session, bloc_id: int) -> tuple[list[int], list[str]]:
    """Next year's members: active units stay; a merged one is replaced by the unit it joined."""
    out: list[int] = []
    changes: list[str] = []
    units = {u.id: u for u in session.scalars(select(Unit))}
    for m in members(session, bloc_id):
        unit = units[m.unit_id]
        if unit.active:
            target = unit
        else:
            target = units.get(unit.merged_into_id) if unit.merged_into_id else None
            while target is not None and not target.active and target.merged_into_id:
                target = units.get(target.merged_into_id)
            if target is None or not target.active:
                changes.append(f"bỏ {unit.name} (không còn hoạt động)")
                continue
            changes.append(f"{unit.name} → {target.name} (sáp nhập)")
        if target.id not in out:
            out.append(target.id)
    return out, changes


def preview_rollover(session: Session, from_year: int, to_year: int | None = None) -> RolloverPreview:
    to_year = to_year or from_year + 1
    if to_year <= from_year:
        raise ValidationError("Năm mới phải sau năm được chuyển.", field="to_year")
    preview = RolloverPreview(from_year, to_year)
    have = {name.lower() for name in session.scalars(select(Bloc.name).where(Bloc.year == to_year))}
    names = {u.id: u.name for u in session.scalars(select(Unit))}
    for bloc in session.scalars(select(Bloc).where(Bloc.year == from_year).order_by(Bloc.name)):
        member_ids, changes = _next_members(session, bloc.id)
        if bloc.organiser == "office":
            rotation = suggest_rotation(session, bloc.id, member_ids)
            head, deputy = rotation.head_unit_id, rotation.deputy_unit_id
        else:  # the province's bloc: the province names its head and deputy
            head = deputy = None
        preview.blocs.append(BlocPlan(
            bloc.id, bloc.name, bloc.organiser, tuple(member_ids), tuple(names[u] for u in member_ids),
            tuple(changes), head, deputy, names.get(head, ""), names.get(deputy, ""),
            len(criteria_tree(session, bloc.id)), bloc.name.lower() in have))
    kinds = set(session.scalars(select(SubmissionDue.kind).where(SubmissionDue.year == to_year)))
    for due in session.scalars(select(SubmissionDue).where(SubmissionDue.year == from_year)
                               .order_by(SubmissionDue.due_on)):
        preview.dues.append(DuePlan(
            due.kind, next_year_text(due.title, from_year, to_year) if due.title else DUE_KINDS.get(due.kind, ""),
            next_year_date(due.due_on, to_year - from_year), due.unit_kinds,
            next_year_text(due.notes, from_year, to_year), due.kind in kinds))
    preview.tasks = plan_copy_preview(session, from_year, to_year)
    if not (preview.blocs or preview.dues or preview.tasks):
        raise ValidationError(f"Năm {from_year} chưa có khối thi đua, yêu cầu nộp hay kế hoạch để chuyển sang.",
                              field="from_year")
    return preview


def apply_rollover(session: Session, from_year: int, to_year: int | None = None) -> RolloverResult:
    """Make what the preview shows, in the session's transaction (the caller commits once)."""
    require(session, "edit")
    preview = preview_rollover(session, from_year, to_year)
    criteria = 0
    for plan in preview.new_blocs:
        source = session.get(Bloc, plan.source_id)
        bloc = Bloc(year=preview.to_year, name=source.name, organiser=source.organiser,
                    head_unit_id=plan.head_unit_id, deputy_unit_id=plan.deputy_unit_id,
                    regulation=next_year_text(source.regulation, from_year, preview.to_year),
                    tie_break=source.tie_break, notes="")
        session.add(bloc)
        session.flush()
        session.add_all([BlocMember(bloc_id=bloc.id, unit_id=u) for u in plan.member_ids])
        session.flush()
        criteria += copy_criteria(session, source.id, bloc.id)
    for due in preview.new_dues:
        session.add(SubmissionDue(year=preview.to_year, kind=due.kind, title=due.title, due_on=due.due_on,
                                  unit_kinds=due.unit_kinds, notes=due.notes))
    tasks = copy_plan(session, from_year, preview.to_year) if preview.new_tasks else 0
    session.flush()
    return RolloverResult(from_year, preview.to_year, len(preview.new_blocs), criteria, len(preview.new_dues),
                          tasks)


def latest_year(session: Session) -> int | None:
    """The last year that has blocs, dues or plan tasks: the default year to roll over from."""
    from db.models import PlanTask

    years = [session.scalar(select(func.max(col))) for col in (Bloc.year, SubmissionDue.year, PlanTask.year)]
    years = [y for y in years if y is not None]
    return max(years) if years else None
