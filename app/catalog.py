"""Danh mục: award types and their dated rules, ethnic groups, unit kinds, base salaries,
required dossier documents and processing limits.

The catalogue's first content comes from files in resources/catalog; after that the office
edits it in the program (the numbers change when the law does). Lookups here turn what a
clerk or a commune typed (`LĐTT`, `BK UBND tỉnh`, `H'Mông`) into catalogue codes.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.resources import resource_path
from app.states import DOSSIER_CATEGORIES  # noqa: F401 - defined once there, read here too
from app.states import SUBJECTS as RECIPIENTS
from app.text import match_key
from db.models import (
    AwardPower,
    AwardRule,
    AwardType,
    BaseSalary,
    DocumentRequirement,
    Ethnicity,
    ProcessingLimit,
)

RATINGS = {
    "HTXSNV": "Hoàn thành xuất sắc nhiệm vụ",
    "HTTNV": "Hoàn thành tốt nhiệm vụ",
    "HTNV": "Hoàn thành nhiệm vụ",
    "KHTNV": "Không hoàn thành nhiệm vụ",
}
RATING_ORDER = ["KHTNV", "HTNV", "HTTNV", "HTXSNV"]

SUBJECTS = RECIPIENTS | {"any": "Cá nhân, tập thể"}  # an award type may suit any recipient
CATEGORIES = {"title": "Danh hiệu thi đua", "form": "Hình thức khen thưởng", "order": "Huân chương"}
LEVELS = {"co_so": "Cơ sở", "xa": "Cấp xã", "huyen": "Cấp huyện", "tinh": "Cấp tỉnh",
          "bo": "Cấp bộ, ngành", "chinh_phu": "Chính phủ", "nha_nuoc": "Nhà nước",
          "trung_uong": "Trung ương", "co_quan": "Cơ quan, đơn vị"}


def _load(name: str) -> dict:
    with open(resource_path("catalog", name), encoding="utf-8") as fh:
        return json.load(fh)


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@lru_cache(maxsize=1)
def unit_kinds() -> dict[str, str]:
    return {k["code"]: k["name"] for k in _load("unit_kinds.json")["unit_kinds"]}


def seed_catalog(session: Session) -> None:
    """Fill empty catalogue tables from resources/catalog. Tables already filled are left as
    the office edited them."""
    if session.scalar(select(Ethnicity.code).limit(1)) is None:
        for row in _load("ethnicities.json")["ethnicities"]:
            session.add(Ethnicity(code=row["code"], name=row["name"],
                                  aliases="|".join(row["aliases"]), sort_order=row["sort_order"]))
    data = _load("awards.json")
    if session.scalar(select(AwardType.id).limit(1)) is None:
        for row in data["award_types"]:
            award = AwardType(
                code=row["code"], name=row["name"], short_name=row["short_name"],
                aliases="|".join(row["aliases"]), category=row["category"], subject=row["subject"],
                level=row["level"], family=row["family"], secret_ballot=row["secret_ballot"],
                vote_threshold=row["vote_threshold"], rank=row["rank"], sort_order=row["sort_order"])
            for rule in row["rules"]:
                award.rules.append(AwardRule(
                    valid_from=_date(rule["valid_from"]), valid_to=_date(rule["valid_to"]),
                    legal_basis=rule["legal_basis"],
                    coefficient_individual=rule["coefficient_individual"],
                    coefficient_collective=rule["coefficient_collective"],
                    coefficient_household=rule["coefficient_household"],
                    criteria=rule["criteria"], verified=rule["verified"]))
            session.add(award)
    if session.scalar(select(BaseSalary.id).limit(1)) is None:
        for row in data["base_salaries"]:
            session.add(BaseSalary(valid_from=_date(row["valid_from"]), amount=row["amount"],
                                   legal_basis=row["legal_basis"]))
    if session.scalar(select(DocumentRequirement.id).limit(1)) is None:
        for row in data["document_requirements"]:
            session.add(DocumentRequirement(**row))
    if session.scalar(select(ProcessingLimit.id).limit(1)) is None:
        for row in data["processing_limits"]:
            session.add(ProcessingLimit(**row))
    if session.scalar(select(AwardPower.id).limit(1)) is None:
        for row in power_rows(data):
            session.add(AwardPower(**row))
    session.flush()


def power_rows(data: dict | None = None) -> list[dict]:
    """The catalogue's powers (thẩm quyền), one row per level, award and period."""
    data = data or _load("awards.json")
    return [dict(level=p["level"], award_code=code, valid_from=_date(p["valid_from"]),
                 valid_to=_date(p["valid_to"]), legal_basis=p["legal_basis"])
            for p in data.get("award_powers", []) for code in p["awards"]]


@dataclass(frozen=True)
class AwardInfo:
    """A catalogue award as the rest of the program passes it around."""

    id: int
    code: str
    name: str
    short_name: str
    category: str
    subject: str
    level: str
    family: str


def awards(session: Session) -> list[AwardInfo]:
    rows = session.scalars(select(AwardType).where(AwardType.active).order_by(AwardType.sort_order))
    return [AwardInfo(a.id, a.code, a.name, a.short_name, a.category, a.subject, a.level, a.family)
            for a in rows]


def award_by_code(session: Session, code: str) -> AwardType | None:
    return session.scalar(select(AwardType).where(AwardType.code == code))


def award_lookup(session: Session) -> dict[str, AwardType]:
    """Folded name, short name, code and every alias → award type."""
    table: dict[str, AwardType] = {}
    for award in session.scalars(select(AwardType)):
        for key in [award.code, award.name, award.short_name, *award.aliases.split("|")]:
            if key:
                table.setdefault(match_key(key), award)
    return table


def find_award(session: Session, text: str) -> AwardType | None:
    """The award a typed text means (`LĐTT`, `Giấy khen`, `BK UBND tỉnh`), or None."""
    key = match_key(text)
    if not key:
        return None
    table = award_lookup(session)
    if key in table:
        return table[key]
    # "Giấy khen của Chủ tịch UBND xã ..." and the like: the longest known name it starts with.
    best = None
    for name, award in table.items():
        if len(name) >= 4 and key.startswith(name + " ") and (best is None or len(name) > len(best[0])):
            best = (name, award)
    return best[1] if best else None


def ethnicity_lookup(session: Session) -> dict[str, str]:
    """Folded name or alias → ethnicity code (`hmong`, `meo`, `mong` → `mong`)."""
    table: dict[str, str] = {}
    for eth in session.scalars(select(Ethnicity)):
        for key in [eth.name, *eth.aliases.split("|")]:
            if key:
                table[match_key(key)] = eth.code
                table[match_key(key).replace(" ", "")] = eth.code
    return table


def find_ethnicity(session: Session, text: str) -> str | None:
    key = match_key(text)
    if not key:
        return None
    table = ethnicity_lookup(session)
    return table.get(key) or table.get(key.replace(" ", ""))


def rule_for(award: AwardType, on: dt.date) -> AwardRule | None:
    """The rule of an award in force on a date (decision date or achievement's year end)."""
    for rule in award.rules:
        if rule.valid_from <= on and (rule.valid_to is None or on <= rule.valid_to):
            return rule
    return None


def base_salary_on(session: Session, on: dt.date) -> int | None:
    row = session.scalar(select(BaseSalary).where(BaseSalary.valid_from <= on)
                         .order_by(BaseSalary.valid_from.desc()).limit(1))
    return int(row.amount) if row else None


def parse_rating(text: str) -> str | None:
    """`HTXSNV`, `Hoàn thành xuất sắc nhiệm vụ`, `HTXS nhiệm vụ` → `HTXSNV`."""
    key = match_key(text).replace(" ", "")
    if not key:
        return None
    for code, name in RATINGS.items():
        if key in (code.lower(), match_key(name).replace(" ", "")):
            return code
    aliases = {"htxs": "HTXSNV", "htxsnhiemvu": "HTXSNV", "xuatsac": "HTXSNV", "htt": "HTTNV",
               "httnhiemvu": "HTTNV", "hoanthanhtot": "HTTNV", "ht": "HTNV", "hoanthanh": "HTNV",
               "kht": "KHTNV", "khonghoanthanh": "KHTNV"}
    return aliases.get(key)
