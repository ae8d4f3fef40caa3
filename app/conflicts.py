"""Hai người cùng sửa một bản ghi (optimistic locking): the second save is refused, plainly.

Dossiers, nominees, decisions, people, units, the office profile, blocs and bloc scores carry a
`version` column that SQLAlchemy checks on every UPDATE (`version_id_col`): a row changed by
someone else since it was read is not overwritten; the flush fails with StaleDataError.

Two ways a change by someone else is caught:
- between reading and writing in one transaction (two saves at the same moment): the version
  check in the UPDATE itself (StaleDataError, turned into ConflictError by `Database.session`);
- while the clerk was looking at a screen: the screen keeps the versions it showed
  (`seen_versions`) and hands them to the save (`expect`); a record written by the save whose
  version moved on since is refused before anything is written.

A third way: two clerks fill the same empty cell (the first score of a bloc criterion, any
new row a unique constraint allows once). The second insert is refused by the constraint; the
row the first clerk wrote is found by the same unique values (`from_duplicate`).

Either way the clerk gets a ConflictError whose message names the record, who changed it and
when (the newest entry of the audit trail for it) and what they typed that was not saved, in
the office's words: field names and coded values (statuses, appraisal results) as the screens
show them, never a column name or a row id.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy import UniqueConstraint, event, inspect, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from app.audit import ENTITY_LABELS, field_label
from app.errors import ConflictError
from db import models as m
from db.session import listen_once

EXPECT_KEY = "expected_versions"  # session.info: {(table, id): version the screen showed}
FLUSHING_KEY = "versioned_flushing"  # session.info: rows the current flush writes
PENDING_KEY = "versioned_writes"  # session.info: {(table, id): (version read, label, changes)}
NEW_KEY = "versioned_new"  # session.info: {(table, ((column, value), ...)): (label, changes)}
ABSENT = 0  # the version a screen "saw" for a row that was not there yet (an empty cell)
_NAME_FIELDS = ("number", "full_name", "name", "title", "office_name")
_MAX_SHOWN = 6


class StaleRecord(ConflictError):
    """Raised inside a session (no query there): the row `ident` moved on from `read`.
    `Database.session` turns it into a RecordConflict with who and when."""

    def __init__(self, ident: tuple[str, int], noted: tuple):
        super().__init__("Bản ghi vừa được người khác sửa.")
        self.ident, self.noted = ident, noted


class RecordConflict(ConflictError):
    """A record changed by someone else since it was read; says who, when and what was lost."""

    def __init__(self, message: str, *, entity: str, entity_id: int | None, by: str = "",
                 at: dt.datetime | None = None, unsaved: dict | None = None):
        super().__init__(message)
        self.entity, self.entity_id = entity, entity_id
        self.by, self.at = by, at
        self.unsaved = unsaved or {}


def seen_versions(session: Session, model, ids: Iterable[int]) -> dict[tuple[str, int], int]:
    """The versions of these rows now: what a screen keeps to hand back to its saves."""
    ids = [i for i in ids if i is not None]
    if not ids:
        return {}
    rows = session.execute(select(model.id, model.version).where(model.id.in_(ids)))
    return {(model.__tablename__, rid): version for rid, version in rows}


def expect(session: Session, seen: dict[tuple[str, int], int] | None) -> None:
    """Refuse, in this session, to write any of these rows whose version is no longer `seen`."""
    if seen:
        session.info.setdefault(EXPECT_KEY, {}).update(seen)


def _name_of(session: Session | None, model, ident) -> str:
    if session is None or ident is None:
        return ""
    with session.no_autoflush:
        row = session.get(model, ident)
    return next((str(getattr(row, f)) for f in _NAME_FIELDS if getattr(row, f, None)), "") if row else ""


def _label(obj, session: Session | None = None) -> str:
    """What the record is called on screen (never its row id)."""
    for name in _NAME_FIELDS:
        value = getattr(obj, name, None)
        if value:
            return str(value)
    if isinstance(obj, m.BlocScore):
        criterion = None
        if session is not None:
            with session.no_autoflush:
                criterion = session.get(m.BlocCriterion, obj.criterion_id)
        unit = _name_of(session, m.Unit, obj.unit_id)
        what = f"tiêu chí {criterion.code} «{criterion.title}»" if criterion and criterion.code else (
            f"tiêu chí «{criterion.title}»" if criterion else "một tiêu chí")
        return f"{what} của {unit}" if unit else what
    for ref, model in (("bloc_id", m.Bloc), ("unit_id", m.Unit)):
        name = _name_of(session, model, getattr(obj, ref, None))
        if name:
            return name
    return ""


def _value_labels() -> dict[tuple[str, str], dict]:
    # Imported here: these modules import this one's neighbours (no cycle at import time).
    from app.catalog import DOSSIER_CATEGORIES, RATINGS, SUBJECTS
    from app.dossiers import AUTHORITIES, STATUSES
    from app.nominees import APPRAISALS

    return {("dossiers", "status"): STATUSES, ("dossiers", "category"): DOSSIER_CATEGORIES,
            ("dossiers", "authority"): AUTHORITIES, ("nominees", "appraisal"): APPRAISALS,
            ("nominees", "subject"): SUBJECTS, ("nominees", "rating"): RATINGS,
            ("nominees", "verdict"): {"meets": "Đủ điều kiện", "fails": "Không đủ điều kiện",
                                      "unknown": "Chưa rõ", "": "Chưa xét"}}


_REFERENCES = {"unit_id": m.Unit, "person_id": m.Person, "award_type_id": m.AwardType,
               "movement_id": m.Movement, "bloc_id": m.Bloc, "head_unit_id": m.Unit,
               "deputy_unit_id": m.Unit, "parent_id": m.Unit, "merged_into_id": m.Unit}


def _shown(value: object, table: str = "", key: str = "", session: Session | None = None) -> str:
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, Decimal | float):  # points, money: as the screens write them
        return f"{Decimal(str(value)).normalize():f}".replace(".", ",")
    if key in _REFERENCES:
        return _name_of(session, _REFERENCES[key], value) or "(trống)"
    labels = _value_labels().get((table, key))
    if labels is not None and value in labels:
        value = labels[value]
    text = "" if value is None else str(value)
    return text if len(text) <= 80 else text[:80] + "…"


# Bookkeeping a clerk never types: not listed among "what you typed".
_NOT_TYPED = ("id", "version", "created_at", "updated_at", "search_key", "match_key", "verdict_reasons",
              "warnings", "seq", "submission_id", "dossier_id", "criterion_id", "password_hash")


def _typed(obj, session: Session | None = None) -> dict[str, str]:
    """What this save changes on the record (field label → value typed), to tell the clerk."""
    state = inspect(obj)
    typed = {}
    for attr in state.mapper.column_attrs:
        column = attr.columns[0]
        if getattr(column, "table", None) is not state.mapper.local_table:
            continue  # computed, e.g. a linked person's name (db/models/names.py)
        name = column.name  # `written_name` is the column `name`
        if name in _NOT_TYPED or name.endswith("_key"):
            continue
        hist = state.attrs[attr.key].history
        if hist.added and hist.deleted != hist.added and not (state.key is None and hist.added[0] in (None, "")):
            typed[field_label(name)] = _shown(hist.added[0], obj.__tablename__, name, session)
    return typed


def _natural_key(obj) -> tuple | None:
    """The values of the first unique constraint of a new row's table (None when it has none,
    or a value is not known yet)."""
    for constraint in obj.__table__.constraints:
        if isinstance(constraint, UniqueConstraint):
            values = tuple((c.name, getattr(obj, c.key, None)) for c in constraint.columns)
            if all(v is not None for _, v in values):
                return values
    return None


def _track(session: Session, _context, _instances) -> None:
    """Before each flush: note the versioned rows being written; refuse those a screen saw older."""
    expected = session.info.get(EXPECT_KEY) or {}
    pending = session.info.setdefault(PENDING_KEY, {})
    for obj in session.new:  # a row only one clerk may add: whoever adds it first wins
        if inspect(obj).mapper.version_id_col is None:
            continue
        natural = _natural_key(obj)
        if natural is not None:
            session.info.setdefault(NEW_KEY, {})[(obj.__tablename__, natural)] = (
                _label(obj, session), _typed(obj, session))
    for obj in (*session.dirty, *session.deleted):
        state = inspect(obj)
        if state.mapper.version_id_col is None or state.key is None:
            continue
        deleting = obj in session.deleted
        if not deleting and not session.is_modified(obj, include_collections=False):
            continue
        ident = (obj.__tablename__, obj.id)
        read = state.committed_state.get("version", obj.version)
        pending[ident] = (read, _label(obj, session), {} if deleting else _typed(obj, session))
        if ident in expected and expected[ident] != read:
            raise StaleRecord(ident, pending[ident])
        natural = _natural_key(obj) if expected else None
        if natural is not None and expected.get((obj.__tablename__, natural)) == ABSENT:
            raise StaleRecord(ident, pending[ident])  # the screen showed it empty; someone filled it
        session.info.setdefault(FLUSHING_KEY, []).append(obj)


def _written(session: Session, _context) -> None:
    """After a flush: the versions this session just wrote are the ones it now expects (a
    second flush of the same record, or reading it again, is not someone else's change)."""
    session.info.pop(NEW_KEY, None)  # the rows just added are ours now, nobody else's
    expected = session.info.get(EXPECT_KEY)
    for obj in session.info.pop(FLUSHING_KEY, []):
        ident = (obj.__tablename__, obj.id)
        if expected is not None and ident in expected and obj in session:
            expected[ident] = obj.version


def _loaded(target, context) -> None:
    """A row a screen showed is read again in a save: refuse at once if it moved on, before a
    service acts on what the clerk never saw (its state checks would give a wrong reason)."""
    # A bulk UPDATE with synchronize_session="fetch" refreshes loaded rows without a query
    # context: nothing to compare then.
    session = getattr(context, "session", None)
    expected = session.info.get(EXPECT_KEY) if session is not None else None
    if not expected or getattr(target, "version", None) is None:
        return
    ident = (target.__tablename__, target.id)
    if ident in expected and expected[ident] != target.version:
        raise StaleRecord(ident, (expected[ident], _label(target, session), {}))


def _last_change(session: Session, table: str, entity_id: int) -> tuple[str, dt.datetime | None]:
    entry = session.execute(
        select(m.AuditEntry.user, m.AuditEntry.at, m.AuditEntry.action)
        .where(m.AuditEntry.entity == table, m.AuditEntry.entity_id == entity_id)
        .order_by(m.AuditEntry.id.desc()).limit(1)).first()
    return (entry.user, entry.at) if entry else ("", None)


def _conflict(session: Session, ident: tuple[str, int], info: tuple, *, created: bool = False) -> RecordConflict:
    table, entity_id = ident
    _read, label, typed = info
    by, at = _last_change(session, table, entity_id)
    what = ENTITY_LABELS.get(table, "bản ghi").lower()
    who = f"«{by}»" if by else "người khác"
    when = f" lúc {at:%H:%M ngày %d/%m/%Y}" if at else ""
    if created:
        where = f" ở {label}" if label else ""
        lines = [f"Không lưu được: {what}{where} vừa được {who} nhập{when}, cùng lúc với anh/chị."]
    else:
        named = f" «{label}»" if label else " này"
        lines = [f"Không lưu được: {what}{named} vừa được {who} sửa{when}, sau khi anh/chị mở nó."]
    shown = "; ".join(f"{k}: {v}" for k, v in list(typed.items())[:_MAX_SHOWN])
    lines.append("Thay đổi của anh/chị CHƯA được lưu" + (f" — {shown}." if shown else "."))
    lines.append("Màn hình đã tải lại dữ liệu mới nhất; hãy xem lại rồi làm lại nếu vẫn cần.")
    return RecordConflict("\n".join(lines), entity=table, entity_id=entity_id, by=by, at=at,
                          unsaved=typed)


def _taken(session: Session, new: dict) -> RecordConflict | None:
    """A row this session tried to add that someone else has added meanwhile."""
    for (table, natural), (label, typed) in new.items():
        model = m.Base.metadata.tables[table]
        found = session.execute(select(model.c.id).where(
            *[model.c[name] == value for name, value in natural])).first()
        if found is not None:
            return _conflict(session, (table, found[0]), (None, label, typed), created=True)
    return None


def from_duplicate(factory: sessionmaker, info: dict) -> RecordConflict | None:
    """After a unique constraint refused a flush: the conflict with the clerk who added the
    same row first (None when the refused row was not one of ours to tell about)."""
    new = info.get(NEW_KEY) or {}
    if not new:
        return None
    with factory() as session:
        return _taken(session, new)


def _moved(factory: sessionmaker, pending: dict, table_hint: str, new: dict | None = None) -> RecordConflict | None:
    with factory() as session:
        if new:
            found = _taken(session, new)
            if found is not None:
                return found
        for (table, entity_id), noted in pending.items():
            if table_hint and f"'{table}'" not in table_hint:
                continue
            model = m.Base.metadata.tables[table]
            now = session.execute(select(model.c.version).where(model.c.id == entity_id)).first()
            if now is None or now[0] != noted[0]:
                return _conflict(session, (table, entity_id), noted)
    return None


def from_stale(factory: sessionmaker, info: dict, exc: Exception, *, engine=None,
               wait_s: float = 0.0) -> ConflictError:
    """The ConflictError for a failed version check, read in a fresh session (the failed one is
    rolled back): the first noted row whose version moved on, or was deleted.

    With `engine` and `wait_s` (SQLite's "database is locked": another writer is still in its
    transaction), wait for that writer to finish, then look."""
    from db.server import sqlite_writer_active

    pending = info.get(PENDING_KEY) or {}
    new = info.get(NEW_KEY) or {}
    hint = str(exc) if isinstance(exc, StaleDataError) else ""  # it names the table
    deadline = time.monotonic() + wait_s
    while pending or new:
        found = _moved(factory, pending, hint, new)
        if found is not None:
            return found
        if engine is None or time.monotonic() > deadline or not sqlite_writer_active(engine):
            found = _moved(factory, pending, hint, new)  # the writer may have just committed
            if found is not None:
                return found
            break
        time.sleep(0.05)
    return ConflictError("Không lưu được: dữ liệu vừa được người khác sửa cùng lúc. "
                         "Màn hình đã tải lại dữ liệu mới nhất; hãy làm lại thao tác.")


def describe(factory: sessionmaker, exc: StaleRecord) -> RecordConflict:
    """The full message for a StaleRecord, read in a fresh session after the rollback."""
    with factory() as session:
        return _conflict(session, exc.ident, exc.noted)


def register(factory: sessionmaker) -> None:
    """Check versions on every flush of this factory's sessions (idempotent)."""
    listen_once(factory, "conflicts", [("before_flush", _track),
                                       ("after_flush_postexec", _written)])
    if not event.contains(m.Base, "load", _loaded):
        event.listen(m.Base, "load", _loaded, propagate=True)
        event.listen(m.Base, "refresh", _loaded_again, propagate=True)


def _loaded_again(target, context, _attrs) -> None:
    _loaded(target, context)


def bloc_score_versions(session: Session, bloc_id: int) -> dict[tuple, int]:
    """The versions of a bloc's score cells, as its score sheet shows them; an empty cell (a
    member not scored yet on a criterion) is kept as ABSENT under the cell's natural key, so a
    score someone else enters meanwhile is not overwritten by a save from the empty cell."""
    scored = session.execute(select(m.BlocScore.id, m.BlocScore.version, m.BlocScore.criterion_id,
                                    m.BlocScore.unit_id)
                             .join(m.BlocCriterion, m.BlocCriterion.id == m.BlocScore.criterion_id)
                             .where(m.BlocCriterion.bloc_id == bloc_id)).all()
    seen: dict[tuple, int] = {("bloc_scores", r.id): r.version for r in scored}
    filled = {(r.criterion_id, r.unit_id) for r in scored}
    criteria = session.scalars(select(m.BlocCriterion.id).where(m.BlocCriterion.bloc_id == bloc_id))
    criteria = list(criteria)
    members = list(session.scalars(select(m.BlocMember.unit_id).where(m.BlocMember.bloc_id == bloc_id)))
    for criterion_id in criteria:
        for unit_id in members:
            if (criterion_id, unit_id) not in filled:
                seen[("bloc_scores", (("criterion_id", criterion_id), ("unit_id", unit_id)))] = ABSENT
    return seen
