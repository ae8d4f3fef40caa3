"""The start-up steps the clerk sees: the file in use elsewhere, a damaged file (offer the
newest good backup instead of crashing), signing in when accounts are on; then, once the
window shows, the day's first backup in the background.

The steps themselves are app.startup.open_for_work; this module only asks and tells.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from app.backup import daily_backup_if_due
from app.lock import FileInUse
from app.startup import DamagedFile, Workplace, open_for_work
from ui.backup_dialog import ask, offer_backup_for_damaged


def _tell(text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, "TĐKT", text)
    box.addButton("Đóng", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def _sign_in(place: Workplace, path: Path) -> bool:
    from ui.login_dialog import LoginDialog

    return bool(LoginDialog(place.db, place=str(path)).exec())


def open_checked(path: Path, parent: QWidget | None = None, *,
                 tell: Callable[[str], None] = _tell,
                 ask_fn: Callable[[str], bool] | None = None,
                 sign_in: Callable[[Workplace, Path], bool] = _sign_in) -> Workplace | None:
    """Lock, check, open and sign in; None when the clerk chose to stop. A damaged file with
    no backup to offer (or the offer refused) raises DamagedFile for the caller to report."""
    ask_fn = ask_fn or (lambda text: ask(parent, "Tệp dữ liệu đang được dùng", text,
                                         "Vẫn mở trên máy này", "Thoát"))
    force = False
    offered = False
    while True:
        try:
            place = open_for_work(path, force_lock=force)
        except FileInUse as exc:
            if exc.owner.same_host:
                tell(exc.message)
                return None
            # Another PC: it may have lost power with the file open; the clerk knows, we cannot.
            if not ask_fn(exc.message + "\n\nNếu chắc chắn chương trình trên máy đó đã tắt (ví dụ "
                                        "máy bị mất điện), có thể tiếp tục mở trên máy này."):
                return None
            force = True
            continue
        except DamagedFile as exc:
            if not offered and offer_backup_for_damaged(exc, parent):
                offered = True
                continue
            raise
        if place.needs_sign_in and not sign_in(place, path):
            place.close()
            return None
        return place


def start_daily_backup(window) -> None:
    """The day's first backup, on the worker, once the window shows; never blocks the clerk."""
    path = window.db.path
    if getattr(window, "demo", False):
        return
    if path is None:  # the shared server: a logical dump into this PC's data folder
        from app.dump import daily_dump_if_due

        engine = window.db.engine
        window.ops.run(lambda: daily_dump_if_due(engine),
                       on_done=lambda target: target is not None and window.statusBar().showMessage(
                           f"Đã sao lưu máy chủ dữ liệu hằng ngày: {target.name}", 8000),
                       on_error=lambda exc: window.statusBar().showMessage(
                           f"Chưa sao lưu được máy chủ dữ liệu hằng ngày: {exc}", 15000))
        return

    def done(target) -> None:
        if target is not None:
            window.statusBar().showMessage(f"Đã sao lưu dữ liệu hằng ngày: {target.name}", 8000)

    def failed(exc: BaseException) -> None:
        window.statusBar().showMessage(f"Chưa sao lưu được hằng ngày: {exc}", 15000)

    # Aside: the screens' first loads must not wait seconds behind it.
    window.ops.run(lambda: daily_backup_if_due(Path(path)), on_done=done, on_error=failed, aside=True)
