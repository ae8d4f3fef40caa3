"""One clerk's PC in the office load test (run as a script by test_office_load.py).

    python load_client.py SPEC.json

SPEC: {"target", "folder", "name", "rounds", "unit_id", "list", "shared_dossier", "criterion_id",
"scored_unit_id"}. After FOLDER/go, each round does what a clerk does in a working day, in
order: import its unit's list (a new version of it each round), receive a dossier by hand, open
the dossier every clerk works on, appraise one of its nominees, and score the bloc criterion
every clerk scores. Each action is timed and its outcome noted as the clerk would see it:
"ok", "conflict" (someone else saved the same thing first: told who and when), a failure kind
of app/failures.py (lock timeout, deadlock, unreachable ...), "refused" (another plain line),
or "unexpected" with its traceback. One JSON line per action in NAME.jsonl.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def _outcome(fn) -> tuple[str, float, str]:
    from app.errors import ConflictError, UserError
    from app.failures import DatabaseFailure

    start = time.perf_counter()
    try:
        fn()
        kind, text = "ok", ""
    except ConflictError as exc:
        kind, text = "conflict", exc.message
    except DatabaseFailure as exc:
        kind, text = exc.kind, exc.message
    except UserError as exc:
        kind, text = "refused", exc.message
    except Exception:  # noqa: BLE001 - counted and shown by the test, which fails on it
        kind, text = "unexpected", traceback.format_exc()
    return kind, (time.perf_counter() - start) * 1000, text


def _version_of_list(path: Path, round_no: int, name: str) -> Path:
    """The unit's list again, corrected: another file (another content) each round."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.active
    sheet.cell(row=4, column=1, value=f"{sheet.cell(row=4, column=1).value} (bản {round_no + 1} của {name})")
    out = path.with_name(f"{path.stem}-{round_no}.xlsx")
    book.save(out)
    return out


def main(spec_path: str) -> None:
    from sqlalchemy import select

    from app.bloc_scores import set_score
    from app.conflicts import bloc_score_versions, expect, seen_versions
    from app.database import open_database
    from app.dossier_view import dossier_detail
    from app.dossiers import DossierInput, receive_dossier
    from app.imports import commit_import, read_file
    from app.nominees import appraise
    from app.session_user import Actor, set_actor
    from db.models import BlocCriterion, Dossier, Nominee

    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    folder, name = Path(spec["folder"]), spec["name"]
    set_actor(Actor(username=name, display_name=name, role="clerk", signed_in=True))
    rng = random.Random(name)  # each clerk's own, the same on every run
    db = open_database(spec["target"], create=False)
    lists = [_version_of_list(Path(spec["list"]), r, name) for r in range(spec["rounds"])]
    (folder / f"{name}.ready").touch()
    while not (folder / "go").exists():
        time.sleep(0.005)
    out = open(folder / f"{name}.jsonl", "w", encoding="utf-8")  # noqa: SIM115 - written as it goes

    def note(action: str, result: tuple[str, float, str]) -> None:
        out.write(json.dumps({"action": action, "kind": result[0], "ms": result[1], "text": result[2]},
                             ensure_ascii=False) + "\n")
        out.flush()

    try:
        for round_no in range(spec["rounds"]):
            def import_list(path=lists[round_no]):
                with db.session() as s:
                    preview = read_file(s, path, unit=spec["unit_id"])
                commit_import(db, preview, today=dt.date(2025, 12, 5))

            def receive():
                with db.session() as s:
                    receive_dossier(s, DossierInput(unit_id=spec["unit_id"], received_on=dt.date(2025, 11, 20)))

            shown: dict = {}

            def open_shared(shown=shown):
                with db.session() as s:
                    detail = dossier_detail(s, spec["shared_dossier"])
                    shown["seen"] = (seen_versions(s, Dossier, [detail.id])
                                     | seen_versions(s, Nominee, [n.id for n in detail.nominees]))
                    shown["nominees"] = [n.id for n in detail.nominees]

            def appraise_one(shown=shown):
                nominee_id = rng.choice(shown["nominees"])
                time.sleep(rng.uniform(0, 0.2))  # the clerk reads the screen a moment
                with db.session() as s:
                    expect(s, shown["seen"])
                    appraise(s, nominee_id, rng.choice(["approved", "returned"]), "Cần bổ sung bản thành tích")

            def score():
                with db.session() as s:
                    bloc_id = s.scalar(select(BlocCriterion.bloc_id).where(BlocCriterion.id == spec["criterion_id"]))
                    seen = bloc_score_versions(s, bloc_id)
                time.sleep(rng.uniform(0, 0.2))
                with db.session() as s:
                    expect(s, seen)
                    set_score(s, spec["criterion_id"], spec["scored_unit_id"], self_score=rng.randint(10, 30))

            note("import", _outcome(import_list))
            note("receive", _outcome(receive))
            note("open", _outcome(open_shared))
            note("appraise", _outcome(appraise_one) if "seen" in shown else ("refused", 0.0, "not opened"))
            note("score", _outcome(score))
    finally:
        out.close()
        db.dispose()


if __name__ == "__main__":
    main(sys.argv[1])
