"""Xuất báo cáo ra Excel: the year's figures as one workbook, a sheet per table, each sheet
under the administrative header (the office's authority and office on the left, the national
motto on the right, place and date), the report's title and scope, then the table.

It uses the Excel exchange's sheet kit (app/excel/sheetkit.py), so the report looks like
every other export of the program.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

from app.errors import FileProblem
from app.excel.exports import office_header
from app.excel.sheetkit import admin_header, data_cell, table_header, title_lines, width_for
from app.reports.model import YearFigures
from app.reports.tables import ReportTable, report_tables

SHEET_NAME_MAX = 31  # Excel's limit
MOTTO_WIDTH = 50  # column units the motto "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" needs in bold 12 pt


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
    row = admin_header(ws, header, width)
    row = title_lines(ws, row, width, report_title(f), [table.title, *report_lines(f)])
    widths = [6.0] + [width_for(h, [r[i] for r in table.rows], low=30 if i == 0 else 11,
                                high=60 if i == 0 else 45)
                      for i, h in enumerate(table.headers)]
    row = table_header(ws, row, headers, widths)
    _fit_motto(ws)
    last = len(table.rows) - 1
    for n, values in enumerate(table.rows):
        is_total = table.has_total and n == last
        data_cell(ws, row, 1, "" if is_total else n + 1)
        for c, value in enumerate(values, start=2):
            cell = data_cell(ws, row, c, value, money=(c - 2) in table.money_cols)
            if isinstance(value, float):  # shares and average days: 42,86 / 15,0 (never "15,")
                cell.number_format = "#,##0.0#"
            if is_total:
                cell.font = Font(name=cell.font.name, size=cell.font.size, bold=True)
        row += 1


def _fit_motto(ws, need: float = MOTTO_WIDTH) -> None:
    """Widen the columns under the national motto until it fits on one line (a narrow table,
    such as the two-column summary, would otherwise break it over three)."""
    block = next((r for r in ws.merged_cells.ranges if r.min_row == 1 and r.min_col > 1), None)
    if block is None:
        return
    letters = [get_column_letter(c) for c in range(block.min_col, block.max_col + 1)]
    have = sum(ws.column_dimensions[x].width or 8.43 for x in letters)
    if have < need:
        extra = (need - have) / len(letters)
        for x in letters:
            ws.column_dimensions[x].width = (ws.column_dimensions[x].width or 8.43) + extra


def write_report(session: Session, figures: YearFigures, path: str | Path, *,
                 day: dt.date | None = None) -> Path:
    """Write the report workbook; returns the path written (`.xlsx` added when missing)."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        path = path.with_suffix(".xlsx")
    header = office_header(session)
    header.day = day or dt.date.today()
    book = Workbook()
    for i, table in enumerate(report_tables(figures)):
        _sheet(book, table, figures, header, i == 0)
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
