"""The same year from the command line only, as a clerk scripting it: `tdkt office`, `unit
import`, `bloc add`, `due add`, `template --all`, the units' workbooks imported, `appraise`, one
`council` for two dossiers, one `decision` for them, the vote minutes printed by dossier
number, `report` and `late` — starting from a data file that does not exist yet."""

from __future__ import annotations

import datetime as dt
import json

from openpyxl import Workbook, load_workbook

from app.cli import main
from tests.app.printing.print_pdf import flat, pages_text


def tdkt(capsys, *args) -> str:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert code == 0, (args, err)
    return out


def _fill_first_sheet(path, rows: list[dict]) -> None:
    book = load_workbook(path)
    ws = book.worksheets[0]
    first = next(c.row for c in ws["A"] if c.value == "(1)") + 1
    headers = {ws.cell(row=first - 2, column=c).value: c for c in range(1, ws.max_column + 1)}
    for offset, values in enumerate(rows):
        for header, value in values.items():
            ws.cell(row=first + offset, column=headers[header], value=value)
    book.save(path)


def test_a_year_from_the_command_line(tmp_path, capsys):
    db = tmp_path / "ban-bo.db"
    assert not db.exists()
    tdkt(capsys, "office", "--name", "Văn phòng HĐND và UBND", "--authority", "Ủy ban nhân dân xã Bản Bo",
         "--level", "xa", "--place", "Bản Bo", "--signer-name", "Lò Văn Minh", "--db", db)
    book = Workbook()
    book.active.append(["STT", "Tên đơn vị", "Thủ trưởng", "Số thành viên"])
    book.active.append([1, "Thôn Nà Bó", "Lò Văn Sơn", 120])
    book.active.append([2, "Bản Hon", "Tao Văn Lả", 95])
    book.save(tmp_path / "dv.xlsx")
    assert "thêm 2 đơn vị" in tdkt(capsys, "unit", "import", tmp_path / "dv.xlsx", "--db", db)
    tdkt(capsys, "bloc", "add", "Khối các thôn, bản", "--year", 2026, "--members", "Thôn Nà Bó; Bản Hon",
         "--head", "na bo", "--db", db)
    # A deadline long past: the lists imported today arrive late (what `late` must then say).
    tdkt(capsys, "due", "add", "award_proposal", "--year", 2026, "--on", "15/01/2026", "--db", db)
    dues = json.loads(tdkt(capsys, "due", "list", "--year", 2026, "--json", "--db", db))
    assert [d["kind"] for d in dues] == ["award_proposal"]
    for name in ("Lò Văn Minh", "Vàng A Dế", "Tao Thị Hương", "Lò Văn Quý", "Nguyễn Văn Bình"):
        from app.council import add_member
        from app.database import open_database

        database = open_database(db)
        with database.session() as s:
            add_member(s, name)
        database.dispose()
    out = tdkt(capsys, "template", "award_proposal", "--year", 2026, "--bloc", "khoi cac thon ban",
               "-o", tmp_path / "mau", "--db", db)
    assert "Đã lập 2 biểu mẫu" in out
    people = {"ThonNaBo": [("Lò Thị Xuân", 1985, "Nữ", "Thái", "Lao động tiên tiến"),
                           ("Lò Văn Sơn", 1978, "Nam", "Thái", "Chiến sĩ thi đua cơ sở")],
              "BanHon": [("Giàng Thị Mai", 1990, "Nữ", "Mông", "Lao động tiên tiến")]}
    numbers = []
    for stem, rows in people.items():
        path = tmp_path / "mau" / f"DeNghiKhenThuong_2026_{stem}.xlsx"
        _fill_first_sheet(path, [{"Họ và tên": n, "Đối tượng": "Cá nhân", "Năm sinh": y, "Giới tính": g,
                                  "Dân tộc": e, "Hình thức đề nghị": a, "Mức độ hoàn thành nhiệm vụ": "HTXSNV"}
                                 for n, y, g, e, a in rows])
        result = json.loads(tdkt(capsys, "import", path, "--db", db, "--json").splitlines()[0])
        numbers.append(result["dossier"])
    assert numbers == ["HS-2026-0001", "HS-2026-0002"]
    for number in numbers:
        assert "kết thúc thẩm định" in tdkt(capsys, "appraise", number, "--all", "--db", db)
    meeting = json.loads(tdkt(capsys, "council", "--dossier", "hs-2026-1", "--dossier", "HS-2026-0002",
                              "--date", "05/12/2026", "--minutes", "01/BB-HĐTĐKT", "--absent", "Lò Văn Quý",
                              "--db", db, "--json"))
    assert meeting["dossiers"] == numbers and meeting["votes"] == 3
    minutes = pages_text(open(_print(capsys, db, tmp_path, "vote-minutes", "HS-2026-0002"), "rb").read())
    assert flat("Số: 01/BB-HĐTĐKT") in flat(" ".join(minutes))
    decision = json.loads(tdkt(capsys, "decision", "--dossier", numbers[0], "--dossier", numbers[1],
                               "--number", "25/QĐ-UBND", "--date", f"{dt.date.today():%d/%m/%Y}", "--db", db,
                               "--json"))  # the lists came in today: the decision is signed no earlier
    assert decision["lines"] == 3 and decision["money"] == 2 * 760_000 + 2_530_000
    report = json.loads(tdkt(capsys, "report", "--year", 2026, "--json", "--db", db))
    groups = {g["code"]: g for g in report["groups"]}
    assert (groups["women"]["total"], groups["ethnic_minority"]["total"]) == (2, 3)
    late = json.loads(tdkt(capsys, "late", "--year", 2026, "--json", "--db", db))
    assert [(u["unit"], [r["kind"] for r in u["late"]], u["missing"]) for u in late["units"]] == [
        ("Thôn Nà Bó", ["award_proposal"], []), ("Bản Hon", ["award_proposal"], [])]


def _print(capsys, db, tmp_path, form: str, ref: str):
    path = tmp_path / f"{form}.pdf"
    tdkt(capsys, "print", form, "--id", ref, "-o", path, "--db", db)
    return path


def test_a_deadline_typed_with_the_wrong_year_is_refused_and_can_be_corrected(tmp_path, capsys):
    """A clerk types 15/06/2025 for the 2026 mid-year report: refused, nothing stored (it would make
    every unit 'quá 540 ngày' and the rollover would carry it). A deadline set wrong is corrected
    with `due edit`, removed with `due remove`; unit kinds are typed as the window names them."""
    db = tmp_path / "xa.db"
    tdkt(capsys, "office", "--name", "Phòng Văn hóa - Xã hội", "--authority", "Ủy ban nhân dân xã Bình Lư",
         "--level", "xa", "--place", "Bình Lư", "--db", db)
    tdkt(capsys, "unit", "add", "Thôn Nà Bó", "--db", db)
    code = main(["due", "add", "report_mid", "--year", "2026", "--on", "15/06/2025", "--db", str(db)])
    err = capsys.readouterr().err
    assert code == 1
    assert "15/06/2025 không thuộc năm 2026" in err and "kiểm tra lại năm" in err
    assert json.loads(tdkt(capsys, "due", "list", "--year", 2026, "--json", "--db", db)) == []

    tdkt(capsys, "due", "add", "report_mid", "--year", 2026, "--on", "15/07/2026", "--kinds", "thôn, bản",
         "--db", db)
    [due] = json.loads(tdkt(capsys, "due", "list", "--year", 2026, "--json", "--db", db))
    assert due["due_on"] == "2026-07-15" and "Thôn" in due["concerns"] and due["expected"] == 1
    out = tdkt(capsys, "due", "edit", "report_mid", "--year", 2026, "--on", "15/06/2026", "--db", db)
    assert "15/07/2026 → 15/06/2026" in out
    [due] = json.loads(tdkt(capsys, "due", "list", "--year", 2026, "--json", "--db", db))
    assert due["due_on"] == "2026-06-15"
    code = main(["due", "edit", "report_mid", "--year", "2026", "--on", "15/06/2025", "--db", str(db)])
    assert code == 1 and "không thuộc năm 2026" in capsys.readouterr().err
    assert json.loads(tdkt(capsys, "due", "list", "--year", 2026, "--json", "--db", db))[0]["due_on"] == "2026-06-15"
    assert "Đã xóa" in tdkt(capsys, "due", "remove", "report_mid", "--year", 2026, "--db", db)
    assert json.loads(tdkt(capsys, "due", "list", "--year", 2026, "--json", "--db", db)) == []
    code = main(["due", "add", "report_mid", "--year", "2026", "--on", "15/06/2026", "--kinds", "chợ",
                 "--db", str(db)])
    assert code == 1 and "Loại đơn vị không có trong danh mục: chợ" in capsys.readouterr().err
    tdkt(capsys, "due", "add", "report_year", "--year", 2026, "--on", "30/11/2026", "--db", db)
    [due] = json.loads(tdkt(capsys, "due", "list", "--year", 2026, "--json", "--db", db))
    assert due["title"] == "Báo cáo tổng kết năm 2026"


def test_a_unit_retired_or_merged_leaves_the_later_years_and_keeps_what_it_sent(tmp_path, capsys):
    """Retiring a unit that heads next year's bloc, or merging one that is its deputy, changes the
    blocs of the years after the date and says so; the unit's dossier still open is named; what
    it sent before stopping still counts as sent; a retirement typed by mistake is undone."""
    db = tmp_path / "xa.db"
    tdkt(capsys, "office", "--name", "Phòng Văn hóa - Xã hội", "--authority", "Ủy ban nhân dân xã Bình Lư",
         "--level", "xa", "--place", "Bình Lư", "--db", db)
    for name in ("Bản Hon", "Bản Cò Lá", "Bản Lở", "Thôn Nà Bó"):
        tdkt(capsys, "unit", "add", name, "--db", db)
    for year in (2026, 2027):
        tdkt(capsys, "bloc", "add", "Khối các thôn, bản", "--year", year, "--members",
             "Bản Hon; Bản Cò Lá; Bản Lở; Thôn Nà Bó", "--head", "Bản Hon", "--deputy", "Bản Cò Lá", "--db", db)
    out = tdkt(capsys, "unit", "retire", "Bản Hon", "--on", "01/12/2026", "--db", db)
    assert "vẫn là khối trưởng Khối các thôn, bản năm 2026" in out
    assert "Khối các thôn, bản năm 2027: bỏ Bản Hon (khối trưởng để trống, hãy chọn lại)" in out
    out = tdkt(capsys, "merge-unit", "Bản Cò Lá", "--into", "Bản Lở", "--on", "31/12/2026", "--db", db)
    assert "Khối các thôn, bản năm 2027: Bản Cò Lá → Bản Lở (khối phó: Bản Lở)" in out
    blocs = {b["name"]: b for b in json.loads(tdkt(capsys, "bloc", "list", "--year", 2027, "--json", "--db", db))}
    bloc = blocs["Khối các thôn, bản"]
    assert sorted(bloc["members"]) == ["Bản Lở", "Thôn Nà Bó"] and bloc["deputy"] == "Bản Lở" and not bloc["head"]
    assert "Bản Hon" in json.loads(tdkt(capsys, "bloc", "list", "--year", 2026, "--json", "--db", db))[0]["members"]
    # A retired unit cannot join a bloc of a year after it stopped; a unit named twice counts once.
    code = main(["bloc", "add", "Khối sai", "--year", "2027", "--members", "Bản Hon;Thôn Nà Bó", "--db", str(db)])
    assert code == 1 and "ngừng hoạt động từ 01/12/2026: Bản Hon" in capsys.readouterr().err
    out = tdkt(capsys, "bloc", "add", "Khối hai", "--year", 2027, "--members", "Thôn Nà Bó;thon na bo;Bản Lở",
               "--db", db)
    assert "2 đơn vị (bỏ 1 đơn vị nêu hai lần)" in out
    # Bản Hon stopped before the year-end report's deadline: it owes it no more; Bản Cò Lá, merged
    # after the deadline, still does.
    tdkt(capsys, "due", "add", "report_year", "--year", 2026, "--on", "15/12/2026", "--db", db)
    [due] = json.loads(tdkt(capsys, "due", "list", "--year", 2026, "--json", "--db", db))
    assert due["expected"] == 3
    # Retired by mistake: back in the lists.
    assert "hoạt động trở lại" in tdkt(capsys, "unit", "reopen", "Bản Hon", "--db", db)
    units = {u["name"]: u for u in json.loads(tdkt(capsys, "unit", "list", "--json", "--db", db))}
    assert "Bản Hon" in units
