"""The same Alembic migrations build the schema on a PostgreSQL server, step by step, and it is
the schema the models say; the audit log is append-only there too; ids continue after rows
copied with their ids."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import insert, inspect, select, text, update
from sqlalchemy.exc import DBAPIError

from db import migrate
from db.models import AuditEntry, Base, Unit
from db.server import make_server_engine, sync_sequences

pytestmark = pytest.mark.pg_only


@pytest.fixture
def empty_server_db(pg_server):
    name = pg_server.create()
    engine = make_server_engine(pg_server.url(name))
    yield engine
    engine.dispose()
    pg_server.drop(name)


def test_each_migration_runs_on_the_server_and_the_result_matches_the_models(empty_server_db):
    engine = empty_server_db
    assert migrate.is_empty(engine)
    steps = [s.revision for s in ScriptDirectory.from_config(migrate.alembic_config()).walk_revisions()]
    for revision in reversed(steps):  # one at a time, as an office upgrading over the years
        migrate.upgrade(engine, revision)
        assert migrate.current_revision(engine) == revision
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                 Base.metadata)
    assert diffs == []


def test_the_audit_log_refuses_update_and_delete_on_the_server(empty_server_db):
    engine = empty_server_db
    migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(insert(AuditEntry.__table__).values(user="an", entity="units", entity_id=1,
                                                         action="insert", note=""))
    for statement in (update(AuditEntry.__table__).values(user="ai đó"), AuditEntry.__table__.delete()):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(statement)
    with engine.connect() as conn:
        assert conn.scalar(select(AuditEntry.user)) == "an"


def test_ids_continue_after_rows_written_with_their_ids(empty_server_db):
    engine = empty_server_db
    migrate.upgrade(engine)
    table = Unit.__table__
    with engine.begin() as conn:
        conn.execute(insert(table), [{"id": 41, "code": "A", "name": "Xã A", "kind": "xa", "search_key": "xa a"}])
        sync_sequences(conn, [table])
        new_id = conn.execute(insert(table).values(code="B", name="Xã B", kind="xa", search_key="xa b")
                              .returning(table.c.id)).scalar()
        assert new_id == 42
        assert conn.scalar(text("SELECT current_setting('server_version_num')::int")) >= 120000
