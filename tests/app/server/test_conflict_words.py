"""A refused save is told in the office's words, and the dossier's history always agrees with
what is stored. On SQLite and on the PostgreSQL server.

- two clerks act on the same nominee at once, one confirming "Đạt" again and one rejecting:
  the second is refused, and the history's last line is the stored result;
- the message names fields and values as the screens do ("Kết quả thẩm định: Không đạt",
  "Ý kiến khi công khai"), never a column, a code ("rejected") or a row id («#12»).
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.conflicts import RecordConflict, expect, seen_versions
from app.dossiers import DossierInput, receive_dossier
from app.nominees import NomineeInput, add_nominee, appraise, record_feedback, update_nominee
from app.session_user import Actor, acting_as
from db.models import Dossier, Nominee, Unit

AN = Actor(username="an.nguyen", display_name="Nguyễn Văn An", role="clerk", signed_in=True)
BINH = Actor(username="binh.tran", display_name="Trần Thị Bình", role="clerk", signed_in=True)
RAW = ("rejected", "approved", "feedback", "appraisal", "#", "nominees", "None")


@pytest.fixture
def nominee_id(db) -> int:
    with db.session() as s:
        unit = Unit(code="BB", name="Xã Bản Bo", kind="xa", search_key="xa ban bo")
        s.add(unit)
        s.flush()
        d = receive_dossier(s, DossierInput(unit_id=unit.id, received_on=dt.date(2025, 11, 20)))
        nominee = add_nominee(s, d.id, NomineeInput(name="Lò Văn Sinh", award="Lao động tiên tiến"))
        appraise(s, nominee.id, "approved")
        return nominee.id


def _seen(db, nominee_id):
    with db.session() as s:
        n = s.get(Nominee, nominee_id)
        return seen_versions(s, Nominee, [n.id]) | seen_versions(s, Dossier, [n.dossier_id])


def _history(db, nominee_id):
    with db.session() as s:
        d = s.get(Dossier, s.get(Nominee, nominee_id).dossier_id)
        return [e.reason for e in d.history], s.get(Nominee, nominee_id).appraisal


def test_confirming_again_while_another_clerk_rejects_is_refused_and_history_agrees(db, nominee_id):
    seen_an, seen_binh = _seen(db, nominee_id), _seen(db, nominee_id)
    with acting_as(BINH), db.session() as s:
        expect(s, seen_binh)
        appraise(s, nominee_id, "rejected", "Chưa đủ thời gian công tác")
    with acting_as(AN), pytest.raises(RecordConflict) as caught, db.session() as s:
        expect(s, seen_an)
        appraise(s, nominee_id, "approved")  # the same value as An saw: still a change of the record
    assert caught.value.by == "binh.tran"
    reasons, stored = _history(db, nominee_id)
    assert stored == "rejected" and "Không đạt" in reasons[-1] and "Chưa đủ thời gian" in reasons[-1]


def test_two_overlapping_saves_on_one_nominee_leave_history_and_result_in_step(db, nominee_id):
    """No screen versions: Bình's save goes through while An's is under way."""
    with acting_as(AN), pytest.raises(RecordConflict) as caught, db.session() as s:
        read = s.get(Nominee, nominee_id)  # An's save has begun: it read the nominee ...
        with acting_as(BINH), db.session() as other:  # ... when Bình's goes through
            appraise(other, nominee_id, "rejected", "Chưa đủ thời gian công tác")
        appraise(s, read.id, "approved")  # the value An already saw: still a write
    assert caught.value.by == "binh.tran"
    reasons, stored = _history(db, nominee_id)
    assert stored == "rejected" and "Không đạt" in reasons[-1]


def _refused_while(db, nominee_id, write) -> str:
    """An's `write` on the nominee, overlapping a change Bình saves meanwhile: the message."""
    with acting_as(AN), pytest.raises(RecordConflict) as caught, db.session() as s:
        read = s.get(Nominee, nominee_id)  # held: the save works on what it read
        with acting_as(BINH), db.session() as other:
            update_nominee(other, nominee_id, position="Trưởng bản")
        write(s)
        assert read is not None
    assert "«Lò Văn Sinh»" in caught.value.message and "«binh.tran»" in caught.value.message
    for raw in RAW:
        assert raw not in caught.value.message, (raw, caught.value.message)
    return caught.value.message


def test_the_message_speaks_the_offices_words(db, nominee_id):
    message = _refused_while(db, nominee_id, lambda s: appraise(s, nominee_id, "rejected", "Thiếu minh chứng"))
    assert "Kết quả thẩm định: Không đạt" in message and "Ý kiến thẩm định: Thiếu minh chứng" in message


def test_feedback_typed_during_the_notice_is_named_in_words(db, nominee_id):
    with db.session() as s:
        s.scalar(select(Dossier)).status = "noticed"
    message = _refused_while(db, nominee_id, lambda s: record_feedback(s, nominee_id, "Bà con thôn Nà Tăm đồng tình"))
    assert "Ý kiến khi công khai: Bà con thôn Nà Tăm đồng tình" in message
