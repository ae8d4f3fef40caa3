"""The one global exception hook: a Vietnamese error dialog, the traceback in a log file,
and the program keeps running.

`install(log_dir)` sets `sys.excepthook` (errors on the GUI thread, in slots and Qt virtual
methods) and `threading.excepthook` (errors in worker threads, shown on the GUI thread).
A UserError that escapes a slot is not a fault: its message is shown as it is, unlogged. A
failure of the server or the data file (app/failures.py) shows its one Vietnamese line, logged.
"""

from __future__ import annotations

import datetime as dt
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.errors import UserError
from app.failures import failure

LOG_NAME = "tdkt-errors.log"
MESSAGE = ("Đã xảy ra lỗi ngoài dự kiến. Chương trình vẫn tiếp tục chạy, nhưng việc vừa làm "
           "có thể chưa hoàn tất; hãy kiểm tra lại rồi làm lại nếu cần.")


def write_log(log_dir: Path, exc_type, exc, tb) -> Path:
    """Append the traceback, with the time and the program version, to the error log."""
    path = Path(log_dir) / LOG_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(f"=== {dt.datetime.now():%Y-%m-%d %H:%M:%S} — TĐKT {__version__}\n{text}\n")
    return path


def show_user_error(message: str, parent: QWidget | None = None) -> None:
    """A UserError's message as it is, in a plain warning box."""
    box = QMessageBox(QMessageBox.Icon.Warning, "TĐKT", message, parent=parent)
    box.addButton("Đóng", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


class ErrorDialog(QDialog):
    """"Đã xảy ra lỗi …" with the details folded away (and a copy button for support)."""

    def __init__(self, details: str, log_path: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("TĐKT — Lỗi")
        self.setMinimumWidth(520)
        icon = QLabel(self)
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(40, 40))
        text = MESSAGE
        if log_path is not None:
            text += f"\n\nChi tiết lỗi đã được ghi vào tệp nhật ký:\n{log_path}"
        self.message = QLabel(text, self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(details, self)
        self.details.setReadOnly(True)
        self.details.setMinimumHeight(220)
        self.details.setVisible(False)

        self.toggle = QPushButton("Xem chi tiết", self)
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._toggle)
        copy = QPushButton("Sao chép chi tiết", self)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(details))
        buttons = QDialogButtonBox(self)
        close = buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.AcceptRole)
        close.setDefault(True)
        buttons.accepted.connect(self.accept)

        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.message, 1)
        row = QHBoxLayout()
        row.addWidget(self.toggle)
        row.addWidget(copy)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details)
        layout.addLayout(row)

    def _toggle(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.toggle.setText("Ẩn chi tiết" if shown else "Xem chi tiết")
        self.adjustSize()


class _Bridge(QObject):
    """Carries an error from a worker thread to the GUI thread."""

    error = Signal(object, object, object)


class ExceptionHook:
    """Installed once by the launcher; tests install and uninstall their own."""

    def __init__(self, log_dir: Callable[[], Path], parent: Callable[[], QWidget | None] = lambda: None):
        self.log_dir = log_dir
        self.parent = parent
        self.last_log: Path | None = None
        self._showing = False
        self._old_sys = None
        self._old_thread = None
        self._bridge = _Bridge()
        self._bridge.error.connect(self.handle, Qt.ConnectionType.QueuedConnection)

    def install(self) -> ExceptionHook:
        self._old_sys, self._old_thread = sys.excepthook, threading.excepthook
        sys.excepthook = self.handle
        threading.excepthook = self._thread_hook
        return self

    def uninstall(self) -> None:
        if self._old_sys is not None:
            sys.excepthook, threading.excepthook = self._old_sys, self._old_thread

    def _thread_hook(self, args) -> None:
        if args.exc_type is SystemExit:
            return
        self._bridge.error.emit(args.exc_type, args.exc_value, args.exc_traceback)

    def handle(self, exc_type, exc, tb) -> None:
        """Log the error and show the dialog (one at a time: a burst of errors is logged,
        not stacked as dialogs)."""
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        if issubclass(exc_type, UserError):
            # Something the clerk can fix, not a fault: its own message, nothing logged.
            if QApplication.instance() is not None:
                show_user_error(exc.message, self.parent())
            return
        found = failure(exc) if exc is not None else None
        if found is not None:
            # The server or the file failed (stopped, full, timed out ...): the one plain line,
            # the details only in the log (the driver's text can carry SQL and names).
            try:
                self.last_log = write_log(self.log_dir(), exc_type, exc, tb)
            except OSError:
                self.last_log = None
            if QApplication.instance() is not None:
                show_user_error(found.message, self.parent())
            return
        try:
            self.last_log = write_log(self.log_dir(), exc_type, exc, tb)
        except OSError:
            self.last_log = None
        sys.stderr.write("".join(traceback.format_exception(exc_type, exc, tb)))
        if self._showing or QApplication.instance() is None:
            return
        self._showing = True
        try:
            details = "".join(traceback.format_exception(exc_type, exc, tb))
            ErrorDialog(details, self.last_log, self.parent()).exec()
        finally:
            self._showing = False

    def report(self, exc: BaseException) -> None:
        """For code that caught an unexpected exception itself (e.g. a failed background op)."""
        self.handle(type(exc), exc, exc.__traceback__)


_current: ExceptionHook | None = None


def install(log_dir: Callable[[], Path], parent: Callable[[], QWidget | None] = lambda: None) -> ExceptionHook:
    global _current
    if _current is not None:
        _current.uninstall()
    _current = ExceptionHook(log_dir, parent).install()
    return _current


def current() -> ExceptionHook | None:
    return _current


def report(exc: BaseException) -> None:
    """Show and log an unexpected exception through the installed hook (or re-raise)."""
    if _current is None:
        raise exc
    _current.report(exc)
