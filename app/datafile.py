"""Tệp dữ liệu trước khi mở: is a path a TĐKT data file, another program's database, a file
in a folder the program cannot write, or a damaged file? Decided by reading only, before
anything is created, seeded, upgraded or written in it.

`refuse_foreign` is called by `app.database.open_database` (every window and command goes
through it): a SQLite file of another program is never changed, whatever asked to open it.
`refuse_unsound` is the command line's and the window's full check before work (the write
guard in app/commands/access.py, app/startup.py): foreign, read-only, damaged.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from app.errors import DatabaseProblem
from db import migrate

SQLITE_HEADER = b"SQLite format 3\x00"
# Tables every TĐKT data file has had since its first migration: a file with an Alembic
# revision we do not know but these tables is ours from a newer program, not a stranger's.
OUR_TABLES = {"units", "award_types", "office_profile"}


class NotOurFile(DatabaseProblem):
    """A SQLite database of another program (or a plain file): never changed."""


class ReadOnlyPlace(DatabaseProblem):
    """The data file, or the folder it lives in, cannot be written."""


def _query(path: Path, sql: str) -> list[tuple] | None:
    """Rows of one read-only query, or None when SQLite cannot answer (damaged, unreadable).

    A plain connection, as db/backup.py opens one: it sees what the write-ahead log holds
    (a read-only or immutable one would not), and reading changes nothing in the file."""
    try:
        conn = sqlite3.connect(str(path), timeout=10)
    except sqlite3.Error:
        return None
    try:
        return conn.execute(sql).fetchall()
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def _names(path: Path) -> list[str] | None:
    rows = _query(path, "SELECT name FROM sqlite_master WHERE type = 'table' "
                        "AND name NOT LIKE 'sqlite_%' ORDER BY name")
    return None if rows is None else [r[0] for r in rows]


def _revision(path: Path) -> str | None:
    rows = _query(path, "SELECT version_num FROM alembic_version")
    return rows[0][0] if rows else None


def foreign_reason(path: Path) -> str | None:
    """Why an existing file is not a TĐKT data file, in one Vietnamese line; None when it is
    ours (or empty, or too damaged to tell: the integrity check speaks for those)."""
    path = Path(path)
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return None
        with open(path, "rb") as fh:
            header = fh.read(16)
    except OSError:
        return None
    if header != SQLITE_HEADER:
        return None  # app.startup.check_file tells a damaged header from a wrong file
    names = _names(path)
    if not names:
        return None  # empty database (a new data file), or unreadable: checked elsewhere
    if "alembic_version" in names:
        revision = _revision(path)
        if migrate.is_known(revision) or OUR_TABLES <= set(names):
            return None
    shown = ", ".join(names[:4]) + (" …" if len(names) > 4 else "")
    return (f"Tệp {path} là cơ sở dữ liệu SQLite của chương trình khác ({len(names)} bảng: {shown}), "
            "không phải tệp dữ liệu TĐKT; chương trình không thay đổi gì trong tệp này.")


def refuse_foreign(path: Path) -> None:
    reason = foreign_reason(path)
    if reason:
        raise NotOurFile(reason)


def accounts_on(path: Path) -> bool:
    """Whether a data file has accounts turned on, read without opening it for work: False
    when it has no settings (new, from before accounts) or SQLite cannot read them."""
    import json

    rows = _query(Path(path), "SELECT value FROM settings WHERE key = 'users_enabled'")
    if not rows:
        return False
    value = rows[0][0]
    try:
        return bool(json.loads(value)) if isinstance(value, str) else bool(value)
    except ValueError:
        return True  # a setting that cannot be read as off is not taken as off


def read_only_reason(path: Path) -> str | None:
    """Why the program could not write this data file (SQLite also writes `-wal` and `-shm`
    beside it, so the folder must be writable too); None when it can."""
    path = Path(path)
    folder = path.parent
    if path.exists() and not os.access(path, os.W_OK):
        return (f"Tệp dữ liệu {path} chỉ đọc (không có quyền ghi); hãy bỏ thuộc tính chỉ đọc "
                "hoặc chép tệp sang thư mục ghi được.")
    if folder.exists() and not os.access(folder, os.W_OK | os.X_OK):
        return (f"Thư mục {folder} chỉ đọc (không có quyền ghi): chương trình cần ghi bên cạnh tệp "
                "dữ liệu. Hãy chép tệp sang thư mục ghi được; tệp không bị hỏng.")
    return None


def refuse_empty_for_reading(path: Path) -> None:
    """A command that only reads never turns an empty file (0 bytes, or a SQLite file with no
    table) into a data file: it would write the whole schema into it (t18)."""
    path = Path(path)
    try:
        if not path.is_file():
            return
        empty = path.stat().st_size == 0
    except OSError:
        return
    if empty or _names(path) == []:
        raise NotOurFile(f"Tệp {path} trống, không phải tệp dữ liệu TĐKT (chưa có dữ liệu); lệnh chỉ đọc "
                         "không ghi gì vào tệp này.")


def refuse_unsound(path: Path, *, check_damage: bool = True) -> None:
    """Raise unless an existing data file is ours, writable where it lies and sound.

    A missing or empty file passes (commands that may create one decide). A damaged one
    raises app.startup.DamagedFile naming the newest good backup."""
    path = Path(path)
    if not path.exists():
        return
    if path.is_dir():
        raise DatabaseProblem(f"Đường dẫn {path} là một thư mục, không phải tệp dữ liệu.")
    refuse_foreign(path)
    reason = read_only_reason(path)
    if reason:
        raise ReadOnlyPlace(reason)
    if check_damage:
        from app.startup import check_file

        check_file(path)
