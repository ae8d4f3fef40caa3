"""Finding the table in a unit's own layout: header anywhere in the first rows, synonyms and
typos, two-row headers, the numbering row, sections, continuation lines, totals and footers."""

from __future__ import annotations

import pytest

from app.excel.layout import find_table, is_numbering_row
from app.excel.reader import Sheet, read_workbook
from tests.app.excel.books import nasty_list, ods, xls, xlsx


def sheet(rows, merges=()) -> Sheet:
    return Sheet("Danh sach", rows, [tuple(m) for m in merges])


@pytest.mark.parametrize("writer", [xlsx, xls, ods])
def test_the_nasty_list_is_understood_in_every_format(tmp_path, writer):
    rows, merges = nasty_list()
    book = read_workbook(writer(tmp_path / f"ds.{writer.__name__}", rows, merges))
    t = find_table(book.data_sheets()[0])
    assert t.header_rows == [8, 9]
    assert t.numbering_row == 10
    fields = {c.index: (c.field, c.gender) for c in t.columns}
    assert fields[0] == ("seq", None)
    assert fields[1] == ("name", None)
    assert fields[2] == ("birth", "Nam") and fields[3] == ("birth", "Nữ")
    assert fields[5] == ("position_unit", None)
    assert fields[6] == ("rating", None) and fields[7] == ("initiative", None)
    assert fields[8] == ("direct_worker", None) and fields[9] == ("notes", None)
    kinds = [(r.index + 1, r.kind, r.subject) for r in t.rows]
    assert kinds[0] == (12, "section", "individual")
    assert (16, "continuation", "individual") in kinds
    assert (21, "section", "collective") in kinds
    assert (22, "data", "collective") in kinds
    assert (23, "total", None) in kinds
    assert sum(1 for _, k, _ in kinds if k == "data") == 8
    assert t.footer_row == 24  # NGƯỜI LẬP BIỂU: nothing after it is read


def test_header_wording_varies_and_typos_are_forgiven():
    rows = [[None] * 6 for _ in range(14)]
    rows[14 - 1] = ["Số TT", "Ho va tn tap the, ca nhan", "NĂM SINH", "Giới  tính", "Danh hiệu, hình thức đề nghị",
                    "Thành tích chủ yếu"]
    rows.append([1, "Nguyễn Văn An", 1980, "Nam", "LĐTT", "Tốt"])
    t = find_table(sheet(rows))
    assert t.header_rows == [13]
    assert [c.field for c in t.columns] == ["seq", "name", "birth", "gender", "award", "achievement"]


def test_position_and_unit_split_under_one_merged_header():
    rows = [["STT", "Họ tên", "Chức vụ, đơn vị công tác", None, "Hình thức đề nghị"],
            [None, None, "Chức vụ", "Đơn vị", None],
            [1, "Lò Văn A", "Kế toán", "UBND xã", "Giấy khen"]]
    t = find_table(sheet(rows, [(0, 2, 0, 3), (0, 0, 1, 0), (0, 1, 1, 1), (0, 4, 1, 4)]))
    assert [c.field for c in t.columns] == ["seq", "name", "position", "unit", "award"]
    assert [r.kind for r in t.rows] == ["data"]


def test_split_birth_without_merge_information_uses_the_label_to_the_left():
    rows = [["STT", "Họ và tên", "Năm sinh", None, "Dân tộc"],
            [None, None, "Nam", "Nữ", None],
            [1, "Lò Thị A", None, 1990, "Thái"]]
    t = find_table(sheet(rows))
    assert [(c.field, c.gender) for c in t.columns][2:4] == [("birth", "Nam"), ("birth", "Nữ")]


def test_no_header_no_table():
    assert find_table(sheet([["Báo cáo"], ["Nội dung tùy ý", "không có cột"]])) is None


def test_numbering_rows():
    assert is_numbering_row(["(1)", "(2)", "(3)", "(4)"])
    assert is_numbering_row([1, 2, 3, 4, None])
    assert is_numbering_row(["A", "B", "(1)", "(2)", "(3)=(1)+(2)"])
    assert not is_numbering_row([1, "Nguyễn Văn An", 1980])
    assert not is_numbering_row([1])


def test_blank_rows_end_the_table_and_lone_blank_rows_do_not():
    rows = [["STT", "Họ và tên", "Hình thức đề nghị"],
            [1, "A Nguyễn", "GK"], [None, None, None], [2, "B Lò", "GK"],
            [None, None, None], [None, None, None], ["Ghi chú: danh sách gồm 2 người", None, None]]
    t = find_table(sheet(rows))
    assert [r.index for r in t.rows if r.kind == "data"] == [1, 3]
    assert t.end_row == 4


def test_a_row_typed_lower_in_the_form_after_blank_rows_is_read():
    """Rows 10–14 then 17 (a clerk skipped two lines): the lower row is one more nominee."""
    rows = [["STT", "Họ và tên", "Năm sinh", "Hình thức đề nghị"],
            [1, "A Nguyễn", 1980, "GK"], [2, "B Lò", 1981, "GK"],
            [None, None, None, None], [None, None, None, None], [None, None, None, None],
            [None, "C Vàng", 1990, "GK"], [None, None, None, None],
            [None, "NGƯỜI LẬP BIỂU", None, "THỦ TRƯỞNG ĐƠN VỊ"]]
    t = find_table(sheet(rows))
    assert [r.index for r in t.rows if r.kind == "data"] == [1, 2, 6]


def test_section_rows_in_their_forms():
    rows = [["TT", "Họ và tên", "Hình thức đề nghị"],
            ["I", "TẬP THỂ", None],
            [1, "Trường Mầm non Bản Bo", "GK"],
            [None, "II. CÁ NHÂN", None],
            [1, "Lò Văn Tập Thể", "GK"],
            ["C. Hộ gia đình", None, None],
            [1, "Hộ ông Lò Văn Hộ", "GK"]]
    t = find_table(sheet(rows))
    data = [(r.index, r.subject) for r in t.rows if r.kind == "data"]
    assert data == [(2, "collective"), (4, "individual"), (6, "household")]


def test_a_repeated_header_on_the_next_page_is_skipped():
    rows = [["STT", "Họ và tên", "Năm sinh"], [1, "An", 1980],
            ["STT", "Họ và tên", "Năm sinh"], [2, "Bình", 1981]]
    t = find_table(sheet(rows))
    assert [r.kind for r in t.rows] == ["data", "repeat", "data"]


def test_a_self_scoring_sheet_and_a_report_sheet():
    score = find_table(sheet([["STT", "Nội dung tiêu chí", "Điểm chuẩn", "Điểm tự chấm", "Giải trình"],
                              ["I", "Công tác chỉ đạo", 20, None, None], ["1", "Ban hành kế hoạch", 10, 9, ""]]))
    assert score.table_kind() == "bloc_scores"
    assert [r.kind for r in score.rows] == ["data", "data"]  # `I.` is a criterion group, not a section
    report = find_table(sheet([["STT", "Nội dung", "Đơn vị tính", "Số liệu"], [1, "Số cá nhân được khen", "người", 12]]))
    assert report.table_kind() == "report"
    assert report.col("indicator") == 1
