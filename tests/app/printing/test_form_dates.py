"""The date a printed form carries: its event's, the clerk's (`--date`, the preview's date
field), or today held to the end of the year it is about — never the computer's clock of a
later year. A signed decision and its certificates keep their signing date."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from print_pdf import pages_text

from app.cli import main
from app.errors import UserError
from app.printing import FORMS, build
from app.printing.dates import form_date, parse_form_date

DATE = re.compile(r"ngày (\d{2}) tháng (\d{1,2}) năm (\d{4})")


def test_form_date_rules():
    assert form_date(2025, today=dt.date(2026, 12, 7)) == dt.date(2025, 12, 31)
    assert form_date(2025, today=dt.date(2025, 3, 2)) == dt.date(2025, 3, 2)
    assert form_date(2025, event=dt.date(2025, 5, 20), today=dt.date(2026, 1, 2)) == dt.date(2025, 5, 20)
    assert form_date(2025, event=dt.date(2025, 5, 20), chosen=dt.date(2026, 1, 9)) == dt.date(2026, 1, 9)
    assert parse_form_date("5/12/2025") == dt.date(2025, 12, 5)
    with pytest.raises(UserError, match="ngày/tháng/năm"):
        parse_form_date("31/02/2025")


def _first_date(pdf: bytes) -> dt.date:
    day, month, year = DATE.search(pages_text(pdf)[0]).groups()
    return dt.date(int(year), int(month), int(day))


def test_no_form_of_2025_carries_a_later_date_unless_chosen(demo_db, monkeypatch):
    """The demo office printed on 7/12/2026: every 2025 form is dated in 2025."""
    import app.dates as dates

    monkeypatch.setattr(dates, "clock", lambda: dt.date(2026, 12, 7))
    with demo_db.session() as s:
        for form in FORMS:
            doc = build(s, form, year=2025)
            assert doc.date is not None and doc.date.year == 2025, form
            assert _first_date(doc.pdf) == doc.date, form
            if not doc.date_fixed:
                chosen = build(s, form, year=2025, on=dt.date(2026, 1, 15))
                assert chosen.date == dt.date(2026, 1, 15), form
                assert _first_date(chosen.pdf) == dt.date(2026, 1, 15), form


def test_a_signed_decision_keeps_its_date(demo_db):
    with demo_db.session() as s:
        doc = build(s, "decision", year=2025)
        assert doc.date_fixed
        with pytest.raises(UserError, match="mang ngày ký"):
            build(s, "decision", year=2025, on=doc.date + dt.timedelta(days=3))


def test_command_line_date(demo_path, tmp_path, capsys):
    out = tmp_path / "report.pdf"
    assert main(["print", "report", "--db", str(demo_path), "--year", "2025", "--date", "20/01/2026",
                 "-o", str(out)]) == 0
    assert "ngày 20 tháng 01 năm 2026" in pages_text(out.read_bytes())[0]
    assert main(["print", "report", "--db", str(demo_path), "--year", "2025", "--date", "20/13/2026",
                 "-o", str(out)]) == 1
    assert "ngày/tháng/năm" in capsys.readouterr().err
