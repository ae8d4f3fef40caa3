"""Schema versions: create a database from nothing, upgrade an older one, refuse a newer one.

Every schema change is an Alembic migration in db/migrations/versions; `create_all()` is never
used on a data file.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported only where it is needed (creating, upgrading, walking revisions): at
# every start of the program the check below reads the revision chain from the migration
# files' text instead, which saves a quarter of a second.
HERE = Path(__file__).resolve().parent
_ASSIGN = re.compile(r"""^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(?:["']([^"']*)["']|None)\s*$""",
                     re.MULTILINE)


class SchemaTooNew(Exception):
    """The data file was written by a newer version of the program."""


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE / "migrations"))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return revision_on(conn)


def revision_on(conn) -> str | None:
    """The schema revision, read on this connection (inside its transaction)."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def is_empty(engine: Engine) -> bool:
    return not inspect(engine).get_table_names()


@functools.cache
def _chain() -> dict[str, str | None] | None:
    """revision → down_revision as the migration files write them; None when they cannot be
    read plainly (then Alembic decides)."""
    chain: dict[str, str | None] = {}
    for path in (HERE / "migrations" / "versions").glob("*.py"):
        found = dict((name, value or None) for name, value in _ASSIGN.findall(path.read_text("utf-8")))
        if not found.get("revision") or "down_revision" not in found:
            return None
        chain[found["revision"]] = found["down_revision"]
    heads = set(chain) - set(chain.values())
    return chain if len(heads) == 1 else None


def is_known(revision: str | None) -> bool:
    """Whether a revision is one of ours (read from the files' text: no Alembic import)."""
    chain = _chain()
    return (revision in chain) if chain is not None else revision in known_revisions()


def _stored_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return rows[0] if len(rows) == 1 else None


def needs_upgrade(engine: Engine) -> bool:
    chain = _chain()
    if chain is not None:
        current = _stored_revision(engine)
        if current is not None and current not in chain:
            raise SchemaTooNew(current)
        return current not in set(chain) - set(chain.values())
    current = current_revision(engine)
    if current is not None and current not in known_revisions():
        raise SchemaTooNew(current)
    return current != head_revision()


def upgrade(engine: Engine, revision: str = "head", *, before=None) -> None:
    """Bring the schema to `revision` (head by default), in one transaction per migration.
    `before(conn)` runs first in that transaction when a schema is already there (a server:
    wait for the other PCs' work in progress, app/server.py's take_whole_database)."""
    current = current_revision(engine)
    if current is not None and current not in known_revisions():
        raise SchemaTooNew(current)
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        if before is not None and current is not None:
            before(conn)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
