"""A person's corrected name reaches every record linked to the person (t17, severe 1): the
dossier's nominees, `dossier show`, `eligibility`, the appraisal, the ballots and the vote
minutes before the decision; the decision, the certificates, the ledger, `export ledger` and
`history` after it. The log keeps the rename. Driven from the command line, as a clerk does."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from openpyxl import Workbook, load_workbook

from app.audit import history
from app.awards import list_ledger
from app.cli import main
from app.database import open_database
from app.text import fold
from tests.app.printing.print_pdf import flat, pages_text

# The lists are imported today: the meeting and the decision are today too (never in the future).
TODAY = f"{dt.date.today():%d/%m/%Y}"
OLD, NEW = "Lò Thị Xuân", "Lò Thị Xuân Mai"
OLD2, NEW2 = "Giàng Thị Mai", "Giàng Thị Mải"


def tdkt(capsys, *args) -> str:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert code == 0, (args, err)
    return out


def _printed(capsys, db, tmp_path, form: str, ref: str) -> str:
    path = tmp_path / f"{form}.pdf"
    tdkt(capsys, "print", form, "--id", ref, "-o", path, "--db", db)
    return flat(" ".join(pages_text(path.read_bytes())))


def _only_new(text: str, old: str, new: str, where: str) -> None:
    """The new name is there, and the old one never stands alone (without the correction)."""
    assert flat(new) in text, f"{where}: {new} missing"
    rest = text.replace(flat(new), "")
    assert not re.search(re.escape(flat(old)) + r"(?![\wÀ-ỹ])", rest), f"{where}: still says {old}"


def _person_id(capsys, db, name: str) -> int:
    found = json.loads(tdkt(capsys, "person", "list", "--name", name, "--json", "--db", db))
    rows = found["people"] if isinstance(found, dict) else found
    return next(p["id"] for p in rows if p["name"] == name)


@pytest.fixture
def office(tmp_path, capsys):
    """A commune with two lists imported (three people), in appraisal."""
    db = tmp_path / "ban-bo.db"
    tdkt(capsys, "office", "--name", "Văn phòng HĐND và UBND", "--authority", "Ủy ban nhân dân xã Bản Bo",
         "--level", "xa", "--place", "Bản Bo", "--signer-name", "Lò Văn Minh", "--db", db)
    book = Workbook()
    book.active.append(["STT", "Tên đơn vị", "Thủ trưởng", "Số thành viên"])
    book.active.append([1, "Thôn Nà Bó", "Lò Văn Sơn", 120])
    book.active.append([2, "Bản Hon", "Tao Văn Lả", 95])
    book.save(tmp_path / "dv.xlsx")
    tdkt(capsys, "unit", "import", tmp_path / "dv.xlsx", "--db", db)
    database = open_database(db)
    with database.session() as s:
        from app.council import add_member
        for name in ("Lò Văn Minh", "Vàng A Dế", "Tao Thị Hương"):
            add_member(s, name)
    database.dispose()
    tdkt(capsys, "template", "award_proposal", "--year", 2026, "--all", "-o", tmp_path / "mau", "--db", db)
    people = {"ThonNaBo": [(OLD, 1985, "Nữ", "Thái", "Giấy khen")],
              "BanHon": [(OLD2, 1990, "Nữ", "Mông", "Giấy khen")]}
    numbers = []
    for stem, rows in people.items():
        path = tmp_path / "mau" / f"DeNghiKhenThuong_2026_{stem}.xlsx"
        book = load_workbook(path)
        ws = book.worksheets[0]
        first = next(c.row for c in ws["A"] if c.value == "(1)") + 1
        headers = {ws.cell(row=first - 2, column=c).value: c for c in range(1, ws.max_column + 1)}
        for offset, (n, y, g, e, a) in enumerate(rows):
            for header, value in {"Họ và tên": n, "Đối tượng": "Cá nhân", "Năm sinh": y, "Giới tính": g,
                                  "Dân tộc": e, "Hình thức đề nghị": a,
                                  "Mức độ hoàn thành nhiệm vụ": "HTXSNV"}.items():
                ws.cell(row=first + offset, column=headers[header], value=value)
        book.save(path)
        numbers.append(json.loads(tdkt(capsys, "import", path, "--db", db, "--json").splitlines()[0])["dossier"])
    return db, numbers


def test_a_name_corrected_before_the_decision_is_on_every_paper(office, tmp_path, capsys):
    db, numbers = office
    pid = _person_id(capsys, db, OLD)
    tdkt(capsys, "person", "edit", pid, "--name", NEW, "--db", db)
    _only_new(flat(tdkt(capsys, "dossier", "show", numbers[0], "--db", db)), OLD, NEW, "dossier show")
    _only_new(flat(tdkt(capsys, "eligibility", "--dossier", numbers[0], "--db", db)), OLD, NEW, "eligibility")
    tdkt(capsys, "appraise", numbers[0], "--all", "--db", db)
    _only_new(_printed(capsys, db, tmp_path, "appraisal", numbers[0]), OLD, NEW, "appraisal")
    tdkt(capsys, "council", "--dossier", numbers[0], "--date", TODAY, "--minutes", "01/BB-HĐTĐKT",
         "--db", db)
    _only_new(_printed(capsys, db, tmp_path, "ballots", numbers[0]), OLD, NEW, "ballots")
    _only_new(_printed(capsys, db, tmp_path, "vote-minutes", numbers[0]), OLD, NEW, "vote minutes")
    tdkt(capsys, "decision", "--dossier", numbers[0], "--number", "25/QĐ-UBND", "--date", TODAY,
         "--db", db)
    _only_new(_printed(capsys, db, tmp_path, "decision", "25/QĐ-UBND"), OLD, NEW, "decision")
    _only_new(_printed(capsys, db, tmp_path, "certificates", "25/QĐ-UBND"), OLD, NEW, "certificate")


def test_a_name_corrected_after_the_decision_reaches_the_ledger_and_reprints(office, tmp_path, capsys):
    db, numbers = office
    tdkt(capsys, "appraise", numbers[1], "--all", "--db", db)
    tdkt(capsys, "decision", "--dossier", numbers[1], "--number", "26/QĐ-UBND", "--date", TODAY,
         "--db", db)
    assert flat(OLD2) in _printed(capsys, db, tmp_path, "certificates", "26/QĐ-UBND")
    pid = _person_id(capsys, db, OLD2)
    tdkt(capsys, "person", "edit", pid, "--name", NEW2, "--db", db)

    _only_new(_printed(capsys, db, tmp_path, "certificates", "26/QĐ-UBND"), OLD2, NEW2, "certificate reprint")
    _only_new(_printed(capsys, db, tmp_path, "decision", "26/QĐ-UBND"), OLD2, NEW2, "decision reprint")
    _only_new(flat(tdkt(capsys, "history", "giang thi mai", "--db", db)), OLD2, NEW2, "history")
    tdkt(capsys, "export", "ledger", "--year", 2026, "-o", tmp_path / "so.xlsx", "--db", db)
    cells = [str(c) for row in load_workbook(tmp_path / "so.xlsx").active.iter_rows(values_only=True)
             for c in row if c]
    assert NEW2 in cells and OLD2 not in cells

    database = open_database(db)
    with database.session() as s:
        ledger = [r for r in list_ledger(s, 2026) if r.decision == "26/QĐ-UBND"]
        assert [r.recipient for r in ledger] == [NEW2]
        assert fold(NEW2) in ledger[0].search  # the ledger tab's search box finds the new spelling
        changes = [c for line in history(s, "people", pid) for c in line.changes]
        assert any(before == OLD2 and after == NEW2 for _, before, after in changes)
    database.dispose()
