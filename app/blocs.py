"""Khối thi đua (blocs): the listing the blocs tab shows for a year.

A bloc exists per year: its head (khối trưởng) and deputy (khối phó) rotate, so the same
bloc name can show different heads in 2024 and 2025.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.text import fold, sort_key
from db.models import Bloc, BlocMember, Unit

ORGANISERS = {"office": "Do cơ quan tổ chức", "province": "Do tỉnh tổ chức"}


@dataclass(slots=True)
class BlocRow:
    """A line of the blocs tab: one bloc in the chosen year."""

    id: int
    name: str
    head: str
    deputy: str
    members: tuple[str, ...]
    member_count: int
    organiser: str
    search: str

    @property
    def members_text(self) -> str:
        return ", ".join(self.members)


def list_blocs(session: Session, year: int) -> list[BlocRow]:
    """The blocs of a year with their head, deputy and member units (in the office's order)."""
    head, deputy = aliased(Unit), aliased(Unit)
    blocs = session.execute(
        select(Bloc.id, Bloc.name, Bloc.organiser, head.name, deputy.name)
        .outerjoin(head, head.id == Bloc.head_unit_id)
        .outerjoin(deputy, deputy.id == Bloc.deputy_unit_id)
        .where(Bloc.year == year)).all()
    members: dict[int, list[tuple]] = {}
    for bloc_id, name, order in session.execute(
            select(BlocMember.bloc_id, Unit.name, Unit.sort_order)
            .join(Unit, Unit.id == BlocMember.unit_id)
            .join(Bloc, Bloc.id == BlocMember.bloc_id)
            .where(Bloc.year == year)):
        members.setdefault(bloc_id, []).append((order or 0, sort_key(name), name))
    rows = []
    for bloc_id, name, organiser, head_name, deputy_name in blocs:
        names = tuple(m[2] for m in sorted(members.get(bloc_id, [])))
        rows.append(BlocRow(
            id=bloc_id, name=name, head=head_name or "", deputy=deputy_name or "", members=names,
            member_count=len(names), organiser=ORGANISERS.get(organiser, organiser),
            search=fold(" ".join([name, head_name or "", deputy_name or "", *names]))))
    rows.sort(key=lambda r: sort_key(r.name))
    return rows
