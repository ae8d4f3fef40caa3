"""What the demo's units owe and sent (hồ sơ nộp) for 2024 and 2025: the dues with their
deadlines, each unit's submissions (on time, late, missing, corrected as version 2), and the
2025 registrations (đăng ký thi đua) with one collective and one individual exemplar."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.demo.base import Ctx, load
from db.models import Registration, Submission, SubmissionDue, SubmissionDueOverride

ALL_KINDS = "commune,township,agency,public_service,mass_org,school,enterprise"
BLOC_KINDS = "commune,township,agency,public_service,mass_org,school"
DUES = [  # kind, title, month, day, unit kinds
    ("registration", "Đăng ký thi đua năm {y}", 2, 28, ALL_KINDS),
    ("report_mid", "Báo cáo sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm {y}", 6, 20, ALL_KINDS),
    ("bloc_scores", "Bảng tự chấm điểm thi đua của khối năm {y}", 11, 25, BLOC_KINDS),
    ("report_year", "Báo cáo tổng kết công tác thi đua, khen thưởng năm {y}", 11, 30, ALL_KINDS),
    ("award_proposal", "Hồ sơ đề nghị khen thưởng tổng kết năm {y}", 12, 5, ALL_KINDS),
]
# Share of units on time, late (the rest sent nothing), per year.
OUTCOMES = {2024: (0.86, 0.11), 2025: (0.72, 0.14)}


def write_submissions(ctx: Ctx) -> dict[tuple[int, int, str], int]:
    """Dues and submissions; returns (unit id, year, kind) → the unit's latest submission."""
    dues, subs = [], []
    latest: dict[tuple[int, int, str], int] = {}
    units = [u for u in ctx.units if u["kind"] != "authority"]
    for year in (2024, 2025):
        on_time, late = OUTCOMES[year]
        for kind, title, month, mday, kinds in DUES:
            due = dict(id=ctx.new_id(SubmissionDue), year=year, kind=kind, title=title.format(y=year),
                       due_on=dt.date(year, month, mday), unit_kinds=kinds,
                       notes=f"Theo Kế hoạch công tác thi đua, khen thưởng năm {year}.")
            dues.append(due)
            if (year, kind) == (2025, "award_proposal"):
                continue  # these arrive with the 2025 dossiers (app.demo.dossiers)
            for unit in units:
                if unit["kind"] not in kinds.split(","):
                    continue
                r = ctx.rng.random()
                if r >= on_time + late:
                    continue  # nothing arrived
                if r < on_time:
                    received = due["due_on"] - dt.timedelta(days=ctx.rng.randint(0, 12))
                else:
                    received = due["due_on"] + dt.timedelta(days=ctx.rng.randint(1, 15))
                versions = 2 if ctx.rng.random() < 0.06 else 1
                for version in range(1, versions + 1):
                    when = received if version == 1 else received + dt.timedelta(days=ctx.rng.randint(2, 9))
                    if version < versions:
                        status = "superseded"
                    elif year == 2025 and ctx.rng.random() < 0.03:
                        status = "returned"
                    elif year == 2025 and kind in ("award_proposal", "report_year") and ctx.rng.random() < 0.3:
                        status = "received"
                    else:
                        status = "accepted"
                    row = dict(id=ctx.new_id(Submission), unit_id=unit["id"], year=year, kind=kind,
                               due_id=due["id"], version_no=version, received_on=when,
                               channel=ctx.rng.choice(["import", "import", "email", "paper"]),
                               status=status, summary={}, problems=[],
                               return_reason=("Biểu mẫu thiếu cột xếp loại mức độ hoàn thành nhiệm vụ; "
                                              "đề nghị gửi lại." if status == "returned" else ""),
                               notes="Bản sửa đổi, thay thế bản gửi lần 1." if version > 1 else "")
                    if version < versions:
                        row["problems"] = ["Danh sách thiếu ngày sinh của 03 cá nhân."]
                    subs.append(row)
                    latest[(unit["id"], year, kind)] = row["id"]
    ctx.insert(SubmissionDue, dues)
    registrations = _registrations(ctx, latest, subs)
    ctx.insert(Submission, subs)
    ctx.insert(Registration, registrations)
    return latest


def _registrations(ctx: Ctx, latest: dict, subs: list[dict]) -> list[dict]:
    """2025 registrations of every unit whose registration arrived; their counts go into the
    submission's summary, as an import would record them."""
    by_id = {s["id"]: s for s in subs}
    models = load("texts.json")["exemplar_models"]
    staff: dict[int, list[dict]] = {}
    for person in ctx.people:
        staff.setdefault(person["unit_id"], []).append(person)
    rows = []
    for unit in ctx.units:
        sub_id = latest.get((unit["id"], 2025, "registration"))
        if sub_id is None:
            continue
        people = staff.get(unit["id"], [])
        base = dict(submission_id=sub_id, unit_id=unit["id"], year=2025)
        wanted = "TTLDXS" if unit["ratings"][2024] == "HTXSNV" else "TTLDTT"
        rows.append(dict(base, id=ctx.new_id(Registration), subject="collective", name=unit["name"],
                         award_code=wanted))
        team = {"schools": "Tổ chuyên môn khối 1, 2, 3", "communes": "Bộ phận Tiếp nhận và trả kết quả"}
        rows.append(dict(base, id=ctx.new_id(Registration), subject="collective", is_exemplar=True,
                         name=f"{team.get(unit['group'], 'Tập thể')} - {unit['name']}",
                         notes="Điển hình tiên tiến tập thể", **_exemplar(ctx, models)))
        best = sorted(people, key=lambda p: (p["pattern"] not in ("star", "two"), p["id"]))
        if best:
            rows.append(dict(base, id=ctx.new_id(Registration), subject="individual", is_exemplar=True,
                             person_id=best[0]["id"], name=best[0]["full_name"],
                             notes="Điển hình tiên tiến cá nhân", **_exemplar(ctx, models)))
        n_individual = 0
        for person in people:
            code = "CSTDCS" if person["pattern"] in ("star", "two", "gap", "pair") else "LDTT"
            rows.append(dict(base, id=ctx.new_id(Registration), subject="individual",
                             person_id=person["id"], name=person["full_name"], award_code=code))
            n_individual += 1
        by_id[sub_id]["summary"] = {"tap_the": 1, "ca_nhan": n_individual, "dien_hinh": 2}
    return rows


def _exemplar(ctx: Ctx, models: list[str]) -> dict:
    """The exemplar register's fields: the model built, its movement, and — for some — how
    the media centre publicised it (the plan asks it to)."""
    movement = ctx.movements["KTXH_2025"]
    out = dict(model=ctx.rng.choice(models), movement_id=movement["id"], publicity="", publicised_on=None)
    if ctx.rng.random() < 0.4:
        out.update(publicity=ctx.rng.choice(["Chuyên mục \"Gương người tốt, việc tốt\" trên sóng truyền thanh huyện",
                                             "Tin bài trên Cổng thông tin điện tử huyện Tam Đường"]),
                   publicised_on=dt.date(2025, ctx.rng.randint(4, 11), ctx.rng.randint(1, 28)))
    return out


def write_overrides(ctx: Ctx) -> None:
    """A few units given their own deadline for the 2025 year-end report."""
    due = ctx.session.scalar(select(SubmissionDue.id).where(SubmissionDue.year == 2025,
                                                            SubmissionDue.kind == "report_year"))
    rows = []
    for copy in range(1, ctx.scale + 1):
        units = [u for u in ctx.units if u["copy"] == copy and u["group"] in ("schools", "enterprises")]
        for unit in units[:2]:
            rows.append(dict(id=ctx.new_id(SubmissionDueOverride), due_id=due, unit_id=unit["id"],
                             due_on=dt.date(2025, 12, 10),
                             reason="Gia hạn theo đề nghị của đơn vị (tổng kết năm học, năm tài chính muộn hơn)."))
    ctx.insert(SubmissionDueOverride, rows)
