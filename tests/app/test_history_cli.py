"""`tdkt import --kind ledger` and `tdkt history`, run as a user runs them (a subprocess): the
JSON fields and exit codes of the import contract, the history of anyone, and an exported
ledger that imports back as nothing new."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from app.text import fold
from db.models import OfficeProfile, Unit
from tests.app.excel import history_books as books

FIELDS = {"file", "kind", "unit", "year", "award", "rows_read", "individuals", "collectives", "committed",
          "rows", "problems", "years", "rows_new", "rows_known", "rows_duplicate", "decisions_new"}
ROW_FIELDS = {"row", "subject", "name", "gender", "birth_year", "ethnicity", "position", "unit", "award",
              "year", "decision"}


def tdkt(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", timeout=300)


def objects(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


@pytest.fixture
def office_path(db):
    with db.session() as s:
        s.add(OfficeProfile(id=1, office_name="Phòng Nội vụ", authority_name="Ủy ban nhân dân huyện Tam Đường", level="huyen",
                            superior_name="UBND tỉnh Lai Châu", place_name="Tam Đường"))
        for code, name in [("XA_BAN_BO", "UBND xã Bản Bo"), ("XA_KHUN_HA", "UBND xã Khun Há"),
                           ("TYT_BAN_BO", "Trạm Y tế xã Bản Bo")]:
            s.add(Unit(code=code, name=name, kind="xa", search_key=fold(name)))
    path = db.path
    db.dispose()
    return path


def test_import_a_book_then_again(office_path, tmp_path):
    sheets, expected = books.yearly_sheets()
    path = books.write(tmp_path / "so-khen-thuong.xls", sheets)
    dry = tdkt("import", path, "--kind", "ledger", "--db", office_path, "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    obj = objects(dry)[0]
    assert FIELDS <= set(obj) and obj["kind"] == "ledger" and obj["committed"] is False
    assert all(ROW_FIELDS <= set(r) for r in obj["rows"])
    assert [(r["name"], r["year"], r["decision"]) for r in obj["rows"]] == [(e[0], e[2], e[4]) for e in expected]
    assert obj["year"] is None and obj["years"] == [2022, 2023, 2024] and obj["rows_new"] == 10
    assert json.loads(tdkt("history", "lo van pao", "--db", office_path, "--json").stdout) == []
    real = objects(tdkt("import", path, "--db", office_path, "--json"))[0]  # the kind found by itself
    assert real["kind"] == "ledger" and real["committed"] is True
    again = tdkt("import", path, "--kind", "ledger", "--db", office_path, "--json")
    assert again.returncode == 0
    obj = objects(again)[0]
    assert obj["committed"] is False and obj["already_imported"] is True and obj["rows_known"] == 10
    text = tdkt("import", path, "--kind", "ledger", "--db", office_path, "--dry-run")
    assert "10 đã có trong sổ" in text.stdout and "đã nhập trước đây" in text.stdout


def test_errors_exit_1_and_broken_files_exit_2(office_path, tmp_path):
    sheets, _ = books.year_column()
    sheets[0][1][5][1] = "năm ngoái"  # a year that is no year
    bad = tdkt("import", books.write(tmp_path / "bad.xlsx", sheets), "--kind", "ledger", "--db", office_path,
               "--json")
    assert bad.returncode == 1
    obj = objects(bad)[0]
    assert obj["committed"] is False
    assert [(p["code"], p["cell"]) for p in obj["problems"] if p["severity"] == "error"] == [("year_invalid", "B6")]
    broken = tmp_path / "hong.xls"
    broken.write_bytes(b"\xd0\xcf\x11\xe0 not really a workbook")
    result = tdkt("import", broken, "--kind", "ledger", "--db", office_path, "--json")
    assert result.returncode == 2 and objects(result)[0]["problems"][0]["code"] == "file_unreadable"


def test_history_of_a_person_and_of_a_collective(office_path, tmp_path):
    for name, make in (("a.xlsx", books.yearly_sheets), ("b.ods", books.year_column)):
        sheets, _ = make()
        assert tdkt("import", books.write(tmp_path / name, sheets), "--kind", "ledger",
                    "--db", office_path).returncode == 0
    found = json.loads(tdkt("history", "LO VAN PAO", "--db", office_path, "--json").stdout)
    assert [(r["name"], r["birth_year"], r["unit"]) for r in found] == [("Lò Văn Páo", 1980, "UBND xã Bản Bo")]
    awards = found[0]["awards"]
    assert [(a["year"], a["award"], a["kind"], a["decision"]) for a in awards] == [
        (2021, "Giấy khen", "sudden", "401/QĐ-UBND"),
        (2022, "Chiến sĩ thi đua cơ sở", "regular", "102/QĐ-UBND"),
        (2023, "Chiến sĩ thi đua cơ sở", "regular", "95/QĐ-UBND"),
        (2024, "Chiến sĩ thi đua cơ sở", "regular", "12/QĐ-UBND"),
        (2024, "Bằng khen của Chủ tịch UBND tỉnh", "regular", "1234/QĐ-UBND")]
    assert awards[1]["decision_date"] == "2022-12-20" and awards[1]["authority"] == "UBND huyện Tam Đường"
    assert awards[4]["authority"] == "UBND tỉnh Lai Châu" and awards[0]["source_file"] == "b.ods"
    assert json.loads(tdkt("history", "lo van pao", "--birth-year", "1981", "--db", office_path,
                           "--json").stdout) == []
    assert json.loads(tdkt("history", "lo van pao", "--unit", "Xã Khun Há", "--db", office_path,
                           "--json").stdout) == []
    health = json.loads(tdkt("history", "tram y te", "--db", office_path, "--json").stdout)
    assert [(r["name"], r["subject"], [a["year"] for a in r["awards"]]) for r in health] == [
        ("Trạm Y tế xã Bản Bo", "collective", [2023])]
    household = json.loads(tdkt("history", "vang a su", "--db", office_path, "--json").stdout)
    assert household[0]["subject"] == "household" and household[0]["awards"][0]["award"] == "Gia đình văn hóa"
    text = tdkt("history", "nguyen thi mai", "--db", office_path)
    assert "Nguyễn Thị Mai (sinh năm 1990, UBND xã Bản Bo): 4 khen thưởng" in text.stdout
    unknown = tdkt("history", "lo van pao", "--unit", "Xã Không Có", "--db", office_path)
    assert unknown.returncode == 1 and "Không có đơn vị" in unknown.stderr


def test_an_exported_ledger_imports_back_unchanged(demo_path, tmp_path):
    out = tmp_path / "so-2024.xlsx"
    assert tdkt("export", "ledger", "--year", "2024", "--db", demo_path, "-o", out).returncode == 0
    result = tdkt("import", out, "--kind", "ledger", "--db", demo_path, "--json")
    assert result.returncode == 0, result.stderr
    obj = objects(result)[0]
    assert obj["committed"] is False and obj["rows_new"] == 0 and obj["rows_known"] == obj["rows_read"] > 1000
    assert obj["year"] == 2024
