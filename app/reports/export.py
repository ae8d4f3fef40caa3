"""Xuất báo cáo ra Excel: the year's figures as one workbook, a sheet per table, each sheet
under the administrative header (the office's authority and office on the left, the national
motto on the right, place and date), the report's title and scope, then the table.

It uses the Excel exchange's sheet kit (app/excel/sheetkit.py), so the report looks like
every other export of the program.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy.orm import Session

from app.errors import FileProblem
from app.excel import own_export
from app.excel.exports import office_header
from app.excel.formkit import fit_cells, new_book, widen_for_motto
from app.excel.sheetkit import (
    MONEY_FORMAT,
    admin_header,
    data_cell,
    table_header,
    text_units,
    title_lines,
    width_for,
)
from app.excel.signature import signature_block
from app.reports.model import YearFigures
from app.reports.tables import ReportTable, report_tables
from app.text import fold

SHEET_NAME_MAX = 31  # Excel's limit


def report_title(f: YearFigures) -> str:
    return f"Báo cáo số liệu thi đua, khen thưởng {f.period}"


def report_lines(f: YearFigures) -> list[str]:
    lines = [f"Phạm vi: {f.scope}"]
    lines.append(f"Số liệu tính đến ngày {f.as_of:%d/%m/%Y}; không tính khen thưởng đã thu hồi.")
    return lines


def _sheet(book: Workbook, table: ReportTable, f: YearFigures, header, first: bool) -> None:
    ws = book.active if first else book.create_sheet()
    ws.title = table.title[:SHEET_NAME_MAX]
    headers = ["STT", *table.headers]
    width = len(headers)
    widths = widen_for_motto([text_units("STT", bold=True)] + [
        width_for(h, [r[i] for r in table.rows], low=26 if i == 0 else 9, high=30 if i == 0 else 16)
        for i, h in enumerate(table.headers)])
    row = admin_header(ws, header, width, widths=widths)
    row = title_lines(ws, row, width, report_title(f), [table.title, *report_lines(f)], widths=widths)
    row = table_header(ws, row, headers, widths)
    last = len(table.rows) - 1
    for n, values in enumerate(table.rows):
        is_total = table.has_total and n == last
        # a money line of a two-column table (Tổng số tiền thưởng) as well as a money column
        money_row = bool(values) and "tien" in fold(str(values[0])).split()
        data_cell(ws, row, 1, "" if is_total else n + 1)
        for c, value in enumerate(values, start=2):
            cell = data_cell(ws, row, c, value, money=(c - 2) in table.money_cols)
            if money_row and isinstance(value, (int, float, Decimal)):  # centred like its column
                cell.number_format = MONEY_FORMAT
            elif isinstance(value, float):  # shares and average days: 42,86 / 15,0 (never "15,")
                cell.number_format = "#,##0.0#"
            if is_total:
                cell.font = Font(name=cell.font.name, size=cell.font.size, bold=True)
        fit_cells(ws, row, widths)
        row += 1
    if header.sign is not None:
        signature_block(ws, row, widths, header.sign)


def write_report(session: Session, figures: YearFigures, path: str | Path, *,
                 day: dt.date | None = None) -> Path:
    """Write the report workbook; returns the path written (`.xlsx` added when missing)."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        path = path.with_suffix(".xlsx")
    header = office_header(session)
    header.day = day or figures.as_of  # the day the figures are counted to, never after their year
    book = new_book()
    for i, table in enumerate(report_tables(figures)):
        _sheet(book, table, figures, header, i == 0)
    # the office's own report: read back, it says so instead of becoming a unit's report
    own_export.mark(book, f"{report_title(figures)}, {figures.scope}", ", ".join(
        t for t in (header.left_main, header.left_top) if t))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        book.save(path)
    except OSError as exc:
        raise FileProblem(f"Không ghi được tệp {path}: {exc.strerror or exc} "
                          "(tệp đang mở trong Excel?).") from exc
    return path


def default_file_name(f: YearFigures) -> str:
    """`BaoCaoThiDuaKhenThuong_2025.xlsx`, `..._2023-2025.xlsx` (no diacritics in file names)."""
    years = str(f.first_year) if f.first_year == f.last_year else f"{f.first_year}-{f.last_year}"
    return f"BaoCaoThiDuaKhenThuong_{years}.xlsx"
