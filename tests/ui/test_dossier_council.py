"""The council dialog: quorum shown live, pass/fail per title over the full membership, and the
meeting, votes and the dossier's move saved together."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dossier_office import build  # noqa: E402

from app.nominees import appraise  # noqa: E402
from db.models import CouncilMeeting, Dossier, Vote  # noqa: E402
from ui.council_dialog import CouncilDialog  # noqa: E402


@pytest.fixture
def office(db):
    ids = build(db)
    with db.session() as s:
        for nid in ids["nominees"].values():  # an override of the check needs its reason
            appraise(s, nid, "approved", "Hội đồng xem xét thêm")
        s.get(Dossier, ids["dossier"]).status = "appraised"
    return db, ids


def test_quorum_and_thresholds_live_then_saved(qtbot, office, ops):
    db, ids = office
    dialog = CouncilDialog(db, ops, ids["dossier"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.members.rowCount() == 10 and dialog.votes.rowCount() == 5
    assert "Có mặt 10/10" in dialog.quorum.text() and "đủ điều kiện họp" in dialog.quorum.text()
    for name in ("Ủy viên 8", "Ủy viên 9", "Ủy viên 10"):
        dialog.set_present(name, False)
    assert "Có mặt 7/10" in dialog.quorum.text() and "CHƯA ĐỦ" in dialog.quorum.text()
    cstdcs = next(r for r in range(dialog.votes.rowCount())
                  if dialog.votes.item(r, 1).text() == "Chiến sĩ thi đua cơ sở")
    assert dialog.votes.item(cstdcs, 2).text() == "từ 80%"
    dialog.set_votes(cstdcs, 7)
    assert dialog.result_text(cstdcs) == "KHÔNG ĐẠT (7/10)"  # 7 of 7 present is still 70% of 10
    dialog.save()
    assert "7/10 thành viên dự" in dialog.message.label.text()
    dialog.set_present("Ủy viên 8", True)
    dialog.set_votes(cstdcs, 8)
    assert dialog.result_text(cstdcs) == "ĐẠT (8/10)"
    ldtt = next(r for r in range(dialog.votes.rowCount()) if dialog.votes.item(r, 1).text() == "Lao động tiên tiến")
    assert dialog.votes.item(ldtt, 2).text() == "trên 50%"
    dialog.minutes_ref.setText("05/BB-HĐTĐKT")
    for r in range(dialog.votes.rowCount()):
        if r != cstdcs:
            dialog.set_votes(r, 8)
    dialog.save()
    with db.session() as s:
        assert s.get(Dossier, ids["dossier"]).status == "voted"
        meeting = s.scalars(select(CouncilMeeting)).one()
        assert (meeting.members_total, meeting.members_present, meeting.minutes_ref) == (10, 8, "05/BB-HĐTĐKT")
        assert all(v.passed for v in s.scalars(select(Vote)))


def test_adding_a_member(qtbot, office, ops):
    db, ids = office
    dialog = CouncilDialog(db, ops, ids["dossier"])
    qtbot.addWidget(dialog)
    dialog.ask = lambda *a, **k: "Hoàng Văn Mới"
    dialog.add_member()
    assert dialog.members.rowCount() == 11
    assert "Có mặt 11/11" in dialog.quorum.text()
