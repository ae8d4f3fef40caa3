"""Exports meant to be read back say what they are, and are read back as that: the year's
nominees of many units stay each with its own unit (never with the office named in the
header), each unit's rows become a dossier of that unit, and no dossier is replaced. Exports
the office sends upward are signed by the office and print as a form."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.catalog import RATINGS
from app.database import open_database
from app.excel.exports import SHEET, export_named
from app.imports import commit_import, read_file
from db.models import AwardType, Dossier, Nominee, OfficeProfile, Submission


@pytest.fixture
def demo(demo_path):
    db = open_database(demo_path)
    yield db
    db.dispose()


def _proposed(session, year: int) -> Counter:
    """(name, award, proposing unit) of every nominee of the year's live dossiers."""
    rows = session.execute(select(Nominee.name, AwardType.name, Dossier.unit_id)
                           .join(Dossier, Dossier.id == Nominee.dossier_id)
                           .join(AwardType, AwardType.id == Nominee.award_type_id)
                           .where(Dossier.year == year, Dossier.status != "rejected"))
    return Counter(tuple(r) for r in rows)


def test_the_nominees_of_many_units_read_back_each_with_its_own_unit(demo, tmp_path):
    path = tmp_path / "de_nghi_2025.xlsx"
    with demo.session() as s:
        _, count = export_named(s, "nominees", 2025, path, today=dt.date(2025, 12, 6))
        expected = _proposed(s, 2025)
        dossiers_before = s.scalar(select(func.count()).select_from(Dossier))
        live_before = {x.id: x.status for x in s.scalars(select(Submission))}
        office = s.scalar(select(OfficeProfile)).office_name
    assert count == sum(expected.values()) > 100
    book = load_workbook(path)
    meta = {r[0].value: r[1].value for r in book["_meta"].iter_rows()}
    assert book["_meta"].sheet_state == "veryHidden"
    assert (meta["kind"], meta["scope"], meta["year"]) == ("award_proposal", "units", "2025")
    assert int(meta["units"]) == len({u for _, _, u in expected})
    ws = book[SHEET]
    header = next(r for r in ws.iter_rows() if r[0].value == "STT")
    names = [c.value for c in header]
    rating = names.index("Mức độ hoàn thành nhiệm vụ") + 1
    ratings = {ws.cell(r, rating).value for r in range(header[0].row + 2, header[0].row + 2 + count)} - {None, ""}
    assert ratings and ratings <= set(RATINGS.values())  # the template's words, not HTXSNV
    with demo.session() as s:
        p = read_file(s, path)
    assert p.errors == [] and p.unit is None and p.kind == "award_proposal" and p.year == 2025
    assert Counter((r.name, r.award.name, r.proposer_id) for r in p.rows) == expected
    assert office in [c.value for row in ws.iter_rows(max_row=3) for c in row if c.value] or office.upper() in [
        c.value for row in ws.iter_rows(max_row=3) for c in row if c.value]
    # read back, every nominee is one the program already holds: nothing is written
    assert p.nothing_new and p.parts == [] and p.rows_known == count
    known = [q for q in p.warnings if q.code == "nominees_known"]
    assert len(known) == len({u for _, _, u in expected})  # each unit's rows with their own unit
    assert all("đã có trong hồ sơ HS-2025-" in q.message and "không ghi gì" in q.message for q in known)
    result = commit_import(demo, p)
    assert not result.committed and f"{count} dòng đã có trong hồ sơ HS-2025-" in result.message
    with demo.session() as s:
        assert s.scalar(select(func.count()).select_from(Dossier)) == dossiers_before
        assert {x.id: x.status for x in s.scalars(select(Submission))} == live_before
        assert _proposed(s, 2025) == expected


def test_only_new_rows_of_the_nominee_export_make_a_dossier(demo, tmp_path):
    """A clerk adds one person to the exported list of one unit: that row alone becomes a
    dossier of that unit; decided and appraised dossiers are never copied."""
    path = tmp_path / "de_nghi_2025.xlsx"
    with demo.session() as s:
        _, count = export_named(s, "nominees", 2025, path)
        expected = _proposed(s, 2025)
        dossiers_before = s.scalar(select(func.count()).select_from(Dossier))
    book = load_workbook(path)
    ws = book[SHEET]
    header = next(r for r in ws.iter_rows() if r[0].value == "STT")
    names = [c.value for c in header]
    first = header[0].row + 2
    last = first + count - 1
    ws.insert_rows(last + 1)
    for c in range(1, len(names) + 1):
        ws.cell(last + 1, c).value = ws.cell(last, c).value
    ws.cell(last + 1, names.index("Họ và tên") + 1).value = "Hoàng Văn Mới"
    ws.cell(last + 1, names.index("Năm sinh") + 1).value = 1990
    unit_name = ws.cell(last, names.index("Đơn vị đề nghị") + 1).value
    book.save(path)
    with demo.session() as s:
        p = read_file(s, path)
    assert p.errors == [] and not p.nothing_new and p.rows_known == count
    assert [(part.unit.name, [r.name for r in part.rows]) for part in p.parts] == [(unit_name, ["Hoàng Văn Mới"])]
    result = commit_import(demo, p)
    assert result.committed and result.nominees == 1
    with demo.session() as s:
        assert s.scalar(select(func.count()).select_from(Dossier)) == dossiers_before + 1
        after = _proposed(s, 2025)
    assert sum(after.values()) == sum(expected.values()) + 1


def test_one_units_nominee_export_read_back_writes_nothing(demo, tmp_path):
    path = tmp_path / "ban_bo.xlsx"
    with demo.session() as s:
        unit_id = s.scalar(select(Dossier.unit_id).where(Dossier.year == 2025, Dossier.status == "decided").limit(1))
        _, count = export_named(s, "nominees", 2025, path, unit_id=unit_id)
        dossiers_before = s.scalar(select(func.count()).select_from(Dossier))
    with demo.session() as s:
        p = read_file(s, path)
    assert p.unit.id == unit_id and p.nothing_new and p.rows_known == count > 0
    result = commit_import(demo, p)
    assert not result.committed and "không ghi gì" in result.message
    with demo.session() as s:
        assert s.scalar(select(func.count()).select_from(Dossier)) == dossiers_before


def test_a_list_of_many_units_without_its_unit_column_is_refused_row_by_row(demo, tmp_path):
    path = tmp_path / "de_nghi_2025.xlsx"
    with demo.session() as s:
        export_named(s, "nominees", 2025, path)
    book = load_workbook(path)
    ws = book[SHEET]
    header = next(r for r in ws.iter_rows() if r[0].value == "STT")
    col = [c.value for c in header].index("Đơn vị đề nghị") + 1
    first = header[0].row + 2
    ws.cell(first, col).value = None
    ws.cell(first + 1, col).value = "UBND xã Không Có"
    book.save(path)
    with demo.session() as s:
        p = read_file(s, path)
    assert [(q.code, q.row) for q in p.errors] == [("unit_unknown", first), ("unit_unknown", first + 1)]
    assert "Không Có" in p.errors[1].message


def test_exports_are_signed_by_the_office_and_print_as_a_form(demo, tmp_path):
    with demo.session() as s:
        path, _ = export_named(s, "ledger", 2024, tmp_path / "so.xlsx", today=dt.date(2025, 1, 10))
        clerk = s.scalar(select(OfficeProfile)).clerk_name
    book = load_workbook(path)
    ws = book[SHEET]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    header = next(r[0].row for r in ws.iter_rows() if r[0].value == "STT")
    last = max(r for r in range(header, ws.max_row + 1) if isinstance(ws.cell(r, 1).value, int))
    foot = [c.value for row in ws.iter_rows(min_row=last + 1) for c in row if isinstance(c.value, str)]
    assert "NGƯỜI LẬP BIỂU" in foot and any("TRƯỞNG PHÒNG" in t for t in foot)
    if clerk:
        assert clerk in foot
    assert any(t.startswith("Tam Đường, ngày 10 tháng 01 năm 2025") for t in texts)
    assert ws.page_setup.orientation == "landscape" and ws.oddHeader.center.text == "&P"
    money = [ws.cell(r, 15) for r in range(header + 2, last + 1) if isinstance(ws.cell(r, 15).value, int)]
    assert money and all(c.number_format == "#,##0" for c in money)
    meta = {r[0].value: r[1].value for r in book["_meta"].iter_rows()}
    assert (meta["kind"], meta["year"]) == ("ledger", "2024")


def test_one_units_nominee_export_is_signed_under_its_own_header(demo, tmp_path):
    """The header names the unit (UBND XÃ BẢN BO): its head signs it, not the office's."""
    with demo.session() as s:
        unit_id = s.scalar(select(Dossier.unit_id).where(Dossier.year == 2025).limit(1))
        path, _ = export_named(s, "nominees", 2025, tmp_path / "mot.xlsx", unit_id=unit_id)
    ws = load_workbook(path)[SHEET]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "THỦ TRƯỞNG ĐƠN VỊ" in texts and "NGƯỜI LẬP BIỂU" in texts
    assert not any("TRƯỞNG PHÒNG" in t for t in texts)
