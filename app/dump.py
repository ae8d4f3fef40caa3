"""Bản sao lưu logic: a backup of a server database (or a data file) that restores into either.

A server's data cannot be copied page by page as a SQLite file is (app/backup.py), so a backup
of a server is a logical dump: one `.zip` holding `manifest.json` (when, why, schema version,
and each table's row count and checksum), `tables/NNN-name.jsonl` (one JSON array per row, in
the table's column order, tables in foreign-key order) and `files/...` (the attachments). It
is read from one snapshot (REPEATABLE READ), written as `.part` and renamed when complete.

Restoring checks every table against the manifest inside the restoring transaction: into a
server, the schema is rebuilt and filled in one transaction (PostgreSQL's DDL is transactional);
into a data file, a new SQLite file is built and written into place with SQLite's backup API.
The current state is dumped (or backed up) first, so a restore can be undone.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Engine,
    Float,
    Integer,
    LargeBinary,
    Numeric,
    Table,
    Time,
    func,
    inspect,
    select,
)

from app import __version__, config
from app.backup import (
    COUNTED,
    FILES_PREFIX,
    MANIFEST_ENTRY,
    REASONS,
    BackupInfo,
    _reason_code,
    _target_name,
    prune,
)
from app.errors import DatabaseProblem, FileProblem
from app.transfer import TableSum, checksums, finish, insert_rows, plain, prepare, read_rows, tables
from db import migrate
from db import server as db_server
from db.session import make_engine

KIND = "logical"
TABLES_PREFIX = "tables/"


def dumps_folder(engine_or_url) -> Path:
    """The automatic backups of a server, in this PC's data folder (one folder per database)."""
    url = getattr(engine_or_url, "url", None) or db_server.server_url(str(engine_or_url))
    name = f"may-chu-{url.host}-{url.port or 5432}-{url.database}".replace("/", "_").replace(":", "_")
    return config.data_dir() / "backups" / name


def attachments_dir(engine: Engine) -> Path:
    """Where a database's attached files are: beside a data file; the data folder for a server."""
    database = engine.url.database
    if engine.dialect.name == "sqlite" and database:
        return Path(database).resolve().parent / "files"
    return config.data_dir() / "files"


def _entry(index: int, table: Table) -> str:
    return f"{TABLES_PREFIX}{index:03d}-{table.name}.jsonl"


def dump_engine(engine: Engine, reason: str, *, target_dir: Path | None = None,
                note: str = "") -> Path:
    """Write a logical dump of the database behind `engine`; returns the zip's path."""
    from app.transfer import _snapshot

    folder = Path(target_dir) if target_dir is not None else dumps_folder(engine)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FileProblem(f"Không tạo được thư mục sao lưu {folder}: {exc.strerror}.") from exc
    now = dt.datetime.now()
    code = _reason_code(reason)
    target = _target_name(folder, now, code)
    part = target.with_suffix(".zip.part")
    files_root = attachments_dir(engine)
    sums: dict[str, dict] = {}
    try:
        with _snapshot(engine) as conn, zipfile.ZipFile(part, "w", compression=zipfile.ZIP_DEFLATED,
                                                        compresslevel=1) as zf:
            revision = migrate.current_revision(engine)
            existing = set(inspect(conn).get_table_names())
            for index, table in enumerate(tables(), start=1):
                if table.name not in existing:
                    continue
                total = TableSum()
                with zf.open(_entry(index, table), "w") as out:
                    for rows in read_rows(conn, table):
                        lines = []
                        for row in rows:
                            total.add(row)
                            lines.append(json.dumps([plain(v) for v in row], ensure_ascii=False))
                        out.write(("\n".join(lines) + "\n").encode("utf-8"))
                sums[table.name] = {"rows": total.count, "sha256": total.hexdigest,
                                    "columns": [c.name for c in table.columns]}
            attachments = sorted(p for p in files_root.rglob("*") if p.is_file()) if files_root.is_dir() else []
            for file in attachments:
                zf.write(file, FILES_PREFIX + file.relative_to(files_root).as_posix())
            manifest = {
                "format": 1, "kind": KIND, "program": "TĐKT", "program_version": __version__,
                "created_at": now.isoformat(timespec="seconds"), "reason": code,
                "reason_text": note or (reason if code == "event" else REASONS[code]),
                "source": db_server.display(engine.url) if engine.dialect.name == "postgresql"
                else str(engine.url.database), "database": db_server.version_text(conn),
                "schema_version": revision, "files": len(attachments),
                "counts": {k: sums[k]["rows"] for k in COUNTED if k in sums}, "tables": sums}
            zf.writestr(MANIFEST_ENTRY, json.dumps(manifest, ensure_ascii=False, indent=2))
        os.replace(part, target)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise FileProblem(f"Không ghi được bản sao lưu vào {folder}: {exc.strerror or exc}.") from exc
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    if target_dir is None:
        prune(folder)
    return target


def dump_before_upgrade(engine: Engine) -> Path:
    """A server's schema is about to be upgraded: dump it first, as a data file is backed up."""
    return dump_engine(engine, "upgrade")


def backup_target(target: str | Path, reason: str, *, target_dir: Path | None = None) -> Path:
    """`tdkt backup` on a server URL: a logical dump."""
    from app.server import open_server_engine

    engine = open_server_engine(str(target))
    try:
        return dump_engine(engine, reason, target_dir=target_dir)
    finally:
        engine.dispose()


# --- reading a dump -----------------------------------------------------------------------

def is_dump(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            return json.loads(zf.read(MANIFEST_ENTRY).decode("utf-8")).get("kind") == KIND
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, AttributeError):
        return False


def read_dump(path: Path) -> tuple[BackupInfo, dict]:
    """What a dump says about itself, and its manifest; FileProblem when it is not one."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(zf.read(MANIFEST_ENTRY).decode("utf-8"))
        if manifest.get("kind") != KIND or not isinstance(manifest.get("tables"), dict):
            raise KeyError("kind")
        info = BackupInfo(path=path, created_at=dt.datetime.fromisoformat(manifest["created_at"]),
                          reason=manifest.get("reason", "event"), size=path.stat().st_size,
                          schema_version=manifest.get("schema_version"),
                          counts=manifest.get("counts") or {}, source=manifest.get("source", ""))
        return info, manifest
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, TypeError, AttributeError) as exc:
        raise FileProblem(f"Tệp {path} không phải bản sao lưu TĐKT hoặc đã hỏng.") from exc


def list_dumps(folder: Path) -> list[BackupInfo]:
    found = []
    for path in Path(folder).glob("*.zip") if Path(folder).is_dir() else []:
        try:
            found.append(read_dump(path)[0])
        except FileProblem:
            continue
    return sorted(found, key=lambda b: (b.created_at, b.path.name), reverse=True)


def _decoder(column):
    kind = column.type
    if isinstance(kind, DateTime):
        return dt.datetime.fromisoformat
    if isinstance(kind, Date):
        return dt.date.fromisoformat
    if isinstance(kind, Time):
        return dt.time.fromisoformat
    if isinstance(kind, Numeric) and not isinstance(kind, Float):
        return lambda v: decimal.Decimal(str(v))
    if isinstance(kind, Float):
        return float
    if isinstance(kind, Boolean):
        return bool
    if isinstance(kind, LargeBinary):
        return base64.b64decode
    if isinstance(kind, Integer):
        return int
    if isinstance(kind, JSON):
        return None  # stored as it was
    return None


def _rows(zf: zipfile.ZipFile, name: str, table: Table, columns: list[str]) -> Iterator[list[tuple]]:
    if columns != [c.name for c in table.columns]:
        raise FileProblem(f"Bản sao lưu có bảng {table.name} khác cấu trúc chương trình đang dùng.")
    decoders = [_decoder(c) for c in table.columns]
    batch = []
    with zf.open(name) as fh:
        for line in fh:
            if not line.strip():
                continue
            values = json.loads(line)
            batch.append(tuple(v if v is None or d is None else d(v) for v, d in zip(values, decoders, strict=True)))
            if len(batch) >= 2000:
                yield batch
                batch = []
    if batch:
        yield batch


def _load(conn, zf: zipfile.ZipFile, manifest: dict) -> int:
    """Fill a prepared connection from the dump, checking every table against the manifest."""
    by_name = {}
    for name in zf.namelist():
        if name.startswith(TABLES_PREFIX) and name.endswith(".jsonl"):
            by_name[name[len(TABLES_PREFIX) + 4:-len(".jsonl")]] = name
    prepare(conn, manifest["schema_version"])
    rows = 0
    for table in tables():
        noted = manifest["tables"].get(table.name)
        if noted is None:
            continue
        written = insert_rows(conn, table, _rows(zf, by_name[table.name], table, noted["columns"]))
        back = checksums(conn, [table])[table.name]
        if not (written.count == back.count == noted["rows"]
                and written.hexdigest == back.hexdigest == noted["sha256"]):
            raise FileProblem(f"Bản sao lưu hỏng ở bảng {table.name} (số dòng hoặc tổng kiểm tra "
                              "không khớp); dữ liệu hiện tại không thay đổi.")
        rows += back.count
    finish(conn)
    return rows


def _check(info: BackupInfo, manifest: dict) -> None:
    if manifest.get("schema_version") not in migrate.known_revisions():
        raise DatabaseProblem(f"Bản sao lưu {info.path.name} được tạo bởi phiên bản TĐKT mới hơn; "
                              "hãy cập nhật chương trình trước khi khôi phục.")


def _add_files(zf: zipfile.ZipFile, files_root: Path) -> int:
    """Attachments are named by their content's hash: adding the missing ones is enough."""
    from app.restore import _safe_member

    count = 0
    for name in zf.namelist():
        rel = _safe_member(name) if name.startswith(FILES_PREFIX) else None
        if rel is None:
            continue
        out = files_root.joinpath(*rel.parts)
        if out.exists():
            count += 1
            continue
        out.parent.mkdir(parents=True, exist_ok=True)
        with zf.open(name) as src, open(out, "wb") as dst:
            shutil.copyfileobj(src, dst)
        count += 1
    return count


@dataclass(frozen=True)
class DumpRestore:
    restored_from: Path
    safety_backup: Path | None
    rows: int
    files_restored: int
    accounts_turned_off: bool = False


def restore_dump(target: str | Path, dump: Path, *, say=None, wait_s: float | None = None) -> DumpRestore:
    """Replace the database at `target` (server URL or data file) with a logical dump's content;
    a restore that turns accounts off is written in the restored audit trail.

    On a server other PCs may be working: the restore waits for their work in progress (up to
    `wait_s`, saying so through `say`), then holds every table until it is done; they wait
    meanwhile. Still busy after the wait: refused, nothing changed. A deadlock with another
    PC's work runs the restore again (nothing of it was kept)."""
    from dataclasses import replace

    from app.restore import accounts_enabled, note_accounts_off

    before = accounts_enabled(target)
    result = _restore_dump(target, dump, say=say, wait_s=wait_s)
    if before and not accounts_enabled(target):
        note_accounts_off(target, f"Khôi phục từ bản sao lưu {result.restored_from.name}")
        result = replace(result, accounts_turned_off=True)
    return result


def _restore_dump(target: str | Path, dump: Path, *, say=None, wait_s: float | None = None) -> DumpRestore:
    from app.failures import retrying
    from app.server import WHOLE_WAIT_S, is_server, open_server_engine, take_whole_database

    info, manifest = read_dump(dump)
    _check(info, manifest)
    with zipfile.ZipFile(info.path) as zf:
        if is_server(target):
            engine = open_server_engine(str(target))
            try:
                safety = None if migrate.is_empty(engine) else dump_engine(engine, "restore")

                def load() -> int:
                    with engine.begin() as conn:
                        take_whole_database(conn, "khôi phục", say=say, wait_s=wait_s or WHOLE_WAIT_S)
                        return _load(conn, zf, manifest)

                rows = retrying(load)
                files = _add_files(zf, attachments_dir(engine))
            finally:
                engine.dispose()
            return DumpRestore(info.path, safety, rows, files)
        return _restore_into_file(Path(target), info, manifest, zf)


def _restore_into_file(db_path: Path, info: BackupInfo, manifest: dict, zf: zipfile.ZipFile) -> DumpRestore:
    from app.backup import backup_file
    from db import backup as sqlite_backup

    db_path = db_path.expanduser().resolve()
    with tempfile.TemporaryDirectory(prefix="tdkt-restore-") as tmp:
        snapshot = Path(tmp) / "tdkt.db"
        engine = make_engine(snapshot)
        try:
            with engine.begin() as conn:
                rows = _load(conn, zf, manifest)
        finally:
            engine.dispose()
        safety = None
        if db_path.is_file() and sqlite_backup.integrity(db_path) == "ok":
            safety = backup_file(db_path, "restore")
        try:
            if db_path.is_file():
                sqlite_backup.write_back(snapshot, db_path)
            else:
                db_path.parent.mkdir(parents=True, exist_ok=True)
                sqlite_backup.copy_database(snapshot, db_path)
        except sqlite_backup.CopyFailed as exc:
            raise FileProblem(f"Không ghi được vào tệp dữ liệu {db_path}: {exc}. "
                              "Dữ liệu hiện tại không thay đổi.") from exc
    files = _add_files(zf, db_path.parent / "files")
    return DumpRestore(info.path, safety, rows, files)


def describe_dump_restore(target: str, info: BackupInfo) -> str:
    """The confirmation text for restoring a dump over `target`."""
    from app.restore import _fmt_counts

    return (f"Toàn bộ dữ liệu của {target} sẽ bị THAY THẾ bằng bản sao lưu lúc "
            f"{info.created_at:%H:%M ngày %d/%m/%Y} ({info.reason_label}; {_fmt_counts(info.counts)}).\n"
            "Trước khi khôi phục, chương trình tự sao lưu dữ liệu hiện tại để có thể hoàn tác.")


def server_counts(engine: Engine) -> dict[str, int]:
    """Rows of the main tables of a server database (the check report)."""
    existing = set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        return {t.name: conn.scalar(select(func.count()).select_from(t)) for t in tables()
                if t.name in existing and t.name in COUNTED}


def daily_dump_if_due(engine: Engine, today: dt.date | None = None) -> Path | None:
    """At this PC's first start of a day on a server, dump it (as a data file is backed up
    daily); None when today's is already there."""
    today = today or dt.date.today()
    folder = dumps_folder(engine)
    if any(folder.glob(f"tdkt-{today:%Y%m%d}-*-daily.zip")):
        return None
    return dump_engine(engine, "daily")
