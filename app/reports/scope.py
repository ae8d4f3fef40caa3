"""What a report covers: a range of years and, optionally, one unit, one bloc or one movement —
and the SQL pieces every figure shares (which unit an award belongs to, which rows are in).

An award belongs to the unit written on it (`Award.unit_id`), else to its person's unit: the
ledger's individual lines often carry only the person. A unit's report includes the units
merged into it, so a merged commune's history still counts under the commune it became.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, false, func, or_, select
from sqlalchemy.orm import Session

from app.dates import clock, year_end
from app.errors import NotFound, UserError
from db.models import Award, Bloc, BlocMember, Dossier, Movement, MovementUnit, Person, Unit

MIN_YEAR, MAX_YEAR = 1945, 2100
# Units at the grassroots (cơ sở): communes, townships and their villages.
GRASSROOTS_KINDS = ("commune", "ward", "special_zone", "township", "village")
# Titles that by their nature go to a village or a commune, even when the ledger line names
# the recipient only as text (Thôn, tổ dân phố văn hóa; Xã, phường, đặc khu tiêu biểu).
GRASSROOTS_TYPES = ("THON_VH", "XA_TIEU_BIEU")
# Groups of people whose share the office reports (not Kinh, not foreigners).
MAJORITY_ETHNICITIES = ("kinh", "nuoc_ngoai")


@dataclass(frozen=True)
class Scope:
    """A resolved report scope: the years, the units in it (None = all), the movement."""

    first_year: int
    last_year: int
    label: str
    unit_ids: frozenset[int] | None = None
    movement_id: int | None = None
    # The day the figures are counted to: no award decided after it is counted.
    as_of: dt.date | None = None

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)


def award_unit():
    """The unit an award counts for (SQL expression; the query must outer-join Person)."""
    return func.coalesce(Award.unit_id, Person.unit_id)


def award_conditions(scope: Scope, *, revoked: bool = False) -> list:
    """WHERE clauses of the awards in scope (joined with an outer join on Person)."""
    conds = [Award.year.between(scope.first_year, scope.last_year),
             Award.revoked.is_(True) if revoked else Award.revoked.is_not(True)]
    if scope.unit_ids is not None:
        conds.append(award_unit().in_(scope.unit_ids) if scope.unit_ids else false())
    if scope.movement_id is not None:
        conds.append(Award.movement_id == scope.movement_id)
    if scope.as_of is not None:
        conds.append(or_(Award.decision_date.is_(None), Award.decision_date <= scope.as_of))
    return conds


def figures_as_of(session: Session, year: int, today: dt.date | None = None) -> dt.date:
    """The day a year's award figures are counted to when the clerk names none: today while
    the year runs; for a year that has ended, its last day — or, when later, the signing day
    of the last decision on that year's achievements (a year's titles are mostly decided early
    the next year; a decision entered ahead of its date counts to that date). A report says
    this day ("số liệu tính đến ngày ...") and counts no decision signed after it."""
    now = today or clock()
    base = now if year >= now.year else year_end(year)
    last = session.scalar(select(func.max(Award.decision_date))
                          .where(Award.year == year, Award.revoked.is_not(True)))
    return max(base, last) if last else base


def dossier_conditions(scope: Scope) -> list:
    conds = [Dossier.year.between(scope.first_year, scope.last_year)]
    if scope.unit_ids is not None:
        conds.append(Dossier.unit_id.in_(scope.unit_ids) if scope.unit_ids else false())
    if scope.movement_id is not None:
        conds.append(Dossier.movement_id == scope.movement_id)
    return conds


def _with_merged(session: Session, unit_id: int) -> set[int]:
    """A unit and every unit merged into it, however many merges back."""
    merged: dict[int, list[int]] = {}
    for uid, into in session.execute(select(Unit.id, Unit.merged_into_id)
                                     .where(Unit.merged_into_id.is_not(None))):
        merged.setdefault(into, []).append(uid)
    found, todo = {unit_id}, [unit_id]
    while todo:
        for uid in merged.get(todo.pop(), []):
            if uid not in found:
                found.add(uid)
                todo.append(uid)
    return found


def resolve(session: Session, first_year: int, last_year: int | None = None, *,
            unit_id: int | None = None, bloc_id: int | None = None,
            movement_id: int | None = None, as_of: dt.date | None = None) -> Scope:
    """Check the years and the filters and turn them into a Scope (Vietnamese errors); the
    figures are counted to `as_of` (default: `figures_as_of` of the last year)."""
    last_year = first_year if last_year is None else last_year
    for year in (first_year, last_year):
        if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
            raise UserError(f"Năm không hợp lệ: {year} (phải từ {MIN_YEAR} đến {MAX_YEAR}).")
    if last_year < first_year:
        raise UserError(f"Khoảng năm không hợp lệ: từ {first_year} đến {last_year}.")
    labels: list[str] = []
    units: set[int] | None = None
    if unit_id is not None:
        unit = session.get(Unit, unit_id)
        if unit is None:
            raise NotFound(f"Không tìm thấy đơn vị số {unit_id}.")
        units = _with_merged(session, unit_id)
        labels.append(f"Đơn vị: {unit.name}")
    if bloc_id is not None:
        bloc = session.get(Bloc, bloc_id)
        if bloc is None:
            raise NotFound(f"Không tìm thấy khối thi đua số {bloc_id}.")
        members = set(session.scalars(select(BlocMember.unit_id).where(BlocMember.bloc_id == bloc_id)))
        units = members if units is None else units & members
        labels.append(f"Khối: {bloc.name} ({bloc.year})")
    if movement_id is not None:
        movement = session.get(Movement, movement_id)
        if movement is None:
            raise NotFound(f"Không tìm thấy phong trào số {movement_id}.")
        labels.append(f"Phong trào: {movement.name}")
    return Scope(first_year, last_year, "; ".join(labels) or "Tất cả đơn vị",
                 frozenset(units) if units is not None else None, movement_id,
                 as_of or figures_as_of(session, last_year))


def movement_units(session: Session, movement_id: int) -> set[int]:
    return set(session.scalars(select(MovementUnit.unit_id)
                               .where(MovementUnit.movement_id == movement_id)))


def person_join():
    """The outer join every award query uses to reach the person's unit and traits."""
    return and_(Person.id == Award.person_id)
