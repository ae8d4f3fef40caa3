"""Engine and sessions for a data file (or, later, a server URL).

SQLite specifics live here and only here: WAL journal, foreign keys on, a busy timeout so a
second process waits instead of failing at once.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 10_000


def database_url(target: str | Path) -> str:
    """A SQLAlchemy URL for a data file path, or the URL itself when given one."""
    text = str(target)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_own_transactions(dbapi_conn, _record) -> None:
    # Python's sqlite3 module (before 3.12's autocommit=False) starts transactions on its own,
    # late, and a SAVEPOINT it did not start is released as a COMMIT: a service using
    # session.begin_nested() then commits half its work. Take BEGIN over ourselves (the
    # SQLAlchemy pysqlite recipe), so one session is one SQLite transaction, all or nothing.
    dbapi_conn.isolation_level = None


WRITES = "tdkt_writes"  # execution option: this transaction will write (see `transaction`)


def _sqlite_begin(conn) -> None:
    # A unit of work known to write takes the file's write lock at once (waiting, up to the
    # busy timeout, for another writer to finish): a read transaction that later wants to
    # write while another program writes is refused at once by SQLite, with no waiting.
    immediate = conn.get_execution_options().get(WRITES)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(target: str | Path) -> Engine:
    url = database_url(target)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "connect", _sqlite_own_transactions)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    from db.server import make_server_engine  # PostgreSQL: password, driver, pool (db/server.py)

    return make_server_engine(url)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    # expire_on_commit=False: services hand rows back to callers after committing.
    return sessionmaker(bind=engine, expire_on_commit=False)


# Which hook sets each factory already carries, by name. A WeakSet, so a factory that is
# gone leaves nothing behind for a new one that happens to get the same address.
_HOOKED: dict[str, weakref.WeakSet] = {}


def listen_once(factory: sessionmaker, name: str,
                listeners: Iterable[tuple[str, object]]) -> None:
    """Attach (event, function) pairs to this factory's sessions, once per `name`.

    Not `event.contains()`: SQLAlchemy answers it by the id() of the factory's own Session
    subclass, and once a factory is collected a new one can reuse that id, so it answers
    "already listening" for a factory that has no listener at all (audit entries went
    missing that way, now and then, in a long test run).
    """
    done = _HOOKED.setdefault(name, weakref.WeakSet())
    if factory in done:
        return
    for identifier, fn in listeners:
        event.listen(factory, identifier, fn)
    done.add(factory)


@contextmanager
def transaction(factory: sessionmaker[Session], *, writes: bool = False) -> Iterator[Session]:
    """A session whose work is committed at the end, or rolled back on any error. `writes`:
    the work is known to write (an import): on a data file it waits its turn to write first."""
    session = factory()
    try:
        if writes:
            session.connection(execution_options={WRITES: True})
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
