"""With accounts on, every write checks the signed-in user's role; a viewer changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app import permissions, users
from app.errors import UserError
from app.office import get_profile, save_profile
from app.session_user import Actor, acting_as, set_actor
from app.users import PermissionDenied
from db.models import Unit, User


@pytest.fixture(autouse=True)
def _signed_out():
    set_actor(None)
    yield
    set_actor(None)


@pytest.fixture
def office(db):
    permissions.register(db.factory)
    with db.session() as s:
        users.enable_users(s, "truong.phong", "Hoàng Văn Đức", "matkhau-truong")
    with acting_as(Actor("truong.phong", role="head", signed_in=True)), db.session() as s:
        users.create_user(s, "xem", "Người xem", "viewer", "matkhau-xem")
    return db


def _add_unit(db, code: str) -> None:
    with db.session() as s:
        s.add(Unit(code=code, name=f"UBND xã {code}", kind="commune", search_key=code.lower()))


def _units(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Unit))


def test_with_accounts_off_anyone_writes(db):
    permissions.register(db.factory)
    _add_unit(db, "XA_MOT")
    assert _units(db) == 1


def test_a_viewer_cannot_change_anything_and_nothing_is_stored(office):
    before = _units(office)
    with acting_as(Actor("xem", role="viewer", signed_in=True)):
        with pytest.raises(PermissionDenied) as refused:
            _add_unit(office, "XA_HAI")
        assert "không có quyền nhập, sửa" in refused.value.message
        with pytest.raises(PermissionDenied), office.session() as s:
            profile = get_profile(s)
            profile.office_name = "Phòng Nội vụ (sửa trộm)"
            profile.authority_name = "Ủy ban nhân dân xã Bản Bo"
            profile.place_name = "Bản Bo"
            save_profile(s, profile)
    assert _units(office) == before


def test_nobody_signed_in_cannot_write_but_wrong_passwords_are_still_counted(office):
    with pytest.raises(PermissionDenied) as refused:
        _add_unit(office, "XA_BA")
    assert "Cần đăng nhập" in refused.value.message
    with pytest.raises(UserError):
        users.sign_in(office, "xem", "sai-mat-khau")
    with office.session() as s:
        assert s.scalar(select(User.failed_attempts).where(User.username == "xem")) == 1


def test_a_clerk_and_the_head_may_edit(office):
    with acting_as(Actor("truong.phong", role="head", signed_in=True)):
        _add_unit(office, "XA_BON")
    with acting_as(Actor("ha", role="clerk", signed_in=True)):
        _add_unit(office, "XA_NAM")
    assert _units(office) == 2


def test_only_the_head_signs_decisions_and_edits_the_office_profile(office):
    import datetime as dt

    from app.decisions import DecisionInput, issue_decision

    data = DecisionInput(number="", issued_on=dt.date(2025, 12, 5), signer_name="")
    with acting_as(Actor("ha", role="clerk", signed_in=True)):
        with pytest.raises(PermissionDenied) as refused, office.session() as s:
            issue_decision(s, [], data)
        assert "phê duyệt quyết định" in refused.value.message
        with pytest.raises(PermissionDenied), office.session() as s:
            save_profile(s, get_profile(s))
    with acting_as(Actor("truong.phong", role="head", signed_in=True)):
        # Past the permission check: the head is told what is missing instead.
        with pytest.raises(UserError) as missing, office.session() as s:
            issue_decision(s, [], data)
        assert not isinstance(missing.value, PermissionDenied)
