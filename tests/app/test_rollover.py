"""Year rollover: a preview first, then blocs (rotated heads, members after mergers, criteria),
dues a year on and plan tasks, all in one transaction; what the new year has is kept."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app import bloc_criteria as bc
from app.blocs import BlocData, list_blocs, save_bloc
from app.dues import DueData, list_dues, save_due
from app.errors import ValidationError
from app.plan import PlanTaskData, list_plan, save_task
from app.rollover import apply_rollover, latest_year, preview_rollover
from app.text import fold
from db.models import Bloc, BlocCriterion, PlanTask, SubmissionDue, Unit

D = dt.date


@pytest.fixture
def year2025(db):
    with db.session() as s:
        u = {}
        for i, (code, name) in enumerate([("BB", "UBND xã Bản Bo"), ("BL", "UBND xã Bình Lư"),
                                           ("KH", "UBND xã Khun Há"), ("NT", "UBND xã Nà Tăm"),
                                           ("UB", "UBND huyện Tam Đường")]):
            unit = Unit(code=code, name=name, kind="authority" if code == "UB" else "commune", sort_order=i,
                        search_key=fold(name))
            s.add(unit)
            s.flush()
            u[code] = unit.id
        # Nà Tăm merged into Bản Bo on 1/7/2025.
        nt = s.get(Unit, u["NT"])
        nt.active, nt.merged_into_id, nt.merged_on = False, u["BB"], D(2025, 7, 1)
        communes = save_bloc(s, BlocData(2025, "Khối các xã", member_ids=[u["BB"], u["BL"], u["KH"], u["NT"]],
                                         head_unit_id=u["BB"], deputy_unit_id=u["NT"],
                                         regulation="Quy chế khối năm 2025", tie_break="group:I,alpha"))
        g = bc.add_criterion(s, communes, "Kinh tế", 0, code="I")
        bc.add_criterion(s, communes, "Thu ngân sách", "60", code="1.1", parent_id=g)
        bc.add_criterion(s, communes, "Thưởng", "5", code="II", kind="bonus")
        save_bloc(s, BlocData(2025, "Khối thi đua các huyện", organiser="province", member_ids=[u["UB"]]))
        save_due(s, DueData(2025, "registration", "Đăng ký thi đua năm 2025", D(2025, 2, 28)))
        save_due(s, DueData(2025, "award_proposal", "Hồ sơ đề nghị khen thưởng năm 2025", D(2025, 12, 10),
                            unit_kinds="commune"))
        save_task(s, PlanTaskData(2025, "Ban hành Kế hoạch năm 2025", "1.1", deadline=D(2025, 1, 20),
                                  status="done"), today=D(2025, 1, 15))
        save_task(s, PlanTaskData(2025, "Sơ kết 6 tháng", "1.2", deadline=D(2025, 7, 10)))
    return u


def test_preview_then_apply(db, year2025):
    with db.session() as s:
        assert latest_year(s) == 2025
        preview = preview_rollover(s, 2025)
        assert preview.summary() == ("Năm 2026: 2 khối thi đua, 2 yêu cầu nộp, 2 nhiệm vụ kế hoạch "
                                     "sẽ được tạo từ năm 2025.")
        communes = next(b for b in preview.blocs if b.name == "Khối các xã")
        assert communes.members == ("UBND xã Bản Bo", "UBND xã Bình Lư", "UBND xã Khun Há")
        assert communes.changes == ("UBND xã Nà Tăm → UBND xã Bản Bo (sáp nhập)",)
        # The deputy (Nà Tăm) is gone: the longest-waiting member leads, the next one deputises.
        assert (communes.head, communes.deputy) == ("UBND xã Bình Lư", "UBND xã Khun Há")
        assert communes.criteria == 3
        province = next(b for b in preview.blocs if b.organiser == "province")
        assert (province.head, province.deputy) == ("", "")
        assert s.scalar(select(func.count()).select_from(Bloc).where(Bloc.year == 2026)) == 0  # nothing yet
    with db.session() as s:
        result = apply_rollover(s, 2025)
    assert result.message() == ("Đã tạo năm 2026 từ năm 2025: 2 khối thi đua (3 tiêu chí), 2 yêu cầu nộp, "
                                "2 nhiệm vụ kế hoạch.")
    with db.session() as s:
        blocs = {b.name: b for b in list_blocs(s, 2026)}
        assert blocs["Khối các xã"].head == "UBND xã Bình Lư"
        new = s.scalar(select(Bloc).where(Bloc.year == 2026, Bloc.name == "Khối các xã"))
        assert (new.regulation, new.tie_break) == ("Quy chế khối năm 2026", "group:I,alpha")
        assert [c.code for c in bc.criteria_tree(s, new.id)] == ["I", "1.1", "II"]
        dues = {d.kind: d for d in list_dues(s, 2026)}
        assert dues["award_proposal"].due_on == D(2026, 12, 10)
        assert dues["award_proposal"].title == "Hồ sơ đề nghị khen thưởng năm 2026"
        assert dues["award_proposal"].concerns == "UBND xã"
        assert [(t.title, t.deadline, t.status) for t in list_plan(s, 2026, D(2026, 1, 1))] == [
            ("Ban hành Kế hoạch năm 2026", D(2026, 1, 20), "Đang thực hiện"),
            ("Sơ kết 6 tháng", D(2026, 7, 10), "Đang thực hiện")]
    # Again: everything is there already, nothing is made twice.
    with db.session() as s:
        assert preview_rollover(s, 2025).empty
        again = apply_rollover(s, 2025)
        assert (again.blocs, again.dues, again.tasks) == (0, 0, 0)
        assert s.scalar(select(func.count()).select_from(BlocCriterion)) == 6


def test_apply_is_all_or_nothing(db, year2025, monkeypatch):
    import app.rollover as rollover

    def broken(*_args, **_kw):
        raise ValidationError("Hỏng giữa chừng")

    monkeypatch.setattr(rollover, "copy_plan", broken)
    with pytest.raises(ValidationError), db.session() as s:
        apply_rollover(s, 2025)
    with db.session() as s:
        for model in (Bloc, SubmissionDue, PlanTask):
            assert s.scalar(select(func.count()).select_from(model).where(model.year == 2026)) == 0


def test_nothing_to_roll_over(db):
    with db.session() as s, pytest.raises(ValidationError, match="chưa có khối thi đua"):
        preview_rollover(s, 2030)
