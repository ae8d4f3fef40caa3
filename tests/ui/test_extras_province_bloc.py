"""The province bloc dialog on the small office: a new bloc saved from its form (criteria and
scores wait for it), our self-score typed with its evidence (over the maximum refused, zero a
score), the result recorded, the workbook written and the report previewed."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.bloc_criteria import add_criterion
from db.models import Unit
from ui.province_bloc_dialog import ProvinceBlocDialog, ScoreDialog


@pytest.fixture
def with_authority(office_db):
    with office_db.session() as s:
        s.add(Unit(code="UBND", name="UBND huyện Tam Đường", kind="authority", search_key="ubnd huyen tam duong"))
    return office_db


def test_a_new_bloc_then_criteria_scores_and_result(qtbot, with_authority, ops, tmp_path):
    db = with_authority
    dialog = ProvinceBlocDialog(db, ops, 2025)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not any(dialog.tabs.isTabEnabled(i) for i in (1, 2, 3))
    dialog.head.setText("UBND huyện Than Uyên")
    assert not dialog.save_info()
    assert dialog.info_error.text() == "Chưa nhập tên khối thi đua."
    dialog.name.setText("Khối thi đua các huyện, thành phố")
    dialog.deputy.setText("UBND huyện Than Uyên")
    assert not dialog.save_info()
    assert dialog.info_error.text() == "Khối trưởng và khối phó phải là hai đơn vị khác nhau."
    dialog.deputy.setText("UBND huyện Sìn Hồ")
    dialog.others.setPlainText("UBND huyện Sìn Hồ\nUBND huyện Than Uyên\nUBND huyện Phong Thổ")
    dialog.covenant_on.setText("05/03/2025")
    assert dialog.save_info()
    assert all(dialog.tabs.isTabEnabled(i) for i in (1, 2, 3))
    with db.session() as s:
        group = add_criterion(s, dialog.bloc_id, "Công tác thi đua", 0, code="I")
        first = add_criterion(s, dialog.bloc_id, "Ban hành kế hoạch", 10, code="1", parent_id=group)
        add_criterion(s, dialog.bloc_id, "Báo cáo đúng hạn", 5, code="2", parent_id=group)
    dialog.criteria.reload()
    dialog._reload_scores()
    assert [r.title for r in dialog.scores.rows()] == ["Công tác thi đua", "Ban hành kế hoạch", "Báo cáo đúng hạn"]

    line = next(r for r in dialog.scores.rows() if r.id == first)
    score = ScoreDialog(db, dialog.bloc_id, line, dialog)
    qtbot.addWidget(score)
    score.own.setText("12")
    score.accept()
    assert score.result() == 0 and "vượt điểm tối đa 10" in score.error.text()
    score.own.setText("9,5")
    score.explanation.setPlainText("Kế hoạch ban hành chậm")
    score.document.setText("Kế hoạch số 15/KH-UBND")
    score.add_document()
    scan = tmp_path / "ke_hoach.pdf"
    scan.write_bytes(b"%PDF-1.4")
    score.add_file(str(scan))
    assert [score.evidence.item(i).text() for i in range(score.evidence.count())] == [
        "Kế hoạch số 15/KH-UBND", "ke_hoach.pdf  (có tệp)"]
    score.accept()
    assert score.result() == 1
    dialog._reload_scores()
    rows = {r.title: r for r in dialog.scores.rows()}
    assert str(rows["Ban hành kế hoạch"].self_score) == "9.50"
    shown = dialog.scores.proxy.index(0, 3).data()  # the group's subtotal
    assert shown == "9,5"
    assert "tự chấm <b>9,5/15</b>" in dialog.summary.text() and "Chưa chấm: 1 tiêu chí" in dialog.summary.text()

    dialog.final.setText("9")
    dialog.rank.setValue(7)
    dialog.save_result()
    assert "Thứ hạng phải từ 1 đến 4" in dialog.result_error.text()
    dialog.rank.setValue(2)
    dialog.save_result()
    assert dialog.result_error.text() == ""
    assert "xếp hạng 2/4" in dialog.summary.text()

    dialog.export(tmp_path / "tu_cham.xlsx")
    ws = load_workbook(dialog._last_written).active
    assert any(r[1] == "Ban hành kế hoạch" and r[3] == 9.5 for r in ws.iter_rows(values_only=True))
    dialog.print_report()
    preview = dialog._last_preview
    qtbot.addWidget(preview)
    assert preview.document.pages >= 2 and preview.document.filename.startswith("TuChamDiem_")


def test_the_page_opens_the_demo_bloc(demo_window, monkeypatch):
    opened = []
    monkeypatch.setattr(ProvinceBlocDialog, "exec", lambda self: opened.append(self.view.rank) or 0)
    tab = demo_window.extras_tab
    demo_window.tabs.setCurrentWidget(tab)
    tab.show_page(tab.province)
    tab.province.panel.row_activated.emit(tab.province.panel.rows()[0])
    assert opened == [2]
    with demo_window.db.session() as s:
        assert s.scalar(select(Unit.kind).where(Unit.name == "UBND huyện Tam Đường")) == "authority"


def test_next_years_bloc_starts_from_this_years(qtbot, demo_db, ops):
    dialog = ProvinceBlocDialog(demo_db, ops, 2027)
    qtbot.addWidget(dialog)
    assert dialog.name.text() == "Khối thi đua các huyện, thành phố"
    assert len(dialog.others.toPlainText().splitlines()) == 7
    assert dialog.head.text() == "" and dialog.bloc_id is None  # head and deputy rotate: typed anew
    fresh = ProvinceBlocDialog(demo_db, ops, 2030)  # nothing the year before: an empty form
    qtbot.addWidget(fresh)
    assert fresh.name.text() == ""
