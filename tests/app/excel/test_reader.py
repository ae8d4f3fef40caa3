"""Reading workbooks: .xlsx, .xls and .ods into grids with merged ranges; every broken file
ends in one clear Vietnamese message."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from app.errors import FileProblem
from app.excel import reader
from app.excel.reader import cell_ref, column_letter, read_workbook
from tests.app.excel.books import nasty_list, ods, xls, xlsx

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.mark.parametrize("writer, fmt", [(xlsx, "xlsx"), (xls, "xls"), (ods, "ods")])
def test_every_format_reads_to_the_same_grid_with_merges(tmp_path, writer, fmt):
    rows, merges = nasty_list()
    book = read_workbook(writer(tmp_path / f"ds.{fmt}", rows, merges))
    assert book.format == fmt
    sheet = book.data_sheets()[0]
    assert sheet.name == "Danh sach"
    assert sheet.value(8, 2) == "Ngày tháng năm sinh"
    assert sheet.value(12, 0) == 1 and isinstance(sheet.value(12, 0), int)  # 1.0 → 1
    assert sheet.value(13, 3) == dt.date(1990, 5, 12)
    assert sheet.value(3, 0) is None  # '' → None
    assert (8, 2, 8, 3) in sheet.merges  # Năm sinh over Nam | Nữ
    assert sheet.merge_at(9, 0) == (8, 0, 9, 0)  # STT merged down over the sub-header row


def test_the_file_extension_does_not_matter(tmp_path):
    rows, merges = nasty_list()
    path = xls(tmp_path / "ds.xls", rows, merges)
    renamed = path.rename(tmp_path / "ds.xlsx")
    assert read_workbook(renamed).format == "xls"


def test_meta_sheet_pairs_are_read_and_hidden_sheets_are_not_lists(tmp_path):
    path = xlsx(tmp_path / "m.xlsx", [["STT", "Họ và tên"]], more={"_meta": [["kind", "registration"], ["year", 2026]]})
    book = read_workbook(path)
    assert book.meta == {"kind": "registration", "year": "2026"}
    assert [s.name for s in book.data_sheets()] == ["Danh sach"]


def test_cell_references():
    assert column_letter(0) == "A" and column_letter(25) == "Z" and column_letter(26) == "AA"
    assert cell_ref("Danh sach", 13, 1) == "Danh sach!B14"


def _message(path) -> str:
    with pytest.raises(FileProblem) as info:
        read_workbook(path)
    assert info.value.exit_code == 2
    return info.value.message


def test_broken_files_each_get_one_clear_message(tmp_path):
    text = tmp_path / "ghi-chu.xlsx"
    text.write_text("đây là ghi chú, không phải bảng tính", encoding="utf-8")
    assert "không phải bảng tính" in _message(text)
    empty = tmp_path / "rong.xls"
    empty.write_bytes(b"")
    assert "rỗng" in _message(empty)
    html = tmp_path / "web.xls"
    html.write_text("<html><body><table><tr><td>1</td></tr></table></body></html>", encoding="utf-8")
    assert "trang web" in _message(html)
    pdf = tmp_path / "scan.xlsx"
    pdf.write_bytes(b"%PDF-1.4 ...")
    assert "PDF" in _message(pdf)
    assert "Không tìm thấy" in _message(tmp_path / "khong-co.xlsx")
    assert "thư mục" in _message(tmp_path)


def test_damaged_zip_and_word_document(tmp_path):
    good = xlsx(tmp_path / "a.xlsx", [["STT", "Họ và tên"], [1, "An"]])
    data = good.read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(data[: len(data) // 2])
    assert "hỏng" in _message(cut)
    word = tmp_path / "to-trinh.xlsx"
    with zipfile.ZipFile(word, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    assert "Word" in _message(word)


def test_a_workbook_with_no_values_is_empty(tmp_path):
    path = xlsx(tmp_path / "trong.xlsx", [])
    assert "không có dữ liệu" in _message(path)


def test_a_password_protected_workbook(tmp_path):
    assert "mật khẩu" in _message(DATA / "mat-khau.xlsx")


def test_absurdly_large_files_and_sheets(tmp_path, monkeypatch):
    path = xlsx(tmp_path / "lon.xlsx", [[i, f"Tên {i}"] for i in range(200)])
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 100)
    assert "quá lớn" in _message(path)
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 10**9)
    with pytest.raises(FileProblem, match="quá lớn"):
        read_workbook(path, max_cells=100)
