""".xls đọc thô: the `Workbook` stream of an Excel 97–2003 file, read from its OLE compound
file with nothing but the standard library, and its sheets measured from their BIFF records
before the reader builds them (app/excel/bounds.py says why).

A hostile compound file can loop its sector chains or point outside the file; every walk here
is bounded by the number of sectors the file can hold, and any inconsistency is a damaged file.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

from app.errors import FileProblem

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
END_OF_CHAIN, FREE = 0xFFFFFFFE, 0xFFFFFFFF
# BIFF records: DIMENSIONS, ROW, cells with (row, column) first, and the two with a column run.
DIMENSIONS, ROW, BOF, BOUNDSHEET, MULRK, MULBLANK = 0x0200, 0x0208, 0x0809, 0x0085, 0x00BD, 0x00BE
COLINFO = 0x007D  # a run of columns' width and options; bit 0 of the options: hidden
CELLS = {0x0203, 0x00FD, 0x027E, 0x0201, 0x0006, 0x0204, 0x0205, 0x00D6}


class Damaged(Exception):
    """The compound file does not hold together."""


class CompoundFile:
    """Just enough of [MS-CFB] to read one stream by name."""

    def __init__(self, data: bytes):
        if len(data) < 512 or data[:8] != MAGIC:
            raise Damaged("header")
        self.data = data
        self.sector = 1 << struct.unpack_from("<H", data, 30)[0]
        self.mini = 1 << struct.unpack_from("<H", data, 32)[0]
        if self.sector not in (512, 4096) or self.mini != 64:
            raise Damaged("sector size")
        self.cutoff = struct.unpack_from("<I", data, 56)[0]
        self.max_sectors = len(data) // self.sector + 1
        self.fat = self._fat()
        first_dir = struct.unpack_from("<I", data, 48)[0]
        self.entries = self._chain_bytes(first_dir, self.fat)
        first_minifat = struct.unpack_from("<I", data, 60)[0]
        minifat = self._chain_bytes(first_minifat, self.fat) if first_minifat < END_OF_CHAIN else b""
        self.minifat = list(struct.unpack(f"<{len(minifat) // 4}I", minifat[:len(minifat) // 4 * 4]))

    def _at(self, sector: int) -> bytes:
        start = (sector + 1) * self.sector
        if start >= len(self.data):
            raise Damaged("sector outside the file")
        return self.data[start:start + self.sector]

    def _fat(self) -> list[int]:
        difat = list(struct.unpack_from("<109I", self.data, 76))
        next_difat, count = struct.unpack_from("<II", self.data, 68)
        for _ in range(min(count, self.max_sectors)):
            if next_difat >= END_OF_CHAIN:
                break
            block = self._at(next_difat)
            values = struct.unpack(f"<{self.sector // 4}I", block.ljust(self.sector, b"\xff"))
            difat.extend(values[:-1])
            next_difat = values[-1]
        fat: list[int] = []
        for sector in difat:
            if sector >= END_OF_CHAIN:
                continue
            block = self._at(sector).ljust(self.sector, b"\xff")
            fat.extend(struct.unpack(f"<{self.sector // 4}I", block))
            if len(fat) > self.max_sectors * 2 + self.sector:
                raise Damaged("FAT larger than the file")
        return fat

    def _chain(self, first: int, table: list[int], limit: int) -> Iterator[int]:
        sector, seen = first, 0
        while sector < END_OF_CHAIN:
            if seen > limit or sector >= len(table):
                raise Damaged("sector chain loops or leaves the table")
            yield sector
            seen += 1
            sector = table[sector]

    def _chain_bytes(self, first: int, table: list[int]) -> bytes:
        return b"".join(self._at(s) for s in self._chain(first, table, self.max_sectors))

    def stream(self, *names: str) -> bytes | None:
        """The first stream found under one of `names` (case-insensitive), or None."""
        wanted = {n.lower() for n in names}
        root_start = root_size = None
        for offset in range(0, len(self.entries) - 127, 128):
            entry = self.entries[offset:offset + 128]
            length = min(struct.unpack_from("<H", entry, 64)[0], 64)
            name = entry[:max(length - 2, 0)].decode("utf-16-le", "replace")
            kind = entry[66]
            start, size = struct.unpack_from("<IQ", entry, 116)
            if self.sector == 512:
                size &= 0xFFFFFFFF
            if kind == 5:
                root_start, root_size = start, size
            elif kind == 2 and name.lower() in wanted:
                if size > len(self.data) * 2 + 4096:
                    raise Damaged("stream larger than the file")
                if size < self.cutoff and root_start is not None:
                    mini_stream = self._chain_bytes(root_start, self.fat)[:root_size]
                    limit = len(mini_stream) // self.mini + 1
                    parts = [mini_stream[s * self.mini:(s + 1) * self.mini]
                             for s in self._chain(start, self.minifat, limit)]
                    return b"".join(parts)[:size]
                return self._chain_bytes(start, self.fat)[:size]
        return None


def _records(stream: bytes) -> Iterator[tuple[int, int, bytes]]:
    """(offset, type, body) of each BIFF record; stops at a cut record."""
    pos, end = 0, len(stream)
    while pos + 4 <= end:
        kind, size = struct.unpack_from("<HH", stream, pos)
        body = stream[pos + 4:pos + 4 + size]
        if len(body) < size:
            return
        yield pos, kind, body
        pos += 4 + size


def _sheet_names(stream: bytes) -> dict[int, str]:
    """Sheet substream offset → name, from the BOUNDSHEET records of the workbook globals."""
    names: dict[int, str] = {}
    for _pos, kind, body in _records(stream):
        if kind == BOUNDSHEET and len(body) >= 8:
            offset, count, high = struct.unpack_from("<I", body, 0)[0], body[6], body[7] & 1
            raw = body[8:8 + count * (2 if high else 1)]
            names[offset] = raw.decode("utf-16-le" if high else "latin-1", "replace")
        elif kind == BOF and names:
            break  # the globals are over
    return names


def scan_xls(path: Path, file_name: str, limits) -> None:
    """Raise FileProblem when a sheet of the .xls at `path` is beyond `limits`."""
    from app.excel.bounds import check_extent

    try:
        compound = CompoundFile(path.read_bytes())
        stream = compound.stream("Workbook", "Book")
    except (Damaged, struct.error, IndexError) as exc:
        raise FileProblem(f"Tệp {file_name} bị hỏng (cấu trúc tệp Excel 97–2003 không đọc được).") from exc
    if stream is None:
        return  # not a workbook at all: the reader says so
    names = _sheet_names(stream)
    sheet, rows, cols, number = "", 0, 0, 0
    for pos, kind, body in _records(stream):
        if kind == BOF:
            number += 1
            sheet, rows, cols = names.get(pos, f"trang {number - 1}"), 0, 0
            continue
        if kind == DIMENSIONS:
            if len(body) >= 14:
                last_row, last_col = struct.unpack_from("<I", body, 4)[0], struct.unpack_from("<H", body, 10)[0]
            elif len(body) >= 8:
                last_row, last_col = struct.unpack_from("<H", body, 2)[0], struct.unpack_from("<H", body, 6)[0]
            else:
                continue
            check_extent(file_name, sheet, last_row, last_col, limits, declared=True)
            continue
        if kind in CELLS or kind == ROW:
            if len(body) < 4:
                continue
            row, col = struct.unpack_from("<HH", body, 0)
            rows = max(rows, row + 1)
            if kind != ROW:
                cols = max(cols, col + 1)
        elif kind in (MULRK, MULBLANK) and len(body) >= 6:
            row = struct.unpack_from("<H", body, 0)[0]
            rows, cols = max(rows, row + 1), max(cols, struct.unpack_from("<H", body, len(body) - 2)[0] + 1)
        else:
            continue
        check_extent(file_name, sheet, rows, cols, limits, partial=True)


def hidden_xls_columns(path: Path) -> dict[str, set[int]]:
    """Sheet name → hidden columns (0-based) of an .xls, from the COLINFO records of each
    sheet's substream. A file that does not hold together gives no information: the reader
    then says what is wrong with it."""
    try:
        stream = CompoundFile(path.read_bytes()).stream("Workbook", "Book")
    except (Damaged, struct.error, IndexError, OSError):
        return {}
    if stream is None:
        return {}
    names = _sheet_names(stream)
    found: dict[str, set[int]] = {}
    sheet: str | None = None
    for pos, kind, body in _records(stream):
        if kind == BOF:
            sheet = names.get(pos)
        elif kind == COLINFO and sheet is not None and len(body) >= 10:
            first, last, _width, _xf, options = struct.unpack_from("<HHHHH", body, 0)
            if options & 1 and first <= last and first < 256:
                found.setdefault(sheet, set()).update(range(first, min(last, 255) + 1))
    return found
