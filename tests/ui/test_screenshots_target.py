"""`python -m ui.screenshots OUT --db postgresql://…` opens the server, as tdkt reads the URL
(t25: it made a SQLite file named `./postgresql:/tdkt@…` and showed it as the data file)."""

from __future__ import annotations

from pathlib import Path

from ui import screenshots


def test_a_server_url_is_opened_as_a_server_never_as_a_file_named_after_it(tmp_path, monkeypatch):
    taken = []
    monkeypatch.setattr(screenshots, "take", lambda out, target, year, size: taken.append(target) or [])
    monkeypatch.chdir(tmp_path)
    assert screenshots.main([str(tmp_path / "anh"), "--db", "postgresql://tdkt@may-chu:5432/tdkt"]) == 0
    assert taken == ["postgresql://tdkt@may-chu:5432/tdkt"]
    assert screenshots.main([str(tmp_path / "anh"), "--db", "du-lieu.db"]) == 0
    assert taken[1] == Path("du-lieu.db")
    assert list(tmp_path.iterdir()) == []  # no file named after the URL
