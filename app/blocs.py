"""Khối thi đua (blocs): the listing the blocs tab shows for a year; editing a bloc (members,
head and deputy, regulation, tie-break rule) and the suggestion of next year's head and deputy.

A bloc exists per year: its head (khối trưởng) and deputy (khối phó) rotate, so the same
bloc name can show different heads in 2024 and 2025. Criteria live in app/bloc_criteria.py,
scores, ranking and leading units in app/bloc_scores.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, aliased

from app.errors import NotFound, UserError, ValidationError
from app.text import clean, fold, sort_key
from app.users import require
from db.models import Bloc, BlocCriterion, BlocMember, BlocScore, Unit

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


# --- editing a bloc ---------------------------------------------------------------------------

TIE_BREAK_DEFAULT = "female_share"


@dataclass
class BlocData:
    """A bloc as its dialog edits it (a plain copy, no session needed)."""

    year: int
    name: str
    id: int | None = None
    organiser: str = "office"
    head_unit_id: int | None = None
    deputy_unit_id: int | None = None
    regulation: str = ""
    covenant_signed_on: dt.date | None = None
    tie_break: str = TIE_BREAK_DEFAULT
    notes: str = ""
    member_ids: list[int] = field(default_factory=list)


@dataclass(slots=True)
class MemberRow:
    """A member unit of a bloc, in the office's order of units."""

    unit_id: int
    name: str
    female_share: int | None
    rank: int | None
    is_leading: bool
    proposed_award_code: str


def _bloc(session: Session, bloc_id: int) -> Bloc:
    bloc = session.get(Bloc, bloc_id)
    if bloc is None:
        raise NotFound(f"Không tìm thấy khối thi đua số {bloc_id}.")
    return bloc


def members(session: Session, bloc_id: int) -> list[MemberRow]:
    rows = session.execute(
        select(BlocMember, Unit).join(Unit, Unit.id == BlocMember.unit_id)
        .where(BlocMember.bloc_id == bloc_id)).all()
    rows.sort(key=lambda r: (r[1].sort_order or 0, sort_key(r[1].name)))
    return [MemberRow(unit.id, unit.name, unit.female_share, member.rank, member.is_leading,
                      member.proposed_award_code) for member, unit in rows]


def get_bloc(session: Session, bloc_id: int) -> BlocData:
    bloc = _bloc(session, bloc_id)
    return BlocData(year=bloc.year, name=bloc.name, id=bloc.id, organiser=bloc.organiser,
                    head_unit_id=bloc.head_unit_id, deputy_unit_id=bloc.deputy_unit_id,
                    regulation=bloc.regulation, covenant_signed_on=bloc.covenant_signed_on,
                    tie_break=bloc.tie_break or TIE_BREAK_DEFAULT, notes=bloc.notes,
                    member_ids=[m.unit_id for m in members(session, bloc_id)])


def save_bloc(session: Session, data: BlocData) -> int:
    """Create or update a bloc with its members; returns its id. Head and deputy must be two
    different members; removing a member drops its scores in this bloc."""
    from app.bloc_scores import check_tie_break

    require(session, "edit")
    name = clean(data.name)
    if not name:
        raise ValidationError("Chưa nhập tên khối thi đua.", field="name")
    if len(name) > 200:
        raise ValidationError("Tên khối thi đua tối đa 200 ký tự.", field="name")
    if not 1945 <= int(data.year) <= 2100:
        raise ValidationError(f"Năm không hợp lệ: {data.year}.", field="year")
    if data.organiser not in ORGANISERS:
        raise ValidationError("Đơn vị tổ chức khối phải là cơ quan hoặc tỉnh.", field="organiser")
    member_ids = list(dict.fromkeys(int(u) for u in data.member_ids))
    found = set(session.scalars(select(Unit.id).where(Unit.id.in_(member_ids)))) if member_ids else set()
    if len(found) != len(member_ids):
        raise ValidationError("Có đơn vị thành viên không còn trong danh sách đơn vị.", field="members")
    gone = [u for u in session.scalars(select(Unit).where(Unit.id.in_(member_ids), Unit.active.is_(False)))
            if (u.merged_on or u.closed_on or dt.date.min) < dt.date(data.year, 1, 1)]
    if gone:  # a unit that ended before the bloc's year cannot compete in it
        raise ValidationError("Đơn vị đã " + "; ".join(
            (f"sáp nhập từ {u.merged_on:%d/%m/%Y}" if u.merged_on else
             f"ngừng hoạt động từ {u.closed_on:%d/%m/%Y}" if u.closed_on else "ngừng hoạt động") + f": {u.name}"
            for u in gone) + f"; không đưa vào khối năm {data.year} được.", field="members")
    for label, unit_id, fld in (("Khối trưởng", data.head_unit_id, "head_unit_id"),
                                ("Khối phó", data.deputy_unit_id, "deputy_unit_id")):
        if unit_id is not None and unit_id not in found:
            raise ValidationError(f"{label} phải là một đơn vị thành viên của khối.", field=fld)
    if data.head_unit_id is not None and data.head_unit_id == data.deputy_unit_id:
        raise ValidationError("Khối trưởng và khối phó phải là hai đơn vị khác nhau.", field="deputy_unit_id")
    tie_break = check_tie_break(data.tie_break or TIE_BREAK_DEFAULT)
    clash = session.scalar(select(Bloc.id).where(Bloc.year == data.year, func.lower(Bloc.name) == name.lower(),
                                                 Bloc.id != (data.id or 0)))
    if clash is not None:
        raise ValidationError(f"Năm {data.year} đã có khối «{name}».", field="name")
    bloc = _bloc(session, data.id) if data.id else Bloc(year=data.year, name=name)
    if bloc.id is not None and bloc.year != data.year:
        raise ValidationError("Không đổi năm của một khối; hãy chuyển sang năm mới.", field="year")
    bloc.name, bloc.organiser = name, data.organiser
    bloc.head_unit_id, bloc.deputy_unit_id = data.head_unit_id, data.deputy_unit_id
    bloc.regulation, bloc.notes = data.regulation.strip(), data.notes.strip()
    bloc.covenant_signed_on, bloc.tie_break = data.covenant_signed_on, tie_break
    if bloc.id is None:
        session.add(bloc)
    session.flush()
    _set_members(session, bloc, member_ids)
    return bloc.id


def _set_members(session: Session, bloc: Bloc, unit_ids: list[int]) -> None:
    current = {m.unit_id: m for m in session.scalars(select(BlocMember).where(BlocMember.bloc_id == bloc.id))}
    gone = set(current) - set(unit_ids)
    if gone:
        criteria = select(BlocCriterion.id).where(BlocCriterion.bloc_id == bloc.id)
        session.execute(delete(BlocScore).where(BlocScore.criterion_id.in_(criteria),
                                                BlocScore.unit_id.in_(gone)))
        for unit_id in gone:
            session.delete(current[unit_id])
    for unit_id in unit_ids:
        if unit_id not in current:
            session.add(BlocMember(bloc_id=bloc.id, unit_id=unit_id))
    session.flush()


def delete_bloc(session: Session, bloc_id: int) -> None:
    """Remove a bloc with its criteria and scores; refused once it has proposed leading units."""
    require(session, "edit")
    bloc = _bloc(session, bloc_id)
    if any(m.is_leading for m in bloc.members):
        raise UserError(f"Khối «{bloc.name}» đã đề nghị đơn vị dẫn đầu; hãy rút đề nghị trước khi xóa khối.")
    session.delete(bloc)
    session.flush()


# --- rotation of head and deputy -------------------------------------------------------------

@dataclass(frozen=True)
class Rotation:
    """Who would lead the bloc next year, and why."""

    head_unit_id: int | None
    deputy_unit_id: int | None
    head: str
    deputy: str
    reason: str


def _last_turns(session: Session, bloc: Bloc) -> dict[int, int]:
    """unit id → the last year it was head or deputy of a bloc of this name (up to this one)."""
    turns: dict[int, int] = {}
    for year, head, deputy in session.execute(
            select(Bloc.year, Bloc.head_unit_id, Bloc.deputy_unit_id)
            .where(func.lower(Bloc.name) == bloc.name.lower(), Bloc.year <= bloc.year)):
        for unit_id in (head, deputy):
            if unit_id is not None:
                turns[unit_id] = max(turns.get(unit_id, 0), year)
    return turns


def suggest_rotation(session: Session, bloc_id: int, member_ids: list[int] | None = None) -> Rotation:
    """Next year's head and deputy: this year's deputy becomes head (khối phó lên khối trưởng);
    the new deputy is the member that has gone longest without a turn (never first), in the
    office's order of units after the new head. `member_ids` gives next year's members when they
    differ (a merged unit gone)."""
    bloc = _bloc(session, bloc_id)
    order = [m.unit_id for m in members(session, bloc_id)]
    if member_ids is not None:
        wanted = set(member_ids)
        order = [u for u in order if u in wanted] + [u for u in member_ids if u not in order]
    names = {uid: name for uid, name in session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(order or [0])))}
    if not order:
        return Rotation(None, None, "", "", "Khối chưa có đơn vị thành viên.")
    turns = _last_turns(session, bloc)

    def next_in_turn(after: int | None, exclude: set[int]) -> int | None:
        start = order.index(after) + 1 if after in order else 0
        cyclic = order[start:] + order[:start]
        candidates = [u for u in cyclic if u not in exclude]
        if not candidates:
            return None
        # Never-served first (0), then the longest ago; the cyclic order breaks ties.
        return min(candidates, key=lambda u: (turns.get(u, 0), cyclic.index(u)))

    if bloc.deputy_unit_id in order:
        head = bloc.deputy_unit_id
        reason = "Khối phó năm nay làm khối trưởng"
    else:
        head = next_in_turn(bloc.head_unit_id, {bloc.head_unit_id} if len(order) > 1 else set())
        reason = "Khối trưởng là đơn vị lâu nhất chưa giữ vai trò khối trưởng, khối phó"
    exclude = {head, bloc.head_unit_id} if len(order) > 2 else {head}
    deputy = next_in_turn(head, exclude)
    if deputy is not None:
        reason += "; khối phó là đơn vị lâu nhất chưa giữ vai trò khối trưởng, khối phó (theo thứ tự đơn vị)."
    return Rotation(head, deputy, names.get(head, ""), names.get(deputy, "") if deputy else "", reason)


def previous_bloc(session: Session, bloc_id: int) -> Bloc | None:
    """The bloc of the same name in the nearest earlier year (for copying its criteria)."""
    bloc = _bloc(session, bloc_id)
    return session.scalar(select(Bloc).where(func.lower(Bloc.name) == bloc.name.lower(), Bloc.year < bloc.year)
                          .order_by(Bloc.year.desc()).limit(1))


@dataclass(frozen=True)
class UnitChoice:
    """A unit as pickers offer it (member lists, movement units, registrations)."""

    id: int
    name: str
    kind: str
    active: bool


def unit_choices(session: Session, *, include_inactive: bool = False, keep=()) -> list[UnitChoice]:
    """The office's units in its own order; the authority itself and (unless asked) merged or
    dissolved units are left out — except the ones in `keep` (already chosen). Villages are
    units like any other: a commune's most common bloc is its bloc of thôn, bản."""
    from app.catalog import unit_kinds

    kinds = unit_kinds()
    wanted = Unit.kind != "authority"
    if not include_inactive:
        wanted = wanted & Unit.active.is_(True)
    keep = [int(k) for k in keep]
    query = select(Unit).where(wanted | Unit.id.in_(keep)) if keep else select(Unit).where(wanted)
    units = sorted(session.scalars(query), key=lambda u: (u.sort_order or 0, sort_key(u.name)))
    return [UnitChoice(u.id, u.name, kinds.get(u.kind, u.kind), u.active) for u in units]
