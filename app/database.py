"""Opening a data file the way the program needs it: create it from the migrations when new,
upgrade it after a backup when old, refuse it when newer than the program, seed the catalogue.

`Database` is what the GUI and the CLI hold: the path, the engine and a session factory.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, PendingRollbackError
from sqlalchemy.exc import TimeoutError as SATimeoutError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from app import audit, conflicts, permissions
from app.backup import backup_file
from app.catalog import seed_catalog
from app.data_identity import ensure_id
from app.datafile import refuse_foreign
from app.errors import DatabaseProblem, UserError
from app.failures import DatabaseFailure, failure
from db import errors as db_errors
from db import migrate
from db import server as db_server
from db.models import OfficeProfile
from db.server import upgrade_lock
from db.session import BUSY_TIMEOUT_MS, is_sqlite, make_engine, make_session_factory, transaction


@dataclass
class Database:
    """An open data file (or server): where it is and how to get a session on it."""

    url: str
    path: Path | None
    engine: Engine
    factory: sessionmaker[Session]

    @contextmanager
    def session(self, *, writes: bool = False) -> Iterator[Session]:
        """A unit of work committed at the end, rolled back on error. A record someone else
        changed meanwhile is a ConflictError naming who and when (app/conflicts.py); a failure
        of the server or the file (stopped, full, timed out, deadlock ...) is a DatabaseFailure
        whose message is the clerk's one Vietnamese line (app/failures.py). `writes`: a unit of
        work known to write (db/session.py's `transaction`)."""
        opened: list[Session] = []
        body_done = False
        try:
            with transaction(self.factory, writes=writes) as session:
                opened.append(session)
                yield session
                body_done = True  # what fails from here on failed in the COMMIT
        except conflicts.StaleRecord as exc:
            raise conflicts.describe(self.factory, exc) from None
        except StaleDataError as exc:
            raise conflicts.from_stale(self.factory, opened[0].info, exc) from exc
        except IntegrityError as exc:
            # Two clerks added the same row (the first score of a criterion ...): the one who
            # was first, and when; else the plain line for a duplicate.
            found = conflicts.from_duplicate(self.factory, opened[0].info) if opened else None
            if found is not None:
                raise found from exc
            self._raise_failure(exc, body_done)
        except OperationalError as exc:
            # SQLite refuses to write from a read snapshot another writer has moved past
            # ("database is locked"): when a record we write changed, that is a conflict too.
            if opened and is_sqlite(self.engine) and "locked" in str(exc):
                found = conflicts.from_stale(self.factory, opened[0].info, exc, engine=self.engine,
                                             wait_s=BUSY_TIMEOUT_MS / 1000)
                if isinstance(found, conflicts.RecordConflict):
                    raise found from exc
            self._raise_failure(exc, body_done)
        except (DBAPIError, SATimeoutError, PendingRollbackError) as exc:
            self._raise_failure(exc, body_done)

    def _raise_failure(self, exc: BaseException, at_commit: bool) -> None:
        found = self.failure(exc, at_commit=at_commit)
        if found is None:
            raise exc  # not a failure of the database: a fault, shown with its log
        raise found from exc

    def failure(self, exc: BaseException, *, at_commit: bool = False) -> DatabaseFailure | None:
        """The clerk's line for a failure of this database (None: not a database failure)."""
        server = self.path is None
        where = db_server.display(self.engine.url) if server else str(self.path)
        limits = db_server.limits_of(self.engine)
        holders = None
        if server and db_errors.kind_of(exc) == db_errors.LOCK_TIMEOUT:
            holders = self._holders(limits.lock_s)
        return failure(exc, where=where, server=server, limits=limits, at_commit=at_commit,
                       holders=holders)

    def _holders(self, waited_s: float) -> list:
        """Who holds what a save just waited for (asked on a fresh connection; nothing when
        the server cannot say)."""
        try:
            with self.engine.connect() as conn:
                return db_server.holders(conn, waited_s)
        except Exception:  # noqa: BLE001 - the plain line without the name is still right
            return []

    def dispose(self) -> None:
        self.engine.dispose()


def _check_sqlite_file(path: Path) -> None:
    """A readable SQLite file, or a plain Vietnamese reason why not."""
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        with open(path, "rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise DatabaseProblem(f"Không đọc được tệp dữ liệu {path}: {exc.strerror}.") from exc
    if header != b"SQLite format 3\x00":
        raise DatabaseProblem(f"Tệp {path} không phải tệp dữ liệu TĐKT (không phải cơ sở dữ liệu SQLite).")
    refuse_foreign(path)  # another program's database is never given our tables


def backup_before_upgrade(path: Path) -> Path:
    """Consistent backup of the data file and its attachments before changing its schema."""
    return backup_file(path, "upgrade")


def _create_or_upgrade(engine, path: Path | None, upgrade: bool) -> None:
    if migrate.is_empty(engine):
        migrate.upgrade(engine)
    elif upgrade and migrate.needs_upgrade(engine):
        if path is not None and is_sqlite(engine):
            backup_before_upgrade(path)
        elif path is None:
            from app.dump import dump_before_upgrade
            from app.server import take_whole_database

            dump_before_upgrade(engine)
            # Other PCs may be working on the server: their work in progress ends first.
            migrate.upgrade(engine, before=lambda conn: take_whole_database(conn, "nâng cấp dữ liệu"))
            return
        migrate.upgrade(engine)


def open_database(target: str | Path, *, create: bool = True, upgrade: bool = True) -> Database:
    """Open (and if needed create or upgrade) a data file or server database."""
    text = str(target)
    path = None if "://" in text else Path(text).expanduser().resolve()
    if path is not None:
        if not path.exists() and not create:
            raise DatabaseProblem(f"Không tìm thấy tệp dữ liệu: {path}")
        if path.exists() and path.is_dir():
            raise DatabaseProblem(f"Đường dẫn {path} là một thư mục, không phải tệp dữ liệu.")
        _check_sqlite_file(path)
        path.parent.mkdir(parents=True, exist_ok=True)
    if path is None:
        from app.server import open_server_engine  # PostgreSQL: URL, password, a first connection

        engine = open_server_engine(text)
    else:
        engine = make_engine(path)
    try:
        with upgrade_lock(engine):  # a server: one PC at a time creates or upgrades the schema
            _create_or_upgrade(engine, path, upgrade)
    except UserError:
        engine.dispose()  # e.g. an upgrade the other PCs' work did not let through
        raise
    except migrate.SchemaTooNew as exc:
        engine.dispose()
        raise DatabaseProblem(
            "Tệp dữ liệu được tạo bởi phiên bản TĐKT mới hơn; hãy cập nhật chương trình "
            f"(phiên bản dữ liệu {exc}).") from exc
    except SADatabaseError as exc:
        engine.dispose()
        if path is None:
            from app.server import connect_problem

            raise connect_problem(text, exc) from exc
        found = failure(exc, where=str(path), server=False)
        if found is not None and found.kind != db_errors.DAMAGED:  # a full disk is not a damaged file
            raise found from exc
        raise DatabaseProblem(f"Tệp dữ liệu bị hỏng hoặc không đọc được: {path or text}.") from exc
    db = Database(url=str(engine.url), path=path, engine=engine, factory=make_session_factory(engine))
    audit.register(db.factory)  # every change through this file's sessions is logged
    permissions.register(db.factory)  # with accounts on, only those who may edit write
    conflicts.register(db.factory)  # a record changed by someone else is never overwritten
    with upgrade_lock(engine), db.session() as session:  # PCs starting at once seed in turn
        seed_catalog(session)
    ensure_id(engine)  # which file a backup belongs to (app/data_identity.py)
    return db


def has_office(db: Database) -> bool:
    """Whether the data file holds an office yet (an empty file offers the demo)."""
    with db.session() as session:
        return session.scalar(select(OfficeProfile.id).limit(1)) is not None
