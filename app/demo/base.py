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

SEED = 2025
AUTHORITY = "UBND huyện Tam Đường"
PROVINCE = "UBND tỉnh Lai Châu"
YEAR = 2025
HISTORY_YEARS = (2022, 2023, 2024)
RATED_YEARS = (2022, 2023, 2024, 2025)


@cache
def load(name: str) -> dict:
    """A file of resources/demo (data the demo is made of, not code)."""
    with open(resource_path("demo", name), encoding="utf-8") as fh:
        return json.load(fh)


def day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days (Monday–Friday) after `start`."""
    current = start
    while days > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
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
    decision_numbers: dict[tuple[str, int], int] = field(default_factory=dict)
    _money_cache: dict[tuple, int | None] = field(default_factory=dict)

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
        for start in range(0, len(rows), 5000):
            self.session.execute(insert(model), rows[start:start + 5000])
        self.counts[model.__tablename__] = self.counts.get(model.__tablename__, 0) + len(rows)

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
            salary = base_salary_on(self.session, on)
            self._money_cache[key] = (round_up_10k(coefficient * salary)
                                      if coefficient and salary else None)
        return self._money_cache[key]

    def legal_basis(self, code: str, on: dt.date) -> str:
        rule = rule_for(self.award_types[code], on)
        return rule.legal_basis if rule else ""

    def decision_number(self, issuer: str, year: int) -> str:
        """Next number of an issuer's decisions in a year, with gaps (other decisions exist)."""
        key = (issuer, year)
        start = 2800 if issuer == AUTHORITY else 1900
        current = self.decision_numbers.get(key, start + self.rng.randint(0, 60))
        current += self.rng.randint(1, 4)
        self.decision_numbers[key] = current
        return f"{current}/QĐ-UBND"


def decree_for(on: dt.date) -> str:
    """The decree detailing the law on a date (what a decision or dossier is decided under)."""
    if on >= dt.date(2025, 7, 1):
        return "Nghị định 152/2025/NĐ-CP"
    if on >= dt.date(2024, 1, 1):
        return "Nghị định 98/2023/NĐ-CP"
    return "Nghị định 91/2017/NĐ-CP"
