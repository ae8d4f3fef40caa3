"""Đối chiếu sổ khen thưởng: what of an award book the ledger already holds, what the file
gives twice, and which decisions are already recorded.

`plan_history(session, preview)` decides, with the user's current answers to near matches:

- each row's status: `new` (to write), `known` (the ledger already has that award: the same
  person or collective, award and achievement year — for a form, also the same decision or,
  without one, the same kind of award), or `duplicate` (an earlier row of the file is the same
  award);
- each new row's decision: an existing Decision (matched on issuer, year of issue and number,
  spelling ignored: the unique key of the decisions table) or a new one; a number with no date
  is linked only when the ledger knows it, else kept as a number on the award line;
- the problems to show. The read half shows them; the writer plans again inside its
  transaction, so what it writes matches the data as it is then.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.excel.decision_text import canonical_issuer, decision_key, issuer_key
from app.excel.problems import Problem, problem
from app.files import find_stored
from app.matching import UnitIndex
from app.text import match_key
from db.models import Award, Decision, Person, Unit

if TYPE_CHECKING:
    from app.excel.rows import NomineeRow
    from app.imports import ImportPreview

CHUNK = 500
# Who confers an award of a level when the book does not say (the office's own authority for
# the grassroots titles and forms).
LEVEL_ISSUERS = {"tinh": "superior", "bo": "superior", "chinh_phu": "Thủ tướng Chính phủ",
                 "nha_nuoc": "Chủ tịch nước"}


@dataclass
class NewDecision:
    """A decision the import will record (no line of the ledger has it yet)."""

    number: str
    issuer: str
    issued_on: object
    rows: list[int] = field(default_factory=list)


@dataclass
class HistoryPlan:
    """What the writer does with each row (by index in preview.rows)."""

    status: dict[int, str] = field(default_factory=dict)  # new / known / duplicate
    who: dict[int, tuple] = field(default_factory=dict)  # individual rows: ("p", id) or ("g", key)
    decision_id: dict[int, int] = field(default_factory=dict)  # row → existing decision
    new_decision: dict[int, tuple] = field(default_factory=dict)  # row → key of `decisions`
    decisions: dict[tuple, NewDecision] = field(default_factory=dict)
    issuer: dict[int, str] = field(default_factory=dict)  # row → issuer as the ledger writes it
    decision_date: dict[int, object] = field(default_factory=dict)  # row → date (from the ledger too)
    problems: list[Problem] = field(default_factory=list)
    places: dict[int, int | None] = field(default_factory=dict)  # row → the unit it is placed in

    def count(self, status: str) -> int:
        return sum(1 for s in self.status.values() if s == status)

    @property
    def decisions_linked(self) -> int:
        return len(set(self.decision_id.values()))


def check_history(session: Session, preview: ImportPreview, units: UnitIndex) -> None:
    """Plan the import, mark each row's status and add the plan's problems to the preview."""
    stored = find_stored(session, preview.sha256)
    if stored is not None and session.scalar(select(Award.id).where(Award.source_file_id == stored.id).limit(1)):
        from app.imports import Previous

        preview.already_imported = Previous(None, 0)
        preview.problems.append(problem("already_imported", "Tệp sổ khen thưởng này đã nhập trước đây; không "
                                        "ghi lại gì."))
    plan = plan_history(session, preview, units)
    preview.context["plan"] = (data_fingerprint(session), choices_key(preview), plan)
    preview.problems += plan.problems
    preview.context["plan_counts"] = {s: plan.count(s) for s in ("new", "known", "duplicate")}
    preview.context["decisions_new"] = len(plan.decisions)
    preview.context["decisions_linked"] = plan.decisions_linked


def data_fingerprint(session: Session) -> tuple:
    """What the plan depends on, in a few aggregate queries: any line, decision, person or unit
    added, removed or changed since (people and units carry a version; ledger lines are only
    ever added, or revoked, which changes no plan)."""
    return tuple(session.execute(select(func.count(), func.max(model.id), *extra)).one()
                 for model, extra in ((Award, ()), (Decision, (func.sum(Decision.version),)),
                                      (Person, (func.sum(Person.version),)), (Unit, (func.sum(Unit.version),))))


def choices_key(preview: ImportPreview) -> tuple:
    """The clerk's answers to near matches (they change who rows are)."""
    return tuple((i, r.choice) for i, r in enumerate(preview.rows) if r.choice is not None)


def current_plan(session: Session, preview: ImportPreview) -> HistoryPlan:
    """The plan the preview showed when nothing it depends on has changed since (the writer
    then skips planning a second time), else a fresh one."""
    kept = preview.context.get("plan")
    if kept is not None and kept[1] == choices_key(preview) and kept[0] == data_fingerprint(session):
        return kept[2]
    return plan_history(session, preview)


def _issuers(session: Session) -> tuple[dict[str, str], str, str]:
    """Issuers as the ledger spells them (by key), the office's authority, and its superior."""
    from app.office import get_profile

    spelled: dict[str, str] = {}
    for (name,) in session.execute(select(Decision.issuer).distinct()):
        spelled.setdefault(issuer_key(name), name)
    profile = get_profile(session)
    return spelled, canonical_issuer(profile.authority_name), canonical_issuer(profile.superior_name)


def default_issuer(r: NomineeRow, own: str, superior: str) -> str:
    who = LEVEL_ISSUERS.get(r.award.level if r.award else "", "own")
    return own if who == "own" else superior if who == "superior" else who


def plan_history(session: Session, preview: ImportPreview, units: UnitIndex | None = None) -> HistoryPlan:
    from app.history_import import resolve

    plan = HistoryPlan()
    rows = preview.rows
    root = preview.context.get("unit_root", {})
    plan.places = preview.context.get("places", {})
    for i, r in enumerate(rows):
        if (who := resolve(preview, r)) is not None:
            plan.who[i] = who
    ledger = _LedgerIndex(session, rows, plan, root, units or UnitIndex(session))
    seen: dict[tuple, int] = {}
    for i, r in enumerate(rows):
        facts = r.history
        if facts is None or r.award is None or facts.year is None:
            plan.status[i] = "skipped"
            continue
        ident = _identity(plan, i, r, root)
        occasion = _occasion(r)
        known = ledger.find(ident, r, occasion, plan.places.get(i))
        if known is None and r.match is not None and (
                (ident[0] == "g" and r.match.kind == "near") or r.match.kind == "exact"):
            # Not confirmed as someone known (or linked to one person while others of the same
            # name have no birth year to tell them apart), but one of those it resembles already
            # holds this very award: the line is in the ledger (writing it would only duplicate
            # it). Without this, a book read again after its import could find "new" lines in it.
            resembling = r.match.candidates if r.match.kind == "near" else r.match.others
            for candidate in resembling:
                if candidate.id > 0 and (known := ledger.find(("p", candidate.id), r, occasion, None)):
                    break
        facts.known_id = None
        if known is not None:
            facts.status, facts.known_id = "known", known[0]
            plan.status[i] = "known"
            if r.award.category == "title" and facts.decision and known[2] and known[2] != decision_key(facts.decision):
                plan.problems.append(problem(
                    "history_conflict", f"“{r.name}” — {r.award.name} năm {facts.year}: sổ khen thưởng đã ghi theo "
                    f"Quyết định {known[3]}, tệp ghi Quyết định {facts.decision}; giữ như sổ đã ghi.",
                    sheet=r.sheet, cell=r.cell("award"), row=r.row))
            continue
        sig = (ident, r.award.id, facts.year, occasion)
        if sig in seen:
            first = rows[seen[sig]]
            facts.status = plan.status[i] = "duplicate"
            plan.problems.append(problem(
                "history_duplicate_in_file", f"“{r.name}” — {r.award.name} năm {facts.year} đã có ở trang "
                f"“{first.sheet}” dòng {first.row}; dòng này không ghi thêm.", sheet=r.sheet, cell=r.cell("name"),
                row=r.row))
            continue
        seen[sig] = i
        facts.status = plan.status[i] = "new"
    _plan_decisions(session, preview, plan)
    known = plan.count("known")
    if known:
        new = plan.count("new")
        plan.problems.append(problem(
            "history_known", f"{known} dòng đã có trong sổ khen thưởng (nhập trước đây hoặc đã quyết định trong "
            f"chương trình); " + (f"chỉ thêm {new} dòng mới." if new else "tệp không có dòng mới, không ghi gì.")))
    return plan


def _identity(plan: HistoryPlan, i: int, r: NomineeRow, root: dict) -> tuple:
    if i in plan.who:
        return plan.who[i]
    if r.subject == "collective" and r.unit_id:
        return ("u", root.get(r.unit_id, r.unit_id))
    place = plan.places.get(i)
    return ("n", r.subject, r.key, root.get(place, place))


def _occasion(r: NomineeRow) -> tuple:
    """A title is given once a year; a form once per decision (or kind of achievement)."""
    if r.award.category == "title":
        return ()
    facts = r.history
    return ("d", decision_key(facts.decision)) if facts.decision else ("k", facts.kind)


class _LedgerIndex:
    """The ledger lines of the file's years and awards, by who received them."""

    def __init__(self, session: Session, rows: list[NomineeRow], plan: HistoryPlan, root: dict,
                 units: UnitIndex):
        from app.history_import import find_place

        self.root = root
        places: dict[str, int | None] = {}
        self.by_who: dict[tuple, list[tuple]] = defaultdict(list)
        self.by_name: dict[tuple, list[tuple]] = defaultdict(list)  # lines with no person linked
        years = sorted({r.history.year for r in rows if r.history and r.history.year})
        types = sorted({r.award.id for r in rows if r.award})
        if not years or not types:
            return
        cols = (Award.id, Award.person_id, Award.unit_id, Award.subject, Award.recipient_name,
                Award.award_type_id, Award.year, Award.kind, Award.decision_number, Award.unit_text)
        for start in range(0, len(years), CHUNK):
            query = select(*cols).where(Award.year.in_(years[start:start + CHUNK]), Award.award_type_id.in_(types))
            for aid, pid, uid, subject, name, type_id, year, kind, number, unit_text in session.execute(query):
                if uid is None and pid is None:  # a village's line: placed by its unit text
                    uid = find_place(units, unit_text, places)
                unit_root = root.get(uid, uid)
                entry = (aid, kind, decision_key(number) if number else "", number, unit_root)
                if pid is not None:  # a person's line is theirs: never matched by name to someone new
                    self.by_who[(("p", pid), type_id, year)].append(entry)
                    continue
                if subject == "collective" and uid is not None:
                    self.by_who[(("u", unit_root), type_id, year)].append(entry)
                self.by_name[(subject, match_key(name), type_id, year)].append(entry)

    def find(self, ident: tuple, r: NomineeRow, occasion: tuple, place: int | None) -> tuple | None:
        """The ledger line this row is, or None."""
        facts = r.history
        unit_root = self.root.get(place, place)
        candidates = list(self.by_who.get((ident, r.award.id, facts.year), ()))
        # A line recorded by name only (before the person or unit had a record): the same name,
        # and the same unit when both say one.
        candidates += [e for e in self.by_name.get((r.subject, r.key, r.award.id, facts.year), ())
                       if e[4] is None or unit_root is None or e[4] == unit_root]
        for entry in candidates:
            if not occasion:
                return entry
            if occasion[0] == "d" and entry[2] in ("", occasion[1]):
                return entry
            if occasion[0] == "k" and (entry[1] == occasion[1] or not entry[2]):
                return entry
        return None


def _plan_decisions(session: Session, preview: ImportPreview, plan: HistoryPlan) -> None:
    spelled, own, superior = _issuers(session)
    wanted = [i for i, s in plan.status.items() if s == "new" and preview.rows[i].history.decision]
    years: set[int] = set()
    for i in wanted:
        facts = preview.rows[i].history
        years |= {facts.decision_date.year} if facts.decision_date else {facts.year, facts.year + 1}
    exact: dict[tuple, tuple] = {}
    by_number: dict[tuple, list[tuple]] = defaultdict(list)
    ordered = sorted(years)
    for start in range(0, len(ordered), CHUNK):
        for row in session.execute(select(Decision.id, Decision.number, Decision.issuer, Decision.year,
                                          Decision.issued_on).where(Decision.year.in_(ordered[start:start + CHUNK]))):
            nkey = decision_key(row[1])
            exact[(issuer_key(row[2]), row[3], nkey)] = tuple(row)
            by_number[(row[3], nkey)].append(tuple(row))
    undated: list[int] = []
    differs: set[int] = set()
    for i in wanted:
        r = preview.rows[i]
        facts = r.history
        issuer = facts.issuer or default_issuer(r, own, superior)
        ikey, nkey = issuer_key(issuer), decision_key(facts.decision)
        plan.issuer[i] = spelled.get(ikey, issuer)
        date = facts.decision_date
        found = None
        if date is not None:
            found = exact.get((ikey, date.year, nkey))
            if found is None and not facts.issuer and len(by_number.get((date.year, nkey), ())) == 1:
                found = by_number[(date.year, nkey)][0]  # the book did not say who issued it
        else:
            matches = [d for y in (facts.year, facts.year + 1) for d in by_number.get((y, nkey), ())
                       if not facts.issuer or issuer_key(d[2]) == ikey]
            if len(matches) == 1:
                found = matches[0]
        if found is not None:
            plan.decision_id[i], plan.issuer[i], plan.decision_date[i] = found[0], found[2], found[4]
            if date is not None and found[4] != date and found[0] not in differs:
                differs.add(found[0])
                plan.problems.append(problem(
                    "decision_date_differs", f"Quyết định {found[1]} của {found[2]} đã có trong dữ liệu với ngày "
                    f"{found[4]:%d/%m/%Y}; tệp ghi ngày {date:%d/%m/%Y}. Giữ ngày đã có.", sheet=r.sheet,
                    cell=r.cell("decision"), row=r.row))
            continue
        if date is None:
            undated.append(i)
            plan.decision_date[i] = None
            continue
        key = (ikey, date.year, nkey)
        new = plan.decisions.setdefault(key, NewDecision(facts.decision, plan.issuer[i], date))
        if new.issued_on != date and key not in differs:
            differs.add(key)
            plan.problems.append(problem(
                "decision_date_differs", f"Quyết định {facts.decision} được ghi với hai ngày khác nhau trong tệp "
                f"({new.issued_on:%d/%m/%Y} và {date:%d/%m/%Y}); dùng ngày {new.issued_on:%d/%m/%Y}.",
                sheet=r.sheet, cell=r.cell("decision"), row=r.row))
        new.rows.append(i)
        plan.new_decision[i] = key
        plan.decision_date[i] = new.issued_on
    if undated:
        first = preview.rows[undated[0]]
        plan.problems.append(problem(
            "decision_date_missing", f"{len(undated)} dòng ghi số quyết định nhưng không có ngày ký (ví dụ trang "
            f"“{first.sheet}” dòng {first.row}): chỉ ghi số quyết định vào sổ, không lập quyết định, và không "
            "tính được tiền thưởng theo mức lương cơ sở.", sheet=first.sheet, row=first.row))
