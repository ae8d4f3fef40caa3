"""The decision window warns of the required documents a dossier lacks (t17, medium 12): it
names them in red and still lets the clerk sign, since the law leaves the decision to the office."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dossier_office import build  # noqa: E402

from app.dossier_documents import documents, set_present, sync_documents  # noqa: E402
from app.nominees import appraise  # noqa: E402
from db.models import Dossier  # noqa: E402
from ui.decision_dialog import DecisionDialog  # noqa: E402


def test_missing_documents_are_named_and_the_decision_can_still_be_signed(qtbot, db, ops):
    ids = build(db)
    with db.session() as s:
        for (name, award), nid in ids["nominees"].items():
            if award == "LĐTT" and name != "Tẩn A Sử":
                appraise(s, nid, "approved", "Đạt theo ý kiến thẩm định")  # an override needs its reason
        dossier = s.get(Dossier, ids["dossier"])
        dossier.status = "appraised"
        sync_documents(s, dossier)
        rows = documents(s, dossier.id)
        set_present(s, rows[0].id, True)
        missing = [r.name for r in rows[1:] if r.required]
        number = dossier.number
    assert missing
    dialog = DecisionDialog(db, ops, [ids["dossier"]], today=dt.date(2025, 12, 5))
    qtbot.addWidget(dialog)
    dialog.show()
    note = dialog.documents_note.text()
    assert note.startswith(f"Cảnh báo: Hồ sơ {number} còn thiếu {len(missing):02d} thành phần bắt buộc")
    assert all(name in note for name in missing) and rows[0].name not in note
    assert dialog.documents_note.isVisible() and dialog.sign_button.isEnabled()
