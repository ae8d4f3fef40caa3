"""The awards side of the year's figures: by title and by form (never mixed), by the level of
the deciding authority, by unit, by group of recipients, the money, and what was revoked.

Each figure is one GROUP BY query over the ledger; Python only labels and orders the few
grouped rows, so a ledger of 100,000 lines costs the same few queries as one of 100.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from app.reports.model import (
    AwardCount,
    AwardTotals,
    DeciderCount,
    GroupCount,
    KindCount,
    LevelCount,
    UnitCount,
)
from app.reports.scope import (
    GRASSROOTS_KINDS,
    GRASSROOTS_TYPES,
    MAJORITY_ETHNICITIES,
    Scope,
    award_conditions,
    award_unit,
    person_join,
)
from app.states import SUBJECTS
from app.text import fold, sort_key
from db.models import Award, AwardType, OfficeProfile, Person, Unit

TITLE = "title"
FORM_CATEGORIES = ("form", "order")  # a huân chương is a form of commendation (Law Art. 9)

LEVEL_LABELS = {
    "nha_nuoc": "Chủ tịch nước",
    "chinh_phu": "Thủ tướng Chính phủ",
    "bo": "Bộ, ban, ngành Trung ương",
    "tinh": "Cấp tỉnh",
    "huyen": "Cấp huyện",
    "xa": "Cấp xã",
    "co_quan": "Cơ quan, đơn vị, doanh nghiệp",
}
# Only these authorities can confer these levels of award, whoever the ledger names.
_FIXED_LEVELS = ("nha_nuoc", "chinh_phu")
# The first administrative word of an issuer names its level ("UBND huyện X, tỉnh Y" is the
# district's): the leftmost match wins, the longer phrase first at the same place.
_ISSUER_WORDS = re.compile(
    r"\b(?P<nha_nuoc>chu tich nuoc)\b|\b(?P<chinh_phu>thu tuong|chinh phu)\b"
    r"|^(?P<bo>bo|bo truong)\b|^(?P<so>so|giam doc so)\b"
    r"|^(?P<co_quan>hieu truong|giam doc|tong giam doc|thu truong|truong phong|chu nhiem)\b"
    r"|\b(?P<huyen>thi xa|thanh pho|huyen|(?<!co )quan)\b"
    r"|\b(?P<xa>xa|phuong|thi tran|dac khu)\b|\b(?P<tinh>tinh)\b")


def authority_level(issuer: str, type_level: str, office_names: set[str], office_level: str) -> str:
    """The level of the authority that decided an award, from the ledger's issuer text."""
    if type_level in _FIXED_LEVELS:
        return type_level
    text = fold(issuer)
    if not text or text in office_names:
        return office_level
    match = _ISSUER_WORDS.search(text)
    if match is None:
        return "co_quan"
    level = match.lastgroup
    return "tinh" if level == "so" else level


def _office(session: Session) -> tuple[set[str], str]:
    row = session.scalar(select(OfficeProfile).order_by(OfficeProfile.id).limit(1))
    if row is None:  # no profile yet: the grassroots office since 1/7/2025 is the commune's
        return set(), "xa"
    names = {fold(row.authority_name)}
    words = row.authority_name.split()
    if len(words) > 4 and fold(" ".join(words[:4])) == "uy ban nhan dan":
        names.add(fold("UBND " + " ".join(words[4:])))
    return names, row.level or "xa"


# Levels from the highest; an award decided above the office's level is the higher authority's.
LEVEL_RANK = {code: i for i, code in enumerate(["nha_nuoc", "chinh_phu", "bo", "tinh", "huyen", "xa", "co_quan"])}


def authority_label(session: Session) -> str:
    """`UBND huyện Tam Đường`: the office's authority as the figures name it."""
    row = session.scalar(select(OfficeProfile).order_by(OfficeProfile.id).limit(1))
    if row is None or not row.authority_name:
        return "cơ quan"
    words = row.authority_name.split()
    if len(words) > 4 and fold(" ".join(words[:4])) == "uy ban nhan dan":
        return "UBND " + " ".join(words[4:])
    return row.authority_name


# Two-level local government from this day: the district's award powers went to the commune
# chairmen (Decree 129/2025 Art. 59); a district office's data then holds their decisions.
REFORM_DAY = dt.date(2025, 7, 1)


def decider_labels(authority: str) -> dict[str, str]:
    """The names of the deciders, said the same way everywhere."""
    return {"ours": f"Do {authority} quyết định", "higher": "Do cấp trên quyết định",
            "successor": "Do Chủ tịch UBND cấp xã quyết định (kế thừa thẩm quyền cấp huyện từ 01/07/2025)",
            "other": "Do cơ quan, đơn vị khác quyết định"}


def decider_of(issuer: str, type_level: str, names: set[str], office_level: str,
               after_reform: bool = False) -> str:
    """ours / successor / higher / other for one ledger line's issuer: a commune's decision
    from 1/7/2025 in a district office's data is the successor's, who took the district's powers."""
    text = fold(issuer or "")
    if type_level not in _FIXED_LEVELS and (not text or text in names):
        return "ours"
    level = authority_level(issuer or "", type_level, names, office_level)
    if LEVEL_RANK.get(level, 99) < LEVEL_RANK.get(office_level, 99):
        return "higher"
    if after_reform and office_level == "huyen" and level == "xa":
        return "successor"
    return "other"


def by_decider(session: Session, scope: Scope) -> list[DeciderCount]:
    """Awards decided by the office's own authority, by a higher one, by anyone else: where
    "decided here" and "decided above" differ, both are shown (the other line only when it
    has awards)."""
    names, office_level = _office(session)
    labels = decider_labels(authority_label(session))
    rows = {code: DeciderCount(code, label) for code, label in labels.items()}
    after = case((Award.decision_date >= REFORM_DAY, 1), else_=0)
    query = (select(Award.issuer, AwardType.level, AwardType.category, after, func.count(), func.sum(Award.money))
             .join(AwardType, AwardType.id == Award.award_type_id)
             .outerjoin(Person, person_join())
             .where(*award_conditions(scope))
             .group_by(Award.issuer, AwardType.level, AwardType.category, after))
    for issuer, type_level, category, late, n, money in session.execute(query):
        row = rows[decider_of(issuer, type_level, names, office_level, bool(late))]
        if category == TITLE:
            row.titles += n
        else:
            row.forms += n
        row.money += _money(money)
    return [r for r in rows.values() if r.code not in ("other", "successor") or r.total]


def by_kind(session: Session, scope: Scope) -> list[KindCount]:
    """Awards by kind of commendation (Law Art. 8), in the catalogue's order of kinds."""
    from app.awards import KINDS

    counts = dict(session.execute(select(Award.kind, func.count())
                                  .outerjoin(Person, person_join())
                                  .where(*award_conditions(scope)).group_by(Award.kind)).all())
    out = [KindCount(code, label, counts.pop(code, 0)) for code, label in KINDS.items()]
    out += [KindCount(code or "", code or "Chưa phân loại", n) for code, n in counts.items()]
    return [k for k in out if k.total]


def people_counts(session: Session, scope: Scope) -> dict[str, int]:
    """How many people (not awards) the individual awards went to, in all and in each group:
    one person with LĐTT and CSTĐCS is two awards and one person. A ledger line without a
    person record counts by its name."""
    flags = {
        "direct_worker": Person.is_direct_worker.is_(True),
        "women": Person.gender == "F",
        "ethnic_minority": Person.ethnicity.is_not(None) & Person.ethnicity.not_in(MAJORITY_ETHNICITIES),
        "leader": Person.is_leader.is_(True),
    }
    query = (select(Award.person_id, Award.recipient_name, *[case((c, 1), else_=0) for c in flags.values()])
             .outerjoin(Person, person_join())
             .where(*award_conditions(scope), Award.subject.not_in(("collective", "household")))
             .distinct())
    seen: dict[object, tuple] = {}
    for person_id, name, *marks in session.execute(query):
        key = person_id if person_id is not None else ("name", fold(name or ""))
        seen[key] = tuple(max(a, b) for a, b in zip(marks, seen.get(key, (0,) * len(flags)), strict=True))
    out = {"individual": len(seen)}
    for i, code in enumerate(flags):
        out[code] = sum(1 for marks in seen.values() if marks[i])
    return out


def _money(value) -> int:
    return int(value or 0)


def by_type(session: Session, scope: Scope) -> tuple[list[AwardCount], list[AwardCount],
                                                     list[AwardCount], AwardTotals]:
    """(titles, forms, revoked, totals). Every active catalogue title and form is listed, with
    its zeros: a statistical form lists them all."""
    types = list(session.execute(select(AwardType.id, AwardType.code, AwardType.name,
                                        AwardType.category, AwardType.active)
                                 .order_by(AwardType.sort_order, AwardType.id)))
    live = {t.id: AwardCount(t.code, t.name, t.category) for t in types}
    dead = {t.id: AwardCount(t.code, t.name, t.category) for t in types}
    totals = AwardTotals()
    for revoked in (False, True):
        query = (select(Award.award_type_id, Award.subject, func.count(), func.sum(Award.money))
                 .outerjoin(Person, person_join())
                 .where(*award_conditions(scope, revoked=revoked))
                 .group_by(Award.award_type_id, Award.subject))
        target = dead if revoked else live
        for type_id, subject, n, money in session.execute(query):
            row = target[type_id]
            if subject in ("individual", "collective", "household"):
                setattr(row, subject, getattr(row, subject) + n)
            else:  # an unknown subject still counts, as an individual line
                row.individual += n
            row.money += _money(money)
    active = {t.id for t in types if t.active}
    for row in live.values():
        if row.category == TITLE:
            totals.titles += row.total
        else:
            totals.forms += row.total
            totals.orders += row.total if row.category == "order" else 0
        totals.individual += row.individual
        totals.collective += row.collective
        totals.household += row.household
        totals.money += row.money
    totals.total = totals.titles + totals.forms
    totals.revoked = sum(r.total for r in dead.values())
    titles = [r for i, r in live.items() if r.category == TITLE and (i in active or r.total)]
    forms = [r for i, r in live.items() if r.category in FORM_CATEGORIES and (i in active or r.total)]
    revoked_rows = [r for r in dead.values() if r.total]
    return titles, forms, revoked_rows, totals


def by_level(session: Session, scope: Scope) -> list[LevelCount]:
    """Awards by the level of the authority that decided them, highest level first."""
    names, office_level = _office(session)
    query = (select(Award.issuer, AwardType.level, AwardType.category, func.count(),
                    func.sum(Award.money))
             .join(AwardType, AwardType.id == Award.award_type_id)
             .outerjoin(Person, person_join())
             .where(*award_conditions(scope))
             .group_by(Award.issuer, AwardType.level, AwardType.category))
    rows = {code: LevelCount(code, label) for code, label in LEVEL_LABELS.items()}
    for issuer, type_level, category, n, money in session.execute(query):
        row = rows[authority_level(issuer or "", type_level, names, office_level)]
        if category == TITLE:
            row.titles += n
        else:
            row.forms += n
        row.money += _money(money)
    return [r for r in rows.values() if r.total]


def by_unit(session: Session, scope: Scope) -> list[UnitCount]:
    """Awards by the unit they went to (its people included), in the office's unit order;
    the lines tied to no unit come last, together."""
    unit_col = award_unit().label("unit")
    query = (select(unit_col, AwardType.category, func.count(), func.sum(Award.money))
             .join(AwardType, AwardType.id == Award.award_type_id)
             .outerjoin(Person, person_join())
             .where(*award_conditions(scope))
             .group_by(unit_col, AwardType.category))
    rows: dict[int | None, UnitCount] = {}
    for unit_id, category, n, money in session.execute(query):
        row = rows.setdefault(unit_id, UnitCount(unit_id, ""))
        if category == TITLE:
            row.titles += n
        else:
            row.forms += n
        row.money += _money(money)
    ids = [i for i in rows if i is not None]
    order: dict[int, tuple] = {}
    if ids:
        for uid, name, sort_order in session.execute(
                select(Unit.id, Unit.name, Unit.sort_order).where(Unit.id.in_(ids))):
            rows[uid].unit = name
            order[uid] = (sort_order or 0, sort_key(name))
    if None in rows:
        rows[None].unit = "Chưa gắn với đơn vị trong danh mục (hộ gia đình, thôn, bản ...)"
    known = sorted((r for r in rows.values() if r.unit_id is not None),
                   key=lambda r: order.get(r.unit_id, (0, ())))
    return known + ([rows[None]] if None in rows else [])


def by_group(session: Session, scope: Scope) -> list[GroupCount]:
    """Awards to the groups the statistical forms ask about: individuals and among them
    direct workers, women, ethnic minorities, leaders; collectives and among them the
    grassroots (communes, townships, villages); households."""
    unit = aliased(Unit)
    person_flags = {
        "direct_worker": Person.is_direct_worker.is_(True),
        "women": Person.gender == "F",
        "ethnic_minority": Person.ethnicity.is_not(None) & Person.ethnicity.not_in(MAJORITY_ETHNICITIES),
        "leader": Person.is_leader.is_(True),
    }
    grassroots = unit.kind.in_(GRASSROOTS_KINDS) | AwardType.code.in_(GRASSROOTS_TYPES)
    columns = [func.sum(case((cond, 1), else_=0)) for cond in person_flags.values()]
    query = (select(AwardType.category, Award.subject, func.count(), *columns,
                    func.sum(case((grassroots, 1), else_=0)))
             .join(AwardType, AwardType.id == Award.award_type_id)
             .outerjoin(Person, person_join())
             .outerjoin(unit, unit.id == award_unit())
             .where(*award_conditions(scope))
             .group_by(AwardType.category, Award.subject))
    labels = [("individual", SUBJECTS["individual"]),
              ("direct_worker", "Trong đó: người lao động trực tiếp"),
              ("women", "Trong đó: nữ"),
              ("ethnic_minority", "Trong đó: người dân tộc thiểu số"),
              ("leader", "Trong đó: cán bộ lãnh đạo, quản lý"),
              ("collective", SUBJECTS["collective"]),
              ("grassroots", "Trong đó: xã, thị trấn, thôn, bản (cơ sở)"),
              ("household", SUBJECTS["household"])]
    groups = {code: GroupCount(code, label) for code, label in labels}

    def add(code: str, category: str, n: int) -> None:
        if category == TITLE:
            groups[code].titles += int(n or 0)
        else:
            groups[code].forms += int(n or 0)

    for category, subject, n, direct, women, minority, leader, base in session.execute(query):
        if subject == "collective":
            add("collective", category, n)
            add("grassroots", category, base)
        elif subject == "household":
            add("household", category, n)
        else:
            add("individual", category, n)
            for code, value in zip(person_flags, (direct, women, minority, leader), strict=True):
                add(code, category, value)
    for code in person_flags:
        groups[code].base = groups["individual"].total
    groups["grassroots"].base = groups["collective"].total
    for code, n in people_counts(session, scope).items():
        groups[code].people = n
    return list(groups.values())
