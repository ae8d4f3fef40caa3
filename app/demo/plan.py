"""The demo office's year of emulation work: the movements (phong trào thi đua) named in the
2025 plan, the plan's task list, and the emulation blocs (khối thi đua) of 2024–2026 with
their criteria, self-scores, agreed scores, ranks and leading units."""

from __future__ import annotations

import datetime as dt

from app.demo.base import Ctx, day, load
from app.text import fold
from db.models import Bloc, BlocCriterion, BlocMember, BlocScore, Movement, MovementUnit, PlanTask


def _movement_units(ctx: Ctx, selector: str) -> list[dict]:
    if selector == "all":
        return [u for u in ctx.units if u["kind"] != "authority"]
    wanted = selector.split(",")
    return [u for u in ctx.units if u["group"] in wanted or u["kind"] in wanted]


def write_movements(ctx: Ctx) -> None:
    rows, links = [], []
    for m in load("movements.json")["movements"]:
        row = dict(id=ctx.new_id(Movement), name=m["name"], search_key=fold(m["name"]),
                   launched_by=m["launched_by"], level=m["level"], kind=m["kind"],
                   doc_number=m["doc_number"], doc_date=day(m["doc_date"]), doc_issuer=m["doc_issuer"],
                   start_date=day(m["start"]), end_date=day(m["end"]), targets=m["targets"],
                   midterm_review_on=day(m["mid"]), final_review_on=day(m["final"]),
                   status=m["status"], notes="Số, ngày văn bản phát động là số liệu minh họa.")
        if m["status"] in ("reviewed", "closed"):
            row["results"] = "Đã tổng kết; các tập thể, cá nhân tiêu biểu được khen thưởng."
        rows.append(row)
        ctx.movements[m["key"]] = row
        links += [dict(movement_id=row["id"], unit_id=u["id"]) for u in _movement_units(ctx, m["units"])]
    ctx.insert(Movement, rows)
    ctx.insert(MovementUnit, links)


def write_plan_tasks(ctx: Ctx) -> None:
    data = load("plan_tasks.json")
    by_code = {u["code"]: u["id"] for u in ctx.units}
    rows = []
    for t in data["tasks"]:
        movement = ctx.movements.get(t.get("movement", ""))
        rows.append(dict(id=ctx.new_id(PlanTask), year=data["year"], seq=t["seq"], title=t["title"],
                         responsible=t["responsible"], responsible_unit_id=by_code.get(t["unit"]),
                         movement_id=movement["id"] if movement else None,
                         deadline=day(t["deadline"]), status=t["status"],
                         done_on=day(t.get("done_on"))))
    ctx.insert(PlanTask, rows)


def write_blocs(ctx: Ctx, score_submissions: dict[tuple[int, int], int]) -> None:
    """Our four blocs per copy of the office and year, plus the province's bloc of districts.

    `score_submissions` maps (unit id, year) to the unit's bloc-score submission, which the
    scores point to."""
    data = load("blocs.json")
    blocs, members, criteria, scores = [], [], [], []
    for copy in range(1, ctx.scale + 1):
        for spec in data["blocs"]:
            units = [u for u in ctx.units if u["copy"] == copy and u["kind"] in spec["kinds"]]
            for year in data["years"]:
                turn = year - data["years"][0]
                head, deputy = units[(2 * turn) % len(units)], units[(2 * turn + 1) % len(units)]
                bloc = dict(id=ctx.new_id(Bloc), year=year, organiser="office",
                            name=spec["name"] + ("" if copy == 1 else f" (nhóm {copy})"),
                            head_unit_id=head["id"], deputy_unit_id=deputy["id"],
                            regulation=f"Quy chế hoạt động {spec['name']} năm {year}: khối trưởng, khối phó "
                                       "luân phiên hằng năm; chấm điểm theo bảng tiêu chí; bình xét đơn vị dẫn đầu "
                                       "bằng bỏ phiếu kín.",
                            covenant_signed_on=dt.date(year, 3, 12) if year in data["scored_years"] else None,
                            tie_break="female_share")
                blocs.append(bloc)
                leaves = _criteria(ctx, bloc["id"], data["criteria"][spec["criteria"]], data["bonus"], criteria)
                totals = {}
                if year in data["scored_years"]:
                    for unit in units:
                        totals[unit["id"]] = _score(ctx, unit, year, leaves, scores,
                                                    score_submissions.get((unit["id"], year)))
                ranked = sorted(units, key=lambda u: (-totals.get(u["id"], 0), -u["female_share"], u["id"]))
                for position, unit in enumerate(ranked, start=1):
                    scored = year in data["scored_years"]
                    leading = scored and position <= 2
                    code = ("CO_TINH" if position == 1 else "BK_TINH") if leading else ""
                    members.append(dict(id=ctx.new_id(BlocMember), bloc_id=bloc["id"], unit_id=unit["id"],
                                        rank=position if scored else None, is_leading=leading,
                                        proposed_award_code=code))
                    if leading:
                        ctx.bloc_leaders.setdefault(year, []).append((unit, code))
    authority = next(u for u in ctx.units if u["kind"] == "authority")
    province = data["province_bloc"]
    for year in data["years"]:
        bloc = dict(id=ctx.new_id(Bloc), year=year, organiser="province", name=province["name"],
                    regulation="Quy chế do UBND tỉnh Lai Châu ban hành.", notes=province["notes"],
                    covenant_signed_on=dt.date(year, 3, 5) if year in data["scored_years"] else None)
        blocs.append(bloc)
        members.append(dict(id=ctx.new_id(BlocMember), bloc_id=bloc["id"], unit_id=authority["id"],
                            rank={2024: 3, 2025: 2}.get(year), is_leading=False, proposed_award_code=""))
    ctx.insert(Bloc, blocs)
    ctx.insert(BlocCriterion, criteria)
    ctx.insert(BlocMember, members)
    ctx.insert(BlocScore, scores)


def _criteria(ctx: Ctx, bloc_id: int, groups: list[dict], bonus: list, out: list[dict]) -> list[dict]:
    """Groups I–III with their children (totalling 100) and the bonus criterion; returns
    the criteria that are scored (children and bonus)."""
    leaves = []
    order = 0
    for group in groups:
        order += 1
        parent = dict(id=ctx.new_id(BlocCriterion), bloc_id=bloc_id, parent_id=None, code=group["code"],
                      title=group["title"], max_points=sum(c[2] for c in group["children"]),
                      kind="score", sort_order=order)
        out.append(parent)
        for code, title, points in group["children"]:
            order += 1
            child = dict(id=ctx.new_id(BlocCriterion), bloc_id=bloc_id, parent_id=parent["id"], code=code,
                         title=title, max_points=points, kind="score", sort_order=order)
            out.append(child)
            leaves.append(child)
    order += 1
    extra = dict(id=ctx.new_id(BlocCriterion), bloc_id=bloc_id, parent_id=None, code=bonus[0],
                 title=bonus[1], max_points=bonus[2], kind="bonus", sort_order=order)
    out.append(extra)
    leaves.append(extra)
    return leaves


def _score(ctx: Ctx, unit: dict, year: int, leaves: list[dict], out: list[dict],
           submission_id: int | None) -> float:
    """Self-score and agreed score on each criterion; zero is a real score (a late report,
    no bonus). Returns the agreed total."""
    total = 0.0
    # Units rated excellent that year score higher (the leaders are strong units).
    excellent = unit["ratings"].get(year) == "HTXSNV"
    strength = ctx.rng.uniform(0.88, 0.98) if excellent else ctx.rng.uniform(0.74, 0.9)
    for crit in leaves:
        top = float(crit["max_points"])
        if crit["kind"] == "bonus":
            own = float(ctx.rng.choice([0, 0, 0, 1, 2, 3, 5]))
        elif ctx.rng.random() < 0.04:
            own = 0.0
        else:
            own = min(top, round(top * ctx.rng.uniform(strength - 0.08, strength + 0.06) * 2) / 2)
        agreed = max(0.0, own - ctx.rng.choice([0, 0, 0, 0.5, 1.0]))
        note = "" if agreed == own else "Khối thống nhất trừ điểm do chưa có minh chứng đầy đủ."
        out.append(dict(id=ctx.new_id(BlocScore), criterion_id=crit["id"], unit_id=unit["id"],
                        self_score=own, agreed_score=agreed, explanation=note,
                        submission_id=submission_id))
        total += agreed
    return total
