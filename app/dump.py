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

import datetime as dt
import json
import os
import zipfile
from contextlib import nullcontext
from pathlib import Path

from sqlalchemy import (
    Connection,
    Engine,
    Table,
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
    info_from_manifest,
    prune,
)
from app.errors import FileProblem
from app.transfer import TableSum, plain, read_rows, stored_columns, tables
from db import migrate
from db import server as db_server

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
                note: str = "", conn: Connection | None = None) -> Path:
    """Write a logical dump of the database behind `engine`; returns the zip's path. `conn`:
    read inside that connection's transaction (a restore dumps what it is about to replace
    while it holds every table, so no PC's save can land between the dump and the restore)."""
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
        reading = nullcontext(conn) if conn is not None else _snapshot(engine)
        with reading as conn, zipfile.ZipFile(part, "w", compression=zipfile.ZIP_DEFLATED,
                                              compresslevel=1) as zf:
            revision = migrate.revision_on(conn)
            existing = set(inspect(conn).get_table_names())
            for index, table in enumerate(tables(), start=1):
                if table.name not in existing:
                    continue
                total = TableSum()
                columns = stored_columns(conn, table)  # an older schema (before an upgrade) has fewer
                with zf.open(_entry(index, table), "w") as out:
                    for rows in read_rows(conn, table, columns=columns):
                        lines = []
                        for row in rows:
                            total.add(row)
                            lines.append(json.dumps([plain(v) for v in row], ensure_ascii=False))
                        out.write(("\n".join(lines) + "\n").encode("utf-8"))
                sums[table.name] = {"rows": total.count, "sha256": total.hexdigest,
                                    "columns": [c.name for c in columns]}
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
        return info_from_manifest(path, manifest), manifest
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


def restore_dump(target: str | Path, dump: Path, *, say=None, wait_s: float | None = None):
    """Replace the database at `target` with a dump's content (app/dump_restore.py)."""
    from app.dump_restore import restore_dump as restore

    return restore(target, dump, say=say, wait_s=wait_s)


def describe_dump_restore(target: str, info: BackupInfo) -> str:
    from app.dump_restore import describe_dump_restore as describe

    return describe(target, info)


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
