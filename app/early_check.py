"""The data file's quick integrity check, started the moment the program knows which file it
will open — before the GUI's modules load (about a second) — so that the two overlap: SQLite
reads the file without Python's lock, and a cold disk (the first start of the day) takes the
check from ~0.25 s to ~1.5 s on a ×20 file.

Nothing is trusted early: `app.startup.check_file` still decides, before the file is opened
and before any work, and takes the early answer only for the same file unchanged since (its
size and time, and its write-ahead log's); otherwise it checks again. Imports only sqlite3
(via db.backup), so starting it costs nothing.
"""

from __future__ import annotations

import threading
from pathlib import Path

from db import backup as sqlite_backup

_started: dict[Path, tuple[tuple, threading.Thread, list[str]]] = {}


def _stamp(path: Path) -> tuple:
    """What changes when the file's content may have: size and time of it and its WAL."""
    parts = []
    for name in (path, path.with_name(path.name + "-wal")):
        try:
            st = name.stat()
            parts.append((st.st_size, st.st_mtime_ns))
        except OSError:
            parts.append(None)
    return tuple(parts)


def begin(target: str | Path) -> None:
    """Start checking a data file in the background (a server URL or a missing file: nothing)."""
    if "://" in str(target):
        return
    path = Path(target).expanduser().resolve()
    if path in _started or not path.is_file() or path.stat().st_size == 0:
        return
    answer: list[str] = []
    thread = threading.Thread(target=lambda: answer.append(sqlite_backup.integrity(path, quick=True)),
                              name="tdkt-early-check", daemon=True)
    _started[path] = (_stamp(path), thread, answer)
    thread.start()


def take(path: str | Path) -> str | None:
    """The early check's answer ('ok' or what SQLite found), waiting for it if need be; None
    when none was started for this file or the file changed since (then: check now)."""
    path = Path(path).expanduser().resolve()
    entry = _started.pop(path, None)
    if entry is None:
        return None
    stamp, thread, answer = entry
    thread.join()
    if not answer or _stamp(path) != stamp:
        return None
    return answer[0]
