"""Cùng người hay người khác: confirming, from the dossier, who an unlinked nominee is.

An individual a list names is linked to the person they already are only on a sure match
(same name, birth year and unit; EXCHANGE.md rule 5). A near match — the same name without a
birth year to compare, a birth year one apart, the same name in another unit, one letter off —
waits for the clerk, in the import preview or here, after the import: "same person as …" links
the nominee (the list's details fill the person's empty ones), "a new person" makes one from
what the list says. The dossier's history and the audit trail say who decided and when.

A nominee still unlinked when the decision is signed becomes a new person then
(`person_for_award`), so the ledger and the yearly report (women, ethnic minorities, direct
workers) count everyone the decision names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.dossiers import refuse_if_frozen, who
from app.errors import ValidationError
from app.matching import PeopleIndex, PersonCandidate
from app.nominees import fill_person, get_nominee
from app.text import match_key, title_name
from db.models import DossierEvent, Nominee, Person, Unit

# Warnings that say "who is this?": settled once the clerk has answered.
PERSON_WARNINGS = ("person_near_match", "person_ambiguous")


@dataclass
class UnlinkedNominee:
    """A nominee waiting for "same person or not", with the people it may be."""

    nominee_id: int
    name: str
    birth_year: int | None
    unit: str
    candidates: list[PersonCandidate] = field(default_factory=list)


def candidates(session: Session, nominee: Nominee) -> list[PersonCandidate]:
    """The people an individual nominee may be (same or near name, in its unit or elsewhere)."""
    home = nominee.unit_id or nominee.dossier.unit_id
    key = match_key(nominee.name)
    index = PeopleIndex(session, {key}, home)
    match = index.match(key, nominee.birth_year, nominee.unit_id or home)
    if match.kind == "exact":
        person = session.get(Person, match.person_id)
        return [PersonCandidate(person.id, person.full_name, person.birth_year, person.unit_id,
                                "trùng tên, năm sinh, đơn vị"), *match.others]
    return list(match.candidates)


def unlinked(session: Session, dossier_id: int) -> list[UnlinkedNominee]:
    """The dossier's individuals not linked to a person yet, each with its candidates."""
    from app.dossiers import get_dossier

    dossier = get_dossier(session, dossier_id)
    units = {u.id: u.name for u in session.query(Unit)}
    out = []
    for n in dossier.nominees:
        if n.subject != "individual" or n.person_id is not None or n.appraisal == "withdrawn":
            continue
        found = [PersonCandidate(c.id, c.name, c.birth_year, c.unit_id,
                                 c.reason + (f" — {units[c.unit_id]}" if c.unit_id in units else ""))
                 for c in candidates(session, n)]
        out.append(UnlinkedNominee(n.id, n.name, n.birth_year, units.get(n.unit_id or dossier.unit_id, ""), found))
    return out


def _new_person(session: Session, nominee: Nominee, note: str) -> Person:
    person = Person(full_name=title_name(nominee.name), match_key=match_key(nominee.name),
                    unit_id=nominee.unit_id or nominee.dossier.unit_id, gender=nominee.gender,
                    birth_year=nominee.birth_year, ethnicity=nominee.ethnicity, position=nominee.position,
                    is_direct_worker=nominee.is_direct_worker, notes=note)
    session.add(person)
    session.flush()
    return person


def confirm_person(session: Session, nominee_id: int, person_id: int | None, *, user: str = "") -> Person:
    """The clerk's answer for one nominee: the same person as `person_id`, or (None) a new one."""
    nominee = get_nominee(session, nominee_id)
    refuse_if_frozen(nominee.dossier)
    if nominee.subject != "individual":
        raise ValidationError(f"{nominee.name} là tập thể, không nối với cá nhân.", field="person_id")
    if person_id is None:
        person = _new_person(session, nominee, f"Tạo khi xác nhận người mới trong hồ sơ {nominee.dossier.number}")
        text = f"xác nhận là người mới (chưa có trong dữ liệu), mã cá nhân {person.id}"
    else:
        person = session.get(Person, person_id)
        if person is None:
            raise ValidationError("Không tìm thấy cá nhân đã chọn.", field="person_id")
        fill_person(person, nominee.gender, nominee.birth_year, nominee.ethnicity, nominee.position)
        if nominee.is_direct_worker and not person.is_direct_worker:
            person.is_direct_worker = True
        born = f", sinh năm {person.birth_year}" if person.birth_year else ""
        text = f"xác nhận cùng người với {person.full_name}{born} (mã cá nhân {person.id})"
    session.info["audit_note"] = f"{nominee.name}: {text}"
    try:
        nominee.person_id = person.id
        nominee.warnings = [w for w in (nominee.warnings or []) if w.get("code") not in PERSON_WARNINGS]
        status = nominee.dossier.status
        session.add(DossierEvent(dossier_id=nominee.dossier_id, user=who(user), from_status=status,
                                 to_status=status, reason=f"{nominee.name}: {text}"))
        session.flush()
    finally:
        session.info.pop("audit_note", None)
    return person


def person_for_award(session: Session, nominee: Nominee) -> int | None:
    """The person a decided individual's award goes to: the linked one, else a new person made
    from the list's details (the decision names them, so the ledger must count them)."""
    if nominee.subject != "individual":
        return None
    if nominee.person_id is None:
        nominee.person_id = _new_person(session, nominee, f"Tạo khi ra quyết định cho hồ sơ "
                                                          f"{nominee.dossier.number}").id
    return nominee.person_id
