"""Kế hoạch công tác thi đua, khen thưởng năm: the year's plan as a list of tasks (like the
plan's detailed appendix) with who is responsible, the deadline and the status; what is due
this week and what is overdue; a new year's plan started from last year's.

Deadlines are whole local days: a task due on 10/12 is overdue from 11/12. "This week" is
Monday to Sunday of today's week, from today on.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.errors import NotFound, ValidationError
from app.text import clean, fold, sort_key
from app.users import require
from db.models import Movement, PlanTask, Unit

STATUSES = {"open": "Đang thực hiện", "done": "Đã hoàn thành", "cancelled": "Không thực hiện"}
STATES = {
    "overdue": "Quá hạn",
    "this_week": "Đến hạn tuần này",
    "open": "Đang thực hiện",
    "no_deadline": "Chưa có hạn",
    "done": "Đã hoàn thành",
    "cancelled": "Không thực hiện",
}


def seq_key(seq: str) -> tuple:
    """`1.2` before `1.10`, `II` after `I`: numbers compare as numbers, the rest as text."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.\s]+", seq or "") if p)


def week_end(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=6 - today.weekday())


def task_state(status: str, deadline: dt.date | None, today: dt.date) -> str:
    if status in ("done", "cancelled"):
        return status
    if deadline is None:
        return "no_deadline"
    if deadline < today:
        return "overdue"
    if deadline <= week_end(today):
        return "this_week"
    return "open"


@dataclass(slots=True)
class PlanTaskRow:
    """A line of the plan tab."""

    id: int
    seq: str
    title: str
    responsible: str
    responsible_unit: str
    movement: str
    deadline: dt.date | None
    status: str  # STATUSES text
    done_on: dt.date | None
    state: str  # STATES code
    state_text: str  # "Quá hạn 3 ngày", "Đến hạn tuần này (còn 2 ngày)"
    notes: str
    search: str


def _state_text(state: str, deadline: dt.date | None, today: dt.date) -> str:
    if state == "overdue":
        if deadline.year < today.year:  # a past year's task: a count of days says nothing more
            return f"Chưa hoàn thành trong năm {deadline.year}"
        return f"Quá hạn {(today - deadline).days} ngày"
    if state == "this_week":
        left = (deadline - today).days
        return "Đến hạn hôm nay" if left == 0 else f"Đến hạn tuần này (còn {left} ngày)"
    return STATES[state]


def list_plan(session: Session, year: int, today: dt.date | None = None, *,
              only: str | None = None) -> list[PlanTaskRow]:
    """The year's tasks in plan order; `only` = "overdue", "this_week" or "open" (not done)."""
    today = today or dt.date.today()
    unit = aliased(Unit)
    query = (select(PlanTask, unit.name, Movement.name)
             .outerjoin(unit, unit.id == PlanTask.responsible_unit_id)
             .outerjoin(Movement, Movement.id == PlanTask.movement_id)
             .where(PlanTask.year == year))
    rows = []
    for task, unit_name, movement in session.execute(query):
        state = task_state(task.status, task.deadline, today)
        if only == "open" and state in ("done", "cancelled"):
            continue
        if only in ("overdue", "this_week") and state != only:
            continue
        rows.append(PlanTaskRow(
            task.id, task.seq, task.title, task.responsible, unit_name or "", movement or "", task.deadline,
            STATUSES.get(task.status, task.status), task.done_on, state, _state_text(state, task.deadline, today),
            task.notes, fold(" ".join([task.seq, task.title, task.responsible, unit_name or "", movement or "",
                                       STATES[state]]))))
    rows.sort(key=lambda r: (seq_key(r.seq), r.deadline or dt.date.max, sort_key(r.title)))
    return rows


@dataclass(frozen=True)
class PlanAlerts:
    overdue: list[PlanTaskRow]
    this_week: list[PlanTaskRow]


def plan_alerts(session: Session, year: int, today: dt.date | None = None) -> PlanAlerts:
    rows = list_plan(session, year, today)
    return PlanAlerts([r for r in rows if r.state == "overdue"], [r for r in rows if r.state == "this_week"])


# --- editing ---------------------------------------------------------------------------------

@dataclass
class PlanTaskData:
    year: int
    title: str
    seq: str = ""
    responsible: str = ""
    responsible_unit_id: int | None = None
    movement_id: int | None = None
    deadline: dt.date | None = None
    status: str = "open"
    done_on: dt.date | None = None
    notes: str = ""
    id: int | None = None


def get_task(session: Session, task_id: int) -> PlanTaskData:
    t = session.get(PlanTask, task_id)
    if t is None:
        raise NotFound(f"Không tìm thấy nhiệm vụ số {task_id}.")
    return PlanTaskData(t.year, t.title, t.seq, t.responsible, t.responsible_unit_id, t.movement_id,
                        t.deadline, t.status, t.done_on, t.notes, t.id)


def save_task(session: Session, data: PlanTaskData, today: dt.date | None = None) -> int:
    require(session, "edit")
    title, seq, responsible = clean(data.title), clean(data.seq), clean(data.responsible)
    if not title:
        raise ValidationError("Chưa nhập nội dung nhiệm vụ.", field="title")
    if len(seq) > 20:
        raise ValidationError("Số thứ tự tối đa 20 ký tự (ví dụ: 1.6).", field="seq")
    if len(responsible) > 200:
        raise ValidationError("«Đơn vị, người chủ trì» tối đa 200 ký tự.", field="responsible")
    if data.status not in STATUSES:
        raise ValidationError("Trạng thái nhiệm vụ không hợp lệ.", field="status")
    if data.responsible_unit_id is not None and session.get(Unit, data.responsible_unit_id) is None:
        raise ValidationError("Đơn vị chủ trì không còn trong danh sách đơn vị.", field="responsible_unit_id")
    if data.movement_id is not None and session.get(Movement, data.movement_id) is None:
        raise ValidationError("Phong trào đã chọn không còn.", field="movement_id")
    done_on = data.done_on
    if data.status == "done":
        done_on = done_on or today or dt.date.today()
    else:
        done_on = None
    clash = session.scalar(select(PlanTask.id).where(PlanTask.year == data.year, PlanTask.seq == seq,
                                                     PlanTask.title == title, PlanTask.id != (data.id or 0)))
    if clash is not None:
        raise ValidationError(f"Kế hoạch năm {data.year} đã có nhiệm vụ này.", field="title")
    if data.id is None:
        task = PlanTask(year=data.year, title=title)
        session.add(task)
    else:
        task = session.get(PlanTask, data.id)
        if task is None:
            raise NotFound(f"Không tìm thấy nhiệm vụ số {data.id}.")
    task.year, task.title, task.seq, task.responsible = data.year, title, seq, responsible
    task.responsible_unit_id, task.movement_id, task.deadline = data.responsible_unit_id, data.movement_id, data.deadline
    task.status, task.done_on, task.notes = data.status, done_on, (data.notes or "").strip()
    session.flush()
    return task.id


def mark_done(session: Session, task_id: int, on: dt.date | None = None) -> None:
    data = get_task(session, task_id)
    data.status, data.done_on = "done", on or dt.date.today()
    save_task(session, data)


def delete_task(session: Session, task_id: int) -> None:
    require(session, "edit")
    task = session.get(PlanTask, task_id)
    if task is None:
        raise NotFound(f"Không tìm thấy nhiệm vụ số {task_id}.")
    session.delete(task)
    session.flush()


# --- a new year from last year's plan --------------------------------------------------------

def next_year_date(day: dt.date | None, years: int = 1) -> dt.date | None:
    """The same day a year on (29/02 becomes 28/02)."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def next_year_text(text: str, from_year: int, to_year: int) -> str:
    """`... năm 2025` → `... năm 2026`; a span like `2021–2025` is left as it is."""
    return re.sub(rf"(năm\s+){from_year}\b", rf"\g<1>{to_year}", text, flags=re.IGNORECASE)


@dataclass(frozen=True)
class CopiedTask:
    seq: str
    title: str
    responsible: str
    deadline: dt.date | None
    exists: bool  # the new year already has it: skipped


def plan_copy_preview(session: Session, from_year: int, to_year: int) -> list[CopiedTask]:
    have = {(seq, title) for seq, title in session.execute(
        select(PlanTask.seq, PlanTask.title).where(PlanTask.year == to_year))}
    out = []
    for t in session.scalars(select(PlanTask).where(PlanTask.year == from_year, PlanTask.status != "cancelled")):
        title = next_year_text(t.title, from_year, to_year)
        out.append(CopiedTask(t.seq, title, t.responsible, next_year_date(t.deadline, to_year - from_year),
                              (t.seq, title) in have))
    out.sort(key=lambda c: (seq_key(c.seq), c.deadline or dt.date.max))
    return out


def copy_plan(session: Session, from_year: int, to_year: int) -> int:
    """Start `to_year`'s plan from `from_year`'s: every task not cancelled, open again, its
    deadline moved to the same day of the new year; tasks already there are kept as they are.
    Returns how many tasks were added."""
    require(session, "edit")
    if to_year <= from_year:
        raise ValidationError("Năm của kế hoạch mới phải sau năm được sao chép.", field="to_year")
    sources = {(t.seq, next_year_text(t.title, from_year, to_year)): t for t in session.scalars(
        select(PlanTask).where(PlanTask.year == from_year, PlanTask.status != "cancelled"))}
    if not sources:
        raise ValidationError(f"Năm {from_year} chưa có kế hoạch để sao chép.", field="from_year")
    added = 0
    for c in plan_copy_preview(session, from_year, to_year):
        if c.exists:
            continue
        t = sources[(c.seq, c.title)]
        session.add(PlanTask(year=to_year, seq=t.seq, title=c.title, responsible=t.responsible,
                             responsible_unit_id=t.responsible_unit_id, movement_id=t.movement_id,
                             deadline=c.deadline, status="open", notes=t.notes))
        added += 1
    session.flush()
    return added
