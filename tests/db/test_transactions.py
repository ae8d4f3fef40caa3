"""One session is one SQLite transaction: nothing it writes is visible to (or durable for)
anyone else before its commit — also after a SAVEPOINT (session.begin_nested()) is released,
which Python's sqlite3 module used to turn into a COMMIT of everything before it."""

from __future__ import annotations

import sqlite3

from db import migrate
from db.models import Unit
from db.session import make_engine, make_session_factory, transaction


def _others_see(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT COUNT(*) FROM units").fetchone()[0]
    finally:
        conn.close()


def test_released_savepoint_is_not_a_commit(tmp_path):
    path = tmp_path / "t.db"
    engine = make_engine(path)
    migrate.upgrade(engine)
    factory = make_session_factory(engine)
    session = factory()
    try:
        session.get(Unit, 1)  # a read first, as services do before writing
        with session.begin_nested():
            session.add(Unit(code="A", name="Đơn vị A", kind="commune"))
            session.flush()
        session.add(Unit(code="B", name="Đơn vị B", kind="commune"))
        session.flush()
        assert _others_see(path) == 0
        session.rollback()
    finally:
        session.close()
    assert _others_see(path) == 0
    engine.dispose()


def test_a_transaction_commits_everything_at_its_end(tmp_path):
    path = tmp_path / "t.db"
    engine = make_engine(path)
    migrate.upgrade(engine)
    with transaction(make_session_factory(engine)) as session:
        with session.begin_nested():
            session.add(Unit(code="A", name="Đơn vị A", kind="commune"))
        session.add(Unit(code="B", name="Đơn vị B", kind="commune"))
        session.flush()
        assert _others_see(path) == 0
    assert _others_see(path) == 2
    engine.dispose()
