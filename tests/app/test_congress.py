"""Đại hội thi đua yêu nước: the congress, candidates from the ledger (five years) and the
exemplar register, delegates and honours, the group quotas as they fill, the awards decided
for the congress, its printed lists and workbook, and the demo's sixth congress."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from app.congress import (
    CongressData,
    add_entry,
    decided_awards,
    delete_congress,
    entries,
    link_decided_awards,
    quota_progress,
    remove_entries,
    save_congress,
    update_entry,
)
from app.congress_candidates import candidates, choose
from app.errors import UserError, ValidationError
from db.models import Decision, Registration

D = dt.date


@pytest.fixture
def office(world):
    world.office()
    commune = world.unit("UBND xã Bản Bo", kind="commune")
    agency = world.unit("Phòng Tài chính - Kế hoạch", kind="agency")
    worker = world.person("Lò Văn Ngọc", commune, gender="M", ethnicity="thai", is_direct_worker=True,
                          birth_year=1980)
    woman = world.person("Nguyễn Thị Hằng", agency, gender="F", ethnicity="kinh", birth_year=1985)
    old = world.person("Trần Văn Cũ", agency, gender="M", ethnicity="kinh")
    world.awards(worker, "CSTDCS", [2021, 2022, 2023])
    world.award(woman, "BK_TINH", 2024)
    world.award(woman, "LDTT", 2019)  # before the period
    world.award(old, "LDTT", 2019)  # only before the period: not a candidate
    revoked = world.award(old, "GK", 2023)
    revoked.revoked = True
    world.award(commune, "TTLDXS", 2024)
    world.s.add(Registration(unit_id=commune.id, year=2024, subject="collective", is_exemplar=True,
                             name="Tổ phụ nữ tiết kiệm bản Nà Bỏ", model="Tổ phụ nữ tiết kiệm vốn vay"))
    world.s.flush()
    cid = save_congress(world.s, CongressData(number=6, year=2025, delegate_target=10, honour_target=4,
                                              held_on=D(2025, 5, 20)))
    return world, cid, dict(worker=worker, woman=woman, old=old, commune=commune, agency=agency)


def test_the_congress_is_named_and_checked(office):
    world, cid, _ = office
    c = entries(world.s, cid)
    assert c == []
    from app.congress import get_congress

    data = get_congress(world.s, cid)
    assert data.name == "Đại hội thi đua yêu nước huyện Tam Đường lần thứ VI"
    assert (data.period_from, data.period_to) == (2020, 2025)
    with pytest.raises(ValidationError, match="lần thứ VI"):
        save_congress(world.s, CongressData(number=6, year=2030))
    with pytest.raises(ValidationError, match="không sau năm tổ chức"):
        save_congress(world.s, CongressData(number=7, year=2030, period_from=2026, period_to=2031))
    with pytest.raises(ValidationError, match="từ 0 đến 100"):
        save_congress(world.s, CongressData(number=7, year=2030, quotas={"female": 120}))


def test_candidates_come_from_five_years_of_ledger_and_the_register(office):
    world, cid, p = office
    found = {c.name: c for c in candidates(world.s, cid)}
    assert set(found) == {"Lò Văn Ngọc", "Nguyễn Thị Hằng", "UBND xã Bản Bo", "Tổ phụ nữ tiết kiệm bản Nà Bỏ"}
    worker = found["Lò Văn Ngọc"]
    assert worker.awards_text == "Chiến sĩ thi đua cơ sở (2021, 2022, 2023)"
    assert (worker.direct_worker, worker.minority, worker.grassroots, worker.female) == (True, True, True, False)
    woman = found["Nguyễn Thị Hằng"]
    assert (woman.female, woman.minority, woman.grassroots) == (True, False, False)
    assert "2019" not in woman.awards_text  # outside the period
    group = found["Tổ phụ nữ tiết kiệm bản Nà Bỏ"]
    assert group.subject == "collective" and group.models == ["Tổ phụ nữ tiết kiệm vốn vay"]
    assert group.unit == "UBND xã Bản Bo" and group.grassroots
    assert list(found)[0] in ("Nguyễn Thị Hằng", "Lò Văn Ngọc")  # the strongest first


def test_quotas_fill_as_delegates_are_chosen(office):
    world, cid, _ = office
    by_name = {c.name: c.key for c in candidates(world.s, cid)}
    quotas = {q.group: q for q in quota_progress(world.s, cid)}
    assert {g: (q.percent, q.needed, q.have) for g, q in quotas.items()} == {
        "direct_worker": (30, 3, 0), "female": (30, 3, 0), "minority": (30, 3, 0), "grassroots": (50, 5, 0)}
    assert choose(world.s, cid, "delegate", [by_name["Lò Văn Ngọc"], by_name["Nguyễn Thị Hằng"]]) == 2
    assert choose(world.s, cid, "delegate", [by_name["Lò Văn Ngọc"]]) == 0  # already a delegate
    quotas = {q.group: q for q in quota_progress(world.s, cid)}
    assert [quotas[g].have for g in ("direct_worker", "female", "minority", "grassroots")] == [1, 1, 1, 1]
    assert not quotas["female"].met and quotas["female"].text == "Nữ: 1/3 (tối thiểu 30%) — còn thiếu 2"
    for n in range(3):
        add_entry(world.s, cid, "delegate", f"Nữ đại biểu {n}", female=True)
    assert {q.group: q.met for q in quota_progress(world.s, cid)}["female"]
    # 30% of 11 needs 4 (3.3 rounds up): a quota is a minimum.
    from app.congress import get_congress

    data = get_congress(world.s, cid)
    data.delegate_target = 11
    save_congress(world.s, data)
    assert {q.group: q.needed for q in quota_progress(world.s, cid)}["female"] == 4
    # Without a target, the shares are of those chosen so far (5).
    data.delegate_target = 0
    save_congress(world.s, data)
    assert {q.group: (q.needed, q.base) for q in quota_progress(world.s, cid)}["grassroots"] == (3, 5)


def test_a_delegate_is_a_person_and_marks_can_be_corrected(office):
    world, cid, _ = office
    keys = {c.name: c.key for c in candidates(world.s, cid)}
    with pytest.raises(ValidationError, match="Đại biểu dự Đại hội là cá nhân"):
        choose(world.s, cid, "delegate", [keys["UBND xã Bản Bo"]])
    with pytest.raises(UserError, match="Chưa chọn"):
        choose(world.s, cid, "delegate", [])
    choose(world.s, cid, "delegate", [keys["Nguyễn Thị Hằng"]])
    row = entries(world.s, cid, "delegate")[0]
    assert row.groups_text == "Nữ" and row.source == "Sổ khen thưởng"
    update_entry(world.s, row.id, direct_worker=True)
    assert {q.group: q.have for q in quota_progress(world.s, cid)}["direct_worker"] == 1
    assert next(c for c in candidates(world.s, cid) if c.name == "Nguyễn Thị Hằng").chosen_as == "Đại biểu"
    with pytest.raises(UserError, match="đã có 1"):
        delete_congress(world.s, cid)
    assert remove_entries(world.s, [row.id]) == 1
    delete_congress(world.s, cid)


def test_awards_decided_for_the_congress_are_linked_and_listed(office):
    world, cid, p = office
    keys = {c.name: c.key for c in candidates(world.s, cid)}
    choose(world.s, cid, "honour", [keys["Lò Văn Ngọc"], keys["UBND xã Bản Bo"]], award_code="GK")
    decision = Decision(number="1149/QĐ-UBND", issuer="UBND huyện Tam Đường", year=2025,
                        issued_on=D(2025, 5, 15), status="issued")
    world.s.add(decision)
    world.s.flush()
    world.award(p["worker"], "GK", 2025, decision="1149/QĐ-UBND", decision_id=decision.id,
                decision_date=D(2025, 5, 15), money=710_000)
    world.award(p["commune"], "GK", 2025, decision="1149/QĐ-UBND", decision_id=decision.id,
                decision_date=D(2025, 5, 15), money=1_410_000)
    world.award(p["woman"], "GK", 2025, decision="1149/QĐ-UBND", decision_id=decision.id,
                decision_date=D(2025, 5, 15), money=710_000)  # not honoured: not linked
    world.s.refresh(decision)
    assert link_decided_awards(world.s, cid, decision.id) == 2
    assert link_decided_awards(world.s, cid, decision.id) == 0  # already linked
    listed = decided_awards(world.s, cid)
    assert [(a.name, a.award, a.money) for a in listed] == [
        ("Lò Văn Ngọc", "Giấy khen", 710_000), ("UBND xã Bản Bo", "Giấy khen", 1_410_000)]
    honours = {e.name: e for e in entries(world.s, cid, "honour")}
    assert honours["Lò Văn Ngọc"].decided.startswith("Giấy khen — QĐ số 1149/QĐ-UBND ngày 15/05/2025")


def test_printed_lists_and_workbook(office, tmp_path):
    from openpyxl import load_workbook

    from app.excel.extras_exports import congress_workbook
    from app.printing.congress import print_congress

    world, cid, _ = office
    with pytest.raises(UserError, match="chưa có đại biểu, điển hình"):
        print_congress(world.s, cid)
    keys = {c.name: c.key for c in candidates(world.s, cid)}
    choose(world.s, cid, "delegate", [keys["Lò Văn Ngọc"], keys["Nguyễn Thị Hằng"]])
    choose(world.s, cid, "honour", [keys["Tổ phụ nữ tiết kiệm bản Nà Bỏ"]], award_code="GK")
    doc = print_congress(world.s, cid, what="all")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(doc.pdf)).pages)
    assert "DANH SÁCH ĐẠI BIỂU" in text and "Lò Văn Ngọc" in text and "Nguyễn Thị Hằng" in text
    assert "Tổng số: 02 đại biểu (dự kiến 10)" in text and "Nữ: 1/3 (tối thiểu 30%) — còn thiếu 2" in text
    assert "DANH SÁCH ĐIỂN HÌNH TIÊN TIẾN ĐƯỢC TÔN VINH" in text and "Tổ phụ nữ tiết kiệm" in text
    assert "KHEN THƯỞNG TẠI ĐẠI HỘI" not in text  # nothing decided yet: that list is left out
    with pytest.raises(UserError, match="Chưa có quyết định khen thưởng"):
        print_congress(world.s, cid, what="awards")
    assert doc.filename.isascii()
    book = load_workbook(congress_workbook(world.s, cid, tmp_path / "dai_hoi.xlsx"))
    assert book.sheetnames == ["Đại biểu", "Tôn vinh", "Cơ cấu", "_meta"]  # _meta: the office's own export
    assert book["_meta"].sheet_state == "veryHidden"
    names = [r[1] for r in book["Đại biểu"].iter_rows(values_only=True) if r and isinstance(r[0], int)]
    assert names == ["Lò Văn Ngọc", "Nguyễn Thị Hằng"]


def test_the_demo_has_its_sixth_congress(demo_db):
    from app.congress import congress_for_year

    with demo_db.session() as s:
        c = congress_for_year(s, 2025)
        assert (c.number, c.year, c.period_from, c.period_to) == (6, 2025, 2020, 2025)
        assert len(entries(s, c.id, "delegate")) == c.delegate_target == 60
        assert all(q.met for q in quota_progress(s, c.id, "delegate"))
        awards = decided_awards(s, c.id)
        assert len(awards) == len(entries(s, c.id, "honour")) == 20
        assert {a.award for a in awards} == {"Giấy khen"} and len({a.decision for a in awards}) == 1


def test_a_congress_list_cites_only_awards_decided_by_its_day(demo_db):
    """The congress of 20/05/2025 does not cite the titles of 2025 decided in December."""
    from sqlalchemy import select

    from app.congress_candidates import candidates
    from db.models import Award, AwardType, Congress

    with demo_db.session() as s:
        c = s.scalar(select(Congress).where(Congress.year == 2025))
        by_then, after = set(), 0
        for a, name in s.execute(select(Award, AwardType.name).join(AwardType, AwardType.id == Award.award_type_id)
                                 .where(Award.year.between(c.period_from, c.period_to), Award.revoked.is_(False))):
            if a.decision_date is None or a.decision_date <= c.held_on:
                by_then.add((a.person_id, name, a.year))
                by_then.add((("u", a.unit_id), name, a.year))
            else:
                after += 1
        found = candidates(s, c.id)
    assert after > 0  # the demo has awards decided after the congress
    cited = 0
    for x in found:
        who = x.person_id if x.subject == "individual" and x.person_id else ("u", x.unit_id)
        for year, name, _rank in x.awards:
            cited += 1
            assert (who, name, year) in by_then, (x.name, name, year)
    assert cited > 0
