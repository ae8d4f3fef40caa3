"""Workbooks of several sheets in the administrative layout (sheetkit), for the fund, the
province bloc's self-scoring table, the publicity list and the congress lists.

`Sheet` is one table: its sheet name, title and italic lines, headers (a `STT` column first
when `numbered`), rows of raw values, the money columns, rows to show in bold (group rows,
totals) and lines written under the table (a note); the header's signer signs at the foot of
each sheet. `write_book` writes them all into one .xlsx, or raises FileProblem in Vietnamese when the file cannot be written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.styles import Alignment, Font

from app.errors import FileProblem
from app.excel import own_export
from app.excel.formkit import fit_cells, fit_row, new_book, widen_for_motto
from app.excel.sheetkit import (
    FONT,
    Header,
    admin_header,
    data_cell,
    put,
    table_header,
    text_units,
    title_lines,
    width_for,
)
from app.excel.signature import signature_block


@dataclass
class Sheet:
    name: str  # the tab's name, in Vietnamese (31 characters at most)
    title: str
    headers: list[str]
    rows: list[list[object]]
    lines: list[str] = field(default_factory=list)
    money_cols: set[int] = field(default_factory=set)  # 0-based, among `headers`
    bold_rows: set[int] = field(default_factory=set)  # 0-based indexes into `rows`
    numbered: bool = True  # an STT column first, counting the rows not in bold_rows
    widths: list[float] | None = None  # per header; None: fitted to the text
    footer: list[str] = field(default_factory=list)  # lines under the table
    header: Header | None = None


def _write_sheet(ws, sheet: Sheet, header: Header) -> None:
    headers = (["STT"] if sheet.numbered else []) + sheet.headers
    if len(headers) < 3:
        raise ValueError("A sheet with the administrative header needs at least three columns.")
    width = len(headers)
    first = [text_units("STT", bold=True)] if sheet.numbered else []
    if sheet.widths is not None:
        widths = first + [float(w) for w in sheet.widths]
    else:
        widths = first + [
            width_for(h, [r[i] if i < len(r) else None for r in sheet.rows]) for i, h in enumerate(sheet.headers)]
    widths = widen_for_motto(widths)
    row = admin_header(ws, header, width, widths=widths)
    row = title_lines(ws, row, width, sheet.title, sheet.lines, widths=widths)
    row = table_header(ws, row, headers, widths)
    shift = 1 if sheet.numbered else 0
    n = 0
    bold = Font(name=FONT, size=12, bold=True)
    for index, values in enumerate(sheet.rows):
        strong = index in sheet.bold_rows
        if sheet.numbered:
            if strong:
                data_cell(ws, row, 1, "")
            else:
                n += 1
                data_cell(ws, row, 1, n)
        for c, value in enumerate(values, start=1 + shift):
            cell = data_cell(ws, row, c, value, money=(c - 1 - shift) in sheet.money_cols)
            if strong:
                cell.font = bold
        fit_cells(ws, row, widths)
        row += 1
    table_end = row - 1
    if sheet.footer:
        row += 1
        for line in sheet.footer:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
            put(ws.cell(row, 1), line)
            ws.cell(row, 1).font = Font(name=FONT, size=12, italic=line.startswith("("))
            ws.cell(row, 1).alignment = Alignment(wrap_text=True, vertical="top")
            fit_row(ws, row, [(sum(widths), line, 12, False)])
            row += 1
    if header.sign is not None:
        signature_block(ws, row, widths, header.sign, table_end=table_end)


def write_book(path: str | Path, sheets: list[Sheet], header: Header,
               day: dt.date | None = None) -> Path:
    """Write the sheets under the office's administrative header; returns the path."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        path = path.with_suffix(".xlsx")
    book = new_book()
    book.remove(book.active)
    for sheet in sheets:
        ws = book.create_sheet(sheet.name[:31])
        own = sheet.header or header
        _write_sheet(ws, sheet, Header(own.left_top, own.left_main, own.place, day or own.day, own.sign))
    if sheets:  # the office's own export: read back, it says so instead of becoming a list
        own_export.mark(book, sheets[0].title, ", ".join(t for t in (header.left_main, header.left_top) if t))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        book.save(path)
    except OSError as exc:
        raise FileProblem(f"Không ghi được tệp {path}: {exc.strerror or exc} "
                          "(tệp đang mở trong Excel?).") from exc
    return path
