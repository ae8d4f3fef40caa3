"""Bảng tổng hợp điểm of a bloc (khối thi đua): each member unit's self-score and agreed score
per criteria group, bonus and penalty points, totals and rank, the leading units marked; signed
by the head (khối trưởng) and deputy (khối phó) units.

Zero is a score; a criterion nobody scored shows `—`. Ranks are the bloc's own when recorded,
otherwise by agreed total, ties going to the unit with more women (the tie rule).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Spacer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import NotFound
from app.formats import decimal, place_date
from app.printing.common import Profile, authority_short_name, latest_year, profile
from app.printing.dates import form_date
from app.printing.kit import (
    LANDSCAPE,
    PORTRAIT,
    Document,
    PrintedDocument,
    admin_header,
    closing,
    data_table,
    frame_width,
    para,
    signature,
    slug,
    title_block,
)
from app.text import sort_key
from db.models import Bloc, BlocCriterion, BlocMember, BlocScore, Unit


@dataclass
class UnitLine:
    unit: Unit
    member: BlocMember
    groups: dict[int, Decimal | None] = field(default_factory=dict)  # agreed, per top group
    bonus: Decimal | None = None
    penalty: Decimal | None = None
    self_total: Decimal | None = None
    agreed_total: Decimal | None = None
    rank: int | None = None


def _add(a: Decimal | None, b) -> Decimal | None:
    if b is None:
        return a
    return (a or Decimal(0)) + Decimal(b)


def score_lines(session: Session, bloc: Bloc) -> tuple[list[BlocCriterion], list[UnitLine]]:
    """Top-level score groups and one line per member unit, ranked."""
    criteria = list(bloc.criteria)
    children = {c.parent_id for c in criteria if c.parent_id}
    parent = {c.id: c.parent_id for c in criteria}

    def top(cid: int) -> int:
        while parent.get(cid):
            cid = parent[cid]
        return cid

    by_id = {c.id: c for c in criteria}
    groups = [c for c in criteria if c.parent_id is None and c.kind == "score"]
    leaves = [c for c in criteria if c.id not in children]
    members = list(session.scalars(select(BlocMember).where(BlocMember.bloc_id == bloc.id)))
    units = {u.id: u for u in session.scalars(select(Unit).where(
        Unit.id.in_([m.unit_id for m in members])))}
    scores = {(s.criterion_id, s.unit_id): s for s in session.scalars(
        select(BlocScore).where(BlocScore.criterion_id.in_([c.id for c in leaves])))}
    lines = []
    for m in members:
        line = UnitLine(unit=units[m.unit_id], member=m, groups={g.id: None for g in groups})
        for c in leaves:
            s = scores.get((c.id, m.unit_id))
            if s is None:
                continue
            kind = by_id[top(c.id)].kind if c.kind == "score" else c.kind
            sign = -1 if kind == "penalty" else 1
            agreed = None if s.agreed_score is None else sign * abs(Decimal(s.agreed_score))
            own = None if s.self_score is None else sign * abs(Decimal(s.self_score))
            line.self_total = _add(line.self_total, own)
            line.agreed_total = _add(line.agreed_total, agreed)
            if kind == "bonus":
                line.bonus = _add(line.bonus, agreed)
            elif kind == "penalty":
                line.penalty = _add(line.penalty, agreed)
            elif top(c.id) in line.groups:
                line.groups[top(c.id)] = _add(line.groups[top(c.id)], agreed)
        lines.append(line)
    ordered = sorted(lines, key=lambda ln: (-(ln.agreed_total if ln.agreed_total is not None else -10**9),
                                            -(ln.unit.female_share or 0), sort_key(ln.unit.name)))
    for i, line in enumerate(ordered, start=1):
        line.rank = line.member.rank or i
    ordered.sort(key=lambda ln: (ln.rank, sort_key(ln.unit.name)))
    return groups, ordered


def _num(value: Decimal | None) -> str:
    return "—" if value is None else decimal(value)


def _bloc_part(doc: Document, session: Session, bloc: Bloc, p: Profile, day: dt.date) -> None:
    groups, lines = score_lines(session, bloc)
    wide = len(groups) > 4
    orientation = LANDSCAPE if wide else PORTRAIT
    # A bloc is headed by whoever organises it: ours by our authority, the province's by the
    # province (our authority is only one of its members).
    organiser = authority_short_name(p) if bloc.organiser != "province" else (p.superior_name or "UBND tỉnh")
    doc.add(admin_header([(organiser, False), (bloc.name, True)], "",
                         place_date(p.place_name, day), orientation=orientation))
    doc.add(*title_block("Bảng tổng hợp điểm", f"Chấm điểm thi đua năm {bloc.year}",
                        orientation=orientation))
    has_bonus = any(ln.bonus is not None for ln in lines)
    has_penalty = any(ln.penalty is not None for ln in lines)
    header = ["Xếp hạng", "Đơn vị"] + [g.code or str(i + 1) for i, g in enumerate(groups)]
    header += (["Điểm thưởng"] if has_bonus else []) + (["Điểm trừ"] if has_penalty else [])
    header += ["Tự chấm", "Khối chấm", "Ghi chú"]
    rows = []
    for ln in lines:
        note = "Dẫn đầu" if ln.member.is_leading else ""
        row = [str(ln.rank), ln.unit.name] + [_num(ln.groups[g.id]) for g in groups]
        row += ([_num(ln.bonus)] if has_bonus else []) + ([_num(ln.penalty)] if has_penalty else [])
        row += [_num(ln.self_total), _num(ln.agreed_total), note]
        rows.append(row)
    extra = len(header) - 2 - 3
    widths = [13, 62] + [15] * extra + [16, 16, 22]
    align = "CL" + "R" * extra + "RRC"
    doc.add(data_table(header, rows, widths, align, frame_width(orientation)))
    if groups:
        legend = "; ".join(f"{g.code or i + 1}. {g.title} (tối đa {decimal(g.max_points)} điểm)"
                           for i, g in enumerate(groups))
        doc.add(Spacer(1, 2 * mm), para(f"Ghi chú: {legend}.", "cell"))
    head = session.get(Unit, bloc.head_unit_id) if bloc.head_unit_id else None
    deputy = session.get(Unit, bloc.deputy_unit_id) if bloc.deputy_unit_id else None
    left = signature(["Đơn vị khối phó"], deputy.head_name if deputy else "",
                     deputy.name if deputy else "")
    doc.add_closing(closing([], ["Đơn vị khối trưởng"], head.head_name if head else "", orientation,
                    left=left, note=head.name if head else ""))


def print_bloc_scores(session: Session, bloc_id: int | None = None, year: int | None = None,
                      on: dt.date | None = None) -> PrintedDocument:
    if bloc_id is not None:
        bloc = session.get(Bloc, bloc_id)
        if bloc is None:
            raise NotFound(f"Không có khối thi đua số hiệu {bloc_id} trong dữ liệu.")
        blocs = [bloc]
    else:
        # By default the latest year already scored (next year's blocs exist from January).
        year = year or session.scalar(
            select(func.max(Bloc.year)).join(BlocCriterion, BlocCriterion.bloc_id == Bloc.id)
            .join(BlocScore, BlocScore.criterion_id == BlocCriterion.id)) or latest_year(session, Bloc.year)
        # The year's own blocs; the province's bloc has its own form (tdkt print province-bloc).
        blocs = sorted(session.scalars(select(Bloc).where(Bloc.year == year, Bloc.organiser != "province")),
                       key=lambda b: sort_key(b.name))
        if not blocs:
            raise NotFound(f"Năm {year} chưa có khối thi đua nào.")
    p = profile(session)
    day = form_date(blocs[0].year, chosen=on)
    doc = Document(f"Bảng tổng hợp điểm thi đua năm {blocs[0].year}", author=p.authority_name)
    doc.date = day
    for i, bloc in enumerate(blocs):
        wide = len([c for c in bloc.criteria if c.parent_id is None and c.kind == "score"]) > 4
        if i:
            doc.new_part(LANDSCAPE if wide else PORTRAIT)
        elif wide:
            doc.orientation = LANDSCAPE
        _bloc_part(doc, session, bloc, p, day)
    name = blocs[0].name if len(blocs) == 1 else "cac_khoi"
    return doc.build(f"TongHopDiem_{slug(name)}_{blocs[0].year}.pdf")
