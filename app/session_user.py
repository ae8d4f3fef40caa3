"""Who is working: the one signed-in user of this program run (người dùng hiện tại).

With accounts off (the default, a one-person office) the worker is the computer's login
name with every right. With accounts on, the login dialog sets the signed-in user here, and
the audit trail and permission checks read it. Kept process-wide on purpose: database work
runs on a worker thread, which must see the same user as the window that started it.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """The user doing the work: account name, name to show, role (clerk / head / viewer)."""

    username: str
    display_name: str = ""
    role: str = "head"
    signed_in: bool = False  # False: accounts are off, nobody had to sign in


def _os_user() -> Actor:
    try:
        name = getpass.getuser()
    except Exception:  # no login name in some service/sandbox environments
        name = "may-tinh"
    return Actor(username=name[:60])


_actor: Actor | None = None


def current_actor() -> Actor:
    return _actor or _os_user()


def set_actor(actor: Actor | None) -> None:
    """Sign a user in (an Actor) or out (None: back to the computer's login name)."""
    global _actor
    _actor = actor


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    """Run a block as another user (tests, the command line's --user), restoring after."""
    previous = _actor
    set_actor(actor)
    try:
        yield actor
    finally:
        set_actor(previous)
