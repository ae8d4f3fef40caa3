"""Quyền: the role check every write goes through, when the office has turned accounts on.

Services that need more than ordinary editing call `app.users.require(session, "approve")`
and the like themselves (signing a decision, the office profile, users). This guard covers
the rest in one place: with accounts on, nothing is written to the data file unless the
signed-in user may edit (a *viewer* can look but never change), whatever screen or command
the write came from. With accounts off (one-person office), it lets everything through.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from app.users import can, require
from db.models import AuditEntry, User
from db.session import listen_once

# Rows written on behalf of someone not signed in yet (the wrong-password counter) or by the
# program itself (the audit trail): never refused here.
_ALWAYS_ALLOWED = (User, AuditEntry)


def _guard(session: Session, _flush_context, _instances) -> None:
    if session.info.get("dry_run"):  # a preview that is rolled back: it asks no more than a read
        return
    changed = [obj for obj in (*session.new, *session.dirty, *session.deleted)
               if not isinstance(obj, _ALWAYS_ALLOWED)]
    if not changed:
        return
    with session.no_autoflush:
        if not can(session, "edit"):
            require(session, "edit")  # raises PermissionDenied with the Vietnamese reason


def register(factory: sessionmaker) -> None:
    """Check the user's rights on every flush of this factory's sessions (idempotent)."""
    listen_once(factory, "permissions", [("before_flush", _guard)])
