"""What each demo dossier of 2025 proposes, for each copy of the office: the units' year-end
proposals (one per unit, spread over the workflow's states), proposals forwarded to the
province, movement and sudden-achievement proposals, and one supplementary proposal."""

from __future__ import annotations

import datetime as dt

from app.demo.base import YEAR, Ctx
from app.demo.dossiers import DECISION_DAY, REGULAR_STATES, DossierWriter
from app.demo.history import earns_cstdcs, earns_ldtt
from app.demo.org import LOCAL, Names

NO_VOTE = ["received", "appraising", "appraised", "decided"]
# Received-date windows (month, first day, last day) by state of a year-end proposal.
WINDOWS = {"decided": (11, 6, 24), "voted": (11, 6, 24), "appraised": (11, 10, 24),
           "appraising": (11, 24, 30), "received": (12, 3, 9), "returned": (11, 18, 28),
           "rejected": (11, 12, 26), "forwarded": (11, 6, 20), "noticed": (11, 10, 20),
           "withdrawn": (11, 20, 30)}


def person_nominee(person: dict, code: str, achievement: str) -> dict:
    return dict(subject="individual", person=person, name=person["full_name"], code=code,
                position=person["position"], unit_text=person["unit"]["name"],
                achievement=achievement, rating=person["ratings"].get(YEAR, ""),
                initiative=person["initiative_titles"].get(YEAR, ""))


def unit_nominee(unit: dict, code: str, achievement: str) -> dict:
    return dict(subject="collective", unit=unit, name=unit["name"], code=code, unit_text=unit["name"],
                achievement=achievement, rating=unit["ratings"][YEAR])


def household_nominee(name: str, commune: dict, place: str, achievement: str) -> dict:
    return dict(subject="household", name=name, code="GK", unit=commune, unit_text=place,
                achievement=achievement)


def _received(ctx: Ctx, status: str) -> dt.date:
    month, first, last = WINDOWS[status]
    return dt.date(YEAR, month, ctx.rng.randint(first, last))


def write_copy(ctx: Ctx, w: DossierWriter, copy: int) -> None:
    texts = w.texts
    people = [p for p in ctx.people if p["unit"]["copy"] == copy]
    units = [u for u in ctx.units if u["copy"] == copy and u["kind"] != "authority"]
    by_code = {u["base_code"]: u for u in units}
    staff: dict[int, list[dict]] = {}
    for p in people:
        staff.setdefault(p["unit_id"], []).append(p)
    warned = next(p for p in people if "canh_cao" in p["flags"])
    investigated = next(p for p in people if "investigated" in p["flags"])
    plain = [p for p in people if not p["flags"] and p["unit"]["group"] == "communes"
             and p["ratings"].get(YEAR) in ("HTTNV", "HTXSNV")]
    excellent = texts["individual_achievement"][0].format(year=YEAR)
    good = texts["individual_achievement"][1].format(year=YEAR)
    collective = texts["collective_achievement"][1].format(year=YEAR)

    # Year-end proposals: the warned person's unit is being appraised, the investigated
    # person's unit has just arrived; the other states go to the other units in turn.
    # The province emulation fighter proposed this year: three running CSTĐCS 2022–2024, an
    # initiative applied province-wide, and this year's CSTĐCS decided with the unit's dossier.
    busy = (warned["unit"], investigated["unit"])
    stars = [p for p in people if p["pattern"] == "star" and 2022 in p["ratings"]
             and "cstd_tinh_2024" not in p["flags"] and p["unit"] not in busy]
    fighter = next((p for p in stars if (YEAR, "tinh") in p["initiatives"]), stars[0])
    states = list(REGULAR_STATES)
    plan = [(warned["unit"], "appraising"), (fighter["unit"], "decided")]
    states.remove("appraising")
    states.remove("decided")
    if investigated["unit"] is not warned["unit"]:
        plan.append((investigated["unit"], "received"))
        states.remove("received")
    others = [u for u in units if u not in busy and u is not fighter["unit"]]
    ctx.rng.shuffle(others)
    plan += list(zip(others, states, strict=False))
    decided_units = []
    first_voted = True
    for unit, status in plan:
        # The clerk appraising the warned person's unit has not said "Đạt" to whom the check
        # refuses (the disciplined person, the unit with a disciplined member): left to appraise.
        hold = {"hold": True} if unit is warned["unit"] else {}
        lines = [{**unit_nominee(unit, "TTLDTT", collective), **hold}]
        for p in staff.get(unit["id"], []):
            if earns_ldtt(ctx, p, YEAR) or p is warned or p is investigated:
                lines.append({**person_nominee(p, "LDTT", good), **(hold if p is warned else {})})
            if earns_cstdcs(p, YEAR):
                lines.append(person_nominee(p, "CSTDCS", excellent))
        if unit is warned["unit"]:
            # A CSTĐCS proposed with a good (not excellent) rating and no initiative.
            weak = next((p for p in staff[unit["id"]] if p["ratings"].get(YEAR) == "HTTNV"
                         and YEAR not in p["initiative_titles"] and p is not warned), None)
            if weak:
                lines.append({**person_nominee(weak, "CSTDCS", excellent), "hold": True})
        w.dossier(unit, "regular", status, _received(ctx, status),
                  f"Đề nghị khen thưởng tổng kết năm {YEAR} - {unit['name']}", lines,
                  failing_vote=status == "voted" and first_voted)
        first_voted = first_voted and status != "voted"
        if status == "decided":
            decided_units.append(unit)

    _forwarded(ctx, w, people, copy, fighter)
    # Giấy khen go to different people and communes in each proposal (one achievement, one award).
    used: set[tuple[str, int]] = set()
    _movements(ctx, w, by_code, plain, units, texts, used)
    _sudden(ctx, w, units, plain, texts, used)

    # A supplementary proposal naming someone who already holds LĐTT 2025.
    unit = decided_units[0]
    holders = [p for p in staff[unit["id"]] if p["id"] in w.holders_2025]
    w.dossier(unit, "regular", "received", dt.date(YEAR, 12, 8),
              f"Đề nghị bổ sung khen thưởng tổng kết năm {YEAR} - {unit['name']}",
              [person_nominee(holders[0], "LDTT", good)])


def _forwarded(ctx: Ctx, w: DossierWriter, people: list[dict], copy: int, fighter: dict) -> None:
    """Proposals for the province's awards: BK_TINH, CSTĐ cấp tỉnh, the flag."""
    stars = [p for p in people if p["pattern"] == "star" and 2022 in p["ratings"]
             and not p["flags"] & {"cstd_tinh_2024", "bk_tinh"} and p is not fighter]
    twos = [p for p in people if p["pattern"] == "two" and not p["flags"]]
    three = ("Có 03 năm liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở (2022–2024); sáng kiến "
             "được áp dụng hiệu quả trong phạm vi toàn tỉnh")
    two = "Có 02 năm liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở"
    # A unit proposes its own people: the fighter's companion works in the same unit.
    companion = next((p for p in twos if p["unit"]["id"] == fighter["unit"]["id"]), None)
    w.dossier(fighter["unit"], "regular", "forwarded", _received(ctx, "forwarded"),
              f"Đề nghị UBND tỉnh khen thưởng năm {YEAR} - {fighter['unit']['name']}",
              [person_nominee(fighter, "CSTD_TINH", three)]
              + ([person_nominee(companion, "BK_TINH", two)] if companion else []), forwarded=True)
    leaders = [(u, code) for u, code in ctx.bloc_leaders.get(YEAR, []) if u["copy"] == copy]
    flag_unit = next(u for u, code in leaders if code == "CO_TINH")
    # Bằng khen for a collective: two running years of excellent completion (2024, 2025).
    strong = [u for u, code in leaders if code == "BK_TINH"] + [
        u for u in ctx.units if u["copy"] == copy and u["kind"] != "authority" and u is not flag_unit]
    # The flag's bloc proposes one of its own for the Bằng khen: its runner-up first (the
    # leaders come bloc by bloc), else a unit of the same group; never another bloc's unit.
    at = next(i for i, (u, code) in enumerate(leaders) if u is flag_unit and code == "CO_TINH")
    same_bloc = [u for u, code in leaders[at + 1:at + 2] if code == "BK_TINH"]
    same_bloc += [u for u in strong if u["group"] == flag_unit["group"]]
    runner = next((u for u in same_bloc if u["ratings"][YEAR - 1] == u["ratings"][YEAR] == "HTXSNV"),
                  same_bloc[0] if same_bloc else strong[0])
    # Each unit sends its own proposal: the flag's, then the runner-up's Bằng khen.
    w.dossier(flag_unit, "regular", "forwarded", _received(ctx, "forwarded"),
              f"Đề nghị UBND tỉnh tặng Cờ thi đua cho đơn vị dẫn đầu khối năm {YEAR}",
              [{**unit_nominee(flag_unit, "CO_TINH", f"Đơn vị dẫn đầu khối thi đua năm {YEAR}"),
                "override": (f"Khối các xã, thị trấn do huyện tổ chức; UBND tỉnh phân bổ cho huyện 01 "
                             f"Cờ thi đua năm {YEAR} (Kế hoạch thi đua, khen thưởng của UBND tỉnh), "
                             "Hội đồng TĐKT huyện xét đơn vị dẫn đầu khối")}],
              forwarded=True)
    w.dossier(runner, "regular", "forwarded", _received(ctx, "forwarded"),
              f"Đề nghị UBND tỉnh tặng Bằng khen năm {YEAR} - {runner['name']}",
              [unit_nominee(runner, "BK_TINH", f"Hoàn thành xuất sắc nhiệm vụ 02 năm liên tục ({YEAR - 1}–{YEAR})")],
              forwarded=True)
    by_unit: dict[int, list[dict]] = {}
    for p in stars:
        by_unit.setdefault(p["unit"]["id"], []).append(p)
    duo = next((group[:2] for group in by_unit.values() if len(group) >= 2), stars[:1])
    w.dossier(duo[0]["unit"], "regular", "forwarded", _received(ctx, "forwarded"),
              f"Đề nghị UBND tỉnh tặng Bằng khen năm {YEAR} - {duo[0]['unit']['name']}",
              [person_nominee(p, "BK_TINH", two) for p in duo], forwarded=True)
    chosen = twos[2] if len(twos) > 2 else stars[-1]
    w.dossier(chosen["unit"], "regular", "decided", dt.date(YEAR, 10, 6),
              f"Đề nghị UBND tỉnh tặng Bằng khen - {chosen['unit']['name']}",
              [person_nominee(chosen, "BK_TINH", two)], forwarded=True,
              path=["received", "appraising", "appraised", "forwarded", "decided"],
              decided_on=dt.date(YEAR, 11, 28))
    # CSTĐ cấp tỉnh with only two consecutive CSTĐCS (2023–2024): fails the rule.
    pair = next((p for p in people if p["pattern"] == "pair" and not p["flags"]), twos[1])
    w.dossier(pair["unit"], "regular", "appraising", dt.date(YEAR, 11, 28),
              f"Đề nghị UBND tỉnh tặng danh hiệu Chiến sĩ thi đua cấp tỉnh - {pair['unit']['name']}",
              [{**person_nominee(pair, "CSTD_TINH", three),
                "override": (f"Đơn vị cam kết bổ sung quyết định công nhận CSTĐCS năm {YEAR} và sáng kiến "
                             "cấp tỉnh trước khi trình; đề nghị Hội đồng xem xét")}], forwarded=True)


def _pick(ctx: Ctx, pool: list[dict], n: int, used: set[int]) -> list[dict]:
    """`n` people or units of the pool not given a Giấy khen by another proposal yet."""
    free = [x for x in pool if _key(x) not in used]
    chosen = ctx.rng.sample(free, min(n, len(free)))
    used.update(_key(x) for x in chosen)
    return chosen


def _key(x: dict) -> tuple[str, int]:
    return ("person" if "full_name" in x else "unit", x["id"])


def _movements(ctx, w, by_code, plain, units, texts, used) -> None:
    communes = [u for u in units if u["group"] == "communes"]
    names = Names(ctx)

    def achievement(key):
        return texts["movement_achievement"].format(movement=ctx.movements[key]["name"], year=YEAR)

    def households(n, key):
        out = []
        for commune in ctx.rng.sample(communes, n):
            head = names.name(names.ethnicity(LOCAL.get(commune["base_code"])), "M")
            out.append(household_nominee(f"Hộ gia đình ông {head}", commune,
                                         f"{ctx.rng.choice(commune['villages'])}, {commune['name'].replace('UBND ', '')}",
                                         ctx.rng.choice(texts["household_achievements"]).format(year=YEAR)))
        return out

    specs = [  # movement, proposing unit, state, received, decided on, people, units, households
        ("XOA_NHA_TAM_2025", "P_DAN_TOC", "decided", dt.date(YEAR, 11, 14), DECISION_DAY, 4, 3, 2),
        ("NTM_LAI_CHAU", "P_NN_PTNT", "decided", dt.date(YEAR, 11, 17), DECISION_DAY, 3, 2, 3),
        ("VI_NGUOI_NGHEO_LAI_CHAU", "MTTQ", "decided", dt.date(YEAR, 10, 6), dt.date(YEAR, 10, 17), 3, 1, 0),
        ("TT_NGHEO_CA_NUOC", "HOI_LHPN", "appraised", dt.date(YEAR, 11, 25), None, 3, 0, 0),
        ("XHHT", "TT_GDNN_GDTX", "received", dt.date(YEAR, 12, 4), None, 2, 1, 0),
        ("VHCS_LAI_CHAU", "P_TU_PHAP", "rejected", dt.date(YEAR, 11, 20), None, 2, 0, 0),
    ]
    for key, code, status, received, decided_on, n_people, n_units, n_households in specs:
        text = achievement(key)
        lines = [person_nominee(p, "GK", text) for p in _pick(ctx, plain, n_people, used)]
        lines += [unit_nominee(u, "GK", text) for u in _pick(ctx, communes, n_units, used)]
        lines += households(n_households, key)
        path = NO_VOTE[:NO_VOTE.index(status) + 1] if status in NO_VOTE else None
        w.dossier(by_code[code], "movement", status, received,
                  f"Đề nghị khen thưởng phong trào \"{ctx.movements[key]['name']}\"", lines,
                  movement=ctx.movements[key], path=path, decided_on=decided_on)


def _sudden(ctx, w, units, plain, texts, used) -> None:
    communes = [u for u in units if u["group"] == "communes"]
    specs = [("decided", dt.date(YEAR, 7, 21), dt.date(YEAR, 7, 28), 3, True, 0),
             ("decided", dt.date(YEAR, 4, 8), dt.date(YEAR, 4, 15), 2, False, 3),
             ("appraising", dt.date(YEAR, 12, 1), None, 1, False, 2),
             ("returned", dt.date(YEAR, 11, 20), None, 2, False, 1)]
    for status, received, decided_on, n_people, with_unit, which in specs:
        commune = _pick(ctx, communes, 1, used)[0]
        text = texts["sudden_achievements"][which].format(year=YEAR, year_prev=YEAR - 1)
        local = [p for p in plain if p["unit"] is commune and _key(p) not in used] or plain
        chosen = _pick(ctx, local, n_people, used)
        lines = [person_nominee(p, "GK", text) for p in chosen]
        if with_unit:
            lines.append(unit_nominee(commune, "GK", text))
        path = NO_VOTE if status == "decided" else None
        w.dossier(commune, "sudden", status, received, f"Đề nghị khen thưởng đột xuất - {commune['name']}",
                  lines, path=path, decided_on=decided_on)
