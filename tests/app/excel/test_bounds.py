"""The size check before reading (app/excel/bounds.py, app/excel/ole.py) on the ways a file can
hide its size: cells without `r=`, namespace prefixes, a binary (.xlsb) sheet, LibreOffice's
empty trailing rows (which are fine), and a compound file whose sector chain loops."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.errors import FileProblem
from app.excel.bounds import WorkbookLimits, check_workbook
from app.excel.reader import read_workbook

SMALL = WorkbookLimits(rows=100, columns=20, cells=1000)


def _sheet(path: Path, body: bytes, name: str = "xl/worksheets/sheet1.xml") -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("xl/workbook.xml", b"<workbook/>")
        zf.writestr(name, body)
    return path


def test_cells_without_r_are_counted_in_their_row(tmp_path):
    cells = b"<c><v>1</v></c>" * 25
    path = _sheet(tmp_path / "a.xlsx", b"<worksheet><sheetData><row>" + cells + b"</row></sheetData></worksheet>")
    with pytest.raises(FileProblem, match="25 cột"):
        check_workbook(path, "xlsx", SMALL)


def test_a_namespace_prefix_does_not_hide_a_cell(tmp_path):
    body = (b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
            b'<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>'
            b'<x:row r="5"><x:c r="XFD5"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>')
    with pytest.raises(FileProblem, match="16.384 cột"):
        check_workbook(_sheet(tmp_path / "p.xlsx", body), "xlsx", SMALL)


def test_a_declared_dimension_beyond_the_limits_is_refused(tmp_path):
    body = b'<worksheet><dimension ref="A1:C5000"/><sheetData><row r="1"><c r="A1"/></row></sheetData></worksheet>'
    with pytest.raises(FileProblem, match="khai báo vùng dữ liệu 5.000 dòng × 3 cột"):
        check_workbook(_sheet(tmp_path / "d.xlsx", body), "xlsx", SMALL)


def _record(kind: int, body: bytes) -> bytes:
    def varint(n: int) -> bytes:
        out = bytearray()
        while True:
            out.append((n & 0x7F) | (0x80 if n > 0x7F else 0))
            n >>= 7
            if not n:
                return bytes(out)
    return varint(kind) + varint(len(body)) + body


def test_a_binary_sheet_is_measured_from_its_records(tmp_path):
    cell_far = _record(0, struct.pack("<I", 5) + b"\0" * 8) + _record(5, struct.pack("<I", 29) + b"\0" * 12)
    path = _sheet(tmp_path / "b.xlsb", cell_far, "xl/worksheets/sheet1.bin")
    with pytest.raises(FileProblem, match="6 dòng × 30 cột"):
        check_workbook(path, "xlsb", SMALL)
    row_far = _record(0, struct.pack("<I", 2_000_000) + b"\0" * 8)
    with pytest.raises(FileProblem, match="hơn 100 dòng"):
        check_workbook(_sheet(tmp_path / "r.xlsb", row_far, "xl/worksheets/sheet1.bin"), "xlsb", SMALL)
    declared = _record(148, struct.pack("<IIII", 0, 1_048_575, 0, 16_383))
    with pytest.raises(FileProblem, match="khai báo vùng dữ liệu 1.048.576 dòng × 16.384 cột"):
        check_workbook(_sheet(tmp_path / "c.xlsb", declared, "xl/worksheets/sheet1.bin"), "xlsb", SMALL)


def test_empty_trailing_rows_of_libreoffice_are_fine(tmp_path):
    content = ('<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:'
               'xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text='
               '"urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
               '<table:table table:name="DS"><table:table-row><table:table-cell office:value-type="string">'
               '<text:p>Lò Văn Páo</text:p></table:table-cell><table:table-cell table:number-columns-repeated='
               '"1023"/></table:table-row><table:table-row table:number-rows-repeated="1048575">'
               '<table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>'
               '</office:spreadsheet></office:body></office:document-content>')
    path = tmp_path / "lo.ods"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content)
        zf.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:'
                    'oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" '
                    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>')
    check_workbook(path, "ods", SMALL)  # nothing raised
    assert read_workbook(path).sheets[0].value(0, 0) == "Lò Văn Páo"


def test_an_ordinary_list_passes_and_is_read(tmp_path):
    book = Workbook()
    for r in range(60):
        book.active.append([f"Người {r}", 1980 + r % 30, "UBND xã Bản Bo"])
    book.save(tmp_path / "ds.xlsx")
    check_workbook(tmp_path / "ds.xlsx", "xlsx", SMALL)
    assert read_workbook(tmp_path / "ds.xlsx").sheets[0].height == 60


def test_a_compound_file_whose_chain_loops_is_damaged_not_endless(tmp_path):
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHH", header, 24, 0x3E, 3, 0xFFFE, 9)  # version 3, 512-byte sectors
    struct.pack_into("<H", header, 32, 6)
    struct.pack_into("<IIIII", header, 44, 1, 1, 0, 4096, 0xFFFFFFFE)  # FAT 1 sector; dir at 1
    struct.pack_into("<III", header, 64, 0, 0xFFFFFFFE, 0)
    struct.pack_into("<109I", header, 76, 0, *([0xFFFFFFFF] * 108))
    fat = struct.pack("<128I", 0xFFFFFFFD, 1, *([0xFFFFFFFF] * 126))  # directory sector 1 → 1 → ...
    path = tmp_path / "vong.xls"
    path.write_bytes(bytes(header) + fat + b"\0" * 512)
    with pytest.raises(FileProblem, match="bị hỏng"):
        read_workbook(path)
