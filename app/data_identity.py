"""Danh tính tệp dữ liệu: which data file a backup was taken of.

A damaged file is offered a backup to put in its place (window and command line). Only a
backup of that same file may be offered: a backup of another office's file lying in the same
folder (or in a backups folder several offices share) would replace one office's data by
another's. So every data file carries an id, written once when it is opened for the first time
(the setting `data_file_id`, a random UUID), and every backup's manifest names its source path
and that id. A backup belongs to a file when:

- both ids are known: they are equal, and the backup's source path is this file, or no file is
  at that path any more and the file's name is the same (its folder was moved or renamed). A
  copy of a file (same id) at its own path or under its own name is another file: its backups
  are not offered;
- an id is unknown (a damaged file whose settings cannot be read, a backup from before ids):
  the backup's source path is this file.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

ID_KEY = "data_file_id"


def ensure_id(engine) -> None:
    """Give a database its id if it has none (Core insert: no ORM permission guard is involved
    — the program writes it, not a user). A file that cannot be written keeps having none."""
    from sqlalchemy import insert, select
    from sqlalchemy.exc import DBAPIError

    from db.models import Setting

    try:
        with engine.begin() as conn:
            if conn.scalar(select(Setting.key).where(Setting.key == ID_KEY)) is None:
                conn.execute(insert(Setting).values(key=ID_KEY, value=uuid.uuid4().hex))
    except DBAPIError:
        return


def read_id(path: Path) -> str | None:
    """A data file's (or a backup snapshot's) id, read without writing; None when unknown."""
    from app.datafile import _query

    rows = _query(Path(path), f"SELECT value FROM settings WHERE key = '{ID_KEY}'")
    if not rows or not isinstance(rows[0][0], str):
        return None
    try:
        value = json.loads(rows[0][0])
    except ValueError:
        return None
    return value if isinstance(value, str) and value else None


def _same_path(a: str | Path, b: str | Path) -> bool:
    try:
        return os.path.normcase(str(Path(a).resolve())) == os.path.normcase(str(Path(b).resolve()))
    except (OSError, ValueError):
        return False


def belongs_to(source: str, backup_id: str, db_path: Path, data_id: str | None) -> bool:
    """Whether a backup (its manifest's source path and id) was taken of the file at db_path."""
    if not source:
        return False
    same = _same_path(source, db_path)
    if data_id and backup_id:
        if backup_id != data_id:
            return False
        try:
            moved = not Path(source).exists()
        except (OSError, ValueError):
            moved = True
        return same or (moved and Path(source).name == Path(db_path).name)
    return same
