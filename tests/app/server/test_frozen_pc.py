"""A PC that hangs in the middle of a save (frozen with SIGSTOP, as a hung program or a cable
pulled out looks to the server) holds the others for no longer than the timeouts:

- another clerk's save of the same row waits at most the lock timeout, then reads the plain
  Vietnamese line (never a hang, never a traceback);
- once the frozen PC's transaction has sat idle past the idle-in-transaction timeout the
  server ends it, its half-done change is gone, and the other clerk's save goes through while
  the frozen PC is still frozen; when it wakes up it is told its work was not saved;
- a frozen receipt never holds another unit's receipt: the next dossier number is taken.

PostgreSQL only (a data file has no server to end a frozen writer's transaction).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import select

from app.database import open_database
from app.dossiers import DossierInput, receive_dossier
from app.failures import DatabaseFailure
from db import errors as kinds
from db.models import Dossier
from tests.app.server.test_office_concurrency import WORKER, add_units, target

pytestmark = pytest.mark.pg_only
LOCK_S, IDLE_S = "2", "4"  # short, so the test is quick; the defaults are 15 s and 60 s


def _frozen(db, folder, action: str, args: dict, idle_s: str = IDLE_S) -> subprocess.Popen:
    """A clerk's process that starts a save, then is frozen while it holds the row."""
    folder.mkdir(exist_ok=True)
    spec = folder / "frozen.spec.json"
    spec.write_text(json.dumps({"target": target(db), "folder": str(folder), "name": "frozen",
                                "user": "chi.ha", "action": action, "args": args}), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(WORKER), str(spec)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "TDKT_LOCK_TIMEOUT_S": LOCK_S, "TDKT_IDLE_TIMEOUT_S": idle_s})
    deadline = time.monotonic() + 120
    while not (folder / "frozen.ready").exists():
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.01)
    (folder / "go").touch()
    while not (folder / "frozen.holding").exists():
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGSTOP)
    return proc


def _in_time(fn, seconds: float = 90):
    """fn() on a thread: a hang fails the test instead of stopping the test run."""
    box: dict = {}

    def run():
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            box["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "the save hung behind the frozen PC"
    if "error" in box:
        raise box["error"]
    return box.get("value")


@pytest.fixture
def other_clerk(db, monkeypatch):
    monkeypatch.setenv("TDKT_LOCK_TIMEOUT_S", LOCK_S)
    monkeypatch.setenv("TDKT_IDLE_TIMEOUT_S", IDLE_S)
    other = open_database(target(db))
    yield other
    other.dispose()


def test_a_frozen_pc_holding_a_dossier_blocks_another_save_no_longer_than_the_timeouts(
        db, other_clerk, tmp_path):
    (unit_id,) = add_units(db, 1)
    with db.session() as s:
        dossier_id = receive_dossier(s, DossierInput(unit_id=unit_id, received_on=dt.date(2025, 11, 20))).id
    frozen = _frozen(db, tmp_path / "freeze", "hold", {"dossier_id": dossier_id})
    try:
        def save():
            with other_clerk.session() as s:
                s.get(Dossier, dossier_id).notes = "Bình ghi chú"

        with pytest.raises(DatabaseFailure) as caught:
            _in_time(save)
        assert caught.value.kind == kinds.LOCK_TIMEOUT
        assert caught.value.message.startswith("Dữ liệu cần ghi đang bị một máy khác giữ quá 2 giây")
        saved, deadline = False, time.monotonic() + 60
        while not saved:  # the server ends the frozen transaction after the idle timeout
            try:
                _in_time(save)
                saved = True
            except DatabaseFailure as exc:
                assert exc.kind == kinds.LOCK_TIMEOUT and time.monotonic() < deadline
        assert frozen.poll() is None  # ... while the frozen PC is still frozen
    finally:
        (tmp_path / "freeze" / "frozen.release").touch()  # it wakes up and goes on saving
        os.kill(frozen.pid, signal.SIGCONT)
    frozen.communicate(timeout=60)
    woke = json.loads((tmp_path / "freeze" / "frozen.json").read_text(encoding="utf-8"))
    assert woke["ok"] is False and "unexpected" not in woke, woke
    assert woke["kind"] == kinds.IDLE_TIMEOUT
    assert woke["message"] == ("Máy chủ dữ liệu đã đóng phiên làm việc bị bỏ dở quá 4 giây; việc vừa làm "
                               "chưa được ghi. Hãy làm lại.")
    with db.session() as s:
        d = s.get(Dossier, dossier_id)
        assert (d.notes, d.title) == ("Bình ghi chú", "")  # the frozen PC's title is gone


def test_a_frozen_receipt_does_not_hold_another_units_receipt(db, other_clerk, tmp_path):
    first, second = add_units(db, 2)
    frozen = _frozen(db, tmp_path / "freeze", "hold_receipt", {"unit_id": first})
    try:
        def receive():
            with other_clerk.session() as s:
                return receive_dossier(s, DossierInput(unit_id=second, received_on=dt.date(2025, 11, 21))).number

        number = _in_time(receive)
    finally:
        os.kill(frozen.pid, signal.SIGCONT)
        frozen.kill()
        frozen.communicate(timeout=60)
    # The frozen PC held HS-2025-0001 uncommitted; this receipt took the next number.
    assert number == "HS-2025-0002"
    with db.session() as s:
        assert s.scalars(select(Dossier.number)).all() == ["HS-2025-0002"]


class _Stall(str):
    """A value whose sending stalls this PC, as a frozen program does mid-save (t25: frozen in
    the middle of many rows, the server showed 'active | ClientRead' and never ended it)."""


def test_a_pc_frozen_in_the_middle_of_many_rows_is_ended_by_the_idle_timeout(db, other_clerk):
    """Every statement is its own round trip: a PC frozen between two rows of a many-row
    write leaves its transaction idle, so the server ends it after the idle timeout (never
    'active' waiting for the rest of a pipeline, which no timeout covers)."""
    from psycopg.adapt import Dumper
    from sqlalchemy import text

    (unit_id,) = add_units(db, 1)
    with db.session() as s:
        dossier_id = receive_dossier(s, DossierInput(unit_id=unit_id, received_on=dt.date(2025, 11, 20))).id
    release, stalled = threading.Event(), threading.Event()

    class StallDumper(Dumper):
        def dump(self, obj):
            stalled.set()
            release.wait(60)
            return str(obj).encode()

    frozen_pc = open_database(target(db))
    outcome: dict = {}

    def frozen_save():
        try:
            with frozen_pc.session() as s:
                raw = s.connection().connection.dbapi_connection
                raw.adapters.register_dumper(_Stall, StallDumper)
                s.execute(text("UPDATE dossiers SET notes = :n WHERE id = :i"),
                          [{"n": "một", "i": dossier_id}, {"n": _Stall("hai"), "i": dossier_id}])
            outcome["ok"] = True
        except DatabaseFailure as exc:
            outcome["kind"] = exc.kind

    worker = threading.Thread(target=frozen_save, daemon=True)
    worker.start()
    try:
        assert stalled.wait(30)

        def save():
            with other_clerk.session() as s:
                s.get(Dossier, dossier_id).title = "Bình sửa"

        saved, deadline = False, time.monotonic() + 3 * float(IDLE_S) + 10
        while not saved:
            try:
                _in_time(save)
                saved = True
            except DatabaseFailure as exc:
                assert exc.kind == kinds.LOCK_TIMEOUT
                assert time.monotonic() < deadline, "the frozen PC was never cut off"
    finally:
        release.set()
        worker.join(60)
        frozen_pc.dispose()
    assert outcome.get("kind") in (kinds.IDLE_TIMEOUT, kinds.UNREACHABLE), outcome
    with db.session() as s:
        d = s.get(Dossier, dossier_id)
        assert (d.title, d.notes) == ("Bình sửa", "")  # nothing of the frozen PC's save


def test_the_clerk_kept_waiting_is_told_which_pc_holds_it_and_the_head_can_end_its_session(
        db, other_clerk, tmp_path, capsys):
    """t25: a PC frozen mid-statement held a dossier for as long as it stayed frozen. The
    clerk refused after the lock timeout is told which PC (and session) holds it; `tdkt server
    sessions` lists it and `tdkt server end PID` ends it, its half-done save undone, and the
    clerk's save goes through at once (long before the idle timeout)."""
    from app.cli import main

    (unit_id,) = add_units(db, 1)
    with db.session() as s:
        dossier_id = receive_dossier(s, DossierInput(unit_id=unit_id, received_on=dt.date(2025, 11, 20))).id
    frozen = _frozen(db, tmp_path / "freeze", "hold", {"dossier_id": dossier_id}, idle_s="600")
    url = target(db)
    try:
        def save():
            with other_clerk.session() as s:
                s.get(Dossier, dossier_id).notes = "Bình ghi chú"

        with pytest.raises(DatabaseFailure) as caught:
            _in_time(save)
        message = caught.value.message
        assert message.startswith("Dữ liệu cần ghi đang bị một máy khác giữ quá 2 giây"), message
        assert "Máy đang giữ: «" in message and "tdkt server end " in message, message
        pid = int(message.split("tdkt server end ")[1].split()[0])
        assert main(["server", "sessions", "--db", url]) == 0
        listed = capsys.readouterr().out
        assert f"Phiên {pid}: TDKT " in listed and "đang dở một lần lưu" in listed, listed
        assert main(["server", "end", str(pid), "--db", url]) == 0
        assert capsys.readouterr().out.startswith(f"Đã đóng phiên {pid} (TDKT ")
        started = time.monotonic()
        _in_time(save)  # at once, not after the 600 s idle timeout
        assert time.monotonic() - started < 5
        assert main(["server", "end", str(pid), "--db", url]) == 1
        assert f"Không có phiên {pid} trên máy chủ" in capsys.readouterr().err
    finally:
        (tmp_path / "freeze" / "frozen.release").touch()
        os.kill(frozen.pid, signal.SIGCONT)
    frozen.communicate(timeout=60)
    woke = json.loads((tmp_path / "freeze" / "frozen.json").read_text(encoding="utf-8"))
    assert woke["ok"] is False and woke["kind"] == kinds.UNREACHABLE, woke
    with db.session() as s:
        d = s.get(Dossier, dossier_id)
        assert (d.notes, d.title) == ("Bình ghi chú", "")
