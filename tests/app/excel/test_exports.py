"""Workbooks the program writes: exports never turn user text into formulas, keep dates and
money as such, carry the administrative header; templates reopen with drop-downs, frozen
panes, print titles and a hidden `_meta`, and import back as what they are."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from app.excel.exports import export_table
from app.excel.problems import CODES
from app.excel.sheetkit import Header
from app.excel.templates import template_name, write_template
from app.imports import commit_import, read_file
from app.text import fold
from db.models import Bloc, BlocCriterion, BlocMember, BlocScore, OfficeProfile, Unit

ROOT = Path(__file__).resolve().parents[3]


def _cells(ws) -> dict[str, object]:
    return {c.coordinate: c for row in ws.iter_rows() for c in row if c.value is not None}


def test_user_text_never_becomes_a_formula(tmp_path):
    hostile = ["=1+1", "+84 912 345 678", "-5 điểm", "@SUM(A1:A2)", '=HYPERLINK("http://x","y")']
    path = export_table(tmp_path / "x.xlsx", "Danh sách", ["Ghi chú"], [[h] for h in hostile])
    ws = load_workbook(path)["Danh sach"]
    written = [c for c in _cells(ws).values() if isinstance(c.value, str) and c.value in hostile]
    assert len(written) == len(hostile)
    assert all(c.data_type == "s" for c in written)
    xml = path.read_bytes()
    import zipfile

    with zipfile.ZipFile(path) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and xml


def test_dates_numbers_and_money_keep_their_type(tmp_path):
    rows = [["Lò Văn A", dt.date(2025, 12, 5), 3, 1410000], ["Lò Thị B", None, 0, 702000]]
    path = export_table(tmp_path / "x.xlsx", "Sổ khen thưởng năm 2025", ["Họ và tên", "Ngày quyết định",
                                                                        "Số lần", "Số tiền thưởng (đồng)"], rows,
                        header=Header("UBND huyện Tam Đường", "Phòng Nội vụ", "Tam Đường", dt.date(2025, 12, 6)))
    ws = load_workbook(path)["Danh sach"]
    cells = _cells(ws)
    date = next(c for c in cells.values() if isinstance(c.value, dt.datetime))
    assert date.value.date() == dt.date(2025, 12, 5) and date.number_format == "dd/mm/yyyy"
    money = next(c for c in cells.values() if c.value == 1410000)
    assert money.number_format == "#,##0"
    assert any(c.value == 3 and isinstance(c.value, int) for c in cells.values())
    texts = [c.value for c in cells.values() if isinstance(c.value, str)]
    assert "UBND HUYỆN TAM ĐƯỜNG" in texts and "PHÒNG NỘI VỤ" in texts
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts and "Độc lập - Tự do - Hạnh phúc" in texts
    assert "Tam Đường, ngày 06 tháng 12 năm 2025" in texts
    assert "SỔ KHEN THƯỞNG NĂM 2025" in texts
    assert {"(1)", "(2)", "(5)"} <= set(texts)  # the column-numbering row
    assert ws.freeze_panes is not None and ws.print_title_rows
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4


def _office(db):
    with db.session() as s:
        s.add(OfficeProfile(id=1, office_name="Phòng Nội vụ", authority_name="Ủy ban nhân dân huyện Tam Đường", level="huyen",
                            authority_short="UBND", place_name="Tam Đường"))
        unit = Unit(code="XA_BAN_BO", name="UBND xã Bản Bo", short_name="Xã Bản Bo", kind="commune",
                    search_key=fold("UBND xã Bản Bo"))
        s.add(unit)
        s.flush()
        return unit.id


def test_an_award_proposal_template_reopens_right_and_imports_back(db, tmp_path):
    unit_id = _office(db)
    with db.session() as s:
        path = write_template(s, "award_proposal", 2025, unit_id, tmp_path)
    assert path.name == template_name("award_proposal", 2025, "UBND xã Bản Bo") == "DeNghiKhenThuong_2025_UbndXaBanBo.xlsx"
    book = load_workbook(path)
    meta = book["_meta"]
    assert meta.sheet_state == "hidden" and meta.protection.sheet
    pairs = {r[0].value: r[1].value for r in meta.iter_rows()}
    assert pairs["kind"] == "award_proposal" and pairs["unit_code"] == "XA_BAN_BO" and pairs["year"] == "2025"
    assert pairs["template_id"] and pairs["template_version"] == "1" and "Phòng Nội vụ" in pairs["issuer"]
    ws = book["Danh sach"]
    lists = {str(dv.formula1) for dv in ws.data_validations.dataValidation}
    assert any("_lists" in f for f in lists) and len(ws.data_validations.dataValidation) >= 6
    header = next(r for r in ws.iter_rows() if r[0].value == "STT")
    first = header[0].row + 2
    assert ws.freeze_panes == f"A{first}"
    ws.cell(first, 2, "Lò Văn Điền")
    ws.cell(first, 4, 1985)
    ws.cell(first, 5, "Nam")
    ws.cell(first, 9, "Lao động tiên tiến")
    ws.cell(first + 1, 2, "Trường Mầm non Bản Bo")
    ws.cell(first + 1, 3, "Tập thể")
    ws.cell(first + 1, 9, "Giấy khen")
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    with db.session() as s:
        p = read_file(s, filled)
    assert (p.kind, p.unit.code, p.year, p.errors) == ("award_proposal", "XA_BAN_BO", 2025, [])
    assert [(r.name, r.subject, r.award.code) for r in p.rows] == [
        ("Lò Văn Điền", "individual", "LDTT"), ("Trường Mầm non Bản Bo", "collective", "GK")]


def test_a_self_scoring_template_carries_the_criteria_and_their_ids(db, tmp_path):
    unit_id = _office(db)
    with db.session() as s:
        bloc = Bloc(year=2025, name="Khối các xã")
        s.add(bloc)
        s.flush()
        s.add(BlocMember(bloc_id=bloc.id, unit_id=unit_id))
        s.add_all([BlocCriterion(bloc_id=bloc.id, code="1", title="Ban hành kế hoạch", max_points=10, sort_order=1),
                   BlocCriterion(bloc_id=bloc.id, code="2", title="Khen thưởng kịp thời", max_points=15, sort_order=2)])
        s.flush()
        path = write_template(s, "bloc_scores", 2025, unit_id, tmp_path)
    book = load_workbook(path)
    ws = book["Danh sach"]
    assert ws.column_dimensions["F"].hidden
    header = next(r for r in ws.iter_rows() if r[0].value == "STT")
    first = header[0].row + 2
    assert ws.cell(first, 2).value == "Ban hành kế hoạch" and ws.cell(first, 3).value == 10
    ws.cell(first, 2, "Ban hành kế hoạch (đã sửa chữ)")  # the id in the hidden column still finds it
    ws.cell(first, 4, 9)
    ws.cell(first + 1, 4, 15)
    filled = tmp_path / "cham.xlsx"
    book.save(filled)
    with db.session() as s:
        p = read_file(s, filled)
    assert (p.kind, p.errors) == ("bloc_scores", [])
    commit_import(db, p)
    with db.session() as s:
        assert sorted(float(x.self_score) for x in s.scalars(select(BlocScore))) == [9.0, 15.0]


def test_every_code_is_documented():
    page = (ROOT / "docs" / "import-codes.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", page, re.M))
    assert documented == set(CODES)
    assert all(code.startswith("eligibility") for code in CODES if "eligib" in code)
