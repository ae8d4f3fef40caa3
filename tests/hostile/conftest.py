"""The hostile suite (issue 18): the real `tdkt` command, run as a hostile or unlucky user runs
it, against data files left in the states such a user leaves them — damaged, another program's,
with accounts on, in a read-only place, on a full disk.

Every test here failed on the code before issue 18; each names the point of the issue it holds.
Helpers live in hostile_kit.py (imported by the tests by path, as tests/ui does).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hostile_kit import copy_db, turn_accounts_on  # noqa: E402


@pytest.fixture
def office(demo_template, tmp_path) -> Path:
    """The demo office in a folder of its own (its backups/ and files/ beside it)."""
    return copy_db(demo_template, tmp_path / "office" / "tdkt.db")


@pytest.fixture
def accounts_office(office) -> Path:
    """The demo office with accounts on: a head of office, a clerk and a viewer."""
    return turn_accounts_on(office)


@pytest.fixture
def small_disk(tmp_path):
    """`small_disk(MB)`: a folder on a disk of that size (a tmpfs; needs root on Linux, as CI
    and the development machine run). Unmounted after the test."""
    mounted: list[Path] = []

    def make(size_mb: int) -> Path:
        where = tmp_path / f"o-dia-{size_mb}mb-{len(mounted)}"
        where.mkdir()
        if sys.platform != "linux" or os.geteuid() != 0:
            pytest.skip("a small disk is a tmpfs mount: needs root on Linux")
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(where)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a small disk here: {done.stderr.strip()}")
        mounted.append(where)
        return where

    yield make
    for where in reversed(mounted):
        subprocess.run(["umount", "-l", str(where)], capture_output=True)
