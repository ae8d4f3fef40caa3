"""Lists from real offices that the importer misread (issue 19): the surname Trương, spaces-only
cells under the split Nam / Nữ birth columns, an irregular numbering row, a form's placeholder
as the unit, `Nghề nghiệp` beside `Chức vụ`, rows read that all failed, and lists that are not
award lists at all (a staff list, a labour survey): one message, exit code 1, nothing stored."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from app.imports import read_file
from db.models import Dossier, Nominee, Person, Submission
from tests.app.excel.books import xlsx

TITLE = [["UBND XÃ BẢN BO", None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
         ["DANH SÁCH ĐỀ NGHỊ TẶNG GIẤY KHEN NĂM 2025"]]


def _read(db, path, **options):
    with db.session() as s:
        return read_file(s, path, **options)


def _stored(db) -> tuple:
    with db.session() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in (Submission, Dossier, Nominee, Person))


def test_truong_is_a_surname_under_ho_va_ten(office, tmp_path):
    path = xlsx(tmp_path / "ds.xlsx", [*TITLE, ["STT", "Họ và tên", "Chức vụ"],
                                       [1, "Trương Văn Nam", "Công chức"], [2, "TRƯƠNG THỊ HOA", "Công chức"],
                                       [3, "Trường Tiểu học Bản Bo", None], [4, "Tô Văn Lâm", None],
                                       [5, "Tổ dân phố số 2", None], [6, "Bàn Văn Mẩy", None]])
    preview = _read(office, path)
    assert [(r.name, r.subject) for r in preview.rows] == [
        ("Trương Văn Nam", "individual"), ("Trương Thị Hoa", "individual"),
        ("Trường Tiểu học Bản Bo", "collective"), ("Tô Văn Lâm", "individual"),
        ("Tổ dân phố số 2", "collective"), ("Bàn Văn Mẩy", "individual")]
    assert not preview.errors


def test_a_name_without_accents_read_as_a_collective_says_it_was_a_guess(office, tmp_path):
    path = xlsx(tmp_path / "ds.xlsx", [*TITLE, ["STT", "Họ và tên", "Chức vụ"],
                                       [1, "Truong Van Nam", "Cong chuc"], [2, "Truong THCS Ban Bo", None]])
    preview = _read(office, path)
    assert [(r.name, r.subject) for r in preview.rows] == [("Truong Van Nam", "individual"),
                                                         ("Truong THCS Ban Bo", "collective")]
    (guess,) = [p for p in preview.problems if p.code == "subject_guessed"]
    assert guess.where == "Danh sach!B5" and guess.severity == "warning"


def test_a_cell_of_spaces_under_nam_changes_nothing(office, tmp_path):
    rows = [*TITLE, ["STT", "Họ và tên", "Năm sinh", None, "Dân tộc"], [None, None, "Nam", "Nữ", None],
            [1, "Lò Thị Én", " ", 1990, "Thái"], [2, "Lò Văn Sáng", 1985, "\u00a0\u00a0", "Thái"],
            [3, "Tẩn Thị Mẩy", "  \u200b", "12/03/1992", "Dao"]]
    preview = _read(office, xlsx(tmp_path / "ds.xlsx", rows, ("C3:D3",)))
    assert [(r.name, r.gender, r.birth_year) for r in preview.rows] == [
        ("Lò Thị Én", "Nữ", 1990), ("Lò Văn Sáng", "Nam", 1985), ("Tẩn Thị Mẩy", "Nữ", 1992)]
    assert not [p for p in preview.problems if p.code in ("gender_conflict", "date_invalid")]


def test_an_irregular_numbering_row_is_no_person(office, tmp_path):
    header = ["STT", "Họ và tên", "Năm sinh", "Chức vụ", "Đơn vị công tác", "Ghi chú"]
    numbering = [1, 1, 2, 3, 4, 4]
    preview = _read(office, xlsx(tmp_path / "ds.xlsx", [*TITLE, header, numbering,
                                                        [1, "Lò Văn Sáng", 1985, "Công chức", "UBND xã", None]]))
    assert [r.name for r in preview.rows] == ["Lò Văn Sáng"]
    assert not preview.errors


def test_a_forms_placeholder_is_not_the_sending_unit(office, tmp_path):
    rows = [["UBND HUYỆN TAM ĐƯỜNG"], ["UBND Xã, phường, thị trấn……"], ["DANH SÁCH ĐỀ NGHỊ TẶNG GIẤY KHEN NĂM 2025"],
            ["STT", "Họ và tên", "Năm sinh"], [1, "Lò Văn Sáng", 1985]]
    preview = _read(office, xlsx(tmp_path / "ds.xlsx", rows))
    assert all("phường" not in t and "…" not in t for t in [preview.unit_hint, preview.unit_name])
    assert preview.unit is None


def test_chuc_vu_wins_over_nghe_nghiep_and_nghe_nghiep_serves_alone(office, tmp_path):
    both = xlsx(tmp_path / "a.xlsx", [*TITLE, ["STT", "Họ và tên", "Nghề nghiệp", "Chức vụ"],
                                      [1, "Lò Văn Sáng", "Nông dân", "Trưởng bản"]])
    assert [r.position for r in _read(office, both, unit="XA_BAN_BO").rows] == ["Trưởng bản"]
    alone = xlsx(tmp_path / "b.xlsx", [*TITLE, ["STT", "Họ và tên", "Nghề nghiệp", "Địa chỉ"],
                                       [1, "Lò Văn Sáng", "Nông dân", "Bản Nà Bỏ"]])
    (row,) = _read(office, alone, unit="XA_BAN_BO").rows
    assert (row.position, row.unit_text) == ("Nông dân", "Bản Nà Bỏ")


def test_rows_read_that_all_failed_are_not_called_no_rows(office, tmp_path):
    path = xlsx(tmp_path / "ds.xlsx", [*TITLE, ["STT", "Họ và tên", "Hình thức đề nghị"],
                                       [1, "Lò Văn Sáng", "Huy hiệu vàng"], [2, "Lò Văn Một", "Kỷ niệm chương"]])
    preview = _read(office, path)
    codes = [p.code for p in preview.errors]
    assert codes == ["award_unknown", "award_unknown"] and "no_rows" not in codes
    assert preview.rows_read == 2


STAFF = [["UBND XÃ BẢN BO"], ["DANH SÁCH TRÍCH NGANG CÁN BỘ, CÔNG CHỨC XÃ NĂM 2025"],
         ["STT", "Họ và tên", "Ngày sinh", "Chức vụ", "Trình độ chuyên môn", "Lý luận chính trị", "Hệ số lương",
          "Ngày vào Đảng"],
         *[[i, f"Lò Văn {name}", f"0{i}/03/198{i}", "Công chức", "Đại học", "Trung cấp", 2.34, f"1{i}/05/2010"]
           for i, name in enumerate(["An", "Bình", "Chung", "Dũng", "Giang"], start=1)]]
SURVEY = [["PHIẾU THU THẬP THÔNG TIN VỀ CUNG LAO ĐỘNG"],
          ["STT", "Họ và tên", "Quan hệ với chủ hộ", "Năm sinh", "Số CCCD", "Tình trạng việc làm", "Nơi làm việc"],
          *[[i, f"Sùng A {name}", "Con", 1990 + i, f"01109000{i}", "Có việc làm", "Bản Bo"]
            for i, name in enumerate(["Páo", "Chớ", "Dế"], start=1)]]


@pytest.mark.parametrize(("rows", "looks"), [(STAFF, "cán bộ, công chức"), (SURVEY, "điều tra lao động")],
                         ids=["staff", "survey"])
def test_a_list_that_is_not_an_award_list_says_what_it_looks_like(office, tmp_path, rows, looks):
    preview = _read(office, xlsx(tmp_path / "ds.xlsx", rows))
    assert [p.code for p in preview.errors] == ["not_award_list"]
    assert [p.code for p in preview.problems] == ["not_award_list"]  # one message, nothing else
    (only,) = preview.problems
    assert looks in only.message and "ds.xlsx" in only.message
    assert preview.rows == [] and preview.rows_read == len(rows) - (3 if rows is STAFF else 2)


def test_the_command_line_stops_a_staff_list_with_exit_code_1_and_stores_nothing(office, tmp_path):
    path = xlsx(tmp_path / "ds.xlsx", STAFF)
    before = _stored(office)
    office.dispose()
    run = subprocess.run([sys.executable, "-m", "app", "import", str(path), "--db", str(office.path), "--json"],
                         capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert run.returncode == 1, run.stderr
    obj = json.loads(run.stdout)
    assert [p["code"] for p in obj["problems"]] == ["not_award_list"] and obj["committed"] is False
    assert "cán bộ, công chức" in obj["problems"][0]["message"]
    assert _stored(office) == before


def test_a_staff_list_the_clerk_gives_an_award_to_is_read(office, tmp_path):
    # (a unit's staff list sent for LĐTT: the clerk says what it is, and it reads)
    preview = _read(office, xlsx(tmp_path / "ds.xlsx", STAFF), award="LĐTT", unit="XA_BAN_BO")
    assert "not_award_list" not in [p.code for p in preview.problems]
    assert len(preview.rows) == 5 and not preview.errors


def test_the_command_line_says_the_refusal_first_and_no_award_list_summary(office, tmp_path):
    path = xlsx(tmp_path / "ds.xlsx", STAFF)
    office.dispose()
    run = subprocess.run([sys.executable, "-m", "app", "import", str(path), "--db", str(office.path), "--dry-run"],
                         capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert run.returncode == 1, run.stderr
    first = run.stdout.splitlines()[0]
    assert first.startswith("ds.xlsx: Tệp ds.xlsx không phải danh sách đề nghị khen thưởng")
    assert "Danh sách đề nghị khen thưởng," not in run.stdout and "0 cá nhân" not in run.stdout
    # what to do, in the window's words first (the CLI option after)
    assert "«Danh hiệu cho cả danh sách» (dòng lệnh: --award)" in first


def test_a_long_title_is_quoted_whole_words_only():
    from app.excel.list_kind import quoted

    title = "BẢNG TỔNG HỢP KẾT QUẢ ĐIỀU TRA, RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025 Thôn Nà Bó, xã Bản Bo"
    cut = quoted(title, 80)
    assert cut.endswith("…") and len(cut) <= 81
    assert title.startswith(cut[:-1]) and title[len(cut) - 1] == " "  # cut where a word ends
    assert quoted("Ngắn", 80) == "Ngắn"
