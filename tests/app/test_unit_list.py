"""The office's own list of units: adding, editing, retiring, the head and members per year,
and the list read from a workbook (the office's own layout), all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from app.blocs import unit_choices
from app.errors import UserError, ValidationError
from app.excel.templates import units_for
from app.submissions import unit_overview
from app.unit_import import import_unit_list, read_unit_list, write_unit_list_template
from app.unit_list import (
    UnitData,
    add_unit,
    edit_unit,
    find_unit,
    guess_kind,
    list_units,
    members_of_year,
    reopen_unit,
    retire_unit,
    set_unit_year,
    unit_years,
)


def test_units_are_added_numbered_and_listed_villages_included(db):
    with db.session() as s:
        a = add_unit(s, UnitData(name="  Thôn   Nà Bó ", kind="village", head_name="Lò Văn Sơn", member_count=120))
        b = add_unit(s, UnitData(name="Trạm Y tế xã Bản Bo", kind="health"))
        assert (a.code, b.code) == ("DV001", "DV002")
        assert a.name == "Thôn Nà Bó"
    with db.session() as s:
        rows = list_units(s)
        assert [r.name for r in rows] == ["Thôn Nà Bó", "Trạm Y tế xã Bản Bo"]
        assert rows[0].kind == "Thôn, bản, tổ dân phố" and rows[0].members == 120
        # A village is a unit like any other: in blocs, templates for all, what units owe.
        assert [c.name for c in unit_choices(s)] == ["Thôn Nà Bó", "Trạm Y tế xã Bản Bo"]
        assert len(units_for(s)) == 2
        assert {r.unit for r in unit_overview(s, 2026)} == {"Thôn Nà Bó", "Trạm Y tế xã Bản Bo"}


def test_bad_units_are_refused_naming_the_field(db):
    with db.session() as s:
        add_unit(s, UnitData(name="Bản Hon", kind="village"))
        for data, field in ((UnitData(name=""), "name"), (UnitData(name="Bản Mới", kind="castle"), "kind"),
                            (UnitData(name="bản  hon", kind="village"), "name"),
                            (UnitData(name="Bản Khác", kind="village", member_count="nhiều"), "member_count"),
                            (UnitData(name="Bản Khác", kind="village", code="mã có dấu"), "code")):
            with pytest.raises(ValidationError) as err:
                add_unit(s, data)
            assert err.value.field == field
    with db.session() as s:
        assert [r.name for r in list_units(s)] == ["Bản Hon"]


def test_a_unit_cannot_sit_under_itself(db):
    with db.session() as s:
        a = add_unit(s, UnitData(name="Xã Bản Bo", kind="commune"))
        b = add_unit(s, UnitData(name="Thôn Nà Bó", kind="village", parent_id=a.id))
        data = UnitData(name="Xã Bản Bo", kind="commune", parent_id=b.id)
        with pytest.raises(ValidationError, match="chính nó"):
            edit_unit(s, a.id, data)


def test_retired_unit_leaves_the_lists_and_keeps_its_record(db):
    with db.session() as s:
        unit = add_unit(s, UnitData(name="Bản Lằng", kind="village"))
        retire_unit(s, unit.id, dt.date(2026, 3, 1), "nhập vào bản khác")
    with db.session() as s:
        row = list_units(s)[0]
        assert not row.active and row.status == "Ngừng hoạt động từ 01/03/2026"
        assert unit_choices(s) == [] and units_for(s) == []
        with pytest.raises(UserError, match="đã ngừng hoạt động"):
            retire_unit(s, unit.id, dt.date(2026, 4, 1))
        reopen_unit(s, unit.id)
        assert list_units(s, include_inactive=False)[0].name == "Bản Lằng"


def test_head_and_members_are_kept_per_year(db):
    with db.session() as s:
        unit = add_unit(s, UnitData(name="Thôn Nà Bó", kind="village", member_count=100))
        set_unit_year(s, unit.id, 2025, head_name="Lò Văn Sơn", member_count=110)
        set_unit_year(s, unit.id, 2026, head_name="Tao Thị Hoa", member_count=118, female_count=60)
        with pytest.raises(ValidationError, match="nhiều hơn số thành viên"):
            set_unit_year(s, unit.id, 2024, member_count=10, female_count=11)
    with db.session() as s:
        assert [(y.year, y.head_name, y.member_count) for y in unit_years(s, unit.id)] == [
            (2026, "Tao Thị Hoa", 118), (2025, "Lò Văn Sơn", 110)]
        assert members_of_year(s, unit.id, 2025) == 110
        assert members_of_year(s, unit.id, 2023) == 118  # no record: the unit's latest count
        row = list_units(s)[0]
        assert (row.head, row.members) == ("Tao Thị Hoa", 118)


def test_find_unit_by_name_without_accents_code_or_number(db):
    with db.session() as s:
        a = add_unit(s, UnitData(name="Thôn Nà Bó", kind="village"))
        add_unit(s, UnitData(name="Thôn Nà Khum", kind="village"))
        assert find_unit(s, "thon na bo").id == a.id
        assert find_unit(s, "DV001").id == a.id
        assert find_unit(s, str(a.id)).id == a.id
        with pytest.raises(UserError, match="nhiều đơn vị"):
            find_unit(s, "nà")


@pytest.mark.parametrize(("name", "kind"), [
    ("Thôn Nà Bó", "village"), ("Bản Hon", "village"), ("Tổ dân phố số 3", "village"),
    ("Trường Tiểu học Bản Bo", "school"), ("Trạm Y tế xã Bản Bo", "health"),
    ("Hội Liên hiệp Phụ nữ xã", "mass_org"), ("Hợp tác xã chè Tân Uyên", "enterprise"),
    ("Ban Quản lý dự án", "public_service"), ("UBND phường Tân Phong", "ward"), ("Nhà văn hóa", None)])
def test_the_name_says_the_kind(name, kind):
    assert guess_kind(name) == kind


def _own_layout(path, rows):
    """A list as a commune's clerk types it: title rows, a header, a numbering row, a footer."""
    book = Workbook()
    ws = book.active
    ws.title = "Don vi"
    ws.append(["UBND XÃ BẢN BO"])
    ws.append(["DANH SÁCH THÔN, BẢN VÀ CƠ QUAN, ĐƠN VỊ TRÊN ĐỊA BÀN XÃ"])
    ws.append([])
    ws.append(["TT", "Tên thôn, bản, đơn vị", "Loại", "Thuộc", "Trưởng thôn / thủ trưởng", "Số người", "Địa chỉ"])
    ws.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"])
    for i, row in enumerate(rows, start=1):
        ws.append([i, *row])
    ws.append([])
    ws.append([])
    ws.append([])
    ws.append(["", "NGƯỜI LẬP BIỂU"])
    book.save(path)
    return path


def test_a_unit_list_in_the_office_layout_imports_with_parents(db, tmp_path):
    path = _own_layout(tmp_path / "ds.xlsx", [
        ("Xã Bản Bo", "UBND xã", "", "Lò Văn Minh", 35, "Bản Bo"),
        ("Thôn Nà Bó", "", "Xã Bản Bo", "Lò Văn Sơn", "1.250", "Nà Bó"),
        ("Bản Hon", "Thôn, bản, tổ dân phố", "Xã Bản Bo", "Tao Văn Lả", 320, ""),
        ("Trường Mầm non Bản Bo", "", "", "Nguyễn Thị Hà", 22, ""),
    ])
    with db.session() as s:
        preview = read_unit_list(s, path)
        assert not preview.blocked, preview.problems
        assert [r.kind for r in preview.rows] == ["commune", "village", "village", "school"]
        assert preview.rows[1].member_count == 1250
        assert import_unit_list(s, preview) == (4, 0)
    with db.session() as s:
        rows = {r.name: r for r in list_units(s)}
        assert rows["Thôn Nà Bó"].parent == "Xã Bản Bo" and rows["Thôn Nà Bó"].head == "Lò Văn Sơn"
        # Importing a corrected list again updates, never duplicates.
        path2 = _own_layout(tmp_path / "ds2.xlsx", [("Thôn Nà Bó", "", "", "Lò Văn Tâm", 1260, "")])
        preview = read_unit_list(s, path2)
        assert import_unit_list(s, preview) == (0, 1)
    with db.session() as s:
        rows = {r.name: r for r in list_units(s)}
        assert len(rows) == 4 and rows["Thôn Nà Bó"].head == "Lò Văn Tâm"
        assert rows["Thôn Nà Bó"].parent == "Xã Bản Bo" and rows["Thôn Nà Bó"].address == "Nà Bó"


def test_a_bad_row_stops_the_whole_list_naming_the_cell(db, tmp_path):
    path = _own_layout(tmp_path / "ds.xlsx", [
        ("Thôn Nà Bó", "", "", "", 120, ""),
        ("Nhà văn hóa cộng đồng", "", "", "", 10, ""),
        ("Bản Hon", "", "Xã Không Có", "", "nhiều", ""),
    ])
    with db.session() as s:
        preview = read_unit_list(s, path)
        assert preview.blocked
        messages = {p.cell: p.message for p in preview.problems if p.severity == "error"}
        assert "Don vi!C7" in messages and "không rõ loại" in messages["Don vi!C7"]
        assert "Don vi!F8" in messages and "không phải số" in messages["Don vi!F8"]
        assert any("Xã Không Có" in m for m in messages.values())
        with pytest.raises(UserError, match="chưa nhập đơn vị nào"):
            import_unit_list(s, preview)
    with db.session() as s:
        assert list_units(s) == []


def test_the_unit_template_prints_one_page_wide_with_its_instruction_whole(tmp_path):
    from openpyxl import load_workbook

    ws = load_workbook(write_unit_list_template(tmp_path / "mau.xlsx", "UBND xã Bản Bo"))["Danh sách đơn vị"]
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert "A3:I3" in {str(r) for r in ws.merged_cells.ranges} and ws["A3"].alignment.wrap_text


def test_the_blank_template_reads_back(db, tmp_path):
    path = write_unit_list_template(tmp_path / "mau.xlsx", "UBND xã Bản Bo")
    from openpyxl import load_workbook

    book = load_workbook(path)
    ws = book["Danh sách đơn vị"]
    ws.append([1, "Thôn Nà Bó", "Thôn, bản, tổ dân phố", "", "Lò Văn Sơn", 120, "", "", ""])
    ws.append([2, "Trạm Y tế xã", "", "", "", 6, "", "", ""])
    book.save(path)
    assert book["_lists"].sheet_state == "veryHidden"
    (kinds,) = ws.data_validations.dataValidation  # the kinds' drop-down refuses anything else
    assert kinds.showErrorMessage and kinds.errorStyle == "stop" and "Loại đơn vị" in kinds.error
    with db.session() as s:
        preview = read_unit_list(s, path)
        assert [(r.name, r.kind, r.member_count) for r in preview.rows] == [
            ("Thôn Nà Bó", "village", 120), ("Trạm Y tế xã", "health", 6)]


def test_a_list_typed_without_accents_or_shorter_never_renames_nor_doubles_silently(db, tmp_path):
    """«Thôn Na Bo» updates Thôn Nà Bó but keeps its name; «Trạm y tế Bình Lư» beside «Trạm Y tế xã
    Bình Lư» is named as a possible duplicate; «Số TV» is the member count, «khoảng 50» read as 50
    with a warning; a column nobody reads is named."""
    with db.session() as s:
        add_unit(s, UnitData(name="Thôn Nà Bó", kind="village"))
        add_unit(s, UnitData(name="Trạm Y tế xã Bình Lư", kind="health"))
    book = Workbook()
    book.active.append(["STT", "Tên đơn vị", "Số TV", "Trưởng thôn", "Màu cờ"])
    book.active.append([1, "Thôn Na Bo", 120, "Lò Văn Sơn", "đỏ"])
    book.active.append([2, "Trạm y tế Bình Lư", "khoảng 50", "Lò Thị Mai", None])
    book.save(tmp_path / "ds.xlsx")
    with db.session() as s:
        preview = read_unit_list(s, tmp_path / "ds.xlsx")
        said = {p.cell.split("!")[1]: p.message for p in preview.problems}
        assert "giữ tên đã có" in said["B2"]
        assert "có thể trùng với «Trạm Y tế xã Bình Lư»" in said["B3"]
        assert "đọc là 50" in said["C3"]
        assert "Màu cờ" in said["E1"]
        assert [r.member_count for r in preview.rows] == [120, 50]
        assert import_unit_list(s, preview) == (1, 1)
    with db.session() as s:
        rows = {r.name: r for r in list_units(s)}
        assert rows["Thôn Nà Bó"].members == 120 and "Thôn Na Bo" not in rows
