"""The global exception hook: the traceback goes to logs/tdkt-errors.log, a Vietnamese dialog
shows, and the program goes on."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtCore import QObject, Signal

from ui import error_hook
from ui.error_hook import LOG_NAME, ErrorDialog


@pytest.fixture
def shown(monkeypatch):
    dialogs = []
    monkeypatch.setattr(ErrorDialog, "exec", lambda self: dialogs.append(self) or 0)
    return dialogs


@pytest.fixture
def hook(tmp_path, qtbot):
    installed = error_hook.install(lambda: tmp_path / "logs")
    yield installed
    installed.uninstall()


def _raise(message: str):
    try:
        raise RuntimeError(message)
    except RuntimeError:
        return sys.exc_info()


def test_install_sets_both_hooks_and_uninstall_restores(hook):
    assert sys.excepthook == hook.handle
    assert threading.excepthook == hook._thread_hook
    hook.uninstall()
    assert sys.excepthook is not hook.handle


def test_an_error_is_logged_and_shown_and_the_program_goes_on(hook, shown, tmp_path):
    hook.handle(*_raise("hỏng lần một"))
    log = tmp_path / "logs" / LOG_NAME
    text = log.read_text(encoding="utf-8")
    assert "RuntimeError: hỏng lần một" in text and "Traceback" in text and "TĐKT" in text
    assert len(shown) == 1
    dialog = shown[0]
    assert dialog.message.text().startswith("Đã xảy ra lỗi")
    assert str(log) in dialog.message.text()
    assert not dialog.details.isVisibleTo(dialog)
    dialog.toggle.setChecked(True)  # "Xem chi tiết" unfolds the traceback
    assert dialog.details.isVisibleTo(dialog) and dialog.toggle.text() == "Ẩn chi tiết"
    assert "hỏng lần một" in dialog.details.toPlainText()
    hook.handle(*_raise("hỏng lần hai"))  # still running: the next error is handled too
    assert len(shown) == 2
    assert log.read_text(encoding="utf-8").count("=== ") == 2


def test_an_error_in_a_worker_thread_reaches_the_gui(hook, shown, tmp_path, qtbot):
    def work():
        raise ValueError("lỗi trong luồng phụ")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert "ValueError: lỗi trong luồng phụ" in (tmp_path / "logs" / LOG_NAME).read_text(encoding="utf-8")


class Emitter(QObject):
    fired = Signal()


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_goes_through_the_hook(hook, shown, tmp_path):
    emitter = Emitter()

    def broken_slot():
        raise KeyError("ô trống")

    emitter.fired.connect(broken_slot)
    emitter.fired.emit()
    assert len(shown) == 1
    assert "KeyError" in (tmp_path / "logs" / LOG_NAME).read_text(encoding="utf-8")


def test_report_without_a_hook_re_raises(monkeypatch):
    monkeypatch.setattr(error_hook, "_current", None)
    with pytest.raises(RuntimeError):
        error_hook.report(RuntimeError("không có móc"))


def test_a_user_error_escaping_a_slot_shows_its_message_unlogged(hook, shown, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from app.errors import UserError

    boxes = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: boxes.append(self.text()) or 0)
    try:
        raise UserError("Chưa chọn hồ sơ nào.")
    except UserError:
        hook.handle(*sys.exc_info())
    assert boxes == ["Chưa chọn hồ sơ nào."]
    assert shown == []
    assert not (tmp_path / "logs" / LOG_NAME).exists()
