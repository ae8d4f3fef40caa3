"""The provinces' TĐKT templates (tests/data/province-systems), filled as units fill them.

openpyxl cannot be used: it drops the templates' drop-down lists (Excel's x14 extension) and
writes no cached results for formulas. So the sheet XML is edited as Excel would save it:
typed texts go to the shared strings, numbers stay numbers, and a formula cell keeps its
formula with its last result cached beside it (`Cached("1647933380")`, `Cached(ERROR)` for
`#N/A`), which is what any reader of a saved file sees.

The four fillings below are the test cases of issue 19; each module-level EXPECT_* says what
a correct import finds, row by row.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

DATA = Path(__file__).resolve().parents[2] / "data" / "province-systems"
ERROR = "#N/A"


@dataclass(frozen=True)
class Cached:
    """The cached result of a formula cell (the formula stays)."""

    value: object


def _col_index(ref: str) -> int:
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _sheet_part(zf: zipfile.ZipFile, sheet: str) -> str:
    book = zf.read("xl/workbook.xml").decode("utf-8")
    rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    rid = re.search(rf'<sheet name="{re.escape(escape(sheet))}"[^>]*r:id="(rId\d+)"', book).group(1)
    target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"', rels)
    return "xl/" + (target.group(1) or target.group(2)).lstrip("/").removeprefix("xl/")


class _Strings:
    def __init__(self, xml: str):
        self.xml = xml
        self.count = len(re.findall(r"<si>", xml))

    def add(self, text: str) -> int:
        self.xml = self.xml.replace("</sst>", f'<si><t xml:space="preserve">{escape(text)}</t></si></sst>')
        self.count += 1
        self.xml = re.sub(r'uniqueCount="\d+"', f'uniqueCount="{self.count}"', self.xml)
        return self.count - 1


def _cell_xml(ref: str, style: str, value: object, formula: str | None, strings: _Strings) -> str:
    s = f' s="{style}"' if style else ""
    f = f"<f>{formula}</f>" if formula else ""
    if isinstance(value, Cached):
        value = value.value
    if value is None:
        return f'<c r="{ref}"{s}/>' if not formula else f'<c r="{ref}"{s}>{f}</c>'
    if value == ERROR:
        return f'<c r="{ref}"{s} t="e">{f}<v>#N/A</v></c>'
    if isinstance(value, dt.date):
        value = (value - dt.date(1899, 12, 30)).days
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"{s}>{f}<v>{value}</v></c>'
    if formula:
        return f'<c r="{ref}"{s} t="str">{f}<v>{escape(str(value))}</v></c>'
    return f'<c r="{ref}"{s} t="s"><v>{strings.add(str(value))}</v></c>'


def _set_cell(sheet_xml: str, ref: str, value: object, strings: _Strings) -> str:
    row_no = int(re.search(r"\d+", ref).group(0))
    row_re = re.compile(rf'<row r="{row_no}"(?P<attrs>[^>]*?)(?:/>|>(?P<body>.*?)</row>)', re.S)
    m = row_re.search(sheet_xml)
    if m is None:  # a new row, in its place
        new_row = f'<row r="{row_no}">{_cell_xml(ref, "", value, None, strings)}</row>'
        later = [r for r in re.finditer(r'<row r="(\d+)"', sheet_xml) if int(r.group(1)) > row_no]
        at = later[0].start() if later else sheet_xml.index("</sheetData>")
        return sheet_xml[:at] + new_row + sheet_xml[at:]
    body = m.group("body") or ""
    cell_re = re.compile(rf'<c r="{ref}"(?P<attrs>[^>]*?)(?:/>|>(?P<inner>.*?)</c>)', re.S)
    c = cell_re.search(body)
    style = formula = None
    if c is not None:
        style = (re.search(r's="(\d+)"', c.group("attrs")) or [None, ""])[1]
        fm = re.search(r"<f>(.*?)</f>", c.group("inner") or "", re.S)
        formula = fm.group(1) if fm else None
        if formula and not isinstance(value, Cached):
            formula = None  # typed over the formula
        new_body = body[:c.start()] + _cell_xml(ref, style, value, formula, strings) + body[c.end():]
    else:
        cells = list(re.finditer(r'<c r="([A-Z]+)\d+"', body))
        after = [x for x in cells if _col_index(x.group(1)) > _col_index(ref)]
        at = after[0].start() if after else len(body)
        new_body = body[:at] + _cell_xml(ref, "", value, None, strings) + body[at:]
    new_row = f'<row r="{row_no}"{m.group("attrs")}>{new_body}</row>'
    return sheet_xml[:m.start()] + new_row + sheet_xml[m.end():]


def fill(template: str, out: Path, cells: dict[str, object], *, sheet: str | None = None) -> Path:
    """A copy of a template with `cells` (`"C2": "Sùng A Chớ"`, `"S2": Cached("1647933380")`)."""
    return fill_more(DATA / template, out, cells, sheet=sheet or ("file nhận" if template == "MauTDKT.xlsx"
                                                                   else "DANHSACH"))


def fill_more(src: Path, out: Path, cells: dict[str, object], *, sheet: str) -> Path:
    """A copy of a (filled) workbook with more cells set on one sheet."""
    with zipfile.ZipFile(src) as zf:
        part = _sheet_part(zf, sheet)
        xml = zf.read(part).decode("utf-8")
        strings = _Strings(zf.read("xl/sharedStrings.xml").decode("utf-8"))
        for ref, value in cells.items():
            xml = _set_cell(xml, ref, value, strings)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in zf.infolist():
                data = zf.read(info.filename)
                if info.filename == part:
                    data = xml.encode("utf-8")
                elif info.filename == "xl/sharedStrings.xml":
                    data = strings.xml.encode("utf-8")
                dst.writestr(info, data)
    return out


def rows_to_cells(first_row: int, columns: str, rows: list[list[object]]) -> dict[str, object]:
    """`rows` laid out from `first_row` in the given column letters ("ABCDEFGHIRSTU"); None
    empties a cell (the templates' own example rows are overwritten whole)."""
    cells = {}
    for i, row in enumerate(rows):
        for letter, value in zip(columns, row, strict=False):
            cells[f"{letter}{first_row + i}"] = value
    return cells


# --- MauTDKT: visible names, the hidden R–U columns holding the VLOOKUP results as saved -------
WORKER = "Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu"
MAUTDKT_ROWS = [
    # A, B (Tên gọi), C (name), D (Chức vụ), E (Đơn vị), F (Phân loại), G (award), H (Phân loại đối
    # tượng), I (Lĩnh vực), then the hidden R, S, T, U as Excel cached them.
    [1, "Ông", "Sùng A Chớ", "Trưởng thôn", "Thôn Nà Bỏ", "Khen thưởng cá nhân", "Chiến sĩ thi đua cơ sở",
     WORKER, "Quản lý Nhà nước", Cached("CANHAN"), Cached("1647933380"), Cached(1660638976), Cached("0013")],
    [2, "Thiếu úy", "Vừ A Lềnh", "Phó Trưởng Công an xã", "Công an xã Bản Bo", "Khen thưởng cá nhân",
     "Lao động tiên tiến", WORKER, "An ninh - Quốc phòng", Cached("CANHAN"), Cached("1647933042"),
     Cached(1660638976), Cached("0001")],
    [3, "Bà", "Trương Thị Mai", "Giáo viên", "Trường Tiểu học Bản Bo", "Khen thưởng cá nhân",
     "Bằng khen cấp bộ, ban, ngành, tỉnh, đoàn thể trung ương", WORKER, "Giáo dục - Đào tạo",
     Cached("CANHAN"), Cached("1650360491"), Cached(1660638976), Cached("0003")],
    [4, None, "Trường Tiểu học Bản Bo", None, "Xã Bản Bo", "Khen thưởng tập thể", "Tập thể lao động tiên tiến",
     "Đơn vị sự nghiệp", "Giáo dục - Đào tạo", Cached("TAPTHE"), Cached("1647933198"), Cached(1668477403),
     Cached("0003")],
    [5, None, "Lò Văn Pâng", None, "Bản Nà Bỏ, xã Bản Bo", "Khen thưởng hộ gia đình", "Gia đình văn hóa",
     "Hộ gia đình", None, Cached("HOGIADINH"), Cached("1647933227"), Cached(1660638538), Cached(ERROR)],
    # the award typed as its code: VLOOKUP finds no name, Excel caches #N/A in S
    [6, "Ông", "Lò Văn Sáng", "Công chức Văn phòng - Thống kê", "UBND xã Bản Bo", "Khen thưởng cá nhân",
     1647933042, WORKER, "Quản lý Nhà nước", Cached("CANHAN"), Cached(ERROR), Cached(1660638976),
     Cached("0013")],
    # the rank written into the name, no Tên gọi
    [7, None, "Thượng tá Lò Văn Pâng", "Trưởng Công an xã", "Công an xã Bản Bo", "Khen thưởng cá nhân",
     "Chiến sĩ thi đua cơ sở", "Các cấp lãnh đạo khác", "An ninh - Quốc phòng", Cached("CANHAN"),
     Cached("1647933380"), Cached(1686211958), Cached("0001")],
]
# row, subject, name, courtesy, rank, gender, award, unit
EXPECT_MAUTDKT = [
    (2, "individual", "Sùng A Chớ", "Ông", None, "Nam", "Chiến sĩ thi đua cơ sở", "Thôn Nà Bỏ"),
    (3, "individual", "Vừ A Lềnh", None, "Thiếu úy", None, "Lao động tiên tiến", "Công an xã Bản Bo"),
    (4, "individual", "Trương Thị Mai", "Bà", None, "Nữ", "Bằng khen của Chủ tịch UBND tỉnh", "Trường Tiểu học Bản Bo"),
    (5, "collective", "Trường Tiểu học Bản Bo", None, None, None, "Tập thể lao động tiên tiến", "Xã Bản Bo"),
    (6, "household", "Lò Văn Pâng", None, None, None, "Gia đình văn hóa", "Bản Nà Bỏ, xã Bản Bo"),
    (7, "individual", "Lò Văn Sáng", "Ông", None, "Nam", "Lao động tiên tiến", "UBND xã Bản Bo"),
    (8, "individual", "Lò Văn Pâng", None, "Thượng tá", None, "Chiến sĩ thi đua cơ sở", "Công an xã Bản Bo"),
]


def mautdkt(path: Path) -> Path:
    return fill("MauTDKT.xlsx", path, rows_to_cells(2, "ABCDEFGHIRSTU", MAUTDKT_ROWS))


# --- CANHAN: individuals; award and category cells hold the DANHMUC codes ------------------------
CANHAN_ROWS = [
    # A, B (Họ và tên), C (Giới tính), D (Ngày sinh), E (Chức vụ), F (phòng ban), G (Tên đơn vị/tập thể
    # công tác), H (Địa chỉ / Nơi ở), I (Mã phân loại cán bộ), J (Mã hình thức), K (Mã danh hiệu)
    [1, "Trương Văn Nam", "Nam", "12/03/1985", "Chuyên viên", "Phòng Nội vụ", "UBND xã Bản Bo",
     "Bản Nà Bỏ, xã Bản Bo", "1660638976", None, 1647933042],
    [2, "Lò Thị Én", "NU", dt.date(1990, 5, 2), "Kế toán", None, "Trạm Y tế xã Bản Bo", "Bản Bo, xã Bản Bo",
     1660638976, 1650360499, None],
    [3, "Ông Sùng A Páo", None, 1978, "Chủ tịch", None, "UBND xã Bản Bo", "Bản Sang, xã Bản Bo", 1660638930,
     "1650360491", None],
    [4, "Trường Văn Toản", "Nam", "1988", "Giáo viên", "Tổ Toán", "Trường THCS Bản Bo", "Bản Bo, xã Bản Bo",
     "1660638976", None, "1647933380"],
]
EXPECT_CANHAN = [
    (4, "individual", "Trương Văn Nam", None, None, "Nam", "Lao động tiên tiến", "Phòng Nội vụ, UBND xã Bản Bo"),
    (5, "individual", "Lò Thị Én", None, None, "Nữ", "Giấy khen", "Trạm Y tế xã Bản Bo"),
    (6, "individual", "Sùng A Páo", "Ông", None, "Nam", "Bằng khen của Chủ tịch UBND tỉnh", "UBND xã Bản Bo"),
    (7, "individual", "Trường Văn Toản", None, None, "Nam", "Chiến sĩ thi đua cơ sở", "Tổ Toán, Trường THCS Bản Bo"),
]


def canhan(path: Path) -> Path:
    return fill("CANHAN.xlsx", path, rows_to_cells(4, "ABCDEFGHIJK", CANHAN_ROWS))


# --- TAPTHE: a collectives-only list, its name column headed `Tên đơn vị / tập thể` ----------------
TAPTHE_ROWS = [
    # A, B (Tên đơn vị / tập thể), C (Mã phân loại tập thể), D (Mã hình thức), E (Mã danh hiệu)
    [1, "Trường Mầm non Bản Bo", "1660638226", None, "1647933198"],
    [2, "Tổ dân phố số 3", 1660638226, 1650360499, None],
    [3, "Trạm Y tế xã Bản Bo", "1660638226", None, 1647933151],
    [4, "Hợp tác xã chè Bản Bo", 1660638247, "1650360491", None],
]
EXPECT_TAPTHE = [
    (4, "collective", "Trường Mầm non Bản Bo", None, None, None, "Tập thể lao động tiên tiến", None),
    (5, "collective", "Tổ dân phố số 3", None, None, None, "Giấy khen", None),
    (6, "collective", "Trạm Y tế xã Bản Bo", None, None, None, "Tập thể lao động xuất sắc", None),
    (7, "collective", "Hợp tác xã chè Bản Bo", None, None, None, "Bằng khen của Chủ tịch UBND tỉnh", None),
]


def tapthe(path: Path) -> Path:
    return fill("TAPTHE.xlsx", path, rows_to_cells(4, "ABCDE", TAPTHE_ROWS))


# --- NHANDULIEU: a mixed list with households, its category in codes ------------------------------
NHANDULIEU_ROWS = [
    # A, B (Phân loại khen thưởng), C (name), D (Chức vụ), E (Đơn vị công tác), F (award), G (Phân loại
    # đối tượng), H (Lĩnh vực)
    [1, "TAPTHE", "Trường Tiểu học Bản Bo", None, "Xã Bản Bo", "Tập thể lao động tiên tiến", 1660638226, None],
    [2, "CANHAN", "Trương Văn Nam", "Phó Chủ tịch", "UBND xã Bản Bo", 1647933380, None, None],
    [3, "HOGIADINH", "Gia đình ông Lê Văn Hải", None, "Bản Nà Bỏ", "Gia đình văn hóa", "1660638538", None],
    [4, "CANHAN", "Bà Lò Thị Én", "Kế toán", "Trạm Y tế xã Bản Bo", "Giấy khen", None, None],
    [5, "HOGIADINH", "Tô Văn Lâm", None, "Bản Sang", "1650360499", 1660638538, None],
]
EXPECT_NHANDULIEU = [
    (4, "collective", "Trường Tiểu học Bản Bo", None, None, None, "Tập thể lao động tiên tiến", "Xã Bản Bo"),
    (5, "individual", "Trương Văn Nam", None, None, None, "Chiến sĩ thi đua cơ sở", "UBND xã Bản Bo"),
    (6, "household", "Gia đình ông Lê Văn Hải", None, None, None, "Gia đình văn hóa", "Bản Nà Bỏ"),
    (7, "individual", "Lò Thị Én", "Bà", None, "Nữ", "Giấy khen", "Trạm Y tế xã Bản Bo"),
    (8, "household", "Tô Văn Lâm", None, None, None, "Giấy khen", "Bản Sang"),
]


def nhandulieu(path: Path) -> Path:
    return fill("NHANDULIEU.xlsx", path, rows_to_cells(4, "ABCDEFGH", NHANDULIEU_ROWS))
