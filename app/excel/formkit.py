"""Trang in của biểu mẫu: the measure and the page of every sheet the program writes, so it
prints as a form a head signs. Shared by the templates units fill in and the exports the
office sends (the signature block: app/excel/signature.py; what a unit may fill:
app/excel/fillkit.py).

- Measure: a workbook whose default font is Times New Roman 12 (Excel's column-width unit is
  then that font's digit, 8 px; LibreOffice reads the same width as 7 px a unit), text
  measured with the font's own metrics (Liberation Serif is metric-compatible), row heights
  that fit their wrapped text in both programs.
- The page: A4, Decree 30/2020's margins, portrait or a landscape annex chosen by the
  table's width, printed at a set scale no smaller than a clerk reads, page numbers centred
  at the top from page 2; the header's halves split so the national motto holds on one line.
"""

from __future__ import annotations

import datetime as dt
import math
from copy import copy
from functools import lru_cache

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.worksheet import Worksheet

FONT = "Times New Roman"
SIZE = 12
UNIT_PX = 8  # a column-width unit in Excel: the widest digit of Times New Roman 12 pt at 96 dpi
# LibreOffice turns the same width into 7 px a unit, whatever the default font: text is fitted
# to that narrower column (rows come out a little roomy in Excel, never cut short in Calc),
# and the printed width is reckoned at Excel's wider one (the scale is never overstated).
TEXT_UNIT_PX = 7
COLUMN_PAD_PX = 5  # Excel adds this to every column
CELL_PAD_PT = 2.0  # the space a cell keeps on its left and right inside the column
PX_MM = 25.4 / 96
# A4 less Decree 30's margins: portrait 30 mm left, 15 mm right; a landscape annex 20 / 15.
MARGINS_IN = {"portrait": (1.18, 0.59, 0.79, 0.79), "landscape": (0.79, 0.59, 0.79, 0.71)}
USABLE_MM = {"portrait": 210 - 30 - 15, "landscape": 297 - 20 - 15}
READABLE_SCALE = 0.79  # 12 pt printed at 79 % is 9.5 pt: the smallest a clerk reads without strain


def new_book() -> Workbook:
    """An empty workbook whose default font (the 'Normal' style) is Times New Roman 12."""
    book = Workbook()
    base = Font(name=FONT, size=SIZE)
    book._fonts = IndexedList([base])  # font 0 is what widths and blank cells go by
    book._named_styles["Normal"].font = copy(base)
    return book


# --- measuring -------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _fonts_ready() -> bool:
    from app.printing.fonts import register_fonts

    register_fonts()
    return True


@lru_cache(maxsize=20000)
def text_pt(text: str, size: float = SIZE, bold: bool = False, italic: bool = False) -> float:
    """The printed width of a text in points (Times New Roman metrics)."""
    from app.printing.fonts import text_width

    _fonts_ready()
    return text_width(text, size, bold=bold, italic=italic)


def column_pt(units: float) -> float:
    """The room a column of `units` gives its text, in points at 100 % (the narrower reading)."""
    return (units * TEXT_UNIT_PX + COLUMN_PAD_PX) * 0.75


def count_lines(value: object, units: float, *, size: float = SIZE, bold: bool = False,
                italic: bool = False) -> int:
    """How many lines a wrapped text takes in a column (or merged columns) of `units`."""
    text = shown(value)
    if not text.strip():
        return 1
    room = max(column_pt(units) - 2 * CELL_PAD_PT, 6.0)
    space = text_pt(" ", size, bold, italic)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split():
            w = text_pt(word, size, bold, italic)
            if used and used + space + w <= room:
                used += space + w
                continue
            if used:  # the word goes to a new line
                lines += 1
            if w > room:  # a word wider than the column breaks inside itself
                lines += math.ceil(w / room) - 1
                w = w - (math.ceil(w / room) - 1) * room
            used = w
    return lines


def shown(value: object) -> str:
    """A value as a cell shows it: dates dd/mm/yyyy, numbers with thousands separators."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def line_height(size: float = SIZE) -> float:
    """Points per text line (Excel's own row height for Times New Roman 12 is 15.75)."""
    return round(size * 1.3125, 2)


def fit_row(ws: Worksheet, row: int, cells: list[tuple[float, object, float, bool]],
            *, minimum: float | None = None) -> float:
    """Set a row's height so every (units, text, size, bold) cell shows whole; returns it.
    Every written row gets its height, one line too, so that Excel and LibreOffice break the
    pages at the same rows (the empty rows a unit fills are left to grow as it types)."""
    need = max((count_lines(text, units, size=size, bold=bold) * line_height(size)
                for units, text, size, bold in cells), default=line_height())
    need = max(need, minimum or 0)
    # in whole pixels (0.75 pt), as Excel keeps them, so both programs reckon the same height
    height = math.ceil((need + 2) / 0.75) * 0.75 if need > line_height() + 0.5 else line_height()
    ws.row_dimensions[row].height = height
    return need


class _AutoRow(RowDimension):
    """A row whose height is where it starts, never fixed (no `customHeight`): Excel grows it
    as a unit types, LibreOffice fits it to the text when it opens and prints the file."""

    @property
    def customHeight(self) -> bool:  # noqa: N802 (openpyxl's name)
        return False


def grow_as_typed(ws: Worksheet, row: int) -> None:
    """Keep a fill row's height as its starting point but let it grow with what is typed (a
    fixed height clips the third line of a long achievement on the signed copy)."""
    height = ws.row_dimensions[row].height
    ws.row_dimensions[row] = _AutoRow(ws, index=row, ht=height)


def fit_cells(ws: Worksheet, row: int, widths: list[float], first_col: int = 1) -> float:
    """Fit a table row from what its cells hold (their font size and weight)."""
    cells = []
    for i, units in enumerate(widths):
        cell = ws.cell(row, first_col + i)
        if cell.value is None:
            continue
        font = cell.font
        cells.append((units, cell.value, float(font.sz or SIZE), bool(font.b)))
    return fit_row(ws, row, cells)


# --- the page ----------------------------------------------------------------------------------

def table_mm(widths: list[float]) -> float:
    return sum((w * UNIT_PX + COLUMN_PAD_PX) * PX_MM for w in widths)


def print_scale(widths: list[float], orientation: str) -> float:
    """The scale the table prints at when fitted to the page width (1.0 when it fits)."""
    return min(1.0, USABLE_MM[orientation] / max(table_mm(widths), 1.0))


def orientation_for(widths: list[float]) -> str:
    """Portrait when the table fits it at 90 % or more; a wider table is a landscape annex."""
    return "portrait" if print_scale(widths, "portrait") >= 0.9 else "landscape"


def page_setup(ws: Worksheet, widths: list[float], *, orientation: str | None = None) -> float:
    """A4, Decree 30's margins, the table as wide as the page, centred; page numbers from
    page 2. Returns the scale it prints at.

    The scale is set as a percentage (Excel's 'Adjust to'), reckoned at Excel's width, rather
    than 'fit to one page wide': LibreOffice drops the pages after a manual page break in that
    mode, and the break that keeps the signature whole is one."""
    orientation = orientation or orientation_for(widths)
    scale = print_scale(widths, orientation)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = orientation
    ws.page_setup.scale = max(10, min(100, math.floor(scale * 100) - (1 if scale < 1 else 0)))
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.sheet_format.defaultRowHeight = line_height()
    ws.sheet_format.customHeight = True
    left, right, top, bottom = MARGINS_IN[orientation]
    ws.page_margins.left, ws.page_margins.right = left, right
    ws.page_margins.top, ws.page_margins.bottom = top, bottom
    ws.page_margins.header, ws.page_margins.footer = 0.35, 0.3
    ws.print_options.horizontalCentered = True
    page_numbers(ws)
    return ws.page_setup.scale / 100


def page_numbers(ws: Worksheet) -> None:
    """The page number centred in the top margin, from page 2 on (Decree 30/2020)."""
    ws.HeaderFooter.differentFirst = True
    ws.oddHeader.center.text = "&P"
    ws.oddHeader.center.font = FONT
    ws.oddHeader.center.size = 12
    ws.evenHeader.center.text = "&P"
    ws.evenHeader.center.font = FONT
    ws.evenHeader.center.size = 12


MOTTO_UNITS = 48.5  # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in bold 12 pt on one line (7 px units)
LEFT_UNITS = 24.0  # the authority's and the unit's names on two or three lines


def split_at(widths: list[float]) -> int:
    """How many columns the left half (the unit; the maker of the list) takes: the right half
    holds the national motto on one line and the left the unit's name on a few, the left
    near two fifths of a wide table (Decree 30's layout); on a narrow table, the best
    compromise of the two."""
    total = sum(widths)
    choices = range(1, max(len(widths), 2))

    def fits(k: int) -> float:
        return min(sum(widths[:k]) / LEFT_UNITS, sum(widths[k:]) / MOTTO_UNITS)

    good = [k for k in choices if fits(k) >= 1.0]
    if good:
        return min(good, key=lambda k: abs(sum(widths[:k]) - 0.4 * total))
    return max(choices, key=fits)


def widen_for_motto(widths: list[float]) -> list[float]:
    """Widen the last column until the left half holds the unit's name and the right half the
    national motto on one line (a narrow table, such as a two-column summary, would otherwise
    break the motto over three lines and the unit's name letter by letter)."""
    k = split_at(widths)
    if sum(widths[k:]) >= MOTTO_UNITS and sum(widths[:k]) >= LEFT_UNITS:
        return widths
    k = next((i for i in range(1, len(widths)) if sum(widths[:i]) >= LEFT_UNITS), len(widths) - 1)
    return [*widths[:-1], max(widths[-1], MOTTO_UNITS - sum(widths[k:-1]))]
