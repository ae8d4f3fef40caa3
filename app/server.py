"""Máy chủ dữ liệu dùng chung: which database the program works on, and how a server is reached.

An office on one PC keeps its data file (SQLite, the default: nothing to set up). An office of
several PCs points every PC at one PostgreSQL server, either with `--db postgresql://USER@HOST/DB`
on any command or in the settings dialog (kept in `may-chu.json` in the user's data folder:
the URL only, never the password). db/server.py finds the password (keyring, or asks once).

- `db_target(value)`: what a `--db` value (or none) means: a URL as text, a data file as Path.
- `open_server_engine(url)`: an engine on the server, connected once, with Vietnamese errors.
- `check_connection(url)`: for the settings dialog's "Kiểm tra kết nối".
- `use_terminal_prompt()`: the command line asks for a password on its terminal.
- `take_whole_database(conn, what)`: a restore, a forced migration or a schema upgrade on a
  server waits (up to WHOLE_WAIT_S) for the other PCs' work in progress, says so, and refuses
  plainly when they do not finish.
- `session_limits()`: how long a save waits for a row another PC holds, and how long the server
  keeps a transaction a PC left open (`may-chu.json`: "lock_timeout_s", "idle_timeout_s";
  TDKT_LOCK_TIMEOUT_S / TDKT_IDLE_TIMEOUT_S override them; defaults 15 s and 60 s).
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from app import config
from app.errors import DatabaseProblem, UserError, ValidationError
from db import server as db_server

SOURCE_FILE = "may-chu.json"


def is_server(value: object) -> bool:
    return value is not None and db_server.is_server(value)


# --- which database ---------------------------------------------------------------------

def configured_server() -> str | None:
    """The server URL chosen in the settings dialog on this PC (None: the data file)."""
    path = config.data_dir() / SOURCE_FILE
    try:
        value = json.loads(path.read_text(encoding="utf-8")).get("url")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, str) and is_server(value) else None


def set_configured_server(url: str | None) -> None:
    """Remember the server for this PC (None: back to the data file). The password never."""
    path = config.data_dir() / SOURCE_FILE
    if url is None:
        path.unlink(missing_ok=True)
        return
    clean_url = db_server.display(check_url(url))
    kept = {k: v for k, v in _settings().items() if k in ("lock_timeout_s", "idle_timeout_s")}
    path.write_text(json.dumps({"url": clean_url, **kept}, ensure_ascii=False, indent=2), encoding="utf-8")


def check_url(value: str):
    """A usable server URL, or a ValidationError in Vietnamese."""
    try:
        return db_server.server_url(value.strip())
    except db_server.ServerProblem as exc:
        raise ValidationError(str(exc), field="db") from exc


def _settings() -> dict:
    try:
        data = json.loads((config.data_dir() / SOURCE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _seconds(env: str, key: str, saved: dict, default: float) -> float:
    for value in (os.environ.get(env), saved.get(key)):
        try:
            if value is not None and 0 <= float(value) <= 24 * 3600:
                return float(value)
        except (TypeError, ValueError):
            continue  # a setting that is not a number: the default, never a failure to start
    return default


def session_limits() -> db_server.SessionLimits:
    """The lock and idle-in-transaction timeouts for this PC's server sessions."""
    saved = _settings()
    return db_server.SessionLimits(
        lock_s=_seconds("TDKT_LOCK_TIMEOUT_S", "lock_timeout_s", saved, db_server.LOCK_TIMEOUT_S),
        idle_s=_seconds("TDKT_IDLE_TIMEOUT_S", "idle_timeout_s", saved, db_server.IDLE_TIMEOUT_S))


WHOLE_WAIT_S = 30.0


def take_whole_database(conn, what: str, *, say=None, wait_s: float | None = None) -> None:
    """Before replacing the whole database on a server (`what`: "khôi phục", "nâng cấp" ...):
    wait for the work other PCs have in progress, taking every table; a UserError when they
    are still busy after `wait_s` (WHOLE_WAIT_S by default; nothing changed then)."""
    from db.errors import LOCK_TIMEOUT, kind_of

    wait_s = wait_s or WHOLE_WAIT_S
    busy = db_server.busy_sessions(conn)
    if busy and say is not None:
        say(f"Đang chờ {busy} phiên làm việc của máy khác xong việc đang dở (tối đa {wait_s:g} giây)…")
    db_server.mark_whole_database(conn)  # a PC kept waiting is told a restore is under way
    try:
        db_server.take_all_tables(conn, wait_s)
    except DBAPIError as exc:
        if kind_of(exc) != LOCK_TIMEOUT:
            raise
        raise UserError(f"Chưa {what} được: máy khác vẫn đang làm việc trên máy chủ sau {wait_s:g} giây "
                        "chờ; dữ liệu hiện tại không thay đổi. Hãy nhờ các máy khác tạm dừng (hoặc đóng "
                        "chương trình) rồi làm lại.") from exc


def db_target(value: str | Path | None) -> str | Path:
    """What to open for a `--db` value: a server URL as text, else a data file's Path.
    No value: the server chosen for this PC, else the data file in the user's data folder."""
    if value is None or str(value) == "":
        return configured_server() or config.default_db_path()
    if is_server(value):
        check_url(str(value))
        return str(value)
    return Path(value).expanduser()


def where(target: str | Path) -> str:
    """A target as shown to the user (a server URL without its password)."""
    return db_server.display(str(target)) if is_server(target) else str(target)


# --- reaching a server --------------------------------------------------------------------

def connect_problem(url: str, exc: BaseException) -> DatabaseProblem:
    """A plain reason why a server could not be used."""
    shown = db_server.display_text(url)
    if isinstance(exc, db_server.ServerProblem):
        return DatabaseProblem(str(exc))
    full = str(getattr(exc, "orig", exc) or exc).strip()
    lowered = full.lower()
    host = getattr(_url_or_none(url), "host", "") or ""
    if "does not exist" in lowered and "database" in lowered:
        reason = "cơ sở dữ liệu chưa được tạo trên máy chủ (createdb)"
    elif any(s in lowered for s in _NO_SUCH_HOST):
        reason = (f"không tìm thấy máy chủ «{host}» trên mạng (kiểm tra tên máy chủ, hoặc dùng địa chỉ IP "
                  "của nó)")
    elif "password" in lowered or "authentication" in lowered:
        reason = "sai tên đăng nhập hoặc mật khẩu"
    elif "permission denied" in lowered:
        reason = "tài khoản không có quyền trên cơ sở dữ liệu này"
    elif any(s in lowered for s in _NOT_POSTGRES):
        reason = ("máy ở địa chỉ đó trả lời nhưng không như một máy chủ PostgreSQL (kiểm tra địa chỉ và "
                  "cổng, thường là 5432)")
    else:
        reason = "máy chủ không trả lời (kiểm tra địa chỉ, cổng, tường lửa và PostgreSQL đã chạy chưa)"
    # The driver's own words (English, maybe a host name) go to the log, never to the clerk.
    logging.getLogger(__name__).info("cannot connect to %s: %s", shown, full[:500])  # not on stderr
    return DatabaseProblem(f"Không kết nối được máy chủ dữ liệu {shown}: {reason}.")


_NO_SUCH_HOST = ("failed to resolve host", "name or service not known", "could not translate host name",
                 "nodename nor servname", "no such host", "temporary failure in name resolution",
                 "no address associated")
_NOT_POSTGRES = ("server closed the connection unexpectedly", "invalid response to ssl negotiation",
                 "received invalid response", "unexpected response", "expected authentication request",
                 "ssl syscall", "connection reset")


def _url_or_none(url: str):
    try:
        return db_server.server_url(url)
    except db_server.ServerProblem:
        return None


def _me() -> str:
    """This PC and its user, as the server lists its sessions (tdkt server sessions)."""
    import socket

    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name (a service): the PC's name is enough
        user = ""
    return db_server.application_name(socket.gethostname(), user)


def open_server_engine(url: str) -> Engine:
    """An engine on the server, after one successful connection (the password asked if needed)."""
    try:
        engine = db_server.make_server_engine(url, limits=session_limits(), application_name=_me())
    except db_server.ServerProblem as exc:
        raise connect_problem(url, exc) from exc
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except (DBAPIError, db_server.ServerProblem) as exc:
        engine.dispose()
        raise connect_problem(url, exc) from exc
    return engine


@dataclass(frozen=True)
class ConnectionCheck:
    ok: bool
    message: str


def check_connection(url: str) -> ConnectionCheck:
    """Connect once and say what was found (the settings dialog's test button)."""
    from db import migrate

    try:
        engine = open_server_engine(check_url(url).render_as_string(hide_password=False))
    except (DatabaseProblem, ValidationError) as exc:
        return ConnectionCheck(False, exc.message.replace("postgresql+psycopg://", "postgresql://"))
    try:
        with engine.connect() as conn:
            version = db_server.version_text(conn)
        revision = None if migrate.is_empty(engine) else migrate.current_revision(engine)
    except DBAPIError as exc:
        return ConnectionCheck(False, connect_problem(url, exc).message)
    finally:
        engine.dispose()
    if revision is None:
        state = "cơ sở dữ liệu còn trống (chương trình sẽ tạo bảng khi mở lần đầu)"
    elif revision == migrate.head_revision():
        state = "đã có dữ liệu TĐKT, đúng phiên bản"
    elif revision in migrate.known_revisions():
        state = "đã có dữ liệu TĐKT phiên bản cũ (sẽ được nâng cấp khi mở)"
    else:
        state = "dữ liệu do phiên bản TĐKT mới hơn tạo ra (cần cập nhật chương trình)"
    return ConnectionCheck(True, f"Kết nối được {version}; {state}.")


def _terminal_prompt(shown: str, user: str, attempt: int):
    if not sys.stdin or not sys.stdin.isatty():
        return None
    again = " (nhập lại)" if attempt > 1 else ""
    try:
        password = getpass.getpass(f"Mật khẩu của «{user}» trên {shown}{again}: ")
    except EOFError:  # Ctrl-D: no password given
        return None
    if not password:
        return None
    try:
        answer = input("Lưu mật khẩu vào kho mật khẩu của hệ điều hành? [c/K] ").strip().lower()
    except EOFError:
        answer = ""
    return password, answer in {"c", "co", "có", "y", "yes"}


def use_terminal_prompt() -> None:
    """The command line asks on its terminal (scripts: PGPASSWORD, or the keyring)."""
    db_server.set_password_prompt(_terminal_prompt)


def save_password(url: str, password: str) -> bool:
    """Keep a server password in the OS keyring (False when this PC has no keyring)."""
    return db_server.remember(check_url(url), password, keyring_too=True)


def missing_file(target: str | Path) -> bool:
    """Whether a --db target is a data file that does not exist (a server is never 'missing')."""
    return not is_server(target) and not Path(target).exists()


# --- the other PCs' sessions (tdkt server sessions | end) ----------------------------------

_STATES = {"active": "đang chạy một lệnh", "idle": "rảnh",
           "idle in transaction": "đang dở một lần lưu (chờ máy đó gửi tiếp)",
           "idle in transaction (aborted)": "lần lưu đã hỏng, chờ máy đó hủy"}


def describe_session(one) -> str:
    """One line of `tdkt server sessions` for a db/server.py ServerSession."""
    state = "đang chờ máy khác" if one.waiting else _STATES.get(one.state, one.state or "không rõ")
    since = (f", giữ dữ liệu từ {one.in_transaction_since:%H:%M:%S ngày %d/%m}"
             if one.in_transaction_since is not None and one.state != "idle" else "")
    name = one.name or "(chương trình khác)"
    return f"Phiên {one.pid}: {name} ({one.client}) — {state}{since}."


def server_sessions(url: str) -> list:
    """The other sessions on the server `url` names (db/server.py's ServerSession list)."""
    engine = open_server_engine(url)
    try:
        with engine.connect() as conn:
            return db_server.sessions(conn)
    finally:
        engine.dispose()


def end_server_session(url: str, pid: int) -> str:
    """End another PC's session on this server (a PC frozen or cut off mid-save, holding what
    the others need): its unfinished work is undone; a UserError when there is no such session."""
    engine = open_server_engine(url)
    try:
        with engine.connect() as conn:
            found = next((s for s in db_server.sessions(conn) if s.pid == pid), None)
            if found is None or not db_server.end_session(conn, pid):
                raise UserError(f"Không có phiên {pid} trên máy chủ {where(url)} (xem: tdkt server sessions).")
            conn.commit()
    finally:
        engine.dispose()
    return (f"Đã đóng phiên {pid} ({found.name or 'chương trình khác'}, {found.client}); việc đang dở "
            "của máy đó không được ghi, máy đó sẽ được báo và làm lại khi dùng tiếp.")
