"""Hand-built histories for the dossier, eligibility, council and ledger tests.

`world` is a small keyword factory over one open session of the empty `db`: units, people,
ratings, initiatives, disciplines, ledger awards, dossiers and nominees, each in one call.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.text import fold, match_key
from db.models import (
    Award,
    AwardType,
    Bloc,
    BlocMember,
    Discipline,
    Dossier,
    Initiative,
    Investigation,
    Nominee,
    OfficeProfile,
    Person,
    PersonRating,
    Unit,
    UnitRating,
)


class World:
    def __init__(self, session):
        self.s = session
        self.types = {a.code: a for a in session.scalars(select(AwardType))}
        self._n = 0

    def _next(self) -> int:
        self._n += 1
        return self._n

    def office(self, **kw) -> OfficeProfile:
        """The district office of the plan (level huyện). Its decisions after 30/6/2025 are
        refused (no district authority since); `commune()` is the office after that."""
        fields = dict(office_name="Phòng Nội vụ", authority_name="Ủy ban nhân dân huyện Tam Đường",
                      authority_short="UBND", place_name="Tam Đường", signer_name="Sùng Lử Páo",
                      signer_title="CHỦ TỊCH", level="huyen")
        fields.update(kw)
        row = OfficeProfile(id=1, **fields)
        self.s.add(row)
        self.s.flush()
        return row

    def commune(self, **kw) -> OfficeProfile:
        """A commune's office after 1/7/2025: the district's powers passed to the commune
        chairman (Nghị định 129/2025/NĐ-CP)."""
        return self.office(**{**dict(office_name="Phòng Văn hóa - Xã hội",
                                     authority_name="Ủy ban nhân dân xã Bình Lư", place_name="Bình Lư",
                                     level="xa"), **kw})

    def unit(self, name: str = "Xã Bản Bo", **kw) -> Unit:
        unit = Unit(code=f"U{self._next()}", name=name, kind=kw.pop("kind", "xa"),
                    search_key=fold(name), **kw)
        self.s.add(unit)
        self.s.flush()
        return unit

    def person(self, name: str = "Nguyễn Văn An", unit: Unit | None = None, **kw) -> Person:
        person = Person(full_name=name, match_key=match_key(name), unit_id=unit.id if unit else None, **kw)
        self.s.add(person)
        self.s.flush()
        return person

    def rating(self, person: Person, year: int, rating: str) -> None:
        self.s.add(PersonRating(person_id=person.id, year=year, rating=rating))
        self.s.flush()

    def ratings(self, person: Person, years, rating: str = "HTXSNV") -> None:
        for year in years:
            self.rating(person, year, rating)

    def unit_rating(self, unit: Unit, year: int, rating: str, total=None, completed=None) -> None:
        self.s.add(UnitRating(unit_id=unit.id, year=year, rating=rating, members_total=total,
                              members_completed=completed))
        self.s.flush()

    def initiative(self, person: Person, year: int, scope: str = "co_so", title: str = "Sáng kiến",
                   decision: str = "auto") -> Initiative:
        """An initiative recognised by a decision (`decision=""`: only declared)."""
        row = Initiative(person_id=person.id, year=year, scope=scope, title=title,
                         decision_number=f"{self._next()}/QĐ-HĐSK" if decision == "auto" else decision)
        self.s.add(row)
        self.s.flush()
        return row

    def discipline(self, person: Person, level: str, start: dt.date, end: dt.date | None = None) -> Discipline:
        row = Discipline(person_id=person.id, level=level, decided_on=start, ends_on=end)
        self.s.add(row)
        self.s.flush()
        return row

    def investigation(self, person: Person, start: dt.date, end: dt.date | None = None) -> None:
        self.s.add(Investigation(person_id=person.id, started_on=start, ended_on=end))
        self.s.flush()

    def award(self, who, code: str, year: int, kind: str = "regular", decision: str = "",
              **kw) -> Award:
        """A ledger line for a person or a unit (collective)."""
        is_person = isinstance(who, Person)
        award = Award(subject="individual" if is_person else "collective",
                      person_id=who.id if is_person else None,
                      unit_id=kw.pop("unit_id", who.unit_id if is_person else who.id),
                      recipient_name=who.full_name if is_person else who.name,
                      award_type_id=self.types[code].id, year=year, kind=kind,
                      decision_number=decision or f"{self._next()}/QĐ-UBND",
                      decision_date=kw.pop("decision_date", dt.date(year, 12, 20)),
                      issuer=kw.pop("issuer", "UBND huyện Tam Đường"), **kw)
        self.s.add(award)
        self.s.flush()
        return award

    def awards(self, who, code: str, years, **kw) -> None:
        for year in years:
            self.award(who, code, year, **kw)

    def dossier(self, unit: Unit, year: int = 2025, status: str = "appraising",
                category: str = "regular", received: dt.date = dt.date(2025, 11, 20), **kw) -> Dossier:
        from app.dossiers import next_number

        number = kw.pop("number", None) or next_number(self.s, year)
        dossier = Dossier(year=year, number=number, unit_id=unit.id,
                          received_on=received, category=category, status=status, **kw)
        self.s.add(dossier)
        self.s.flush()
        return dossier

    def nominate(self, dossier: Dossier, who, code: str, **kw) -> Nominee:
        """A nominee: a Person, a Unit (collective), or a plain name (not matched)."""
        if isinstance(who, Person):
            fields = dict(subject="individual", person_id=who.id, unit_id=who.unit_id, name=who.full_name)
        elif isinstance(who, Unit):
            fields = dict(subject="collective", unit_id=who.id, name=who.name)
        else:
            fields = dict(subject=kw.pop("subject", "individual"), name=str(who))
        fields.update(kw)
        fields.setdefault("achievement", "Hoàn thành xuất sắc nhiệm vụ được giao")
        nominee = Nominee(dossier_id=dossier.id, seq=len(dossier.nominees) + 1,
                          award_type_id=self.types[code].id, **fields)
        self.s.add(nominee)
        self.s.flush()
        self.s.refresh(dossier)
        return nominee

    def bloc(self, name: str, year: int, units, leading=None, organiser: str = "office") -> Bloc:
        bloc = Bloc(year=year, name=name, organiser=organiser)
        self.s.add(bloc)
        self.s.flush()
        for unit in units:
            self.s.add(BlocMember(bloc_id=bloc.id, unit_id=unit.id, is_leading=unit is leading))
        self.s.flush()
        return bloc

    def check(self, nominee: Nominee, on: dt.date = dt.date(2025, 12, 1)):
        """The verdict of one nominee (its whole dossier is checked, as the program does)."""
        from app.rules import check_dossier

        verdicts = check_dossier(self.s, nominee.dossier_id, on=on)
        return next(v for v in verdicts if v.nominee_id == nominee.id)

    @staticmethod
    def codes(verdict) -> list[str]:
        return [r.code for r in verdict.reasons]

    @staticmethod
    def failed(verdict) -> list[str]:
        return [r.code for r in verdict.reasons if r.outcome == "fail"]


@pytest.fixture
def world(db):
    with db.session() as session:
        yield World(session)
