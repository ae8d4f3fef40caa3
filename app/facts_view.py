"""Hồ sơ cá nhân, hồ sơ đơn vị as read back: a person's (or a collective's) facts by year —
ratings with who rated, discipline, investigations, initiatives — and awards. What the facts
sections of the person and unit pages show and what `tdkt person show` prints.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.award_history import HistoryAward, _award, _lines, _ordered
from app.catalog import RATINGS
from app.errors import NotFound, UserError
from app.facts import INITIATIVE_KINDS, INVESTIGATION_KINDS
from app.matching import UnitIndex
from app.rules.base import DISCIPLINE_NAMES, SCOPE_NAMES
from app.text import match_key, name_sort_key
from db.models import (
    Award,
    Discipline,
    Initiative,
    Investigation,
    Person,
    PersonRating,
    Unit,
    UnitRating,
)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass
class RatingFact:
    id: int
    year: int
    rating: str
    rated_by: str
    source: str = ""
    members_total: int | None = None
    members_completed: int | None = None

    def as_dict(self) -> dict:
        out = {"id": self.id, "year": self.year, "rating": self.rating or None,
               "rating_name": RATINGS.get(self.rating), "rated_by": self.rated_by or None}
        if self.source:
            out["source"] = self.source
        if self.members_total is not None or self.members_completed is not None:
            out.update(members_total=self.members_total, members_completed=self.members_completed)
        return out


@dataclass
class DisciplineFact:
    id: int
    level: str
    decided_on: dt.date
    ends_on: dt.date | None
    decision: str
    reason: str

    @property
    def level_name(self) -> str:
        return DISCIPLINE_NAMES.get(self.level, self.level)

    def as_dict(self) -> dict:
        return {"id": self.id, "level": self.level, "level_name": self.level_name,
                "from": _iso(self.decided_on), "to": _iso(self.ends_on), "decision": self.decision or None,
                "reason": self.reason or None}


@dataclass
class InvestigationFact:
    id: int
    kind: str
    started_on: dt.date
    ended_on: dt.date | None
    note: str
    closed_note: str

    @property
    def kind_name(self) -> str:
        return INVESTIGATION_KINDS.get(self.kind, self.kind)

    def open_on(self, day: dt.date) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)

    def as_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "kind_name": self.kind_name, "from": _iso(self.started_on),
                "to": _iso(self.ended_on), "open": self.ended_on is None, "note": self.note or None,
                "closed_note": self.closed_note or None}


@dataclass
class InitiativeFact:
    id: int
    title: str
    kind: str
    scope: str
    year: int
    recognised_by: str
    decision_number: str
    decision_date: dt.date | None
    years_applied: str

    @property
    def recognised(self) -> bool:
        return bool(self.decision_number)

    def as_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "kind": self.kind, "kind_name": INITIATIVE_KINDS.get(self.kind),
                "scope": self.scope, "scope_name": SCOPE_NAMES.get(self.scope), "year": self.year,
                "recognised_by": self.recognised_by or None, "decision_number": self.decision_number or None,
                "decision_date": _iso(self.decision_date), "years_applied": self.years_applied or None,
                "recognised": self.recognised}


@dataclass
class Record:
    """One person's or collective's record."""

    id: int
    subject: str  # individual / collective
    name: str
    birth_year: int | None = None
    unit: str | None = None
    position: str = ""
    is_direct_worker: bool = False
    ratings: list[RatingFact] = field(default_factory=list)
    disciplines: list[DisciplineFact] = field(default_factory=list)
    investigations: list[InvestigationFact] = field(default_factory=list)
    initiatives: list[InitiativeFact] = field(default_factory=list)
    awards: list[HistoryAward] = field(default_factory=list)

    def years(self) -> list[int]:
        found = {r.year for r in self.ratings} | {i.year for i in self.initiatives} | {a.year for a in self.awards}
        found |= {d.decided_on.year for d in self.disciplines} | {i.started_on.year for i in self.investigations}
        return sorted(found, reverse=True)

    def as_dict(self) -> dict:
        return {"id": self.id, "subject": self.subject, "name": self.name, "birth_year": self.birth_year,
                "unit": self.unit, "position": self.position or None, "is_direct_worker": self.is_direct_worker,
                "ratings": [r.as_dict() for r in self.ratings],
                "disciplines": [d.as_dict() for d in self.disciplines],
                "investigations": [i.as_dict() for i in self.investigations],
                "initiatives": [i.as_dict() for i in self.initiatives],
                "awards": [a.as_dict() for a in self.awards]}


def _exclusions(session: Session, record: Record, d_cond, i_cond) -> None:
    record.disciplines = [DisciplineFact(d.id, d.level, d.decided_on, d.ends_on, d.decision, d.reason)
                          for d in session.scalars(select(Discipline).where(d_cond)
                                                   .order_by(Discipline.decided_on.desc()))]
    record.investigations = [InvestigationFact(i.id, i.kind, i.started_on, i.ended_on, i.note, i.closed_note)
                             for i in session.scalars(select(Investigation).where(i_cond)
                                                      .order_by(Investigation.started_on.desc()))]


def person_record(session: Session, person_id: int) -> Record:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound("Không tìm thấy cá nhân.")
    unit = session.get(Unit, person.unit_id) if person.unit_id else None
    record = Record(person.id, "individual", person.full_name, person.birth_year, unit.name if unit else None,
                    person.position, bool(person.is_direct_worker))
    record.ratings = [RatingFact(r.id, r.year, r.rating, r.rated_by, r.source)
                      for r in session.scalars(select(PersonRating).where(PersonRating.person_id == person_id)
                                               .order_by(PersonRating.year.desc()))]
    _exclusions(session, record, Discipline.person_id == person_id, Investigation.person_id == person_id)
    record.initiatives = [
        InitiativeFact(i.id, i.title, i.kind, i.scope, i.year, i.recognised_by, i.decision_number,
                       i.decision_date, i.years_applied)
        for i in session.scalars(select(Initiative).where(Initiative.person_id == person_id)
                                 .order_by(Initiative.year.desc(), Initiative.id))]
    record.awards = _ordered([_award(*row) for row in _lines(
        session, (Award.person_id == person_id) & (Award.subject == "individual"))])
    return record


def unit_record(session: Session, unit_id: int) -> Record:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound("Không tìm thấy đơn vị.")
    record = Record(unit.id, "collective", unit.name)
    record.ratings = [RatingFact(r.id, r.year, r.rating, r.rated_by, "", r.members_total, r.members_completed)
                      for r in session.scalars(select(UnitRating).where(UnitRating.unit_id == unit_id)
                                               .order_by(UnitRating.year.desc()))]
    _exclusions(session, record, Discipline.unit_id == unit_id, Investigation.unit_id == unit_id)
    record.awards = _ordered([_award(*row) for row in _lines(
        session, (Award.unit_id == unit_id) & (Award.subject == "collective"))])
    return record


def find_people(session: Session, name: str, *, birth_year: int | None = None,
                unit: str | None = None) -> list[Record]:
    """Everyone whose name contains `name` (accents ignored), narrowed by birth year and unit."""
    key = match_key(name)
    if not key:
        raise UserError("Hãy nhập tên (hoặc một phần tên) của cá nhân cần xem.")
    query = select(Person.id, Person.full_name, Person.birth_year).where(Person.match_key.like(f"%{key}%"))
    if birth_year is not None:
        query = query.where(Person.birth_year == birth_year)
    if unit:
        ref = UnitIndex(session).find(unit)
        if ref is None:
            raise UserError(f"Không có đơn vị “{unit}” trong danh mục đơn vị.")
        query = query.where(Person.unit_id == ref.id)
    rows = sorted(session.execute(query.limit(200)), key=lambda r: (name_sort_key(r[1]), r[2] or 0))
    return [person_record(session, pid) for pid, _, _ in rows]
