"""Issue 18, «Values»: a birth year outside 1900–this year is refused with its cell (2999 was
stored as 1908); invisible direction marks are removed from names on the way in, with a
warning; a year no calendar holds, and Ctrl-D at a password prompt, end in one plain line."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
from pathlib import Path

from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hostile_kit import HEAD, assert_clean, run_in_terminal, run_tdkt, turn_accounts_on  # noqa: E402

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "samples" / "lao-dong-tien-tien-xa-khun-ha.xlsx"


def _list(tmp_path: Path, name: str, **cells) -> Path:
    book = load_workbook(SAMPLE)
    for ref, value in cells.items():
        book.active[ref] = value
    path = tmp_path / name
    book.save(path)
    return path


def _problems(result) -> list[dict]:
    return [p for line in result.stdout.splitlines() if line.strip() for p in json.loads(line)["problems"]]


def test_a_birth_year_outside_1900_to_this_year_is_refused_with_its_cell(office, tmp_path):
    book = _list(tmp_path, "nam-sinh.xlsx", C7=2999, D8=1850)
    result = run_tdkt("import", book, "--json", "--db", office)
    assert result.returncode == 1 and "Traceback" not in result.stderr  # the errors are in the JSON
    found = {f'{p["sheet"]}!{p["cell"]}': p for p in _problems(result) if p["code"] == "date_invalid"}
    this_year = dt.date.today().year
    assert set(found) == {"Danh sach!C7", "Danh sach!D8"}, found
    assert f"2999 ngoài khoảng 1900–{this_year}" in found["Danh sach!C7"]["message"]
    shown = run_tdkt("import", book, "--db", office)  # the clerk's report names the cell
    assert shown.returncode == 1 and "Traceback" not in shown.stderr
    assert "Danh sach!C7: Ngày sinh không hợp lệ: năm sinh 2999 ngoài khoảng" in shown.stdout
    conn = sqlite3.connect(office)
    assert conn.execute("SELECT count(*) FROM people WHERE birth_year IN (1908, 2999, 1850)").fetchone()[0] == 0
    conn.close()


def test_direction_marks_are_removed_from_names_with_a_warning(office, tmp_path):
    book = _list(tmp_path, "dao-chieu.xlsx", B7="Sùng A \u202ePáo", B9="Phạm Văn\u200f Long")
    result = run_tdkt("import", book, "--json", "--db", office)
    assert_clean(result, 0)
    warned = {f'{p["sheet"]}!{p["cell"]}' for p in _problems(result) if p["code"] == "direction_marks"}
    assert warned == {"Danh sach!B7", "Danh sach!B9"}, warned
    conn = sqlite3.connect(office)
    names = [r[0] for r in conn.execute("SELECT name FROM nominees WHERE name LIKE 'Sùng A%' "
                                        "OR name LIKE 'Phạm Văn%'")]
    conn.close()
    assert "Sùng A Páo" in names and "Phạm Văn Long" in names
    assert not any(ch in "".join(names) for ch in "\u202e\u200f")
    out = tmp_path / "de-nghi.xlsx"
    assert_clean(run_tdkt("export", "nominees", "--year", "2025", "-o", out, "--db", office), 0)
    exported = [c for row in load_workbook(out).active.iter_rows(values_only=True) for c in row
                if isinstance(c, str)]
    assert not any("\u202e" in c or "\u200f" in c for c in exported)


def test_a_year_no_calendar_holds_is_a_bad_argument(office, tmp_path):
    for command in (["export", "ledger", "--year", "99999999999999999999", "-o", tmp_path / "x.xlsx"],
                    ["report", "--year", "0"], ["history", "Páo", "--birth-year", "-7"],
                    ["late", "--year", "123456789012"]):
        line = assert_clean(run_tdkt(*command, "--db", office), 2)
        assert "năm" in line, (command, line)


def test_ctrl_d_at_a_password_prompt_ends_in_one_line(office):
    code, out = run_in_terminal("password", "--db", "postgresql://tdkt@127.0.0.1:9/tdkt",
                                keys=b"\x04", after=b"M\xe1\xba\xadt kh\xe1\xba\xa9u")
    assert code == 1 and "Traceback" not in out and "Chưa nhập mật khẩu" in out, out
    turn_accounts_on(office)
    code, out = run_in_terminal("rollover", "--from", "2025", "--apply", "--db", office, "--user", HEAD[0],
                                keys=b"\x04", after=b"M\xe1\xba\xadt kh\xe1\xba\xa9u")
    assert code == 1 and "Traceback" not in out and "Chưa nhập mật khẩu" in out, out
