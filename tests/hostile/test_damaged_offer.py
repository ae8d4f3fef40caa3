"""Tester's report t18, severe 1 and 2: the backup offered for a damaged data file.

1. With accounts on, the window's "Tệp dữ liệu bị hỏng" box restores only after a head of office
   signs in (the command line's rule); a clerk is refused and nothing is restored. When the
   damaged file's own accounts cannot be read, those of the backup decide.
2. Only a backup of that same data file is offered (its manifest's source path and the file's
   id), never one of another office's file lying in the same backups folder.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hostile_kit import CLERK, HEAD, as_user, assert_clean, copy_db, damage, run_tdkt, snapshot  # noqa: E402


def backup_file(path: Path, reason: str) -> Path:
    from app.backup import backup_file as take

    return take(path, reason)


def _damaged_error(path: Path):
    from app.startup import DamagedFile, check_file

    try:
        check_file(path)
    except DamagedFile as exc:
        return exc
    raise AssertionError("the file should be damaged")


def _smash_table(path: Path, table: str) -> None:
    """Garbage over a table's root page: SQLite cannot read that table any more."""
    conn = sqlite3.connect(str(path))
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    finally:
        conn.close()
    with open(path, "r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(bytes((i * 91 + 7) % 256 for i in range(page_size)))


def _fill_login(username: str, password: str, seen: list) -> None:
    """Answer the sign-in dialog when it shows (modal: exec() runs its own loop)."""
    def answer():
        dialog = QApplication.activeModalWidget()
        if dialog is None or not hasattr(dialog, "username"):
            QTimer.singleShot(50, answer)
            return
        seen.append(dialog.windowTitle())
        dialog.username.setText(username)
        dialog.password.setText(password)
        dialog.ok.click()
        seen.append(dialog.message.text())
        if dialog.isVisible():  # refused: the clerk gives up
            dialog.reject()
    QTimer.singleShot(50, answer)


def test_window_asks_a_head_to_sign_in_before_restoring_a_damaged_file(qtbot, accounts_office):
    from ui.backup_dialog import offer_backup_for_damaged

    backup_file(accounts_office, "manual")
    damage(accounts_office)
    error = _damaged_error(accounts_office)
    assert error.backup is not None
    before = snapshot(accounts_office.parent)

    seen: list = []
    _fill_login(*CLERK, seen)
    assert offer_backup_for_damaged(error, ask_fn=lambda _t: True) is False
    assert seen[0] == "Đăng nhập để khôi phục"
    assert seen[1] == f"Tài khoản «{CLERK[0]}» (Chuyên viên) không có quyền khôi phục dữ liệu từ bản sao lưu."
    assert snapshot(accounts_office.parent) == before  # nothing restored, nothing written

    seen.clear()
    _fill_login(HEAD[0], "sai-mat-khau", seen)
    assert offer_backup_for_damaged(error, ask_fn=lambda _t: True) is False
    assert seen[1] == "Sai tên đăng nhập hoặc mật khẩu."
    assert snapshot(accounts_office.parent) == before

    seen.clear()
    _fill_login(*HEAD, seen)
    assert offer_backup_for_damaged(error, ask_fn=lambda _t: True) is True
    assert run_tdkt("check", "--db", accounts_office).returncode == 0  # the backup is in place


def test_unreadable_accounts_are_taken_from_the_backup(qtbot, accounts_office):
    from app.restore_rights import accounts_for_restore
    from ui.backup_dialog import offer_backup_for_damaged

    backup_file(accounts_office, "manual")
    _smash_table(accounts_office, "users")
    _smash_table(accounts_office, "settings")
    error = _damaged_error(accounts_office)
    book = accounts_for_restore(accounts_office, error.backup.path)
    assert book is not None and book.where.startswith("bản sao lưu")
    before = snapshot(accounts_office.parent)

    seen: list = []
    _fill_login(*CLERK, seen)
    assert offer_backup_for_damaged(error, ask_fn=lambda _t: True) is False
    assert "không có quyền khôi phục" in seen[1]
    assert snapshot(accounts_office.parent) == before

    # The command line holds the same rule: no user, then a clerk, refused; the head restores.
    line = assert_clean(run_tdkt("restore", error.backup.path, "--yes", "--db", accounts_office), 1)
    assert "cần đăng nhập để khôi phục dữ liệu từ bản sao lưu" in line
    flags, env = as_user(CLERK)
    line = assert_clean(run_tdkt("restore", error.backup.path, "--yes", "--db", accounts_office, *flags,
                                 env=env))
    assert "không có quyền khôi phục" in line
    assert snapshot(accounts_office.parent) == before
    flags, env = as_user(HEAD)
    assert_clean(run_tdkt("restore", error.backup.path, "--yes", "--db", accounts_office, *flags, env=env), 0)


def test_another_files_backup_in_the_same_folder_is_never_offered(office, tmp_path):
    folder = office.parent
    other = copy_db(office, folder / "other.db")
    conn = sqlite3.connect(str(other))
    conn.execute("UPDATE office_profile SET office_name = 'Phòng Văn hóa – Xã hội xã Khác'")
    conn.commit()
    conn.close()
    assert run_tdkt("backup", "--db", other).returncode == 0
    theirs = max((folder / "backups").glob("*.zip"))
    damage(office)

    line = assert_clean(run_tdkt("report", "--year", "2025", "--db", office), 1)
    assert str(theirs) not in line and "Có thể khôi phục" not in line
    assert "Không tìm thấy bản sao lưu nào của chính tệp này" in line and str(folder / "backups") in line
    assert "database disk image" not in line and "***" not in line  # SQLite's English stays in the log
    assert _damaged_error(office).backup is None


def test_own_backup_is_found_after_the_folder_moved_but_not_a_copys(office, tmp_path):
    from app.restore import newest_good_backup

    assert run_tdkt("backup", "--db", office).returncode == 0
    moved = tmp_path / "da-chuyen"
    shutil.move(str(office.parent), str(moved))
    mine = moved / office.name
    found = newest_good_backup(mine)
    assert found is not None and found.source == str(office)  # same id, the old place is empty

    copy = copy_db(mine, moved / "ban-sao.db")  # a copy has the same id but its own place
    assert newest_good_backup(copy) is None
