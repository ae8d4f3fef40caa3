"""Giới hạn bảng tính: a workbook's size, measured before the reader is given it.

The reader (python-calamine) builds each sheet as one dense grid, rows × columns, in memory:
a 1.5 KB .xlsx holding one cell at XFD1048576 asks it for 550 GB and the process aborts; a
1 KB .ods repeating a cell across 16,384 columns takes 6 GB. So the sheets are measured
first, here, streaming through their XML (or binary records) with small buffers:

- .xlsx / .xlsm: each `xl/worksheets/*.xml` — its declared `<dimension>`, then its real rows
  (`<row r=…>`, or counted) and columns (cells' `r=` letters, or counted in a row);
- .ods: `content.xml` — rows and cells with their `number-…-repeated` counts, a non-empty cell
  (a value, or content) extending the range as the reader does, empty trailing ones not;
- .xlsb: each `xl/worksheets/*.bin` — its BrtWsDim record and every row and cell record;
- .xls: the Workbook stream (app/excel/ole.py) — DIMENSIONS, ROW and cell records;
- a cell whose text is over Excel's own limit of 32,767 characters (app/excel/long_text.py).

A sheet beyond the limits (rows, columns, cells = rows × columns, unpacked bytes) is refused
in one line with its size; scanning stops at the first sheet that is too large, so refusing
takes bounded memory and time. The limits are settings (`import.limits`) with safe defaults.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from app.errors import FileProblem
from app.excel import long_text

SETTING = "import.limits"
CHUNK = 1 << 20  # bytes read from a zip entry at a time


@dataclass(frozen=True)
class WorkbookLimits:
    """How large a sheet may be to be read as a list (a unit's list is hundreds of rows)."""

    rows: int = 200_000
    columns: int = 1_000
    cells: int = 4_000_000  # rows × columns of a sheet's range
    unpacked_mb: int = 400  # the workbook's parts, unpacked, together

    @property
    def unpacked_bytes(self) -> int:
        return self.unpacked_mb * 1024 * 1024


DEFAULT_LIMITS = WorkbookLimits()


def limits_from(session) -> WorkbookLimits:
    """The office's limits (settings table), each a positive whole number, else the default."""
    from app.office import get_setting

    stored = get_setting(session, SETTING, None)
    if not isinstance(stored, dict):
        return DEFAULT_LIMITS
    chosen = {k: v for k, v in stored.items() if k in DEFAULT_LIMITS.__dataclass_fields__
              and isinstance(v, int) and not isinstance(v, bool) and v > 0}
    return replace(DEFAULT_LIMITS, **chosen)


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _too_large(file_name: str, sheet: str, rows: int, cols: int, limits: WorkbookLimits,
               declared: bool = False, partial: bool = False) -> FileProblem:
    what = "khai báo vùng dữ liệu" if declared else "có vùng dữ liệu"
    # Reading stops at the first row past the limit: the true count is not known, only "more".
    shown = f"hơn {_n(limits.rows)}" if partial and rows > limits.rows else _n(rows)
    return FileProblem(
        f"Trang “{sheet}” của tệp {file_name} {what} {shown} dòng × {_n(cols)} cột, quá lớn để là "
        f"một danh sách (giới hạn {_n(limits.rows)} dòng, {_n(limits.columns)} cột, "
        f"{_n(limits.cells)} ô); không đọc tệp này.")


def check_extent(file_name: str, sheet: str, rows: int, cols: int, limits: WorkbookLimits,
                 declared: bool = False, partial: bool = False) -> None:
    """Refuse a sheet of rows × cols beyond the limits; `partial`: counted while streaming."""
    if rows > limits.rows or cols > limits.columns or rows * cols > limits.cells:
        raise _too_large(file_name, sheet, rows, cols, limits, declared, partial)


def column_number(letters: bytes | str) -> int:
    """'A' → 1, 'XFD' → 16384."""
    n = 0
    for ch in letters if isinstance(letters, str) else letters.decode("ascii"):
        n = n * 26 + (ord(ch.upper()) - 64)
    return n


def _chunks(zf: zipfile.ZipFile, info: zipfile.ZipInfo, keep_after: bytes = b">"):
    """An entry's bytes in pieces that never cut a tag: each piece ends after a `>`."""
    tail = b""
    with zf.open(info) as fh:
        while True:
            block = fh.read(CHUNK)
            if not block:
                break
            data = tail + block
            cut = data.rfind(keep_after) + 1
            if cut == 0:
                tail = data[-CHUNK:]  # no tag end in a whole megabyte: not XML anyone writes
                continue
            tail = data[cut:]
            yield data[:cut]
    if tail:
        yield tail


# --- .xlsx ------------------------------------------------------------------------------

_DIMENSION = re.compile(rb'<(?:[\w.-]+:)?dimension\b[^>]*?\bref="([A-Za-z]*)(\d*)(?::([A-Za-z]*)(\d*))?"')
_ROW_R = re.compile(rb'<(?:[\w.-]+:)?row\b[^>]*?\br="(\d+)"')
_ROW_TAG = re.compile(rb'<(?:[\w.-]+:)?row[\s/>]')
_CELL_COLUMN = re.compile(rb'<(?:[\w.-]+:)?c\b[^>]*?\br="([A-Za-z]+)\d')
_CELL_NO_R = re.compile(rb'<(?:[\w.-]+:)?c(?=[\s/>])(?![^>]*\br=")')
_ROW_OR_CELL = re.compile(rb'<(?:[\w.-]+:)?(row|c)(?=[\s/>])([^>]*)>')
_R_ATTR = re.compile(rb'\br="([A-Za-z]*)(\d*)"')
_FAST_ROW = re.compile(rb'<row r="(\d+)"')
_FAST_CELL = re.compile(rb'<c r="([A-Za-z]+)')


_SHEET = re.compile(rb'<(?:[\w.-]+:)?sheet\b[^>]*>')
_ATTR = re.compile(rb'([\w:.-]+)="([^"]*)"')


def _small(zf: zipfile.ZipFile, name: str) -> bytes:
    try:
        info = zf.getinfo(name)
    except KeyError:
        return b""
    if info.file_size > 8 * CHUNK:
        return b""
    with zf.open(info) as fh:
        return fh.read(8 * CHUNK)


def sheet_names(zf: zipfile.ZipFile) -> dict[str, str]:
    """Part name (`xl/worksheets/sheet1.xml`) → the sheet's name as the clerk sees it."""
    targets = {}
    for tag in re.findall(rb'<Relationship\b[^>]*>', _small(zf, "xl/_rels/workbook.xml.rels")):
        attrs = dict(_ATTR.findall(tag))
        target = attrs.get(b"Target", b"").decode("utf-8", "replace").lstrip("/")
        targets[attrs.get(b"Id", b"")] = target if target.startswith("xl/") else "xl/" + target
    names = {}
    for tag in _SHEET.findall(_small(zf, "xl/workbook.xml")):
        attrs = {k.split(b":")[-1]: v for k, v in _ATTR.findall(tag)}
        part = targets.get(attrs.get(b"id", b""))
        if part:
            names[part.lower()] = attrs.get(b"name", b"").decode("utf-8", "replace")
    return names


def _xlsx_sheet(zf: zipfile.ZipFile, info: zipfile.ZipInfo, file_name: str, limits: WorkbookLimits,
                sheet: str) -> None:
    rows = cols = counted_rows = 0
    first = True
    for piece in _chunks(zf, info):
        if first:
            first = False
            found = _DIMENSION.search(piece, 0, 65536)
            if found:
                last_col, last_row = found.group(3) or found.group(1), found.group(4) or found.group(2)
                if last_col and last_row:
                    check_extent(file_name, sheet, int(last_row), column_number(last_col), limits,
                                 declared=True)
        if _plain(piece):  # every row and cell unprefixed, `r=` first: C-speed counting
            counted_rows += piece.count(b"<row ") + piece.count(b"<row>")
            found_rows = _FAST_ROW.findall(piece)
            letters = set(_FAST_CELL.findall(piece))
        elif _CELL_NO_R.search(piece):
            rows, cols, counted_rows = _xlsx_counted(piece, rows, cols, counted_rows)
            found_rows, letters = [], set()
        else:
            counted_rows += len(_ROW_TAG.findall(piece))
            found_rows = _ROW_R.findall(piece)
            letters = set(_CELL_COLUMN.findall(piece))
        if found_rows:
            rows = max(rows, max(map(int, found_rows)))
        if letters:
            cols = max(cols, max(map(column_number, letters)))
        check_extent(file_name, sheet, max(rows, counted_rows), cols, limits, partial=True)


def _plain(piece: bytes) -> bool:
    """Whether a piece's rows and cells are all written `<row r="…` and `<c r="…` (what Excel,
    LibreOffice and openpyxl write), with no namespace prefix anywhere that could hide one."""
    if any(mark in piece for mark in (b":c ", b":c>", b":c/", b":row ", b":row>", b":row/")):
        return False
    cells = piece.count(b"<c ") + piece.count(b"<c>") + piece.count(b"<c/")
    row_tags = piece.count(b"<row ") + piece.count(b"<row>") + piece.count(b"<row/")
    return cells == piece.count(b'<c r="') and row_tags == piece.count(b'<row r="')


def _xlsx_counted(piece: bytes, rows: int, cols: int, counted: int) -> tuple[int, int, int]:
    """The slow path, for cells written without `r=` (placed one after another in their row)."""
    col = 0
    for match in _ROW_OR_CELL.finditer(piece):
        ref = _R_ATTR.search(match.group(2))
        if match.group(1) == b"row":
            counted += 1
            if ref and ref.group(2):
                rows = max(rows, int(ref.group(2)))
            col = 0
        else:
            col = column_number(ref.group(1)) if ref and ref.group(1) else col + 1
            cols = max(cols, col)
    return rows, cols, counted


# --- .ods -------------------------------------------------------------------------------

_ODS_TAG = re.compile(rb'<(/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*?)(/?)>')
_ODS_NAME = re.compile(rb'\btable:name="([^"]*)"')
_ODS_ROWS = re.compile(rb'\btable:number-rows-repeated="(\d+)"')
_ODS_COLS = re.compile(rb'\btable:number-columns-repeated="(\d+)"')
_ODS_VALUE = re.compile(rb'\boffice:value-type=')


def _ods(zf: zipfile.ZipFile, file_name: str, limits: WorkbookLimits) -> None:
    try:
        info = zf.getinfo("content.xml")
    except KeyError:
        return
    sheet, row, col = "", 0, 0
    row_repeat, row_used_to = 1, 0  # the columns a row holds values up to
    used_rows = used_cols = 0
    for piece in _chunks(zf, info):
        for match in _ODS_TAG.finditer(piece):
            closing, tag, attrs, empty = match.groups()
            if tag == b"table":
                if not closing:
                    name = _ODS_NAME.search(attrs)
                    sheet = name.group(1).decode("utf-8", "replace") if name else "?"
                    row, used_rows, used_cols = 0, 0, 0
                continue
            if tag == b"table-row":
                if closing:
                    if row_used_to:
                        used_rows, used_cols = row + row_repeat, max(used_cols, row_used_to)
                        check_extent(file_name, sheet, used_rows, used_cols, limits, partial=True)
                    row += row_repeat
                else:
                    repeat = _ODS_ROWS.search(attrs)
                    row_repeat, row_used_to, col = int(repeat.group(1)) if repeat else 1, 0, 0
                    if empty:  # <table:table-row/>: a row with nothing in it
                        row += row_repeat
                continue
            if closing:
                continue
            repeat = _ODS_COLS.search(attrs)
            span = int(repeat.group(1)) if repeat else 1
            if tag == b"table-cell" and (not empty or _ODS_VALUE.search(attrs)):
                row_used_to = col + span
                if row + row_repeat > limits.rows or row_used_to > limits.columns:
                    check_extent(file_name, sheet, row + row_repeat, row_used_to, limits)
            col += span


# --- .xlsb ------------------------------------------------------------------------------

_BRT_ROW_HDR, _BRT_WS_DIM = 0, 148
_BRT_CELLS = {*range(1, 12), 62}  # blank, RK, error, bool, real, strings, formulas, rich string


def _varint(data: bytes, pos: int, most: int) -> tuple[int, int]:
    value = shift = 0
    for _ in range(most):
        if pos >= len(data):
            raise EOFError
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            break
    return value, pos


def _xlsb_records(fh):
    """(type, first 16 bytes of the body) of every record in a binary part, read in pieces."""
    data, pos, skip = b"", 0, 0
    while True:
        block = fh.read(CHUNK)
        if not block:
            return
        if skip:  # the rest of a record longer than a piece (never a row or a cell)
            taken = min(skip, len(block))
            block, skip = block[taken:], skip - taken
        data, pos = data[pos:] + block, 0
        while pos < len(data):
            try:
                kind, at = _varint(data, pos, 2)
                size, at = _varint(data, at, 4)
            except EOFError:
                break  # the header continues in the next piece
            if at + size > len(data):
                if size > CHUNK:
                    yield kind, data[at:at + 16]
                    skip, pos = at + size - len(data), len(data)
                break
            yield kind, data[at:at + min(size, 16)]
            pos = at + size


def _xlsb_sheet(zf: zipfile.ZipFile, info: zipfile.ZipInfo, file_name: str, limits: WorkbookLimits,
                sheet: str) -> None:
    rows = cols = 0
    with zf.open(info) as fh:
        for kind, body in _xlsb_records(fh):
            if kind == _BRT_WS_DIM and len(body) >= 16:
                last_row = int.from_bytes(body[4:8], "little") + 1
                last_col = int.from_bytes(body[12:16], "little") + 1
                check_extent(file_name, sheet, last_row, last_col, limits, declared=True)
            elif kind == _BRT_ROW_HDR and len(body) >= 4:
                rows = max(rows, int.from_bytes(body[0:4], "little") + 1)
            elif kind in _BRT_CELLS and len(body) >= 4:
                cols = max(cols, int.from_bytes(body[0:4], "little") + 1)
            else:
                continue
            check_extent(file_name, sheet, rows, cols, limits, partial=True)


# --- every format -------------------------------------------------------------------------

def check_workbook(path: Path, fmt: str, limits: WorkbookLimits = DEFAULT_LIMITS) -> None:
    """Raise FileProblem when a sheet of the workbook at `path` is beyond `limits`."""
    name = path.name
    if fmt == "xls":
        from app.excel.ole import scan_xls

        scan_xls(path, name, limits)
        return
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            unpacked = sum(i.file_size for i in infos)
            if unpacked > limits.unpacked_bytes:
                raise FileProblem(f"Tệp {name} giải nén ra {_n(unpacked // 2**20)} MB, quá lớn để là một "
                                  f"danh sách (giới hạn {_n(limits.unpacked_mb)} MB); không đọc tệp này.")
            if fmt == "ods":
                _ods(zf, name, limits)
                if "content.xml" in zf.namelist():
                    long_text.check_sheet_cells(zf, zf.getinfo("content.xml"), name, None)
                return
            folders = ("xl/worksheets/", "xl/macrosheets/")
            shown = sheet_names(zf) if fmt == "xlsx" else {}
            shared = long_text.long_shared_string(zf)  # (index, length) of a string over Excel's limit
            for info in infos:
                lower = info.filename.lower()
                if not lower.startswith(folders) or "/_rels/" in lower:
                    continue
                sheet = shown.get(lower) or Path(info.filename).stem
                if lower.endswith(".xml"):
                    _xlsx_sheet(zf, info, name, limits, sheet)
                    long_text.check_sheet_cells(zf, info, name, sheet)
                    cell = long_text.cell_of_shared(zf, info, shared[0]) if shared else None
                    if cell:
                        raise long_text.too_long(name, sheet, cell, shared[1])
                elif lower.endswith(".bin"):
                    _xlsb_sheet(zf, info, name, limits, sheet)
            if shared:  # a string no cell shows is still more than the reader should build
                raise long_text.too_long(name, None, None, shared[1])
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise FileProblem(f"Tệp {name} bị hỏng (không giải nén được).") from exc
