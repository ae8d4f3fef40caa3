"""Người dùng và vai trò: optional accounts (off by default for a one-person office).

Roles: `clerk` (chuyên viên: enter data, import, appraise), `head` (lãnh đạo phòng: also approve
decisions, restore backups, manage users and settings), `viewer` (chỉ xem). Passwords are kept
as Argon2id hashes (argon2-cffi). After 3 wrong passwords in a row an account waits, longer
each time (5 s, 10 s, 20 s ... up to 15 minutes); the wait is stored, so restarting the program
does not skip it. Services call `require(session, "approve")`; with accounts off it always passes.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import NotFound, UserError, ValidationError
from app.session_user import Actor, current_actor, set_actor
from app.text import clean
from db.models import Setting, User

ROLES = {"clerk": "Chuyên viên", "head": "Lãnh đạo phòng", "viewer": "Chỉ xem"}
PERMISSIONS = {
    "view": ("xem dữ liệu", {"clerk", "head", "viewer"}),
    "edit": ("nhập, sửa và thẩm định hồ sơ", {"clerk", "head"}),
    "approve": ("phê duyệt quyết định khen thưởng", {"head"}),
    "backup": ("sao lưu dữ liệu", {"clerk", "head"}),
    "restore": ("khôi phục dữ liệu từ bản sao lưu", {"head"}),
    # tdkt migrate: copying all data out (password hashes included) is a backup's right;
    # replacing the data of the target is a head's, named as what it is.
    "copy_out": ("chép toàn bộ dữ liệu (kể cả tài khoản người dùng) sang nơi khác", {"clerk", "head"}),
    "migrate": ("chuyển dữ liệu vào thay cho dữ liệu đang có", {"head"}),
    "settings": ("sửa hồ sơ cơ quan và danh mục", {"head"}),
    "manage_users": ("quản lý người dùng", {"head"}),
}
ENABLED_KEY = "users_enabled"
FREE_ATTEMPTS = 3
FIRST_WAIT_S, MAX_WAIT_S = 5, 15 * 60
MIN_PASSWORD = 8
_USERNAME = re.compile(r"^[a-z0-9._-]{3,60}$")
_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the name is unknown, so a wrong name takes as long as a wrong
    password. Made on first use: hashing costs ~0.3–0.6 s, which every start would pay."""
    return _hasher.hash("tdkt-dummy-password")


class PermissionDenied(UserError):
    """The signed-in user's role does not allow this action."""


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    display_name: str
    role: str
    active: bool
    locked_until: dt.datetime | None

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)


def _info(user: User) -> UserInfo:
    return UserInfo(user.id, user.username, user.display_name, user.role, user.active, user.locked_until)


def users_enabled(session: Session) -> bool:
    row = session.get(Setting, ENABLED_KEY)
    return bool(row and row.value)


def can(session: Session, permission: str, actor: Actor | None = None) -> bool:
    if permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}")
    if not users_enabled(session):
        return True
    actor = actor or current_actor()
    return actor.signed_in and actor.role in PERMISSIONS[permission][1]


def require(session: Session, permission: str) -> None:
    """Raise PermissionDenied with a Vietnamese reason unless the current user may do this."""
    if can(session, permission):
        return
    actor = current_actor()
    what = PERMISSIONS[permission][0]
    if not actor.signed_in:
        raise PermissionDenied(f"Cần đăng nhập để {what}.")
    raise PermissionDenied(f"Tài khoản «{actor.username}» ({ROLES.get(actor.role, actor.role)}) "
                           f"không có quyền {what}.")


def _check_username(username: str) -> str:
    name = clean(username).lower()
    # An account name is typed at every sign-in: one with hidden characters (which clean() drops
    # from stored text) would be another name than the one shown, so it is refused, not cleaned.
    if not _USERNAME.match(name) or not _USERNAME.match((username or "").strip().lower()):
        raise ValidationError("Tên đăng nhập gồm 3–60 ký tự: chữ thường không dấu, số, dấu chấm, "
                              "gạch ngang hoặc gạch dưới (ví dụ: ha.nguyen).", field="username")
    return name


def _check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise ValidationError(f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự.", field="password")
    if len(password) > 200 or any(ord(ch) < 32 for ch in password):
        raise ValidationError("Mật khẩu quá dài hoặc có ký tự điều khiển.", field="password")
    return password


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise ValidationError("Vai trò phải là Chuyên viên, Lãnh đạo phòng hoặc Chỉ xem.", field="role")
    return role


def _check_display(name: str) -> str:
    text = clean(name)
    if len(text) > 120 or any(ord(ch) < 32 for ch in text):
        raise ValidationError("Họ tên hiển thị tối đa 120 ký tự, không có ký tự điều khiển.",
                              field="display_name")
    return text


def _active_heads(session: Session, excluding: int | None = None) -> int:
    query = select(func.count()).select_from(User).where(User.role == "head", User.active.is_(True))
    if excluding is not None:
        query = query.where(User.id != excluding)
    return session.scalar(query) or 0


def create_user(session: Session, username: str, display_name: str, role: str,
                password: str) -> UserInfo:
    """A new account (head only, once accounts are on)."""
    require(session, "manage_users")
    name = _check_username(username)
    if session.scalar(select(User.id).where(User.username == name)) is not None:
        raise ValidationError(f"Tên đăng nhập «{name}» đã có.", field="username")
    user = User(username=name, display_name=_check_display(display_name), role=_check_role(role),
                password_hash=_hasher.hash(_check_password(password)), active=True, failed_attempts=0)
    session.add(user)
    session.flush()
    return _info(user)


def enable_users(session: Session, username: str, display_name: str, password: str) -> UserInfo:
    """Turn accounts on, creating the first head-of-office account (the one who turns them on)."""
    if users_enabled(session):
        raise UserError("Chế độ nhiều người dùng đã bật.")
    head = create_user(session, username, display_name, "head", password)
    row = session.get(Setting, ENABLED_KEY)
    if row is None:
        session.add(Setting(key=ENABLED_KEY, value=True))
    else:
        row.value = True
    session.flush()
    return head


def disable_users(session: Session) -> None:
    """Back to one-person mode (accounts are kept, for turning on again)."""
    require(session, "manage_users")
    row = session.get(Setting, ENABLED_KEY)
    if row is not None:
        row.value = False
        session.flush()


def list_users(session: Session) -> list[UserInfo]:
    return [_info(u) for u in session.scalars(select(User).order_by(User.username))]


def update_user(session: Session, user_id: int, *, display_name: str | None = None,
                role: str | None = None, active: bool | None = None) -> UserInfo:
    require(session, "manage_users")
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("Không tìm thấy người dùng.")
    losing_head = (role is not None and role != "head") or active is False
    if user.role == "head" and losing_head and _active_heads(session, excluding=user.id) == 0:
        raise UserError("Phải còn ít nhất một tài khoản Lãnh đạo phòng đang hoạt động.")
    if display_name is not None:
        user.display_name = _check_display(display_name)
    if role is not None:
        user.role = _check_role(role)
    if active is not None:
        user.active = active
    session.flush()
    return _info(user)


def set_password(session: Session, user_id: int, new_password: str) -> None:
    """Set a user's password: the head for anyone, a user for themself."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("Không tìm thấy người dùng.")
    if current_actor().username != user.username:
        require(session, "manage_users")
    user.password_hash = _hasher.hash(_check_password(new_password))
    user.failed_attempts, user.locked_until = 0, None
    session.flush()


def _wait_after(failures: int) -> int:
    """Seconds to wait after this many wrong passwords in a row."""
    if failures < FREE_ATTEMPTS:
        return 0
    return min(FIRST_WAIT_S * 2 ** (failures - FREE_ATTEMPTS), MAX_WAIT_S)


def sign_in(db, username: str, password: str, *, now: dt.datetime | None = None) -> Actor:
    """Check a password and sign the user in; wrong ones are counted (committed) and slow down.

    Takes the Database, not a session: the failure count must be saved even though the
    attempt ends in an error.
    """
    now = now or dt.datetime.now()
    name = clean(username).lower()
    with db.session() as session:
        user = session.scalar(select(User).where(User.username == name))
        if user is None or not user.active:
            _verify(_dummy_hash(), password)
            failure = "Sai tên đăng nhập hoặc mật khẩu."
        elif user.locked_until is not None and user.locked_until > now:
            wait = int((user.locked_until - now).total_seconds()) + 1
            failure = f"Đã nhập sai mật khẩu nhiều lần; hãy thử lại sau {wait} giây."
        elif _verify(user.password_hash, password):
            user.failed_attempts, user.locked_until = 0, None
            if _hasher.check_needs_rehash(user.password_hash):
                user.password_hash = _hasher.hash(password)
            actor = Actor(username=user.username, display_name=user.display_name, role=user.role,
                          signed_in=True)
            failure = ""
        else:
            user.failed_attempts = (user.failed_attempts or 0) + 1
            wait = _wait_after(user.failed_attempts)
            user.locked_until = now + dt.timedelta(seconds=wait) if wait else None
            failure = "Sai tên đăng nhập hoặc mật khẩu." + (
                f" Hãy chờ {wait} giây trước khi thử lại." if wait else "")
    if failure:
        raise UserError(failure)
    set_actor(actor)
    return actor


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def sign_out() -> None:
    set_actor(None)
