"""Biểu mẫu in ký được: what makes a sheet print as a form a head signs, and fill only where
it should. Shared by the templates units fill in and the exports the office sends.

- Measure: a workbook whose default font is Times New Roman 12 (so a column-width unit is
  that font's digit, 8 px, in Excel and LibreOffice alike), text measured with the font's
  own metrics (Liberation Serif is metric-compatible), row heights that fit their wrapped
  text, A4 portrait or landscape chosen by the table's width with the scale it will print at.
- The signature block (left: who made the list; right: the head, or the office's signer),
  with the place-and-date line over the right half, and page numbers centred at the top from
  page 2 (Decree 30/2020 Appendix I).
- Filling: sheet protection without a password (the cells to fill unlocked, rows may be
  resized, inserted and deleted), the workbook's structure locked, drop-downs that refuse a
  value outside their list with a Vietnamese message naming the column, and the hidden
  `_lists` / `_meta` sheets kept `veryHidden` (Excel's menus cannot show them).
"""

from __future__ import annotations

import datetime as dt
import math
from copy import copy
from dataclasses import dataclass, field
from functools import lru_cache

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
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
UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)


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


# --- the signature block -----------------------------------------------------------------------

DOTTED_DATE = "…………, ngày …… tháng …… năm ……"


@dataclass
class SignatureBlock:
    """The bottom of a form: who made it (left) and who signs it (right), and the date line."""

    right: list[str] = field(default_factory=lambda: ["THỦ TRƯỞNG ĐƠN VỊ"])
    right_note: str = "(Ký tên, đóng dấu)"
    right_name: str = ""
    left: list[str] = field(default_factory=lambda: ["NGƯỜI LẬP BIỂU"])
    left_note: str = "(Ký, ghi rõ họ tên)"
    left_name: str = ""
    date_line: str = DOTTED_DATE
    space_rows: int = 4  # room to sign (and to stamp the seal)


def signature_block(ws: Worksheet, row: int, widths: list[float], block: SignatureBlock, *,
                    fill: bool = False, table_end: int | None = None) -> int:
    """Write the block from `row` (a blank row first); returns the row after it. With `fill`
    (a template) the date line and the two names are left editable for the unit, and only
    the last page is kept; an export's pages are all set (keep_on_last_page). `table_end`:
    the table's last row, when notes stand between it and the block (they go with the block)."""
    split = split_at(widths)
    n = len(widths)
    left_units, right_units = sum(widths[:split]), sum(widths[split:])
    last_data = table_end or row - 1
    row += 1
    spans = ((1, split, left_units), (split + 1, n, right_units))
    lines: list[tuple[str, str, str]] = []  # (left, right, style)
    if block.date_line:
        lines.append(("", block.date_line, "date"))
    for i in range(max(len(block.left), len(block.right))):
        lines.append((block.left[i] if i < len(block.left) else "",
                      block.right[i] if i < len(block.right) else "", "title"))
    lines.append((block.left_note, block.right_note, "note"))
    fonts = {"date": Font(name=FONT, size=SIZE, italic=True), "title": Font(name=FONT, size=SIZE, bold=True),
             "note": Font(name=FONT, size=SIZE, italic=True), "name": Font(name=FONT, size=SIZE, bold=True)}
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for _ in range(block.space_rows):
        lines.append(("", "", "space"))
    lines.append((block.left_name, block.right_name, "name"))
    for left, right, style in lines:
        heights = []
        for (c1, c2, units), value in zip(spans, (left, right), strict=True):
            if c2 > c1:
                ws.merge_cells(start_row=row, start_column=c1, end_row=row, end_column=c2)
            cell = ws.cell(row, c1)
            if value:
                cell.value = value
            cell.font, cell.alignment = fonts.get(style, fonts["note"]), centre
            if fill and style in ("date", "name") and (value or style == "name"):
                cell.protection = UNLOCKED
            heights.append((units, value, SIZE, style in ("title", "name")))
        fit_row(ws, row, heights)
        row += 1
    keep_on_last_page(ws, last_data, last_data + 1, row - 1, every_page=not fill)
    return row


def _height(ws: Worksheet, r: int) -> float:
    return ws.row_dimensions[r].height or ws.sheet_format.defaultRowHeight or line_height()


def _table_bounds(ws: Worksheet) -> tuple[int, int]:
    """The repeated header rows (`print_title_rows`, e.g. `9:10`)."""
    text = (ws.print_title_rows or "").replace("$", "")
    first, _, last = text.partition(":")
    try:
        return int(first), int(last)
    except ValueError:
        return 0, 0


def keep_on_last_page(ws: Worksheet, last_data: int, block_first: int, block_last: int, *,
                      every_page: bool = False) -> int:
    """Keep the signature block whole on the last page, with the table's last row above it.

    Pages are reckoned from the rows' own heights at the sheet's scale, with 3 % to spare;
    with `every_page` (an export) every page ends at a manual break where the reckoning ends
    it, so Excel and LibreOffice, which round row heights each their own way, break at the
    same rows; otherwise (a template the unit will fill, its rows growing as it types) only
    the last page is broken, and only when the block would not fit under the table. Returns
    the number of breaks put."""
    from openpyxl.worksheet.pagebreak import Break

    orientation = ws.page_setup.orientation or "portrait"
    head_first, head_last = _table_bounds(ws)
    page_pt = (841.9 if orientation == "portrait" else 595.3) - 72 * (ws.page_margins.top + ws.page_margins.bottom)
    repeat = sum(_height(ws, r) for r in range(head_first, head_last + 1)) if head_first else 0.0
    block = sum(_height(ws, r) for r in range(block_first, block_last + 1))
    room = page_pt / ((ws.page_setup.scale or 100) / 100) * 0.97
    used, breaks, starts = 0.0, [], [1]
    for r in range(1, last_data + 1):
        h = _height(ws, r)
        if used + h > room and used > 0 and r > head_last:
            breaks.append(r - 1)
            starts.append(r)
            used = repeat
        used += h
    if used + block > room and last_data > head_last:
        # the last row goes over with the block (the block alone when it is the page's only row)
        breaks.append(last_data - 1 if starts[-1] < last_data else last_data)
    chosen = breaks if every_page else breaks[-1:] if used + block > room and last_data > head_last else []
    for after in chosen:
        ws.row_breaks.append(Break(id=after))
    return len(chosen)


# --- filling -------------------------------------------------------------------------------------

def unlock(ws: Worksheet, first_row: int, last_row: int, columns: list[int]) -> None:
    """The cells a unit fills: unlocked, everything else stays locked."""
    for r in range(first_row, last_row + 1):
        for c in columns:
            ws.cell(r, c).protection = UNLOCKED


def protect_form(ws: Worksheet) -> None:
    """Protect the sheet without a password: the unlocked cells can be filled, rows resized,
    inserted and deleted; the title, the header and the pre-filled columns cannot be typed
    over. (A password would stop the unit the day it needs one more row.)"""
    p = ws.protection
    p.sheet = True
    p.formatRows = False  # False: allowed
    p.formatColumns = False
    p.insertRows = False
    p.deleteRows = False
    p.selectLockedCells = False
    p.selectUnlockedCells = False


def lock_structure(book: Workbook) -> None:
    """Sheets cannot be added, renamed, moved or shown (no password: nothing to forget)."""
    book.security = WorkbookProtection(lockStructure=True)


def very_hidden(ws: Worksheet) -> None:
    """A sheet for the program only: Excel's 'Unhide' does not list it."""
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True


def list_sheet(book: Workbook, lists: dict[str, list[str]], *, name: str = "_lists") -> dict[str, str]:
    """Write the drop-down lists on a very hidden sheet, one column each, and name each range
    (`ds_awards`); returns list name → the formula a validation refers to."""
    sheet = book.create_sheet(name)
    refs: dict[str, str] = {}
    for c, (key, values) in enumerate(lists.items(), start=1):
        for r, value in enumerate(values, start=1):
            sheet.cell(r, c, value)
        col = get_column_letter(c)
        target = f"{quote_sheetname(name)}!${col}$1:${col}${max(len(values), 1)}"
        book.defined_names[f"ds_{key}"] = DefinedName(f"ds_{key}", attr_text=target)
        refs[key] = f"ds_{key}"
    very_hidden(sheet)
    return refs


def choice_validation(ws: Worksheet, cells: str, source: str, column: str) -> DataValidation:
    """A drop-down over `cells` from a named list that refuses anything else, saying which
    column's list to choose from."""
    dv = DataValidation(type="list", formula1=source, allow_blank=True, showDropDown=False,
                        showErrorMessage=True, errorStyle="stop",
                        errorTitle="Giá trị không có trong danh sách",
                        error=f"Cột «{column}» chỉ nhận một giá trị trong danh sách thả xuống: "
                              "bấm mũi tên bên phải ô để chọn.")
    dv.add(cells)
    ws.add_data_validation(dv)
    return dv


def score_validation(ws: Worksheet, cells: str, max_ref: str, column: str) -> DataValidation:
    """A number from 0 to the row's own maximum (`$C12`, relative down the range)."""
    dv = DataValidation(type="decimal", operator="between", formula1="0", formula2=max_ref,
                        allow_blank=True, showErrorMessage=True, errorStyle="stop",
                        errorTitle="Điểm không hợp lệ",
                        error=f"Cột «{column}»: nhập một số từ 0 đến điểm chuẩn của tiêu chí ở cùng dòng.")
    dv.add(cells)
    ws.add_data_validation(dv)
    return dv


def meta_sheet(book: Workbook, pairs: list[tuple[str, str]]) -> Worksheet:
    """`_meta`: key / value pairs in columns A and B, for the import to know the workbook."""
    meta = book.create_sheet("_meta")
    for r, (key, value) in enumerate(pairs, start=1):
        meta.cell(r, 1, key)
        meta.cell(r, 2, "" if value is None else str(value))
    very_hidden(meta)
    return meta
