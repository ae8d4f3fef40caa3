"""Importing earlier years' award books (kind `ledger`): every layout in every format, people
matched across years, decisions found or recorded once, money and book numbers, known and
repeated rows, re-imports and overlapping books, merged units, errors that write nothing."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from sqlalchemy import func, select

from app.awards import award_search_key
from app.errors import ValidationError
from app.imports import commit_import, read_file
from app.text import fold
from db.models import Award, AwardType, Decision, OfficeProfile, Person, StoredFile, Unit
from tests.app.excel import history_books as books

LAYOUTS = {"yearly_sheets": books.yearly_sheets, "year_column": books.year_column,
           "grouped": books.grouped, "annex": books.annex}


@pytest.fixture
def office(db):
    """The district office, three communes (Nà Tăm merged into Bản Bo on 1/7/2025), a health post."""
    with db.session() as s:
        s.add(OfficeProfile(id=1, office_name="Phòng Nội vụ", authority_name="Ủy ban nhân dân huyện Tam Đường", level="huyen",
                            superior_name="UBND tỉnh Lai Châu", place_name="Tam Đường"))
        units = {}
        for code, name, short in [("XA_BAN_BO", "UBND xã Bản Bo", "Xã Bản Bo"),
                                  ("XA_KHUN_HA", "UBND xã Khun Há", "Xã Khun Há"),
                                  ("XA_NA_TAM", "UBND xã Nà Tăm", "Xã Nà Tăm"),
                                  ("TYT_BAN_BO", "Trạm Y tế xã Bản Bo", "")]:
            units[code] = Unit(code=code, name=name, short_name=short, kind="xa", search_key=fold(name))
            s.add(units[code])
        s.flush()
        units["XA_NA_TAM"].merged_into_id = units["XA_BAN_BO"].id
        units["XA_NA_TAM"].merged_on = dt.date(2025, 7, 1)
        units["XA_NA_TAM"].active = False
    return db


def book(tmp_path, layout: str, suffix: str = ".xlsx"):
    sheets, expected = LAYOUTS[layout]()
    return books.write(tmp_path / f"{layout}{suffix}", sheets), expected


def read(db, path, **kw):
    with db.session() as s:
        return read_file(s, path, **kw)


def entries(preview) -> list[tuple]:
    return [(r.name, r.birth_year, r.history.year, r.award.code, r.history.decision or None,
             r.history.decision_date, r.history.kind) for r in preview.rows]


def count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def ledger(db) -> list[tuple]:
    with db.session() as s:
        return sorted(s.execute(select(Award.recipient_name, Award.year, AwardType.code, Award.decision_number)
                                .join(AwardType, AwardType.id == Award.award_type_id)).all())


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods"])
@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_each_layout_reads_the_hand_checked_entries(office, tmp_path, layout, suffix):
    path, expected = book(tmp_path, layout, suffix)
    preview = read(office, path)
    assert preview.kind == "ledger"
    assert entries(preview) == expected
    assert not preview.errors
    assert count(office, Award) == 0  # reading writes nothing


def test_a_person_in_several_yearly_sheets_is_one_record_with_each_award(office, tmp_path):
    path, _ = book(tmp_path, "yearly_sheets")
    preview = read(office, path)
    near = [p for p in preview.problems if p.code == "person_near_match"]
    assert [(p.sheet, p.row) for p in near] == [("Năm 2023", 11)]  # Tẩn Láo Lở with no birth year
    result = commit_import(office, preview)
    assert result.committed and result.awards == 10 and result.people_created == 4
    with office.session() as s:
        everyone = s.scalars(select(Person)).all()
        assert sorted(p.full_name for p in everyone) == ["Lò Văn Páo", "Nguyễn Thị Mai", "Tẩn Láo Lở", "Tẩn Láo Lở"]
        people = {p.full_name: p for p in everyone}
        pao = people["Lò Văn Páo"]
        years = s.scalars(select(Award.year).where(Award.person_id == pao.id).order_by(Award.year)).all()
        assert years == [2022, 2023, 2024] and pao.birth_year == 1980 and pao.gender == "M"
        mai = people["Nguyễn Thị Mai"]
        assert mai.gender == "F" and s.scalar(select(func.count()).where(Award.person_id == mai.id)) == 4
        bo = s.scalar(select(Unit.id).where(Unit.code == "XA_BAN_BO"))
        assert pao.unit_id == mai.unit_id == bo  # `Xã Bản Bo`, `xã Bản Bo`, `UBND xã Bản Bo`: one unit


def test_a_confirmed_near_match_joins_the_records(office, tmp_path):
    path, _ = book(tmp_path, "yearly_sheets")
    preview = read(office, path)
    row = next(r for r in preview.rows if r.match.kind == "near")
    row.choice = row.match.candidates[0].id  # the clerk: same person as in the 2022 sheet
    result = commit_import(office, preview)
    assert result.people_created == 3
    with office.session() as s:
        lo = s.scalar(select(Person).where(Person.full_name == "Tẩn Láo Lở"))
        assert s.scalars(select(Award.year).where(Award.person_id == lo.id).order_by(Award.year)).all() == [2022, 2023]


def test_known_people_are_linked_not_duplicated(office, tmp_path):
    with office.session() as s:
        bo = s.scalar(select(Unit).where(Unit.code == "XA_BAN_BO"))
        s.add(Person(full_name="Lò Văn Páo", match_key="lo van pao", birth_year=1980, unit_id=bo.id))
    path, _ = book(tmp_path, "yearly_sheets")
    result = commit_import(office, read(office, path))
    assert result.people_linked == 1 and result.people_created == 3
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(Person).where(Person.full_name == "Lò Văn Páo")) == 1


def test_decisions_are_recorded_once_by_issuer_year_and_number(office, tmp_path):
    path, _ = book(tmp_path, "yearly_sheets")
    commit_import(office, read(office, path))
    with office.session() as s:
        found = s.execute(select(Decision.number, Decision.issuer, Decision.year, Decision.issued_on,
                                 Decision.external).order_by(Decision.issued_on)).all()
    assert found == [("102/QĐ-UBND", "UBND huyện Tam Đường", 2022, dt.date(2022, 12, 20), False),
                     ("95/QĐ-UBND", "UBND huyện Tam Đường", 2023, dt.date(2023, 12, 18), False),
                     ("12/QĐ-UBND", "UBND huyện Tam Đường", 2025, dt.date(2025, 1, 10), False)]
    # A second book naming two of them (spelled `102/QĐ-UBND`, `95/QĐ-UBND`) links to them; its
    # province decision is the province's, and its sudden award keeps its kind.
    other, _ = book(tmp_path, "year_column")
    preview = read(office, other)
    # Two of its lines are already known; one new line (Hoàng Thị Dung, 2022) joins 102/QĐ-UBND.
    assert preview.context["decisions_linked"] == 1 and preview.context["decisions_new"] == 3
    commit_import(office, preview)
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(Decision)) == 6
        province = s.scalar(select(Decision).where(Decision.number == "1234/QĐ-UBND"))
        assert (province.issuer, province.year, province.external) == ("UBND tỉnh Lai Châu", 2025, True)
        linked = s.scalars(select(Award.decision_id).where(Award.decision_number == "102/QĐ-UBND")).all()
        assert len(linked) == 4 and len(set(linked)) == 1
        sudden = s.scalar(select(Award).where(Award.decision_number == "401/QĐ-UBND"))
        assert (sudden.kind, sudden.year, sudden.achievement) == ("sudden", 2021, "")
        household = s.scalar(select(Award).where(Award.subject == "household"))
        assert household.decision_id is None and household.unit_id == s.scalar(
            select(Unit.id).where(Unit.code == "XA_KHUN_HA"))


def test_money_book_numbers_source_and_search_key(office, tmp_path):
    path, _ = book(tmp_path, "yearly_sheets")
    preview = read(office, path)
    commit_import(office, preview)
    with office.session() as s:
        stored = s.scalar(select(StoredFile))
        rows = s.execute(select(Award, AwardType.code, AwardType.name).join(AwardType)
                         .order_by(Award.decision_date, Award.book_no)).all()
    got = [(a.recipient_name, code, a.year, a.book_no, int(a.money) if a.money is not None else None)
           for a, code, _ in rows]
    # Base salary 1,490,000 until 30/6/2023, 1,800,000 then, 2,340,000 from 1/7/2024; rounded up
    # to 10,000 đồng: LĐTT 0.3 × 1,490,000 = 447,000 → 450,000; TTLĐTT 0.8 × 1,800,000.
    assert got == [("Lò Văn Páo", "CSTDCS", 2022, 1, 1490000), ("Nguyễn Thị Mai", "LDTT", 2022, 2, 450000),
                   ("Tẩn Láo Lở", "LDTT", 2022, 3, 450000),
                   ("Lò Văn Páo", "CSTDCS", 2023, 1, 1800000), ("Nguyễn Thị Mai", "LDTT", 2023, 2, 540000),
                   ("Nguyễn Thị Mai", "GK", 2023, 3, 540000), ("Tẩn Láo Lở", "LDTT", 2023, 4, 540000),
                   ("Trạm Y tế xã Bản Bo", "TTLDTT", 2023, 5, 1440000),
                   ("Lò Văn Páo", "CSTDCS", 2024, 1, 2340000), ("Nguyễn Thị Mai", "LDTT", 2024, 2, 710000)]
    for a, _code, name in rows:
        assert a.source == "history" and a.source_file_id == stored.id
        assert a.search_key == award_search_key(a.recipient_name, a.unit_text, name, a.decision_number)
    health = next(a for a, code, _ in rows if code == "TTLDTT")
    assert health.subject == "collective" and health.unit_id is not None  # the health post is a unit


def test_a_decisions_own_list_keeps_its_numbers(office, tmp_path):
    path, _ = book(tmp_path, "annex")
    commit_import(office, read(office, path))
    with office.session() as s:
        got = s.execute(select(Award.recipient_name, Award.book_no, Award.position).order_by(Award.book_no)).all()
        decision = s.scalar(select(Decision))
    assert [(n, b) for n, b, _ in got] == [("Vàng Thị Hoa", 1), ("Lý Văn Tả", 2), ("Lò Văn Páo", 3)]
    assert (decision.number, decision.issued_on, decision.year) == ("1234/QĐ-UBND", dt.date(2024, 1, 5), 2024)


def test_the_same_file_again_changes_nothing(office, tmp_path):
    path, _ = book(tmp_path, "yearly_sheets")
    commit_import(office, read(office, path))
    before = (ledger(office), count(office, Person), count(office, Decision), count(office, StoredFile))
    again = read(office, path)
    assert again.already_imported is not None and again.as_dict()["rows_known"] == 10
    result = commit_import(office, again)
    assert not result.committed and result.already_imported
    assert (ledger(office), count(office, Person), count(office, Decision), count(office, StoredFile)) == before


def test_an_overlapping_book_adds_only_what_is_new_and_says_how_many_were_known(office, tmp_path):
    path, _ = book(tmp_path, "yearly_sheets")
    commit_import(office, read(office, path))
    sheets, _ = books.yearly_sheets()
    name, rows, merges = sheets[2]
    rows.insert(10, [3, "Hoàng Văn Hải", 1975, None, "Công chức", "UBND xã Bản Bo", "LĐTT", None,
                     "12/QĐ-UBND ngày 10/01/2025"])
    more = books.write(tmp_path / "more.xlsx", [sheets[1], (name, rows, merges)])
    preview = read(office, more)
    d = preview.as_dict()
    assert (d["rows_new"], d["rows_known"], d["rows_duplicate"]) == (1, 7, 0)
    known = next(p for p in preview.problems if p.code == "history_known")
    assert "7 dòng đã có" in known.message and "chỉ thêm 1 dòng mới" in known.message
    result = commit_import(office, preview)
    assert result.awards == 1 and result.rows_known == 7 and "7 dòng đã có trong sổ" in result.message
    assert len(ledger(office)) == 11 and count(office, Decision) == 3


def test_a_line_decided_in_the_program_is_recognised(office, tmp_path):
    """The ledger already has Lò Văn Páo's CSTĐCS 2023 from a decision issued here (another
    number): the book's line is known, and the difference is shown, not written."""
    with office.session() as s:
        bo = s.scalar(select(Unit).where(Unit.code == "XA_BAN_BO"))
        pao = Person(full_name="Lò Văn Páo", match_key="lo van pao", birth_year=1980, unit_id=bo.id)
        s.add(pao)
        s.flush()
        cstdcs = s.scalar(select(AwardType.id).where(AwardType.code == "CSTDCS"))
        s.add(Award(subject="individual", person_id=pao.id, unit_id=bo.id, recipient_name="Lò Văn Páo",
                    award_type_id=cstdcs, year=2023, decision_number="96/QĐ-UBND",
                    decision_date=dt.date(2023, 12, 19), issuer="UBND huyện Tam Đường"))
    path, _ = book(tmp_path, "yearly_sheets")
    preview = read(office, path)
    conflict = [p for p in preview.problems if p.code == "history_conflict"]
    assert len(conflict) == 1 and "96/QĐ-UBND" in conflict[0].message and "95/QĐ-UBND" in conflict[0].message
    commit_import(office, preview)
    with office.session() as s:
        assert s.scalar(select(func.count()).where(Award.person_id == pao.id, Award.year == 2023)) == 1


def test_a_row_given_twice_is_written_once(office, tmp_path):
    path, _ = book(tmp_path, "grouped")
    preview = read(office, path)
    assert [p.row for p in preview.problems if p.code == "history_duplicate_in_file"] == [12]
    result = commit_import(office, preview)
    assert result.awards == 4


def test_sudden_province_awards_and_a_revoked_line(office, tmp_path):
    path, _ = book(tmp_path, "grouped")
    commit_import(office, read(office, path))
    with office.session() as s:
        chu = s.scalar(select(Award).where(Award.recipient_name == "Giàng A Chứ"))
        say = s.scalar(select(Award).where(Award.recipient_name == "Sùng Thị Say"))
        province = s.get(Decision, chu.decision_id)
    assert (chu.kind, chu.issuer, chu.revoked) == ("sudden", "UBND tỉnh Lai Châu", False)
    assert province.external and province.number == "1500/QĐ-UBND"
    assert say.revoked and say.revoked_on == dt.date(2023, 12, 25) and "không ghi ngày thu hồi" in say.revoke_reason
    assert int(chu.money) == 1800000  # Bằng khen tỉnh decided in 2023: 1.0 × 1,800,000 (1.5 only from 1/7/2025)


def test_history_under_a_merged_commune_follows_the_person(office, tmp_path):
    """Giàng A Chứ, of xã Nà Tăm in the books, is now a person of xã Bản Bo (Nà Tăm merged into
    it): his old awards join his record, credited to Nà Tăm, the old name kept."""
    with office.session() as s:
        bo = s.scalar(select(Unit).where(Unit.code == "XA_BAN_BO"))
        chu = Person(full_name="Giàng A Chứ", match_key="giang a chu", birth_year=1975, unit_id=bo.id)
        s.add(chu)
    rows = [["SỔ THEO DÕI KHEN THƯỞNG NĂM 2023"], [],
            ["STT", "Họ và tên", "Năm sinh", "Đơn vị công tác", "Danh hiệu", "Số quyết định", "Ngày quyết định"],
            [1, "Giàng A Chứ", 1975, "UBND xã Nà Tăm", "CSTĐCS", "95/QĐ-UBND", "18/12/2023"]]
    path = books.write(tmp_path / "na-tam.xlsx", [("2023", rows, ())])
    preview = read(office, path)
    assert preview.rows[0].match.kind == "exact" and preview.rows[0].match.person_id == chu.id
    commit_import(office, preview)
    with office.session() as s:
        award = s.scalar(select(Award))
        na_tam = s.scalar(select(Unit.id).where(Unit.code == "XA_NA_TAM"))
    assert (award.person_id, award.unit_id, award.unit_text) == (chu.id, na_tam, "UBND xã Nà Tăm")


def test_a_new_person_of_a_merged_commune_is_placed_in_its_successor(office, tmp_path):
    rows = [["SỔ THEO DÕI KHEN THƯỞNG NĂM 2022"], [],
            ["STT", "Họ và tên", "Năm sinh", "Đơn vị công tác", "Danh hiệu"],
            [1, "Tẩn Thị Mẩy", 1991, "Xã Nà Tăm", "LĐTT"]]
    commit_import(office, read(office, books.write(tmp_path / "may.xlsx", [("2022", rows, ())])))
    with office.session() as s:
        person = s.scalar(select(Person))
        award = s.scalar(select(Award))
        codes = dict(s.execute(select(Unit.id, Unit.code)).all())
    assert codes[person.unit_id] == "XA_BAN_BO" and codes[award.unit_id] == "XA_NA_TAM"


def test_years_from_the_option_or_guessed_from_the_decision(office, tmp_path):
    rows = [["DANH SÁCH KHEN THƯỞNG"], [],
            ["STT", "Họ và tên", "Năm sinh", "Danh hiệu", "Số quyết định", "Ngày quyết định"],
            [1, "Lò Văn Páo", 1980, "LĐTT", "5/QĐ-UBND", "08/01/2024"],
            [2, "Lò Thị Én", 1990, "LĐTT", None, None]]
    path = books.write(tmp_path / "no-year.xlsx", [("Sheet1", rows, ())])
    preview = read(office, path, kind="ledger")
    codes = {p.code: p for p in preview.problems}
    assert codes["year_guessed"].severity == "warning" and codes["year_missing"].severity == "error"
    assert [r.history.year for r in preview.rows] == [2024, None]
    with pytest.raises(ValidationError):
        commit_import(office, preview)
    assert count(office, Award) == 0
    chosen = read(office, path, kind="ledger", year=2023)  # the year for rows the book does not date
    assert [r.history.year for r in chosen.rows] == [2023, 2023] and not chosen.errors


def test_an_error_anywhere_writes_nothing(office, tmp_path):
    sheets, _ = books.yearly_sheets()
    sheets[2][1][9][6] = "Huy chương vàng"  # not in the catalogue, in the last sheet
    path = books.write(tmp_path / "bad.xlsx", sheets)
    preview = read(office, path)
    bad = [p for p in preview.errors if p.code == "award_unknown"]
    assert bad and bad[0].sheet == "2024" and bad[0].cell == "G10"
    with pytest.raises(ValidationError):
        commit_import(office, preview)
    assert (count(office, Award), count(office, Person), count(office, Decision), count(office, StoredFile)) == (0, 0, 0, 0)


def test_hostile_cells_give_problems_not_crashes(office, tmp_path):
    rows = [["SỔ THEO DÕI KHEN THƯỞNG"], [],
            ["STT", "Năm", "Họ và tên", "Danh hiệu", "Số quyết định", "Ngày quyết định", "Loại khen"],
            [1, "hai nghìn", "Lò Văn A", "LĐTT", "=1+1", "31/02/2023", "bí mật"],
            [2, 2023, "Lò Văn B", "LĐTT", "không số", True, None],
            [3, 2023, "@Lò Văn C", "LĐTT", "12/QĐ-UBND", 45000, "Đột xuất"]]
    path = books.write(tmp_path / "hostile.xlsx", [("Sheet1", rows, ())])
    preview = read(office, path)
    codes = sorted(p.code for p in preview.problems)
    assert "year_invalid" in codes and "decision_date_invalid" in codes and "decision_unreadable" in codes
    assert "award_kind_unknown" in codes
    third = preview.rows[2].history
    assert third.decision == "12/QĐ-UBND" and third.decision_date == dt.date(2023, 3, 15) and third.kind == "sudden"


def test_an_exported_ledger_imports_back_as_nothing_new(demo_db, tmp_path):
    from app.excel.exports import export_named

    with demo_db.session() as s:
        path, written = export_named(s, "ledger", 2023, tmp_path / "so-2023.xlsx")
        before = s.scalar(select(func.count()).select_from(Award))
    preview = read(demo_db, path)
    d = preview.as_dict()
    assert preview.kind == "ledger" and d["rows_read"] == written
    assert (d["rows_new"], d["rows_known"], d["rows_duplicate"]) == (0, written, 0)
    assert not preview.errors and {p.code for p in preview.problems} == {"history_known"}
    result = commit_import(demo_db, preview)
    assert not result.committed
    with demo_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Award)) == before


def test_progress_and_copy_kept(office, tmp_path):
    path, _ = book(tmp_path, "year_column")
    seen = []
    with office.session() as s:
        preview = read_file(s, path, progress=lambda n, total, label: seen.append(n))
    assert seen == [0, 1, 2, 3, 4]
    files = tmp_path / "files"
    commit_import(office, preview, files_dir=files)
    kept = list(files.iterdir())
    assert len(kept) == 1 and kept[0].read_bytes() == path.read_bytes()
    shutil.rmtree(files)


def test_what_changed_between_preview_and_commit_is_seen(office, tmp_path):
    """The book was read; before the clerk confirms, the same award enters the ledger (another
    screen, another PC): the commit plans again and does not write it twice."""
    path, _ = book(tmp_path, "annex")
    preview = read(office, path)
    assert preview.as_dict()["rows_new"] == 3
    with office.session() as s:
        lt = s.scalar(select(AwardType.id).where(AwardType.code == "LDTT"))
        s.add(Award(subject="individual", recipient_name="Lý Văn Tả", award_type_id=lt, year=2023,
                    unit_text="UBND xã Bản Bo", decision_number="1234/QĐ-UBND", decision_date=dt.date(2024, 1, 5)))
    result = commit_import(office, preview)
    assert (result.awards, result.rows_known) == (2, 1)
    assert len([n for n, *_ in ledger(office) if n == "Lý Văn Tả"]) == 1


HEADER = ["STT", "Họ và tên", "Năm sinh", "Đơn vị công tác", "Năm", "Danh hiệu, hình thức", "Số quyết định",
          "Ngày quyết định", "Ghi chú"]


def test_a_line_held_by_a_namesake_without_birth_year_stays_known_after_the_import(office, tmp_path):
    """An older book gave “Nguyễn Thị Mai” (no birth year, no unit) an LĐTT 2018. A new book
    lists her in Bản Bo, still without birth year: its LĐTT 2018 line is known (she holds it)
    and its Giấy khen 2024 line makes a new record of her in Bản Bo (not confirmed as the same
    person). Read again after the import, the book must still have nothing new in it."""
    old = books.write(tmp_path / "cu.xlsx", [("Sổ", [["SỔ THEO DÕI KHEN THƯỞNG"], HEADER,
                                                    [1, "Nguyễn Thị Mai", None, None, 2018, "LĐTT", None, None, None]], ())])
    commit_import(office, read(office, old))
    new = books.write(tmp_path / "moi.xlsx", [("Sổ", [["SỔ THEO DÕI KHEN THƯỞNG"], HEADER,
                                                     [1, "Nguyễn Thị Mai", None, "Xã Bản Bo", 2024, "GK", "13/QĐ-UBND", None, None],
                                                     [2, "Nguyễn Thị Mai", None, "Xã Bản Bo", 2018, "LĐTT", None, None, None]], ())])
    first = read(office, new).as_dict()
    assert [r["status"] for r in first["rows"]] == ["new", "known"]
    commit_import(office, read(office, new))
    again = read(office, new)
    assert [r["status"] for r in again.as_dict()["rows"]] == ["known", "known"]
    assert len(ledger(office)) == 2  # the LĐTT 2018 once, the Giấy khen 2024 once
