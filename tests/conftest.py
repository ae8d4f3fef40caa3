"""Shared fixtures: a migrated empty database and the demo office, each made once per test
session and copied per test (fast, and every test starts from the same state)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Property tests run the same examples on every run (CI included): a new random example that
# fails belongs in a session spent exploring, not in somebody's unrelated CI run. Explore with
# TDKT_HYPOTHESIS=explore (random examples, failures remembered in .hypothesis/).
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("fixed", derandomize=True, database=None, print_blob=True)
_hypothesis_settings.register_profile("explore", print_blob=True)
_hypothesis_settings.load_profile(os.environ.get("TDKT_HYPOTHESIS", "fixed"))

ROOT = Path(__file__).resolve().parent.parent


def _copy_db(src: Path, dst: Path) -> Path:
    """Consistent copy of a SQLite file (online backup, so WAL content is included)."""
    s, d = sqlite3.connect(str(src)), sqlite3.connect(str(dst))
    try:
        s.backup(d)
    finally:
        d.close()
        s.close()
    return dst


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """No test touches the real user's data folder."""
    monkeypatch.setenv("TDKT_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory) -> Path:
    from app.database import open_database

    path = tmp_path_factory.mktemp("template") / "empty.db"
    open_database(path).dispose()
    return path


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    from app.database import open_database
    from app.demo import write_demo

    path = tmp_path_factory.mktemp("template") / "demo.db"
    db = open_database(path)
    write_demo(db)
    db.dispose()
    return path


@pytest.fixture
def db(db_backend, request, tmp_path):
    """An open, migrated database with the catalogue and nothing else (on a PostgreSQL server
    too for the tests tests/pgsupport.py names, when one is given)."""
    from app.database import open_database

    if db_backend == "pg":
        yield from _pg_database(request, "pg_empty_template")
        return
    empty_template = request.getfixturevalue("empty_template")
    database = open_database(_copy_db(empty_template, tmp_path / "tdkt.db"))
    yield database
    database.dispose()


@pytest.fixture
def demo_db(db_backend, request, tmp_path):
    """An open copy of the demo office (Tam Đường, 2025)."""
    from app.database import open_database

    if db_backend == "pg":
        yield from _pg_database(request, "pg_demo_template")
        return
    demo_template = request.getfixturevalue("demo_template")
    database = open_database(_copy_db(demo_template, tmp_path / "tdkt.db"))
    yield database
    database.dispose()


# --- PostgreSQL (TDKT_TEST_PG or --pg): the same fixtures on a real server ----------------------

def pytest_addoption(parser):
    from tests.pgsupport import ENV

    parser.addoption("--pg", metavar="URL", default=os.environ.get(ENV) or None,
                     help=f"PostgreSQL server for the tests on both databases (or ${ENV})")


def pytest_configure(config):
    config.addinivalue_line("markers", "pg: also run on the PostgreSQL server when one is given")
    config.addinivalue_line("markers", "pg_only: needs the PostgreSQL server (not run without one)")


def _markers(item_or_definition) -> set[str]:
    return {m.name for m in item_or_definition.iter_markers()}


def pytest_generate_tests(metafunc):
    from tests.pgsupport import runs_on_both

    if "db_backend" not in metafunc.fixturenames:
        return
    node = metafunc.definition
    if metafunc.config.getoption("--pg") and runs_on_both(node.nodeid, _markers(node)):
        only = "pg_only" in _markers(node)
        metafunc.parametrize("db_backend", ["pg"] if only else ["sqlite", "pg"], indirect=True)


def pytest_collection_modifyitems(config, items):
    if config.getoption("--pg"):
        return
    not_run = [i for i in items if "pg_only" in _markers(i)]
    if not_run:
        config.hook.pytest_deselected(items=not_run)
        items[:] = [i for i in items if "pg_only" not in _markers(i)]
    config._tdkt_pg_not_run = len(not_run)


def pytest_sessionfinish(session):
    # Under pytest-xdist each worker deselects; it hands its count to the controller, which
    # prints the summary line.
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["tdkt_pg_not_run"] = getattr(session.config, "_tdkt_pg_not_run", 0)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    count = getattr(node, "workeroutput", {}).get("tdkt_pg_not_run", 0)
    node.config._tdkt_pg_not_run = max(getattr(node.config, "_tdkt_pg_not_run", 0), count)


def pytest_terminal_summary(terminalreporter, config):
    url = config.getoption("--pg")
    if url:
        ran = [r for key in ("passed", "failed", "error") for r in terminalreporter.stats.get(key, [])
               if getattr(r, "when", "call") == "call"
               and ("[pg" in r.nodeid or "pg_only" in getattr(r, "keywords", {}))]
        terminalreporter.write_line(f"PostgreSQL: {len(ran)} tests ran on the server as well as on SQLite.")
    else:
        terminalreporter.write_line(
            f"PostgreSQL: NOT RUN (no server given: TDKT_TEST_PG or --pg); "
            f"{getattr(config, '_tdkt_pg_not_run', 0)} server-only tests deselected.")


@pytest.fixture
def db_backend(request) -> str:
    """"sqlite" (always), or "pg" for the tests parametrized over both databases."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg_server(pytestconfig):
    from tests.pgsupport import PgServer

    server = PgServer(pytestconfig.getoption("--pg"))
    yield server
    server.drop_all()


@pytest.fixture(scope="session")
def pg_empty_template(pg_server) -> str:
    from app.database import open_database

    name = pg_server.create(name=pg_server.prefix + "empty")
    open_database(pg_server.url(name)).dispose()
    return name


@pytest.fixture(scope="session")
def pg_demo_template(pg_server) -> str:
    from app.database import open_database
    from app.demo import write_demo

    name = pg_server.create(name=pg_server.prefix + "demo")
    database = open_database(pg_server.url(name))
    write_demo(database)
    database.dispose()
    return name


def _pg_database(request, template_fixture: str):
    from app.database import open_database

    server = request.getfixturevalue("pg_server")
    name = server.create(template=request.getfixturevalue(template_fixture))
    database = open_database(server.url(name))
    try:
        yield database
    finally:
        database.dispose()
        server.drop(name)


@pytest.fixture
def demo_path(demo_template, tmp_path) -> Path:
    """A path to a fresh copy of the demo data file (for CLI subprocess tests)."""
    return _copy_db(demo_template, tmp_path / "demo.db")
