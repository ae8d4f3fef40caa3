"""Helpers of the hostile suite: the real `tdkt` command in a child process, and data files
put in the states a hostile or unlucky user leaves them (damaged, with accounts on)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

HEAD, CLERK, VIEWER = ("truong.phong", "matkhau-truong"), ("chuyen.vien", "matkhau-chuyenvien"), \
    ("nguoi.xem", "matkhau-nguoixem")


def run_tdkt(*args, env: dict | None = None, stdin: str | None = None,
             timeout: float = 300) -> subprocess.CompletedProcess:
    """`tdkt ARGS` in a child process, as a terminal-less script runs it."""
    full_env = {k: v for k, v in os.environ.items() if k != "TDKT_PASSWORD"} | (env or {})
    return subprocess.run([sys.executable, "-m", "app", *map(str, args)], input=stdin or "",
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout,
                          env=full_env)


def assert_clean(result: subprocess.CompletedProcess, code: int | None = None) -> str:
    """No traceback, one line on stderr, the exit code asked for; returns that line."""
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert "ngoài dự kiến" not in result.stderr, result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    if code is not None:
        assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    if result.returncode != 0:
        assert len(lines) >= 1, result
    return lines[-1] if lines else ""


def copy_db(src: Path, dst: Path) -> Path:
    dst.parent.mkdir(parents=True, exist_ok=True)
    s, d = sqlite3.connect(str(src)), sqlite3.connect(str(dst))
    try:
        s.backup(d)
    finally:
        d.close()
        s.close()
    return dst


def damage(path: Path) -> None:
    """Bytes flipped inside the file's pages (not its header): SQLite's check finds it."""
    size = path.stat().st_size
    with open(path, "r+b") as fh:
        for offset in range(size // 3, size // 3 + 4096 * 20, 4096):
            fh.seek(offset + 100)
            fh.write(bytes((i * 37 + 11) % 256 for i in range(200)))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes (lock files aside): to prove nothing changed."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.endswith((".lock", "-shm", "-wal")) and "logs" not in p.parts}


def turn_accounts_on(path: Path) -> Path:
    """Accounts on in a data file: a head of office, a clerk and a viewer (HEAD, CLERK, VIEWER)."""
    from app import users
    from app.database import open_database
    from app.session_user import Actor, acting_as

    db = open_database(path)
    try:
        with db.session() as s:
            users.enable_users(s, HEAD[0], "Hoàng Văn Đức", HEAD[1])
        with acting_as(Actor(HEAD[0], role="head", signed_in=True)), db.session() as s:
            users.create_user(s, CLERK[0], "Lò Thị Mai", "clerk", CLERK[1])
            users.create_user(s, VIEWER[0], "Người xem", "viewer", VIEWER[1])
    finally:
        db.dispose()
    return path


def as_user(who: tuple[str, str]) -> tuple[list[str], dict]:
    """The `--user NAME` arguments and the TDKT_PASSWORD environment for one account."""
    return ["--user", who[0]], {"TDKT_PASSWORD": who[1]}


def accounts_on(path: Path) -> bool:
    conn = sqlite3.connect(str(path))
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = 'users_enabled'").fetchone()
    finally:
        conn.close()
    return bool(row) and row[0] in ("true", 1, "1")


def rows(path: Path, table: str) -> int:
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    finally:
        conn.close()


def move(src: Path, dst: Path) -> Path:
    shutil.move(str(src), str(dst))
    return dst
