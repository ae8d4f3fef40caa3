"""Crash safety: a process killed (SIGKILL) in the middle of an import and in the middle of
issuing a decision leaves a data file that passes `tdkt check` and holds all or none of it.

The children run the program's real services (app.imports.read_file + commit_import on a
2,000-person list; app.decisions.issue_decision on the demo office's ready dossiers) and
announce each SQL statement and the COMMIT, so the kill lands at a chosen point: early,
half-way, at the COMMIT, and a few milliseconds after it.
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

from db.models import AuditEntry, Award, Decision, Dossier, Nominee, Person, Submission, Unit

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")

IMPORT_ROWS = 2000
# Printed by the children: "exec N" before each SQL statement, "committing" just before the
# COMMIT reaches SQLite, "done" after; the parent kills at a chosen line.
PROBE = textwrap.dedent("""
    from sqlalchemy import event
    def probe(engine):
        count = [0]
        @event.listens_for(engine, "before_cursor_execute")
        def _exec(*_a):
            count[0] += 1
            print(f"exec {count[0]}", flush=True)
        @event.listens_for(engine, "commit")
        def _commit(*_a):
            print("committing", flush=True)
""")

IMPORT_CHILD = PROBE + textwrap.dedent("""
    import sys
    from app.database import open_database
    from app.imports import commit_import, read_file
    db = open_database(sys.argv[1])
    with db.session() as s:
        preview = read_file(s, sys.argv[2])
    assert not preview.errors, preview.errors
    probe(db.engine)
    commit_import(db, preview)
    print("done", flush=True)
""")

DECISION_CHILD = PROBE + textwrap.dedent("""
    import datetime as dt, sys
    from sqlalchemy import select, text
    from app.database import open_database
    from app.decisions import DecisionInput, issue_decision
    from db.models import Dossier
    db = open_database(sys.argv[1])
    with db.session() as s:
        ids = list(s.scalars(select(Dossier.id).where(Dossier.status.in_(["appraised", "voted"]))))
    probe(db.engine)
    with db.session() as s:
        # The demo office is a district, whose powers ended on 30/6/2025, before its 2025 dossiers
        # came in (a decision is never dated before the dossier was received): decided here by the
        # commune's authority that took over.
        s.execute(text("UPDATE office_profile SET level = 'xa'"))
    with db.session() as s:
        issue_decision(s, ids, DecisionInput(number="999/QĐ-UBND", issued_on=dt.date(2025, 12, 10)))
    print("done", flush=True)
""")


def big_list(path) -> object:
    """A commune's award list with IMPORT_ROWS people, in the units' own layout."""
    from tests.app.excel.books import nasty_list, xlsx

    rows, merges = nasty_list()

    def row(*values):
        return list(values) + [None] * (10 - len(values))

    body = [row(i, f"Người Thử Số {i}", "03/07/1984", None, "Kinh", "Công chức xã", "HTTNV")
            for i in range(1, IMPORT_ROWS + 1)]
    foot = [row(f"Tổng cộng: {IMPORT_ROWS}"), [None] * 10, row(None, "NGƯỜI LẬP BIỂU")]
    return xlsx(path, rows[:12] + body + foot, tuple(m for m in merges if m != "B21:J21"))


def _run_and_kill(script: str, db_path, kill_after: str, delay: float = 0.0, *args) -> str:
    """Run a child; SIGKILL it `delay` seconds after it prints `kill_after`. Returns that line."""
    child = subprocess.Popen([sys.executable, "-c", script, str(db_path), *map(str, args)],
                             stdout=subprocess.PIPE,
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


def _counts(db_path) -> dict[str, int]:
    from app.database import open_database

    db = open_database(db_path)
    try:
        with db.session() as s:
            counts = {t.__tablename__: s.scalar(select(func.count()).select_from(t))
                      for t in (Submission, Dossier, Nominee, Person, Decision, Award, AuditEntry)}
            counts["decided"] = s.scalar(select(func.count()).select_from(Dossier)  # signed, wholly or partly
                                         .where(Dossier.status.in_(("decided", "partly_decided"))))
            return counts
    finally:
        db.dispose()


# Kill points: early in the transaction, half-way, at the COMMIT, and a little after it.
IMPORT_KILLS = [("exec 3", 0.0), ("exec 15", 0.0), ("exec 25", 0.0), ("committing", 0.0),
                ("committing", 0.01), ("committing", 0.05)]


@pytest.mark.parametrize(("kill_after", "delay"), IMPORT_KILLS)
def test_killed_import_leaves_all_or_nothing(demo_path, tmp_path, kill_after, delay):
    workbook = big_list(tmp_path / "ds-ban-bo-2000.xlsx")
    before = _counts(demo_path)
    _run_and_kill(IMPORT_CHILD, demo_path, kill_after, delay, workbook)
    _check_healthy(demo_path)
    after = _counts(demo_path)
    delta = {k: after[k] - before[k] for k in before}
    nothing = dict.fromkeys(delta, 0)
    everything = {**nothing, "submissions": 1, "dossiers": 1, "nominees": IMPORT_ROWS,
                  "people": IMPORT_ROWS, "audit_log": delta["audit_log"]}
    assert delta in (nothing, everything), delta
    if delta == everything:
        assert delta["audit_log"] > 0  # the import's audit lines came with it
    if kill_after != "committing":
        assert delta == nothing  # killed before the commit was even asked for


DECISION_KILLS = [("exec 5", 0.0), ("exec 80", 0.0), ("committing", 0.0), ("committing", 0.01),
                  ("committing", 0.05)]


@pytest.mark.parametrize(("kill_after", "delay"), DECISION_KILLS)
def test_killed_decision_leaves_all_or_nothing(demo_path, kill_after, delay):
    before = _counts(demo_path)
    _run_and_kill(DECISION_CHILD, demo_path, kill_after, delay)
    _check_healthy(demo_path)
    after = _counts(demo_path)
    delta = {k: after[k] - before[k] for k in ("decisions", "awards", "decided")}
    assert delta["decisions"] in (0, 1)
    if delta["decisions"] == 0:
        assert delta == {"decisions": 0, "awards": 0, "decided": 0}
    else:
        assert delta["awards"] > 0 and delta["decided"] > 0
    if kill_after != "committing":
        assert delta["decisions"] == 0


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
