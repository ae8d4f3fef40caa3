"""Ai được khôi phục: who may put a backup in place of a data file, window and command line alike.

With accounts on, only a signed-in head of office restores. A healthy data file says who its
users are (app/commands/access.py signs in against it as for any command). A damaged one may
not: its settings or users table may be where the damage is, and nothing may be written into
it (not even a wrong-password count). So the accounts are read, never written, from:

1. the damaged file itself, when its settings and users can still be read;
2. else the backup being restored, and then the other backups of this same file (newest
   first): the first one with accounts on names the heads who may restore;
3. when none of them has accounts on, the data never had any, and no sign-in is asked.
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from app.errors import UserError

UNREADABLE = object()


@dataclass
class AccountBook:
    """The accounts of one data file or backup, read once: username → (hash, role, active, name)."""

    where: str
    users: dict[str, tuple[str, str, bool, str]] = field(default_factory=dict)


def _read(path: Path, where: str):
    """The AccountBook of a SQLite file with accounts on, None when they are off, UNREADABLE."""
    from app.datafile import _query

    rows = _query(path, "SELECT value FROM settings WHERE key = 'users_enabled'")
    if rows is None:
        names = _query(path, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'settings'")
        return None if names == [] else UNREADABLE  # no settings table yet: never had accounts
    if not rows:
        return None
    value = rows[0][0]
    try:
        on = bool(json.loads(value)) if isinstance(value, str) else bool(value)
    except ValueError:
        on = True  # a setting that cannot be read as off is not taken as off
    if not on:
        return None
    users = _query(path, "SELECT username, password_hash, role, active, display_name FROM users")
    if users is None:
        return UNREADABLE
    return AccountBook(where=where, users={u: (h or "", r or "", bool(a), d or u)
                                           for u, h, r, a, d in users})


def _read_backup(backup: Path):
    from app.backup import DB_ENTRY

    with tempfile.TemporaryDirectory(prefix="tdkt-accounts-") as tmp:
        try:
            with zipfile.ZipFile(backup) as zf:
                zf.extract(DB_ENTRY, tmp)
        except (OSError, KeyError, zipfile.BadZipFile):
            return UNREADABLE
        return _read(Path(tmp) / DB_ENTRY, f"bản sao lưu {backup.name}")


def accounts_for_restore(db_path: Path, backup: Path) -> AccountBook | None:
    """Whose accounts decide who may restore `backup` over the file at `db_path` (see the module
    docstring); None when no sign-in is needed."""
    from app.backup import backups_folder, list_backups
    from app.data_identity import belongs_to, read_id

    db_path = Path(db_path)
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return None
    found = _read(db_path, f"tệp dữ liệu {db_path.name}")
    if found is not UNREADABLE:
        return found
    others = [b.path for b in list_backups(backups_folder(db_path))
              if b.reason != "damaged" and belongs_to(b.source, b.data_id, db_path, read_id(db_path))]
    for candidate in [Path(backup), *[p for p in others if p.resolve() != Path(backup).resolve()]]:
        found = _read_backup(candidate)
        if isinstance(found, AccountBook):
            return found
    return None


def sign_in_to_restore(book: AccountBook, username: str, password: str):
    """Check a head of office's password against `book` (read-only) and sign them in; raises
    UserError (wrong name or password) or PermissionDenied (not a head), as the command line
    words them."""
    from app.session_user import Actor, set_actor
    from app.text import clean
    from app.users import PERMISSIONS, ROLES, PermissionDenied, _dummy_hash, _verify

    name = clean(username or "").lower()
    if not name:
        raise UserError("Chưa nhập tên đăng nhập.")
    user = book.users.get(name)
    if user is None or not user[2]:
        _verify(_dummy_hash(), password)
        raise UserError("Sai tên đăng nhập hoặc mật khẩu.")
    hashed, role, _active, display = user
    if not _verify(hashed, password):
        raise UserError("Sai tên đăng nhập hoặc mật khẩu.")
    what, roles = PERMISSIONS["restore"]
    if role not in roles:
        raise PermissionDenied(f"Tài khoản «{name}» ({ROLES.get(role, role)}) không có quyền {what}.")
    actor = Actor(username=name, display_name=display, role=role, signed_in=True)
    set_actor(actor)
    return actor

