"""Tệp lưu trữ: files the program keeps (imported workbooks, scanned documents).

A kept file is copied into the data file's `files/` folder under the name of its SHA-256
content hash (plus its original extension, so the system can open it), and described by one
`StoredFile` row. The same content is stored once: storing it again returns the existing row.
Copying happens before the caller's transaction commits; if that transaction rolls back, the
copy stays as an unreferenced file, which is harmless (same content, same name next time).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.errors import FileProblem
from db.models import StoredFile

_CHUNK = 1 << 20


def sha256_of(path: str | Path) -> str:
    """The hex SHA-256 of a file's content."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
    except OSError as exc:
        raise FileProblem(f"Không đọc được tệp {Path(path).name}: {exc.strerror or exc}.") from exc
    return digest.hexdigest()


def stored_name(sha256: str, original_name: str) -> str:
    """The file name in the files folder: hash plus the original (lower-case) extension."""
    suffix = Path(original_name).suffix.lower()
    if not suffix or len(suffix) > 10 or not suffix[1:].isalnum():
        suffix = ""
    return sha256 + suffix


def stored_path(files_dir: str | Path, stored: StoredFile) -> Path:
    """Where a stored file's content is on disk."""
    return Path(files_dir) / stored_name(stored.sha256, stored.original_name)


def find_stored(session: Session, sha256: str) -> StoredFile | None:
    return session.scalar(select(StoredFile).where(StoredFile.sha256 == sha256))


def store_file(session: Session, files_dir: str | Path, path: str | Path, *,
               sha256: str | None = None) -> StoredFile:
    """Keep a copy of `path` in `files_dir` and return its StoredFile row (new or existing).

    `sha256` may be passed when the caller has already hashed the file (imports do).
    """
    source = Path(path)
    digest = sha256 or sha256_of(source)
    existing = find_stored(session, digest)
    target_dir = Path(files_dir)
    target_dir.mkdir(parents=True, exist_ok=True)
    if existing is not None:
        target = stored_path(target_dir, existing)
        if not target.exists():  # the folder was cleaned by hand: put the content back
            _copy(source, target)
        return existing
    record = StoredFile(sha256=digest, original_name=source.name[:300],
                        size=source.stat().st_size)
    target = target_dir / stored_name(digest, source.name)
    _copy(source, target)
    _discard_on_rollback(session, target)
    session.add(record)
    session.flush()
    return record


def _discard_on_rollback(session: Session, target: Path) -> None:
    """A copy made for a unit of work that is then rolled back (a full disk at commit, a bad
    row) goes with it: the folder never keeps a file no record names. On a data file only: a
    server that lost the connection at commit may have kept the record, and this PC's spare
    copy costs nothing there."""
    if session.get_bind().dialect.name != "sqlite":
        return

    def discard(_session: Session, previous) -> None:
        if not previous.nested and previous.parent is None:  # the whole unit, not a savepoint
            target.unlink(missing_ok=True)

    event.listen(session, "after_soft_rollback", discard, once=True)


def _copy(source: Path, target: Path) -> None:
    """Copy through a temporary name, so a half-written file never carries the hash name."""
    temp = target.with_name(target.name + ".part")
    try:
        shutil.copyfile(source, temp)
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise FileProblem(
            f"Không sao lưu được tệp {source.name} vào thư mục dữ liệu: {exc.strerror or exc}.") from exc
