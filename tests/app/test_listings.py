"""The listings the GUI tabs show: movements of a year, blocs of a year, the units overview."""

from __future__ import annotations

import datetime as dt

import pytest

from app.blocs import list_blocs
from app.movements import list_movements, period_text
from app.submissions import unit_overview
from app.text import fold
from db.models import (
    Bloc,
    BlocMember,
    Movement,
    MovementUnit,
    Submission,
    SubmissionDue,
    SubmissionDueOverride,
    SubmissionExemption,
    Unit,
)

D = dt.date


def _unit(session, code, name, kind, order=0, **kw):
    unit = Unit(code=code, name=name, kind=kind, sort_order=order, search_key=fold(name), **kw)
    session.add(unit)
    session.flush()
    return unit


@pytest.fixture
def office(db):
    """Four units, two years of blocs, three movements, dues and submissions for 2025."""
    with db.session() as s:
        u = {
            "ubnd": _unit(s, "UBND", "UBND huyện Tam Đường", "authority"),
            "tt": _unit(s, "TT", "UBND thị trấn Tam Đường", "township", 1),
            "bb": _unit(s, "BB", "UBND xã Bản Bo", "commune", 2),
            "nt": _unit(s, "NT", "UBND xã Nà Tăm", "commune", 3, active=False, merged_on=D(2025, 7, 1)),
            "nv": _unit(s, "NV", "Phòng Nội vụ", "agency", 10),
        }
        for year, head, deputy in ((2024, "bb", "tt"), (2025, "tt", "nt")):
            bloc = Bloc(year=year, name="Khối các xã, thị trấn", head_unit_id=u[head].id,
                        deputy_unit_id=u[deputy].id)
            s.add(bloc)
            s.flush()
            for key in ("nt", "bb", "tt"):
                s.add(BlocMember(bloc_id=bloc.id, unit_id=u[key].id))
        s.add(Bloc(year=2025, name="Khối các cơ quan chuyên môn", head_unit_id=u["nv"].id))
        s.add_all([
            Movement(name="Cả nước thi đua xây dựng xã hội học tập", launched_by="Thủ tướng Chính phủ",
                     level="trung_uong", kind="thematic", start_date=D(2023, 1, 1), end_date=D(2030, 12, 31),
                     status="running"),
            Movement(name="Chung tay xóa nhà tạm, nhà dột nát", launched_by="UBND huyện Tam Đường",
                     level="huyen", kind="periodic", start_date=D(2025, 3, 1), end_date=D(2025, 9, 30),
                     status="closed", doc_number="12/KH-UBND", doc_date=D(2025, 2, 20)),
            Movement(name="Đợt thi đua năm 2023", launched_by="UBND huyện Tam Đường", level="huyen",
                     kind="periodic", start_date=D(2023, 1, 1), end_date=D(2023, 12, 31), status="closed"),
        ])
        s.flush()
        house = s.query(Movement).filter_by(doc_number="12/KH-UBND").one()
        s.add_all([MovementUnit(movement_id=house.id, unit_id=u[k].id) for k in ("bb", "tt")])
        reg = SubmissionDue(year=2025, kind="registration", title="Đăng ký thi đua", due_on=D(2025, 2, 15))
        year_end = SubmissionDue(year=2025, kind="report_year", title="Báo cáo tổng kết",
                                 due_on=D(2025, 12, 10), unit_kinds="commune, township")
        s.add_all([reg, year_end])
        s.flush()
        s.add(SubmissionExemption(due_id=year_end.id, unit_id=u["nt"].id, reason="Đã sáp nhập"))
        s.add_all([
            Submission(unit_id=u["bb"].id, year=2025, kind="registration", received_on=D(2025, 2, 10)),
            Submission(unit_id=u["tt"].id, year=2025, kind="registration", received_on=D(2025, 2, 17)),
            Submission(unit_id=u["tt"].id, year=2025, kind="report_year", received_on=D(2025, 12, 10),
                       status="accepted"),
            Submission(unit_id=u["nv"].id, year=2025, kind="registration", received_on=D(2025, 2, 1),
                       status="returned", version_no=1),
        ])
    return db


def test_movements_of_a_year_touch_that_year(office):
    with office.session() as s:
        rows = list_movements(s, 2025)
    assert [r.name for r in rows] == ["Cả nước thi đua xây dựng xã hội học tập",
                                      "Chung tay xóa nhà tạm, nhà dột nát"]
    top, house = rows
    assert (top.level, top.kind, top.status, top.period) == ("Trung ương", "Chuyên đề", "Đang triển khai",
                                                             "2023 – 2030")
    assert (house.period, house.units, house.document) == ("01/03/2025 – 30/09/2025", 2,
                                                           "12/KH-UBND ngày 20/02/2025")
    assert "xoa nha tam" in house.search
    with office.session() as s:
        assert [r.name for r in list_movements(s, 2023)] == [
            "Cả nước thi đua xây dựng xã hội học tập", "Đợt thi đua năm 2023"]


def test_period_text():
    assert period_text(D(2025, 1, 1), D(2025, 12, 31)) == "2025"
    assert period_text(D(2021, 5, 3), None) == "từ 03/05/2021"
    assert period_text(None, None) == ""


def test_blocs_follow_the_year(office):
    with office.session() as s:
        y24, y25 = list_blocs(s, 2024), list_blocs(s, 2025)
    assert [(b.name, b.head, b.deputy) for b in y24] == [
        ("Khối các xã, thị trấn", "UBND xã Bản Bo", "UBND thị trấn Tam Đường")]
    assert [b.name for b in y25] == ["Khối các cơ quan chuyên môn", "Khối các xã, thị trấn"]
    communes = y25[1]
    assert communes.head == "UBND thị trấn Tam Đường"
    # Members in the office's order (sort_order), not insertion order.
    assert communes.members == ("UBND thị trấn Tam Đường", "UBND xã Bản Bo", "UBND xã Nà Tăm")
    assert communes.member_count == 3
    assert "ban bo" in communes.search
    assert y25[0].members == () and y25[0].deputy == ""


def test_unit_overview_due_arrived_late(office):
    with office.session() as s:
        rows = {r.unit: r for r in unit_overview(s, 2025, today=D(2025, 12, 11))}
    # The authority itself never reports to the office.
    assert set(rows) == {"UBND thị trấn Tam Đường", "UBND xã Bản Bo", "UBND xã Nà Tăm", "Phòng Nội vụ"}
    bb, tt, nt, nv = (rows[n] for n in ("UBND xã Bản Bo", "UBND thị trấn Tam Đường",
                                          "UBND xã Nà Tăm", "Phòng Nội vụ"))
    assert bb.kind == "UBND xã" and bb.bloc == "Khối các xã, thị trấn"
    assert (bb.arrived, bb.late, bb.due) == ("Đăng ký thi đua", "Báo cáo tổng kết (quá 1 ngày)", "")
    assert bb.details == ("Đăng ký thi đua: đã nộp 10/02/2025\n"
                          "Báo cáo tổng kết: quá hạn 1 ngày (hạn 10/12/2025)")
    # Sent two days after the deadline: arrived, marked late; sent on the deadline day: on time.
    assert tt.arrived == "Đăng ký thi đua (muộn), Báo cáo tổng kết"
    assert tt.late == "" and tt.late_count == 0 and tt.owed_count == 2
    # Excused from the year-end report (merged): only the registration is owed.
    assert nt.owed_count == 1 and nt.late == "Đăng ký thi đua (quá 299 ngày)"
    # An agency is not concerned by a communes-only due; a returned file does not count.
    assert nv.owed_count == 1 and nv.arrived == "" and nv.late_count == 1


def test_unit_overview_before_the_deadline_is_still_due(office):
    with office.session() as s:
        rows = {r.unit: r for r in unit_overview(s, 2025, today=D(2025, 12, 10))}
    bb = rows["UBND xã Bản Bo"]
    assert bb.due == "Báo cáo tổng kết (hạn 10/12)" and bb.late == ""  # the deadline day counts
    assert (bb.due_count, bb.arrived_count, bb.late_count) == (1, 1, 0)


def test_unit_overview_uses_a_units_own_deadline(office):
    with office.session() as s:
        due = s.query(SubmissionDue).filter_by(kind="report_year").one()
        bb = s.query(Unit).filter_by(code="BB").one()
        s.add(SubmissionDueOverride(due_id=due.id, unit_id=bb.id, due_on=D(2025, 12, 20),
                                    reason="Thiên tai"))
    with office.session() as s:
        rows = {r.unit: r for r in unit_overview(s, 2025, today=D(2025, 12, 15))}
    assert rows["UBND xã Bản Bo"].due == "Báo cáo tổng kết (hạn 20/12)"
    assert rows["UBND xã Bản Bo"].late == ""


def test_unit_overview_of_an_earlier_year_keeps_merged_units(office):
    with office.session() as s:
        names = [r.unit for r in unit_overview(s, 2024, today=D(2025, 1, 1))]
        names26 = [r.unit for r in unit_overview(s, 2026, today=D(2026, 1, 1))]
    assert "UBND xã Nà Tăm" in names
    assert "UBND xã Nà Tăm" not in names26
