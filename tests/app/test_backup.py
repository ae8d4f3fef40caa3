"""Backups: a zip with a consistent snapshot, the attachments and a manifest; listing and
retention; the daily backup; backup then restore gives the same database table by table."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from app import backup
from app.errors import FileProblem, UserError
from db import backup as sqlite_backup
from db.models import OfficeProfile, Unit


def _add_unit(db, code="UBND-X", name="UBND xã Bình Lư"):
    with db.session() as s:
        s.add(Unit(code=code, name=name, kind="commune"))


def test_backup_now_writes_a_zip_with_snapshot_files_and_manifest(db, tmp_path):
    _add_unit(db)
    files = db.path.parent / "files"
    (files / "ab").mkdir(parents=True)
    (files / "ab" / "abcdef.xlsx").write_bytes(b"workbook bytes")
    path = backup.backup_now(db, "import")
    assert path.parent == db.path.parent / "backups"
    assert path.name.endswith("-import.zip")
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        manifest = json.loads(zf.read("manifest.json"))
        assert zf.read("files/ab/abcdef.xlsx") == b"workbook bytes"
        zf.extract("tdkt.db", tmp_path / "out")
    assert "tdkt.db" in names
    assert manifest["reason"] == "import" and manifest["files"] == 1
    assert manifest["counts"]["units"] == 1
    assert sqlite_backup.integrity(tmp_path / "out" / "tdkt.db") == "ok"


def test_backup_sees_the_last_commit_of_a_live_database(db, tmp_path):
    """The snapshot includes what is still in the WAL file of an open connection."""
    _add_unit(db)
    with db.engine.connect():  # keep a connection open so the WAL is not checkpointed
        path = backup.backup_now(db, "manual")
    with zipfile.ZipFile(path) as zf:
        zf.extract("tdkt.db", tmp_path / "out")
    rows = sqlite_backup.table_rows(tmp_path / "out" / "tdkt.db")["units"]
    assert len(rows) == 1 and "UBND xã Bình Lư" in rows[0]


def test_free_text_reason_is_kept_and_listed(db):
    path = backup.backup_now(db, "Trước khi nhập tệp Excel của xã")
    info = backup.list_backups(path.parent)[0]
    assert info.reason == "event" and info.reason_label == "event"
    assert json.loads(zipfile.ZipFile(path).read("manifest.json"))["reason_text"].startswith("Trước khi")


def test_list_backups_newest_first_with_reason_and_size(db):
    first = backup.backup_now(db, "manual")
    second = backup.backup_now(db, "import")
    listed = backup.list_backups(first.parent)
    assert [b.path for b in listed] == [second, first] or listed[0].created_at >= listed[1].created_at
    assert {b.reason_label for b in listed} == {"Sao lưu theo yêu cầu", "Trước khi nhập dữ liệu"}
    assert all(b.size == b.path.stat().st_size > 0 for b in listed)


def test_a_foreign_or_broken_zip_is_not_listed_and_not_readable(tmp_path):
    (tmp_path / "other.zip").write_bytes(b"not a zip")
    with zipfile.ZipFile(tmp_path / "photos.zip", "w") as zf:
        zf.writestr("a.jpg", b"x")
    assert backup.list_backups(tmp_path) == []
    with pytest.raises(FileProblem, match="không phải bản sao lưu"):
        backup.read_backup(tmp_path / "photos.zip")


def test_retention_keeps_14_daily_and_10_per_event_reason(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    start = dt.datetime(2025, 1, 1, 8, 0, 0)
    for i in range(20):
        stamp = (start + dt.timedelta(days=i)).strftime("%Y%m%d-%H%M%S")
        (folder / f"tdkt-{stamp}-daily.zip").write_bytes(b"x")
        (folder / f"tdkt-{stamp}-import.zip").write_bytes(b"x")
    (folder / "my-own-copy.zip").write_bytes(b"x")
    removed = backup.prune(folder)
    assert len(removed) == 6 + 10
    daily = sorted(p.name for p in folder.glob("*-daily.zip"))
    assert len(daily) == 14 and daily[0] == "tdkt-20250107-080000-daily.zip"
    assert len(list(folder.glob("*-import.zip"))) == 10
    assert (folder / "my-own-copy.zip").exists()


def test_daily_backup_once_per_day(db):
    today = dt.date.today()
    first = backup.daily_backup_if_due(db.path, today)
    assert first is not None and first.name.endswith("-daily.zip")
    assert backup.daily_backup_if_due(db.path, today) is None
    assert len(list(first.parent.glob("*-daily.zip"))) == 1


def test_backup_to_a_chosen_folder_is_not_pruned(db, tmp_path):
    usb = tmp_path / "usb"
    paths = [backup.backup_file(db.path, "manual", target_dir=usb) for _ in range(12)]
    assert all(p.exists() for p in paths)
    assert len(backup.list_backups(usb)) == 12


def test_backup_of_a_missing_file_says_so(tmp_path):
    with pytest.raises(FileProblem, match="Không tìm thấy"):
        backup.backup_file(tmp_path / "none.db", "manual")


def test_backup_now_refuses_a_server_database(db):
    class Server:
        path = None

    with pytest.raises(UserError, match="máy chủ"):
        backup.backup_now(Server(), "manual")


def test_profile_row_survives_the_snapshot(db, tmp_path):
    with db.session() as s:
        s.add(OfficeProfile(id=1, office_name="Phòng Nội vụ", authority_name="UBND huyện Tam Đường",
                            place_name="Tam Đường"))
    path = backup.backup_now(db, "manual")
    with zipfile.ZipFile(path) as zf:
        zf.extract("tdkt.db", tmp_path / "o")
    from app.database import open_database

    copy = open_database(tmp_path / "o" / "tdkt.db")
    with copy.session() as s:
        assert s.scalar(select(OfficeProfile.place_name)) == "Tam Đường"
    copy.dispose()
    assert Path(path).stat().st_size > 0
