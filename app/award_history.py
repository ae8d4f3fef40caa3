"""Lịch sử khen thưởng của bất kỳ ai: every award of a person or a collective across the years,
found by name without accents — what `tdkt history` prints.

A person's history is their ledger lines; a collective's is its unit's and those of the units
merged into it (each line under the name it was given to); villages, households and anyone the
ledger names without a record (lines imported from an award book, decided before the record
existed) are grouped by name and place. Each line says its decision, kind and source: decided
in the program, imported from which file, or entered by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.matching import UnitIndex, merge_families
from app.text import contains_pattern, fold, match_key, name_sort_key
from db.models import Award, AwardType, Person, StoredFile

SOURCES = {"decision": "Quyết định trong chương trình", "history": "Nhập từ sổ khen thưởng",
           "manual": "Nhập tay", "correction": "Đính chính"}
CHUNK = 500


def source_text(source: str, file: str | None = None) -> str:
    """Where a ledger line came from, as the history screens say it."""
    text = SOURCES.get(source, source)
    return f"{text} ({file})" if file else text


@dataclass
class HistoryAward:
    """One award in someone's history."""

    year: int
    award: str
    category: str  # title / form / order
    kind: str  # regular / movement / sudden / service / long_service / foreign
    decision: str | None
    decision_date: dt.date | None
    authority: str
    revoked: bool
    recipient: str  # the name it was given to (a merged unit's old name)
    source: str  # decision / history / manual / correction
    source_file: str | None  # the award book it was imported from

    @property
    def source_text(self) -> str:
        return source_text(self.source, self.source_file)

    def as_dict(self) -> dict:
        return {"year": self.year, "award": self.award, "kind": self.kind, "decision": self.decision,
                "decision_date": self.decision_date.isoformat() if self.decision_date else None,
                "authority": self.authority or None, "category": self.category, "revoked": self.revoked,
                "recipient": self.recipient, "source": self.source, "source_file": self.source_file}


@dataclass
class Recipient:
    """A person or a collective, with every award found."""

    name: str
    subject: str  # individual / collective / household
    birth_year: int | None
    unit: str | None
    awards: list[HistoryAward] = field(default_factory=list)
    person_id: int | None = None
    unit_id: int | None = None

    def as_dict(self) -> dict:
        return {"name": self.name, "subject": self.subject, "birth_year": self.birth_year, "unit": self.unit,
                "awards": [a.as_dict() for a in self.awards]}


def _lines(session: Session, condition) -> list[tuple[Award, str, str, str | None]]:
    query = (select(Award, AwardType.name, AwardType.category, StoredFile.original_name)
             .join(AwardType, AwardType.id == Award.award_type_id)
             .outerjoin(StoredFile, StoredFile.id == Award.source_file_id).where(condition))
    return [tuple(row) for row in session.execute(query)]


def _award(a: Award, name: str, category: str, file: str | None) -> HistoryAward:
    return HistoryAward(a.year, name, category, a.kind, a.decision_number or None, a.decision_date, a.issuer,
                        a.revoked, a.recipient_name, a.source, file)


def _ordered(awards: list[HistoryAward]) -> list[HistoryAward]:
    return sorted(awards, key=lambda a: (a.year, a.decision_date or dt.date.max, a.award))


def search_history(session: Session, name: str, *, birth_year: int | None = None,
                   unit: str | None = None) -> list[Recipient]:
    """People and collectives whose name contains `name` (accents, case and spacing ignored),
    each with every award, in year order."""
    key = match_key(name)
    if not key:
        raise UserError("Hãy nhập tên (hoặc một phần tên) người hay tập thể cần tra.")
    units = UnitIndex(session)
    family = merge_families(units)
    scope = None
    if unit:
        ref = units.find(unit)
        if ref is None:
            raise UserError(f"Không có đơn vị “{unit}” trong danh mục đơn vị.")
        scope = set(family.get(ref.id, {ref.id}))
    found = _people(session, key, birth_year, scope, units)
    if birth_year is None:
        found += _collectives(session, key, scope, units, family)
        found += _named_only(session, key, scope, units, family)
    return [r for r in found if r.awards]


def _people(session: Session, key: str, birth_year: int | None, scope: set | None,
            units: UnitIndex) -> list[Recipient]:
    query = select(Person.id, Person.full_name, Person.birth_year, Person.unit_id).where(
        Person.match_key.like(f"%{key}%"))
    if birth_year is not None:
        query = query.where(Person.birth_year == birth_year)
    people = [p for p in session.execute(query) if scope is None or p[3] in scope]
    out = {pid: Recipient(full, "individual", by, units.get(uid).name if units.get(uid) else None,
                          person_id=pid) for pid, full, by, uid in people}
    ids = sorted(out)
    for start in range(0, len(ids), CHUNK):
        for a, award, category, file in _lines(session, Award.person_id.in_(ids[start:start + CHUNK])):
            out[a.person_id].awards.append(_award(a, award, category, file))
    for r in out.values():
        r.awards = _ordered(r.awards)
    return sorted(out.values(), key=lambda r: (name_sort_key(r.name), r.birth_year or 0))


def _collectives(session: Session, key: str, scope: set | None, units: UnitIndex,
                 family: dict[int, frozenset[int]]) -> list[Recipient]:
    out = []
    for ref in units.units.values():
        if ref.merged_into is not None:
            continue  # shown within the unit it became part of
        if key not in match_key(ref.name) and key not in match_key(ref.code):
            continue
        members = set(family.get(ref.id, {ref.id}))
        if scope is not None and not members & scope:
            continue
        r = Recipient(ref.name, "collective", None, ref.name, unit_id=ref.id)
        r.awards = _ordered([_award(a, n, c, f) for a, n, c, f in _lines(
            session, Award.unit_id.in_(sorted(members)) & (Award.subject == "collective"))])
        out.append(r)
    return out


def _named_only(session: Session, key: str, scope: set | None, units: UnitIndex,
                family: dict[int, frozenset[int]]) -> list[Recipient]:
    """Lines the ledger names without a person or unit record, grouped by name and place."""
    condition = Award.search_key.like(contains_pattern(fold(key)), escape="\\") & Award.person_id.is_(None) & or_(
        Award.subject != "collective", Award.unit_id.is_(None))
    groups: dict[tuple, Recipient] = {}
    root = {uid: min(members) for uid, members in family.items()}
    for a, award, category, file in _lines(session, condition):
        if key not in match_key(a.recipient_name):
            continue
        if scope is not None and a.unit_id not in scope:
            continue
        place = root.get(a.unit_id, a.unit_id)
        group = (a.subject, match_key(a.recipient_name), place if place is not None else fold(a.unit_text))
        if group not in groups:
            where = units.get(a.unit_id).name if units.get(a.unit_id) else (a.unit_text or None)
            groups[group] = Recipient(a.recipient_name, a.subject, None, where)
        groups[group].awards.append(_award(a, award, category, file))
    for r in groups.values():
        r.awards = _ordered(r.awards)
    return sorted(groups.values(), key=lambda r: name_sort_key(r.name))

