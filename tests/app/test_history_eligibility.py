"""Eligibility sees the imported past: an award book imported on the first morning feeds the
consecutive-year chains (a gap year breaks them; a theme or sudden award never counts), the
same-year duplicate check, the prerequisites of the higher titles and forms, across a merged
commune; and the rating and initiative columns of a proposal list feed LĐTT and CSTĐCS.
Verdicts are "meets" when the data prove it, "fails" when they disprove it, each reason
naming its legal basis."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.imports import commit_import, read_file
from app.rules import FAILS, MEETS, UNKNOWN, check_dossier
from db.models import Award, Person
from tests.app.excel import history_books as books

HEAD = ["STT", "Họ và tên", "Năm sinh", "Đơn vị công tác", "Danh hiệu, hình thức", "Số quyết định",
        "Ngày quyết định", "Loại khen"]


def import_book(world, tmp_path, lines: list[list], name: str = "so.xlsx") -> None:
    """An award book with one sheet a year: lines are (year, name, birth, unit, award, kind)."""
    sheets = {}
    for year, who, born, unit, award, *kind in lines:
        rows = sheets.setdefault(year, [[f"SỔ THEO DÕI KHEN THƯỞNG NĂM {year}"], [], HEAD])
        rows.append([len(rows) - 2, who, born, unit, award, f"{100 + year % 100}/QĐ-UBND", f"18/12/{year}",
                     kind[0] if kind else "Thường xuyên"])
    path = books.write(tmp_path / name, [(str(y), rows, ()) for y, rows in sorted(sheets.items())])
    preview = read_file(world.s, path)
    assert preview.kind == "ledger" and not preview.errors, preview.errors
    assert commit_import(world.s, preview).committed


def person(world, name: str) -> Person:
    return world.s.scalar(select(Person).where(Person.full_name == name))


def reasons(verdict) -> dict[str, object]:
    return {r.code: r for r in verdict.reasons}


def test_three_imported_cstdcs_meet_the_provincial_title_prerequisite(world, tmp_path):
    world.office()
    bo = world.unit("UBND xã Bản Bo")
    import_book(world, tmp_path, [(y, "Lò Văn Páo", 1980, "xã Bản Bo", "CSTĐCS") for y in (2022, 2023, 2024)])
    pao = person(world, "Lò Văn Páo")
    world.initiative(pao, 2024, scope="tinh")
    # The 2024 achievements, decided in 2025: three consecutive CSTĐCS end with 2024.
    dossier = world.dossier(bo, year=2024, received=dt.date(2025, 2, 10))
    verdict = world.check(world.nominate(dossier, pao, "CSTD_TINH"), on=dt.date(2025, 2, 20))
    found = reasons(verdict)
    assert found["prerequisite_run_ok"].outcome == "ok" and "2022" in found["prerequisite_run_ok"].message
    assert "Điều 22" in found["prerequisite_run_ok"].basis
    assert verdict.verdict == MEETS


def test_a_2025_dossier_counts_the_imported_years_with_the_years_own_proposal(world, tmp_path):
    world.office()
    bo = world.unit("UBND xã Bản Bo")
    import_book(world, tmp_path, [(y, "Lò Văn Páo", 1980, "xã Bản Bo", "CSTĐCS") for y in (2022, 2023, 2024)])
    pao = person(world, "Lò Văn Páo")
    world.initiative(pao, 2025, scope="tinh")
    dossier = world.dossier(bo, year=2025)
    world.nominate(dossier, pao, "CSTDCS", rating="HTXSNV")
    verdict = world.check(world.nominate(dossier, pao, "CSTD_TINH"))
    assert reasons(verdict)["prerequisite_run_ok"].outcome == "ok"


def test_without_the_book_the_same_dossier_fails(world):
    world.office()
    bo = world.unit("UBND xã Bản Bo")
    pao = world.person("Lò Văn Páo", bo, birth_year=1980)
    world.initiative(pao, 2024, scope="tinh")
    dossier = world.dossier(bo, year=2024, received=dt.date(2025, 2, 10))
    verdict = world.check(world.nominate(dossier, pao, "CSTD_TINH"), on=dt.date(2025, 2, 20))
    assert "prerequisite_run_broken" in world.failed(verdict) and verdict.verdict == FAILS


def test_a_gap_year_breaks_the_chain(world, tmp_path):
    world.office()
    bo = world.unit("UBND xã Bản Bo")
    import_book(world, tmp_path, [(y, "Lò Văn Páo", 1980, "xã Bản Bo", "CSTĐCS") for y in (2022, 2024)]
                + [(2023, "Lò Văn Páo", 1980, "xã Bản Bo", "LĐTT")])
    pao = person(world, "Lò Văn Páo")
    dossier = world.dossier(bo, year=2024, received=dt.date(2025, 2, 10))
    verdict = world.check(world.nominate(dossier, pao, "CSTD_TINH"), on=dt.date(2025, 2, 20))
    broken = reasons(verdict)["prerequisite_run_broken"]
    assert broken.outcome == "fail" and "thiếu năm 2023" in broken.message


@pytest.mark.parametrize("kind", ["Đột xuất", "Chuyên đề"])
def test_a_sudden_or_theme_award_inside_the_chain_does_not_count(world, tmp_path, kind):
    world.office()
    bo = world.unit("UBND xã Bản Bo")
    import_book(world, tmp_path, [(2022, "Lò Văn Páo", 1980, "xã Bản Bo", "CSTĐCS"),
                                  (2023, "Lò Văn Páo", 1980, "xã Bản Bo", "CSTĐCS", kind),
                                  (2024, "Lò Văn Páo", 1980, "xã Bản Bo", "CSTĐCS")])
    pao = person(world, "Lò Văn Páo")
    dossier = world.dossier(bo, year=2024, received=dt.date(2025, 2, 10))
    verdict = world.check(world.nominate(dossier, pao, "CSTD_TINH"), on=dt.date(2025, 2, 20))
    assert "thiếu năm 2023" in reasons(verdict)["prerequisite_run_broken"].message


def test_the_same_title_for_the_same_year_is_a_duplicate(world, tmp_path):
    world.office()
    bo = world.unit("UBND xã Bản Bo")
    import_book(world, tmp_path, [(2024, "Nguyễn Thị Mai", 1990, "xã Bản Bo", "LĐTT")])
    mai = person(world, "Nguyễn Thị Mai")
    dossier = world.dossier(bo, year=2024, received=dt.date(2025, 1, 5))
    verdict = world.check(world.nominate(dossier, mai, "LDTT", rating="HTTNV"), on=dt.date(2025, 1, 10))
    duplicate = reasons(verdict)["already_awarded"]
    assert duplicate.outcome == "fail" and "124/QĐ-UBND" in duplicate.message and verdict.verdict == FAILS


def test_history_under_a_merged_commune_counts_for_its_people(world, tmp_path):
    """Nà Tăm merged into Bản Bo: the book names Nà Tăm, the person is now of Bản Bo."""
    world.office()
    bo = world.unit("UBND xã Bản Bo")
    na_tam = world.unit("UBND xã Nà Tăm", merged_into_id=bo.id, merged_on=dt.date(2025, 7, 1), active=False)
    chu = world.person("Giàng A Chứ", bo, birth_year=1975)
    import_book(world, tmp_path, [(y, "Giàng A Chứ", 1975, "UBND xã Nà Tăm", "CSTĐCS") for y in (2023, 2024)])
    assert person(world, "Giàng A Chứ").id == chu.id
    dossier = world.dossier(bo, year=2024, received=dt.date(2025, 8, 1))
    verdict = world.check(world.nominate(dossier, chu, "BK_TINH"), on=dt.date(2025, 8, 5))
    found = reasons(verdict)
    assert found["prerequisite_run_ok"].outcome == "ok" and "Điều 74" in found["prerequisite_run_ok"].basis
    credited = world.s.execute(select(Award.unit_id, Award.unit_text).where(Award.person_id == chu.id)).all()
    assert credited == [(na_tam.id, "UBND xã Nà Tăm")] * 2  # the old name stays in the history


def test_ratings_and_initiatives_of_a_proposal_list_feed_ldtt_and_cstdcs(world, tmp_path):
    world.office()
    world.unit("UBND xã Bản Bo")
    rows = [["UBND XÃ BẢN BO"], ["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025"], [],
            ["STT", "Họ và tên", "Năm sinh", "Hình thức đề nghị", "Mức độ hoàn thành nhiệm vụ", "Tên sáng kiến"],
            [1, "Lò Thị Én", 1990, "LĐTT", "Hoàn thành nhiệm vụ", None],
            [2, "Vàng A Dình", 1984, "LĐTT", "HTTNV", None],
            [3, "Tẩn Láo Lở", 1992, "LĐTT", "HTXSNV", None],
            [4, "Tẩn Láo Lở", 1992, "CSTĐCS", "HTXSNV", None],
            [5, "Giàng Thị Mỷ", 1978, "LĐTT", "HTTNV", None],
            [6, "Giàng Thị Mỷ", 1978, "CSTĐCS", "HTTNV", "Sổ tay điện tử quản lý hộ tịch"],
            [7, "Sùng Thị Chứ", 1992, "CSTĐCS", None, None]]
    path = books.write(tmp_path / "de-nghi.xlsx", [("Danh sach", rows, ())])
    preview = read_file(world.s, path)
    assert preview.kind == "award_proposal" and not preview.errors
    assert any(p.code == "eligibility_rating_too_low" and p.row == 5 for p in preview.problems)
    result = commit_import(world.s, preview)
    verdicts = {(v.nominee, v.award): v for v in check_dossier(world.s, result.dossier_id, on=dt.date(2025, 12, 1))}
    en = verdicts[("Lò Thị Én", "LDTT")]
    assert en.verdict == FAILS and reasons(en)["rating_too_low"].basis.startswith("Luật Thi đua, khen thưởng 2022 Điều 24")
    assert verdicts[("Vàng A Dình", "LDTT")].verdict == MEETS
    assert verdicts[("Tẩn Láo Lở", "CSTDCS")].verdict == MEETS  # LĐTT proposed with it, rated HTXSNV
    # LĐTT with it and an initiative typed in the list, with no decision recognising it yet
    my = verdicts[("Giàng Thị Mỷ", "CSTDCS")]
    assert my.verdict == UNKNOWN and "initiative_unconfirmed" in world.codes(my)
    chu = verdicts[("Sùng Thị Chứ", "CSTDCS")]  # neither a LĐTT title nor a rating: cannot tell
    assert chu.verdict == UNKNOWN and "same_year_standard_unknown" in world.codes(chu)
