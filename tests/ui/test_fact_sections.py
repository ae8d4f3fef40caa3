"""Hồ sơ thi đua on the person's and the unit's pages, with real widgets: ratings with who rated,
a discipline, an open inspection then its closing, an initiative declared then recognised; a
collective's rating and members completing; a bad date refused with its field focused; and the
verdict follows what the clerk entered."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.facts_view import person_record, unit_record
from app.person_records import PersonData, add_person
from app.rules import check_dossier
from app.unit_list import UnitData, add_unit
from db.models import AwardType, Dossier, Nominee
from ui import fact_sections  # noqa: F401 - the sections under test
from ui.cycle_widgets import set_combo
from ui.person_page import PersonPage
from ui.unit_page import UnitPage


def _editor(page, title):
    tabs = page.facts_tabs
    return next(tabs.widget(i) for i in range(tabs.count()) if tabs.tabText(i) == title)


def _office(db):
    with db.session() as s:
        unit_id = add_unit(s, UnitData(name="UBND xã Bản Bo", kind="commune")).id
        person_id = add_person(s, PersonData(full_name="Lò Thị Én", unit_id=unit_id, birth_year=1990)).id
    return unit_id, person_id


def test_the_clerk_records_a_persons_facts_and_the_verdict_follows(qtbot, db, tmp_path):
    unit_id, person_id = _office(db)
    page = PersonPage(db, 2025, person_id)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    assert page.tabs.tabText(page.tabs.count() - 1) == "Hồ sơ thi đua"
    page.tabs.setCurrentIndex(page.tabs.count() - 1)
    ratings = _editor(page, "Xếp loại")
    ratings.widgets["year"].setValue(2025)
    set_combo(ratings.widgets["rating"], "HTXSNV")
    ratings.widgets["rated_by"].setText("Chủ tịch UBND xã")
    assert ratings.save()
    row = ratings.table.rows()[0]
    assert (row.year, row.rating, row.rated_by) == (2025, "HTXSNV", "Chủ tịch UBND xã")
    page.grab().save(str(tmp_path / "person-facts.png"))

    discipline = _editor(page, "Kỷ luật")
    set_combo(discipline.widgets["level"], "khien_trach")
    discipline.widgets["decided_on"].setText("31/02/2025")  # no such day
    assert not discipline.save()
    assert "ngày/tháng/năm" in discipline.message.text()
    assert page.focusWidget() is discipline.widgets["decided_on"]  # the cursor where the mistake is
    discipline.widgets["decided_on"].setText("10/03/2025")
    discipline.widgets["decision"].setText("12/QĐ-UBND")
    assert discipline.save()
    assert discipline.table.rows()[0].from_text == "10/03/2025"

    inspections = _editor(page, "Thanh tra, khiếu nại")
    set_combo(inspections.widgets["kind"], "complaint")
    inspections.widgets["started_on"].setText("01/10/2025")
    assert inspections.save() and inspections.table.rows()[0].to_text == "chưa kết thúc"
    inspections.pick(inspections.table.rows()[0])
    inspections.widgets["ended_on"].setText("20/11/2025")
    inspections.widgets["closed_note"].setText("Kết luận số 30/KL-UBND: đơn không có cơ sở")
    assert inspections.save() and inspections.table.rows()[0].to_text == "20/11/2025"

    initiatives = _editor(page, "Sáng kiến, đề tài")
    initiatives.widgets["title"].setText("Sổ hộ tịch điện tử")
    initiatives.widgets["year"].setValue(2025)
    assert initiatives.save() and initiatives.table.rows()[0].status == "Mới khai, chưa công nhận"
    with db.session() as s:
        record = person_record(s, person_id)
        assert [d.decision for d in record.disciplines] == ["12/QĐ-UBND"]
        assert record.investigations[0].closed_note.startswith("Kết luận số 30")
        cstdcs = s.scalar(select(AwardType.id).where(AwardType.code == "CSTDCS"))
        dossier = Dossier(year=2025, number="HS-2025-0001", unit_id=unit_id, received_on=dt.date(2025, 11, 20),
                          category="regular", status="appraising")
        s.add(dossier)
        s.flush()
        s.add(Nominee(dossier_id=dossier.id, seq=1, subject="individual", person_id=person_id, unit_id=unit_id,
                      name="Lò Thị Én", award_type_id=cstdcs))
        s.flush()
        verdict = check_dossier(s, dossier.id, on=dt.date(2025, 12, 1))[0]
    assert verdict.verdict == "fails"  # the reprimand of 2025, entered on the page
    assert any(r.code == "under_discipline" for r in verdict.reasons)


def test_a_collectives_year_on_its_page(qtbot, db, tmp_path):
    unit_id, _ = _office(db)
    page = UnitPage(db, 2025, unit_id)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.tabs.setCurrentIndex(page.tabs.count() - 1)
    assert page.tabs.tabText(page.tabs.count() - 1) == "Xếp loại, kỷ luật"
    years = _editor(page, "Xếp loại, hoàn thành nhiệm vụ")
    years.widgets["year"].setValue(2025)
    set_combo(years.widgets["rating"], "HTXSNV")
    years.widgets["rated_by"].setText("UBND huyện Tam Đường")
    years.widgets["members_total"].setValue(20)
    years.widgets["members_completed"].setValue(21)  # more than the members
    assert not years.save() and "lớn hơn số thành viên" in years.message.text()
    years.widgets["members_completed"].setValue(20)
    assert years.save()
    page.grab().save(str(tmp_path / "unit-facts.png"))
    with db.session() as s:
        r = unit_record(s, unit_id).ratings[0]
        assert (r.rating, r.rated_by, r.members_total, r.members_completed) == ("HTXSNV", "UBND huyện Tam Đường", 20, 20)
