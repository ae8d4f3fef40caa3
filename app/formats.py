"""Numbers, money and dates the Vietnamese way, as printed documents and screens show them.

- `number(1234000)` → `1.234.000` (dot groups thousands), `decimal(95.5)` → `95,5`
- `money(1234000)` → `1.234.000 đồng`; `money_in_words(1410000)` → `Một triệu bốn trăm mười nghìn đồng`
- `long_date(date)` → `ngày 05 tháng 12 năm 2025`; `place_date("Tam Đường", date)`
- `short_date(date)` → `05/12/2025`

Decree 30/2020 (Appendix I): in a document's date, days below 10 and the months January and
February take a leading zero (`ngày 05 tháng 02`, but `tháng 3` ... `tháng 12`). No Qt here:
app/ and ui/ both use it.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_GROUPS = ["", " nghìn", " triệu", " tỷ"]


def number(value: int | float | Decimal | None) -> str:
    """An integer with dots between thousands; '' for None. Negative numbers keep their sign."""
    if value is None:
        return ""
    n = int(Decimal(str(value)).to_integral_value(ROUND_HALF_UP))
    text = f"{abs(n):,}".replace(",", ".")
    return f"-{text}" if n < 0 else text


def decimal(value: int | float | Decimal | None, places: int = 2) -> str:
    """A number with a decimal comma, trailing zeros dropped: 95.50 → `95,5`, 90 → `90`."""
    if value is None:
        return ""
    q = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    whole, _, frac = f"{abs(q):f}".partition(".")
    frac = frac.rstrip("0")
    text = number(int(whole)) + ("," + frac if frac else "")
    return f"-{text}" if q < 0 else text


def percent(value: float | Decimal | None, places: int = 2) -> str:
    """`85,71%` from 85.714…"""
    return "" if value is None else decimal(value, places) + "%"


def money(value: int | float | Decimal | None, unit: str = "đồng") -> str:
    """`1.234.000 đồng`; '' for None."""
    return "" if value is None else f"{number(value)} {unit}"


def _three(n: int, full: bool) -> str:
    """Words for 0–999; `full` when a higher group precedes (so 5 → `không trăm linh năm`)."""
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if ones and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if ones:
        if ones == 1 and tens > 1:
            words.append("mốt")
        elif ones == 5 and tens > 0:
            words.append("lăm")
        elif ones == 4 and tens > 1:
            words.append("tư")
        else:
            words.append(_DIGITS[ones])
    return " ".join(words)


def _below_billion(n: int, leading: bool) -> str:
    """Words for 0 < n < 10^9; `leading` when a higher part precedes (reads every group fully)."""
    groups = []
    while n:
        n, g = divmod(n, 1000)
        groups.append(g)
    parts = []
    for i in range(len(groups) - 1, -1, -1):
        if groups[i]:
            full = leading or i < len(groups) - 1
            parts.append(_three(groups[i], full) + _GROUPS[i])
    return " ".join(parts)


def number_in_words(value: int) -> str:
    """Vietnamese words for a whole number (`1410000` → `một triệu bốn trăm mười nghìn`)."""
    n = int(value)
    if n == 0:
        return "không"
    if n < 0:
        return "âm " + number_in_words(-n)
    high, low = divmod(n, 1_000_000_000)
    if not high:
        return _below_billion(low, leading=False)
    # Billions repeat the scale (`một nghìn tỷ`): read what is above a billion on its own.
    rest = _below_billion(low, leading=True) if low else ""
    return (number_in_words(high) + " tỷ" + (" " + rest if rest else ""))


def money_in_words(value: int | float | Decimal) -> str:
    """`Một triệu bốn trăm mười nghìn đồng` (capitalised, as written after `Bằng chữ:`)."""
    words = number_in_words(int(Decimal(str(value)).to_integral_value(ROUND_HALF_UP))) + " đồng"
    return words[0].upper() + words[1:]


def long_date(day: dt.date) -> str:
    """`ngày 05 tháng 12 năm 2025` (leading zero for days 1–9 and months 1–2, Decree 30)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_date(place: str, day: dt.date) -> str:
    """`Tam Đường, ngày 05 tháng 12 năm 2025`."""
    return f"{place}, {long_date(day)}" if place else long_date(day).capitalize()


def short_date(day: dt.date | None) -> str:
    """`05/12/2025`; '' for None."""
    return "" if day is None else f"{day.day:02d}/{day.month:02d}/{day.year}"
