"""Award books (sổ theo dõi khen thưởng) built by code, in the layouts offices keep, each with
the ledger lines a correct import finds (checked by hand against the rows below).

- `yearly_sheets()`: one sheet per year; the year in the title (`SỔ THEO DÕI KHEN THƯỞNG NĂM
  2022`) or only in the sheet name (`2024`); a split Nam / Nữ birth column; titles and forms in
  two columns; the decision as `112/QĐ-UBND ngày 15/12/2022` in one column.
- `year_column()`: one sheet with a `Năm` column, the decision in number and date columns, the
  issuer and the kind of award in their own columns.
- `grouped()`: rows under merged `Quyết định số ...` lines, with `I. Tập thể` / `II. Cá nhân`
  sections, Word-pasted text and a footer.
- `annex()`: a decision's own list (`Kèm theo Quyết định số ...`), the award and year only in
  the title, the list's numbers being the book numbers.

`write(path, sheets)` writes .xlsx (openpyxl), .xls (xlwt) or .ods by the path's suffix.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.utils import range_boundaries

from tests.app.excel.books import _MANIFEST, _ODS_HEAD, _ods_cell, nfd

Sheet = tuple[str, list[list], tuple[str, ...]]  # name, rows, merged ranges


def write(path: Path, sheets: list[Sheet]) -> Path:
    suffix = path.suffix.lower()
    if suffix == ".xls":
        return _xls(path, sheets)
    if suffix == ".ods":
        return _ods(path, sheets)
    book = Workbook()
    book.remove(book.active)
    for name, rows, merges in sheets:
        ws = book.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(r, c, value)
                    if isinstance(value, dt.date):
                        ws.cell(r, c).number_format = "dd/mm/yyyy"
        for rng in merges:
            ws.merge_cells(rng)
    book.save(path)
    return path


def _xls(path: Path, sheets: list[Sheet]) -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    for name, rows, merges in sheets:
        ws = book.add_sheet(name)
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
                ws.write(r, c, value, date_style) if isinstance(value, dt.date) else ws.write(r, c, value)
    book.save(str(path))
    return path


def _ods(path: Path, sheets: list[Sheet]) -> Path:
    body = []
    for name, rows, merges in sheets:
        starts, covered = {}, set()
        for rng in merges:
            c1, r1, c2, r2 = range_boundaries(rng)
            starts[(r1 - 1, c1 - 1)] = (r2 - r1 + 1, c2 - c1 + 1)
            covered |= {(r, c) for r in range(r1 - 1, r2) for c in range(c1 - 1, c2)} - {(r1 - 1, c1 - 1)}
        width = max((len(r) for r in rows), default=1)
        body.append(f'<table:table table:name="{escape(name)}">')
        for r, row in enumerate(rows):
            body.append("<table:table-row>")
            for c in range(width):
                value = row[c] if c < len(row) else None
                body.append("<table:covered-table-cell/>" if (r, c) in covered else _ods_cell(value, starts.get((r, c))))
            body.append("</table:table-row>")
        body.append("</table:table>")
    content = _ODS_HEAD + "".join(body) + "</office:spreadsheet></office:body></office:document-content>"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("META-INF/manifest.xml", _MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


def _row(width: int, *values) -> list:
    return list(values) + [None] * (width - len(values))


HEADER = ["UBND HUYỆN TAM ĐƯỜNG", None, None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]


def yearly_sheets() -> tuple[list[Sheet], list[tuple]]:
    """One sheet a year. Expected: (name, birth year, year, award code, decision, date, kind)."""
    w = 9

    def sheet(name: str, title: str, lines: list[list]) -> Sheet:
        rows = [_row(w, *HEADER), _row(w, "PHÒNG NỘI VỤ"), _row(w), _row(w, title), _row(w),
                _row(w, "STT", "Họ và tên", "Năm sinh", None, "Chức vụ", "Đơn vị công tác", "Danh hiệu thi đua",
                     "Hình thức khen thưởng", "Số, ngày quyết định"),
                _row(w, None, None, "Nam", "Nữ"),
                _row(w, "(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"),
                *lines, _row(w), _row(w, None, "NGƯỜI LẬP BIỂU", None, None, None, None, "TRƯỞNG PHÒNG")]
        merges = ("A4:I4", "A6:A7", "B6:B7", "C6:D6", "E6:E7", "F6:F7", "G6:G7", "H6:H7", "I6:I7")
        return name, rows, merges

    s2022 = sheet("Năm 2022", "SỔ THEO DÕI KHEN THƯỞNG NĂM 2022", [
        _row(w, 1, "Lò Văn Páo", 1980, None, "Chủ tịch UBND xã", "UBND xã Bản Bo", "CSTĐCS", None,
             "102/QĐ-UBND ngày 20/12/2022"),
        _row(w, 2, "Nguyễn Thị Mai", None, 1990, "Công chức", "UBND xã Bản Bo", "LĐTT", None,
             "102/QĐ-UBND ngày 20/12/2022"),
        _row(w, 3, "Tẩn Láo Lở", 1992, None, "Công an viên", "UBND xã Bản Bo", "LĐTT", None,
             "102/QĐ-UBND ngày 20/12/2022"),
    ])
    s2023 = sheet("Năm 2023", "SỔ THEO DÕI KHEN THƯỞNG NĂM 2023", [
        _row(w, 1, "LÒ VĂN PÁO", 1980, None, "Chủ tịch UBND xã", "Xã Bản Bo", "Chiến sĩ thi đua cơ sở", None,
             "95/QĐ-UBND ngày 18/12/2023"),
        _row(w, 2, nfd("Nguyễn  Thị Mai"), None, "1990", "Công chức", "xã Bản Bo", "LĐTT", "Giấy khen",
             "95/QĐ-UBND ngày 18/12/2023"),
        _row(w, 3, "Tẩn Láo Lở", None, None, "Công an viên", "UBND xã Bản Bo", "LĐTT", None,
             "95/QĐ-UBND ngày 18/12/2023"),
        _row(w, 4, "Trạm Y tế xã Bản Bo", None, None, None, None, "TTLĐTT", None, "95/QĐ-UBND ngày 18/12/2023"),
    ])
    s2024 = sheet("2024", "SỔ THEO DÕI KHEN THƯỞNG", [
        _row(w, 1, "Lò Văn Páo", 1980, None, "Chủ tịch UBND xã", "UBND xã Bản Bo", "CSTĐCS", None,
             "12/QĐ-UBND ngày 10/01/2025"),
        _row(w, 2, "Nguyễn Thị Mai", None, 1990, "Công chức", "UBND xã Bản Bo", "LĐTT", None,
             "12/QĐ-UBND ngày 10/01/2025"),
    ])
    expected = [
        ("Lò Văn Páo", 1980, 2022, "CSTDCS", "102/QĐ-UBND", dt.date(2022, 12, 20), "regular"),
        ("Nguyễn Thị Mai", 1990, 2022, "LDTT", "102/QĐ-UBND", dt.date(2022, 12, 20), "regular"),
        ("Tẩn Láo Lở", 1992, 2022, "LDTT", "102/QĐ-UBND", dt.date(2022, 12, 20), "regular"),
        ("Lò Văn Páo", 1980, 2023, "CSTDCS", "95/QĐ-UBND", dt.date(2023, 12, 18), "regular"),
        ("Nguyễn Thị Mai", 1990, 2023, "LDTT", "95/QĐ-UBND", dt.date(2023, 12, 18), "regular"),
        ("Nguyễn Thị Mai", 1990, 2023, "GK", "95/QĐ-UBND", dt.date(2023, 12, 18), "regular"),
        ("Tẩn Láo Lở", None, 2023, "LDTT", "95/QĐ-UBND", dt.date(2023, 12, 18), "regular"),
        ("Trạm Y tế xã Bản Bo", None, 2023, "TTLDTT", "95/QĐ-UBND", dt.date(2023, 12, 18), "regular"),
        ("Lò Văn Páo", 1980, 2024, "CSTDCS", "12/QĐ-UBND", dt.date(2025, 1, 10), "regular"),
        ("Nguyễn Thị Mai", 1990, 2024, "LDTT", "12/QĐ-UBND", dt.date(2025, 1, 10), "regular"),
    ]
    return [s2022, s2023, s2024], expected


def year_column() -> tuple[list[Sheet], list[tuple]]:
    """One sheet with the year of each row. Expected as in `yearly_sheets`."""
    w = 11
    rows = [
        _row(w, *HEADER), _row(w),
        _row(w, "SỔ KHEN THƯỞNG CÁC NĂM 2021 - 2024"), _row(w),
        _row(w, "TT", "Năm", "Họ tên", "Năm sinh", "Đơn vị", "Danh hiệu, hình thức", "Số QĐ", "Ngày QĐ",
             "Cấp khen", "Loại khen", "Ghi chú"),
        _row(w, 1, 2021, "Lò Văn Páo", 1980, "Xã Bản Bo", "Giấy khen", "401/QĐ-UBND", dt.date(2021, 9, 2),
             None, "Đột xuất", "Cứu người trong lũ"),
        _row(w, 2, "2022", "Lò Văn Páo", "1980", "Xã Bản Bo", "CSTĐ cơ sở", "102/QĐ-UBND", "20/12/2022",
             None, "Thường xuyên"),
        _row(w, 3, 2023, "Lò Văn Páo", 1980, "Xã Bản Bo", "CSTĐCS", "95/QĐ-UBND", "18/12/2023", None, None),
        _row(w, 4, 2024, "Lò Văn Páo", 1980, "Xã Bản Bo", "Bằng khen UBND tỉnh", "1234/QĐ-UBND",
             dt.date(2025, 2, 3), "UBND tỉnh Lai Châu", "Thường xuyên"),
        _row(w, 5, 2023, "Hoàng Thị Dung", 1985, "Xã Khun Há", "GK", "77/QĐ-UBND", "05/09/2023", None,
             "Chuyên đề", "Phong trào xây dựng nông thôn mới"),
        _row(w, 6, 2022, "Hoàng Thị Dung", 1985, "Xã Khun Há", "LĐTT", "102/QĐ-UBND", "20/12/2022"),
        _row(w, 7, 2022, "Hộ gia đình ông Vàng A Sử", None, "Xã Khun Há", "Gia đình văn hóa", None, None),
    ]
    expected = [
        ("Lò Văn Páo", 1980, 2021, "GK", "401/QĐ-UBND", dt.date(2021, 9, 2), "sudden"),
        ("Lò Văn Páo", 1980, 2022, "CSTDCS", "102/QĐ-UBND", dt.date(2022, 12, 20), "regular"),
        ("Lò Văn Páo", 1980, 2023, "CSTDCS", "95/QĐ-UBND", dt.date(2023, 12, 18), "regular"),
        ("Lò Văn Páo", 1980, 2024, "BK_TINH", "1234/QĐ-UBND", dt.date(2025, 2, 3), "regular"),
        ("Hoàng Thị Dung", 1985, 2023, "GK", "77/QĐ-UBND", dt.date(2023, 9, 5), "movement"),
        ("Hoàng Thị Dung", 1985, 2022, "LDTT", "102/QĐ-UBND", dt.date(2022, 12, 20), "regular"),
        ("Hộ gia đình ông Vàng A Sử", None, 2022, "GDVH", None, None, "regular"),
    ]
    return [("So khen thuong", rows, ("A3:K3",))], expected


def grouped() -> tuple[list[Sheet], list[tuple]]:
    """Rows under merged decision lines, with sections. Expected as in `yearly_sheets`."""
    w = 7
    rows = [
        _row(w, "UBND HUYỆN TAM ĐƯỜNG", None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        _row(w, "PHÒNG NỘI VỤ", None, None, None, "Độc lập - Tự do - Hạnh phúc"), _row(w),
        _row(w, "TỔNG HỢP KHEN THƯỞNG NĂM 2023"), _row(w),
        _row(w, "STT", "Tên tập thể, cá nhân", "Năm sinh", "Chức vụ, đơn vị công tác", "Hình thức khen thưởng",
             "Thành tích", "Ghi chú"),
        _row(w, nfd("Quyết định số 95/QĐ-UBND ngày 18/12/2023 của Chủ tịch UBND huyện Tam Đường về việc "
                    "công nhận danh hiệu thi đua năm 2023")),
        _row(w, "I.", "TẬP THỂ"),
        _row(w, 1, "Trạm Y tế xã Bản Bo", None, None, "Tập thể lao động tiên tiến", "Hoàn thành tốt nhiệm vụ"),
        _row(w, "II.", "CÁ NHÂN"),
        _row(w, 1, "Lò Văn Páo", 1980, "Chủ tịch UBND xã Bản Bo", "Chiến sĩ thi đua cơ sở",
             "Hoàn thành xuất sắc nhiệm vụ"),
        _row(w, 2, "Lò Văn Páo", 1980, "Chủ tịch UBND xã Bản Bo", "Chiến sĩ thi đua cơ sở", None,
             "ghi trùng"),
        _row(w, nfd("Quyết định số 1500/QĐ-UBND ngày 25/12/2023 của Chủ tịch UBND tỉnh Lai Châu về việc "
                    "khen thưởng đột xuất")),
        _row(w, 1, "Giàng A Chứ", 1975, "Trưởng bản Nà Tăm", "Bằng khen", "Dũng cảm cứu hộ"),
        _row(w, 2, "Sùng Thị Say", "12/3/1988", "Giáo viên", "BK UBND tỉnh", "Dũng cảm cứu hộ", "Đã thu hồi"),
        _row(w),
        _row(w, None, "NGƯỜI LẬP BIỂU", None, None, "TRƯỞNG PHÒNG"),
    ]
    merges = ("A4:G4", "A7:G7", "A13:G13")
    expected = [
        ("Trạm Y tế xã Bản Bo", None, 2023, "TTLDTT", "95/QĐ-UBND", dt.date(2023, 12, 18), "regular"),
        ("Lò Văn Páo", 1980, 2023, "CSTDCS", "95/QĐ-UBND", dt.date(2023, 12, 18), "regular"),
        ("Lò Văn Páo", 1980, 2023, "CSTDCS", "95/QĐ-UBND", dt.date(2023, 12, 18), "regular"),
        ("Giàng A Chứ", 1975, 2023, "BK_TINH", "1500/QĐ-UBND", dt.date(2023, 12, 25), "sudden"),
        ("Sùng Thị Say", 1988, 2023, "BK_TINH", "1500/QĐ-UBND", dt.date(2023, 12, 25), "sudden"),
    ]
    return [("Tong hop 2023", rows, merges)], expected


def annex() -> tuple[list[Sheet], list[tuple]]:
    """A decision's own list: award and year in the title, the decision in the `Kèm theo` line."""
    w = 5
    rows = [
        _row(w, "UBND HUYỆN TAM ĐƯỜNG", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), _row(w),
        _row(w, "DANH SÁCH"),
        _row(w, "CÁ NHÂN ĐƯỢC CÔNG NHẬN DANH HIỆU LAO ĐỘNG TIÊN TIẾN NĂM 2023"),
        _row(w, "(Kèm theo Quyết định số 1234/QĐ-UBND ngày 05 tháng 01 năm 2024 của Chủ tịch UBND huyện "
                "Tam Đường)"),
        _row(w),
        _row(w, "STT", "Họ và tên", "Chức vụ, đơn vị công tác", "Năm sinh", "Ghi chú"),
        _row(w, 1, "Vàng Thị Hoa", "Giáo viên Trường Tiểu học Bản Bo", "1987"),
        _row(w, 2, "Lý Văn Tả", "Công chức xã Bản Bo", 1979),
        _row(w, 3, "Lò Văn Páo", "Chủ tịch UBND xã Bản Bo", 1980),
        _row(w), _row(w, None, None, "KT. CHỦ TỊCH"),
    ]
    expected = [
        ("Vàng Thị Hoa", 1987, 2023, "LDTT", "1234/QĐ-UBND", dt.date(2024, 1, 5), "regular"),
        ("Lý Văn Tả", 1979, 2023, "LDTT", "1234/QĐ-UBND", dt.date(2024, 1, 5), "regular"),
        ("Lò Văn Páo", 1980, 2023, "LDTT", "1234/QĐ-UBND", dt.date(2024, 1, 5), "regular"),
    ]
    return [("Phu luc", rows, ("A3:E3", "A4:E4", "A5:E5"))], expected
