"""Issue 16, "verdicts the law would sign": one test per numbered point of the issue, each
named after it and citing the article it enforces. Each failed on the program before the
issue (the verdict, money or import it describes) and holds now.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.decisions import DecisionInput, draft_decision, issue_decision, record_external_decision
from app.errors import UserError
from app.facts import (
    save_discipline,
    save_initiative,
    save_investigation,
    set_person_rating,
    set_unit_year,
)
from app.facts_view import person_record
from app.imports import commit_import, confirm_replace, read_file
from app.powers import forward_beyond_powers
from db.models import Award, Dossier, Movement, Nominee
from tests.app.excel import history_books as books
from tests.app.excel.history_books import HEADER, _row

EARLY = dt.date(2025, 6, 20)  # a district decision, before the two-level government
LATE = dt.date(2025, 12, 5)


def by(verdict, code):
    found = [r for r in verdict.reasons if r.code == code]
    assert found, [(r.code, r.message) for r in verdict.reasons]
    return found[0]


def test_01_powers_an_award_beyond_the_authority_is_forwarded_never_decided(world):
    """Luật TĐKT 2022 Điều 79–80; Nghị định 129/2025/NĐ-CP Điều 59: the office's authority
    decides only the awards of its level on the decision date; no district decision after
    30/6/2025."""
    world.office()  # UBND huyện Tam Đường
    unit = world.unit()
    an, binh, chi = (world.person(n, unit) for n in ("Nguyễn Văn An", "Lò Thị Bình", "Tòng Văn Chi"))
    dossier = world.dossier(unit, year=2024, status="appraised", received=dt.date(2025, 1, 10))
    for who, code in ((an, "LDTT"), (binh, "CSTD_TINH"), (chi, "BK_TINH")):
        world.nominate(dossier, who, code, appraisal="approved")
    draft = draft_decision(world.s, [dossier.id], EARLY)
    assert [line.award_code for line in draft.lines] == ["LDTT"]  # the province's awards are not paid
    assert {name for name, why in draft.left_out if "không thuộc thẩm quyền cấp huyện" in why} == {
        "Lò Thị Bình", "Tòng Văn Chi"}
    upward = forward_beyond_powers(world.s, [dossier.id], "45/TTr-UBND", EARLY, "UBND tỉnh Lai Châu")
    assert len(upward) == 1 and upward[0].status == "forwarded" and upward[0].forward_ref == "45/TTr-UBND"
    assert sorted(n.name for n in upward[0].nominees) == ["Lò Thị Bình", "Tòng Văn Chi"]
    decision = issue_decision(world.s, [dossier.id], DecisionInput("20/QĐ-UBND", EARLY))
    assert [a.recipient_name for a in decision.awards] == ["Nguyễn Văn An"]
    province = record_external_decision(world.s, upward[0].id, DecisionInput("1500/QĐ-UBND", dt.date(2025, 8, 1)),
                                        "UBND tỉnh Lai Châu")
    assert len(province.awards) == 2 and province.external
    later = world.dossier(unit, status="appraised", received=dt.date(2025, 7, 1))
    world.nominate(later, an, "GK", appraisal="approved")
    with pytest.raises(UserError) as refused:
        issue_decision(world.s, [later.id], DecisionInput("21/QĐ-UBND", dt.date(2025, 7, 15)))
    assert "30/06/2025" in refused.value.message and "cấp huyện" in refused.value.message


def test_02_cstdcs_needs_the_ldtt_standard_not_the_ldtt_title(world):
    """Luật TĐKT 2022 Điều 23 khoản 1: "đạt tiêu chuẩn" Lao động tiên tiến; a title missing
    from our ledger is never a failure by itself."""
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.rating(an, 2025, "HTXSNV")  # no LĐTT title in the ledger, none proposed
    v = world.check(world.nominate(world.dossier(unit), an, "CSTDCS"))
    assert v.verdict == "meets", v.reasons
    standard = by(v, "same_year_standard_ok")
    assert "Điều 23" in standard.basis and standard.fact["kind"] == "person_rating"
    binh = world.person("Lò Thị Bình", unit)  # neither the title nor a rating: cannot tell
    v = world.check(world.nominate(world.dossier(unit), binh, "CSTDCS"))
    assert v.verdict == "unknown"
    assert "Xếp loại" in by(v, "same_year_standard_unknown").missing


def test_03_an_initiative_counts_once_and_only_with_its_recognition_decision(world, tmp_path):
    """Luật TĐKT 2022 Điều 23 khoản 2 and Điều 74 khoản 1 điểm d: an initiative "được công
    nhận"; one initiative is one, however many years it is recorded in."""
    world.unit("UBND xã Bản Bo")
    rows = [["UBND XÃ BẢN BO"], ["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025"], [],
            ["STT", "Họ và tên", "Năm sinh", "Hình thức đề nghị", "Mức độ hoàn thành nhiệm vụ", "Tên sáng kiến"],
            [1, "Giàng Thị Mỷ", 1978, "LĐTT", "HTTNV", None],
            [2, "Giàng Thị Mỷ", 1978, "CSTĐCS", "HTTNV", "Sổ tay điện tử quản lý hộ tịch"]]
    preview = read_file(world.s, books.write(tmp_path / "de-nghi.xlsx", [("Danh sach", rows, ())]))
    result = commit_import(world.s, preview)
    from app.rules import check_dossier

    my = next(v for v in check_dossier(world.s, result.dossier_id, on=LATE) if v.award == "CSTDCS")
    assert my.verdict == "unknown"  # typed in the list, no decision: declared, not recognised
    assert "quyết định công nhận" in by(my, "initiative_unconfirmed").missing
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.awards(an, "CSTDCS", [2023])
    world.ratings(an, [2024, 2025])
    world.initiative(an, 2024, title="Số hóa hồ sơ một cửa")
    world.initiative(an, 2025, title="Số hóa  hồ sơ một cửa")  # the same initiative, recorded again
    v = world.check(world.nominate(world.dossier(unit), an, "BK_TINH"))
    assert v.verdict == "fails"
    assert "chỉ tính một" in by(v, "initiatives_missing").message


def test_04_the_collectives_ldtt_share_counts_members_who_meet_once_each_and_never_over_100(world):
    """Luật TĐKT 2022 Điều 28 khoản 1 điểm c (and Điều 27 khoản 1 điểm c): at least 70% of the
    collective's members are Lao động tiên tiến."""
    unit = world.unit()
    set_unit_year(world.s, unit.id, 2025, rating="HTTNV", members_total=10)
    proposals = world.dossier(unit)
    for n in range(8):
        person = world.person(f"Thành viên {n}", unit)
        world.rating(person, 2025, "HTNV" if n < 2 else "HTTNV")  # two of them fail LĐTT
        world.nominate(proposals, person, "LDTT")
        if n == 7:
            world.nominate(proposals, person, "CSTDCS")  # one person, one member
    nominee = world.nominate(world.dossier(unit), unit, "TTLDTT")
    v = world.check(nominee)
    share = by(v, "members_ldtt_share_low")
    assert v.verdict == "fails" and share.message.startswith("6/10") and "Điều 28" in share.basis
    set_unit_year(world.s, unit.id, 2025, rating="HTTNV", members_total=5)  # fewer than those holding it
    v = world.check(nominee)
    assert v.verdict == "unknown" and "members_count_inconsistent" in world.codes(v)


def test_05_money_highest_only_within_one_counting_period_and_the_bang_khen_rate_by_date(world, tmp_path):
    """Nghị định 152/2025/NĐ-CP Điều 49–54 (Nghị định 98/2023 Điều 73 before 1/7/2025): only the
    highest title of the same counting period is paid; a Bằng khen decided before 1/7/2025 is
    1.0 × base salary."""
    world.commune()
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.award(an, "CSTDCS", 2025, money=2_340_000, decision_date=LATE)
    upward = world.dossier(unit, status="forwarded", authority="forwarded")
    world.nominate(upward, an, "CSTD_TINH", appraisal="approved")
    province = record_external_decision(world.s, upward.id, DecisionInput("1600/QĐ-UBND", dt.date(2025, 12, 20)),
                                        "UBND tỉnh Lai Châu")
    assert int(province.awards[0].money) == 7_020_000  # 3.0 × 2,340,000: not less the CSTĐCS of 2025
    bk = world.dossier(unit, status="forwarded", authority="forwarded", category="sudden",
                    received=dt.date(2025, 2, 20))
    world.nominate(bk, world.person("Lò Thị Bình", unit), "BK_TINH", appraisal="approved")
    early = record_external_decision(world.s, bk.id, DecisionInput("300/QĐ-UBND", dt.date(2025, 3, 10)),
                                     "UBND tỉnh Lai Châu")
    assert int(early.awards[0].money) == 2_340_000  # 1.0 × 2,340,000 before 1/7/2025
    w = 10
    rows = [_row(w, *HEADER), _row(w), _row(w, "SỔ KHEN THƯỞNG NĂM 2023"), _row(w),
            _row(w, "TT", "Năm", "Họ tên", "Năm sinh", "Đơn vị", "Danh hiệu, hình thức", "Số QĐ", "Ngày QĐ"),
            _row(w, 1, 2023, "Hoàng Thị Dung", 1985, "Xã Bản Bo", "LĐTT", "95/QĐ-UBND", "18/12/2023"),
            _row(w, 2, 2023, "Hoàng Thị Dung", 1985, "Xã Bản Bo", "CSTĐCS", "95/QĐ-UBND", "18/12/2023")]
    preview = read_file(world.s, books.write(tmp_path / "so.xlsx", [("So khen thuong", rows, ())]), kind="ledger")
    commit_import(world.s, preview)
    paid = dict(world.s.execute(select(Award.year, func.sum(Award.money)).where(
        Award.recipient_name == "Hoàng Thị Dung").group_by(Award.year)).all())
    assert int(paid[2023]) == 1_800_000  # CSTĐCS 1.0 × 1,800,000 only; the LĐTT of that year is not paid too


def test_06_bang_khen_routes_by_dossier_kind_and_the_latest_run_not_yet_used(world):
    """Luật TĐKT 2022 Điều 74 khoản 1: a movement's result, a sudden achievement, or 2
    consecutive CSTĐCS (the latest run, which may end the year before); no interval between two
    Bằng khen is asked."""
    unit = world.unit()
    province = Movement(name="Lai Châu chung sức xây dựng nông thôn mới", launched_by="UBND tỉnh Lai Châu",
                        level="tinh", kind="thematic")
    world.s.add(province)
    world.s.flush()
    an, binh, chi = (world.person(n, unit) for n in ("Nguyễn Văn An", "Lò Thị Bình", "Tòng Văn Chi"))
    v = world.check(world.nominate(world.dossier(unit, category="sudden"), an, "BK_TINH",
                                   achievement="Cứu 3 người trong lũ quét ngày 12/8/2025"))
    assert v.verdict == "meets" and "route_achievement" in world.codes(v)
    v = world.check(world.nominate(world.dossier(unit, category="movement", movement_id=province.id), binh, "BK_TINH"))
    assert v.verdict == "meets" and "route_movement_ok" in world.codes(v)
    world.awards(chi, "CSTDCS", [2023, 2024])
    world.award(chi, "BK_TINH", 2022)  # two years ago: no gap is required
    v = world.check(world.nominate(world.dossier(unit), chi, "BK_TINH"))
    assert v.verdict == "meets", v.reasons
    assert "2023, 2024" in by(v, "prerequisite_run_ok").message and "Điều 74" in by(v, "prerequisite_run_ok").basis


def test_07_the_same_form_for_another_movement_in_the_same_year_is_another_achievement(world):
    """Luật TĐKT 2022 Điều 5 khoản 2 điểm c: a form may be given again for another achievement;
    not twice for one."""
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.rating(an, 2025, "HTTNV")
    first = Movement(name="Chung tay xóa nhà tạm", launched_by="UBND huyện", level="huyen", kind="thematic")
    second = Movement(name="Văn hóa công sở", launched_by="UBND huyện", level="huyen", kind="thematic")
    world.s.add_all([first, second])
    world.s.flush()
    world.award(an, "GK", 2025, kind="movement", movement_id=first.id)
    v = world.check(world.nominate(world.dossier(unit, category="movement", movement_id=second.id), an, "GK"))
    assert v.verdict == "meets" and "already_awarded" not in world.codes(v)
    v = world.check(world.nominate(world.dossier(unit, category="movement", movement_id=first.id), an, "GK"))
    assert "already_awarded" in world.failed(v)


def test_08_the_provinces_flag_needs_a_bloc_the_province_organises(world):
    """Luật TĐKT 2022 Điều 26 khoản 2: the leading unit of a bloc organised by the province."""
    a, b = world.unit("Xã Bản Bo"), world.unit("Xã Khun Há")
    world.bloc("Khối các xã (do huyện tổ chức)", 2025, [a, b], leading=a)
    v = world.check(world.nominate(world.dossier(a), a, "CO_TINH"))
    assert v.verdict == "fails"
    assert "Điều 26" in by(v, "bloc_not_of_province").basis


def test_09_an_investigation_or_discipline_of_a_collective_blocks_its_award(world):
    """Nghị định 152/2025/NĐ-CP Điều 4 (cá nhân, tập thể); Luật TĐKT 2022 Điều 5: no award while
    under investigation, none for a period under discipline."""
    a, b = world.unit("Xã Bản Bo"), world.unit("Xã Khun Há")
    for unit in (a, b):
        world.unit_rating(unit, 2025, "HTXSNV", total=10)
    row = save_investigation(world.s, unit_id=a.id, kind="inspection", started_on=dt.date(2025, 10, 1),
                             note="Thanh tra việc chi hỗ trợ nhà ở")
    v = world.check(world.nominate(world.dossier(a), a, "GK"))
    found = by(v, "under_investigation")
    assert v.verdict == "fails" and found.fact == {"kind": "investigation", "id": row.id}
    save_discipline(world.s, unit_id=b.id, level="canh_cao", decided_on=dt.date(2025, 3, 1),
                    ends_on=dt.date(2026, 3, 1), decision="15/QĐ-UBND")
    v = world.check(world.nominate(world.dossier(b), b, "GK"))
    assert v.verdict == "fails" and "Điều 4" in by(v, "under_discipline").basis


def test_10_a_direct_workers_ldtt_without_a_recorded_judgement_cannot_tell(world):
    """Luật TĐKT 2022 Điều 24 khoản 2: workers and farmers are judged on their work and
    conduct; without a recorded judgement the program cannot say "meets"."""
    unit = world.unit()
    farmer = world.person("Tẩn A Sử", unit, is_direct_worker=True)
    nominee = world.nominate(world.dossier(unit), farmer, "LDTT", is_direct_worker=True)
    v = world.check(nominee)
    assert v.verdict == "unknown"
    assert "khoản 2" in by(v, "direct_worker_unrated").basis and "Đánh giá năm 2025" in v.reasons[0].missing
    set_person_rating(world.s, farmer.id, 2025, "HTTNV", rated_by="Hội đồng TĐKT xã Bản Bo")
    assert world.check(nominee).verdict == "meets"


def test_11_cstd_toan_quoc_needs_two_consecutive_cstd_tinh(world):
    """Luật TĐKT 2022 Điều 21: chosen among those with 02 lần liên tục CSTĐ cấp tỉnh."""
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.awards(an, "CSTD_TINH", [2016, 2025])  # nine years apart: not in a row
    world.initiative(an, 2025, "toan_quoc", "Phần mềm một cửa liên thông")
    v = world.check(world.nominate(world.dossier(unit), an, "CSTD_TQ"))
    assert v.verdict == "fails" and "Điều 21" in by(v, "prerequisite_times_not_consecutive").basis
    binh = world.person("Lò Thị Bình", unit)
    world.awards(binh, "CSTD_TINH", [2022, 2025])
    world.initiative(binh, 2025, "toan_quoc", "Bản đồ số nông thôn mới")
    v = world.check(world.nominate(world.dossier(unit), binh, "CSTD_TQ"))
    assert v.verdict == "meets", [(r.code, r.message) for r in v.reasons]


def test_12_facts_the_clerk_enters_give_meets_and_block_what_they_should(world):
    """Luật TĐKT 2022 Điều 22 (3 CSTĐCS and an initiative of province scope) and Điều 5: facts
    entered through the clerk's functions, not only by the demo generator."""
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.awards(an, "CSTDCS", [2023, 2024, 2025])
    for year in (2023, 2024, 2025):
        set_person_rating(world.s, an.id, year, "HTXSNV", rated_by="Chủ tịch UBND xã")
    init = save_initiative(world.s, an.id, title="Số hóa hồ sơ đất đai", year=2025, scope="tinh",
                           recognised_by="Hội đồng sáng kiến tỉnh Lai Châu", decision_number="512/QĐ-HĐSK",
                           decision_date=dt.date(2025, 9, 10), years_applied="2025")
    v = world.check(world.nominate(world.dossier(unit), an, "CSTD_TINH"))
    assert v.verdict == "meets", v.reasons
    assert by(v, "initiatives_ok").fact == {"kind": "initiative", "id": init.id}
    punished = save_discipline(world.s, person_id=an.id, level="khien_trach", decided_on=dt.date(2025, 8, 1),
                               decision="30/QĐ-UBND", reason="Chậm trễ hồ sơ")
    v = world.check(world.nominate(world.dossier(unit), an, "CSTD_TINH"))
    assert v.verdict == "fails" and by(v, "under_discipline").fact == {"kind": "discipline", "id": punished.id}
    record = person_record(world.s, an.id)
    assert [r.rated_by for r in record.ratings] == ["Chủ tịch UBND xã"] * 3
    assert record.initiatives[0].recognised and record.disciplines[0].decision == "30/QĐ-UBND"


def test_13_an_import_never_replaces_a_dossier_silently(world, tmp_path):
    """Luật TĐKT 2022 Điều 84 (the unit's dossier is the record of its proposal): a later list
    becomes a new version of a dossier only when unit, year, kind and awards match and the
    clerk confirms; otherwise it is a dossier of its own, and nothing is lost."""
    world.unit("UBND xã Bản Bo")
    head = [["UBND XÃ BẢN BO"], ["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025"], [],
            ["STT", "Họ và tên", "Năm sinh", "Hình thức đề nghị"]]
    names = [f"Người số {n}" for n in range(1, 23)]
    year_end = books.write(tmp_path / "cuoi-nam.xlsx", [("Danh sach", head + [
        [n, name, 1980 + n, "LĐTT"] for n, name in enumerate(names, start=1)], ())])
    first = commit_import(world.s, read_file(world.s, year_end))
    sudden = books.write(tmp_path / "dot-xuat.xlsx", [("Danh sach", head + [
        [1, names[0], 1981, "LĐTT"], [2, names[1], 1982, "LĐTT"]], ())])
    preview = read_file(world.s, sudden)
    assert "may_replace" in [p.code for p in preview.problems]  # offered, not done
    second = commit_import(world.s, preview)
    assert second.dossier_id != first.dossier_id
    assert world.s.scalar(select(func.count()).select_from(Nominee).where(
        Nominee.dossier_id == first.dossier_id)) == 22
    corrected = books.write(tmp_path / "cuoi-nam-sua.xlsx", [("Danh sach", head + [
        [n, name, 1980 + n, "LĐTT"] for n, name in enumerate(names[:21], start=1)], ())])
    preview = read_file(world.s, corrected)
    assert confirm_replace(preview)
    third = commit_import(world.s, preview)
    assert third.dossier_id in (first.dossier_id, second.dossier_id)  # the clerk's choice, confirmed
    assert world.s.scalar(select(func.count()).select_from(Dossier)) == 2
