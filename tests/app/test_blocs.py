"""Blocs: editing, rotation of head and deputy, criteria with copy-last-year, Decimal-safe
scores (zero is a score, never above the maximum), ranking with ties, leading units."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from app import bloc_criteria as bc
from app.bloc_leading import leading_units, propose_leading, withdraw_leading
from app.bloc_scores import (
    agree_with_self,
    check_tie_break,
    ranking,
    score_grid,
    set_score,
    store_ranking,
)
from app.blocs import BlocData, get_bloc, list_blocs, save_bloc, suggest_rotation
from app.errors import UserError, ValidationError
from app.text import fold
from db.models import BlocMember, BlocScore, Dossier, DossierEvent, Nominee, Unit

NAMES = ["UBND xã Bản Bo", "UBND xã Bình Lư", "UBND xã Khun Há", "UBND xã Nà Tăm", "UBND xã Sơn Bình"]


@pytest.fixture
def units(db):
    with db.session() as s:
        rows = []
        for i, name in enumerate(NAMES):
            unit = Unit(code=f"X{i}", name=name, kind="commune", sort_order=i, search_key=fold(name),
                        female_share=40 + 5 * i)
            s.add(unit)
            rows.append(unit)
        s.flush()
        return [u.id for u in rows]


def _bloc(db, units, year=2025, head=0, deputy=1, **kw):
    with db.session() as s:
        return save_bloc(s, BlocData(year=year, name="Khối các xã", member_ids=list(units),
                                     head_unit_id=units[head] if head is not None else None,
                                     deputy_unit_id=units[deputy] if deputy is not None else None, **kw))


def _criteria(db, bloc_id):
    """I (1.1: 30, 1.2: 20), II (2.1: 50), bonus 5."""
    with db.session() as s:
        g1 = bc.add_criterion(s, bloc_id, "Thực hiện nhiệm vụ chính trị", 0, code="I")
        c11 = bc.add_criterion(s, bloc_id, "Kinh tế", "30", code="1.1", parent_id=g1)
        c12 = bc.add_criterion(s, bloc_id, "Xã hội", "20", code="1.2", parent_id=g1)
        g2 = bc.add_criterion(s, bloc_id, "Công tác thi đua", 0, code="II")
        c21 = bc.add_criterion(s, bloc_id, "Phong trào", "50", code="2.1", parent_id=g2)
        bonus = bc.add_criterion(s, bloc_id, "Điểm thưởng", "5", code="III", kind="bonus")
    return dict(g1=g1, c11=c11, c12=c12, g2=g2, c21=c21, bonus=bonus)


def test_save_bloc_checks_head_deputy_and_members(db, units):
    bloc_id = _bloc(db, units)
    with db.session() as s:
        data = get_bloc(s, bloc_id)
        assert data.member_ids == units and data.head_unit_id == units[0]
        assert list_blocs(s, 2025)[0].head == "UBND xã Bản Bo"
        data.deputy_unit_id = units[0]
        with pytest.raises(ValidationError, match="hai đơn vị khác nhau"):
            save_bloc(s, data)
        data.deputy_unit_id = 999
        with pytest.raises(ValidationError, match="thành viên"):
            save_bloc(s, data)
        with pytest.raises(ValidationError, match="đã có khối"):
            save_bloc(s, BlocData(year=2025, name="khối các xã"))


def test_rotation_deputy_becomes_head_and_longest_waiting_becomes_deputy(db, units):
    # 2024: head Bản Bo, deputy Bình Lư; 2025: head Bình Lư, deputy Khun Há.
    _bloc(db, units, 2024, head=0, deputy=1)
    b25 = _bloc(db, units, 2025, head=1, deputy=2)
    with db.session() as s:
        rotation = suggest_rotation(s, b25)
    assert (rotation.head, rotation.deputy) == ("UBND xã Khun Há", "UBND xã Nà Tăm")
    assert "Khối phó năm nay làm khối trưởng" in rotation.reason
    # Next year without Nà Tăm (merged): Sơn Bình, who never served, is the deputy.
    with db.session() as s:
        rotation = suggest_rotation(s, b25, member_ids=[units[0], units[1], units[2], units[4]])
    assert (rotation.head, rotation.deputy) == ("UBND xã Khun Há", "UBND xã Sơn Bình")


def test_rotation_wraps_to_the_unit_that_served_longest_ago(db, units):
    for year, (h, d) in zip(range(2021, 2026), [(0, 1), (1, 2), (2, 3), (3, 4), (4, 0)], strict=True):
        last = _bloc(db, units, year, head=h, deputy=d)
    with db.session() as s:
        rotation = suggest_rotation(s, last)
    # Bản Bo (deputy 2025) leads; Bình Lư last served in 2022, the longest ago.
    assert (rotation.head, rotation.deputy) == ("UBND xã Bản Bo", "UBND xã Bình Lư")


def test_rotation_without_a_deputy_picks_after_the_head(db, units):
    bloc_id = _bloc(db, units, head=None, deputy=None)
    with db.session() as s:
        rotation = suggest_rotation(s, bloc_id)
    assert (rotation.head, rotation.deputy) == ("UBND xã Bản Bo", "UBND xã Bình Lư")


def test_criteria_groups_sum_children_and_copy_last_year(db, units):
    b24 = _bloc(db, units, 2024)
    ids = _criteria(db, b24)
    with db.session() as s:
        tree = bc.criteria_tree(s, b24)
        assert [c.code for c in tree] == ["I", "1.1", "1.2", "II", "2.1", "III"]
        assert tree[0].max_points == Decimal("50") and tree[0].is_group
        assert bc.total_max(tree) == Decimal("100")
        bc.update_criterion(s, ids["c12"], "Xã hội", "22,5", code="1.2")
        assert bc.criteria_tree(s, b24)[0].max_points == Decimal("52.50")
        bc.move_criterion(s, ids["c12"], -1)
        assert [c.code for c in bc.criteria_tree(s, b24)][:3] == ["I", "1.2", "1.1"]
    b25 = _bloc(db, units, 2025)
    with db.session() as s:
        assert bc.copy_last_year(s, b25) == 6
        copied = bc.criteria_tree(s, b25)
        assert [(c.code, c.depth, c.max_points) for c in copied][:3] == [
            ("I", 0, Decimal("52.50")), ("1.2", 1, Decimal("22.50")), ("1.1", 1, Decimal("30.00"))]
        with pytest.raises(UserError, match="đã có bảng tiêu chí"):
            bc.copy_last_year(s, b25)


def test_scores_are_decimal_zero_counts_and_max_is_enforced(db, units):
    bloc_id = _bloc(db, units)
    ids = _criteria(db, bloc_id)
    with db.session() as s:
        cell = set_score(s, ids["c11"], units[0], self_score="29,75")
        assert cell.self_score == Decimal("29.75") and cell.agreed_score is None
        set_score(s, ids["c12"], units[0], self_score=0, agreed_score="0")
        with pytest.raises(ValidationError, match="vượt điểm tối đa 30"):
            set_score(s, ids["c11"], units[0], agreed_score="30,5")
        with pytest.raises(ValidationError, match="không phải là số"):
            set_score(s, ids["c11"], units[0], agreed_score="ba mươi")
        with pytest.raises(ValidationError, match="nhóm tiêu chí"):
            set_score(s, ids["g1"], units[0], self_score=1)
        with pytest.raises(ValidationError, match="2 chữ số"):
            set_score(s, ids["c11"], units[0], self_score="1,234")
    with db.session() as s:
        grid = score_grid(s, bloc_id)
        assert grid.value(ids["c12"], units[0], "agreed") == Decimal("0")  # zero is a score
        assert grid.total(units[0], "self") == Decimal("29.75")
        assert grid.total(units[1], "self") is None  # nothing scored is not zero
        assert agree_with_self(s, bloc_id) == 1
        set_score(s, ids["c11"], units[0], self_score="")  # clearing: not scored
        assert score_grid(s, bloc_id).value(ids["c11"], units[0], "self") is None
        with pytest.raises(ValidationError, match="không thể nhỏ hơn"):
            bc.update_criterion(s, ids["c11"], "Kinh tế", "20", code="1.1")


def _score_all(db, ids, table):
    with db.session() as s:
        for unit_id, (a, b, c, bonus) in table.items():
            for key, value in (("c11", a), ("c12", b), ("c21", c), ("bonus", bonus)):
                set_score(s, ids[key], unit_id, self_score=value, agreed_score=value)


def test_ranking_ties_broken_by_female_share_then_group(db, units):
    bloc_id = _bloc(db, units)
    ids = _criteria(db, bloc_id)
    u = units
    _score_all(db, ids, {
        u[0]: ("28", "18", "45", "0"),    # 91, group I 46, 40% women
        u[1]: ("27", "19", "45", "0"),    # 91, group I 46, 45% women
        u[2]: ("20", "20", "50", "1"),    # 91, group I 40, 50% women
        u[3]: ("25", "15", "40", "0"),    # 80
    })
    with db.session() as s:
        rows = ranking(s, bloc_id)  # default rule: female_share
    assert [(r.unit, r.rank) for r in rows][:4] == [
        ("UBND xã Khun Há", 1), ("UBND xã Bình Lư", 2), ("UBND xã Bản Bo", 3), ("UBND xã Nà Tăm", 4)]
    assert rows[0].agreed_total == Decimal("91")
    assert rows[0].tie_note == "Bằng điểm với UBND xã Bình Lư, UBND xã Bản Bo; xét tỷ lệ nữ 50%."
    assert rows[4].unit == "UBND xã Sơn Bình" and rows[4].rank is None  # not scored: unranked
    with db.session() as s:
        data = get_bloc(s, bloc_id)
        data.tie_break = "group:I,alpha"
        save_bloc(s, data)
        rows = ranking(s, bloc_id)
    # Group I: Bản Bo and Bình Lư 46 each, then by name (Bản Bo before Bình Lư); Khun Há third.
    assert [r.unit for r in rows][:3] == ["UBND xã Bản Bo", "UBND xã Bình Lư", "UBND xã Khun Há"]
    assert rows[0].tie_note == ("Bằng điểm với UBND xã Bình Lư, UBND xã Khun Há; "
                                "xét điểm nhóm I: 46, rồi tên đơn vị.")


def test_equal_after_every_rule_shares_the_rank(db, units):
    bloc_id = _bloc(db, units, tie_break="group:I")
    ids = _criteria(db, bloc_id)
    # Bản Bo and Bình Lư: same total, same group I; the rule cannot tell them apart.
    _score_all(db, ids, {units[0]: ("30", "20", "40", "0"), units[1]: ("30", "20", "40", "0"),
                         units[2]: ("10", "10", "10", "0")})
    with db.session() as s:
        rows = store_ranking(s, bloc_id)
        ranks = {m.unit_id: m.rank for m in s.scalars(select(BlocMember))}
    assert [(r.rank, r.shared) for r in rows][:3] == [(1, True), (1, True), (3, False)]
    assert "đồng hạng" in rows[0].tie_note
    assert ranks[units[0]] == ranks[units[1]] == 1 and ranks[units[2]] == 3


def test_tie_break_rules_are_named(db):
    assert check_tie_break(" female_share , group:I, alpha ") == "female_share,group:I,alpha"
    with pytest.raises(ValidationError, match="không hợp lệ"):
        check_tie_break("random")
    with pytest.raises(ValidationError, match="hai lần"):
        check_tie_break("alpha,alpha")


def test_the_flag_is_refused_up_front_for_the_offices_own_bloc(db, units):
    """Cờ thi đua của UBND tỉnh: the leader of a bloc the province organises (Luật TĐKT 2022
    Điều 26); t16: a bloc «Do cơ quan tổ chức» got a flag dossier, refused only later."""
    from app.bloc_leading import leading_refusal

    bloc_id = _bloc(db, units)
    with db.session() as s:
        said = leading_refusal(s, bloc_id, "CO_TINH")
        assert "chỉ xét cho đơn vị dẫn đầu khối thi đua do tỉnh tổ chức (Luật TĐKT 2022 Điều 26)" in said
        assert "Bằng khen" in said and leading_refusal(s, bloc_id, "BK_TINH") is None
        with pytest.raises(UserError, match="do cơ quan tổ chức nên không đề nghị được"):
            propose_leading(s, bloc_id, units[0], "CO_TINH")
        assert s.scalar(select(Dossier)) is None


def test_leading_unit_creates_its_forwarded_dossier(db, units):
    bloc_id = _bloc(db, units, organiser="province")
    ids = _criteria(db, bloc_id)
    _score_all(db, ids, {units[0]: ("30", "20", "50", "5"), units[1]: ("20", "20", "40", "0")})
    with db.session() as s:
        proposal = propose_leading(s, bloc_id, units[0], "CO_TINH", on=dt.date(2025, 12, 1))
    with db.session() as s:
        dossier = s.get(Dossier, proposal.dossier_id)
        assert (dossier.category, dossier.authority, dossier.status, dossier.year) == (
            "regular", "forwarded", "received", 2025)
        assert dossier.number.startswith("HS-2025-")
        nominee = s.scalar(select(Nominee).where(Nominee.dossier_id == dossier.id))
        assert (nominee.subject, nominee.unit_id, nominee.name) == ("collective", units[0], "UBND xã Bản Bo")
        assert "xếp thứ 1 với 105 điểm" in nominee.achievement
        with pytest.raises(UserError, match="chỉ đề nghị một Cờ thi đua"):
            propose_leading(s, bloc_id, units[1], "CO_TINH")
        propose_leading(s, bloc_id, units[1], "BK_TINH")
        assert [(p.unit, p.award_code) for p in leading_units(s, bloc_id)] == [
            ("UBND xã Bản Bo", "CO_TINH"), ("UBND xã Bình Lư", "BK_TINH")]
    with db.session() as s:
        with pytest.raises(ValidationError, match="lý do"):
            withdraw_leading(s, bloc_id, units[1], "")
        withdraw_leading(s, bloc_id, units[1], "Khối bỏ phiếu lại")
        member = s.scalar(select(BlocMember).where(BlocMember.unit_id == units[1]))
        assert not member.is_leading and member.proposed_award_code == ""
        withdrawn = s.scalars(select(Dossier).where(Dossier.status == "rejected")).one()
        assert s.scalars(select(DossierEvent.reason).where(DossierEvent.dossier_id == withdrawn.id)
                         .order_by(DossierEvent.id.desc())).first().endswith("Khối bỏ phiếu lại")


def test_removing_a_member_drops_its_scores_only(db, units):
    bloc_id = _bloc(db, units)
    ids = _criteria(db, bloc_id)
    _score_all(db, ids, {units[3]: ("1", "1", "1", "0"), units[4]: ("2", "2", "2", "0")})
    with db.session() as s:
        data = get_bloc(s, bloc_id)
        data.member_ids = units[:4]
        save_bloc(s, data)
        assert {r.unit_id for r in s.scalars(select(BlocScore))} == {units[3]}
