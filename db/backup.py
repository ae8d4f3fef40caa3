"""SQLite-specific copying and checking of a data file, used by app/backup.py.

A live SQLite file (WAL mode, maybe open in the program) must never be copied byte by byte:
the last changes may sit in the `-wal` file and a write may be half done. SQLite's online
backup API copies a consistent snapshot page by page, and the same API writes a snapshot back
into a data file on restore, so connections still open on it see the restored content.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

# Pages per step: small enough that a writer in another connection is not starved, large
# enough that a 100 MB file is copied in well under a second of overhead.
PAGES_PER_STEP = 4096

Progress = Callable[[int, int], None]


class CopyFailed(Exception):
    """The source could not be read as a database, or the target could not be written."""


def _connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    if readonly and not path.is_file():
        # Never create an empty database where the source was expected.
        raise sqlite3.OperationalError(f"unable to open database file: {path}")
    # A plain (read-write) connection even for reading: a read-only one cannot open a WAL
    # file whose -shm is missing, and reading never changes the content.
    return sqlite3.connect(str(path), timeout=10)


def copy_database(src: Path, dst: Path, *, progress: Progress | None = None) -> None:
    """Consistent snapshot of `src` into `dst` (created or overwritten) via the backup API."""
    def _step(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)

    try:
        source = _connect(Path(src), readonly=True)
    except sqlite3.Error as exc:
        raise CopyFailed(str(exc)) from exc
    try:
        target = _connect(Path(dst), readonly=False)
        try:
            source.backup(target, pages=PAGES_PER_STEP, progress=_step)
            # The copy is a standalone file: fold its WAL in so one file holds everything.
            target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            target.close()
    except sqlite3.Error as exc:
        raise CopyFailed(str(exc)) from exc
    finally:
        source.close()


def write_back(snapshot: Path, live: Path) -> None:
    """Replace the content of the data file `live` with the database in `snapshot`.

    Goes through the backup API into the live file, so it is one transaction for SQLite:
    either the old content or the new one, never a mix, even if the process dies here.
    """
    try:
        source = _connect(Path(snapshot), readonly=True)
        target = _connect(Path(live), readonly=False)
    except sqlite3.Error as exc:
        raise CopyFailed(str(exc)) from exc
    try:
        source.backup(target)
        target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error as exc:
        raise CopyFailed(str(exc)) from exc
    finally:
        target.close()
        source.close()


def integrity(path: Path, *, quick: bool = True) -> str:
    """'ok', or what SQLite found wrong (also when the file is not a database at all)."""
    try:
        conn = _connect(Path(path), readonly=True)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        pragma = "quick_check" if quick else "integrity_check"
        rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}")]
        return "ok" if rows == ["ok"] else "; ".join(str(r) for r in rows[:5])
    except sqlite3.Error as exc:
        return str(exc)
    finally:
        conn.close()


def schema_revision(path: Path) -> str | None:
    """The Alembic revision recorded in a data file, None when it has none (or is unreadable)."""
    try:
        conn = _connect(Path(path), readonly=True)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def table_rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, sorted, for comparing two files table by table."""
    conn = _connect(Path(path), readonly=True)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
                for name in names}
    finally:
        conn.close()
