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
from app.errors import FileProblem
from app.restore import describe_restore, newest_good_backup, restore_backup
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


def test_backup_now_on_a_server_database_writes_a_logical_dump(db, tmp_path, monkeypatch):
    """A server has no data file to snapshot: backup_now dumps it (here, the SQLite engine
    stands in for the server, and the dumps folder is redirected)."""
    from app import dump

    monkeypatch.setattr(dump, "dumps_folder", lambda _engine: tmp_path / "dumps")

    class Server:
        path = None
        engine = db.engine

    path = backup.backup_now(Server(), "import")
    assert path.parent == tmp_path / "dumps" and dump.is_dump(path)
    assert dump.read_dump(path)[0].reason == "import"


def test_profile_row_survives_the_snapshot(db, tmp_path):
    with db.session() as s:
        s.add(OfficeProfile(id=1, office_name="Phòng Nội vụ", authority_name="UBND huyện Tam Đường", level="huyen",
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


# --- restore -------------------------------------------------------------------------------


def _fill(db, n=30):
    with db.session() as s:
        for i in range(n):
            s.add(Unit(code=f"U{i:03d}", name=f"Đơn vị {i} — xã Sơn Bình", kind="commune"))


def test_backup_then_restore_gives_an_identical_database_table_by_table(db, tmp_path):
    _fill(db)
    files = db.path.parent / "files"
    files.mkdir(exist_ok=True)
    (files / "hs-2025.pdf").write_bytes(b"%PDF scan")
    before = sqlite_backup.table_rows(db.path)
    saved = backup.backup_now(db, "manual")
    # Change everything after the backup: rows, and the attachments folder.
    with db.session() as s:
        s.query(Unit).filter(Unit.code < "U010").delete()
        s.add(Unit(code="NEW", name="Đơn vị thêm sau", kind="school"))
    (files / "hs-2025.pdf").unlink()
    (files / "later.pdf").write_bytes(b"later")
    db.dispose()
    result = restore_backup(db.path, saved)
    assert sqlite_backup.table_rows(db.path) == before
    assert (files / "hs-2025.pdf").read_bytes() == b"%PDF scan"
    assert not (files / "later.pdf").exists()
    assert result.files_restored == 1
    # The state before the restore was kept, so the restore can be undone.
    assert result.safety_backup is not None and result.safety_backup.name.endswith("-restore.zip")
    restore_backup(db.path, result.safety_backup)
    with db.session() as s:
        assert s.scalar(select(Unit.name).where(Unit.code == "NEW")) == "Đơn vị thêm sau"
    assert (files / "later.pdf").exists()


def test_restore_confirmation_says_what_is_replaced(db):
    _fill(db, 3)
    saved = backup.backup_now(db, "daily")
    text = describe_restore(db.path, backup.read_backup(saved))
    assert str(db.path) in text and "THAY THẾ" in text and "3 đơn vị" in text
    assert "Hằng ngày" in text and "hoàn tác" in text


def test_restore_refuses_a_damaged_backup_and_changes_nothing(db, tmp_path):
    _fill(db, 2)
    saved = backup.backup_now(db, "manual")
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(bad, "w") as dst:
        dst.writestr("manifest.json", src.read("manifest.json"))
        raw = bytearray(src.read("tdkt.db"))
        raw[4096:8192] = b"\xff" * 4096  # wreck the second page
        dst.writestr("tdkt.db", bytes(raw))
    before = sqlite_backup.table_rows(db.path)
    db.dispose()
    with pytest.raises(FileProblem):
        restore_backup(db.path, bad)
    assert sqlite_backup.table_rows(db.path) == before


def test_restore_refuses_a_backup_from_a_newer_program(db, tmp_path):
    import sqlite3

    from app.errors import DatabaseProblem

    saved = backup.backup_now(db, "manual")
    newer = tmp_path / "newer.zip"
    with zipfile.ZipFile(saved) as src:
        src.extract("tdkt.db", tmp_path / "x")
        manifest = src.read("manifest.json")
    conn = sqlite3.connect(tmp_path / "x" / "tdkt.db")
    conn.execute("UPDATE alembic_version SET version_num = '9999zz'")
    conn.commit()
    conn.close()
    with zipfile.ZipFile(newer, "w") as dst:
        dst.writestr("manifest.json", manifest)
        dst.write(tmp_path / "x" / "tdkt.db", "tdkt.db")
    db.dispose()
    with pytest.raises(DatabaseProblem, match="mới hơn"):
        restore_backup(db.path, newer)


def test_restore_ignores_attachment_entries_that_climb_out(db, tmp_path):
    saved = backup.backup_now(db, "manual")
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(evil, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, src.read(name))
        dst.writestr("files/../../escaped.txt", b"x")
        dst.writestr("files/ok/inner.txt", b"y")
    db.dispose()
    result = restore_backup(db.path, evil)
    assert result.files_restored == 1
    assert not (db.path.parent.parent / "escaped.txt").exists()
    assert (db.path.parent / "files" / "ok" / "inner.txt").read_bytes() == b"y"


def test_damaged_data_file_is_kept_and_replaced_by_newest_good_backup(db):
    _fill(db, 5)
    backup.backup_now(db, "daily")
    good = sqlite_backup.table_rows(db.path)
    db.dispose()
    for suffix in ("-wal", "-shm"):
        db.path.with_name(db.path.name + suffix).unlink(missing_ok=True)
    raw = bytearray(db.path.read_bytes())
    raw[100:4096 * 3] = b"\x00" * (4096 * 3 - 100)
    db.path.write_bytes(bytes(raw))
    assert sqlite_backup.integrity(db.path) != "ok"
    info = newest_good_backup(db.path)
    assert info is not None and info.reason == "daily"
    result = restore_backup(db.path, info.path)
    assert result.safety_backup.name.endswith("-damaged.zip")
    with zipfile.ZipFile(result.safety_backup) as zf:
        assert zf.read(f"damaged/{db.path.name}") == bytes(raw)
    assert sqlite_backup.integrity(db.path) == "ok"
    assert sqlite_backup.table_rows(db.path) == good


def test_many_backups_in_one_second_keep_the_newest(tmp_path, db):
    """Found by the hostile-input fuzzing: names with a same-second counter must age right."""
    folder = tmp_path / "b"
    folder.mkdir()
    for n in ["", "-2", "-3", "-10", "-11", "-12"]:
        (folder / f"tdkt-20250101-080000{n}-import.zip").write_bytes(b"x")
    backup.prune(folder, keep_event=2)
    assert sorted(p.name for p in folder.iterdir()) == ["tdkt-20250101-080000-11-import.zip",
                                                        "tdkt-20250101-080000-12-import.zip"]
