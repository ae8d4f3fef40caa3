"""Optional accounts: off by default, roles and permissions, Argon2 hashes, slowdown after
wrong passwords, the audit trail names the signed-in user."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app import audit, users
from app.errors import UserError, ValidationError
from app.session_user import Actor, acting_as, current_actor, set_actor
from db.models import Unit, User


@pytest.fixture(autouse=True)
def _signed_out():
    set_actor(None)
    yield
    set_actor(None)


@pytest.fixture
def office(db):
    """Accounts on: a head of office and a clerk and a viewer."""
    with db.session() as s:
        users.enable_users(s, "truong.phong", "Hoàng Văn Đức", "matkhau-truong")
    with acting_as(Actor("truong.phong", role="head", signed_in=True)), db.session() as s:
        users.create_user(s, "ha.nguyen", "Nguyễn Thu Hà", "clerk", "matkhau-ha1")
        users.create_user(s, "xem", "Người xem", "viewer", "matkhau-xem")
    return db


def test_off_by_default_everything_is_allowed(db):
    with db.session() as s:
        assert not users.users_enabled(s)
        for permission in users.PERMISSIONS:
            users.require(s, permission)


def test_passwords_are_stored_as_argon2_hashes(office):
    with office.session() as s:
        stored = s.scalar(select(User.password_hash).where(User.username == "ha.nguyen"))
    assert stored.startswith("$argon2id$") and "matkhau-ha1" not in stored


def test_roles_decide_what_a_user_may_do(office):
    users.sign_in(office, "ha.nguyen", "matkhau-ha1")
    with office.session() as s:
        users.require(s, "edit")
        with pytest.raises(users.PermissionDenied, match="không có quyền phê duyệt"):
            users.require(s, "approve")
    users.sign_in(office, "xem", "matkhau-xem")
    with office.session() as s:
        assert users.can(s, "view") and not users.can(s, "edit")
    users.sign_in(office, "truong.phong", "matkhau-truong")
    with office.session() as s:
        assert all(users.can(s, p) for p in users.PERMISSIONS)
    users.sign_out()
    with office.session() as s, pytest.raises(users.PermissionDenied, match="Cần đăng nhập"):
        users.require(s, "view")


def test_only_the_head_manages_users(office):
    users.sign_in(office, "ha.nguyen", "matkhau-ha1")
    with office.session() as s, pytest.raises(users.PermissionDenied):
        users.create_user(s, "moi", "Mới", "clerk", "12345678")


def test_wrong_passwords_slow_down_and_the_wait_survives_a_restart(office):
    t0 = dt.datetime(2025, 11, 3, 8, 0, 0)
    for _ in range(2):
        with pytest.raises(UserError, match="Sai tên đăng nhập hoặc mật khẩu.$"):
            users.sign_in(office, "ha.nguyen", "sai", now=t0)
    with pytest.raises(UserError, match="chờ 5 giây"):
        users.sign_in(office, "ha.nguyen", "sai", now=t0)
    # Even the right password waits until the time is up.
    with pytest.raises(UserError, match="thử lại sau"):
        users.sign_in(office, "ha.nguyen", "matkhau-ha1", now=t0 + dt.timedelta(seconds=2))
    with pytest.raises(UserError, match="chờ 10 giây"):
        users.sign_in(office, "ha.nguyen", "sai", now=t0 + dt.timedelta(seconds=6))
    actor = users.sign_in(office, "ha.nguyen", "matkhau-ha1", now=t0 + dt.timedelta(seconds=20))
    assert actor.role == "clerk" and current_actor().username == "ha.nguyen"
    with office.session() as s:
        assert s.scalar(select(User.failed_attempts).where(User.username == "ha.nguyen")) == 0


def test_the_wait_is_capped():
    assert users._wait_after(2) == 0 and users._wait_after(3) == 5 and users._wait_after(50) == 900


def test_unknown_or_inactive_user_gets_the_same_message(office):
    with pytest.raises(UserError, match="Sai tên đăng nhập hoặc mật khẩu"):
        users.sign_in(office, "khong.co", "matkhau-ha1")
    users.sign_in(office, "truong.phong", "matkhau-truong")
    with office.session() as s:
        uid = s.scalar(select(User.id).where(User.username == "xem"))
        users.update_user(s, uid, active=False)
    with pytest.raises(UserError, match="Sai tên đăng nhập hoặc mật khẩu"):
        users.sign_in(office, "xem", "matkhau-xem")


def test_the_last_head_cannot_be_demoted_or_deactivated(office):
    users.sign_in(office, "truong.phong", "matkhau-truong")
    with office.session() as s:
        head = s.scalar(select(User.id).where(User.username == "truong.phong"))
        with pytest.raises(UserError, match="ít nhất một tài khoản Lãnh đạo"):
            users.update_user(s, head, role="clerk")
        with pytest.raises(UserError):
            users.update_user(s, head, active=False)


def test_bad_usernames_and_short_passwords_are_refused(office):
    users.sign_in(office, "truong.phong", "matkhau-truong")
    with office.session() as s:
        for bad in ("Hà Nguyễn", "a", "x'; DROP TABLE users;--", "ab\x00cd"):
            with pytest.raises(ValidationError) as err:
                users.create_user(s, bad, "X", "clerk", "12345678")
            assert err.value.field == "username"
        with pytest.raises(ValidationError, match="ít nhất 8"):
            users.create_user(s, "moi", "X", "clerk", "1234")
        with pytest.raises(ValidationError, match="Tên đăng nhập «ha.nguyen» đã có"):
            users.create_user(s, "ha.nguyen", "X", "clerk", "12345678")


def test_a_user_changes_their_own_password(office):
    users.sign_in(office, "ha.nguyen", "matkhau-ha1")
    with office.session() as s:
        me = s.scalar(select(User.id).where(User.username == "ha.nguyen"))
        users.set_password(s, me, "matkhau-moi-2")
        other = s.scalar(select(User.id).where(User.username == "xem"))
        with pytest.raises(users.PermissionDenied):
            users.set_password(s, other, "doi-cua-nguoi-khac")
    users.sign_in(office, "ha.nguyen", "matkhau-moi-2")


def test_the_audit_trail_names_the_signed_in_user(office):
    users.sign_in(office, "ha.nguyen", "matkhau-ha1")
    with office.session() as s:
        s.add(Unit(code="X", name="Trường Mầm non Bình Lư", kind="school"))
    with office.session() as s:
        assert audit.recent(s, entity="units")[0].user == "ha.nguyen"
        pw_change = [line for line in audit.recent(s, entity="users") if line.action == "insert"]
        assert all(dict((n, a) for n, _, a in line.changes)["password_hash"] == "***"
                   for line in pw_change)


def test_turning_accounts_off_needs_the_head(office):
    users.sign_in(office, "ha.nguyen", "matkhau-ha1")
    with office.session() as s, pytest.raises(users.PermissionDenied):
        users.disable_users(s)
    users.sign_in(office, "truong.phong", "matkhau-truong")
    with office.session() as s:
        users.disable_users(s)
    with office.session() as s:
        assert not users.users_enabled(s)
        assert {u.username for u in users.list_users(s)} == {"truong.phong", "ha.nguyen", "xem"}
