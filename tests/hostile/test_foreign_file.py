"""Issue 18, «Another program's SQLite file»: a `--db` file that is not a TĐKT data file is never
changed, by any command: one line says what it is."""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hostile_kit import assert_clean, run_tdkt  # noqa: E402


def test_another_programs_database_is_never_changed(tmp_path):
    other = tmp_path / "places.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.execute("CREATE TABLE moz_bookmarks (id INTEGER PRIMARY KEY, fk INTEGER)")
    conn.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    conn.commit()
    conn.close()
    digest = hashlib.sha256(other.read_bytes()).hexdigest()

    for command in (["report", "--year", "2025"], ["history", "Nguyen"], ["backup"],
                    ["rollover", "--from", "2025", "--apply"], ["dossier", "list", "--year", "2025"],
                    ["late", "--year", "2025"], ["fund", "--year", "2025"]):
        result = run_tdkt(*command, "--db", other)
        line = assert_clean(result, 2)
        assert "chương trình khác" in line and "moz_bookmarks" in line, (command, line)
    migrate = run_tdkt("migrate", "--from", tmp_path / "none.db", "--to", other)
    assert_clean(migrate)
    assert migrate.returncode != 0

    assert hashlib.sha256(other.read_bytes()).hexdigest() == digest
    conn = sqlite3.connect(other)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    assert tables == {"moz_places", "moz_bookmarks"}
