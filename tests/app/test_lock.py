"""One writer: a second copy of the program is told the data file is in use, and by whom."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time

import pytest

from app import lock


def test_lock_names_the_pc_user_and_process(tmp_path):
    db_path = tmp_path / "tdkt.db"
    held = lock.acquire(db_path)
    data = json.loads(lock.lock_path(db_path).read_text(encoding="utf-8"))
    assert data["host"] == socket.gethostname() and data["pid"] == os.getpid()
    assert data["user"]
    held.release()
    assert not lock.lock_path(db_path).exists()


def test_a_second_copy_is_told_the_file_is_in_use(tmp_path):
    db_path = tmp_path / "tdkt.db"
    child = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from app import lock; lock.acquire(sys.argv[1]); print('ok', flush=True);"
         " time.sleep(30)", str(db_path)],
        stdout=subprocess.PIPE, text=True, cwd=os.getcwd())
    try:
        assert child.stdout.readline().strip() == "ok"
        with pytest.raises(lock.FileInUse) as err:
            lock.acquire(db_path)
        assert "đang được mở trên chính máy này" in err.value.message
        assert err.value.owner.pid == child.pid
    finally:
        child.kill()
        child.wait()
    # The holder died without releasing: its lock is stale and taken over silently.
    taken = lock.acquire(db_path)
    assert taken.owner.pid == os.getpid()
    taken.release()


def test_a_lock_from_another_pc_is_reported_with_its_name_and_can_be_forced(tmp_path):
    db_path = tmp_path / "tdkt.db"
    lock.lock_path(db_path).write_text(json.dumps(
        {"host": "MAY-KE-TOAN", "user": "lan.tran", "pid": 4242, "since": "2025-11-03T08:15"}),
        encoding="utf-8")
    with pytest.raises(lock.FileInUse) as err:
        lock.acquire(db_path)
    assert "trên máy «MAY-KE-TOAN»" in err.value.message and "lan.tran" in err.value.message
    assert not err.value.owner.same_host
    forced = lock.acquire(db_path, force=True)
    assert forced.owner.host == socket.gethostname()
    forced.release()


def test_garbage_lock_file_is_taken_over_once_old(tmp_path):
    db_path = tmp_path / "tdkt.db"
    path = lock.lock_path(db_path)
    path.write_text("", encoding="utf-8")
    old = time.time() - 60
    os.utime(path, (old, old))
    with lock.acquire(db_path) as held:
        assert held.owner.pid == os.getpid()
    assert not path.exists()


def test_the_same_process_may_ask_again(tmp_path):
    db_path = tmp_path / "tdkt.db"
    first = lock.acquire(db_path)
    second = lock.acquire(db_path)
    assert second.owner.pid == first.owner.pid
    first.release()


def test_release_leaves_someone_elses_lock_alone(tmp_path):
    db_path = tmp_path / "tdkt.db"
    mine = lock.acquire(db_path)
    lock.lock_path(db_path).write_text(json.dumps(
        {"host": "MAY-KHAC", "user": "x", "pid": 1, "since": ""}), encoding="utf-8")
    mine.release()
    assert lock.read_owner(db_path).host == "MAY-KHAC"
