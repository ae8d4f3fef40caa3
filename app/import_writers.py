"""Ghi dữ liệu nhập: the writing half of an import, in one transaction.

`commit_import(db_or_session, preview)` keeps the original file (by content hash), writes the
submission — superseding the version it corrects — and what the kind carries:

- award_proposal: a dossier (status received, category regular, the documents checklist with
  the list ticked present, a `received` event) with its nominees; individuals linked to
  people (exact matches, or the candidate the user confirmed), new people created only when
  nothing matched or the user said "new"; ratings and initiatives the list declares;
- registration: Registration rows; bloc_scores: BlocScore.self_score per criterion;
- report: the figures in Submission.summary.

Thousands of rows go in with bulk INSERT ... RETURNING (one statement per table), and the
audit trail gets one line per bulk insert instead of one per row.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from app import config
from app.errors import ConflictError, ValidationError
from app.failures import DatabaseFailure, retrying
from app.files import find_stored, store_file
from app.import_checks import stored_kind
from app.people import leads_by_position
from app.session_user import current_actor
from app.text import fold
from db.errors import DUPLICATE
from db.models import (
    AuditEntry,
    BlocScore,
    Dossier,
    DossierDocument,
    DossierEvent,
    Initiative,
    Nominee,
    Person,
    PersonRating,
    Registration,
    Submission,
    SubmissionDue,
)

if TYPE_CHECKING:
    from app.database import Database
    from app.excel.rows import NomineeRow
    from app.imports import ImportPreview

CHUNK = 500
GENDER_CODE = {"Nam": "M", "Nữ": "F"}


@dataclass
class ImportResult:
    """What an import wrote (or why it wrote nothing)."""

    file: str
    committed: bool
    message: str
    kind: str = ""
    submission_id: int | None = None
    version_no: int | None = None
    superseded_id: int | None = None
    dossier_id: int | None = None
    dossier_number: str = ""
    nominees: int = 0
    registrations: int = 0
    scores: int = 0
    people_created: int = 0
    people_linked: int = 0
    already_imported: bool = False
    awards: int = 0  # ledger lines written (kind ledger)
    decisions_created: int = 0
    rows_known: int = 0  # rows the ledger already held (kind ledger)
    facts: int = 0  # ratings, disciplines, initiatives recorded (kind ratings)
    message_extra: str = ""
    created_ids: set[int] = field(default_factory=set, repr=False)
    parts: list[ImportResult] = field(default_factory=list)  # a list of many units: one per unit


@contextmanager
def paused_gc():
    """No cyclic garbage collection while an import runs. Reading and writing a big workbook
    allocates hundreds of thousands of small objects, each allocation burst triggering a full
    scan of everything alive: a third of a 5,000-row import went to those scans. Nothing an
    import makes is cyclic garbage worth collecting before it ends; the collector resumes after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _files_dir_of(session: Session) -> Path:
    database = session.get_bind().url.database
    return config.files_dir(Path(database)) if database else config.data_dir() / "files"


def commit_import(db_or_session: Database | Session, preview: ImportPreview, *,
                  files_dir: Path | None = None, today: dt.date | None = None) -> ImportResult:
    """Write a preview in one transaction. With a Database the transaction is committed here;
    with a Session the caller commits (or rolls back) it."""
    name = preview.file_name
    if preview.already_imported is not None:
        return ImportResult(name, False, f"Tệp {name} đã nhập trước đây; không ghi lại gì.",
                            kind=preview.kind or "", submission_id=preview.already_imported.submission_id,
                            already_imported=True)
    if preview.nothing_new:  # the office's own export read back: every row already held
        shown = ", ".join(preview.known_in[:6]) + (" ..." if len(preview.known_in) > 6 else "")
        return ImportResult(name, False, f"Tệp {name}: {preview.rows_known} dòng đã có trong hồ sơ {shown}, "
                            "không ghi gì.", kind=preview.kind or "", rows_known=preview.rows_known)
    if preview.blocked:
        raise ValidationError(f"Tệp {name} còn {len(preview.errors)} lỗi; chưa nhập. Hãy sửa tệp (hoặc "
                              "chọn lại đơn vị, năm, danh hiệu) rồi đọc lại.")
    today = today or dt.date.today()
    if isinstance(db_or_session, Session):
        folder = files_dir or _files_dir_of(db_or_session)
        with paused_gc():
            return _write(db_or_session, preview, folder, today)
    db = db_or_session
    folder = files_dir or (config.files_dir(db.path) if db.path else config.data_dir() / "files")

    def attempt() -> ImportResult:
        with paused_gc(), db.session(writes=True) as session:
            return _write(session, preview, folder, today)

    try:
        # Another PC's work crossing ours (a deadlock, or on a data file a write committed
        # after we read): the server undid ours whole, so the import simply runs again.
        return retrying(attempt)
    except DatabaseFailure as exc:
        if exc.kind != DUPLICATE:
            raise
        raise ConflictError(f"Dữ liệu vừa thay đổi trong lúc nhập tệp {name}; không ghi gì. Hãy đọc "
                            "lại tệp rồi nhập lại.") from exc


def replacing(preview: ImportPreview) -> bool:
    """Whether this file takes the place of the earlier version: always for a registration,
    score sheet or report; for an award list only when the clerk confirmed it."""
    if preview.replaces is None:
        return False
    return preview.kind != "award_proposal" or preview.replace_confirmed


def _write(session: Session, preview: ImportPreview, files_dir: Path, today: dt.date) -> ImportResult:
    name = preview.file_name
    session.info["audit_note"] = f"Nhập từ tệp {name}"
    if preview.kind == "ledger":  # an award book: ledger lines, no submission of a unit
        from app.history_writer import write_history

        return write_history(session, preview, files_dir, today)
    known = find_stored(session, preview.sha256)
    if known is not None and session.scalar(select(Submission.id).where(Submission.file_id == known.id).limit(1)):
        return ImportResult(name, False, f"Tệp {name} đã nhập trước đây; không ghi lại gì.",
                            kind=preview.kind or "", already_imported=True)
    stored = store_file(session, files_dir, preview.path, sha256=preview.sha256)
    if preview.parts:  # a list of many units: each unit's rows its own submission and dossier
        return _combined(preview, [_write_unit(session, part, stored, today) for part in preview.parts])
    return _write_unit(session, preview, stored, today)


def _write_unit(session: Session, preview: ImportPreview, stored, today: dt.date) -> ImportResult:
    """One unit's list: its submission (the next version) and what the kind carries."""
    name = preview.file_name
    kind = stored_kind(preview)
    unit_id, year = preview.unit.id, preview.year
    version = (session.scalar(select(func.max(Submission.version_no)).where(
        Submission.unit_id == unit_id, Submission.year == year, Submission.kind == kind)) or 0) + 1
    superseded = None
    if replacing(preview):
        superseded = session.get(Submission, preview.replaces.submission_id)
        if superseded is not None:
            superseded.status = "superseded"
    due_id = session.scalar(select(SubmissionDue.id).where(SubmissionDue.year == year, SubmissionDue.kind == kind))
    sub = Submission(unit_id=unit_id, year=year, kind=kind, due_id=due_id, version_no=version,
                     received_on=today, channel="import", status="received", file_id=stored.id,
                     summary=_summary(preview), problems=[p.as_dict() for p in preview.warnings],
                     notes=f"Nhập từ tệp {name}")
    session.add(sub)
    session.flush()
    result = ImportResult(name, True, "", kind=preview.kind or "", submission_id=sub.id,
                          version_no=version, superseded_id=superseded.id if superseded else None)
    if preview.kind == "award_proposal":
        _write_dossier(session, preview, sub, stored.id, today, result)
    elif preview.kind == "registration":
        _write_registrations(session, preview, sub, superseded, result)
    elif preview.kind == "bloc_scores":
        _write_scores(session, preview, sub, result)
    elif preview.kind == "ratings":
        from app.rating_import import write_ratings

        write_ratings(session, preview, _people(session, preview, result), result)
    session.flush()
    result.message = _message(preview, result)
    return result


def _combined(preview: ImportPreview, parts: list[ImportResult]) -> ImportResult:
    """One result for a list of many units, naming each unit's dossier."""
    first = parts[0]
    result = ImportResult(preview.file_name, True, "", kind=preview.kind or "", submission_id=first.submission_id,
                          version_no=first.version_no, dossier_id=first.dossier_id,
                          dossier_number=first.dossier_number, nominees=sum(p.nominees for p in parts),
                          people_created=sum(p.people_created for p in parts),
                          people_linked=sum(p.people_linked for p in parts), parts=parts)
    result.created_ids = set().union(*(p.created_ids for p in parts))
    dossiers = "; ".join(f"{part.unit.name}: hồ sơ {r.dossier_number} ({r.nominees})"
                         for part, r in zip(preview.parts, parts, strict=True))
    result.message = (f"Đã nhập {preview.file_name}: danh sách của {len(parts)} đơn vị, năm {preview.year}, "
                      f"{result.nominees} người/tập thể được đề nghị, mỗi đơn vị một hồ sơ — {dossiers}.")
    return result


def _summary(preview: ImportPreview) -> dict:
    awards = Counter(r.award.name for r in preview.rows if r.award)
    return {
        "file": preview.file_name, "title": preview.title, "rows": preview.rows_read,
        "individuals": preview.individuals, "collectives": preview.collectives,
        "households": sum(1 for r in preview.rows if r.subject == "household"),
        "females": sum(1 for r in preview.rows if r.gender == "Nữ"),
        "direct_workers": sum(1 for r in preview.rows if r.direct_worker),
        "awards": dict(awards), "proposal_ref": preview.proposal_ref,
        "dossier_kind": preview.category if preview.kind == "award_proposal" else None,
        "scores": len(preview.context.get("scores", {})),
        "figures": [{"code": f.code, "indicator": f.indicator, "measure": f.measure, "value": f.value}
                    for f in preview.figures],
    }


def _message(preview: ImportPreview, r: ImportResult) -> str:
    head = f"Đã nhập {preview.file_name}: {preview.unit.name}, năm {preview.year}"
    if preview.kind != "award_proposal" or replacing(preview):
        head += f", phiên bản {r.version_no}"  # a separate list of awards is no version of another
    if r.dossier_number:
        from app.catalog import DOSSIER_CATEGORIES

        kind = DOSSIER_CATEGORIES.get(preview.category, preview.category).lower()
        head += (f"; hồ sơ {r.dossier_number} ({kind}) với {r.nominees} người/tập thể được đề nghị "
                 f"({r.people_linked} đã có, {r.people_created} cá nhân mới)")
    elif r.registrations:
        head += f"; {r.registrations} đăng ký"
    elif r.scores:
        head += f"; {r.scores} tiêu chí có điểm tự chấm"
    elif preview.figures:
        head += f"; {len(preview.figures)} số liệu"
    return head + r.message_extra + "."


def _bulk_insert(session: Session, model, values: list[dict], *, returning: bool = True,
                 key_cols: tuple[str, ...] = ()) -> list[int]:
    """INSERT many rows in one Core statement (batched by SQLAlchemy's insertmanyvalues) and
    return their ids in the order given. The ORM's bulk path is ten times slower here.
    `key_cols`: columns whose values tell the rows apart (see below)."""
    if not values:
        return []
    table = model.__table__
    connection = session.connection()
    if not returning:
        _executemany(connection, table, values)
        return []
    # The ids come back with the columns that identify each row, in whatever order the database
    # returns them: asking for the parameters' order (sort_by_parameter_order) makes SQLAlchemy
    # insert row by row on SQLite, five times slower. Rows whose key columns repeat fall back
    # to that ordered path, the only way to tell them apart.
    keys = [c for c in key_cols if c in table.c]
    signatures = [tuple(v.get(c) for c in keys) for v in values]
    if keys and len(set(signatures)) == len(signatures):
        statement = insert(table).returning(table.c.id, *(table.c[c] for c in keys))
        found = {tuple(row[1:]): row[0] for row in connection.execute(statement, values)}
        return [found[sig] for sig in signatures]
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(connection.execute(statement, values).scalars())


def _executemany(connection, table, values: list[dict]) -> None:
    """INSERT rows with the driver's executemany, the statement compiled and each column's
    conversion looked up once (SQLAlchemy's own path builds every row's parameters anew, which
    was a third of a 5,000-row import). Rows all carry the same keys; columns left out take
    their scalar defaults; a callable default sends the rows the ordinary way."""
    keys = list(values[0])
    missing = [c for c in table.c if c.key not in values[0] and c.default is not None]
    if any(not c.default.is_scalar for c in missing) or any(set(v) != set(keys) for v in values[1:2]):
        connection.execute(insert(table), values)
        return
    defaults = {c.key: c.default.arg for c in missing}
    dialect = connection.dialect
    compiled = insert(table).compile(dialect=dialect, column_keys=[*keys, *defaults])
    names = list(compiled.positiontup) if compiled.positional else [*keys, *defaults]
    convert = {}
    for name in names:
        processor = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if processor is not None:
            convert[name] = processor
    # Column by column: one pass of each conversion over all rows (5,000 rows × 25 columns).
    columns = []
    for n in names:
        column = [v[n] for v in values] if n in values[0] else [defaults[n]] * len(values)
        if (fn := convert.get(n)) is not None:
            column = [None if x is None else fn(x) for x in column]
        columns.append(column)
    rows = list(zip(*columns, strict=True))
    if not compiled.positional:
        rows = [dict(zip(names, row, strict=True)) for row in rows]
    connection.exec_driver_sql(compiled.string, rows)


def _audit_bulk(session: Session, table: str, ids: list[int], *, count: int | None = None,
                dossier_id: int | None = None) -> None:
    """One audit line for a bulk insert (the per-row trail would double the import's cost)."""
    count = len(ids) if count is None else count
    if not count or session.info.get("audit_off"):
        return
    after: dict = {"count": count}
    if ids:
        after.update(first_id=min(ids), last_id=max(ids))
    if dossier_id is not None:
        after["dossier_id"] = dossier_id
    session.connection().execute(insert(AuditEntry.__table__), [{
        "at": dt.datetime.now().replace(microsecond=0), "user": current_actor().username,
        "entity": table, "entity_id": None, "action": "insert", "before": None, "after": after,
        "note": str(session.info.get("audit_note", ""))}])


def _people(session: Session, preview: ImportPreview, result: ImportResult) -> dict[int, int | None]:
    """Person id per individual row (index in preview.rows): linked, confirmed or created."""
    ids: dict[int, int | None] = {}
    to_create: dict[tuple, list[int]] = {}
    for i, r in enumerate(preview.rows):
        if r.subject != "individual":
            continue
        m = r.match
        if m is None or m.kind == "none" or (m.kind == "near" and r.choice == "new"):
            # Without a birth year, two rows of one name in other positions are two people.
            who = (r.key, r.birth_year, r.unit_id, fold(r.position) if r.birth_year is None else "")
            to_create.setdefault(who, []).append(i)
        elif m.kind == "exact":
            ids[i] = m.person_id
        elif isinstance(r.choice, int) and r.choice in {c.id for c in m.candidates}:
            ids[i] = r.choice
        else:
            ids[i] = None  # a near match not confirmed: the nominee stays unlinked
    linked = {pid for pid in ids.values() if pid}
    result.people_linked = len(linked)
    _fill_blanks(session, preview, ids)
    if to_create:
        firsts = [preview.rows[rows[0]] for rows in to_create.values()]
        values = [{"full_name": r.name[:120], "match_key": r.key[:120], "gender": GENDER_CODE.get(r.gender or ""),
                   "birth_year": r.birth_year, "birth_date": r.birth_date, "ethnicity": r.ethnicity,
                   "position": r.position[:200], "unit_id": r.unit_id, "is_direct_worker": r.direct_worker,
                   "is_leader": leads_by_position(r.position), "phone": "",
                   "notes": f"Tạo khi nhập tệp {preview.file_name}",
                   "version": 1} for r in firsts]
        new_ids = _bulk_insert(session, Person, values, key_cols=("match_key", "birth_year", "unit_id", "position"))
        for rows, pid in zip(to_create.values(), new_ids, strict=True):
            for i in rows:
                ids[i] = pid
        result.people_created = len(new_ids)
        result.created_ids = set(new_ids)
        _audit_bulk(session, "people", new_ids)
    return ids


def _fill_blanks(session: Session, preview: ImportPreview, ids: dict[int, int | None]) -> None:
    """A linked person's empty fields take what the list says; nothing known is overwritten."""
    wanted = {pid: preview.rows[i] for i, pid in ids.items() if pid}
    keys = sorted(wanted)
    for start in range(0, len(keys), CHUNK):
        for person in session.scalars(select(Person).where(Person.id.in_(keys[start:start + CHUNK]))):
            r = wanted[person.id]
            if person.gender is None and r.gender:
                person.gender = GENDER_CODE[r.gender]
            if person.birth_year is None and r.birth_year:
                person.birth_year = r.birth_year
            if person.birth_date is None and r.birth_date and person.birth_year in (None, r.birth_date.year):
                person.birth_date = r.birth_date
            if person.ethnicity is None and r.ethnicity:
                person.ethnicity = r.ethnicity
            if r.direct_worker and not person.is_direct_worker:
                person.is_direct_worker = True
            if not person.position and r.position:
                person.position = r.position[:200]


def _facts(session: Session, preview: ImportPreview, ids: dict[int, int | None],
           created: set[int] = frozenset()) -> None:
    """Ratings and initiatives the list declares, for people who have none recorded (people
    created by this import have none: they are not looked up)."""
    year = preview.year
    rated = {i: pid for i, pid in ids.items() if pid and preview.rows[i].rating}
    with_init = {i: pid for i, pid in ids.items() if pid and preview.rows[i].initiative}
    have_rating, have_init = set(), set()
    people = sorted({*rated.values(), *with_init.values()} - created)
    for start in range(0, len(people), CHUNK):
        chunk = people[start:start + CHUNK]
        have_rating |= set(session.scalars(select(PersonRating.person_id).where(
            PersonRating.person_id.in_(chunk), PersonRating.year == year)))
        have_init |= {(pid, title) for pid, title in session.execute(
            select(Initiative.person_id, Initiative.title).where(Initiative.person_id.in_(chunk)))}
    source = f"Nhập từ tệp {preview.file_name}"[:50]
    ratings = []
    for i, pid in rated.items():
        if pid not in have_rating:
            have_rating.add(pid)
            ratings.append({"person_id": pid, "year": year, "rating": preview.rows[i].rating, "source": source})
    inits = []
    for i, pid in with_init.items():
        title = preview.rows[i].initiative[:400]
        if (pid, title) not in have_init:
            have_init.add((pid, title))
            inits.append({"person_id": pid, "title": title, "kind": "sang_kien", "scope": "co_so",
                          "year": year, "recognised_by": ""})
    if ratings:
        _bulk_insert(session, PersonRating, ratings, returning=False)
    if inits:
        _bulk_insert(session, Initiative, inits, returning=False)


def _row_warnings(preview: ImportPreview) -> dict[tuple[str, int], list[dict]]:
    out: dict[tuple[str, int], list[dict]] = {}
    for p in preview.warnings:
        if p.row is not None:
            out.setdefault((p.sheet, p.row), []).append({"code": p.code, "message": p.message})
    return out


def _write_dossier(session: Session, preview: ImportPreview, sub: Submission, file_id: int,
                   today: dt.date, result: ImportResult) -> None:
    from app.dossier_documents import sync_documents
    from app.dossiers import _insert_numbered, due_date, next_number, who

    name = preview.file_name
    dossier = None
    if replacing(preview) and preview.replaces.dossier_id:
        dossier = session.get(Dossier, preview.replaces.dossier_id)
    if dossier is not None:  # a corrected list: the open dossier takes the new nominees
        session.execute(delete(Nominee).where(Nominee.dossier_id == dossier.id))
        session.add(DossierEvent(dossier_id=dossier.id, user=who(""), from_status=dossier.status,
                                 to_status="received",
                                 reason=f"Nhận danh sách sửa từ tệp {name} (phiên bản {sub.version_no})"))
        dossier.status, dossier.submission_id = "received", sub.id
        if preview.proposal_ref:
            dossier.proposal_ref = preview.proposal_ref[:100]
    else:
        dossier = Dossier(year=preview.year, number=next_number(session, preview.year),
                          unit_id=preview.unit.id, received_on=today, category=preview.category,
                          status="received", submission_id=sub.id,
                          due_on=due_date(session, preview.category, today),
                          title=(preview.title or f"Danh sách đề nghị khen thưởng của {preview.unit.name}")[:2000],
                          proposal_ref=preview.proposal_ref[:100])
        _insert_numbered(session, dossier)  # a number another PC took meanwhile: the next one
        session.add(DossierEvent(dossier_id=dossier.id, user=who(""), from_status="", to_status="received",
                                 reason=f"Nhập từ tệp {name}"))
    session.flush()
    ids = _people(session, preview, result)
    _facts(session, preview, ids, result.created_ids)
    warnings = _row_warnings(preview)
    values = []
    for i, r in enumerate(preview.rows):
        values.append({
            "dossier_id": dossier.id, "seq": i + 1, "subject": r.subject, "person_id": ids.get(i),
            "unit_id": r.unit_id, "name": r.name[:200], "rank": r.rank[:60], "position": r.position[:200],
            "unit_text": r.unit_text[:200], "award_type_id": r.award.id, "achievement": r.achievement,
            "rating": r.rating or "", "initiative": r.initiative, "is_direct_worker": r.direct_worker,
            "gender": GENDER_CODE.get(r.gender or "") if r.subject == "individual" else None,
            "birth_year": r.birth_year if r.subject == "individual" else None,
            "ethnicity": r.ethnicity if r.subject == "individual" else None,
            "verdict": "", "verdict_reasons": [], "appraisal": "pending", "appraisal_note": "",
            "warnings": warnings.get((r.sheet, r.row), []), "version": 1})
    # No RETURNING: nothing needs the nominees' ids here, and executemany is twice as fast.
    _bulk_insert(session, Nominee, values, returning=False)
    _audit_bulk(session, "nominees", [], count=len(values), dossier_id=dossier.id)
    sync_documents(session, dossier)  # the checklist for the category and the awards proposed
    for doc in session.scalars(select(DossierDocument).where(DossierDocument.dossier_id == dossier.id,
                                                             DossierDocument.code == "danh_sach")):
        doc.present, doc.file_id = True, file_id
    result.dossier_id, result.dossier_number, result.nominees = dossier.id, dossier.number, len(values)


def _write_registrations(session: Session, preview: ImportPreview, sub: Submission,
                         superseded: Submission | None, result: ImportResult) -> None:
    if superseded is not None:  # the corrected list replaces the lines of the one it corrects
        session.execute(delete(Registration).where(Registration.submission_id == superseded.id))
    ids = _people(session, preview, result)
    values = [{"submission_id": sub.id, "unit_id": preview.unit.id, "year": preview.year,
               "subject": r.subject, "person_id": ids.get(i), "name": r.name[:200],
               "award_code": r.award.code if r.award else "", "is_exemplar": r.exemplar,
               "notes": r.notes} for i, r in enumerate(preview.rows)]
    if values:
        new_ids = _bulk_insert(session, Registration, values)
        _audit_bulk(session, "registrations", new_ids)
        result.registrations = len(new_ids)


def _write_scores(session: Session, preview: ImportPreview, sub: Submission, result: ImportResult) -> None:
    scores: dict[int, tuple] = preview.context.get("scores", {})
    existing = {s.criterion_id: s for s in session.scalars(select(BlocScore).where(
        BlocScore.unit_id == preview.unit.id, BlocScore.criterion_id.in_(sorted(scores))))} if scores else {}
    for cid, (score, explanation) in scores.items():
        row = existing.get(cid)
        if row is None:
            session.add(BlocScore(criterion_id=cid, unit_id=preview.unit.id, self_score=score,
                                  explanation=explanation, submission_id=sub.id))
        else:
            row.self_score, row.explanation, row.submission_id = score, explanation, sub.id
    result.scores = len(scores)


def rows_for_person_review(preview: ImportPreview) -> list[NomineeRow]:
    """Rows whose person the user should confirm (near matches), in file order."""
    return [r for r in preview.rows if r.match is not None and r.match.kind == "near"]
