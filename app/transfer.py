"""Chuyển dữ liệu: copy an office between its data file and a server (`tdkt migrate`).

    tdkt migrate --from PATH.db --to postgresql://USER@HOST/DB [--force]   file → server
    tdkt migrate --from postgresql://... --to PATH.db [--force]            server → file (laptop)

Every table is copied in foreign-key order, in batches, inside one transaction on the target:
the target gets the source's schema version from the migrations, the rows with their ids, its
id sequences moved past them, then the migrations up to the program's head. Before that
transaction commits, each table's row count and checksum (SHA-256 over the rows in a
database-neutral form, order-free) are compared with the source's; any difference rolls it
all back. A target that already holds an office's data is refused unless `force`.

The pieces (`prepare`, `insert_rows`, `finish`, `checksums`) are shared with app/dump.py,
whose logical dump restores into either database the same way.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine, Table, func, inspect, select, update
from sqlalchemy.exc import DBAPIError

from app.audit import CATALOG_TABLES
from app.errors import DatabaseProblem, UserError
from db import migrate
from db import server as db_server
from db.models import Base
from db.session import make_engine

BATCH = 2000
Progress = Callable[[int, int], None]
EMPTY_OK = CATALOG_TABLES | {"alembic_version"}  # seeded on every start: not an office's data


def tables() -> list[Table]:
    """Every table of the schema, parents before children."""
    return list(Base.metadata.sorted_tables)


# --- a database-neutral form of a row -------------------------------------------------------

def plain(value: object) -> object:
    """A value as JSON can hold it, equal for equal data on SQLite and PostgreSQL."""
    if isinstance(value, decimal.Decimal):
        text = format(value.normalize(), "f")
        return text if "." not in text else text.rstrip("0").rstrip(".")
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)  # 2.0 and 2 are the same number whichever database kept it
    return value


def row_digest(row: Iterable[object]) -> bytes:
    return hashlib.sha256(json.dumps([plain(v) for v in row], ensure_ascii=False, sort_keys=True,
                                     separators=(",", ":")).encode("utf-8")).digest()


class TableSum:
    """Rows counted and an order-free checksum (the sorted row digests, hashed)."""

    def __init__(self) -> None:
        self.count = 0
        self._digests: list[bytes] = []

    def add(self, row: Iterable[object]) -> None:
        self.count += 1
        self._digests.append(row_digest(row))

    @property
    def hexdigest(self) -> str:
        h = hashlib.sha256()
        for d in sorted(self._digests):
            h.update(d)
        return h.hexdigest()


def stored_columns(conn: Connection, table: Table) -> list:
    """The model's columns this database's table has, in the model's order: a schema an older
    program left (before an upgrade, or a backup it made) lacks the newer ones."""
    have = {c["name"] for c in inspect(conn).get_columns(table.name)}
    return [c for c in table.columns if c.name in have]


def read_rows(conn: Connection, table: Table, batch: int = BATCH, *,
              columns: list | None = None) -> Iterator[list[tuple]]:
    """A table's rows in batches, by primary key (only `columns` when given)."""
    result = conn.execute(select(*(columns or table.columns)).order_by(*table.primary_key.columns),
                          execution_options={"stream_results": True, "yield_per": batch})
    for part in result.partitions(batch):
        yield [tuple(r) for r in part]


def checksums(conn: Connection, only: Iterable[Table] | None = None, *,
              columns: list | None = None) -> dict[str, TableSum]:
    sums = {}
    for table in only or tables():
        total = TableSum()
        for rows in read_rows(conn, table, columns=columns):
            for row in rows:
                total.add(row)
        sums[table.name] = total
    return sums


# --- writing into a target --------------------------------------------------------------

def upgrade_on(conn: Connection, revision: str) -> None:
    """Run the migrations up to `revision` on this connection, inside its transaction."""
    from alembic import command  # not at import: this module loads at every program start

    cfg = migrate.alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, revision)


def prepare(conn: Connection, revision: str) -> None:
    """An empty schema at `revision` (a server's old tables dropped first)."""
    if conn.dialect.name == "postgresql":
        db_server.drop_all_tables(conn)
    upgrade_on(conn, revision)


def insert_rows(conn: Connection, table: Table, batches: Iterable[list[tuple]], *,
                columns: list | None = None) -> TableSum:
    """Insert rows given as tuples in the table's column order (of `columns` when given);
    returns their count and sum. A column pointing at the same table (a unit's parent) is
    filled in after all rows are in, so a child listed before its parent never breaks the
    foreign key."""
    names = [c.name for c in (columns or table.columns)]
    later = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table and fk.parent.name in names]
    total, deferred = TableSum(), []
    for rows in batches:
        values = []
        for row in rows:
            total.add(row)
            record = dict(zip(names, row, strict=True))
            if later and any(record[c] is not None for c in later):
                deferred.append({"_id": record["id"], **{c: record[c] for c in later}})
                record.update({c: None for c in later})
            values.append(record)
        if values:
            conn.execute(table.insert(), values)
    if deferred:
        from sqlalchemy import bindparam

        stmt = update(table).where(table.c.id == bindparam("_id")).values(
            {c: bindparam(c) for c in later})
        conn.execute(stmt, deferred)
    return total


def finish(conn: Connection) -> None:
    """Ids continue past the copied ones; the schema is brought to the program's head."""
    db_server.sync_sequences(conn, tables())
    upgrade_on(conn, "head")


def has_office_data(engine: Engine | Connection) -> bool:
    """Whether a database holds anything but the schema and the seeded catalogue (read on
    that connection, inside its transaction, when given one)."""
    existing = set(inspect(engine).get_table_names())
    with nullcontext(engine) if isinstance(engine, Connection) else engine.connect() as conn:
        for table in tables():
            if table.name in existing and table.name not in EMPTY_OK:
                query = select(func.count()).select_from(table)
                if table.name == "settings":  # the data's own id is written on every first start
                    from app.data_identity import ID_KEY

                    query = query.where(table.c.key != ID_KEY)
                if conn.scalar(query):
                    return True
    return False


# --- the migrate command -------------------------------------------------------------------

@dataclass
class TableCheck:
    name: str
    source_rows: int
    target_rows: int
    source_sum: str
    target_sum: str

    @property
    def ok(self) -> bool:
        return self.source_rows == self.target_rows and self.source_sum == self.target_sum


@dataclass
class TransferResult:
    source: str
    target: str
    revision: str
    tables: list[TableCheck] = field(default_factory=list)
    seconds: float = 0.0
    safety_backup: str | None = None
    accounts_turned_off: bool = False  # the target had accounts on, the source had them off

    @property
    def rows(self) -> int:
        return sum(t.target_rows for t in self.tables)

    def as_dict(self) -> dict:
        return {"from": self.source, "to": self.target, "schema_version": self.revision,
                "ok": all(t.ok for t in self.tables), "rows": self.rows,
                "seconds": round(self.seconds, 2), "safety_backup": self.safety_backup,
                "accounts_turned_off": self.accounts_turned_off,
                "tables": [{"name": t.name, "rows": t.target_rows, "source_rows": t.source_rows,
                            "checksum": t.target_sum, "ok": t.ok} for t in self.tables]}

    def as_text(self) -> str:
        seconds = f"{self.seconds:.1f}".replace(".", ",")
        rows = f"{self.rows:,}".replace(",", ".")
        lines = [f"Đã chuyển dữ liệu từ {self.source} sang {self.target}: "
                 f"{len(self.tables)} bảng, {rows} dòng, {seconds} giây."]
        lines += [f"  {t.name:<28} {t.target_rows:>9}  {t.target_sum[:16]}  "
                  f"{'khớp' if t.ok else 'KHÔNG KHỚP'}" for t in self.tables if t.target_rows]
        lines.append("Số dòng và tổng kiểm tra (SHA-256) của mọi bảng khớp với nguồn.")
        if self.safety_backup:
            lines.append(f"Dữ liệu cũ ở nơi nhận được sao lưu tại {self.safety_backup}.")
        if self.accounts_turned_off:
            lines.append("Lưu ý: nguồn chưa bật tài khoản người dùng, nên tài khoản ở nơi nhận đã tắt "
                         "(đã ghi vào nhật ký thay đổi).")
        return "\n".join(lines)


def _source_engine(source: str | Path) -> tuple[Engine, str]:
    from app.server import is_server, open_server_engine, where

    if is_server(source):
        engine = open_server_engine(str(source))
    else:
        path = Path(source).expanduser().resolve()
        if not path.is_file():
            raise DatabaseProblem(f"Không tìm thấy tệp dữ liệu nguồn: {path}")
        with open(path, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                raise DatabaseProblem(f"Tệp {path} không phải tệp dữ liệu TĐKT.")
        engine = make_engine(path)
    revision = migrate.current_revision(engine)
    if revision is None:
        engine.dispose()
        raise DatabaseProblem(f"Nguồn {where(source)} chưa có dữ liệu TĐKT.")
    if revision not in migrate.known_revisions():
        engine.dispose()
        raise DatabaseProblem(f"Nguồn {where(source)} do phiên bản TĐKT mới hơn tạo ra; "
                              "hãy cập nhật chương trình.")
    return engine, revision


def copy_all(src: Connection, dst: Connection, revision: str, *, progress: Progress | None = None,
             batch: int = BATCH) -> list[TableCheck]:
    """Copy every table from src into dst (prepared here), compare, and finish dst; raises
    UserError when a table's count or checksum differs (the caller's transaction rolls back)."""
    prepare(dst, revision)
    existing = set(inspect(src).get_table_names())
    todo = [t for t in tables() if t.name in existing]
    checks = []
    for done, table in enumerate(todo, start=1):
        columns = stored_columns(src, table)  # src and dst are at the same revision
        written = insert_rows(dst, table, read_rows(src, table, batch, columns=columns), columns=columns)
        readback = checksums(dst, [table], columns=columns)[table.name]
        checks.append(TableCheck(table.name, written.count, readback.count, written.hexdigest,
                                 readback.hexdigest))
        if progress:
            progress(done, len(todo))
    bad = [c for c in checks if not c.ok]
    if bad:
        names = ", ".join(f"{c.name} ({c.source_rows} → {c.target_rows} dòng)" for c in bad[:5])
        raise UserError(f"Dữ liệu chép sang không khớp với nguồn ở bảng {names}; nơi nhận không thay đổi.")
    finish(dst)
    return checks


def migrate_data(source: str | Path, target: str | Path, *, force: bool = False,
                 progress: Progress | None = None, batch: int = BATCH) -> TransferResult:
    """Copy an office from `source` to `target` (each a data file or a server URL)."""
    from app.server import is_server, open_server_engine, where

    if str(source) == str(target):
        raise UserError("Nguồn và nơi nhận là một; không có gì để chuyển.")
    from app.restore import accounts_enabled, note_accounts_off

    started = time.perf_counter()
    accounts_before = accounts_enabled(target) if is_server(target) or Path(target).is_file() else False
    src_engine, revision = _source_engine(source)
    result = TransferResult(where(source), where(target), revision)
    try:
        if is_server(target):
            dst_engine = open_server_engine(str(target))
            try:
                if has_office_data(dst_engine) and not force:
                    raise UserError(f"Cơ sở dữ liệu {where(target)} đã có dữ liệu; không ghi đè. "
                                    "Dùng --force nếu chắc chắn muốn thay toàn bộ.")
                from app.dump import dump_engine
                from app.server import take_whole_database

                with _snapshot(src_engine) as src, dst_engine.begin() as dst:
                    take_whole_database(dst, "chuyển dữ liệu vào")  # others' work in progress first
                    # Backed up while every table is held, so no PC's save lands in between.
                    safety = dump_engine(dst_engine, "event", note="Trước khi chuyển dữ liệu vào",
                                         conn=dst) if has_office_data(dst) else None
                    try:
                        result.tables = copy_all(src, dst, revision, progress=progress, batch=batch)
                    except BaseException:
                        if safety is not None:
                            safety.unlink(missing_ok=True)  # nothing replaced: no undo needed
                        raise
                    result.safety_backup = str(safety) if safety else None
            finally:
                dst_engine.dispose()
        else:
            result.safety_backup = _copy_into_file(src_engine, Path(target), revision, force=force,
                                                   result=result, progress=progress, batch=batch)
    except DBAPIError as exc:
        from app.failures import failure

        found = failure(exc)  # the plain line; the driver's text only for what is not a failure
        why = found.message if found else str(getattr(exc, "orig", exc)).splitlines()[0][:200]
        raise DatabaseProblem(f"Chuyển dữ liệu thất bại, nơi nhận không thay đổi: {why}") from exc
    finally:
        src_engine.dispose()
    if accounts_before and not accounts_enabled(target):
        note_accounts_off(target, f"Chuyển dữ liệu từ {where(source)}")
        result.accounts_turned_off = True
    result.seconds = time.perf_counter() - started
    return result


class _snapshot:
    """One read transaction on the source, so every table is read as of the same moment."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def __enter__(self) -> Connection:
        options = {"isolation_level": "REPEATABLE READ"} if self.engine.dialect.name == "postgresql" else {}
        self.conn = self.engine.connect().execution_options(**options)
        self.trans = self.conn.begin()
        return self.conn

    def __exit__(self, *_exc) -> None:
        self.trans.rollback()  # read only
        self.conn.close()


def _copy_into_file(src_engine: Engine, target: Path, revision: str, *, force: bool,
                    result: TransferResult, progress, batch: int) -> str | None:
    """Build the data file beside the target, then put it in place (the old one backed up)."""
    from app import lock
    from app.backup import backup_file

    target = target.expanduser().resolve()
    if target.is_dir():
        raise UserError(f"{target} là một thư mục; hãy ghi tên tệp dữ liệu (ví dụ tdkt.db).")
    target.parent.mkdir(parents=True, exist_ok=True)
    safety = None
    with lock.acquire(target):
        if target.is_file() and target.stat().st_size > 0:
            probe = make_engine(target)
            try:
                full = has_office_data(probe)
            except DBAPIError:
                full = True  # not readable as ours: never replaced without being told
            finally:
                probe.dispose()
            if full and not force:
                raise UserError(f"Tệp {target} đã có dữ liệu; không ghi đè. Dùng --force nếu chắc "
                                "chắn muốn thay (tệp cũ sẽ được sao lưu trước).")
            if full:
                safety = str(backup_file(target, "Trước khi chép dữ liệu từ máy chủ"))
        fd, name = tempfile.mkstemp(prefix=".tdkt-chuyen-", suffix=".db", dir=target.parent)
        os.close(fd)
        staged = Path(name)
        staged.unlink()
        dst_engine = make_engine(staged)
        try:
            with _snapshot(src_engine) as src, dst_engine.begin() as dst:
                result.tables = copy_all(src, dst, revision, progress=progress, batch=batch)
        except BaseException:
            dst_engine.dispose()
            for suffix in ("", "-wal", "-shm"):
                Path(str(staged) + suffix).unlink(missing_ok=True)
            raise
        dst_engine.dispose()
        for suffix in ("-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        os.replace(staged, target)
    return safety
