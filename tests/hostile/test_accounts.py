"""Issue 18, «Accounts skipped»: with accounts on, restore and migrate replace the data only for
a signed-in head of office, every other write asks for a signed-in user with the right role, and
a restore that turns accounts off is done by a head and written in the audit trail."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hostile_kit import (  # noqa: E402
    CLERK,
    HEAD,
    VIEWER,
    accounts_on,
    as_user,
    assert_clean,
    copy_db,
    rows,
    run_tdkt,
    snapshot,
    turn_accounts_on,
)


def _backup(db: Path) -> Path:
    result = run_tdkt("backup", "--db", db)
    assert result.returncode == 0, result.stderr
    return max((db.parent / "backups").glob("*.zip"))


def test_restore_of_a_backup_made_before_accounts_needs_the_head(office):
    old = _backup(office)  # made while accounts were still off
    turn_accounts_on(office)
    before = snapshot(office.parent)

    nobody = run_tdkt("restore", old, "--db", office, "--yes")
    assert "đăng nhập" in assert_clean(nobody, 1)
    args, env = as_user(CLERK)
    clerk = run_tdkt("restore", old, "--db", office, "--yes", *args, env=env)
    assert "không có quyền khôi phục" in assert_clean(clerk, 1)
    wrong = run_tdkt("restore", old, "--db", office, "--yes", "--user", HEAD[0],
                     env={"TDKT_PASSWORD": "doan-bua"})
    assert "Sai tên đăng nhập hoặc mật khẩu" in assert_clean(wrong, 1)
    assert accounts_on(office)
    after = snapshot(office.parent)
    after.pop("tdkt.db"), before.pop("tdkt.db")  # the wrong password is counted in the file
    assert after == before  # no restore, no backup "before restoring"

    args, env = as_user(HEAD)
    head = run_tdkt("restore", old, "--db", office, "--yes", *args, env=env)
    assert_clean(head, 0)
    assert "tắt" in head.stdout  # the head is told accounts are now off ...
    assert not accounts_on(office)
    conn = sqlite3.connect(office)  # ... and the audit trail of the restored file says who did it
    found = conn.execute("SELECT user, note FROM audit_log WHERE note LIKE '%khôi phục%'").fetchall()
    conn.close()
    assert any(actor == HEAD[0] and "tài khoản" in note for actor, note in found), found


def test_migrate_over_an_office_with_accounts_needs_the_head(office, demo_template, tmp_path):
    turn_accounts_on(office)
    other = copy_db(demo_template, tmp_path / "elsewhere" / "khac.db")
    before = rows(office, "users")

    nobody = run_tdkt("migrate", "--from", other, "--to", office, "--force")
    assert "đăng nhập" in assert_clean(nobody, 1)
    args, env = as_user(CLERK)
    clerk = run_tdkt("migrate", "--from", other, "--to", office, "--force", *args, env=env)
    assert "không có quyền" in assert_clean(clerk, 1)
    assert accounts_on(office) and rows(office, "users") == before

    args, env = as_user(HEAD)
    head = run_tdkt("migrate", "--from", other, "--to", office, "--force", *args, env=env)
    assert_clean(head, 0)
    assert "tài khoản ở nơi nhận đã tắt" in head.stdout and not accounts_on(office)


def test_every_write_command_signs_in_with_the_right_role(accounts_office):
    for command in (["rollover", "--from", "2025", "--apply"],
                    ["merge-unit", "--map"]):
        nobody = run_tdkt(*command, "--db", accounts_office)
        assert "đăng nhập" in assert_clean(nobody, 1), command
        args, env = as_user(VIEWER)
        viewer = run_tdkt(*command, "--db", accounts_office, *args, env=env)
        assert "không có quyền" in assert_clean(viewer, 1), command
    args, env = as_user(CLERK)
    clerk = run_tdkt("rollover", "--from", "2025", "--apply", "--db", accounts_office, *args, env=env)
    assert_clean(clerk, 0)
    assert "Đã tạo năm 2026" in clerk.stdout
    # Reading needs no account, as before.
    assert_clean(run_tdkt("report", "--year", "2025", "--db", accounts_office), 0)
