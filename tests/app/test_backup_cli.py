"""`tdkt backup`, `tdkt restore` and the backups in `tdkt check`, run as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from db import backup as sqlite_backup


def tdkt(*args, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *map(str, args)], input=stdin,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def _add(path: Path, code: str) -> None:
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO units (code, name, short_name, kind, active, head_name, address, phone,"
                 " email, search_key, sort_order, notes, version, created_at) VALUES (?, ?, '', 'commune',"
                 " 1, '', '', '', '', '', 0, '', 1, CURRENT_TIMESTAMP)", (code, f"Xã {code}"))
    conn.commit()
    conn.close()


def test_backup_into_the_backups_folder_and_into_a_chosen_one(db, tmp_path):
    db.dispose()
    result = tdkt("backup", "--db", db.path)
    assert result.returncode == 0, result.stderr
    assert "Đã sao lưu" in result.stdout
    assert len(list((db.path.parent / "backups").glob("tdkt-*-manual.zip"))) == 1
    usb = tmp_path / "USB"
    result = tdkt("backup", "--db", db.path, "-o", usb)
    assert result.returncode == 0 and len(list(usb.glob("*.zip"))) == 1


def test_backup_defaults_to_the_users_data_file(db):
    default = Path(os.environ["TDKT_DATA_DIR"]) / "tdkt.db"
    db.dispose()
    default.parent.mkdir(parents=True, exist_ok=True)
    sqlite_backup.copy_database(db.path, default)
    result = tdkt("backup")
    assert result.returncode == 0, result.stderr
    assert list((default.parent / "backups").glob("*.zip"))


def test_backup_of_a_missing_file_exits_2(tmp_path):
    result = tdkt("backup", "--db", tmp_path / "none.db")
    assert result.returncode == 2 and "Không tìm thấy" in result.stderr


def test_check_lists_the_backups(db):
    db.dispose()
    tdkt("backup", "--db", db.path)
    data = json.loads(tdkt("check", "--db", db.path, "--json").stdout)
    assert data["healthy"] is True and len(data["backups"]) == 1
    assert data["backups"][0]["reason_label"] == "Sao lưu theo yêu cầu"
    assert data["backups"][0]["size"] > 0
    text = tdkt("check", "--db", db.path).stdout
    assert "Bản sao lưu (1, mới nhất trước):" in text


def test_restore_without_a_terminal_needs_yes(db):
    db.dispose()
    zip_path = Path(tdkt("backup", "--db", db.path).stdout.split(" vào ")[1].split(" (")[0])
    _add(db.path, "AFTER")
    before = sqlite_backup.table_rows(db.path)
    result = tdkt("restore", zip_path, "--db", db.path, stdin="")
    assert result.returncode == 1 and "--yes" in result.stderr
    assert sqlite_backup.table_rows(db.path) == before
    result = tdkt("restore", zip_path, "--db", db.path, "--yes")
    assert result.returncode == 0, result.stderr
    assert "hoàn tác bằng: tdkt restore" in result.stdout
    units = sqlite_backup.table_rows(db.path)["units"]
    assert not any("AFTER" in row for row in units)


def test_restore_refuses_while_the_program_has_the_file_open(db):
    db.dispose()
    zip_path = Path(tdkt("backup", "--db", db.path).stdout.split(" vào ")[1].split(" (")[0])
    _add(db.path, "KEEP")
    before = sqlite_backup.table_rows(db.path)
    other = subprocess.Popen([sys.executable, "-c",
                              "import sys,time; from app import lock; lock.acquire(sys.argv[1]);"
                              " print('ok', flush=True); time.sleep(30)", str(db.path)],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == "ok"
        result = tdkt("restore", zip_path, "--db", db.path, "--yes")
        assert result.returncode == 1 and "đang được mở" in result.stderr
    finally:
        other.kill()
        other.wait()
    assert sqlite_backup.table_rows(db.path) == before


def test_restore_of_something_that_is_not_a_backup_exits_2(db, tmp_path):
    fake = tmp_path / "anh.zip"
    fake.write_bytes(b"PK not really")
    result = tdkt("restore", fake, "--db", db.path, "--yes")
    assert result.returncode == 2 and "không phải bản sao lưu TĐKT" in result.stderr
