"""The integrity check started while the program loads: its answer is used only for the same
file unchanged; a damaged file is still refused before it is opened; the command line starts
it before loading the GUI."""

from __future__ import annotations

import argparse
import threading

import pytest

from app import cli, early_check, startup
from db import backup as sqlite_backup


def _damage(path):
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    raw = bytearray(path.read_bytes())
    raw[200:8192] = b"\x13" * (8192 - 200)
    path.write_bytes(bytes(raw))


@pytest.fixture
def counted(monkeypatch):
    """Every integrity check run, with the thread that ran it."""
    runs = []
    real = sqlite_backup.integrity
    monkeypatch.setattr(sqlite_backup, "integrity", lambda path, quick=True: runs.append(
        (threading.current_thread(), str(path))) or real(path, quick=quick))
    return runs


def test_the_early_answer_is_taken_once_for_the_unchanged_file(db, counted):
    db.dispose()
    early_check.begin(db.path)
    assert early_check.take(db.path) == "ok"
    assert len(counted) == 1 and counted[0][0] is not threading.main_thread()
    assert early_check.take(db.path) is None  # used up: a later open checks again


def test_a_file_changed_since_is_checked_again(db, counted):
    db.dispose()
    early_check.begin(db.path)
    early_check._started[db.path.resolve()][1].join()
    with open(db.path, "ab") as fh:  # (appending changes its size: not the file checked)
        fh.write(b"\0" * 4096)
    assert early_check.take(db.path) is None


def test_a_damaged_file_is_refused_before_opening(db, counted):
    from app import backup

    backup.backup_now(db, "daily")
    db.dispose()
    _damage(db.path)
    early_check.begin(db.path)
    with pytest.raises(startup.DamagedFile, match="bị hỏng"):
        startup.open_for_work(db.path)
    # The early check's answer decided (the other check was of the backup offered).
    assert [thread.name for thread, path in counted if path == str(db.path.resolve())] == ["tdkt-early-check"]


def test_no_early_check_for_a_server_or_a_missing_file(tmp_path, counted):
    early_check.begin("postgresql://tdkt@localhost/tdkt")
    early_check.begin(tmp_path / "chua-co.db")
    assert counted == [] and early_check._started == {}


def test_the_command_line_starts_it_before_loading_the_gui(db, monkeypatch):
    db.dispose()
    order = []
    monkeypatch.setattr(early_check, "begin", lambda path: order.append(("check", str(path))))

    class Launcher:
        @staticmethod
        def run(**kw):
            order.append(("gui", kw["db"]))
            return 0

    monkeypatch.setattr(cli.importlib, "import_module", lambda name: Launcher)
    args = argparse.Namespace(db=str(db.path), demo=False, quit_after=None)
    assert cli.launch_gui(args) == 0
    assert order == [("check", str(db.path)), ("gui", str(db.path))]
    order.clear()
    cli.launch_gui(argparse.Namespace(db=None, demo=True, quit_after=None))
    assert order == [("gui", None)]  # a fresh demo office: nothing to check
