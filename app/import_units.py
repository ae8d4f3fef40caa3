"""Danh sách nhiều đơn vị: a list of award proposals that holds many units' rows — the office's
own export of a year's nominees (`tdkt export nominees`), whose `_meta` says `scope: units`
and whose column `Đơn vị đề nghị` names each row's proposing unit.

Read back, every row goes with its own unit, never with the office named in the header:
the rows are split by unit into parts, each checked as that unit's own list (earlier lists of
the same unit, people matched within it, eligibility), and written as that unit's own
dossier. No part replaces another unit's dossier, and none replaces its own unit's open list
unless the clerk confirms it, as for any list (app/import_checks.py, `may_replace`).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from app.excel.problems import problem
from app.import_checks import check_nominees, check_versions
from app.matching import UnitIndex

if TYPE_CHECKING:
    from app.imports import ImportPreview

UNIT_COLUMN = "Đơn vị đề nghị"


def many_units(meta: dict[str, str], unit_option) -> bool:
    """Whether a workbook is a list of many units to read back as such (no unit chosen)."""
    return meta.get("scope") == "units" and (unit_option is None or unit_option == "")


def check_units(session: Session, preview: ImportPreview, units: UnitIndex) -> None:
    """Attribute every row to its own unit and check each unit's rows as its own list."""
    check_versions(session, preview)  # the identical file imported before (no unit needed)
    if preview.already_imported is not None:
        return
    groups: dict[int, list] = {}
    refs = {}
    for r in preview.rows:
        ref = units.find(r.proposer) if r.proposer else None
        if ref is None:
            said = f"ghi “{r.proposer}”, không có trong danh mục đơn vị" if r.proposer else "để trống"
            preview.problems.append(problem(
                "unit_unknown", f"Dòng {r.row}: cột «{UNIT_COLUMN}» {said}; danh sách nhiều đơn vị cần biết "
                "đơn vị đề nghị của từng dòng.", sheet=r.sheet, cell=r.cell("proposer"), row=r.row))
            continue
        r.proposer_id = ref.id
        refs[ref.id] = ref
        groups.setdefault(ref.id, []).append(r)
    parts = []
    for unit_id, rows in groups.items():
        part = dataclasses.replace(preview, unit=refs[unit_id], unit_hint=refs[unit_id].name, rows=rows,
                                   problems=[], context={}, parts=[], already_imported=None, replaces=None,
                                   replace_confirmed=False, version_no=1,
                                   rows_read=len(rows))
        check_versions(session, part)
        check_nominees(session, part, units)
        preview.problems += part.problems
        parts.append(part)
    preview.parts = parts
    if parts:
        names = ", ".join(p.unit.name for p in parts[:5]) + (" ..." if len(parts) > 5 else "")
        preview.problems.append(problem(
            "many_units", f"Danh sách tổng hợp của {len(parts)} đơn vị ({names}): mỗi dòng thuộc đơn vị ghi ở "
            f"cột «{UNIT_COLUMN}», mỗi đơn vị thành một hồ sơ riêng; không hồ sơ nào bị thay.",
            sheet="_meta"))
