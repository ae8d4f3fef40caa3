"""The dossier window asks why when the clerk says "Đạt" to a nominee the check finds "Không đủ
điều kiện" (t17, severe 3): cancelling leaves the row as it was; the reason given shows in the
row as the printed appraisal says it."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dossier_office import build  # noqa: E402

from db.models import Nominee  # noqa: E402
from ui.dossier_dialog import DossierDialog  # noqa: E402

REASON = "Xếp loại năm 2025 đã được đơn vị điều chỉnh, chờ văn bản"


def test_an_override_asks_its_reason_and_shows_it(qtbot, db, ops, tmp_path):
    ids = build(db)
    dialog = DossierDialog(db, ops, ids["dossier"])
    qtbot.addWidget(dialog)
    dialog.resize(1366, 768)
    dialog.show()
    failing = next(n for n in dialog.detail.nominees if n.verdict == "fails")
    row = next(r for r in range(dialog.nominees.rowCount()) if dialog.nominees.item(r, 0).text() == str(failing.seq))
    asked = []
    dialog.ask = lambda parent, title, label, *a: asked.append(label) or None  # the clerk cancels
    dialog.nominees.selectRow(row)
    dialog.nominee_buttons["approve"].click()
    assert "Kiểm tra tiêu chuẩn kết luận «Không đủ điều kiện»" in asked[0]
    with db.session() as s:
        assert s.get(Nominee, failing.id).appraisal == "pending"
    dialog.ask = lambda *a, **k: REASON
    dialog.nominees.selectRow(row)
    dialog.nominee_buttons["approve"].click()
    assert dialog.nominees.item(row, 4).text() == f"Đạt (ý kiến thẩm định khác kết luận kiểm tra: {REASON})"
    assert f"Thẩm định: Đạt (ý kiến thẩm định khác kết luận kiểm tra: {REASON})" in dialog.reasons.toPlainText()
    with db.session() as s:
        assert s.get(Nominee, failing.id).appraisal_note == REASON
    dialog.grab().save(str(tmp_path / "override.png"))
