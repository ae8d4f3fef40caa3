"""Tester's report t18, the minor points: what a clerk sees (one Vietnamese line, the exit code,
nothing changed) when the account rules, the damage messages and the names meet a hostile hand."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hostile_kit import (  # noqa: E402
    CLERK,
    HEAD,
    VIEWER,
    as_user,
    assert_clean,
    copy_db,
    rows,
    run_tdkt,
    snapshot,
)


def test_single_unit_merge_dry_run_needs_no_more_than_the_real_merge(accounts_office):
    before = snapshot(accounts_office.parent)
    args, env = as_user(HEAD)
    result = run_tdkt("merge-unit", "Bản Bo", "--into", "Bản Giang", "--on", "01/07/2025", "--dry-run",
                      "--db", accounts_office, *args, env=env)
    assert_clean(result, 0)
    assert "sẽ sáp nhập vào" in result.stdout
    # like --map --dry-run: a preview asks no sign-in, and writes nothing
    assert_clean(run_tdkt("merge-unit", "Bản Bo", "--into", "Bản Giang", "--on", "01/07/2025", "--dry-run",
                          "--db", accounts_office), 0)
    assert snapshot(accounts_office.parent) == before
    # the real merge still needs a user who may edit
    line = assert_clean(run_tdkt("merge-unit", "Bản Bo", "--into", "Bản Giang", "--on", "01/07/2025",
                                 "--db", accounts_office), 1)
    assert "cần đăng nhập" in line


def test_migrate_out_of_an_office_with_accounts_follows_the_backup_rule(accounts_office, tmp_path):
    target = tmp_path / "moi" / "new.db"
    line = assert_clean(run_tdkt("migrate", "--from", accounts_office, "--to", target), 1)
    assert "cần đăng nhập để chép toàn bộ dữ liệu (kể cả tài khoản người dùng) sang nơi khác" in line
    args, env = as_user(VIEWER)
    line = assert_clean(run_tdkt("migrate", "--from", accounts_office, "--to", target, *args, env=env), 1)
    assert line == (f"Tài khoản «{VIEWER[0]}» (Chỉ xem) không có quyền chép toàn bộ dữ liệu (kể cả tài "
                    "khoản người dùng) sang nơi khác.")
    assert not target.exists()
    args, env = as_user(CLERK)  # a clerk may back up, so may copy out
    assert_clean(run_tdkt("migrate", "--from", accounts_office, "--to", target, *args, env=env), 0)
    assert rows(target, "users") == rows(accounts_office, "users")


def test_migrate_over_an_office_names_what_it_does(accounts_office, demo_template, tmp_path):
    other = copy_db(demo_template, tmp_path / "elsewhere" / "khac.db")
    line = assert_clean(run_tdkt("migrate", "--from", other, "--to", accounts_office, "--force"), 1)
    assert "cần đăng nhập để chuyển dữ liệu vào thay cho dữ liệu đang có" in line
    assert "khôi phục" not in line


def test_check_of_a_truncated_file_says_damaged_in_vietnamese_and_exits_1(office, tmp_path):
    cut = tmp_path / "trunc.db"
    cut.write_bytes(office.read_bytes()[: office.stat().st_size // 2])
    for command in (["check"], ["report", "--year", "2025"]):
        result = run_tdkt(*command, "--db", cut)
        line = assert_clean(result, 1)
        assert "hỏng" in line and "DatabaseError" not in line and "malformed" not in line, (command, line)


def test_reading_commands_never_write_a_schema_into_an_empty_file(tmp_path):
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    for command in (["report", "--year", "2025"], ["unit", "list"], ["history", "Nguyen"]):
        result = run_tdkt(*command, "--db", empty)
        line = assert_clean(result, 2)
        assert "không phải tệp dữ liệu TĐKT" in line or "chưa có dữ liệu" in line, (command, line)
        assert empty.stat().st_size == 0, command
    conn = sqlite3.connect(str(empty))
    assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    conn.close()


def test_names_without_a_letter_are_refused_and_wildcards_match_nothing(office):
    for name in ("%", "_", "*"):
        line = assert_clean(run_tdkt("unit", "add", name, "--kind", "thôn", "--db", office))
        assert "không có chữ hay số nào" in line and "Đã có đơn vị" not in line, (name, line)
        line = assert_clean(run_tdkt("person", "add", name, "--unit", "XA_BAN_BO", "--db", office))
        assert "không có chữ hay số nào" in line or "Họ và tên" in line, (name, line)
    assert_clean(run_tdkt("unit", "add", "Thôn 50% Nà Bó", "--kind", "thôn", "--db", office), 0)
    from app.database import open_database
    from app.people import find_units

    db = open_database(office)
    try:
        with db.session() as s:
            assert [n for _i, n in find_units(s, "%")] == ["Thôn 50% Nà Bó"]
            assert find_units(s, "_") == []
    finally:
        db.dispose()


def test_control_characters_are_stripped_and_office_text_is_bounded(office):
    assert_clean(run_tdkt("unit", "add", "Lò Văn\x01\x1bA", "--kind", "thôn", "--db", office), 0)
    conn = sqlite3.connect(str(office))
    names = [r[0] for r in conn.execute("SELECT name FROM units WHERE name LIKE 'Lò Văn%'")]
    conn.close()
    assert names == ["Lò VănA"]
    before = snapshot(office.parent)
    line = assert_clean(run_tdkt("office", "--name", "A" * 35_000, "--db", office), 1)
    assert line.endswith("«Tên cơ quan» dài quá 200 ký tự.")
    assert snapshot(office.parent) == before
