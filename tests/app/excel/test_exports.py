"""Workbooks the program writes: exports never turn user text into formulas, keep dates and
money as such, carry the administrative header; templates reopen with drop-downs, frozen
panes, print titles and a hidden `_meta`, and import back as what they are."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from openpyxl import load_workbook

from app.excel.exports import export_table
from app.excel.problems import CODES
from app.excel.sheetkit import Header

ROOT = Path(__file__).resolve().parents[3]


def _cells(ws) -> dict[str, object]:
    return {c.coordinate: c for row in ws.iter_rows() for c in row if c.value is not None}


def test_user_text_never_becomes_a_formula(tmp_path):
    hostile = ["=1+1", "+84 912 345 678", "-5 điểm", "@SUM(A1:A2)", '=HYPERLINK("http://x","y")']
    path = export_table(tmp_path / "x.xlsx", "Danh sách", ["Ghi chú"], [[h] for h in hostile])
    ws = load_workbook(path)["Danh sách"]
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
    ws = load_workbook(path)["Danh sách"]
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


def test_every_code_is_documented():
    page = (ROOT / "docs" / "import-codes.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", page, re.M))
    assert documented == set(CODES)
    assert all(code.startswith("eligibility") for code in CODES if "eligib" in code)


def test_an_authority_breaks_before_its_level_never_inside_the_place():
    from app.excel.sheetkit import authority_lines

    assert authority_lines("ỦY BAN NHÂN DÂN HUYỆN TAM ĐƯỜNG", 30) == "ỦY BAN NHÂN DÂN\nHUYỆN TAM ĐƯỜNG"
    assert authority_lines("ỦY BAN NHÂN DÂN HUYỆN TAM ĐƯỜNG", 60) == "ỦY BAN NHÂN DÂN HUYỆN TAM ĐƯỜNG"
    assert authority_lines("UBND HUYỆN TAM ĐƯỜNG", 20) == "UBND HUYỆN TAM ĐƯỜNG"
