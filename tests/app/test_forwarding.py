"""`tdkt export forwarding --layout mautdkt`: the nominees the office forwards to the province, in
the province system's own import template (its sheet, columns, drop-downs, hidden lookup sheets
and hidden code columns with the codes cached), read back by our importer as the same nominees."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.excel.forwarding import export_forwarding
from app.imports import commit_import, read_file
from db.models import AwardType, Dossier, Nominee, Person, Unit
from tests.app.excel import province_books as pb

GENDER = {"M": "Nam", "F": "Nữ"}
# openpyxl, reading the file back here, says it cannot keep Excel's x14 drop-downs (the export keeps them)
pytestmark = pytest.mark.filterwarnings("ignore:Data Validation extension:UserWarning")


def _forward_the_filled_template(db, tmp_path) -> int:
    """The MauTDKT list of issue 19's tests imported as a unit's dossier, appraised and forwarded."""
    with db.session() as s:
        unit = s.scalar(select(Unit.code).where(Unit.kind == "commune").order_by(Unit.id))
        preview = read_file(s, pb.mautdkt(tmp_path / "in.xlsx"), unit=unit, year=2025)
    result = commit_import(db, preview)
    assert result.committed
    with db.session() as s:
        dossier = s.get(Dossier, result.dossier_id)
        dossier.authority, dossier.status = "forwarded", "forwarded"
        for n in dossier.nominees:
            n.appraisal = "approved"
    return result.dossier_id


def _stored(db) -> list[tuple]:
    """The approved nominees of the year's forwarded dossiers, as the layout can carry them."""
    with db.session() as s:
        query = (select(Nominee, AwardType.code, func.coalesce(Nominee.gender, Person.gender), Unit.name)
                 .join(Dossier, Dossier.id == Nominee.dossier_id)
                 .join(AwardType, AwardType.id == Nominee.award_type_id).join(Unit, Unit.id == Dossier.unit_id)
                 .outerjoin(Person, Person.id == Nominee.person_id)
                 .where(Dossier.year == 2025, Dossier.authority == "forwarded", Nominee.appraisal == "approved",
                        Dossier.status.not_in(("rejected", "withdrawn", "returned")))
                 .order_by(Dossier.number, Nominee.seq, Nominee.id))
        return [(n.subject, n.name, code, n.position, n.unit_text or ("" if n.subject == "collective" else unit),
                 n.rank, GENDER.get(gender or "") if n.subject == "individual" else None)
                for n, code, gender, unit in s.execute(query)]


def _read_back(db, path) -> list[tuple]:
    with db.session() as s:
        preview = read_file(s, path, unit=s.scalar(select(Unit.code).order_by(Unit.id)), year=2025)
    assert not [p for p in preview.errors if not p.code.startswith("eligibility")], preview.errors
    return [(r.subject, r.name, r.award.code, r.position, r.unit_text, r.rank,
             r.gender if r.subject == "individual" else None) for r in preview.rows]


def test_the_forwarded_list_reads_back_as_the_same_nominees(demo_db, tmp_path):
    dossier_id = _forward_the_filled_template(demo_db, tmp_path)
    with demo_db.session() as s:  # the clerk recorded the officer's gender since: it makes the trip with his rank
        officer = s.scalar(select(Nominee).where(Nominee.dossier_id == dossier_id, Nominee.name == "Vừ A Lềnh"))
        officer.gender = "M"
    out = tmp_path / "TrinhTinh_2025.xlsx"
    with demo_db.session() as s:
        result = export_forwarding(s, 2025, out, layout_name="mautdkt")
    stored = _stored(demo_db)
    assert result.rows == len(stored) > len(pb.EXPECT_MAUTDKT)  # the demo's own and the filled template's
    back = _read_back(demo_db, out)
    assert back == stored
    # the filled template's ranks, household and collective made the trip
    assert ("household", "Lò Văn Pâng", "GDVH", "", "Bản Nà Bỏ, xã Bản Bo", "", None) in back
    assert ("Vừ A Lềnh", "Thiếu úy", "Nam") in [(row[1], row[5], row[6]) for row in back]
    # the rank rides before the name, Tên gọi keeps the courtesy title that says the gender
    sheet = load_workbook(out)["file nhận"]
    officer = next(r for r in range(2, 400) if "Vừ A Lềnh" in str(sheet[f"C{r}"].value))
    assert (sheet[f"B{officer}"].value, sheet[f"C{officer}"].value) == ("Ông", "Thiếu úy Vừ A Lềnh")
    assert any("năm sinh" in note for note in result.notes)  # the template has no birth column: said so


def test_the_file_is_the_provinces_template_with_its_codes_cached(demo_db, tmp_path):
    _forward_the_filled_template(demo_db, tmp_path)
    out = tmp_path / "mau.xlsx"
    with demo_db.session() as s:
        export_forwarding(s, 2025, out, layout_name="mautdkt")
    template = load_workbook(pb.DATA / "MauTDKT.xlsx")
    book = load_workbook(out)
    assert book.sheetnames == template.sheetnames
    assert [ws.sheet_state for ws in book.worksheets] == [ws.sheet_state for ws in template.worksheets]
    sheet = book["file nhận"]
    assert [c.value for c in sheet[1]] == [c.value for c in template["file nhận"][1]]
    assert all(sheet.column_dimensions[c].hidden for c in ("R", "S", "U"))  # T shares S's <col> range
    assert sheet["S2"].value == "=VLOOKUP(G2,HTKT!$A$2:$B$300,2,0)"
    # The drop-downs survive (openpyxl would have dropped them: they are Excel's x14 extension).
    with zipfile.ZipFile(out) as zf:
        xml = zf.read("xl/worksheets/sheet1.xml").decode("utf-8")
        assert '<x14:dataValidations count="5"' in xml and "xl/calcChain.xml" not in zf.namelist()
        assert 'fullCalcOnLoad="1"' in zf.read("xl/workbook.xml").decode("utf-8")
    # What Excel caches in the hidden code columns is what VLOOKUP finds in the template's sheets.
    cached = load_workbook(out, data_only=True)
    rows = cached["file nhận"]
    htkt = {a: b for a, b in cached["HTKT"].iter_rows(min_row=2, values_only=True)}
    kinds = {a: b for a, b in cached["phan loai kt"].iter_rows(min_row=2, values_only=True)}
    pldt = {a: b for a, b in cached["PLDT"].iter_rows(min_row=2, values_only=True)}
    n = 2
    while rows[f"C{n}"].value:
        g, f, h = rows[f"G{n}"].value, rows[f"F{n}"].value, rows[f"H{n}"].value
        assert rows[f"S{n}"].value == htkt[g], g  # every award we forward has its name in their catalogue
        assert rows[f"R{n}"].value == kinds[f] and rows[f"T{n}"].value == pldt[h]
        n += 1
    assert rows[f"S{n}"].value == "#N/A"  # the template's own empty rows stay as they were


def test_the_command_line(demo_path, tmp_path):
    out = tmp_path / "trinh.xlsx"
    run = subprocess.run([sys.executable, "-m", "app", "export", "forwarding", "--year", "2025", "--layout",
                          "mautdkt", "--db", str(demo_path), "-o", str(out)], capture_output=True, text=True,
                         encoding="utf-8", timeout=300)
    assert run.returncode == 0, run.stderr
    assert "đề nghị trình cấp trên năm 2025" in run.stdout and out.exists()
    assert load_workbook(out)["file nhận"]["C2"].value
    none = subprocess.run([sys.executable, "-m", "app", "export", "forwarding", "--year", "2019", "--layout",
                           "mautdkt", "--db", str(demo_path), "-o", str(tmp_path / "x.xlsx")],
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert none.returncode == 1 and "không có gì để xuất" in none.stderr
    assert not (tmp_path / "x.xlsx").exists()
    wrong = subprocess.run([sys.executable, "-m", "app", "export", "nominees", "--year", "2025", "--layout",
                            "mautdkt", "--db", str(demo_path), "-o", str(tmp_path / "y.xlsx")],
                           capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert wrong.returncode == 1 and "forwarding" in wrong.stderr


@pytest.mark.parametrize(("forwarded_on", "issuer"), [
    ("2025-09-15", "Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã"),  # no district level since 1/7/2025
    ("2025-03-10", "Giấy khen của Chủ tịch Ủy ban nhân dân cấp huyện"),
])
def test_a_giay_khen_goes_up_as_the_level_that_decides_it_on_that_day(demo_db, tmp_path, forwarded_on, issuer):
    import datetime as dt

    dossier_id = _forward_the_filled_template(demo_db, tmp_path)
    with demo_db.session() as s:
        dossier = s.get(Dossier, dossier_id)
        dossier.forwarded_on = dt.date.fromisoformat(forwarded_on)
        first = min(dossier.nominees, key=lambda n: (n.seq, n.id))
        first.award_type_id = s.scalar(select(AwardType.id).where(AwardType.code == "GK"))
        name = first.name
    out = tmp_path / "gk.xlsx"
    with demo_db.session() as s:
        export_forwarding(s, 2025, out, layout_name="mautdkt")
    sheet = load_workbook(out)["file nhận"]
    rows = [(sheet[f"C{r}"].value, sheet[f"G{r}"].value) for r in range(2, 400) if sheet[f"C{r}"].value]
    assert (name, issuer) in rows
    # and our importer reads that name back as our Giấy khen
    back = _read_back(demo_db, out)
    assert ("GK", name) in [(row[2], row[1]) for row in back]
