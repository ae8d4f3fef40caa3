"""Tuyên truyền gương người tốt, việc tốt (plan items 1.4 and III.2): the list the office sends
the media centre — name, unit, the model built, what they did, the award — per quarter or per
movement, as a workbook and a printed list.

The list is the exemplars chosen for publicity: the year's exemplar register (sổ điển hình
tiên tiến, the units' and the office's choice), never every award of the year. An exemplar's
notable awards decided in the period (a sudden achievement, a movement's award, one ranking
from Chiến sĩ thi đua cơ sở up) are shown on its row, with what they were for. A quarter's list
holds the exemplars dated in it — the day an exemplar was publicised, else the day its
registration arrived — or awarded in it. `mark_publicised` records in the register that the
media centre has the list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import ValidationError
from app.states import subject_label
from app.text import clean, fold, sort_key
from app.users import require
from db.models import Award, AwardType, Movement, Registration, Submission, Unit

NOTABLE_RANK = 20  # Chiến sĩ thi đua cơ sở and above (AwardType.rank)
NOTABLE_KINDS = ("sudden", "movement")


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_range(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    if quarter not in (1, 2, 3, 4):
        raise ValidationError(f"Quý phải từ 1 đến 4 (đang là {quarter}).", field="quarter")
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1) - dt.timedelta(days=1)
    return start, end


@dataclass
class PublicityRow:
    kind: str  # individual / collective (app/states.py SUBJECTS)
    name: str
    unit: str
    model: str
    deeds: str
    awards: list[str] = field(default_factory=list)
    movement: str = ""
    day: dt.date | None = None
    publicised_on: dt.date | None = None
    registration_id: int | None = None
    award_ids: list[int] = field(default_factory=list)

    @property
    def award(self) -> str:
        return "; ".join(self.awards)

    @property
    def subject(self) -> str:
        """`Cá nhân` / `Tập thể`, as shown and as `tdkt publicity --json` gives it."""
        return subject_label(self.kind)

    @property
    def source(self) -> str:
        return "Điển hình tiên tiến" if self.registration_id else "Khen thưởng"

    @property
    def search(self) -> str:
        return fold(" ".join([self.name, self.unit, self.model, self.deeds, self.award, self.movement]))


def _deeds(notes: str) -> str:
    """A register note as "what they did", unless it only repeats the kind of the entry."""
    text = clean(notes)
    return "" if fold(text).removesuffix(" ca nhan").removesuffix(" tap the") == "dien hinh tien tien" else text


def _key(subject: str, person_id: int | None, unit_id: int | None, name: str) -> tuple:
    return ("p", person_id) if subject == "individual" and person_id else (subject, unit_id, fold(name))


def publicity_list(session: Session, year: int, *, quarter: int | None = None,
                   movement_id: int | None = None) -> list[PublicityRow]:
    """The exemplars chosen for publicity in the year (a quarter, a movement), with their
    notable awards of the period."""
    start, end = quarter_range(year, quarter) if quarter else (dt.date(year, 1, 1), dt.date(year, 12, 31))
    units = dict(session.execute(select(Unit.id, Unit.name)).all())
    movements = dict(session.execute(select(Movement.id, Movement.name)).all())
    rows: dict[tuple, PublicityRow] = {}
    received = (select(Submission.id, Submission.received_on)).subquery()
    query = (select(Registration, received.c.received_on)
             .outerjoin(received, received.c.id == Registration.submission_id)
             .where(Registration.year == year, Registration.is_exemplar.is_(True)))
    if movement_id is not None:
        query = query.where(Registration.movement_id == movement_id)
    for r, received_on in session.execute(query):
        unit = units.get(r.unit_id, "")
        rows[_key(r.subject, r.person_id, r.unit_id, r.name)] = PublicityRow(
            "individual" if r.subject == "individual" else "collective", r.name,
            "" if fold(unit) == fold(r.name) else unit, r.model, _deeds(r.notes),
            movement=movements.get(r.movement_id, ""), day=r.publicised_on or received_on,
            publicised_on=r.publicised_on, registration_id=r.id)
    corrected = select(Award.corrects_id).where(Award.corrects_id.is_not(None))
    query = (select(Award, AwardType.name).join(AwardType, AwardType.id == Award.award_type_id)
             .where(Award.decision_date.between(start, end),
                    Award.revoked.is_(False), Award.id.not_in(corrected),
                    Award.subject.in_(("individual", "collective")),
                    (AwardType.rank >= NOTABLE_RANK) | Award.kind.in_(NOTABLE_KINDS))
             .order_by(Award.decision_date, Award.id))
    if movement_id is not None:
        query = query.where(Award.movement_id == movement_id)
    for a, award_name in session.execute(query):
        key = _key(a.subject, a.person_id, a.unit_id, a.recipient_name)
        row = rows.get(key)
        if row is None:  # not an exemplar chosen for publicity: the list is not the ledger
            continue
        unit_text = a.unit_text or units.get(a.unit_id, "")  # an old ledger line may lack the unit text
        where = ", ".join(x for x in (a.position, unit_text) if x and fold(x) != fold(a.recipient_name))
        if where and not row.unit:
            row.unit = where
        row.awards.append(f"{award_name} (QĐ số {a.decision_number}, {a.decision_date:%d/%m/%Y})")
        row.award_ids.append(a.id)
        if a.achievement and a.achievement not in row.deeds:
            row.deeds = "; ".join(x for x in (row.deeds, a.achievement) if x)
        if not row.movement and a.movement_id:
            row.movement = movements.get(a.movement_id, "")
    # Awards were read for the period only: a row with one belongs to it, whatever its own date.
    chosen = [r for r in rows.values() if r.award_ids or (r.day is None and not quarter)
              or (r.day is not None and start <= r.day <= end)]
    chosen.sort(key=lambda r: (r.kind != "collective", r.day or dt.date.max, sort_key(r.unit), sort_key(r.name)))
    return chosen


def mark_publicised(session: Session, registration_ids: list[int], on: dt.date, how: str) -> int:
    """Record in the exemplar register that these exemplars were sent for publicity (how: the
    channel or the media centre's programme); returns how many were marked."""
    require(session, "edit")
    if not clean(how):
        raise ValidationError("Ghi hình thức tuyên truyền (ví dụ: chuyên mục trên sóng truyền thanh).",
                              field="publicity")
    rows = list(session.scalars(select(Registration).where(Registration.id.in_(registration_ids or [0]),
                                                           Registration.is_exemplar.is_(True))))
    for r in rows:
        r.publicised_on, r.publicity = on, clean(how)
    session.flush()
    return len(rows)


def media_centre(session: Session) -> str:
    """The unit that publicises exemplars (Trung tâm Văn hóa, Thể thao và Truyền thông)."""
    name = session.scalar(select(Unit.name).where(Unit.active.is_(True),
                                                  func.lower(Unit.search_key).like("%truyen thong%"))
                          .order_by(Unit.sort_order).limit(1))
    return name or "Trung tâm Văn hóa, Thể thao và Truyền thông"


def period_text(year: int, quarter: int | None = None, movement: str = "") -> str:
    what = f"Quý {['I', 'II', 'III', 'IV'][quarter - 1]} năm {year}" if quarter else f"Năm {year}"
    return what + (f" — phong trào «{movement}»" if movement else "")
