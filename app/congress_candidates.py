"""Who the Emulation Congress can choose from: people and collectives with achievements in the
congress's five-year period — awards in the ledger (revoked and corrected entries left out)
and exemplars in the register (sổ điển hình tiên tiến) — with the groups each counts in and a
summary of what they achieved, strongest first. `choose` turns candidates into the
congress's delegates or honours.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.congress import GROUPS, _congress, _next_seq
from app.errors import UserError, ValidationError
from app.text import fold, sort_key
from app.users import require
from db.models import Award, AwardType, CongressEntry, Ethnicity, Person, Registration, Unit

# Units whose people count as grassroots (cơ sở): communes, villages, schools, enterprises.
GRASSROOTS_KINDS = frozenset({"commune", "ward", "special_zone", "township", "village", "school",
                              "health", "enterprise"})
MAJORITY = "kinh"


@dataclass
class Candidate:
    key: str  # "p12" person, "u5" unit (collective), "r40" an exemplar not otherwise known
    subject: str  # individual / collective
    name: str
    position: str
    unit: str
    person_id: int | None = None
    unit_id: int | None = None
    registration_id: int | None = None
    birth_year: int | None = None
    ethnicity: str = ""
    female: bool = False
    minority: bool = False
    direct_worker: bool = False
    grassroots: bool = False
    awards: list[tuple[int, str, int]] = field(default_factory=list)  # (year, award name, rank)
    models: list[str] = field(default_factory=list)  # exemplar models built
    chosen_as: str = ""  # "Đại biểu", "Tôn vinh" once on the congress's lists

    @property
    def weight(self) -> int:
        """For the order shown: the highest awards first, then how many."""
        return sum(rank for _y, _n, rank in self.awards) + 15 * len(self.models)

    @property
    def awards_text(self) -> str:
        by_name: dict[str, list[int]] = defaultdict(list)
        for year, name, _rank in sorted(self.awards, key=lambda a: (-a[2], a[0])):
            by_name[name].append(year)
        def years_text(years: list[int]) -> str:  # 2025 twice reads "2025 (2 lần)", not "2025, 2025"
            return ", ".join(f"{y} ({years.count(y)} lần)" if years.count(y) > 1 else str(y)
                             for y in sorted(set(years)))

        return "; ".join(f"{name} ({years_text(years)})" for name, years in by_name.items())

    @property
    def achievement(self) -> str:
        parts = [self.awards_text] if self.awards else []
        parts += [f"Điển hình tiên tiến: {m}" for m in self.models]
        return "; ".join(parts)

    @property
    def groups_text(self) -> str:
        return ", ".join(label.split(" (")[0] for g, label in GROUPS.items() if getattr(self, g))

    @property
    def search(self) -> str:
        return fold(" ".join([self.name, self.position, self.unit, self.ethnicity, self.achievement]))


def candidates(session: Session, congress_id: int) -> list[Candidate]:
    """Everyone with an achievement in the congress's period, strongest first. Only what was
    decided by the congress's day counts: a list dated 20/05/2025 cites no award of December."""
    c = _congress(session, congress_id)
    units = {u.id: u for u in session.scalars(select(Unit))}
    ethnic = dict(session.execute(select(Ethnicity.code, Ethnicity.name)).all())
    found: dict[str, Candidate] = {}

    def person_candidate(p: Person) -> Candidate:
        key = f"p{p.id}"
        if key not in found:
            unit = units.get(p.unit_id)
            found[key] = Candidate(
                key, "individual", p.full_name, p.position, unit.name if unit else "", person_id=p.id,
                unit_id=p.unit_id, birth_year=p.birth_year, ethnicity=ethnic.get(p.ethnicity, ""),
                female=p.gender == "F", minority=bool(p.ethnicity) and p.ethnicity != MAJORITY,
                direct_worker=p.is_direct_worker, grassroots=bool(unit and unit.kind in GRASSROOTS_KINDS))
        return found[key]

    def unit_candidate(unit: Unit, name: str, key: str) -> Candidate:
        if key not in found:
            found[key] = Candidate(key, "collective", name, "", unit.name if fold(name) != fold(unit.name) else "",
                                   unit_id=unit.id, grassroots=unit.kind in GRASSROOTS_KINDS)
        return found[key]

    corrected = set(session.scalars(select(Award.corrects_id).where(Award.corrects_id.is_not(None))))
    people = {}
    rows = session.execute(
        select(Award, AwardType.name, AwardType.rank)
        .join(AwardType, AwardType.id == Award.award_type_id)
        .where(Award.year.between(c.period_from, c.period_to), Award.revoked.is_(False),
               Award.subject.in_(("individual", "collective")),
               *([Award.decision_date.is_(None) | (Award.decision_date <= c.held_on)] if c.held_on else [])))
    awards = [(a, name, rank) for a, name, rank in rows if a.id not in corrected]
    person_ids = {a.person_id for a, _n, _r in awards if a.person_id}
    for part in _chunks(sorted(person_ids)):
        people.update({p.id: p for p in session.scalars(select(Person).where(Person.id.in_(part)))})
    for a, name, rank in awards:
        if a.subject == "individual" and a.person_id in people:
            person_candidate(people[a.person_id]).awards.append((a.year, name, rank))
        elif a.subject == "collective" and a.unit_id in units:
            unit = units[a.unit_id]
            key = f"u{unit.id}" if fold(a.recipient_name) == fold(unit.name) else f"u{unit.id}:{fold(a.recipient_name)}"
            unit_candidate(unit, a.recipient_name, key).awards.append((a.year, name, rank))
        else:  # a line of an old award book, not linked to a person or unit: known by name and unit
            unit = units.get(a.unit_id)
            where = a.unit_text or (unit.name if unit else "")
            key = f"n:{a.subject}:{fold(a.recipient_name)}:{fold(where)}"
            cand = found.setdefault(key, Candidate(
                key, a.subject, a.recipient_name, a.position, where if fold(where) != fold(a.recipient_name) else "",
                unit_id=a.unit_id, grassroots=bool(unit and unit.kind in GRASSROOTS_KINDS)))
            cand.awards.append((a.year, name, rank))
    exemplars = select(Registration).where(Registration.is_exemplar.is_(True),
                                           Registration.year.between(c.period_from, c.period_to))
    if c.held_on:  # an exemplar registered after the congress is not yet one of its exemplars
        exemplars = exemplars.where(Registration.year <= c.held_on.year)
    for r in session.scalars(exemplars):
        person = session.get(Person, r.person_id) if r.person_id else None
        unit = units.get(r.unit_id)
        if person is not None:
            cand = person_candidate(person)
        elif r.subject == "collective" and unit is not None:
            same = fold(r.name) == fold(unit.name)
            cand = unit_candidate(unit, r.name, f"u{unit.id}" if same else f"u{unit.id}:{fold(r.name)}")
        else:
            key = f"r{r.id}"
            cand = found.setdefault(key, Candidate(
                key, r.subject, r.name, "", unit.name if unit else "", unit_id=r.unit_id,
                grassroots=bool(unit and unit.kind in GRASSROOTS_KINDS)))
        cand.registration_id = cand.registration_id or r.id
        model = r.model or "(chưa ghi mô hình)"
        if model not in cand.models:
            cand.models.append(model)
    on_lists = _on_lists(session, congress_id)
    for cand in found.values():
        cand.chosen_as = ", ".join(sorted(on_lists.get(_identity(cand.subject, cand.person_id, cand.unit_id,
                                                                 cand.name, cand.unit), set())))
    return sorted(found.values(), key=lambda x: (-x.weight, sort_key(x.name)))


def _chunks(ids: list[int], size: int = 500):
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def _identity(subject: str, person_id: int | None, unit_id: int | None, name: str, unit_text: str = "") -> tuple:
    if subject == "individual" and person_id:
        return ("p", person_id)
    return (subject, unit_id, fold(name), fold(unit_text) if unit_id is None else "")


def _on_lists(session: Session, congress_id: int) -> dict[tuple, set[str]]:
    labels = {"delegate": "Đại biểu", "honour": "Tôn vinh"}
    out: dict[tuple, set[str]] = defaultdict(set)
    for e in session.scalars(select(CongressEntry).where(CongressEntry.congress_id == congress_id)):
        out[_identity(e.subject, e.person_id, e.unit_id, e.name, e.unit_text)].add(labels[e.role])
    return out


def choose(session: Session, congress_id: int, role: str, keys: list[str],
           award_code: str = "", pool: list[Candidate] | None = None) -> int:
    """Put the chosen candidates on the delegates' or the honours' list; returns how many were
    added (those already on that list are left as they are). A delegate is a person. `pool`:
    the candidates already read (saves reading the ledger again)."""
    require(session, "edit")
    if role not in ("delegate", "honour"):
        raise ValidationError("Chọn danh sách đại biểu hoặc danh sách tôn vinh.", field="role")
    wanted = set(keys)
    pool = [c for c in (pool if pool is not None else candidates(session, congress_id)) if c.key in wanted]
    if not pool:
        raise UserError("Chưa chọn ai trong danh sách gợi ý.")
    if role == "delegate" and any(c.subject != "individual" for c in pool):
        names = ", ".join(c.name for c in pool if c.subject != "individual")
        raise ValidationError(f"Đại biểu dự Đại hội là cá nhân; tập thể ({names}) đưa vào danh sách tôn vinh.",
                              field="role")
    taken = {k for k, roles in _on_lists(session, congress_id).items()
             if ("Đại biểu" if role == "delegate" else "Tôn vinh") in roles}
    seq, added = _next_seq(session, congress_id, role), 0
    for c in pool:
        if _identity(c.subject, c.person_id, c.unit_id, c.name, c.unit) in taken:
            continue
        session.add(CongressEntry(
            congress_id=congress_id, role=role, seq=seq, subject=c.subject, person_id=c.person_id,
            unit_id=c.unit_id, registration_id=c.registration_id, name=c.name, position=c.position,
            unit_text=c.unit, birth_year=c.birth_year, ethnicity=c.ethnicity, female=c.female,
            minority=c.minority, direct_worker=c.direct_worker, grassroots=c.grassroots,
            achievement=c.achievement, award_code=award_code if role == "honour" else "",
            source="ledger" if c.awards else "exemplar", notes=""))
        seq += 1
        added += 1
    session.flush()
    return added
