"""Issue 18, «A damaged file is written to»: after bytes are flipped inside the data file, no
command writes to it or backs it up as if it were sound; each says the file is damaged, names
the newest good backup and the command that restores it, and exits 1 — without a traceback."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hostile_kit import assert_clean, damage, run_tdkt, snapshot  # noqa: E402

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "samples" / "lao-dong-tien-tien-xa-khun-ha.xlsx"


def test_no_command_writes_to_or_backs_up_a_damaged_file(office, tmp_path):
    assert run_tdkt("backup", "--db", office).returncode == 0
    good = max((office.parent / "backups").glob("*.zip"))
    damage(office)
    assert run_tdkt("check", "--db", office).returncode != 0
    before = snapshot(office.parent)

    commands = [["import", SAMPLE], ["backup"], ["report", "--year", "2025"],
                ["export", "ledger", "--year", "2025", "-o", tmp_path / "so.xlsx"],
                ["rollover", "--from", "2025", "--apply"], ["merge-unit", "--map"],
                ["history", "Nguyen"], ["dossier", "list", "--year", "2025"],
                ["print", "report", "--year", "2025", "-o", tmp_path / "bc.pdf"]]
    for command in commands:
        result = run_tdkt(*command, "--db", office)
        line = assert_clean(result, 1)
        assert "bị hỏng" in line, (command, line)
        assert f'tdkt restore "{good}" --db "{office}"' in line, (command, line)
    assert snapshot(office.parent) == before  # not a byte written, no backup of the damage
    assert not (tmp_path / "so.xlsx").exists() and not (tmp_path / "bc.pdf").exists()
