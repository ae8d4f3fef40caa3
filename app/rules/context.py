"""Everything the checks read about a batch of nominees, fetched up front in a few queries.

Eligibility for a year's thousands of nominees must not ask the database once per nominee per
rule: `load_history` reads the ledger, task ratings, initiatives, disciplines, investigations,
the year's other nominations, unit members' titles and bloc results for the whole batch (a
dozen queries, chunked IN lists), and the checks then work on plain dictionaries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.states import PENDING
from app.text import match_key
from db.models import (
    Award,
    AwardType,
    Bloc,
    BlocMember,
    Discipline,
    Dossier,
    Initiative,
    Investigation,
    Movement,
    Nominee,
    Person,
    PersonRating,
    Setting,
    Unit,
    UnitRating,
    UnitYear,
)

CHUNK = 900  # stays under SQLite's bound-parameter limit on old builds
# Dossier states whose nominees are still "proposed" (not decided, refused or withdrawn).
PENDING_STATUSES = PENDING
DROPPED_APPRAISALS = ("rejected", "withdrawn")


def chunks(values: Iterable, size: int = CHUNK) -> Iterator[list]:
    items = list(values)
    for start in range(0, len(items), size):
        yield items[start:start + size]


@dataclass(slots=True)
class LedgerEntry:
    """An award in the ledger as the checks see it (revoked and corrected ones left out)."""

    id: int
    code: str
    year: int
    kind: str
    subject: str
    person_id: int | None
    unit_id: int | None
    nominee_id: int | None
    decision: str
    decision_date: dt.date | None
    movement_id: int | None = None


@dataclass(slots=True)
class InitiativeFact:
    """An initiative or research work as the checks see it: counted only when recognised (a
    decision is recorded), and once however many years it is recorded in (`key`)."""

    id: int
    year: int
    scope: str
    kind: str
    title: str
    recognised: bool

    @property
    def key(self) -> str:
        return match_key(self.title)  # worked out only for the few a check counts


@dataclass(slots=True)
class Pending:
    """A nomination of the same years still in the office's hands."""

    id: int
    dossier_id: int
    dossier_number: str
    dossier_unit_id: int
    category: str
    year: int
    subject: str
    person_id: int | None
    unit_id: int | None
    who: tuple
    code: str
    rating: str
    movement_id: int | None = None
    verdict: str = ""  # as kept on the nominee (a fresh one replaces it within a batch)
    direct_worker: bool = False
    name: str = ""  # as typed, for the reasons that name members


@dataclass
class History:
    """The prefetched facts for one batch. Keys are ids; lists are unordered."""

    award_types: dict[int, AwardType] = field(default_factory=dict)
    codes: dict[int, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # award code → name, for the reasons
    person_awards: dict[int, list[LedgerEntry]] = field(default_factory=lambda: defaultdict(list))
    unit_awards: dict[int, list[LedgerEntry]] = field(default_factory=lambda: defaultdict(list))
    person_ratings: dict[tuple[int, int], str] = field(default_factory=dict)
    rating_ids: dict[tuple[str, int, int], int] = field(default_factory=dict)  # ("p"/"u", id, year) → row
    unit_ratings: dict[tuple[int, int], tuple[str, int | None, int | None]] = field(default_factory=dict)
    initiatives: dict[int, list[InitiativeFact]] = field(default_factory=lambda: defaultdict(list))
    # Keyed by ("p", person id) or ("u", unit id): (level, from, to, row id) and (from, to, row id, kind).
    disciplines: dict[tuple, list[tuple[str, dt.date, dt.date | None, int]]] = field(default_factory=lambda: defaultdict(list))
    investigations: dict[tuple, list[tuple[dt.date, dt.date | None, int, str]]] = field(default_factory=lambda: defaultdict(list))
    pending: list[Pending] = field(default_factory=list)
    pending_by_who: dict[tuple, list[Pending]] = field(default_factory=lambda: defaultdict(list))
    unit_sizes: dict[int, int | None] = field(default_factory=dict)
    # Members of a unit in a year, as its page records them (unit_years).
    unit_year_sizes: dict[tuple[int, int], int] = field(default_factory=dict)
    unit_names: dict[int, str] = field(default_factory=dict)
    # (unit, year, award code) → member key ("p", person) or ("n", name key) → "ledger" when the
    # title is decided, else the pending nomination (whose verdict decides whether it counts).
    member_titles: dict[tuple[int, int, str], dict] = field(default_factory=lambda: defaultdict(dict))
    member_disciplines: dict[int, list[tuple[str, dt.date, dt.date | None, int, int]]] = field(default_factory=lambda: defaultdict(list))
    # (unit, year) → (bloc id, bloc name, leading, organiser)
    blocs: dict[tuple[int, int], list[tuple[int, str, bool, str]]] = field(default_factory=lambda: defaultdict(list))
    movement_levels: dict[int, tuple[str, str]] = field(default_factory=dict)  # id → (level, name)
    # Verdicts worked out in this batch (nominee key → verdict), read by the collective checks.
    fresh: dict[int, str] = field(default_factory=dict)
    # (proposing unit, year, award code) → titles in the ledger, for the caps within a unit.
    bloc_members: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    # (unit, year) → collective award codes in the ledger, for the units of those blocs.
    bloc_unit_awards: dict[tuple[int, int], list[LedgerEntry]] = field(default_factory=lambda: defaultdict(list))
    unit_title_counts: dict[tuple[int, int, str], int] = field(default_factory=lambda: defaultdict(int))
    corrected: set[int] = field(default_factory=set)
    settings: dict = field(default_factory=dict)
    by_code: dict[str, AwardType] = field(default_factory=dict)
    # Unsaved nominees' identities (nominee_key → who_of), worked out once in _add_unsaved.
    unsaved_who: dict[int, tuple] = field(default_factory=dict)
    # (award type id, date) → the rule in force: a batch of thousands asks the same few.
    rules_in_force: dict[tuple[int, dt.date], object] = field(default_factory=dict)
    # (proposing unit, year, award code) → individuals pending in this batch; counted once per
    # batch (see pending_count), so the caps within a unit stay linear in the batch size.
    pending_counts: dict[tuple[int, int, str], int] | None = None
    pending_counted: int = -1

    def rule_of(self, code: str, on: dt.date):
        """The rule in force on a date of another award (the LĐTT standard a CSTĐCS needs)."""
        from app.catalog import rule_for

        award = self.by_code.get(code)
        if award is None:
            return None
        found = (award.id, on)
        if found not in self.rules_in_force:
            self.rules_in_force[found] = rule_for(award, on)
        return self.rules_in_force[found]

    def pending_count(self, unit: int, year: int, code: str) -> int:
        if self.pending_counts is None or self.pending_counted != len(self.pending):
            counts: dict[tuple[int, int, str], int] = defaultdict(int)
            for p in self.pending:
                if p.subject == "individual":
                    counts[(p.dossier_unit_id, p.year, p.code)] += 1
            self.pending_counts, self.pending_counted = counts, len(self.pending)
        return self.pending_counts.get((unit, year, code), 0)


def _rows(session: Session, statement):
    """Plain rows for a read: straight to the session's connection, without the ORM's result
    processing (a batch reads tens of thousands of rows)."""
    return session.connection().execute(statement)


def nominee_key(nominee) -> int:
    """A nomination's identity in a batch: its id, or (not saved yet: an import preview) a
    negative number of its own."""
    return nominee.id if nominee.id is not None else -id(nominee)


def who_of(person_id: int | None, subject: str, unit_id: int | None, name: str,
           name_key: str = "") -> tuple:
    """Who a nomination is for: the person's id, the collective's unit, else the typed name
    (`name_key`: its match_key when the caller has it already)."""
    if subject == "individual" and person_id:
        return ("p", person_id)
    if subject == "collective" and unit_id:
        return ("u", unit_id)
    return ("n", subject, name_key or match_key(name), unit_id)


def load_history(session: Session, nominees: list[Nominee]) -> History:
    h = History()
    for at in session.scalars(select(AwardType).options(selectinload(AwardType.rules))):
        h.award_types[at.id] = at
        h.codes[at.id] = at.code
        h.names[at.code] = at.name
        h.by_code[at.code] = at
    for key, value in _rows(session, select(Setting.key, Setting.value)
                                      .where(Setting.key.like("rules.%"))):
        h.settings[key] = value
    person_ids = {n.person_id for n in nominees if n.person_id and n.subject == "individual"}
    unit_ids = {n.unit_id for n in nominees if n.unit_id and n.subject == "collective"}
    years = {n.dossier.year for n in nominees}
    h.corrected = set(session.scalars(select(Award.corrects_id).where(Award.corrects_id.is_not(None))))
    _load_ledger(session, h, person_ids, unit_ids)
    _load_person_facts(session, h, person_ids)
    _load_unit_facts(session, h, unit_ids, years)
    _load_exclusions(session, h)
    _load_pending(session, h, years)
    _add_unsaved(h, nominees)
    _load_member_facts(session, h, unit_ids, years)
    _load_unit_counts(session, h, years)
    flag_units = unit_ids | {p.unit_id for p in h.pending if p.subject == "collective" and p.unit_id}
    _load_blocs(session, h, flag_units, years)
    movements = {n.dossier.movement_id for n in nominees if n.dossier.movement_id}
    for part in chunks(movements):
        for mid, level, name in _rows(session, select(Movement.id, Movement.level, Movement.name)
                                                .where(Movement.id.in_(part))):
            h.movement_levels[mid] = (level, name)
    return h


def _entries(session: Session, h: History, condition) -> Iterator[LedgerEntry]:
    query = (select(Award.id, Award.award_type_id, Award.year, Award.kind, Award.subject,
                    Award.person_id, Award.unit_id, Award.nominee_id, Award.decision_number,
                    Award.decision_date, Award.movement_id)
             .where(condition, Award.revoked.is_(False)))
    for row in _rows(session, query):
        if row[0] in h.corrected:  # a corrected entry is replaced by the one correcting it
            continue
        yield LedgerEntry(row[0], h.codes.get(row[1], ""), row[2], row[3], row[4], row[5], row[6],
                          row[7], row[8], row[9], row[10])


def _load_ledger(session: Session, h: History, person_ids: set, unit_ids: set) -> None:
    for part in chunks(person_ids):
        for e in _entries(session, h, Award.person_id.in_(part)):
            h.person_awards[e.person_id].append(e)
    for part in chunks(unit_ids):
        for e in _entries(session, h, Award.unit_id.in_(part) & (Award.subject == "collective")):
            h.unit_awards[e.unit_id].append(e)


def _load_person_facts(session: Session, h: History, person_ids: set) -> None:
    for part in chunks(person_ids):
        for rid, pid, year, rating in _rows(session,
                select(PersonRating.id, PersonRating.person_id, PersonRating.year, PersonRating.rating)
                .where(PersonRating.person_id.in_(part))):
            h.person_ratings[(pid, year)] = rating
            h.rating_ids[("p", pid, year)] = rid
        for iid, pid, year, scope, kind, title, decision in _rows(session,
                select(Initiative.id, Initiative.person_id, Initiative.year, Initiative.scope,
                       Initiative.kind, Initiative.title, Initiative.decision_number)
                .where(Initiative.person_id.in_(part))):
            h.initiatives[pid].append(InitiativeFact(iid, year, scope, kind, title,
                                                     bool((decision or "").strip())))


def _load_exclusions(session: Session, h: History) -> None:
    """Disciplines and investigations of people ("p") and collectives ("u"): few in any office,
    read whole in two queries."""
    for did, pid, uid, level, start, end in _rows(session, select(
            Discipline.id, Discipline.person_id, Discipline.unit_id, Discipline.level,
            Discipline.decided_on, Discipline.ends_on)):
        h.disciplines[("p", pid) if pid else ("u", uid)].append((level, start, end, did))
    for iid, pid, uid, start, end, kind in _rows(session, select(
            Investigation.id, Investigation.person_id, Investigation.unit_id, Investigation.started_on,
            Investigation.ended_on, Investigation.kind)):
        h.investigations[("p", pid) if pid else ("u", uid)].append((start, end, iid, kind))


def _load_unit_facts(session: Session, h: History, unit_ids: set, years: set) -> None:
    for part in chunks(unit_ids):
        for uid, name, size in _rows(session,
                select(Unit.id, Unit.name, Unit.member_count).where(Unit.id.in_(part))):
            h.unit_names[uid] = name
            h.unit_sizes[uid] = size
        for rid, uid, year, rating, total, done in _rows(session,
                select(UnitRating.id, UnitRating.unit_id, UnitRating.year, UnitRating.rating,
                       UnitRating.members_total, UnitRating.members_completed)
                .where(UnitRating.unit_id.in_(part))):
            h.unit_ratings[(uid, year)] = (rating or "", total, done)
            h.rating_ids[("u", uid, year)] = rid
        for uid, year, size in _rows(session,
                select(UnitYear.unit_id, UnitYear.year, UnitYear.member_count)
                .where(UnitYear.unit_id.in_(part), UnitYear.member_count.is_not(None))):
            h.unit_year_sizes[(uid, year)] = size


def _load_member_facts(session: Session, h: History, unit_ids: set, years: set) -> None:
    """Members' individual titles of the years (credited to the unit they were in then), and
    their disciplines, for the collective titles of the batch."""
    for part in chunks(unit_ids):
        for uid, pid, year, type_id, name in _rows(session,
                select(Award.unit_id, Award.person_id, Award.year, Award.award_type_id,
                       Award.recipient_name)
                .where(Award.unit_id.in_(part), Award.subject == "individual",
                       Award.year.in_(years), Award.revoked.is_(False))):
            h.member_titles[(uid, year, h.codes.get(type_id, ""))][member_key(pid, name)] = "ledger"
        for uid, pid, level, start, end, did in _rows(session,
                select(Person.unit_id, Discipline.person_id, Discipline.level,
                       Discipline.decided_on, Discipline.ends_on, Discipline.id)
                .join(Person, Person.id == Discipline.person_id).where(Person.unit_id.in_(part))):
            h.member_disciplines[uid].append((level, start, end, pid, did))
    # Ratings of members proposed in the round whose verdict is not kept yet (a proposal the
    # collective's share must not count when its own rating rules it out).
    wanted = {holder.person_id for (uid, _, _), titles in h.member_titles.items() if uid in unit_ids
              for holder in titles.values() if holder != "ledger" and holder.person_id and not holder.verdict}
    wanted -= {pid for pid, _ in h.person_ratings}
    for part in chunks(wanted):
        for pid, year, rating in _rows(session,
                select(PersonRating.person_id, PersonRating.year, PersonRating.rating)
                .where(PersonRating.person_id.in_(part), PersonRating.year.in_(years))):
            h.person_ratings.setdefault((pid, year), rating)


def member_key(person_id: int | None, name: str, name_key: str = "") -> tuple:
    """One member of a collective, however many of their titles are counted: the person, else
    the folded name (an unmatched LĐTT and CSTĐCS row of one name are one member; `name_key`:
    the folded name when the caller has it already)."""
    return ("p", person_id) if person_id else ("n", name_key or match_key(name))


def _add_member_title(h: History, p: Pending, name: str, name_key: str = "") -> None:
    if p.subject != "individual":
        return
    titles = h.member_titles[(p.unit_id or p.dossier_unit_id, p.year, p.code)]
    key = member_key(p.person_id, name, name_key)
    if titles.get(key) != "ledger":
        titles[key] = p


def _load_pending(session: Session, h: History, years: set) -> None:
    """Every live nomination of the batch's years (for duplicates, same-year titles, caps)."""
    query = (select(Nominee.id, Nominee.dossier_id, Dossier.number, Dossier.unit_id,
                    Dossier.category, Dossier.year, Nominee.subject, Nominee.person_id,
                    Nominee.unit_id, Nominee.name, Nominee.award_type_id, Nominee.rating,
                    Dossier.movement_id, Nominee.verdict, Nominee.is_direct_worker)
             .join(Dossier, Dossier.id == Nominee.dossier_id)
             .where(Dossier.year.in_(years), Dossier.status.in_(PENDING_STATUSES),
                    Nominee.appraisal.not_in(DROPPED_APPRAISALS)))
    for row in _rows(session, query):
        (nid, did, number, d_unit, category, year, subject, pid, uid, name, type_id,
         rating, movement_id, verdict, direct) = row
        p = Pending(nid, did, number, d_unit, category, year, subject, pid, uid,
                    who_of(pid, subject, uid, name), h.codes.get(type_id, ""), rating or "",
                    movement_id, verdict or "", bool(direct), name or "")
        h.pending.append(p)
        h.pending_by_who[p.who].append(p)
        _add_member_title(h, p, name)


def _load_unit_counts(session: Session, h: History, years: set) -> None:
    """Individual titles already in the ledger per unit and year (the caps' denominators)."""
    query = (select(Award.unit_id, Award.year, Award.award_type_id, func.count())
             .where(Award.year.in_(years), Award.subject == "individual",
                    Award.revoked.is_(False), Award.unit_id.is_not(None))
             .group_by(Award.unit_id, Award.year, Award.award_type_id))
    for uid, year, type_id, n in _rows(session, query):
        h.unit_title_counts[(uid, year, h.codes.get(type_id, ""))] += n


def _load_blocs(session: Session, h: History, unit_ids: set, years: set) -> None:
    """Blocs of the collectives (leading units, one flag per bloc) and their members' awards."""
    bloc_ids: set[int] = set()
    for part in chunks(unit_ids):
        for uid, year, bloc_id, bloc_name, leading, organiser in _rows(session,
                select(BlocMember.unit_id, Bloc.year, Bloc.id, Bloc.name, BlocMember.is_leading,
                       Bloc.organiser)
                .join(Bloc, Bloc.id == BlocMember.bloc_id)
                .where(BlocMember.unit_id.in_(part), Bloc.year.in_(years))):
            h.blocs[(uid, year)].append((bloc_id, bloc_name, bool(leading), organiser or "office"))
            bloc_ids.add(bloc_id)
    members: set[int] = set()
    for part in chunks(bloc_ids):
        for bloc_id, uid in _rows(session, select(BlocMember.bloc_id, BlocMember.unit_id)
                                            .where(BlocMember.bloc_id.in_(part))):
            h.bloc_members[bloc_id].add(uid)
            members.add(uid)
    for part in chunks(members):
        for e in _entries(session, h, Award.unit_id.in_(part) & (Award.subject == "collective")
                          & Award.year.in_(years)):
            h.bloc_unit_awards[(e.unit_id, e.year)].append(e)


def _add_unsaved(h: History, nominees: list) -> None:
    """Nominees not in the database yet (an import being previewed) are part of the round too:
    a CSTĐCS row sees the LĐTT row above it, and two identical rows are a duplicate."""
    for n in nominees:
        if n.id is not None:
            continue
        d = n.dossier
        key = nominee_key(n)
        who = h.unsaved_who[key] = who_of(n.person_id, n.subject, n.unit_id, n.name,
                                                   getattr(n, "name_key", ""))
        p = Pending(key, d.id, d.number, d.unit_id, d.category, d.year, n.subject,
                    n.person_id, n.unit_id, who, h.codes.get(n.award_type_id, ""), n.rating or "",
                    d.movement_id, "", bool(n.is_direct_worker), n.name or "")
        h.pending.append(p)
        h.pending_by_who[p.who].append(p)
        _add_member_title(h, p, n.name, getattr(n, "name_key", ""))
