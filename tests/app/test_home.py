"""The home screen's content on the hand-counted office (report_office.py, today 15/12/2025)
and on the demo office."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).parent))

from report_office import TODAY, build_report_office  # noqa: E402

from app.home import days_text, home_summary  # noqa: E402


@pytest.fixture
def office(db):
    return db, build_report_office(db)


def summary(db, today=TODAY, year=2025):
    with db.session() as s:
        return home_summary(s, year, today)


@pytest.mark.parametrize("days, shown", [(-3, "quá hạn 3 ngày"), (-1, "quá hạn 1 ngày"),
                                         (0, "hạn hôm nay"), (1, "hạn ngày mai"), (5, "còn 5 ngày")])
def test_days_read_as_a_clerk_says_them(days, shown):
    assert days_text(days) == shown


def test_due_and_overdue_this_week(office):
    db, ids = office
    h = summary(db)
    rows = [(d.kind, d.due_on, d.days_left, d.detail) for d in h.due]
    assert rows == [
        ("submission", dt.date(2025, 2, 15), -303, "1 đơn vị chưa nộp"),  # Phòng Nội vụ
        ("submission", dt.date(2025, 6, 20), -178, "2 đơn vị chưa nộp"),  # the returned one counts as not sent
        ("dossier", dt.date(2025, 12, 1), -14, "Đang thẩm định"),
        ("task", dt.date(2025, 12, 10), -5, ""),
        ("task", dt.date(2025, 12, 19), 4, ""),
        ("submission", dt.date(2025, 12, 20), 5, "1 đơn vị chưa nộp"),  # the township's own deadline
        ("dossier", dt.date(2025, 12, 21), 6, "Đã tiếp nhận"),  # the last day of the seven
    ]
    assert h.overdue_count == 4
    assert h.due[2].title.startswith("HS-2025-") and "UBND xã Bản Bo" in h.due[2].title
    assert h.due[3].when == "quá hạn 5 ngày"
    # Done tasks, last year's tasks, tasks beyond the week and returned dossiers are not listed.
    titles = " ".join(d.title for d in h.due)
    assert "lễ tổng kết" not in titles and "Việc cũ" not in titles and "Trình khen" not in titles
    assert ids["d3"] not in [d.ref_id for d in h.due if d.kind == "dossier"]


def test_a_deadline_is_met_all_that_day(office):
    db, _ = office
    on_the_day = summary(db, today=dt.date(2025, 12, 21))
    d7 = [d for d in on_the_day.due if d.kind == "dossier" and d.due_on == dt.date(2025, 12, 21)]
    assert d7 and d7[0].days_left == 0 and d7[0].when == "hạn hôm nay" and not d7[0].overdue
    after = summary(db, today=dt.date(2025, 12, 22))
    d7 = [d for d in after.due if d.kind == "dossier" and d.due_on == dt.date(2025, 12, 21)]
    assert d7[0].overdue and d7[0].when == "quá hạn 1 ngày"


def test_dossiers_waiting_for_appraisal(office):
    db, ids = office
    h = summary(db)
    assert [(w.id, w.status, w.due_on, w.days_left) for w in h.appraisal] == [
        (ids["d4"], "Đang thẩm định", dt.date(2025, 12, 1), -14),
        (ids["d7"], "Đã tiếp nhận", dt.date(2025, 12, 21), 6)]


def test_imports_waiting_for_review(office):
    db, _ = office
    imports = summary(db).imports
    assert [(i.unit, i.kind, i.received_on) for i in imports] == [
        ("UBND xã Bản Bo", "Báo cáo tổng kết", dt.date(2025, 12, 10))]


def test_the_year_at_a_glance(office):
    db, _ = office
    g = summary(db).glance
    assert (g.awards, g.titles, g.forms, g.money, g.revoked) == (12, 7, 5, 12_190_000, 1)
    assert (g.dossiers, g.dossiers_decided, g.dossiers_open, g.nominees) == (6, 2, 3, 3)
    assert g.units_late == 4


def test_demo_home_matches_plain_sql(demo_db):
    today = dt.date(2025, 12, 8)
    with demo_db.session() as s:
        h = home_summary(s, 2025, today)
    with demo_db.engine.connect() as conn:
        waiting = conn.execute(text(
            "SELECT COUNT(*) FROM dossiers WHERE status IN ('received', 'appraising')")).scalar()
        imports = conn.execute(text("SELECT COUNT(*) FROM submissions WHERE status = 'received'")).scalar()
        awards = conn.execute(text("SELECT COUNT(*) FROM awards WHERE year = 2025 AND NOT revoked")).scalar()
        tasks = conn.execute(text(
            "SELECT COUNT(*) FROM plan_tasks WHERE status = 'open' AND year >= 2025 "
            "AND deadline <= '2025-12-14'")).scalar()
    assert len(h.appraisal) == waiting > 0
    assert len(h.imports) == imports > 0
    assert h.glance.awards == awards
    assert sum(1 for d in h.due if d.kind == "task") == tasks
    assert all(d.due_on <= dt.date(2025, 12, 14) for d in h.due)


LATER = dt.date(2026, 3, 2)  # 2025 has ended: its home screen is what of it is still undone


def test_a_past_year_lists_what_was_left_undone(office):
    db, ids = office
    h = summary(db, today=LATER)
    assert h.past
    rows = [(d.kind, d.due_on, d.when, d.detail) for d in h.due]
    assert rows == [
        ("submission", dt.date(2025, 2, 15), "chưa nộp đủ", "1 đơn vị chưa nộp"),
        ("submission", dt.date(2025, 6, 20), "chưa nộp đủ", "2 đơn vị chưa nộp"),
        ("dossier", dt.date(2025, 12, 1), "chưa giải quyết", "Đang thẩm định"),
        ("task", dt.date(2025, 12, 10), "chưa hoàn thành", ""),
        ("task", dt.date(2025, 12, 19), "chưa hoàn thành", ""),
        ("submission", dt.date(2025, 12, 20), "chưa nộp đủ", "1 đơn vị chưa nộp"),
        ("dossier", dt.date(2025, 12, 21), "chưa giải quyết", "Đã tiếp nhận"),
        ("task", dt.date(2025, 12, 31), "chưa hoàn thành", ""),  # beyond any week: the year is over
    ]
    assert all(d.year == 2025 for d in h.due) and h.overdue_count == len(h.due)
    assert not any("quá hạn" in d.when for d in h.due)
    assert [(w.id, w.when) for w in h.appraisal] == [(ids["d4"], "chưa thẩm định xong"),
                                                     (ids["d7"], "chưa thẩm định xong")]
    assert [(i.unit, i.year, i.unit_id) for i in h.imports] == [("UBND xã Bản Bo", 2025, ids["BB"])]
    assert h.glance.awards == 12  # the year's figures do not change with the day


def test_a_past_year_keeps_to_its_own_records(office):
    db, ids = office
    from db.models import Dossier, PlanTask, Submission

    with db.session() as s:
        s.add(Dossier(year=2026, number="HS-2026-0001", unit_id=ids["BB"], received_on=dt.date(2026, 2, 20),
                      category="regular", status="received", due_on=dt.date(2026, 3, 1)))
        s.add(PlanTask(year=2026, seq="1", title="Đăng ký thi đua năm 2026", deadline=dt.date(2026, 2, 28)))
        s.add(Submission(unit_id=ids["TT"], year=2026, kind="registration", received_on=dt.date(2026, 2, 25),
                         status="received"))
    past = summary(db, today=LATER, year=2025)
    assert all(d.year == 2025 for d in past.due)
    assert "HS-2026-0001" not in [w.number for w in past.appraisal]
    assert [i.year for i in past.imports] == [2025]
    current = summary(db, today=LATER, year=2026)  # this year: this week's deadlines, days counted
    assert not current.past
    assert ("task", "quá hạn 2 ngày") in [(d.kind, d.when) for d in current.due]
    assert "HS-2026-0001" in [w.number for w in current.appraisal]


def test_the_current_and_a_later_year_count_days(office):
    db, _ = office
    assert not summary(db, today=TODAY, year=2025).past
    assert not summary(db, today=TODAY, year=2026).past
