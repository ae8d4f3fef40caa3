"""Restoring a backup (or copying an office) onto a server while other clerks work on it: the
restore waits for their work in progress and says so; if they are still busy after the wait it
refuses plainly and nothing changes; clerks working during the restore get either their work
done or one plain line, and a deadlock with them never ends the restore in a traceback.
PostgreSQL only (a data file is restored under its own write lock).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import func, select

from app.dossiers import DossierInput, receive_dossier
from app.dump import dump_engine, restore_dump
from app.errors import UserError
from db.models import Dossier
from tests.app.server.test_office_concurrency import WORKER, add_units, target

pytestmark = pytest.mark.pg_only


@pytest.fixture
def office(db, tmp_path):
    """Two units and one dossier; a dump of that taken, then a second dossier received."""
    unit_ids = add_units(db, 2)
    with db.session() as s:
        receive_dossier(s, DossierInput(unit_id=unit_ids[0], received_on=dt.date(2025, 11, 20)))
    dump = dump_engine(db.engine, "manual", target_dir=tmp_path / "dumps")
    with db.session() as s:
        second = receive_dossier(s, DossierInput(unit_id=unit_ids[1], received_on=dt.date(2025, 11, 21))).id
    return {"dump": dump, "units": unit_ids, "second": second}


def _holding_clerk(db, folder, dossier_id: int) -> subprocess.Popen:
    """Another PC in the middle of a save (its transaction open) until FOLDER/clerk.release."""
    folder.mkdir(exist_ok=True)
    spec = folder / "clerk.spec.json"
    spec.write_text(json.dumps({"target": target(db), "folder": str(folder), "name": "clerk",
                                "action": "hold", "args": {"dossier_id": dossier_id}}), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(WORKER), str(spec)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=dict(os.environ))
    deadline = time.monotonic() + 120
    while not (folder / "clerk.ready").exists():
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.01)
    (folder / "go").touch()
    while not (folder / "clerk.holding").exists():
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.01)
    return proc


def _numbers(db) -> list[str]:
    with db.session() as s:
        return sorted(s.scalars(select(Dossier.number)).all())


def test_a_restore_waits_for_a_save_in_progress_says_so_then_restores(db, office, tmp_path):
    clerk = _holding_clerk(db, tmp_path / "clerk", office["second"])
    said: list[str] = []

    def say(text: str) -> None:
        said.append(text)
        (tmp_path / "clerk" / "clerk.release").touch()  # the clerk finishes the save meanwhile

    result = restore_dump(target(db), office["dump"], say=say, wait_s=60)
    clerk.communicate(timeout=60)
    assert said and said[0].startswith("Đang chờ 1 phiên làm việc của máy khác xong việc đang dở")
    assert result.rows > 0 and _numbers(db) == ["HS-2025-0001"]  # the backup's content, whole
    outcome = json.loads((tmp_path / "clerk" / "clerk.json").read_text(encoding="utf-8"))
    assert outcome == {"ok": True, "result": None}  # the clerk's save went through before it


def test_a_restore_refuses_plainly_while_a_clerk_stays_busy_and_nothing_changes(db, office, tmp_path):
    clerk = _holding_clerk(db, tmp_path / "clerk", office["second"])
    try:
        with pytest.raises(UserError) as caught:
            restore_dump(target(db), office["dump"], wait_s=2)
    finally:
        (tmp_path / "clerk" / "clerk.release").touch()
        clerk.communicate(timeout=60)
    assert caught.value.message.startswith("Chưa khôi phục được: máy khác vẫn đang làm việc trên máy chủ "
                                           "sau 2 giây chờ; dữ liệu hiện tại không thay đổi.")
    assert _numbers(db) == ["HS-2025-0001", "HS-2025-0002"]
    with db.session() as s:
        assert s.get(Dossier, office["second"]).title == "Tiêu đề của clerk"  # the clerk's save stands


def test_clerks_receiving_during_a_restore_get_their_work_done_or_one_plain_line(db, office):
    from app.database import open_database
    from app.failures import DatabaseFailure

    stop = threading.Event()
    outcomes: list[str] = []

    def clerk(unit_id: int) -> None:
        mine = open_database(target(db))
        try:
            while not stop.is_set():
                try:
                    with mine.session() as s:
                        receive_dossier(s, DossierInput(unit_id=unit_id, received_on=dt.date(2025, 11, 22)))
                    outcomes.append("ok")
                except DatabaseFailure as exc:
                    outcomes.append(exc.kind)
                except UserError as exc:  # e.g. the unit not there for a moment: told plainly
                    outcomes.append(type(exc).__name__)
                except Exception as exc:  # noqa: BLE001 - what the test must not see
                    outcomes.append(f"UNEXPECTED {type(exc).__name__}: {exc}")
                time.sleep(0.3)  # a clerk's rhythm, quick: a receipt every third of a second
        finally:
            mine.dispose()

    threads = [threading.Thread(target=clerk, args=(u,), daemon=True) for u in office["units"]]
    for t in threads:
        t.start()
    time.sleep(1)
    try:
        result = restore_dump(target(db), office["dump"], wait_s=30)
        time.sleep(1)
    finally:
        stop.set()
        for t in threads:
            t.join(60)
    assert result.rows > 0
    assert not [o for o in outcomes if o.startswith("UNEXPECTED")], outcomes
    assert outcomes.count("ok") > 0
    with db.session() as s:  # the backup's one dossier, and whatever was received after the restore
        numbers = s.scalars(select(Dossier.number).order_by(Dossier.number)).all()
        assert numbers[0] == "HS-2025-0001" and len(numbers) == len(set(numbers))
        assert s.scalar(select(func.count()).select_from(Dossier)) == len(numbers)


def test_a_schema_upgrade_waits_for_a_busy_clerk_and_refuses_plainly(pg_server, monkeypatch):
    """A PC with the newer program opens a server an older one is working on."""
    from alembic.script import ScriptDirectory
    from sqlalchemy import create_engine, text

    from app import server as app_server
    from app.database import open_database
    from db import migrate

    script = ScriptDirectory.from_config(migrate.alembic_config())
    previous = script.get_revision(script.get_current_head()).down_revision
    name = pg_server.create()
    url = pg_server.url(name)
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    migrate.upgrade(engine, previous)  # the schema as the older program left it
    monkeypatch.setattr(app_server, "WHOLE_WAIT_S", 2)
    clerk = engine.connect()
    trans = clerk.begin()
    clerk.execute(text("SELECT count(*) FROM units"))  # an older PC in the middle of its work
    try:
        with pytest.raises(UserError) as caught:
            open_database(url)
    finally:
        trans.rollback()
        clerk.close()
    assert caught.value.message.startswith("Chưa nâng cấp dữ liệu được: máy khác vẫn đang làm việc")
    assert migrate.current_revision(engine) == previous  # nothing changed
    open_database(url).dispose()  # the clerk is done: the upgrade goes through
    assert migrate.current_revision(engine) == migrate.head_revision()
    engine.dispose()
    pg_server.drop(name)


def _titles_in_dump(path) -> set[str]:
    """The dossier titles a logical dump holds (read from its dossiers table)."""
    import zipfile

    from app.transfer import tables

    names = [c.name for c in next(t for t in tables() if t.name == "dossiers").columns]
    with zipfile.ZipFile(path) as zf:
        entry = next(n for n in zf.namelist() if n.endswith("-dossiers.jsonl"))
        with zf.open(entry) as fh:
            rows = [dict(zip(names, json.loads(line), strict=False)) for line in fh if line.strip()]
    return {r["title"] for r in rows}


def test_a_save_reported_done_during_a_restore_is_in_its_safety_backup_or_in_the_data(db, office, tmp_path):
    """t25: imports printed «Đã nhập …» while a restore ran, and were in neither the restored
    data nor the restore's safety backup. Every receipt told it was saved must be in one of
    them: saved before the restore held the tables (in the backup it took then), or after it
    (in the restored data); one still waiting past the lock timeout is refused plainly."""
    from app.database import open_database
    from app.failures import DatabaseFailure

    clerk = _holding_clerk(db, tmp_path / "clerk", office["second"])
    saved: list[str] = []
    refused: list[str] = []
    stop = threading.Event()

    def receive(mine, title: str) -> None:
        try:
            with mine.session() as s:
                receive_dossier(s, DossierInput(unit_id=office["units"][0], received_on=dt.date(2025, 11, 22),
                                                title=title))
            saved.append(title)
        except DatabaseFailure as exc:
            refused.append(exc.message)

    others = open_database(target(db))

    def say(_text: str) -> None:
        # The restore is about to hold the tables: a receipt done right now, and reported
        # saved, must be in what the restore backs up.
        receive(others, "ngay trước khi khôi phục")
        (tmp_path / "clerk" / "clerk.release").touch()

    def keep_receiving() -> None:
        mine = open_database(target(db))
        try:
            for i in range(1000):
                if stop.is_set():
                    break
                receive(mine, f"lần {i}")
                time.sleep(0.05)
        finally:
            mine.dispose()

    worker = threading.Thread(target=keep_receiving, daemon=True)
    worker.start()
    try:
        result = restore_dump(target(db), office["dump"], say=say, wait_s=60)
        time.sleep(0.5)
    finally:
        stop.set()
        worker.join(60)
        others.dispose()
        clerk.communicate(timeout=60)
    assert result.safety_backup is not None
    backed_up = _titles_in_dump(result.safety_backup)
    with db.session() as s:
        now = set(s.scalars(select(Dossier.title)).all())
    assert "ngay trước khi khôi phục" in saved
    lost = [t for t in saved if t not in backed_up and t not in now]
    assert lost == [], f"reported saved, then gone: {lost}"
    assert "ngay trước khi khôi phục" in backed_up and "ngay trước khi khôi phục" not in now
    assert all("chưa được ghi" in m for m in refused), refused


def test_a_save_kept_waiting_by_a_restore_past_the_lock_timeout_is_told_a_restore_is_under_way(
        db, office, monkeypatch):
    from app import dump_restore
    from app.database import open_database
    from app.failures import RESTORING, DatabaseFailure

    monkeypatch.setenv("TDKT_LOCK_TIMEOUT_S", "1")
    holding = threading.Event()
    slow_load = dump_restore._load

    def load(*args):
        holding.set()
        time.sleep(4)  # a big office takes a while to put back
        return slow_load(*args)

    monkeypatch.setattr(dump_restore, "_load", load)
    restore = threading.Thread(target=restore_dump, args=(target(db), office["dump"]), daemon=True)
    clerk = open_database(target(db))
    try:
        restore.start()
        assert holding.wait(60)
        with pytest.raises(DatabaseFailure) as caught, clerk.session() as s:
            receive_dossier(s, DossierInput(unit_id=office["units"][0], received_on=dt.date(2025, 11, 22)))
    finally:
        restore.join(60)
        clerk.dispose()
    assert caught.value.message == RESTORING
    assert _numbers(db) == ["HS-2025-0001"]
