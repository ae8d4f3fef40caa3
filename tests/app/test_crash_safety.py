"""Crash safety: a process killed (SIGKILL) in the middle of an import-sized or a decision-like
transaction leaves a data file that passes `tdkt check` and holds all or none of that work.

The child processes write through the program's own path (open_database → Database.session(),
with the audit listeners on), flushing in batches as an import does, and tell the parent how
far they got, so the kill lands at a chosen point: after the first batch, half-way, and while
committing.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import zipfile

import pytest
from sqlalchemy import func, select

from db.models import AuditEntry, Award, Decision, Dossier, Nominee, Person, Unit

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")

IMPORT_ROWS = 6000
BATCH = 500

IMPORT_CHILD = textwrap.dedent(f"""
    import sys
    from app.database import open_database
    from db.models import Person, Unit
    db = open_database(sys.argv[1])
    with db.session() as s:
        unit = Unit(code="IMPORT-UNIT", name="Trường THCS Bình Lư (nhập)", kind="school")
        s.add(unit)
        s.flush()
        for i in range({IMPORT_ROWS}):
            s.add(Person(full_name=f"Người nhập số {{i}}", match_key=f"nguoi nhap so {{i}}",
                         unit_id=unit.id, notes="x" * 400))
            if i % {BATCH} == {BATCH} - 1:
                s.flush()
                print(f"flushed {{i + 1}}", flush=True)
        print("committing", flush=True)
    print("done", flush=True)
""")

DECISION_CHILD = textwrap.dedent("""
    import datetime as dt, sys
    from sqlalchemy import select
    from app.database import open_database
    from db.models import Award, Decision, Dossier, DossierEvent, Nominee
    db = open_database(sys.argv[1])
    with db.session() as s:
        dossier = s.scalar(select(Dossier))
        decision = Decision(number="999/QĐ-UBND", issuer="UBND huyện Tam Đường", year=2025,
                            issued_on=dt.date(2025, 12, 30), summary="Khen thưởng tổng kết năm")
        s.add(decision)
        s.flush()
        for n, nominee in enumerate(dossier.nominees, start=1):
            nominee.appraisal = "approved"
            s.add(Award(subject="individual", recipient_name=nominee.name, award_type_id=nominee.award_type_id,
                        year=2025, decision_id=decision.id, decision_number=decision.number,
                        nominee_id=nominee.id, book_no=n, unit_id=dossier.unit_id))
            if n % 100 == 0:
                s.flush()
                print(f"flushed {n}", flush=True)
        dossier.status = "decided"
        s.add(DossierEvent(dossier_id=dossier.id, from_status="voted", to_status="decided"))
        print("committing", flush=True)
    print("done", flush=True)
""")


def _run_and_kill(script: str, db_path, kill_after: str, delay: float = 0.0) -> str:
    """Run a child; SIGKILL it `delay` seconds after it prints `kill_after`. Returns that line."""
    child = subprocess.Popen([sys.executable, "-c", script, str(db_path)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    last = ""
    try:
        for line in child.stdout:
            last = line.strip()
            if last == kill_after:
                time.sleep(delay)
                os.kill(child.pid, signal.SIGKILL)
                break
    finally:
        child.wait(timeout=120)
    # A child that finished before the kill (long delay) is fine: its work must then be all there.
    assert child.returncode in (-signal.SIGKILL, 0), child.stderr.read()
    return last


def _check_healthy(db_path) -> dict:
    result = subprocess.run([sys.executable, "-m", "app", "check", "--db", str(db_path), "--json"],
                            capture_output=True, text=True, encoding="utf-8", timeout=120)
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["healthy"] and report["integrity"] == "ok", result.stdout
    return report


KILL_POINTS = [("flushed 500", 0.0), (f"flushed {IMPORT_ROWS // 2}", 0.0), ("committing", 0.0),
               ("committing", 0.02), ("committing", 0.08), ("committing", 0.25)]


@pytest.mark.parametrize(("kill_after", "delay"), KILL_POINTS)
def test_killed_import_leaves_all_or_nothing(db, kill_after, delay):
    from app.database import open_database

    db.dispose()
    _run_and_kill(IMPORT_CHILD, db.path, kill_after, delay)
    _check_healthy(db.path)
    again = open_database(db.path)
    try:
        with again.session() as s:
            people = s.scalar(select(func.count()).select_from(Person))
            units = s.scalar(select(func.count()).select_from(Unit))
            logged = s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "people"))
    finally:
        again.dispose()
    assert (units, people, logged) in {(0, 0, 0), (1, IMPORT_ROWS, IMPORT_ROWS)}
    if kill_after != "committing":
        assert people == 0  # killed before the commit was even asked for


def _dossier_with_nominees(db, n: int = 400) -> None:
    import datetime as dt

    from db.models import AwardType

    with db.session() as s:
        unit = Unit(code="UBND-TD", name="UBND thị trấn Tam Đường", kind="commune")
        s.add(unit)
        s.flush()
        award = s.scalar(select(AwardType).limit(1))
        dossier = Dossier(year=2025, number="HS-2025-0007", unit_id=unit.id, status="voted",
                          received_on=dt.date(2025, 11, 10), category="regular")
        for i in range(n):
            dossier.nominees.append(Nominee(subject="individual", name=f"Cán bộ số {i}",
                                            award_type_id=award.id, seq=i))
        s.add(dossier)


@pytest.mark.parametrize(("kill_after", "delay"), [
    ("flushed 100", 0.0), ("flushed 300", 0.0), ("committing", 0.0), ("committing", 0.02),
    ("committing", 0.08)])
def test_killed_decision_leaves_all_or_nothing(db, kill_after, delay):
    from app.database import open_database

    _dossier_with_nominees(db)
    db.dispose()
    _run_and_kill(DECISION_CHILD, db.path, kill_after, delay)
    _check_healthy(db.path)
    again = open_database(db.path)
    try:
        with again.session() as s:
            decisions = s.scalar(select(func.count()).select_from(Decision))
            awards = s.scalar(select(func.count()).select_from(Award))
            approved = s.scalar(select(func.count()).select_from(Nominee).where(Nominee.appraisal == "approved"))
            status = s.scalar(select(Dossier.status))
    finally:
        again.dispose()
    assert (decisions, awards, approved, status) in {(0, 0, 0, "voted"), (1, 400, 400, "decided")}
    if kill_after != "committing":
        assert decisions == 0


def test_killed_backup_leaves_no_backup_that_looks_good(db):
    """A backup cut short is a `.part` file, never a `.zip` the restore list would offer."""
    from app import backup

    with db.session() as s:
        s.add_all(Unit(code=f"U{i}", name="x" * 1000, kind="school", notes="y" * 5000) for i in range(3000))
    db.dispose()
    script = textwrap.dedent("""
        import sys
        from app.backup import backup_file
        def progress(done, total):
            if done > 0:
                print("copying", flush=True)
        backup_file(sys.argv[1], "manual", progress=progress)
        print("finished", flush=True)
    """)
    _run_and_kill(script, db.path, "copying")
    folder = db.path.parent / "backups"
    assert not list(folder.glob("*.zip")) and backup.list_backups(folder) == []
    _check_healthy(db.path)
    # The next backup works and is complete.
    done = backup.backup_file(db.path, "manual")
    assert zipfile.ZipFile(done).testzip() is None
