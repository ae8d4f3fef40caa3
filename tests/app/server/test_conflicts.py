"""Two clerks change the same record: the second save is refused with who and when, and what
they typed is named; nothing of the first is overwritten. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.conflicts import RecordConflict, expect, seen_versions
from app.decisions import forward_dossier
from app.dossiers import DossierInput, move_dossier, receive_dossier
from app.errors import ConflictError
from app.nominees import NomineeInput, add_nominee, appraise, update_nominee
from app.session_user import Actor, acting_as
from db.models import Decision, Dossier, Nominee, Unit

AN = Actor(username="an.nguyen", display_name="Nguyễn Văn An", role="clerk", signed_in=True)
BINH = Actor(username="binh.tran", display_name="Trần Thị Bình", role="clerk", signed_in=True)


@pytest.fixture
def dossier_id(db) -> int:
    with db.session() as s:
        unit = Unit(code="BB", name="Xã Bản Bo", kind="xa", search_key="xa ban bo")
        s.add(unit)
        s.flush()
        d = receive_dossier(s, DossierInput(unit_id=unit.id, received_on=dt.date(2025, 11, 20),
                                            title="Đề nghị khen năm 2025"))
        add_nominee(s, d.id, NomineeInput(name="Lò Văn Sinh", award="Lao động tiên tiến",
                                          achievement="Hoàn thành tốt nhiệm vụ"))
        return d.id


def _seen(db, dossier_id):
    with db.session() as s:
        ids = s.scalars(select(Nominee.id).where(Nominee.dossier_id == dossier_id)).all()
        return seen_versions(s, Dossier, [dossier_id]) | seen_versions(s, Nominee, ids), ids


def test_a_save_over_a_change_made_since_the_screen_loaded_is_refused_naming_who_and_when(db, dossier_id):
    seen, (nominee_id,) = _seen(db, dossier_id)
    with acting_as(BINH), db.session() as s:
        update_nominee(s, nominee_id, achievement="Thành tích của Bình")
    before = dt.datetime.now().replace(microsecond=0)
    with acting_as(AN), pytest.raises(RecordConflict) as caught, db.session() as s:
        expect(s, seen)
        update_nominee(s, nominee_id, achievement="Thành tích An gõ", position="Chủ tịch xã")
    err = caught.value
    assert err.by == "binh.tran" and err.entity == "nominees" and err.entity_id == nominee_id
    assert err.at is not None and abs((err.at - before).total_seconds()) < 60
    assert "«binh.tran»" in err.message and f"{err.at:%H:%M ngày %d/%m/%Y}" in err.message
    assert "Lò Văn Sinh" in err.message and "CHƯA được lưu" in err.message
    with db.session() as s:
        stored = s.get(Nominee, nominee_id)
        assert (stored.achievement, stored.position) == ("Thành tích của Bình", "")


def test_a_service_acting_on_a_dossier_moved_meanwhile_gets_the_conflict_not_a_wrong_reason(db, dossier_id):
    seen, _ = _seen(db, dossier_id)
    with acting_as(BINH), db.session() as s:
        move_dossier(s, dossier_id, "returned", "Thiếu bản thành tích")
    with acting_as(AN), pytest.raises(RecordConflict) as caught, db.session() as s:
        expect(s, seen)
        forward_dossier(s, dossier_id, "12/TTr-PNV", dt.date(2025, 11, 25), "UBND tỉnh")
    assert caught.value.entity == "dossiers" and caught.value.by == "binh.tran"
    assert "Hồ sơ" in caught.value.message or "hồ sơ" in caught.value.message
    with db.session() as s:
        d = s.get(Dossier, dossier_id)
        assert (d.status, d.forward_ref) == ("returned", "")


def test_changes_to_other_records_of_the_screen_do_not_block_a_save(db, dossier_id):
    seen, (first,) = _seen(db, dossier_id)
    with db.session() as s:
        second = add_nominee(s, dossier_id, NomineeInput(name="Tòng Thị Phóng", award="Lao động tiên tiến")).id
    with acting_as(BINH), db.session() as s:
        update_nominee(s, second, achievement="Bình sửa người thứ hai")
    with acting_as(AN), db.session() as s:
        expect(s, seen)
        appraise(s, first, "approved")
    with db.session() as s:
        assert s.get(Nominee, first).appraisal == "approved"


def test_two_sessions_at_once_the_version_check_in_the_update_refuses_the_second(db, dossier_id):
    """No screen versions: the two saves overlap inside their transactions."""
    with acting_as(AN):
        first = db.factory()
        d1 = first.get(Dossier, dossier_id)
        d1.title = "Tiêu đề của An"
    with acting_as(BINH), db.session() as s:
        s.get(Dossier, dossier_id).title = "Tiêu đề của Bình"
    with acting_as(AN), pytest.raises(ConflictError) as caught:
        try:
            with db.session() as s:  # the same write, through Database.session's translation
                d = s.get(Dossier, dossier_id)
                expect(s, {("dossiers", dossier_id): d1.version})
                d.title = "Tiêu đề của An"
        finally:
            first.close()
    assert "binh.tran" in caught.value.message and "Tiêu đề của An" in caught.value.message
    with db.session() as s:
        assert s.get(Dossier, dossier_id).title == "Tiêu đề của Bình"


def test_decision_edits_are_version_checked_too(db, dossier_id):
    with db.session() as s:
        s.add(Decision(number="15/QĐ-UBND", issuer="UBND huyện Tam Đường", year=2025,
                       issued_on=dt.date(2025, 12, 1), status="issued", summary="Khen thưởng"))
    with db.session() as s:
        decision = s.scalar(select(Decision))
        seen = seen_versions(s, Decision, [decision.id])
    with acting_as(BINH), db.session() as s:
        s.get(Decision, decision.id).summary = "Bình sửa trích yếu"
    with acting_as(AN), pytest.raises(RecordConflict) as caught, db.session() as s:
        expect(s, seen)
        s.get(Decision, decision.id).signer_name = "Sùng Lử Páo"
    assert caught.value.entity == "decisions" and "15/QĐ-UBND" in caught.value.message


def test_a_dossier_number_typed_twice_is_refused_and_a_given_number_is_unique(db, dossier_id):
    with db.session() as s:
        unit_id = s.scalar(select(Unit.id))
        taken = s.get(Dossier, dossier_id).number
    with pytest.raises(ConflictError), db.session() as s:
        d = Dossier(year=2025, number=taken, unit_id=unit_id, received_on=dt.date(2025, 11, 21),
                    category="regular", authority="local", status="received")
        from app.dossiers import _insert_numbered

        _insert_numbered(s, d, taken)


def test_a_next_number_taken_by_someone_else_meanwhile_moves_on_to_the_one_after(db, dossier_id, monkeypatch):
    import app.dossiers as dossiers

    with db.session() as s:
        unit_id = s.scalar(select(Unit.id))
        taken = s.get(Dossier, dossier_id).number
    calls = []
    real = dossiers.next_number

    def stale_then_real(session, year):  # the first answer is the one another PC just used
        calls.append(year)
        return taken if len(calls) == 1 else real(session, year)

    monkeypatch.setattr(dossiers, "next_number", stale_then_real)
    with db.session() as s:
        d = receive_dossier(s, DossierInput(unit_id=unit_id, received_on=dt.date(2025, 11, 22)))
        number = d.number
    assert len(calls) == 2 and number != taken and number == f"HS-2025-{int(taken[-4:]) + 1:04d}"


def test_the_first_verdict_on_a_just_received_dossier_does_not_refuse_another_clerks_verdict(db, dossier_id):
    """t25: the first verdict moves the dossier to Đang thẩm định; a second clerk who had it
    open and marks a different person was refused as if the dossier had been edited. The move
    is the verdict's side effect, not an edit: both verdicts stand, the move is recorded once;
    the same person marked by both is still a conflict."""
    from app.dossier_view import keep_verdicts
    from db.models import DossierEvent

    with db.session() as s:
        second = add_nominee(s, dossier_id, NomineeInput(name="Tòng Thị Phóng", award="Lao động tiên tiến")).id
    seen, (first, _second) = _seen(db, dossier_id)
    with acting_as(BINH), db.session() as s:
        expect(s, dict(seen))
        appraise(s, first, "approved")
        keep_verdicts(s, dossier_id)
    with acting_as(AN), db.session() as s:  # An's screen was opened before Bình's verdict
        expect(s, dict(seen))
        appraise(s, second, "rejected", "Chưa đủ minh chứng")
        keep_verdicts(s, dossier_id)
    with db.session() as s:
        assert s.get(Dossier, dossier_id).status == "appraising"
        assert (s.get(Nominee, first).appraisal, s.get(Nominee, second).appraisal) == ("approved", "rejected")
        moves = s.scalars(select(DossierEvent.reason).where(DossierEvent.dossier_id == dossier_id,
                                                            DossierEvent.to_status == "appraising",
                                                            DossierEvent.from_status == "received")).all()
        assert moves == ["Bắt đầu thẩm định"]
    with acting_as(AN), pytest.raises(RecordConflict) as caught, db.session() as s:
        expect(s, dict(seen))
        appraise(s, first, "rejected", "An không đồng ý")
    assert caught.value.by == "binh.tran" and "Lò Văn Sinh" in caught.value.message


def test_a_later_verdict_on_the_same_person_keeps_the_stored_one_as_before_in_the_audit(db, dossier_id):
    """t25: `appraise --reject` then `--approve` of the same person from two PCs: the audit
    line of the approval said the result before was empty, not «Không đạt»."""
    from db.models import AuditEntry

    (nominee_id,) = _seen(db, dossier_id)[1]
    with acting_as(BINH), db.session() as s:
        appraise(s, nominee_id, "rejected", "Thiếu minh chứng sáng kiến")
    with acting_as(AN), db.session() as s:
        appraise(s, nominee_id, "approved")
    with db.session() as s:
        last = s.scalars(select(AuditEntry).where(AuditEntry.entity == "nominees",
                                                  AuditEntry.entity_id == nominee_id)
                         .order_by(AuditEntry.id.desc())).first()
        assert last.user == "an.nguyen"
        assert last.before["appraisal"] == "rejected" and last.after["appraisal"] == "approved"
        assert last.before["appraisal_note"] == "Thiếu minh chứng sáng kiến"
