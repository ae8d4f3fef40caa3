"""Một người ghi (one writer): a lock file beside the data file while the program has it open.

`tdkt.db.lock` names the PC, the user, the process and when it was opened, so a second copy
of the program (on this PC or another one over a shared folder) can say plainly who has the
file instead of both writing. A lock left by a program that died on this PC (its process is
gone) is taken over silently; one from another PC cannot be checked from here, so the user
is told whose it is and may take it over knowingly (`force=True`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from app.errors import UserError
from app.session_user import current_actor


class FileInUse(UserError):
    """The data file is open in another copy of the program."""

    def __init__(self, message: str, owner: LockOwner):
        super().__init__(message)
        self.owner = owner


@dataclass(frozen=True)
class LockOwner:
    host: str
    user: str
    pid: int
    since: str

    @property
    def same_host(self) -> bool:
        return self.host == socket.gethostname()


def lock_path(db_path: Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".lock")


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - exercised on the Windows build
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    return True


def _age_s(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 1e9


def read_owner(db_path: Path) -> LockOwner | None:
    """Who holds the lock, or None when nobody (or the lock file is unreadable garbage)."""
    try:
        data = json.loads(lock_path(db_path).read_text(encoding="utf-8"))
        return LockOwner(host=str(data["host"]), user=str(data.get("user", "")),
                         pid=int(data["pid"]), since=str(data.get("since", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _is_stale(owner: LockOwner | None) -> bool:
    if owner is None:
        return True
    if owner.same_host:
        return owner.pid != os.getpid() and not _pid_alive(owner.pid)
    return False


def in_use_message(db_path: Path, owner: LockOwner) -> str:
    since = owner.since.replace("T", " lúc ")[:22] if owner.since else "không rõ"
    where = "trên chính máy này" if owner.same_host else f"trên máy «{owner.host}»"
    who = f" (người dùng «{owner.user}»)" if owner.user else ""
    return (f"Tệp dữ liệu {Path(db_path).name} đang được mở {where}{who}, từ {since}. "
            "Hãy đóng chương trình ở đó trước, để hai nơi không cùng ghi vào một tệp.")


@dataclass
class DataLock:
    """Held while the program works on a data file; `release()` (or `with`) gives it back."""

    path: Path
    owner: LockOwner

    def release(self) -> None:
        current = read_owner(self.path.with_suffix(""))  # `tdkt.db.lock` → `tdkt.db`
        if current is not None and (current.host, current.pid) == (self.owner.host, self.owner.pid):
            self.path.unlink(missing_ok=True)

    def __enter__(self) -> DataLock:
        return self

    def __exit__(self, *_exc) -> None:
        self.release()


def acquire(db_path: Path, *, force: bool = False) -> DataLock:
    """Take the data file's lock, or raise FileInUse naming who has it."""
    db_path = Path(db_path).resolve()
    path = lock_path(db_path)
    me = LockOwner(host=socket.gethostname(), user=current_actor().username, pid=os.getpid(),
                   since=dt.datetime.now().isoformat(timespec="minutes"))
    payload = json.dumps(me.__dict__, ensure_ascii=False).encode("utf-8")
    for _attempt in range(30):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            owner = read_owner(db_path)
            if owner is None and _age_s(path) < 2:
                time.sleep(0.2)  # another copy is writing its name into the lock right now
                continue
            if owner is not None and owner.same_host and owner.pid == os.getpid():
                return DataLock(path=path, owner=owner)  # this process already holds it
            if force or _is_stale(owner):
                path.unlink(missing_ok=True)
                continue
            raise FileInUse(in_use_message(db_path, owner), owner) from None
        except OSError as exc:
            raise UserError(f"Không tạo được tệp khóa {path}: {exc.strerror}.") from exc
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        return DataLock(path=path, owner=me)
    raise UserError(f"Không giành được quyền ghi tệp dữ liệu {db_path.name}; hãy thử lại.")
