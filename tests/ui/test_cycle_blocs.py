"""The bloc dialog: members with head and deputy and next year's rotation, the criteria editor,
the score sheet (Decimal, zero is a score, nothing over the maximum, all or nothing), the grid,
the ranking with the tie-break rules chosen on screen, and a leading unit's proposal."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app import bloc_criteria as bc
from app.bloc_scores import set_score
from db.models import Bloc, BlocScore, Dossier, Unit
from ui.bloc_criteria_panel import CriterionDialog
from ui.bloc_dialog import BlocDialog
from ui.bloc_scores_panel import UnitScoreDialog
from ui.cycle_widgets import set_combo


def _open(qtbot, db, ops, bloc_id=None, year=2025):
    dialog = BlocDialog(db, ops, year, bloc_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.fixture
def scored(office_db):
    """The 2025 communes bloc with criteria I (1.1: 30, 1.2: 20), II: 50 and a tie on 90."""
    with office_db.session() as s:
        bloc_id = s.scalar(select(Bloc.id).where(Bloc.year == 2025, Bloc.name == "Khối các xã, thị trấn"))
        units = {u.code: u for u in s.scalars(select(Unit))}
        units["TT"].female_share, units["BB"].female_share, units["KH"].female_share = 30, 55, 40
        g = bc.add_criterion(s, bloc_id, "Kinh tế - xã hội", 0, code="I")
        c11 = bc.add_criterion(s, bloc_id, "Thu ngân sách", 30, code="1.1", parent_id=g)
        c12 = bc.add_criterion(s, bloc_id, "Giảm nghèo", 20, code="1.2", parent_id=g)
        c2 = bc.add_criterion(s, bloc_id, "Công tác thi đua", 50, code="II")
        for code, values in (("TT", ("30", "20", "40")), ("BB", ("25", "15", "50")), ("KH", ("20", "0", "40"))):
            for cid, value in zip((c11, c12, c2), values, strict=True):
                set_score(s, cid, units[code].id, self_score=value, agreed_score=value)
        ids = {code: u.id for code, u in units.items()}
    return bloc_id, ids, (c11, c12, c2)


def test_new_bloc_members_head_deputy_and_rotation(qtbot, office_db, ops):
    dialog = _open(qtbot, office_db, ops)
    assert dialog.tabs.count() == 2  # criteria, scores, ranking wait for the bloc to exist
    dialog.name.setText("Khối các cơ quan, đơn vị")
    dialog.members.search.setText("phong")
    dialog.members._tick_visible(True)
    assert dialog.head.count() == 3  # "chưa chọn" + the two ticked offices
    set_combo(dialog.head, dialog.head.itemData(1))
    set_combo(dialog.deputy, dialog.head.itemData(1))
    assert not dialog.save()
    assert dialog.error_label.text() == "Khối trưởng và khối phó phải là hai đơn vị khác nhau."
    set_combo(dialog.deputy, dialog.head.itemData(2))
    assert dialog.save()
    assert dialog.tabs.count() == 5
    assert "Năm 2026: khối trưởng <b>Phòng Giáo dục và Đào tạo</b>" in dialog.rotation.text()
    assert "Khối phó năm nay làm khối trưởng" in dialog.rotation_reason.text()


def test_criteria_editor(qtbot, office_db, ops, monkeypatch):
    with office_db.session() as s:
        bloc_id = s.scalar(select(Bloc.id).where(Bloc.year == 2025, Bloc.name == "Khối các xã, thị trấn"))
    dialog = _open(qtbot, office_db, ops, bloc_id)
    panel = dialog.criteria
    typed = iter([("I", "Thực hiện nhiệm vụ", "0"), ("1.1", "Kinh tế", "12,5"), ("1.2", "Xã hội", "7,5")])

    def fill(self):
        code, text, points = next(typed)
        self.code.setText(code)
        self.text.setPlainText(text)
        self.max_points.setText(points)
        self.accept()
        return self.result()

    monkeypatch.setattr(CriterionDialog, "exec", fill)
    panel.add_top()
    panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
    panel.add_child()
    panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
    panel.add_child()
    group = panel.tree.topLevelItem(0)
    assert [group.text(0), group.text(2)] == ["I", "20"]  # the group sums its criteria
    assert [group.child(i).text(2) for i in range(group.childCount())] == ["12,5", "7,5"]
    assert panel.total.text().startswith("Tổng điểm tối đa: 20 điểm")
    assert [c.header for c in dialog.scores.panel.model.columns][:4] == ["Đơn vị", "I", "1.1", "1.2"]


def test_score_sheet_saves_all_or_nothing(qtbot, office_db, ops, scored):
    bloc_id, ids, (c11, c12, c2) = scored
    sheet = UnitScoreDialog(office_db, bloc_id, ids["KH"])
    qtbot.addWidget(sheet)
    sheet.show()
    rows = {c.id: r for r, c in enumerate(sheet.grid.criteria)}
    assert sheet.table.item(rows[c12], sheet.AGREED).text() == "0"  # zero is shown, not blank
    sheet.table.item(rows[c11], sheet.SELF).setText("22,5")
    sheet.table.item(rows[c2], sheet.AGREED).setText("55")  # over the maximum of 50
    assert not sheet.save()
    assert "vượt điểm tối đa 50" in sheet.error_label.text()
    assert sheet.table.currentRow() == rows[c2] and sheet.table.currentColumn() == sheet.AGREED
    with office_db.session() as s:  # nothing of the sheet was written
        assert s.scalar(select(BlocScore.self_score).where(BlocScore.criterion_id == c11,
                                                           BlocScore.unit_id == ids["KH"])) == 20
    sheet.table.item(rows[c2], sheet.AGREED).setText("45")
    sheet.table.item(rows[c12], sheet.SELF).setText("")  # cleared: not scored any more
    group_row = next(r for r, c in enumerate(sheet.grid.criteria) if c.is_group)
    assert sheet.table.item(group_row, sheet.SELF).text() == "22,5"  # live subtotal
    assert sheet.save()
    with office_db.session() as s:
        got = {(r.criterion_id): (r.self_score, r.agreed_score) for r in s.scalars(
            select(BlocScore).where(BlocScore.unit_id == ids["KH"]))}
    assert got[c11][0] == pytest.approx(22.5) and got[c12][0] is None and got[c2][1] == 45


def test_grid_and_ranking_with_rules_chosen_on_screen(qtbot, office_db, ops, scored, monkeypatch):
    bloc_id, ids, _c = scored
    dialog = _open(qtbot, office_db, ops, bloc_id)
    grid = dialog.scores.panel
    by_unit = {r.unit: r for r in grid.rows()}
    assert by_unit["UBND xã Khun Há"].total == 60 and by_unit["UBND thị trấn Tam Đường"].total == 90
    ranking = dialog.ranking.panel
    # TT and BB tie on 90; the default rule prefers women: Bản Bo (55%) first.
    assert [(r.rank, r.unit) for r in ranking.rows()] == [
        (1, "UBND xã Bản Bo"), (2, "UBND thị trấn Tam Đường"), (3, "UBND xã Khun Há")]
    assert ranking.rows()[0].note == "Bằng điểm với UBND thị trấn Tam Đường; xét tỷ lệ nữ 55%."
    boxes = dialog.ranking.rule_boxes
    set_combo(boxes[0], "group:I")
    set_combo(boxes[1], "")
    dialog.ranking.save_rules()
    assert [r.unit for r in ranking.rows()][:2] == ["UBND thị trấn Tam Đường", "UBND xã Bản Bo"]
    assert "Điểm thống nhất nhóm I cao hơn" in dialog.ranking.rules_text.text()
    asked, failed = [], []
    monkeypatch.setattr("ui.bloc_ranking_panel.ask", lambda *a, **k: asked.append(a) or True)
    monkeypatch.setattr("ui.bloc_ranking_panel.show_failure", lambda exc, _p: failed.append(str(exc)))
    told = []
    monkeypatch.setattr("ui.bloc_ranking_panel.inform", lambda _p, text: told.append(text))
    ranking.table.selectRow(0)
    # t16: the office's own bloc: the flag is refused up front, with why, and nothing is made.
    dialog.ranking.propose("CO_TINH")
    assert not asked and not told and failed and "do tỉnh tổ chức" in failed[0] and "Điều 26" in failed[0]
    with office_db.session() as s:
        assert s.scalar(select(Dossier).where(Dossier.authority == "forwarded")) is None
        s.get(Bloc, bloc_id).organiser = "province"
        s.commit()
    dialog.ranking.propose("CO_TINH")
    assert told and told[0].startswith("Đã tạo hồ sơ HS-2025-")
    first = ranking.rows()[0]
    assert first.proposal.startswith("Cờ thi đua của UBND tỉnh — hồ sơ HS-2025-")
    with office_db.session() as s:
        dossier = s.scalar(select(Dossier).where(Dossier.authority == "forwarded"))
        assert dossier.unit_id == ids["TT"] and dossier.status == "received"
