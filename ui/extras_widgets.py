"""Pieces the "Công tác khác" screens share: previewing a form made on the database worker,
writing a workbook where the clerk chooses, a form's error line that focuses the bad field,
and the common shape of a page (a list tab that follows the year inside the container).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from app.errors import UserError, ValidationError
from ui.cycle_widgets import inform
from ui.ops import show_failure


def preview_form(widget: QWidget, ops, db, make: Callable) -> None:
    """Make a printed form (`make(session) -> PrintedDocument`) off the GUI thread, then preview."""
    from ui.print_preview import PrintPreviewDialog

    def work(progress=None, should_cancel=None):
        with db.session() as session:
            return make(session)

    def show(document) -> None:
        dialog = PrintPreviewDialog(document, widget)
        widget._last_preview = dialog  # tests and the clerk's second look find it
        dialog.open()

    ops.run(work, on_done=show, label="Đang tạo văn bản…", parent=widget)


def save_workbook(widget: QWidget, ops, db, suggested: str, write: Callable,
                  path: str | Path | None = None) -> None:
    """Ask where (unless `path` is given), then `write(session, path)` off the GUI thread."""
    if path is None:
        chosen, _ = QFileDialog.getSaveFileName(widget, "Xuất Excel", str(Path.home() / suggested),
                                                "Bảng tính Excel (*.xlsx)")
        if not chosen:
            return
        path = chosen

    def work(progress=None, should_cancel=None):
        with db.session() as session:
            return write(session, Path(path))

    def done(written) -> None:
        widget._last_written = written
        if not getattr(ops, "inline", False):
            inform(widget, f"Đã ghi tệp {written}.")

    ops.run(work, on_done=done, label="Đang ghi tệp Excel…", parent=widget)


def suggested_name(stem: str, year: int) -> str:
    return f"{stem}_{year}_{dt.date.today():%Y%m%d}.xlsx"


class ErrorLine(QLabel):
    """The red line under a form: shows a UserError and focuses the field it names."""

    def __init__(self, parent: QWidget, fields: dict[str, QWidget] | None = None):
        super().__init__("", parent)
        self.fields = fields if fields is not None else {}
        self.setWordWrap(True)
        self.setStyleSheet("color: #b00020; font-weight: bold;")

    def show_error(self, exc: UserError) -> None:
        self.setText(exc.message)
        if isinstance(exc, ValidationError):
            widget = self.fields.get(exc.field or "")
            if widget is not None:
                widget.setFocus()

    def run(self, action: Callable) -> bool:
        """Run a save; True when it went through, else the message is shown."""
        try:
            action()
        except UserError as exc:
            self.show_error(exc)
            return False
        self.setText("")
        return True


def guarded(widget: QWidget, action: Callable) -> bool:
    """Run a write from a toolbar button; a UserError becomes the usual message box."""
    try:
        action()
    except UserError as exc:
        show_failure(exc, widget)
        return False
    return True
