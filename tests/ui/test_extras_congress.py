"""The congress dialog on the small office: a congress saved, candidates from its ledger, the
quota bars filling as delegates are chosen, a collective refused as a delegate, honours linked
to the decision that awarded them, the lists printed and exported."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QItemSelectionModel
from sqlalchemy import select

from app.awards import award_search_key
from app.text import match_key
from db.models import Award, AwardType, Decision, Person, Unit
from ui.congress_dialog import CongressDialog


@pytest.fixture
def linked(office_db):
    """Lò Thị Mai's ledger lines linked to her record (a woman, Thái); the others stay lines of
    an old award book, known by name and unit."""
    with office_db.session() as s:
        awards = list(s.scalars(select(Award).where(Award.recipient_name == "Lò Thị Mai")))
        unit = s.scalar(select(Unit).where(Unit.name == awards[0].unit_text))
        person = Person(full_name="Lò Thị Mai", match_key=match_key("Lò Thị Mai"), gender="F",
                        ethnicity="thai", unit_id=unit.id)
        s.add(person)
        s.flush()
        for a in awards:
            a.person_id, a.unit_id = person.id, unit.id
        commune = s.scalar(select(Unit).where(Unit.code == "BB"))
        titles = s.scalar(select(AwardType).where(AwardType.code == "TTLDTT"))
        s.add(Award(subject="collective", unit_id=commune.id, recipient_name=commune.name, unit_text=commune.name,
                    award_type_id=titles.id, year=2024, decision_number="88/QĐ-UBND",
                    decision_date=dt.date(2024, 12, 20), issuer="UBND huyện Tam Đường"))
    return office_db


def _dialog(qtbot, db, ops, congress_id=None):
    dialog = CongressDialog(db, ops, 2025, congress_id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def select_rows(panel, names):
    """Select the rows with these names, as ctrl+click would."""
    model = panel.table.selectionModel()
    model.clearSelection()
    for i, row in enumerate(panel.shown_rows()):
        if row.name in names:
            model.select(panel.proxy.index(i, 0), QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)
    return [r.name for r in panel.selected_rows()]


def test_choose_delegates_and_watch_the_quotas(qtbot, linked, ops, monkeypatch):
    dialog = _dialog(qtbot, linked, ops)
    assert not dialog.tabs.isEnabled()
    dialog.number.setValue(6)
    dialog.delegate_target.setValue(4)
    dialog.quota_spins["female"].setValue(50)
    assert dialog.save()
    assert dialog.windowTitle() == "Đại hội thi đua yêu nước huyện Tam Đường lần thứ VI"
    pool = {c.name: c for c in dialog.candidates.rows()}
    assert {"Lò Thị Mai", "Đặng Thị Hồng", "Vàng A Sử"} <= set(pool)
    assert pool["Lò Thị Mai"].groups_text.startswith("Nữ, Dân tộc thiểu số")
    assert pool["Đặng Thị Hồng"].groups_text == ""  # an unlinked line: nothing known of her
    female = dialog.bars[("delegate", "female")]
    assert female.format() == "0/2"
    assert set(select_rows(dialog.candidates, {"Lò Thị Mai", "Đặng Thị Hồng"})) == {"Lò Thị Mai", "Đặng Thị Hồng"}
    dialog.choose_delegates()
    assert sorted(r.name for r in dialog.delegates.rows()) == ["Lò Thị Mai", "Đặng Thị Hồng"]
    assert dialog.tabs.tabText(1) == "Đại biểu (2)"
    assert female.format() == "1/2" and "còn thiếu 1" in female.toolTip()
    assert dialog.bars[("delegate", "minority")].format() == "1/2"
    told = []
    monkeypatch.setattr("ui.extras_widgets.show_failure", lambda exc, parent=None: told.append(exc.message))
    select_rows(dialog.candidates, {"UBND xã Bản Bo"})
    dialog.choose_delegates()
    assert told and "Đại biểu dự Đại hội là cá nhân" in told[0]
    assert len(dialog.delegates.rows()) == 2
    dialog.delegates.table.selectRow(0)
    dialog.remove(dialog.delegates)
    assert len(dialog.delegates.rows()) == 1


def test_honours_linked_to_their_decision_then_printed(qtbot, linked, ops, tmp_path):
    office_db = linked
    dialog = _dialog(qtbot, office_db, ops)
    dialog.number.setValue(6)
    assert dialog.save()
    select_rows(dialog.candidates, {"Lò Thị Mai"})
    dialog.award.setCurrentIndex(dialog.award.findData("GK"))
    dialog.choose_honours()
    honour = dialog.honours.rows()[0]
    assert (honour.name, honour.award, honour.decided) == ("Lò Thị Mai", "Giấy khen", "")
    with office_db.session() as s:
        person = s.scalar(select(Person).where(Person.full_name == "Lò Thị Mai"))
        gk = s.scalar(select(AwardType).where(AwardType.code == "GK"))
        decision = Decision(number="1149/QĐ-UBND", issuer="UBND huyện Tam Đường", year=2025,
                            issued_on=dt.date(2025, 5, 15), status="issued")
        s.add(decision)
        s.flush()
        s.add(Award(subject="individual", person_id=person.id, unit_id=person.unit_id, recipient_name=person.full_name,
                    search_key=award_search_key(person.full_name, "", gk.name, decision.number), award_type_id=gk.id,
                    year=2025, decision_id=decision.id, decision_number=decision.number,
                    decision_date=decision.issued_on, issuer=decision.issuer, money=710_000))
        decision_id = decision.id
    dialog.link_decision(decision_id)
    assert dialog.honours.rows()[0].decided == "Giấy khen — QĐ số 1149/QĐ-UBND ngày 15/05/2025"
    dialog.print_lists()
    preview = dialog._last_preview
    qtbot.addWidget(preview)
    assert preview.document.pages >= 2  # the honours, then the awards decided
    dialog.export(tmp_path / "dai_hoi.xlsx")
    book = load_workbook(dialog._last_written)
    assert any(r[1] == "Lò Thị Mai" for r in book["Tôn vinh"].iter_rows(values_only=True))


def test_the_demo_congress_opens_with_its_bars_full(qtbot, demo_db, ops):
    dialog = _dialog(qtbot, demo_db, ops, 1)
    assert dialog.tabs.tabText(1) == "Đại biểu (60)" and dialog.tabs.tabText(2) == "Tôn vinh (20)"
    assert all(dialog.bars[("delegate", g)].format().endswith("✓") for g in ("direct_worker", "female",
                                                                            "minority", "grassroots"))
    assert all(r.decided for r in dialog.honours.rows())
