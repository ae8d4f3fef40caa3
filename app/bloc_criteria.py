"""Bảng tiêu chí chấm điểm của khối: the criteria tree of a bloc (groups I, II, III with their
criteria and maximum points, bonus and penalty criteria), edited one line at a time, and copied
from last year's bloc of the same name.

Points are `Decimal` with at most two decimals everywhere (never floats), so 7,5 + 2,5 is 10.
A group's maximum is the sum of its scored children's: the clerk types the leaves only.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import NotFound, UserError, ValidationError
from app.text import clean
from app.users import require
from db.models import Bloc, BlocCriterion, BlocScore

KINDS = {"score": "Tiêu chí chấm điểm", "bonus": "Điểm thưởng", "penalty": "Điểm trừ"}
CENT = Decimal("0.01")
MAX_POINTS = Decimal("9999.99")


def parse_points(value: object, what: str = "Điểm") -> Decimal | None:
    """`7,5` / `7.5` / 7.5 / Decimal → Decimal('7.50'); empty → None (not scored). Zero is a
    score. Raises ValidationError for text that is not a number, a negative or over 2 decimals."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        number = Decimal(str(value))
    else:
        text = clean(value).replace(" ", "")
        if not text:
            return None
        text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(f"{what} «{clean(value)}» không phải là số.") from None
    if not number.is_finite():
        raise ValidationError(f"{what} «{value}» không phải là số.")
    if number < 0:
        raise ValidationError(f"{what} không được âm ({points_text(number)}).")
    if number != number.quantize(CENT):
        raise ValidationError(f"{what} chỉ có tối đa 2 chữ số thập phân ({value}).")
    if number > MAX_POINTS:
        raise ValidationError(f"{what} quá lớn ({value}).")
    return number.quantize(CENT)


def points(value: object) -> Decimal | None:
    """A stored Numeric as an exact Decimal (SQLite may hand back floats)."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(CENT)


def points_text(value: Decimal | None) -> str:
    """Vietnamese number: `7,5`, `10`, `0`; '' for not scored."""
    if value is None:
        return ""
    value = Decimal(value).quantize(CENT).normalize()
    text = f"{value:f}"
    return text.replace(".", ",")


@dataclass(slots=True)
class CriterionRow:
    """One line of the criteria table, depth-first in the bloc's order."""

    id: int
    parent_id: int | None
    code: str
    title: str
    max_points: Decimal
    kind: str
    sort_order: int
    depth: int
    is_group: bool
    group_code: str  # the top-level group's code ("I"), used by the tie-break rule

    @property
    def kind_text(self) -> str:
        return KINDS.get(self.kind, self.kind)


def criteria_tree(session: Session, bloc_id: int) -> list[CriterionRow]:
    rows = list(session.scalars(select(BlocCriterion).where(BlocCriterion.bloc_id == bloc_id)))
    children: dict[int | None, list[BlocCriterion]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    out: list[CriterionRow] = []

    def walk(parent: int | None, depth: int, group: str) -> None:
        for row in sorted(children.get(parent, []), key=lambda r: (r.sort_order, r.id)):
            top = row.code if depth == 0 else group
            out.append(CriterionRow(row.id, row.parent_id, row.code, row.title, points(row.max_points) or Decimal(0),
                                    row.kind, row.sort_order, depth, row.id in children, top))
            walk(row.id, depth + 1, top)

    walk(None, 0, "")
    return out


def leaves(tree: list[CriterionRow]) -> list[CriterionRow]:
    """The criteria that are scored (no children)."""
    return [c for c in tree if not c.is_group]


def total_max(tree: list[CriterionRow]) -> Decimal:
    """The table's maximum: the top-level scored criteria (bonus and penalty excluded)."""
    return sum((c.max_points for c in tree if c.depth == 0 and c.kind == "score"), Decimal(0))


def _criterion(session: Session, criterion_id: int) -> BlocCriterion:
    row = session.get(BlocCriterion, criterion_id)
    if row is None:
        raise NotFound(f"Không tìm thấy tiêu chí số {criterion_id}.")
    return row


def _check(title: str, code: str, max_points: object, kind: str) -> tuple[str, str, Decimal]:
    title, code = clean(title), clean(code)
    if not title:
        raise ValidationError("Chưa nhập nội dung tiêu chí.", field="title")
    if len(code) > 20:
        raise ValidationError("Số thứ tự tiêu chí tối đa 20 ký tự (ví dụ: I, 1.2).", field="code")
    if kind not in KINDS:
        raise ValidationError("Loại tiêu chí phải là chấm điểm, điểm thưởng hoặc điểm trừ.", field="kind")
    top = parse_points(max_points, "Điểm tối đa")
    if top is None:
        raise ValidationError("Chưa nhập điểm tối đa của tiêu chí.", field="max_points")
    return title, code, top


def _refresh_group_max(session: Session, parent_id: int | None) -> None:
    """A group's maximum follows its children (their scored ones), up the tree."""
    while parent_id is not None:
        parent = _criterion(session, parent_id)
        kids = list(session.scalars(select(BlocCriterion).where(BlocCriterion.parent_id == parent_id)))
        if kids:
            parent.max_points = sum((points(k.max_points) or Decimal(0) for k in kids if k.kind == "score"),
                                    Decimal(0))
        parent_id = parent.parent_id
    session.flush()


def add_criterion(session: Session, bloc_id: int, title: str, max_points: object, *, code: str = "",
                  kind: str = "score", parent_id: int | None = None) -> int:
    """A new criterion at the end of its group (or of the table). A criterion that gets its
    first child becomes a group: it can no longer hold scores, so one that has scores refuses."""
    require(session, "edit")
    if session.get(Bloc, bloc_id) is None:
        raise NotFound(f"Không tìm thấy khối thi đua số {bloc_id}.")
    title, code, top = _check(title, code, max_points, kind)
    if parent_id is not None:
        parent = _criterion(session, parent_id)
        if parent.bloc_id != bloc_id:
            raise ValidationError("Nhóm tiêu chí thuộc khối khác.", field="parent_id")
        if session.scalar(select(func.count()).select_from(BlocScore)
                          .where(BlocScore.criterion_id == parent_id)):
            raise UserError(f"Tiêu chí «{parent.title}» đã có điểm chấm; không thể thêm tiêu chí con vào đó.")
    last = session.scalar(select(func.max(BlocCriterion.sort_order)).where(
        BlocCriterion.bloc_id == bloc_id,
        BlocCriterion.parent_id.is_(None) if parent_id is None else BlocCriterion.parent_id == parent_id))
    row = BlocCriterion(bloc_id=bloc_id, parent_id=parent_id, code=code, title=title, max_points=top,
                        kind=kind, sort_order=(last or 0) + 1)
    session.add(row)
    session.flush()
    _refresh_group_max(session, parent_id)
    return row.id


def update_criterion(session: Session, criterion_id: int, title: str, max_points: object, *,
                     code: str = "", kind: str = "score") -> None:
    """Change a criterion; its maximum cannot go below a score already given on it."""
    require(session, "edit")
    row = _criterion(session, criterion_id)
    title, code, top = _check(title, code, max_points, kind)
    given = session.execute(select(func.max(BlocScore.self_score), func.max(BlocScore.agreed_score))
                            .where(BlocScore.criterion_id == criterion_id)).one()
    highest = max((points(v) for v in given if v is not None), default=None)
    is_group = session.scalar(select(func.count()).select_from(BlocCriterion)
                              .where(BlocCriterion.parent_id == criterion_id))
    if not is_group and highest is not None and highest > top:
        raise ValidationError(f"Đã có đơn vị được {points_text(highest)} điểm ở tiêu chí này; "
                              f"điểm tối đa không thể nhỏ hơn.", field="max_points")
    row.title, row.code, row.kind = title, code, kind
    if not is_group:
        row.max_points = top
    session.flush()
    _refresh_group_max(session, row.parent_id)


def delete_criterion(session: Session, criterion_id: int, *, drop_scores: bool = False) -> None:
    """Remove a criterion (and its children). With scores on it, only when `drop_scores`."""
    require(session, "edit")
    row = _criterion(session, criterion_id)
    ids = [row.id]
    for cid in ids:  # grows while walking: every descendant
        ids.extend(session.scalars(select(BlocCriterion.id).where(BlocCriterion.parent_id == cid)))
    scored = session.scalar(select(func.count()).select_from(BlocScore).where(
        BlocScore.criterion_id.in_(ids), (BlocScore.self_score.is_not(None)) | (BlocScore.agreed_score.is_not(None))))
    if scored and not drop_scores:
        raise UserError(f"Tiêu chí «{row.title}» đã có {scored} điểm chấm; xóa tiêu chí sẽ xóa cả các điểm này.")
    parent_id = row.parent_id
    session.delete(row)
    session.flush()
    _refresh_group_max(session, parent_id)


def move_criterion(session: Session, criterion_id: int, step: int) -> None:
    """Move a criterion up (-1) or down (+1) among its siblings."""
    require(session, "edit")
    row = _criterion(session, criterion_id)
    siblings = sorted(session.scalars(select(BlocCriterion).where(
        BlocCriterion.bloc_id == row.bloc_id,
        BlocCriterion.parent_id.is_(None) if row.parent_id is None else BlocCriterion.parent_id == row.parent_id)),
        key=lambda r: (r.sort_order, r.id))
    i = siblings.index(row)
    j = i + (1 if step > 0 else -1)
    if not 0 <= j < len(siblings):
        return
    siblings[i], siblings[j] = siblings[j], siblings[i]
    for n, sibling in enumerate(siblings, start=1):
        sibling.sort_order = n
    session.flush()


def copy_criteria(session: Session, from_bloc_id: int, to_bloc_id: int, *, replace: bool = False) -> int:
    """Copy a bloc's criteria tree into another bloc; returns how many lines were copied. The
    target must have none, or `replace` them when none is scored yet."""
    require(session, "edit")
    existing = criteria_tree(session, to_bloc_id)
    if existing:
        if not replace:
            raise UserError("Khối này đã có bảng tiêu chí; chọn thay thế nếu muốn chép lại.")
        scored = session.scalar(select(func.count()).select_from(BlocScore).where(
            BlocScore.criterion_id.in_([c.id for c in existing])))
        if scored:
            raise UserError("Bảng tiêu chí của khối đã có điểm chấm; không thể thay thế.")
        for row in session.scalars(select(BlocCriterion).where(BlocCriterion.bloc_id == to_bloc_id,
                                                               BlocCriterion.parent_id.is_(None))):
            session.delete(row)
        session.flush()
    new_ids: dict[int, int] = {}
    source = criteria_tree(session, from_bloc_id)
    for c in source:  # depth-first: a parent is copied before its children
        row = BlocCriterion(bloc_id=to_bloc_id, parent_id=new_ids.get(c.parent_id) if c.parent_id else None,
                            code=c.code, title=c.title, max_points=c.max_points, kind=c.kind,
                            sort_order=c.sort_order)
        session.add(row)
        session.flush()
        new_ids[c.id] = row.id
    return len(source)


def copy_last_year(session: Session, bloc_id: int, *, replace: bool = False) -> int:
    """Copy the criteria of the same bloc's nearest earlier year."""
    from app.blocs import previous_bloc

    before = previous_bloc(session, bloc_id)
    if before is None or not criteria_tree(session, before.id):
        raise UserError("Không có bảng tiêu chí của khối này ở năm trước để sao chép.")
    return copy_criteria(session, before.id, bloc_id, replace=replace)
