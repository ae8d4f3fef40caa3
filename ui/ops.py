"""Running work off the GUI thread: one worker thread for database work, results back on
the GUI thread (the shape of Anki's taskman), with a progress dialog for long jobs.

    ops.run(lambda: load(year), on_done=panel.set_rows)
    ops.run(lambda progress, should_cancel: import_file(path, progress=progress,
                                                        should_cancel=should_cancel),
            label="Đang nhập tệp…", parent=window, on_done=show_result)

Without `label` the callable is called with no argument and no dialog appears (loads that
take a moment). With `label` it gets `progress(done, total)` and `should_cancel()` keyword
arguments, and a dialog with a "Hủy" button appears if the work lasts more than ~0.5 s.
Callbacks run on the GUI thread. A failure calls `on_error(exc)`, or by default shows a
UserError's message, or the error dialog for anything unexpected.

`aside=True` runs long housekeeping (the day's first backup, seconds on a large file) on a
second worker, so the screens' loads never queue behind it.

`Ops(inline=True)` runs everything at once on the calling thread: tests use it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.errors import ConflictError, UserError
from ui import error_hook

SHOW_AFTER_MS = 500
POLL_MS = 100


def show_failure(exc: BaseException, parent: QWidget | None = None) -> None:
    """The default failure: a UserError's own message, else the error dialog with its log.
    A ConflictError (someone else saved first) also reloads the screen, so what the clerk
    sees next is what is stored."""
    if isinstance(exc, UserError):
        error_hook.show_user_error(exc.message, parent)
        if isinstance(exc, ConflictError):
            reload_after_conflict(parent)
    else:
        error_hook.report(exc)


def reload_after_conflict(widget: QWidget | None) -> None:
    """Reload the nearest screen that can (`reload()`), and the main window's tabs."""
    seen = widget
    while seen is not None:
        if callable(getattr(seen, "reload", None)):
            QTimer.singleShot(0, seen.reload)
            break
        seen = seen.parentWidget()
    window = widget.window() if widget is not None else None
    main = window
    while main is not None and not callable(getattr(main, "reload_all", None)):
        main = main.parentWidget()
    if main is not None:
        QTimer.singleShot(0, main.reload_all)


class OpHandle:
    """What the worker and the GUI share about one job: progress and the cancel request."""

    def __init__(self, label: str | None):
        self.label = label
        self.done = 0
        self.total = 0
        self._cancel = threading.Event()
        self.finished = False

    def progress(self, done: int, total: int) -> None:
        self.done, self.total = int(done), int(total)

    def should_cancel(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class Ops(QObject):
    """The program's one runner of background work."""

    _deliver = Signal(object)  # a closure to call on the GUI thread
    idle = Signal()  # emitted when the last pending job has delivered its result

    def __init__(self, parent: QObject | None = None, *, inline: bool = False):
        super().__init__(parent)
        self.inline = inline
        self.pending = 0
        self._executor = None if inline else ThreadPoolExecutor(max_workers=1,
                                                                 thread_name_prefix="tdkt-db")
        self._aside: ThreadPoolExecutor | None = None  # made on first use
        self._deliver.connect(self._call, Qt.ConnectionType.QueuedConnection)

    def run(self, fn: Callable, *, on_done: Callable | None = None,
            on_error: Callable[[BaseException], None] | None = None, label: str | None = None,
            parent: QWidget | None = None, cancellable: bool = True, aside: bool = False) -> OpHandle:
        handle = OpHandle(label)
        call = (lambda: fn(progress=handle.progress, should_cancel=handle.should_cancel)) \
            if label is not None else fn
        self.pending += 1
        if self.inline or self._executor is None:
            self._finish(handle, None, *self._attempt(call), on_done, on_error, parent)
            return handle
        dialog = self._progress_dialog(handle, parent, cancellable) if label is not None else None

        def work() -> None:
            outcome = self._attempt(call)
            self._deliver.emit(lambda: self._finish(handle, dialog, *outcome, on_done, on_error, parent))

        if aside:
            if self._aside is None:
                self._aside = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tdkt-aside")
            self._aside.submit(work)
        else:
            self._executor.submit(work)
        return handle

    @staticmethod
    def _attempt(call: Callable) -> tuple[object, BaseException | None]:
        try:
            return call(), None
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, never lost
            return None, exc

    def _finish(self, handle: OpHandle, dialog: _Progress | None, result, error, on_done,
                on_error, parent) -> None:
        handle.finished = True
        self.pending -= 1
        if dialog is not None:
            dialog.stop()
        try:
            if error is not None:
                (on_error or (lambda exc: show_failure(exc, parent)))(error)
            elif on_done is not None:
                on_done(result)
        finally:
            if self.pending == 0:
                self.idle.emit()

    def _progress_dialog(self, handle: OpHandle, parent: QWidget | None, cancellable: bool) -> _Progress:
        return _Progress(handle, parent, cancellable)

    @staticmethod
    def _call(closure: Callable) -> None:
        closure()

    def shutdown(self) -> None:
        """At exit: let the running job end (it may be writing), drop the queued ones."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
        if self._aside is not None:
            self._aside.shutdown(wait=True, cancel_futures=True)
            self._aside = None


class _Progress(QObject):
    """A progress dialog that appears only if the job lasts beyond SHOW_AFTER_MS."""

    def __init__(self, handle: OpHandle, parent: QWidget | None, cancellable: bool):
        super().__init__(parent)
        self.handle = handle
        self.dialog: QProgressDialog | None = None
        self._parent = parent
        self._cancellable = cancellable
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.timeout.connect(self._show)
        self._show_timer.start(SHOW_AFTER_MS)
        self._poll = QTimer(self)
        self._poll.timeout.connect(self._update)

    def _show(self) -> None:
        if self.handle.finished:
            return
        dialog = QProgressDialog(self.handle.label or "Đang xử lý…", "Hủy" if self._cancellable else None,
                                 0, 0, self._parent)
        dialog.setWindowTitle("TĐKT")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(380)
        dialog.canceled.connect(self._cancel)
        dialog.show()
        self.dialog = dialog
        self._poll.start(POLL_MS)

    def _cancel(self) -> None:
        self.handle.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText("Đang dừng…")

    def _update(self) -> None:
        if self.dialog is None or self.handle.cancelled:
            return
        if self.handle.total > 0:
            self.dialog.setMaximum(self.handle.total)
            self.dialog.setValue(min(self.handle.done, self.handle.total))

    def stop(self) -> None:
        self._show_timer.stop()
        self._poll.stop()
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        self.deleteLater()


def run_and_wait(ops: Ops, fn: Callable, *, label: str, parent: QWidget | None = None):
    """Run `fn(progress=, should_cancel=)` on the worker while the GUI stays alive (progress
    dialog included), and return its result or raise its error — for the few steps that must
    finish before anything else can happen (loading the demo office at first start)."""
    from PySide6.QtCore import QEventLoop

    outcome: dict = {}
    loop = QEventLoop()

    def done(result) -> None:
        outcome["result"] = result
        loop.quit()

    def failed(exc: BaseException) -> None:
        outcome["error"] = exc
        loop.quit()

    ops.run(fn, on_done=done, on_error=failed, label=label, parent=parent, cancellable=False)
    if not outcome:
        loop.exec()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("result")
