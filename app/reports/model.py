"""The shapes of the year's figures (số liệu thống kê thi đua, khen thưởng): plain dataclasses
the reports tab, the command line, the Excel export and the printed report all read.

Titles (danh hiệu thi đua) and forms (hình thức khen thưởng, orders included) are always
counted apart; revoked awards are never in a count, only in `revoked`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field


def share(part: int, whole: int) -> float | None:
    """`part` as a percentage of `whole`, two decimals; None when there is no whole."""
    return round(100.0 * part / whole, 2) if whole else None


@dataclass
class AwardCount:
    """How many of one award type were conferred, by kind of recipient, and the money paid."""

    code: str
    name: str
    category: str  # title / form / order
    individual: int = 0
    collective: int = 0
    household: int = 0
    money: int = 0

    @property
    def total(self) -> int:
        return self.individual + self.collective + self.household


@dataclass
class LevelCount:
    """Awards decided by authorities of one level (Nhà nước, Chính phủ, tỉnh, huyện, xã ...)."""

    level: str
    label: str
    titles: int = 0
    forms: int = 0
    money: int = 0

    @property
    def total(self) -> int:
        return self.titles + self.forms


@dataclass
class DeciderCount:
    """Awards by who decided them: `ours` (the office's own authority), `higher` (a higher
    authority: the province, the Prime Minister, the President), `other` (any other body). The
    label says it the same way on the screen, in `tdkt report` and on paper."""

    code: str  # ours / higher / other
    label: str  # "Do UBND huyện Tam Đường quyết định", "Do cấp trên quyết định" ...
    titles: int = 0
    forms: int = 0
    money: int = 0

    @property
    def total(self) -> int:
        return self.titles + self.forms


@dataclass
class KindCount:
    """Awards of one kind of commendation (thường xuyên, theo đợt, đột xuất ...)."""

    code: str
    label: str
    total: int = 0


@dataclass
class UnitCount:
    """Awards that went to a unit or to its people. `unit_id` None: recipients the ledger
    does not tie to a unit of the catalogue (households, villages typed as text)."""

    unit_id: int | None
    unit: str
    titles: int = 0
    forms: int = 0
    money: int = 0

    @property
    def total(self) -> int:
        return self.titles + self.forms


@dataclass
class GroupCount:
    """Awards to a group of recipients (direct workers, women ...); `base` is the count the
    group is a share of (individual awards for people's groups, collective awards for units)."""

    code: str
    label: str
    titles: int = 0
    forms: int = 0
    base: int = 0
    people: int | None = None  # how many people (not awards) for the people's groups

    @property
    def total(self) -> int:
        return self.titles + self.forms

    @property
    def share(self) -> float | None:
        return share(self.total, self.base)


@dataclass
class AwardTotals:
    """The period's awards in a few numbers (revoked ones left out, counted in `revoked`)."""

    total: int = 0
    titles: int = 0
    forms: int = 0  # hình thức khen thưởng, orders (huân chương) included
    orders: int = 0  # of which huân chương
    individual: int = 0
    collective: int = 0
    household: int = 0
    money: int = 0
    revoked: int = 0
    people: int = 0  # individuals behind the `individual` awards (one person, two titles: 1)


@dataclass
class DossierFigures:
    """Hồ sơ đề nghị khen thưởng of the period: how many came, went back, were decided, and
    how long a decision took (calendar days from receipt to the decision step)."""

    received: int = 0
    returned: int = 0  # sent back at least once for completion
    decided: int = 0
    forwarded: int = 0  # sent up to a higher authority
    rejected: int = 0
    in_progress: int = 0
    nominees: int = 0
    nominees_approved: int = 0
    average_days: float | None = None  # over the decided dossiers whose decision step is dated
    by_status: dict[str, int] = field(default_factory=dict)


@dataclass
class MovementResult:
    """A movement running in the period, and what came of it within the report's scope."""

    id: int
    name: str
    level: str
    kind: str
    period: str
    status: str
    units: int  # units taking part
    dossiers: int
    awards: int
    results: str


@dataclass
class SubmissionCount:
    """What one unit owed in the period and how it sent it: on time, late, still missing
    after the deadline, or not yet due."""

    unit_id: int
    unit: str
    owed: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    pending: int = 0

    @property
    def late_or_missing(self) -> int:
        return self.late + self.missing


@dataclass
class YearFigures:
    """Everything the office reports for a year (or a range of years) in one scope."""

    first_year: int
    last_year: int
    scope: str  # "Toàn huyện", "Đơn vị: UBND xã Bản Bo", "Khối: ...", "Phong trào: ..."
    as_of: dt.date
    totals: AwardTotals
    titles: list[AwardCount]
    forms: list[AwardCount]  # hình thức khen thưởng and huân chương, never mixed with titles
    levels: list[LevelCount]
    deciders: list[DeciderCount]
    kinds: list[KindCount]
    units: list[UnitCount]
    groups: list[GroupCount]
    revoked: list[AwardCount]
    dossiers: DossierFigures
    movements: list[MovementResult]
    submissions: list[SubmissionCount]

    @property
    def period(self) -> str:
        """`năm 2025` or `giai đoạn 2023 – 2025`."""
        if self.first_year == self.last_year:
            return f"năm {self.first_year}"
        return f"giai đoạn {self.first_year} – {self.last_year}"

    def group(self, code: str) -> GroupCount:
        return next(g for g in self.groups if g.code == code)

    def decider(self, code: str) -> DeciderCount | None:
        return next((d for d in self.deciders if d.code == code), None)

    def as_dict(self) -> dict:
        """A JSON-ready copy (the `--json` output): lists of plain fields plus the totals
        and shares the properties compute."""
        data = asdict(self)
        data["period"] = self.period
        data["as_of"] = self.as_of.isoformat()
        # Awards count by the year of the achievement (the fund, `tdkt fund`, by signing year).
        data["counted_by"] = "achievement_year"
        for key in ("titles", "forms", "revoked"):
            for row, item in zip(data[key], getattr(self, key), strict=True):
                row["total"] = item.total
        for key in ("levels", "units", "deciders"):
            for row, item in zip(data[key], getattr(self, key), strict=True):
                row["total"] = item.total
        for row, item in zip(data["groups"], self.groups, strict=True):
            row["total"], row["share"] = item.total, item.share
        for row, item in zip(data["submissions"], self.submissions, strict=True):
            row["late_or_missing"] = item.late_or_missing
        return data
