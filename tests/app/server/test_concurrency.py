"""Two programs (two processes) save the same dossier at the same moment: exactly one save
succeeds, the other clerk gets the conflict message naming the winner, and the stored dossier
is the winner's, every field of it. On SQLite and on the PostgreSQL server."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

from app.dossiers import DossierInput, receive_dossier
from db.models import Dossier, Unit

WORKER = Path(__file__).with_name("edit_worker.py")


def _target(db) -> str:
    return str(db.path) if db.path is not None else db.engine.url.render_as_string(hide_password=False)


def _dossier(db) -> int:
    with db.session() as s:
        unit = Unit(code="BB", name="Xã Bản Bo", kind="xa", search_key="xa ban bo")
        s.add(unit)
        s.flush()
        return receive_dossier(s, DossierInput(unit_id=unit.id, received_on=dt.date(2025, 11, 20),
                                               title="Tiêu đề ban đầu")).id


def test_two_processes_save_the_same_dossier_one_wins_whole_the_other_is_told(db, tmp_path):
    dossier_id = _dossier(db)
    folder = tmp_path / "race"
    folder.mkdir()
    users = ["an.nguyen", "binh.tran"]
    procs = [subprocess.Popen([sys.executable, str(WORKER), _target(db), str(dossier_id), u, str(folder)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for u in users]
    deadline = time.monotonic() + 60
    while not all((folder / f"{u}.ready").exists() for u in users):
        assert time.monotonic() < deadline and all(p.poll() is None for p in procs), \
            [p.communicate() for p in procs if p.poll() is not None]
        time.sleep(0.01)
    (folder / "go").touch()
    for p in procs:
        _out, err = p.communicate(timeout=90)
        assert p.returncode == 0, err
    results = {u: json.loads((folder / f"{u}.json").read_text(encoding="utf-8")) for u in users}
    winners = [u for u, r in results.items() if r["ok"]]
    assert len(winners) == 1, results
    winner = winners[0]
    loser = next(u for u in users if u != winner)
    message = results[loser]["message"]
    assert f"«{winner}»" in message and "Không lưu được" in message and "CHƯA được lưu" in message
    with db.session() as s:
        d = s.get(Dossier, dossier_id)
        assert (d.title, d.proposal_ref, d.notes, d.forwarded_to) == (
            f"Tiêu đề của {winner}", f"{winner}-01/TTr", f"Ghi chú của {winner}", f"Nơi nhận của {winner}")
        assert d.version == 2  # one save, not two
