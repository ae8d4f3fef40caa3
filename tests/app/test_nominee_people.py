"""Who a nominee is, decided from the dossier after an import: a near match confirmed as the
same person (the list's details fill the person's), or kept apart as a new person made with
the list's gender, birth year and ethnicity; the dossier's history and the audit trail say who
decided. A nominee still unlinked at the decision becomes a person then, so the report counts
them; the printed appraisal shows warnings as text."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from app.audit import NOTE_KEY  # noqa: F401 - the audit trail is what records "who decided"
from app.decisions import DecisionInput, issue_decision
from app.dossiers import move_dossier
from app.errors import UserError
from app.import_writers import commit_import
from app.imports import read_file
from app.nominee_people import confirm_person, unlinked
from app.nominees import appraise
from app.office import OfficeProfileData, save_profile
from app.person_records import PersonData, add_person
from app.printing.appraisal import print_appraisal
from app.reports import year_figures
from app.unit_list import UnitData, add_unit
from db.models import AuditEntry, Award, DossierEvent, Nominee, Person
from tests.app.printing.print_pdf import pages_text


def _proposal(path, rows):
    book = Workbook()
    ws = book.active
    ws.append(["THÔN NÀ BÓ", "", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    ws.append(["DANH SÁCH ĐỀ NGHỊ CÔNG NHẬN DANH HIỆU LAO ĐỘNG TIÊN TIẾN NĂM 2026"])
    ws.append(["STT", "Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Chức vụ"])
    for i, row in enumerate(rows, start=1):
        ws.append([i, *row])
    book.save(path)
    return path


@pytest.fixture
def imported(db, tmp_path):
    """A village whose people were typed without birth years; its LĐTT list gives them."""
    with db.session() as s:
        save_profile(s, OfficeProfileData(office_name="Văn phòng HĐND và UBND", authority_name="Ủy ban nhân dân xã "
                                          "Bản Bo", place_name="Bản Bo", level="xa", signer_name="Lò Văn Minh"))
        unit = add_unit(s, UnitData(name="Thôn Nà Bó", kind="village"))
        add_person(s, PersonData(full_name="Lò Thị Xuân", unit_id=unit.id))
        add_person(s, PersonData(full_name="Lò Văn Sơn", unit_id=unit.id, birth_year=1979))
        path = _proposal(tmp_path / "ds.xlsx", [("Lò Thị Xuân", 1985, "Nữ", "Thái", "Hội viên"),
                                                ("Lò Văn Sơn", 1978, "Nam", "Thái", "Trưởng thôn")])
        preview = read_file(s, path, unit=unit.id)
        assert [p.code for p in preview.warnings].count("person_near_match") == 2
        result = commit_import(s, preview, today=dt.date(2026, 11, 20))
    return result.dossier_id


def test_near_matches_wait_for_the_clerk_with_the_lists_details(db, imported):
    with db.session() as s:
        waiting = unlinked(s, imported)
        assert [(w.name, w.birth_year) for w in waiting] == [("Lò Thị Xuân", 1985), ("Lò Văn Sơn", 1978)]
        assert "thiếu năm sinh" in waiting[0].candidates[0].reason
        assert "lệch 1 năm" in waiting[1].candidates[0].reason
        xuan = s.scalar(select(Nominee).where(Nominee.name == "Lò Thị Xuân"))
        assert (xuan.person_id, xuan.gender, xuan.ethnicity) == (None, "F", "thai")


def test_same_person_links_and_fills_new_person_keeps_apart(db, imported):
    with db.session() as s:
        waiting = {w.name: w for w in unlinked(s, imported)}
        xuan_id = waiting["Lò Thị Xuân"].candidates[0].id
        confirm_person(s, waiting["Lò Thị Xuân"].nominee_id, xuan_id, user="ha.nguyen")
        confirm_person(s, waiting["Lò Văn Sơn"].nominee_id, None, user="ha.nguyen")
    with db.session() as s:
        assert unlinked(s, imported) == []
        xuan = s.get(Person, xuan_id)
        assert (xuan.birth_year, xuan.gender, xuan.ethnicity) == (1985, "F", "thai")
        sons = s.scalars(select(Person).where(Person.full_name == "Lò Văn Sơn").order_by(Person.id)).all()
        assert [p.birth_year for p in sons] == [1979, 1978]  # two people now, the list's one new
        nominee = s.scalar(select(Nominee).where(Nominee.name == "Lò Văn Sơn"))
        assert nominee.person_id == sons[1].id
        assert not [w for w in nominee.warnings if w["code"] == "person_near_match"]
        events = [e.reason for e in s.scalars(select(DossierEvent).where(DossierEvent.dossier_id == imported))]
        assert any("xác nhận cùng người với Lò Thị Xuân" in e for e in events)
        assert any("Lò Văn Sơn: xác nhận là người mới" in e for e in events)
        notes = [a.note for a in s.scalars(select(AuditEntry).where(AuditEntry.entity == "nominees"))]
        assert any("xác nhận cùng người" in (n or "") for n in notes)


def test_a_decided_dossier_cannot_be_answered_any_more(db, imported):
    with db.session() as s:
        for n in s.scalars(select(Nominee).where(Nominee.dossier_id == imported)):
            appraise(s, n.id, "approved")
        move_dossier(s, imported, "appraised")
        issue_decision(s, [imported], DecisionInput(number="30/QĐ-UBND", issued_on=dt.date(2026, 12, 10)),
                       today=dt.date(2026, 12, 15))
    with db.session() as s:
        # Unanswered at the decision: each became a person with the list's details.
        awards = s.scalars(select(Award).where(Award.subject == "individual")).all()
        assert len(awards) == 2 and all(a.person_id for a in awards)
        assert year_figures(s, 2026).group("women").total == 1
        assert year_figures(s, 2026).group("ethnic_minority").total == 2
        nominee = s.scalar(select(Nominee).where(Nominee.name == "Lò Thị Xuân"))
        with pytest.raises(UserError):
            confirm_person(s, nominee.id, None)


def test_the_printed_appraisal_shows_warnings_as_sentences(db, imported):
    with db.session() as s:
        text = " ".join(pages_text(print_appraisal(s, imported).pdf))
    assert "{'code'" not in text and "gần giống" in text
