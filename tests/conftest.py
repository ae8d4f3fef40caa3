"""Shared fixtures: a migrated empty database and the demo office, each made once per test
session and copied per test (fast, and every test starts from the same state)."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

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
def db(empty_template, tmp_path):
    """An open, migrated database with the catalogue and nothing else."""
    from app.database import open_database

    database = open_database(_copy_db(empty_template, tmp_path / "tdkt.db"))
    yield database
    database.dispose()


@pytest.fixture
def demo_db(demo_template, tmp_path):
    """An open copy of the demo office (Tam Đường, 2025)."""
    from app.database import open_database

    database = open_database(_copy_db(demo_template, tmp_path / "tdkt.db"))
    yield database
    database.dispose()


@pytest.fixture
def demo_path(demo_template, tmp_path) -> Path:
    """A path to a fresh copy of the demo data file (for CLI subprocess tests)."""
    return _copy_db(demo_template, tmp_path / "demo.db")
