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

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.excel.problems import problem
from app.import_checks import check_nominees, check_versions
from app.matching import UnitIndex
from app.text import match_key
from db.models import Dossier, Nominee

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
                                   rows_read=len(rows), rows_known=0, known_in=[])
        check_versions(session, part)
        check_nominees(session, part, units)
        drop_known(session, part)
        preview.problems += part.problems
        preview.rows_known += part.rows_known
        preview.known_in += part.known_in
        if part.rows:  # a unit whose every row is already held makes no dossier
            parts.append(part)
    preview.parts = parts
    preview.nothing_new = not parts and preview.rows_known > 0 and not preview.errors
    if parts:
        names = ", ".join(p.unit.name for p in parts[:5]) + (" ..." if len(parts) > 5 else "")
        preview.problems.append(problem(
            "many_units", f"Danh sách tổng hợp của {len(parts)} đơn vị ({names}): mỗi dòng thuộc đơn vị ghi ở "
            f"cột «{UNIT_COLUMN}», mỗi đơn vị thành một hồ sơ riêng; không hồ sơ nào bị thay.",
            sheet="_meta"))


def drop_known(session: Session, part: ImportPreview) -> None:
    """Leave out the rows of the office's own nominee export that the unit's dossiers of the
    year already hold (same name, subject and award): read back, the export never copies a
    nominee — decided, appraised or open — into a new dossier. One warning names the dossiers."""
    if part.unit is None or part.year is None or not part.rows:
        return
    held: dict[tuple, str] = {}
    query = (select(Nominee.subject, Nominee.name, Nominee.award_type_id, Dossier.number)
             .join(Dossier, Dossier.id == Nominee.dossier_id)
             .where(Dossier.unit_id == part.unit.id, Dossier.year == part.year, Dossier.status != "rejected"))
    for subject, name, award_id, number in session.execute(query):
        held.setdefault((subject, match_key(name), award_id), number)
    known, numbers = set(), []
    for r in part.rows:
        number = held.get((r.subject, match_key(r.name), r.award.id if r.award else None))
        if number is not None:
            known.add((r.sheet, r.row))
            if number not in numbers:
                numbers.append(number)
    if not known:
        return
    part.rows = [r for r in part.rows if (r.sheet, r.row) not in known]
    part.problems = [p for p in part.problems if (p.sheet, p.row) not in known]
    part.rows_known, part.known_in = len(known), numbers
    shown = ", ".join(numbers[:4]) + (" ..." if len(numbers) > 4 else "")
    rest = f"; {len(part.rows)} dòng mới" if part.rows else ""
    part.problems.append(problem(
        "nominees_known", f"{part.unit.name}: {len(known)} dòng đã có trong hồ sơ {shown}, không ghi gì{rest}.",
        sheet="_meta"))
