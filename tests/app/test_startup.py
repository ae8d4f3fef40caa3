"""Start-up: lock, quick check (damaged file → the newest good backup is offered), open."""

from __future__ import annotations

import pytest

from app import backup, lock, startup, users
from app.errors import DatabaseProblem


def test_open_for_work_locks_and_opens(db):
    db.dispose()
    place = startup.open_for_work(db.path)
    try:
        assert lock.read_owner(db.path) is not None and not place.needs_sign_in
        with place.db.session() as s:
            users.enable_users(s, "truong.phong", "Trưởng phòng", "matkhau-truong")
    finally:
        place.close()
    assert lock.read_owner(db.path) is None
    place = startup.open_for_work(db.path)
    assert place.needs_sign_in
    place.close()


def test_damaged_file_offers_the_newest_good_backup_and_releases_the_lock(db):
    backup.backup_now(db, "daily")
    db.dispose()
    for suffix in ("-wal", "-shm"):
        db.path.with_name(db.path.name + suffix).unlink(missing_ok=True)
    raw = bytearray(db.path.read_bytes())
    raw[200:8192] = b"\x13" * (8192 - 200)
    db.path.write_bytes(bytes(raw))
    with pytest.raises(startup.DamagedFile) as err:
        startup.open_for_work(db.path)
    assert "bị hỏng" in err.value.message and "Có thể khôi phục bản sao lưu" in err.value.message
    assert err.value.backup is not None and err.value.backup.reason == "daily"
    assert lock.read_owner(db.path) is None


def test_a_file_that_is_not_sqlite_is_a_wrong_file_without_backups(tmp_path):
    path = tmp_path / "tdkt.db"
    path.write_bytes(b"this is a word document" * 100)
    with pytest.raises(DatabaseProblem, match="không phải tệp dữ liệu TĐKT") as err:
        startup.open_for_work(path)
    assert not isinstance(err.value, startup.DamagedFile)


def test_a_data_file_whose_header_is_gone_is_damaged_when_backups_exist(db):
    backup.backup_now(db, "daily")
    db.dispose()
    raw = bytearray(db.path.read_bytes())
    raw[0:100] = b"\x00" * 100
    db.path.write_bytes(bytes(raw))
    with pytest.raises(startup.DamagedFile, match="Có thể khôi phục bản sao lưu") as err:
        startup.open_for_work(db.path)
    assert err.value.backup.reason == "daily"


def test_newer_schema_is_refused_not_called_damaged(db):
    import sqlite3

    db.dispose()
    conn = sqlite3.connect(db.path)
    conn.execute("UPDATE alembic_version SET version_num='0999'")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseProblem, match="mới hơn") as err:
        startup.open_for_work(db.path)
    assert not isinstance(err.value, startup.DamagedFile)
