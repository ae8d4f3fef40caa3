"""Several clerks, each on their own PC (a process of their own), at the same moment: what a
small office does every day ends as it should. On SQLite and on the PostgreSQL server.

- two and three imports of different units' lists at once all succeed, each with its own
  dossier number;
- opening the same dossier on two PCs at once moves no version, and the next save is not
  refused;
- two clerks entering the first score of the same criterion: one score is stored, the other
  clerk is told who entered it and when (never a raw duplicate-key error), what they typed
  is named;
- a dossier number typed by hand (HS-2025-05A) never stops automatic numbering.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.bloc_criteria import add_criterion
from app.blocs import BlocData, save_bloc
from app.dossiers import DossierInput, receive_dossier
from app.nominees import NomineeInput, add_nominee
from app.text import fold
from db.models import BlocScore, Dossier, Nominee, Submission, Unit
from tests.app.excel.books import xlsx

WORKER = Path(__file__).with_name("office_worker.py")
UNITS = [("XA_BAN_BO", "UBND xã Bản Bo"), ("XA_BAN_HON", "UBND xã Bản Hon"),
         ("XA_KHUN_HA", "UBND xã Khun Há"), ("XA_NA_TAM", "UBND xã Nà Tăm"),
         ("XA_SON_BINH", "UBND xã Sơn Bình")]
PEOPLE = [("Lò Văn Sinh", "Kinh"), ("Tòng Thị Phóng", "Thái"), ("Vàng A Dình", "Mông"),
          ("Giàng Thị Mỷ", "Mông"), ("Tẩn Láo Lở", "Dao")]


def target(db) -> str:
    return str(db.path) if db.path is not None else db.engine.url.render_as_string(hide_password=False)


def unit_list(folder: Path, index: int) -> Path:
    """A unit's own list of people proposed for a Giấy khen, as a commune sends it."""
    code, name = UNITS[index]
    w = 7
    rows = [["ỦY BAN NHÂN DÂN"] + [None] * (w - 1),
            [name.replace("UBND ", "").upper()] + [None] * (w - 1),
            ["DANH SÁCH"] + [None] * (w - 1),
            ["Đề nghị Chủ tịch UBND huyện tặng Giấy khen năm 2025"] + [None] * (w - 1),
            [f"(Kèm theo Tờ trình số {index + 10}/TTr-UBND ngày 03/12/2025 của {name})"] + [None] * (w - 1),
            ["TT", "Họ và tên", "Năm sinh", "Dân tộc", "Chức vụ, đơn vị công tác",
             "Mức độ hoàn thành nhiệm vụ", "Ghi chú"]]
    for i, (person, ethnicity) in enumerate(PEOPLE, 1):
        rows.append([i, person, 1980 + i + index, ethnicity, f"Công chức {name}", "HTTNV", None])
    return xlsx(folder / f"de-nghi-{code.lower()}.xlsx", rows)


def add_units(db, count: int = len(UNITS)) -> list[int]:
    with db.session() as s:
        units = [Unit(code=code, name=name, short_name=name.replace("UBND ", "").capitalize(),
                      kind="commune", search_key=fold(name)) for code, name in UNITS[:count]]
        s.add_all(units)
        s.flush()
        return [u.id for u in units]


def run_clerks(db, folder: Path, specs: list[dict], *, env: dict | None = None,
               timeout: float = 180) -> dict[str, dict]:
    """Start one process per clerk, let them all go at once, return each one's outcome."""
    import os

    folder.mkdir(exist_ok=True)
    procs = {}
    for spec in specs:
        spec = {"target": target(db), "folder": str(folder), **spec}
        path = folder / f"{spec['name']}.spec.json"
        path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
        procs[spec["name"]] = subprocess.Popen([sys.executable, str(WORKER), str(path)],
                                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                               env={**os.environ, **(env or {})})
    deadline = time.monotonic() + timeout
    while not all((folder / f"{n}.ready").exists() for n in procs):
        dead = {n: p.communicate() for n, p in procs.items() if p.poll() is not None
                and not (folder / f"{n}.ready").exists()}
        assert not dead and time.monotonic() < deadline, dead
        time.sleep(0.01)
    (folder / "go").touch()
    for proc in procs.values():
        _out, err = proc.communicate(timeout=timeout)
        assert proc.returncode == 0, err
    outcomes = {n: json.loads((folder / f"{n}.json").read_text(encoding="utf-8")) for n in procs}
    assert not any("unexpected" in o for o in outcomes.values()), outcomes
    return outcomes


@pytest.mark.parametrize("clerks", [2, 3])
def test_imports_of_different_units_lists_at_once_all_succeed(db, tmp_path, clerks):
    add_units(db)
    with db.session() as s:  # a hand receipt earlier in the year holds HS-2025-0001
        receive_dossier(s, DossierInput(unit_id=s.scalar(select(Unit.id).limit(1)),
                                        received_on=dt.date(2025, 3, 1)))
    specs = [{"name": f"clerk{i}", "action": "import", "args": {"path": str(unit_list(tmp_path, i))}}
             for i in range(clerks)]
    outcomes = run_clerks(db, tmp_path / "race", specs)
    assert all(o["ok"] for o in outcomes.values()), outcomes
    numbers = sorted(o["result"]["number"] for o in outcomes.values())
    assert numbers == [f"HS-2025-{n:04d}" for n in range(2, clerks + 2)]
    with db.session() as s:
        # One submission per list imported (the hand receipt above is its unit's own, on paper).
        assert s.scalar(select(func.count()).select_from(Submission).where(Submission.channel == "import")) == clerks
        assert s.scalar(select(func.count()).select_from(Nominee)) == clerks * len(PEOPLE)
        for number in numbers:
            d = s.scalar(select(Dossier).where(Dossier.number == number))
            assert len(d.nominees) == len(PEOPLE) and d.history[0].reason.startswith("Nhập từ tệp")


def test_two_pcs_opening_the_same_dossier_move_no_version_and_a_save_is_not_refused(db, tmp_path):
    from app.conflicts import expect, seen_versions
    from app.nominees import appraise
    from app.session_user import Actor, acting_as

    (unit_id,) = add_units(db, 1)
    with db.session() as s:
        d = receive_dossier(s, DossierInput(unit_id=unit_id, received_on=dt.date(2025, 11, 20)))
        for name, _ in PEOPLE[:3]:
            add_nominee(s, d.id, NomineeInput(name=name, award="Lao động tiên tiến", rating="HTTNV"))
        dossier_id = d.id
    with db.session() as s:
        before = seen_versions(s, Dossier, [dossier_id]) | seen_versions(
            s, Nominee, s.scalars(select(Nominee.id)).all())
    specs = [{"name": n, "action": "open", "args": {"dossier_id": dossier_id}} for n in ("an", "binh")]
    outcomes = run_clerks(db, tmp_path / "open", specs)
    shown = {n: {(t, i): v for t, i, v in o["result"]} for n, o in outcomes.items()}
    assert shown["an"] == shown["binh"] == before  # what each PC saw is what is stored
    with db.session() as s:
        after = seen_versions(s, Dossier, [dossier_id]) | seen_versions(s, Nominee, s.scalars(select(Nominee.id)).all())
    assert after == before
    nominee_id = min(i for (t, i) in before if t == "nominees")
    with acting_as(Actor(username="an", display_name="An", role="clerk", signed_in=True)), db.session() as s:
        expect(s, shown["an"])
        appraise(s, nominee_id, "approved")  # Bình only looked: An's save goes through


def test_two_clerks_enter_the_first_score_of_a_criterion_one_is_stored_the_other_told_who(db, tmp_path):
    unit_ids = add_units(db, 2)
    with db.session() as s:
        bloc_id = save_bloc(s, BlocData(year=2025, name="Khối các xã", member_ids=unit_ids))
        criterion_id = add_criterion(s, bloc_id, "Thực hiện nhiệm vụ chính trị", 30, code="1.1")
    specs = [{"name": n, "user": n, "action": "score",
              "args": {"criterion_id": criterion_id, "unit_id": unit_ids[0], "value": value}}
             for n, value in (("an.nguyen", 25), ("binh.tran", 27))]
    outcomes = run_clerks(db, tmp_path / "score", specs)
    winners = [n for n, o in outcomes.items() if o["ok"]]
    assert len(winners) == 1, outcomes
    loser = next(n for n in outcomes if n not in winners)
    message = outcomes[loser]["message"]
    assert outcomes[loser]["error"] == "RecordConflict"
    assert f"«{winners[0]}»" in message and " lúc " in message, message
    assert "tiêu chí 1.1 «Thực hiện nhiệm vụ chính trị» của UBND xã Bản Bo" in message
    typed = {"an.nguyen": "25", "binh.tran": "27"}[loser]
    assert "CHƯA được lưu" in message and f"Điểm tự chấm: {typed}" in message
    assert f"Giải trình: Giải trình của {loser}" in message
    assert "#" not in message and "duplicate" not in message.lower() and "unique" not in message.lower()
    assert "explanation" not in message and "self_score" not in message
    with db.session() as s:
        (score,) = s.scalars(select(BlocScore)).all()
        assert score.explanation == f"Giải trình của {winners[0]}"


def test_a_score_entered_while_another_clerk_looked_at_the_empty_cell_is_not_overwritten(db):
    from app.bloc_scores import set_score
    from app.conflicts import RecordConflict, bloc_score_versions, expect
    from app.session_user import Actor, acting_as

    unit_ids = add_units(db, 2)
    with db.session() as s:
        bloc_id = save_bloc(s, BlocData(year=2025, name="Khối các xã", member_ids=unit_ids))
        criterion_id = add_criterion(s, bloc_id, "Thực hiện nhiệm vụ chính trị", 30, code="1.1")
    with db.session() as s:
        seen = bloc_score_versions(s, bloc_id)  # Bình's sheet: every cell empty
    with acting_as(Actor(username="an.nguyen", display_name="An", role="clerk", signed_in=True)), \
            db.session() as s:
        set_score(s, criterion_id, unit_ids[0], self_score=25)
    with acting_as(Actor(username="binh.tran", display_name="Bình", role="clerk", signed_in=True)), \
            pytest.raises(RecordConflict) as caught, db.session() as s:
        expect(s, seen)
        set_score(s, criterion_id, unit_ids[1], self_score=20)  # another cell: fine on its own
        set_score(s, criterion_id, unit_ids[0], self_score=27)  # the cell An filled meanwhile
    assert caught.value.by == "an.nguyen" and "Điểm tự chấm: 27" in caught.value.message
    with db.session() as s:
        assert [(x.unit_id, int(x.self_score)) for x in s.scalars(select(BlocScore))] == [(unit_ids[0], 25)]


def test_a_number_typed_by_hand_does_not_stop_automatic_numbering(db):
    (unit_id,) = add_units(db, 1)
    with db.session() as s:
        first = receive_dossier(s, DossierInput(unit_id=unit_id, received_on=dt.date(2025, 5, 2)))
        typed = receive_dossier(s, DossierInput(unit_id=unit_id, received_on=dt.date(2025, 5, 3),
                                                number="HS-2025-05A"))
        after = receive_dossier(s, DossierInput(unit_id=unit_id, received_on=dt.date(2025, 5, 4)))
        odd = receive_dossier(s, DossierInput(unit_id=unit_id, received_on=dt.date(2025, 5, 5),
                                              number="HS-2025-0007/BS"))
        last = receive_dossier(s, DossierInput(unit_id=unit_id, received_on=dt.date(2025, 5, 6)))
        numbers = [first.number, typed.number, after.number, odd.number, last.number]
    assert numbers == ["HS-2025-0001", "HS-2025-05A", "HS-2025-0002", "HS-2025-0007/BS", "HS-2025-0003"]
