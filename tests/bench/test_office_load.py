"""A small office's busy morning on one server: five clerks' PCs (five processes) on loopback,
a fixed number of rounds each, every round an import of their unit's list, a receipt by hand,
opening the dossier they all work on, appraising one of its nominees and scoring the bloc
criterion they all score. Stops by itself. Run with `python3 dev.py bench` (or `dev.py test
tests/bench/test_office_load.py`), which starts the PostgreSQL server.

Prints, per action, how many ran, the median and the slowest time, and the refusals by kind.
What must hold: no unexpected error; the work no two clerks share (imports, receipts, opening)
is never refused; refusals happen only where two clerks changed the same thing ("conflict",
told who and when) or a server limit said so in its plain line.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.app.server.test_office_concurrency import PEOPLE, add_units, target, unit_list

pytestmark = pytest.mark.pg_only
CLIENT = Path(__file__).with_name("load_client.py")
CLERKS, ROUNDS = 5, 6
ACTIONS = ("import", "receive", "open", "appraise", "score")


def test_five_clerks_at_once_on_the_server(db, tmp_path):
    from app.bloc_criteria import add_criterion
    from app.blocs import BlocData, save_bloc
    from app.dossiers import DossierInput, receive_dossier
    from app.nominees import NomineeInput, add_nominee

    unit_ids = add_units(db, CLERKS)
    with db.session() as s:
        shared = receive_dossier(s, DossierInput(unit_id=unit_ids[0], received_on=dt.date(2025, 11, 18)))
        for person, _ in PEOPLE:
            add_nominee(s, shared.id, NomineeInput(name=person, award="Giấy khen", achievement="Xuất sắc"))
        bloc_id = save_bloc(s, BlocData(year=2025, name="Khối các xã", member_ids=unit_ids))
        criterion_id = add_criterion(s, bloc_id, "Thực hiện nhiệm vụ chính trị", 30, code="1.1")
        shared_id = shared.id
    folder = tmp_path / "office"
    folder.mkdir()
    procs = []
    for i in range(CLERKS):
        spec = {"target": target(db), "folder": str(folder), "name": f"clerk{i + 1}", "rounds": ROUNDS,
                "unit_id": unit_ids[i], "list": str(unit_list(tmp_path, i)), "shared_dossier": shared_id,
                "criterion_id": criterion_id, "scored_unit_id": unit_ids[0]}
        path = folder / f"clerk{i + 1}.spec.json"
        path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
        procs.append(subprocess.Popen([sys.executable, str(CLIENT), str(path)],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    deadline = time.monotonic() + 300
    while not all((folder / f"clerk{i + 1}.ready").exists() for i in range(CLERKS)):
        assert all(p.poll() is None for p in procs) and time.monotonic() < deadline, \
            [p.communicate() for p in procs if p.poll() is not None]
        time.sleep(0.05)
    started = time.perf_counter()
    (folder / "go").touch()
    for p in procs:
        _out, err = p.communicate(timeout=900)
        assert p.returncode == 0, err
    elapsed = time.perf_counter() - started
    lines = [json.loads(x) for i in range(CLERKS)
             for x in (folder / f"clerk{i + 1}.jsonl").read_text(encoding="utf-8").splitlines()]

    print(f"\n{CLERKS} clerks × {ROUNDS} rounds on PostgreSQL (loopback): {len(lines)} actions in {elapsed:.1f} s")
    print(f"{'action':<10}{'n':>4}{'median':>10}{'slowest':>10}   outcomes")
    for action in ACTIONS:
        done = [x for x in lines if x["action"] == action]
        ms = [x["ms"] for x in done]
        kinds = Counter(x["kind"] for x in done)
        print(f"{action:<10}{len(done):>4}{statistics.median(ms):>8.0f} ms{max(ms):>7.0f} ms   "
              + ", ".join(f"{k}: {n}" for k, n in sorted(kinds.items())))
    refusals = Counter(x["kind"] for x in lines if x["kind"] != "ok")
    print("refusals by kind: " + (", ".join(f"{k}: {n}" for k, n in sorted(refusals.items())) or "none"))

    unexpected = [x["text"] for x in lines if x["kind"] == "unexpected"]
    assert not unexpected, unexpected[0]
    assert len(lines) == CLERKS * ROUNDS * len(ACTIONS)
    for action in ("import", "receive", "open"):  # nobody else's business: never refused
        refused = [x for x in lines if x["action"] == action and x["kind"] != "ok"]
        assert not refused, refused[:3]
    for x in lines:  # a refusal of shared work names who saved first, in words
        if x["kind"] == "conflict":
            assert "Không lưu được" in x["text"] and "«clerk" in x["text"] and "#" not in x["text"], x
