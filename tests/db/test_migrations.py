"""The migrations build the whole schema from nothing, and it is the schema the models say."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from db import migrate
from db.models import Base
from db.session import make_engine


def test_migrations_create_every_table_from_nothing(tmp_path):
    engine = make_engine(tmp_path / "new.db")
    assert migrate.is_empty(engine)
    migrate.upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert migrate.current_revision(engine) == migrate.head_revision()
    engine.dispose()


def test_migrated_schema_matches_the_models(tmp_path):
    """A model changed without its migration shows up here as a difference."""
    engine = make_engine(tmp_path / "new.db")
    migrate.upgrade(engine)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diffs == []


def test_sqlite_runs_in_wal_with_foreign_keys(tmp_path):
    engine = make_engine(tmp_path / "new.db")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
    engine.dispose()
