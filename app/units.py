"""Đơn vị sáp nhập: a unit merged into its successor (since 1 July 2025 communes were merged
when district offices were abolished), and the merger map of the demo office.

`merge_unit` marks the unit as merged on a date: it stays in the data (inactive) with its
name, so the history keeps every award under the name it was given to; its people move to
the successor ("its people follow"), while their past awards stay credited to the old unit,
which the successor's history includes (`app.people.merged_family`, `tdkt history --unit`).
Eligibility then reads a person's history across the merger (the ledger is by person), and an
award book naming the old commune matches the person now in the successor
(`app.matching.merge_families`).

`MERGER_MAP` (resources/demo/mergers.json) is Tam Đường's map as DOMAIN.md records it:
xã Bình Lư = TT Tam Đường + Sơn Bình + Bình Lư; xã Bản Bo = Nà Tăm + Bản Bo; xã Tả Lèng =
Giang Ma + Hồ Thầu + Tả Lèng; xã Khun Há = Bản Hon + Khun Há. `plan_mergers` shows what
applying it would do; `apply_mergers` does it in one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.errors import NotFound, UserError, ValidationError
from app.resources import resource_path
from app.unit_life import follow_unit
from db.models import Award, Person, Unit


@dataclass
class Merger:
    """One unit merged into another: what moved and what stays."""

    unit: str
    into: str
    on: dt.date
    people: int = 0  # records moved to the successor
    awards: int = 0  # ledger lines credited to the old unit, kept under its name
    applied: bool = False
    note: str = ""  # why it cannot be applied (already merged, unit missing ...)
    notes: list[str] = field(default_factory=list)  # what followed: later years' blocs, open dossiers


@dataclass
class MergerMap:
    """A map of mergers on one date: successor code → codes of the units merged into it."""

    on: dt.date
    basis: str
    into: dict[str, list[str]] = field(default_factory=dict)


def load_merger_map() -> MergerMap:
    """The demo office's map (resources/demo/mergers.json)."""
    data = json.loads(resource_path("demo", "mergers.json").read_text(encoding="utf-8"))
    return MergerMap(dt.date.fromisoformat(data["on"]), data.get("basis", ""),
                     {m["into"]: list(m["units"]) for m in data["mergers"]})


def _unit(session: Session, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound("Không tìm thấy đơn vị.")
    return unit


def merge_unit(session: Session, unit_id: int, into_id: int, on: dt.date, note: str = "") -> Merger:
    """Sáp nhập `unit_id` vào `into_id` từ ngày `on`: the unit stays (inactive, with its name and
    history), its people move to the successor."""
    unit, into = _unit(session, unit_id), _unit(session, into_id)
    if unit.id == into.id:
        raise ValidationError("Hãy chọn hai đơn vị khác nhau: đơn vị sáp nhập và đơn vị tiếp nhận.")
    if unit.merged_into_id is not None:
        target = session.get(Unit, unit.merged_into_id)
        raise UserError(f"{unit.name} đã sáp nhập vào {target.name if target else 'đơn vị khác'} từ "
                        f"{unit.merged_on:%d/%m/%Y}." if unit.merged_on else f"{unit.name} đã sáp nhập.")
    if into.merged_into_id is not None:
        raise UserError(f"{into.name} đã sáp nhập vào đơn vị khác; hãy chọn đơn vị tiếp nhận hiện có.")
    if not isinstance(on, dt.date):
        raise ValidationError("Chưa nhập ngày sáp nhập.", field="merged_on")
    session.info["audit_note"] = note or f"Sáp nhập {unit.name} vào {into.name} từ {on:%d/%m/%Y}"
    try:
        unit.merged_into_id, unit.merged_on, unit.active = into.id, on, False
        session.flush()
        moved = session.execute(update(Person).where(Person.unit_id == unit.id).values(unit_id=into.id)
                                .execution_options(synchronize_session=False)).rowcount
        for obj in list(session.identity_map.values()):  # loaded people see their new unit
            if isinstance(obj, Person):
                session.expire(obj, ["unit_id"])
        awards = session.scalar(select(func.count()).select_from(Award).where(Award.unit_id == unit.id))
        notes = follow_unit(session, unit, into, on)
        session.flush()
    finally:
        session.info.pop("audit_note", None)
    return Merger(unit.name, into.name, on, moved or 0, awards or 0, applied=True, notes=notes)


def plan_mergers(session: Session, plan: MergerMap | None = None) -> list[Merger]:
    """What applying the map would do, unit by unit (nothing written)."""
    plan = plan or load_merger_map()
    units = {u.code: u for u in session.scalars(select(Unit))}
    out = []
    for into_code, codes in plan.into.items():
        into = units.get(into_code)
        for code in codes:
            unit = units.get(code)
            if unit is None or into is None:
                missing = code if unit is None else into_code
                out.append(Merger(unit.name if unit else code, into.name if into else into_code, plan.on,
                                  note=f"không có đơn vị mã {missing} trong dữ liệu"))
                continue
            if unit.merged_into_id is not None:
                out.append(Merger(unit.name, into.name, plan.on, note="đã sáp nhập trước đây"))
                continue
            people = session.scalar(select(func.count()).select_from(Person).where(Person.unit_id == unit.id))
            awards = session.scalar(select(func.count()).select_from(Award).where(Award.unit_id == unit.id))
            out.append(Merger(unit.name, into.name, plan.on, people or 0, awards or 0))
    return out


def map_concerns(session: Session, plan: MergerMap | None = None) -> bool:
    """Whether the map names units of this office at all (the demo's map means nothing to an
    office that never had Tam Đường's communes)."""
    plan = plan or load_merger_map()
    codes = {c for into, units in plan.into.items() for c in (into, *units)}
    return session.scalar(select(func.count()).select_from(Unit).where(Unit.code.in_(codes))) > 0


def apply_mergers(session: Session, plan: MergerMap | None = None) -> list[Merger]:
    """Apply the map (those not merged yet) in the caller's transaction."""
    plan = plan or load_merger_map()
    units = {u.code: u for u in session.scalars(select(Unit))}
    done = []
    for into_code, codes in plan.into.items():
        into = units.get(into_code)
        for code in codes:
            unit = units.get(code)
            if unit is None or into is None or unit.merged_into_id is not None:
                continue
            done.append(merge_unit(session, unit.id, into.id, plan.on,
                                   note=f"Sáp nhập theo bản đồ {plan.on:%d/%m/%Y}: {plan.basis}"[:500]))
    return done
