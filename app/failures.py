"""Sự cố cơ sở dữ liệu: every failure of the server or the data file as one Vietnamese line.

The one place a database error becomes what the clerk reads, for the window and the command
line alike (db/errors.py says what kind of failure it was; this module says it plainly, and
what to do). The driver's own text never reaches the clerk: it can carry SQL, a password typed
into an address, nominees' names.

- `failure(exc, where=..., limits=..., at_commit=...)`: a DatabaseFailure (a UserError) for a
  failure of the database itself, or None for anything else (a program fault stays a fault:
  the error dialog with its log).
- `retrying(fn, tries=...)`: run a whole unit of work again after a deadlock or a
  serialization failure (the server undid it; nothing was kept), a few times.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from app.errors import DatabaseProblem
from db import errors as kinds
from db.server import SessionLimits

T = TypeVar("T")
NOT_SAVED = "việc vừa làm chưa được ghi"
IN_DOUBT = ("mất kết nối đúng lúc đang lưu nên chưa chắc việc vừa làm đã được ghi; hãy mở lại "
            "để kiểm tra trước khi làm lại")
# Kinds the clerk can simply try again a little later (exit code 1 on the command line); the
# others need someone to look at the server, the network or the file (exit code 2).
TRANSIENT = frozenset({kinds.LOCK_TIMEOUT, kinds.IDLE_TIMEOUT, kinds.STATEMENT_TIMEOUT,
                       kinds.DEADLOCK, kinds.SERIALIZATION, kinds.BUSY, kinds.DUPLICATE,
                       kinds.OVERLOADED})


class DatabaseFailure(DatabaseProblem):
    """A failure of the server or the data file; `kind` is one of db/errors.py's kinds."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind
        self.exit_code = 1 if kind in TRANSIENT else 2


def _seconds(value: float) -> str:
    return f"{value:g} giây"


def _message(kind: str, server: bool, where: str, limits: SessionLimits, not_saved: str) -> str | None:
    place = f"máy chủ dữ liệu {where}" if server and where else ("máy chủ dữ liệu" if server else "tệp dữ liệu")
    if kind == kinds.UNREACHABLE:
        if server:
            return (f"Mất kết nối tới {place} (máy chủ đã dừng, đang khởi động lại hoặc mạng bị ngắt); "
                    f"{not_saved}. Hãy kiểm tra mạng và máy chủ rồi làm lại.")
        return f"Không mở được {place} {where}; {not_saved}. Hãy kiểm tra ổ đĩa hoặc thư mục chứa tệp."
    if kind == kinds.DISK_FULL:
        if server:
            return (f"Ổ đĩa của {place} đã đầy; {not_saved}. Hãy báo người quản trị máy chủ giải "
                    "phóng dung lượng rồi làm lại.")
        return f"Ổ đĩa chứa tệp dữ liệu đã đầy; {not_saved}. Hãy giải phóng dung lượng rồi làm lại."
    if kind == kinds.OVERLOADED:
        return (f"{place.capitalize()} đang quá tải (hết bộ nhớ hoặc quá nhiều kết nối); {not_saved}. "
                "Hãy đợi một lát rồi làm lại.")
    if kind == kinds.LOCK_TIMEOUT:
        return (f"Dữ liệu cần ghi đang bị một máy khác giữ quá {_seconds(limits.lock_s)} (máy đó đang "
                f"lưu dở, bị treo hoặc mất mạng); {not_saved}. Hãy đợi một lát rồi làm lại.")
    if kind == kinds.IDLE_TIMEOUT:
        return (f"Máy chủ dữ liệu đã đóng phiên làm việc bị bỏ dở quá {_seconds(limits.idle_s)}; "
                f"{not_saved}. Hãy làm lại.")
    if kind == kinds.STATEMENT_TIMEOUT:
        return f"{place.capitalize()} xử lý quá lâu nên đã dừng việc này; {not_saved}. Hãy thử lại sau."
    if kind in (kinds.DEADLOCK, kinds.SERIALIZATION):
        return (f"Hai máy cùng ghi những dữ liệu liên quan đúng một lúc nên máy chủ đã dừng một bên; "
                f"{not_saved}. Hãy làm lại.")
    if kind == kinds.READ_ONLY:
        return (f"{place.capitalize()} đang ở chế độ chỉ đọc (bảo trì hoặc máy chủ dự phòng); {not_saved}. "
                "Hãy báo người quản trị.")
    if kind == kinds.NO_PERMISSION:
        return (f"Tài khoản kết nối {place} không có quyền ghi vào cơ sở dữ liệu này; {not_saved}. "
                "Hãy báo người quản trị máy chủ.")
    if kind == kinds.BUSY:
        return (f"Tệp dữ liệu đang được một máy (hoặc chương trình) khác ghi; {not_saved}. "
                "Hãy đợi một lát rồi làm lại.")
    if kind == kinds.DAMAGED:
        return (f"Tệp dữ liệu {where} bị hỏng hoặc ổ đĩa lỗi khi đọc, ghi; {not_saved}. Hãy khôi phục "
                "từ bản sao lưu (Tệp → Sao lưu và khôi phục).")
    if kind == kinds.DUPLICATE:
        return (f"Một máy khác vừa ghi đúng bản ghi này trước; {not_saved}. Hãy tải lại màn hình "
                "rồi làm lại nếu vẫn cần.")
    return None


RESTORING = "Đang khôi phục dữ liệu trên máy chủ, chưa ghi được; hãy làm lại sau."


def held_by(holders: list) -> str:
    """Who holds what a save waited for (db/server.py's ServerSession list), for the clerk:
    the PC and user the server knows, since when, and how the head of office ends a frozen
    PC's session. Empty when nobody is known."""
    if not holders:
        return ""
    if any(h.restoring for h in holders):
        return RESTORING
    first = holders[0]
    name = first.name.removeprefix("TDKT ").strip() or "không rõ tên"
    since = f", từ {first.in_transaction_since:%H:%M:%S}" if first.in_transaction_since else ""
    return (f"Máy đang giữ: «{name}» ({first.client}, phiên {first.pid}{since}). Nếu máy đó bị treo "
            f"hoặc mất mạng, trưởng phòng có thể đóng phiên của nó bằng lệnh: tdkt server end {first.pid} "
            "(việc đang dở của máy đó không được ghi).")


def failure(exc: BaseException, *, where: str = "", server: bool | None = None,
            limits: SessionLimits | None = None, at_commit: bool = False,
            holders: list | None = None) -> DatabaseFailure | None:
    """The clerk's line for a failure of the database, or None when `exc` is not one.
    `holders`: for a lock waited on too long, who holds it (db/server.py's `holders`)."""
    kind = kinds.kind_of(exc)
    if kind == kinds.OTHER:
        return None
    if server is None:
        server = "sqlite" not in type(getattr(exc, "orig", exc) or exc).__module__
    not_saved = IN_DOUBT if at_commit and kind == kinds.UNREACHABLE else NOT_SAVED
    message = _message(kind, server, where, limits or SessionLimits(), not_saved)
    if message and kind == kinds.LOCK_TIMEOUT and holders:
        who = held_by(holders)
        message = who if who == RESTORING else f"{message} {who}"
    return DatabaseFailure(message, kind) if message else None


def retrying(fn: Callable[[], T], *, tries: int = 4, pause_s: float = 0.05) -> T:
    """fn() again after a deadlock or serialization failure (each attempt is its own whole
    transaction; the server undid the failed one). The last failure is raised as it came."""
    for attempt in range(1, tries + 1):
        try:
            return fn()
        except Exception as exc:
            cause = exc if kinds.is_retryable(exc) else exc.__cause__
            if attempt == tries or cause is None or not kinds.is_retryable(cause):
                raise
            time.sleep(pause_s * attempt)
    raise AssertionError("unreachable")
