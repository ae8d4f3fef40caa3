"""Thông báo công khai: the office's notice and its annex list — only the nominees appraised as
eligible, grouped by award with collectives first, the period and place as recorded (blank
to fill by hand before), the same lines as the exported workbook."""

from __future__ import annotations

import datetime as dt

import pytest
from print_pdf import flat, pages_text

from app.errors import NotFound, UserError
from app.nominees import notice_list
from app.printing import FORMS, build
from db.models import Dossier, Nominee


def test_the_notice_and_its_list(office):
    with office.db.session() as s:
        doc = build(s, "notice", id=office.local_dossier_id)
    first, annex = pages_text(doc.pdf)
    assert doc.pages == 2 and doc.filename == "CongKhai_HS_2025_0001.pdf"
    assert "THÔNG BÁO" in first and "/TB-" in first
    assert "danh sách 01 tập thể và 02 cá nhân được đề nghị khen" in " ".join(first.split())
    assert "Thời gian công khai: từ ngày" in first  # no period recorded yet: left to fill in
    assert "Nơi nhận" in first
    assert "DANH SÁCH" in annex
    body = flat(annex)
    assert flat("I. CHIẾN SĨ THI ĐUA CƠ SỞ (02)") in body and flat("II. TẬP THỂ LAO ĐỘNG XUẤT SẮC (01)") in body
    assert "LòThịMai" in body and "VàngThịDợ" in body and "TrườngMầmnonBảnBo" in body
    assert "SùngATủa" not in body  # not eligible on appraisal: not posted


def test_the_recorded_period_and_place_are_printed(office):
    with office.db.session() as s:
        d = s.get(Dossier, office.local_dossier_id)
        d.status, d.notice_from, d.notice_to = "noticed", dt.date(2025, 11, 24), dt.date(2025, 12, 1)
        d.notice_note = "trụ sở UBND xã Bản Bo"
        s.flush()
        doc = build(s, "notice", year=2025)  # without --id: the dossier being posted
    text = " ".join(pages_text(doc.pdf)[0].split())
    assert "từ ngày 24/11/2025 đến ngày 01/12/2025; địa điểm: trụ sở UBND xã Bản Bo" in text
    assert "ngày 24 tháng 11 năm 2025" in text


def test_the_same_lines_as_the_workbook(office):
    with office.db.session() as s:
        names = {line.name for line in notice_list(s, office.local_dossier_id)}
        body = flat(pages_text(build(s, "notice", id=office.local_dossier_id).pdf)[1])
    assert names == {"Lò Thị Mai", "Trường Mầm non Bản Bo", "Vàng Thị Dợ"}
    assert all(flat(n) in body for n in names)


def test_nothing_to_post_is_said_plainly(office):
    with office.db.session() as s:
        for n in s.get(Dossier, office.local_dossier_id).nominees:
            n.appraisal = "pending"
        s.flush()
        with pytest.raises(UserError) as err:
            build(s, "notice", id=office.local_dossier_id)
        assert "chưa có ai được thẩm định “Đạt”" in err.value.message
        with pytest.raises(NotFound):
            build(s, "notice", id=999_999)
        for n in s.query(Nominee):
            n.appraisal = "pending"
        s.flush()
        with pytest.raises(NotFound) as err:
            build(s, "notice", year=2025)
        assert "Năm 2025 chưa có hồ sơ nào" in err.value.message


def test_listed_among_the_forms():
    assert FORMS["notice"].label == "Thông báo công khai danh sách đề nghị khen thưởng"
    assert FORMS["notice"].id_of == "hồ sơ"
