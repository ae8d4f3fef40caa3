"""Every workbook the office exports says what it is, and read back is refused in one line
saying so — never a new list, report or registration of the office's own unit. Files the
office exported before (no `_meta`) are known by the office itself as the sender."""

from __future__ import annotations

import subprocess
import sys

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.database import open_database
from app.excel.exports import export_named, export_table
from app.excel.extras_exports import fund_workbook, publicity_workbook
from app.excel.forwarding import export_forwarding
from app.imports import OwnExport, read_file
from app.reports import year_figures
from app.reports.export import write_report
from db.models import Dossier, Registration, Submission


@pytest.fixture
def demo(demo_path):
    db = open_database(demo_path)
    yield db
    db.dispose()


def _exports(s, folder) -> dict[str, object]:
    made = {
        "registrations": export_named(s, "registrations", 2025, folder / "dk.xlsx")[0],
        "dossiers": export_named(s, "dossiers", 2025, folder / "hs.xlsx")[0],
        "forwarding": export_forwarding(s, 2025, folder / "trinh.xlsx", layout_name="tdkt").path,
        "report": write_report(s, year_figures(s, 2025), folder / "bao_cao.xlsx"),
        "fund": fund_workbook(s, 2025, folder / "kinh_phi.xlsx"),
        "publicity": publicity_workbook(s, 2025, folder / "cong_khai.xlsx"),
        "table": export_table(folder / "bang.xlsx", "Danh sách cá nhân", ["Họ và tên", "Đơn vị"],
                              [["Lò Văn Sơn", "UBND xã Bản Bo"]]),
    }
    return made


def test_every_export_of_the_office_is_refused_as_its_own(demo, tmp_path):
    with demo.session() as s:
        made = _exports(s, tmp_path)
        counts = (s.scalar(select(func.count()).select_from(Submission)),
                  s.scalar(select(func.count()).select_from(Registration)))
    for what, path in made.items():
        book = load_workbook(path)
        meta = {r[0].value: r[1].value for r in book["_meta"].iter_rows()}
        assert book["_meta"].sheet_state == "veryHidden", what
        assert (meta["kind"], meta["source"]) == ("office_export", "export"), what
        with demo.session() as s, pytest.raises(OwnExport) as caught:
            read_file(s, path)
        message = caught.value.message
        assert message.startswith(f"Tệp {path.name} là bản xuất của chính cơ quan (") and "không có gì để nhập" in message
        assert meta["title"] in message, what
    with demo.session() as s:
        assert (s.scalar(select(func.count()).select_from(Submission)),
                s.scalar(select(func.count()).select_from(Registration))) == counts


def test_an_export_made_before_meta_is_not_filed_under_the_office(demo, tmp_path):
    """A registration summary exported before exports carried _meta (header: the office):
    refused unless the clerk names the unit."""
    with demo.session() as s:
        path, _ = export_named(s, "registrations", 2025, tmp_path / "dk.xlsx")
    book = load_workbook(path)
    del book["_meta"]
    book.save(path)
    with demo.session() as s:
        p = read_file(s, path)
        assert p.unit is None and [q.code for q in p.errors] == ["own_export"]
        assert "chính cơ quan “Phòng Nội vụ”" in p.errors[0].message and "--unit" in p.errors[0].message
        chosen = read_file(s, path, unit="Phòng Nội vụ")  # the clerk says it is the office's own
        assert chosen.unit is not None and "own_export" not in [q.code for q in chosen.problems]


def test_tdkt_import_refuses_an_export_in_one_line(demo_path, tmp_path):
    db = open_database(demo_path)
    with db.session() as s:
        path, _ = export_named(s, "registrations", 2025, tmp_path / "dang_ky.xlsx")
        before = s.scalar(select(func.count()).select_from(Dossier))
    db.dispose()
    run = subprocess.run([sys.executable, "-m", "app", "import", str(path), "--db", str(demo_path)],
                         capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert run.returncode == 1
    assert run.stdout.splitlines() == [
        "Tệp dang_ky.xlsx là bản xuất của chính cơ quan (Tổng hợp đăng ký thi đua năm 2025 — Phòng Nội vụ, "
        "Ủy ban nhân dân huyện Tam Đường), không có gì để nhập. Hãy nhập tệp do đơn vị gửi."]
    db = open_database(demo_path)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Dossier)) == before
    db.dispose()
