"""One clerk's program on its own PC, for the tests of several clerks at once (run as a script).

    python office_worker.py SPEC.json

SPEC: {"target", "folder", "name", "user", "action", "args"}. The worker opens the database
as the program does, prepares what the screen would have shown (a read file, the versions it
saw), writes NAME.ready, waits for FOLDER/go, does the one action, and writes NAME.json:
{"ok": true, "result": ...} or {"ok": false, "message", "kind", "error"} for a refusal the
clerk would read (a UserError), or {"ok": false, "unexpected": traceback} for anything else.

Actions: import (args.path), open (args.dossier_id), score (args.criterion_id, unit_id, value),
receive (args.unit_id), hold (args.dossier_id: change the title, flush, write NAME.holding,
then wait for NAME.release: the test freezes this process with SIGSTOP meanwhile), hold_receipt
(receive, then the same).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))


def _wait_for(path: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"no {path.name}")
        time.sleep(0.005)


def _prepare(db, action: str, args: dict):
    from app.conflicts import bloc_score_versions, seen_versions
    from db.models import BlocCriterion, Dossier

    if action == "import":
        from app.imports import read_file

        with db.session() as s:
            return read_file(s, args["path"])
    if action == "score":
        with db.session() as s:
            return bloc_score_versions(s, s.get(BlocCriterion, args["criterion_id"]).bloc_id)
    if action in ("open", "hold"):
        with db.session() as s:
            return seen_versions(s, Dossier, [args["dossier_id"]])
    return None


def _hold(folder: Path, name: str) -> None:
    (folder / f"{name}.holding").touch()
    _wait_for(folder / f"{name}.release", 600)  # frozen here (SIGSTOP) by the test meanwhile


def _act(db, action: str, args: dict, prepared, folder: Path, name: str):
    from app.bloc_scores import set_score
    from app.conflicts import expect, seen_versions
    from app.dossier_view import dossier_detail
    from app.dossiers import DossierInput, receive_dossier
    from app.imports import commit_import
    from db.models import Dossier, Nominee

    if action == "import":
        result = commit_import(db, prepared, today=dt.date(2025, 12, 5))
        return {"number": result.dossier_number, "nominees": result.nominees}
    if action == "open":
        with db.session() as s:
            detail = dossier_detail(s, args["dossier_id"])
            seen = seen_versions(s, Nominee, [n.id for n in detail.nominees]) | seen_versions(
                s, Dossier, [detail.id])
        return sorted([t, i, v] for (t, i), v in seen.items())
    if action == "score":
        with db.session() as s:
            expect(s, prepared)
            set_score(s, args["criterion_id"], args["unit_id"], self_score=args["value"],
                      explanation=f"Giải trình của {name}")
            s.flush()
            time.sleep(0.3)  # the other clerk's save arrives while this one is not yet committed
        return None
    if action == "receive":
        with db.session() as s:
            return receive_dossier(s, DossierInput(unit_id=args["unit_id"],
                                                   received_on=dt.date(2025, 11, 20))).number
    if action == "hold":
        with db.session() as s:
            expect(s, prepared)
            s.get(Dossier, args["dossier_id"]).title = f"Tiêu đề của {name}"
            s.flush()
            _hold(folder, name)
        return None
    if action == "hold_receipt":
        with db.session() as s:
            number = receive_dossier(s, DossierInput(unit_id=args["unit_id"],
                                                     received_on=dt.date(2025, 11, 20))).number
            s.flush()
            _hold(folder, name)
        return number
    raise ValueError(action)


def main(spec_path: str) -> None:
    from app.database import open_database
    from app.errors import UserError
    from app.session_user import Actor, set_actor

    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    folder, name, action, args = Path(spec["folder"]), spec["name"], spec["action"], spec.get("args", {})
    user = spec.get("user", name)
    set_actor(Actor(username=user, display_name=user, role="clerk", signed_in=True))
    db = open_database(spec["target"], create=False)
    try:
        prepared = _prepare(db, action, args)
        (folder / f"{name}.ready").touch()
        _wait_for(folder / "go")
        try:
            out = {"ok": True, "result": _act(db, action, args, prepared, folder, name)}
        except UserError as exc:
            out = {"ok": False, "message": exc.message, "kind": getattr(exc, "kind", ""),
                   "error": type(exc).__name__}
        except Exception:  # noqa: BLE001 - reported to the test, which fails on it
            out = {"ok": False, "unexpected": traceback.format_exc()}
    finally:
        db.dispose()
    (folder / f"{name}.json").write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
