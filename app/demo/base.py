"""Shared kit of the demo writer: the context every part writes through (seeded random,
explicit ids, bulk inserts), the demo's resource files, dates and award money.

Rows are inserted in bulk with ids chosen here, so the parts can link rows to each other
without reading them back (a `--scale 20` office has hundreds of thousands of rows).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, selectinload

from app.catalog import base_salary_on, rule_for
from app.resources import resource_path
from db.models import AwardType
from db.server import sync_sequences

SEED = 2025
AUTHORITY = "UBND huyện Tam Đường"
PROVINCE = "UBND tỉnh Lai Châu"
YEAR = 2025
# Two-level local government from this day (Decree 129/2025 Art. 59): no district decides any
# more; the demo's decisions from it are the successor commune chairman's, within his powers,
# or the province's for the rest (DOMAIN.md, "Since 1 July 2025").
REFORM_DAY = dt.date(2025, 7, 1)
# The district's seat (thị trấn Tam Đường) went into xã Bình Lư: the district's own agencies,
# mass organisations and enterprises are that commune's from the reform.
SEAT_SUCCESSOR = "XA_BINH_LU"
HISTORY_YEARS = (2022, 2023, 2024)
RATED_YEARS = (2022, 2023, 2024, 2025)


@cache
def load(name: str) -> dict:
    """A file of resources/demo (data the demo is made of, not code)."""
    with open(resource_path("demo", name), encoding="utf-8") as fh:
        return json.load(fh)


def day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


# Public holidays of the demo years (Tết, Giỗ Tổ, 30/4–1/5, Quốc khánh), written into the
# setting `calendar.holidays` the due dates skip; the office edits the list each year.
HOLIDAYS = ["2025-01-01", "2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31",
            "2025-04-07", "2025-04-30", "2025-05-01", "2025-05-02", "2025-09-01", "2025-09-02",
            "2026-01-01"]
_HOLIDAYS = {dt.date.fromisoformat(d) for d in HOLIDAYS}


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days (Monday–Friday, holidays skipped) after `start`."""
    current = start
    while days > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5 and current not in _HOLIDAYS:
            days -= 1
    return current


def round_up_10k(amount: float) -> int:
    """Award money is rounded up to the next 10,000 đồng (Decree 152/2025 Art. 49)."""
    return int(math.ceil(round(amount, 2) / 10_000) * 10_000)


@dataclass
class Ctx:
    """What every part of the demo writes through."""

    session: Session
    scale: int
    rng: random.Random = field(default_factory=lambda: random.Random(SEED))
    counts: dict[str, int] = field(default_factory=dict)
    _next: dict[str, int] = field(default_factory=dict)
    award_types: dict[str, AwardType] = field(default_factory=dict)
    # Filled as the parts run; later parts read what earlier ones made.
    units: list[dict] = field(default_factory=list)
    people: list[dict] = field(default_factory=list)
    movements: dict[str, dict] = field(default_factory=dict)
    bloc_leaders: dict[int, list[tuple[dict, str]]] = field(default_factory=dict)
    used_numbers: dict[tuple[str, int], set[int]] = field(default_factory=dict)
    _units_by_id: dict[int, dict] = field(default_factory=dict)
    _salary_cache: dict[dt.date, int | None] = field(default_factory=dict)
    _money_cache: dict[tuple, int | None] = field(default_factory=dict)

    @property
    def units_by_id(self) -> dict[int, dict]:
        if len(self._units_by_id) != len(self.units):
            self._units_by_id = {u["id"]: u for u in self.units}
        return self._units_by_id

    def __post_init__(self) -> None:
        rows = self.session.scalars(select(AwardType).options(selectinload(AwardType.rules)))
        self.award_types = {a.code: a for a in rows}

    def new_id(self, model) -> int:
        """The next free id of a table (ids are chosen here so rows can be linked in bulk)."""
        name = model.__tablename__
        if name not in self._next:
            self._next[name] = (self.session.scalar(select(func.max(model.id))) or 0) + 1
        value = self._next[name]
        self._next[name] = value + 1
        return value

    def insert(self, model, rows: list[dict]) -> None:
        """Bulk insert (one executemany per table and batch)."""
        if not rows:
            return
        # Core executemany on the table: the ORM's per-row bookkeeping is not needed here
        # (column defaults such as version = 1 still apply).
        # Rows naming the same columns go together (an executemany needs one column list).
        connection = self.session.connection()
        groups: dict[tuple[str, ...], list[dict]] = {}
        for row in rows:
            groups.setdefault(tuple(sorted(row)), []).append(row)
        for group in groups.values():
            for start in range(0, len(group), 5000):
                connection.execute(insert(model.__table__), group[start:start + 5000])
        # Ids chosen here: on a PostgreSQL server the table's id sequence must move past them.
        sync_sequences(connection, [model.__table__])
        self.counts[model.__tablename__] = self.counts.get(model.__tablename__, 0) + len(rows)

    def base_salary(self, on: dt.date) -> int | None:
        """Mức lương cơ sở in force on a date (cached: thousands of decisions ask)."""
        if on not in self._salary_cache:
            self._salary_cache[on] = base_salary_on(self.session, on)
        return self._salary_cache[on]

    def award_id(self, code: str) -> int:
        return self.award_types[code].id

    def money(self, code: str, subject: str, on: dt.date) -> int | None:
        """Coefficient of the rule in force on the decision date × the base salary on that
        date, rounded up to 10,000 đồng; None when the award pays nothing."""
        key = (code, subject, on)
        if key not in self._money_cache:
            rule = rule_for(self.award_types[code], on)
            coefficient = None
            if rule is not None:
                if subject == "collective":
                    coefficient = rule.coefficient_collective
                elif subject == "household":
                    # Households get 1.5× the individual amount when the rule names none.
                    coefficient = rule.coefficient_household or (
                        rule.coefficient_individual * 1.5 if rule.coefficient_individual else None)
                else:
                    coefficient = rule.coefficient_individual
            salary = self.base_salary(on)
            self._money_cache[key] = (round_up_10k(coefficient * salary)
                                      if coefficient and salary else None)
        return self._money_cache[key]

    def legal_basis(self, code: str, on: dt.date) -> str:
        rule = rule_for(self.award_types[code], on)
        return rule.legal_basis if rule else ""

    def decision_number(self, issuer: str, on: dt.date) -> str:
        """A number as the issuer's register would give on that date: numbers restart each
        year and grow through it (a district issues some 3,000 decisions a year)."""
        # A commune issues far fewer decisions than a district or the province.
        per_day = 8.5 if issuer == AUTHORITY else (0.9 if issuer.startswith("UBND xã") else 6.0)
        used = self.used_numbers.setdefault((issuer, on.year), set())
        number = int(on.timetuple().tm_yday * per_day) + self.rng.randint(0, 5)
        while number in used:
            number += 1
        used.add(number)
        return f"{number}/QĐ-UBND"


def successor_commune(ctx: Ctx, unit: dict) -> dict:
    """The commune unit that, from 1/7/2025, decides a unit's awards: the commune it merged
    into (resources/demo/mergers.json), a commune not merged itself, a school's commune's, and
    the district seat's successor for the district's own agencies and organisations."""
    into = {code: m["into"] for m in load("mergers.json")["mergers"] for code in m["units"]}
    if unit["group"] == "communes":
        code = unit["base_code"]
    elif unit["group"] == "schools":
        code = unit["commune"]
    else:
        code = SEAT_SUCCESSOR
    code = into.get(code, code)
    return next(u for u in ctx.units if u["base_code"] == code and u["copy"] == unit["copy"])


def successor_signer(ctx: Ctx, commune: dict) -> tuple[str, str, str]:
    """(name, title, mode) of the commune chairman, who decides an award in his own name."""
    chair = next((p for p in ctx.people if p["unit_id"] == commune["id"]
                  and p["position"].startswith("Chủ tịch")), None)
    return (chair["full_name"] if chair else "", "CHỦ TỊCH", "TM")


def decree_for(on: dt.date) -> str:
    """The decree detailing the law on a date (what a decision or dossier is decided under)."""
    if on >= dt.date(2025, 7, 1):
        return "Nghị định 152/2025/NĐ-CP"
    if on >= dt.date(2024, 1, 1):
        return "Nghị định 98/2023/NĐ-CP"
    return "Nghị định 91/2017/NĐ-CP"
