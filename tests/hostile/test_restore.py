"""Issue 18, «Restore»: a restore checks the manifest's types, the tables and columns against the
schema, every row of a logical dump, and the unpacked size against the free space before
writing; it keeps the current file, damaged or not; a full disk never marks a healthy file
damaged; and every command it prints afterwards is one restore accepts."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hostile_kit import (  # noqa: E402
    assert_clean,
    copy_db,
    damage,
    fill_disk,
    logical_dump,
    rewrite_zip,
    run_tdkt,
    snapshot,
)


def _backup(db: Path) -> Path:
    result = run_tdkt("backup", "--db", db)
    assert result.returncode == 0, result.stderr
    return max((db.parent / "backups").glob("*-manual.zip"))


def _healthy(db: Path) -> bool:
    return run_tdkt("check", "--db", db).returncode == 0


def test_restoring_over_a_damaged_file_keeps_it_and_prints_only_commands_that_work(office, tmp_path):
    backups = {"logical": logical_dump(office, tmp_path / "dumps"), "file": _backup(office)}
    for kind, backup in backups.items():
        damage(office)
        damaged = office.read_bytes()
        result = run_tdkt("restore", backup, "--db", office, "--yes")
        assert_clean(result, 0)
        kept = max((office.parent / "backups").glob("*-damaged.zip"), key=lambda p: p.stat().st_mtime)
        with zipfile.ZipFile(kept) as zf:
            assert zf.read("damaged/tdkt.db") == damaged, kind  # the damaged file, kept as it was
            assert json.loads(zf.read("manifest.json"))["reason"] == "damaged"
        assert str(kept) in result.stdout, (kind, result.stdout)
        assert _healthy(office), kind
        for copy, target in re.findall(r'tdkt restore "([^"]+)" --db "([^"]+)"', result.stdout):
            assert_clean(run_tdkt("restore", copy, "--db", target, "--yes"), 0)


def test_a_backup_with_tables_missing_is_refused(office, tmp_path):
    good = _backup(office)

    def drop_votes(name: str, data: bytes) -> bytes:
        if name != "tdkt.db":
            return data
        work = tmp_path / "sua.db"
        work.write_bytes(data)
        conn = sqlite3.connect(work)
        conn.execute("DROP TABLE votes")
        conn.commit()
        conn.close()
        return work.read_bytes()

    bad = rewrite_zip(good, tmp_path / "thieu-bang.zip", drop_votes)
    before = snapshot(office.parent)
    line = assert_clean(run_tdkt("restore", bad, "--db", office, "--yes"), 2)
    assert "thiếu bảng votes" in line, line
    assert snapshot(office.parent) == before


def test_a_manifest_of_wrong_types_or_lying_counts_is_not_believed(office, tmp_path):
    from app.backup import read_backup
    from app.restore import describe_restore

    good = _backup(office)

    def manifest(**changes):
        def change(name: str, data: bytes) -> bytes:
            if name != "manifest.json":
                return data
            return json.dumps({**json.loads(data), **changes}).encode()
        return change

    strings = rewrite_zip(good, tmp_path / "chu.zip", manifest(counts={"units": "nhiều", "people": None},
                                                                schema_version=5))
    lying = rewrite_zip(good, tmp_path / "noi-doi.zip", manifest(counts={"units": 99999, "awards": 1}))
    undated = rewrite_zip(good, tmp_path / "khong-ngay.zip", manifest(created_at=20260105))

    assert "59 đơn vị" in describe_restore(office, read_backup(strings))
    told = describe_restore(office, read_backup(lying))
    assert "59 đơn vị" in told and "99.999" not in told and "5.394 khen thưởng" in told
    line = assert_clean(run_tdkt("restore", undated, "--db", office, "--yes"), 2)
    assert "không phải bản sao lưu TĐKT" in line
    for backup in (strings, lying):
        assert_clean(run_tdkt("check", "--db", office, "--json"), 0)
        assert_clean(run_tdkt("restore", backup, "--db", office, "--yes"), 0)
    assert _healthy(office)


def test_hostile_logical_dumps_are_refused_naming_the_table(office, tmp_path):
    dump = logical_dump(office, tmp_path / "dumps")
    with zipfile.ZipFile(dump) as zf:
        units = next(n for n in zf.namelist() if n.endswith("-units.jsonl"))
        votes = next(n for n in zf.namelist() if n.endswith("-votes.jsonl"))

    def first_line(edit):
        def change(name: str, data: bytes) -> bytes:
            if name != units:
                return data
            lines = data.decode().splitlines()
            lines[0] = edit(json.loads(lines[0]))
            return ("\n".join(lines) + "\n").encode()
        return change

    def manifest_tables(edit):
        def change(name: str, data: bytes) -> bytes | None:
            if name == "manifest.json":
                manifest = json.loads(data)
                edit(manifest["tables"])
                return json.dumps(manifest).encode()
            return data
        return change

    hostile = {
        "thieu-muc.zip": (lambda n, d: None if n == units else d, "units"),
        "json-hong.zip": (lambda n, d: d + b"{day khong phai json\n" if n == units else d, "units"),
        "dong-thieu.zip": (first_line(lambda row: json.dumps(row[:-2])), "units"),
        "chu-trong-so.zip": (first_line(lambda row: json.dumps(["mot", *row[1:]])), "units"),
        "so-ke-sai-kieu.zip": (manifest_tables(lambda t: t.update(units="59")), "units"),
        "so-ke-thieu-bang.zip": (lambda n, d: None if n == votes else manifest_tables(
            lambda t: t.pop("votes"))(n, d), "votes"),
    }
    before = snapshot(office.parent)
    for name, (change, table) in hostile.items():
        bad = rewrite_zip(dump, tmp_path / name, change)
        line = assert_clean(run_tdkt("restore", bad, "--db", office, "--yes"), 2)
        assert table in line and ("hỏng" in line or "thiếu" in line), (name, line)
    assert snapshot(office.parent) == before


def test_a_backup_that_unpacks_beyond_the_free_space_is_refused_before_writing(office, tmp_path, small_disk):
    disk = small_disk(48)
    db = copy_db(office, disk / "tdkt.db")
    bomb = tmp_path / "bom.zip"
    with zipfile.ZipFile(_backup(office)) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        zout.writestr("manifest.json", zin.read("manifest.json"))
        with zout.open("tdkt.db", "w") as fh:  # 200 MB that pack into 200 KB
            for _ in range(200):
                fh.write(b"\0" * (1 << 20))
    before, free = snapshot(disk), shutil.disk_usage(disk).free
    result = run_tdkt("restore", bomb, "--db", db, "--yes", env={"TMPDIR": str(disk)})
    line = assert_clean(result, 1)
    assert "còn trống" in line and "không đủ" in line, line
    assert snapshot(disk) == before and shutil.disk_usage(disk).free >= free - 1_000_000


def test_a_full_disk_during_a_restore_leaves_the_healthy_file_as_it_was(office, small_disk):
    disk = small_disk(40)
    db = copy_db(office, disk / "tdkt.db")
    good = _backup(db)
    filler = fill_disk(disk, 256 * 1024)
    before = snapshot(disk)
    result = run_tdkt("restore", good, "--db", db, "--yes")
    assert_clean(result, 1)
    backups = list((disk / "backups").iterdir())
    assert not [p for p in backups if "damaged" in p.name], backups  # healthy: never called damaged
    assert all(p.stat().st_size > 0 for p in backups), backups  # no empty zip left behind
    assert snapshot(disk) == before
    filler.unlink()
    assert _healthy(db)
