"""What units owe and send (hồ sơ, báo cáo phải nộp): the units overview the GUI shows.

For a year, each unit owes the dues (registration, mid-year and year-end reports, bloc
scores, award proposals) that apply to its kind, less the ones it is excused from. A due is
met by a received or accepted submission; it is late once its deadline day has fully passed
(a deadline of 10/12 is met all that day, in local time). Each owed item is in exactly one
of three states: still to come, arrived, late.

Below the overview: every (unit, due) pair with its state (`expected_submissions`), the late
units, the reminder list (danh sách đôn đốc), and recording a submission that came on paper.
Editing the dues themselves, per-unit deadlines and exemptions is in app/dues.py.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.catalog import unit_kinds
from app.dates import as_of
from app.errors import NotFound, UserError, ValidationError
from app.text import clean, fold, sort_key
from app.users import require
from db.models import (
    Bloc,
    BlocMember,
    BlocScore,
    Dossier,
    Registration,
    Submission,
    SubmissionDue,
    SubmissionDueOverride,
    SubmissionExemption,
    Unit,
)

# Kinds that owe the office nothing unless a due names them: the authority itself, and villages
# (thôn, bản, tổ dân phố) at a district or province office. At a commune office — every office
# at the grassroots since 1 July 2025 — the villages are the units that report.
NOT_REPORTING = ("authority", "village")
COMMUNE_NOT_REPORTING = ("authority",)


def not_reporting(session: Session) -> tuple[str, ...]:
    """The kinds that owe nothing by default at this office (by the level in its profile)."""
    from app.office import get_profile

    return COMMUNE_NOT_REPORTING if get_profile(session).level == "xa" else NOT_REPORTING


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


def due_applies(due: SubmissionDue, unit_kind: str, skipped: tuple[str, ...] = NOT_REPORTING) -> bool:
    """Whether a due concerns units of a kind: its `unit_kinds` list, or every reporting unit
    (every kind but the `skipped` ones: `not_reporting(session)`)."""
    kinds = [k for k in re.split(r"[\s,;|]+", due.unit_kinds or "") if k]
    return unit_kind in kinds if kinds else unit_kind not in skipped


def _units_of_year(session: Session, year: int) -> list[Unit]:
    """Units that existed in the year: active now, or merged/closed during or after it."""
    start = dt.date(year, 1, 1)
    return list(session.scalars(
        select(Unit).where(Unit.kind.not_in(not_reporting(session)),
                           or_(Unit.active.is_(True), Unit.merged_on >= start, Unit.closed_on >= start))))


def _ended_on(unit: Unit) -> dt.date | None:
    """The day a unit stopped (merged or retired), None while it works."""
    return None if unit.active else (unit.merged_on or unit.closed_on)


def unit_overview(session: Session, year: int, today: dt.date | None = None) -> list[UnitOverviewRow]:
    """Every reporting unit of the year with what it still owes, what came and what is late.

    A unit's own deadline (SubmissionDueOverride) replaces the common one; a unit excused
    from a due (SubmissionExemption) does not owe it. A year that has ended is counted to its
    last day: what never came is "chưa nộp trong năm", not hundreds of days overdue."""
    real = today or dt.date.today()
    today = as_of(year, real)
    past = real > today
    kinds = unit_kinds()
    skipped = not_reporting(session)
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
            if (due.id, unit.id) in excused or not due_applies(due, unit.kind, skipped):
                continue
            deadline = own_deadline.get((due.id, unit.id), due.due_on)
            short = SHORT_KINDS.get(due.kind, due.title)
            received = arrived_on.get((unit.id, due.kind))
            if received is None and (ended := _ended_on(unit)) is not None and ended <= deadline:
                continue  # it stopped before the deadline: nothing owed
            if received is not None:
                tardy = received > deadline
                came.append(f"{short} (muộn)" if tardy else short)
                details.append(f"{due.title}: đã nộp {received:%d/%m/%Y}"
                               + (f", muộn {(received - deadline).days} ngày" if tardy else ""))
            elif today > deadline and past:
                late.append(f"{short} (chưa nộp trong năm)")
                details.append(f"{due.title}: chưa nộp trong năm {year} (hạn {deadline:%d/%m/%Y})")
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


# --- each unit × each due: the ledger of what is owed --------------------------------------

STATES = {
    "pending": "Chưa đến hạn",
    "on_time": "Đã nộp đúng hạn",
    "late": "Nộp muộn",
    "missing": "Quá hạn, chưa nộp",
    "exempt": "Được miễn",
}
MANUAL_CHANNELS = {"paper": "Bản giấy", "email": "Thư điện tử", "manual": "Nhập tay"}
CHANNELS = {"import": "Nhập tệp", **MANUAL_CHANNELS}


def local_day(when: dt.date | dt.datetime) -> dt.date:
    """The local calendar day of a moment: an aware time is converted to this computer's zone,
    a naive one is taken as local already (what the program writes)."""
    if isinstance(when, dt.datetime):
        return (when.astimezone() if when.tzinfo is not None else when).date()
    return when


def days_late(deadline: dt.date, received: dt.date | dt.datetime) -> int:
    """Whole days after the deadline day (0: on time, including any time on the day itself)."""
    return max(0, (local_day(received) - deadline).days)


def is_late(deadline: dt.date, received: dt.date | dt.datetime) -> bool:
    return days_late(deadline, received) > 0


@dataclass(slots=True)
class ExpectedRow:
    """One thing one unit owes in a year (a due), with its own deadline and what came."""

    unit_id: int
    unit: str
    unit_kind: str
    due_id: int
    kind: str
    title: str
    deadline: dt.date
    own_deadline: bool  # a per-unit deadline replaces the common one
    override_reason: str
    exempt: bool
    exempt_reason: str
    received_on: dt.date | None
    channel: str
    submission_id: int | None
    state: str  # STATES
    days: int | None  # days late (arrived) or overdue (missing)
    sort_order: int
    search: str

    @property
    def state_text(self) -> str:
        text = STATES.get(self.state, self.state)
        if self.state in ("late", "missing") and self.days:
            text += f" ({self.days} ngày)"
        return text

    @property
    def channel_text(self) -> str:
        return CHANNELS.get(self.channel, self.channel)


def expected_submissions(session: Session, year: int, today: dt.date | None = None, *,
                         unit_id: int | None = None, due_id: int | None = None,
                         include_exempt: bool = True) -> list[ExpectedRow]:
    """Every (unit, due) pair of a year: exempt, arrived on time or late, pending or missing,
    counted to `today` (default: today, or the last day of a year that has ended)."""
    today = today or as_of(year)
    kinds = unit_kinds()
    skipped = not_reporting(session)
    dues_q = select(SubmissionDue).where(SubmissionDue.year == year)
    if due_id is not None:
        dues_q = dues_q.where(SubmissionDue.id == due_id)
    dues = list(session.scalars(dues_q.order_by(SubmissionDue.due_on, SubmissionDue.id)))
    ids = [d.id for d in dues] or [0]
    excused = {(d, u): r for d, u, r in session.execute(
        select(SubmissionExemption.due_id, SubmissionExemption.unit_id, SubmissionExemption.reason)
        .where(SubmissionExemption.due_id.in_(ids)))}
    own = {(d, u): (on, r) for d, u, on, r in session.execute(
        select(SubmissionDueOverride.due_id, SubmissionDueOverride.unit_id, SubmissionDueOverride.due_on,
               SubmissionDueOverride.reason).where(SubmissionDueOverride.due_id.in_(ids)))}
    first: dict[tuple[int, str], Submission] = {}
    for sub in session.scalars(select(Submission).where(
            Submission.year == year, Submission.status.in_(MEETS_DUE + ("superseded",)))
            .order_by(Submission.received_on, Submission.version_no)):
        first.setdefault((sub.unit_id, sub.kind), sub)
    units = [u for u in _units_of_year(session, year) if unit_id is None or u.id == unit_id]
    rows = []
    for unit in units:
        for due in dues:
            if not due_applies(due, unit.kind, skipped):
                continue
            exempt = (due.id, unit.id) in excused
            if exempt and not include_exempt:
                continue
            deadline, reason = own.get((due.id, unit.id), (due.due_on, ""))
            sub = first.get((unit.id, due.kind))
            ended = _ended_on(unit)
            if sub is None and not exempt and ended is not None and ended <= deadline:
                continue  # it stopped before the deadline: nothing owed (what it sent still counts)
            if exempt:
                state, days = "exempt", None
            elif sub is not None:
                days = days_late(deadline, sub.received_on)
                state = "late" if days else "on_time"
            elif today > deadline:  # the deadline day itself is still on time
                state, days = "missing", (today - deadline).days
            else:
                state, days = "pending", None
            kind = kinds.get(unit.kind, unit.kind)
            rows.append(ExpectedRow(
                unit.id, unit.name, kind, due.id, due.kind, due.title, deadline, (due.id, unit.id) in own,
                reason, exempt, excused.get((due.id, unit.id), ""), sub.received_on if sub else None,
                sub.channel if sub else "", sub.id if sub else None, state, days, unit.sort_order or 0,
                fold(" ".join([unit.name, unit.short_name, kind, due.title, STATES[state]]))))
    rows.sort(key=lambda r: (r.sort_order, sort_key(r.unit), r.deadline, r.due_id))
    return rows


@dataclass(slots=True)
class LateUnit:
    """A unit that is late with something: what is missing and what came late."""

    unit_id: int
    unit: str
    missing: list[ExpectedRow]
    late: list[ExpectedRow]


def late_units(session: Session, year: int, today: dt.date | None = None) -> list[LateUnit]:
    """Units with a due missing past its deadline or received after it, in the office's order."""
    out: dict[int, LateUnit] = {}
    for row in expected_submissions(session, year, today, include_exempt=False):
        if row.state in ("missing", "late"):
            entry = out.setdefault(row.unit_id, LateUnit(row.unit_id, row.unit, [], []))
            (entry.missing if row.state == "missing" else entry.late).append(row)
    return list(out.values())


@dataclass(slots=True)
class ReminderRow:
    """A line of the reminder list (danh sách đôn đốc): a unit and what it still has to send."""

    unit_id: int
    unit: str
    head_name: str
    phone: str
    email: str
    items: str  # "Báo cáo tổng kết (quá 3 ngày); Đề nghị khen thưởng (hạn 05/12)"
    overdue: int  # how many are past their deadline
    worst_days: int  # the longest overdue, in days
    next_deadline: dt.date | None
    search: str


def reminder_list(session: Session, year: int, today: dt.date | None = None, *,
                  within_days: int = 7) -> list[ReminderRow]:
    """Units to urge: each with what is overdue and what falls due within `within_days`;
    most overdue first."""
    today = today or dt.date.today()
    horizon = today + dt.timedelta(days=within_days)
    grouped: dict[int, list[ExpectedRow]] = {}
    for row in expected_submissions(session, year, today, include_exempt=False):
        if row.state == "missing" or (row.state == "pending" and row.deadline <= horizon):
            grouped.setdefault(row.unit_id, []).append(row)
    units = {u.id: u for u in session.scalars(select(Unit).where(Unit.id.in_(list(grouped) or [0])))}
    out = []
    for unit_id, items in grouped.items():
        unit = units[unit_id]
        texts = [f"{SHORT_KINDS.get(r.kind, r.title)} (quá {r.days} ngày)" if r.state == "missing"
                 else f"{SHORT_KINDS.get(r.kind, r.title)} (hạn {r.deadline:%d/%m/%Y})" for r in items]
        overdue = [r for r in items if r.state == "missing"]
        pending = [r.deadline for r in items if r.state == "pending"]
        out.append(ReminderRow(unit_id, unit.name, unit.head_name, unit.phone, unit.email, "; ".join(texts),
                               len(overdue), max((r.days or 0 for r in overdue), default=0),
                               min(pending) if pending else None,
                               fold(" ".join([unit.name, unit.head_name, *texts]))))
    out.sort(key=lambda r: (-r.worst_days, -r.overdue, r.next_deadline or dt.date.max, sort_key(r.unit)))
    return out


# --- recording what came on paper ------------------------------------------------------------

def mark_received(session: Session, unit_id: int, due_id: int, received_on: dt.date, *,
                  channel: str = "paper", notes: str = "", today: dt.date | None = None) -> int:
    """Record that a unit's submission arrived outside an import (on paper, by email); returns
    the submission's id. Refused when the unit is excused or already sent it."""
    require(session, "edit")
    due = session.get(SubmissionDue, due_id)
    unit = session.get(Unit, unit_id)
    if due is None or unit is None:
        raise NotFound("Không tìm thấy đơn vị hoặc yêu cầu nộp (có thể đã bị xóa).")
    if channel not in MANUAL_CHANNELS:
        raise ValidationError("Hình thức nhận phải là bản giấy, thư điện tử hoặc nhập tay.", field="channel")
    if received_on is None:
        raise ValidationError("Chưa nhập ngày nhận.", field="received_on")
    if received_on > (today or dt.date.today()):
        raise ValidationError(f"Ngày nhận {received_on:%d/%m/%Y} ở tương lai.", field="received_on")
    if session.get(SubmissionExemption, (due_id, unit_id)) is not None:
        raise UserError(f"{unit.name} được miễn «{due.title}».")
    earlier = session.scalar(select(Submission).where(
        Submission.unit_id == unit_id, Submission.year == due.year, Submission.kind == due.kind,
        Submission.status.in_(MEETS_DUE)).order_by(Submission.received_on).limit(1))
    if earlier is not None:
        raise UserError(f"{unit.name} đã nộp «{due.title}» ngày {earlier.received_on:%d/%m/%Y} "
                        f"({CHANNELS.get(earlier.channel, earlier.channel).lower()}).")
    version = (session.scalar(select(func.max(Submission.version_no)).where(
        Submission.unit_id == unit_id, Submission.year == due.year, Submission.kind == due.kind)) or 0) + 1
    sub = Submission(unit_id=unit_id, year=due.year, kind=due.kind, due_id=due.id, version_no=version,
                     received_on=received_on, channel=channel, status="received", summary={}, problems=[],
                     notes=clean(notes))
    session.add(sub)
    session.flush()
    return sub.id


def cancel_receipt(session: Session, submission_id: int) -> None:
    """Undo a receipt typed by mistake. Only a hand-recorded one with nothing read from it."""
    require(session, "edit")
    sub = session.get(Submission, submission_id)
    if sub is None:
        raise NotFound("Không tìm thấy bản ghi hồ sơ đã nhận.")
    if sub.channel not in MANUAL_CHANNELS or sub.file_id is not None:
        raise UserError("Chỉ hủy được việc ghi nhận bằng tay; hồ sơ nhập từ tệp được giữ lại.")
    used = [session.scalar(select(func.count()).select_from(model).where(model.submission_id == sub.id))
            for model in (Registration, BlocScore, Dossier)]
    if any(used):
        raise UserError("Đã có dữ liệu (đăng ký, điểm, hồ sơ) gắn với lần nộp này; không hủy được.")
    session.delete(sub)
    session.flush()
