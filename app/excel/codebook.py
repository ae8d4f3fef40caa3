"""Danh mục mã trong tệp: the code → name catalogues a workbook carries, and the sheets that
are not lists at all.

The provinces' TĐKT systems ship their import templates with their own catalogues: hidden
lookup sheets (`HTKT`: award name | code; `PLDT`, `LVHD`, `phan loai kt`) and a visible
`DANHMUC` sheet of blocks side by side (STT | Mã số | Hình thức khen thưởng ...). Units fill
the award and category cells with those codes (`1647933380`) as often as with the names, so a
code is read through the workbook's own catalogue first. Instruction sheets (`Hướng dẫn`, with
example rows under the same header) and lookup sheets are skipped, and the preview says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.excel.cells import text
from app.excel.reader import Sheet, Workbook
from app.text import fold

_CODE_TEXT = re.compile(r"^(?:\d{2,15}|[A-Z][A-Z0-9_]{1,19})$")
_INSTRUCTION_NAMES = ("huong dan", "huongdan", "hdsd", "vi du", "chu thich", "luu y", "giai thich",
                      "instruction", "readme", "help", "cach nhap", "cach dien")
_LOOKUP_NAMES = ("danh muc", "danhmuc", "dm ", "bang ma", "tra cuu", "ma so", "lookup")
MAX_SCAN_ROWS = 2000  # a catalogue is a few hundred lines


@dataclass
class CodeBook:
    """Codes → names read from a workbook's catalogue sheets (empty for most workbooks)."""

    names: dict[str, str] = field(default_factory=dict)
    sheets: list[str] = field(default_factory=list)

    def name_of(self, value: object) -> str | None:
        key = code_key(value)
        return self.names.get(key) if key else None

    def __bool__(self) -> bool:
        return bool(self.names)


def code_key(value: object) -> str | None:
    """The code a cell holds (`1647933380`, `0001`, `CANHAN`), or None when it holds words."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return str(value) if value >= 10 else None
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and value >= 10 else None
    if not isinstance(value, str):
        return None
    t = value.strip()
    return t.upper() if _CODE_TEXT.match(t.upper()) and (t.isdigit() or t.isupper()) else None


def _is_name(value: object) -> bool:
    return isinstance(value, str) and code_key(value) is None and any(ch.isalpha() for ch in value)


def sheet_role(sheet: Sheet) -> str | None:
    """`instructions` or `lookup` when a sheet's name says it is not a list, else None."""
    key = f"{fold(sheet.name).strip()} "
    squeezed = key.replace(" ", "")
    if any(w in key or w.replace(" ", "") in squeezed for w in _INSTRUCTION_NAMES):
        return "instructions"
    if any(key.startswith(w) or (len(w.strip()) > 4 and w.replace(" ", "") in squeezed) for w in _LOOKUP_NAMES):
        return "lookup"
    return None


def catalogue_pairs(sheet: Sheet) -> dict[str, str]:
    """Code | name (or name | code) column pairs of a catalogue sheet."""
    rows = sheet.rows[:MAX_SCAN_ROWS]
    width = max((len(r) for r in rows), default=0)
    found: dict[str, str] = {}
    for c in range(width - 1):
        for code_col, name_col in ((c, c + 1), (c + 1, c)):
            pairs = []
            for row in rows:
                code = row[code_col] if code_col < len(row) else None
                name = row[name_col] if name_col < len(row) else None
                if (key := code_key(code)) is not None and _is_name(name):
                    pairs.append((key, text(name)))
            if len(pairs) < 2:
                continue
            codes = [k for k, _ in pairs]
            if all(k.isdigit() and not k.startswith("0") for k in codes) and all(
                    int(b) == int(a) + 1 for a, b in zip(codes, codes[1:], strict=False)):
                continue  # 1, 2, 3 … in order: a row number beside a name, not a code
            for key, name in pairs:
                found.setdefault(key, name)
    return found


def read_codebook(book: Workbook, lists: set[str]) -> CodeBook:
    """The catalogues of a workbook: its hidden sheets and the visible ones that are not among
    `lists` (the sheets holding the tables) but hold code | name pairs."""
    result = CodeBook()
    for sheet in book.sheets:
        if sheet.name in lists or sheet_role(sheet) == "instructions":
            continue
        pairs = catalogue_pairs(sheet)
        if len(pairs) >= 2:
            for key, name in pairs.items():
                result.names.setdefault(key, name)
            result.sheets.append(sheet.name)
    return result
