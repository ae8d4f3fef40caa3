"""Cột ẩn: which columns of a workbook's sheets are hidden (.xlsx, .ods, .xls).

Templates of the provinces' TĐKT systems hide columns of VLOOKUP formulas that turn the chosen
names into the system's numeric codes; any Excel save stores their results beside the visible
text. A clerk reads the visible columns, so the import must know which ones are hidden to prefer
the visible text, whatever format the unit saved in. python-calamine does not say. An .xlsx
says in each worksheet's `<cols>` element, before the cells, so only the head of each sheet's
XML is read (a few kilobytes); an .ods in the `table:table-column` elements of content.xml
(`table:visibility="collapse"`); an .xls in the COLINFO records of each sheet's BIFF substream.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

from app.excel.ole import hidden_xls_columns

_HEAD_BYTES = 64 * 1024  # `<cols>` sits before `<sheetData>`: never far into the part
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_REL = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*?>")
_COL = re.compile(rb"<(?:\w+:)?col\b[^>]*?>")
_HIDDEN_VALUES = (b"1", b"true")


def _attrs(tag: bytes) -> dict[bytes, bytes]:
    return dict(_ATTR.findall(tag))


def _unescape(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace")
    for code, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&")):
        text = text.replace(code, char)
    return text


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the zip path of its worksheet XML."""
    workbook = zf.read("xl/workbook.xml")
    rels = zf.read("xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in zf.namelist() else b""
    targets = {}
    for tag in _REL.findall(rels):
        a = _attrs(tag)
        target = _unescape(a.get(b"Target", b""))
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        targets[a.get(b"Id", b"")] = path
    parts = {}
    for tag in _SHEET.findall(workbook):
        a = _attrs(tag)
        rid = next((v for k, v in a.items() if k.endswith(b":id")), None)
        if rid is not None and rid in targets:
            parts[_unescape(a.get(b"name", b""))] = targets[rid]
    return parts


def _hidden_in(head: bytes) -> set[int]:
    cut = head.find(b"<sheetData")
    if cut >= 0:
        head = head[:cut]
    hidden: set[int] = set()
    for tag in _COL.findall(head):
        a = _attrs(tag)
        if a.get(b"hidden") not in _HIDDEN_VALUES:
            continue
        try:
            lo, hi = int(a.get(b"min", b"0")), int(a.get(b"max", b"0"))
        except ValueError:
            continue
        if 1 <= lo <= hi:
            hidden.update(range(lo - 1, min(hi, lo + 255)))  # 0-based; a hidden run past 256 columns is not data
    return hidden


def hidden_columns(path: Path) -> dict[str, set[int]]:
    """Sheet name → its hidden columns (0-based), for the sheets that hide some. Any oddity
    in the package (a part missing, a damaged zip) means no information, never a failure."""
    try:
        with zipfile.ZipFile(path) as zf:
            found = {}
            for name, part in sheet_parts(zf).items():
                try:
                    with zf.open(part) as fh:
                        head = fh.read(_HEAD_BYTES)
                except KeyError:
                    continue
                if cols := _hidden_in(head):
                    found[name] = cols
            return found
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return {}


_ODS_TABLE = re.compile(rb"<table:table\s[^>]*>|<table:table-column\b[^>]*>|<table:table-row\b")
_ODS_NAME = re.compile(rb'table:name="([^"]*)"')
_ODS_REPEAT = re.compile(rb'table:number-columns-repeated="(\d+)"')
_ODS_COLLAPSED = re.compile(rb'table:visibility="(?:collapse|filter)"')


def ods_hidden_columns(content: bytes) -> dict[str, set[int]]:
    """Sheet name → hidden columns (0-based) from an .ods content.xml: each table's
    `table:table-column` elements, in order, each standing for `number-columns-repeated`
    columns, hidden when `table:visibility` is `collapse` (or `filter`)."""
    found: dict[str, set[int]] = {}
    name: str | None = None
    col = 0
    for m in _ODS_TABLE.finditer(content):
        tag = m.group(0)
        if tag.startswith(b"<table:table-row"):
            name = None  # the columns of a table come before its rows
            continue
        if tag.startswith(b"<table:table-column"):
            if name is None:
                continue
            repeat = _ODS_REPEAT.search(tag)
            count = min(int(repeat.group(1)), 1 << 14) if repeat else 1
            if _ODS_COLLAPSED.search(tag) and col < 256:
                found.setdefault(name, set()).update(range(col, min(col + count, 256)))
            col += count
            continue
        named = _ODS_NAME.search(tag)
        name, col = (_unescape(named.group(1)) if named else None), 0
    return found


def workbook_hidden_columns(path: Path, fmt: str) -> dict[str, set[int]]:
    """Sheet name → hidden columns for a workbook of any format we read; no information
    (never a failure) when the file does not say or cannot be read that far."""
    if fmt == "xlsx":
        return hidden_columns(path)
    try:
        if fmt == "ods":
            with zipfile.ZipFile(path) as zf:
                return ods_hidden_columns(zf.read("content.xml"))
        if fmt == "xls":
            return hidden_xls_columns(path)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return {}
    return {}
