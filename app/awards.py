"""Sổ khen thưởng: the awards ledger as the ledger tab shows it.

The ledger can hold hundreds of thousands of rows; `list_ledger` returns light slotted rows
with the folded search text precomputed, so filtering in the view stays fast.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.catalog import SUBJECTS
from app.text import fold
from db.models import Award, AwardType

KINDS = {
    "regular": "Thường xuyên",
    "movement": "Theo đợt, chuyên đề",
    "sudden": "Đột xuất",
    "service": "Quá trình cống hiến",
    "long_service": "Niên hạn",
    "foreign": "Đối ngoại",
}


@dataclass(slots=True)
class LedgerRow:
    """A line of the awards ledger tab."""

    id: int
    recipient: str
    subject: str
    unit: str
    award: str
    category: str
    year: int
    kind: str
    decision: str
    decision_date: dt.date | None
    issuer: str
    revoked: bool
    search: str


def list_ledger(session: Session, year: int | None = None) -> list[LedgerRow]:
    """Every award (of one achievement year, or all years), newest first."""
    query = (select(Award.id, Award.recipient_name, Award.subject, Award.unit_text, AwardType.name,
                    AwardType.category, Award.year, Award.kind, Award.decision_number,
                    Award.decision_date, Award.issuer, Award.revoked, Award.search_key)
             .join(AwardType, AwardType.id == Award.award_type_id)
             .order_by(Award.year.desc(), Award.decision_date.desc(), Award.id))
    if year is not None:
        query = query.where(Award.year == year)
    return [LedgerRow(id=r[0], recipient=r[1], subject=SUBJECTS.get(r[2], r[2]), unit=r[3],
                      award=r[4], category=r[5], year=r[6], kind=KINDS.get(r[7], r[7]),
                      decision=r[8], decision_date=r[9], issuer=r[10], revoked=r[11], search=r[12])
            for r in session.execute(query)]


def award_search_key(recipient: str, unit_text: str, award_name: str, decision_number: str) -> str:
    """What the ledger's search box matches for an award (stored in Award.search_key)."""
    return fold(" ".join([recipient, unit_text, award_name, decision_number]))
