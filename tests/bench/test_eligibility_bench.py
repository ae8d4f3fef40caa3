"""Eligibility benchmark on the `--scale 20` demo office (thousands of nominees, 100,000+
ledger rows). Prints the figures; asserts the issue's bound (well under one second of work per
thousand nominees) and that the number of queries does not grow with the nominees (no query
per nominee per rule). Run with `python3 dev.py bench`.

The data file is built once with `app.demo.write_demo(db, scale=20)` (about fifteen seconds),
or copied from TDKT_BENCH_DB when set.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from sqlalchemy import event


@pytest.fixture(scope="module")
def scale20(tmp_path_factory) -> Path:
    from app.database import open_database
    from app.demo import write_demo

    path = tmp_path_factory.mktemp("bench") / "scale20.db"
    given = os.environ.get("TDKT_BENCH_DB")
    if given:
        shutil.copyfile(given, path)
        return path
    db = open_database(path)
    write_demo(db, scale=20)
    db.dispose()
    return path


def _run(path: Path, store: bool) -> tuple[int, float, int, dict]:
    from app.database import open_database
    from app.rules import check_year

    db = open_database(path)
    queries = {"n": 0}
    event.listen(db.engine, "before_cursor_execute", lambda *a: queries.__setitem__("n", queries["n"] + 1))
    try:
        with db.session() as session:
            start, cpu = time.perf_counter(), time.process_time()
            verdicts = check_year(session, 2025, store=store)
            elapsed = time.perf_counter() - start
            _run.cpu = time.process_time() - cpu  # the program's own work, whatever else runs
            if not store:
                session.rollback()
    finally:
        db.dispose()
    counts = {k: sum(1 for v in verdicts if v.verdict == k) for k in ("meets", "fails", "unknown")}
    return len(verdicts), elapsed, queries["n"], counts


@pytest.mark.parametrize("store", [False, True], ids=["check", "check+store"])
def test_eligibility_for_a_year_of_the_scale_20_office(scale20, store):
    n, elapsed, queries, counts = _run(scale20, store)
    per_thousand = elapsed / n * 1000
    print(f"\nEligibility {'(kept on nominees) ' if store else ''}for {n:,} nominees: {elapsed:.2f} s, "
          f"{per_thousand:.3f} s per 1,000 (CPU {_run.cpu:.2f} s), {queries} queries; {counts}")
    assert n >= 5000
    assert per_thousand < 1.0
    assert queries < 120  # a few per batch chunk, never one per nominee
