"""Bảng tự chấm điểm: the bloc self-scoring sheet's working parts, under the criteria that
app/excel/template_rows.py writes in the order of their tree.

A group's self-score is a formula over its own criteria (a penalty under a scored group
subtracts), so the unit types the criteria only; the `Tổng cộng` row adds the top-level
lines (penalties subtracted) beside the table's maximum. Each criterion's score cell
accepts a number from 0 to that row's maximum and nothing else. The import checks a group's
score against its criteria all the same (app/import_checks.py), for lists typed by hand.
"""

from __future__ import annotations

from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from app.excel.fillkit import score_validation, unlock
from app.excel.formkit import FONT, fit_cells
from app.excel.sheetkit import data_cell
from app.excel.template_rows import Line

SCORE_COL, MAX_COL, NOTE_COL = 4, 3, 5
TOTAL_LABEL = "Tổng cộng"


def _sign(child_kind: str, parent_kind: str | None) -> str:
    """A penalty subtracts, except inside a group of penalties (whose sum is what is taken off)."""
    return "-" if child_kind == "penalty" and parent_kind != "penalty" else "+"


def _sum_formula(cells: list[tuple[str, int]]) -> str:
    """`=D13+D14-D17` from (sign, row) pairs; `=0` for none."""
    if not cells:
        return "=0"
    text = "".join(f"{sign}D{row}" for sign, row in cells)
    return "=" + text.removeprefix("+")


def finish_scores(ws: Worksheet, lines: list[Line], first: int, widths: list[float]) -> int:
    """Formulas on the group rows and the total row, the score cells opened and bounded.
    Returns the row after the table."""
    row_of = {line.criterion.id: first + i for i, line in enumerate(lines) if line.criterion}
    kinds = {line.criterion.id: line.criterion.kind for line in lines if line.criterion}
    leaf_rows = []
    for i, line in enumerate(lines):
        c = line.criterion
        r = first + i
        if c is None:
            continue
        if c.is_group:
            kids = [(_sign(k.criterion.kind, c.kind), row_of[k.criterion.id]) for k in lines
                    if k.criterion and k.criterion.parent_id == c.id]
            ws.cell(r, SCORE_COL).value = _sum_formula(kids)
        else:
            leaf_rows.append(r)
    total = first + len(lines)
    tops = [(_sign(kinds[line.criterion.id], None), row_of[line.criterion.id]) for line in lines
            if line.criterion and line.criterion.parent_id is None]
    top_max = sum(float(line.criterion.max_points) for line in lines
                  if line.criterion and line.criterion.parent_id is None and line.criterion.kind == "score")
    for c, value in enumerate(["", TOTAL_LABEL, top_max, None, None, None], start=1):
        cell = data_cell(ws, total, c, value)
        cell.font = Font(name=FONT, size=12, bold=True)
    ws.cell(total, SCORE_COL).value = _sum_formula(tops)
    fit_cells(ws, total, widths)
    for r in leaf_rows:
        unlock(ws, r, r, [SCORE_COL, NOTE_COL])
    if leaf_rows:
        score_validation(ws, f"D{first}:D{total - 1}", f"$C{first}", "Điểm tự chấm")
    return total + 1
