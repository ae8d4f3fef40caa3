"""Lỗi ngoài dự kiến ở dòng lệnh: what the `tdkt` command says when something other than a
UserError stops it. Never a Python traceback on the user's terminal: one Vietnamese line
naming the cause the user can act on (disk full, read-only place, out of memory; a failure of
the database itself in app/failures.py's words), and the traceback appended to the error log
(`logs/tdkt-errors.log` in the user's data folder) for support.

The causes are told apart by what the operating system reported (errno) anywhere along the
exception's chain, so the same wording reaches the user wherever in the program it happened.
"""

from __future__ import annotations

import datetime as dt
import errno
import traceback
from pathlib import Path

from app import __version__
from app.failures import failure

LOG_NAME = "tdkt-errors.log"
EXIT_USER, EXIT_FILE = 1, 2


def write_log(exc: BaseException, log_dir: Path | None = None) -> Path | None:
    """Append the traceback to the error log; None when even that cannot be written
    (a full disk: the one line on the terminal is then all there is)."""
    from app import config

    try:
        folder = Path(log_dir) if log_dir else config.logs_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / LOG_NAME
        text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"=== {dt.datetime.now():%Y-%m-%d %H:%M:%S} — TĐKT {__version__} (dòng lệnh)\n{text}\n")
        return path
    except Exception:  # noqa: BLE001 - the log is a help, never a second failure
        return None


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    while exc is not None and exc not in seen:
        seen.append(exc)
        exc = exc.__cause__ or exc.__context__
    return seen


def cause_of(exc: BaseException) -> tuple[str, int] | None:
    """The plain cause of a low-level failure (and its exit code), or None when unknown."""
    for link in _chain(exc):
        if isinstance(link, MemoryError):
            return ("Không đủ bộ nhớ để làm việc này; hãy đóng bớt chương trình khác hoặc "
                    "chia nhỏ tệp rồi làm lại. Dữ liệu không thay đổi."), EXIT_USER
        if isinstance(link, OSError) and link.errno is not None:
            where = f" {link.filename}" if link.filename else ""
            if link.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
                return (f"Ổ đĩa đầy, không ghi được{where}; hãy giải phóng chỗ trống rồi làm lại. "
                        "Dữ liệu không thay đổi."), EXIT_USER
            if link.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                return (f"Không có quyền ghi{where} (ổ hoặc thư mục chỉ đọc); hãy chọn nơi ghi được."), EXIT_FILE
            return f"Không đọc/ghi được{where}: {link.strerror or link}.", EXIT_FILE
        found = failure(link) if isinstance(link, Exception) else None
        if found is not None:  # the database itself (disk full, read-only, damaged, busy)
            return found.message, found.exit_code
    return None


def explain(exc: BaseException) -> tuple[str, int]:
    """The one line for the terminal and the exit code; the traceback goes to the log in the
    user's data folder (never beside a --db file, which may be another program's)."""
    logged = write_log(exc)
    known = cause_of(exc)
    if known is not None:
        return known
    where = f" Chi tiết đã ghi vào {logged}." if logged else ""
    return (f"Lỗi ngoài dự kiến ({type(exc).__name__}); việc đang làm đã dừng.{where}"), EXIT_USER
