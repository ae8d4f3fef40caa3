"""Sổ khen thưởng: the awards ledger, award money, revoking and correcting an entry.

The ledger can hold hundreds of thousands of rows; `list_ledger` returns light slotted rows
with the folded search text precomputed, so filtering in the view stays fast.

Award money (Nghị định 152/2025/NĐ-CP Điều 49–54): coefficient × the base salary in force on the
decision date, rounded up to the next 10,000 đồng; a collective's and a household's amount for
a form come from their own coefficients (2× and 1.5× the individual's in the catalogue). When
one recipient gets several titles for the same year, only the highest is paid.

Decided results are frozen: a correction is a new entry pointing at the one it corrects (which
then no longer counts in eligibility); a revoked award stays in the ledger, marked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.catalog import SUBJECTS, base_salary_on, rule_for
from app.errors import NotFound, UserError, ValidationError
from app.text import clean, fold
from db.models import Award, AwardRule, AwardType

KINDS = {
    "regular": "Thường xuyên",
    "movement": "Theo đợt, chuyên đề",
    "sudden": "Đột xuất",
    "service": "Quá trình cống hiến",
    "long_service": "Niên hạn",
    "foreign": "Đối ngoại",
}
MONEY_STEP = 10_000
# A form for a household, when the catalogue gives no household coefficient: 1.5× individual.
HOUSEHOLD_FACTOR = Decimal("1.5")


@dataclass(slots=True)
class LedgerRow:
    """A line of the awards ledger tab."""

    id: int
    recipient: str
    subject: str
    unit: str
    award: str
    category: str
    year: int
    kind: str
    decision: str
    decision_date: dt.date | None
    issuer: str
    revoked: bool
    search: str


def list_ledger(session: Session, year: int | None = None) -> list[LedgerRow]:
    """Every award (of one achievement year, or all years), newest first."""
    query = (select(Award.id, Award.recipient_name, Award.subject, Award.unit_text, AwardType.name,
                    AwardType.category, Award.year, Award.kind, Award.decision_number,
                    Award.decision_date, Award.issuer, Award.revoked, Award.search_key)
             .join(AwardType, AwardType.id == Award.award_type_id)
             .order_by(Award.year.desc(), Award.decision_date.desc(), Award.id))
    if year is not None:
        query = query.where(Award.year == year)
    return [LedgerRow(id=r[0], recipient=r[1], subject=SUBJECTS.get(r[2], r[2]), unit=r[3],
                      award=r[4], category=r[5], year=r[6], kind=KINDS.get(r[7], r[7]),
                      decision=r[8], decision_date=r[9], issuer=r[10], revoked=r[11], search=r[12])
            for r in session.execute(query)]


def award_search_key(recipient: str, unit_text: str, award_name: str, decision_number: str) -> str:
    """What the ledger's search box matches for an award (stored in Award.search_key)."""
    return fold(" ".join([recipient, unit_text, award_name, decision_number]))


# --- money --------------------------------------------------------------------------------

def round_up(amount: Decimal | int, step: int = MONEY_STEP) -> int:
    """Rounded up to the next `step` đồng: 702,000 → 710,000; 700,000 stays."""
    return int((Decimal(amount) / step).to_integral_value(rounding=ROUND_CEILING)) * step


def coefficient(rule: AwardRule, award: AwardType, subject: str) -> Decimal | None:
    value = {"individual": rule.coefficient_individual, "collective": rule.coefficient_collective,
             "household": rule.coefficient_household}.get(subject)
    if value is None and subject == "household" and award.category == "form" \
            and rule.coefficient_individual is not None:
        return Decimal(str(rule.coefficient_individual)) * HOUSEHOLD_FACTOR
    return Decimal(str(value)) if value is not None else None


def award_money(session: Session, award: AwardType, subject: str, on: dt.date) -> int | None:
    """The amount for one award decided on `on`, or None when the award carries no money."""
    rule = rule_for(award, on)
    base = base_salary_on(session, on)
    if rule is None or base is None:
        return None
    coef = coefficient(rule, award, subject)
    if coef is None:
        return None
    return round_up(coef * Decimal(base))


# --- revoking and correcting --------------------------------------------------------------

def get_award(session: Session, award_id: int) -> Award:
    award = session.get(Award, award_id)
    if award is None:
        raise NotFound("Không tìm thấy khen thưởng trong sổ.")
    return award


def revoke_award(session: Session, award_id: int, on: dt.date, reason: str) -> Award:
    """Thu hồi (Luật TĐKT 2022 Điều 93): the entry stays, marked, with the date and reason."""
    award = get_award(session, award_id)
    if award.revoked:
        raise UserError(f"Khen thưởng của {award.recipient_name} đã bị thu hồi ngày "
                        f"{award.revoked_on:%d/%m/%Y}.")
    if not clean(reason):
        raise ValidationError("Thu hồi khen thưởng phải ghi rõ lý do (căn cứ thu hồi).", field="reason")
    award.revoked, award.revoked_on, award.revoke_reason = True, on, clean(reason)
    session.flush()
    return award


CORRECTABLE = ("recipient_name", "position", "unit_text", "year", "achievement", "person_id",
               "unit_id", "award_type_id")


def correct_award(session: Session, award_id: int, reason: str, **changes) -> Award:
    """Đính chính: a new entry copying the old one with the corrected fields, pointing to it."""
    old = get_award(session, award_id)
    if not clean(reason):
        raise ValidationError("Đính chính phải ghi rõ lý do.", field="reason")
    if session.scalar(select(Award.id).where(Award.corrects_id == old.id)):
        raise UserError("Khen thưởng này đã được đính chính; hãy đính chính bản mới nhất.")
    bad = set(changes) - set(CORRECTABLE)
    if bad:
        raise ValidationError(f"Không đính chính được: {', '.join(sorted(bad))}.")
    if not changes:
        raise ValidationError("Chưa có nội dung đính chính.")
    columns = [c.key for c in Award.__table__.columns
               if c.key not in ("id", "created_at", "updated_at", "corrects_id")]
    values = {key: getattr(old, key) for key in columns}
    values.update({k: (clean(v) if isinstance(v, str) else v) for k, v in changes.items()})
    award_type = session.get(AwardType, values["award_type_id"])
    values["achievement"] = (values["achievement"] + f"\n[Đính chính: {clean(reason)}]").strip()
    values["source"] = "correction"
    values["search_key"] = award_search_key(values["recipient_name"], values["unit_text"],
                                            award_type.name, values["decision_number"])
    new = Award(**values, corrects_id=old.id)
    session.add(new)
    session.flush()
    return new
