"""Ô quá dài: a workbook cell holding more text than Excel allows (32,767 characters).

A 3 KB .xlsx can hold one cell of a megabyte of "A" (it compresses a thousandfold), a 307 KB
one a cell of 300 MB; the reader (python-calamine) builds every string whole, and the import
then works on it: the process hung for minutes and took gigabytes. Excel itself never writes
such a cell, so it is refused before the reader sees the file, naming the cell:

    Ô B5 dài 1.048.576 ký tự, quá giới hạn 32.767 ký tự của Excel

Measured while streaming each part in 1 MB blocks (memory stays bounded whatever the size):
a text run between two tags longer than the limit in `xl/sharedStrings.xml` (its index is then
looked up among the sheets' `<c r="…" t="s"><v>index</v>` cells), or in a sheet's XML (an
inline string or a formula's text: the cell is the last `<c r="…">` before it), or in an .ods
`content.xml`. The length is counted in characters (UTF-8), the usual entities as one.
"""

from __future__ import annotations

import re
import zipfile

from app.errors import FileProblem

EXCEL_CELL_CHARS = 32_767
BLOCK = 1 << 20
_CONT = bytes(range(0x80, 0xC0))  # UTF-8 continuation bytes: not characters of their own
_ENTITY = re.compile(rb"&#?[0-9A-Za-z]{1,8};")
# A run of more bytes than the limit may still be under it in characters (Vietnamese takes
# 1–3 bytes a letter): a candidate, counted exactly. Runs start after a tag's `>` (anchored, so
# a long run under the limit is not tried again at every one of its bytes).
_CANDIDATE = re.compile(rb"(?<=>)[^<]{%d,}" % (EXCEL_CELL_CHARS + 1))
_CELL_REF = re.compile(rb'<c\b[^>]*?\br="([A-Za-z]+[0-9]+)"')
KEEP = 65536  # markup kept from before a run, to say where it is


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _chars(text: bytes) -> int:
    if b"&" in text:  # an entity or character reference (`&amp;`, `&#7885;`) is one character
        text = _ENTITY.sub(b"&", text)
    return len(text.translate(None, _CONT))


def first_long_run(zf: zipfile.ZipFile, info: zipfile.ZipInfo,
                   counted: tuple[bytes, ...] = ()) -> tuple[int, bytes, int] | None:
    """The first text run longer than Excel's limit in a part: (its length in characters, the
    markup just before it, how many times the `counted` marks occur before it); None when
    there is none."""
    pending = b""  # the unfinished markup at the end of the last block (from its last `<`)
    before, seen = b"", 0
    running: int | None = None  # characters so far of a long run that goes on past a block
    with zf.open(info) as fh:
        while True:
            block = fh.read(BLOCK)
            if not block:
                break
            if running is not None:
                end = block.find(b"<")
                running += _chars(block if end < 0 else block[:end])
                if end < 0:
                    continue
                if running > EXCEL_CELL_CHARS:
                    return running, before, seen
                running, block = None, block[end:]
            data = pending + block
            found = _CANDIDATE.search(data)
            while found and found.end() < len(data):
                length = _chars(found.group())
                if length > EXCEL_CELL_CHARS:
                    head = data[:found.start()]
                    return length, (before + head)[-KEEP:], seen + sum(head.count(c) for c in counted)
                found = _CANDIDATE.search(data, found.end())
            if found:  # a long run still open at the end of the block
                head = data[:found.start()]
                running, pending = _chars(found.group()), b""
            else:
                last = data.rfind(b"<")
                head, pending = (data, b"") if last < 0 else (data[:last], data[last:])
                if len(pending) > BLOCK:  # one tag of a megabyte: no cell text in it
                    pending = b""
            before = (before + head)[-KEEP:]
            seen += sum(head.count(c) for c in counted)
    if running is not None and running > EXCEL_CELL_CHARS:
        return running, before, seen
    return None


def too_long(file_name: str, sheet: str | None, cell: str | None, length: int) -> FileProblem:
    place = f"Tệp {file_name}, trang “{sheet}”" if sheet else f"Tệp {file_name}"
    where = f"Ô {cell}" if cell else "Một ô"
    return FileProblem(f"{place}: {where} dài {_n(length)} ký tự, quá giới hạn "
                       f"{_n(EXCEL_CELL_CHARS)} ký tự của Excel; không đọc tệp này.")


def check_sheet_cells(zf: zipfile.ZipFile, info: zipfile.ZipInfo, file_name: str, sheet: str) -> None:
    """Refuse a sheet holding an inline string or formula text over Excel's limit."""
    found = first_long_run(zf, info)
    if found:
        refs = _CELL_REF.findall(found[1])
        raise too_long(file_name, sheet, refs[-1].decode("ascii") if refs else None, found[0])


def long_shared_string(zf: zipfile.ZipFile) -> tuple[int, int] | None:
    """(index, length) of the first shared string over Excel's limit; None when none is."""
    try:
        info = zf.getinfo("xl/sharedStrings.xml")
    except KeyError:
        return None
    found = first_long_run(zf, info, counted=(b"<si>", b"<si "))
    return None if found is None else (max(found[2] - 1, 0), found[0])


def cell_of_shared(zf: zipfile.ZipFile, info: zipfile.ZipInfo, index: int) -> str | None:
    """The first cell of a sheet showing shared string `index` (`<c r="B5" … t="s"><v>index</v>`)."""
    pattern = re.compile(rb'<c\b([^>]*?)\br="([A-Za-z]+[0-9]+)"([^>]*)>\s*<v>%d</v>' % index)
    tail = b""
    with zf.open(info) as fh:
        while True:
            block = fh.read(BLOCK)
            if not block:
                return None
            data = tail + block
            for match in pattern.finditer(data):
                if b't="s"' in match.group(1) + match.group(3):
                    return match.group(2).decode("ascii")
            tail = data[-4096:]
