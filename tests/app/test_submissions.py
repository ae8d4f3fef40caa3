"""What every unit owes: dues with common deadlines and per-unit overrides, exemptions,
lateness by whole local days, paper receipts, the late units and the reminder list."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.dues import (
    DueData,
    clear_override,
    delete_due,
    list_dues,
    save_due,
    set_exemption,
    set_override,
)
from app.errors import UserError, ValidationError
from app.submissions import (
    cancel_receipt,
    days_late,
    expected_submissions,
    is_late,
    late_units,
    local_day,
    mark_received,
    reminder_list,
    unit_overview,
)
from app.text import fold
from db.models import Submission, Unit

D = dt.date


@pytest.fixture
def office(db):
    with db.session() as s:
        ids = {}
        for i, (code, name, kind) in enumerate([("TT", "UBND thị trấn Tam Đường", "township"),
                                                 ("BB", "UBND xã Bản Bo", "commune"),
                                                 ("NV", "Phòng Nội vụ", "agency"),
                                                 ("UB", "UBND huyện Tam Đường", "authority")]):
            unit = Unit(code=code, name=name, kind=kind, sort_order=i, search_key=fold(name),
                        head_name=f"Chủ tịch {code}", phone="0213 387 000")
            s.add(unit)
            s.flush()
            ids[code] = unit.id
        ids["reg"] = save_due(s, DueData(2025, "registration", "", D(2025, 2, 15)))
        ids["year"] = save_due(s, DueData(2025, "award_proposal", "Hồ sơ đề nghị khen thưởng năm 2025",
                                          D(2025, 12, 10), unit_kinds="commune,township"))
    return ids


def test_a_deadline_is_met_all_that_day_in_local_time():
    deadline = D(2025, 12, 10)
    assert not is_late(deadline, D(2025, 12, 10))
    assert is_late(deadline, D(2025, 12, 11)) and days_late(deadline, D(2025, 12, 13)) == 3
    assert not is_late(deadline, dt.datetime(2025, 12, 10, 23, 59, 59))
    assert is_late(deadline, dt.datetime(2025, 12, 11, 0, 0, 1))
    # An aware time is read on this computer's clock: 23:30 local is still the 10th.
    local_late_evening = dt.datetime(2025, 12, 10, 23, 30).astimezone()
    utc = local_late_evening.astimezone(dt.UTC)
    assert local_day(utc) == D(2025, 12, 10) and not is_late(deadline, utc)


def test_states_pending_on_time_late_missing_and_exempt(db, office):
    with db.session() as s:
        mark_received(s, office["TT"], office["year"], D(2025, 12, 10), today=D(2025, 12, 20))
        mark_received(s, office["BB"], office["reg"], D(2025, 2, 17), today=D(2025, 12, 20))
        set_exemption(s, office["reg"], office["NV"], "Đơn vị mới thành lập")
    with db.session() as s:
        rows = {(r.unit, r.kind): r for r in expected_submissions(s, 2025, D(2025, 12, 11))}
    assert ("UBND huyện Tam Đường", "registration") not in rows  # the authority sends nothing
    assert ("Phòng Nội vụ", "award_proposal") not in rows  # not its kind of unit
    assert rows[("UBND thị trấn Tam Đường", "award_proposal")].state == "on_time"  # on the day
    assert rows[("UBND xã Bản Bo", "registration")].state_text == "Nộp muộn (2 ngày)"
    assert rows[("UBND xã Bản Bo", "award_proposal")].state_text == "Quá hạn, chưa nộp (1 ngày)"
    assert rows[("UBND thị trấn Tam Đường", "registration")].state == "missing"
    assert rows[("Phòng Nội vụ", "registration")].state == "exempt"
    with db.session() as s:
        assert expected_submissions(s, 2025, D(2025, 12, 10), unit_id=office["BB"],
                                    due_id=office["year"])[0].state == "pending"


def test_a_units_own_deadline_replaces_the_common_one(db, office):
    with db.session() as s:
        set_override(s, office["year"], office["BB"], D(2025, 12, 20), "Xã sáp nhập, xin gia hạn")
        rows = expected_submissions(s, 2025, D(2025, 12, 15), due_id=office["year"])
        states = {r.unit: (r.state, r.deadline, r.own_deadline) for r in rows}
        assert states["UBND xã Bản Bo"] == ("pending", D(2025, 12, 20), True)
        assert states["UBND thị trấn Tam Đường"] == ("missing", D(2025, 12, 10), False)
        overview = {r.unit: r for r in unit_overview(s, 2025, D(2025, 12, 15))}
        assert "Đề nghị khen thưởng (hạn 20/12)" in overview["UBND xã Bản Bo"].due
        dues = {d.kind: d for d in list_dues(s, 2025, D(2025, 12, 15))}
        assert (dues["award_proposal"].overrides, dues["award_proposal"].missing) == (1, 1)
        clear_override(s, office["year"], office["BB"])
        assert expected_submissions(s, 2025, D(2025, 12, 15), unit_id=office["BB"],
                                    due_id=office["year"])[0].state == "missing"
        with pytest.raises(ValidationError, match="không thuộc năm 2025"):
            set_override(s, office["year"], office["BB"], D(2027, 1, 1))


def test_paper_receipt_rules(db, office):
    with db.session() as s:
        with pytest.raises(ValidationError, match="tương lai"):
            mark_received(s, office["BB"], office["reg"], D(2025, 3, 1), today=D(2025, 2, 20))
        sub_id = mark_received(s, office["BB"], office["reg"], D(2025, 2, 10), today=D(2025, 2, 20))
        sub = s.get(Submission, sub_id)
        assert (sub.channel, sub.status, sub.kind, sub.year, sub.version_no) == (
            "paper", "received", "registration", 2025, 1)
        with pytest.raises(UserError, match="đã nộp «Đăng ký thi đua năm 2025» ngày 10/02/2025"):
            mark_received(s, office["BB"], office["reg"], D(2025, 2, 11), today=D(2025, 2, 20))
        set_exemption(s, office["reg"], office["TT"], "Sáp nhập")
        with pytest.raises(UserError, match="được miễn"):
            mark_received(s, office["TT"], office["reg"], D(2025, 2, 11), today=D(2025, 2, 20))
        cancel_receipt(s, sub_id)
        assert s.scalar(select(Submission).where(Submission.id == sub_id)) is None


def test_late_units_and_reminder_list(db, office):
    with db.session() as s:
        mark_received(s, office["TT"], office["reg"], D(2025, 2, 20), today=D(2025, 12, 20))
        late = {u.unit: u for u in late_units(s, 2025, D(2025, 12, 8))}
        assert [r.title for r in late["UBND thị trấn Tam Đường"].late] == ["Đăng ký thi đua năm 2025"]
        assert [r.kind for r in late["UBND xã Bản Bo"].missing] == ["registration"]
        reminders = reminder_list(s, 2025, D(2025, 12, 8), within_days=7)
    assert [r.unit for r in reminders] == ["UBND xã Bản Bo", "Phòng Nội vụ", "UBND thị trấn Tam Đường"]
    bb = reminders[0]
    assert bb.items == "Đăng ký thi đua (quá 296 ngày); Đề nghị khen thưởng (hạn 10/12/2025)"
    assert (bb.overdue, bb.worst_days, bb.next_deadline, bb.head_name) == (1, 296, D(2025, 12, 10), "Chủ tịch BB")
    assert reminders[2].items == "Đề nghị khen thưởng (hạn 10/12/2025)" and reminders[2].overdue == 0


def test_due_editing_rules(db, office):
    with db.session() as s:
        with pytest.raises(ValidationError, match="đã có yêu cầu nộp"):
            save_due(s, DueData(2025, "registration", "", D(2025, 3, 1)))
        with pytest.raises(ValidationError, match="không có trong danh mục"):
            save_due(s, DueData(2025, "report_mid", "", D(2025, 6, 20), unit_kinds="commune,spaceship"))
        mark_received(s, office["BB"], office["reg"], D(2025, 2, 10), today=D(2025, 3, 1))
        with pytest.raises(UserError, match="không xóa được"):
            delete_due(s, office["reg"])
        delete_due(s, office["year"])
        assert [d.kind for d in list_dues(s, 2025)] == ["registration"]


def test_a_past_year_counts_to_its_end_and_says_not_sent_within_the_year(demo_db):
    """Looked at in December 2026, what a unit never sent in 2025 is "chưa nộp trong năm", not
    hundreds of days overdue; the count of late units is that of 31/12/2025."""
    import datetime as dt

    from app.submissions import expected_submissions, unit_overview

    with demo_db.session() as s:
        later = unit_overview(s, 2025, dt.date(2026, 12, 7))
        at_end = expected_submissions(s, 2025)
        on_the_day = expected_submissions(s, 2025, dt.date(2025, 12, 31))
    text = " ".join(r.late + " " + r.details for r in later)
    assert "chưa nộp trong năm 2025" in text and "(chưa nộp trong năm)" in text
    assert "quá hạn 3" not in text and "quá hạn 4" not in text
    assert [(r.unit_id, r.due_id, r.state, r.days) for r in at_end] == \
        [(r.unit_id, r.due_id, r.state, r.days) for r in on_the_day]
