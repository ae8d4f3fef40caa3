"""Every template and export printed through LibreOffice, as a clerk prints them, and looked at
page by page: no page without content, no text drawn over other text (a row too short for
its wrapped text overflows into the next), the signature block on the last page (and at the
end of every sheet of a book), the body type at a size a clerk reads. Skipped where LibreOffice
is not installed; `dev.py test` installs it on Debian (libreoffice-calc-nogui)."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.database import open_database
from app.excel.exports import TABLES, export_named
from app.excel.extras_exports import fund_workbook, province_bloc_workbook, publicity_workbook
from app.excel.formkit import READABLE_SCALE, new_book
from app.excel.templates import COLUMNS, write_template
from app.province_bloc import province_blocs
from app.reports import year_figures
from app.reports.export import write_report
from db.models import Bloc, BlocMember, Unit
from tests.app.excel.office_suite import needs_soffice, to_pdf
from tests.app.excel.pdf_words import body_height, only_furniture, overlaps, pages, text_of

pytestmark = needs_soffice
DAY = dt.date(2025, 12, 6)
CALIBRATION = "_co_chu_12"  # one line of Times New Roman 12 at 100 %: the yardstick of sizes


@pytest.fixture(scope="module")
def printed(demo_template, tmp_path_factory):
    """Write every template and export from the demo office; print them all in one run."""
    work = tmp_path_factory.mktemp("printed")
    data = work / "demo.db"
    shutil.copy(demo_template, data)
    db = open_database(data)
    out = work / "xlsx"
    books = {}
    with db.session() as s:
        ban_bo = s.scalar(select(Unit).where(Unit.name == "UBND xã Bản Bo"))
        member = s.scalar(select(BlocMember.unit_id).join(Bloc).where(Bloc.year == 2025).limit(1))
        for kind in COLUMNS:
            unit = member if kind == "bloc_scores" else ban_bo.id
            books[f"mau_{kind}"] = ("template", write_template(s, kind, 2025, unit, out, path=out / f"mau_{kind}.xlsx"))
        for name in TABLES:
            books[f"xuat_{name}"] = ("export", export_named(s, name, 2025, out / f"xuat_{name}.xlsx", today=DAY)[0])
        books["xuat_nominees_mot_don_vi"] = ("export", export_named(
            s, "nominees", 2025, out / "xuat_nominees_mot_don_vi.xlsx", unit_id=ban_bo.id, today=DAY)[0])
        books["xuat_report"] = ("export", write_report(s, year_figures(s, 2025), out / "xuat_report.xlsx", day=DAY))
        books["xuat_fund"] = ("export", fund_workbook(s, 2025, out / "xuat_fund.xlsx", today=DAY))
        books["xuat_publicity"] = ("export", publicity_workbook(s, 2025, out / "xuat_publicity.xlsx", today=DAY))
        for bloc in province_blocs(s, 2025)[:1]:
            books["xuat_province_bloc"] = ("authority", province_bloc_workbook(
                s, bloc.id, out / "xuat_province_bloc.xlsx", today=DAY))
    db.dispose()
    calibration = new_book()
    calibration.active["A1"] = "Lò Văn Điền, Nguyễn Thị Hương"
    calibration.active.column_dimensions["A"].width = 40
    calibration.save(out / f"{CALIBRATION}.xlsx")
    pdfs = to_pdf([p for _, p in books.values()] + [out / f"{CALIBRATION}.xlsx"], work)
    yardstick = body_height(pages(pdfs[CALIBRATION])[0])
    return {name: (what, path, pdfs[path.stem]) for name, (what, path) in books.items()}, yardstick


NAMES = ([f"mau_{k}" for k in COLUMNS] + [f"xuat_{n}" for n in TABLES]
         + ["xuat_nominees_mot_don_vi", "xuat_report", "xuat_fund", "xuat_publicity", "xuat_province_bloc"])


def _book(printed, name):
    books, yardstick = printed
    if name not in books:
        pytest.skip(f"the demo office has nothing for {name}")
    return (*books[name], yardstick)


def _furniture(xlsx) -> set[str]:
    """The words of the table headers (repeated on every page) and the signature's notes."""
    words = set()
    for ws in load_workbook(xlsx).worksheets:
        for row in ws.iter_rows():
            if row[0].value == "STT" or row[0].value == "TT":
                words |= {w for c in row if isinstance(c.value, str) for w in c.value.split()}
    return words


def _last_row_word(xlsx) -> str:
    """The first word of the last sheet's last table row (its name or criterion)."""
    ws = [w for w in load_workbook(xlsx).worksheets if w.sheet_state == "visible"][-1]
    header = next(r[0].row for r in ws.iter_rows() if r[0].value in ("STT", "TT"))
    r = header + 2
    while any(ws.cell(r + 1, c).value not in (None, "") for c in (1, 2)):
        r += 1
    return str(ws.cell(r, 2).value).split()[0]


@pytest.mark.parametrize("name", NAMES)
def test_no_page_is_blank_and_no_text_overlaps(printed, name):
    _what, xlsx, pdf, _ = _book(printed, name)
    found = pages(pdf)
    assert found, f"{pdf.name} has no page"
    furniture = _furniture(xlsx)
    for n, page in enumerate(found, start=1):
        assert page and not only_furniture(page, furniture), f"{pdf.name}: page {n} holds nothing of its own"
        drawn_over = overlaps(page)
        assert not drawn_over, f"{pdf.name}: page {n}: " + "; ".join(f"«{a.text}» over «{b.text}»"
                                                                      for a, b in drawn_over[:3])


@pytest.mark.parametrize("name", NAMES)
def test_the_signature_block_is_whole_on_the_last_page(printed, name):
    what, xlsx, pdf, _ = _book(printed, name)
    found = pages(pdf)
    last = text_of(found[-1])
    assert "NGƯỜI LẬP BIỂU" in last
    if what == "template":
        assert "THỦ TRƯỞNG ĐƠN VỊ" in last and "(Ký tên, đóng dấu)" in last and "ngày" in last
    elif what == "authority":
        assert "TM. ỦY BAN NHÂN DÂN" in last
    else:
        assert re.search(r"TRƯỞNG PHÒNG|GIÁM ĐỐC|THỦ TRƯỞNG", last)
    if what != "template":  # the table's last row stands above the block, never the block alone
        assert _last_row_word(xlsx) in {w.text for w in found[-1]}
    # a book signs at the end of each of its sheets, and nowhere else
    sheets = [ws for ws in load_workbook(xlsx).worksheets if ws.sheet_state == "visible"]
    assert sum(text_of(p).count("NGƯỜI LẬP BIỂU") for p in found) == len(sheets)


@pytest.mark.parametrize("name", NAMES)
def test_the_type_prints_at_a_readable_size(printed, name):
    what, _xlsx, pdf, yardstick = _book(printed, name)
    sizes = [12 * body_height(page) / yardstick for page in pages(pdf)]
    assert min(sizes) >= 12 * READABLE_SCALE - 0.05, f"{pdf.name}: {min(sizes):.1f} pt"
