"""Số lượng và kinh phí: for a year, per unit the titles proposed, approved and awarded against
the caps within a unit, and the award money per decision and in total for the finance office
(Phòng Tài chính – Kế hoạch). Money of a higher authority's decision is shown apart: it is paid
from that authority's fund, not the office's.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.catalog import rule_for
from app.rules.common import capped
from app.rules.context import PENDING_STATUSES
from db.models import Award, AwardType, Decision, Dossier, Nominee, Setting, Unit


@dataclass(slots=True)
class Cap:
    award: str
    of: str
    share: float
    used: int
    base: int
    allowed: int

    @property
    def over(self) -> bool:
        return self.used > self.allowed


@dataclass
class UnitQuota:
    unit_id: int
    unit: str
    proposed: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    approved: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    awarded: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    caps: list[Cap] = field(default_factory=list)

    @property
    def over(self) -> bool:
        return any(c.over for c in self.caps)


def _caps(session: Session, year: int) -> dict[str, dict]:
    """Caps in force for the year: settings override the catalogue's criteria."""
    caps: dict[str, dict] = {}
    on = dt.date(year, 12, 31)
    for award in session.scalars(select(AwardType)):
        rule = rule_for(award, on)
        if rule and (rule.criteria or {}).get("unit_cap"):
            caps[award.code] = rule.criteria["unit_cap"]
    setting = session.get(Setting, "rules.unit_caps")
    for code, cap in ((setting.value if setting else None) or {}).items():
        if cap:
            caps[code] = cap
        else:
            caps.pop(code, None)
    return caps


def unit_quotas(session: Session, year: int) -> list[UnitQuota]:
    """Per proposing unit: counts by award code (proposed / approved / awarded) and caps."""
    names = dict(session.execute(select(Unit.id, Unit.name)).all())
    table: dict[int, UnitQuota] = {}

    def quota(uid: int) -> UnitQuota:
        if uid not in table:
            table[uid] = UnitQuota(uid, names.get(uid, ""))
        return table[uid]

    rows = session.execute(
        select(Dossier.unit_id, AwardType.code, Nominee.appraisal, func.count())
        .join(Nominee, Nominee.dossier_id == Dossier.id)
        .join(AwardType, AwardType.id == Nominee.award_type_id)
        .where(Dossier.year == year, Dossier.status.in_(PENDING_STATUSES),
               Nominee.appraisal.not_in(("rejected", "withdrawn")))
        .group_by(Dossier.unit_id, AwardType.code, Nominee.appraisal))
    for uid, code, appraisal, n in rows:
        quota(uid).proposed[code] += n
        if appraisal == "approved":
            quota(uid).approved[code] += n
    awarded = session.execute(
        select(Award.unit_id, AwardType.code, func.count())
        .join(AwardType, AwardType.id == Award.award_type_id)
        .where(Award.year == year, Award.revoked.is_(False), Award.unit_id.is_not(None))
        .group_by(Award.unit_id, AwardType.code))
    for uid, code, n in awarded:
        quota(uid).awarded[code] += n
    for code, cap in _caps(session, year).items():
        of = cap.get("of", "LDTT")
        for q in table.values():
            used = q.proposed.get(code, 0) + q.awarded.get(code, 0)
            base = q.proposed.get(of, 0) + q.awarded.get(of, 0)
            if used or base:
                q.caps.append(Cap(code, of, float(cap["share"]), used, base,
                                  capped(float(cap["share"]), base, cap.get("rounding", "floor"))))
    return sorted(table.values(), key=lambda q: q.unit)


@dataclass(slots=True)
class DecisionMoney:
    decision_id: int
    number: str
    issued_on: dt.date
    issuer: str
    external: bool
    awards: int
    total: int


@dataclass
class MoneySummary:
    decisions: list[DecisionMoney]

    @property
    def local_total(self) -> int:
        return sum(d.total for d in self.decisions if not d.external)

    @property
    def external_total(self) -> int:
        return sum(d.total for d in self.decisions if d.external)


def money_by_decision(session: Session, year: int) -> MoneySummary:
    """Award money of every decision issued in the year (revoked awards left out)."""
    rows = session.execute(
        select(Decision.id, Decision.number, Decision.issued_on, Decision.issuer, Decision.external,
               func.count(Award.id), func.coalesce(func.sum(Award.money), 0))
        .outerjoin(Award, (Award.decision_id == Decision.id) & Award.revoked.is_(False))
        .where(Decision.year == year)
        .group_by(Decision.id).order_by(Decision.issued_on, Decision.number))
    return MoneySummary([DecisionMoney(r[0], r[1], r[2], r[3], bool(r[4]), r[5], int(r[6])) for r in rows])
