"""Gương người tốt, việc tốt for the media centre: the exemplars chosen for publicity (the
register), with their notable awards, one row per person, per quarter or per movement — never
every award of the year; marking them publicised; the workbook and the printed list."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from app.errors import UserError, ValidationError
from app.publicity import mark_publicised, publicity_list, quarter_range
from db.models import Movement, Registration, Submission

D = dt.date


@pytest.fixture
def office(world):
    world.office()
    commune = world.unit("UBND xã Bản Bo", kind="commune")
    world.unit("Trung tâm Văn hóa, Thể thao và Truyền thông", kind="public_service")
    movement = Movement(name="Chung tay xóa nhà tạm, nhà dột nát", launched_by="UBND huyện", level="huyen",
                        kind="thematic")
    world.s.add(movement)
    world.s.flush()
    ngoc = world.person("Lò Văn Ngọc", commune, position="Nông dân")
    mai = world.person("Tòng Thị Mai", commune, position="Công chức")
    plain = world.person("Sùng A Páo", commune)
    sent = Submission(unit_id=commune.id, year=2025, kind="registration", received_on=D(2025, 2, 10))
    world.s.add(sent)
    world.s.flush()
    world.s.add(Registration(submission_id=sent.id, unit_id=commune.id, year=2025, subject="individual",
                             person_id=ngoc.id, name=ngoc.full_name, is_exemplar=True, movement_id=movement.id,
                             model="Liên kết sản xuất chè Shan tuyết hữu cơ", notes="Điển hình tiên tiến cá nhân"))
    world.s.flush()
    world.award(ngoc, "GK", 2025, kind="sudden", decision="1778/QĐ-UBND", decision_date=D(2025, 7, 28),
                achievement="Cứu hộ, cứu nạn trong mưa lũ tháng 7/2025", movement_id=movement.id)
    world.award(mai, "CSTDCS", 2025, decision="2881/QĐ-UBND", decision_date=D(2025, 12, 5), position="Công chức",
                achievement="Hoàn thành xuất sắc nhiệm vụ, có sáng kiến")
    world.award(plain, "LDTT", 2025, decision="2881/QĐ-UBND", decision_date=D(2025, 12, 5))  # too common
    gone = world.award(plain, "GK", 2025, kind="sudden", decision="1779/QĐ-UBND", decision_date=D(2025, 8, 2))
    gone.revoked = True
    world.s.flush()
    return world, movement


def test_an_exemplar_who_was_awarded_is_one_row(office):
    world, _ = office
    rows = {r.name: r for r in publicity_list(world.s, 2025)}
    # Only the exemplar: Tòng Thị Mai's CSTĐCS alone does not put her on the list.
    assert set(rows) == {"Lò Văn Ngọc"}
    ngoc = rows["Lò Văn Ngọc"]
    assert ngoc.model == "Liên kết sản xuất chè Shan tuyết hữu cơ"
    assert ngoc.deeds == "Cứu hộ, cứu nạn trong mưa lũ tháng 7/2025"  # the register's bare label is not a deed
    assert ngoc.award == "Giấy khen (QĐ số 1778/QĐ-UBND, 28/07/2025)"
    assert ngoc.source == "Điển hình tiên tiến" and ngoc.movement == "Chung tay xóa nhà tạm, nhà dột nát"


def test_per_quarter_and_per_movement(office):
    world, movement = office
    assert [r.name for r in publicity_list(world.s, 2025, quarter=1)] == ["Lò Văn Ngọc"]  # registered in Q1
    q3 = publicity_list(world.s, 2025, quarter=3)
    assert [r.name for r in q3] == ["Lò Văn Ngọc"] and q3[0].awards  # awarded in Q3
    assert publicity_list(world.s, 2025, quarter=4) == []  # an award alone is not an exemplar
    assert publicity_list(world.s, 2025, quarter=2) == []
    assert [r.name for r in publicity_list(world.s, 2025, movement_id=movement.id)] == ["Lò Văn Ngọc"]
    assert quarter_range(2025, 4) == (D(2025, 10, 1), D(2025, 12, 31))
    with pytest.raises(ValidationError):
        quarter_range(2025, 5)


def test_marking_exemplars_publicised(office):
    world, _ = office
    row = publicity_list(world.s, 2025, quarter=1)[0]
    with pytest.raises(ValidationError, match="hình thức tuyên truyền"):
        mark_publicised(world.s, [row.registration_id], D(2025, 4, 20), "")
    assert mark_publicised(world.s, [row.registration_id], D(2025, 4, 20), "Chuyên mục trên sóng truyền thanh") == 1
    again = publicity_list(world.s, 2025, quarter=2)
    assert [(r.name, r.publicised_on) for r in again] == [("Lò Văn Ngọc", D(2025, 4, 20))]


def test_workbook_and_printed_list_for_the_media_centre(office, tmp_path):
    from openpyxl import load_workbook

    from app.excel.extras_exports import publicity_workbook
    from app.printing.publicity import print_publicity

    world, _ = office
    ws = load_workbook(publicity_workbook(world.s, 2025, tmp_path / "nguoi_tot.xlsx", quarter=3)).active
    values = [r for r in ws.iter_rows(values_only=True)]
    text = " ".join(str(v) for r in values for v in r if v)
    assert "Quý III năm 2025" in text and "Gửi Trung tâm Văn hóa, Thể thao và Truyền thông" in text
    data = [r for r in values if r and isinstance(r[0], int)]
    assert [(r[1], r[3]) for r in data] == [("Lò Văn Ngọc", "Liên kết sản xuất chè Shan tuyết hữu cơ")]
    doc = print_publicity(world.s, 2025, quarter=3, on=D(2025, 9, 20))
    pdf = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(doc.pdf)).pages)
    assert "Kính gửi: Trung tâm Văn hóa, Thể thao và Truyền thông" in pdf
    assert "00 tập thể, 01 cá nhân" in pdf and "Lò Văn Ngọc" in pdf and "Tòng Thị Mai" not in pdf
    assert doc.filename == "NguoiTotViecTot_Quy3_2025.pdf"
    with pytest.raises(UserError, match="quý iv năm 2025"):
        print_publicity(world.s, 2025, quarter=4)


def test_the_demo_has_a_publicity_list(demo_db):
    with demo_db.session() as s:
        rows = publicity_list(s, 2025)
        assert len(rows) > 20
        assert any(r.model for r in rows) and any(r.awards for r in rows)
        assert {r.subject for r in rows} == {"Tập thể", "Cá nhân"}
