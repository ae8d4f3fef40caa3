"""Moving an office between its data file and a server (`tdkt migrate`), and the logical backup
of a server (`tdkt backup`/`tdkt restore` on a URL) that restores into either database."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from app.dump import dump_engine, read_dump, restore_dump
from app.errors import UserError
from app.transfer import migrate_data, tables
from db.models import Dossier
from db.session import make_engine

ROOT = Path(__file__).resolve().parents[3]


def _url(db) -> str:
    return db.engine.url.render_as_string(hide_password=False)


def _content(target) -> dict[str, list[tuple]]:
    """Every row of every table as Python values (what the program reads), sorted."""
    engine = make_engine(target)
    try:
        existing = set(inspect(engine).get_table_names())
        with engine.connect() as conn:
            return {t.name: sorted((tuple(r) for r in conn.execute(select(t))), key=repr)
                    for t in tables() if t.name in existing}
    finally:
        engine.dispose()


def _cli(*args: str) -> subprocess.CompletedProcess:
    """`tdkt ARGS` in this process (the same entry point, without a second interpreter's start)."""
    import contextlib
    import io

    from app.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse's exit on bad arguments
            code = exc.code
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


@pytest.mark.pg_only
def test_file_to_server_to_file_gives_identical_contents(db, demo_path, tmp_path):
    there = migrate_data(demo_path, _url(db))
    assert all(t.ok for t in there.tables) and there.rows > 10_000
    back = tmp_path / "laptop.db"
    again = migrate_data(_url(db), back)
    assert [(t.name, t.target_rows, t.target_sum) for t in again.tables] == \
        [(t.name, t.target_rows, t.target_sum) for t in there.tables]
    assert _content(back) == _content(demo_path)
    with db.session() as s:  # the server works as the program's database, ids continuing
        d = s.get(Dossier, 1)
        d.title = d.title + " (sửa trên máy chủ)"
        s.add(Dossier(year=2030, number="HS-2030-0001", unit_id=d.unit_id, received_on=d.received_on,
                      category="regular", authority="local", status="received"))


@pytest.mark.pg_only
def test_migrate_refuses_a_server_with_data_unless_forced_and_reports_as_json(db, demo_path):
    first = _cli("migrate", "--from", str(demo_path), "--to", _url(db), "--json")
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert report["ok"] and report["to"] == _url(db).replace("+psycopg", "") and report["schema_version"]
    assert {t["name"] for t in report["tables"]} >= {"dossiers", "awards", "people", "audit_log"}
    assert all(t["ok"] and len(t["checksum"]) == 64 for t in report["tables"])
    again = _cli("migrate", "--from", str(demo_path), "--to", _url(db))
    assert again.returncode == 1 and "đã có dữ liệu" in again.stderr and "--force" in again.stderr
    forced = _cli("migrate", "--from", str(demo_path), "--to", _url(db), "--force", "--json")
    assert forced.returncode == 0, forced.stderr
    assert Path(json.loads(forced.stdout)["safety_backup"]).is_file()


def test_migrate_refuses_a_data_file_with_data_unless_forced(demo_path, tmp_path):
    target = tmp_path / "other.db"
    assert migrate_data(demo_path, target).rows > 10_000
    with pytest.raises(UserError, match="đã có dữ liệu"):
        migrate_data(demo_path, target)
    forced = migrate_data(demo_path, target, force=True)
    assert forced.safety_backup and Path(forced.safety_backup).is_file()
    assert _content(target) == _content(demo_path)


def test_a_source_that_is_not_ours_is_refused_plainly(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all")
    result = _cli("migrate", "--from", str(junk), "--to", str(tmp_path / "x.db"))
    assert result.returncode == 2 and "không phải tệp dữ liệu TĐKT" in result.stderr


def test_a_logical_dump_restores_into_a_data_file_identically(demo_path, tmp_path):
    dump = dump_engine(make_engine(demo_path), "manual", target_dir=tmp_path / "dumps")
    info, manifest = read_dump(dump)
    assert info.counts["dossiers"] > 0 and manifest["tables"]["awards"]["rows"] > 1000
    result = restore_dump(tmp_path / "restored.db", dump)
    assert result.rows == sum(t["rows"] for t in manifest["tables"].values())
    assert _content(tmp_path / "restored.db") == _content(demo_path)


def test_a_damaged_dump_changes_nothing(demo_path, tmp_path):
    import zipfile

    dump = dump_engine(make_engine(demo_path), "manual", target_dir=tmp_path / "dumps")
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(dump) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.endswith("-awards.jsonl"):
                assert b'"decision"' in data
                data = data.replace(b'"decision"', b'"decisioN"', 1)  # one value altered
            dst.writestr(item, data)
    target = tmp_path / "target.db"
    migrate_data(demo_path, target)
    before = _content(target)
    with pytest.raises(UserError, match="awards"):
        restore_dump(target, broken)
    assert _content(target) == before


@pytest.mark.pg_only
def test_backup_and_restore_of_a_server_through_the_command_line(db, demo_path, tmp_path):
    migrate_data(demo_path, _url(db))
    made = _cli("backup", "--db", _url(db), "-o", str(tmp_path / "usb"))
    assert made.returncode == 0, made.stderr
    dump = next((tmp_path / "usb").glob("tdkt-*.zip"))
    with db.session() as s:
        s.get(Dossier, 1).title = "Sửa sau khi sao lưu"
    restored = _cli("restore", str(dump), "--db", _url(db), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert "hoàn tác bằng" in restored.stdout
    with db.session() as s:
        assert s.get(Dossier, 1).title != "Sửa sau khi sao lưu"
    assert _content(_url(db)) == _content(demo_path)
    checked = _cli("check", "--db", _url(db), "--json")
    assert checked.returncode == 0, checked.stderr
    report = json.loads(checked.stdout)
    assert report["healthy"] and report["counts"]["dossiers"] > 0
    assert any(b["reason"] == "restore" for b in report["backups"])  # the state before, kept
    laptop = _cli("restore", str(dump), "--db", str(tmp_path / "laptop.db"), "--yes")
    assert laptop.returncode == 0, laptop.stderr
    assert _content(tmp_path / "laptop.db") == _content(demo_path)


@pytest.mark.pg_only
def test_every_command_takes_a_server_url_for_db(db, demo_path, tmp_path):
    migrate_data(demo_path, _url(db))
    url = _url(db)
    out = str(tmp_path)
    commands = [
        ["check"], ["report", "--year", "2025", "--json"], ["eligibility", "--year", "2025", "--json"],
        ["dossier", "list", "--year", "2025"], ["late", "--year", "2025", "--json"],
        ["ranking", "--year", "2025", "--json"], ["plan", "--year", "2025", "--json"],
        ["rollover", "--from", "2025", "--json"], ["fund", "--year", "2025", "--json"],
        ["inspections", "--year", "2025", "--json"], ["congress", "--json"],
        ["publicity", "--year", "2025", "--json"], ["province-bloc", "--year", "2025", "--json"],
        ["history", "Lò Văn Sinh", "--json"], ["export", "ledger", "--year", "2025", "-o", out + "/so.xlsx"],
        ["template", "award_proposal", "--year", "2026", "--all", "-o", out + "/mau"],
        ["print", "report", "--year", "2025", "-o", out + "/bao-cao.pdf"],
        ["backup", "-o", out + "/bk"],
    ]
    for args in commands:
        result = _cli(*args, "--db", url)
        assert result.returncode == 0, (args, result.stderr[-500:])
        assert "Traceback" not in result.stderr, args
    assert (tmp_path / "so.xlsx").is_file() and (tmp_path / "bao-cao.pdf").is_file()


@pytest.mark.pg_only
def test_a_server_is_dumped_once_a_day_into_this_pcs_data_folder(db):
    import datetime as dt

    from app import config
    from app.dump import daily_dump_if_due

    first = daily_dump_if_due(db.engine, dt.date.today())
    assert first is not None and first.is_relative_to(config.data_dir()) and first.name.endswith("-daily.zip")
    assert daily_dump_if_due(db.engine, dt.date.today()) is None
    assert read_dump(first)[0].reason == "daily"
