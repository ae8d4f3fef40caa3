"""Workbooks built by code for the import tests: .xlsx (openpyxl), .xls (xlwt), .ods (a tiny
OpenDocument writer: a zip with mimetype, manifest and content.xml), each with merged cells.

`rows` is a list of lists (None = empty cell); `merges` are Excel ranges like "C5:D5".
`nasty_list()` is a unit's own layout with everything EXCHANGE.md lists: title lines with the
award and year only in the title, merged cells, a two-row header with Nam / Nữ birth columns,
a numbering row, section rows, Word-pasted text (NFD, double and non-breaking spaces), dates
in every form, a wrapped continuation line, a total row and a footer.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.utils import range_boundaries


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def xlsx(path: Path, rows: list[list], merges: tuple[str, ...] = (), *, sheet: str = "Danh sach",
         more: dict[str, list[list]] | None = None) -> Path:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(r, c, value)
                if isinstance(value, dt.date):
                    ws.cell(r, c).number_format = "dd/mm/yyyy"
    for rng in merges:
        ws.merge_cells(rng)
    for name, extra in (more or {}).items():
        other = book.create_sheet(name)
        for r, row in enumerate(extra, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    other.cell(r, c, value)
    book.save(path)
    return path


def xls(path: Path, rows: list[list], merges: tuple[str, ...] = (), *, sheet: str = "Danh sach") -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet(sheet)
    date_style = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    covered = set()
    for rng in merges:
        c1, r1, c2, r2 = range_boundaries(rng)
        value = rows[r1 - 1][c1 - 1] if r1 - 1 < len(rows) and c1 - 1 < len(rows[r1 - 1]) else None
        ws.write_merge(r1 - 1, r2 - 1, c1 - 1, c2 - 1, value if value is not None else "")
        covered |= {(r, c) for r in range(r1 - 1, r2) for c in range(c1 - 1, c2)}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or (r, c) in covered:
                continue
            if isinstance(value, dt.date):
                ws.write(r, c, value, date_style)
            else:
                ws.write(r, c, value)
    book.save(str(path))
    return path


_ODS_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>'
             '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
             'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
             'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
             '<office:body><office:spreadsheet>')
_MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?>'
             '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
             'manifest:version="1.2">'
             '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
             '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
             '</manifest:manifest>')


def _ods_cell(value, spans: tuple[int, int] | None) -> str:
    attrs = ""
    if spans:
        attrs = f' table:number-rows-spanned="{spans[0]}" table:number-columns-spanned="{spans[1]}"'
    if value is None:
        return f"<table:table-cell{attrs}/>"
    if isinstance(value, bool):
        return f'<table:table-cell{attrs} office:value-type="boolean" office:boolean-value="{str(value).lower()}"/>'
    if isinstance(value, (int, float)):
        return (f'<table:table-cell{attrs} office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    if isinstance(value, dt.date):
        return (f'<table:table-cell{attrs} office:value-type="date" office:date-value="{value.isoformat()}">'
                f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>")
    return (f'<table:table-cell{attrs} office:value-type="string">'
            f"<text:p>{escape(str(value))}</text:p></table:table-cell>")


def ods(path: Path, rows: list[list], merges: tuple[str, ...] = (), *, sheet: str = "Danh sach") -> Path:
    starts, covered = {}, set()
    for rng in merges:
        c1, r1, c2, r2 = range_boundaries(rng)
        starts[(r1 - 1, c1 - 1)] = (r2 - r1 + 1, c2 - c1 + 1)
        covered |= {(r, c) for r in range(r1 - 1, r2) for c in range(c1 - 1, c2)} - {(r1 - 1, c1 - 1)}
    width = max((len(r) for r in rows), default=1)
    body = [f'<table:table table:name="{escape(sheet)}">']
    for r, row in enumerate(rows):
        body.append("<table:table-row>")
        for c in range(width):
            value = row[c] if c < len(row) else None
            if (r, c) in covered:
                body.append("<table:covered-table-cell/>")
            else:
                body.append(_ods_cell(value, starts.get((r, c))))
        body.append("</table:table-row>")
    body.append("</table:table>")
    content = _ODS_HEAD + "".join(body) + "</office:spreadsheet></office:body></office:document-content>"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("META-INF/manifest.xml", _MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


def nasty_list() -> tuple[list[list], tuple[str, ...]]:
    """A unit's own list: everything awkward at once (see the module docstring)."""
    w = 10
    blank = [None] * w

    def row(*values):
        return list(values) + [None] * (w - len(values))

    rows = [
        row("UBND HUYỆN TAM ĐƯỜNG", None, None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        row("ỦY BAN NHÂN DÂN", None, None, None, None, None, "Độc lập - Tự do - Hạnh phúc"),
        row(nfd("XÃ  BẢN\u00a0BO ")),
        blank[:],
        row("DANH SÁCH"),
        row(nfd("Đề nghị Chủ tịch UBND huyện tặng Giấy khen năm 2025")),
        row("(Kèm theo Tờ trình số 15/TTr-UBND ngày 03/12/2025 của UBND xã Bản Bo)"),
        blank[:],
        row("TT", nfd("Họ và tên"), "Ngày tháng năm sinh", None, "Dân tộc", "Chức vụ, đơn vị công tác",
            "Mức độ hoàn thành nhiệm vụ", "Sáng kiến", "Lao động trực tiếp", "Ghi chú"),
        row(None, None, "Nam", "Nữ"),
        row("(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)"),
        row("A", "CÁ NHÂN"),
        row(1, nfd("Nguyễn  Văn\u00a0Đức "), "03/07/1984", None, "Kinh", "Chủ tịch UBND xã", "HTXSNV",
            "Ứng dụng phần mềm quản lý hộ tịch", None, None),
        row(2, "Lò Thị Én", None, dt.date(1990, 5, 12), "Thái", "Công chức Tư pháp - Hộ tịch",
            "Hoàn thành tốt nhiệm vụ"),
        row(3, "Vàng A Dình", "3-7-84", None, "H'Mông", "Trưởng bản Nà Tăm", "HTTNV", None, "x",
            "Người lao động trực tiếp"),
        row(None, None, None, None, None, "(kiêm Bí thư chi bộ)"),
        row(4, "Giàng Thị Mỷ", None, "15.8.1978", "Hmông", "Nông dân", "htt nv", None, "x"),
        row(5, "Tẩn Láo Lở", 1992, None, "Dao", "Công an viên", "HTTNV"),
        row(6, "Sùng Thị Chứ", None, "1992", "Mèo", "Nhân viên y tế thôn", "HTTNV"),
        row(7, "Lù Văn Pâng", "ngày 5 tháng 9 năm 1986", None, "Giáy", "Công chức địa chính", "HTTNV"),
        row("B", "TẬP THỂ"),
        row(1, "Trạm Y tế xã Bản Bo", None, None, None, None, "HTXSNV"),
        row("Tổng cộng: 8"),
        blank[:],
        row(None, "NGƯỜI LẬP BIỂU", None, None, None, None, "TM. ỦY BAN NHÂN DÂN"),
        row(None, None, None, None, None, None, "CHỦ TỊCH"),
        row(None, "Nguyễn Thị Lập", None, None, None, None, "Lò Văn Chủ"),
    ]
    merges = ("A1:C1", "G1:J1", "A2:C2", "G2:J2", "A3:C3", "A5:J5", "A6:J6", "A7:J7",
              "A9:A10", "B9:B10", "C9:D9", "E9:E10", "F9:F10", "G9:G10", "H9:H10", "I9:I10", "J9:J10",
              "B12:J12", "B21:J21")
    return rows, merges
