"""Test databases on a real PostgreSQL server, for the tests that run on both databases.

Enabled by `TDKT_TEST_PG=postgresql://USER@HOST:PORT/postgres` (or `pytest --pg URL`): a
server where USER may create databases (`python3 dev.py test` starts one on loopback). Like the
SQLite fixtures, a template database is made once per test session (migrated, catalogue
seeded; or the demo office) and each test gets its own copy (`CREATE DATABASE ... TEMPLATE`),
dropped afterwards.

Which tests run on both: the modules in BOTH (the database-touching core: schema, dossiers,
eligibility rules, awards, imports, blocs, audit, users, council, server) and any test marked
`pg`. Tests marked `pg_only` need the server and are deselected — and reported as not run —
without one.
"""

from __future__ import annotations

import itertools
import os

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

ENV = "TDKT_TEST_PG"
BOTH = (
    "tests/db/test_migrations.py", "tests/db/test_server.py", "tests/app/test_dossiers.py",
    "tests/app/rules/", "tests/app/test_awards.py", "tests/app/test_imports.py",
    "tests/app/test_blocs.py", "tests/app/test_audit.py", "tests/app/test_users.py",
    "tests/app/test_council.py", "tests/app/server/",
)
_counter = itertools.count(1)


def runs_on_both(nodeid: str, markers: set[str]) -> bool:
    return "pg" in markers or "pg_only" in markers or nodeid.startswith(BOTH)


class PgServer:
    """Creates and drops the test databases (names carry this process's id)."""

    def __init__(self, url: str):
        self.base = make_url(url).set(drivername="postgresql+psycopg")
        self.admin = create_engine(self.base, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        self.prefix = f"tdkt_t{os.getpid()}_"
        with self.admin.connect() as conn:
            self.version = conn.scalar(text("SHOW server_version"))

    def url(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def create(self, template: str | None = None, name: str | None = None) -> str:
        name = name or f"{self.prefix}{next(_counter)}"
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
        return name

    def drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def drop_all(self) -> None:
        with self.admin.connect() as conn:
            names = conn.scalars(text("SELECT datname FROM pg_database WHERE datname LIKE :p"),
                                 {"p": self.prefix + "%"}).all()
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()
