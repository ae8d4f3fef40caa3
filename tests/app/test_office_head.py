"""A new office names its head from the command line (`tdkt office --head-name`), and its own
papers then sign with that name; without one, `tdkt office` says so and where to fix it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "printing"))

from print_pdf import flat, pages_text  # noqa: E402

from app.database import open_database  # noqa: E402
from app.office import get_profile, save_profile  # noqa: E402
from app.printing import build  # noqa: E402


def _office(path, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", "office", "--db", str(path), *args],
                          capture_output=True, text=True)


def test_a_new_office_names_its_head_and_its_report_signs_with_it(tmp_path):
    path = tmp_path / "new.db"
    db = open_database(path)
    with db.session() as s:
        p = get_profile(s)
        p.office_name, p.authority_name, p.level = "Phòng Văn hóa - Xã hội", "Ủy ban nhân dân xã Bình Lư", "xa"
        p.place_name = "Bình Lư"
        save_profile(s, p)
    db.dispose()
    shown = _office(path)
    assert shown.returncode == 0
    assert "Trưởng phòng (ký văn bản của cơ quan): chưa có" in shown.stdout and "--head-name" in shown.stdout
    assert json.loads(_office(path, "--json").stdout)["office_head"] is None
    # A title without a name is refused, nothing stored.
    refused = _office(path, "--head-title", "Trưởng phòng")
    assert refused.returncode != 0 and "--head-name" in refused.stderr + refused.stdout
    done = _office(path, "--head-name", "Lò Thị Mai", "--head-phone", "0213 3875 123")
    assert done.returncode == 0, done.stderr
    assert "Lò Thị Mai — TRƯỞNG PHÒNG, điện thoại 0213 3875 123" in done.stdout
    assert json.loads(_office(path, "--json").stdout)["office_head"] == {
        "name": "Lò Thị Mai", "title": "TRƯỞNG PHÒNG", "phone": "0213 3875 123"}
    # A new title keeps the name.
    assert _office(path, "--head-title", "Trưởng phòng Văn hóa - Xã hội").returncode == 0
    assert json.loads(_office(path, "--json").stdout)["office_head"]["name"] == "Lò Thị Mai"
    db = open_database(path)
    with db.session() as s:
        text = flat(" ".join(pages_text(build(s, "report", year=2025).pdf)))
    db.dispose()
    assert flat("TRƯỞNG PHÒNG VĂN HÓA - XÃ HỘI Lò Thị Mai") in text and flat("Lò Thị Mai") in text
