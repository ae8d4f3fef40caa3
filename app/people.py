"""Cá nhân and tập thể across the years: finding people by name without accents, the award
history of a person or a collective, and merging two records of the same person.

A collective's history includes the units merged into it (a commune that absorbed others since
1 July 2025), each award shown under the name it was given to. Merging moves everything of the
duplicate to the kept record, and the audit trail keeps the duplicate as it was, with a note.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from app.awards import KINDS
from app.catalog import RATINGS
from app.errors import NotFound, ValidationError
from app.text import clean, contains_pattern, fold, match_key, name_sort_key
from db.models import (
    Award,
    AwardType,
    Discipline,
    Initiative,
    Investigation,
    Nominee,
    Person,
    PersonRating,
    Registration,
    StoredFile,
    Unit,
)


@dataclass(slots=True)
class PersonRow:
    id: int
    name: str
    birth_year: int | None
    unit: str
    position: str
    awards: int


# Positions of a head or deputy of an agency, a committee, a school, a station or an enterprise:
# "cán bộ lãnh đạo, quản lý" in the year's report. A village's head (trưởng thôn, bản, tổ dân
# phố) is an elected non-professional post, not counted among them.
_LEADER = re.compile(r"^(pho )?(chu tich|bi thu|hieu truong|hieu pho|giam doc|chanh|truong phong|truong tram|"
                     r"tram truong|truong ban|truong khoa|chi huy truong|thu truong|tong giam doc|"
                     r"chu nhiem|truong|pho truong)\b")
_NOT_LEADER = re.compile(r"^(pho )?truong (thon|ban|to dan pho|xom|khu pho|ap|lang|nhom|to)\b")


def leads_by_position(position: str) -> bool:
    """Whether a position (chức vụ) is a leader's or manager's: Hiệu trưởng, Trưởng trạm,
    Phó Chủ tịch UBND xã … (not Trưởng thôn)."""
    key = match_key(position or "")
    return bool(key) and bool(_LEADER.match(key)) and not _NOT_LEADER.match(key)


def find_people(session: Session, text: str, limit: int = 200) -> list[PersonRow]:
    """People whose name contains the typed words, accents ignored (`nguyen van` → Nguyễn Văn)."""
    key = match_key(text)
    if not key:
        return []
    query = (select(Person.id, Person.full_name, Person.birth_year, Unit.name, Person.position)
             .outerjoin(Unit, Unit.id == Person.unit_id)
             .where(Person.match_key.like(f"%{key}%")).limit(limit))
    rows = session.execute(query).all()
    counts: dict[int, int] = {}
    ids = [r[0] for r in rows]
    if ids:
        for pid in session.scalars(select(Award.person_id).where(Award.person_id.in_(ids))):
            counts[pid] = counts.get(pid, 0) + 1
    found = [PersonRow(r[0], r[1], r[2], r[3] or "", r[4], counts.get(r[0], 0)) for r in rows]
    return sorted(found, key=lambda p: name_sort_key(p.name))


@dataclass(slots=True)
class HistoryLine:
    award_id: int
    year: int
    award: str
    category: str
    kind: str
    recipient: str  # the name it was given to (a merged unit's old name stays)
    decision: str
    decision_date: dt.date | None
    issuer: str
    money: int | None
    revoked: bool
    note: str
    source: str = ""  # decided in the program, imported from which award book, entered by hand


@dataclass
class History:
    title: str
    subtitle: str
    lines: list[HistoryLine]
    ratings: list[tuple[int, str]]  # (year, rating name)
    nominations: list[tuple[int, str, str, str]]  # (year, dossier, award, state) still pending


def _lines(session: Session, condition) -> list[HistoryLine]:
    corrected = set(session.scalars(select(Award.corrects_id).where(Award.corrects_id.is_not(None))))
    from app.award_history import source_text

    query = (select(Award, AwardType.name, AwardType.category, StoredFile.original_name)
             .join(AwardType, AwardType.id == Award.award_type_id)
             .outerjoin(StoredFile, StoredFile.id == Award.source_file_id)
             .where(condition).order_by(Award.year.desc(), Award.decision_date.desc(), Award.id))
    lines = []
    for a, name, category, file in session.execute(query):
        notes = []
        if a.revoked:
            day = f" {a.revoked_on:%d/%m/%Y}" if a.revoked_on else ""  # an old book may not say
            notes.append(f"Đã thu hồi{day}" + (f": {a.revoke_reason}" if a.revoke_reason else ""))
        if a.id in corrected:
            notes.append("Đã được đính chính")
        if a.corrects_id:
            notes.append("Bản đính chính")
        lines.append(HistoryLine(a.id, a.year, name, category, KINDS.get(a.kind, a.kind), a.recipient_name,
                                 a.decision_number, a.decision_date, a.issuer,
                                 int(a.money) if a.money is not None else None, a.revoked, "; ".join(notes),
                                 source_text(a.source, file)))
    return lines


def _pending(session: Session, condition) -> list[tuple[int, str, str, str]]:
    from app.states import DOSSIER_STATES as STATUSES
    from app.states import PENDING
    from db.models import Dossier

    rows = session.execute(select(Dossier.year, Dossier.number, AwardType.name, Dossier.status)
                           .join(Nominee, Nominee.dossier_id == Dossier.id)
                           .join(AwardType, AwardType.id == Nominee.award_type_id)
                           .where(condition, Dossier.status.in_(PENDING),
                                  Nominee.appraisal != "withdrawn"))
    return [(y, num, award, STATUSES.get(st, st)) for y, num, award, st in rows]


def person_history(session: Session, person_id: int) -> History:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound("Không tìm thấy cá nhân.")
    unit = session.get(Unit, person.unit_id) if person.unit_id else None
    bits = [f"sinh năm {person.birth_year}" if person.birth_year else "", person.position,
            unit.name if unit else ""]
    ratings = [(y, f"{r} — {RATINGS.get(r, r)}") for y, r in session.execute(
        select(PersonRating.year, PersonRating.rating).where(PersonRating.person_id == person_id)
        .order_by(PersonRating.year.desc()))]
    return History(person.full_name, ", ".join(b for b in bits if b),
                   _lines(session, (Award.person_id == person_id) & (Award.subject == "individual")),
                   ratings, _pending(session, Nominee.person_id == person_id))


def merged_family(session: Session, unit_id: int) -> list[int]:
    """The unit and every unit merged into it, directly or through another merged unit."""
    family, frontier = [unit_id], [unit_id]
    while frontier:
        frontier = list(session.scalars(select(Unit.id).where(Unit.merged_into_id.in_(frontier))))
        frontier = [u for u in frontier if u not in family]
        family += frontier
    return family


def unit_history(session: Session, unit_id: int) -> History:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound("Không tìm thấy đơn vị.")
    family = merged_family(session, unit_id)
    names = [n for (n,) in session.execute(select(Unit.name).where(Unit.id.in_(family[1:])))]
    subtitle = ("Gồm cả các đơn vị đã sáp nhập: " + ", ".join(names)) if names else ""
    return History(unit.name, subtitle,
                   _lines(session, Award.unit_id.in_(family) & (Award.subject == "collective")),
                   [], _pending(session, Nominee.unit_id.in_(family) & (Nominee.subject == "collective")))


def root_unit(session: Session, unit_id: int) -> int:
    """The unit a unit was merged into, and so on up to one still standing."""
    seen = [unit_id]
    while (up := session.scalar(select(Unit.merged_into_id).where(Unit.id == seen[-1]))) is not None \
            and up not in seen:
        seen.append(up)
    return seen[-1]


def named_history(session: Session, award_id: int) -> History:
    """The history of someone the ledger names without a person (or unit) record — a line
    imported from an old award book, a village, a household: every line with the same name,
    the same kind of recipient and the same place (its unit and the units merged into it, else
    the same unit text as written)."""
    award = session.get(Award, award_id)
    if award is None:
        raise NotFound("Không tìm thấy khen thưởng trong sổ.")
    key = match_key(award.recipient_name)
    condition = (Award.person_id.is_(None) & (Award.subject == award.subject)
                 & Award.search_key.like(contains_pattern(fold(award.recipient_name)), escape="\\"))
    if award.unit_id is not None:
        condition &= Award.unit_id.in_(merged_family(session, root_unit(session, award.unit_id)))
    else:
        condition &= Award.unit_id.is_(None) & (Award.unit_text == award.unit_text)
    lines = [line for line in _lines(session, condition) if match_key(line.recipient) == key]
    subject = {"individual": "cá nhân", "collective": "tập thể", "household": "hộ gia đình"}
    bits = [f"Ghi trong sổ khen thưởng, chưa có hồ sơ {subject.get(award.subject, '')}".strip(),
            award.unit_text]
    return History(award.recipient_name, ", ".join(b for b in bits if b), lines, [], [])


# Tables whose rows follow a person when two records are merged.
_PERSON_TABLES = (Award, Nominee, Initiative, Discipline, Investigation, Registration)


def merge_people(session: Session, keep_id: int, drop_id: int, note: str = "") -> Person:
    """Gộp hai hồ sơ của cùng một người: everything of `drop_id` moves to `keep_id`; the
    duplicate is removed and the audit trail keeps it as it was, with the note."""
    if keep_id == drop_id:
        raise ValidationError("Hãy chọn hai hồ sơ khác nhau để gộp.")
    keep, drop = session.get(Person, keep_id), session.get(Person, drop_id)
    if keep is None or drop is None:
        raise NotFound("Không tìm thấy cá nhân cần gộp.")
    text = clean(note) or f"Gộp hồ sơ trùng: {drop.full_name} (#{drop.id}) vào {keep.full_name} (#{keep.id})"
    session.info["audit_note"] = text
    try:
        for model in _PERSON_TABLES:
            session.execute(update(model).where(model.person_id == drop_id).values(person_id=keep_id)
                            .execution_options(synchronize_session="fetch"))
        kept_years = set(session.scalars(select(PersonRating.year).where(PersonRating.person_id == keep_id)))
        for rating in session.scalars(select(PersonRating).where(PersonRating.person_id == drop_id)):
            if rating.year in kept_years:
                session.delete(rating)  # the kept record's own rating for that year wins
            else:
                rating.person_id = keep_id
        for attr in ("birth_year", "birth_date", "gender", "ethnicity", "position", "unit_id", "phone"):
            if not getattr(keep, attr) and getattr(drop, attr):
                setattr(keep, attr, getattr(drop, attr))
        keep.notes = (keep.notes + "\n" if keep.notes else "") + text
        session.flush()
        session.delete(drop)
        session.flush()
    finally:
        session.info.pop("audit_note", None)
    return keep


def find_units(session: Session, text: str) -> list[tuple[int, str]]:
    key = fold(text)
    query = select(Unit.id, Unit.name).where(or_(Unit.search_key.like(contains_pattern(key), escape="\\"),
                                                  Unit.code == text)).order_by(Unit.sort_order, Unit.name)
    return [(i, n) for i, n in session.execute(query)]

