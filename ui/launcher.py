"""Starting the GUI: the Qt application, the exception hook, which data file to open, and the
main window. `app/cli.py` calls `run(db=..., demo=..., quit_after=...)` and exits with what it
returns.

- `demo=True`: a fresh demo office in a temporary folder, removed at exit.
- a path: that data file; none: the one in the user's data folder. A file without an office
  yet asks whether to start empty (then the office profile) or load the demo office.
- A damaged or too-new file gives a Vietnamese message and exit code 2, never a traceback.
- `quit_after=N` (the packaged program's smoke test): once the main window shows, print
  "Cửa sổ chính đã mở: <n> thẻ" on stdout and close after N seconds with exit code 0.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app import config
from app.database import Database, has_office, open_database
from app.errors import UserError
from app.resources import resource_path
from app.startup import Workplace
from ui import error_hook, qt_vi
from ui.ops import Ops, run_and_wait
from ui.start_dialog import DEMO, EMPTY, StartDialog
from ui.startup_flow import open_checked, start_daily_backup

EXIT_OK = 0


@dataclass
class _State:
    """What the exception hook needs to know as start-up goes on."""

    log_dir: Path | None = None
    window: QWidget | None = None
    place: Workplace | None = None  # the opened data file and its lock (one writer)


def program_icon() -> QIcon:
    """The program's icon, drawn by packaging/make_icon.py (a small size too, for title bars)."""
    icon = QIcon()
    for name in ("tdkt.png", "tdkt-64.png"):
        icon.addFile(str(resource_path("icons", name)))
    return icon


def application() -> QApplication:
    """The one QApplication, named, in Vietnamese."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("TĐKT")
    app.setApplicationDisplayName("TĐKT")
    app.setOrganizationName("TDKT")
    if not app.property("tdkt_icon"):
        # Every window and dialog inherits it (the title bar, the taskbar on Windows).
        app.setWindowIcon(program_icon())
        app.setProperty("tdkt_icon", True)
    if not app.property("tdkt_vi"):
        qt_vi.install(app)
        app.setProperty("tdkt_vi", True)
    return app


def tell(text: str, title: str = "TĐKT", parent: QWidget | None = None) -> None:
    """A blocking message box (tests replace it)."""
    box = QMessageBox(QMessageBox.Icon.Critical, title, text, parent=parent)
    box.addButton("Đóng", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def write_demo_into(db: Database, ops: Ops, parent: QWidget | None = None) -> None:
    from app.demo import write_demo

    run_and_wait(ops, lambda progress, should_cancel: write_demo(db, progress=progress),
                 label="Đang nạp dữ liệu mẫu huyện Tam Đường…", parent=parent)


def first_start(db: Database, ops: Ops) -> bool:
    """An empty data file: the clerk chooses how to begin. False when they quit."""
    from ui.settings_dialog import SettingsDialog

    while True:
        start = StartDialog(str(db.path or db.url))
        if not start.exec() or start.choice is None:
            return False
        if start.choice == DEMO:
            write_demo_into(db, ops, start)
            return True
        if start.choice == EMPTY and SettingsDialog(db, profile_only=True).exec():
            return True


def open_data(db: str | None, demo: bool, ops: Ops, state: _State) -> tuple[Database | None, Path | None]:
    """The data file to work on (None: the clerk quit), and a temporary folder to remove."""
    if demo:
        folder = Path(tempfile.mkdtemp(prefix="tdkt-mau-"))
        database = open_database(folder / "tdkt-mau.db")
        write_demo_into(database, ops)
        return database, folder
    from app.server import db_target, is_server

    path = db_target(db)  # a data file, or the office's shared server (--db URL, or Settings)
    state.log_dir = config.logs_dir(None if is_server(path) else path)
    # Lock, integrity check (a damaged file offers its newest good backup), sign-in.
    state.place = open_checked(path)
    if state.place is None:
        return None, None
    database = state.place.db
    if not has_office(database) and not first_start(database, ops):
        database.dispose()
        return None, None
    return database, None


def announce_and_quit(app: QApplication, window: QWidget, seconds: float) -> None:
    """The smoke test's proof that the window came up, then a clean close."""
    tabs = getattr(window, "tabs", None)
    sys.stdout.write(f"Cửa sổ chính đã mở: {tabs.count() if tabs is not None else 0} thẻ\n")
    sys.stdout.flush()
    QTimer.singleShot(max(0, int(seconds * 1000)), app.quit)


def run(db: str | None = None, demo: bool = False, quit_after: float | None = None) -> int:
    """Open the program; returns the process exit code."""
    from ui.main_window import MainWindow

    app = application()
    state = _State(log_dir=config.logs_dir())
    hook = error_hook.install(lambda: state.log_dir or config.logs_dir(), lambda: state.window)
    from db.server import set_password_prompt
    from ui.password_dialog import prompt

    set_password_prompt(prompt)  # a shared server's password is asked in a dialog
    ops = Ops(app)
    database, temp = None, None
    try:
        try:
            database, temp = open_data(db, demo, ops, state)
        except UserError as exc:
            sys.stderr.write(exc.message.replace("\n", " ") + "\n")
            tell(f"Không mở được dữ liệu.\n\n{exc.message}")
            return exc.exit_code
        if database is None:
            return EXIT_OK
        window = MainWindow(database, ops, demo=demo)
        state.window = window
        window.show_restored()  # as it was left; maximized the first time
        if not demo:
            start_daily_backup(window)  # the day's first backup, in the background
        if quit_after is not None:
            announce_and_quit(app, window, quit_after)
        return app.exec()
    finally:
        ops.shutdown()
        if database is not None:
            database.dispose()
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
        if state.place is not None:
            state.place.lock.release()
        hook.uninstall()
