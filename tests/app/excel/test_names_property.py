"""Property tests (hypothesis; the project runs them derandomized): courtesy titles and ranks in
front of any name come out of it into their own fields, a courtesy title giving the gender;
Trương (a surname), Trường (a school) and Trưởng never swap; a cell of spaces alone, in any
column, never changes what another column says."""

from __future__ import annotations

import itertools
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.excel.names import COURTESY, RANKS, split_title, subject_by_name
from app.imports import read_file
from app.text import fold
from db.models import Unit
from tests.app.excel.books import xlsx

SURNAMES = ["Trương", "Nguyễn", "Lò", "Sùng", "Vừ", "Tô", "Bàn", "Đoàn", "Hà", "Giàng", "Tẩn", "Đèo", "Lý"]
MIDDLES = ["Văn", "Thị", "A", "Seo", "Láo", "Đức", "Minh", "Trường", "Trưởng", "Trương"]
GIVENS = ["Nam", "Chớ", "Lềnh", "Én", "Páo", "Trường", "Trương", "Trưởng", "Mai", "Dung", "Pâng"]
person = st.builds(lambda s, m, g: f"{s} {m} {g}", st.sampled_from(SURNAMES), st.sampled_from(MIDDLES),
                   st.sampled_from(GIVENS))
SHOWN_RANKS = {"gs.ts": "GS.TS", "pgs.ts": "PGS.TS", "ths": "ThS", "ngưt": "NGƯT"}
titles = st.sampled_from(sorted(t for t in [*COURTESY, *RANKS] if "/" not in t and "." not in t or t in SHOWN_RANKS))
writings = st.sampled_from(["as_is", "upper", "title", "nfd", "spaced"])


def _write(text: str, how: str) -> str:
    if how == "upper":
        return text.upper()
    if how == "title":
        return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))
    if how == "nfd":
        return unicodedata.normalize("NFD", text)
    if how == "spaced":
        return text.replace(" ", "  ") + "\u00a0"
    return text


@settings(max_examples=200, deadline=None)
@given(name=person, title=titles, how=writings, name_upper=st.booleans())
def test_a_title_in_front_of_any_name_comes_out_of_it(name, title, how, name_upper):
    written_name = name.upper() if name_upper else name
    parts = split_title(f"{_write(title, how)} {written_name}")
    assert parts.name == written_name
    if title in COURTESY:
        assert fold(parts.courtesy) == fold({"đc": "đồng chí", "đ/c": "đồng chí"}.get(title, title))
        assert parts.gender == COURTESY[title] and parts.rank == ""
    else:
        assert fold(parts.rank) == fold(title) and parts.courtesy == "" and parts.gender is None


@settings(max_examples=100, deadline=None)
@given(name=person, courtesy=st.sampled_from(["Ông", "Bà", "Đồng chí", "Đ/c"]),
       rank=st.sampled_from(["Thiếu úy", "Thượng tá", "Đại tá", "Trung sĩ"]))
def test_a_courtesy_title_and_a_rank_together(name, courtesy, rank):
    parts = split_title(f"{courtesy} {rank} {name}")
    assert (parts.name, parts.rank) == (name, rank)
    assert parts.gender == {"Ông": "Nam", "Bà": "Nữ"}.get(courtesy)


@settings(max_examples=200, deadline=None)
@given(name=person, upper=st.booleans())
def test_truong_truong_truong_never_swap(name, upper):
    written = name.upper() if upper else name
    assert subject_by_name(written) == (None, False)  # a person, whatever the words
    assert split_title(written).name == written  # and no title taken from it


@settings(max_examples=100, deadline=None)
@given(kind=st.sampled_from(["Tiểu học", "THCS", "Mầm non", "PTDTBT THCS", "THPT"]),
       place=st.sampled_from(["Bản Bo", "Trương Định", "Hồ Thầu", "Nà Tăm"]), upper=st.booleans())
def test_a_school_is_a_collective_even_named_after_truong(kind, place, upper):
    school = f"Trường {kind} {place}"
    assert subject_by_name(school.upper() if upper else school) == ("collective", False)


# --- spaces-only cells --------------------------------------------------------------------------

HEADER = ["STT", "Họ và tên", "Năm sinh", None, "Giới tính", "Dân tộc", "Chức vụ", "Đơn vị công tác",
          "Hình thức đề nghị", "Ghi chú"]
SUB = [None, None, "Nam", "Nữ", None, None, None, None, None, None]
SPACES = st.sampled_from([" ", "   ", "\u00a0", "\u00a0\u00a0", " \u200b ", "\t", "\u3000", " \ufeff"])
row = st.fixed_dictionaries({
    "name": st.sampled_from(["Lò Thị Én", "Trương Văn Nam", "Trường Tiểu học Bản Bo", "Sùng A Chớ"]),
    "birth": st.one_of(st.none(), st.integers(1960, 2000), st.sampled_from(["12/03/1985", "1990", "31/02/1990"])),
    "female": st.booleans(),
    "gender": st.one_of(st.none(), st.sampled_from(["Nam", "Nữ", "x"])),
    "ethnicity": st.one_of(st.none(), st.sampled_from(["Thái", "Mông", "Mèo", "Xyz"])),
    "position": st.one_of(st.none(), st.just("Công chức")),
    "unit": st.one_of(st.none(), st.just("UBND xã Bản Bo")),
    "award": st.one_of(st.none(), st.sampled_from(["GK", "LĐTT", "Huy hiệu"])),
})
_n = itertools.count()


def _line(i: int, r: dict) -> list:
    born = r["birth"]
    return [i, r["name"], None if r["female"] else born, born if r["female"] else None, r["gender"],
            r["ethnicity"], r["position"], r["unit"], r["award"], None]


def _verdict(preview) -> tuple:
    rows = [(r.row, r.subject, r.name, r.gender, r.birth_year, r.ethnicity, r.position, r.unit_text,
             r.award.code if r.award else None) for r in preview.rows]
    problems = sorted((p.code, p.cell, p.severity) for p in preview.problems)
    return rows, problems


@pytest.fixture
def unit_db(db):
    with db.session() as s:
        s.add(Unit(code="XA_BAN_BO", name="UBND xã Bản Bo", short_name="Xã Bản Bo", kind="commune",
                   search_key=fold("UBND xã Bản Bo")))
    return db


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(row, min_size=1, max_size=4), blanks=st.data())
def test_spaces_in_empty_cells_never_change_another_columns_verdict(unit_db, tmp_path, rows, blanks):
    lines = [_line(i, r) for i, r in enumerate(rows, start=1)]
    spaced = [list(line) for line in lines]
    empty = [(i, c) for i, line in enumerate(lines) for c, v in enumerate(line) if v is None]
    chosen = blanks.draw(st.lists(st.sampled_from(empty), unique=True, min_size=1) if empty else st.just([]))
    for i, c in chosen:
        spaced[i][c] = blanks.draw(SPACES)
    title = [["UBND XÃ BẢN BO"], ["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025"]]
    n = next(_n)
    plain = xlsx(tmp_path / f"p{n}.xlsx", [*title, HEADER, SUB, *lines], ("C3:D3",))
    with_spaces = xlsx(tmp_path / f"s{n}.xlsx", [*title, HEADER, SUB, *spaced], ("C3:D3",))
    with unit_db.session() as s:
        expected = _verdict(read_file(s, plain, award="GK"))
        got = _verdict(read_file(s, with_spaces, award="GK"))
    assert got == expected
