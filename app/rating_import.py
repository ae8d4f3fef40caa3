"""Danh sách đánh giá, xếp loại: a unit's year-end rating list brought into the people's
records — each person's rating with who rated, a disciplinary measure and its date, an
initiative with its recognising decision (declared only without one) — and a collective's
own rating and discipline when the list has a row for it. Written through the same functions
the clerk uses on a person's and a unit's page (app.facts), inside the import's one transaction.

A rating already recorded for the year is corrected to what the unit's list says (the list is
the unit's own record of the year); a discipline or initiative already recorded is not added
twice, and an initiative recorded as declared takes the decision the list now gives. One
initiative named in the lists of two years (same title, same decision or none) stays one
record, of the earlier year, with both years applied: it was recognised once.

The message counts only what was written, and names only the kinds of fact the list held.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.facts import (
    record_ratings,
    save_discipline,
    save_initiative,
    save_investigation,
    set_unit_year,
)
from app.text import match_key
from db.models import Discipline, Initiative, Investigation, UnitRating

if TYPE_CHECKING:
    from app.import_writers import ImportResult
    from app.imports import ImportPreview


@dataclass
class Written:
    """What a rating list wrote, kind by kind (None: the list held no such fact)."""

    ratings_added: int = 0
    ratings_corrected: int = 0
    ratings_same: int = 0
    disciplines: int | None = None
    disciplines_known: int = 0
    initiatives: int | None = None
    initiatives_recognised: int = 0
    initiatives_known: int = 0
    investigations: int | None = None
    investigations_known: int = 0
    collectives: int | None = None

    def text(self) -> str:
        parts = []
        if self.ratings_added or self.ratings_corrected or self.ratings_same:
            parts.append(f"{self.ratings_added} xếp loại mới, {self.ratings_corrected} xếp loại được sửa"
                         + (f", {self.ratings_same} xếp loại đã có, giữ nguyên" if self.ratings_same else ""))
        if self.disciplines is not None:
            parts.append(f"{self.disciplines} kỷ luật được ghi"
                         + (f" ({self.disciplines_known} đã có từ trước)" if self.disciplines_known else ""))
        if self.initiatives is not None:
            parts.append(f"{self.initiatives} sáng kiến được ghi hoặc bổ sung"
                         + (f", trong đó {self.initiatives_recognised} có quyết định công nhận"
                            if self.initiatives else "")
                         + (f" ({self.initiatives_known} đã có từ trước)" if self.initiatives_known else ""))
        if self.investigations is not None:
            parts.append(f"{self.investigations} việc điều tra, thanh tra, khiếu nại được ghi"
                         + (f" ({self.investigations_known} đã có từ trước)" if self.investigations_known else ""))
        if self.collectives is not None:
            parts.append(f"{self.collectives} xếp loại tập thể")
        return "; " + "; ".join(parts) if parts else "; danh sách không có dữ kiện nào để ghi"

    @property
    def total(self) -> int:
        return (self.ratings_added + self.ratings_corrected + (self.disciplines or 0) + (self.initiatives or 0)
                + (self.investigations or 0) + (self.collectives or 0))


def write_ratings(session: Session, preview: ImportPreview, ids: dict[int, int | None],
                  result: ImportResult) -> None:
    year, source = preview.year, f"Nhập từ tệp {preview.file_name}"[:50]
    done = Written()
    rows = [(i, pid, preview.rows[i]) for i, pid in ids.items() if pid]
    rated = [(pid, year, r.rating, r.rated_by) for _, pid, r in rows if r.rating]
    done.ratings_added, done.ratings_corrected = record_ratings(session, rated, source=source, replace=True)
    done.ratings_same = len({(pid, y) for pid, y, _, _ in rated}) - done.ratings_added - done.ratings_corrected
    people = sorted({pid for _, pid, _ in rows})
    known_disc, known_init = set(), {}
    for start in range(0, len(people), 900):
        part = people[start:start + 900]
        known_disc |= set(session.execute(select(Discipline.person_id, Discipline.level, Discipline.decided_on)
                                          .where(Discipline.person_id.in_(part))).all())
        for row in session.scalars(select(Initiative).where(Initiative.person_id.in_(part))
                                   .order_by(Initiative.year)):
            known_init.setdefault((row.person_id, match_key(row.title)), []).append(row)
    reason = f"Theo danh sách đánh giá, xếp loại năm {year} ({preview.file_name})"
    for _, pid, r in rows:
        if r.discipline:
            done.disciplines = done.disciplines or 0
            if (pid, r.discipline, r.discipline_from) in known_disc:
                done.disciplines_known += 1
            else:
                save_discipline(session, person_id=pid, level=r.discipline, decided_on=r.discipline_from,
                                reason=reason)
                known_disc.add((pid, r.discipline, r.discipline_from))
                done.disciplines += 1
        if r.initiative:
            done.initiatives = done.initiatives or 0
            if _initiative(session, pid, r, year, known_init.setdefault((pid, match_key(r.initiative)), [])):
                done.initiatives += 1
                done.initiatives_recognised += bool(r.initiative_decision)
            else:
                done.initiatives_known += 1
    _investigations(session, [(pid, r) for _, pid, r in rows] + [(None, r) for r in preview.rows
                                                                  if r.subject == "collective" and r.unit_id],
                    reason, done)
    _collectives(session, preview, year, reason, done)
    result.facts = done.total
    result.message_extra = done.text()


def _initiative(session: Session, pid: int, r, year: int, same_title: list[Initiative]) -> bool:
    """Record the row's initiative; False when the record already says all of it."""
    match = next((row for row in same_title if not r.initiative_decision or not row.decision_number
                  or row.decision_number == r.initiative_decision), None)
    if match is None:  # new, or the same title under another decision: another recognition
        same_title.append(save_initiative(
            session, pid, title=r.initiative, year=year, scope=r.initiative_scope,
            recognised_by=r.initiative_body, decision_number=r.initiative_decision,
            decision_date=r.initiative_date, years_applied=str(year)))
        return True
    applied = sorted({int(y) for y in match.years_applied.replace(",", " ").split() if y.isdigit()}
                     | {match.year, year})
    values = dict(
        title=match.title, kind=match.kind, year=min(match.year, year),
        scope=r.initiative_scope if r.initiative_decision and not match.decision_number else match.scope,
        recognised_by=match.recognised_by or r.initiative_body,
        decision_number=match.decision_number or r.initiative_decision,
        decision_date=match.decision_date or r.initiative_date,
        years_applied=", ".join(map(str, applied)))
    before = (match.year, match.scope, match.recognised_by, match.decision_number, match.decision_date,
              match.years_applied)
    if before == (values["year"], values["scope"], values["recognised_by"], values["decision_number"],
                  values["decision_date"], values["years_applied"]):
        return False
    save_initiative(session, pid, initiative_id=match.id, **values)
    return True


def _investigations(session: Session, rows: list, reason: str, done: Written) -> None:
    """An open investigation, inspection or complaint the list marks (a person's, or a
    collective's row); one already recorded from the same day is not added again."""
    for pid, r in rows:
        if not r.investigation:
            continue
        done.investigations = done.investigations or 0
        owner = {"person_id": pid} if pid else {"unit_id": r.unit_id}
        column = Investigation.person_id if pid else Investigation.unit_id
        if session.scalar(select(Investigation.id).where(column == (pid or r.unit_id),
                                                         Investigation.kind == r.investigation,
                                                         Investigation.started_on == r.investigation_from)):
            done.investigations_known += 1
            continue
        save_investigation(session, **owner, kind=r.investigation, started_on=r.investigation_from,
                           note=r.investigation_note or reason)
        done.investigations += 1


def _collectives(session: Session, preview: ImportPreview, year: int, reason: str, done: Written) -> None:
    """A collective's row: its own rating (members counted are kept) and its discipline. A row
    naming no known unit was reported in the preview (collective_unknown)."""
    for r in preview.rows:
        if r.subject != "collective" or not r.unit_id:
            continue
        if r.rating:
            done.collectives = (done.collectives or 0) + 1
            old = session.scalar(select(UnitRating).where(UnitRating.unit_id == r.unit_id,
                                                          UnitRating.year == year))
            set_unit_year(session, r.unit_id, year, rating=r.rating, rated_by=r.rated_by or (old.rated_by if old else ""),
                          members_total=old.members_total if old else None,
                          members_completed=old.members_completed if old else None)
        if r.discipline:
            done.disciplines = done.disciplines or 0
            if session.scalar(select(Discipline.id).where(Discipline.unit_id == r.unit_id,
                                                          Discipline.level == r.discipline,
                                                          Discipline.decided_on == r.discipline_from)):
                done.disciplines_known += 1
            else:
                save_discipline(session, unit_id=r.unit_id, level=r.discipline, decided_on=r.discipline_from,
                                reason=reason)
                done.disciplines += 1
