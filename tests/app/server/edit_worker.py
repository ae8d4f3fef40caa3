"""One clerk's program in the two-process concurrency test (run as a script).

    python edit_worker.py TARGET DOSSIER_ID USER FOLDER

Loads the dossier as the screen does (keeps its version), says it is ready, waits for the
start signal, then saves four fields at once and holds the transaction a moment so the other
clerk's save overlaps. Writes `USER.json`: {"ok": true} or {"ok": false, "message": ...}.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))


def main(target: str, dossier_id: int, user: str, folder: Path) -> None:
    from app.conflicts import expect, seen_versions
    from app.database import open_database
    from app.errors import ConflictError
    from app.session_user import Actor, set_actor
    from db.models import Dossier

    set_actor(Actor(username=user, display_name=user, role="clerk", signed_in=True))
    db = open_database(target, create=False)
    with db.session() as s:
        seen = seen_versions(s, Dossier, [dossier_id])
    (folder / f"{user}.ready").touch()
    deadline = time.monotonic() + 60
    while not (folder / "go").exists():
        if time.monotonic() > deadline:
            raise SystemExit("no start signal")
        time.sleep(0.005)
    try:
        with db.session() as s:
            expect(s, seen)
            d = s.get(Dossier, dossier_id)
            d.title = f"Tiêu đề của {user}"
            d.proposal_ref = f"{user}-01/TTr"
            d.notes = f"Ghi chú của {user}"
            d.forwarded_to = f"Nơi nhận của {user}"
            s.flush()
            time.sleep(0.6)  # the other clerk's save arrives while this one is not yet committed
        result = {"ok": True}
    except ConflictError as exc:
        result = {"ok": False, "message": exc.message}
    finally:
        db.dispose()
    (folder / f"{user}.json").write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3], Path(sys.argv[4]))
