"""Báo cáo thống kê thi đua, khen thưởng: the figures an office reports every year (the shape
of forms 0601–0605.N/BNV-TĐKT), for a year or a range of years, for everyone or one unit,
bloc or movement.

    figures = year_figures(session, 2025)                      # the whole office, one year
    figures = year_figures(session, 2023, to_year=2025, bloc_id=7)
    series = year_series(session, 2021, 2025)                  # per-year series for charts
    standings = bloc_standings(session, bloc_id)               # a bloc's scores

Modules: `model` (the dataclasses), `scope` (years and filters), `awards` (the ledger's
figures), `work` (dossiers, movements, submissions), `series` (charts), `export` (.xlsx).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app.dates import year_end
from app.reports.awards import (
    by_decider,
    by_group,
    by_kind,
    by_level,
    by_type,
    by_unit,
    people_counts,
)
from app.reports.model import (
    AwardCount,
    AwardTotals,
    DeciderCount,
    DossierFigures,
    GroupCount,
    KindCount,
    LevelCount,
    MovementResult,
    SubmissionCount,
    UnitCount,
    YearFigures,
)
from app.reports.scope import Scope, figures_as_of, resolve
from app.reports.series import (
    BlocStanding,
    BlocStandings,
    Series,
    YearSeries,
    bloc_standings,
    yearly_series,
)
from app.reports.work import dossier_figures, movement_results, submission_counts

__all__ = [
    "AwardCount", "AwardTotals", "BlocStanding", "BlocStandings", "DeciderCount", "DossierFigures",
    "GroupCount", "KindCount",
    "LevelCount", "MovementResult", "Scope", "Series", "SubmissionCount", "UnitCount",
    "YearFigures", "YearSeries", "award_totals", "bloc_standings", "figures_as_of", "resolve", "year_figures",
    "year_series",
]


def year_figures(session: Session, year: int, *, to_year: int | None = None,
                 unit_id: int | None = None, bloc_id: int | None = None,
                 movement_id: int | None = None, today: dt.date | None = None) -> YearFigures:
    """The figures of `year` (through `to_year` for a range), optionally for one unit (with the
    units merged into it), one bloc's members, or one movement, counted to `today` (the
    as-of date; default `figures_as_of`: today, or for a year that has ended the day its last
    decision was signed). No award decided after that day is counted; submissions are
    counted to it within the year (a past year's missing items to its last day). Raises
    UserError on a bad year or filter."""
    scope = resolve(session, year, to_year, unit_id=unit_id, bloc_id=bloc_id,
                    movement_id=movement_id, as_of=today)
    today = scope.as_of
    titles, forms, revoked, totals = by_type(session, scope)
    groups = by_group(session, scope)
    totals.people = next(g.people for g in groups if g.code == "individual") or 0
    return YearFigures(
        first_year=scope.first_year, last_year=scope.last_year, scope=scope.label, as_of=today,
        totals=totals, titles=titles, forms=forms, levels=by_level(session, scope),
        deciders=by_decider(session, scope), kinds=by_kind(session, scope),
        units=by_unit(session, scope), groups=groups, revoked=revoked,
        dossiers=dossier_figures(session, scope), movements=movement_results(session, scope),
        submissions=submission_counts(session, scope, min(today, year_end(scope.last_year))))


def year_series(session: Session, first_year: int, last_year: int, *, unit_id: int | None = None,
                bloc_id: int | None = None, movement_id: int | None = None) -> YearSeries:
    """Per-year series over a range (awards by form and title, direct workers' share)."""
    scope = resolve(session, first_year, last_year, unit_id=unit_id, bloc_id=bloc_id,
                    movement_id=movement_id)
    return yearly_series(session, scope)


def award_totals(session: Session, year: int) -> AwardTotals:
    """Just the year's award totals (the home screen's glance), people counted as the report
    counts them."""
    scope = resolve(session, year)
    totals = by_type(session, scope)[3]
    totals.people = people_counts(session, scope)["individual"]
    return totals
