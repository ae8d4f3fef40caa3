"""Giá trị ô: turning one cell's value into what it means, whatever the clerk typed.

Dates are day first, always (Vietnamese order): a real date cell, `03/07/1984`, `3-7-84`,
`15.8.1978`, `ngày 3 tháng 7 năm 1984`, an ISO `1984-07-03`, a bare year `1992` (text or
number), or an unformatted Excel serial number. Texts are stored NFC, trimmed, single-spaced.
Each parser returns a value and, when the cell cannot mean anything sensible, an error text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from app.text import clean, fold

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DMY = re.compile(r"^(\d{1,2})\s*[/\-.\s]\s*(\d{1,2})\s*[/\-.\s]\s*(\d{4}|\d{2})$")
_YMD = re.compile(r"^(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?$")
_MY = re.compile(r"^(\d{1,2})\s*[/\-.]\s*(\d{4})$")
_WORDS = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{2,4})")
_YEAR = re.compile(r"^(?:nam\s*)?(\d{4})$")
_ANY_YEAR = re.compile(r"(?<!\d)(19\d{2}|20\d{2})(?!\d)")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")

MARKS = {"x", "v", "co", "yes", "y", "1", "true", "dung", "\u2713", "\u2714", "+", "*", "xx"}


def text(value: object) -> str:
    """A cell as stored text: numbers without `.0`, dates as dd/mm/yyyy."""
    if type(value) is str:  # most cells: straight to the cleaning
        return clean(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float):
        return clean(f"{value:g}" if abs(value) < 1e15 else repr(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return clean(value)


@dataclass(frozen=True, slots=True)
class Birth:
    """What a birth cell says: a full date, or only a year; `error` when it is no date."""

    date: dt.date | None = None
    year: int | None = None
    error: str | None = None


def _full_year(yy: int, today: dt.date) -> int:
    """Two-digit birth years: `84` → 1984, `05` → 2005 only if that person is 15 already."""
    year = 2000 + yy
    return year if year <= today.year - 15 else 1900 + yy


def _make(day: int, month: int, year: int) -> Birth:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return Birth(error=f"ngày {day}/{month}/{year} không có thật")
    return Birth(date=date, year=year)


FIRST_BIRTH_YEAR = 1900


def parse_birth(value: object, today: dt.date | None = None) -> Birth:
    """A birth date or year in any of the forms units write it, between 1900 and this year
    (`2999` is a wrong year, never a day count that happens to fall in 1908)."""
    today = today or dt.date.today()
    birth = _parse_birth(value, today)
    if birth.year is not None and not FIRST_BIRTH_YEAR <= birth.year <= today.year:
        return Birth(error=f"năm sinh {birth.year} ngoài khoảng {FIRST_BIRTH_YEAR}–{today.year}")
    return birth


def _parse_birth(value: object, today: dt.date) -> Birth:
    if value is None:
        return Birth()
    if isinstance(value, bool):
        return Birth(error="không phải ngày sinh")
    if isinstance(value, dt.datetime):
        return Birth(date=value.date(), year=value.year)
    if isinstance(value, dt.date):
        return Birth(date=value, year=value.year)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not value.is_integer():
            return Birth(error=f"“{text(value)}” không phải năm sinh hay ngày sinh")
        number = int(value)
        if 1000 <= number <= 9999:  # four digits: a year (a day count that small is 1902–1927)
            return Birth(year=number)
        if 400 <= number <= 80000:  # a date cell that lost its format: Excel's day count
            date = _EXCEL_EPOCH + dt.timedelta(days=number)
            return Birth(date=date, year=date.year)
        return Birth(error=f"“{number}” không phải năm sinh hay ngày sinh")
    if isinstance(value, (dt.time, dt.timedelta)):
        return Birth(error="ô chứa giờ, không phải ngày sinh")
    raw = clean(value)
    if not raw:
        return Birth()
    if raw[0].isdigit() and raw.isascii() and (m := _DMY.match(raw)):  # `12/03/1985`, most cells: no folding
        day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
        return _make(day, month, int(year) if len(year) == 4 else _full_year(int(year), today))
    key = fold(raw).replace(",", " ").strip(" .;")
    key = re.sub(r"\s+", " ", key)
    if m := _YEAR.match(key):
        return Birth(year=int(m.group(1)))
    if m := _DMY.match(key):
        day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
        full = int(year) if len(year) == 4 else _full_year(int(year), today)
        return _make(day, month, full)
    if m := _YMD.match(key):
        return _make(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    if m := _MY.match(key):
        month, year = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            return Birth(year=year)
    if m := _WORDS.search(key):
        year = m.group(3)
        full = int(year) if len(year) == 4 else _full_year(int(year), today)
        return _make(int(m.group(1)), int(m.group(2)), full)
    years = _ANY_YEAR.findall(key)
    digits = re.findall(r"\d+", key)
    if len(years) == 1 and len(digits) == 1:  # "Sinh năm 1984", "1984 (âm lịch)"
        return Birth(year=int(years[0]))
    return Birth(error=f"“{raw}” không đọc được thành ngày sinh hay năm sinh")


def parse_gender(value: object) -> tuple[str | None, bool]:
    """(`Nam` / `Nữ` / None, understood). Empty is understood as unknown."""
    key = fold(text(value)).strip(" .")
    if not key:
        return None, True
    if key in ("nam", "m", "male", "trai", "gioi tinh nam"):
        return "Nam", True
    if key in ("nu", "f", "female", "gai", "gioi tinh nu"):
        return "Nữ", True
    return None, False


def is_marked(value: object) -> bool:
    """A tick in a yes/no column: `x`, `X`, `có`, `✓`, 1, TRUE."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value == 1
    return fold(text(value)).strip(" .") in MARKS


def parse_number(value: object) -> tuple[float | None, bool]:
    """A score or figure: numbers, `8,5` (decimal comma), `10 điểm`, `1.200` (thousands)."""
    if value is None:
        return None, True
    if isinstance(value, bool):
        return None, False
    if isinstance(value, (int, float)):
        return float(value), True
    raw = fold(text(value))
    raw = re.sub(r"\s*(diem|d|%|nguoi|ty dong|trieu dong|dong|dong/nguoi)\.?$", "", raw).strip()
    raw = raw.replace(" ", "")
    if not raw or raw in ("-", "--"):
        return None, True
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw):  # 1.200.000: thousands with dots
        return float(raw.replace(".", "")), True
    if re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}", raw):  # 1,200,000
        return float(raw.replace(",", "")), True
    if _NUMBER.match(raw):
        return float(raw.replace(",", ".")), True
    return None, False


def parse_year(value: object) -> int | None:
    """A year cell or text (`2025`, `Năm 2025`), or None."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = int(value)
        return number if 1900 <= number <= 2200 and float(value).is_integer() else None
    years = _ANY_YEAR.findall(fold(text(value)))
    return int(years[0]) if len(years) == 1 else None


# A form's blank to fill in: a dotted line, or a prompt followed by one (`Xã, phường, thị
# trấn……`, `Họ và tên: ..........`). Left as printed, it is no value.
_LEADER = re.compile(r"[.…_·]{2,}|…")
_PROMPTS = frozenset({
    "xa", "phuong", "thi tran", "dac khu", "huyen", "quan", "thi xa", "thanh pho", "tinh", "thon", "ban",
    "to dan pho", "khu pho", "ap", "to", "ho va ten", "ho ten", "ten", "chuc vu", "don vi", "don vi cong tac",
    "ten don vi", "co quan", "dia chi", "noi o", "ong", "ba", "ong ba", "nam sinh", "ngay sinh", "dan toc",
    "so dien thoai", "dien thoai", "danh hieu", "hinh thuc", "ghi chu"})


def is_placeholder(value: object) -> bool:
    """Whether a cell holds only a form's blank (a dotted line, a prompt before one)."""
    if type(value) is not str or ("…" not in value and ".." not in value and "__" not in value):
        return False
    core = fold(_LEADER.sub(" ", value)).strip(" ,;:/-()*")
    if not core:
        return True
    parts = [p.strip(" .:") for p in re.split(r"[,/;]|\bhoac\b", core)]
    return all(p in _PROMPTS for p in parts if p)
