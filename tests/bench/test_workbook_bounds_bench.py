"""Benchmark (issue 18): the memory and time `tdkt import` takes to refuse the workbooks that
used to exhaust the machine — one cell at XFD1048576 (aborted the process), a corner at
XFD3000 (1.6 GB), a million rows (6.5 GB, imported whole), a cell repeated across 16,384
columns of an .ods (6 GB), a corner cell in an .xls (1 GB).

Each is refused in a child process (`tdkt import FILE --dry-run`) whose peak memory is read
from the operating system (getrusage of that child alone, in a wrapper process). Printed
figures; the test fails when refusing takes 200 MB or more (issue 18's bound).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hostile"))

from hostile_kit import copy_db, corner_xls, corner_xlsx, long_xlsx, wide_ods  # noqa: E402
from test_long_cell import workbook as long_cell_book  # noqa: E402

LIMIT_MB = 200
WRAPPER = ("import resource, subprocess, sys; "
           "r = subprocess.run(sys.argv[1:], capture_output=True); "
           "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def peak(*args) -> tuple[int, float, float]:
    """(exit code, peak memory in MB, seconds) of `python -m app ARGS`."""
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", WRAPPER, sys.executable, "-m", "app", *map(str, args)],
                         capture_output=True, text=True, timeout=600)
    seconds = time.perf_counter() - started
    code, kb = out.stdout.split()
    return int(code), int(kb) / 1024, seconds


@pytest.mark.skipif(sys.platform == "win32", reason="getrusage: POSIX only")
def test_refusing_a_huge_workbook_stays_under_200_mb(demo_template, tmp_path):
    db = copy_db(demo_template, tmp_path / "office" / "tdkt.db")
    books = {
        "1 ô ở XFD1048576 (.xlsx)": corner_xlsx(tmp_path / "o-cuoi.xlsx"),
        "góc ở XFD3000 (.xlsx)": corner_xlsx(tmp_path / "xfd3000.xlsx", "XFD3000"),
        "1.000.000 dòng (.xlsx)": long_xlsx(tmp_path / "trieu-dong.xlsx", 1_000_000),
        "16.384 cột lặp (.ods)": wide_ods(tmp_path / "lap-cot.ods"),
        "góc ở IV65536 (.xls)": corner_xls(tmp_path / "o-cuoi.xls"),
        "1 ô 1 MB chữ (.xlsx, t18)": long_cell_book(tmp_path / "o-1mb.xlsx", "A" * 1_048_576),
        "1 ô 300 MB chữ (.xlsx, t18)": long_cell_book(tmp_path / "o-300mb.xlsx", "A" * 300_000_000),
    }
    _code, baseline, _s = peak("report", "--year", "2025", "--db", db)
    print(f"\n  tdkt report (for comparison): {baseline:.0f} MB")
    worst = 0.0
    for label, path in books.items():
        code, mb, seconds = peak("import", path, "--dry-run", "--db", db)
        print(f"  refusing {label:<26} {path.stat().st_size / 1024:>8.1f} KB on disk: "
              f"peak {mb:5.0f} MB, {seconds:4.1f} s, exit {code}")
        assert code == 2
        worst = max(worst, mb)
    print(f"  worst: {worst:.0f} MB (bound {LIMIT_MB} MB)")
    assert worst < LIMIT_MB


@pytest.mark.skipif(sys.platform == "win32", reason="getrusage: POSIX only")
def test_a_name_cell_at_excels_limit_is_read_without_quadratic_work(demo_template, tmp_path):
    """t18: a 100 KB name cell took 13.6 s (every one-letter variant of the whole text was
    built). A cell at Excel's limit is read; printed figures, bounded like the refusals."""
    db = copy_db(demo_template, tmp_path / "office" / "tdkt.db")
    path = long_cell_book(tmp_path / "o-32k.xlsx", ("Nguyễn " * 4681)[:32_767])
    code, mb, seconds = peak("import", path, "--unit", "XA_BAN_BO", "--year", "2025", "--dry-run", "--db", db)
    print(f"\n  a 32.767-letter name cell: peak {mb:.0f} MB, {seconds:.1f} s, exit {code}")
    assert mb < LIMIT_MB
