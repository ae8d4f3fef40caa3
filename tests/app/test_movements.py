"""Movements: editing with every field and the units taking part, links to dossiers and
awards, and what needs attention at a glance (review overdue or near, ending soon, running)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from app.errors import UserError, ValidationError
from app.movements import (
    MovementData,
    attention,
    delete_movement,
    get_movement,
    link,
    linked_awards,
    linked_dossiers,
    list_movements,
    save_movement,
    unlink,
)
from app.text import fold
from db.models import Award, AwardType, Dossier, MovementUnit, Unit

D = dt.date


def _m(**kw):
    base = dict(status="running", start_date=D(2025, 1, 1), end_date=D(2025, 12, 31),
                midterm_review_on=D(2025, 7, 10), final_review_on=D(2025, 12, 20))
    base.update(kw)
    return SimpleNamespace(**base)


@pytest.mark.parametrize("today, movement, code, text, day", [
    (D(2025, 3, 1), _m(), "running", "Đang diễn ra", None),
    (D(2025, 6, 20), _m(), "review_due", "Sắp sơ kết: còn 20 ngày", D(2025, 7, 10)),
    (D(2025, 7, 10), _m(), "review_due", "Sơ kết hôm nay", D(2025, 7, 10)),
    (D(2025, 7, 11), _m(), "review_overdue", "Quá hạn sơ kết 1 ngày", D(2025, 7, 10)),
    # Seen in a later year: what was missed, and when, not a count of days.
    (D(2026, 11, 25), _m(status="reviewed"), "review_overdue", "Chưa tổng kết (hạn 20/12/2025)", D(2025, 12, 20)),
    (D(2025, 8, 1), _m(status="reviewed"), "running", "Đang diễn ra", None),
    (D(2025, 12, 1), _m(status="reviewed"), "review_due", "Sắp tổng kết: còn 19 ngày", D(2025, 12, 20)),
    # The final review near: it speaks before a mid-term review left unmarked.
    (D(2025, 12, 1), _m(), "review_due", "Sắp tổng kết: còn 19 ngày", D(2025, 12, 20)),
    (D(2025, 12, 1), _m(status="reviewed", final_review_on=None), "ending_soon", "Sắp kết thúc: còn 30 ngày",
     D(2025, 12, 31)),
    (D(2026, 1, 5), _m(status="reviewed", final_review_on=None), "ended", "Hết thời gian, chưa tổng kết",
     D(2025, 12, 31)),
    (D(2024, 12, 1), _m(midterm_review_on=None, final_review_on=None), "not_started", "Chưa bắt đầu",
     D(2025, 1, 1)),
    (D(2026, 1, 5), _m(status="closed"), "closed", "Đã tổng kết", D(2025, 12, 20)),
])
def test_attention_at_a_glance(today, movement, code, text, day):
    assert attention(movement, today) == (code, text, day)


@pytest.fixture
def units(db):
    with db.session() as s:
        rows = [Unit(code=c, name=n, kind="commune", search_key=fold(n))
                for c, n in (("BB", "UBND xã Bản Bo"), ("KH", "UBND xã Khun Há"))]
        s.add_all(rows)
        s.flush()
        return [u.id for u in rows]


def _data(**kw):
    base = dict(name="Chung tay xóa nhà tạm, nhà dột nát năm 2025", launched_by="UBND huyện Tam Đường",
                level="huyen", kind="thematic", slogan="Không để ai bị bỏ lại phía sau",
                doc_number="15/KH-UBND", doc_date=D(2025, 1, 20), doc_issuer="UBND huyện Tam Đường",
                start_date=D(2025, 2, 18), end_date=D(2025, 10, 31), targets="Xóa 120 nhà tạm",
                midterm_review_on=D(2025, 6, 30), final_review_on=D(2025, 11, 20), status="running")
    base.update(kw)
    return MovementData(**base)


def test_save_movement_with_every_field_and_units(db, units):
    with db.session() as s:
        movement_id = save_movement(s, _data(unit_ids=units))
    with db.session() as s:
        data = get_movement(s, movement_id)
        assert (data.doc_number, data.doc_date, data.targets, data.final_review_on, data.unit_ids) == (
            "15/KH-UBND", D(2025, 1, 20), "Xóa 120 nhà tạm", D(2025, 11, 20), units)
        data.unit_ids = [units[1]]
        data.status = "reviewed"
        save_movement(s, data)
        assert list(s.scalars(select(MovementUnit.unit_id))) == [units[1]]
        row = list_movements(s, 2025, today=D(2025, 11, 1))[0]
        assert (row.units, row.status, row.attention_code) == (1, "Đã sơ kết", "review_due")
        assert (row.attention, row.attention_date) == ("Sắp tổng kết: còn 19 ngày", D(2025, 11, 20))


@pytest.mark.parametrize("change, message", [
    (dict(name="  "), "Chưa nhập tên phong trào"),
    (dict(launched_by=""), "Chưa nhập cơ quan phát động"),
    (dict(end_date=D(2025, 1, 1)), "trước ngày bắt đầu"),
    (dict(final_review_on=D(2025, 5, 1)), "phải sau ngày sơ kết"),
    (dict(kind="weekly"), "Loại phong trào"),
    (dict(start_date=None), "cần ngày bắt đầu"),
])
def test_bad_movement_is_refused(db, change, message):
    with db.session() as s, pytest.raises(ValidationError, match=message):
        save_movement(s, _data(**change))


def test_link_dossiers_and_awards_then_refuse_delete(db, units):
    with db.session() as s:
        movement_id = save_movement(s, _data())
        dossier = Dossier(year=2025, number="HS-2025-0001", unit_id=units[0], received_on=D(2025, 11, 1),
                          category="movement", status="received", title="Đề nghị khen chuyên đề")
        award_type = s.scalar(select(AwardType).where(AwardType.code == "GK"))
        award = Award(subject="collective", unit_id=units[0], recipient_name="UBND xã Bản Bo",
                      award_type_id=award_type.id, year=2025, kind="movement", decision_number="7/QĐ-UBND")
        s.add_all([dossier, award])
        s.flush()
        assert [d.number for d in linked_dossiers(s, year=2025)] == ["HS-2025-0001"]
        assert link(s, movement_id, dossier_ids=[dossier.id], award_ids=[award.id]) == 2
        assert [d.number for d in linked_dossiers(s, movement_id)] == ["HS-2025-0001"]
        assert [(a.recipient, a.award) for a in linked_awards(s, movement_id)] == [("UBND xã Bản Bo", "Giấy khen")]
        with pytest.raises(UserError, match="1 hồ sơ, 1 khen thưởng"):
            delete_movement(s, movement_id)
        unlink(s, dossier_ids=[dossier.id], award_ids=[award.id])
        assert linked_dossiers(s, movement_id) == [] and linked_awards(s, movement_id) == []
        delete_movement(s, movement_id)
        assert list_movements(s, 2025) == []
