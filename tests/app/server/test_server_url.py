"""Pointing the program at a server: URLs, the password (keyring or asked once, never in a
file), the server chosen for this PC, and users and roles on every connection."""

from __future__ import annotations

import json
import os

import keyring
import pytest
from keyring.backend import KeyringBackend
from sqlalchemy import text

from app import config
from app.database import open_database
from app.errors import DatabaseProblem, UserError, ValidationError
from app.server import (
    check_connection,
    configured_server,
    db_target,
    open_server_engine,
    set_configured_server,
)
from app.session_user import set_actor
from app.users import enable_users, require, sign_in, sign_out, users_enabled
from db import server as db_server


class MemoryKeyring(KeyringBackend):
    """The OS keyring, in memory (tests must not touch the real one)."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.stored: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.stored.get((service, username))

    def set_password(self, service, username, password):
        self.stored[(service, username)] = password

    def delete_password(self, service, username):
        self.stored.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    db_server._known.clear()
    yield ring
    keyring.set_keyring(previous)
    db_server._known.clear()


def test_server_urls_are_read_on_the_psycopg_driver_and_shown_without_password():
    url = db_server.server_url("postgresql://ha.nguyen:bí-mật@may-chu.local/tdkt")
    assert url.drivername == "postgresql+psycopg" and url.password == "bí-mật"
    assert db_server.display(url) == "postgresql://ha.nguyen@may-chu.local/tdkt"
    assert db_server.server_url("postgres://u@h:6543/d").port == 6543
    for bad in ("mysql://u@h/d", "postgresql://u@/d", "postgresql://u@h/"):
        with pytest.raises(db_server.ServerProblem):
            db_server.server_url(bad)


def test_a_db_value_is_a_file_a_url_or_the_server_chosen_for_this_pc(tmp_path):
    assert db_target(str(tmp_path / "a.db")) == tmp_path / "a.db"
    assert db_target("postgresql://u@h/d") == "postgresql://u@h/d"
    assert db_target(None) == config.default_db_path()
    with pytest.raises(ValidationError):
        db_target("mysql://u@h/d")
    set_configured_server("postgresql://ha.nguyen:bí-mật@may-chu.local:5433/tdkt")
    kept = (config.data_dir() / "may-chu.json").read_text(encoding="utf-8")
    assert "bí-mật" not in kept and json.loads(kept)["url"] == "postgresql://ha.nguyen@may-chu.local:5433/tdkt"
    assert configured_server() == db_target(None) == "postgresql://ha.nguyen@may-chu.local:5433/tdkt"
    set_configured_server(None)
    assert db_target(None) == config.default_db_path()


def test_the_keyring_keeps_a_password_and_forgets_it(memory_keyring):
    url = db_server.server_url("postgresql://ha.nguyen@may-chu.local/tdkt")
    assert db_server.remember(url, "mật khẩu 1", keyring_too=True)
    assert memory_keyring.stored == {(db_server.KEYRING_SERVICE, "ha.nguyen@may-chu.local:5432/tdkt"): "mật khẩu 1"}
    db_server.forget(url)
    assert memory_keyring.stored == {} and db_server._known_password(url) is None


def test_an_unreachable_server_is_said_plainly(tmp_path):
    result = check_connection("postgresql://tdkt@127.0.0.1:9/tdkt")
    assert not result.ok and "không trả lời" in result.message
    with pytest.raises(DatabaseProblem, match="Không kết nối được máy chủ dữ liệu"):
        open_database("postgresql://tdkt@127.0.0.1:9/tdkt")


@pytest.fixture
def password_role(db, pg_server):
    """An account that needs a password (the test server trusts only the program's own)."""
    role = f"thu_ky_{os.getpid()}"
    database = db.engine.url.database
    with pg_server.admin.connect() as conn:
        conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        conn.execute(text(f"CREATE ROLE \"{role}\" LOGIN PASSWORD 'Mật khẩu 2025!'"))
    with db.engine.begin() as conn:
        conn.execute(text(f'GRANT ALL ON ALL TABLES IN SCHEMA public TO "{role}"'))
        conn.execute(text(f'GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO "{role}"'))
    yield db.engine.url.set(username=role, password=None).render_as_string(hide_password=False)
    db.dispose()
    with pg_server.admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))


@pytest.mark.pg_only
def test_the_password_is_asked_once_kept_in_the_keyring_when_chosen_and_never_in_a_file(
        password_role, memory_keyring):
    asked = []

    def prompt(shown, user, attempt):
        asked.append((shown, user, attempt))
        return ("sai mật khẩu", False) if attempt == 1 else ("Mật khẩu 2025!", True)

    previous = db_server.set_password_prompt(prompt)
    try:
        engine = open_server_engine(password_role)
        engine.dispose()
        assert [a[2] for a in asked] == [1, 2] and "Mật khẩu" not in asked[0][0]
        assert list(memory_keyring.stored.values()) == ["Mật khẩu 2025!"]
        db_server._known.clear()  # a new run of the program: the keyring answers, nobody is asked
        database = open_database(password_role)
        database.dispose()
        assert len(asked) == 2
        for path in config.data_dir().rglob("*"):
            assert not path.is_file() or b"2025!" not in path.read_bytes()
    finally:
        db_server.set_password_prompt(previous)


@pytest.mark.pg_only
def test_a_refused_password_is_a_plain_error(password_role, memory_keyring):
    previous = db_server.set_password_prompt(lambda shown, user, attempt: ("sai", False))
    try:
        with pytest.raises(DatabaseProblem, match="mật khẩu"):
            open_server_engine(password_role)
    finally:
        db_server.set_password_prompt(previous)


@pytest.mark.pg
def test_users_and_roles_apply_to_every_connection(db):
    """Accounts live in the database: a second PC's connection sees them and their roles."""
    from app.users import create_user

    with db.session() as s:
        enable_users(s, "truong.phong", "Trưởng phòng", "Mật khẩu 2025!")
    set_actor(sign_in(db, "truong.phong", "Mật khẩu 2025!"))
    with db.session() as s:
        create_user(s, "chuyen.vien", "Chuyên viên", "clerk", "Mật khẩu 2026!")
    sign_out()
    target = str(db.path) if db.path else db.engine.url.render_as_string(hide_password=False)
    other_pc = open_database(target)
    try:
        with other_pc.session() as s:
            assert users_enabled(s)
        sign_in(other_pc, "chuyen.vien", "Mật khẩu 2026!")
        with other_pc.session() as s, pytest.raises(UserError, match="phê duyệt"):
            require(s, "approve")
        with pytest.raises(UserError, match="Sai tên đăng nhập hoặc mật khẩu"):
            sign_in(other_pc, "chuyen.vien", "sai")
    finally:
        sign_out()
        other_pc.dispose()


@pytest.mark.pg_only
def test_several_pcs_opening_a_new_server_at_once_create_it_once(pg_server):
    """The first morning: four PCs open the empty server together; one creates the schema and
    the catalogue, the others wait for it and find it done."""
    import threading

    from sqlalchemy import func, select

    from db import migrate
    from db.models import AwardType

    name = pg_server.create()
    errors, opened = [], []

    def start() -> None:
        try:
            opened.append(open_database(pg_server.url(name)))
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(repr(exc))

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert errors == [] and len(opened) == 4
        assert migrate.current_revision(opened[0].engine) == migrate.head_revision()
        with opened[0].session() as s:
            codes = s.scalars(select(AwardType.code)).all()
            assert len(codes) == len(set(codes)) == s.scalar(select(func.count()).select_from(AwardType))
    finally:
        for db in opened:
            db.dispose()
        pg_server.drop(name)


def _fake_server(reply: bytes):
    """A TCP port that is not PostgreSQL: answers `reply` (or nothing) and hangs up."""
    import socket
    import threading

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)

    def serve():
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            try:
                conn.recv(64)
                if reply:
                    conn.sendall(reply)
            finally:
                conn.close()

    threading.Thread(target=serve, daemon=True).start()
    return sock


@pytest.mark.parametrize("reply", [b"", b"HTTP/1.1 400 Bad Request\r\n\r\n"])
def test_a_machine_that_is_not_a_postgresql_server_is_said_in_vietnamese(reply, caplog):
    """t25: «server closed the connection unexpectedly», «received invalid response to SSL
    negotiation: H» reached the clerk in English; the driver's text goes to the log only."""
    import logging

    caplog.set_level(logging.INFO, logger="app.server")
    sock = _fake_server(reply)
    url = f"postgresql://tdkt@127.0.0.1:{sock.getsockname()[1]}/tdkt"
    try:
        with pytest.raises(DatabaseProblem) as caught:
            open_database(url)
        checked = check_connection(url)
    finally:
        sock.close()
    for message in (caught.value.message, checked.message):
        assert message.startswith("Không kết nối được máy chủ dữ liệu postgresql://tdkt@127.0.0.1:")
        assert "không như một máy chủ PostgreSQL" in message, message
        assert "server" not in message and "SSL" not in message and "connection" not in message
    assert any("cannot connect" in r.getMessage() for r in caplog.records)


def test_a_server_name_nobody_knows_is_said_in_vietnamese():
    url = "postgresql://tdkt:p@ss@may-chu-khong-co.invalid/tdkt"
    with pytest.raises(DatabaseProblem) as caught:
        open_database(url)
    message = caught.value.message
    assert "không tìm thấy máy chủ «may-chu-khong-co.invalid» trên mạng" in message, message
    assert "resolve" not in message and "Errno" not in message and "p@ss" not in message
