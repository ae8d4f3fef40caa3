"""An exported table of a past year is dated as the year's forms are, never by the computer's
clock: `tdkt export ledger --year 2025` carries the day the year's figures are counted to (its
header and its `_meta` issued_on), `--date` sets another, and a book dated a day lists no
decision signed after it."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import openpyxl

from app.formats import long_date


def _export(demo_path, tmp_path, *args) -> tuple[str, dict, int]:
    out = tmp_path / "so.xlsx"
    subprocess.run([sys.executable, "-m", "app", "export", "ledger", "--db", str(demo_path), *args,
                    "-o", str(out)], capture_output=True, text=True, check=True)
    book = openpyxl.load_workbook(out)
    sheet = book.worksheets[0]
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    dated = next(t for t in texts if ", ngày " in t)
    meta = {}
    if "_meta" in book.sheetnames:
        meta = {r[0].value: r[1].value for r in book["_meta"].iter_rows() if r[0].value}
    lines = sum(1 for row in sheet.iter_rows(values_only=True)
                if any(isinstance(v, str) and "/QĐ-" in v for v in row))  # lines with a decision number
    return dated, meta, lines


def test_a_past_years_export_carries_its_own_date_not_the_clock(demo_path, tmp_path):
    dated, meta, lines = _export(demo_path, tmp_path, "--year", "2025")
    assert dated.endswith(long_date(dt.date(2025, 12, 31))), dated
    assert meta.get("issued_on") == "2025-12-31"
    # 2024's titles were decided up to March 2025: the book is dated by its last decision.
    dated, meta, lines_2024 = _export(demo_path, tmp_path, "--year", "2024")
    assert meta["issued_on"] > "2024-12-31" and dated.endswith(
        long_date(dt.date.fromisoformat(meta["issued_on"])))
    # The clerk's date is honoured, and a book dated 31/12/2024 lists no decision signed later.
    dated, meta, lines_end = _export(demo_path, tmp_path, "--year", "2024", "--date", "31/12/2024")
    assert dated.endswith(long_date(dt.date(2024, 12, 31))) and meta["issued_on"] == "2024-12-31"
    assert 0 < lines_end < lines_2024
