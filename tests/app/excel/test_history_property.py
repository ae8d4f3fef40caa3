"""Hostile award books (hypothesis): random cells under award-book headers, decision and year
lines, several sheets — reading never crashes and never writes, a book with an error writes
nothing, and one without writes exactly its new lines (a second import adds nothing)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.errors import FileProblem, ValidationError
from app.imports import commit_import, read_file
from app.text import fold
from db.models import Award, Decision, Person, StoredFile, Unit
from tests.app.excel.history_books import write

HEADERS = ["STT", "Họ và tên", "Năm sinh", "Năm", "Đơn vị công tác", "Danh hiệu thi đua", "Hình thức khen thưởng",
           "Số quyết định", "Ngày quyết định", "Số, ngày quyết định", "Cơ quan quyết định", "Loại khen", "Ghi chú"]
NASTY = ["", "=1+1", "@x", "Quyết định số 12/QĐ-UBND ngày 31/02/2023", "Quyết định số 5/QĐ-UBND ngày 03/01/2024",
         "Năm 2023", "NĂM 1899", "I. TẬP THỂ", "II. CÁ NHÂN", "TRƯỞNG PHÒNG", "112/QĐ-UBND ngày 15/12/2023",
         "112 / QĐ - UBND", "15.12.2023", "hai nghìn", "2023", "2022-2023", "Đột xuất", "bí mật", "Đã thu hồi",
         "LĐTT", "CSTĐCS", "Giấy khen", "Bằng khen", "BK UBND tỉnh", "TTLĐTT", "Gia đình văn hóa",
         "Lò Văn Páo", "Nguyễn Thị Mai", "Trạm Y tế xã Bản Bo", "Xã Bản Bo", "Xã Nà Tăm", "Ủy ban nhân dân tỉnh Lai Châu"]
text = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=30)
cell = st.one_of(st.none(), st.sampled_from(NASTY), text, st.integers(min_value=-10, max_value=50000),
                 st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)))
sheet = st.tuples(st.sampled_from(["Năm 2022", "2023", "Sheet1", "Sổ khen thưởng", "Năm 2024"]),
                  st.lists(st.lists(cell, max_size=3), max_size=3),  # title lines
                  st.lists(st.sampled_from(HEADERS), min_size=2, max_size=8, unique=True).map(  # a name column
                      lambda h: h if "Họ và tên" in h else ["Họ và tên", *h]),
                  st.lists(st.lists(cell, max_size=8), max_size=10))
_n = itertools.count()


@pytest.fixture
def book_db(db):
    with db.session() as s:
        bo = Unit(code="XA_BAN_BO", name="UBND xã Bản Bo", short_name="Xã Bản Bo", kind="xa", search_key=fold("Bản Bo"))
        s.add(bo)
        s.flush()
        s.add(Unit(code="XA_NA_TAM", name="UBND xã Nà Tăm", kind="xa", search_key=fold("Nà Tăm"),
                   merged_into_id=bo.id, merged_on=dt.date(2025, 7, 1), active=False))
    return db


def counts(db) -> tuple:
    with db.session() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in (Award, Person, Decision, StoredFile))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sheets=st.lists(sheet, min_size=1, max_size=3, unique_by=lambda s: s[0]),
       year=st.one_of(st.none(), st.integers(1990, 2030)))
def test_hostile_award_books(book_db, tmp_path, sheets, year):
    path = write(tmp_path / f"so{next(_n)}.xlsx",
                 [(name, [*titles, ["SỔ THEO DÕI KHEN THƯỞNG"], header, *rows], ()) for name, titles, header, rows in sheets])
    before = counts(book_db)
    try:
        with book_db.session() as s:
            preview = read_file(s, path, kind="ledger", year=year)
    except FileProblem as exc:
        event("unreadable")
        assert exc.message and exc.exit_code == 2
        assert counts(book_db) == before
        return
    assert counts(book_db) == before  # reading never writes
    assert all(p.severity in ("error", "warning") and p.message for p in preview.problems)
    d = preview.as_dict()
    assert d["rows_new"] + d["rows_known"] + d["rows_duplicate"] <= len(d["rows"])
    event("blocked" if preview.blocked else f"written ({min(d['rows_new'], 3)}+ new lines)")
    if preview.blocked:
        with pytest.raises(ValidationError):
            commit_import(book_db, preview)
        assert counts(book_db) == before
        return
    result = commit_import(book_db, preview)
    assert counts(book_db)[0] == before[0] + result.awards == before[0] + d["rows_new"]
    with book_db.session() as s:
        again = read_file(s, path, kind="ledger", year=year)
    assert again.as_dict()["rows_new"] == 0


PLAUSIBLE_HEADER = ["STT", "Họ và tên", "Năm sinh", "Đơn vị công tác", "Năm", "Danh hiệu, hình thức",
                    "Số quyết định", "Ngày quyết định", "Ghi chú"]
plausible_row = st.tuples(
    st.integers(1, 99), st.sampled_from(["Lò Văn Páo", "LÒ VĂN PÁO", "Nguyễn Thị Mai", "Tẩn Láo Lở",
                                         "Trạm Y tế xã Bản Bo", "Hộ gia đình ông Vàng A Sử"]),
    st.one_of(st.none(), st.sampled_from([1980, 1990, 1991, "1992"])),
    st.sampled_from([None, "Xã Bản Bo", "UBND xã Nà Tăm", "Bản Nà Bỏ, xã Bản Bo"]),
    st.integers(2018, 2024), st.sampled_from(["LĐTT", "CSTĐCS", "Giấy khen", "GK", "TTLĐTT", "Gia đình văn hóa"]),
    st.sampled_from([None, "12/QĐ-UBND", "13/QĐ-UBND", "12 / QĐ-UBND"]),
    st.one_of(st.none(), st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2025, 6, 30))),
    st.sampled_from([None, "Đột xuất", "Đã thu hồi"]),
).map(list)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sheets=st.lists(st.lists(plausible_row, min_size=1, max_size=12), min_size=1, max_size=3))
def test_plausible_award_books_write_each_line_once(book_db, tmp_path, sheets):
    path = write(tmp_path / f"ok{next(_n)}.xlsx",
                 [(f"Trang {i}", [["SỔ THEO DÕI KHEN THƯỞNG"], PLAUSIBLE_HEADER, *rows], ())
                  for i, rows in enumerate(sheets, start=1)])
    before = counts(book_db)
    with book_db.session() as s:
        preview = read_file(s, path)
    d = preview.as_dict()
    event("blocked" if preview.blocked else "written")
    if preview.blocked:  # a collective given an individual title (or the reverse) is an error
        assert {p.code for p in preview.errors} <= {"award_subject_mismatch"}
        return
    assert d["rows_new"] + d["rows_known"] + d["rows_duplicate"] == len(d["rows"])
    result = commit_import(book_db, preview)
    assert counts(book_db)[0] == before[0] + d["rows_new"] == before[0] + result.awards
    with book_db.session() as s:
        again = read_file(s, path)
        titles = s.execute(select(Award.person_id, Award.award_type_id, Award.year, func.count())
                           .where(Award.person_id.is_not(None))
                           .group_by(Award.person_id, Award.award_type_id, Award.year, Award.decision_number)).all()
    assert again.as_dict()["rows_new"] == 0
    assert (again.already_imported is not None) == (d["rows_new"] > 0)  # a file that wrote is recognised
    assert all(n == 1 for *_, n in titles)  # never the same award twice for one person, year and decision
