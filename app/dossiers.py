"""Hồ sơ đề nghị khen thưởng: receiving a dossier, its states, and the listing the dossiers tab
shows.

The workflow is a small explicit state machine: `TRANSITIONS[state]` names the states a
dossier may move to from there; every move is kept as a DossierEvent with who, when and why.
Three moves happen only through the step that gives them their content — `noticed` by posting
the public notice (app.nominees.start_notice), `forwarded` by the office's tờ trình
(app.decisions.forward_dossier), `decided` by signing a decision (app.decisions) — so a
dossier never says "decided" without a decision behind it. Nothing is deleted: withdrawing
keeps the dossier and its history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from app.catalog import DOSSIER_CATEGORIES
from app.errors import ConflictError, NotFound, UserError, ValidationError
from app.session_user import current_actor
from app.states import DOSSIER_STATES, FROZEN, IN_PROGRESS, SIGNED
from app.text import clean, fold
from db.errors import LOCK_TIMEOUT, kind_of
from db.models import Dossier, DossierEvent, Nominee, ProcessingLimit, Setting, Unit
from db.server import short_lock_wait

STATUSES = DOSSIER_STATES  # the one list (app/states.py), under its old name here

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "received": ("appraising", "returned", "rejected", "withdrawn"),
    "returned": ("received", "rejected", "withdrawn"),
    "appraising": ("appraised", "returned", "rejected", "withdrawn"),
    "appraised": ("noticed", "voted", "partly_decided", "decided", "forwarded", "returned", "rejected",
                  "withdrawn"),
    "noticed": ("voted", "partly_decided", "decided", "forwarded", "returned", "rejected", "withdrawn"),
    "voted": ("partly_decided", "decided", "forwarded", "returned", "rejected"),
    # Another decision (after the council's vote) or the tờ trình of the rest settles it.
    "partly_decided": ("partly_decided", "decided"),
    "decided": (),
    "forwarded": ("decided",),
    "rejected": (),
    "withdrawn": (),
}

# States in which a dossier waits for the office's work, and those whose content is settled.
OPEN_STATUSES = IN_PROGRESS
FROZEN_STATUSES = FROZEN
# Moves that only a dedicated step makes, and the step's name shown when tried directly.
SPECIAL_MOVES = {"noticed": "Công khai danh sách", "forwarded": "Trình cấp trên",
                 "partly_decided": "Ký quyết định khen thưởng", "decided": "Ký quyết định khen thưởng"}
# Moves that must carry a reason (sending back, refusing, withdrawing).
NEEDS_REASON = ("returned", "rejected", "withdrawn")
AUTHORITIES = {"local": "Thuộc thẩm quyền", "forwarded": "Trình cấp trên"}


def status_name(code: str) -> str:
    return STATUSES.get(code, code)


def who(user: str) -> str:
    """The user recorded on a step: the one given, else whoever is signed in."""
    return (user or current_actor().username)[:60]


def next_number(session: Session, year: int, *, after: str = "") -> str:
    """The next dossier number of a year: HS-2025-0001, HS-2025-0002 ... (past `after` too).

    Only numbers the program gave count: one typed by hand (HS-2025-05A, HS-2025-0005/BS) is
    kept as typed and never stops the counting. The (year, number) unique constraint is what
    guarantees uniqueness; a caller that loses a race asks again (`_insert_numbered`).
    """
    prefix = f"HS-{year}-"

    def seq(number: str) -> int:
        tail = number[len(prefix):] if number.startswith(prefix) else ""
        return int(tail) if tail.isascii() and tail.isdigit() else 0

    taken = session.scalars(select(Dossier.number).where(Dossier.year == year,
                                                         Dossier.number.like(prefix + "%")))
    return f"{prefix}{max(max(map(seq, taken), default=0), seq(after)) + 1:04d}"


# --- due dates ----------------------------------------------------------------------------

def holidays(session: Session) -> set[dt.date]:
    """Public holidays the office listed (setting `calendar.holidays`, ISO dates)."""
    value = session.get(Setting, "calendar.holidays")
    days = value.value if value and isinstance(value.value, list) else []
    return {dt.date.fromisoformat(d) for d in days}


def add_working_days(start: dt.date, days: int, skip: set[dt.date] = frozenset()) -> dt.date:
    """The date `days` working days after `start` (Saturdays, Sundays and holidays skipped)."""
    day, left = start, days
    while left > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in skip:
            left -= 1
    return day


def due_date(session: Session, category: str, received_on: dt.date) -> dt.date | None:
    """When the office must have dealt with a dossier (thời hạn xử lý of its category)."""
    limit = session.scalar(select(ProcessingLimit).where(ProcessingLimit.category == category))
    if limit is None:
        return None
    if limit.working_days:
        return add_working_days(received_on, limit.days, holidays(session))
    return received_on + dt.timedelta(days=limit.days)


def days_left(due_on: dt.date | None, today: dt.date | None = None) -> int | None:
    """Whole days left until a deadline, in local dates: 0 on the day itself (still on time),
    negative once it has passed."""
    if due_on is None:
        return None
    return (due_on - (today or dt.date.today())).days


# --- receiving and moving -----------------------------------------------------------------

@dataclass
class DossierInput:
    """What the clerk types when receiving a dossier by hand."""

    unit_id: int
    received_on: dt.date
    category: str = "regular"
    year: int | None = None  # year of the achievement; defaults to the received date's year
    authority: str = "local"
    title: str = ""
    proposal_ref: str = ""
    forwarded_to: str = ""
    movement_id: int | None = None
    notes: str = ""
    number: str = ""  # blank: the next number of the year


def receive_dossier(session: Session, data: DossierInput, *, user: str = "",
                    today: dt.date | None = None) -> Dossier:
    """Tiếp nhận: a new dossier with its number, due date, documents checklist and first step."""
    from app.dossier_documents import sync_documents

    if session.get(Unit, data.unit_id) is None:
        raise ValidationError("Chưa chọn đơn vị đề nghị.", field="unit_id")
    if data.category not in DOSSIER_CATEGORIES:
        raise ValidationError(f"Loại hồ sơ không hợp lệ: {data.category}.", field="category")
    if data.authority not in AUTHORITIES:
        raise ValidationError("Thẩm quyền phải là 'Thuộc thẩm quyền' hoặc 'Trình cấp trên'.",
                              field="authority")
    if data.received_on > (today or dt.date.today()) + dt.timedelta(days=1):
        raise ValidationError(f"Ngày tiếp nhận {data.received_on:%d/%m/%Y} ở tương lai.",
                              field="received_on")
    year = data.year or data.received_on.year
    typed = clean(data.number).upper()
    number = typed or next_number(session, year)
    if typed and session.scalar(select(Dossier.id).where(Dossier.year == year, Dossier.number == number)):
        raise ValidationError(f"Số hồ sơ {number} đã có trong năm {year}.", field="number")
    dossier = Dossier(
        year=year, number=number, unit_id=data.unit_id, received_on=data.received_on,
        category=data.category, authority=data.authority, status="received",
        due_on=due_date(session, data.category, data.received_on), title=clean(data.title),
        proposal_ref=clean(data.proposal_ref), forwarded_to=clean(data.forwarded_to),
        movement_id=data.movement_id, notes=data.notes.strip(),
        submission_id=_count_as_submission(session, data.unit_id, year, data.received_on)
        if data.category == "regular" else None)
    _insert_numbered(session, dossier, typed)
    session.add(DossierEvent(dossier_id=dossier.id, user=who(user), from_status="",
                             to_status="received", reason="Tiếp nhận hồ sơ"))
    sync_documents(session, dossier)
    session.flush()
    return dossier


def _count_as_submission(session: Session, unit_id: int, year: int, received_on: dt.date) -> int | None:
    """A year's proposal received by hand is the unit's award proposal arriving, as an imported
    list is: the unit is no longer owed it (nor dunned as late). An earlier one stays first."""
    from app.submissions import MEETS_DUE
    from db.models import Submission, SubmissionDue

    earlier = session.scalar(select(Submission.id).where(
        Submission.unit_id == unit_id, Submission.year == year,
        Submission.kind == "award_proposal", Submission.status.in_(MEETS_DUE)).limit(1))
    if earlier is not None:
        return None
    due = session.scalar(select(SubmissionDue.id).where(SubmissionDue.year == year,
                                                        SubmissionDue.kind == "award_proposal")
                         .order_by(SubmissionDue.due_on).limit(1))
    from sqlalchemy import func

    version = (session.scalar(select(func.max(Submission.version_no)).where(
        Submission.unit_id == unit_id, Submission.year == year,
        Submission.kind == "award_proposal")) or 0) + 1
    sub = Submission(unit_id=unit_id, year=year, kind="award_proposal", due_id=due,
                     version_no=version, received_on=received_on, channel="manual", status="received",
                     summary={}, problems=[], notes="Hồ sơ đề nghị tiếp nhận trên chương trình")
    session.add(sub)
    session.flush()
    return sub.id


NUMBER_WAIT_S = 2.0  # how long to wait for a number another PC holds before taking the next


def _insert_numbered(session: Session, dossier: Dossier, typed: str = "", tries: int = 30) -> None:
    """Insert a dossier; the (year, number) constraint decides who gets a number (receiving
    by hand and importing alike). A clerk on another PC who took the same next number first
    makes us take the one after it; so does one still saving with it (waited for briefly: a
    PC that froze mid-save never holds the others' numbering). A number typed by hand that
    was just taken is a ConflictError."""
    for attempt in range(tries):
        try:
            with session.begin_nested(), short_lock_wait(session.connection(), NUMBER_WAIT_S):
                session.add(dossier)
                session.flush()
            return
        except IntegrityError as exc:
            if typed or attempt == tries - 1:
                raise ConflictError(f"Số hồ sơ {dossier.number} năm {dossier.year} vừa được người khác "
                                    "dùng; hãy kiểm tra lại số rồi lưu lại.") from exc
            dossier.number = next_number(session, dossier.year)
        except OperationalError as exc:
            if kind_of(exc) != LOCK_TIMEOUT or attempt == tries - 1:
                raise
            if typed:
                raise ConflictError(f"Số hồ sơ {dossier.number} năm {dossier.year} đang được một máy khác "
                                    "lưu; hãy kiểm tra lại số rồi lưu lại.") from exc
            dossier.number = next_number(session, dossier.year, after=dossier.number)


def get_dossier(session: Session, dossier_id: int) -> Dossier:
    dossier = session.get(Dossier, dossier_id)
    if dossier is None:
        raise NotFound("Không tìm thấy hồ sơ (có thể đã bị thay đổi ở nơi khác).")
    return dossier


def refuse_if_frozen(dossier: Dossier) -> None:
    if dossier.status in FROZEN_STATUSES or dossier.status in SIGNED:
        raise UserError(f"Hồ sơ {dossier.number} ở trạng thái “{status_name(dossier.status)}”: "
                        "không sửa được nữa.")


def set_category(session: Session, dossier_id: int, category: str, *, user: str = "") -> Dossier:
    """Correct the kind of a dossier (a list imported as year-end that is a sudden one): the
    routes the rules take, its documents checklist and its deadline follow; the step is kept
    in its history. Refused once the dossier is settled (decided results are frozen)."""
    from app.dossier_documents import sync_documents

    dossier = get_dossier(session, dossier_id)
    if category not in DOSSIER_CATEGORIES:
        raise ValidationError(f"Loại hồ sơ không hợp lệ: {category}.", field="category")
    if category == dossier.category:
        return dossier
    if dossier.status in FROZEN or dossier.status in SIGNED or dossier.status == "voted":
        raise UserError(f"Hồ sơ {dossier.number} ở trạng thái “{status_name(dossier.status)}”: không đổi "
                        "loại hồ sơ được nữa.")
    before = DOSSIER_CATEGORIES.get(dossier.category, dossier.category)
    session.add(DossierEvent(dossier_id=dossier.id, user=who(user), from_status=dossier.status,
                             to_status=dossier.status,
                             reason=f"Đổi loại hồ sơ: {before} → {DOSSIER_CATEGORIES[category]}"))
    dossier.category = category
    dossier.due_on = due_date(session, category, dossier.received_on)
    sync_documents(session, dossier)
    session.flush()
    return dossier


def allowed_moves(dossier: Dossier) -> list[str]:
    """The moves the clerk may make directly from the dossier's state (buttons to show)."""
    return [s for s in TRANSITIONS.get(dossier.status, ()) if s not in SPECIAL_MOVES]


def _record_move(session: Session, dossier: Dossier, to: str, reason: str, user: str) -> None:
    session.add(DossierEvent(dossier_id=dossier.id, user=who(user), from_status=dossier.status,
                             to_status=to, reason=reason))
    dossier.status = to


def check_move(dossier: Dossier, to: str) -> None:
    """Refuse a move the workflow does not allow, naming both states."""
    if to not in STATUSES:
        raise UserError(f"Trạng thái không hợp lệ: {to}.")
    if to not in TRANSITIONS.get(dossier.status, ()):
        if to == dossier.status:  # said plainly, not «từ “X” sang “X”»
            raise UserError(f"Hồ sơ {dossier.number} đã ở trạng thái “{status_name(to)}”; không chuyển gì.")
        raise UserError(f"Không thể chuyển hồ sơ {dossier.number} từ “{status_name(dossier.status)}” "
                        f"sang “{status_name(to)}”.")


def apply_move(session: Session, dossier: Dossier, to: str, reason: str = "", *, user: str = "",
               special: bool = False) -> None:
    """Check and record a move. `special` is for the steps that own a special move."""
    check_move(dossier, to)
    if to in SPECIAL_MOVES and not special:
        raise UserError(f"Hồ sơ {dossier.number} chuyển từ “{status_name(dossier.status)}” sang "
                        f"“{status_name(to)}” bằng thao tác “{SPECIAL_MOVES[to]}”.")
    reason = clean(reason)
    if to in NEEDS_REASON and not reason:
        raise ValidationError(f"Chuyển hồ sơ từ “{status_name(dossier.status)}” sang "
                              f"“{status_name(to)}” phải ghi rõ lý do.", field="reason")
    if to == "appraised":
        pending = [n for n in dossier.nominees if n.appraisal == "pending"]
        if pending:
            raise UserError(f"Còn {len(pending)} người/tập thể chưa có kết quả thẩm định "
                            f"(ví dụ: {pending[0].name}); chưa chuyển được sang “Đã thẩm định”.")
    _record_move(session, dossier, to, reason, user)
    session.flush()


def move_dossier(session: Session, dossier_id: int, to: str, reason: str = "", *,
                 user: str = "") -> Dossier:
    """Move a dossier to another state, refusing moves the workflow does not allow."""
    dossier = get_dossier(session, dossier_id)
    apply_move(session, dossier, to, reason, user=user)
    return dossier


# --- listing ------------------------------------------------------------------------------

@dataclass(slots=True)
class DossierRow:
    """A line of the dossiers tab."""

    id: int
    number: str
    unit: str
    received_on: dt.date
    category: str
    status: str
    nominees: int
    due_on: dt.date | None
    authority: str
    search: str  # folded text the search box matches
    # The nominees' eligibility as last kept on them (app.rules stores it when a dossier is
    # opened or the year is checked): how many meet, fail, cannot be told, were never checked.
    meets: int = 0
    fails: int = 0
    unknown: int = 0
    unchecked: int = 0

    @property
    def verdicts(self) -> str:
        """`3 đạt, 1 không đạt, 0 chưa rõ` (`, 2 chưa xét` when some were never checked)."""
        if not self.nominees:
            return ""
        if self.unchecked == self.nominees:
            # A dossier refused or withdrawn before any check is not waiting for one.
            settled = self.status in (STATUSES["rejected"], STATUSES["withdrawn"])
            return "" if settled else "Chưa xét"
        text = f"{self.meets} đạt, {self.fails} không đạt, {self.unknown} chưa rõ"
        return text + (f", {self.unchecked} chưa xét" if self.unchecked else "")


def list_dossiers(session: Session, year: int) -> list[DossierRow]:
    def tally(verdict: str):
        return func.sum(case((Nominee.verdict == verdict, 1), else_=0)).label(verdict)

    # Counts and verdicts in the same query as the dossiers: no query per row.
    counts = (select(Nominee.dossier_id, func.count().label("n"), tally("meets"), tally("fails"),
                     tally("unknown"))
              .where(Nominee.appraisal != "withdrawn")
              .group_by(Nominee.dossier_id).subquery())
    query = (select(Dossier, Unit.name, func.coalesce(counts.c.n, 0),
                    func.coalesce(counts.c.meets, 0), func.coalesce(counts.c.fails, 0),
                    func.coalesce(counts.c.unknown, 0))
             .join(Unit, Unit.id == Dossier.unit_id)
             .outerjoin(counts, counts.c.dossier_id == Dossier.id)
             .where(Dossier.year == year)
             .order_by(Dossier.received_on.desc(), Dossier.number.desc()))
    rows = []
    for dossier, unit_name, n, meets, fails, unknown in session.execute(query):
        category = DOSSIER_CATEGORIES.get(dossier.category, dossier.category)
        status = STATUSES.get(dossier.status, dossier.status)
        authority = AUTHORITIES.get(dossier.authority, dossier.authority)
        rows.append(DossierRow(
            id=dossier.id, number=dossier.number, unit=unit_name, received_on=dossier.received_on,
            category=category, status=status, nominees=n, due_on=dossier.due_on,
            authority=authority,
            search=fold(" ".join([dossier.number, unit_name, category, status, dossier.title])),
            meets=int(meets), fails=int(fails), unknown=int(unknown),
            unchecked=n - int(meets) - int(fails) - int(unknown)))
    return rows
