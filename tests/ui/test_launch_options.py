"""What the packaged program relies on at start-up: `--quit-after N` (its smoke test) opens the
main window, says so on stdout and closes with exit 0; every window carries the program's icon."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSize
from PySide6.QtWidgets import QApplication

from ui import launcher
from ui.about_dialog import AboutDialog
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
OPENED = re.compile(r"^Cửa sổ chính đã mở: (\d+) thẻ$", re.MULTILINE)


def test_quit_after_announces_the_window_and_closes_with_exit_0(qtbot, monkeypatch, capsys):
    # The application's own loop stands in for app.exec(): a real quit() of the test process's
    # QApplication would leave later event loops of the suite returning at once.
    shown, loop = [], QEventLoop()
    real_show = MainWindow.showMaximized
    monkeypatch.setattr(MainWindow, "showMaximized", lambda self: shown.append(self) or real_show(self))
    monkeypatch.setattr(QApplication, "exec", lambda *a: loop.exec())
    monkeypatch.setattr(QApplication, "quit", lambda *a: loop.exit(0))
    started = time.monotonic()
    assert launcher.run(demo=True, quit_after=0.5) == 0
    out = capsys.readouterr().out
    found = OPENED.search(out)
    assert found, out
    assert int(found.group(1)) == shown[0].tabs.count() > 5
    assert time.monotonic() - started >= 0.5  # it waited as told before quitting
    assert not shown[0].db.path.parent.exists()  # the throwaway demo folder is gone


def test_the_tdkt_command_opens_the_demo_and_quits(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TDKT_DATA_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "app", "--demo", "--quit-after", "0.5"],
                            capture_output=True, text=True, encoding="utf-8", env=env,
                            cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    assert OPENED.search(result.stdout), result.stdout
    assert "Traceback" not in result.stderr


def test_the_option_is_kept_out_of_the_help(tmp_path):
    result = subprocess.run([sys.executable, "-m", "app", "--help"], capture_output=True,
                            text=True, encoding="utf-8", cwd=ROOT, timeout=120)
    assert result.returncode == 0
    assert "--demo" in result.stdout and "--quit-after" not in result.stdout


def test_windows_and_dialogs_carry_the_program_icon(qtbot):
    app = launcher.application()
    icon = app.windowIcon()
    assert not icon.isNull()
    sizes = {(s.width(), s.height()) for s in icon.availableSizes()}
    assert {(256, 256), (64, 64)} <= sizes
    dialog = AboutDialog("tdkt.db")
    qtbot.addWidget(dialog)
    # A dialog without its own icon shows the application's.
    assert dialog.windowIcon().pixmap(QSize(32, 32)).toImage() == icon.pixmap(QSize(32, 32)).toImage()
    assert QApplication.instance() is app


def test_a_bad_number_of_seconds_exits_2_in_vietnamese():
    result = subprocess.run([sys.executable, "-m", "app", "--demo", "--quit-after", "hai"],
                            capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120)
    assert result.returncode == 2
    assert "--quit-after: không phải số" in result.stderr and "invalid" not in result.stderr
