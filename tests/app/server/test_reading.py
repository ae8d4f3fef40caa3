"""Reading never changes a record: opening a dossier shows fresh verdicts but writes nothing
(no statement that changes a row, no version moved), so a clerk who only looked is never the
"someone else" of another clerk's refused save. On SQLite and on the PostgreSQL server."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, select

from app.conflicts import expect, seen_versions
from app.dossier_view import dossier_detail, keep_verdicts
from app.dossiers import DossierInput, receive_dossier
from app.nominees import NomineeInput, add_nominee, appraise
from app.session_user import Actor, acting_as
from app.users import create_user, enable_users
from db.models import AuditEntry, Dossier, Nominee, Unit

AN = Actor(username="an.nguyen", display_name="Nguyễn Văn An", role="clerk", signed_in=True)
BINH = Actor(username="binh.tran", display_name="Trần Thị Bình", role="clerk", signed_in=True)
XEM = Actor(username="xem", display_name="Người xem", role="viewer", signed_in=True)


@pytest.fixture
def dossier_id(db) -> int:
    with db.session() as s:
        unit = Unit(code="BB", name="Xã Bản Bo", kind="xa", search_key="xa ban bo")
        s.add(unit)
        s.flush()
        d = receive_dossier(s, DossierInput(unit_id=unit.id, received_on=dt.date(2025, 11, 20)))
        for name in ("Lò Văn Sinh", "Tòng Thị Phóng"):
            add_nominee(s, d.id, NomineeInput(name=name, award="Lao động tiên tiến", rating="HTNV"))
        return d.id


def _versions(db, dossier_id):
    with db.session() as s:
        ids = s.scalars(select(Nominee.id).where(Nominee.dossier_id == dossier_id)).all()
        return seen_versions(s, Dossier, [dossier_id]) | seen_versions(s, Nominee, ids)


def _writes_while(db, fn) -> list[str]:
    """The row-changing statements sent to the database while `fn` runs."""
    sent: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return sent


def test_opening_a_dossier_shows_fresh_verdicts_and_writes_nothing(db, dossier_id):
    before = _versions(db, dossier_id)
    with db.session() as s:
        audit_rows = s.query(AuditEntry).count()
    shown = []

    def open_it():
        with db.session() as s:
            shown.append(dossier_detail(s, dossier_id))

    assert _writes_while(db, open_it) == []
    assert {n.verdict for n in shown[0].nominees} == {"fails"}  # HTNV is below LĐTT's rating
    assert _versions(db, dossier_id) == before
    with db.session() as s:
        assert s.query(AuditEntry).count() == audit_rows
        assert {n.verdict for n in s.scalars(select(Nominee))} == {""}  # shown, not kept


def test_two_clerks_open_the_same_dossier_and_the_one_who_saves_is_not_refused(db, dossier_id):
    with acting_as(AN), db.session() as s:
        dossier_detail(s, dossier_id)
        seen_an = _versions(db, dossier_id)
    with acting_as(BINH), db.session() as s:  # Bình only looks
        dossier_detail(s, dossier_id)
    nominee_id = min(i for (t, i) in seen_an if t == "nominees")
    with acting_as(AN), db.session() as s:
        expect(s, seen_an)
        # Whatever the check concludes for this nominee, a reason keeps the verdict lawful.
        appraise(s, nominee_id, "approved", "Đã đối chiếu hồ sơ gốc")
    with db.session() as s:
        assert s.get(Nominee, nominee_id).appraisal == "approved"


def test_a_viewer_opening_or_checking_keeps_nothing(db, dossier_id):
    head = Actor(username="truong.phong", display_name="Trưởng phòng", role="head", signed_in=True)
    with acting_as(head), db.session() as s:
        enable_users(s, "truong.phong", "Trưởng phòng", "Mat-khau-dai-1")
        create_user(s, "xem", "Người xem", "viewer", "Mat-khau-dai-2")
    before = _versions(db, dossier_id)

    def look_and_check():
        with acting_as(XEM), db.session() as s:
            dossier_detail(s, dossier_id)
            keep_verdicts(s, dossier_id)  # an explicit check by a viewer: shown, not kept

    assert _writes_while(db, look_and_check) == []
    assert _versions(db, dossier_id) == before


def test_keeping_verdicts_after_work_moves_no_version(db, dossier_id):
    """A kept verdict is derived data: nobody's edit, never a conflict for another clerk."""
    before = _versions(db, dossier_id)
    with acting_as(AN), db.session() as s:
        keep_verdicts(s, dossier_id)
    with db.session() as s:
        assert {n.verdict for n in s.scalars(select(Nominee))} == {"fails"}
    assert _versions(db, dossier_id) == before


def test_the_eligibility_command_shows_verdicts_and_keeps_nothing(db, dossier_id, capsys):
    """t25: `tdkt eligibility --dossier` filled nominees.verdict (a command that only reads)."""
    import json

    from app.cli import main
    from tests.app.server.test_office_concurrency import target

    with db.session() as s:
        number = s.get(Dossier, dossier_id).number
    before = _versions(db, dossier_id)
    assert main(["eligibility", "--dossier", number, "--json", "--db", target(db)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [v["verdict"] for v in shown] == ["fails", "fails"]
    assert main(["eligibility", "--year", "2025", "--db", target(db)]) == 0
    assert "Lò Văn Sinh" in capsys.readouterr().out
    with db.session() as s:
        assert {n.verdict for n in s.scalars(select(Nominee))} == {""}  # shown, not kept
    assert _versions(db, dossier_id) == before
