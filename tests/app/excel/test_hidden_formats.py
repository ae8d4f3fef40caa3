"""Hidden code columns in every format (issue 19, t19 point 1): a MauTDKT list saved as .ods or
.xls by LibreOffice reads as the .xlsx does — the visible award wins, the hidden VLOOKUP column
of codes (stale, `0` or `#N/A` as LibreOffice caches them) is never a second award nor an error;
and a column of codes beside the words naming the same field is left out even when the file
does not say it is hidden."""

from __future__ import annotations

import re
import zipfile

import pytest

from app.excel.hidden import ods_hidden_columns
from app.excel.reader import read_workbook
from app.imports import read_file
from tests.app.excel import province_books as pb
from tests.app.excel.office_suite import _run, needs_soffice

# Two rows whose hidden S still caches the code of another award (the unit changed G after the
# last recalculation), and a third whose code columns are empty (LibreOffice caches 0 there).
STALE_ROWS = [
    [1, "Ông", "Sùng A Chớ", "Trưởng thôn", "Thôn Nà Bỏ", "Khen thưởng cá nhân", "Lao động tiên tiến",
     pb.WORKER, "Quản lý Nhà nước", pb.Cached("CANHAN"), pb.Cached("1647933380"), pb.Cached(1660638976),
     pb.Cached("0013")],
    [2, "Bà", "Tô Thị Hạnh", "Công chức Văn hóa - Xã hội", "UBND xã Bản Bo", "Khen thưởng cá nhân",
     "Chiến sĩ thi đua cơ sở", pb.WORKER, "Quản lý Nhà nước", pb.Cached("CANHAN"), pb.Cached("1647933042"),
     pb.Cached(1660638976), pb.Cached("0013")],
    [3, None, "Trường Mầm non Bản Bo", None, "UBND xã Bản Bo", "Khen thưởng tập thể",
     "Tập thể lao động tiên tiến", "Đơn vị sự nghiệp", "Giáo dục - Đào tạo", pb.Cached(0), pb.Cached(0),
     pb.Cached(0), pb.Cached(0)],
]
EXPECTED = [(2, "Sùng A Chớ", "Lao động tiên tiến"), (3, "Tô Thị Hạnh", "Chiến sĩ thi đua cơ sở"),
            (4, "Trường Mầm non Bản Bo", "Tập thể lao động tiên tiến")]


def _read(db, path):
    with db.session() as s:
        return read_file(s, path, unit="XA_BAN_BO", year=2025)


def _stale(tmp_path):
    return pb.fill("MauTDKT.xlsx", tmp_path / "stale.xlsx", pb.rows_to_cells(2, "ABCDEFGHIRSTU", STALE_ROWS))


def _clerk_sees(preview):
    return [(r.row, r.name, r.award.name if r.award else None) for r in preview.rows]


@needs_soffice
@pytest.mark.parametrize("fmt", ["ods", "xls"])
def test_a_list_saved_as_ods_or_xls_reads_its_visible_awards_once(office, tmp_path, fmt):
    src = _stale(tmp_path)
    _run(tmp_path / "lo", fmt, [src], tmp_path / "out")
    saved = tmp_path / "out" / f"stale.{fmt}"
    book = read_workbook(saved)
    assert book.format == fmt
    assert {s.name: sorted(s.hidden_cols) for s in book.sheets}["file nhận"] == [17, 18, 19, 20]  # R–U
    preview = _read(office, saved)
    assert _clerk_sees(preview) == EXPECTED  # one row each, the award the clerk sees in G
    assert not preview.errors, [p.message for p in preview.errors]
    columns = {letter: fld for _, letter, _, fld in preview.tables[0].columns()}
    assert columns["G"] == "award" and columns["S"] is None


def test_a_code_column_the_file_does_not_hide_is_still_no_second_award(office, tmp_path):
    # Saved by a tool that drops the hidden flag: R–U show, headed `Mã ...`. The clerk still
    # chose the award by its name in G; the code column is not a second proposal.
    src = _stale(tmp_path)
    out = tmp_path / "shown.xlsx"
    with zipfile.ZipFile(src) as zf, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in zf.infolist():
            data = zf.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'\shidden="(?:1|true)"', b"", data)
            dst.writestr(info, data)
    assert not read_workbook(out).sheets[0].hidden_cols
    preview = _read(office, out)
    assert _clerk_sees(preview) == EXPECTED
    assert not preview.errors, [p.message for p in preview.errors]


def test_ods_columns_hidden_by_collapse_count_repeated_columns():
    content = (b'<office:document-content><office:body><office:spreadsheet>'
               b'<table:table table:name="Danh s\xc3\xa1ch &amp; m\xc3\xa3"><table:table-column table:number-columns-repeated="3"/>'
               b'<table:table-column table:visibility="collapse" table:number-columns-repeated="2"/>'
               b'<table:table-column/><table:table-column table:visibility="collapse"/>'
               b'<table:table-row><table:table-cell/></table:table-row></table:table>'
               b'<table:table table:name="B"><table:table-header-columns><table:table-column '
               b'table:visibility="collapse"/></table:table-header-columns><table:table-column/>'
               b'<table:table-row/></table:table>'
               b'</office:spreadsheet></office:body></office:document-content>')
    assert ods_hidden_columns(content) == {"Danh sách & mã": {3, 4, 6}, "B": {0}}


def test_an_xls_with_hidden_code_columns_written_by_xlwt_reads_its_visible_awards(office, tmp_path):
    # (no LibreOffice needed: COLINFO records with the hidden flag, as Excel 97-2003 writes them)
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("file nhận")
    header = ["STT", "Tên gọi", "Tên tập thể/cá nhân/hộ gia đình", "Chức vụ", "Đơn vị công tác",
              "Phân loại khen thưởng", "Danh hiệu thi đua/Hình thức khen thưởng"]
    for c, v in enumerate(header):
        ws.write(0, c, v)
    for c, v in zip(range(17, 21), ["Mã Phân loại khen thưởng", "Mã Danh hiệu thi đua", "Mã phân loại loại tượng",
                                    "Mã Lĩnh vực hoạt động"], strict=True):
        ws.write(0, c, v)
        ws.col(c).hidden = True
    for r, row in enumerate(STALE_ROWS, start=1):
        for c, v in enumerate(row[:7]):
            if v is not None:
                ws.write(r, c, v)
        for c, cached in zip(range(17, 21), row[9:], strict=False):
            ws.write(r, c, cached.value)
    path = tmp_path / "stale.xls"
    book.save(str(path))
    assert sorted(read_workbook(path).sheets[0].hidden_cols) == [17, 18, 19, 20]
    preview = _read(office, path)
    assert _clerk_sees(preview) == EXPECTED
    assert not preview.errors, [p.message for p in preview.errors]
