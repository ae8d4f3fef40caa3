"""Đơn vị: the office's own list of units — adding, editing, retiring one, and its head and
number of members year by year.

An office starts from an empty data file and builds this list itself (the units tab, `tdkt unit
add|list|edit`, or a workbook: app/unit_import.py). Every kind a commune or a province has is
a unit (thôn, bản, tổ dân phố, schools, the health station, mass organisations, agencies,
enterprises), and each can be put in a bloc, owe a deadline, get a template and send a list.

A unit never disappears: one that stops working is retired (ngừng hoạt động, with the day),
one merged into another keeps its name under its successor (app/units.py); both stay for the
history of their awards. The head and the members are kept per year (`unit_years`), since the
collective titles count that year's members; the unit's own fields hold the latest values.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.catalog import unit_kinds
from app.errors import NotFound, UserError, ValidationError
from app.text import clean, fold, match_key
from app.unit_life import follow_unit
from db.models import Person, Unit, UnitYear

FIELD_LABELS = {
    "name": "Tên đơn vị",
    "kind": "Loại đơn vị",
    "short_name": "Tên viết tắt",
    "code": "Mã đơn vị",
    "parent_id": "Trực thuộc",
    "head_name": "Thủ trưởng",
    "member_count": "Số thành viên",
    "address": "Địa chỉ",
    "phone": "Điện thoại",
    "email": "Thư điện tử",
    "notes": "Ghi chú",
}
_CODE = re.compile(r"^[0-9A-Za-z._\-]{1,40}$")
MAX_MEMBERS = 1_000_000

# Words a name (or a kind cell) starts with → kind.
_KIND_WORDS = [
    (r"(ban quan ly|ban chi huy|ban dan toc|ban to chuc|ban tuyen giao|ban dan van)\b", None),
    (r"(thon|ban|to dan pho|tdp|xom|khu pho|khu dan cu|lang|buon|ap|phum|soc)\b", "village"),
    (r"(truong|mam non|tieu hoc|thcs|thpt|pt dtbt|pt dtnt|nha tre)\b", "school"),
    (r"(tram y te|trung tam y te|phong kham|benh vien|y te)\b", "health"),
    (r"(uy ban mat tran|ubmttq|mat tran|hoi|doan|cong doan|lien doan|cuu chien binh)\b", "mass_org"),
    (r"(cong ty|doanh nghiep|hop tac xa|htx|chi nhanh|ngan hang)\b", "enterprise"),
    (r"(ubnd xa|uy ban nhan dan xa|xa)\b", "commune"),
    (r"(ubnd phuong|uy ban nhan dan phuong|phuong)\b", "ward"),
    (r"(dac khu)\b", "special_zone"),
    (r"(thi tran)\b", "township"),
    (r"(trung tam|ban quan ly)\b", "public_service"),
    (r"(phong|so|ban|van phong|thanh tra|cong an|quan su)\b", "agency"),
]


@dataclass
class UnitData:
    """A unit as its dialog and `tdkt unit add|edit` give it (a plain copy, no session)."""

    name: str = ""
    kind: str = "village"
    short_name: str = ""
    code: str = ""  # empty: the program numbers it (DV001, DV002 ...)
    parent_id: int | None = None
    head_name: str = ""
    member_count: int | None = None
    address: str = ""
    phone: str = ""
    email: str = ""
    notes: str = ""


_FIELDS = [f.name for f in fields(UnitData)]


@dataclass(slots=True)
class UnitRow:
    """A line of the units list."""

    id: int
    code: str
    name: str
    kind: str  # its label: "Thôn, bản, tổ dân phố"
    kind_code: str
    parent: str
    head: str
    members: int | None
    people: int  # people on record in the unit
    address: str
    status: str  # "Đang hoạt động", "Sáp nhập vào … từ …", "Ngừng hoạt động từ …"
    active: bool
    sort_order: int
    search: str


def guess_kind(text: str) -> str | None:
    """The kind a unit's name (or a kind cell) says: `Thôn Nà Bó` → village."""
    key = match_key(text)
    if not key:
        return None
    kinds = unit_kinds()
    for code, name in kinds.items():
        if key in (code, match_key(name)):
            return code
    for pattern, code in _KIND_WORDS:
        if code is None and re.match(pattern, key + " "):
            key = "_" + key  # a body named "Ban …" that is no village: skip the village words
            continue
        if re.match(pattern, key.lstrip("_") + " ") and not (code == "village" and key.startswith("_")):
            return code
    return None


def kind_label(code: str) -> str:
    return unit_kinds().get(code, code)


def status_text(unit: Unit, merged_into: str = "") -> str:
    if unit.merged_into_id is not None:
        day = f" từ {unit.merged_on:%d/%m/%Y}" if unit.merged_on else ""
        return f"Sáp nhập vào {merged_into or 'đơn vị khác'}{day}"
    if not unit.active:
        return "Ngừng hoạt động" + (f" từ {unit.closed_on:%d/%m/%Y}" if unit.closed_on else "")
    return "Đang hoạt động"


def list_units(session: Session, *, include_inactive: bool = True, kind: str | None = None) -> list[UnitRow]:
    """Every unit of the office in its own order (retired and merged ones last)."""
    names = dict(session.execute(select(Unit.id, Unit.name)).all())
    people = dict(session.execute(select(Person.unit_id, func.count()).where(Person.unit_id.is_not(None))
                                  .group_by(Person.unit_id)).all())
    query = select(Unit)
    if not include_inactive:
        query = query.where(Unit.active.is_(True))
    if kind:
        query = query.where(Unit.kind == kind)
    rows = []
    for u in session.scalars(query):
        parent = names.get(u.parent_id, "") if u.parent_id else ""
        status = status_text(u, names.get(u.merged_into_id, ""))
        rows.append(UnitRow(u.id, u.code, u.name, kind_label(u.kind), u.kind, parent, u.head_name,
                            u.member_count, people.get(u.id, 0), u.address, status, bool(u.active),
                            u.sort_order, fold(" ".join([u.name, u.short_name, u.code, parent, u.head_name,
                                                         kind_label(u.kind)]))))
    rows.sort(key=lambda r: (not r.active, r.sort_order, fold(r.name)))
    return rows


def _unit(session: Session, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound("Không tìm thấy đơn vị.")
    return unit


def get_unit(session: Session, unit_id: int) -> UnitData:
    unit = _unit(session, unit_id)
    return UnitData(**{name: getattr(unit, name) for name in _FIELDS})


def _members(value: object, field: str = "member_count") -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).strip().replace(".", "").replace(",", "")) if not isinstance(value, int) else value
    except ValueError:
        raise ValidationError(f"«{FIELD_LABELS['member_count']}» phải là một số nguyên: «{value}».",
                              field=field) from None
    if not 0 <= number <= MAX_MEMBERS:
        raise ValidationError(f"«{FIELD_LABELS['member_count']}» phải từ 0 đến {MAX_MEMBERS:,}."
                              .replace(",", "."), field=field)
    return number


def validate_unit(session: Session, data: UnitData, unit_id: int | None = None) -> UnitData:
    """A cleaned copy, or ValidationError naming the first bad field (`.field`)."""
    values = {name: getattr(data, name) for name in _FIELDS}
    for name in ("name", "kind", "short_name", "code", "head_name", "address", "phone", "email", "notes"):
        values[name] = clean(values[name])
    if not values["name"]:
        raise ValidationError("Chưa nhập «Tên đơn vị».", field="name")
    if len(values["name"]) > 200:
        raise ValidationError("«Tên đơn vị» dài quá 200 ký tự.", field="name")
    if not match_key(values["name"]):  # "%", "_", "*": no name, and all alike to a search
        raise ValidationError(f"«Tên đơn vị» «{values['name']}» không có chữ hay số nào; hãy nhập tên thật.",
                              field="name")
    kinds = unit_kinds()
    if values["kind"] not in kinds:
        by_name = {fold(v): k for k, v in kinds.items()}
        values["kind"] = by_name.get(fold(values["kind"]), values["kind"])
    if values["kind"] not in kinds:
        raise ValidationError(f"Loại đơn vị «{values['kind'] or '(trống)'}» không có trong danh mục; chọn một "
                              f"trong: {', '.join(kinds.values())}.", field="kind")
    if values["code"] and not _CODE.match(values["code"]):
        raise ValidationError("«Mã đơn vị» chỉ gồm chữ không dấu, số, dấu chấm, gạch nối (tối đa 40 ký tự).",
                              field="code")
    values["member_count"] = _members(values["member_count"])
    for name, limit in (("short_name", 100), ("head_name", 100), ("address", 200), ("phone", 50), ("email", 100)):
        if len(values[name]) > limit:
            raise ValidationError(f"«{FIELD_LABELS[name]}» dài quá {limit} ký tự.", field=name)
    if values["parent_id"] is not None:
        parent = session.get(Unit, values["parent_id"])
        if parent is None:
            raise ValidationError("Đơn vị cấp trên không có trong danh sách.", field="parent_id")
        seen, up = {unit_id}, parent
        while up is not None:  # a unit cannot sit under itself, however far up
            if up.id in seen:
                raise ValidationError("Không thể đặt đơn vị trực thuộc chính nó.", field="parent_id")
            seen.add(up.id)
            up = session.get(Unit, up.parent_id) if up.parent_id else None
    same = session.scalars(select(Unit).where(Unit.active.is_(True))).all()
    for other in same:
        if other.id != unit_id and match_key(other.name) == match_key(values["name"]):
            raise ValidationError(f"Đã có đơn vị «{other.name}» (mã {other.code}).", field="name")
    if values["code"]:
        taken = session.scalar(select(Unit.id).where(func.lower(Unit.code) == values["code"].lower()))
        if taken is not None and taken != unit_id:
            raise ValidationError(f"Mã đơn vị «{values['code']}» đã dùng cho đơn vị khác.", field="code")
    return UnitData(**values)


def _next_code(session: Session) -> str:
    codes = set(session.scalars(select(Unit.code)))
    n = len(codes) + 1
    while f"DV{n:03d}" in codes:
        n += 1
    return f"DV{n:03d}"


def add_unit(session: Session, data: UnitData) -> Unit:
    """Thêm đơn vị: checked, numbered when no code is given, placed last in the office's order."""
    checked = validate_unit(session, data)
    last = session.scalar(select(func.max(Unit.sort_order))) or 0
    unit = Unit(code=checked.code or _next_code(session), name=checked.name, short_name=checked.short_name,
                kind=checked.kind, parent_id=checked.parent_id, head_name=checked.head_name,
                member_count=checked.member_count, address=checked.address, phone=checked.phone,
                email=checked.email, notes=checked.notes, search_key=fold(checked.name),
                sort_order=last + 10, active=True)
    session.add(unit)
    session.flush()
    return unit


def edit_unit(session: Session, unit_id: int, data: UnitData) -> Unit:
    """Sửa đơn vị: every field; the code stays when left empty."""
    unit = _unit(session, unit_id)
    checked = validate_unit(session, data, unit_id)
    for name in _FIELDS:
        value = getattr(checked, name)
        if name == "code" and not value:
            continue
        setattr(unit, name, value)
    unit.search_key = fold(unit.name)
    session.flush()
    return unit


@dataclass
class Retirement:
    """A unit retired: its name, the date, and what followed (blocs of later years, open dossiers)."""

    name: str
    on: dt.date
    notes: list[str]


def retire_unit(session: Session, unit_id: int, on: dt.date, reason: str = "") -> Retirement:
    """Ngừng hoạt động: the unit leaves the lists of the years after `on` (the blocs of those
    years too) and keeps its history. Its people stay on record under it (the clerk moves those
    who went elsewhere); its dossiers still open are named, to be processed on."""
    unit = _unit(session, unit_id)
    if unit.merged_into_id is not None:
        raise UserError(f"{unit.name} đã sáp nhập vào đơn vị khác.")
    if not unit.active:
        raise UserError(f"{unit.name} đã ngừng hoạt động.")
    if not isinstance(on, dt.date):
        raise ValidationError("Chưa nhập ngày ngừng hoạt động.", field="closed_on")
    session.info["audit_note"] = f"Ngừng hoạt động từ {on:%d/%m/%Y}" + (f": {clean(reason)}" if clean(reason) else "")
    try:
        unit.active, unit.closed_on = False, on
        session.flush()
        notes = follow_unit(session, unit, None, on)
    finally:
        session.info.pop("audit_note", None)
    return Retirement(unit.name, on, notes)


def reopen_unit(session: Session, unit_id: int) -> Unit:
    """Hoạt động trở lại: a retired unit (never a merged one) comes back to the lists."""
    unit = _unit(session, unit_id)
    if unit.merged_into_id is not None:
        raise UserError(f"{unit.name} đã sáp nhập vào đơn vị khác; không thể hoạt động trở lại.")
    for other in session.scalars(select(Unit).where(Unit.active.is_(True), Unit.id != unit.id)):
        if match_key(other.name) == match_key(unit.name):
            raise UserError(f"Đang có đơn vị cùng tên «{other.name}» (mã {other.code}).")
    unit.active, unit.closed_on = True, None
    session.flush()
    return unit


def reorder_units(session: Session, unit_ids: list[int]) -> None:
    """The office's own order (lists, templates, reports), as the clerk arranged it."""
    for i, unit_id in enumerate(unit_ids, start=1):
        _unit(session, unit_id).sort_order = i * 10
    session.flush()


# --- head and members, year by year ------------------------------------------------------------

@dataclass(slots=True)
class UnitYearRow:
    year: int
    head_name: str
    head_title: str
    member_count: int | None
    female_count: int | None
    notes: str
    search: str = ""


def unit_years(session: Session, unit_id: int) -> list[UnitYearRow]:
    """The unit's head and members of each year recorded, newest first."""
    _unit(session, unit_id)
    return [UnitYearRow(r.year, r.head_name, r.head_title, r.member_count, r.female_count, r.notes,
                        fold(f"{r.year} {r.head_name} {r.head_title} {r.notes}"))
            for r in session.scalars(select(UnitYear).where(UnitYear.unit_id == unit_id)
                                     .order_by(UnitYear.year.desc()))]


def set_unit_year(session: Session, unit_id: int, year: int, *, head_name: str = "", head_title: str = "",
                  member_count: object = None, female_count: object = None, notes: str = "") -> UnitYear:
    """Record (or correct) the unit's head and members of one year. The latest year's values
    also become the unit's own (what templates and lists show)."""
    unit = _unit(session, unit_id)
    if not isinstance(year, int) or not 1945 <= year <= 2100:
        raise ValidationError("Năm phải từ 1945 đến 2100.", field="year")
    members = _members(member_count)
    women = _members(female_count, "female_count")
    if women is not None and members is not None and women > members:
        raise ValidationError(f"Số nữ ({women}) nhiều hơn số thành viên ({members}).", field="female_count")
    row = session.scalar(select(UnitYear).where(UnitYear.unit_id == unit_id, UnitYear.year == year))
    if row is None:
        row = UnitYear(unit_id=unit_id, year=year)
        session.add(row)
    row.head_name, row.head_title = clean(head_name), clean(head_title)
    row.member_count, row.female_count, row.notes = members, women, clean(notes)
    session.flush()
    latest = session.scalar(select(func.max(UnitYear.year)).where(UnitYear.unit_id == unit_id))
    if latest == year:
        if row.head_name:
            unit.head_name = row.head_name
        if members is not None:
            unit.member_count = members
        if members and women is not None:
            unit.female_share = round(100 * women / members)
        session.flush()
    return row


def members_of_year(session: Session, unit_id: int, year: int) -> int | None:
    """The unit's members in a year: that year's record, else the unit's own count."""
    count = session.scalar(select(UnitYear.member_count).where(UnitYear.unit_id == unit_id,
                                                               UnitYear.year == year))
    return count if count is not None else session.scalar(select(Unit.member_count).where(Unit.id == unit_id))


def find_unit(session: Session, text: str | int) -> Unit:
    """A unit named on the command line: its code, its id, or its name (accents optional)."""
    from app.matching import UnitIndex

    ref, message = UnitIndex(session).named(clean(str(text)))
    if ref is None:
        raise NotFound(message)
    return session.get(Unit, ref.id)
