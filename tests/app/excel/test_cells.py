"""One cell's meaning: dates in every Vietnamese form, genders, ticks, numbers, years."""

from __future__ import annotations

import datetime as dt

import pytest

from app.excel.cells import is_marked, parse_birth, parse_gender, parse_number, parse_year, text

TODAY = dt.date(2025, 12, 1)


@pytest.mark.parametrize("value, date, year", [
    (dt.date(1984, 7, 3), dt.date(1984, 7, 3), 1984),
    (dt.datetime(1984, 7, 3, 0, 0), dt.date(1984, 7, 3), 1984),
    ("03/07/1984", dt.date(1984, 7, 3), 1984),
    ("3/7/1984", dt.date(1984, 7, 3), 1984),
    ("3-7-84", dt.date(1984, 7, 3), 1984),
    ("15.8.1978", dt.date(1978, 8, 15), 1978),
    ("15 . 8 . 1978", dt.date(1978, 8, 15), 1978),
    ("ngày 5 tháng 9 năm 1986", dt.date(1986, 9, 5), 1986),
    ("Ngày 05 tháng 09 năm 1986", dt.date(1986, 9, 5), 1986),
    ("1986-09-05", dt.date(1986, 9, 5), 1986),
    ("1992", None, 1992),
    (" 1992 ", None, 1992),
    (1992, None, 1992),
    (1992.0, None, 1992),
    ("Năm 1992", None, 1992),
    ("Sinh năm 1992", None, 1992),
    ("07/1984", None, 1984),
    ("1/1/05", dt.date(2005, 1, 1), 2005),
    ("1/1/15", dt.date(1915, 1, 1), 1915),  # a 10-year-old is no nominee: two digits read as 19xx
    (30866, dt.date(1984, 7, 3), 1984),  # a date cell that lost its format (Excel serial)
    (None, None, None),
    ("", None, None),
])
def test_birth_forms_day_first(value, date, year):
    birth = parse_birth(value, TODAY)
    assert birth.error is None
    assert birth.date == date
    assert birth.year == year


@pytest.mark.parametrize("value", ["31/02/1984", "12/13/1984", "abc", "1984.5", 1984.5, True,
                                   "0/0/0000", dt.time(8, 30), "1982, 1983"])
def test_what_cannot_be_a_birth_date_is_an_error(value):
    assert parse_birth(value, TODAY).error


def test_an_impossible_day_says_why():
    assert "không có thật" in parse_birth("31/02/1984", TODAY).error


@pytest.mark.parametrize("value, gender", [("Nam", "Nam"), ("nam", "Nam"), ("NỮ", "Nữ"), ("Nu", "Nữ"),
                                           ("nữ ", "Nữ"), ("M", "Nam"), ("F", "Nữ"), (None, None)])
def test_gender(value, gender):
    assert parse_gender(value) == (gender, True)


def test_unknown_gender_is_flagged():
    assert parse_gender("khác") == (None, False)


@pytest.mark.parametrize("value", ["x", "X", " x ", "có", "Có", "✓", 1, True])
def test_ticks(value):
    assert is_marked(value)


@pytest.mark.parametrize("value", [None, "", "không", 0, False, "-"])
def test_not_ticked(value):
    assert not is_marked(value)


@pytest.mark.parametrize("value, number", [(8, 8.0), (8.5, 8.5), ("8,5", 8.5), ("10 điểm", 10.0),
                                           ("1.200.000", 1200000.0), ("0", 0.0), (None, None), ("-", None)])
def test_numbers(value, number):
    assert parse_number(value) == (number, True)


def test_text_that_is_no_number():
    assert parse_number("tốt")[1] is False


def test_years_and_text():
    assert parse_year("Năm 2025") == 2025
    assert parse_year(2025.0) == 2025
    assert parse_year("2024-2025") is None
    assert text(12.0) == "12"
    assert text(dt.date(2025, 1, 2)) == "02/01/2025"
    assert text("  Nguyễn\u00a0\u00a0Văn  ") == "Nguyễn Văn"
