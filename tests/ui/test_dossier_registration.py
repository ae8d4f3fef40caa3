"""Registered versus proposed in the dossier window: a nominee proposed for a title the unit did
not register for it shows the warning under its eligibility reasons and in the notes column;
the verdict is not changed by it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dossier_office import build  # noqa: E402

from db.models import Registration  # noqa: E402
from ui.dossier_dialog import DossierDialog  # noqa: E402


@pytest.fixture
def office(db):
    ids = build(db)
    with db.session() as s:
        s.add(Registration(unit_id=ids["unit"], year=2025, subject="individual",
                           person_id=ids["people"]["Nguyễn Văn An"], name="Nguyễn Văn An", award_code="LDTT"))
    return db, ids


def _row(dialog, name, award):
    for r in range(dialog.nominees.rowCount()):
        if dialog.nominees.item(r, 1).text().startswith(name) and dialog.nominees.item(r, 2).text() == award:
            return r
    raise AssertionError(f"{name} / {award}")


def test_warnings_beside_the_eligibility_reasons(qtbot, office, ops):
    db, ids = office
    dialog = DossierDialog(db, ops, ids["dossier"])
    qtbot.addWidget(dialog)
    dialog.show()
    row = _row(dialog, "Nguyễn Văn An", "Chiến sĩ thi đua cơ sở")
    dialog.nominees.selectRow(row)
    html = dialog.reasons.toPlainText()
    assert "Đăng ký thi đua đầu năm" in html
    assert "Nguyễn Văn An đăng ký LĐTT năm 2025, nay đề nghị CSTĐCS." in html
    assert html.index("Căn cứ:") < html.index("Đăng ký thi đua đầu năm")  # after the reasons
    assert "⚠ Nguyễn Văn An đăng ký LĐTT" in dialog.nominees.item(row, 6).text()
    assert dialog.nominees.item(row, 3).text().startswith("Đủ điều kiện")  # a warning, not a verdict
    row = _row(dialog, "Lò Thị Bình", "Lao động tiên tiến")
    dialog.nominees.selectRow(row)
    assert "Lò Thị Bình không có trong đăng ký thi đua năm 2025 với danh hiệu LĐTT." in dialog.reasons.toPlainText()
    dialog.nominees.selectRow(_row(dialog, "Nguyễn Văn An", "Lao động tiên tiến"))  # registered
    assert "Đăng ký thi đua" not in dialog.reasons.toPlainText()
    assert "⚠" not in dialog.nominees.item(_row(dialog, "Nguyễn Văn An", "Lao động tiên tiến"), 6).text()
