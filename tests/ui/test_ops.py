"""Background work: results on the GUI thread, progress and cancel, failures shown in
Vietnamese, and an inline mode for tests."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QPushButton

from app.errors import UserError
from ui import error_hook
from ui.error_hook import ErrorDialog
from ui.ops import SHOW_AFTER_MS, Ops, run_and_wait


@pytest.fixture
def worker(qtbot):
    ops = Ops()
    yield ops
    ops.shutdown()


def test_inline_runs_at_once_and_passes_progress_when_labelled(qtbot):
    ops = Ops(inline=True)
    got = []
    ops.run(lambda: 41 + 1, on_done=got.append)
    assert got == [42]
    steps = []

    def job(progress, should_cancel):
        progress(1, 2)
        steps.append(should_cancel())
        return "xong"

    handle = ops.run(job, on_done=got.append, label="Đang làm…")
    assert got == [42, "xong"] and steps == [False] and (handle.done, handle.total) == (1, 2)


def test_background_result_arrives_on_the_gui_thread(worker, qtbot):
    seen = {}
    worker.run(lambda: threading.current_thread().name,
               on_done=lambda name: seen.update(worker=name, gui=threading.current_thread()))
    qtbot.waitUntil(lambda: "worker" in seen)
    assert seen["worker"].startswith("tdkt-db")
    assert seen["gui"] is threading.main_thread()
    assert worker.pending == 0


def test_one_worker_keeps_jobs_in_order(worker, qtbot):
    order = []
    for i in range(5):
        worker.run(lambda i=i: (time.sleep(0.01), i)[1], on_done=order.append)
    qtbot.waitUntil(lambda: len(order) == 5)
    assert order == [0, 1, 2, 3, 4]


def test_user_error_shows_its_message(worker, qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)

    def refuse():
        raise UserError("Hồ sơ HS-2025-0001 đã có quyết định, không sửa được.")

    worker.run(refuse)
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert shown == ["Hồ sơ HS-2025-0001 đã có quyết định, không sửa được."]


def test_on_error_receives_the_failure(qtbot):
    errors = []
    Ops(inline=True).run(lambda: 1 / 0, on_error=errors.append)
    assert isinstance(errors[0], ZeroDivisionError)


def test_unexpected_failure_goes_to_the_error_dialog(qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(ErrorDialog, "exec", lambda self: shown.append(self) or 0)
    hook = error_hook.install(lambda: tmp_path)
    try:
        Ops(inline=True).run(lambda: {}["khóa"])
    finally:
        hook.uninstall()
    assert len(shown) == 1
    assert "KeyError" in (tmp_path / error_hook.LOG_NAME).read_text(encoding="utf-8")


def test_progress_dialog_appears_late_and_cancel_stops_the_job(worker, qtbot):
    release = threading.Event()
    result = []

    def long_job(progress, should_cancel):
        for i in range(1000):
            progress(i, 1000)
            if should_cancel():
                return "đã dừng"
            release.wait(0.01)
        return "xong"

    handle = worker.run(long_job, label="Đang nhập tệp…", on_done=result.append)
    qtbot.wait(SHOW_AFTER_MS // 3)
    assert visible_progress() == []  # not at once: short jobs never flash a dialog
    progress = worker_dialog(qtbot)
    assert progress.labelText() == "Đang nhập tệp…"
    qtbot.waitUntil(lambda: progress.maximum() == 1000)
    cancel = progress.findChild(QPushButton)
    assert cancel.text() == "Hủy"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: result == ["đã dừng"])
    assert handle.cancelled
    qtbot.waitUntil(lambda: visible_progress() == [])  # closed (and deleted) at the end


def visible_progress() -> list[QProgressDialog]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QProgressDialog) and w.isVisible()]


def worker_dialog(qtbot) -> QProgressDialog:
    qtbot.waitUntil(lambda: len(visible_progress()) == 1, timeout=SHOW_AFTER_MS * 4)
    return visible_progress()[0]


def test_quick_job_never_shows_a_dialog(worker, qtbot):
    done = []
    worker.run(lambda progress, should_cancel: "nhanh", label="Đang làm…", on_done=done.append)
    qtbot.waitUntil(lambda: len(done) == 1)
    qtbot.wait(SHOW_AFTER_MS + 100)
    assert visible_progress() == []


def test_run_and_wait_returns_or_raises(worker, qtbot):
    assert run_and_wait(worker, lambda progress, should_cancel: "kết quả", label="…") == "kết quả"
    with pytest.raises(UserError):
        run_and_wait(worker, lambda progress, should_cancel: (_ for _ in ()).throw(UserError("không")),
                     label="…")


def test_housekeeping_aside_never_holds_up_the_screens(worker, qtbot):
    release = threading.Event()
    done = []
    worker.run(lambda: (release.wait(10), threading.current_thread().name)[1],
               on_done=lambda name: done.append(("aside", name)), aside=True)
    worker.run(lambda: "rows", on_done=lambda rows: done.append(("load", rows)))
    qtbot.waitUntil(lambda: ("load", "rows") in done, timeout=3000)  # while the backup still runs
    assert [d[0] for d in done] == ["load"]
    release.set()
    qtbot.waitUntil(lambda: len(done) == 2, timeout=3000)
    assert done[1][0] == "aside" and done[1][1].startswith("tdkt-aside")
    assert worker.pending == 0


def test_shutdown_lets_a_running_aside_job_finish(qtbot):
    ops = Ops()
    finished = threading.Event()
    ops.run(lambda: (time.sleep(0.3), finished.set()), aside=True)
    ops.shutdown()
    assert finished.is_set()
