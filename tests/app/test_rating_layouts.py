"""Rating lists in a unit's own layout (t16 severe 6 and the import summary): the initiative's
decision and scope under the headers units really write, one cell holding both, a collective's
row, the year of a `KẾT QUẢ ĐÁNH GIÁ ...` or `Năm học ...` title, what `tdkt import --dry-run
--json` shows per row, and a summary that counts what was stored. Nothing the file says is
dropped without a warning naming its cell."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest
from sqlalchemy import select

from app.imports import commit_import, read_file
from app.text import fold, match_key
from db.models import Initiative, Person, PersonRating, Unit, UnitRating
from tests.app.excel import history_books as books


@pytest.fixture
def school(db):
    with db.session() as s:
        for code, name in [("TH_BL", "Trường Tiểu học Bình Lư"), ("MN_BL", "Trường Mầm non Bình Lư")]:
            s.add(Unit(code=code, name=name, kind="truong", search_key=fold(name)))
        s.flush()
        home = s.scalar(select(Unit.id).where(Unit.code == "TH_BL"))
        for name, year in [("Đỗ Văn Đức", 1975), ("Hoàng Thị Duyên", 1988), ("Lò Thị Hạnh", 1991)]:
            s.add(Person(full_name=name, match_key=match_key(name), birth_year=year, position="Giáo viên",
                         unit_id=home))
    return db


def _book(tmp_path, title: str, header: list, rows: list, name: str = "xl.xlsx"):
    lines = [["UBND XÃ BÌNH LƯ"], ["TRƯỜNG TIỂU HỌC BÌNH LƯ"], [title], [], header, *rows]
    return books.write(tmp_path / name, [("Xếp loại", lines, ())])


def _initiatives(db) -> dict[str, tuple]:
    with db.session() as s:
        return {i.title: (i.year, i.scope, i.decision_number, i.decision_date)
                for i in s.scalars(select(Initiative))}


@pytest.mark.parametrize("decision_head, scope_head", [
    ("QĐ công nhận SK", "Phạm vi SK"),
    ("Quyết định công nhận sáng kiến", "Phạm vi ảnh hưởng"),
    ("Số QĐ công nhận", "Phạm vi ảnh hưởng"),
])
def test_the_units_own_initiative_headers_are_read_as_decision_and_scope(school, tmp_path, decision_head,
                                                                          scope_head):
    path = _book(tmp_path, "DANH SÁCH ĐÁNH GIÁ, XẾP LOẠI NĂM 2026",
                 ["TT", "Họ và tên", "Năm sinh", "Xếp loại", "Sáng kiến", decision_head, scope_head],
                 [[1, "Đỗ Văn Đức", 1975, "HTXSNV", "Mô hình lớp học song ngữ Việt - Mông", "215/QĐ-SGDĐT",
                   "Cấp tỉnh"]])
    with school.session() as s:
        preview = read_file(s, path, kind="ratings", unit="Trường Tiểu học Bình Lư")
    assert preview.errors == [] and preview.warnings == []
    assert commit_import(school, preview).committed
    # t16: stored as "cấp cơ sở; chưa có quyết định công nhận" with no warning.
    assert _initiatives(school) == {"Mô hình lớp học song ngữ Việt - Mông": (2026, "tinh", "215/QĐ-SGDĐT", None)}


def test_scope_and_decision_in_one_cell_are_both_read(school, tmp_path):
    path = _book(tmp_path, "DANH SÁCH ĐÁNH GIÁ, XẾP LOẠI NĂM 2026",
                 ["TT", "Họ và tên", "Năm sinh", "Xếp loại", "Tên sáng kiến", "Quyết định công nhận sáng kiến"],
                 [[1, "Đỗ Văn Đức", 1975, "HTXSNV", "Mô hình lớp học song ngữ",
                   "Cấp tỉnh, 215/QĐ-SGDĐT ngày 12/05/2026"],
                  [2, "Hoàng Thị Duyên", 1988, "HTXSNV", "Bảng tương tác (QĐ 08/QĐ-UBND, cấp cơ sở)", None]])
    with school.session() as s:
        preview = read_file(s, path, kind="ratings", unit="Trường Tiểu học Bình Lư")
    split = [p for p in preview.warnings if p.code == "initiative_split"]
    assert [p.cell for p in split] == ["E7"] and "«Bảng tương tác»" in split[0].message
    commit_import(school, preview)
    assert _initiatives(school) == {
        "Mô hình lớp học song ngữ": (2026, "tinh", "215/QĐ-SGDĐT", dt.date(2026, 5, 12)),
        "Bảng tương tác": (2026, "co_so", "08/QĐ-UBND", None)}


def test_what_cannot_be_stored_is_warned_with_its_cell(school, tmp_path):
    path = _book(tmp_path, "DANH SÁCH ĐÁNH GIÁ, XẾP LOẠI NĂM 2026",
                 ["TT", "Họ và tên", "Năm sinh", "Xếp loại", "Sáng kiến", "QĐ công nhận SK", "Phạm vi SK"],
                 [[1, "Lò Thị Hạnh", 1991, "HTTNV", None, "12/QĐ-UBND", "Cơ sở"],
                  [2, "Hoàng Thị Duyên", 1988, "HTXSNV", "Bảng tương tác", "đã công nhận", "Áp dụng rộng rãi"],
                  [3, "Tổ chuyên môn khối 5", None, "HTTNV", None, None, None],
                  [4, "Trường Mầm non Bình Lư", None, "HTXSNV", "Góc học tập", None, None]])
    with school.session() as s:
        preview = read_file(s, path, kind="ratings", unit="Trường Tiểu học Bình Lư")
    found = {(p.code, p.cell) for p in preview.warnings}
    assert {("initiative_title_missing", "F6"), ("initiative_decision_unreadable", "F7"),
            ("initiative_scope_unknown", "G7"), ("collective_unknown", "B8"),
            ("collective_fact_ignored", "E9")} <= found
    unknown = next(p for p in preview.warnings if p.code == "collective_unknown")
    assert "Tổ chuyên môn khối 5" in unknown.message and "không được ghi" in unknown.message
    result = commit_import(school, preview)
    # The known collective's own rating is stored, not dropped (t16: dropped without a word).
    with school.session() as s:
        mn = s.scalar(select(Unit.id).where(Unit.code == "MN_BL"))
        assert s.scalar(select(UnitRating.rating).where(UnitRating.unit_id == mn, UnitRating.year == 2026)) == "HTXSNV"
    assert _initiatives(school) == {"Bảng tương tác": (2026, "co_so", "", None)}  # declared only
    assert result.message.endswith("2 xếp loại mới, 0 xếp loại được sửa; 1 sáng kiến được ghi hoặc bổ sung, "
                                   "trong đó 0 có quyết định công nhận; 1 xếp loại tập thể.")
    assert "kỷ luật" not in result.message  # the list held none


@pytest.mark.parametrize("title, year, warned", [
    ("KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM 2025", 2025, False),
    ("KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI VIÊN CHỨC NĂM HỌC 2024 - 2025", 2025, True),
])
def test_the_title_gives_the_year(school, tmp_path, title, year, warned):
    path = _book(tmp_path, title, ["TT", "Họ và tên", "Năm sinh", "Xếp loại"],
                 [[1, "Lò Thị Hạnh", 1991, "HTTNV"]])
    with school.session() as s:
        preview = read_file(s, path, unit="Trường Tiểu học Bình Lư")
    assert (preview.kind, preview.year, preview.errors) == ("ratings", year, [])
    said = [p.message for p in preview.warnings if p.code == "year_from_school_year"]
    assert bool(said) == warned
    if warned:
        assert "năm học 2024 - 2025" in said[0] and "lấy năm 2025" in said[0]


def test_a_recognition_of_2025_stays_2025_when_the_2026_list_came_first(school, tmp_path):
    header = ["TT", "Họ và tên", "Năm sinh", "Xếp loại", "Tên sáng kiến", "Số QĐ công nhận", "Phạm vi ảnh hưởng"]
    row = [1, "Hoàng Thị Duyên", 1988, "HTXSNV", "Bảng tương tác trong dạy Toán lớp 4", "08/QĐ-UBND", "Cấp cơ sở"]
    for year in (2026, 2025):
        path = _book(tmp_path, f"DANH SÁCH ĐÁNH GIÁ, XẾP LOẠI NĂM {year}", header, [row], name=f"{year}.xlsx")
        with school.session() as s:
            commit_import(school, read_file(s, path, kind="ratings", unit="Trường Tiểu học Bình Lư"))
    with school.session() as s:
        rows = list(s.scalars(select(Initiative)))
        assert [(i.year, i.years_applied) for i in rows] == [(2025, "2025, 2026")]  # one recognition, of 2025
        assert {r.year for r in s.scalars(select(PersonRating))} == {2025, 2026}


def test_dry_run_json_shows_each_rows_facts(school, tmp_path):
    path = _book(tmp_path, "KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM 2025",
                 ["TT", "Họ và tên", "Năm sinh", "Xếp loại", "Người đánh giá", "Kỷ luật", "Ngày kỷ luật",
                  "Sáng kiến", "QĐ công nhận SK", "Phạm vi SK"],
                 [[1, "Đỗ Văn Đức", 1975, "HTXSNV", "Hiệu trưởng", None, None, "Lớp song ngữ",
                   "215/QĐ-SGDĐT", "Tỉnh"],
                  [2, "Lò Thị Hạnh", 1991, "HTTNV", "Hiệu trưởng", "Khiển trách", "10/04/2025", None, None, None],
                  [3, "Trường Mầm non Bình Lư", None, "HTTNV", "Chủ tịch UBND xã", None, None, None, None, None]])
    out = subprocess.run([sys.executable, "-m", "app", "import", str(path), "--kind", "ratings", "--unit",
                          "Trường Tiểu học Bình Lư", "--db", str(school.path), "--dry-run", "--json"],
                         capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert out.returncode == 0, out.stderr
    obj = json.loads(out.stdout.splitlines()[0])
    assert obj["year"] == 2025 and obj["committed"] is False
    rows = {r["name"]: r for r in obj["rows"]}
    assert rows["Đỗ Văn Đức"]["rating"] == "HTXSNV" and rows["Đỗ Văn Đức"]["rated_by"] == "Hiệu trưởng"
    assert rows["Đỗ Văn Đức"]["initiative"] == {"title": "Lớp song ngữ", "decision": "215/QĐ-SGDĐT",
                                                "decision_date": None, "recognised_by": None, "scope": "tinh"}
    assert (rows["Lò Thị Hạnh"]["discipline"], rows["Lò Thị Hạnh"]["discipline_from"]) == ("khien_trach",
                                                                                        "2025-04-10")
    assert rows["Trường Mầm non Bình Lư"]["subject"] == "collective" and rows["Trường Mầm non Bình Lư"]["unit_id"]
    text = subprocess.run([sys.executable, "-m", "app", "import", str(path), "--kind", "ratings", "--unit",
                           "Trường Tiểu học Bình Lư", "--db", str(school.path), "--dry-run"],
                          capture_output=True, text=True, encoding="utf-8", timeout=300).stdout
    assert "3 dòng: 2 cá nhân, 1 tập thể; 3 có xếp loại, 1 kỷ luật, 1 sáng kiến (1 có quyết định công nhận)" in text
    assert "số liệu" not in text  # t16: "0 số liệu" on every rating list


def test_import_and_person_add_read_unit_the_same_way(school, tmp_path):
    """t16: `import --unit "hop tac xa"` said "Không có đơn vị" while `person add --unit "tram y te"`
    took a partial name; both now take the one unit a part of its name names, and say alike
    which ones a part could be."""
    from app.person_records import PersonData, add_person
    from app.unit_list import find_unit

    path = _book(tmp_path, "DANH SÁCH ĐÁNH GIÁ, XẾP LOẠI NĂM 2026", ["TT", "Họ và tên", "Năm sinh", "Xếp loại"],
                 [[1, "Lò Thị Hạnh", 1991, "HTTNV"]])
    with school.session() as s:
        preview = read_file(s, path, kind="ratings", unit="tieu hoc binh")
        assert preview.unit is not None and preview.unit.name == "Trường Tiểu học Bình Lư"
        both = read_file(s, path, kind="ratings", unit="binh lu")
        said = next(p.message for p in both.errors if p.code == "unit_unknown")
        with pytest.raises(Exception) as err:
            find_unit(s, "binh lu")
        assert said == str(err.value) and "ứng với nhiều đơn vị" in said
        person = add_person(s, PersonData(full_name="Lò Văn Mới", unit_id=find_unit(s, "tieu hoc binh").id))
        assert person.unit_id == preview.unit.id
