"""Nhập danh sách đơn vị: the office's units read from a workbook (name, kind, parent, head,
members, address), in the program's template or in the office's own layout.

As every import (EXCHANGE.md): read, then show, then write. `read_unit_list` never writes; it
gives each row as understood and each problem with its sheet and cell. `import_unit_list`
writes every row in the caller's transaction, or nothing when a row has an error. A unit
already in the list (same name) is updated with what the row gives; a new one is added. The
kind may be left empty when the name says it (`Thôn Nà Bó`, `Trường Mầm non …`, `Trạm Y tế …`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.catalog import unit_kinds
from app.errors import UserError
from app.excel.bounds import limits_from
from app.excel.reader import cell_ref, read_workbook
from app.text import clean, match_key
from app.unit_list import UnitData, add_unit, edit_unit, guess_kind, validate_unit
from db.models import Unit

# Header words (folded) → field; the first that a header contains wins, longest first.
_HEADERS = [
    ("ten viet tat", "short_name"), ("viet tat", "short_name"),
    ("ten don vi", "name"), ("ten to chuc", "name"), ("ten thon", "name"),
    ("loai", "kind"), ("truc thuoc", "parent"), ("cap tren", "parent"), ("thuoc", "parent"),
    ("thu truong", "head_name"), ("nguoi dung dau", "head_name"), ("truong thon", "head_name"),
    ("lanh dao", "head_name"), ("truong", "head_name"),
    ("so thanh vien", "member_count"), ("thanh vien", "member_count"), ("so nguoi", "member_count"),
    ("so tv", "member_count"), ("so ho", "member_count"), ("so nhan khau", "member_count"),
    ("bien che", "member_count"), ("so luong", "member_count"), ("so can bo", "member_count"),
    ("dia chi", "address"), ("dien thoai", "phone"), ("email", "email"), ("thu dien tu", "email"),
    ("ma don vi", "code"), ("ma", "code"), ("ghi chu", "notes"),
    ("don vi", "name"), ("ten", "name"),  # the generic words last: "Loại đơn vị" is a kind
]
UNIT_SHEET = "Danh sách đơn vị"
COLUMNS = ["STT", "Tên đơn vị", "Loại đơn vị", "Trực thuộc", "Thủ trưởng", "Số thành viên", "Địa chỉ",
           "Điện thoại", "Ghi chú"]


@dataclass
class UnitListRow:
    row: int  # 1-based, as the sheet shows it
    cell: str  # where the name is: "DanhSach!B5"
    name: str
    kind: str
    parent: str
    head_name: str
    member_count: int | None
    address: str
    phone: str = ""
    email: str = ""
    short_name: str = ""
    code: str = ""
    notes: str = ""
    existing_id: int | None = None  # a unit already in the list: updated, not added


@dataclass
class UnitListProblem:
    severity: str  # error / warning
    cell: str
    message: str


@dataclass
class UnitListPreview:
    file: str
    sheet: str = ""
    rows: list[UnitListRow] = field(default_factory=list)
    problems: list[UnitListProblem] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    @property
    def new_count(self) -> int:
        return sum(1 for r in self.rows if r.existing_id is None)

    def as_dict(self) -> dict:
        return {"file": self.file, "sheet": self.sheet, "rows": len(self.rows), "new": self.new_count,
                "updated": len(self.rows) - self.new_count, "blocked": self.blocked,
                "units": [{"row": r.row, "name": r.name, "kind": r.kind, "parent": r.parent,
                           "head": r.head_name, "members": r.member_count, "address": r.address,
                           "existing": r.existing_id is not None} for r in self.rows],
                "problems": [{"severity": p.severity, "cell": p.cell, "message": p.message}
                             for p in self.problems]}


def _header_map(cells: list[object]) -> dict[int, str]:
    found: dict[int, str] = {}
    for c, value in enumerate(cells):
        key = match_key(value)
        if not key or key in ("stt", "tt", "so tt"):
            continue
        for word, name in _HEADERS:
            if (word in key.split() or (" " in word and word in key)) and name not in found.values():
                found[c] = name
                break
    return found


# Words that a unit's name may carry or drop without naming another unit: "Trạm y tế Bình Lư" is
# "Trạm Y tế xã Bình Lư" typed shorter.
_FILLER = {"xa", "phuong", "thi", "tran", "huyen", "tinh", "cua", "so", "ubnd"}


def _core(key: str) -> tuple[str, ...]:
    return tuple(w for w in key.split() if w not in _FILLER)


def _about(value: object) -> int | None:
    """«khoảng 50», «50 người»: the one number a cell holds among words, else None."""
    numbers = re.findall(r"\d[\d.,]*", str(value))
    if len(numbers) != 1:
        return None
    digits = numbers[0].replace(".", "").replace(",", "")
    return int(digits) if digits.isdigit() else None


def _number(value: object) -> tuple[int | None, bool]:
    if value is None or str(value).strip() == "":
        return None, True
    if isinstance(value, int):
        return value, value >= 0
    if isinstance(value, float):
        return (int(value), True) if value.is_integer() and value >= 0 else (None, False)
    text = str(value).strip().replace(".", "").replace(",", "").replace(" ", "")
    return (int(text), True) if text.isdigit() else (None, False)


def read_unit_list(session: Session, path: str | Path) -> UnitListPreview:
    """Read a unit list without writing anything: rows as understood, problems with cells."""
    book = read_workbook(path, limits=limits_from(session))  # the office's size limits
    preview = UnitListPreview(Path(path).name)
    for sheet in book.data_sheets():
        for r in range(min(sheet.height, 25)):
            columns = _header_map(sheet.rows[r])
            if "name" in columns.values() and len(columns) >= 2:
                preview.sheet = sheet.name
                _read_rows(session, sheet, r, columns, preview)
                return preview
    raise UserError(f"Tệp {Path(path).name}: không thấy dòng tiêu đề có cột «Tên đơn vị» (và «Loại đơn vị», "
                    "«Trực thuộc», «Thủ trưởng», «Số thành viên»…) trong 25 dòng đầu.")


def _read_rows(session: Session, sheet, header: int, columns: dict[int, str], preview: UnitListPreview) -> None:
    by_field = {name: c for c, name in columns.items()}
    for c, label in enumerate(sheet.rows[header]):
        if c not in columns and clean(label) and match_key(label) not in ("stt", "tt", "so tt"):
            preview.problems.append(UnitListProblem("warning", cell_ref(sheet.name, header, c),
                                                    f"Cột «{clean(label)}» không hiểu được, đã bỏ qua (các cột đọc "
                                                    "được: Tên đơn vị, Loại, Trực thuộc, Thủ trưởng, Số thành "
                                                    "viên, Địa chỉ, Điện thoại, Email, Mã, Ghi chú)."))
    existing = {match_key(u.name): u for u in session.scalars(select(Unit).where(Unit.active.is_(True)))}
    cores = {_core(k): u for k, u in existing.items()}
    seen: dict[str, str] = {}
    blank_run = 0
    for r in range(header + 1, sheet.height):
        def value(name: str, r: int = r) -> object:
            return sheet.value(r, by_field[name]) if name in by_field else None

        name = clean(value("name"))
        if not name:
            blank_run += 1
            if blank_run >= 3:
                break
            continue
        blank_run = 0
        if re.fullmatch(r"\(?\d+\)?", name) or name.isupper() and len(name) > 40:
            continue  # the column-numbering row (1) (2) … or a footer line
        where = cell_ref(sheet.name, r, by_field["name"])
        kind_text = clean(value("kind"))
        kind = guess_kind(kind_text) if kind_text else guess_kind(name)
        if kind is None:
            preview.problems.append(UnitListProblem(
                "error", cell_ref(sheet.name, r, by_field.get("kind", by_field["name"])),
                f"«{name}»: không rõ loại đơn vị" + (f" «{kind_text}»" if kind_text else "")
                + "; ghi một trong: " + ", ".join(unit_kinds().values()) + "."))
            kind = ""
        members, ok = _number(value("member_count"))
        if not ok and (about := _about(value("member_count"))) is not None:
            members, ok = about, True
            preview.problems.append(UnitListProblem("warning", cell_ref(sheet.name, r, by_field["member_count"]),
                                                    f"«{name}»: số thành viên «{value('member_count')}» "
                                                    f"đọc là {about}."))
        if not ok:
            preview.problems.append(UnitListProblem("error", cell_ref(sheet.name, r, by_field["member_count"]),
                                                    f"«{name}»: số thành viên «{value('member_count')}» "
                                                    "không phải số nguyên không âm."))
        row = UnitListRow(r + 1, where, name, kind, clean(value("parent")), clean(value("head_name")), members,
                          clean(value("address")), clean(value("phone")), clean(value("email")),
                          clean(value("short_name")), clean(value("code")), clean(value("notes")))
        key = match_key(name)
        if key in seen:
            preview.problems.append(UnitListProblem("error", where, f"«{name}» có hai lần trong tệp "
                                                                   f"(dòng trước: {seen[key]})."))
        seen[key] = where
        if key in existing:
            unit = existing[key]
            row.existing_id = unit.id
            if unit.name != name:  # the same name typed without (or with other) accents: keep ours
                row.name = unit.name
                preview.problems.append(UnitListProblem(
                    "warning", where, f"«{name}» là đơn vị «{unit.name}» (mã {unit.code}) đã có: cập nhật các "
                                      "cột khác theo tệp, giữ tên đã có (đổi tên thì sửa ở trang đơn vị)."))
            else:
                preview.problems.append(UnitListProblem("warning", where, f"«{name}» đã có trong danh sách: "
                                                                          "cập nhật theo tệp."))
        elif (near := cores.get(_core(key))) is not None and _core(key) and near.kind == kind:
            preview.problems.append(UnitListProblem(
                "warning", where, f"«{name}» có thể trùng với «{near.name}» (mã {near.code}) đã có; nếu là một "
                                  "đơn vị, hãy ghi đúng tên đã có để khỏi tạo thêm đơn vị."))
        preview.rows.append(row)
    names = set(seen) | set(existing)
    for row in preview.rows:
        if row.parent and match_key(row.parent) not in names and _parent_id(session, row.parent) is None:
            preview.problems.append(UnitListProblem("error", row.cell, f"«{row.name}»: đơn vị cấp trên "
                                                                       f"«{row.parent}» không có trong tệp hay danh sách."))
    if not preview.rows:
        preview.problems.append(UnitListProblem("error", preview.sheet, "Không có dòng đơn vị nào dưới dòng tiêu đề."))


def _parent_id(session: Session, text: str) -> int | None:
    from app.matching import UnitIndex

    ref = UnitIndex(session).find(text)
    return ref.id if ref else None


def import_unit_list(session: Session, preview: UnitListPreview) -> tuple[int, int]:
    """Write the rows read (all of them, or none when a row has an error): (added, updated)."""
    if preview.blocked:
        first = next(p for p in preview.problems if p.severity == "error")
        raise UserError(f"Tệp {preview.file} có lỗi, chưa nhập đơn vị nào: {first.cell}: {first.message}")
    session.info["audit_note"] = f"Nhập danh sách đơn vị từ tệp {preview.file}"
    added = updated = 0
    try:
        units: dict[str, Unit] = {}
        for row in preview.rows:  # first every unit, then who sits under whom
            data = UnitData(name=row.name, kind=row.kind, short_name=row.short_name, code=row.code,
                            head_name=row.head_name, member_count=row.member_count, address=row.address,
                            phone=row.phone, email=row.email, notes=row.notes)
            try:
                if row.existing_id is not None:
                    unit = session.get(Unit, row.existing_id)
                    old = UnitData(**{k: getattr(unit, k) for k in UnitData.__dataclass_fields__})
                    for name in ("short_name", "code", "head_name", "member_count", "address", "phone",
                                 "email", "notes"):
                        if getattr(data, name) in ("", None):
                            setattr(data, name, getattr(old, name))
                    data.parent_id = old.parent_id
                    unit = edit_unit(session, unit.id, data)
                    updated += 1
                else:
                    unit = add_unit(session, data)
                    added += 1
            except UserError as exc:
                raise UserError(f"{row.cell}: {exc.message}") from None
            units[match_key(row.name)] = unit
        for row in preview.rows:
            if row.parent:
                parent = units.get(match_key(row.parent))
                parent_id = parent.id if parent else _parent_id(session, row.parent)
                unit = units[match_key(row.name)]
                if parent_id == unit.id:
                    raise UserError(f"{row.cell}: «{row.name}» không thể trực thuộc chính nó.")
                data = UnitData(**{k: getattr(unit, k) for k in UnitData.__dataclass_fields__})
                data.parent_id = parent_id
                validate_unit(session, data, unit.id)
                unit.parent_id = parent_id
        session.flush()
    finally:
        session.info.pop("audit_note", None)
    return added, updated


def write_unit_list_template(path: str | Path, office: str = "") -> Path:
    """A blank unit list to fill in (headers, the kinds as a drop-down that refuses any other
    kind), for the clerk or a commune's offices to type the units into. Its sheets are named
    in Vietnamese, the kinds' list very hidden, as on every template the program writes."""
    from openpyxl.styles import Alignment

    from app.excel.fillkit import choice_validation, list_sheet
    from app.excel.formkit import new_book

    path = Path(path)
    book = new_book()
    ws = book.active
    ws.title = UNIT_SHEET
    ws["A1"] = (office or "").upper()
    ws["A2"] = "DANH SÁCH ĐƠN VỊ"
    ws["A3"] = ("Mỗi dòng một đơn vị. «Loại đơn vị» có thể để trống khi tên đã nói rõ (Thôn …, Bản …, "
                "Trường …, Trạm Y tế …); «Trực thuộc» ghi tên đơn vị cấp trên nếu có.")
    for c, title in enumerate(COLUMNS, start=1):
        ws.cell(row=5, column=c, value=title)
    for c, width in enumerate([5, 32, 25, 25, 21, 12, 26, 12, 21], start=1):
        ws.column_dimensions[chr(64 + c)].width = width
    # The kinds' names hold commas, which an inline drop-down would split: a list sheet holds them.
    refs = list_sheet(book, {"unit_kinds": list(unit_kinds().values())})
    choice_validation(ws, "C6:C500", refs["unit_kinds"], COLUMNS[2])
    ws.freeze_panes = "A6"
    # one page wide in landscape, the instruction wrapped over the table's width (not cut)
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=len(COLUMNS))
    ws["A3"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[3].height = 33
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "5:5"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
