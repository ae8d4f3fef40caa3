"""Our office inside the province's bloc: the bloc with its other members, head and deputy as
text, the criteria as the province sent them, our self-score with evidence, the final score and
rank, the covenant; the self-scoring workbook in the province's layout and the report."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.bloc_criteria import add_criterion
from app.errors import UserError, ValidationError
from app.province_bloc import (
    ProvinceBlocInput,
    add_evidence,
    list_province_blocs,
    province_bloc_view,
    record_result,
    record_sent,
    remove_evidence,
    save_province_bloc,
    set_self_score,
)
from db.models import BlocMember, StoredFile

D = dt.date
OTHERS = ["UBND huyện Phong Thổ", "UBND huyện Sìn Hồ", "UBND huyện Than Uyên"]


@pytest.fixture
def bloc(world):
    world.office()
    authority = world.unit("UBND huyện Tam Đường", kind="authority")
    world.unit("UBND xã Bản Bo", kind="commune")
    bloc_id = save_province_bloc(world.s, ProvinceBlocInput(
        year=2025, name="Khối thi đua các huyện, thành phố", head_name="UBND huyện Than Uyên",
        deputy_name="UBND huyện Sìn Hồ", other_members=OTHERS + ["  "], covenant_signed_on=D(2025, 3, 5),
        covenant_place="Hội nghị tại huyện Than Uyên", criteria_source="Hướng dẫn số 02/HD-KTĐ"))
    group = add_criterion(world.s, bloc_id, "Công tác thi đua, khen thưởng", 0, code="I")
    c1 = add_criterion(world.s, bloc_id, "Ban hành kế hoạch", 10, code="1", parent_id=group)
    c2 = add_criterion(world.s, bloc_id, "Báo cáo đúng hạn", 5, code="2", parent_id=group)
    c3 = add_criterion(world.s, bloc_id, "Phát triển kinh tế", 20, code="II")
    penalty = add_criterion(world.s, bloc_id, "Vi phạm chế độ báo cáo", 5, code="III", kind="penalty")
    return world, bloc_id, authority, dict(group=group, c1=c1, c2=c2, c3=c3, penalty=penalty)


def test_the_bloc_has_our_authority_as_member_and_the_others_as_text(bloc):
    world, bloc_id, authority, _ = bloc
    members = world.s.scalars(select(BlocMember.unit_id).where(BlocMember.bloc_id == bloc_id)).all()
    assert members == [authority.id]
    v = province_bloc_view(world.s, bloc_id)
    assert v.info.other_members == OTHERS and v.member_count == 4
    assert (v.info.head_name, v.info.deputy_name, v.covenant_signed_on) == (
        "UBND huyện Than Uyên", "UBND huyện Sìn Hồ", D(2025, 3, 5))
    with pytest.raises(ValidationError, match="hai đơn vị khác nhau"):
        save_province_bloc(world.s, ProvinceBlocInput(year=2025, name="Khối thi đua các huyện, thành phố",
                                                      head_name="UBND huyện Sìn Hồ", deputy_name="UBND huyện sìn hồ",
                                                      id=bloc_id))
    with pytest.raises(ValidationError, match="giao ước"):
        save_province_bloc(world.s, ProvinceBlocInput(year=2025, name="Khối thi đua các huyện, thành phố",
                                                      covenant_signed_on=D(2023, 3, 1), id=bloc_id))


def test_our_self_score_totals_with_zero_and_penalty(bloc):
    world, bloc_id, _, c = bloc
    set_self_score(world.s, c["c1"], "9,5", "Kế hoạch ban hành chậm 5 ngày")
    set_self_score(world.s, c["c2"], 0, "Hai báo cáo gửi muộn")  # zero is a score
    set_self_score(world.s, c["penalty"], 1)
    with pytest.raises(ValidationError, match="vượt điểm tối đa"):
        set_self_score(world.s, c["c3"], 21)
    v = province_bloc_view(world.s, bloc_id)
    assert v.total() == Decimal("8.5") and v.max_total == Decimal(35)
    group = next(ln for ln in v.lines if ln.id == c["group"])
    assert v.subtotal(group) == Decimal("9.5") and v.unscored == 1
    set_self_score(world.s, c["c3"], 18, agreed=17)
    assert province_bloc_view(world.s, bloc_id).total("agreed") == Decimal(17)


def test_evidence_per_criterion_with_a_stored_file(bloc, tmp_path):
    world, bloc_id, _, c = bloc
    scan = tmp_path / "ke_hoach_15.pdf"
    scan.write_bytes(b"%PDF-1.4 ke hoach")
    first = add_evidence(world.s, c["c1"], "Kế hoạch số 15/KH-UBND ngày 20/01/2025")
    add_evidence(world.s, c["c1"], "", file_path=scan, files_dir=tmp_path / "files")
    line = next(ln for ln in province_bloc_view(world.s, bloc_id).lines if ln.id == c["c1"])
    assert [doc for _i, doc, _f in line.evidence] == ["Kế hoạch số 15/KH-UBND ngày 20/01/2025", "ke_hoach_15.pdf"]
    stored = world.s.get(StoredFile, line.evidence[1][2])
    assert stored.original_name == "ke_hoach_15.pdf" and (tmp_path / "files").glob("*.pdf")
    with pytest.raises(ValidationError, match="minh chứng"):
        add_evidence(world.s, c["c1"], "  ")
    remove_evidence(world.s, first)
    line = next(ln for ln in province_bloc_view(world.s, bloc_id).lines if ln.id == c["c1"])
    assert line.evidence_text == "ke_hoach_15.pdf"


def test_final_score_and_rank(bloc):
    world, bloc_id, authority, c = bloc
    set_self_score(world.s, c["c1"], 10)
    record_sent(world.s, bloc_id, D(2025, 12, 8), "436/BC-UBND")
    record_result(world.s, bloc_id, "9,5", 2, "Xếp thứ 2/4")
    with pytest.raises(ValidationError, match="từ 1 đến 4"):
        record_result(world.s, bloc_id, 9, 5)
    v = province_bloc_view(world.s, bloc_id)
    assert (v.final_score, v.rank, v.self_sent_ref, v.result_note) == (Decimal("9.5"), 2, "436/BC-UBND", "Xếp thứ 2/4")
    row = list_province_blocs(world.s, 2025)[0]
    assert (row.self_total, row.final_score, row.rank) == ("10/35", "9,5", "2/4")


def test_self_scoring_workbook_in_the_provinces_layout(bloc, tmp_path):
    from openpyxl import load_workbook

    from app.excel.extras_exports import province_bloc_workbook

    world, bloc_id, _, c = bloc
    set_self_score(world.s, c["c1"], 9, "Chậm 5 ngày")
    add_evidence(world.s, c["c1"], "Kế hoạch số 15/KH-UBND")
    set_self_score(world.s, c["c2"], 5)
    record_sent(world.s, bloc_id, D(2025, 12, 8), "436/BC-UBND")
    ws = load_workbook(province_bloc_workbook(world.s, bloc_id, tmp_path / "tu_cham.xlsx"))["Tự chấm điểm"]
    cells = [[v for v in row] for row in ws.iter_rows(values_only=True)]
    text = " ".join(str(v) for row in cells for v in row if v is not None)
    assert "ỦY BAN NHÂN DÂN" in text and "HUYỆN TAM ĐƯỜNG" in text
    assert "BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2025" in text and "Kèm theo Báo cáo số 436/BC-UBND" in text
    header = next(r for r in cells if r[0] == "TT")
    assert header[:6] == ["TT", "Nội dung tiêu chí", "Điểm chuẩn", "Điểm tự chấm", "Điểm khối chấm",
                          "Giải trình, tài liệu minh chứng"]
    lines = {r[1]: r for r in cells if r[1] in ("Công tác thi đua, khen thưởng", "Ban hành kế hoạch", "TỔNG CỘNG",
                                               "Phát triển kinh tế")}
    assert lines["Công tác thi đua, khen thưởng"][2:4] == [15, 14]  # numbers: the province sums them
    assert lines["Ban hành kế hoạch"][3] == 9 and lines["Ban hành kế hoạch"][5] == "Chậm 5 ngày; Kế hoạch số 15/KH-UBND"
    assert lines["TỔNG CỘNG"][2:4] == [35, 14]
    assert lines["Phát triển kinh tế"][3] is None  # not scored stays empty, never 0
    row = next(i for i, r in enumerate(cells, start=1) if r[1] == "Công tác thi đua, khen thưởng")
    assert ws.cell(row, 2).font.bold


def test_report_prints_with_the_table_annexed(bloc):
    from app.printing.province_bloc import print_province_bloc

    world, bloc_id, _, c = bloc
    with pytest.raises(UserError, match="Chưa tự chấm"):
        print_province_bloc(world.s, bloc_id)
    set_self_score(world.s, c["c1"], 9, "Kế hoạch ban hành chậm 5 ngày.")
    set_self_score(world.s, c["c2"], 5)
    set_self_score(world.s, c["c3"], 20)
    doc = print_province_bloc(world.s, bloc_id, on=D(2025, 12, 8))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(doc.pdf)).pages)
    text = " ".join(text.split())
    assert "BÁO CÁO" in text and "Kết quả tự chấm điểm thi đua năm 2025" in text
    assert "Kính gửi: UBND huyện Than Uyên - Khối trưởng Khối thi đua các huyện, thành phố" in text
    assert "Tổng điểm tự chấm: 34/35 điểm" in text
    assert "tự chấm 9/10 điểm; kế hoạch ban hành chậm 5 ngày." in text and ".." not in text
    assert "BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2025" in text and "TM. ỦY BAN NHÂN DÂN" in text


def test_the_demo_carries_our_self_score_and_rank(demo_db):
    from app.province_bloc import province_blocs

    with demo_db.session() as s:
        bloc = province_blocs(s, 2025)[0]
        v = province_bloc_view(s, bloc.id)
        assert v.unit == "UBND huyện Tam Đường" and v.member_count == 8
        assert v.total() is not None and v.unscored == 0 and v.rank == 2 and v.final_score
        assert v.covenant_signed_on and v.info.head_name and v.info.deputy_name
        assert any(ln.evidence for ln in v.lines)
