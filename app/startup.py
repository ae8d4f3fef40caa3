"""Mở dữ liệu để làm việc: the start-up steps of the program, in order, without any GUI.

1. take the data file's lock (a second copy is told who has the file: `FileInUse`);
2. a quick integrity check (its answer taken from app/early_check.py when the command line
   started it while the program loaded); a damaged file raises `DamagedFile`, which carries
   the newest good backup to offer instead of crashing;
3. open (create, or upgrade after a backup) the database;
4. say whether someone must sign in (accounts on).
The daily backup (`app.backup.daily_backup_if_due`) is left to the caller, to run in the
background once the window shows: on a large file it takes a few seconds.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from app import early_check
from app import lock as data_lock
from app.backup import BackupInfo
from app.database import Database, open_database
from app.errors import DatabaseProblem
from app.restore import newest_good_backup, no_backup_text
from app.users import users_enabled
from db import backup as sqlite_backup

SQLITE_HEADER = b"SQLite format 3\x00"
log = logging.getLogger(__name__)


class DamagedFile(DatabaseProblem):
    """The data file fails SQLite's check; `backup` is the newest good one, if any."""

    def __init__(self, message: str, path: Path, backup: BackupInfo | None):
        super().__init__(message)
        self.path = path
        self.backup = backup


@dataclass
class Workplace:
    """An open data file held for work: release the lock and dispose the database at exit."""

    db: Database
    lock: data_lock.DataLock | ServerLock
    needs_sign_in: bool

    def close(self) -> None:
        self.db.dispose()
        self.lock.release()


def check_file(path: Path) -> None:
    """Raise DamagedFile when an existing data file is not a sound SQLite database."""
    if not path.is_file() or path.stat().st_size == 0:
        return
    with open(path, "rb") as fh:
        is_sqlite = fh.read(16) == SQLITE_HEADER
    if not is_sqlite:
        backup = newest_good_backup(path)
        if backup is None:  # most likely a wrong file chosen, not our file gone bad
            raise DatabaseProblem(f"Tệp {path} không phải tệp dữ liệu TĐKT (không phải cơ sở dữ liệu SQLite).")
        raise DamagedFile(f"Tệp {path} không phải tệp dữ liệu TĐKT (phần đầu tệp đã bị hỏng). Có thể "
                          f"khôi phục bản sao lưu lúc {backup.created_at:%H:%M ngày %d/%m/%Y} "
                          f"({backup.reason_label}).", path, backup)
    # Started early, while the program loaded (app/early_check.py), if the file is unchanged.
    problem = early_check.take(path) or sqlite_backup.integrity(path, quick=True)
    if problem != "ok":
        raise damaged(path, problem)


def damaged(path: Path, problem: str) -> DamagedFile:
    """The clerk's one Vietnamese line for a damaged file (SQLite's own words go to the log),
    with the newest good backup of this very file, or where to look for one."""
    log.warning("data file %s failed SQLite's check: %s", path, problem)
    backup = newest_good_backup(path)
    offer = (f" Có thể khôi phục bản sao lưu lúc {backup.created_at:%H:%M ngày %d/%m/%Y} "
             f"({backup.reason_label})." if backup else no_backup_text(path))
    return DamagedFile(f"Tệp dữ liệu {path} bị hỏng: cấu trúc bên trong tệp không còn nguyên vẹn "
                       f"(chi tiết kỹ thuật ghi trong nhật ký).{offer}", path, backup)


class ServerLock:
    """A server database needs no lock file: the server itself keeps many writers apart."""

    def release(self) -> None:
        return None


def open_for_work(path: Path | str, *, force_lock: bool = False) -> Workplace:
    """Lock, check and open a data file (or a server URL); raises FileInUse, DamagedFile or
    DatabaseProblem."""
    if "://" in str(path):  # PostgreSQL: no file to lock or check; the server answers for it
        db = open_database(str(path))
        with db.session() as session:
            needs = users_enabled(session)
        return Workplace(db=db, lock=ServerLock(), needs_sign_in=needs)
    path = Path(path).expanduser().resolve()
    held = data_lock.acquire(path, force=force_lock)
    try:
        check_file(path)
        try:
            db = open_database(path)
        except DatabaseProblem as exc:
            if "hỏng" in exc.message:  # damaged in a way the quick check did not see
                backup = newest_good_backup(path)
                raise DamagedFile(exc.message, path, backup) from exc
            raise
        with db.session() as session:
            needs = users_enabled(session)
        return Workplace(db=db, lock=held, needs_sign_in=needs)
    except BaseException:
        held.release()
        raise
