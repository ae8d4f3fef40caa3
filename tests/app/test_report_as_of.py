"""A year's report says the day its figures are counted to, and counts no decision signed after
that day: the demo's 2024 titles decided by the province in January–March 2025 are in the 2024
report counted to its last decision's day (the default), and out of one counted to 31/12/2024;
the Báo cáo tab, the home glance, `tdkt report --json` and the printed report agree."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

from sqlalchemy import func, select

from app.formats import long_date
from app.home import home_summary
from app.printing import build
from app.reports import figures_as_of, year_figures
from db.models import Award


def pdftotext_text(pdf: bytes) -> str:
    import tempfile
    import unicodedata
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "form.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
                             capture_output=True, check=True).stdout
    return unicodedata.normalize("NFC", out.decode("utf-8"))


def _cli(path, *args) -> dict:
    out = subprocess.run([sys.executable, "-m", "app", "report", "--db", str(path), *args, "--json"],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def _late_2024(s) -> tuple[int, dt.date]:
    """Awards of 2024 signed after 31/12/2024, and the last signing day (counted apart)."""
    n = s.scalar(select(func.count()).select_from(Award).where(
        Award.year == 2024, Award.revoked.is_not(True), Award.decision_date > dt.date(2024, 12, 31)))
    last = s.scalar(select(func.max(Award.decision_date)).where(Award.year == 2024))
    return n, last


def test_a_report_never_counts_a_decision_signed_after_its_as_of_date(demo_path):
    from app.database import open_database

    db = open_database(demo_path)
    try:
        with db.session() as s:
            late, last = _late_2024(s)
            assert late > 0 and last > dt.date(2024, 12, 31)  # the demo's province decisions of 2025
            assert figures_as_of(s, 2024) == last
            full = year_figures(s, 2024)
            at_end = year_figures(s, 2024, today=dt.date(2024, 12, 31))
            glance = home_summary(s, 2024).glance
            printed_default = pdftotext_text(build(s, "report", year=2024).pdf)
            printed_end = pdftotext_text(build(s, "report", year=2024, on=dt.date(2024, 12, 31)).pdf)
    finally:
        db.dispose()
    assert full.as_of == last
    assert full.totals.total - at_end.totals.total == late
    higher = {d.code: d.total for d in at_end.deciders}
    assert higher.get("higher", 0) == 0  # every higher decision of 2024's titles came in 2025
    assert glance.awards == full.totals.total
    default_json = _cli(demo_path, "--year", "2024")
    end_json = _cli(demo_path, "--year", "2024", "--date", "31/12/2024")
    assert default_json["as_of"] == last.isoformat() and default_json["totals"]["total"] == full.totals.total
    assert end_json["as_of"] == "2024-12-31" and end_json["totals"]["total"] == at_end.totals.total
    # The paper says the day it counts to, and is dated by it.
    flat = " ".join(printed_end.split())
    assert "số liệu tính đến ngày 31 tháng 12 năm 2024" in flat
    assert f"Tổng số: {at_end.totals.total:,} lượt".replace(",", ".") in flat
    flat = " ".join(printed_default.split())
    assert f"số liệu tính đến {long_date(last)}" in flat
    assert f"Tổng số: {full.totals.total:,} lượt".replace(",", ".") in flat
    text = subprocess.run([sys.executable, "-m", "app", "report", "--db", str(demo_path), "--year", "2024"],
                          capture_output=True, text=True, check=True).stdout
    assert f"Số liệu tính đến ngày {last:%d/%m/%Y}" in text
