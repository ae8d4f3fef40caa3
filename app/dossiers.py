"""Hồ sơ đề nghị khen thưởng: the dossier's states and the listing the dossiers tab shows.

The workflow is a small explicit state machine: `TRANSITIONS[state]` names the states a
dossier may move to from there; every move is kept as a DossierEvent with who, when and why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.catalog import DOSSIER_CATEGORIES
from app.text import fold
from db.models import Dossier, Nominee, Unit

STATUSES = {
    "received": "Đã tiếp nhận",
    "returned": "Trả lại, yêu cầu bổ sung",
    "appraising": "Đang thẩm định",
    "appraised": "Đã thẩm định",
    "voted": "Hội đồng đã xét",
    "decided": "Đã có quyết định",
    "forwarded": "Đã trình cấp trên",
    "rejected": "Không đề nghị",
}

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "received": ("appraising", "returned", "rejected"),
    "returned": ("received", "rejected"),
    "appraising": ("appraised", "returned", "rejected"),
    "appraised": ("voted", "decided", "forwarded", "returned", "rejected"),
    "voted": ("decided", "forwarded", "returned", "rejected"),
    "decided": (),
    "forwarded": ("decided",),
    "rejected": (),
}

# States in which a dossier waits for the office's work (home screen, overdue lists).
OPEN_STATUSES = ("received", "returned", "appraising", "appraised", "voted")


def next_number(session: Session, year: int) -> str:
    """The next dossier number of a year: HS-2025-0001, HS-2025-0002 ...

    The (year, number) unique constraint is what guarantees uniqueness; a caller that loses a
    race gets an IntegrityError and asks again.
    """
    prefix = f"HS-{year}-"
    last = session.scalar(select(func.max(Dossier.number)).where(Dossier.year == year,
                                                                 Dossier.number.like(prefix + "%")))
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:04d}"


@dataclass(slots=True)
class DossierRow:
    """A line of the dossiers tab."""

    id: int
    number: str
    unit: str
    received_on: dt.date
    category: str
    status: str
    nominees: int
    due_on: dt.date | None
    authority: str
    search: str  # folded text the search box matches


def list_dossiers(session: Session, year: int) -> list[DossierRow]:
    counts = (select(Nominee.dossier_id, func.count().label("n"))
              .group_by(Nominee.dossier_id).subquery())
    query = (select(Dossier, Unit.name, func.coalesce(counts.c.n, 0))
             .join(Unit, Unit.id == Dossier.unit_id)
             .outerjoin(counts, counts.c.dossier_id == Dossier.id)
             .where(Dossier.year == year)
             .order_by(Dossier.received_on.desc(), Dossier.number.desc()))
    rows = []
    for dossier, unit_name, n in session.execute(query):
        category = DOSSIER_CATEGORIES.get(dossier.category, dossier.category)
        status = STATUSES.get(dossier.status, dossier.status)
        authority = "Trình cấp trên" if dossier.authority == "forwarded" else "Thuộc thẩm quyền"
        rows.append(DossierRow(
            id=dossier.id, number=dossier.number, unit=unit_name, received_on=dossier.received_on,
            category=category, status=status, nominees=n, due_on=dossier.due_on,
            authority=authority,
            search=fold(" ".join([dossier.number, unit_name, category, status, dossier.title]))))
    return rows
