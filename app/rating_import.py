"""Danh sách đánh giá, xếp loại: a unit's year-end rating list brought into the people's
records — each person's rating with who rated, a disciplinary measure and its date, an
initiative with its recognising decision (declared only without one). Written through the same
functions the clerk uses on a person's page (app.facts), inside the import's one transaction.

A rating already recorded for the year is corrected to what the unit's list says (the list is
the unit's own record of the year); a discipline or initiative already recorded is not added
twice, and an initiative recorded as declared takes the decision the list now gives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.facts import record_ratings, save_discipline, save_initiative
from app.text import match_key
from db.models import Discipline, Initiative

if TYPE_CHECKING:
    from app.import_writers import ImportResult
    from app.imports import ImportPreview


def write_ratings(session: Session, preview: ImportPreview, ids: dict[int, int | None],
                  result: ImportResult) -> None:
    year, source = preview.year, f"Nhập từ tệp {preview.file_name}"[:50]
    rows = [(i, pid, preview.rows[i]) for i, pid in ids.items() if pid]
    rated = [(pid, year, r.rating, r.rated_by) for _, pid, r in rows if r.rating]
    added, corrected = record_ratings(session, rated, source=source, replace=True)
    people = sorted({pid for _, pid, _ in rows})
    known_disc, known_init = set(), {}
    for start in range(0, len(people), 900):
        part = people[start:start + 900]
        known_disc |= set(session.execute(select(Discipline.person_id, Discipline.level, Discipline.decided_on)
                                          .where(Discipline.person_id.in_(part))).all())
        for row in session.scalars(select(Initiative).where(Initiative.person_id.in_(part))):
            known_init[(row.person_id, match_key(row.title))] = row
    facts = 0
    for _, pid, r in rows:
        if r.discipline and (pid, r.discipline, r.discipline_from) not in known_disc:
            save_discipline(session, person_id=pid, level=r.discipline, decided_on=r.discipline_from,
                            reason=f"Theo danh sách đánh giá, xếp loại năm {year} ({preview.file_name})")
            known_disc.add((pid, r.discipline, r.discipline_from))
            facts += 1
        if r.initiative:
            row = known_init.get((pid, match_key(r.initiative)))
            if row is None:
                known_init[(pid, match_key(r.initiative))] = save_initiative(
                    session, pid, title=r.initiative, year=year, scope=r.initiative_scope,
                    decision_number=r.initiative_decision)
                facts += 1
            elif r.initiative_decision and not row.decision_number:
                save_initiative(session, pid, title=row.title, year=row.year, scope=r.initiative_scope,
                                kind=row.kind, recognised_by=row.recognised_by,
                                decision_number=r.initiative_decision, initiative_id=row.id)
                facts += 1
    result.facts = added + corrected + facts
    result.message_extra = (f"; {added} xếp loại mới, {corrected} xếp loại được sửa, {facts} kỷ luật, sáng kiến "
                            "được ghi")
