"""Issue 18, «The one-writer lock»: every command that writes takes the lock, so none writes while
another copy of the program (an import, the window) holds the file."""

from __future__ import annotations

import json
import os
import socket
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hostile_kit import assert_clean, run_tdkt, snapshot  # noqa: E402


def test_no_write_command_runs_while_another_copy_holds_the_file(office, tmp_path):
    # Another copy of the program, alive on this PC (this test's own parent process), holds it.
    lock = office.with_name(office.name + ".lock")
    lock.write_text(json.dumps({"host": socket.gethostname(), "user": "chuyen.vien",
                                "pid": os.getppid(), "since": "2026-01-05T08:00"}), encoding="utf-8")
    before = snapshot(office.parent)
    for command in (["merge-unit", "--map"], ["rollover", "--from", "2025", "--apply"],
                    ["import", Path(__file__).resolve().parent.parent / "data" / "samples"
                     / "lao-dong-tien-tien-xa-khun-ha.xlsx"],
                    ["restore", tmp_path / "none.zip", "--yes"]):
        result = run_tdkt(*command, "--db", office)
        line = assert_clean(result, 1)
        assert "đang được mở" in line and "chuyen.vien" in line, (command, line)
    assert snapshot(office.parent) == before
    # Reading is never held up by the lock.
    assert_clean(run_tdkt("report", "--year", "2025", "--db", office), 0)
