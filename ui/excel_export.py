"""Xuất Excel of any on-screen table: what `TablePanel.visible_table()` shows (its filter and
sort order), under the office's administrative header, via app.excel.exports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.excel.exports import export_table, office_header
from app.text import ascii_filename


def default_name(title: str) -> str:
    return f"{ascii_filename(title) or 'BangTDKT'}_{dt.date.today():%Y%m%d}.xlsx"


def export_panel(panel, path: str | Path | None = None, *, parent: QWidget | None = None) -> Path | None:
    """Write the panel's visible rows to a workbook (asking where when no path is given)."""
    title, headers, rows = panel.visible_table()
    if path is None:
        chosen, _ = QFileDialog.getSaveFileName(parent or panel, "Xuất Excel", str(Path.home() / default_name(title)),
                                                "Bảng tính Excel (*.xlsx)")
        if not chosen:
            return None
        path = chosen
    window = panel.window()
    header = None
    db = getattr(window, "db", None)
    if db is not None:
        with db.session() as session:
            header = office_header(session)
            # Dated as the year's forms are: today, held to the end of the year shown (a past
            # year's table never carries the computer's later date).
            from app.dates import form_date

            year = getattr(window, "_year", None)
            header.day = form_date(year if isinstance(year, int) else None)
    written = export_table(path, title, headers, rows, header=header)
    if parent is not None or path is None:
        QMessageBox.information(parent or panel, "Xuất Excel", f"Đã xuất {len(rows)} dòng vào {written}.")
    return written
