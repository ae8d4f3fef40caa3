"""The import service: read (never writes), show, then write all or nothing; versions,
re-imports, person matching, errors that block and warnings that are kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import config
from app.errors import ValidationError
from app.imports import Cancelled, commit_import, confirm_replace, read_file, reread
from app.text import fold, match_key
from db.models import (
    Award,
    AwardType,
    Bloc,
    BlocCriterion,
    BlocMember,
    BlocScore,
    Dossier,
    DossierDocument,
    DossierEvent,
    Initiative,
    Nominee,
    Person,
    PersonRating,
    Registration,
    StoredFile,
    Submission,
    Unit,
)
from tests.app.excel.books import nasty_list, ods, xls, xlsx

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"  # copies of ../shared/samples
TABLES = (Submission, Dossier, Nominee, Person, PersonRating, Initiative, StoredFile, Registration,
          BlocScore, DossierEvent, DossierDocument)


@pytest.fixture
def office(db):
    """Three communes and a school, as the demo names them."""
    with db.session() as s:
        for code, name, short in [("XA_BAN_BO", "UBND xã Bản Bo", "Xã Bản Bo"),
                                  ("XA_BAN_HON", "UBND xã Bản Hon", "Xã Bản Hon"),
                                  ("XA_KHUN_HA", "UBND xã Khun Há", "Xã Khun Há"),
                                  ("TRAM_YT_BAN_BO", "Trạm Y tế xã Bản Bo", "")]:
            s.add(Unit(code=code, name=name, short_name=short, kind="commune", search_key=fold(name)))
    return db


def unit_id(db, code: str) -> int:
    with db.session() as s:
        return s.scalar(select(Unit.id).where(Unit.code == code))


def counts(db) -> dict:
    with db.session() as s:
        return {t.__tablename__: s.scalar(select(func.count()).select_from(t)) for t in TABLES}


def preview_of(db, path, **options):
    with db.session() as s:
        return read_file(s, path, **options)


def nasty(tmp_path, writer=xlsx, name="ds-ban-bo", edit=None):
    rows, merges = nasty_list()
    if edit:
        edit(rows)
    return writer(tmp_path / f"{name}.{ {xlsx: 'xlsx', xls: 'xls', ods: 'ods'}[writer] }", rows, merges)


@pytest.mark.parametrize("writer", [xlsx, xls, ods])
def test_a_nasty_list_in_the_units_own_layout_is_understood(office, tmp_path, writer):
    p = preview_of(office, nasty(tmp_path, writer))
    assert p.errors == []
    assert (p.kind, p.unit.name, p.year, p.award.code) == ("award_proposal", "UBND xã Bản Bo", 2025, "GK")
    assert p.proposal_ref == "Tờ trình số 15/TTr-UBND ngày 03/12/2025"
    assert (p.rows_read, p.individuals, p.collectives) == (8, 7, 1)
    by_name = {r.name: r for r in p.rows}
    duc = by_name["Nguyễn Văn Đức"]  # NFD, double and non-breaking spaces, stored NFC single-spaced
    assert (duc.gender, duc.birth_date, duc.ethnicity_name, duc.rating) == ("Nam", dt.date(1984, 7, 3), "Kinh", "HTXSNV")
    assert duc.initiative == "Ứng dụng phần mềm quản lý hộ tịch"
    assert (by_name["Lò Thị Én"].gender, by_name["Lò Thị Én"].birth_date) == ("Nữ", dt.date(1990, 5, 12))
    dinh = by_name["Vàng A Dình"]
    assert (dinh.birth_year, dinh.ethnicity, dinh.direct_worker) == (1984, "mong", True)
    assert dinh.position == "Trưởng bản Nà Tăm (kiêm Bí thư chi bộ)"  # wrapped onto the next line
    my = by_name["Giàng Thị Mỷ"]
    assert (my.gender, my.birth_date, my.ethnicity, my.rating, my.direct_worker) == (
        "Nữ", dt.date(1978, 8, 15), "mong", "HTTNV", True)
    assert (by_name["Sùng Thị Chứ"].birth_year, by_name["Sùng Thị Chứ"].ethnicity) == (1992, "mong")
    assert by_name["Lù Văn Pâng"].birth_date == dt.date(1986, 9, 5)
    tram = by_name["Trạm Y tế xã Bản Bo"]
    assert (tram.subject, tram.unit_id) == ("collective", unit_id(office, "TRAM_YT_BAN_BO"))
    assert all(r.award.code == "GK" for r in p.rows)
    assert "Lập" not in " ".join(by_name)  # the footer's names are no nominees


def test_reading_never_writes(office, tmp_path):
    before = counts(office)
    preview_of(office, nasty(tmp_path))
    assert counts(office) == before
    assert not _files(office).is_dir() or not any(_files(office).iterdir())


def test_commit_makes_the_submission_dossier_nominees_and_people(office, tmp_path):
    path = nasty(tmp_path)
    p = preview_of(office, path)
    result = commit_import(office, p, today=dt.date(2025, 12, 5))
    assert result.committed and result.version_no == 1
    assert (result.nominees, result.people_created, result.people_linked) == (8, 7, 0)
    with office.session() as s:
        sub = s.get(Submission, result.submission_id)
        assert (sub.kind, sub.year, sub.status, sub.channel) == ("award_proposal", 2025, "received", "import")
        assert sub.summary["individuals"] == 7 and sub.summary["direct_workers"] == 2
        stored = s.get(StoredFile, sub.file_id)
        kept = _files(office) / f"{stored.sha256}.xlsx"
        assert kept.read_bytes() == path.read_bytes()
        d = s.get(Dossier, result.dossier_id)
        assert (d.number, d.status, d.category, d.year, d.received_on) == (
            "HS-2025-0001", "received", "regular", 2025, dt.date(2025, 12, 5))
        assert d.proposal_ref.startswith("Tờ trình số 15/TTr-UBND")
        assert [(e.to_status, e.reason) for e in d.history] == [("received", f"Nhập từ tệp {path.name}")]
        docs = {doc.code: doc for doc in d.documents}
        assert docs["danh_sach"].present and docs["danh_sach"].file_id == stored.id
        assert not docs["to_trinh"].present
        names = [n.name for n in d.nominees]
        assert names[0] == "Nguyễn Văn Đức" and len(names) == 8
        duc = s.scalar(select(Person).where(Person.match_key == "nguyen van duc"))
        assert (duc.gender, duc.birth_date, duc.ethnicity, duc.unit.code) == ("M", dt.date(1984, 7, 3), "kinh", "XA_BAN_BO")
        assert s.scalar(select(PersonRating.rating).where(PersonRating.person_id == duc.id)) == "HTXSNV"
        assert s.scalar(select(Initiative.title).where(Initiative.person_id == duc.id)).startswith("Ứng dụng")
        tram = s.scalar(select(Nominee).where(Nominee.name == "Trạm Y tế xã Bản Bo"))
        assert tram.person_id is None and tram.unit_id == unit_id(office, "TRAM_YT_BAN_BO")


def test_the_identical_file_again_changes_nothing(office, tmp_path):
    path = nasty(tmp_path)
    commit_import(office, preview_of(office, path))
    before = counts(office)
    again = preview_of(office, path)
    assert again.already_imported is not None
    assert [q.code for q in again.problems] == ["already_imported"]
    assert "đã nhập trước đây" in again.problems[0].message
    result = commit_import(office, again)
    assert not result.committed and result.already_imported
    assert counts(office) == before


def test_a_corrected_file_becomes_version_2_and_keeps_version_1(office, tmp_path):
    first = commit_import(office, preview_of(office, nasty(tmp_path, name="v1")))

    def fix(rows):
        rows[17][1] = "Tẩn Láo Lở"
        rows[17][2] = 1991  # corrected birth year
        rows[18][1] = "Sùng Thị Chứ"
    p2 = preview_of(office, nasty(tmp_path, name="v2", edit=fix))
    assert p2.version_no == 2 and p2.replaces.submission_id == first.submission_id
    assert "may_replace" in [q.code for q in p2.problems]  # a candidate only: the clerk confirms
    assert confirm_replace(p2)
    second = commit_import(office, p2)
    with office.session() as s:
        v1, v2 = s.get(Submission, first.submission_id), s.get(Submission, second.submission_id)
        assert (v1.status, v1.version_no, v2.status, v2.version_no) == ("superseded", 1, "received", 2)
        assert v1.file_id != v2.file_id
        assert second.dossier_id == first.dossier_id  # the open dossier takes the corrected list
        d = s.get(Dossier, first.dossier_id)
        assert len(d.nominees) == 8 and d.submission_id == v2.id
        assert "phiên bản 2" in d.history[-1].reason
        # Same people linked again, not created twice (Tẩn Láo Lở: birth year ±1 is only near).
        assert s.scalar(select(func.count()).select_from(Person).where(Person.match_key == "nguyen van duc")) == 1
    assert second.people_linked == 6


def test_person_matching_exact_near_and_new(office, tmp_path):
    home, other = unit_id(office, "XA_BAN_BO"), unit_id(office, "XA_KHUN_HA")
    with office.session() as s:
        s.add_all([Person(full_name="Nguyễn Văn Đức", match_key="nguyen van duc", birth_year=1984, unit_id=home),
                   Person(full_name="Lò Thị Én", match_key="lo thi en", birth_year=1990, unit_id=other),
                   Person(full_name="Vàng A Dính", match_key=match_key("Vàng A Dính"), birth_year=1984, unit_id=home),
                   Person(full_name="Tẩn Láo Lờ", match_key="tan lao lo", birth_year=1970, unit_id=home)])
    p = preview_of(office, nasty(tmp_path))
    kinds = {r.name: r.match.kind for r in p.rows if r.match}
    assert kinds["Nguyễn Văn Đức"] == "exact"
    assert kinds["Lò Thị Én"] == "near"  # same name and birth year, other unit
    assert kinds["Vàng A Dình"] == "exact"  # match_key folds the tone: Dình = Dính
    assert kinds["Tẩn Láo Lở"] == "none"  # a namesake born 22 years earlier is someone else
    near = [q for q in p.problems if q.code == "person_near_match"]
    assert any("Lò Thị Én" in q.message and "UBND xã Khun Há" in q.message for q in near)
    result = commit_import(office, p)
    with office.session() as s:
        assert s.scalar(select(Nominee.person_id).where(Nominee.name == "Lò Thị Én")) is None  # not merged
        assert s.scalar(select(func.count()).select_from(Person).where(Person.match_key == "lo thi en")) == 1
    assert result.people_linked == 2


def test_tan_lao_lo_birth_year_one_apart_is_near(office, tmp_path):
    with office.session() as s:
        s.add(Person(full_name="Tẩn Láo Lở", match_key="tan lao lo", birth_year=1993,
                     unit_id=unit_id(office, "XA_BAN_BO")))
    p = preview_of(office, nasty(tmp_path))
    row = next(r for r in p.rows if r.name == "Tẩn Láo Lở")
    assert row.match.kind == "near" and "lệch 1 năm" in row.match.candidates[0].reason


def test_confirming_a_near_match_links_or_creates(office, tmp_path):
    other = unit_id(office, "XA_KHUN_HA")
    with office.session() as s:
        s.add(Person(full_name="Lò Thị Én", match_key="lo thi en", birth_year=1990, unit_id=other))
        s.add(Person(full_name="Lù Văn Păn", match_key=match_key("Lù Văn Păn"), birth_year=1986,
                     unit_id=unit_id(office, "XA_BAN_BO")))
    p = preview_of(office, nasty(tmp_path))
    en = next(r for r in p.rows if r.name == "Lò Thị Én")
    pang = next(r for r in p.rows if r.name == "Lù Văn Pâng")
    assert pang.match.kind == "near" and "một chữ cái" in pang.match.candidates[0].reason
    en.choice = en.match.candidates[0].id
    pang.choice = "new"
    commit_import(office, p)
    with office.session() as s:
        assert s.scalar(select(Nominee.person_id).where(Nominee.name == "Lò Thị Én")) == en.choice
        created = s.scalar(select(Person).where(Person.match_key == match_key("Lù Văn Pâng")))
        assert created is not None and created.id != pang.match.candidates[0].id


def _blocking(office, tmp_path, edit):
    before = counts(office)
    p = preview_of(office, nasty(tmp_path, edit=edit))
    assert p.blocked
    with pytest.raises(ValidationError, match="lỗi"):
        commit_import(office, p)
    assert counts(office) == before
    return p


def test_errors_block_the_whole_file_and_name_the_cell(office, tmp_path):
    def edit(rows):
        rows[12][1] = None  # row 13: no name
        rows[13][3] = "31/02/1990"  # row 14: no such day
    p = _blocking(office, tmp_path, edit)
    found = {(q.code, q.where) for q in p.errors}
    assert ("name_missing", "Danh sach!B13") in found
    assert ("date_invalid", "Danh sach!D14") in found


def test_an_award_not_in_the_catalogue_blocks(office, tmp_path):
    rows = [["STT", "Họ và tên", "Năm sinh", "Hình thức đề nghị"],
            [1, "Lò Văn A", 1980, "Huy hiệu Bác Hồ"], [2, "Lò Văn B", 1981, "HTXS nhiệm vụ"]]
    p = preview_of(office, xlsx(tmp_path / "a.xlsx", rows), unit="Bản Bo", year=2025)
    codes = [(q.code, q.where) for q in p.problems]
    assert ("award_unknown", "Danh sach!D2") in codes
    assert ("award_is_rating", "Danh sach!D3") in codes  # an achievement, not an award
    assert ("award_missing", "Danh sach") in codes


def test_a_collective_for_an_individual_title_blocks(office, tmp_path):
    rows = [["STT", "Tên tập thể, cá nhân", "Danh hiệu đề nghị"], ["I", "Tập thể", None],
            [1, "Trường Tiểu học Bản Bo", "Lao động tiên tiến"]]
    p = preview_of(office, xlsx(tmp_path / "a.xlsx", rows), unit="XA_BAN_BO", year=2025)
    assert [q.code for q in p.errors] == ["award_subject_mismatch"]


def test_what_the_file_does_not_say_is_asked_for(office, tmp_path):
    rows = [["STT", "Họ và tên", "Năm sinh"], [1, "Lò Văn A", 1980]]
    path = xlsx(tmp_path / "a.xlsx", rows)
    p = preview_of(office, path)
    assert {q.code for q in p.errors} == {"unit_unknown", "year_missing", "award_missing"}
    fixed = preview_of(office, path, unit="ubnd xa ban bo", year=2025, award="LĐTT")
    assert fixed.errors == [] and fixed.rows[0].award.code == "LDTT"
    with office.session() as s:
        again = reread(s, p, unit=unit_id(office, "XA_BAN_BO"), year=2025, award="Giấy khen")
    assert again.errors == [] and again.unit.code == "XA_BAN_BO"


def test_eligibility_doubts_are_warnings_kept_with_the_nominee(office, tmp_path):
    home = unit_id(office, "XA_BAN_BO")
    with office.session() as s:
        duc = Person(full_name="Nguyễn Văn Đức", match_key="nguyen van duc", birth_year=1984, unit_id=home)
        s.add(duc)
        s.flush()
        gk = s.scalar(select(AwardType.id).where(AwardType.code == "GK"))
        s.add(Award(subject="individual", person_id=duc.id, recipient_name=duc.full_name, award_type_id=gk,
                    year=2025, source="history"))

    def twice(rows):
        rows[17][1], rows[17][2] = "Lò Thị Én", None
        rows[17][3] = dt.date(1990, 5, 12)
    p = preview_of(office, nasty(tmp_path, edit=twice))
    codes = [q.code for q in p.warnings]
    assert "eligibility_already_holds" in codes and "eligibility_duplicate_in_file" in codes
    assert all(q.code.startswith("eligibility") for q in p.warnings if "đã có" in q.message)
    commit_import(office, p)
    with office.session() as s:
        warn = s.scalar(select(Nominee.warnings).where(Nominee.name == "Nguyễn Văn Đức"))
        assert warn[0]["code"] == "eligibility_already_holds"


def test_progress_is_reported_and_cancel_stops(office, tmp_path):
    seen = []
    preview_of(office, nasty(tmp_path), progress=lambda n, total, label: seen.append((n, total)))
    assert seen[0] == (0, 4) and seen[-1] == (4, 4)
    with pytest.raises(Cancelled):
        preview_of(office, nasty(tmp_path), should_cancel=lambda: True)


def test_a_column_mapping_correction_rereads_the_rows(office, tmp_path):
    rows = [["STT", "Họ và tên", "Cột lạ", "Hình thức đề nghị"], [1, "Lò Văn A", 1980, "GK"]]
    path = xlsx(tmp_path / "a.xlsx", rows)
    p = preview_of(office, path, unit="XA_BAN_BO", year=2025)
    assert p.rows[0].birth_year is None
    assert [c[3] for c in p.tables[0].columns()] == ["seq", "name", None, "award"]
    with office.session() as s:
        fixed = reread(s, p, mapping={"Danh sach": {2: "birth"}})
    assert fixed.rows[0].birth_year == 1980


def test_registrations_become_registration_rows(office, tmp_path):
    rows = [["UBND XÃ BẢN BO"], [None], ["BẢN ĐĂNG KÝ THI ĐUA NĂM 2026"],
            ["STT", "Họ và tên tập thể, cá nhân", "Danh hiệu đăng ký", "Điển hình tiên tiến"],
            [1, "UBND xã Bản Bo", "Tập thể lao động tiên tiến", None],
            [2, "Lò Văn A", "CSTĐCS", "x"], [3, "Lò Thị B", "LĐTT", None]]
    p = preview_of(office, xlsx(tmp_path / "dk.xlsx", rows))
    assert (p.kind, p.year, p.unit.code, p.errors) == ("registration", 2026, "XA_BAN_BO", [])
    result = commit_import(office, p)
    assert result.registrations == 3
    with office.session() as s:
        regs = s.scalars(select(Registration).order_by(Registration.id)).all()
        assert [(r.subject, r.award_code, r.is_exemplar) for r in regs] == [
            ("collective", "TTLDTT", False), ("individual", "CSTDCS", True), ("individual", "LDTT", False)]


def _bloc(db, unit_code: str, year: int = 2025) -> dict:
    with db.session() as s:
        bloc = Bloc(year=year, name="Khối các xã, thị trấn")
        s.add(bloc)
        s.flush()
        s.add(BlocMember(bloc_id=bloc.id, unit_id=unit_id(db, unit_code)))
        group = BlocCriterion(bloc_id=bloc.id, code="I", title="Công tác chỉ đạo", max_points=30, sort_order=1)
        s.add(group)
        s.flush()
        a = BlocCriterion(bloc_id=bloc.id, parent_id=group.id, code="1", title="Ban hành kế hoạch thi đua",
                          max_points=10, sort_order=2)
        b = BlocCriterion(bloc_id=bloc.id, parent_id=group.id, code="2", title="Sơ kết, tổng kết",
                          max_points=20, sort_order=3)
        s.add_all([a, b])
        s.flush()
        return {"bloc": bloc.id, "a": a.id, "b": b.id}


def test_self_scores_land_on_the_blocs_criteria(office, tmp_path):
    ids = _bloc(office, "XA_BAN_BO")
    rows = [["UBND XÃ BẢN BO"], ["BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2025"],
            ["STT", "Nội dung tiêu chí", "Điểm chuẩn", "Điểm tự chấm", "Giải trình"],
            ["I", "Công tác chỉ đạo", 30, None, None],
            ["1", "Ban hành kế hoạch thi đua", 10, 0, "Chưa ban hành"],
            ["2", "Sơ kết, tổng kết", 20, "18,5", None]]
    p = preview_of(office, xlsx(tmp_path / "cham.xlsx", rows))
    assert (p.kind, p.errors) == ("bloc_scores", [])
    commit_import(office, p)
    with office.session() as s:
        scores = {x.criterion_id: (float(x.self_score), x.explanation) for x in s.scalars(select(BlocScore))}
    assert scores == {ids["a"]: (0.0, "Chưa ban hành"), ids["b"]: (18.5, "")}  # zero is a score


def test_a_score_over_the_maximum_blocks(office, tmp_path):
    _bloc(office, "XA_BAN_BO")
    rows = [["UBND XÃ BẢN BO"], ["BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2025"],
            ["STT", "Nội dung tiêu chí", "Điểm chuẩn", "Điểm tự chấm"],
            ["1", "Ban hành kế hoạch thi đua", 10, 12], ["9", "Tiêu chí không có", 5, 5]]
    p = preview_of(office, xlsx(tmp_path / "cham.xlsx", rows))
    assert {(q.code, q.where) for q in p.errors} == {("score_over_max", "Danh sach!D4"),
                                                     ("criterion_unknown", "Danh sach!B5")}


def test_a_report_keeps_its_figures_in_the_submission(office, tmp_path):
    rows = [["UBND XÃ KHUN HÁ"], ["BÁO CÁO SƠ KẾT CÔNG TÁC THI ĐUA 6 THÁNG ĐẦU NĂM 2025"],
            ["STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu"],
            [1, "Số cá nhân được khen thưởng", "người", 25], [2, "Số tiền thưởng", "đồng", "12.500.000"]]
    p = preview_of(office, xlsx(tmp_path / "bc.xlsx", rows))
    assert (p.kind, p.unit.code, p.errors) == ("report", "XA_KHUN_HA", [])
    result = commit_import(office, p)
    with office.session() as s:
        sub = s.get(Submission, result.submission_id)
        assert sub.kind == "report_mid"
        assert [f["value"] for f in sub.summary["figures"]] == [25, 12500000]


@pytest.mark.parametrize("name, expect_unit", [("de-nghi-giay-khen-xa-ban-hon.xlsx", "Bản Hon"),
                                                ("lao-dong-tien-tien-xa-khun-ha.xlsx", "Khun Há")])
def test_the_shared_samples(office, name, expect_unit):
    import json

    expect = json.loads((SAMPLES / f"{name}.expect.json").read_text(encoding="utf-8"))
    p = preview_of(office, SAMPLES / name)
    assert p.kind == expect["kind"] and p.year == expect["year"]
    assert p.individuals == expect["individuals"] and p.collectives == expect["collectives"]
    assert len(p.errors) == expect["errors"]
    assert p.as_dict()["award"] == expect["award"]
    assert expect_unit in p.unit_name
    if "females" in expect:
        assert sum(1 for r in p.rows if r.gender == "Nữ") == expect["females"]


def _files(office):
    """Where the program keeps stored files: beside a data file; the data folder for a server."""
    return config.files_dir(office.path) if office.path else config.data_dir() / "files"


def test_a_column_headed_nu_marks_the_women(office, tmp_path):
    """A unit's own list with a `Nữ` column marked x for the women (and a `Năm` column that is the
    year, not the men): the women are counted, so the report's «nữ» is right."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.append(["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025"])
    ws.append(["TT", "Họ tên", "Năm sinh", "Nữ", "Dân tộc", "Chức vụ", "Danh hiệu đề nghị", "Năm"])
    ws.append([1, "Phạm Thị Huyền", 1985, "x", "Kinh", "Giáo viên", "Lao động tiên tiến", 2025])
    ws.append([2, "Phạm Văn Hùng", 1980, None, "Kinh", "Giáo viên", "Lao động tiên tiến", 2025])
    ws.append([3, "Vàng Thị Sua", 1990, "X", "Mông", "Giáo viên", "Lao động tiên tiến", 2025])
    book.save(tmp_path / "nu.xlsx")
    p = preview_of(office, tmp_path / "nu.xlsx")
    assert [(r.name, r.gender) for r in p.rows] == [
        ("Phạm Thị Huyền", "Nữ"), ("Phạm Văn Hùng", None), ("Vàng Thị Sua", "Nữ")]
    assert p.as_dict()["females"] == 2
