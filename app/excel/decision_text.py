"""Quyết định trong sổ khen thưởng: a decision's number, date and issuer, and the kind of award,
read from what an award book writes — a column, a line grouping the rows below it
(`Quyết định số 112/QĐ-UBND ngày 15/12/2023 của Chủ tịch UBND huyện Tam Đường`), or the title
of a decision's own list (`Kèm theo Quyết định số ...`).

Numbers keep their spelling (`112/QĐ-UBND`, spaces around `/` and `-` removed); `decision_key`
compares them ignoring case, accents and spacing. Issuers are written the way the ledger writes
them (`UBND huyện Tam Đường`: `Ủy ban nhân dân` shortened, `Chủ tịch` dropped, since the
decision is the authority's) and compared by `issuer_key`. Nothing here knows the database.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from app.text import clean, fold

# A number with its symbol: digits, then `/` parts (`112/QĐ-UBND`, `12/2023/QĐ-UBND`).
_NUMBER = re.compile(r"(?<![\w/])(\d{1,6})((?:\s*/\s*[^\s/,;()]+(?:\s*-\s*[^\s/,;()]+)*)+)")
_BARE_NUMBER = re.compile(r"^(?:so|qd|quyet dinh)?\s*(?:so)?\s*[:.]?\s*(\d{1,6})\s*[.]?$")
_DMY = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)")
_WORDS = re.compile(r"ngay\s*(\d{1,2})\s*(?:thang|/)\s*(\d{1,2})\s*(?:nam|/)\s*(\d{4})")
_ISSUER = re.compile(r"\bcua\s+((?:chu tich\s+|giam doc\s+|thu truong\s+)?(?:ubnd|uy ban nhan dan|hoi dong|"
                     r"thu tuong|chu tich nuoc|chinh phu|bo|so|ban|tinh uy|huyen uy)\b.*?)"
                     r"(?=\s+ve\s+viec|\s+v/v|\s+ve\s|\s*[,;()]|\s+tang\b|\s+cong nhan\b|\s+khen\b|$)")
_AUTHORITY = re.compile(r"^(?:chủ tịch|giám đốc|thủ trưởng)\s+", re.I)
_UBND = re.compile(r"ủy ban nhân dân|uỷ ban nhân dân", re.I)
_LEVEL_WORDS = ("tỉnh", "huyện", "xã", "thị trấn", "thị xã", "thành phố", "phường", "quận", "đặc khu")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")

# Folded words → the kind of award (Luật TĐKT 2022 Điều 8). The first ones are clear in any
# text (a decision line, a section, a note); the others only in a column saying the kind, since
# "phong trào" or "thường xuyên" also appear in the achievement of a regular award.
KIND_WORDS = (
    ("dot xuat", "sudden"), ("chuyen de", "movement"), ("theo dot", "movement"),
    ("nhan dip", "movement"), ("qua trinh cong hien", "service"), ("nien han", "long_service"),
    ("doi ngoai", "foreign"),
)
KIND_COLUMN_WORDS = KIND_WORDS + (
    ("phong trao", "movement"), ("ky niem", "movement"), ("thuong xuyen", "regular"),
    ("cong trang", "regular"), ("hang nam", "regular"), ("thanh tich nam", "regular"),
)


@dataclass(frozen=True, slots=True)
class DecisionRef:
    """A decision as an award book names it: number (as written), date, issuer ('' unsaid)."""

    number: str
    date: dt.date | None = None
    issuer: str = ""


def parse_date(value: object) -> tuple[dt.date | None, bool]:
    """A decision date from a cell: (date, understood). Empty is understood as no date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, True
    if isinstance(value, dt.datetime):
        return value.date(), True
    if isinstance(value, dt.date):
        return value, True
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # a date cell that lost its format: Excel's day count
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(value)), True
        return None, False
    found = _date(fold(value))
    return found, found is not None


def _date(folded: str) -> dt.date | None:
    for pattern in (_WORDS, _DMY):
        for m in pattern.finditer(folded):
            day, month, year = (int(g) for g in m.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                continue
    return None


def normal_number(text: str) -> str:
    """`112 / QĐ - UBND` → `112/QĐ-UBND`."""
    return re.sub(r"\s*([/\-])\s*", r"\1", clean(text)).strip(" .,;:")


def parse_decision(value: object) -> DecisionRef | None:
    """The decision a cell or a line names, or None when it names no number."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return DecisionRef(str(value)) if 0 < value < 10**6 else None
    return _parse_decision_text(str(value))


@lru_cache(maxsize=8192)
def _parse_decision_text(value: str) -> DecisionRef | None:
    """(A book repeats a decision on each of its lines: parsed once.)"""
    raw = clean(value)
    if not raw:
        return None
    folded = fold(raw)
    same_length = len(folded) == len(raw)  # fold keeps the length of an NFC text
    m = _NUMBER.search(raw)
    if m is not None:
        number = normal_number(m.group(1) + m.group(2))
        rest = folded[m.end():] if same_length else folded
    elif (b := _BARE_NUMBER.match(folded)) is not None:
        number, rest = b.group(1), ""
    else:
        return None
    issuer = ""
    if (i := _ISSUER.search(folded)) is not None:
        start, end = i.span(1)
        issuer = canonical_issuer(raw[start:end] if same_length else i.group(1))
    return DecisionRef(number, _date(rest), issuer)


@lru_cache(maxsize=8192)
def decision_key(number: str) -> str:
    """`112/QĐ-UBND`, `112/qđ-ubnd ` and `112 / QD - UBND` are one number."""
    return re.sub(r"\s+", "", fold(number)).strip(".,;:")


def canonical_issuer(text: object) -> str:
    """`Chủ tịch Ủy ban nhân dân HUYỆN TAM ĐƯỜNG` → `UBND huyện Tam Đường`."""
    value = _AUTHORITY.sub("", clean(text))
    value = _UBND.sub("UBND", value).strip(" .,;:()")
    if value.isupper() or value[4:].isupper():
        words = value.split(" ")
        out, i = [], 0
        while i < len(words):
            word = words[i]
            pair = " ".join(words[i:i + 2]).lower()
            if word.upper() in ("UBND", "HĐND"):
                out.append(word.upper())
            elif pair in _LEVEL_WORDS:
                out.append(pair)
                i += 1
            elif word.lower() in _LEVEL_WORDS:
                out.append(word.lower())
            else:
                out.append(word[:1].upper() + word[1:].lower())
            i += 1
        value = " ".join(out)
    return value


@lru_cache(maxsize=4096)
def issuer_key(text: object) -> str:
    """The key issuers are compared on (`ubnd huyen tam duong`)."""
    return fold(canonical_issuer(text))


def kind_of(text: object, *, column: bool = False) -> str | None:
    """The kind of award a line says (`khen thưởng đột xuất` → sudden), or None; `column`: the
    text is a cell of a column saying the kind, where more words count."""
    return _kind_of(str(text or ""), column) if text else None


@lru_cache(maxsize=8192)
def _kind_of(text: str, column: bool) -> str | None:
    key = f" {' '.join(re.sub(r'[^0-9a-z ]+', ' ', fold(text)).split())} "
    for words, kind in KIND_COLUMN_WORDS if column else KIND_WORDS:
        if f" {words} " in key:
            return kind
    return None


def year_in(text: object) -> int | None:
    """The one year a sheet name or a short text names (`Năm 2023`, `2023`), else None."""
    years = set(_YEAR.findall(str(text or "")))
    return int(years.pop()) if len(years) == 1 else None
