"""What units leave in the provinces' templates (issue 19, t19 points 5, 7, 8, 9): a courtesy title
on a collective, a form's dotted prompt left as printed, an award the catalogue does not know
(the row stays in view, marked; its code named by the workbook's own catalogue)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from app.excel.cells import is_placeholder
from app.imports import read_file
from tests.app.excel import province_books as pb


def _read(db, path):
    with db.session() as s:
        return read_file(s, path, unit="XA_BAN_BO", year=2025)


def _mau(tmp_path, rows, name="m.xlsx"):
    return pb.fill("MauTDKT.xlsx", tmp_path / name, pb.rows_to_cells(2, "ABCDEFGHI", rows))


def test_a_courtesy_title_on_a_collective_is_dropped_with_a_warning(office, tmp_path):
    path = _mau(tmp_path, [[1, "Ông", "Trường Mầm non Bản Bo", None, "UBND xã Bản Bo", "Khen thưởng tập thể",
                            "Tập thể lao động tiên tiến", "Đơn vị sự nghiệp", "Giáo dục - Đào tạo"]])
    preview = _read(office, path)
    (row,) = preview.rows
    assert (row.subject, row.courtesy, row.gender) == ("collective", "", None)
    (said,) = [p for p in preview.problems if p.code == "title_on_collective"]
    assert said.severity == "warning" and said.cell == "B2" and "Ông" in said.message
    assert preview.as_dict()["rows"][0]["courtesy"] is None


@pytest.mark.parametrize("blank", ["Xã, phường, thị trấn……", "……………………", "Đơn vị: ..............",
                                   "Thôn/bản ________"])
def test_a_form_prompt_left_in_a_cell_is_empty(office, tmp_path, blank):
    assert is_placeholder(blank)
    path = _mau(tmp_path, [[1, "Bà", "Lò Thị Én", "Văn thư", blank, "Khen thưởng cá nhân", "Lao động tiên tiến",
                            pb.WORKER, "Quản lý Nhà nước"]])
    (row,) = _read(office, path).rows
    assert row.unit_text == ""  # not stored as the unit


def test_real_values_with_dots_are_not_prompts():
    for value in ("Nguyễn Văn A...", "Trường Mầm non Bản Bo", "Năm ....", "Bản Nà Khum", "UBND xã ......."):
        assert not is_placeholder(value), value


def test_rows_with_an_unknown_award_stay_in_view_marked(office, tmp_path):
    rows = [[1, "Bà", "Lò Thị Én", "Văn thư", "UBND xã Bản Bo", "Khen thưởng cá nhân", "Lao động tiên tiến",
             pb.WORKER, "Quản lý Nhà nước"],
            [2, "Ông", "Bàn Văn Tả", "Trưởng bản", "Bản Nà Khum", "Khen thưởng cá nhân", "Huân chương Chiến công hạng ba",
             pb.WORKER, "Quản lý Nhà nước"],
            [3, "Ông", "Lò Văn Pọm", "Công an viên", "Bản Nà Khum", "Khen thưởng cá nhân", "Lao động tiên tiến",
             pb.WORKER, "Quản lý Nhà nước"]]
    preview = _read(office, _mau(tmp_path, rows))
    assert [r.row for r in preview.rows] == [2, 4]  # only these can be written
    assert [(r.row, r.name, r.refused) for r in preview.refused] == [(3, "Bàn Văn Tả", "Huân chương Chiến công hạng ba")]
    (error,) = [p for p in preview.errors if p.code == "award_unknown"]
    assert error.cell == "G3"
    assert preview.as_dict()["rows_refused"] == [{"row": 3, "sheet": "file nhận", "name": "Bàn Văn Tả",
                                                  "award": "Huân chương Chiến công hạng ba"}]


def test_an_unknown_code_is_named_by_the_workbooks_own_catalogue(office, tmp_path):
    path = pb.fill("CANHAN.xlsx", tmp_path / "c.xlsx", pb.rows_to_cells(4, "ABCDEFGHIJK", [
        [1, "Lò Văn Sáng", "Nam", "1980", "Chiến sĩ", None, "Công an xã Bản Bo", "Bản Bo", "1660638976", None,
         "1647933054"]]))
    preview = _read(office, path)
    (error,) = [p for p in preview.errors if p.code == "award_unknown"]
    assert "“1647933054” (Chiến sĩ tiên tiến theo danh mục trong tệp)" in error.message
    assert "của chương trình" in error.message  # outside the office's catalogue, not the workbook's


def test_the_json_lists_the_refused_rows(office, tmp_path):
    path = _mau(tmp_path, [[1, "Ông", "Bàn Văn Tả", "Trưởng bản", "Bản Nà Khum", "Khen thưởng cá nhân",
                            "Huân chương Chiến công hạng ba", pb.WORKER, "Quản lý Nhà nước"]])
    run = subprocess.run([sys.executable, "-m", "app", "import", str(path), "--db", str(tmp_path / "tdkt.db"), "--unit",
                          "XA_BAN_BO", "--year", "2025", "--dry-run", "--json"], capture_output=True, text=True,
                         encoding="utf-8", timeout=300)
    out = json.loads(run.stdout)
    assert run.returncode == 1 and out["rows"] == []
    assert [r["name"] for r in out["rows_refused"]] == ["Bàn Văn Tả"]


def test_the_templates_own_example_rows_left_in_are_skipped_with_a_warning(office, tmp_path):
    # NHANDULIEU prints four example rows (UBND Tỉnh Quảng Bình ...) under its header; a unit
    # wrote its own rows below them and left them in.
    path = pb.fill("NHANDULIEU.xlsx", tmp_path / "n.xlsx", pb.rows_to_cells(8, "ABCDEFGH", [
        [1, "CANHAN", "Ông Bàn Văn Sơn", "Trưởng bản", "Bản Nà Khum", "1647933042", None, None],
        [2, "TAPTHE", "Bản Nà Khum", None, "UBND xã Bản Bo", "Tập thể lao động tiên tiến", None, None]]))
    preview = _read(office, path)
    assert [(r.row, r.name) for r in preview.rows] == [(8, "Bàn Văn Sơn"), (9, "Bản Nà Khum")]
    assert not preview.errors, [p.message for p in preview.errors]  # no "chọn danh hiệu cho cả danh sách"
    (said,) = [p for p in preview.problems if p.code == "template_example"]
    assert said.severity == "warning" and "4, 5, 6, 7" in said.message and "UBND Tỉnh Quảng Bình" in said.message


def test_a_numbered_row_with_an_award_named_like_an_example_is_a_nominee(office, tmp_path):
    path = pb.fill("NHANDULIEU.xlsx", tmp_path / "n.xlsx", pb.rows_to_cells(4, "ABCDEFGH", [
        [1, "HOGIADINH", "Gia đình ông Lê Văn Hải", None, "Bản Nà Bỏ", "Gia đình văn hóa", None, None]]))
    preview = _read(office, path)
    assert [(r.row, r.name) for r in preview.rows] == [(4, "Gia đình ông Lê Văn Hải")]  # the unit's own row 4
    (said,) = [p for p in preview.problems if p.code == "template_example"]
    assert "Dòng 5, 6, 7 " in said.message  # the template's other examples, still there
