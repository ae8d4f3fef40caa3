"""Ô được điền: what a unit may type into a template and what it may
not. Sheet protection without a password (the cells to fill unlocked, rows may be resized,
inserted and deleted), the workbook's structure locked, drop-downs that refuse a value
outside their list with a Vietnamese message naming the column, and the `_lists` / `_meta`
sheets kept `veryHidden` (Excel's menus cannot show them).
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)

def unlock(ws: Worksheet, first_row: int, last_row: int, columns: list[int]) -> None:
    """The cells a unit fills: unlocked, everything else stays locked."""
    for r in range(first_row, last_row + 1):
        for c in columns:
            ws.cell(r, c).protection = UNLOCKED


def protect_form(ws: Worksheet) -> None:
    """Protect the sheet without a password: the unlocked cells can be filled, rows resized,
    inserted and deleted; the title, the header and the pre-filled columns cannot be typed
    over. (A password would stop the unit the day it needs one more row.)"""
    p = ws.protection
    p.sheet = True
    p.formatRows = False  # False: allowed
    p.formatColumns = False
    p.insertRows = False
    p.deleteRows = False
    p.selectLockedCells = False
    p.selectUnlockedCells = False


def lock_structure(book: Workbook) -> None:
    """Sheets cannot be added, renamed, moved or shown (no password: nothing to forget)."""
    book.security = WorkbookProtection(lockStructure=True)


def very_hidden(ws: Worksheet) -> None:
    """A sheet for the program only: Excel's 'Unhide' does not list it."""
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True


def list_sheet(book: Workbook, lists: dict[str, list[str]], *, name: str = "_lists") -> dict[str, str]:
    """Write the drop-down lists on a very hidden sheet, one column each, and name each range
    (`ds_awards`); returns list name → the formula a validation refers to."""
    sheet = book.create_sheet(name)
    refs: dict[str, str] = {}
    for c, (key, values) in enumerate(lists.items(), start=1):
        for r, value in enumerate(values, start=1):
            sheet.cell(r, c, value)
        col = get_column_letter(c)
        target = f"{quote_sheetname(name)}!${col}$1:${col}${max(len(values), 1)}"
        book.defined_names[f"ds_{key}"] = DefinedName(f"ds_{key}", attr_text=target)
        refs[key] = f"ds_{key}"
    very_hidden(sheet)
    return refs


def choice_validation(ws: Worksheet, cells: str, source: str, column: str) -> DataValidation:
    """A drop-down over `cells` from a named list that refuses anything else, saying which
    column's list to choose from."""
    dv = DataValidation(type="list", formula1=source, allow_blank=True, showDropDown=False,
                        showErrorMessage=True, errorStyle="stop",
                        errorTitle="Giá trị không có trong danh sách",
                        error=f"Cột «{column}» chỉ nhận một giá trị trong danh sách thả xuống: "
                              "bấm mũi tên bên phải ô để chọn.")
    dv.add(cells)
    ws.add_data_validation(dv)
    return dv


def score_validation(ws: Worksheet, cells: str, max_ref: str, column: str) -> DataValidation:
    """A number from 0 to the row's own maximum (`$C12`, relative down the range)."""
    dv = DataValidation(type="decimal", operator="between", formula1="0", formula2=max_ref,
                        allow_blank=True, showErrorMessage=True, errorStyle="stop",
                        errorTitle="Điểm không hợp lệ",
                        error=f"Cột «{column}»: nhập một số từ 0 đến điểm chuẩn của tiêu chí ở cùng dòng.")
    dv.add(cells)
    ws.add_data_validation(dv)
    return dv


def meta_sheet(book: Workbook, pairs: list[tuple[str, str]]) -> Worksheet:
    """`_meta`: key / value pairs in columns A and B, for the import to know the workbook."""
    meta = book.create_sheet("_meta")
    for r, (key, value) in enumerate(pairs, start=1):
        meta.cell(r, 1, key)
        meta.cell(r, 2, "" if value is None else str(value))
    very_hidden(meta)
    return meta
