"""Hostile workbooks (hypothesis): random cell values in random layouts never crash the
importer, reading never writes, and a file with an error writes nothing at all."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.errors import FileProblem, ValidationError
from app.imports import commit_import, read_file
from app.text import fold
from db.models import Dossier, Nominee, Person, StoredFile, Submission, Unit
from tests.app.excel.books import xlsx

HEADERS = ["STT", "TT", "Họ và tên", "Ho ten", "Năm sinh", "Ngày tháng năm sinh", "Giới tính", "Dân tộc",
           "Chức vụ", "Đơn vị công tác", "Hình thức đề nghị", "Danh hiệu", "Tóm tắt thành tích", "Ghi chú",
           "Nam", "Nữ", "Xếp loại", "Sáng kiến", "Lao động trực tiếp", "Điểm tự chấm", "Điểm chuẩn", "Số liệu"]
NASTY = ["", " ", "=1+1", "@x", "-", "I. TẬP THỂ", "II. CÁ NHÂN", "NGƯỜI LẬP BIỂU", "TM. ỦY BAN NHÂN DÂN",
         "(1)", "31/02/1990", "3-7-84", "1992", "x", "Nữ", "Nam", "GK", "LĐTT", "CSTĐ cơ sở", "HTXS nhiệm vụ",
         "Mèo", "Tổng cộng", "UBND XÃ BẢN BO", "DANH SÁCH ĐỀ NGHỊ TẶNG GIẤY KHEN NĂM 2025", "Tập thể",
         "Nguyễn Văn An", "Lò Thị Én", "ngày 5 tháng 9 năm 1986", "١٢٣", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "\u00a0\u00a0"]
text = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)
cell = st.one_of(st.none(), st.sampled_from(NASTY), st.sampled_from(HEADERS), text,
                 st.integers(min_value=-10**6, max_value=10**9),
                 st.floats(allow_nan=False, allow_infinity=False, width=32),
                 st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)), st.booleans())
row = st.lists(cell, min_size=0, max_size=9)
layout = st.tuples(st.lists(row, max_size=6),  # title lines
                   st.lists(st.sampled_from(HEADERS), min_size=0, max_size=9),  # a header, maybe
                   st.lists(row, max_size=12))  # rows under it


@pytest.fixture
def unit_db(db):
    with db.session() as s:
        s.add(Unit(code="XA_BAN_BO", name="UBND xã Bản Bo", short_name="Xã Bản Bo", kind="commune",
                   search_key=fold("UBND xã Bản Bo")))
    return db


def counts(db) -> tuple:
    with db.session() as s:
        return tuple(s.scalar(select(func.count()).select_from(t))
                     for t in (Submission, Dossier, Nominee, Person, StoredFile))


_n = itertools.count()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=layout, options=st.fixed_dictionaries({}, optional={"year": st.integers(1990, 2030),
                                                                 "award": st.sampled_from(["GK", "LĐTT", "Không có"]),
                                                                 "unit": st.sampled_from(["Bản Bo", "XYZ"])}))
def test_hostile_workbooks_never_crash_and_never_half_write(unit_db, tmp_path, parts, options):
    titles, header, body = parts
    path = xlsx(tmp_path / f"h{next(_n)}.xlsx", [*titles, header, *body])
    before = counts(unit_db)
    try:
        with unit_db.session() as s:
            preview = read_file(s, path, **options)
    except FileProblem as exc:
        assert exc.message and exc.exit_code == 2
        assert counts(unit_db) == before
        return
    assert counts(unit_db) == before  # reading never writes
    assert all(p.severity in ("error", "warning") and p.message for p in preview.problems)
    preview.as_dict()
    if preview.blocked:
        with pytest.raises(ValidationError):
            commit_import(unit_db, preview)
        assert counts(unit_db) == before
    else:
        result = commit_import(unit_db, preview)
        assert result.committed or result.already_imported


good_row = st.tuples(st.integers(1, 500), st.one_of(st.sampled_from(["Nguyễn Văn An", "Lò Thị Én", "Trạm Y tế"]), text),
                     st.one_of(st.none(), st.integers(1940, 2005), st.sampled_from(["3-7-84", "31/02/1990", "x"])),
                     st.one_of(st.none(), st.sampled_from(["GK", "LĐTT", "HTXS nhiệm vụ", "Huy hiệu"]), text))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(good_row, min_size=1, max_size=15))
def test_a_real_list_with_random_rows_imports_wholly_or_not_at_all(unit_db, tmp_path, rows):
    path = xlsx(tmp_path / f"g{next(_n)}.xlsx", [["UBND XÃ BẢN BO"], ["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025"],
                                                 ["STT", "Họ và tên", "Năm sinh", "Hình thức đề nghị"],
                                                 *[list(r) for r in rows]])
    before = counts(unit_db)
    with unit_db.session() as s:
        preview = read_file(s, path, award="GK")
    assert counts(unit_db) == before
    if preview.blocked:
        with pytest.raises(ValidationError):
            commit_import(unit_db, preview)
        assert counts(unit_db) == before
        return
    result = commit_import(unit_db, preview)
    after = counts(unit_db)
    if result.committed:
        assert after[0] == before[0] + 1
        with unit_db.session() as s:  # every row, or none (a correction replaces the list it corrects)
            assert s.scalar(select(func.count()).select_from(Nominee).where(
                Nominee.dossier_id == result.dossier_id)) == len(preview.rows)
    else:
        assert result.already_imported and after == before
