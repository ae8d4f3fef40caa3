"""The four templates of a provincial TĐKT system, filled as units fill them (province_books):
rows, subjects, awards, genders, courtesy titles and ranks, units come out right; the visible
text wins over the hidden VLOOKUP results; codes are read through the workbook's own
catalogue; the instruction and catalogue sheets are skipped and the preview says so."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from app.imports import commit_import, read_file
from db.models import Nominee, Submission
from tests.app.excel import province_books as pb


def _read(db, path, **options):
    with db.session() as s:
        return read_file(s, path, unit="XA_BAN_BO", year=2025, **options)


def _seen(preview) -> list[tuple]:
    return [(r.row, r.subject, r.name, r.courtesy or None, r.rank or None, r.gender,
             r.award.name if r.award else None, r.unit_text or None) for r in preview.rows]


@pytest.mark.parametrize(("build", "expected", "skipped"), [
    (pb.mautdkt, pb.EXPECT_MAUTDKT, ["Hướng dẫn"]),
    (pb.canhan, pb.EXPECT_CANHAN, ["DANHMUC"]),
    (pb.tapthe, pb.EXPECT_TAPTHE, ["DANHMUC"]),
    (pb.nhandulieu, pb.EXPECT_NHANDULIEU, ["DANHMUC"]),
], ids=["MauTDKT", "CANHAN", "TAPTHE", "NHANDULIEU"])
def test_each_template_filled_as_units_fill_it_reads_right(office, tmp_path, build, expected, skipped):
    preview = _read(office, build(tmp_path / "filled.xlsx"))
    assert not preview.errors, [p.message for p in preview.errors]
    assert _seen(preview) == expected
    said = [p for p in preview.problems if p.code == "sheet_not_list"]
    assert [p.sheet for p in said] == skipped  # the instruction sheet's examples are no nominees
    assert all(p.severity == "warning" for p in said)
    # The hidden lookup sheets are no lists either: nothing is said of them, nothing read from them.
    assert {r.sheet for r in preview.rows} == {preview.tables[0].name}


def test_the_instruction_sheet_says_what_it_is_and_the_catalogue_what_it_is_for(office, tmp_path):
    mau = _read(office, pb.mautdkt(tmp_path / "m.xlsx"))
    (guide,) = [p for p in mau.problems if p.code == "sheet_not_list"]
    assert "hướng dẫn" in guide.message and "ví dụ" in guide.message
    can = _read(office, pb.canhan(tmp_path / "c.xlsx"))
    (catalogue,) = [p for p in can.problems if p.code == "sheet_not_list"]
    assert "danh mục mã" in catalogue.message and "DANHMUC" in catalogue.message


def test_visible_text_wins_over_a_stale_hidden_code(office, tmp_path):
    # The unit changed G after the last recalculation (or typed over a pasted block): the hidden
    # S column still caches the code of the old choice. The clerk sees G.
    rows = [[1, "Ông", "Sùng A Chớ", "Trưởng thôn", "Thôn Nà Bỏ", "Khen thưởng cá nhân", "Lao động tiên tiến",
             pb.WORKER, "Quản lý Nhà nước", pb.Cached("CANHAN"), pb.Cached("1647933380"), pb.Cached(1660638976),
             pb.Cached("0013")]]
    path = pb.fill("MauTDKT.xlsx", tmp_path / "stale.xlsx", pb.rows_to_cells(2, "ABCDEFGHIRSTU", rows))
    preview = _read(office, path)
    assert [r.award.name for r in preview.rows] == ["Lao động tiên tiến"]
    assert not preview.errors
    # the mapping shows the hidden code column as not read
    columns = {letter: fld for _, letter, _, fld in preview.tables[0].columns()}
    assert columns["G"] == "award" and columns["S"] is None and columns["R"] is None


def test_a_code_means_what_the_workbooks_own_catalogue_says(office, tmp_path):
    # This workbook's DANHMUC gives code 1650360499 to "Giấy khen"; CANHAN rows use it in J.
    # A code absent from the workbook's catalogue but known to the province's system still reads;
    # a code neither knows is an award_unknown naming its cell; a problem with an award read from
    # the second code column (K) names K.
    rows = [[1, "Lò Văn Một", "Nam", 1980, "Cán bộ", None, "UBND xã Bản Bo", None, None, 1650360499, None],
            [2, "Lò Văn Hai", "Nam", 1981, "Cán bộ", None, "UBND xã Bản Bo", None, None, 1671246455, None],
            [3, "Lò Văn Ba", "Nam", 1982, "Cán bộ", None, "UBND xã Bản Bo", None, None, 1234567890, None],
            [4, "Lò Văn Bốn", "Nam", 1983, "Cán bộ", None, "UBND xã Bản Bo", None, None, None, "1647933151"]]
    path = pb.fill("CANHAN.xlsx", tmp_path / "codes.xlsx", pb.rows_to_cells(4, "ABCDEFGHIJK", rows))
    preview = _read(office, path)
    assert [(r.name, r.award.name) for r in preview.rows] == [
        ("Lò Văn Một", "Giấy khen"), ("Lò Văn Hai", "Huân chương Lao động hạng Ba"),
        ("Lò Văn Bốn", "Tập thể lao động xuất sắc")]
    assert [(p.code, p.where) for p in preview.errors] == [("award_unknown", "DANHSACH!J6"),
                                                           ("award_subject_mismatch", "DANHSACH!K7")]
    assert "1234567890" in preview.errors[0].message


def test_the_workbook_catalogue_overrides_the_systems_codes(office, tmp_path):
    # Another province's system numbers differently: its DANHMUC gives 1647933042 (our table's
    # Lao động tiên tiến) to a Giấy khen. The workbook's own word counts.
    path = pb.fill("CANHAN.xlsx", tmp_path / "own.xlsx", {"B4": "Lò Văn Một", "C4": "Nam", "G4": "UBND xã Bản Bo",
                                                          "J4": 1647933042})
    path = pb.fill_more(path, tmp_path / "own2.xlsx", {"G6": "Giấy khen"}, sheet="DANHMUC")
    preview = _read(office, path)
    assert [r.award.name for r in preview.rows] == ["Giấy khen"]


def test_a_collectives_list_headed_ten_don_vi_is_a_table_and_beside_ho_va_ten_it_is_the_unit(office, tmp_path):
    from tests.app.excel.books import xlsx

    only = xlsx(tmp_path / "tt.xlsx", [["DANH SÁCH TẬP THỂ ĐỀ NGHỊ TẶNG GIẤY KHEN NĂM 2025"],
                                       ["STT", "Tên đơn vị", "Thành tích"], [1, "Trường Mầm non Bản Bo", "Tốt"],
                                       [2, "Trạm Y tế xã Bản Bo", "Tốt"]])
    preview = _read(office, only)
    assert [(r.subject, r.name) for r in preview.rows] == [("collective", "Trường Mầm non Bản Bo"),
                                                         ("collective", "Trạm Y tế xã Bản Bo")]
    both = xlsx(tmp_path / "cn.xlsx", [["DANH SÁCH ĐỀ NGHỊ TẶNG GIẤY KHEN NĂM 2025"],
                                       ["STT", "Họ và tên", "Tên đơn vị", "Năm sinh"],
                                       [1, "Trương Văn Nam", "Trường Mầm non Bản Bo", 1980]])
    preview = _read(office, both)
    assert [(r.subject, r.name, r.unit_text) for r in preview.rows] == [
        ("individual", "Trương Văn Nam", "Trường Mầm non Bản Bo")]


def test_committed_rows_keep_the_rank_apart_from_the_name(office, tmp_path):
    preview = _read(office, pb.mautdkt(tmp_path / "m.xlsx"))
    result = commit_import(office, preview)
    assert result.committed
    with office.session() as s:
        stored = {n.name: n.rank for n in s.scalars(select(Nominee))}
    assert stored["Vừ A Lềnh"] == "Thiếu úy" and stored["Sùng A Chớ"] == ""
    assert "Thượng tá Lò Văn Pâng" not in stored and "Thượng tá" in stored.values()


def test_the_command_line_reads_a_filled_template_and_says_what_it_skipped(office, tmp_path):
    path = pb.nhandulieu(tmp_path / "nhan.xlsx")
    office.dispose()
    run = subprocess.run([sys.executable, "-m", "app", "import", str(path), "--db", str(office.path), "--unit",
                          "XA_BAN_BO", "--year", "2025", "--dry-run", "--json"], capture_output=True, text=True,
                         encoding="utf-8", timeout=300)
    assert run.returncode == 0, run.stderr
    obj = json.loads(run.stdout)
    assert (obj["individuals"], obj["collectives"], obj["households"]) == (2, 1, 2)
    assert {p["code"] for p in obj["problems"] if p["severity"] == "warning"} >= {"sheet_not_list"}
    assert [r["courtesy"] for r in obj["rows"]] == [None, None, None, "Bà", None]
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(Submission)) == 0  # a dry run


def test_a_list_on_a_sheet_named_like_a_catalogue_is_still_read(office, tmp_path):
    from tests.app.excel.books import xlsx

    path = xlsx(tmp_path / "dm.xlsx", [["DANH SÁCH ĐỀ NGHỊ TẶNG GIẤY KHEN NĂM 2025"], ["STT", "Họ và tên", "Năm sinh"],
                                       [1, "Lò Văn Sáng", 1985]], sheet="Danh mục đề nghị")
    preview = _read(office, path)
    assert [r.name for r in preview.rows] == ["Lò Văn Sáng"]
    assert "sheet_not_list" not in [p.code for p in preview.problems]
