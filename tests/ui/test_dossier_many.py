"""Several dossiers at once in the window: one council meeting for two dossiers (one minutes
number), a later dossier joining that meeting, one decision taking both dossiers' nominees;
and "same person?" answered from the dossier for a nominee the program could not link."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dossier_office import RECEIVED, build  # noqa: E402

from app.dossiers import DossierInput, receive_dossier  # noqa: E402
from app.nominees import NomineeInput, add_nominee, appraise  # noqa: E402
from db.models import Award, CouncilMeeting, Decision, Dossier, Nominee, Person  # noqa: E402
from ui.council_dialog import CouncilDialog  # noqa: E402
from ui.decision_dialog import DecisionDialog  # noqa: E402


@pytest.fixture
def office(db):
    ids = build(db)
    with db.session() as s:
        numbers = [ids["number"]]
        for unit in (ids["other"], ids["other"]):
            d = receive_dossier(s, DossierInput(unit_id=unit, received_on=RECEIVED, title="Đề nghị khen thưởng"))
            add_nominee(s, d.id, NomineeInput(name=f"Hoàng Văn {d.number[-1]}", award="CSTĐCS", birth_year=1980))
            numbers.append(d.number)
        for d in s.scalars(select(Dossier)):
            for n in d.nominees:
                if n.name != "Tẩn A Sử":  # an override of the check needs its reason
                    appraise(s, n.id, "approved", "Hội đồng xem xét thêm")
            d.status = "appraised"
    ids["numbers"] = numbers
    return db, ids


def _votes_all(dialog, yes=9):
    for r in range(dialog.votes.rowCount()):
        dialog.set_votes(r, yes)


def test_one_meeting_for_two_dossiers_then_a_third_joins_it(qtbot, office, ops):
    db, ids = office
    first, second, third = ids["numbers"]
    dialog = CouncilDialog(db, ops, ids["dossier"])
    qtbot.addWidget(dialog)
    assert dialog.dossier_list.count() == 3 and dialog.votes.rowCount() == 4
    dialog.set_dossier_checked(second)
    assert dialog.votes.rowCount() == 5
    assert any(second in dialog.votes.item(r, 0).text() for r in range(dialog.votes.rowCount()))
    dialog.minutes_ref.setText("07/BB-HĐTĐKT")
    _votes_all(dialog)
    dialog.save()
    with db.session() as s:
        meeting = s.scalars(select(CouncilMeeting)).one()
        statuses = {d.number: d.status for d in s.scalars(select(Dossier))}
    assert statuses == {first: "voted", second: "voted", third: "appraised"}
    later = CouncilDialog(db, ops, next(i for i in [ids["dossier"] + 2]))
    qtbot.addWidget(later)
    later.choose_meeting(meeting.id)
    assert not later.members.isEnabled() and later.minutes_ref.text() == "07/BB-HĐTĐKT"
    _votes_all(later)
    later.save()
    with db.session() as s:
        assert s.scalars(select(CouncilMeeting)).one().minutes_ref == "07/BB-HĐTĐKT"
        assert {d.status for d in s.scalars(select(Dossier))} == {"voted"}


def test_one_decision_takes_the_nominees_of_several_dossiers(qtbot, office, ops):
    db, ids = office
    council = CouncilDialog(db, ops, ids["dossier"], today=dt.date(2025, 12, 4))  # the council votes first
    qtbot.addWidget(council)
    for number in ids["numbers"][1:]:
        council.set_dossier_checked(number)
    _votes_all(council)
    council.save()
    dialog = DecisionDialog(db, ops, [ids["dossier"]], today=dt.date(2025, 12, 5))
    qtbot.addWidget(dialog)
    assert dialog.dossier_list.count() == 3
    before = dialog.lines.rowCount()
    for number in ids["numbers"][1:]:
        dialog.set_dossier_checked(number)
    assert dialog.lines.rowCount() == before + 2
    dialog.number.setText("40/QĐ-UBND")
    dialog.sign()
    with db.session() as s:
        decision = s.scalars(select(Decision)).one()
        awards = s.scalars(select(Award).where(Award.decision_id == decision.id)).all()
        assert len(awards) == before + 2
        assert {d.status for d in s.scalars(select(Dossier))} == {"decided"}


def test_same_person_answered_from_the_dossier(qtbot, db, ops):
    from ui.dossier_dialog import DossierDialog

    ids = build(db)
    with db.session() as s:
        unit_id = ids["unit"]
        twin = Person(full_name="Nguyễn Văn An", match_key="nguyen van an", unit_id=unit_id)  # a namesake
        s.add(twin)
        s.flush()
        n = add_nominee(s, ids["dossier"], NomineeInput(name="Nguyễn Văn An", award="GK", gender="Nam"))
        assert n.person_id is None and n.warnings[0]["code"] == "person_ambiguous"
        nominee_id, keep = n.id, ids["people"]["Nguyễn Văn An"]
    dialog = DossierDialog(db, ops, ids["dossier"])
    qtbot.addWidget(dialog)
    row = next(r for r in range(dialog.nominees.rowCount())
               if dialog.nominees.item(r, 0).data(256) == nominee_id or
               (dialog.nominees.item(r, 2).text() == "Giấy khen"))
    dialog.nominees.selectRow(row)
    assert dialog.nominee_buttons["person"].isEnabled()
    dialog.confirm_person_selected(choose=lambda found: next(c.id for c in found if c.id == keep))
    with db.session() as s:
        assert s.get(Nominee, nominee_id).person_id == keep
    assert "cùng người" in dialog.message.label.text()
