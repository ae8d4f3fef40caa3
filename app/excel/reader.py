"""Đọc bảng tính: any .xlsx / .xlsm / .xls / .ods / .xlsb into plain grids of values.

python-calamine reads every format (and is about ten times faster than openpyxl), including
merged ranges for .xlsx and .xls; for .ods the merged ranges come from a cheap scan of
content.xml, the hidden columns of every format from app/excel/hidden.
Values come back as Python values with absolute 0-based coordinates: '' and a text of spaces
alone (a cell a clerk "emptied" with the space bar) become None, whole floats become int,
midnight datetimes become dates.

Every way a file can fail to be a readable workbook (missing, empty, not a spreadsheet,
password-protected, damaged, absurdly large) ends in one `FileProblem` whose Vietnamese
message names the file; callers never see a library's exception.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import python_calamine as calamine

from app.errors import FileProblem
from app.excel.bounds import DEFAULT_LIMITS, WorkbookLimits, check_workbook
from app.excel.hidden import workbook_hidden_columns

MAX_FILE_BYTES = 80 * 1024 * 1024  # a unit's list is kilobytes; 80 MB is not a list
MAX_UNZIPPED_BYTES = 800 * 1024 * 1024  # guards against zip bombs before parsing
MAX_CELLS = DEFAULT_LIMITS.cells  # per sheet, rows × columns of the used range
META_SHEET = "_meta"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
# Spaces of every kind, the zero-width ones included (str.strip() keeps those).
_BLANKS = re.compile(r"[\s\u00a0\u2000-\u200d\u202f\u205f\u2060\u3000\ufeff]+")


@dataclass
class Sheet:
    """One worksheet: values by absolute (row, column), 0-based, and its merged ranges."""

    name: str
    rows: list[list[object]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2 inclusive
    visible: bool = True
    hidden_cols: frozenset[int] = frozenset()  # columns hidden in Excel or LibreOffice
    _merge_index: dict[tuple[int, int], tuple[int, int, int, int]] | None = None

    @property
    def height(self) -> int:
        return len(self.rows)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def value(self, r: int, c: int) -> object:
        if 0 <= r < len(self.rows):
            row = self.rows[r]
            if 0 <= c < len(row):
                return row[c]
        return None

    def merge_at(self, r: int, c: int) -> tuple[int, int, int, int] | None:
        """The merged range covering a cell, if any."""
        if self._merge_index is None:
            index: dict[tuple[int, int], tuple[int, int, int, int]] = {}
            for rng in self.merges:
                r1, c1, r2, c2 = rng
                if (r2 - r1 + 1) * (c2 - c1 + 1) > 10_000:  # a whole-row merge: index its corners only
                    index[(r1, c1)] = rng
                    continue
                for rr in range(r1, r2 + 1):
                    for cc in range(c1, c2 + 1):
                        index[(rr, cc)] = rng
            self._merge_index = index
        return self._merge_index.get((r, c))


@dataclass
class Workbook:
    """A workbook as read: its format, visible and hidden sheets, and the `_meta` pairs."""

    path: Path
    format: str  # xlsx / xls / ods / xlsb
    sheets: list[Sheet]
    meta: dict[str, str] = field(default_factory=dict)

    def data_sheets(self) -> list[Sheet]:
        """The sheets a clerk sees (hidden ones and `_meta` are not lists)."""
        return [s for s in self.sheets if s.visible and s.name != META_SHEET]


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(sheet: str, row: int, col: int) -> str:
    """`Danh sach!B14` for 0-based (13, 1)."""
    return f"{sheet}!{column_letter(col)}{row + 1}"


def _normal(value: object) -> object:
    if value == "" or value is None:
        return None
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return int(value)
        return value
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date()
    return value


def _sniff(path: Path, head: bytes) -> str:
    """The real format from the first bytes, whatever the extension says."""
    name = path.name
    if head.startswith(_ZIP_MAGIC):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
                total = sum(i.file_size for i in zf.infolist())
                mimetype = zf.read("mimetype")[:100] if "mimetype" in names else b""
        except zipfile.BadZipFile as exc:
            raise FileProblem(f"Tệp {name} bị hỏng (không giải nén được).") from exc
        if total > MAX_UNZIPPED_BYTES:
            raise FileProblem(f"Tệp {name} quá lớn để là một danh sách (giải nén ra hơn "
                              f"{MAX_UNZIPPED_BYTES // 2**20} MB); hãy kiểm tra lại tệp.")
        if b"opendocument.spreadsheet" in mimetype:
            return "ods"
        if "xl/workbook.bin" in names:
            return "xlsb"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "word/document.xml" in names:
            raise FileProblem(f"Tệp {name} là văn bản Word, không phải bảng tính Excel.")
        raise FileProblem(f"Tệp {name} không phải bảng tính Excel hay OpenDocument.")
    if head.startswith(_OLE_MAGIC):
        return "ole"
    text = head[:512].lstrip().lower()
    if text.startswith((b"<html", b"<!doctype html", b"<?xml", b"<table")):
        raise FileProblem(f"Tệp {name} là trang web (HTML) lưu với đuôi bảng tính, không phải "
                          "bảng tính thật; hãy mở bằng Excel rồi lưu lại dạng .xlsx.")
    if head.startswith(b"%PDF"):
        raise FileProblem(f"Tệp {name} là tệp PDF, không phải bảng tính.")
    raise FileProblem(f"Tệp {name} không phải bảng tính Excel (.xlsx, .xls) hay OpenDocument (.ods).")


def _ole_is_encrypted(path: Path) -> bool:
    """An encrypted .xlsx is an OLE container holding an `EncryptedPackage` stream."""
    with open(path, "rb") as fh:
        data = fh.read(min(path.stat().st_size, 4 * 1024 * 1024))
    return _ENCRYPTED_MARK in data


def read_workbook(path: str | Path, *, max_cells: int | None = None,
                  limits: WorkbookLimits = DEFAULT_LIMITS) -> Workbook:
    """Read every sheet of a workbook, or raise FileProblem with the reason in Vietnamese.

    Its sheets are measured against `limits` before the reader sees them (app/excel/bounds.py);
    `max_cells` narrows the cells limit alone."""
    path = Path(path)
    if max_cells is not None:
        limits = replace(limits, cells=max_cells)
    name = path.name
    if not path.exists():
        raise FileProblem(f"Không tìm thấy tệp {path}.")
    if path.is_dir():
        raise FileProblem(f"{path} là một thư mục, không phải tệp bảng tính.")
    size = path.stat().st_size
    if size == 0:
        raise FileProblem(f"Tệp {name} rỗng (0 byte).")
    if size > MAX_FILE_BYTES:
        raise FileProblem(f"Tệp {name} quá lớn ({size / 2**20:.0f} MB) để là một danh sách; "
                          f"giới hạn {MAX_FILE_BYTES // 2**20} MB.")
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise FileProblem(f"Không đọc được tệp {name}: {exc.strerror or exc}.") from exc
    fmt = _sniff(path, head)
    if fmt == "ole":
        if _ole_is_encrypted(path):
            raise FileProblem(f"Tệp {name} được đặt mật khẩu; hãy gỡ mật khẩu trong Excel rồi nhập lại.")
        fmt = "xls"
    check_workbook(path, fmt, limits)  # the reader builds whole grids: never hand it a huge one
    hidden = workbook_hidden_columns(path, fmt)
    try:
        # From the bytes, not the path: calamine then goes by the content, so an .xls saved
        # with an .xlsx name (common after renaming by hand) still reads.
        with open(path, "rb") as fh, calamine.CalamineWorkbook.from_filelike(fh) as book:
            sheets = [_read_sheet(book, i, meta.name, meta.visible, limits.cells, name)
                      for i, meta in enumerate(book.sheets_metadata)
                      if meta.typ == calamine.SheetTypeEnum.WorkSheet]
    except calamine.PasswordError as exc:
        raise FileProblem(f"Tệp {name} được đặt mật khẩu; hãy gỡ mật khẩu trong Excel rồi nhập lại.") from exc
    except FileProblem:
        raise
    except Exception as exc:  # calamine raises several kinds (Zip, Xml, Calamine, Value...)
        raise FileProblem(f"Tệp {name} bị hỏng hoặc không đọc được như bảng tính "
                          f"({type(exc).__name__}).") from exc
    if fmt == "ods":
        _add_ods_merges(path, sheets)
    for sheet in sheets:
        if cols := hidden.get(sheet.name):
            sheet.hidden_cols = frozenset(cols)
    if not any(any(v is not None for v in row) for s in sheets for row in s.rows):
        raise FileProblem(f"Tệp {name} không có dữ liệu (mọi trang tính đều trống).")
    workbook = Workbook(path=path, format=fmt, sheets=sheets)
    workbook.meta = _read_meta(sheets)
    return workbook


def _read_sheet(book, index: int, name: str, visible, max_cells: int, file_name: str) -> Sheet:
    sheet = book.get_sheet_by_index(index)
    end = sheet.end
    if end is not None and (end[0] + 1) * (end[1] + 1) > max_cells:
        raise FileProblem(f"Trang “{name}” của tệp {file_name} quá lớn ({end[0] + 1:,} dòng × "
                          f"{end[1] + 1:,} cột) để là một danh sách.".replace(",", "."))
    raw = sheet.to_python(skip_empty_area=False) if end is not None else []
    # Texts (most cells) need one call: a text of spaces alone is as empty as ''.
    # (A printable text has no space but the plain one: strip() tells; others go the long way.)
    rows = [[(v if (v.strip() if v.isprintable() else _BLANKS.sub("", v)) else None)
             if type(v) is str else _normal(v) for v in row] for row in raw]
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    merges = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
    return Sheet(name=name, rows=rows, merges=merges,
                 visible=visible == calamine.SheetVisibleEnum.Visible)


def _read_meta(sheets: list[Sheet]) -> dict[str, str]:
    """`_meta` holds key / value pairs in columns A and B (written by our templates)."""
    for sheet in sheets:
        if sheet.name == META_SHEET:
            meta = {}
            for row in sheet.rows:
                if row and isinstance(row[0], str) and row[0].strip():
                    value = row[1] if len(row) > 1 else None
                    meta[row[0].strip()] = "" if value is None else str(value).strip()
            return meta
    return {}


_ODS_NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
}
_SPAN_RE = re.compile(rb"number-(?:columns|rows)-spanned")


def _add_ods_merges(path: Path, sheets: list[Sheet]) -> None:
    """Merged ranges of an .ods (calamine does not report them): scan content.xml for
    cells with `number-columns-spanned` / `number-rows-spanned`."""
    try:
        with zipfile.ZipFile(path) as zf:
            data = zf.read("content.xml")
    except (KeyError, zipfile.BadZipFile, OSError):
        return
    if not _SPAN_RE.search(data):
        return
    t = "{" + _ODS_NS["table"] + "}"
    by_name = {s.name: s for s in sheets}
    current: Sheet | None = None
    row = col = 0
    for event, elem in ET.iterparse(io.BytesIO(data), events=("start", "end")):
        tag = elem.tag
        if event == "start":
            if tag == t + "table":
                current = by_name.get(elem.get(t + "name", ""))
                row = 0
            elif tag == t + "table-row":
                col = 0
            elif tag in (t + "table-cell", t + "covered-table-cell") and current is not None:
                span_c = int(elem.get(t + "number-columns-spanned", "1") or 1)
                span_r = int(elem.get(t + "number-rows-spanned", "1") or 1)
                if tag == t + "table-cell" and (span_c > 1 or span_r > 1):
                    current.merges.append((row, col, row + span_r - 1, col + span_c - 1))
        else:
            if tag in (t + "table-cell", t + "covered-table-cell"):
                col += int(elem.get(t + "number-columns-repeated", "1") or 1)
            elif tag == t + "table-row":
                row += int(elem.get(t + "number-rows-repeated", "1") or 1)
                elem.clear()
            elif tag == t + "table":
                current = None
