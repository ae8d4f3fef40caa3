"""Starting the program: a damaged or too-new data file gives a Vietnamese message and exit
code 2 (never a traceback); an empty file asks how to begin; --demo opens a throwaway demo."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtWidgets import QApplication

from app.database import has_office, open_database
from app.office import get_profile
from ui import launcher
from ui.main_window import MainWindow
from ui.ops import Ops
from ui.settings_dialog import SettingsDialog
from ui.start_dialog import DEMO, EMPTY, StartDialog


@pytest.fixture
def told(monkeypatch):
    messages = []
    monkeypatch.setattr(launcher, "tell", lambda text, *a, **kw: messages.append(text))
    return messages


@pytest.fixture
def no_event_loop(monkeypatch):
    """run() builds the window, then returns at once instead of waiting for the clerk."""
    windows = []
    monkeypatch.setattr(QApplication, "exec", lambda *a: 0)
    monkeypatch.setattr(MainWindow, "showMaximized", lambda self: windows.append(self))
    return windows


def test_a_file_that_is_not_a_database_exits_2_with_a_message(qtbot, tmp_path, told, capsys):
    bad = tmp_path / "bao-cao.db"
    bad.write_bytes(b"day khong phai co so du lieu" * 100)
    assert launcher.run(db=str(bad)) == 2
    assert len(told) == 1
    assert told[0].startswith("Không mở được dữ liệu.")
    assert "không phải tệp dữ liệu TĐKT" in told[0]
    err = capsys.readouterr().err
    assert "Traceback" not in err and "không phải tệp dữ liệu TĐKT" in err


def test_a_damaged_database_exits_2(qtbot, demo_path, told, capsys):
    data = bytearray(demo_path.read_bytes())
    data[4096:4096 * 40] = b"\x00" * (4096 * 39)  # wipe pages after the header
    demo_path.write_bytes(bytes(data))
    assert launcher.run(db=str(demo_path)) == 2
    assert told and "Traceback" not in capsys.readouterr().err


def test_a_file_from_a_newer_program_exits_2(qtbot, empty_template, tmp_path, told):
    newer = tmp_path / "moi-hon.db"
    newer.write_bytes(empty_template.read_bytes())
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    assert launcher.run(db=str(newer)) == 2
    assert "phiên bản TĐKT mới hơn" in told[0]


def test_demo_opens_a_throwaway_demo_office(qtbot, no_event_loop, told):
    assert launcher.run(demo=True) == 0
    assert told == []
    window = no_event_loop[0]
    assert window.windowTitle().startswith("TĐKT — Phòng Nội vụ")
    assert window.demo
    folder = window.db.path.parent
    assert folder.name.startswith("tdkt-mau-")
    assert not folder.exists()  # removed when the program ends


def test_an_empty_data_file_can_load_the_demo(qtbot, tmp_path, monkeypatch):
    def choose_demo(self):
        self.choice = DEMO
        return 1

    monkeypatch.setattr(StartDialog, "exec", choose_demo)
    db = open_database(tmp_path / "tdkt.db")
    try:
        assert not has_office(db)
        assert launcher.first_start(db, Ops(inline=True))
        assert has_office(db)
    finally:
        db.dispose()


def test_an_empty_data_file_can_start_empty_with_the_office_profile(qtbot, tmp_path, monkeypatch):
    def choose_empty(self):
        self.choice = EMPTY
        return 1

    def type_profile(self):
        self.fields["office_name"].setText("Phòng Văn hóa - Xã hội")
        self.fields["authority_name"].setText("Ủy ban nhân dân xã Bình Lư")
        self.fields["place_name"].setText("Bình Lư")
        self.accept()
        return self.result()

    monkeypatch.setattr(StartDialog, "exec", choose_empty)
    monkeypatch.setattr(SettingsDialog, "exec", type_profile)
    db = open_database(tmp_path / "tdkt.db")
    try:
        assert launcher.first_start(db, Ops(inline=True))
        with db.session() as s:
            assert get_profile(s).office_name == "Phòng Văn hóa - Xã hội"
    finally:
        db.dispose()


def test_quitting_the_first_start_dialog_ends_quietly(qtbot, tmp_path, monkeypatch, no_event_loop):
    monkeypatch.setattr(StartDialog, "exec", lambda self: 0)
    assert launcher.run(db=str(tmp_path / "moi.db")) == 0
    assert no_event_loop == []


def test_without_db_the_users_data_file_opens(qtbot, monkeypatch, no_event_loop):
    from app import config

    def choose_demo(self):
        self.choice = DEMO
        return 1

    monkeypatch.setattr(StartDialog, "exec", choose_demo)
    assert launcher.run() == 0
    window = no_event_loop[0]
    assert window.db.path == config.default_db_path().resolve()
    assert window.statusBar().findChildren(type(window.file_label))[0].text().endswith("tdkt.db")
