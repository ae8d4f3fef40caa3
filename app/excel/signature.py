"""Chữ ký cuối biểu: the signature block at the foot of a form — who made the list on the left
(Người lập biểu), who signs it on the right (the unit's head on a template; the office's or
the committee's signer on an export), the place-and-date line over the right half — kept
whole on the last page with the table's last row above it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from app.excel.fillkit import UNLOCKED
from app.excel.formkit import FONT, SIZE, fit_row, line_height, split_at

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
        # the last row goes over with the block (the block alone when it is the page's only row);
        # a form's last three, so its total row never stands alone with the signature
        keep = 1 if every_page else 3
        breaks.append(max(last_data - keep, starts[-1], head_last) if starts[-1] < last_data else last_data)
    chosen = breaks if every_page else breaks[-1:] if used + block > room and last_data > head_last else []
    for after in chosen:
        ws.row_breaks.append(Break(id=after))
    return len(chosen)
