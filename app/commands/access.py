"""Cổng của dòng lệnh: the one gate every `tdkt` subcommand passes before its handler runs.

For each data file a command names (its `--db`, or migrate's `--from` / `--to`):
1. a file that is not a TĐKT data file (another program's database) is refused, unchanged;
2. a file in a read-only place is refused as such (not called damaged);
3. a file failing SQLite's quick check is refused as damaged, naming the newest good backup
   and the command that restores it (exit 1);
and, for a command that writes or replaces data:
4. the one-writer lock is taken (app/lock.py) for the whole run;
5. with accounts on, the user named by `--user` signs in (password from `TDKT_PASSWORD`, or
   asked on the terminal) and must have the command's right (edit, backup, restore).

Declared per handler: `@reads(...)` for commands that only read, `@writes(...)` for the rest.
A handler declaring nothing counts as writing with the right to edit, so a new subcommand is
guarded by construction; it can only be made laxer by saying so.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from app.errors import UserError

PASSWORD_ENV = "TDKT_PASSWORD"


def _db_arg(args: argparse.Namespace) -> list:
    """The data file `--db` names (wherever the subcommand keeps it), as the handlers read it."""
    from app.commands.common import db_value
    from app.server import db_target

    return [db_target(db_value(args))]


def db_option(dest: str) -> Callable[[argparse.Namespace], list]:
    """The data file (or URL) an option names, for `targets=` / `sources=`."""
    def named(args: argparse.Namespace) -> list:
        from app.server import db_target

        return [db_target(getattr(args, dest))]
    return named


def _always(_args: argparse.Namespace) -> bool:
    return True


@dataclass(frozen=True)
class Access:
    """What a subcommand does to the data files it names."""

    permission: str | None = "edit"  # app.users.PERMISSIONS key; None: reads only
    when: Callable[[argparse.Namespace], bool] = _always  # whether this run writes (not --dry-run)
    targets: Callable[[argparse.Namespace], list] = _db_arg  # the data files (or URLs) written
    sources: Callable[[argparse.Namespace], list] = lambda _a: []  # files only read (migrate --from)
    lock: bool = True  # take the one-writer lock while writing (a backup reads a snapshot: no)
    check_damage: bool = True  # refuse a damaged target (restore is the cure for one: no)
    precheck: bool = True  # `tdkt check` reports on any file itself
    # How the user signs in for a target (restore: over a damaged file, app/restore_rights.py)
    sign_in: Callable | None = None
    # With accounts on in a source (migrate --from), the right needed to read all of it out
    source_permission: str | None = None


DEFAULT = Access()


def writes(permission: str = "edit", **options) -> Callable:
    """Mark a handler as writing (or replacing) data; see Access for the options."""
    def mark(handler: Callable) -> Callable:
        handler.access = Access(permission=permission, **options)
        return handler
    return mark


def reads(handler: Callable | None = None, **options) -> Callable:
    """Mark a handler as only reading the data files it names."""
    def mark(h: Callable) -> Callable:
        h.access = Access(permission=None, **options)
        return h
    return mark(handler) if handler is not None else mark


def access_of(handler: Callable) -> Access:
    return getattr(handler, "access", DEFAULT)


def _files(values: list) -> list[Path]:
    from app.server import is_server

    return [Path(v).expanduser().resolve() for v in values if v is not None and not is_server(v)]


def _damaged_message(exc) -> str:
    """The damaged-file refusal with the command that puts the newest good backup back."""
    text = exc.message
    if getattr(exc, "backup", None) is not None:
        text += f" Khôi phục bằng: tdkt restore \"{exc.backup.path}\" --db \"{exc.path}\""
    return text


def check_targets(paths: list[Path], *, check_damage: bool) -> None:
    from app.datafile import refuse_unsound
    from app.startup import DamagedFile

    for path in paths:
        try:
            refuse_unsound(path, check_damage=check_damage)
        except DamagedFile as exc:
            exc.message = _damaged_message(exc)
            exc.exit_code = 1  # as `tdkt check` says of it: the user's to act on (the window: 2)
            raise


_TYPED: dict[str, str] = {}  # a password typed once in this run (migrate signs in twice)


def ask_password(username: str) -> str:
    """The password for `--user`: TDKT_PASSWORD (scripts), else asked on the terminal."""
    if PASSWORD_ENV in os.environ:
        return os.environ[PASSWORD_ENV]
    if username in _TYPED:
        return _TYPED[username]
    if not sys.stdin or not sys.stdin.isatty():
        raise UserError(f"Cần mật khẩu của «{username}»: chạy trên màn hình dòng lệnh để gõ, "
                        f"hoặc đặt biến môi trường {PASSWORD_ENV}.")
    try:
        password = getpass.getpass(f"Mật khẩu của «{username}»: ")
    except EOFError:
        password = ""
    if not password:
        raise UserError("Chưa nhập mật khẩu; không làm gì.")
    _TYPED[username] = password
    return password


def _open_for_sign_in(target):
    """A Database to check a password on: a server, or a current data file opened without
    creating, upgrading or seeding anything (nothing is written before the user is known)."""
    from app.database import Database, open_database
    from app.server import is_server
    from db import backup as sqlite_backup
    from db import migrate
    from db.session import make_engine, make_session_factory

    if is_server(target) or sqlite_backup.schema_revision(Path(target)) != migrate.head_revision():
        return open_database(target, create=False)
    engine = make_engine(Path(target))
    return Database(url=str(engine.url), path=Path(target), engine=engine,
                    factory=make_session_factory(engine))


def sign_in_for(target, permission: str, username: str | None) -> None:
    """With accounts on in `target`, sign `username` in and require `permission`."""
    from app.datafile import accounts_on
    from app.server import is_server
    from app.users import PERMISSIONS, PermissionDenied, can, require, sign_in, users_enabled

    if not is_server(target) and not accounts_on(Path(target)):
        return
    db = _open_for_sign_in(target)
    try:
        with db.session() as session:
            if not users_enabled(session):
                return
        if not username:
            raise PermissionDenied(
                f"Dữ liệu này dùng tài khoản người dùng: cần đăng nhập để "
                f"{PERMISSIONS[permission][0]}. Thêm --user TÊN (mật khẩu được hỏi, hoặc đặt biến "
                f"{PASSWORD_ENV}).")
        sign_in(db, username, ask_password(username))
        with db.session() as session:
            if not can(session, permission):
                require(session, permission)  # raises, naming the account and its role
    finally:
        db.dispose()


def sign_in_to_restore(target, permission: str, username: str | None, *, args) -> None:
    """restore's sign-in: as any command's over a healthy file; over a damaged one (or one whose
    accounts cannot be read), read-only against the accounts app/restore_rights.py finds."""
    from app.restore_rights import accounts_for_restore
    from app.restore_rights import sign_in_to_restore as check
    from app.server import is_server
    from app.users import PERMISSIONS, PermissionDenied
    from db import backup as sqlite_backup

    backup = Path(getattr(args, "backup", "") or "")
    if is_server(target) or not backup.is_file() or sqlite_backup.integrity(Path(target), quick=True) == "ok":
        sign_in_for(target, permission, username)
        return
    book = accounts_for_restore(Path(target), backup)
    if book is None:
        return
    if not username:
        raise PermissionDenied(
            f"Dữ liệu này dùng tài khoản người dùng: cần đăng nhập để {PERMISSIONS[permission][0]}. "
            f"Thêm --user TÊN (mật khẩu được hỏi, hoặc đặt biến {PASSWORD_ENV}).")
    check(book, username, ask_password(username))


@contextmanager
def guarded(handler: Callable, args: argparse.Namespace) -> Iterator[None]:
    """Everything a subcommand must pass before it runs, held until it ends."""
    from app import lock
    from app.server import is_server

    access = access_of(handler)
    if not access.precheck:
        yield
        return
    writing = access.permission is not None and access.when(args)
    targets = [t for t in access.targets(args) if t is not None]
    check_targets(_files(access.sources(args)), check_damage=True)
    check_targets(_files(targets), check_damage=access.check_damage or not writing)
    if not writing:
        from app.datafile import refuse_empty_for_reading

        for path in _files(targets):
            refuse_empty_for_reading(path)
        yield
        return
    # Signed in first: a password prompt left open must not hold the file from other writers.
    if access.source_permission:
        for source in access.sources(args):
            if source is not None and (is_server(source) or Path(source).is_file()):
                sign_in_for(source, access.source_permission, getattr(args, "user", None))
    for target in targets:
        if is_server(target) or Path(target).is_file():
            (access.sign_in or sign_in_for)(target, access.permission, getattr(args, "user", None),
                                            **({"args": args} if access.sign_in else {}))
    with ExitStack() as held:
        if access.lock:
            for path in _files(targets):
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)  # a new file's folder
                except OSError as exc:
                    raise UserError(f"Không tạo được thư mục {path.parent}: {exc.strerror}.") from exc
                held.enter_context(lock.acquire(path))
        yield


def add_user_option(parser: argparse.ArgumentParser) -> None:
    """`--user NAME` on a subcommand and every sub-subcommand under it."""
    if not any("--user" in a.option_strings for a in parser._actions):
        parser.add_argument("--user", metavar="TÊN", default=argparse.SUPPRESS,
                            help=f"tài khoản đăng nhập khi dữ liệu dùng tài khoản (mật khẩu được "
                                 f"hỏi, hoặc đặt {PASSWORD_ENV})")
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                add_user_option(child)
