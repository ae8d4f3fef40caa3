"""The offices the consistency suite reads: the demo office and the same office five times over
(`tdkt demo --scale 5`), each built once per test session. The suite only reads them."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app" / "printing"))

SCALES = {"demo": 1, "x5": 5}


@pytest.fixture(scope="session")
def _office_files(tmp_path_factory, demo_template):
    """name → path of a data file; the ×5 office is written when first asked for."""
    made: dict[str, Path] = {"demo": demo_template}

    def get(name: str) -> Path:
        if name not in made:
            from app.database import open_database
            from app.demo import write_demo

            path = tmp_path_factory.mktemp(f"office_{name}") / "tdkt.db"
            db = open_database(path)
            write_demo(db, scale=SCALES[name])
            db.dispose()
            made[name] = path
        return made[name]

    return get


@pytest.fixture(scope="session", params=list(SCALES))
def office(request, _office_files, tmp_path_factory):
    """(name, path, open Database) of one office; a private copy, so the commands' own
    bookkeeping (kept verdicts) never reaches another suite."""
    import sqlite3

    from app.database import open_database

    name = request.param
    path = tmp_path_factory.mktemp(f"read_{name}") / "tdkt.db"
    source, target = sqlite3.connect(str(_office_files(name))), sqlite3.connect(str(path))
    try:
        source.backup(target)  # a consistent copy, the WAL included
    finally:
        target.close()
        source.close()
    db = open_database(path)
    yield name, path, db
    db.dispose()


@pytest.fixture(scope="session")
def pdftotext():
    """pdftotext -layout, as a clerk would copy text out of the PDF (poppler-utils; dev.py
    test installs it)."""
    if shutil.which("pdftotext") is None:  # the paper is one of the places compared: never skipped
        pytest.fail("pdftotext (poppler-utils) is not installed: `python3 dev.py test` installs it")
    from places import pdf_text

    return pdf_text
