"""What follows a unit's retirement (ngừng hoạt động) or merger (sáp nhập): the blocs of the
years after the date lose it (or take its successor, with its head or deputy post), and the
clerk is told which of its dossiers are still being processed and which posts it keeps in the
year it ended. Called by app.unit_list.retire_unit and app.units.merge_unit; nothing else here
changes the unit itself.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.states import IN_PROGRESS
from db.models import Bloc, BlocMember, Dossier, Unit


def follow_unit(session: Session, unit: Unit, successor: Unit | None, on: dt.date) -> list[str]:
    """Move `unit` out of the blocs of the years after `on` (into `successor`'s place when it
    has one) and say, in the clerk's words, what changed and what is still open."""
    notes: list[str] = []
    blocs = session.scalars(select(Bloc).join(BlocMember, BlocMember.bloc_id == Bloc.id)
                            .where(BlocMember.unit_id == unit.id).order_by(Bloc.year, Bloc.name)).all()
    for bloc in blocs:
        if bloc.year <= on.year:  # it competed in that year: its place and posts stay
            post = "khối trưởng" if bloc.head_unit_id == unit.id else "khối phó" if bloc.deputy_unit_id == unit.id \
                else ""
            if post:
                notes.append(f"vẫn là {post} {bloc.name} năm {bloc.year} (năm đó đơn vị còn hoạt động)")
            continue
        notes.append(_leave_bloc(session, bloc, unit, successor))
    open_ = session.scalars(select(Dossier.number).where(Dossier.unit_id == unit.id,
                                                         Dossier.status.in_(IN_PROGRESS))
                            .order_by(Dossier.year, Dossier.number)).all()
    if open_:
        notes.append(f"còn {len(open_)} hồ sơ đang xử lý ({', '.join(open_)}): vẫn xử lý tiếp dưới tên cũ")
    session.flush()
    return notes


def _leave_bloc(session: Session, bloc: Bloc, unit: Unit, successor: Unit | None) -> str:
    member = session.scalar(select(BlocMember).where(BlocMember.bloc_id == bloc.id, BlocMember.unit_id == unit.id))
    posts = [p for p, uid in (("khối trưởng", bloc.head_unit_id), ("khối phó", bloc.deputy_unit_id)) if uid == unit.id]
    taken = successor is not None and session.scalar(select(BlocMember.id).where(
        BlocMember.bloc_id == bloc.id, BlocMember.unit_id == successor.id)) is not None
    session.delete(member)
    where = f"{bloc.name} năm {bloc.year}"
    if successor is not None and successor.active:
        if not taken:
            session.add(BlocMember(bloc_id=bloc.id, unit_id=successor.id))
        other = bloc.deputy_unit_id if bloc.head_unit_id == unit.id else bloc.head_unit_id
        holder = successor.id if other != successor.id else None
        if bloc.head_unit_id == unit.id:
            bloc.head_unit_id = holder
        if bloc.deputy_unit_id == unit.id:
            bloc.deputy_unit_id = holder
        text = f"{where}: {unit.name} → {successor.name}"
        if posts:
            text += f" ({posts[0]}: " + (successor.name if holder else "để trống, hãy chọn lại") + ")"
        return text
    if bloc.head_unit_id == unit.id:
        bloc.head_unit_id = None
    if bloc.deputy_unit_id == unit.id:
        bloc.deputy_unit_id = None
    return f"{where}: bỏ {unit.name}" + (f" ({posts[0]} để trống, hãy chọn lại)" if posts else "")
