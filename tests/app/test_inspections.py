"""Kiểm tra công tác thi đua, khen thưởng: planning and recording inspections, follow-ups late
from the day after their deadline (met all that day), on the home screen's list with the other
overdue items and on the unit's page; the demo's late follow-up."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import ValidationError
from app.home import home_summary
from app.inspections import (
    FollowUpData,
    InspectionData,
    delete_inspection,
    follow_ups,
    get_inspection,
    late_follow_ups,
    list_inspections,
    mark_follow_up_done,
    save_inspection,
    unit_history,
)

D = dt.date
JUNE_12 = D(2025, 6, 12)


def held(unit, *follow: FollowUpData, on=JUNE_12, **kw) -> InspectionData:
    return InspectionData(year=on.year, unit_id=unit.id, planned_on=on - dt.timedelta(days=2), held_on=on,
                          status="held", team="Phòng Nội vụ", content="Hồ sơ khen thưởng, sổ theo dõi",
                          findings="Sổ theo dõi ghi chưa đủ", follow_ups=list(follow), **kw)


@pytest.fixture
def units(world):
    world.office()
    return world, world.unit("UBND xã Bản Bo", kind="commune"), world.unit("UBND xã Khun Há", kind="commune")


def test_plan_then_record_an_inspection_with_follow_ups(units):
    world, ban_bo, _ = units
    planned = save_inspection(world.s, InspectionData(year=2025, unit_id=ban_bo.id, planned_on=D(2025, 6, 10),
                                                      team="Phòng Nội vụ", content="Đăng ký thi đua"))
    row = list_inspections(world.s, 2025, D(2025, 6, 1))[0]
    assert (row.unit, row.status_text, row.follow_ups) == ("UBND xã Bản Bo", "Kế hoạch", 0)
    data = get_inspection(world.s, planned)
    data.held_on, data.findings = D(2025, 6, 12), "Thiếu biên bản bình xét"
    data.follow_ups = [FollowUpData("Bổ sung biên bản bình xét", D(2025, 7, 31)),
                       FollowUpData("Cập nhật sổ theo dõi khen thưởng", D(2025, 8, 15))]
    save_inspection(world.s, data)  # a date held makes it held
    again = get_inspection(world.s, planned)
    assert again.status == "held" and [f.request for f in again.follow_ups] == [
        "Bổ sung biên bản bình xét", "Cập nhật sổ theo dõi khen thưởng"]
    kept = again.follow_ups[1].id
    again.follow_ups = again.follow_ups[1:]  # the first one dropped, the second kept as it is
    save_inspection(world.s, again)
    assert [f.id for f in get_inspection(world.s, planned).follow_ups] == [kept]


@pytest.mark.parametrize("change, field", [
    (dict(unit_id=None), "unit_id"),
    (dict(planned_on=None), "planned_on"),
    (dict(content=" "), "content"),
    (dict(held_on=None), "held_on"),
])
def test_bad_inspections_are_refused_by_field(units, change, field):
    world, ban_bo, _ = units
    data = held(ban_bo)
    for key, value in change.items():
        setattr(data, key, value)
    with pytest.raises(ValidationError) as err:
        save_inspection(world.s, data)
    assert err.value.field == field


def test_follow_up_dates_must_follow_the_inspection(units):
    world, ban_bo, _ = units
    with pytest.raises(ValidationError, match="thời hạn trước ngày kiểm tra"):
        save_inspection(world.s, held(ban_bo, FollowUpData("Bổ sung", D(2025, 6, 1))))
    with pytest.raises(ValidationError, match="chưa có nội dung"):
        save_inspection(world.s, held(ban_bo, FollowUpData("  ", D(2025, 7, 1))))
    planned = held(ban_bo, FollowUpData("Bổ sung", D(2025, 7, 1)))
    planned.status, planned.held_on = "planned", None
    with pytest.raises(ValidationError, match="sau khi đã kiểm tra"):
        save_inspection(world.s, planned)


def test_a_follow_up_is_late_from_the_day_after_its_deadline(units):
    world, ban_bo, _ = units
    save_inspection(world.s, held(ban_bo, FollowUpData("Hoàn thiện hồ sơ điển hình", D(2025, 9, 30))))
    assert late_follow_ups(world.s, D(2025, 9, 30)) == []  # met all day on the deadline
    late = late_follow_ups(world.s, D(2025, 10, 1))
    assert [(f.unit, f.days_left, f.state_text) for f in late] == [("UBND xã Bản Bo", -1, "Quá hạn 1 ngày")]
    mark_follow_up_done(world.s, late[0].id, D(2025, 10, 3), "Báo cáo số 12/BC-UBND")
    assert late_follow_ups(world.s, D(2025, 12, 1)) == []
    done = follow_ups(world.s, today=D(2025, 12, 1))[0]
    assert done.state_text == "Đã xong 03/10/2025" and done.response == "Báo cáo số 12/BC-UBND"


def test_late_and_imminent_follow_ups_join_the_home_screen(units):
    world, ban_bo, khun_ha = units
    save_inspection(world.s, held(ban_bo, FollowUpData("Hoàn thiện hồ sơ điển hình", D(2025, 9, 30)),
                                  FollowUpData("Đã làm xong", D(2025, 9, 1), D(2025, 8, 30))))
    save_inspection(world.s, held(khun_ha, FollowUpData("Tổ chức sơ kết phong trào", D(2025, 10, 6)),
                                  FollowUpData("Gửi báo cáo năm", D(2025, 12, 20)), on=D(2025, 9, 20)))
    summary = home_summary(world.s, 2025, today=D(2025, 10, 2))
    items = [(d.kind, d.what, d.title, d.when, d.overdue) for d in summary.due if d.kind == "follow_up"]
    assert items == [
        ("follow_up", "Sau kiểm tra", "UBND xã Bản Bo: Hoàn thiện hồ sơ điển hình", "quá hạn 2 ngày", True),
        ("follow_up", "Sau kiểm tra", "UBND xã Khun Há: Tổ chức sơ kết phong trào", "còn 4 ngày", False)]
    assert summary.overdue_count >= 1
    first = next(d for d in summary.due if d.kind == "follow_up")
    assert first.ref_id == list_inspections(world.s, 2025, D(2025, 10, 2))[0].id  # opens the inspection


def test_a_units_page_shows_its_inspection_history(units):
    world, ban_bo, khun_ha = units
    old = save_inspection(world.s, held(ban_bo, FollowUpData("Bổ sung sổ", D(2024, 7, 1), D(2024, 6, 30)),
                                        on=D(2024, 6, 11)))
    new = save_inspection(world.s, held(ban_bo, FollowUpData("Hoàn thiện hồ sơ", D(2025, 9, 30))))
    save_inspection(world.s, held(khun_ha))
    page = unit_history(world.s, ban_bo.id, today=D(2025, 11, 1))
    assert [r.id for r in page.inspections] == [new, old]  # newest first, every year
    assert [f.request for f in page.late] == ["Hoàn thiện hồ sơ"]
    assert page.inspections[0].follow_up_text == "0/1 đã xong; 1 quá hạn"
    delete_inspection(world.s, new)
    assert unit_history(world.s, ban_bo.id, today=D(2025, 11, 1)).late == []


def test_the_demo_has_three_inspections_and_one_late_follow_up(demo_db):
    with demo_db.session() as s:
        rows = list_inspections(s, 2025, D(2026, 1, 15))
        assert len(rows) == 3 and all(r.status == "held" for r in rows)
        late = late_follow_ups(s, D(2026, 1, 15))
        assert [f.unit for f in late] == ["UBND xã Bản Bo"]
        due = home_summary(s, 2025, today=D(2026, 1, 15)).due
        assert [d.title.split(":")[0] for d in due if d.kind == "follow_up"] == ["UBND xã Bản Bo"]
