"""Bản xuất của chính cơ quan: what every workbook the office exports says about itself, and
how the import knows one when it comes back.

Lists a unit sends are read; what the office itself wrote out (a registration summary, the
forwarding list, a report, the fund, the publicity list ...) holds many units' rows under the
office's own header, so reading it as a list "from" the office would file other units' work
under the office. Every export therefore carries a very hidden `_meta` (`source: export`, its
`kind`, the `title` a clerk saw). Two kinds read back as what they are (the nominees of the
year, the award book: `READABLE`); any other is refused with one line saying what the file is.

Files exported before `_meta` was written are known by their header: the office itself as the
sender (`office_is_sender`); the import then refuses to file the list under the office unless
the clerk names the unit (`--unit`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from app.text import fold

if TYPE_CHECKING:
    from openpyxl import Workbook

OWN_KIND = "office_export"
# Exports that read back as what they are: the year's nominees (each row with its own unit,
# nominees already held recognised) and the award book (lines already in the book recognised).
READABLE = ("award_proposal", "ledger")


def own_meta(title: str, issuer: str = "", year: int | None = None,
             what: str = "") -> list[tuple[str, str]]:
    """`_meta` pairs of an export that is the office's own (not a list to import)."""
    return [("kind", OWN_KIND), ("source", "export"), ("export", what or title), ("title", title),
            ("year", "" if year is None else str(year)), ("issuer", issuer),
            ("issued_on", dt.date.today().isoformat())]


def mark(book: Workbook, title: str, issuer: str = "", year: int | None = None, what: str = "") -> None:
    """Add the very hidden `_meta` of an office's own export to a workbook about to be saved."""
    if "_meta" not in book.sheetnames:
        # The import reads this module at the window's start; the workbook writer (openpyxl,
        # PIL) is loaded only when an export is actually written.
        from app.excel.fillkit import meta_sheet

        meta_sheet(book, own_meta(title, issuer, year, what))


def refusal(meta: dict[str, str], file_name: str) -> str | None:
    """The one line an import gives for the office's own export it cannot read back; None when
    the workbook is not one (or is one of the exports that read back)."""
    if meta.get("source") != "export" or meta.get("kind") in READABLE:
        return None
    said = meta.get("title") or meta.get("export") or "bản xuất"
    issuer = meta.get("issuer", "")
    year = f", năm {meta['year']}" if meta.get("year") and meta["year"] not in said else ""
    by = f" — {issuer}" if issuer else ""
    return (f"Tệp {file_name} là bản xuất của chính cơ quan ({said}{year}{by}), không có gì để nhập. "
            "Hãy nhập tệp do đơn vị gửi.")


def office_is_sender(unit_name: str, office_name: str) -> bool:
    """Whether the unit a list's header names is the office itself (an export made before
    exports carried `_meta`)."""
    a, b = fold(unit_name).strip(), fold(office_name).strip()
    return bool(a and b) and (a == b or a.endswith(" " + b) or b.endswith(" " + a))
