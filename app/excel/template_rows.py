"""Dòng điền sẵn của biểu mẫu: what the office already knows, written into a unit's template.

- Award proposal: the people and collectives the unit registered for the year, with the title
  they registered for, birth year, gender, ethnicity, position and workplace as the program
  has them.
- Registration: last year's registrations of the unit (people with birth year, gender and
  ethnicity) as a start; with none, the unit itself as the first collective line; then the
  unit's other known people (birth year, gender, ethnicity, position), the title to choose.
- Self-scoring: the bloc's criteria in the order of their tree (each group followed by its
  own criteria, whatever order they were typed or moved in), with their maximum points.
- Report: the figures asked for, with their units of measure.
- Rating list: the unit's people (name, birth year, position, a direct worker marked), for the
  unit to rate.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.bloc_criteria import CriterionRow, criteria_tree
from app.errors import UserError
from app.states import SUBJECTS
from app.text import match_key, name_sort_key
from db.models import AwardType, Bloc, BlocMember, Ethnicity, Person, Registration, Unit

GENDERS = {"M": "Nam", "F": "Nữ"}
REPORT_FIGURES = [
    ("Số phong trào thi đua đã phát động", "phong trào"),
    ("Số tập thể được khen thưởng", "tập thể"),
    ("Số cá nhân được khen thưởng", "người"),
    ("Trong đó: người lao động trực tiếp", "người"),
    ("Số Lao động tiên tiến", "người"),
    ("Số Chiến sĩ thi đua cơ sở", "người"),
    ("Số sáng kiến được công nhận", "sáng kiến"),
    ("Số điển hình tiên tiến được biểu dương", "điển hình"),
    ("Tổng số tiền thưởng đã chi", "đồng"),
]


@dataclass
class Line:
    """One pre-filled table row: its values, and how it looks."""

    values: list[object]
    bold: bool = False
    indent: int = 0
    formats: dict[int, str] = field(default_factory=dict)  # column (1-based) → number format
    criterion: CriterionRow | None = None


def bloc_of(session: Session, unit_id: int, year: int) -> Bloc:
    bloc = session.scalar(select(Bloc).join(BlocMember, BlocMember.bloc_id == Bloc.id)
                          .where(BlocMember.unit_id == unit_id, Bloc.year == year).order_by(Bloc.id).limit(1))
    if bloc is None:
        unit = session.get(Unit, unit_id)
        raise UserError(f"{unit.name if unit else 'Đơn vị'} chưa thuộc khối thi đua nào năm {year}; "
                        "không lập được bảng tự chấm điểm.")
    return bloc


def prefill(session: Session, kind: str, year: int, unit: Unit, bloc: Bloc | None) -> list[Line]:
    if kind == "bloc_scores":
        return _criteria(session, bloc)
    if kind == "report":
        return [Line([i, label, measure, None, None]) for i, (label, measure) in enumerate(REPORT_FIGURES, start=1)]
    if kind == "award_proposal":
        return _registered(session, unit, year)
    if kind == "registration":
        return _last_year(session, unit, year)
    if kind == "ratings":
        return _people(session, unit)
    return []


def _people(session: Session, unit: Unit) -> list[Line]:
    people = sorted(session.scalars(select(Person).where(Person.unit_id == unit.id)),
                    key=lambda p: name_sort_key(p.full_name))
    return [Line([n, p.full_name, p.birth_year, p.position or None, None, None, "x" if p.is_direct_worker else None,
                  None, None, None, None, None, None, None, None]) for n, p in enumerate(people, start=1)]


def _criteria(session: Session, bloc: Bloc) -> list[Line]:
    lines = []
    tree = criteria_tree(session, bloc.id)
    if not tree:
        raise UserError(f"Khối “{bloc.name}” năm {bloc.year} chưa có tiêu chí chấm điểm: hãy thêm nhóm, tiêu chí "
                        "cho khối trước (Khối → Mở khối → Thêm nhóm, tiêu chí), rồi lập bảng tự chấm điểm.")
    numbers = tree_numbers(tree)
    for c in tree:
        top = float(c.max_points) if (c.max_points or not c.is_group) else None
        lines.append(Line([c.code or numbers[c.id], c.title, top, None, None, c.id], bold=c.is_group,
                          indent=c.depth, criterion=c))
    return lines


ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")


def tree_numbers(tree) -> dict[int, str]:
    """The number each criterion prints with when the office left «Số thứ tự» blank, from its
    place in the tree: groups I, II …; their criteria 1.1, 1.2 … (or 1, 2 … when the group's
    other criteria are numbered so); below that 1.1.1 … under their parent's number."""
    numbers: dict[int, str] = {}
    count: dict[int | None, int] = {}
    top_index: dict[int, int] = {}
    by_id = {c.id: c for c in tree}
    for c in tree:  # (the tree comes in print order, parents first)
        n = count[c.parent_id] = count.get(c.parent_id, 0) + 1
        if c.parent_id is None:
            numbers[c.id] = ROMAN[n - 1] if n <= len(ROMAN) else str(n)
            top_index[c.id] = n
            continue
        parent = by_id.get(c.parent_id)
        if parent is not None and parent.parent_id is None:
            dotted = any("." in x.code for x in tree if x.parent_id == c.parent_id and x.code)
            plain = any(x.code and "." not in x.code for x in tree if x.parent_id == c.parent_id)
            numbers[c.id] = str(n) if plain and not dotted else f"{top_index[parent.id]}.{n}"
        else:
            numbers[c.id] = f"{(parent.code if parent and parent.code else numbers.get(c.parent_id, ''))}.{n}"
    return numbers


def _people_query(unit: Unit, year: int):
    eth = aliased(Ethnicity)
    return (select(Registration, Person, eth.name, AwardType.name, AwardType.category)
            .outerjoin(Person, Person.id == Registration.person_id)
            .outerjoin(eth, eth.code == Person.ethnicity)
            .outerjoin(AwardType, AwardType.code == Registration.award_code)
            .where(Registration.unit_id == unit.id, Registration.year == year)
            .order_by(Registration.id))


def _person_cells(reg: Registration, person: Person | None, eth_name: str | None) -> list[object]:
    """Birth year, gender, ethnicity as the program knows them (blank when it does not)."""
    if person is None or reg.subject != "individual":
        return [None, None, None]
    return [person.birth_year or (person.birth_date.year if person.birth_date else None),
            GENDERS.get(person.gender or ""), eth_name]


def _registered(session: Session, unit: Unit, year: int) -> list[Line]:
    units = {u.id: u.name for u in session.scalars(select(Unit))}
    lines = []
    for reg, person, eth_name, award, _category in session.execute(
            _people_query(unit, year).where(Registration.award_code != "")):
        individual = reg.subject == "individual"
        workplace = units.get(person.unit_id) if individual and person is not None and person.unit_id else None
        lines.append(Line([len(lines) + 1, reg.name, SUBJECTS.get(reg.subject, reg.subject),
                           *_person_cells(reg, person, eth_name),
                           person.position if individual and person is not None else None,
                           workplace or (unit.name if individual else None), award or "",
                           None, None, None, "x" if individual and person is not None and person.is_direct_worker
                           else None]))
    return lines


def _last_year(session: Session, unit: Unit, year: int) -> list[Line]:
    lines = []
    for reg, person, eth_name, award, category in session.execute(_people_query(unit, year - 1)):
        individual = reg.subject == "individual"
        award = award if category == "title" else None  # registered titles only
        lines.append(Line([len(lines) + 1, reg.name, SUBJECTS.get(reg.subject, reg.subject),
                           *_person_cells(reg, person, eth_name),
                           person.position if individual and person is not None else None,
                           award or None, "x" if reg.is_exemplar else None, None]))
    if not lines:
        lines.append(Line([1, unit.name, SUBJECTS["collective"], None, None, None, None, None, None, None]))
    # the unit's other known people after last year's lines, as the award and ratings forms
    # list them: name, birth year, gender, ethnicity and position typed once, the title to choose
    listed = {match_key(reg.name) for reg, *_ in session.execute(_people_query(unit, year - 1))}
    eth = dict(session.execute(select(Ethnicity.code, Ethnicity.name)).all())
    people = sorted(session.scalars(select(Person).where(Person.unit_id == unit.id)),
                    key=lambda p: name_sort_key(p.full_name))
    for p in people:
        if match_key(p.full_name) in listed:
            continue
        lines.append(Line([len(lines) + 1, p.full_name, SUBJECTS["individual"],
                           p.birth_year or (p.birth_date.year if p.birth_date else None),
                           GENDERS.get(p.gender or ""), eth.get(p.ethnicity or ""), p.position or None,
                           None, None, None]))
    return lines
