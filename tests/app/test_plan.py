"""The year's plan: tasks with who, deadline and status; overdue and due this week by whole
local days; a new year's plan from last year's."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import ValidationError
from app.plan import (
    PlanTaskData,
    copy_plan,
    delete_task,
    get_task,
    list_plan,
    mark_done,
    next_year_date,
    next_year_text,
    plan_alerts,
    plan_copy_preview,
    save_task,
    seq_key,
)

D = dt.date
TODAY = D(2025, 12, 10)  # a Wednesday: the week runs to Sunday 14/12


@pytest.fixture
def plan(db):
    with db.session() as s:
        ids = {}
        for seq, title, deadline, status in [
            ("1.10", "Tổng hợp hồ sơ đề nghị khen thưởng năm 2025", D(2025, 12, 9), "open"),
            ("1.2", "Ban hành Kế hoạch công tác thi đua, khen thưởng năm 2025", D(2025, 1, 20), "done"),
            ("1.9", "Báo cáo thống kê TĐKT năm 2025", D(2025, 12, 10), "open"),
            ("2.1", "Tổng kết phong trào giai đoạn 2021–2025", D(2025, 12, 14), "open"),
            ("2.2", "Hội nghị điển hình tiên tiến", D(2025, 12, 15), "open"),
            ("3", "Tập huấn nghiệp vụ", None, "open"),
            ("4", "Việc đã hủy", D(2025, 5, 1), "cancelled"),
        ]:
            ids[seq] = save_task(s, PlanTaskData(2025, title, seq, "Phòng Nội vụ", deadline=deadline,
                                                 status=status), today=D(2025, 1, 15))
    return ids


def test_plan_order_and_states(db, plan):
    with db.session() as s:
        rows = list_plan(s, 2025, TODAY)
    assert [r.seq for r in rows] == ["1.2", "1.9", "1.10", "2.1", "2.2", "3", "4"]
    states = {r.seq: (r.state, r.state_text) for r in rows}
    assert states["1.10"] == ("overdue", "Quá hạn 1 ngày")
    assert states["1.9"] == ("this_week", "Đến hạn hôm nay")  # the deadline day is not overdue
    assert states["2.1"] == ("this_week", "Đến hạn tuần này (còn 4 ngày)")
    assert states["2.2"] == ("open", "Đang thực hiện")  # next Monday: not this week
    assert states["3"][0] == "no_deadline" and states["1.2"][0] == "done" and states["4"][0] == "cancelled"
    # Looked at a year later, a task never done says so without counting days.
    with db.session() as s:
        later = {r.seq: (r.state, r.state_text) for r in list_plan(s, 2025, D(2026, 11, 25))}
    assert later["1.10"] == ("overdue", "Chưa hoàn thành trong năm 2025")


def test_alerts_and_filters(db, plan):
    with db.session() as s:
        alerts = plan_alerts(s, 2025, TODAY)
        assert [r.seq for r in alerts.overdue] == ["1.10"]
        assert [r.seq for r in alerts.this_week] == ["1.9", "2.1"]
        assert [r.seq for r in list_plan(s, 2025, TODAY, only="open")] == ["1.9", "1.10", "2.1", "2.2", "3"]
        mark_done(s, plan["1.10"], on=D(2025, 12, 10))
        task = get_task(s, plan["1.10"])
        assert (task.status, task.done_on) == ("done", D(2025, 12, 10))
        assert plan_alerts(s, 2025, TODAY).overdue == []
        task.status = "open"
        save_task(s, task)
        assert get_task(s, plan["1.10"]).done_on is None  # reopened: no done date
        delete_task(s, plan["3"])
        assert len(list_plan(s, 2025, TODAY)) == 6


def test_new_year_from_last_years_plan(db, plan):
    with db.session() as s:
        preview = plan_copy_preview(s, 2025, 2026)
        assert len(preview) == 6  # the cancelled task is not carried over
        first = next(c for c in preview if c.seq == "1.2")
        assert first.title == "Ban hành Kế hoạch công tác thi đua, khen thưởng năm 2026"
        assert first.deadline == D(2026, 1, 20)
        span = next(c for c in preview if c.seq == "2.1")
        assert span.title == "Tổng kết phong trào giai đoạn 2021–2025"  # a span is not a year
        assert copy_plan(s, 2025, 2026) == 6
        rows = list_plan(s, 2026, D(2026, 1, 2))
        assert {r.status for r in rows} == {"Đang thực hiện"}
        assert copy_plan(s, 2025, 2026) == 0  # already there: nothing twice
        with pytest.raises(ValidationError, match="chưa có kế hoạch"):
            copy_plan(s, 2019, 2020)


def test_helpers():
    assert next_year_date(D(2024, 2, 29)) == D(2025, 2, 28)
    assert next_year_text("Kế hoạch năm 2025; NĂM 2025", 2025, 2026) == "Kế hoạch năm 2026; NĂM 2026"
    assert sorted(["1.10", "1.2", "II", "I", "1"], key=seq_key) == ["1", "1.2", "1.10", "I", "II"]


def test_bad_task_is_refused(db, plan):
    with db.session() as s:
        with pytest.raises(ValidationError, match="Chưa nhập nội dung"):
            save_task(s, PlanTaskData(2025, "  "))
        with pytest.raises(ValidationError, match="đã có nhiệm vụ này"):
            save_task(s, PlanTaskData(2025, "Tập huấn nghiệp vụ", "3"))
