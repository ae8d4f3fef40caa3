"""Trang tính theo thể thức hành chính: the page kit shared by exports and templates.

The administrative header (authority and unit on the left, the national motto on the right,
place and date under it), the title, a header row with the column-numbering row `(1) (2) ...`
under it, frozen panes, widths that fit Vietnamese text, A4 print setup with the header rows
repeated on every page. `put` writes one value safely: a text that starts with `=`, `+`, `-`
or `@` stays text (never a formula), dates are dates shown dd/mm/yyyy, money has thousands
separators.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
from dataclasses import dataclass

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.excel.formkit import (
    CELL_PAD_PT,
    COLUMN_PAD_PX,
    FONT,
    TEXT_UNIT_PX,
    fit_row,
    line_height,
    page_setup,
    shown,
    split_at,
    text_pt,
)
from app.excel.signature import SignatureBlock

DATE_FORMAT = "dd/mm/yyyy"
MONEY_FORMAT = "#,##0"
NUMBER_FORMAT = "#,##0.##"
_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
FORMULA_STARTS = ("=", "+", "-", "@")
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"


@dataclass
class Header:
    """Who issues the sheet: left block lines and the place for the date line."""

    left_top: str  # the authority above (UBND HUYỆN TAM ĐƯỜNG)
    left_main: str  # the unit or office (PHÒNG NỘI VỤ / UBND XÃ BẢN BO)
    place: str = ""
    day: dt.date | None = None
    sign: SignatureBlock | None = None  # who signs at the foot (the office, for exports)


def put(cell: Cell, value: object, *, money: bool = False) -> None:
    """Write a value as what it is; user text is never a formula."""
    if isinstance(value, bool):
        cell.value = "x" if value else ""
        return
    if isinstance(value, dt.datetime):
        cell.value = value
        cell.number_format = "dd/mm/yyyy hh:mm"
        return
    if isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
        return
    if isinstance(value, decimal.Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (int, float)):
        cell.value = value
        cell.number_format = MONEY_FORMAT if money or (isinstance(value, int) and abs(value) >= 10000) \
            else ("0" if isinstance(value, int) else NUMBER_FORMAT)
        return
    text = "" if value is None else str(value)
    cell.value = text
    if text.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # openpyxl would store "=..." as a formula; keep it text
        cell.quotePrefix = True


def admin_header(ws: Worksheet, header: Header, width: int, *, start_row: int = 1,
                 widths: list[float] | None = None) -> int:
    """Rows 1–3: authority/unit left, motto right, place and date; returns the next row.
    Given the columns' widths, the halves are split so the motto holds on one line and every
    row is as tall as its wrapped text."""
    left_span = split_at(widths) if widths else max(2, min(4, width // 2))
    right_from = left_span + 1 if width > left_span else left_span
    units = (sum(widths[:left_span]), sum(widths[right_from - 1:])) if widths else None
    bold = Font(name=FONT, bold=True, size=12)
    plain = Font(name=FONT, size=12)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    r = start_row
    top = authority_lines(header.left_top.upper(), units[0]) if units else header.left_top.upper()
    rows = [(top, MOTTO, plain, bold),
            (header.left_main.upper(), MOTTO_2, bold, Font(name=FONT, bold=True, size=12, underline="single"))]
    for left, right, lfont, rfont in rows:
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=left_span)
        put(ws.cell(r, 1), left)
        ws.cell(r, 1).font, ws.cell(r, 1).alignment = lfont, centre
        ws.merge_cells(start_row=r, start_column=right_from, end_row=r, end_column=max(width, right_from))
        put(ws.cell(r, right_from), right)
        ws.cell(r, right_from).font, ws.cell(r, right_from).alignment = rfont, centre
        if units:
            fit_row(ws, r, [(units[0], left, 12, bool(lfont.b)), (units[1], right, 12, True)])
        r += 1
    if header.place or header.day:
        day = header.day or dt.date.today()
        # Decree 30's form, as on the printed forms: "ngày 18 tháng 3", "ngày 05 tháng 02".
        from app.formats import long_date

        line = f"{header.place + ', ' if header.place else ''}{long_date(day)}"
        ws.merge_cells(start_row=r, start_column=right_from, end_row=r, end_column=max(width, right_from))
        put(ws.cell(r, right_from), line)
        ws.cell(r, right_from).font = Font(name=FONT, italic=True, size=12)
        ws.cell(r, right_from).alignment = centre
        if units:
            fit_row(ws, r, [(units[1], line, 12, False)])
    return r + 2


# Where an authority's name breaks when it does not hold on one line: before its level
# (ỦY BAN NHÂN DÂN / HUYỆN TAM ĐƯỜNG), never inside the place's name.
_LEVELS = re.compile(r"\s(?=(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN)\s)")


def authority_lines(name: str, units: float) -> str:
    """The authority's name as printed in a header half of `units`: whole on one line when it
    holds, else broken before its level (ỦY BAN NHÂN DÂN\nHUYỆN TAM ĐƯỜNG)."""
    if not name or text_units(name) <= units or "\n" in name:
        return name
    m = _LEVELS.search(name)
    if m is None or len(name[:m.start()]) < 8:  # (UBND HUYỆN TAM ĐƯỜNG stays one line)
        return name
    return name[:m.start()] + "\n" + name[m.end():]


def title_lines(ws: Worksheet, row: int, width: int, title: str, lines: list[str], *,
                widths: list[float] | None = None) -> int:
    """The bold centred title and its italic lines under it; returns the next free row."""
    total = sum(widths) if widths else None
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    put(ws.cell(row, 1), title.upper())
    ws.cell(row, 1).font = Font(name=FONT, bold=True, size=14)
    ws.cell(row, 1).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    if total:
        fit_row(ws, row, [(total, title.upper(), 14, True)])
    for line in lines:
        row += 1
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        put(ws.cell(row, 1), line)
        ws.cell(row, 1).font = Font(name=FONT, italic=True, size=12)
        ws.cell(row, 1).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if total:
            fit_row(ws, row, [(total, line, 12, False)])
    return row + 2


def table_header(ws: Worksheet, row: int, headers: list[str], widths: list[float], *,
                 orientation: str | None = None) -> int:
    """Header row, numbering row `(1) (2) ...`, widths, frozen panes, print titles, the page.
    Returns the first data row."""
    bold = Font(name=FONT, bold=True, size=12)
    for c, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row, c)
        put(cell, text)
        cell.font, cell.border, cell.fill = bold, BORDER, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        num = ws.cell(row + 1, c)
        put(num, f"({c})")
        num.font = Font(name=FONT, italic=True, size=11)
        num.alignment, num.border = Alignment(horizontal="center"), BORDER
        ws.column_dimensions[get_column_letter(c)].width = width
    fit_row(ws, row, [(w, h, 12, True) for h, w in zip(headers, widths, strict=True)], minimum=31.5)
    ws.row_dimensions[row + 1].height = line_height()
    ws.freeze_panes = ws.cell(row + 2, 1)
    ws.print_title_rows = f"{row}:{row + 1}"
    page_setup(ws, widths, orientation=orientation)
    return row + 2


def data_cell(ws: Worksheet, row: int, col: int, value: object, *, money: bool = False,
              wrap: bool = True) -> Cell:
    cell = ws.cell(row, col)
    put(cell, value, money=money)
    cell.font = Font(name=FONT, size=12)
    cell.border = BORDER
    horizontal = "center" if isinstance(value, (int, float, dt.date)) and not money else None
    cell.alignment = Alignment(vertical="top", wrap_text=wrap, horizontal=horizontal)
    return cell


def width_for(header: str, values: list[object], *, low: float = 5, high: float = 30) -> float:
    """A column width (in Times New Roman 12 digits) that fits the column's values on one line
    when they are short, and wraps the long ones at `high`; never narrower than the header's
    longest word in bold."""
    words = [text_units(w, bold=True) for w in header.split()] or [low]
    seen = sorted(text_units(shown(v)) for v in values[:500] if v not in (None, ""))
    # the 90th value, not the longest: one long line should wrap, not widen the whole column
    typical = seen[int(len(seen) * 0.9)] if seen else low
    # numbers and dates cannot wrap (a cell too narrow shows ####): the widest one fits whole
    whole = [text_units(shown(v)) for v in values[:500]
             if isinstance(v, (int, float, dt.date)) and not isinstance(v, bool)]
    return round(float(max([min(high, max(low, max(words), typical)), *whole])), 1)


def text_units(text: str, *, bold: bool = False, size: float = 12) -> float:
    """The column width a text needs on one line."""
    return ((text_pt(text, size, bold) + 2 * CELL_PAD_PT) / 0.75 - COLUMN_PAD_PX) / TEXT_UNIT_PX + 0.3
