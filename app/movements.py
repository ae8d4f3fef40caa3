"""Phong trào thi đua: the movements listing the movements tab shows, editing a movement
(launching document, period, targets, units taking part, review dates), the dossiers and
awards that came out of it, and what needs attention at a glance (running, ending soon, due
for its mid-term or final review).

A movement belongs to a year when its period touches that year; a regular movement with no
end date runs on every year from its start.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from app.catalog import LEVELS
from app.errors import NotFound, UserError, ValidationError
from app.text import clean, fold
from app.users import require
from db.models import (
    Award,
    AwardType,
    Dossier,
    Movement,
    MovementUnit,
    PlanTask,
    Registration,
    Unit,
)

KINDS = {"regular": "Thường xuyên", "periodic": "Theo đợt", "thematic": "Chuyên đề"}
# From the top down: the order in which a plan lists movements.
LEVEL_ORDER = ("trung_uong", "chinh_phu", "nha_nuoc", "bo", "tinh", "huyen", "xa", "co_quan", "co_so")
STATUSES = {
    "planned": "Chưa phát động",
    "running": "Đang triển khai",
    "reviewed": "Đã sơ kết",
    "closed": "Đã tổng kết",
}


@dataclass(slots=True)
class MovementRow:
    """A line of the movements tab."""

    id: int
    name: str
    launched_by: str
    level: str
    kind: str
    period: str
    start_date: dt.date | None
    end_date: dt.date | None
    status: str
    document: str
    units: int
    search: str
    attention: str = ""  # "Sắp sơ kết: còn 9 ngày"
    attention_code: str = ""  # ATTENTION
    attention_date: dt.date | None = None  # the review or end date it is about


def period_text(start: dt.date | None, end: dt.date | None) -> str:
    """`2025`, `2023 – 2030`, `01/03/2025 – 30/09/2025`, `từ 2021` ..."""
    def whole_years() -> bool:
        return (start is not None and end is not None and (start.month, start.day) == (1, 1)
                and (end.month, end.day) == (12, 31))

    if start is None and end is None:
        return ""
    if whole_years():
        return str(start.year) if start.year == end.year else f"{start.year} – {end.year}"
    if end is None:
        return f"từ {start:%d/%m/%Y}"
    if start is None:
        return f"đến {end:%d/%m/%Y}"
    return f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"


def list_movements(session: Session, year: int, today: dt.date | None = None) -> list[MovementRow]:
    """Movements running in a year, those launched from higher up first, then by start."""
    today = today or dt.date.today()
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    counts = (select(MovementUnit.movement_id, func.count().label("n"))
              .group_by(MovementUnit.movement_id).subquery())
    query = (select(Movement, func.coalesce(counts.c.n, 0))
             .outerjoin(counts, counts.c.movement_id == Movement.id)
             .where(or_(Movement.start_date.is_(None), Movement.start_date <= last),
                    or_(Movement.end_date.is_(None), Movement.end_date >= first)))
    rows = []
    for movement, units in session.execute(query):
        level = LEVELS.get(movement.level, movement.level)
        kind = KINDS.get(movement.kind, movement.kind)
        status = STATUSES.get(movement.status, movement.status)
        document = " ".join(p for p in (movement.doc_number,
                                        f"ngày {movement.doc_date:%d/%m/%Y}" if movement.doc_date else "")
                            if p)
        code, note, when = attention(movement, today)
        rows.append(MovementRow(
            id=movement.id, name=movement.name, launched_by=movement.launched_by, level=level,
            kind=kind, period=period_text(movement.start_date, movement.end_date),
            start_date=movement.start_date, end_date=movement.end_date, status=status,
            document=document, units=units,
            search=fold(" ".join([movement.name, movement.launched_by, level, kind, status,
                                  movement.doc_number, movement.slogan, note])),
            attention=note, attention_code=code, attention_date=when))
    # Higher levels first (the Prime Minister's, the province's, then ours), as the plan lists them.
    rank = {LEVELS.get(code, code): i for i, code in enumerate(LEVEL_ORDER)}
    rows.sort(key=lambda r: (rank.get(r.level, len(rank)), r.start_date or dt.date.min, r.id))
    return rows


# --- at a glance -----------------------------------------------------------------------------

SOON_DAYS = 30
ATTENTION = {
    "review_overdue": "Quá hạn sơ kết, tổng kết",
    "review_due": "Sắp đến hạn sơ kết, tổng kết",
    "ending_soon": "Sắp kết thúc",
    "ended": "Hết thời gian, chưa tổng kết",
    "not_started": "Chưa bắt đầu",
    "running": "Đang diễn ra",
    "closed": "Đã tổng kết",
}
# Which review is still to hold in each status.
PENDING_REVIEWS = {"planned": ("midterm", "final"), "running": ("midterm", "final"), "reviewed": ("final",)}


def attention(movement, today: dt.date) -> tuple[str, str, dt.date | None]:
    """(code, short text, the date it is about) of what a movement needs now: an overdue or
    coming review first, then its end coming, then whether it runs. Whole local days."""
    if movement.status == "closed":
        return "closed", ATTENTION["closed"], movement.final_review_on
    reviews = []
    for which in PENDING_REVIEWS.get(movement.status, ()):
        day = movement.midterm_review_on if which == "midterm" else movement.final_review_on
        if day is not None:
            reviews.append(("sơ kết" if which == "midterm" else "tổng kết", day))
    # The final review speaks first: once it is near, a mid-term one left unmarked matters less.
    for label, day in sorted(reviews, key=lambda r: r[0] != "tổng kết"):
        if day < today:
            if day.year < today.year:  # a past year's review never held: days counted say nothing more
                return "review_overdue", f"Chưa {label} (hạn {day:%d/%m/%Y})", day
            return "review_overdue", f"Quá hạn {label} {(today - day).days} ngày", day
        if day <= today + dt.timedelta(days=SOON_DAYS):
            left = (day - today).days
            return "review_due", (f"{label.capitalize()} hôm nay" if left == 0 else f"Sắp {label}: còn {left} ngày"), day
    end, start = movement.end_date, movement.start_date
    if end is not None and today <= end <= today + dt.timedelta(days=SOON_DAYS):
        return "ending_soon", f"Sắp kết thúc: còn {(end - today).days} ngày", end
    if end is not None and end < today:
        return "ended", ATTENTION["ended"], end
    if start is not None and start > today:
        return "not_started", ATTENTION["not_started"], start
    return "running", ATTENTION["running"], None


# --- editing ---------------------------------------------------------------------------------

@dataclass
class MovementData:
    """A movement as its dialog edits it, with the units taking part."""

    name: str
    launched_by: str
    level: str = "xa"  # a new movement's dialog starts at the office's own level
    kind: str = "regular"
    id: int | None = None
    slogan: str = ""
    doc_number: str = ""
    doc_date: dt.date | None = None
    doc_issuer: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    targets: str = ""
    midterm_review_on: dt.date | None = None
    final_review_on: dt.date | None = None
    status: str = "running"
    results: str = ""
    notes: str = ""
    unit_ids: list[int] = field(default_factory=list)


_FIELDS = ("name", "slogan", "launched_by", "level", "kind", "doc_number", "doc_date", "doc_issuer",
           "start_date", "end_date", "targets", "midterm_review_on", "final_review_on", "status",
           "results", "notes")


def _movement(session: Session, movement_id: int) -> Movement:
    row = session.get(Movement, movement_id)
    if row is None:
        raise NotFound(f"Không tìm thấy phong trào số {movement_id}.")
    return row


def get_movement(session: Session, movement_id: int) -> MovementData:
    row = _movement(session, movement_id)
    units = list(session.scalars(select(MovementUnit.unit_id).where(MovementUnit.movement_id == movement_id)))
    return MovementData(id=row.id, unit_ids=units, **{f: getattr(row, f) for f in _FIELDS})


def _check(data: MovementData) -> dict:
    values = {f: getattr(data, f) for f in _FIELDS}
    for f in ("name", "slogan", "launched_by", "doc_number", "doc_issuer"):
        values[f] = clean(values[f])
    for f in ("targets", "results", "notes"):
        values[f] = (values[f] or "").strip()
    if not values["name"]:
        raise ValidationError("Chưa nhập tên phong trào.", field="name")
    if not values["launched_by"]:
        raise ValidationError("Chưa nhập cơ quan phát động.", field="launched_by")
    for f, limit, label in (("launched_by", 200, "Cơ quan phát động"), ("doc_number", 60, "Số văn bản"),
                            ("doc_issuer", 200, "Cơ quan ban hành")):
        if len(values[f]) > limit:
            raise ValidationError(f"«{label}» tối đa {limit} ký tự.", field=f)
    if values["level"] not in LEVELS:
        raise ValidationError("Cấp phát động không hợp lệ.", field="level")
    if values["kind"] not in KINDS:
        raise ValidationError("Loại phong trào phải là thường xuyên, theo đợt hoặc chuyên đề.", field="kind")
    if values["status"] not in STATUSES:
        raise ValidationError("Trạng thái phong trào không hợp lệ.", field="status")
    start, end = values["start_date"], values["end_date"]
    if start and end and end < start:
        raise ValidationError(f"Ngày kết thúc {end:%d/%m/%Y} trước ngày bắt đầu {start:%d/%m/%Y}.",
                              field="end_date")
    mid, final = values["midterm_review_on"], values["final_review_on"]
    if mid and final and final < mid:
        raise ValidationError("Ngày tổng kết phải sau ngày sơ kết.", field="final_review_on")
    if values["kind"] != "regular" and start is None:
        raise ValidationError("Phong trào theo đợt, chuyên đề cần ngày bắt đầu.", field="start_date")
    return values


def save_movement(session: Session, data: MovementData) -> int:
    """Create or update a movement and the units taking part; returns its id."""
    require(session, "edit")
    values = _check(data)
    unit_ids = list(dict.fromkeys(int(u) for u in data.unit_ids))
    if unit_ids and len(set(session.scalars(select(Unit.id).where(Unit.id.in_(unit_ids))))) != len(unit_ids):
        raise ValidationError("Có đơn vị tham gia không còn trong danh sách đơn vị.", field="unit_ids")
    row = _movement(session, data.id) if data.id else Movement(name=values["name"], launched_by="", level="", kind="")
    for f, value in values.items():
        setattr(row, f, value)
    row.search_key = fold(f"{values['name']} {values['slogan']}")
    if row.id is None:
        session.add(row)
    session.flush()
    current = set(session.scalars(select(MovementUnit.unit_id).where(MovementUnit.movement_id == row.id)))
    gone = current - set(unit_ids)
    if gone:
        session.execute(delete(MovementUnit).where(MovementUnit.movement_id == row.id,
                                                   MovementUnit.unit_id.in_(gone)))
    session.add_all([MovementUnit(movement_id=row.id, unit_id=u) for u in unit_ids if u not in current])
    session.flush()
    return row.id


def delete_movement(session: Session, movement_id: int) -> None:
    """Remove a movement nothing points to yet (dossiers, awards, plan tasks, exemplars)."""
    require(session, "edit")
    row = _movement(session, movement_id)
    linked = [(n, label) for model, label in ((Dossier, "hồ sơ"), (Award, "khen thưởng"), (PlanTask, "nhiệm vụ kế hoạch"),
                                              (Registration, "điển hình tiên tiến"))
              if (n := session.scalar(select(func.count()).select_from(model).where(model.movement_id == movement_id)))]
    if linked:
        what = ", ".join(f"{n} {label}" for n, label in linked)
        raise UserError(f"Phong trào «{row.name}» đã gắn với {what}; hãy gỡ liên kết trước khi xóa.")
    session.delete(row)
    session.flush()


# --- what came out of a movement -------------------------------------------------------------

@dataclass(slots=True)
class LinkedDossier:
    id: int
    number: str
    unit: str
    year: int
    status: str
    title: str
    movement_id: int | None
    search: str


@dataclass(slots=True)
class LinkedAward:
    id: int
    recipient: str
    award: str
    year: int
    decision: str
    decision_date: dt.date | None
    movement_id: int | None
    search: str


def linked_dossiers(session: Session, movement_id: int | None = None, *, year: int | None = None) -> list[LinkedDossier]:
    """The dossiers of a movement, or (`year`) the year's dossiers to choose from."""
    from app.dossiers import STATUSES as DOSSIER_STATUSES

    query = select(Dossier, Unit.name).join(Unit, Unit.id == Dossier.unit_id)
    query = query.where(Dossier.movement_id == movement_id) if year is None else query.where(Dossier.year == year)
    rows = []
    for d, unit in session.execute(query.order_by(Dossier.year.desc(), Dossier.number)):
        status = DOSSIER_STATUSES.get(d.status, d.status)
        rows.append(LinkedDossier(d.id, d.number, unit, d.year, status, d.title, d.movement_id,
                                  fold(f"{d.number} {unit} {d.title} {status}")))
    return rows


def linked_awards(session: Session, movement_id: int | None = None, *, year: int | None = None) -> list[LinkedAward]:
    """The ledger awards of a movement, or (`year`) the year's awards to choose from."""
    query = select(Award, AwardType.name).join(AwardType, AwardType.id == Award.award_type_id)
    query = query.where(Award.movement_id == movement_id) if year is None else query.where(Award.year == year)
    rows = []
    for a, award in session.execute(query.order_by(Award.year.desc(), Award.decision_number, Award.id)):
        rows.append(LinkedAward(a.id, a.recipient_name, award, a.year, a.decision_number, a.decision_date,
                                a.movement_id, fold(f"{a.recipient_name} {award} {a.decision_number}")))
    return rows


def link(session: Session, movement_id: int, *, dossier_ids: list[int] = (), award_ids: list[int] = ()) -> int:
    """Attach dossiers and awards to a movement; returns how many were attached."""
    require(session, "edit")
    _movement(session, movement_id)
    n = 0
    for model, ids in ((Dossier, dossier_ids), (Award, award_ids)):
        for row in session.scalars(select(model).where(model.id.in_(list(ids) or [0]))):
            row.movement_id = movement_id
            n += 1
    session.flush()
    return n


def unlink(session: Session, *, dossier_ids: list[int] = (), award_ids: list[int] = ()) -> None:
    """Detach dossiers and awards from whatever movement they belong to."""
    require(session, "edit")
    for model, ids in ((Dossier, dossier_ids), (Award, award_ids)):
        for row in session.scalars(select(model).where(model.id.in_(list(ids) or [0]))):
            row.movement_id = None
    session.flush()


def movement_choices(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every movement, for pickers (plan tasks, exemplars)."""
    return [(i, n) for i, n in session.execute(select(Movement.id, Movement.name).order_by(Movement.name))]
