"""`tdkt import`, `tdkt template`, `tdkt export` run as a user runs them (a subprocess), with the
JSON fields and exit codes issue 3 fixes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from tests.app.excel.books import nasty_list, xlsx

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"  # copies of ../shared/samples
FIELDS = {"file", "kind", "unit", "year", "award", "rows_read", "individuals", "collectives", "committed",
          "rows", "problems"}
ROW_FIELDS = {"row", "subject", "name", "courtesy", "rank", "gender", "birth_year", "ethnicity", "position", "unit",
              "award"}
PROBLEM_FIELDS = {"severity", "code", "sheet", "cell", "row", "message"}


def tdkt(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", timeout=300)


def objects(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def _matches(obj: dict, expect: dict) -> None:
    assert obj["kind"] == expect["kind"]
    assert obj["individuals"] == expect["individuals"] and obj["collectives"] == expect["collectives"]
    assert sum(1 for p in obj["problems"] if p["severity"] == "error") == expect["errors"]
    assert obj["award"] == expect["award"] and obj["year"] == expect["year"]
    if "unit_hint" in expect:
        assert expect["unit_hint"] in obj["unit"]
    if "females" in expect:
        assert sum(1 for r in obj["rows"] if r["gender"] == "Nữ") == expect["females"]


def test_the_samples_meet_their_expectations(demo_path, tmp_path):
    files = sorted(SAMPLES.glob("*.xlsx"))
    dry = tdkt("import", *files, "--db", demo_path, "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    found = objects(dry)
    assert len(found) == len(files)
    for path, obj in zip(files, found, strict=True):
        expect = json.loads(path.with_name(path.name + ".expect.json").read_text(encoding="utf-8"))
        assert FIELDS <= set(obj)
        assert all(ROW_FIELDS == set(r) for r in obj["rows"])
        assert all(PROBLEM_FIELDS <= set(p) for p in obj["problems"])
        _matches(obj, expect)
        assert obj["committed"] is False  # a dry run writes nothing
    real = tdkt("import", *files, "--db", demo_path, "--json")
    assert real.returncode == 0, real.stderr
    for path, obj in zip(files, objects(real), strict=True):
        expect = json.loads(path.with_name(path.name + ".expect.json").read_text(encoding="utf-8"))
        _matches(obj, expect)
        assert obj["committed"] is True
    assert list((demo_path.parent / "backups").glob("*-import.zip"))  # backed up before writing
    again = tdkt("import", files[0], "--db", demo_path)
    assert again.returncode == 0
    assert "đã nhập trước đây" in again.stdout


def test_text_output_in_vietnamese(demo_path):
    result = tdkt("import", SAMPLES / "lao-dong-tien-tien-xa-khun-ha.xlsx", "--db", demo_path, "--dry-run")
    assert result.returncode == 0
    assert "Lao động tiên tiến" in result.stdout and "4 cá nhân" in result.stdout
    assert "Chạy thử" in result.stdout


def test_a_file_with_errors_exits_1_and_writes_nothing(demo_path, tmp_path):
    rows = [["UBND XÃ BẢN BO"], ["DANH SÁCH ĐỀ NGHỊ TẶNG GIẤY KHEN NĂM 2025"],
            ["STT", "Họ và tên", "Năm sinh", "Hình thức đề nghị"],
            [1, "Lò Văn A", "31/02/1980", None], [2, None, 1980, "GK"]]
    bad = xlsx(tmp_path / "loi.xlsx", rows)
    before = demo_path.stat().st_size
    result = tdkt("import", bad, "--db", demo_path, "--json")
    assert result.returncode == 1
    obj = objects(result)[0]
    assert obj["committed"] is False
    cells = {(p["code"], p["sheet"], p["cell"], p["row"]) for p in obj["problems"]}
    assert ("date_invalid", "Danh sach", "C4", 4) in cells
    assert ("name_missing", "Danh sach", "B5", 5) in cells
    text = tdkt("import", bad, "--db", demo_path)
    assert "[lỗi] Danh sach!C4" in text.stdout and "Không nhập" in text.stdout
    assert demo_path.stat().st_size == before


def test_unreadable_files_exit_2_with_one_clear_line(demo_path, tmp_path):
    for name, data in [("rong.xlsx", b""), ("ghi-chu.xls", "không phải bảng tính".encode()),
                       ("trang.xlsx", b"<html><table></table></html>")]:
        path = tmp_path / name
        path.write_bytes(data)
        result = tdkt("import", path, "--db", demo_path, "--json")
        assert result.returncode == 2, name
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        obj = objects(result)[0]
        assert obj["problems"][0]["code"] == "file_unreadable" and not obj["committed"]
    encrypted = Path(__file__).resolve().parent.parent / "data" / "mat-khau.xlsx"
    result = tdkt("import", encrypted, "--db", demo_path)
    assert result.returncode == 2 and "mật khẩu" in result.stderr


def test_a_workbook_without_a_table_exits_2(demo_path, tmp_path):
    path = xlsx(tmp_path / "ghichu.xlsx", [["Kính gửi: Phòng Nội vụ"], ["Nội dung công văn"], ["Trân trọng."]])
    result = tdkt("import", path, "--db", demo_path)
    assert result.returncode == 2 and "không có bảng" in result.stderr


def test_options_override_and_a_missing_option_is_asked_for(demo_path, tmp_path):
    rows = [["STT", "Họ và tên", "Năm sinh"], [1, "Lò Văn Mới", 1980]]
    path = xlsx(tmp_path / "tron.xlsx", rows)
    missing = tdkt("import", path, "--db", demo_path, "--dry-run", "--json")
    assert missing.returncode == 1
    codes = {p["code"] for p in objects(missing)[0]["problems"]}
    assert {"unit_unknown", "year_missing", "award_missing"} <= codes
    given = tdkt("import", path, "--db", demo_path, "--dry-run", "--json", "--unit", "xa ban bo",
                 "--year", "2025", "--award", "LĐTT")
    assert given.returncode == 0, given.stdout
    obj = objects(given)[0]
    assert obj["award"] == "Lao động tiên tiến" and "Bản Bo" in obj["unit"]


def test_template_for_one_unit_and_for_all(demo_path, tmp_path):
    one = tdkt("template", "registration", "--year", "2026", "--unit", "Bản Bo", "--db", demo_path,
               "-o", tmp_path / "mot")
    assert one.returncode == 0, one.stderr
    made = list((tmp_path / "mot").glob("*.xlsx"))
    assert [p.name for p in made] == ["DangKyThiDua_2026_UbndXaBanBo.xlsx"]
    book = load_workbook(made[0])
    assert book["_meta"].sheet_state == "veryHidden"
    every = tdkt("template", "award_proposal", "--year", "2025", "--all", "--db", demo_path, "-o", tmp_path / "all")
    assert every.returncode == 0, every.stderr
    names = [p.name for p in (tmp_path / "all").glob("*.xlsx")]
    assert len(names) > 20 and all(n.isascii() for n in names)
    bloc = tdkt("template", "bloc_scores", "--year", "2025", "--unit", "Bản Bo", "--db", demo_path,
                "-o", tmp_path / "cham.xlsx")
    assert bloc.returncode == 0, bloc.stderr
    assert (tmp_path / "cham.xlsx").exists()


def test_template_finds_the_unit_as_person_add_does_and_all_needs_a_folder(demo_path, tmp_path):
    one = tdkt("template", "registration", "--year", "2026", "--unit", "ban bo", "--db", demo_path,
               "-o", tmp_path / "mau.xlsx")
    assert one.returncode == 0, one.stderr
    assert one.stdout.splitlines()[-1] == f"Đã lập biểu mẫu {tmp_path / 'mau.xlsx'}."
    every = tdkt("template", "registration", "--year", "2026", "--all", "--db", demo_path, "-o", tmp_path / "x.xlsx")
    assert every.returncode == 1 and "-o phải là một thư mục" in every.stderr + every.stdout
    assert not (tmp_path / "x.xlsx").exists()


def test_export_and_import_back_gives_the_same_rows(demo_path, tmp_path):
    sample = tmp_path / "ds.xlsx"
    shutil.copy(SAMPLES / "de-nghi-giay-khen-xa-ban-hon.xlsx", sample)
    fresh = tmp_path / "fresh.db"  # the office before the list came: its rows are new there
    shutil.copy(demo_path, fresh)
    first = objects(tdkt("import", sample, "--db", demo_path, "--json"))[0]
    assert first["committed"]
    out = tmp_path / "xuat.xlsx"
    exported = tdkt("export", "nominees", "--year", "2025", "--unit", "XA_BAN_HON", "--db", demo_path, "-o", out)
    assert exported.returncode == 0, exported.stderr
    again = objects(tdkt("import", out, "--db", demo_path, "--json"))[0]  # every row already held
    assert not again["committed"] and again["nothing_new"] and again["rows"] == []
    assert again["rows_known"] >= len(first["rows"])
    back = tdkt("import", out, "--db", fresh, "--dry-run", "--json")
    obj = objects(back)[0]
    assert obj["kind"] == "award_proposal" and "Bản Hon" in obj["unit"] and obj["year"] == 2025
    ours = [r for r in obj["rows"] if r["name"] in {x["name"] for x in first["rows"]}]
    key = ("subject", "name", "gender", "birth_year", "ethnicity", "award")
    assert sorted(tuple(r[k] for k in key) for r in first["rows"]) == sorted(tuple(r[k] for k in key) for r in ours)


def test_export_the_ledger(demo_path, tmp_path):
    result = tdkt("export", "ledger", "--year", "2024", "--db", demo_path, "-o", tmp_path / "so.xlsx")
    assert result.returncode == 0, result.stderr
    ws = load_workbook(tmp_path / "so.xlsx")["Danh sách"]
    headers = [c.value for c in next(r for r in ws.iter_rows() if r[0].value == "STT")]
    assert "Danh hiệu thi đua" in headers and "Hình thức khen thưởng" in headers
    bad = tdkt("export", "khong-co", "--year", "2024", "--db", demo_path, "-o", tmp_path / "x.xlsx")
    assert bad.returncode == 1 and "Không có bảng" in bad.stderr


def test_nasty_list_over_the_command_line(demo_path, tmp_path):
    rows, merges = nasty_list()
    path = xlsx(tmp_path / "nasty.xlsx", rows, merges)
    obj = objects(tdkt("import", path, "--db", demo_path, "--dry-run", "--json"))[0]
    assert (obj["individuals"], obj["collectives"], obj["award"], obj["year"]) == (7, 1, "Giấy khen", 2025)
    assert obj["rows"][0]["name"] == "Nguyễn Văn Đức"
    assert obj["rows"][0]["birth_year"] == 1984 and obj["rows"][0]["gender"] == "Nam"
