"""Kiểm tra bản sao lưu: what a backup must prove before anything of the current data is
replaced by it, and the room it needs on the disk.

A backup is a file anyone can hand the program: its manifest may carry counts that are text,
dates that are numbers, a schema version it does not hold; its snapshot may lack tables; its
entries may unpack to gigabytes. Nothing here trusts the manifest: counts are read from the
data itself, the schema is compared with the program's, and the unpacked sizes with the free
space, before anything is written.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from sqlalchemy import inspect

from app.errors import FileProblem, UserError

MARGIN = 16 * 1024 * 1024  # SQLite's journal, the zip's own bookkeeping, the log


class NoRoom(UserError):
    """The disk has not the room the work needs; nothing was written."""


def clean_counts(value: object) -> dict[str, int]:
    """A manifest's counts as whole numbers per table; anything else is left out (shown as
    'không rõ'), never trusted or passed on."""
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items()
            if isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v >= 0}


def text_of(manifest: dict, key: str, default: str = "") -> str:
    value = manifest.get(key, default)
    return value if isinstance(value, str) else default


def _size(n: int) -> str:
    return f"{n / 2**20:,.0f} MB".replace(",", ".")


def ensure_room(folder: Path, needed: int, what: str) -> None:
    """Refuse (NoRoom) unless `folder`'s disk has `needed` bytes free, with a margin."""
    folder = Path(folder)
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        free = shutil.disk_usage(probe).free
    except OSError:
        return  # the write itself will say what is wrong
    if free < needed + MARGIN:
        raise NoRoom(f"Ổ đĩa chứa {folder} còn trống {_size(free)}, không đủ cho {what} (cần khoảng "
                     f"{_size(needed + MARGIN)}); chưa ghi gì. Hãy giải phóng chỗ trống rồi làm lại.")


def file_size(path: Path) -> int:
    total = 0
    for suffix in ("", "-wal"):
        part = Path(str(path) + suffix)
        total += part.stat().st_size if part.is_file() else 0
    return total


def schema_problem(snapshot: Path) -> str | None:
    """What a snapshot (a data file at the program's head revision) lacks of the schema: a
    table, or a column; None when it has them all."""
    from db.models import Base
    from db.session import make_engine

    engine = make_engine(snapshot)
    try:
        with engine.connect() as conn:
            look = inspect(conn)
            existing = set(look.get_table_names())
            for table in Base.metadata.sorted_tables:
                if table.name not in existing:
                    return f"thiếu bảng {table.name}"
                columns = {c["name"] for c in look.get_columns(table.name)}
                missing = [c.name for c in table.columns if c.name not in columns]
                if missing:
                    return f"bảng {table.name} thiếu cột {', '.join(missing)}"
    except Exception as exc:  # noqa: BLE001 - a snapshot SQLite cannot describe is not a backup
        return f"không đọc được cấu trúc ({type(exc).__name__})"
    finally:
        engine.dispose()
    return None


def upgraded_schema_problem(snapshot: Path, workdir: Path) -> str | None:
    """schema_problem for a snapshot of any known revision: an older one is upgraded on a
    copy first (as opening it after the restore would), and any failure on the way says so."""
    from db import backup as sqlite_backup
    from db import migrate
    from db.session import make_engine

    if sqlite_backup.schema_revision(snapshot) == migrate.head_revision():
        return schema_problem(snapshot)
    trial = Path(workdir) / "thu-nang-cap.db"
    try:
        sqlite_backup.copy_database(snapshot, trial)
        engine = make_engine(trial)
        try:
            migrate.upgrade(engine)
        finally:
            engine.dispose()
    except Exception as exc:  # noqa: BLE001 - an old snapshot that cannot be upgraded is refused
        return f"không nâng cấp được lên phiên bản hiện tại ({type(exc).__name__})"
    try:
        return schema_problem(trial)
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(str(trial) + suffix).unlink(missing_ok=True)


def read_counts(snapshot: Path, tables) -> dict[str, int]:
    """Rows of the given tables as the snapshot holds them (not as its manifest says)."""
    conn = sqlite3.connect(str(snapshot))
    try:
        found = {}
        for table in tables:
            try:
                found[table] = conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            except sqlite3.Error:
                continue
        return found
    finally:
        conn.close()


def checked_zip_size(infos, what: str, limit: int) -> int:
    """The unpacked size the entries declare (what zipfile will let them unpack to)."""
    total = sum(max(i.file_size, 0) for i in infos)
    if total > limit:
        raise FileProblem(f"{what} giải nén ra {_size(total)}, quá lớn; không khôi phục.")
    return total
