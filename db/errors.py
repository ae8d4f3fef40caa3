"""What went wrong with the database, by kind: the dialect specifics of a failure.

`kind_of(exc)` reads a driver error (PostgreSQL's SQLSTATE through psycopg, SQLite's message)
and names what happened in a few words app/failures.py turns into the clerk's Vietnamese line.
Nothing here is shown to anyone: a driver's text can carry SQL and nominees' names.
"""

from __future__ import annotations

from sqlalchemy import exc as sa_exc

UNREACHABLE = "unreachable"  # cannot connect, the connection dropped, the server shut down
DISK_FULL = "disk_full"
OVERLOADED = "overloaded"  # out of memory, too many connections
LOCK_TIMEOUT = "lock_timeout"  # waited longer than lock_timeout for a row another PC holds
IDLE_TIMEOUT = "idle_timeout"  # the server ended a transaction left open too long
STATEMENT_TIMEOUT = "statement_timeout"
DEADLOCK = "deadlock"  # two transactions waited on each other; the server cancelled one
SERIALIZATION = "serialization"
READ_ONLY = "read_only"
NO_PERMISSION = "no_permission"
BUSY = "busy"  # SQLite: another program holds the file's write lock
DAMAGED = "damaged"  # SQLite: not a database, malformed, I/O error
DUPLICATE = "duplicate"  # a unique constraint refused the row (someone wrote it first)
OTHER = "other"

# Safe to run the whole unit of work again: the server undid it and nothing else changed.
RETRYABLE = frozenset({DEADLOCK, SERIALIZATION})

_SQLSTATE = {
    "53100": DISK_FULL, "53200": OVERLOADED, "53300": OVERLOADED, "53400": OVERLOADED,
    "55P03": LOCK_TIMEOUT, "25P03": IDLE_TIMEOUT, "57014": STATEMENT_TIMEOUT,
    "40P01": DEADLOCK, "40001": SERIALIZATION, "25006": READ_ONLY, "42501": NO_PERMISSION,
    "57P01": UNREACHABLE, "57P02": UNREACHABLE, "57P03": UNREACHABLE, "23505": DUPLICATE,
    "58030": DISK_FULL,  # io_error: on a server, nearly always a full or failing disk
}
_LOST = ("server closed the connection", "connection refused", "could not connect",
         "connection is closed", "connection is lost", "connection timeout", "timeout expired",
         "connection reset", "consuming input failed", "terminating connection", "no route to host",
         "network is unreachable", "could not receive data", "could not send data",
         "ssl syscall", "eof detected", "server conn crashed", "connection to server")
_SQLITE = (("database is locked", BUSY), ("database table is locked", BUSY),
           ("database or disk is full", DISK_FULL), ("disk i/o error", DAMAGED),
           ("database disk image is malformed", DAMAGED), ("file is not a database", DAMAGED),
           ("attempt to write a readonly database", READ_ONLY),
           ("unable to open database file", UNREACHABLE), ("unique constraint failed", DUPLICATE))


def _sqlstate(error: BaseException) -> str:
    return str(getattr(error, "sqlstate", "") or getattr(error, "pgcode", "") or "")


def kind_of(exc: BaseException) -> str:
    """One of the kinds above for a SQLAlchemy or driver error (OTHER when not a failure of
    the database itself, e.g. a program fault)."""
    if isinstance(exc, sa_exc.TimeoutError):  # the pool: every connection of this PC busy
        return OVERLOADED
    if isinstance(exc, sa_exc.PendingRollbackError) and exc.__cause__ is not None:
        return kind_of(exc.__cause__)
    original = getattr(exc, "orig", None) or exc
    state = _sqlstate(original)
    if state in _SQLSTATE:
        return _SQLSTATE[state]
    if state.startswith("08"):  # connection exceptions
        return UNREACHABLE
    text = str(original).lower()
    module = type(original).__module__
    if module.startswith("sqlite3"):
        if getattr(original, "sqlite_errorcode", None) == 517:  # SQLITE_BUSY_SNAPSHOT
            return SERIALIZATION  # read before another writer committed: the whole work again
        for needle, kind in _SQLITE:
            if needle in text:
                return kind
        return OTHER
    if getattr(exc, "connection_invalidated", False):
        return UNREACHABLE
    if type(original).__name__ in ("OperationalError", "ConnectionTimeout", "InterfaceError") and \
            any(s in text for s in _LOST):
        return UNREACHABLE
    return OTHER


def is_retryable(exc: BaseException) -> bool:
    return kind_of(exc) in RETRYABLE
