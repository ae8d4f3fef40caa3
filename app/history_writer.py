"""Ghi sổ khen thưởng nhập từ tệp (kind `ledger`): the writing half, in one transaction.

`write_history(session, preview, files_dir)` plans again (`app.history_checks`, so it writes
what the data are now, with the user's answers to near matches; the preview's plan is kept
when nothing it depends on changed since), then, when there is anything
new: keeps the file by its content hash, creates the new people (one per person, however many
years and sheets they appear in) and the decisions not yet recorded (`decisions` is unique on
issuer, year and number), and writes the ledger lines with source `history`, the file they came
from, their book number in the decision, the money the catalogue gives on the decision's date
(`app.awards.award_money`), and their search key. Known and repeated rows are not written, so
importing the same book twice, or an overlapping one, adds only what is new.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.awards import TitleLine, award_money, award_search_key, counting_years, highest_only
from app.catalog import base_salary_on
from app.excel.decision_text import issuer_key, parse_date
from app.files import store_file
from app.history_checks import HistoryPlan, _issuers, current_plan
from app.import_writers import GENDER_CODE, ImportResult, _audit_bulk, _bulk_insert
from app.people import leads_by_position
from app.text import fold
from db.models import Award, AwardType, Decision, Person

if TYPE_CHECKING:
    from app.excel.rows import NomineeRow
    from app.imports import ImportPreview

CHUNK = 500


def write_history(session: Session, preview: ImportPreview, files_dir: Path, today: dt.date) -> ImportResult:
    name = preview.file_name
    plan = current_plan(session, preview)
    new_rows = [i for i, s in plan.status.items() if s == "new"]
    result = ImportResult(name, False, "", kind="ledger", rows_known=plan.count("known"))
    if not new_rows:
        result.message = (f"Tệp {name}: mọi dòng đã có trong sổ khen thưởng ({result.rows_known} dòng); "
                          "không ghi gì.")
        return result
    stored = store_file(session, files_dir, preview.path, sha256=preview.sha256)
    people = _people(session, preview, plan, new_rows, result)
    decisions = _decisions(session, preview, plan)
    awards = _awards(session, preview, plan, new_rows, people, decisions, stored.id, today)
    # No RETURNING: nothing needs the new lines' ids, and returning them in order would make
    # SQLAlchemy insert row by row.
    _bulk_insert(session, Award, awards, returning=False)
    _audit_bulk(session, "awards", [], count=len(awards))
    session.flush()
    result.committed = True
    result.awards = len(awards)
    result.decisions_created = len(plan.decisions)
    years = sorted({a["year"] for a in awards})
    span = f"năm {years[0]}" if len(years) == 1 else f"các năm {years[0]}–{years[-1]}"
    result.message = (f"Đã nhập sổ khen thưởng {name}: {result.awards} khen thưởng {span}; "
                      f"{result.people_created} cá nhân mới, {result.people_linked} đã có; "
                      f"{result.decisions_created} quyết định mới"
                      + (f"; {result.rows_known} dòng đã có trong sổ, không ghi lại" if result.rows_known else "")
                      + ".")
    return result


def _latest(rows: list[NomineeRow]) -> NomineeRow:
    return max(rows, key=lambda r: (r.history.year or 0, r.row))


def _successor(session: Session, unit_id: int | None, cache: dict) -> int | None:
    """The unit a merged unit became part of (through every later merger): a person follows."""
    if unit_id is None:
        return None
    if not cache:
        from db.models import Unit

        cache.update({uid: into for uid, into in session.execute(select(Unit.id, Unit.merged_into_id))})
        cache[None] = None
    seen = set()
    while cache.get(unit_id) is not None and unit_id not in seen:
        seen.add(unit_id)
        unit_id = cache[unit_id]
    return unit_id


def _people(session: Session, preview: ImportPreview, plan: HistoryPlan, new_rows: list[int],
            result: ImportResult) -> dict[tuple, int]:
    """Person id per ("p", id) / ("g", key) the new rows name; new people created in bulk."""
    rows = preview.rows
    groups: dict[tuple, list[NomineeRow]] = defaultdict(list)
    linked: dict[tuple, list[NomineeRow]] = defaultdict(list)
    for i in new_rows:
        who = plan.who.get(i)
        if who is not None:
            (groups if who[0] == "g" else linked)[who].append(rows[i])
    ids = {who: who[1] for who in linked}
    result.people_linked = len(linked)
    _fill_blanks(session, {who[1]: _latest(found) for who, found in linked.items()})
    if groups:
        successors: dict = {}
        values = []
        for who, found in groups.items():
            r = _latest(found)
            birth = next((x for x in found if x.birth_date), None)
            values.append({
                "full_name": r.name[:120], "match_key": r.key[:120],
                "gender": next((GENDER_CODE[x.gender] for x in found if x.gender), None),
                "birth_year": who[1][1], "birth_date": birth.birth_date if birth else None,
                "ethnicity": next((x.ethnicity for x in found if x.ethnicity), None),
                "position": r.position[:200], "unit_id": _successor(session, r.unit_id, successors),
                "is_direct_worker": any(x.direct_worker for x in found), "is_leader": leads_by_position(r.position), "phone": "",
                "notes": f"Tạo khi nhập sổ khen thưởng từ tệp {preview.file_name}"})
        new_ids = _bulk_insert(session, Person, [{**v, "version": 1} for v in values],
                               key_cols=("match_key", "birth_year", "unit_id"))
        for who, pid in zip(groups, new_ids, strict=True):
            ids[who] = pid
        result.people_created = len(new_ids)
        _audit_bulk(session, "people", new_ids)
    return ids


def _fill_blanks(session: Session, wanted: dict[int, NomineeRow]) -> None:
    """A known person's empty fields take what the book says; nothing known is overwritten."""
    keys = sorted(wanted)
    for start in range(0, len(keys), CHUNK):
        for person in session.scalars(select(Person).where(Person.id.in_(keys[start:start + CHUNK]))):
            r = wanted[person.id]
            if person.gender is None and r.gender:
                person.gender = GENDER_CODE[r.gender]
            if person.birth_year is None and r.birth_year:
                person.birth_year = r.birth_year
            if person.ethnicity is None and r.ethnicity:
                person.ethnicity = r.ethnicity
            if not person.position and r.position:
                person.position = r.position[:200]


def _revoked(r: NomineeRow, decided: dt.date | None, today: dt.date) -> tuple[dt.date, str]:
    """When a line the book marks `đã thu hồi` was revoked: the date its note gives, else the
    decision's (the book does not say), else the day of the import — the reason says which."""
    on, _ok = parse_date(r.notes)
    if on is not None:
        return on, r.notes
    if decided is not None:
        return decided, f"{r.notes} (sổ không ghi ngày thu hồi; ghi theo ngày quyết định)"
    return today, f"{r.notes} (sổ không ghi ngày thu hồi; ghi theo ngày nhập sổ)"


def _decree(on: dt.date) -> str:
    """The decree a decision of that date was made under."""
    if on >= dt.date(2025, 7, 1):
        return "Nghị định 152/2025/NĐ-CP"
    if on >= dt.date(2024, 1, 1):
        return "Nghị định 98/2023/NĐ-CP"
    return "Nghị định 91/2017/NĐ-CP"


def _decisions(session: Session, preview: ImportPreview, plan: HistoryPlan) -> dict[tuple, int]:
    """Decision id per key of the decisions the import records."""
    if not plan.decisions:
        return {}
    _spelled, own, _superior = _issuers(session)
    salaries: dict[dt.date, int | None] = {}
    values = []
    for key, d in plan.decisions.items():
        if d.issued_on not in salaries:
            salaries[d.issued_on] = base_salary_on(session, d.issued_on)
        values.append({"number": d.number[:60], "issuer": d.issuer[:200], "year": key[1], "issued_on": d.issued_on,
                       "signer_name": "", "signer_title": "", "sign_mode": "TM",
                       "summary": f"Nhập từ sổ theo dõi khen thưởng, tệp {preview.file_name}"[:2000],
                       "legal_basis": _decree(d.issued_on), "base_salary": salaries[d.issued_on],
                       "status": "issued", "external": issuer_key(d.issuer) != issuer_key(own), "version": 1})
    new_ids = _bulk_insert(session, Decision, values, key_cols=("issuer", "year", "number"))
    _audit_bulk(session, "decisions", new_ids)
    return dict(zip(plan.decisions, new_ids, strict=True))


def _awards(session: Session, preview: ImportPreview, plan: HistoryPlan, new_rows: list[int],
            people: dict[tuple, int], decisions: dict[tuple, int], file_id: int, today: dt.date) -> list[dict]:
    rows = preview.rows
    types = {t.id: t for t in session.scalars(select(AwardType).options(selectinload(AwardType.rules)))}
    money_cache: dict[tuple, int | None] = {}
    unit_names = preview.context.get("unit_names", {})
    # Book numbers: a decision's own list keeps its numbering; lines added to a decision
    # already in the ledger follow its last number.
    decision_of = {i: plan.decision_id.get(i) or ("new", plan.new_decision.get(i)) for i in new_rows
                   if plan.decision_id.get(i) or plan.new_decision.get(i)}
    existing = sorted({d for d in decision_of.values() if isinstance(d, int)})
    last: dict = {}
    for start in range(0, len(existing), CHUNK):
        last.update(session.execute(select(Award.decision_id, func.max(Award.book_no)).where(
            Award.decision_id.in_(existing[start:start + CHUNK])).group_by(Award.decision_id)).all())
    by_decision: dict = defaultdict(list)
    for i, d in decision_of.items():
        by_decision[d].append(i)
    book_no: dict[int, int] = {}
    for d, members in by_decision.items():
        seqs = [rows[i].history.seq for i in members]
        own_list = all(rows[i].history.decision_from in ("line", "title") for i in members)
        if not isinstance(d, int) and own_list and all(seqs) and len(set(seqs)) == len(seqs):
            book_no.update(zip(members, seqs, strict=True))
        else:
            start = last.get(d) or 0
            book_no.update({i: start + n for n, i in enumerate(members, start=1)})
    values = []
    for i in new_rows:
        r = rows[i]
        facts = r.history
        award = r.award  # the catalogue row (an ORM object) is read only for the money
        decision_id = plan.decision_id.get(i) or decisions.get(plan.new_decision.get(i))
        date = plan.decision_date.get(i, facts.decision_date)
        money = None
        if date is not None:
            key = (award.id, r.subject, date)
            if key not in money_cache:
                money_cache[key] = award_money(session, types[award.id], r.subject, date)
            money = money_cache[key]
        if money is None:
            money = facts.money
        who = plan.who.get(i)
        unit_text = r.unit_text if r.subject == "individual" else (r.unit_text or "")
        if r.subject == "individual" and not unit_text and r.unit_id:
            unit_text = unit_names.get(r.unit_id, "")
        number = facts.decision if facts.decision else ""
        revoked_on, reason = _revoked(r, date, today) if facts.revoked else (None, "")
        values.append({
            "subject": r.subject, "person_id": people.get(who) if who else None, "unit_id": r.unit_id,
            "recipient_name": r.name[:200], "position": r.position[:200], "unit_text": unit_text[:200],
            "award_type_id": award.id, "year": facts.year, "kind": facts.kind, "movement_id": None,
            "decision_id": decision_id, "decision_number": number[:60], "decision_date": date,
            "issuer": plan.issuer.get(i, facts.issuer)[:200], "nominee_id": None, "book_no": book_no.get(i),
            "achievement": r.achievement, "money": money, "source": "history", "source_file_id": file_id,
            "revoked": facts.revoked, "revoked_on": revoked_on, "revoke_reason": reason, "corrects_id": None,
            "search_key": award_search_key(r.name, unit_text, award.name, number)[:400]})
    _highest_only(session, values, types)
    return values


def _highest_only(session: Session, values: list[dict], types: dict) -> None:
    """Money of an award book's lines: one person's titles of the same year and counting
    period pay only the highest, as a decision does (LĐTT and CSTĐCS of one year: CSTĐCS)."""
    lines = []
    for n, v in enumerate(values):
        t = types[v["award_type_id"]]
        if t.category != "title" or not v["money"] or v["revoked"]:
            continue
        who = ("p", v["person_id"]) if v["person_id"] else ("n", fold(v["recipient_name"]), v["unit_id"])
        lines.append(TitleLine(n, who, v["year"], counting_years(t, v["decision_date"]), t.rank, int(v["money"])))
    people = sorted({line.who[1] for line in lines if line.who[0] == "p"})
    years = {line.year for line in lines}
    for start in range(0, len(people), CHUNK):
        for a in session.scalars(select(Award).join(AwardType, AwardType.id == Award.award_type_id).where(
                Award.person_id.in_(people[start:start + CHUNK]), Award.year.in_(years),
                AwardType.category == "title", Award.revoked.is_(False))):
            t = types[a.award_type_id]
            lines.append(TitleLine(("a", a.id), ("p", a.person_id), a.year, counting_years(t, a.decision_date),
                                   t.rank, int(a.money or 0), paid=True))
    for n, (money, _note) in highest_only(lines).items():
        values[n]["money"] = money
