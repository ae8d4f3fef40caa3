"""Issue 18, «Disk full / read-only»: an import on a full disk or a read-only file says so in one
line and leaves no copy of the workbook and no extra backup behind; a read-only folder is called
read-only, not damaged; `demo` on a full disk leaves no stub that looks like a data file."""

from __future__ import annotations

import errno
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hostile_kit import assert_clean, copy_db, fill_disk, rows, run_tdkt, snapshot  # noqa: E402

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "samples" / "lao-dong-tien-tien-xa-khun-ha.xlsx"


def test_an_import_on_a_full_disk_leaves_nothing_behind(office, small_disk):
    disk = small_disk(40)
    db = copy_db(office, disk / "tdkt.db")
    filler = fill_disk(disk, 2 * 1024 * 1024)
    before = snapshot(disk)
    for _attempt in range(2):  # each attempt used to leave one more backup and workbook copy
        line = assert_clean(run_tdkt("import", SAMPLE, "--db", db), 1)
        assert "còn trống" in line, line
    assert snapshot(disk) == before
    filler.unlink()
    assert_clean(run_tdkt("import", SAMPLE, "--db", db), 0)  # with room, the same import goes in


def test_a_workbook_copy_goes_when_its_import_is_rolled_back(demo_db, monkeypatch, tmp_path):
    """The same, half-way: the disk fills while the rows are written (after the copy is made)."""
    from app import import_writers
    from app.imports import commit_import, read_file

    with demo_db.session() as session:
        preview = read_file(session, SAMPLE)

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(import_writers, "_write_unit", full)
    files = demo_db.path.parent / "files"
    kept = set(files.rglob("*")) if files.exists() else set()
    with pytest.raises(OSError):
        commit_import(demo_db, preview)
    assert (set(files.rglob("*")) if files.exists() else set()) == kept


def test_a_read_only_place_is_called_read_only_never_damaged(office, small_disk):
    disk = small_disk(24)
    db = copy_db(office, disk / "tdkt.db")
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    for command in (["import", SAMPLE], ["report", "--year", "2025"], ["backup"],
                    ["rollover", "--from", "2025", "--apply"]):
        line = assert_clean(run_tdkt(*command, "--db", db), 2)
        assert "chỉ đọc" in line and "hỏng" not in line.replace("không bị hỏng", ""), (command, line)
    subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
    assert rows(db, "submissions") == rows(office, "submissions")


def test_demo_on_a_full_disk_leaves_no_stub(small_disk):
    disk = small_disk(4)
    fill_disk(disk, 64 * 1024)
    result = run_tdkt("demo", "--db", disk / "mau.db")
    line = assert_clean(result, None)
    assert result.returncode in (1, 2) and "đầy" in line, line
    assert not any(p.name.startswith("mau.db") for p in disk.iterdir()), list(disk.iterdir())
