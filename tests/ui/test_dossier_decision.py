"""The decision dialog: the list from the approved nominees with their money on the date
typed, the signer from the office profile, a taken number refused, a higher decision recorded."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dossier_office import build  # noqa: E402

from app.decisions import forward_dossier  # noqa: E402
from app.nominees import appraise  # noqa: E402
from db.models import Award, Decision, Dossier  # noqa: E402
from ui.decision_dialog import DecisionDialog  # noqa: E402


@pytest.fixture
def office(db):
    ids = build(db)
    with db.session() as s:
        for (name, award), nid in ids["nominees"].items():
            # "Đạt" where the check says "Không đủ điều kiện" needs its reason (app/overrides.py).
            appraise(s, nid, "approved" if award == "LĐTT" and name != "Tẩn A Sử" else "rejected",
                     "Hội đồng xem xét thêm" if award == "LĐTT" and name != "Tẩn A Sử" else "Không đạt tiêu chuẩn")
        s.get(Dossier, ids["dossier"]).status = "appraised"
    return db, ids


def open_dialog(qtbot, db, ids, ops, **kw):
    dialog = DecisionDialog(db, ops, [ids["dossier"]], today=dt.date(2025, 12, 5), **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_lines_money_and_signer(qtbot, office, ops):
    db, ids = office
    dialog = open_dialog(qtbot, db, ids, ops)
    assert dialog.signer_name.text() == "Sùng Lử Páo" and dialog.signer_title.text() == "CHỦ TỊCH"
    assert dialog.issuer.text() == "Ủy ban nhân dân xã Bình Lư" and dialog.issuer.isReadOnly()
    names = [dialog.lines.item(r, 1).text() for r in range(dialog.lines.rowCount())]
    assert names == ["Nguyễn Văn An", "Lò Thị Bình", "Người Mới Đến"]
    assert {dialog.lines.item(r, 5).text() for r in range(3)} == {"710.000"}
    assert "mức lương cơ sở 2.340.000 đ; tổng tiền thưởng 2.130.000 đ" in dialog.total.text()
    assert "Tẩn A Sử — Lao động tiên tiến (chưa được thẩm định “Đạt”)" in dialog.left_out.text()  # t16: which award
    dialog.issued_on.setDate(QDate(2026, 7, 10))  # the base salary then: 2,530,000
    assert dialog.lines.item(0, 5).text() == "760.000"
    dialog.sign_mode.setCurrentIndex(1)
    assert (dialog.signer_name.text(), dialog.signer_title.text()) == ("Lò Văn Hùng", "PHÓ CHỦ TỊCH")


def test_signing_and_a_taken_number(qtbot, office, ops):
    db, ids = office
    with db.session() as s:
        s.add(Decision(number="123/QĐ-UBND", issuer="Ủy ban nhân dân xã Bình Lư", year=2025,
                       issued_on=dt.date(2025, 3, 1)))
    dialog = open_dialog(qtbot, db, ids, ops)
    dialog.sign()
    assert "Chưa nhập số quyết định" in dialog.message.label.text()
    dialog.number.setText("123/QĐ-UBND")
    dialog.sign()
    assert "Số quyết định 123/QĐ-UBND năm 2025" in dialog.message.label.text()
    assert dialog.decision_id is None
    dialog.number.setText("124/QĐ-UBND")
    dialog.sign()
    assert dialog.decision_id is not None
    with db.session() as s:
        money = [int(a.money) for a in s.scalars(select(Award).where(Award.decision_id == dialog.decision_id))]
        assert money == [710000, 710000, 710000]
        assert s.get(Decision, dialog.decision_id).signer_name == "Sùng Lử Páo"


def test_recording_the_higher_decision_for_ticked_nominees(qtbot, office, ops):
    db, ids = office
    with db.session() as s:
        forward_dossier(s, ids["dossier"], "88/TTr-UBND", dt.date(2025, 12, 3), "UBND tỉnh Lai Châu")
    dialog = open_dialog(qtbot, db, ids, ops, external=True)
    assert not dialog.issuer.isReadOnly() and dialog.issuer.text() == ""
    dialog.issuer.setText("UBND tỉnh Lai Châu")
    dialog.number.setText("2150/QĐ-UBND")
    dialog.lines.item(1, 0).setCheckState(Qt.CheckState.Unchecked)
    dialog.sign()
    with db.session() as s:
        decision = s.get(Decision, dialog.decision_id)
        assert decision.external and decision.issuer == "UBND tỉnh Lai Châu"
        assert sorted(a.recipient_name for a in decision.awards) == ["Nguyễn Văn An", "Người Mới Đến"]
        assert s.get(Dossier, ids["dossier"]).status == "decided"


def test_awards_beyond_the_commune_go_upward_in_one_click(qtbot, office, ops):
    """Luật TĐKT 2022 Điều 79–80: a commune decides LĐTT, CSTĐCS, Giấy khen; the province's
    Bằng khen is left out of the list and forwarded with a tờ trình."""
    db, ids = office
    from app.nominees import NomineeInput, add_nominee
    from db.models import Nominee

    with db.session() as s:
        n = add_nominee(s, ids["dossier"], NomineeInput(name="Vàng Thị Mai", award="BK_TINH",
                                                         achievement="Hai năm liên tục CSTĐCS"))
        s.get(Nominee, n.id).appraisal = "approved"
    dialog = open_dialog(qtbot, db, ids, ops)
    assert dialog.forward_box.isVisible()
    assert "Vàng Thị Mai" in dialog.left_out.text() and "không thuộc thẩm quyền cấp xã" in dialog.left_out.text()
    assert not any("Bằng khen" in dialog.lines.item(r, 3).text() for r in range(dialog.lines.rowCount()))
    dialog.forward()  # no tờ trình number: refused, nothing moves
    assert "tờ trình" in dialog.message.label.text()
    dialog.forward_ref.setText("45/TTr-UBND")
    dialog.forward()
    assert not dialog.forward_box.isVisible() and "Đã chuyển" in dialog.message.label.text()
    with db.session() as s:
        upward = s.scalar(select(Dossier).where(Dossier.forward_ref == "45/TTr-UBND"))
        assert upward.status == "forwarded" and [x.name for x in upward.nominees] == ["Vàng Thị Mai"]


def test_a_date_no_decision_can_carry_is_refused_in_the_window(qtbot, office, ops):
    """Tester's t16 severe 4: a decision dated before the dossier came in (or in the future) was
    signed; now refused with the reason under the list, the date focused, nothing stored."""
    db, ids = office
    dialog = open_dialog(qtbot, db, ids, ops)  # today: 05/12/2025
    dialog.number.setText("130/QĐ-UBND")
    dialog.issued_on.setDate(QDate(2025, 6, 25))
    dialog.sign()
    assert dialog.message.label.text().startswith("Ngày ký quyết định 25/06/2025 trước ngày tiếp nhận hồ sơ")
    dialog.issued_on.setDate(QDate(2025, 12, 20))
    dialog.sign()
    assert "là ngày trong tương lai (hôm nay 05/12/2025)" in dialog.message.label.text()
    assert dialog.decision_id is None and dialog.isVisible()
    with db.session() as s:
        assert s.scalars(select(Decision)).all() == [] and s.get(Dossier, ids["dossier"]).status == "appraised"
