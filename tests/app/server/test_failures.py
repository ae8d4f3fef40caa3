"""Every failure of the server or the data file reaches the clerk as one Vietnamese line, in the
window and on the command line alike, and never the driver's text (SQL, names, a password).
A mistyped server address ('@' or ':' in the password, a bad port) is read right or refused
plainly. The server sessions carry the lock and idle-in-transaction timeouts."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import psycopg
import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, OperationalError

from app.database import open_database
from app.errors import DatabaseProblem, UserError
from app.failures import DatabaseFailure, failure, retrying
from app.server import session_limits
from db import errors as kinds
from db import server as db_server
from db.models import Unit
from tests.conftest import ROOT

STATEMENT = "INSERT INTO nominees (name, achievement) VALUES ('Nguyễn Văn An', 'Thành tích bí mật')"


def _wrapped(error: Exception) -> DBAPIError:
    """A driver error as SQLAlchemy hands it over: with the statement and its values."""
    return OperationalError(STATEMENT, {"name": "Nguyễn Văn An"}, error)


@pytest.mark.parametrize(("error", "kind", "words"), [
    (psycopg.errors.DiskFull("could not extend file: No space left on device"), kinds.DISK_FULL, "đã đầy"),
    (psycopg.errors.LockNotAvailable("canceling statement due to lock timeout"), kinds.LOCK_TIMEOUT,
     "một máy khác giữ quá 15 giây"),
    (psycopg.errors.DeadlockDetected("deadlock detected"), kinds.DEADLOCK, "Hai máy cùng ghi"),
    (psycopg.errors.AdminShutdown("terminating connection due to administrator command"),
     kinds.UNREACHABLE, "máy chủ đã dừng"),
    (psycopg.errors.IdleInTransactionSessionTimeout("terminating connection due to idle-in-transaction "
                                                    "timeout"), kinds.IDLE_TIMEOUT, "bỏ dở quá 60 giây"),
    (psycopg.errors.TooManyConnections("sorry, too many clients already"), kinds.OVERLOADED, "quá tải"),
    (psycopg.OperationalError("consuming input failed: server closed the connection unexpectedly"),
     kinds.UNREACHABLE, "Mất kết nối"),
    (psycopg.errors.ReadOnlySqlTransaction("cannot execute INSERT in a read-only transaction"),
     kinds.READ_ONLY, "chỉ đọc"),
])
def test_each_server_failure_is_one_plain_line_without_the_drivers_text(error, kind, words):
    exc = _wrapped(error)
    assert kinds.kind_of(exc) == kind
    found = failure(exc, where="postgresql://thu.ky@may-chu/tdkt", server=True)
    assert isinstance(found, DatabaseFailure) and isinstance(found, UserError)
    assert words in found.message and "\n" not in found.message
    assert "chưa được ghi" in found.message
    for leaked in ("INSERT", "Nguyễn Văn An", "bí mật", str(error)):
        assert leaked not in found.message
    assert found.exit_code == (1 if kind in ("lock_timeout", "deadlock", "idle_timeout", "overloaded") else 2)


def test_a_connection_lost_while_committing_says_the_save_is_in_doubt():
    exc = _wrapped(psycopg.OperationalError("server closed the connection unexpectedly"))
    assert "chưa chắc việc vừa làm đã được ghi" in failure(exc, server=True, at_commit=True).message


def test_a_program_fault_is_not_dressed_as_a_database_failure():
    from sqlalchemy.exc import ProgrammingError

    fault = ProgrammingError(STATEMENT, {}, psycopg.errors.UndefinedColumn('column "x" does not exist'))
    assert failure(fault) is None


def test_a_deadlock_is_run_again_whole_and_other_failures_are_not():
    calls = []

    def deadlocked_once():
        calls.append(1)
        if len(calls) == 1:
            raise _wrapped(psycopg.errors.DeadlockDetected("deadlock detected"))
        return "xong"

    assert retrying(deadlocked_once, pause_s=0) == "xong" and len(calls) == 2
    calls.clear()

    def full():
        calls.append(1)
        raise _wrapped(psycopg.errors.DiskFull("No space left on device"))

    with pytest.raises(DBAPIError):
        retrying(full, pause_s=0)
    assert len(calls) == 1


def test_a_data_file_another_program_is_writing_gives_the_plain_line(empty_template, tmp_path):
    """The data file's own lock (the server's lock timeout is tested with a frozen PC)."""
    from tests.conftest import _copy_db

    db = open_database(_copy_db(empty_template, tmp_path / "tdkt.db"))
    other = sqlite3.connect(str(db.path), isolation_level=None)
    try:
        with pytest.raises(DatabaseFailure) as caught, db.session() as s:
            s.scalar(select(Unit.id).limit(1))  # our read transaction has begun ...
            other.execute("BEGIN IMMEDIATE")  # ... when another PC starts writing
            s.add(Unit(code="BB", name="Xã Bản Bo", kind="commune", search_key="xa ban bo"))
            s.flush()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert caught.value.kind == kinds.BUSY and "đang được một máy" in caught.value.message
    with db.session() as s:
        assert s.scalar(select(Unit.id).limit(1)) is None
    db.dispose()


# --- the server's address ---------------------------------------------------------------------

def test_a_password_with_at_and_colon_signs_is_read_whole_and_never_shown():
    url = db_server.server_url("postgresql://thu.ky:p@ss:w/rd@may-chu.local:5433/tdkt")
    assert (url.username, url.password, url.host, url.port, url.database) == (
        "thu.ky", "p@ss:w/rd", "may-chu.local", 5433, "tdkt")
    assert db_server.display(url) == "postgresql://thu.ky@may-chu.local:5433/tdkt"
    encoded = db_server.server_url("postgresql://thu.ky:p%40ss@may-chu.local/tdkt")
    assert encoded.password == "p@ss" and encoded.host == "may-chu.local"


def test_a_mistyped_address_is_one_line_on_the_command_line_without_the_password(tmp_path):
    env = {"TDKT_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    for url, words, code in [("postgresql://thu.ky:bi@mat@127.0.0.1:54x2/tdkt", "cổng phải là một số", 1),
                             ("postgresql://thu.ky:bi@mat@127.0.0.1:1/tdkt", "không trả lời", 2)]:
        out = subprocess.run([sys.executable, "-m", "app", "check", "--db", url], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == code, out.stderr
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and words in lines[0], out.stderr
        assert "bi@mat" not in out.stderr and "mat@" not in out.stderr and "Traceback" not in out.stderr


# --- the timeouts on every server session ---------------------------------------------------

def test_the_timeouts_are_a_setting_with_a_safe_default(monkeypatch, tmp_path):
    import json

    from app import config
    from app.server import SOURCE_FILE

    monkeypatch.delenv("TDKT_LOCK_TIMEOUT_S", raising=False)
    monkeypatch.delenv("TDKT_IDLE_TIMEOUT_S", raising=False)
    assert session_limits() == db_server.SessionLimits(15, 60)
    (config.data_dir()).mkdir(parents=True, exist_ok=True)
    (config.data_dir() / SOURCE_FILE).write_text(json.dumps(
        {"url": "postgresql://thu.ky@may-chu/tdkt", "lock_timeout_s": 8, "idle_timeout_s": "abc"}))
    assert session_limits() == db_server.SessionLimits(8, 60)  # a wrong value: the default
    monkeypatch.setenv("TDKT_IDLE_TIMEOUT_S", "5")
    assert session_limits() == db_server.SessionLimits(8, 5)


@pytest.mark.pg_only
def test_every_server_session_carries_the_timeouts(db, monkeypatch):
    monkeypatch.setenv("TDKT_LOCK_TIMEOUT_S", "3")
    monkeypatch.setenv("TDKT_IDLE_TIMEOUT_S", "7.5")
    other = open_database(db.engine.url.render_as_string(hide_password=False))
    try:
        with other.session() as s:
            assert s.scalar(text("SHOW lock_timeout")) == "3s"
            assert s.scalar(text("SHOW idle_in_transaction_session_timeout")) == "7500ms"
            # a PC cut off mid-statement is noticed by the server in minutes, not hours
            assert s.scalar(text("SHOW tcp_keepalives_idle")) == "30"
            assert s.scalar(text("SHOW tcp_keepalives_interval")) == "10"
    finally:
        other.dispose()
    with pytest.raises(DatabaseProblem):
        open_database("postgresql://thu.ky@127.0.0.1:1/tdkt")
