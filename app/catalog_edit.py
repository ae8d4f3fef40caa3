"""Sửa danh mục khen thưởng: the numbers of the award catalogue the office edits when the law
changes — each award's vote threshold; per rule (the period it applies to, by decree) the money
coefficients and the numbers in its criteria (years, counts, shares); the base salary from a date.

The catalogue is seeded once from resources/catalog (app.catalog.seed_catalog); after that these
functions are the only way it changes, each check naming the field, every change through the ORM
so the audit trail keeps the values before and after. Only numbers change here: which criteria a
rule has, its dates and its legal text stay as the catalogue defines them.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.catalog import CATEGORIES, SUBJECTS
from app.errors import NotFound, ValidationError
from app.rules.base import share_text
from app.session_user import current_actor
from app.states import SUBJECTS as RECIPIENTS
from app.text import clean
from app.users import require
from db.models import AuditEntry, AwardRule, AwardType, BaseSalary

# What each number in a rule's criteria means, for the clerk; shares are 0–1, the rest counts.
CRITERIA_LABELS = {
    "consecutive_years": "Số năm liên tục",
    "prerequisite_consecutive": "Số năm liên tục có danh hiệu, hình thức tiền đề",
    "prerequisite_times": "Số lần có danh hiệu, hình thức tiền đề",
    "initiatives": "Số sáng kiến, đề tài",
    "min_interval_years": "Khoảng cách tối thiểu giữa hai lần (năm)",
    "min_share_members_ldtt": "Tỷ lệ thành viên đạt Lao động tiên tiến tối thiểu",
    "min_members_cstdcs": "Số thành viên đạt Chiến sĩ thi đua cơ sở tối thiểu",
    "share": "Tỷ lệ tối đa trong đơn vị",
    "run_end_lag": "Chuỗi năm được kết thúc trước năm đề nghị tối đa (năm)",
    "prerequisite_max_gap": "Khoảng cách tối đa giữa hai lần liên tục (năm)",
    "counting_years": "Số năm tính thành tích (tiền thưởng chỉ nhận mức cao nhất trong cùng thời gian)",
}
SHARE_KEYS = {"min_share_members_ldtt", "share"}
PART_LABELS = RECIPIENTS | {"unit_cap": "Giới hạn trong đơn vị"}
MAX_COUNT = 50
MAX_COEFFICIENT = 100.0


@dataclass(frozen=True)
class CriterionNumber:
    """One number in a rule's criteria: where it sits (`any_of.1.initiatives`) and what it is."""

    path: str
    label: str
    value: int | float
    share: bool


@dataclass
class RuleView:
    id: int
    valid_from: dt.date
    valid_to: dt.date | None
    legal_basis: str
    coefficient_individual: float | None
    coefficient_collective: float | None
    coefficient_household: float | None
    numbers: list[CriterionNumber]
    verified: bool

    @property
    def period(self) -> str:
        return f"từ {self.valid_from:%d/%m/%Y}" + (f" đến {self.valid_to:%d/%m/%Y}" if self.valid_to else "")


@dataclass
class AwardView:
    id: int
    code: str
    name: str
    category: str
    subject: str
    vote_threshold: float | None
    secret_ballot: bool
    rules: list[RuleView]

    @property
    def kind_text(self) -> str:
        return f"{CATEGORIES.get(self.category, self.category)} — {SUBJECTS.get(self.subject, self.subject)}"


@dataclass
class SalaryView:
    id: int
    valid_from: dt.date
    amount: int
    legal_basis: str


def criteria_numbers(criteria: dict, names: dict[str, str] | None = None) -> list[CriterionNumber]:
    """Every editable number in a criteria tree, in reading order, labelled for the clerk (with
    the prerequisite award's name from `names`, code → name, and the rating asked, when known)."""
    out: list[CriterionNumber] = []
    names = names or {}

    def label_of(key: str, siblings: dict) -> str:
        label = CRITERIA_LABELS.get(key, key)
        if key in ("prerequisite_consecutive", "prerequisite_times") and siblings.get("prerequisite"):
            code = siblings["prerequisite"]
            label = label.replace("danh hiệu, hình thức tiền đề", names.get(code, code))
        elif key == "consecutive_years" and siblings.get("rating"):
            label += f" xếp loại {siblings['rating']}"
        return label

    def walk(node, path: list[str], words: list[str], siblings: dict) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "articles":
                    continue  # the articles cited are text, edited with the law, not here
                part = PART_LABELS.get(key)
                walk(value, path + [key], words + [part] if part else words, node)
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, path + [str(i)], words + [f"cách {i + 1}"] if len(node) > 1 else words, siblings)
        elif isinstance(node, (int, float)) and not isinstance(node, bool):
            key = path[-1]
            label = label_of(key, siblings)
            prefix = ", ".join(words)
            if prefix:
                label = f"{prefix[:1].upper() + prefix[1:]}: {label[:1].lower() + label[1:]}"
            out.append(CriterionNumber(".".join(path), label, node, key in SHARE_KEYS))

    walk(criteria or {}, [], [], {})
    return out


def list_catalog(session: Session) -> list[AwardView]:
    """Every award with its rules (oldest period first) and their editable numbers."""
    awards = list(session.scalars(select(AwardType).options(selectinload(AwardType.rules))
                                  .order_by(AwardType.sort_order, AwardType.id)))
    names = {a.code: a.name for a in awards}
    return [AwardView(a.id, a.code, a.name, a.category, a.subject, a.vote_threshold, a.secret_ballot,
                      [RuleView(r.id, r.valid_from, r.valid_to, r.legal_basis, r.coefficient_individual,
                                r.coefficient_collective, r.coefficient_household,
                                criteria_numbers(r.criteria, names), r.verified) for r in a.rules])
            for a in awards]


def _share(value, label: str, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        raise ValidationError(f"«{label}» phải lớn hơn 0% và không quá 100%.", field=field)
    return round(float(value), 4)


def update_award(session: Session, award_id: int, *, vote_threshold: float | None) -> AwardType:
    """The share of the council's full membership a nominee for this award needs (None: the
    default "more than half" of the settings)."""
    require(session, "settings")
    award = session.get(AwardType, award_id)
    if award is None:
        raise NotFound("Không tìm thấy danh hiệu, hình thức trong danh mục.")
    value = None if vote_threshold is None else _share(
        vote_threshold, f"Tỷ lệ phiếu đồng ý của {award.name}", "vote_threshold")
    if award.vote_threshold != value:
        award.vote_threshold = value
        session.flush()
    return award


COEFFICIENTS = {"coefficient_individual": "cá nhân", "coefficient_collective": "tập thể",
                "coefficient_household": "hộ gia đình"}


def _set_number(tree: dict, path: str, value) -> None:
    node = tree
    keys = path.split(".")
    for key in keys[:-1]:
        node = node[int(key)] if isinstance(node, list) else node[key]
    last = keys[-1]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value


def update_rule(session: Session, rule_id: int, *, coefficients: dict[str, float | None] | None = None,
                numbers: dict[str, int | float] | None = None) -> AwardRule:
    """Change a rule's money coefficients (None: no money for that recipient) and numbers in its
    criteria (by path, as `criteria_numbers` lists them); refused whole if any value is wrong."""
    require(session, "settings")
    rule = session.get(AwardRule, rule_id)
    if rule is None:
        raise NotFound("Không tìm thấy quy định trong danh mục.")
    name = rule.award_type.name
    period = f"{name} ({'từ ' + format(rule.valid_from, '%d/%m/%Y')})"
    for key, value in (coefficients or {}).items():
        if key not in COEFFICIENTS:
            raise ValidationError(f"Không có hệ số “{key}”.", field=key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))
                                  or not 0 <= value <= MAX_COEFFICIENT):
            raise ValidationError(f"Hệ số tiền thưởng {COEFFICIENTS[key]} của {period} phải từ 0 đến "
                                  f"{MAX_COEFFICIENT:g} (để trống nếu không có tiền thưởng).", field=key)
    known = {n.path: n for n in criteria_numbers(rule.criteria)}
    criteria = copy.deepcopy(rule.criteria or {})
    for path, value in (numbers or {}).items():
        number = known.get(path)
        if number is None:
            raise ValidationError(f"{period} không có tiêu chuẩn “{path}”.", field=path)
        if number.share:
            value = _share(value, f"{number.label} của {period}", path)
        elif isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
            raise ValidationError(f"«{number.label}» của {period} phải là số nguyên từ 0 đến {MAX_COUNT}.",
                                  field=path)
        _set_number(criteria, path, value)
    for key, value in (coefficients or {}).items():
        if getattr(rule, key) != value:
            setattr(rule, key, None if value is None else round(float(value), 4))
    if criteria != (rule.criteria or {}):
        rule.criteria = criteria  # a new object: the ORM (and so the audit trail) sees the change
    session.flush()
    return rule


def list_base_salaries(session: Session) -> list[SalaryView]:
    return [SalaryView(b.id, b.valid_from, int(b.amount), b.legal_basis)
            for b in session.scalars(select(BaseSalary).order_by(BaseSalary.valid_from))]


def _amount(amount) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int) or not 100_000 <= amount <= 100_000_000:
        raise ValidationError("Mức lương cơ sở phải là số đồng từ 100.000 đến 100.000.000.", field="amount")
    return amount


def add_base_salary(session: Session, valid_from: dt.date, amount: int, legal_basis: str) -> BaseSalary:
    """A new base salary (mức lương cơ sở) from a date; award money of decisions from that date
    uses it (decisions already signed keep the amount they were signed with)."""
    require(session, "settings")
    amount = _amount(amount)
    if not 1990 <= valid_from.year <= 2100:
        raise ValidationError(f"Ngày áp dụng {valid_from:%d/%m/%Y} không hợp lệ.", field="valid_from")
    if session.scalar(select(BaseSalary.id).where(BaseSalary.valid_from == valid_from)):
        raise ValidationError(f"Đã có mức lương cơ sở áp dụng từ {valid_from:%d/%m/%Y}: sửa dòng đó.",
                              field="valid_from")
    if not clean(legal_basis):
        raise ValidationError("Ghi văn bản quy định mức lương cơ sở (ví dụ: Nghị định 73/2024/NĐ-CP).",
                              field="legal_basis")
    row = BaseSalary(valid_from=valid_from, amount=amount, legal_basis=clean(legal_basis))
    session.add(row)
    session.flush()
    # The audit trail leaves out catalogue inserts (the seed writes them at every start); this
    # one is the office's own, so it is logged here, in the same transaction.
    session.add(AuditEntry(at=dt.datetime.now().replace(microsecond=0), user=current_actor().username,
                           entity=BaseSalary.__tablename__,
                           entity_id=row.id, action="insert", before=None,
                           after={"valid_from": valid_from.isoformat(), "amount": amount,
                                  "legal_basis": row.legal_basis},
                           note=str(session.info.get("audit_note", ""))))
    session.flush()
    return row


def update_base_salary(session: Session, salary_id: int, amount: int, legal_basis: str) -> BaseSalary:
    """Correct an amount or its basis (a figure "to confirm" once the decree is out)."""
    require(session, "settings")
    row = session.get(BaseSalary, salary_id)
    if row is None:
        raise NotFound("Không tìm thấy mức lương cơ sở.")
    amount = _amount(amount)
    if not clean(legal_basis):
        raise ValidationError("Ghi văn bản quy định mức lương cơ sở.", field="legal_basis")
    if int(row.amount) != amount:
        row.amount = amount
    if row.legal_basis != clean(legal_basis):
        row.legal_basis = clean(legal_basis)
    session.flush()
    return row


def threshold_text(value: float | None) -> str:
    return share_text(value) if value is not None else "quá nửa (mặc định)"
