"""Sao lưu: backups of the data file and its attached files, their listing and retention.

A backup is one `.zip` holding `tdkt.db` (a consistent snapshot taken with SQLite's online
backup API while the program runs), `files/...` (the stored attachments) and
`manifest.json` (when, why, schema version, row counts). It is written as `.part` and renamed
when complete, so a backup cut short by a crash is never mistaken for a good one.

Automatic backups go to the `backups/` folder beside the data file and are pruned: the last
14 daily ones and the last 10 of each other reason. Backups written to a folder the user
chose (USB stick) are never pruned. Restoring lives in app/restore.py.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app import __version__, config
from app.data_identity import read_id
from app.errors import DatabaseProblem, FileProblem
from db import backup as sqlite_backup

if TYPE_CHECKING:
    from app.database import Database

REASONS = {
    "daily": "Hằng ngày",
    "upgrade": "Trước khi nâng cấp dữ liệu",
    "import": "Trước khi nhập dữ liệu",
    "restore": "Trước khi khôi phục",
    "manual": "Sao lưu theo yêu cầu",
    "damaged": "Tệp hỏng, giữ lại nguyên trạng",
}
KEEP_DAILY = 14
KEEP_EVENT = 10
FORMAT = 1
DB_ENTRY = "tdkt.db"
MANIFEST_ENTRY = "manifest.json"
FILES_PREFIX = "files/"
# Counted into the manifest so the list and the restore confirmation can say what a backup holds.
COUNTED = {"units": "đơn vị", "people": "cá nhân", "dossiers": "hồ sơ", "decisions": "quyết định",
           "awards": "khen thưởng"}
_NAME = re.compile(r"^tdkt-(\d{8})-(\d{6})(?:-(\d+))?-([a-z]+)\.zip$")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BackupInfo:
    """One backup file as the list shows it."""

    path: Path
    created_at: dt.datetime
    reason: str
    size: int
    schema_version: str | None = None
    counts: dict | None = None
    source: str = ""
    data_id: str = ""  # the source file's id (app/data_identity.py); "" in older backups

    @property
    def reason_label(self) -> str:
        return REASONS.get(self.reason, self.reason)

    def as_dict(self) -> dict:
        return {"file": str(self.path), "created_at": self.created_at.isoformat(timespec="seconds"),
                "reason": self.reason, "reason_label": self.reason_label, "size": self.size,
                "schema_version": self.schema_version, "counts": self.counts or {}}


def backups_folder(db_path: Path) -> Path:
    """The automatic backups folder of a data file (created when missing)."""
    return config.backups_dir(Path(db_path))


def _reason_code(reason: str) -> str:
    """A short ASCII code for the file name; free text given by a caller counts as an event."""
    code = reason.strip().lower()
    return code if code in REASONS else "event"


def _target_name(folder: Path, when: dt.datetime, code: str) -> Path:
    stamp = when.strftime("%Y%m%d-%H%M%S")
    # Several backups in one second count up (-2, -3 ...) past the highest used, even if an
    # earlier one was pruned meanwhile, so the newest always carries the highest number.
    used = [int(m.group(3) or 1) for p in folder.glob(f"tdkt-{stamp}*")
            if (m := _NAME.match(p.name.removesuffix(".part")))]
    n = max(used, default=0) + 1
    return folder / (f"tdkt-{stamp}-{code}.zip" if n == 1 else f"tdkt-{stamp}-{n}-{code}.zip")


def count_rows(db_file: Path) -> dict[str, int]:
    """Rows of the main tables (those in COUNTED) of a data file; missing tables skipped."""

    conn = sqlite3.connect(str(db_file))
    try:
        found = {}
        for table in COUNTED:
            try:
                found[table] = conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            except sqlite3.Error:
                continue
        return found
    finally:
        conn.close()


def _files_under(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file())


def backup_file(db_path: Path, reason: str, *, target_dir: Path | None = None,
                progress: Progress | None = None) -> Path:
    """Back up a data file (and its attachments) into one zip; returns the zip's path.

    `target_dir` None means the automatic folder beside the data file, which is then pruned.
    """
    db_path = Path(db_path).resolve()
    if not db_path.is_file():
        raise FileProblem(f"Không tìm thấy tệp dữ liệu để sao lưu: {db_path}")
    folder = Path(target_dir) if target_dir is not None else backups_folder(db_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FileProblem(f"Không tạo được thư mục sao lưu {folder}: {exc.strerror}.") from exc
    now = dt.datetime.now()
    code = _reason_code(reason)
    target = _target_name(folder, now, code)
    part = target.with_suffix(".zip.part")
    files_root = db_path.parent / "files"
    attachments = _files_under(files_root)
    with tempfile.TemporaryDirectory(prefix="tdkt-backup-") as tmp:
        snapshot = Path(tmp) / DB_ENTRY
        try:
            sqlite_backup.copy_database(db_path, snapshot, progress=progress)
        except sqlite_backup.CopyFailed as exc:
            raise FileProblem(f"Không sao lưu được tệp dữ liệu {db_path}: {exc}.") from exc
        state = sqlite_backup.integrity(snapshot, quick=True)
        if state != "ok":  # a copy of damage would look like a good backup, and push one out
            logging.getLogger(__name__).warning("data file %s failed SQLite's check: %s", db_path, state)
            raise DatabaseProblem(f"Tệp dữ liệu {db_path} bị hỏng (chi tiết kỹ thuật ghi trong nhật ký); không sao lưu bản "
                                  "này. Hãy khôi phục bản sao lưu tốt gần nhất (tdkt check liệt kê).")
        manifest = {
            "format": FORMAT, "program": "TĐKT", "program_version": __version__,
            "created_at": now.isoformat(timespec="seconds"), "reason": code,
            "reason_text": reason if code == "event" else REASONS[code],
            "source": str(db_path), "data_id": read_id(snapshot) or "",
            "schema_version": sqlite_backup.schema_revision(snapshot),
            "counts": count_rows(snapshot), "files": len(attachments),
        }
        try:
            with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
                zf.writestr(MANIFEST_ENTRY, json.dumps(manifest, ensure_ascii=False, indent=2))
                zf.write(snapshot, DB_ENTRY)
                for file in attachments:
                    zf.write(file, FILES_PREFIX + file.relative_to(files_root).as_posix())
            os.replace(part, target)
        except OSError as exc:
            part.unlink(missing_ok=True)
            raise FileProblem(f"Không ghi được bản sao lưu vào {folder}: {exc.strerror or exc}.") from exc
    if target_dir is None:
        prune(folder)
    return target


def backup_now(db: Database, reason: str) -> Path:
    """Back up an open database now (before an import, on the user's request ...).

    A data file gets a snapshot zip; a server database a logical dump (app/dump.py), kept in
    this PC's data folder, so an import on a server is backed up first too."""
    if db.path is None:
        from app.dump import dump_engine  # imports this module: only when a server is open

        return dump_engine(db.engine, reason)
    return backup_file(db.path, reason)


def info_from_manifest(path: Path, manifest: dict) -> BackupInfo:
    """A BackupInfo from a manifest, trusting none of its types: a date that is not a date is
    not a backup of ours (ValueError, TypeError); counts that are not whole numbers are
    left out; a schema version that is not text is unknown."""
    from app.backup_checks import clean_counts, text_of

    if not isinstance(manifest, dict) or not isinstance(manifest.get("created_at"), str):
        raise TypeError("manifest")
    version = manifest.get("schema_version")
    return BackupInfo(path=path, created_at=dt.datetime.fromisoformat(manifest["created_at"]),
                      reason=text_of(manifest, "reason", "event"), size=path.stat().st_size,
                      schema_version=version if isinstance(version, str) else None,
                      counts=clean_counts(manifest.get("counts")), source=text_of(manifest, "source"),
                      data_id=text_of(manifest, "data_id"))


def read_backup(path: Path) -> BackupInfo:
    """What a backup file says about itself; FileProblem when it is not a TĐKT backup."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(zf.read(MANIFEST_ENTRY).decode("utf-8"))
            if DB_ENTRY not in zf.namelist():
                raise KeyError(DB_ENTRY)
        return info_from_manifest(path, manifest)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, TypeError, AttributeError) as exc:
        raise FileProblem(f"Tệp {path} không phải bản sao lưu TĐKT hoặc đã hỏng.") from exc


def list_backups(folder: Path) -> list[BackupInfo]:
    """The readable backups in a folder, newest first (damaged or foreign zips are skipped)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("*.zip"):
        try:
            found.append(read_backup(path))
        except FileProblem:
            continue
    return sorted(found, key=lambda b: (b.created_at, b.path.name), reverse=True)


def prune(folder: Path, *, keep_daily: int = KEEP_DAILY, keep_event: int = KEEP_EVENT) -> list[Path]:
    """Delete the automatic backups beyond the retention; returns what was deleted."""
    groups: dict[str, list[tuple[tuple, Path]]] = {}
    for path in Path(folder).glob("tdkt-*.zip"):
        match = _NAME.match(path.name)
        if match:
            # Age from the name: date, time, then the counter of backups made in the same second.
            age = (match.group(1), match.group(2), int(match.group(3) or 1))
            groups.setdefault(match.group(4), []).append((age, path))
    removed = []
    for code, aged in groups.items():
        keep = keep_daily if code == "daily" else keep_event
        for _age, path in sorted(aged, reverse=True)[keep:]:
            path.unlink(missing_ok=True)
            removed.append(path)
    # A `.part` left by a backup that was cut short (crash, power loss) is garbage after a day.
    for part in Path(folder).glob("tdkt-*.zip.part"):
        if time.time() - part.stat().st_mtime > 86_400:
            part.unlink(missing_ok=True)
    return removed


def daily_backup_if_due(db_path: Path, today: dt.date | None = None) -> Path | None:
    """At the first start of a day, back up the data file; None when today's is already there."""
    today = today or dt.date.today()
    stamp = today.strftime("%Y%m%d")
    folder = backups_folder(db_path)
    for path in folder.glob(f"tdkt-{stamp}-*-daily.zip"):
        if _NAME.match(path.name):
            return None
    if not Path(db_path).is_file():
        return None
    return backup_file(db_path, "daily")
