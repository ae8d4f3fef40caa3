"""Three years of award history (2022–2024): the decisions of UBND huyện Tam Đường and of
UBND tỉnh Lai Châu, and their lines in the awards ledger (sổ khen thưởng).

The history follows the people's rating patterns (see `app.demo.org`): LĐTT for a good or
better year, CSTĐCS for excellent years with an initiative (three running for the `star`s,
with a gap for `gap`, two for `two`), collective titles from the units' ratings, Giấy khen
for movements and sudden achievements, the Gia đình văn hóa and thôn văn hóa titles of the
communes, a few provincial awards and one revoked award per copy of the office.
"""

from __future__ import annotations

import datetime as dt

from app.awards import award_search_key
from app.demo.base import AUTHORITY, HISTORY_YEARS, PROVINCE, REFORM_DAY, Ctx, decree_for, load
from app.demo.org import CHAIRMAN, DEPUTY, LOCAL, Names
from db.models import Award, Decision

PROVINCE_SIGNER = ("Trần Quang Vinh", "PHÓ CHỦ TỊCH")


class Ledger:
    """Decisions and their award lines, collected and inserted in bulk at the end."""

    def __init__(self, ctx: Ctx):
        self.ctx = ctx
        self.decisions: list[dict] = []
        self.awards: list[dict] = []

    def decide(self, issuer: str, on: dt.date, summary: str, lines: list[dict],
               signer: tuple[str, str, str] | None = None) -> dict:
        """A signed decision with its lines; each line names code, subject and recipient. A
        decision not of the office's own authority (the province's, a successor commune's) is
        `external`: paid from that authority's fund."""
        ctx = self.ctx
        if issuer == AUTHORITY and on >= REFORM_DAY:
            raise ValueError(f"demo: no district decision after 30/06/2025 ({summary}, {on})")
        external = issuer != AUTHORITY
        if signer is not None:
            ctx.rng.random()  # drawn as for the district's signer: the rest of the demo stays as it was
            signer, title, mode = signer
        elif external:
            signer, title, mode = PROVINCE_SIGNER[0], PROVINCE_SIGNER[1], "KT"
        elif ctx.rng.random() < 0.6:
            signer, title, mode = CHAIRMAN, "CHỦ TỊCH", "TM"
        else:
            signer, title, mode = DEPUTY, "PHÓ CHỦ TỊCH", "KT"
        decision = dict(id=ctx.new_id(Decision), number=ctx.decision_number(issuer, on),
                        issuer=issuer, year=on.year, issued_on=on, signer_name=signer,
                        signer_title=title, sign_mode=mode, summary=summary,
                        legal_basis=decree_for(on), base_salary=ctx.base_salary(on),
                        status="issued", external=external)
        self.decisions.append(decision)
        for book_no, line in enumerate(lines, start=1):
            code = line.pop("code")
            award_name = ctx.award_types[code].name
            row = dict(id=ctx.new_id(Award), award_type_id=ctx.award_id(code),
                       decision_id=decision["id"], decision_number=decision["number"],
                       decision_date=on, issuer=issuer, book_no=book_no, source="decision",
                       money=ctx.money(code, line["subject"], on), kind="regular",
                       person_id=None, unit_id=None, position="", movement_id=None,
                       nominee_id=None, achievement="", revoked=False, revoked_on=None,
                       revoke_reason="")
            row.update(line)
            row["search_key"] = award_search_key(row["recipient_name"], row["unit_text"], award_name,
                                                 decision["number"])
            self.awards.append(row)
        return decision

    def _highest_title_only(self) -> None:
        """Several titles for the same year pay only the highest (Decree 152/2025 Art. 49):
        a lower title decided with or after a higher one gets nothing; a higher one decided
        later gets its amount less what was already paid — as app.decisions computes it."""
        types = {a.id: a for a in self.ctx.award_types.values()}
        paid: dict[tuple, list[tuple[int, int]]] = {}
        titles = [a for a in self.awards if types[a["award_type_id"]].category == "title" and a["money"]]
        titles.sort(key=lambda a: (a["decision_date"], -types[a["award_type_id"]].rank))
        for award in titles:
            who = (("p", award["person_id"]) if award["subject"] == "individual" and award["person_id"]
                   else ("u", award["unit_id"]) if award["subject"] == "collective" and award["unit_id"]
                   else ("n", award["recipient_name"], award["unit_text"]))
            rank = types[award["award_type_id"]].rank
            before = paid.setdefault((who, award["year"]), [])
            if before and rank < max(r for r, _ in before):
                award["money"] = 0
            else:
                award["money"] = max(award["money"] - sum(m for _, m in before), 0)
            before.append((rank, award["money"]))

    def flush(self) -> None:
        self._highest_title_only()
        self.ctx.insert(Decision, self.decisions)
        self.ctx.insert(Award, self.awards)
        self.decisions, self.awards = [], []


def number_registers(session) -> None:
    """Số vào sổ of the office's own decisions: one register per award, numbered on through
    the year of signing in date order (as app.awards.register_numbers numbers a decision signed
    in the program); a higher authority's lines keep their place in its decision. Run once the
    whole demo ledger is written (the congress's May decision comes last)."""
    from sqlalchemy import bindparam, select

    from app.states import SUBJECT_ORDER
    from db.models import AwardType

    order = dict(session.execute(select(AwardType.id, AwardType.sort_order)).all())
    rows = session.execute(
        select(Award.id, Award.award_type_id, Award.subject, Award.book_no, Decision.year, Decision.issued_on,
               Decision.number).join(Decision, Decision.id == Award.decision_id)
        .where(Decision.external.is_(False))).all()
    rows.sort(key=lambda r: (r.year, r.issued_on, r.number, order.get(r.award_type_id) or 0,
                             SUBJECT_ORDER.get(r.subject, 9), r.book_no or 0, r.id))
    last: dict[tuple[int, int], int] = {}
    updates = []
    for r in rows:
        key = (r.year, r.award_type_id)
        last[key] = last.get(key, 0) + 1
        updates.append({"aid": r.id, "no": last[key]})
    if updates:
        table = Award.__table__
        session.execute(table.update().where(table.c.id == bindparam("aid")).values(book_no=bindparam("no")),
                        updates)


def person_line(person: dict, code: str, achievement: str, **extra) -> dict:
    """A ledger line for a person, credited (unit_id) to the unit they are in, as
    app.decisions does."""
    return dict(code=code, subject="individual", person_id=person["id"], unit_id=person["unit_id"],
                recipient_name=person["full_name"], position=person["position"],
                unit_text=person["unit"]["name"], achievement=achievement, **extra)


def unit_line(unit: dict, code: str, achievement: str, **extra) -> dict:
    return dict(code=code, subject="collective", unit_id=unit["id"], recipient_name=unit["name"],
                unit_text=unit["name"], achievement=achievement, **extra)


def _year_end(ctx: Ctx, year: int) -> dt.date:
    """Year-end decisions come out late December or in January."""
    if ctx.rng.random() < 0.5:
        return dt.date(year, 12, ctx.rng.randint(18, 29))
    return dt.date(year + 1, 1, ctx.rng.randint(5, 22))


def earns_ldtt(ctx: Ctx, person: dict, year: int) -> bool:
    if person["pattern"] == "worker":
        return (person["id"] * 7 + year) % 10 < 9
    if year == 2023 and "khien_trach_2023" in person["flags"]:
        return False
    return person["ratings"].get(year) in ("HTTNV", "HTXSNV")


def earns_cstdcs(person: dict, year: int) -> bool:
    rating = person["ratings"].get(year)
    if person["pattern"] in ("star", "gap", "two", "pair"):
        return rating == "HTXSNV" and (year, "co_so") in person["initiatives"]
    return rating == "HTXSNV" and person["id"] % 2 == 0


def write_history(ctx: Ctx, ledger: Ledger) -> None:
    texts = load("texts.json")
    names = Names(ctx)
    for copy in range(1, ctx.scale + 1):
        people = [p for p in ctx.people if p["unit"]["copy"] == copy]
        units = [u for u in ctx.units if u["copy"] == copy and u["kind"] != "authority"]
        # Stars rated since 2022: three running CSTĐCS by 2024.
        stars = [p for p in people if p["pattern"] == "star" and 2022 in p["ratings"]]
        first_award = len(ledger.awards)
        for year in HISTORY_YEARS:
            on = _year_end(ctx, year)
            ind = texts["individual_achievement"][1].format(year=year)
            for groups, label in ((("communes",), "xã, thị trấn"), (("schools",), "trường học"),
                                  (("agencies", "authority", "public_service", "mass_orgs"),
                                   "cơ quan, đơn vị"), (("enterprises",), "doanh nghiệp")):
                lines = [person_line(p, "LDTT", ind, year=year) for p in people
                         if p["unit"]["group"] in groups and earns_ldtt(ctx, p, year)]
                ledger.decide(AUTHORITY, on, f"Tặng danh hiệu Lao động tiên tiến năm {year} cho cá nhân "
                                             f"thuộc các {label}", lines)
            excellent = texts["individual_achievement"][0].format(year=year)
            ledger.decide(AUTHORITY, on, f"Tặng danh hiệu Chiến sĩ thi đua cơ sở năm {year}",
                          [person_line(p, "CSTDCS", excellent, year=year) for p in people
                           if earns_cstdcs(p, year)])
            good = texts["collective_achievement"][1].format(year=year)
            ledger.decide(AUTHORITY, on, f"Tặng danh hiệu Tập thể lao động tiên tiến năm {year}",
                          [unit_line(u, "TTLDTT", good, year=year) for u in units
                           if u["ratings"][year] == "HTTNV"])
            top = [u for u in units if u["ratings"][year] == "HTXSNV"]
            ledger.decide(PROVINCE, on + dt.timedelta(days=20), f"Tặng danh hiệu Tập thể lao động xuất sắc năm {year}",
                          [unit_line(u, "TTLDXS", texts["collective_achievement"][0].format(year=year), year=year)
                           for u in top])
            _movement_awards(ctx, ledger, names, texts, copy, year, people, units)
            _sudden_awards(ctx, ledger, texts, year, people)
            _commune_titles(ctx, ledger, names, copy, year, units)
            # Bằng khen of the province chairman for two consecutive CSTĐCS (Law Art. 74).
            if year >= 2023:
                pair = [p for p in (stars[0:2] if year == 2023 else stars[3:5])
                        if earns_cstdcs(p, year - 1)]
                for p in pair:
                    p["flags"].add("bk_tinh")
                ledger.decide(PROVINCE, dt.date(year + 1, 2, 14),
                              f"Tặng Bằng khen của Chủ tịch UBND tỉnh cho cá nhân có 02 năm liên tục đạt CSTĐCS ({year - 1}–{year})",
                              [person_line(p, "BK_TINH", f"Đã có thành tích xuất sắc trong công tác năm {year - 1}–{year}",
                                           year=year) for p in pair])
        # The province's flag and Bằng khen for the leading units of 2024's blocs.
        leaders = [(u, code) for u, code in ctx.bloc_leaders.get(2024, []) if u["copy"] == copy]
        ledger.decide(PROVINCE, dt.date(2025, 1, 24), "Tặng Cờ thi đua, Bằng khen cho các tập thể dẫn đầu các khối thi đua năm 2024",
                      [unit_line(u, code, "Đơn vị dẫn đầu khối thi đua năm 2024", year=2024) for u, code in leaders])
        # One province emulation fighter: the first star (three consecutive CSTĐCS 2022–2024).
        ledger.decide(PROVINCE, dt.date(2025, 3, 18), "Tặng danh hiệu Chiến sĩ thi đua cấp tỉnh năm 2024",
                      [person_line(stars[0], "CSTD_TINH", "Có 03 năm liên tục đạt danh hiệu CSTĐCS (2022–2024), "
                                   "sáng kiến được áp dụng hiệu quả", year=2024)])
        stars[0]["flags"].add("cstd_tinh_2024")
        _revoke_one(ctx, ledger, first_award)


def _movement_awards(ctx, ledger, names, texts, copy, year, people, units) -> None:
    """Giấy khen at the reviews of the year's movements: people, units and households."""
    keys = {2022: ["NTM_LAI_CHAU", "VHCS_LAI_CHAU"], 2023: ["VI_NGUOI_NGHEO_LAI_CHAU", "NTM_CA_NUOC"],
            2024: ["KTXH_2024", "TT_NGHEO_CA_NUOC"]}[year]
    communes = [u for u in units if u["group"] == "communes"]
    for index, key in enumerate(keys):
        movement = ctx.movements[key]
        text = texts["movement_achievement"].format(movement=movement["name"], year=year)
        extra = dict(year=year, kind="movement", movement_id=movement["id"])
        chosen = ctx.rng.sample(people, 8)
        lines = [person_line(p, "GK", text, **extra) for p in chosen]
        lines += [unit_line(u, "GK", text, **extra) for u in ctx.rng.sample(units, 4)]
        for commune in communes:
            for _ in range(3):
                ethnicity = names.ethnicity(LOCAL.get(commune["base_code"]))
                head = names.name(ethnicity, "M")
                village = ctx.rng.choice(commune["villages"])
                lines.append(dict(code="GK", subject="household", recipient_name=f"Hộ gia đình ông {head}",
                                  unit_id=commune["id"],
                                  unit_text=f"{village}, {commune['name'].replace('UBND ', '')}",
                                  achievement=ctx.rng.choice(texts["household_achievements"]).format(year=year),
                                  **extra))
        when = movement["midterm_review_on"] if movement["midterm_review_on"] and movement["midterm_review_on"].year == year else dt.date(year, 11, 20 + index)
        ledger.decide(AUTHORITY, when, f"Khen thưởng sơ kết, tổng kết phong trào thi đua \"{movement['name']}\" năm {year}", lines)


def _sudden_awards(ctx, ledger, texts, year, people) -> None:
    for month in (4, 8):
        person = ctx.rng.choice(people)
        text = ctx.rng.choice(texts["sudden_achievements"]).format(year=year, year_prev=year - 1)
        ledger.decide(AUTHORITY, dt.date(year, month, ctx.rng.randint(3, 25)),
                      "Khen thưởng đột xuất", [person_line(person, "GK", text, year=year, kind="sudden")])


def _commune_titles(ctx, ledger, names, copy, year, units) -> None:
    """Gia đình văn hóa (households) and thôn, bản văn hóa, one decision per commune."""
    for commune in (u for u in units if u["group"] == "communes"):
        place = commune["name"].replace("UBND ", "")
        lines = []
        for village in commune["villages"]:
            for _ in range(9):
                gender = "M" if ctx.rng.random() < 0.8 else "F"
                head = names.name(names.ethnicity(LOCAL.get(commune["base_code"])), gender)
                lines.append(dict(code="GDVH", subject="household", unit_id=commune["id"],
                                  recipient_name=f"Gia đình {'ông' if gender == 'M' else 'bà'} {head}",
                                  unit_text=f"{village}, {place}", year=year,
                                  achievement=f"Đạt tiêu chuẩn Gia đình văn hóa năm {year}"))
        on = dt.date(year, 12, ctx.rng.randint(8, 16))
        ledger.decide(AUTHORITY, on, f"Công nhận danh hiệu Gia đình văn hóa năm {year}, {place}", lines)
        villages = [v for v in commune["villages"] if ctx.rng.random() < 0.7]
        ledger.decide(AUTHORITY, on, f"Công nhận danh hiệu Thôn, bản, tổ dân phố văn hóa năm {year}, {place}",
                      [dict(code="THON_VH", subject="collective", recipient_name=v,
                            unit_text=place, year=year,
                            achievement=f"Đạt danh hiệu Thôn, bản, tổ dân phố văn hóa năm {year}")
                       for v in villages])


def _revoke_one(ctx: Ctx, ledger: Ledger, first_award: int) -> None:
    """Law Art. 93: an award given on a false dossier is revoked; the ledger keeps it, marked.
    One LĐTT 2023 among this copy's awards (those from `first_award` on)."""
    for award in ledger.awards[first_award:]:
        if (award["subject"] == "individual" and award["year"] == 2023 and award["kind"] == "regular"
                and award["award_type_id"] == ctx.award_id("LDTT")):
            award.update(revoked=True, revoked_on=dt.date(2024, 8, 12),
                         revoke_reason="Thu hồi theo Điều 93 Luật TĐKT: kê khai thành tích không trung thực.")
            return
