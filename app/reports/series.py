"""Figures over the years and for a bloc, shaped for charts: awards per year by form and by
title, the share of direct workers year by year, and a bloc's scores unit by unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app.reports.model import share
from app.reports.scope import Scope, award_conditions, person_join
from app.text import sort_key
from db.models import Award, AwardType, Bloc, BlocCriterion, BlocMember, BlocScore, Person, Unit


@dataclass
class Series:
    """One line of a chart: a name and one value per year (or per unit)."""

    name: str
    values: list[float]


@dataclass
class YearSeries:
    """Per year of the range: awards by form, by title, and the direct workers' share."""

    years: list[int]
    forms: list[Series] = field(default_factory=list)  # one per form with any award in range
    titles: list[Series] = field(default_factory=list)
    individuals: list[int] = field(default_factory=list)
    direct_workers: list[int] = field(default_factory=list)
    direct_share: list[float | None] = field(default_factory=list)  # percent of individuals


def yearly_series(session: Session, scope: Scope) -> YearSeries:
    years = list(scope.years)
    index = {y: i for i, y in enumerate(years)}
    result = YearSeries(years, individuals=[0] * len(years), direct_workers=[0] * len(years))
    direct = case(((Award.subject == "individual") & Person.is_direct_worker.is_(True), 1), else_=0)
    individual = case((Award.subject == "individual", 1), else_=0)
    query = (select(Award.year, AwardType.id, AwardType.name, AwardType.category,
                    AwardType.sort_order, func.count(), func.sum(individual), func.sum(direct))
             .join(AwardType, AwardType.id == Award.award_type_id)
             .outerjoin(Person, person_join())
             .where(*award_conditions(scope))
             .group_by(Award.year, AwardType.id, AwardType.name, AwardType.category,
                       AwardType.sort_order))
    by_type: dict[int, tuple[tuple, str, str, list[float]]] = {}
    for year, type_id, name, category, order, n, people, workers in session.execute(query):
        entry = by_type.setdefault(type_id, ((order or 0, type_id), name, category,
                                             [0] * len(years)))
        entry[3][index[year]] += n
        result.individuals[index[year]] += int(people or 0)
        result.direct_workers[index[year]] += int(workers or 0)
    for _key, name, category, values in sorted(by_type.values(), key=lambda e: e[0]):
        (result.titles if category == "title" else result.forms).append(Series(name, values))
    result.direct_share = [share(d, n) for d, n in zip(result.direct_workers, result.individuals,
                                                       strict=True)]
    return result


@dataclass
class BlocStanding:
    """A member unit's totals in its bloc: the self-score and the bloc's agreed score."""

    unit_id: int
    unit: str
    self_total: float | None
    agreed_total: float | None
    rank: int | None
    leading: bool

    @property
    def score(self) -> float | None:
        """The agreed score when the bloc has agreed one, else the unit's own."""
        return self.agreed_total if self.agreed_total is not None else self.self_total


@dataclass
class BlocStandings:
    bloc_id: int
    name: str
    year: int
    max_points: float
    units: list[BlocStanding]


def bloc_standings(session: Session, bloc_id: int) -> BlocStandings | None:
    """A bloc's member units with their total scores, best first (scores on leaf criteria
    only, so a group's subtotal is never counted twice; penalties subtract)."""
    bloc = session.get(Bloc, bloc_id)
    if bloc is None:
        return None
    parents = select(BlocCriterion.parent_id).where(BlocCriterion.parent_id.is_not(None))
    leaf = (BlocCriterion.bloc_id == bloc_id) & BlocCriterion.id.not_in(parents)
    sign = case((BlocCriterion.kind == "penalty", -1), else_=1)
    totals = {uid: (s, a, ns, na) for uid, s, a, ns, na in session.execute(
        select(BlocScore.unit_id, func.sum(sign * BlocScore.self_score),
               func.sum(sign * BlocScore.agreed_score), func.count(BlocScore.self_score),
               func.count(BlocScore.agreed_score))
        .join(BlocCriterion, BlocCriterion.id == BlocScore.criterion_id)
        .where(leaf).group_by(BlocScore.unit_id))}
    max_points = session.scalar(select(func.sum(BlocCriterion.max_points))
                                .where(leaf, BlocCriterion.kind == "score")) or 0
    rows = []
    for uid, name, rank, leading in session.execute(
            select(Unit.id, Unit.name, BlocMember.rank, BlocMember.is_leading)
            .join(BlocMember, BlocMember.unit_id == Unit.id).where(BlocMember.bloc_id == bloc_id)):
        s, a, ns, na = totals.get(uid, (None, None, 0, 0))
        rows.append(BlocStanding(uid, name, float(s) if ns else None, float(a) if na else None,
                                 rank, bool(leading)))
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, -(r.score or 0), sort_key(r.unit)))
    return BlocStandings(bloc.id, bloc.name, bloc.year, float(max_points), rows)
