"""Cá nhân: adding and editing the people of the office's units by hand (the person page, `tdkt
person add|edit`), and listing them.

Most people arrive with a unit's list (registration, proposal, an old award book); the clerk
adds the others here and corrects what a list got wrong (gender, ethnicity, birth year), since
the yearly report counts women and ethnic minorities from these records. A second record of
the same person (same name, birth year and unit) is refused; two namesakes stay apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit import NOTE_KEY
from app.awards import award_search_key
from app.catalog import find_ethnicity
from app.errors import NotFound, ValidationError
from app.text import clean, fold, match_key, name_sort_key
from db.models import Award, AwardType, Ethnicity, Nominee, Person, Unit

GENDERS = {"M": "Nam", "F": "Nữ"}
FIELD_LABELS = {
    "full_name": "Họ và tên",
    "gender": "Giới tính",
    "birth_year": "Năm sinh",
    "ethnicity": "Dân tộc",
    "position": "Chức vụ",
    "unit_id": "Đơn vị",
    "is_direct_worker": "Lao động trực tiếp",
    "is_leader": "Lãnh đạo, quản lý",
    "phone": "Điện thoại",
    "notes": "Ghi chú",
}


@dataclass
class PersonData:
    """A person as the person page and `tdkt person add|edit` give it (no session needed)."""

    full_name: str = ""
    gender: str | None = None  # M / F
    birth_year: int | None = None
    ethnicity: str | None = None  # catalogue code (kinh, thai, mong …); a name or alias is accepted
    position: str = ""
    unit_id: int | None = None
    is_direct_worker: bool = False
    is_leader: bool = False
    phone: str = ""
    notes: str = ""


_FIELDS = [f.name for f in fields(PersonData)]


@dataclass(slots=True)
class PersonListRow:
    id: int
    name: str
    gender: str
    birth_year: int | None
    ethnicity: str
    position: str
    unit: str
    unit_id: int | None
    awards: int
    search: str


def _person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound("Không tìm thấy cá nhân.")
    return person


def get_person(session: Session, person_id: int) -> PersonData:
    person = _person(session, person_id)
    return PersonData(**{name: getattr(person, name) for name in _FIELDS})


def gender_code(value: object) -> str | None:
    """`Nữ`, `nu`, `F`, `x` in a column Nữ … → F; `Nam`, `M` → M; empty → None."""
    key = fold(value)
    if not key:
        return None
    if key in ("f", "nu", "female"):
        return "F"
    if key in ("m", "nam", "male"):
        return "M"
    raise ValidationError(f"«{FIELD_LABELS['gender']}» phải là Nam hoặc Nữ, không phải «{value}».", field="gender")


def validate_person(session: Session, data: PersonData, person_id: int | None = None) -> PersonData:
    values = {name: getattr(data, name) for name in _FIELDS}
    for name in ("full_name", "position", "phone", "notes"):
        values[name] = clean(values[name])
    if not values["full_name"]:
        raise ValidationError("Chưa nhập «Họ và tên».", field="full_name")
    if len(values["full_name"]) > 120:
        raise ValidationError("«Họ và tên» dài quá 120 ký tự.", field="full_name")
    if not match_key(values["full_name"]):  # "%", "_", "*" (t18)
        raise ValidationError(f"«Họ và tên» «{values['full_name']}» không có chữ hay số nào; hãy nhập tên thật.",
                              field="full_name")
    values["gender"] = gender_code(values["gender"])
    year = values["birth_year"]
    if year in ("", None):
        values["birth_year"] = None
    else:
        try:
            year = int(str(year).strip())
        except ValueError:
            raise ValidationError(f"«Năm sinh» phải là một năm, không phải «{year}».", field="birth_year") from None
        if not 1900 <= year <= dt.date.today().year:
            raise ValidationError(f"«Năm sinh» {year} không hợp lý.", field="birth_year")
        values["birth_year"] = year
    ethnicity = clean(values["ethnicity"] or "")
    if ethnicity:
        code = ethnicity if session.get(Ethnicity, ethnicity) is not None else find_ethnicity(session, ethnicity)
        if code is None:
            raise ValidationError(f"Dân tộc «{ethnicity}» không có trong danh mục 54 dân tộc.", field="ethnicity")
        values["ethnicity"] = code
    else:
        values["ethnicity"] = None
    if values["unit_id"] is not None and session.get(Unit, values["unit_id"]) is None:
        raise ValidationError("Đơn vị không có trong danh sách.", field="unit_id")
    values["is_direct_worker"], values["is_leader"] = bool(values["is_direct_worker"]), bool(values["is_leader"])
    if values["birth_year"] is not None:  # without a birth year, two namesakes cannot be told apart
        same_unit = (Person.unit_id.is_(None) if values["unit_id"] is None
                     else Person.unit_id == values["unit_id"])
        twin = session.scalar(select(Person).where(
            Person.match_key == match_key(values["full_name"]), Person.id != (person_id or 0),
            Person.birth_year == values["birth_year"], same_unit).limit(1))
        if twin is not None:
            raise ValidationError(f"Đã có {twin.full_name}, sinh năm {twin.birth_year}, cùng đơn vị: hãy mở hồ sơ "
                                  "đó thay vì thêm mới.", field="full_name")
    return PersonData(**values)


def add_person(session: Session, data: PersonData) -> Person:
    checked = validate_person(session, data)
    person = Person(match_key=match_key(checked.full_name), **{n: getattr(checked, n) for n in _FIELDS})
    session.add(person)
    session.flush()
    return person


def edit_person(session: Session, person_id: int, data: PersonData) -> Person:
    person = _person(session, person_id)
    checked = validate_person(session, data, person_id)
    old_name = person.full_name
    for name in _FIELDS:
        setattr(person, name, getattr(checked, name))
    person.match_key = match_key(person.full_name)
    if person.full_name != old_name:
        _renamed(session, person, old_name)
    session.flush()
    return person


def rename_person(session: Session, person_id: int, full_name: str) -> Person:
    """Correct a person's name only (from a dossier's nominee row): the same checks as the
    person page, and the same reach."""
    person = _person(session, person_id)
    data = PersonData(**{name: getattr(person, name) for name in _FIELDS})
    data.full_name = full_name
    return edit_person(session, person_id, data)


def _renamed(session: Session, person: Person, old_name: str) -> None:
    """A rename is a correction of the record: every nominee and award linked to the person
    reads the new name (db/models/names.py). Here only what is stored for searching follows
    (the ledger's search box), rows already loaded in this session are refreshed, and the log
    says what the rename reached."""
    awards = session.scalars(select(Award).where(Award.person_id == person.id)).all()
    nominees = session.scalars(select(Nominee).where(Nominee.person_id == person.id)).all()
    session.info[NOTE_KEY] = (f"Sửa tên {old_name} → {person.full_name}: tên mới hiện trên {len(nominees)} "
                              f"đề nghị trong hồ sơ và {len(awards)} khen thưởng đã ghi sổ của người này")
    for award in awards:
        award.search_key = award_search_key(person.full_name, award.unit_text,
                                            session.get(AwardType, award.award_type_id).name,
                                            award.decision_number)
    for row in (*awards, *nominees):
        session.expire(row, ["linked_name"])


def list_people(session: Session, *, unit_id: int | None = None, text: str = "",
                limit: int = 5000) -> list[PersonListRow]:
    """People of one unit (or all), found by name without accents; alphabetical as lists are."""
    names = dict(session.execute(select(Ethnicity.code, Ethnicity.name)).all())
    query = (select(Person.id, Person.full_name, Person.gender, Person.birth_year, Person.ethnicity,
                    Person.position, Unit.name, Person.unit_id)
             .outerjoin(Unit, Unit.id == Person.unit_id))
    if unit_id is not None:
        query = query.where(Person.unit_id == unit_id)
    if match_key(text):
        query = query.where(Person.match_key.like(f"%{match_key(text)}%"))
    rows = session.execute(query.limit(limit)).all()
    counts = dict(session.execute(select(Award.person_id, func.count()).where(
        Award.person_id.in_([r[0] for r in rows]), Award.revoked.is_(False)).group_by(Award.person_id)).all()) \
        if rows else {}
    out = [PersonListRow(pid, name, GENDERS.get(g or "", ""), year, names.get(eth or "", ""), position or "",
                         unit or "", uid, counts.get(pid, 0), fold(f"{name} {unit or ''} {position or ''}"))
           for pid, name, g, year, eth, position, unit, uid in rows]
    out.sort(key=lambda r: name_sort_key(r.name))
    return out


def ethnicity_choices(session: Session) -> list[tuple[str, str]]:
    """(code, name) of the 54 groups and "Người nước ngoài", in the catalogue's order."""
    return [(c, n) for c, n in session.execute(select(Ethnicity.code, Ethnicity.name)
                                                .order_by(Ethnicity.sort_order, Ethnicity.name))]
