"""PostgreSQL server specifics (máy chủ dữ liệu): URLs, the password, sequences, bulk clearing.

Everything here that differs from SQLite lives in db/ alone, so app/ stays portable:

- `server_url(text)`: `postgresql://USER@HOST[:PORT]/DB` (also `postgres://` and explicit
  drivers) as a SQLAlchemy URL on the psycopg 3 driver; `display(url)` never shows a password.
- The password is never kept in a plain file. An engine made by `make_server_engine` finds it,
  at each new connection, in this order: the URL itself, this process's memory (asked once),
  the operating system's keyring (`keyring` package: Windows Credential Manager, macOS
  Keychain, Secret Service), then what libpq finds itself (PGPASSWORD, .pgpass, trust). When
  the server refuses for want of a password, the process-wide prompt (`set_password_prompt`:
  a terminal question in the CLI, a dialog in the GUI) is asked, up to three times.
- `sync_sequences`: rows copied or written with their ids (migration, restore, the demo
  office's bulk writer) leave PostgreSQL's id sequences behind; this moves them past the
  highest id.
- `clear_tables`: emptying every table quickly before a restore (TRUNCATE on the server).
- `SessionLimits`: every server session waits at most `lock_s` for a row another PC holds
  (`lock_timeout`), and the server ends a transaction left open and idle for `idle_s`
  (`idle_in_transaction_session_timeout`): a PC that hangs or loses the network cannot hold
  the others for longer. TCP keepalives let this PC notice a server that went away.
- `exclusive_tables`: a restore or a forced migration takes every table at once, waiting a
  bounded time for the clerks' transactions to end.
- `sessions`, `holders`, `end_session`: who else works on the database (each PC's sessions
  are named 'TDKT PC user'), who holds what another waited for, and ending a frozen PC's
  session (its transaction undone) from another PC.
- `_one_round_trip_each`: no statement is left half sent (psycopg's pipelines), so a PC frozen
  between two rows is ended by the idle timeout like one frozen between two statements.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import unquote

from sqlalchemy import Connection, Engine, Integer, Table, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError

DRIVER = "postgresql+psycopg"
KEYRING_SERVICE = "TĐKT máy chủ dữ liệu"
CONNECT_TIMEOUT_S = 8
LOCK_TIMEOUT_S = 15.0
IDLE_TIMEOUT_S = 60.0
ASK_TIMES = 3
SCHEMES = ("postgresql", "postgres")


class ServerProblem(Exception):
    """A server URL that cannot be used; the message says why (in Vietnamese)."""


class PasswordRefused(ServerProblem):
    """The server wants a password and none (or no right one) was given."""


# (password, remember in the keyring) or None when the user gives up.
PasswordPrompt = Callable[[str, str, int], "tuple[str, bool] | None"]
_prompt: PasswordPrompt | None = None
_known: dict[str, str] = {}  # key → password, this process only (never written anywhere)
_lock = threading.Lock()


def is_server(target: object) -> bool:
    """Whether a --db value names a server (a URL that is not a SQLite one)."""
    value = str(target)
    return "://" in value and not value.lower().startswith("sqlite")


def _parse(text: str) -> URL:
    """A URL whose password may hold ':', '@' or '/' as typed: the user part ends at the LAST
    '@' (a host never has one), the password starts after the first ':' of it."""
    if "://" not in text or "@" not in text.split("://", 1)[1]:
        return make_url(text)
    scheme, rest = text.split("://", 1)
    userinfo, hostpart = rest.rsplit("@", 1)
    user, _colon, password = userinfo.partition(":")
    bare = make_url(f"{scheme}://{hostpart}")
    return bare.set(username=unquote(user) or None, password=unquote(password) if _colon else None)


def server_url(target: str | URL) -> URL:
    """A PostgreSQL URL on the psycopg driver, or ServerProblem naming what is wrong (the
    password never shown)."""
    try:
        url = _parse(str(target)) if not isinstance(target, URL) else target
    except (ArgumentError, ValueError) as exc:
        port = "cổng phải là một số, ví dụ :5432" if "int" in str(exc) else ""
        raise ServerProblem(f"Địa chỉ máy chủ không hợp lệ: {display_text(str(target))}"
                            + (f" ({port})." if port else ".")) from exc
    scheme = url.drivername.split("+", 1)[0]
    if scheme not in SCHEMES:
        raise ServerProblem(f"Chỉ hỗ trợ máy chủ PostgreSQL (postgresql://...), không hỗ trợ «{scheme}».")
    if not url.host or not url.database:
        raise ServerProblem("Địa chỉ máy chủ cần đủ dạng postgresql://TÊN@MÁY-CHỦ/CƠ-SỞ-DỮ-LIỆU.")
    return url.set(drivername=DRIVER)


def key(url: URL) -> str:
    """What a password is remembered under: user@host:port/database."""
    return f"{url.username or ''}@{url.host}:{url.port or 5432}/{url.database}"


def display(url: URL | str) -> str:
    """The URL as the user may see and store it: postgresql://user@host:port/db, no password."""
    u = url if isinstance(url, URL) else _parse(str(url))
    user = f"{u.username}@" if u.username else ""
    port = f":{u.port}" if u.port else ""
    return f"postgresql://{user}{u.host}{port}/{u.database}"


def display_text(value: str) -> str:
    """A possibly malformed URL with anything after `:` in its user part hidden."""
    if "@" in value and "://" in value:
        head, rest = value.split("://", 1)
        userinfo, tail = rest.rsplit("@", 1)
        return f"{head}://{userinfo.split(':', 1)[0]}@{tail}"
    return value


# --- the password ---------------------------------------------------------------------------

def set_password_prompt(prompt: PasswordPrompt | None) -> PasswordPrompt | None:
    """Install the process's way of asking for a password; returns the previous one."""
    global _prompt
    previous, _prompt = _prompt, prompt
    return previous


def remember(url: URL, password: str, *, keyring_too: bool = False) -> bool:
    """Keep a password for this process; with `keyring_too`, in the OS keyring as well.
    Returns whether the keyring took it (False when no keyring works on this computer)."""
    with _lock:
        _known[key(url)] = password
    return _keyring_set(key(url), password) if keyring_too else False


def forget(url: URL) -> None:
    """Drop a password from this process and from the keyring."""
    with _lock:
        _known.pop(key(url), None)
    try:
        import keyring

        keyring.delete_password(KEYRING_SERVICE, key(url))
    except Exception:  # noqa: BLE001 - none stored, or no keyring: nothing to forget
        pass


def keyring_password(url: URL) -> str | None:
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, key(url))
    except Exception:  # noqa: BLE001 - no keyring backend on this computer
        return None


def _keyring_set(name: str, password: str) -> bool:
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, name, password)
        return True
    except Exception:  # noqa: BLE001 - no keyring backend: the password stays in memory only
        return False


def _known_password(url: URL) -> str | None:
    if url.password:
        return str(url.password)
    with _lock:
        found = _known.get(key(url))
    return found if found is not None else keyring_password(url)


def _wants_password(exc: Exception) -> bool:
    message = str(exc).lower()
    return any(s in message for s in ("password authentication failed", "no password supplied",
                                      "password is required", "fe_sendauth"))


def _connect(dialect, url: URL, cargs, cparams):
    """psycopg's connect with the password found, or asked for when the server wants one."""
    password = _known_password(url)
    if password is not None:
        cparams["password"] = password
    try:
        return dialect.connect(*cargs, **cparams)
    except dialect.loaded_dbapi.OperationalError as exc:
        if not _wants_password(exc):
            raise
        last = exc
    for attempt in range(1, ASK_TIMES + 1):
        answer = _prompt(display(url), url.username or "", attempt) if _prompt else None
        if answer is None:
            raise PasswordRefused(f"Máy chủ {display(url)} cần mật khẩu của «{url.username}»; "
                                  "chưa có mật khẩu đúng.") from last
        password, keep = answer
        cparams["password"] = password
        try:
            conn = dialect.connect(*cargs, **cparams)
        except dialect.loaded_dbapi.OperationalError as exc:
            if not _wants_password(exc):
                raise
            last = exc
            continue
        remember(url, password, keyring_too=keep)
        return conn
    raise PasswordRefused(f"Sai mật khẩu của «{url.username}» trên máy chủ {display(url)}.") from last


@dataclass(frozen=True)
class SessionLimits:
    """How long a server session waits for a row another PC holds, and how long the server
    lets a transaction sit open and idle before ending it (seconds; 0 = no limit)."""

    lock_s: float = LOCK_TIMEOUT_S
    idle_s: float = IDLE_TIMEOUT_S

    def options(self) -> str:
        """libpq's `options`: the settings every session of the engine starts with."""
        # The server's own keepalives: a PC whose network is gone in the middle of a statement
        # (the server waiting for the rest of it) is noticed in ~30 s + the OS's probe count
        # × 10 s, not the OS default of two hours. (The probe count is left to the OS: some
        # servers, Windows among them, refuse to set it.)
        return (f"-c lock_timeout={int(self.lock_s * 1000)} "
                f"-c idle_in_transaction_session_timeout={int(self.idle_s * 1000)} "
                "-c tcp_keepalives_idle=30 -c tcp_keepalives_interval=10")


_limits: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def limits_of(engine: Engine) -> SessionLimits:
    """The limits an engine's sessions run with (the defaults for a data file)."""
    return _limits.get(engine, SessionLimits())


def make_server_engine(target: str | URL, *, limits: SessionLimits | None = None,
                       application_name: str = "TDKT", **kw) -> Engine:
    """An engine on a PostgreSQL server; the password is found as the module docstring says."""
    url = server_url(target)
    limits = limits or SessionLimits()
    bare = url.set(password=None) if url.password is None else url
    given = bare.query.get("options", "")
    options = " ".join(x for x in (given if isinstance(given, str) else " ".join(given), limits.options()) if x)
    engine = create_engine(bare, pool_pre_ping=True, pool_size=3, max_overflow=2,
                           connect_args={"connect_timeout": CONNECT_TIMEOUT_S,
                                         "application_name": application_name, "options": options,
                                         # a server gone silent is noticed in ~30 s, not hours
                                         "keepalives": 1, "keepalives_idle": 15,
                                         "keepalives_interval": 5, "keepalives_count": 3,
                                         "tcp_user_timeout": 30_000}, **kw)
    _limits[engine] = limits
    _one_round_trip_each(engine)

    @event.listens_for(engine, "do_connect")
    def _do_connect(dialect, _record, cargs, cparams):  # noqa: ANN001 - SQLAlchemy's hook
        return _connect(dialect, url, cargs, cparams)

    return engine


def _one_round_trip_each(engine: Engine) -> None:
    """Every statement ends with its own Sync, so between two statements the server sees the
    transaction idle (and ends it after `idle_s` when this PC freezes there). psycopg sends a
    many-row write as a pipeline with one Sync at the end: frozen in the middle of it, the
    session stays 'active' waiting for the rest, and no PostgreSQL timeout covers that
    (idle_in_transaction_session_timeout counts only idle time; statement_timeout stops at the
    end of each Execute). So: INSERTs of many rows go as multi-row statements (insertmanyvalues,
    1000 rows each), and any other many-row statement row by row."""
    engine.dialect.use_insertmanyvalues_wo_returning = True
    engine.dialect.supports_sane_multi_rowcount = False  # rows counted one statement at a time

    @event.listens_for(engine, "do_executemany")
    def _row_by_row(cursor, statement, parameters, _context):  # noqa: ANN001 - SQLAlchemy's hook
        for params in parameters:
            cursor.execute(statement, params)
        return True


def reachable(target: str | URL) -> str:
    """Connect once and return the server's version text; raises on any failure."""
    engine = make_server_engine(target)
    try:
        with engine.connect() as conn:
            return str(conn.scalar(text("SHOW server_version")))
    finally:
        engine.dispose()


# --- bulk work on a server ------------------------------------------------------------------

def _serial_id(table: Table) -> bool:
    pk = list(table.primary_key.columns)
    return len(pk) == 1 and pk[0].name == "id" and isinstance(pk[0].type, Integer)


def sync_sequences(conn: Connection, tables: Iterable[Table]) -> None:
    """After rows were written with their ids, let new rows continue past the highest id."""
    if conn.dialect.name != "postgresql":
        return  # SQLite picks max(id) + 1 by itself
    for table in tables:
        if not _serial_id(table):
            continue
        conn.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM \"{table.name}\"), 0) + 1, false)"))


def clear_tables(conn: Connection, tables: list[Table]) -> None:
    """Empty these tables (children first), resetting their id sequences on a server."""
    if not tables:
        return
    if conn.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        return
    for table in reversed(tables):
        conn.execute(table.delete())


def version_text(conn: Connection) -> str:
    """What the database is, for reports: 'PostgreSQL 15.18' or 'SQLite 3.40.1'."""
    if conn.dialect.name == "postgresql":
        return "PostgreSQL " + str(conn.scalar(text("SHOW server_version"))).split()[0]
    return "SQLite " + str(conn.scalar(text("SELECT sqlite_version()")))


def drop_all_tables(conn: Connection) -> None:
    """Remove every table of the schema (a restore or a forced migration starts from nothing).
    Only on a server: a data file is rebuilt as a new file instead."""
    if conn.dialect.name != "postgresql":
        raise ValueError("drop_all_tables is for a server database")
    names = conn.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).all()
    if names:
        conn.execute(text("DROP TABLE " + ", ".join(f'"{n}"' for n in names) + " CASCADE"))


def sqlite_writer_active(engine: Engine) -> bool:
    """Whether another connection holds a SQLite file's write lock right now (asked without
    waiting). A save refused with "database is locked" waits on this to learn, once the other
    writer is done, whether it changed the same records (a conflict) or others."""
    import sqlite3

    if engine.dialect.name != "sqlite" or not engine.url.database:
        return False
    probe = sqlite3.connect(engine.url.database, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        probe.close()


UPGRADE_LOCK_KEY = 8_2025_12  # any constant: the program's one advisory lock on a server


class upgrade_lock:
    """Held while one PC creates or upgrades a server's schema; the others wait for it here
    (then find nothing left to do), instead of running the same migrations at once."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.conn: Connection | None = None

    def __enter__(self) -> upgrade_lock:
        if self.engine.dialect.name == "postgresql":
            self.conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            self.conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": UPGRADE_LOCK_KEY})
        return self

    def __exit__(self, *_exc) -> None:
        if self.conn is not None:
            try:
                self.conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": UPGRADE_LOCK_KEY})
            finally:
                self.conn.close()


class short_lock_wait:
    """Inside a savepoint: wait at most `seconds` for a lock (then LockNotAvailable), and the
    session's own limit again afterwards. Used where giving up early has a good answer, e.g.
    a dossier number held by a PC that has not committed: take the next number instead. The
    setting is undone with the savepoint when the statement fails. Nothing on SQLite."""

    def __init__(self, conn: Connection, seconds: float):
        self.conn, self.seconds = conn, seconds
        self.previous: str | None = None

    def __enter__(self) -> short_lock_wait:
        if self.conn.dialect.name == "postgresql":
            self.previous = str(self.conn.scalar(text("SHOW lock_timeout")))
            self.conn.execute(text(f"SET LOCAL lock_timeout = {int(self.seconds * 1000)}"))
        return self

    def __exit__(self, exc_type, *_exc) -> None:
        if self.previous is not None and exc_type is None:
            self.conn.execute(text("SELECT set_config('lock_timeout', :v, true)"), {"v": self.previous})


def busy_sessions(conn: Connection) -> int:
    """How many other sessions on this database are in the middle of something (a statement
    running, or a transaction open): the clerks a restore or an upgrade must wait for."""
    if conn.dialect.name != "postgresql":
        return 0
    return int(conn.scalar(text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid() AND backend_type = 'client backend' "
        "AND state IN ('active', 'idle in transaction', 'idle in transaction (aborted)')")) or 0)


def take_all_tables(conn: Connection, wait_s: float, pause_s: float = 0.05) -> None:
    """Every table of the schema for this transaction alone (ACCESS EXCLUSIVE), once no other
    PC has a transaction open on any of them, trying for at most `wait_s` (then the
    LockNotAvailable of the last try). Each try takes all the tables at once or none (NOWAIT,
    in a savepoint): it never waits while holding some, so it never deadlocks with the
    clerks' work, and never keeps them waiting while it waits itself. Once it holds them,
    nobody reads or writes a table this transaction is replacing. Nothing on SQLite."""
    if conn.dialect.name != "postgresql":
        return
    names = conn.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                              "ORDER BY tablename")).all()
    if not names:
        return
    statement = text("LOCK TABLE " + ", ".join(f'"{n}"' for n in names) + " IN ACCESS EXCLUSIVE MODE NOWAIT")
    deadline = time.monotonic() + wait_s
    while True:
        try:
            with conn.begin_nested():
                conn.execute(statement)
            return
        except OperationalError as exc:
            if getattr(exc.orig, "sqlstate", "") != "55P03" or time.monotonic() > deadline:
                raise
        time.sleep(pause_s)


# --- who is working on the server -------------------------------------------------------------

APP_PREFIX = "TDKT"
WHOLE_DATABASE_APP = "TDKT khoi phuc du lieu"  # a restore or a forced migration holds every table


def application_name(pc: str, user: str) -> str:
    """What the server shows for this PC's sessions (pg_stat_activity.application_name):
    'TDKT PC-NAME user', in ASCII (the server turns other letters into '?'), at most 63 bytes."""
    import unicodedata

    def plain(value: str) -> str:
        value = value.replace("đ", "d").replace("Đ", "D")
        value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
        return "".join(ch if 32 < ord(ch) < 127 else "-" for ch in value)[:28]

    return f"{APP_PREFIX} {plain(pc) or '?'} {plain(user) or '?'}"[:63]


@dataclass(frozen=True)
class ServerSession:
    """Another PC's session on this database, as pg_stat_activity shows it."""

    pid: int
    name: str  # application_name: 'TDKT PC user' for this program's sessions
    client: str  # the PC's address
    started: object  # datetime the session began
    in_transaction_since: object  # datetime its open transaction began, or None
    state: str  # active, idle, idle in transaction ...
    waiting: bool  # waiting for a lock another session holds
    wrote: bool = False  # its open transaction has written (holds the rows it changed)

    @property
    def restoring(self) -> bool:
        return self.name == WHOLE_DATABASE_APP


def sessions(conn: Connection) -> list[ServerSession]:
    """The other client sessions on this database, the longest-open transaction first."""
    if conn.dialect.name != "postgresql":
        return []
    rows = conn.execute(text(
        "SELECT pid, coalesce(application_name, ''), coalesce(host(client_addr), 'máy chủ'), "
        "backend_start, xact_start, coalesce(state, ''), coalesce(wait_event_type = 'Lock', false), "
        "backend_xid IS NOT NULL "
        "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
        "AND backend_type = 'client backend' ORDER BY xact_start NULLS LAST, backend_start")).all()
    return [ServerSession(*row) for row in rows]


def holders(conn: Connection, older_than_s: float) -> list[ServerSession]:
    """Sessions that may be holding what another waited for: a transaction that has written,
    open longer than `older_than_s`, not itself waiting for a lock (oldest first); or a
    restore holding every table."""
    if conn.dialect.name != "postgresql":
        return []
    now = conn.scalar(text("SELECT now()"))
    found = []
    for one in sessions(conn):
        if one.restoring and one.in_transaction_since is not None:
            found.append(one)
            continue
        if one.in_transaction_since is None or one.waiting or one.state == "idle" or not one.wrote:
            continue
        if (now - one.in_transaction_since).total_seconds() >= older_than_s:
            found.append(one)
    return found


def end_session(conn: Connection, pid: int) -> bool:
    """End another session on this database (its open transaction is undone); False when no
    such session is on this database."""
    if conn.dialect.name != "postgresql" or pid not in {s.pid for s in sessions(conn)}:
        return False
    return bool(conn.scalar(text("SELECT pg_terminate_backend(:p)"), {"p": pid}))


def mark_whole_database(conn: Connection) -> None:
    """This transaction replaces the whole database: the others are told so when they wait."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT set_config('application_name', :n, true)"), {"n": WHOLE_DATABASE_APP})
