"""Decisions and the ledger: money (DOMAIN.md worked examples), highest title only, numbers
unique per issuer and year, revoking, correcting, forwarded dossiers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.awards import award_money, correct_award, list_ledger, revoke_award, round_up
from app.decisions import (
    DecisionInput,
    draft_decision,
    forward_dossier,
    issue_decision,
    record_external_decision,
)
from app.errors import ConflictError, UserError, ValidationError
from app.rules import check_dossier
from db.models import Award, Vote

DEC_5 = dt.date(2025, 12, 5)
JAN_5 = dt.date(2026, 1, 5)  # after the awards' decisions (20/12/2025)


def _money(world, code, subject, on=DEC_5):
    return award_money(world.s, world.types[code], subject, on)


def test_giay_khen_money_examples_from_the_domain(world):
    assert _money(world, "GK", "individual") == 710_000  # 0.3 × 2,340,000 = 702,000 → 710,000
    assert _money(world, "GK", "collective") == 1_410_000  # 0.6 × 2,340,000 = 1,404,000
    assert _money(world, "GK", "household") == 1_060_000  # 0.45 × 2,340,000 = 1,053,000


def test_money_uses_the_base_salary_in_force_on_the_decision_date(world):
    assert _money(world, "LDTT", "individual", dt.date(2024, 6, 30)) == 540_000  # 0.3 × 1,800,000
    assert _money(world, "LDTT", "individual", dt.date(2024, 7, 1)) == 710_000
    assert _money(world, "CSTDCS", "individual") == 2_340_000
    assert _money(world, "BK_TINH", "collective") == 7_020_000
    assert _money(world, "GDVH", "household") is None


def test_rounding_up_to_10000():
    assert round_up(Decimal("702000")) == 710_000
    assert round_up(700_000) == 700_000
    assert round_up(Decimal("700000.01")) == 710_000


def _approved(world, dossier, who, code, **kw):
    return world.nominate(dossier, who, code, appraisal="approved", **kw)


def test_signing_a_decision_fills_the_ledger_with_money(world):
    world.commune()
    unit = world.unit("Xã Bản Bo")
    dossier = world.dossier(unit, status="appraised")
    an = world.person("Nguyễn Văn An", unit)
    _approved(world, dossier, an, "GK")
    _approved(world, dossier, unit, "GK")
    world.nominate(dossier, world.person("Lò Văn Bị Loại", unit), "GK", appraisal="rejected")
    draft = draft_decision(world.s, [dossier.id], DEC_5)
    assert [(line.name, line.money) for line in draft.lines] == [("Nguyễn Văn An", 710_000),
                                                                  ("Xã Bản Bo", 1_410_000)]
    assert draft.total == 2_120_000 and draft.base_salary == 2_340_000
    assert draft.left_out == [("Lò Văn Bị Loại", "Giấy khen: chưa được thẩm định “Đạt”")]
    assert (draft.signer_name, draft.issuer) == ("Sùng Lử Páo", "Ủy ban nhân dân xã Bình Lư")
    decision = issue_decision(world.s, [dossier.id], DecisionInput("123/QĐ-UBND", DEC_5))
    assert decision.signer_name == "Sùng Lử Páo" and decision.base_salary == 2_340_000
    lines = world.s.scalars(select(Award).where(Award.decision_id == decision.id).order_by(Award.book_no)).all()
    # Book numbers follow the printed list: the collective first, then the individual.
    assert [(a.recipient_name, a.book_no, int(a.money), a.subject, a.kind) for a in lines] == [
        ("Xã Bản Bo", 1, 1_410_000, "collective", "regular"),
        ("Nguyễn Văn An", 2, 710_000, "individual", "regular")]
    assert dossier.status == "decided"
    ledger = list_ledger(world.s, 2025)
    assert {r.decision for r in ledger} == {"123/QĐ-UBND"}


def test_titles_the_council_votes_on_need_a_passed_vote(world):
    world.commune()
    unit = world.unit()
    dossier = world.dossier(unit, status="voted")
    an = world.person("Nguyễn Văn An", unit)
    n = _approved(world, dossier, an, "CSTDCS")
    draft = draft_decision(world.s, [dossier.id], DEC_5)
    assert draft.lines == [] and "chưa có kết quả bỏ phiếu đạt" in draft.left_out[0][1]
    with pytest.raises(UserError):
        issue_decision(world.s, [dossier.id], DecisionInput("1/QĐ-UBND", DEC_5))
    from db.models import CouncilMeeting
    meeting = CouncilMeeting(held_on=DEC_5, members_total=10, members_present=9)
    world.s.add(meeting)
    world.s.flush()
    world.s.add(Vote(meeting_id=meeting.id, nominee_id=n.id, yes=9, passed=True))
    world.s.flush()
    assert [line.name for line in draft_decision(world.s, [dossier.id], DEC_5).lines] == ["Nguyễn Văn An"]


def test_several_titles_the_same_year_pay_only_the_highest(world):
    world.commune()
    unit = world.unit()
    dossier = world.dossier(unit, status="appraised")
    an = world.person("Nguyễn Văn An", unit)
    _approved(world, dossier, an, "LDTT")
    _approved(world, dossier, an, "GK")  # a form with a title: both paid
    draft = draft_decision(world.s, [dossier.id], DEC_5)
    assert [line.money for line in draft.lines] == [710_000, 710_000]
    bình = world.person("Lò Thị Bình", unit)
    _approved(world, dossier, bình, "LDTT")
    cstdcs = world.nominate(dossier, bình, "CSTDCS", appraisal="approved")
    world.s.add(Vote(meeting_id=_meeting(world), nominee_id=cstdcs.id, yes=10, passed=True))
    world.s.flush()
    lines = {(line.name, line.award_code): line for line in draft_decision(world.s, [dossier.id], DEC_5).lines}
    assert lines[("Lò Thị Bình", "LDTT")].money == 0
    assert "danh hiệu cao nhất" in lines[("Lò Thị Bình", "LDTT")].note
    assert lines[("Lò Thị Bình", "CSTDCS")].money == 2_340_000


def test_a_higher_title_later_pays_the_difference(world):
    world.commune()
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.award(an, "LDTT", 2025, money=710_000)
    dossier = world.dossier(unit, status="appraised")
    n = _approved(world, dossier, an, "CSTDCS")
    world.s.add(Vote(meeting_id=_meeting(world), nominee_id=n.id, yes=10, passed=True))
    world.s.flush()
    line = draft_decision(world.s, [dossier.id], DEC_5).lines[0]
    assert line.money == 2_340_000 - 710_000


def _meeting(world):
    from db.models import CouncilMeeting
    meeting = CouncilMeeting(held_on=DEC_5, members_total=10, members_present=10)
    world.s.add(meeting)
    world.s.flush()
    return meeting.id


def test_a_decision_number_is_unique_per_issuer_and_year(world):
    world.commune()
    unit = world.unit()
    first = world.dossier(unit, status="appraised")
    _approved(world, first, world.person("A", unit), "GK")
    issue_decision(world.s, [first.id], DecisionInput("123/QĐ-UBND", DEC_5))
    second = world.dossier(unit, status="appraised")
    _approved(world, second, world.person("B", unit), "GK")
    with pytest.raises(ConflictError) as err:
        issue_decision(world.s, [second.id], DecisionInput("123/QĐ-UBND", dt.date(2025, 12, 9)))
    assert "Số quyết định 123/QĐ-UBND năm 2025" in err.value.message
    assert second.status == "appraised"
    issue_decision(world.s, [second.id], DecisionInput("123/QĐ-UBND", dt.date(2026, 1, 9)))  # new year


def test_a_number_is_required(world):
    world.commune()
    unit = world.unit()
    dossier = world.dossier(unit, status="appraised")
    _approved(world, dossier, world.person("A", unit), "GK")
    with pytest.raises(ValidationError) as err:
        issue_decision(world.s, [dossier.id], DecisionInput("  ", DEC_5))
    assert err.value.field == "number"


def test_revoking_keeps_the_entry_marked_and_drops_it_from_eligibility(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.award(an, "CSTDCS", 2024)
    award = world.award(an, "CSTDCS", 2025)
    nominee = world.nominate(world.dossier(unit), an, "BK_TINH")
    assert world.check(nominee).verdict == "meets"
    with pytest.raises(ValidationError):
        revoke_award(world.s, award.id, JAN_5, "")
    revoke_award(world.s, award.id, JAN_5, "Kê khai thành tích không đúng (Điều 93)")
    with pytest.raises(UserError):
        revoke_award(world.s, award.id, JAN_5, "lần nữa")
    row = next(r for r in list_ledger(world.s, 2025) if r.id == award.id)
    assert row.revoked and row.mark == "Đã thu hồi" and row.revoked_on == JAN_5
    assert row.revoke_reason == "Kê khai thành tích không đúng (Điều 93)"
    assert world.check(nominee).verdict == "fails"


def test_a_correction_is_a_new_entry_pointing_to_the_corrected_one(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    wrong = world.award(an, "CSTDCS", 2023)  # typed the wrong year
    world.award(an, "CSTDCS", 2025)
    nominee = world.nominate(world.dossier(unit), an, "BK_TINH")
    assert world.check(nominee).verdict == "fails"
    fixed = correct_award(world.s, wrong.id, "Năm thành tích ghi nhầm", year=2024)
    assert fixed.corrects_id == wrong.id and fixed.year == 2024 and wrong.year == 2023
    assert "Đính chính: Năm thành tích ghi nhầm" in fixed.achievement
    assert world.check(nominee).verdict == "meets"
    with pytest.raises(UserError):
        correct_award(world.s, wrong.id, "lần hai", year=2022)
    with pytest.raises(ValidationError):
        correct_award(world.s, fixed.id, "sửa tiền", money=1)


def test_forwarded_dossier_then_the_higher_decision_completes_the_ledger(world):
    world.commune()
    unit = world.unit()
    dossier = world.dossier(unit, status="voted")
    an = world.person("Nguyễn Văn An", unit)
    n = _approved(world, dossier, an, "BK_TINH")
    other = _approved(world, dossier, world.person("Lò B", unit), "BK_TINH")
    with pytest.raises(ValidationError):
        forward_dossier(world.s, dossier.id, "", DEC_5)
    forward_dossier(world.s, dossier.id, "88/TTr-UBND", DEC_5, "UBND tỉnh Lai Châu")
    assert (dossier.status, dossier.forward_ref, dossier.forwarded_on, dossier.authority) == (
        "forwarded", "88/TTr-UBND", DEC_5, "forwarded")
    with pytest.raises(UserError):
        issue_decision(world.s, [dossier.id], DecisionInput("5/QĐ-UBND", DEC_5))
    decision = record_external_decision(
        world.s, dossier.id, DecisionInput("2150/QĐ-UBND", dt.date(2025, 12, 28), "Lê Văn Lương", "CHỦ TỊCH"),
        "UBND tỉnh Lai Châu", nominee_ids=[n.id])
    assert decision.external and decision.issuer == "UBND tỉnh Lai Châu"
    awards = world.s.scalars(select(Award).where(Award.decision_id == decision.id)).all()
    assert [(a.recipient_name, int(a.money)) for a in awards] == [("Nguyễn Văn An", 3_510_000)]
    assert dossier.status == "decided"
    assert other.id not in {a.nominee_id for a in awards}


def test_eligibility_ignores_the_award_made_from_the_nominee_itself(world):
    world.commune()
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.rating(an, 2025, "HTTNV")
    dossier = world.dossier(unit, status="appraised")
    n = _approved(world, dossier, an, "LDTT")
    issue_decision(world.s, [dossier.id], DecisionInput("7/QĐ-UBND", DEC_5))
    verdict = next(v for v in check_dossier(world.s, dossier.id) if v.nominee_id == n.id)
    assert verdict.verdict == "meets"


def test_revoking_refuses_a_date_before_the_decision_or_in_the_future(world):
    award = world.award(world.person("Lò Văn Pọm", world.unit()), "LDTT", 2025)
    with pytest.raises(ValidationError) as err:
        revoke_award(world.s, award.id, dt.date(2025, 12, 1), "Khai sai")
    assert err.value.field == "revoked_on" and "trước ngày quyết định khen thưởng 20/12/2025" in err.value.message
    with pytest.raises(ValidationError) as err:
        revoke_award(world.s, award.id, dt.date.today() + dt.timedelta(days=1), "Khai sai")
    assert "ở tương lai" in err.value.message
    assert not award.revoked


def test_revoking_and_correcting_are_in_the_audit_trail(world):
    from app import audit

    an = world.person("Nguyễn Văn An", world.unit())
    first = world.award(an, "LDTT", 2024)
    revoke_award(world.s, first.id, JAN_5, "Hồ sơ giả mạo")
    lines = audit.history(world.s, Award, first.id)
    change = next(line for line in lines if line.action == "update")
    assert ("revoked", False, True) in change.changes
    assert ("revoke_reason", "", "Hồ sơ giả mạo") in change.changes
    second = world.award(an, "LDTT", 2025)
    fixed = correct_award(world.s, second.id, "Sai chức vụ", position="Chủ tịch UBND xã")
    inserted = audit.history(world.s, Award, fixed.id)
    assert inserted[0].action == "insert"
    assert ("corrects_id", None, second.id) in inserted[0].changes


def test_a_revoked_award_is_not_corrected_and_a_correction_must_change_something(world):
    an = world.person("Nguyễn Văn An", world.unit())
    award = world.award(an, "LDTT", 2025, position="Cán bộ")
    with pytest.raises(ValidationError) as err:
        correct_award(world.s, award.id, "Không đổi gì", position="  Cán bộ ")
    assert "Chưa có nội dung đính chính" in err.value.message
    with pytest.raises(ValidationError) as err:
        correct_award(world.s, award.id, "Năm", year=1800)
    assert err.value.field == "year"
    with pytest.raises(ValidationError) as err:
        correct_award(world.s, award.id, "Tên", recipient_name="   ")
    assert err.value.field == "recipient_name"
    revoke_award(world.s, award.id, JAN_5, "Khai sai")
    with pytest.raises(UserError) as err:
        correct_award(world.s, award.id, "Sai năm", year=2024)
    assert "đã bị thu hồi" in err.value.message


def test_correcting_the_award_recomputes_its_money_and_the_ledger_marks_both(world):
    an = world.person("Nguyễn Văn An", world.unit())
    wrong = world.award(an, "LDTT", 2025, decision_date=DEC_5, money=710_000)
    fixed = correct_award(world.s, wrong.id, "Nhầm hình thức", award_type_id=world.types["CSTDCS"].id)
    assert fixed.money == 2_340_000  # 1.0 × 2,340,000 on the same decision date
    assert fixed.decision_number == wrong.decision_number and fixed.source == "correction"
    rows = {r.id: r for r in list_ledger(world.s, 2025)}
    assert rows[wrong.id].corrected and rows[wrong.id].mark == "Đã đính chính"
    assert rows[fixed.id].corrects_id == wrong.id and rows[fixed.id].mark == "Bản đính chính"
    assert rows[fixed.id].award == world.types["CSTDCS"].name


def test_award_entry_shows_what_the_forms_need(world):
    from app.awards import award_entry

    an = world.person("Nguyễn Văn An", world.unit())
    award = world.award(an, "LDTT", 2025, decision="123/QĐ-UBND")
    entry = award_entry(world.s, award.id)
    assert entry.label == "Nguyễn Văn An — Lao động tiên tiến năm 2025 (QĐ 123/QĐ-UBND ngày 20/12/2025)"
    assert entry.corrected_by is None
    fixed = correct_award(world.s, award.id, "Sai năm", year=2024)
    assert award_entry(world.s, award.id).corrected_by == fixed.id


def test_a_viewer_cannot_revoke_or_correct_when_accounts_are_on(world):
    from app.session_user import Actor, acting_as
    from app.users import PermissionDenied
    from db.models import Setting

    award = world.award(world.person("Nguyễn Văn An", world.unit()), "LDTT", 2025)
    world.s.add(Setting(key="users_enabled", value=True))
    world.s.flush()
    with acting_as(Actor("xem", "Người xem", "viewer", signed_in=True)):
        with pytest.raises(PermissionDenied):
            revoke_award(world.s, award.id, JAN_5, "Khai sai")
        with pytest.raises(PermissionDenied):
            correct_award(world.s, award.id, "Sai năm", year=2024)
    assert not award.revoked
    with acting_as(Actor("ha.nt", "Nguyễn Thu Hà", "clerk", signed_in=True)):
        revoke_award(world.s, award.id, JAN_5, "Khai sai")
    assert award.revoked


def test_certificate_numbers_run_on_through_the_year_per_register(world):
    """Số vào sổ: one register per award; a later decision of the year goes on from the last
    number, the next year starts again, and a reprint keeps the number it had."""
    from app.printing.certificates import certificates_for
    from app.printing.common import profile

    world.commune()
    unit = world.unit("Xã Bản Bo")
    first = world.dossier(unit, status="appraised", received=dt.date(2025, 7, 20))
    for name in ("Lò Văn Một", "Lò Văn Hai"):
        _approved(world, first, world.person(name, unit), "GK")
    _approved(world, first, world.person("Lò Văn Ba", unit), "LDTT")
    one = issue_decision(world.s, [first.id], DecisionInput("10/QĐ-UBND", dt.date(2025, 8, 4)))
    second = world.dossier(unit, status="appraised")
    _approved(world, second, world.person("Lò Văn Bốn", unit), "GK")
    _approved(world, second, unit, "GK")
    two = issue_decision(world.s, [second.id], DecisionInput("20/QĐ-UBND", DEC_5))
    nextyear = world.dossier(unit, year=2026, status="appraised")
    _approved(world, nextyear, world.person("Lò Văn Năm", unit), "GK")
    three = issue_decision(world.s, [nextyear.id], DecisionInput("1/QĐ-UBND", dt.date(2026, 3, 2)))

    def numbers(decision):
        return {a.recipient_name: a.book_no for a in world.s.scalars(
            select(Award).where(Award.decision_id == decision.id))}

    assert numbers(one) == {"Lò Văn Ba": 1, "Lò Văn Một": 1, "Lò Văn Hai": 2}  # LĐTT's and GK's registers
    assert numbers(two) == {"Xã Bản Bo": 3, "Lò Văn Bốn": 4}  # the GK register goes on
    assert numbers(three) == {"Lò Văn Năm": 1}  # a new year, a new page of the register
    p = profile(world.s)
    printed = [c.book_no for c in certificates_for(world.s, two, p, ("GK",))]
    again = [c.book_no for c in certificates_for(world.s, two, p, ("GK",))]
    assert printed == again == ["Số sổ vàng: 3", "Số sổ vàng: 4"]
