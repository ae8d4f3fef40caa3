"""Các dòng dưới tiêu đề bảng: what each line under a found header is — a data row, a section
(`I. TẬP THỂ`, `B. Cá nhân`), an award book's decision or year line (`Quyết định số 112/QĐ-UBND
ngày ...`, `Năm 2023`), a continuation of the row above, a total, a repeated header — and where
the table ends (the footer: `NGƯỜI LẬP BIỂU`, `TM. ỦY BAN NHÂN DÂN`, a place-and-date line; or a
run of blank rows). Nothing here knows the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.excel.cells import text
from app.text import fold

if TYPE_CHECKING:
    from app.excel.layout import TableLayout

_NUMBERING = re.compile(r"^\(?\s*(\d{1,2})\s*\)?(?:\s*[=+\-x*/].*)?$")
_SECTION_MARK = re.compile(r"^(?:[ivx]{1,4}|[a-h])\s*[.):/-]?$")
_SECTION_TEXT = re.compile(r"^(?:phan\s+)?(?:[ivx]{1,4}|[a-h]|\d{1,2})\s*[.):/-]\s*\S")
_FOOTER = re.compile(
    r"^(?:nguoi lap(?: bieu)?|nguoi ke khai|nguoi tong hop|tm\.?\s|t\.m\.?\s|kt\.?\s|k\.t\.?\s|"
    r"q\.?\s*chu tich|chu tich$|pho chu tich$|thu truong|giam doc$|hieu truong$|truong ban$|"
    r"xac nhan cua|can bo phu trach|ky,? ghi ro|\(ky|noi nhan|ket qua bo phieu)")
_PLACE_DATE = re.compile(r"^[^,;:()]{0,40},?\s*ngay\s*(?:\d{1,2}|[.…]+)?\s*thang\s*(?:\d{1,2}|[.…]+)?\s*nam\b")
_TOTAL = re.compile(r"^(?:(?:tong cong|tong so)\b|cong\s*[:.]?\s*(?:\d[\d.,]*\s*(?:nguoi|tap the|ca nhan)?)?$)")
SUBJECT_WORDS = (("ho gia dinh", "household"), ("tap the", "collective"), ("ca nhan", "individual"),
                 ("don vi", "collective"),
                 # the codes of the provinces' systems (`Phân loại khen thưởng`)
                 ("hogiadinh", "household"), ("tapthe", "collective"), ("canhan", "individual"))


@dataclass
class RowInfo:
    """A row below the header: what it is and, for data rows, which section it is in."""

    index: int
    kind: str  # data / section / group / continuation / total / repeat
    section: str = ""  # the section row's text (data rows: the current section's text)
    subject: str | None = None  # the subject the current section says
    group: str = ""  # an award book's `Quyết định số ...` line the row is under
    group_year: int | None = None  # an award book's `Năm 2023` line the row is under


def is_numbering_row(row: list[object]) -> bool:
    """`(1) (2) (3) ...` or `1 2 3 ...` (or `A B 1 2`) under the header."""
    cells = [v for v in row if v is not None]
    if len(cells) < 3:
        return False
    numbers = []
    for v in cells:
        if isinstance(v, int) and not isinstance(v, bool):
            numbers.append(v)
        elif isinstance(v, str):
            t = v.strip()
            if m := _NUMBERING.match(t):
                numbers.append(int(m.group(1)))
            elif len(t) == 1 and t.isalpha():
                continue
            else:
                return False
        else:
            return False
    if len(numbers) < 2 or any(b < a for a, b in zip(numbers, numbers[1:], strict=False)):
        return False
    # Forms number a merged column twice (`1 1 2 3 … 25 25`): a repeat here and there, small numbers.
    repeats = len(numbers) - len(set(numbers))
    return repeats == 0 or (len(numbers) >= 4 and repeats <= max(2, len(numbers) // 4) and numbers[0] <= 2
                            and numbers[-1] <= len(numbers) + 2)


def is_number_cell(value: object) -> bool:
    """A row number: an integer, or a text of digits (`12`, `12.`)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, str) and bool(re.fullmatch(r"\s*\d{1,6}\s*\.?\s*", value))


def _is_footer_text(folded: str) -> bool:
    return bool(_FOOTER.match(folded)) or (len(folded) < 70 and bool(_PLACE_DATE.match(folded)))


def subject_of(section_text: str) -> str | None:
    key = fold(section_text)
    for word, subject in SUBJECT_WORDS:
        if re.search(rf"\b{word}\b", key):
            return subject
    return None


def _is_section(cells: list[tuple[int, object]], seq_col: int | None) -> str | None:
    """The section text when a row is a section row (`I. TẬP THỂ`, `B | Cá nhân`)."""
    if not cells or len(cells) > 3:
        return None
    if seq_col is not None and is_number_cell(dict(cells).get(seq_col)):
        return None
    texts = [text(v) for _, v in cells if isinstance(v, str)]
    if not texts or len(texts) != len(cells):
        return None
    first = fold(texts[0]).strip()
    joined = " ".join(texts)
    if _SECTION_MARK.match(first) and len(texts) >= 2:
        return joined
    if _SECTION_TEXT.match(first) and len(cells) <= 2:
        return joined
    words = re.sub(r"[^a-z ]", " ", fold(joined)).split()
    if len(cells) == 1 and " ".join(words) in ("tap the", "ca nhan", "ho gia dinh", "danh sach tap the",
                                                "danh sach ca nhan", "khoi tap the", "khoi ca nhan"):
        return joined
    return None


def classify_rows(layout: TableLayout) -> None:
    """Sort the rows under the header; set `rows`, `end_row` and `footer_row`."""
    sheet = layout.sheet
    width = max((c.index for c in layout.columns), default=0) + 1
    label = layout.label_col()
    seq = layout.col("seq")
    sections_allowed = layout.table_kind() in (None, "ledger")
    header_keys = [fold(" ".join(text(v) for v in sheet.rows[h] if v is not None))
                   for h in layout.header_rows]
    rows: list[RowInfo] = []
    section_text, subject = "", None
    group, group_year = "", None
    blanks = 0
    seen_data = False
    lower: int | None = None  # the next filled line below a run of blank lines
    layout.footer_row = None
    end = sheet.height
    # Hidden columns and code columns read for no field (their `#N/A` under an empty line of
    # the provinces' templates) are not what a clerk sees: a line holding only them is blank.
    unseen = {c.index for c in layout.columns if c.field is None and (c.hidden or c.code)}
    for r in range(layout.first_row, sheet.height):
        row = sheet.rows[r]
        if unseen and any(row[c] is not None for c in unseen if c < len(row)):
            row = [None if c in unseen else v for c, v in enumerate(row)]
        seq_value = row[seq] if seq is not None and seq < len(row) else None
        if is_number_cell(seq_value):  # a numbered row is data (the common case: decided fast)
            blanks = 0
            if is_numbering_row(row[:width]):
                rows.append(RowInfo(r, "repeat"))
            elif any(v is not None and (not isinstance(v, str) or v.strip()) for v in row[seq + 1:width]) or any(
                    v is not None and (not isinstance(v, str) or v.strip()) for v in row[:seq]):
                # (a number alone is a blank line of a pre-numbered form)
                rows.append(RowInfo(r, "data", section_text, subject, group, group_year))
                seen_data = True
            continue
        cells = [(c, v) for c, v in enumerate(row[:width]) if v is not None and (not isinstance(v, str) or v.strip())]
        if not cells:
            blanks += 1
            if (seen_data and blanks >= 2) or blanks >= 10:
                if lower is None or lower <= r:
                    lower = _next_filled(sheet, r + 1, width, unseen)
                if lower is not None and _typed_row(layout, lower, width, unseen):
                    continue  # a row typed lower in the form: the blank lines are a gap, not the end
                end = r - blanks + 1
                break
            continue
        blanks = 0
        folded = [fold(text(v)) for _, v in cells]
        label_text = fold(text(sheet.value(r, label))) if label is not None else ""
        if (not label_text or _is_footer_text(label_text)) and any(_is_footer_text(t) for t in folded):
            layout.footer_row = r
            end = r
            break
        if _TOTAL.match(folded[0]) or _TOTAL.match(label_text):
            rows.append(RowInfo(r, "total"))
            continue
        joined = " ".join(folded)
        if joined in header_keys or is_numbering_row(row[:width]):
            rows.append(RowInfo(r, "repeat"))
            continue
        if sections_allowed and len(cells) <= 3 and (found := group_line(cells, joined)):
            # An award book's `Quyết định số 112/QĐ-UBND ngày ...` or `Năm 2023` line: the rows
            # below are under it, and a new one starts a new block (its sections anew).
            if isinstance(found, int):
                group, group_year = "", found
            else:
                group = found
            section_text, subject = "", None
            rows.append(RowInfo(r, "group", "", None, group, group_year))
            continue
        if sections_allowed and (found := _is_section(cells, seq)):
            section_text = found
            subject = subject_of(found)
            rows.append(RowInfo(r, "section", found, subject))
            continue
        label_value = sheet.value(r, label) if label is not None else None
        if seen_data and label_value is None and _continues(layout, r, cells):
            rows.append(RowInfo(r, "continuation", section_text, subject, group, group_year))
            continue
        rows.append(RowInfo(r, "data", section_text, subject, group, group_year))
        seen_data = True
    else:
        end = sheet.height - blanks
    layout.rows = rows
    layout.end_row = end


def _filled(row: list[object], width: int, unseen: set[int]) -> list[tuple[int, object]]:
    return [(c, v) for c, v in enumerate(row[:width])
            if c not in unseen and v is not None and (not isinstance(v, str) or v.strip())]


def _next_filled(sheet, start: int, width: int, unseen: set[int]) -> int | None:
    """The first line from `start` with anything a clerk sees in the table's columns."""
    for r in range(start, sheet.height):
        if _filled(sheet.rows[r], width, unseen):
            return r
    return None


def _typed_row(layout: TableLayout, r: int, width: int, unseen: set[int]) -> bool:
    """Whether a line below blank lines is one more row a clerk typed in the form (rows 10–14
    then 17, or a withdrawn person's row cleared): a name in the name column and at least one
    more field, nothing of a footer, total or note. Such a row is read, never dropped."""
    sheet = layout.sheet
    label = layout.label_col()
    cells = _filled(sheet.rows[r], width, unseen)
    if label is None or len(cells) < 2:
        return False
    name = sheet.value(r, label)
    if not isinstance(name, str) or not name.strip() or len(name) > 80 or name.strip().endswith(":"):
        return False
    folded = [fold(text(v)) for _, v in cells]
    if any(_is_footer_text(t) or _TOTAL.match(t) for t in folded):
        return False
    fields = {c.index for c in layout.columns if c.field and c.field != "seq"}
    return sum(1 for c, _ in cells if c in fields) >= 2


_GROUP_DECISION = re.compile(r"^(?:(?:[ivx]{1,4}|[a-h]|\d{1,2})\s*[.):/-]\s*)?(?:theo\s+|can cu\s+)?"
                             r"(?:quyet dinh|qd)\s*(?:so|:)?\s*:?\s*\d")
_GROUP_YEAR = re.compile(r"^(?:(?:[ivx]{1,4}|[a-h]|\d{1,2})\s*[.):/-]\s*)?(?:khen thuong\s+)?nam\s+"
                         r"((?:19|20)\d{2})\s*[.:]?$")


def group_line(cells: list[tuple[int, object]], joined: str) -> str | int | None:
    """A line grouping the rows below: the decision text, or the year; None otherwise."""
    if not all(isinstance(v, str) for _, v in cells):
        return None
    if _GROUP_DECISION.match(joined):
        return " ".join(text(v) for _, v in cells)
    if (m := _GROUP_YEAR.match(joined)) is not None:
        return int(m.group(1))
    return None


_TEXT_FIELDS = {"achievement", "notes", "position", "position_unit", "unit", "initiative",
                "explanation", "criterion", "indicator"}


def _continues(layout: TableLayout, r: int, cells: list[tuple[int, object]]) -> bool:
    """A line that only carries more text for the row above (wrapped by hand, or merged)."""
    sheet = layout.sheet
    label = layout.label_col()
    if label is not None and (rng := sheet.merge_at(r, label)) is not None and rng[0] < r:
        return True
    by_col = {c.index: c.field for c in layout.columns}
    return all(by_col.get(c) in _TEXT_FIELDS and isinstance(v, str) for c, v in cells)
