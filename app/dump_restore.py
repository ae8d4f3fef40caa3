"""Khôi phục bản sao lưu logic: a dump (app/dump.py) put back into a server or a data file.

A dump is a file anyone can hand the program, so nothing in it is trusted before it is
checked: the manifest's table entries (types, one data entry each, every table of the
schema present), each row (valid JSON, as many values as the table has columns, each
decodable as its column's type), the rows and checksum of each table against the manifest,
and the room it needs on the disk before anything is unpacked. Every failure is one
FileProblem naming the table and line, and the current data is unchanged: into a server, all
happens in one transaction; into a data file, a new file is built aside and written in place
after the current one is backed up (or, damaged, kept as it is).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import decimal
import json
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    Numeric,
    Table,
    Time,
    inspect,
)
from sqlalchemy.exc import SQLAlchemyError

from app.backup import FILES_PREFIX, BackupInfo
from app.backup_checks import NoRoom, ensure_room, file_size
from app.dump import TABLES_PREFIX, attachments_dir, dump_engine, read_dump
from app.errors import DatabaseProblem, FileProblem
from app.transfer import checksums, finish, insert_rows, prepare, tables
from db import errors as db_errors
from db import migrate
from db.session import make_engine

BATCH = 2000


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
        return _whole
    if isinstance(kind, JSON):
        return None  # stored as it was
    return None


def _whole(value: object) -> int:
    """An integer column's value: a whole number (or its digits), never text or a fraction."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError(f"không phải số nguyên: {value!r}"[:80])
    return int(value)


class _Where:
    """Which table and line the load is at, for the message when a row is bad."""

    table = ""
    line = 0


def _rows(zf: zipfile.ZipFile, name: str, table: Table, where: _Where,
          columns: list | None = None) -> Iterator[list[tuple]]:
    decoders = [_decoder(c) for c in (columns or table.columns)]
    batch = []
    with zf.open(name) as fh:
        for where.line, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            values = json.loads(line)
            if not isinstance(values, list) or len(values) != len(decoders):
                raise ValueError(f"cần {len(decoders)} giá trị, có "
                                 f"{len(values) if isinstance(values, list) else 'một giá trị lẻ'}")
            batch.append(tuple(v if v is None or d is None else d(v) for v, d in zip(values, decoders, strict=True)))
            if len(batch) >= BATCH:
                yield batch
                batch = []
    if batch:
        yield batch


def _entries(zf: zipfile.ZipFile, manifest: dict, info: BackupInfo) -> dict[str, str]:
    """Table name → its data entry, after checking each table the manifest lists."""
    by_name = {}
    for name in zf.namelist():
        if name.startswith(TABLES_PREFIX) and name.endswith(".jsonl"):
            by_name[name[len(TABLES_PREFIX) + 4:-len(".jsonl")]] = name
    known = {t.name: t for t in tables()}
    for table, noted in manifest["tables"].items():
        if table not in known:
            raise FileProblem(f"Bản sao lưu {info.path.name} có bảng lạ «{str(table)[:40]}»; không khôi phục.")
        ok = (isinstance(noted, dict) and isinstance(noted.get("columns"), list)
              and isinstance(noted.get("rows"), int) and not isinstance(noted.get("rows"), bool)
              and isinstance(noted.get("sha256"), str))
        if not ok:
            raise FileProblem(f"Bản sao lưu {info.path.name} hỏng: mục bảng {table} trong sổ kê không đúng "
                              "dạng; không khôi phục.")
        # The program's columns in its order; a backup of an older schema (the dump made
        # before an upgrade) lacks the newer ones, which the upgrade after loading adds.
        model = [c.name for c in known[table].columns]
        if not noted["columns"] or [n for n in model if n in noted["columns"]] != noted["columns"]:
            raise FileProblem(f"Bản sao lưu có bảng {table} khác cấu trúc chương trình đang dùng.")
        if table not in by_name:
            raise FileProblem(f"Bản sao lưu {info.path.name} thiếu dữ liệu bảng {table}; không khôi phục.")
    return by_name


def _load(conn, zf: zipfile.ZipFile, manifest: dict, info: BackupInfo) -> int:
    """Fill a prepared connection from the dump, checking every table against the manifest."""
    by_name = _entries(zf, manifest, info)
    prepare(conn, manifest["schema_version"])
    created = set(inspect(conn).get_table_names())
    missing = [t.name for t in tables() if t.name in created and t.name not in manifest["tables"]]
    if missing:
        raise FileProblem(f"Bản sao lưu {info.path.name} thiếu bảng {', '.join(missing[:3])}; không khôi phục.")
    rows, where = 0, _Where()
    try:
        for table in tables():
            noted = manifest["tables"].get(table.name)
            if noted is None:
                continue
            where.table, where.line = table.name, 0
            columns = [table.c[n] for n in noted["columns"]]
            written = insert_rows(conn, table, _rows(zf, by_name[table.name], table, where, columns),
                                  columns=columns)
            back = checksums(conn, [table], columns=columns)[table.name]
            if not (written.count == back.count == noted["rows"]
                    and written.hexdigest == back.hexdigest == noted["sha256"]):
                raise FileProblem(f"Bản sao lưu hỏng ở bảng {table.name} (số dòng hoặc tổng kiểm tra "
                                  "không khớp); dữ liệu hiện tại không thay đổi.")
            rows += back.count
    except (ValueError, TypeError, KeyError, UnicodeDecodeError, decimal.InvalidOperation,
            binascii.Error, OverflowError, zipfile.BadZipFile, SQLAlchemyError) as exc:
        if db_errors.kind_of(exc) == db_errors.DISK_FULL:
            raise NoRoom("Ổ đĩa đầy khi dựng lại dữ liệu từ bản sao lưu; dữ liệu hiện tại không thay đổi. "
                         "Hãy giải phóng chỗ trống rồi làm lại.") from exc
        if isinstance(exc, SQLAlchemyError) and db_errors.kind_of(exc) != db_errors.OTHER:
            raise
        at = f" dòng {where.line}" if where.line else ""
        raise FileProblem(f"Bản sao lưu {info.path.name} hỏng ở bảng {where.table}{at} "
                          f"({_reason(exc)}); dữ liệu hiện tại không thay đổi.") from exc
    finish(conn)
    return rows


def _reason(exc: BaseException) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return "không phải JSON"
    if isinstance(exc, SQLAlchemyError):
        return "giá trị không hợp với bảng"
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:100]


def _check(info: BackupInfo, manifest: dict) -> None:
    version = manifest.get("schema_version")
    if not isinstance(version, str) or not migrate.is_known(version):
        raise DatabaseProblem(f"Bản sao lưu {info.path.name} được tạo bởi phiên bản TĐKT mới hơn; "
                              "hãy cập nhật chương trình trước khi khôi phục.")


def _add_files(zf: zipfile.ZipFile, files_root: Path) -> int:
    """Attachments are named by their content's hash: adding the missing ones is enough."""
    import shutil

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
    from app.restore import accounts_enabled, note_accounts_off

    before = accounts_enabled(target)
    result = _restore(target, dump, say=say, wait_s=wait_s)
    if before and not accounts_enabled(target):
        note_accounts_off(target, f"Khôi phục từ bản sao lưu {result.restored_from.name}")
        result = replace(result, accounts_turned_off=True)
    return result


def _restore(target: str | Path, dump: Path, *, say=None, wait_s: float | None = None) -> DumpRestore:
    from app.failures import retrying
    from app.server import WHOLE_WAIT_S, is_server, open_server_engine, take_whole_database

    info, manifest = read_dump(dump)
    _check(info, manifest)
    try:
        with zipfile.ZipFile(info.path) as zf:
            if is_server(target):
                engine = open_server_engine(str(target))
                safety: list[Path] = []
                try:
                    def load() -> int:
                        with engine.begin() as conn:
                            take_whole_database(conn, "khôi phục", say=say, wait_s=wait_s or WHOLE_WAIT_S)
                            # The safety dump is read while every table is held: a save another
                            # PC made before is in it, one after waits (or is refused) and lands
                            # in the restored data. Never a save reported done and then gone.
                            safety[:] = [] if not inspect(conn).get_table_names() else \
                                [dump_engine(engine, "restore", conn=conn)]
                            try:
                                return _load(conn, zf, manifest, info)
                            except BaseException:
                                for made in safety:  # nothing replaced: no undo needed
                                    made.unlink(missing_ok=True)
                                safety.clear()
                                raise

                    rows = retrying(load)
                    files = _add_files(zf, attachments_dir(engine))
                finally:
                    engine.dispose()
                return DumpRestore(info.path, safety[0] if safety else None, rows, files)
            return _restore_into_file(Path(target), info, manifest, zf)
    except (OSError, zipfile.BadZipFile) as exc:
        if isinstance(exc, OSError) and exc.errno is not None:
            raise  # the disk, not the dump (app/last_resort.py says which)
        raise FileProblem(f"Không đọc được bản sao lưu {info.path.name}.") from exc


def _restore_into_file(db_path: Path, info: BackupInfo, manifest: dict, zf: zipfile.ZipFile) -> DumpRestore:
    from app.restore import _put_snapshot, _safety_backup
    from db import backup as sqlite_backup

    db_path = db_path.expanduser().resolve()
    unpacked = sum(i.file_size for i in zf.infolist() if i.filename.startswith(TABLES_PREFIX))
    attachments = sum(i.file_size for i in zf.infolist() if i.filename.startswith(FILES_PREFIX))
    ensure_room(Path(tempfile.gettempdir()), unpacked, f"dựng lại dữ liệu từ {info.path.name}")
    current = file_size(db_path) if db_path.is_file() else 0
    ensure_room(db_path.parent, unpacked + attachments + current, f"khôi phục {info.path.name}")
    with tempfile.TemporaryDirectory(prefix="tdkt-restore-") as tmp:
        snapshot = Path(tmp) / "tdkt.db"
        engine = make_engine(snapshot)
        try:
            with engine.begin() as conn:
                rows = _load(conn, zf, manifest, info)
        finally:
            engine.dispose()
        db_path.parent.mkdir(parents=True, exist_ok=True)
        # The current file is kept first, damaged or not (a damaged one as it is, named so).
        safety = _safety_backup(db_path)
        try:
            _put_snapshot(snapshot, db_path)
        except sqlite_backup.CopyFailed as exc:
            raise FileProblem(f"Không ghi được vào tệp dữ liệu {db_path}: {exc}. "
                              "Dữ liệu hiện tại không thay đổi.") from exc
    files = _add_files(zf, db_path.parent / "files")
    return DumpRestore(info.path, safety, rows, files)


def dump_counts(info: BackupInfo) -> dict[str, int]:
    """Rows of the main tables as the dump holds them (its lines), not as its manifest says."""
    from app.backup import COUNTED

    found = {}
    try:
        with zipfile.ZipFile(info.path) as zf:
            for name in zf.namelist():
                table = name[len(TABLES_PREFIX) + 4:-len(".jsonl")] if name.startswith(TABLES_PREFIX) else ""
                if table in COUNTED:
                    with zf.open(name) as fh:
                        found[table] = sum(1 for line in fh if line.strip())
    except (OSError, zipfile.BadZipFile):
        return {}
    return found


def describe_dump_restore(target: str, info: BackupInfo) -> str:
    """The confirmation text for restoring a dump over `target`."""
    from app.restore import _fmt_counts

    return (f"Toàn bộ dữ liệu của {target} sẽ bị THAY THẾ bằng bản sao lưu lúc "
            f"{info.created_at:%H:%M ngày %d/%m/%Y} ({info.reason_label}; {_fmt_counts(dump_counts(info))}).\n"
            "Trước khi khôi phục, chương trình tự sao lưu dữ liệu hiện tại để có thể hoàn tác.")
