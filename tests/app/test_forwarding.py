"""`tdkt export forwarding --layout mautdkt`: the nominees the office forwards to the province, in
the province system's own import template (its sheet, columns, drop-downs, hidden lookup sheets
and hidden code columns with the codes cached), read back by our importer as the same nominees."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

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
        query = (select(Nominee, AwardType.code, Person.gender, Unit.name)
                 .join(Dossier, Dossier.id == Nominee.dossier_id)
                 .join(AwardType, AwardType.id == Nominee.award_type_id).join(Unit, Unit.id == Dossier.unit_id)
                 .outerjoin(Person, Person.id == Nominee.person_id)
                 .where(Dossier.year == 2025, Dossier.authority == "forwarded", Nominee.appraisal == "approved",
                        Dossier.status.not_in(("rejected", "withdrawn", "returned")))
                 .order_by(Dossier.number, Nominee.seq, Nominee.id))
        return [(n.subject, n.name, code, n.position, n.unit_text or ("" if n.subject == "collective" else unit),
                 n.rank, None if n.rank or n.subject != "individual" else GENDER.get(gender or ""))
                for n, code, gender, unit in s.execute(query)]


def _read_back(db, path) -> list[tuple]:
    with db.session() as s:
        preview = read_file(s, path, unit=s.scalar(select(Unit.code).order_by(Unit.id)), year=2025)
    assert not [p for p in preview.errors if not p.code.startswith("eligibility")], preview.errors
    return [(r.subject, r.name, r.award.code, r.position, r.unit_text, r.rank,
             None if r.rank or r.subject != "individual" else r.gender) for r in preview.rows]


def test_the_forwarded_list_reads_back_as_the_same_nominees(demo_db, tmp_path):
    _forward_the_filled_template(demo_db, tmp_path)
    out = tmp_path / "TrinhTinh_2025.xlsx"
    with demo_db.session() as s:
        result = export_forwarding(s, 2025, out, layout_name="mautdkt")
    stored = _stored(demo_db)
    assert result.rows == len(stored) > len(pb.EXPECT_MAUTDKT)  # the demo's own and the filled template's
    back = _read_back(demo_db, out)
    assert back == stored
    # the filled template's ranks, household and collective made the trip
    assert ("household", "Lò Văn Pâng", "GDVH", "", "Bản Nà Bỏ, xã Bản Bo", "", None) in back
    assert any(row[1] == "Vừ A Lềnh" and row[5] == "Thiếu úy" for row in back)


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
