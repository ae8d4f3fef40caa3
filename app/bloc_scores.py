"""Chấm điểm thi đua của khối: each member's self-score (tự chấm, typed or imported from the
`bloc_scores` workbook — the same table) and the bloc's agreed score (điểm thống nhất) per
criterion, the totals, and the ranking with the tie-break rule the bloc chose.

Zero is a score; NULL is "not scored yet". A score never exceeds its criterion's maximum.
Totals: scored and bonus criteria add, penalty criteria subtract. The ranking is by the
agreed total; equal totals are separated by the bloc's rules in order (`Bloc.tie_break`, e.g.
`female_share,group:I,alpha`), and units still equal after every rule share a rank.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.bloc_criteria import CriterionRow, criteria_tree, leaves, parse_points, points, points_text
from app.blocs import MemberRow, members
from app.errors import NotFound, ValidationError
from app.text import sort_key
from app.users import require
from db.models import Bloc, BlocCriterion, BlocMember, BlocScore

# The named tie-break rules; "group:<code>" compares the agreed total of a top-level group.
TIE_RULES = {
    "female_share": "Tỷ lệ nữ cao hơn (ưu tiên nữ)",
    "self_total": "Tổng điểm tự chấm cao hơn",
    "bonus": "Điểm thưởng cao hơn",
    "fewer_penalty": "Ít điểm trừ hơn",
    "alpha": "Theo tên đơn vị (A → Z)",
}
GROUP_RULE = "group:"
KEEP = object()  # set_score: leave this field as it is


def rule_label(code: str) -> str:
    if code.startswith(GROUP_RULE):
        return f"Điểm thống nhất nhóm {code[len(GROUP_RULE):]} cao hơn"
    return TIE_RULES.get(code, code)


def parse_tie_break(text: str) -> list[str]:
    return [p.strip() for p in (text or "").split(",") if p.strip()]


def check_tie_break(text: str) -> str:
    """The stored form of a rule chain (`female_share,group:I,alpha`), or ValidationError."""
    rules = parse_tie_break(text)
    for code in rules:
        if code not in TIE_RULES and not (code.startswith(GROUP_RULE) and len(code) > len(GROUP_RULE)):
            raise ValidationError(f"Quy tắc xếp hạng khi bằng điểm không hợp lệ: «{code}».", field="tie_break")
    if len(set(rules)) != len(rules):
        raise ValidationError("Một quy tắc xếp hạng khi bằng điểm bị chọn hai lần.", field="tie_break")
    stored = ",".join(rules)
    if len(stored) > 30:
        raise ValidationError("Chọn tối đa ba quy tắc xếp hạng khi bằng điểm.", field="tie_break")
    return stored


def describe_tie_break(text: str) -> str:
    rules = parse_tie_break(text)
    return " → ".join(rule_label(r) for r in rules) if rules else "Không có (bằng điểm thì đồng hạng)"


def tie_rule_choices(tree: list[CriterionRow]) -> list[tuple[str, str]]:
    """(code, label) of every rule a bloc can use, one per top-level group of its criteria."""
    groups = [(GROUP_RULE + c.code, rule_label(GROUP_RULE + c.code))
              for c in tree if c.depth == 0 and c.is_group and c.code]
    return [("female_share", TIE_RULES["female_share"]), *groups,
            *((code, label) for code, label in TIE_RULES.items() if code != "female_share")]


# --- the grid --------------------------------------------------------------------------------

@dataclass(slots=True)
class ScoreCell:
    self_score: Decimal | None = None
    agreed_score: Decimal | None = None
    explanation: str = ""


@dataclass
class ScoreGrid:
    """Every member × every criterion of a bloc, with the totals the ranking reads."""

    bloc_id: int
    name: str
    year: int
    tie_break: str
    criteria: list[CriterionRow]
    units: list[MemberRow]
    cells: dict[tuple[int, int], ScoreCell] = field(default_factory=dict)

    def cell(self, criterion_id: int, unit_id: int) -> ScoreCell:
        return self.cells.get((criterion_id, unit_id)) or ScoreCell()

    def value(self, criterion_id: int, unit_id: int, which: str = "agreed") -> Decimal | None:
        cell = self.cell(criterion_id, unit_id)
        return cell.agreed_score if which == "agreed" else cell.self_score

    def _signed(self, c: CriterionRow, unit_id: int, which: str) -> Decimal | None:
        value = self.value(c.id, unit_id, which)
        if value is None:
            return None
        return -value if c.kind == "penalty" else value

    def subtotal(self, criterion_id: int, unit_id: int, which: str = "agreed") -> Decimal | None:
        """A criterion's score, or a group's sum over its scored descendants (None: none scored)."""
        ids = {criterion_id}
        for c in self.criteria:  # depth-first order: parents come before children
            if c.parent_id in ids:
                ids.add(c.id)
        values = [self._signed(c, unit_id, which) for c in leaves(self.criteria) if c.id in ids]
        values = [v for v in values if v is not None]
        return sum(values, Decimal(0)) if values else None

    def total(self, unit_id: int, which: str = "agreed", kind: str | None = None) -> Decimal | None:
        values = [self._signed(c, unit_id, which) for c in leaves(self.criteria)
                  if kind is None or c.kind == kind]
        values = [v for v in values if v is not None]
        return sum(values, Decimal(0)) if values else None

    def missing(self, unit_id: int, which: str = "agreed") -> int:
        return sum(1 for c in leaves(self.criteria) if self.value(c.id, unit_id, which) is None)


def _bloc(session: Session, bloc_id: int) -> Bloc:
    bloc = session.get(Bloc, bloc_id)
    if bloc is None:
        raise NotFound(f"Không tìm thấy khối thi đua số {bloc_id}.")
    return bloc


def score_grid(session: Session, bloc_id: int) -> ScoreGrid:
    bloc = _bloc(session, bloc_id)
    tree = criteria_tree(session, bloc_id)
    grid = ScoreGrid(bloc.id, bloc.name, bloc.year, bloc.tie_break or "", tree, members(session, bloc_id))
    ids = [c.id for c in tree]
    if ids:
        for row in session.scalars(select(BlocScore).where(BlocScore.criterion_id.in_(ids))):
            grid.cells[(row.criterion_id, row.unit_id)] = ScoreCell(points(row.self_score),
                                                                   points(row.agreed_score), row.explanation)
    return grid


def set_score(session: Session, criterion_id: int, unit_id: int, *, self_score: object = KEEP,
              agreed_score: object = KEEP, explanation: object = KEEP) -> ScoreCell:
    """Record a unit's self-score and/or the agreed score on one criterion. A value of None or
    '' clears it (not scored); 0 is a score. Refuses more than the criterion's maximum."""
    require(session, "edit")
    criterion = session.get(BlocCriterion, criterion_id)
    if criterion is None:
        raise NotFound(f"Không tìm thấy tiêu chí số {criterion_id}.")
    if session.scalar(select(BlocCriterion.id).where(BlocCriterion.parent_id == criterion_id).limit(1)):
        raise ValidationError(f"«{criterion.title}» là nhóm tiêu chí: điểm được chấm ở các tiêu chí con.")
    if session.scalar(select(BlocMember.id).where(BlocMember.bloc_id == criterion.bloc_id,
                                                  BlocMember.unit_id == unit_id)) is None:
        raise ValidationError("Đơn vị không thuộc khối thi đua này.")
    top = points(criterion.max_points)
    label = f"tiêu chí {criterion.code} «{criterion.title}»" if criterion.code else f"tiêu chí «{criterion.title}»"
    values = {}
    for name, value, what in (("self_score", self_score, "Điểm tự chấm"),
                              ("agreed_score", agreed_score, "Điểm thống nhất")):
        if value is KEEP:
            continue
        try:
            number = parse_points(value, what)
        except ValidationError as exc:
            raise ValidationError(f"{exc.message[:-1]} ({label}).", field=name) from None
        if number is not None and number > top:
            raise ValidationError(f"{what} {points_text(number)} vượt điểm tối đa {points_text(top)} "
                                  f"của {label}.", field=name)
        values[name] = number
    row = session.scalar(select(BlocScore).where(BlocScore.criterion_id == criterion_id,
                                                 BlocScore.unit_id == unit_id))
    if row is None:
        row = BlocScore(criterion_id=criterion_id, unit_id=unit_id, explanation="")
        session.add(row)
    for name, number in values.items():
        setattr(row, name, number)
    if explanation is not KEEP:
        row.explanation = str(explanation or "").strip()
    session.flush()
    return ScoreCell(points(row.self_score), points(row.agreed_score), row.explanation)


def agree_with_self(session: Session, bloc_id: int, unit_id: int | None = None) -> int:
    """Take the self-score as the agreed score wherever the bloc has not agreed one yet;
    returns how many cells were filled."""
    require(session, "edit")
    ids = [c.id for c in leaves(criteria_tree(session, bloc_id))]
    query = select(BlocScore).where(BlocScore.criterion_id.in_(ids or [0]), BlocScore.agreed_score.is_(None),
                                    BlocScore.self_score.is_not(None))
    if unit_id is not None:
        query = query.where(BlocScore.unit_id == unit_id)
    n = 0
    for row in session.scalars(query):
        row.agreed_score = row.self_score
        n += 1
    session.flush()
    return n


# --- ranking ---------------------------------------------------------------------------------

@dataclass(slots=True)
class RankRow:
    """A member's place in its bloc."""

    unit_id: int
    unit: str
    rank: int | None  # None: no agreed score yet
    agreed_total: Decimal | None
    self_total: Decimal | None
    missing: int  # criteria without an agreed score
    female_share: int | None
    shared: bool  # equal after every tie-break rule (đồng hạng)
    tie_note: str
    is_leading: bool
    proposed_award_code: str

    @property
    def total_text(self) -> str:
        return points_text(self.agreed_total)


def _rule_key(rule: str, grid: ScoreGrid, unit: MemberRow) -> object:
    """Smaller is better."""
    if rule == "female_share":
        return -(unit.female_share if unit.female_share is not None else -1)
    if rule == "self_total":
        return -(grid.total(unit.unit_id, "self") or Decimal(0))
    if rule == "bonus":
        return -(grid.total(unit.unit_id, "agreed", "bonus") or Decimal(0))
    if rule == "fewer_penalty":
        return -(grid.total(unit.unit_id, "agreed", "penalty") or Decimal(0))  # penalties are negative
    if rule == "alpha":
        return sort_key(unit.name)
    if rule.startswith(GROUP_RULE):
        code = rule[len(GROUP_RULE):]
        group = next((c for c in grid.criteria if c.depth == 0 and c.code == code), None)
        return -((grid.subtotal(group.id, unit.unit_id) if group else None) or Decimal(0))
    return 0


def _rule_value(rule: str, grid: ScoreGrid, unit: MemberRow) -> str:
    """What a rule read for a unit, short: `tỷ lệ nữ 60%`, `điểm nhóm I: 46`, `tên đơn vị`."""
    if rule == "female_share":
        return f"tỷ lệ nữ {unit.female_share}%" if unit.female_share is not None else "chưa có tỷ lệ nữ"
    if rule == "alpha":
        return "tên đơn vị"
    what = {"self_total": "tổng tự chấm", "bonus": "điểm thưởng", "fewer_penalty": "điểm trừ"}.get(
        rule, f"điểm nhóm {rule[len(GROUP_RULE):]}")
    value = -_rule_key(rule, grid, unit)
    return f"{what}: {points_text(-value if rule == 'fewer_penalty' else value)}"


def rank_grid(grid: ScoreGrid) -> list[RankRow]:
    rules = parse_tie_break(grid.tie_break)
    scored = [u for u in grid.units if grid.total(u.unit_id) is not None]
    unscored = [u for u in grid.units if grid.total(u.unit_id) is None]
    keys = {u.unit_id: (-grid.total(u.unit_id), *(_rule_key(r, grid, u) for r in rules)) for u in scored}
    scored.sort(key=lambda u: keys[u.unit_id])
    rows: list[RankRow] = []
    for unit in scored:
        key = keys[unit.unit_id]
        first = next(j for j, other in enumerate(scored) if keys[other.unit_id] == key)
        equal_total = [o for o in scored if o is not unit and keys[o.unit_id][0] == key[0]]
        shared = any(keys[o.unit_id] == key for o in equal_total)
        note = ""
        if equal_total:
            names = ", ".join(o.name for o in equal_total)
            if shared:
                note = f"Bằng điểm với {names}; các quy tắc phụ không phân định được: đồng hạng."
            else:
                # For each equal peer, the first rule that tells them apart; shown in rule order.
                used = {next(n for n in range(1, len(key)) if keys[o.unit_id][n] != key[n]) for o in equal_total}
                deciding = ", rồi ".join(_rule_value(rules[n - 1], grid, unit) for n in sorted(used))
                note = f"Bằng điểm với {names}; xét {deciding}."
        rows.append(RankRow(unit.unit_id, unit.name, first + 1, grid.total(unit.unit_id),
                            grid.total(unit.unit_id, "self"), grid.missing(unit.unit_id), unit.female_share,
                            shared, note, unit.is_leading, unit.proposed_award_code))
    for unit in sorted(unscored, key=lambda u: sort_key(u.name)):
        rows.append(RankRow(unit.unit_id, unit.name, None, None, grid.total(unit.unit_id, "self"),
                            grid.missing(unit.unit_id), unit.female_share, False,
                            "Chưa có điểm thống nhất.", unit.is_leading, unit.proposed_award_code))
    return rows


def ranking(session: Session, bloc_id: int) -> list[RankRow]:
    """The bloc's members in rank order (the rank is not stored; see store_ranking)."""
    return rank_grid(score_grid(session, bloc_id))


def store_ranking(session: Session, bloc_id: int) -> list[RankRow]:
    """Write each member's rank (BlocMember.rank), what printouts and later years read."""
    require(session, "edit")
    rows = ranking(session, bloc_id)
    by_unit = {r.unit_id: r.rank for r in rows}
    for member in session.scalars(select(BlocMember).where(BlocMember.bloc_id == bloc_id)):
        member.rank = by_unit.get(member.unit_id)
    session.flush()
    return rows
