"""Những bước đầu tiên: what an office starting from an empty data file does first, in order —
its profile, its units, its people (or the units' lists), the year's movements and plan, what
units must send and by when, the templates sent out — each ticked off when done.

The home screen shows these steps while the office is new (no award in its ledger yet), with
the button for each; once every step is done, or the office has decided its first awards, the
list gives way to the usual home screen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.office import get_setting, set_setting
from db.models import (
    Award,
    Movement,
    OfficeProfile,
    Person,
    PlanTask,
    Registration,
    SubmissionDue,
    Unit,
)

TEMPLATES_SENT = "templates_sent"  # setting: {year: number of templates written}


@dataclass(frozen=True, slots=True)
class Step:
    code: str  # profile / units / people / plan / dues / templates
    title: str
    detail: str  # what is there already, or what to do
    done: bool
    action: str  # the button's text


@dataclass
class FirstSteps:
    year: int
    steps: list[Step]
    new_office: bool  # no award in the ledger yet: the home screen shows the steps

    @property
    def shown(self) -> bool:
        return self.new_office and not all(s.done for s in self.steps)

    @property
    def done_count(self) -> int:
        return sum(1 for s in self.steps if s.done)


def _count(session: Session, query) -> int:
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def record_templates_sent(session: Session, year: int, count: int) -> None:
    """Remember that templates of a year went out (the step "Gửi biểu mẫu" is then done)."""
    from app.users import can

    if count <= 0 or not can(session, "edit"):
        return
    sent = dict(get_setting(session, TEMPLATES_SENT, {}) or {})
    sent[str(year)] = int(sent.get(str(year), 0)) + count
    set_setting(session, TEMPLATES_SENT, sent)


def first_steps(session: Session, year: int) -> FirstSteps:
    profile = session.scalar(select(OfficeProfile).limit(1))
    has_profile = profile is not None and bool(profile.office_name and profile.authority_name)
    units = _count(session, select(Unit.id).where(Unit.active.is_(True), Unit.kind != "authority"))
    villages = _count(session, select(Unit.id).where(Unit.active.is_(True), Unit.kind == "village"))
    people = _count(session, select(Person.id))
    registrations = _count(session, select(Registration.id).where(Registration.year == year))
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    movements = _count(session, select(Movement.id).where(
        or_(Movement.start_date.is_(None), Movement.start_date <= end),
        or_(Movement.end_date.is_(None), Movement.end_date >= start)))
    tasks = _count(session, select(PlanTask.id).where(PlanTask.year == year))
    dues = _count(session, select(SubmissionDue.id).where(SubmissionDue.year == year))
    sent = int((get_setting(session, TEMPLATES_SENT, {}) or {}).get(str(year), 0))
    steps = [
        Step("profile", "Thông tin cơ quan", (f"{profile.office_name}, {profile.authority_name}" if has_profile
                                             else "Tên cơ quan, cơ quan chủ quản, cấp, địa danh, người ký"),
             has_profile, "Thông tin cơ quan…"),
        Step("units", "Danh sách đơn vị",
             (f"{units} đơn vị" + (f", trong đó {villages} thôn, bản, tổ dân phố" if villages else "")) if units
             else "Thôn, bản, tổ dân phố, trường học, trạm y tế, đoàn thể…: thêm từng đơn vị hoặc nhập từ Excel",
             units > 0, "Đơn vị…"),
        Step("people", "Cá nhân",
             f"{people} cá nhân" if people else "Thêm từng người, hoặc nhập danh sách đăng ký thi đua của đơn vị",
             people > 0 or registrations > 0, "Cá nhân…"),
        Step("plan", f"Phong trào, kế hoạch năm {year}",
             ", ".join(x for x in (f"{movements} phong trào" if movements else "",
                                   f"{tasks} nhiệm vụ kế hoạch" if tasks else "") if x)
             or "Phong trào thi đua của năm và kế hoạch công tác thi đua, khen thưởng",
             bool(movements or tasks), "Phong trào…"),
        Step("dues", "Hạn nộp của đơn vị",
             f"{dues} yêu cầu nộp năm {year}" if dues
             else "Đăng ký thi đua, báo cáo sơ kết, tổng kết, hồ sơ đề nghị khen thưởng: hạn nộp từng loại",
             dues > 0, "Hạn nộp…"),
        Step("templates", "Gửi biểu mẫu cho đơn vị",
             f"Đã lập {sent} biểu mẫu năm {year}" if sent
             else "Bản đăng ký thi đua, danh sách đề nghị khen thưởng… điền sẵn tên đơn vị",
             sent > 0, "Lập biểu mẫu…"),
    ]
    new_office = session.scalar(select(Award.id).limit(1)) is None
    return FirstSteps(year, steps, new_office)
