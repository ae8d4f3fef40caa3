"""The demo office's world: its profile, its units (đơn vị) and its people (cá nhân), with
what the rules read about them — task ratings, initiatives, discipline, investigations.

Every person gets a *pattern* of ratings for 2022–2025 that the history and the dossiers
build on: `star` (excellent every year, an initiative every year: three consecutive CSTĐCS),
`gap` (excellent, good, excellent: CSTĐCS with a gap), `two` (CSTĐCS 2023 and 2024, excellent again in 2025), `pair` (CSTĐCS 2023 and 2024
only),
`good`, `weak`, and `worker` (direct workers, not rated).
"""

from __future__ import annotations

import datetime as dt

from app.demo.base import HOLIDAYS, RATED_YEARS, YEAR, Ctx, load
from app.facts import (
    record_initiatives,
    record_ratings,
    record_unit_years,
    save_discipline,
    save_investigation,
)
from app.text import clean, fold, match_key
from db.models import (
    OfficeProfile,
    Person,
    Setting,
    Signer,
    Unit,
)

CHAIRMAN = "Sùng Lử Páo"
DEPUTY = "Lò Văn Thanh"
CLERK = "Nguyễn Thị Thu Hà"

# Ethnic groups living in each commune, most numerous first (the commune's staff draw half
# of their names from these; the rest from the district's mix).
LOCAL = {
    "TT_TAM_DUONG": ["kinh", "thai", "giay"], "XA_BAN_BO": ["thai", "kinh", "lu"],
    "XA_BAN_GIANG": ["thai", "mong", "kinh"], "XA_BAN_HON": ["lu", "thai", "mong"],
    "XA_BINH_LU": ["thai", "giay", "kinh"], "XA_GIANG_MA": ["mong", "dao"],
    "XA_HO_THAU": ["dao", "mong"], "XA_KHUN_HA": ["mong", "dao", "kho_mu"],
    "XA_NA_TAM": ["thai", "lu", "kinh"], "XA_NUNG_NANG": ["mong", "dao"],
    "XA_SON_BINH": ["dao", "mong", "giay"], "XA_SUNG_PHAI": ["mong", "dao", "ha_nhi"],
    "XA_TA_LENG": ["mong", "dao"], "XA_THEN_SIN": ["mong", "ha_nhi", "dao"],
}
COMMUNE_STAFF = ["Công chức Văn phòng - Thống kê", "Công chức Tài chính - Kế toán",
                 "Công chức Tư pháp - Hộ tịch", "Công chức Địa chính - Xây dựng",
                 "Công chức Văn hóa - Xã hội", "Công chức Văn hóa - Xã hội",
                 "Chỉ huy trưởng Ban Chỉ huy Quân sự xã", "Công chức Văn phòng - Thống kê"]
SCHOOL_STAFF = ["Giáo viên", "Giáo viên", "Giáo viên", "Giáo viên", "Giáo viên", "Kế toán"]


def write_profile(ctx: Ctx) -> None:
    ctx.insert(OfficeProfile, [dict(
        id=1, office_name="Phòng Nội vụ", authority_name="Ủy ban nhân dân huyện Tam Đường",
        authority_short="UBND", superior_name="UBND tỉnh Lai Châu", level="huyen",
        province="Lai Châu", place_name="Tam Đường", signer_name=CHAIRMAN, signer_title="CHỦ TỊCH",
        deputy_signer_name=DEPUTY, deputy_signer_title="PHÓ CHỦ TỊCH", clerk_name=CLERK,
        phone="0213 3875 168", email="phongnoivu.tamduong@demo.vn")])
    ctx.insert(Setting, [dict(key="working_year", value=YEAR),
                         dict(key="calendar.holidays", value=HOLIDAYS)])


def write_signers(ctx: Ctx) -> None:
    """Who signs: the office's head (the first of Phòng Nội vụ's staff, who also sits on the
    council as its standing deputy) signs its documents, the deputy (the council's secretary)
    the reminders, KT.; the chairman signs the awards in his own name and the committee's tờ
    trình, TM."""
    office = next(u for u in ctx.units if u["base_code"] == "P_NOI_VU" and u["copy"] == 1)
    staff = [p for p in ctx.people if p["unit_id"] == office["id"]]
    ctx.insert(Signer, [
        dict(body="office", role="head", name=staff[0]["full_name"], title="TRƯỞNG PHÒNG",
             phone="0912 468 135", powers=["appraisal", "notice", "report", "publicity"], sort_order=1),
        dict(body="office", role="deputy", name=staff[1]["full_name"], title="PHÓ TRƯỞNG PHÒNG",
             phone="0915 246 357", powers=["reminder"], sort_order=2),
        dict(body="authority", role="head", name=CHAIRMAN, title="CHỦ TỊCH", phone="",
             powers=["award_decision", "proposal", "authority_report"], sort_order=3),
        dict(body="authority", role="deputy", name=DEPUTY, title="PHÓ CHỦ TỊCH", phone="", powers=[],
             sort_order=4)])


def _unit(ctx: Ctx, code: str, name: str, short: str, kind: str, copy: int, *,
          members: int, female: int, group: str, **extra) -> dict:
    suffix = "" if copy == 1 else f" {copy}"
    row = dict(id=ctx.new_id(Unit), code=code if copy == 1 else f"{code}_{copy}",
               name=clean(name + suffix), short_name=clean(short + suffix), kind=kind,
               member_count=members, female_share=female, active=True,
               sort_order=len(ctx.units) + 1, address="huyện Tam Đường, tỉnh Lai Châu")
    row["search_key"] = fold(row["name"])
    ctx.units.append({**row, "copy": copy, "group": group, "base_code": code, **extra})
    return row


def write_units(ctx: Ctx) -> None:
    """Build the units (inserted with the people, once their heads are known)."""
    data = load("units.json")
    auth = data["authority"]
    _unit(ctx, auth["code"], auth["name"], auth["short_name"], "authority", 1,
          members=auth["member_count"], female=auth["female_share"], group="authority")
    for copy in range(1, ctx.scale + 1):
        for c in data["communes"]:
            word = "thị trấn" if c["kind"] == "township" else "xã"
            _unit(ctx, c["code"], f"UBND {word} {c['place']}",
                  f"{'TT' if c['kind'] == 'township' else 'Xã'} {c['place']}", c["kind"], copy,
                  members=ctx.rng.randint(20, 26), female=ctx.rng.randint(25, 45),
                  group="communes", villages=c["villages"], place=c["place"])
        for group in ("agencies", "public_service", "mass_orgs", "enterprises"):
            kind = {"agencies": "agency", "mass_orgs": "mass_org", "enterprises": "enterprise"}.get(group, group)
            for u in data[group]:
                _unit(ctx, u["code"], u["name"], u["short_name"], kind, copy,
                      members=u["member_count"], female=u["female_share"], group=group,
                      head=u["head"], deputy=u["deputy"], staff=u["staff"],
                      workers=u.get("workers", []))
        for s in data["schools"]:
            short = s["name"].replace("Trường ", "")
            _unit(ctx, s["code"], s["name"], short, "school", copy, members=s["member_count"],
                  female=s["female_share"], group="schools", commune=s["commune"])


_UNIT_COLUMNS = {"id", "code", "name", "short_name", "kind", "member_count", "female_share",
                 "active", "sort_order", "address", "search_key", "head_name"}


class Names:
    """Draws names the way each ethnic group in Lai Châu forms them."""

    def __init__(self, ctx: Ctx):
        self.rng = ctx.rng
        self.groups = {g["ethnicity"]: g for g in load("names.json")["groups"]}
        self.codes = list(self.groups)
        self.weights = [g["share"] for g in self.groups.values()]

    def ethnicity(self, local: list[str] | None = None) -> str:
        if local and self.rng.random() < 0.55:
            return self.rng.choice(local)
        return self.rng.choices(self.codes, self.weights)[0]

    def name(self, ethnicity: str, gender: str) -> str:
        g = self.groups[ethnicity]
        middle = g["male_middle" if gender == "M" else "female_middle"]
        given = g["male_given" if gender == "M" else "female_given"]
        return clean(f"{self.rng.choice(g['family'])} {self.rng.choice(middle)} {self.rng.choice(given)}")


def _roles(unit: dict) -> list[tuple[str, bool, bool]]:
    """(position, is_leader, is_direct_worker) for the people of a unit."""
    group = unit["group"]
    if group == "authority":
        return [("Chủ tịch UBND huyện", True, False), ("Phó Chủ tịch UBND huyện", True, False),
                ("Phó Chủ tịch UBND huyện", True, False)]
    if group == "communes":
        word = "thị trấn" if unit["kind"] == "township" else "xã"
        return ([(f"Chủ tịch UBND {word}", True, False), (f"Phó Chủ tịch UBND {word}", True, False),
                 (f"Phó Chủ tịch UBND {word}", True, False)]
                + [(p, False, False) for p in COMMUNE_STAFF]
                + [("Công chức Văn hóa - Xã hội", False, False)])
    if group == "schools":
        return ([("Hiệu trưởng", True, False), ("Phó Hiệu trưởng", True, False)]
                + [(p, False, False) for p in SCHOOL_STAFF] + [("Nhân viên nấu ăn", False, True)])
    return ([(unit["head"], True, False), (unit["deputy"], True, False)]
            + [(p, False, False) for p in unit["staff"]]
            + [(p, False, True) for p in unit["workers"]])


def _pattern(ctx: Ctx, direct: bool) -> str:
    if direct:
        return "worker"
    r = ctx.rng.random()
    for limit, name in ((0.065, "star"), (0.105, "gap"), (0.155, "two"), (0.185, "pair"), (0.90, "good")):
        if r < limit:
            return name
    return "weak"


def _ratings(ctx: Ctx, pattern: str, first_year: int) -> dict[int, str]:
    years = [y for y in RATED_YEARS if y >= first_year]
    if pattern == "worker":
        return {}
    fixed = {"star": "XXXX", "gap": "XTXX", "two": "TXXX", "pair": "TXXT"}.get(pattern)
    if fixed:
        return {y: {"X": "HTXSNV", "T": "HTTNV"}[fixed[y - 2022]] for y in years}
    out = {y: ("HTXSNV" if ctx.rng.random() < 0.08 else "HTTNV") for y in years}
    if pattern == "weak":
        bad = ctx.rng.choice(years)
        out[bad] = "KHTNV" if ctx.rng.random() < 0.15 else "HTNV"
    return out


def _initiative_years(pattern: str, ratings: dict[int, str]) -> list[int]:
    wanted = {"star": [2022, 2023, 2024, 2025], "gap": [2022, 2024], "two": [2023, 2024, 2025],
              "pair": [2023, 2024]}
    return [y for y in wanted.get(pattern, []) if y in ratings]


def write_people(ctx: Ctx) -> None:
    names = Names(ctx)
    texts = load("texts.json")["initiatives"]
    people, ratings, initiatives = [], [], []
    for unit in ctx.units:
        local = LOCAL.get(unit["base_code"]) if unit["group"] == "communes" else None
        roles = _roles(unit)
        for index, (position, leader, direct) in enumerate(roles):
            female_chance = unit["female_share"] / 100 * (0.6 if leader else 1.0)
            if unit["group"] == "schools" and position == "Giáo viên" and "Mầm non" in unit["name"]:
                female_chance = 1.0
            gender = "F" if ctx.rng.random() < female_chance else "M"
            ethnicity = names.ethnicity(local)
            full_name = names.name(ethnicity, gender)
            if unit["group"] == "authority" and unit["copy"] == 1 and index < 2:
                full_name, gender, ethnicity = [(CHAIRMAN, "M", "mong"), (DEPUTY, "M", "thai")][index]
            if unit["code"] == "P_NOI_VU" and "thi đua" in position:
                full_name, gender, ethnicity = CLERK, "F", "kinh"  # the specialist using the program
            birth = ctx.rng.randint(1966, 1985) if leader else ctx.rng.randint(1965, 2000)
            if position.startswith("Phó Chủ tịch UBND xã") or position.startswith("Phó Chủ tịch UBND thị"):
                position = position + (" phụ trách kinh tế" if index == 1 else " phụ trách văn hóa - xã hội")
            pattern = _pattern(ctx, direct)
            rated = _ratings(ctx, pattern, 2023 if birth >= 1998 else 2022)
            person = dict(id=ctx.new_id(Person), full_name=full_name, match_key=match_key(full_name),
                          gender=gender, birth_year=birth, ethnicity=ethnicity, position=position,
                          unit_id=unit["id"], is_direct_worker=direct, is_leader=leader)
            people.append(person)
            by = ("Cấp ủy, UBND cấp trên" if leader else
                  ("Chủ tịch UBND xã" if unit["group"] == "communes" else "Thủ trưởng đơn vị"))
            for year, rating in rated.items():
                ratings.append((person["id"], year, rating, by))
            if direct and person["id"] % 3:  # the council judged two workers of three (the rest: cannot tell)
                ratings.append((person["id"], YEAR, "HTTNV", "Hội đồng thi đua, khen thưởng của đơn vị"))
            pool = texts.get(unit["kind"] if unit["kind"] in texts else unit["group"], texts["agency"])
            init_rows = []
            scopes = [(y, "co_so") for y in _initiative_years(pattern, rated)]
            if pattern == "star" and YEAR in rated and person["id"] % 3 == 0:
                # Some excellent people's initiative was also applied province-wide this year.
                scopes.append((YEAR, "tinh"))
            for year, scope in scopes:
                title = ctx.rng.choice(pool)
                if scope == "tinh":
                    title += " (áp dụng, nhân rộng phạm vi toàn tỉnh)"
                body = "Hội đồng sáng kiến tỉnh Lai Châu" if scope == "tinh" else f"Hội đồng sáng kiến {unit['name']}"
                init_rows.append(dict(person_id=person["id"], title=title, kind="sang_kien", scope=scope, year=year,
                                      recognised_by=body, decision_number=f"{len(initiatives) + len(init_rows) + 11}/QĐ-HĐSK",
                                      decision_date=dt.date(year, 11, 15), years_applied=str(year)))
            initiatives += init_rows
            ctx.people.append({**person, "unit": unit, "pattern": pattern, "ratings": rated,
                               "initiatives": {(r["year"], r["scope"]) for r in init_rows},
                               "initiative_titles": {r["year"]: r["title"] for r in init_rows},
                               "flags": set()})
            if index == 0:
                unit["head_name"] = full_name
    # A unit's size and share of women are those of the people the demo gives it, so the
    # collective checks (70% LĐTT, all members completing) can be computed on the demo.
    by_unit: dict[int, list[dict]] = {}
    for person in people:
        by_unit.setdefault(person["unit_id"], []).append(person)
    for unit in ctx.units:
        members = by_unit.get(unit["id"], [])
        unit["member_count"] = len(members)
        unit["female_share"] = round(100 * sum(p["gender"] == "F" for p in members) / max(len(members), 1))
    # Units go in now that their heads are known.
    ctx.insert(Unit, [{k: v for k, v in u.items() if k in _UNIT_COLUMNS} for u in ctx.units])
    ctx.insert(Person, people)
    # The facts go in through the clerk's own functions (a unit's rating list, a person's page).
    record_ratings(ctx.session, ratings, source="Danh sách đánh giá, xếp loại")
    _declared(ctx, initiatives)
    record_initiatives(ctx.session, initiatives)
    ctx.counts["person_ratings"] = ctx.counts.get("person_ratings", 0) + len(ratings)
    ctx.counts["initiatives"] = ctx.counts.get("initiatives", 0) + len(initiatives)


def _declared(ctx: Ctx, initiatives: list[dict]) -> None:
    """Per copy, one initiative of this year typed in a unit's list without its recognising
    decision yet: kept as declared (it counts for nothing until the clerk enters the decision)."""
    people = {p["id"]: p for p in ctx.people}
    done = set()
    for row in initiatives:
        person = people[row["person_id"]]
        copy = person["unit"]["copy"]
        if row["year"] == YEAR and row["scope"] == "co_so" and copy not in done and person["pattern"] == "two":
            row["decision_number"], row["decision_date"], row["recognised_by"] = "", None, ""
            done.add(copy)


def write_unit_ratings(ctx: Ctx) -> None:
    """The collectives' own ratings; members completing = those not rated KHTNV that year."""
    failed: dict[tuple[int, int], int] = {}
    for person in ctx.people:
        for year, rating in person["ratings"].items():
            if rating == "KHTNV":
                key = (person["unit_id"], year)
                failed[key] = failed.get(key, 0) + 1
    rows = []
    for unit in ctx.units:
        unit["ratings"] = {}
        for year in RATED_YEARS:
            r = ctx.rng.random()
            rating = "HTXSNV" if r < 0.32 else ("HTTNV" if r < 0.93 else "HTNV")
            unit["ratings"][year] = rating
            total = unit["member_count"]
            rows.append(dict(unit_id=unit["id"], year=year, rating=rating, members_total=total,
                             rated_by="UBND huyện Tam Đường" if unit["kind"] != "authority" else "UBND tỉnh Lai Châu",
                             members_completed=total - failed.get((unit["id"], year), 0)))
    record_unit_years(ctx.session, rows)
    ctx.counts["unit_ratings"] = ctx.counts.get("unit_ratings", 0) + len(rows)


def write_conduct(ctx: Ctx) -> None:
    """Per copy of the office: one warning (cảnh cáo) in 2025, one reprimand ended in 2024,
    one person under investigation since October 2025."""
    disciplines, investigations = [], []
    for copy in range(1, ctx.scale + 1):
        goods = [p for p in ctx.people if p["unit"]["copy"] == copy and p["pattern"] == "good"
                 and not p["is_leader"] and p["unit"]["group"] in ("communes", "agencies")]
        warned, reprimanded, investigated = goods[3], goods[11], goods[19]
        s = ctx.session
        warned["flags"].add("canh_cao")
        save_discipline(s, person_id=warned["id"], level="canh_cao", decided_on=dt.date(2025, 4, 10),
                        ends_on=dt.date(2026, 4, 10), decision=f"{40 + copy}/QĐ-UBND",
                        reason="Vi phạm quy định về quản lý hồ sơ đất đai, gây chậm trễ giải quyết thủ tục cho công dân.")
        reprimanded["flags"].add("khien_trach_2023")
        save_discipline(s, person_id=reprimanded["id"], level="khien_trach", decided_on=dt.date(2023, 5, 15),
                        ends_on=dt.date(2024, 5, 15), decision=f"{20 + copy}/QĐ-UBND",
                        reason="Vi phạm quy chế làm việc của cơ quan (đã hết thời hạn kỷ luật).")
        investigated["flags"].add("investigated")
        save_investigation(s, person_id=investigated["id"], kind="inspection", started_on=dt.date(2025, 10, 1),
                           note="Đang được thanh tra huyện xác minh đơn phản ánh về việc chi hỗ trợ nhà ở cho hộ nghèo.")
        # A collective's inspection, closed before the year-end round: recorded, blocks nothing now.
        school = next(u for u in ctx.units if u["copy"] == copy and u["group"] == "schools")
        save_investigation(s, unit_id=school["id"], kind="inspection", started_on=dt.date(2025, 3, 3),
                           ended_on=dt.date(2025, 5, 20), note="Thanh tra việc thu, chi các khoản đóng góp năm học",
                           closed_note="Kết luận số 18/KL-TTr: không có sai phạm")
        disciplines += [warned, reprimanded]
        investigations += [investigated, school]
    ctx.counts["disciplines"] = ctx.counts.get("disciplines", 0) + len(disciplines)
    ctx.counts["investigations"] = ctx.counts.get("investigations", 0) + len(investigations)
