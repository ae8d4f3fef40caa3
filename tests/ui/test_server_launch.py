"""Starting the program on the office's shared server: --db URL or the server chosen in the
settings; an unreachable server is said plainly (exit 2, no traceback); the password dialog."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.server import set_configured_server
from ui import launcher
from ui.main_window import MainWindow
from ui.password_dialog import PasswordDialog, prompt


@pytest.fixture
def told(monkeypatch):
    messages = []
    monkeypatch.setattr(launcher, "tell", lambda text, *a, **kw: messages.append(text))
    return messages


@pytest.fixture
def shown(monkeypatch):
    windows = []
    monkeypatch.setattr(QApplication, "exec", lambda *a: 0)
    for name in ("showMaximized", "show_restored"):
        monkeypatch.setattr(MainWindow, name, lambda self: windows.append(self), raising=False)
    return windows


def test_an_unreachable_server_exits_2_with_a_plain_message(qtbot, told, capsys):
    assert launcher.run(db="postgresql://tdkt@127.0.0.1:9/tdkt") == 2
    assert "Không kết nối được máy chủ dữ liệu postgresql://tdkt@127.0.0.1:9/tdkt" in told[0]
    assert "Traceback" not in capsys.readouterr().err


def test_the_server_chosen_in_the_settings_opens_without_db(qtbot, told):
    set_configured_server("postgresql://tdkt@127.0.0.1:9/tdkt")
    assert launcher.run() == 2
    assert "127.0.0.1:9/tdkt" in told[0]


@pytest.mark.pg_only
def test_the_program_opens_on_a_server_url(qtbot, demo_db, shown, told):
    url = demo_db.engine.url.render_as_string(hide_password=False)
    assert launcher.run(db=url) == 0, told
    window = shown[0]
    assert window.db.path is None and window.db.engine.url.database == demo_db.engine.url.database
    assert window.windowTitle().startswith("TĐKT — Phòng Nội vụ")


def test_the_password_dialog_returns_the_password_and_the_keyring_choice(qtbot):
    dialog = PasswordDialog("postgresql://ha@may-chu/tdkt", "ha", 2)
    qtbot.addWidget(dialog)

    def type_and_accept():
        dialog.password.setText("Mật khẩu 2025!")
        dialog.remember.setChecked(True)
        dialog.accept()

    QTimer.singleShot(0, type_and_accept)
    assert dialog.answer() == ("Mật khẩu 2025!", True)
    answers = []
    worker = threading.Thread(target=lambda: answers.append(prompt("x", "ha", 1)))
    worker.start()
    worker.join()
    assert answers == [None]  # never a dialog from the database worker thread
