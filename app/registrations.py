"""Đăng ký thi đua: what each unit registered at the start of the year for itself and its
people, and the exemplars (điển hình tiên tiến) it will build — kept as a register (who, what
model, which movement, how it was publicised) for the media centre that publicises them.

The plan asks every unit for at least one collective and one individual exemplar; units short
of that are flagged. At year end, what was proposed is compared with what was registered: a
nominee proposed for a title nobody registered for it gets a warning the dossier screen shows
(`registration_not_registered`, or `registration_other_title` when another title was).
Registrations come from the `registration` workbook import (the same table) or are typed here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.catalog import SUBJECTS
from app.errors import NotFound, ValidationError
from app.states import DROPPED
from app.submissions import _units_of_year, expected_submissions
from app.text import clean, fold, match_key, sort_key
from app.users import require
from db.models import AwardType, Dossier, Movement, Nominee, Person, Registration, Unit

# A higher title registered covers the lower ones it requires (CSTĐCS needs LĐTT ...).
IMPLIES = {
    "CSTDCS": {"LDTT"},
    "CSTD_TINH": {"CSTDCS", "LDTT"},
    "CSTD_TQ": {"CSTD_TINH", "CSTDCS", "LDTT"},
    "TTLDXS": {"TTLDTT"},
    "CO_TINH": {"TTLDXS", "TTLDTT"},
    "CO_CP": {"CO_TINH", "TTLDXS", "TTLDTT"},
}
WARNING_CODES = {
    "registration_not_registered": "Không có trong đăng ký thi đua",
    "registration_other_title": "Đăng ký danh hiệu khác",
}


@dataclass(slots=True)
class RegistrationRow:
    """A registered title or exemplar, as the registrations tab and the register show it."""

    id: int
    unit_id: int
    unit: str
    subject: str  # Cá nhân / Tập thể
    name: str
    award_code: str
    award: str
    is_exemplar: bool
    model: str
    movement_id: int | None
    movement: str
    publicity: str
    publicised_on: dt.date | None
    notes: str
    source: str  # Nhập tệp / Nhập tay
    search: str
    kind: str = "individual"  # the subject's code (app/states.py); `subject` is its label


def list_registrations(session: Session, year: int, *, exemplars: bool | None = None) -> list[RegistrationRow]:
    """A year's registrations; `exemplars=True` gives the exemplar register only, False the
    titles only."""
    query = (select(Registration, Unit.name, AwardType.name, Movement.name)
             .join(Unit, Unit.id == Registration.unit_id)
             .outerjoin(AwardType, AwardType.code == Registration.award_code)
             .outerjoin(Movement, Movement.id == Registration.movement_id)
             .where(Registration.year == year))
    if exemplars is not None:
        query = query.where(Registration.is_exemplar.is_(exemplars))
    rows = []
    for r, unit, award, movement in session.execute(query):
        subject = SUBJECTS.get(r.subject, r.subject)
        rows.append(RegistrationRow(
            r.id, r.unit_id, unit, subject, r.name, r.award_code, award or r.award_code, r.is_exemplar,
            r.model, r.movement_id, movement or "", r.publicity, r.publicised_on, r.notes,
            "Nhập tệp" if r.submission_id else "Nhập tay",
            fold(" ".join([unit, subject, r.name, award or "", r.model, movement or "", r.publicity])),
            r.subject))
    units_order = {uid: order for uid, order in session.execute(select(Unit.id, Unit.sort_order))}
    rows.sort(key=lambda x: (units_order.get(x.unit_id) or 0, sort_key(x.unit), x.kind != "collective",
                             not x.is_exemplar, sort_key(x.name)))
    return rows


# --- editing ---------------------------------------------------------------------------------

@dataclass
class RegistrationData:
    year: int
    unit_id: int
    subject: str
    name: str
    award_code: str = ""
    is_exemplar: bool = False
    person_id: int | None = None
    model: str = ""
    movement_id: int | None = None
    publicity: str = ""
    publicised_on: dt.date | None = None
    notes: str = ""
    id: int | None = None


_FIELDS = ("year", "unit_id", "subject", "name", "award_code", "is_exemplar", "person_id", "model",
           "movement_id", "publicity", "publicised_on", "notes")


def get_registration(session: Session, registration_id: int) -> RegistrationData:
    row = session.get(Registration, registration_id)
    if row is None:
        raise NotFound(f"Không tìm thấy đăng ký số {registration_id}.")
    return RegistrationData(id=row.id, **{f: getattr(row, f) for f in _FIELDS})


def save_registration(session: Session, data: RegistrationData) -> int:
    """Create or update a registration typed by hand (or complete an imported exemplar)."""
    require(session, "edit")
    name = clean(data.name)
    if session.get(Unit, data.unit_id) is None:
        raise ValidationError("Chưa chọn đơn vị đăng ký.", field="unit_id")
    if data.subject not in ("individual", "collective"):
        raise ValidationError("Đối tượng đăng ký phải là cá nhân hoặc tập thể.", field="subject")
    if not name:
        raise ValidationError("Chưa nhập tên cá nhân hoặc tập thể đăng ký.", field="name")
    award = None
    if data.award_code:
        award = session.scalar(select(AwardType).where(AwardType.code == data.award_code))
        if award is None:
            raise ValidationError("Danh hiệu đăng ký không có trong danh mục.", field="award_code")
        if award.subject not in (data.subject, "any"):
            raise ValidationError(f"«{award.name}» không dành cho {SUBJECTS[data.subject].lower()}.",
                                  field="award_code")
    if not data.is_exemplar and award is None:
        raise ValidationError("Chọn danh hiệu đăng ký, hoặc đánh dấu là điển hình tiên tiến.", field="award_code")
    if data.movement_id is not None and session.get(Movement, data.movement_id) is None:
        raise ValidationError("Phong trào đã chọn không còn.", field="movement_id")
    if data.person_id is not None and session.get(Person, data.person_id) is None:
        raise ValidationError("Cá nhân đã chọn không còn.", field="person_id")
    row = session.get(Registration, data.id) if data.id else Registration(year=data.year, unit_id=data.unit_id,
                                                                          subject=data.subject, name=name)
    if row is None:
        raise NotFound(f"Không tìm thấy đăng ký số {data.id}.")
    for f in _FIELDS:
        setattr(row, f, getattr(data, f))
    row.name, row.model, row.publicity = name, (data.model or "").strip(), (data.publicity or "").strip()
    row.notes = (data.notes or "").strip()
    if data.subject != "individual":
        row.person_id = None
    if row.id is None:
        session.add(row)
    session.flush()
    return row.id


def delete_registration(session: Session, registration_id: int) -> None:
    require(session, "edit")
    row = session.get(Registration, registration_id)
    if row is None:
        raise NotFound(f"Không tìm thấy đăng ký số {registration_id}.")
    session.delete(row)
    session.flush()


# --- units short of exemplars ----------------------------------------------------------------

@dataclass(slots=True)
class ExemplarGap:
    """A unit without one collective and one individual exemplar registered this year."""

    unit_id: int
    unit: str
    collective: int
    individual: int
    registered: bool  # sent any registration at all
    missing: str  # "Thiếu điển hình cá nhân"
    search: str


def exemplar_gaps(session: Session, year: int) -> list[ExemplarGap]:
    expected = {r.unit_id: r.unit for r in expected_submissions(session, year, include_exempt=False)
                if r.kind == "registration"}
    if not expected:  # no registration due set up: every reporting unit of the year
        expected = {u.id: u.name for u in _units_of_year(session, year)}
    counts: dict[int, dict[str, int]] = {}
    for unit_id, subject, exemplar in session.execute(
            select(Registration.unit_id, Registration.subject, Registration.is_exemplar)
            .where(Registration.year == year)):
        c = counts.setdefault(unit_id, {"collective": 0, "individual": 0, "any": 0})
        c["any"] += 1
        if exemplar and subject in c:
            c[subject] += 1
    order = {uid: n for uid, n in session.execute(select(Unit.id, Unit.sort_order))}
    out = []
    for unit_id, unit in expected.items():
        c = counts.get(unit_id, {"collective": 0, "individual": 0, "any": 0})
        lacks = [label for key, label in (("collective", "tập thể"), ("individual", "cá nhân")) if not c[key]]
        if not lacks:
            continue
        missing = ("Chưa gửi đăng ký thi đua" if not c["any"]
                   else "Thiếu điển hình tiên tiến " + " và ".join(lacks))
        out.append(ExemplarGap(unit_id, unit, c["collective"], c["individual"], bool(c["any"]), missing,
                               fold(f"{unit} {missing}")))
    out.sort(key=lambda g: (order.get(g.unit_id) or 0, sort_key(g.unit)))
    return out


# --- registered versus proposed --------------------------------------------------------------

@dataclass(slots=True)
class RegistrationWarning:
    """A nominee proposed for a title that was not registered for it."""

    code: str
    message: str
    dossier_id: int
    dossier_number: str
    nominee_id: int
    unit: str
    name: str
    award: str
    search: str

    @property
    def code_text(self) -> str:
        return WARNING_CODES.get(self.code, self.code)

    def as_dict(self) -> dict:
        """The shape nominees' `warnings` use: what the dossier screen shows."""
        return {"code": self.code, "message": self.message}


def _registered(session: Session, year: int) -> dict[tuple, set[str]]:
    """Who registered which titles: ('p', person id) or ('n', unit id, subject, name key)."""
    out: dict[tuple, set[str]] = {}
    for r in session.scalars(select(Registration).where(Registration.year == year,
                                                        Registration.award_code != "")):
        if r.person_id is not None:
            out.setdefault(("p", r.person_id), set()).add(r.award_code)
        out.setdefault(("n", r.unit_id, r.subject, match_key(r.name)), set()).add(r.award_code)
    return out


def compare_registered_proposed(session: Session, year: int, *, dossier_id: int | None = None
                                ) -> list[RegistrationWarning]:
    """Every nominee of the year's regular dossiers proposed for a title (danh hiệu) that its
    unit did not register for it. Forms (Giấy khen, Bằng khen) are not registered: not checked."""
    registered = _registered(session, year)
    units_with_any = set(session.scalars(select(Registration.unit_id).where(Registration.year == year)))
    short = {code: name or code for code, name in session.execute(select(AwardType.code, AwardType.short_name))}
    query = (select(Nominee, Dossier, AwardType, Unit.name)
             .join(Dossier, Dossier.id == Nominee.dossier_id)
             .join(AwardType, AwardType.id == Nominee.award_type_id)
             .join(Unit, Unit.id == Dossier.unit_id)
             .where(Dossier.year == year, Dossier.category == "regular",
                    Dossier.status.not_in(DROPPED), AwardType.category == "title",
                    Nominee.subject.in_(("individual", "collective")), Nominee.appraisal != "withdrawn"))
    if dossier_id is not None:
        query = query.where(Dossier.id == dossier_id)
    out = []
    for nominee, dossier, award, dossier_unit in session.execute(query.order_by(Dossier.number, Nominee.seq)):
        unit_id = nominee.unit_id or dossier.unit_id
        codes: set[str] = set()
        if nominee.person_id is not None:
            codes |= registered.get(("p", nominee.person_id), set())
        codes |= registered.get(("n", unit_id, nominee.subject, match_key(nominee.name)), set())
        if any(award.code == c or award.code in IMPLIES.get(c, ()) for c in codes):
            continue
        if codes:
            names = ", ".join(sorted(short.get(c, c) for c in codes))
            code, message = "registration_other_title", (
                f"{nominee.name} đăng ký {names} năm {year}, nay đề nghị {award.short_name or award.name}.")
        elif unit_id not in units_with_any:
            code, message = "registration_not_registered", (
                f"Đơn vị chưa gửi đăng ký thi đua năm {year}; {nominee.name} được đề nghị "
                f"{award.short_name or award.name} mà không có đăng ký.")
        else:
            code, message = "registration_not_registered", (
                f"{nominee.name} không có trong đăng ký thi đua năm {year} với danh hiệu "
                f"{award.short_name or award.name}.")
        out.append(RegistrationWarning(code, message, dossier.id, dossier.number, nominee.id, dossier_unit,
                                       nominee.name, award.name,
                                       fold(f"{dossier.number} {dossier_unit} {nominee.name} {award.name}")))
    return out


def nominee_registration_warnings(session: Session, dossier_id: int) -> dict[int, list[dict]]:
    """nominee id → [{"code", "message"}] for one dossier (what the dossier screen shows)."""
    dossier = session.get(Dossier, dossier_id)
    if dossier is None:
        raise NotFound(f"Không tìm thấy hồ sơ số {dossier_id}.")
    out: dict[int, list[dict]] = {}
    for w in compare_registered_proposed(session, dossier.year, dossier_id=dossier_id):
        out.setdefault(w.nominee_id, []).append(w.as_dict())
    return out


def title_choices(session: Session) -> list[tuple[str, str]]:
    """(code, name) of the titles (danh hiệu) a unit can register, in the catalogue's order."""
    return [(c, n) for c, n in session.execute(select(AwardType.code, AwardType.name)
                                               .where(AwardType.category == "title").order_by(AwardType.id))]
