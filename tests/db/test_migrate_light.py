"""The start-up check of a data file's schema version reads the migration chain without
Alembic, and agrees with Alembic on it."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from db import migrate


def test_the_light_chain_agrees_with_alembic():
    chain = migrate._chain()
    assert chain is not None
    assert set(chain) == migrate.known_revisions()
    assert set(chain) - set(chain.values()) == {migrate.head_revision()}


def test_up_to_date_older_and_newer_files(db):
    engine = db.engine
    assert migrate.needs_upgrade(engine) is False
    assert migrate._stored_revision(engine) == migrate.current_revision(engine) == migrate.head_revision()
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    assert migrate.needs_upgrade(engine) is True
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(migrate.SchemaTooNew):
        migrate.needs_upgrade(engine)
