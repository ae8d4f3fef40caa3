"""Two clerks on one dossier (a shared server): the second save is refused with who changed it
and when, and the dossier window reloads to show what is stored; nothing is overwritten."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dossier_office import build  # noqa: E402

from app.nominees import appraise  # noqa: E402
from app.session_user import Actor, acting_as  # noqa: E402
from db.models import Nominee  # noqa: E402
from ui.dossier_dialog import DossierDialog  # noqa: E402

BINH = Actor(username="binh.tran", display_name="Trần Thị Bình", role="clerk", signed_in=True)


def _row(dialog, name, award):
    for r in range(dialog.nominees.rowCount()):
        if dialog.nominees.item(r, 1).text().startswith(name) and dialog.nominees.item(r, 2).text() == award:
            return r
    raise AssertionError(name)


def test_a_save_over_another_clerks_change_is_refused_and_the_window_reloads(qtbot, db, ops, tmp_path):
    ids = build(db)
    dialog = DossierDialog(db, ops, ids["dossier"])
    qtbot.addWidget(dialog)
    dialog.show()
    row = _row(dialog, "Nguyễn Văn An", "Lao động tiên tiến")
    dialog.nominees.selectRow(row)
    nominee = dialog.selected_nominee()
    assert dialog.nominees.item(row, 4).text() == "Chưa thẩm định"
    with acting_as(BINH), db.session() as s:  # the other PC, while this window stays open
        appraise(s, nominee.id, "returned", "Bổ sung bản thành tích")
    dialog.nominee_buttons["approve"].click()
    message = dialog.message.label.text()
    assert dialog.message.label.isVisible() and "«binh.tran»" in message and "CHƯA được lưu" in message
    qtbot.waitUntil(lambda: dialog.nominees.item(_row(dialog, "Nguyễn Văn An", "Lao động tiên tiến"), 4)
                    .text().startswith("Cần bổ sung"), timeout=3000)
    with db.session() as s:
        assert s.get(Nominee, nominee.id).appraisal == "returned"
    dialog.grab().save(str(tmp_path / "conflict.png"))
    # After the reload the window knows the new version: the clerk's next save goes through.
    dialog.nominees.selectRow(_row(dialog, "Nguyễn Văn An", "Lao động tiên tiến"))
    dialog.nominee_buttons["approve"].click()
    qtbot.waitUntil(lambda: dialog.nominees.item(_row(dialog, "Nguyễn Văn An", "Lao động tiên tiến"), 4)
                    .text() == "Đạt", timeout=3000)


def test_a_refused_reason_is_quoted_back_and_offered_again(qtbot, db, ops):
    """t25: the refused clerk's typed reason («Chưa đủ minh chứng (máy pc2)») was neither shown
    nor kept; it is quoted in the refusal and offered in the box when they try again."""
    ids = build(db)
    dialog = DossierDialog(db, ops, ids["dossier"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.nominees.selectRow(_row(dialog, "Nguyễn Văn An", "Lao động tiên tiến"))
    nominee = dialog.selected_nominee()
    with acting_as(BINH), db.session() as s:  # the other PC, while this window stays open
        appraise(s, nominee.id, "approved")
    asked: list[tuple] = []

    def ask(*args, **_kw):
        asked.append(args[3:])  # what the box is pre-filled with, if anything
        return "Chưa đủ minh chứng (máy pc2)"

    dialog.ask = ask
    dialog.nominee_buttons["reject"].click()
    message = dialog.message.label.text()
    assert "CHƯA được lưu" in message and "«Chưa đủ minh chứng (máy pc2)»" in message, message
    qtbot.waitUntil(lambda: dialog.nominees.item(_row(dialog, "Nguyễn Văn An", "Lao động tiên tiến"), 4)
                    .text() == "Đạt", timeout=3000)
    dialog.nominees.selectRow(_row(dialog, "Nguyễn Văn An", "Lao động tiên tiến"))
    dialog.nominee_buttons["reject"].click()  # tries again: the box holds what was typed
    assert asked == [(), ("Chưa đủ minh chứng (máy pc2)",)]
    qtbot.waitUntil(lambda: dialog.nominees.item(_row(dialog, "Nguyễn Văn An", "Lao động tiên tiến"), 4)
                    .text().startswith("Không đạt"), timeout=3000)
    assert dialog.unsaved == {}


def test_a_score_sheet_saved_over_another_pcs_scores_is_refused_and_reloaded(qtbot, office_db):
    from sqlalchemy import select

    from app import bloc_criteria as bc
    from app.bloc_scores import set_score
    from db.models import Bloc, BlocScore, Unit
    from ui.bloc_scores_panel import UnitScoreDialog

    with office_db.session() as s:
        bloc_id = s.scalar(select(Bloc.id).where(Bloc.year == 2025, Bloc.name == "Khối các xã, thị trấn"))
        unit_id = s.scalar(select(Unit.id).where(Unit.code == "KH"))
        criterion = bc.add_criterion(s, bloc_id, "Công tác thi đua", 50, code="II")
        set_score(s, criterion, unit_id, self_score="40", agreed_score="40")
    sheet = UnitScoreDialog(office_db, bloc_id, unit_id)
    qtbot.addWidget(sheet)
    sheet.show()
    row = next(r for r, c in enumerate(sheet.grid.criteria) if c.id == criterion)
    with acting_as(BINH), office_db.session() as s:  # the bloc head's PC agrees a score meanwhile
        set_score(s, criterion, unit_id, self_score="40", agreed_score="35")
    sheet.table.item(row, sheet.AGREED).setText("45")
    assert not sheet.save()
    assert "«binh.tran»" in sheet.error_label.text()
    assert sheet.table.item(row, sheet.AGREED).text() == "35"  # reloaded: what is stored
    with office_db.session() as s:
        assert s.scalar(select(BlocScore.agreed_score).where(BlocScore.criterion_id == criterion)) == 35
    sheet.table.item(row, sheet.AGREED).setText("45")  # seen now: the save goes through
    assert sheet.save()
