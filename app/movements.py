"""Phong trào thi đua: the movements listing the movements tab shows.

A movement belongs to a year when its period touches that year; a regular movement with no
end date runs on every year from its start.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.catalog import LEVELS
from app.text import fold
from db.models import Movement, MovementUnit

KINDS = {"regular": "Thường xuyên", "periodic": "Theo đợt", "thematic": "Chuyên đề"}
# From the top down: the order in which a plan lists movements.
LEVEL_ORDER = ("trung_uong", "chinh_phu", "nha_nuoc", "bo", "tinh", "huyen", "xa", "co_quan", "co_so")
STATUSES = {
    "planned": "Chưa phát động",
    "running": "Đang triển khai",
    "reviewed": "Đã sơ kết",
    "closed": "Đã tổng kết",
}


@dataclass(slots=True)
class MovementRow:
    """A line of the movements tab."""

    id: int
    name: str
    launched_by: str
    level: str
    kind: str
    period: str
    start_date: dt.date | None
    end_date: dt.date | None
    status: str
    document: str
    units: int
    search: str


def period_text(start: dt.date | None, end: dt.date | None) -> str:
    """`2025`, `2023 – 2030`, `01/03/2025 – 30/09/2025`, `từ 2021` ..."""
    def whole_years() -> bool:
        return (start is not None and end is not None and (start.month, start.day) == (1, 1)
                and (end.month, end.day) == (12, 31))

    if start is None and end is None:
        return ""
    if whole_years():
        return str(start.year) if start.year == end.year else f"{start.year} – {end.year}"
    if end is None:
        return f"từ {start:%d/%m/%Y}"
    if start is None:
        return f"đến {end:%d/%m/%Y}"
    return f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"


def list_movements(session: Session, year: int) -> list[MovementRow]:
    """Movements running in a year, those launched from higher up first, then by start."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    counts = (select(MovementUnit.movement_id, func.count().label("n"))
              .group_by(MovementUnit.movement_id).subquery())
    query = (select(Movement, func.coalesce(counts.c.n, 0))
             .outerjoin(counts, counts.c.movement_id == Movement.id)
             .where(or_(Movement.start_date.is_(None), Movement.start_date <= last),
                    or_(Movement.end_date.is_(None), Movement.end_date >= first)))
    rows = []
    for movement, units in session.execute(query):
        level = LEVELS.get(movement.level, movement.level)
        kind = KINDS.get(movement.kind, movement.kind)
        status = STATUSES.get(movement.status, movement.status)
        document = " ".join(p for p in (movement.doc_number,
                                        f"ngày {movement.doc_date:%d/%m/%Y}" if movement.doc_date else "")
                            if p)
        rows.append(MovementRow(
            id=movement.id, name=movement.name, launched_by=movement.launched_by, level=level,
            kind=kind, period=period_text(movement.start_date, movement.end_date),
            start_date=movement.start_date, end_date=movement.end_date, status=status,
            document=document, units=units,
            search=fold(" ".join([movement.name, movement.launched_by, level, kind, status,
                                  movement.doc_number, movement.slogan]))))
    # Higher levels first (the Prime Minister's, the province's, then ours), as the plan lists them.
    rank = {LEVELS.get(code, code): i for i, code in enumerate(LEVEL_ORDER)}
    rows.sort(key=lambda r: (rank.get(r.level, len(rank)), r.start_date or dt.date.min, r.id))
    return rows
