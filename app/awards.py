"""Sổ khen thưởng: the awards ledger, award money, revoking and correcting an entry.

The ledger can hold hundreds of thousands of rows; `list_ledger` returns light slotted rows
with the folded search text precomputed, so filtering in the view stays fast.

Award money (Nghị định 152/2025/NĐ-CP Điều 49–54): coefficient × the base salary in force on the
decision date, rounded up to the next 10,000 đồng; a collective's and a household's amount for
a form come from their own coefficients (2× and 1.5× the individual's in the catalogue). When
one recipient gets several titles for the same counting period (LĐTT and CSTĐCS of one year),
only the highest is paid (Điều 54); a title counted over several years (CSTĐ cấp tỉnh: 3, the
rule's `counting_years`) is paid beside the yearly ones. `highest_only` is the one place this
is worked out, for decisions and for lines read from earlier years' award books.

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
from app.users import require
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
    revoked_on: dt.date | None = None
    revoke_reason: str = ""
    corrects_id: int | None = None  # this entry corrects that one (đính chính)
    corrected: bool = False  # a later entry corrects this one: it no longer counts

    @property
    def mark(self) -> str:
        """What the ledger's last column says: revoked, corrected, or a correction."""
        if self.revoked:
            return "Đã thu hồi"
        if self.corrected:
            return "Đã đính chính"
        return "Bản đính chính" if self.corrects_id else ""


def list_ledger(session: Session, year: int | None = None) -> list[LedgerRow]:
    """Every award (of one achievement year, or all years), newest first."""
    query = (select(Award.id, Award.recipient_name, Award.subject, Award.unit_text, AwardType.name,
                    AwardType.category, Award.year, Award.kind, Award.decision_number,
                    Award.decision_date, Award.issuer, Award.revoked, Award.search_key,
                    Award.revoked_on, Award.revoke_reason, Award.corrects_id)
             .join(AwardType, AwardType.id == Award.award_type_id)
             .order_by(Award.year.desc(), Award.decision_date.desc(), Award.id))
    if year is not None:
        query = query.where(Award.year == year)
    # One more query (not one per row): which entries a later correction replaced.
    corrected = set(session.scalars(select(Award.corrects_id).where(Award.corrects_id.is_not(None))))
    return [LedgerRow(id=r[0], recipient=r[1], subject=SUBJECTS.get(r[2], r[2]), unit=r[3],
                      award=r[4], category=r[5], year=r[6], kind=KINDS.get(r[7], r[7]),
                      decision=r[8], decision_date=r[9], issuer=r[10], revoked=r[11], search=r[12],
                      revoked_on=r[13], revoke_reason=r[14] or "", corrects_id=r[15],
                      corrected=r[0] in corrected)
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


def counting_years(award: AwardType, on: dt.date | None) -> int:
    """The years a title's achievement is counted over (the rule's `counting_years`, 1)."""
    rule = rule_for(award, on) if on else None
    if rule is None and award.rules:
        rule = award.rules[-1]
    return int(((rule.criteria if rule is not None else None) or {}).get("counting_years") or 1)


@dataclass(slots=True)
class TitleLine:
    """A title competing for the money of one counting period of one recipient."""

    ref: object  # the caller's handle (a nominee, a row index)
    who: tuple
    year: int
    period: int
    rank: int
    money: int | None
    paid: bool = False  # already in the ledger: its money was paid then


def highest_only(lines: list[TitleLine]) -> dict[object, tuple[int, str]]:
    """For the new lines: the money each keeps (and why less) when one recipient has several
    titles of the same year and counting period — only the highest is paid; money already paid
    for a lower one of them is deducted from the higher."""
    groups: dict[tuple, list[TitleLine]] = {}
    for line in lines:
        groups.setdefault((line.who, line.year, line.period), []).append(line)
    out: dict[object, tuple[int, str]] = {}
    for group in groups.values():
        top = max(line.rank for line in group)
        for line in group:
            if line.paid or line.money is None:
                continue
            if line.rank < top:
                out[line.ref] = (0, "Cùng năm có danh hiệu cao hơn: chỉ nhận tiền thưởng danh hiệu cao nhất")
                continue
            already = sum(int(x.money or 0) for x in group if x.paid and x.rank < top)
            if already:
                out[line.ref] = (max(line.money - already, 0),
                                 f"Trừ {already:,} đ đã nhận cho danh hiệu thấp hơn cùng năm".replace(",", "."))
    return out


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


def money_notes(session: Session, awards: list[Award]) -> dict[int, str]:
    """Why a title's money is less than its full amount: the same recipient had another title
    for the same year already paid (only the highest is paid, the later higher one gets the
    difference). Keyed by award id; lines paid in full have no note. A decision's list prints
    it, so two equal flags with different amounts say why."""
    types = {t.id: t for t in session.scalars(select(AwardType))}
    notes: dict[int, str] = {}
    amounts: dict[tuple, int | None] = {}
    for a in awards:
        kind = types[a.award_type_id]
        if kind.category != "title" or a.money is None or a.decision_date is None:
            continue
        key = (kind.id, a.subject, a.decision_date)
        if key not in amounts:
            amounts[key] = award_money(session, kind, a.subject, a.decision_date)
        full = amounts[key]
        if not full or int(a.money) >= full:
            continue
        same = select(Award).where(Award.id != a.id, Award.year == a.year, Award.revoked.is_(False),
                                   Award.subject == a.subject)
        if a.subject == "individual" and a.person_id:
            same = same.where(Award.person_id == a.person_id)
        elif a.unit_id:
            same = same.where(Award.unit_id == a.unit_id)
        else:
            continue
        # Only titles counted over the same period compete for the money (highest_only).
        period = counting_years(kind, a.decision_date)
        others = [o for o in session.scalars(same) if types[o.award_type_id].category == "title"
                  and counting_years(types[o.award_type_id], o.decision_date) == period]
        if int(a.money) == 0:
            higher = [types[o.award_type_id].name for o in others if types[o.award_type_id].rank > kind.rank]
            if higher:
                notes[a.id] = (f"Không nhận tiền thưởng: năm {a.year} đã có danh hiệu {', '.join(higher)} "
                               "(chỉ hưởng mức cao nhất)")
            continue
        lower = [o for o in others if types[o.award_type_id].rank < kind.rank and o.money
                 and (o.decision_date or dt.date.min) <= a.decision_date]
        if lower:
            names = ", ".join(sorted({types[o.award_type_id].name for o in lower}))
            paid = sum(int(o.money) for o in lower)
            notes[a.id] = (f"Đã trừ {paid:,} đồng đã nhận cho {names} năm {a.year} "
                           "(chỉ hưởng mức cao nhất)").replace(",", ".")
    return notes


# --- certificate registers (sổ vàng) -------------------------------------------------------

def register_numbers(session: Session, year: int, lines: list[tuple[object, int, str]]) -> dict[object, int]:
    """Số vào sổ for the lines of a decision the office signs in `year`: one register per award
    type, numbered on through the year (the first Giấy khen of a December decision follows the
    last of November's), in the order the decision lists them (award, then collectives,
    households, individuals). `lines`: (key, award type id, subject) in the decision's order.
    A number, once given, stays with the award: a reprint prints the same one."""
    from sqlalchemy import func

    from app.states import SUBJECT_ORDER
    from db.models import Decision

    type_ids = sorted({t for _k, t, _s in lines})
    if not type_ids:
        return {}
    last = dict(session.execute(
        select(Award.award_type_id, func.max(Award.book_no)).join(Decision, Decision.id == Award.decision_id)
        .where(Decision.year == year, Decision.external.is_(False), Award.award_type_id.in_(type_ids))
        .group_by(Award.award_type_id)).all())
    order = dict(session.execute(select(AwardType.id, AwardType.sort_order).where(AwardType.id.in_(type_ids))).all())
    numbered: dict[object, int] = {}
    ranked = sorted(enumerate(lines), key=lambda il: (order.get(il[1][1]) or 0, il[1][1],
                                                      SUBJECT_ORDER.get(il[1][2], 9), il[0]))
    for _i, (key, type_id, _subject) in ranked:
        last[type_id] = (last.get(type_id) or 0) + 1
        numbered[key] = last[type_id]
    return numbered


# --- revoking and correcting --------------------------------------------------------------

@dataclass
class AwardEntry:
    """One ledger entry as the revoke and correct forms show it."""

    id: int
    recipient_name: str
    subject: str
    position: str
    unit_text: str
    award_type_id: int
    award_name: str
    year: int
    kind: str
    decision_number: str
    decision_date: dt.date | None
    issuer: str
    achievement: str
    money: int | None
    revoked: bool
    revoked_on: dt.date | None
    revoke_reason: str
    corrects_id: int | None
    corrected_by: int | None  # the later entry that corrects this one

    @property
    def label(self) -> str:
        """`Nguyễn Văn An — Lao động tiên tiến năm 2025 (QĐ 123/QĐ-UBND ngày 20/12/2025)`."""
        decision = (f" (QĐ {self.decision_number}"
                    + (f" ngày {self.decision_date:%d/%m/%Y})" if self.decision_date else ")")
                    if self.decision_number else "")
        return f"{self.recipient_name} — {self.award_name} năm {self.year}{decision}"


def get_award(session: Session, award_id: int) -> Award:
    award = session.get(Award, award_id)
    if award is None:
        raise NotFound("Không tìm thấy khen thưởng trong sổ.")
    return award


def award_entry(session: Session, award_id: int) -> AwardEntry:
    a = get_award(session, award_id)
    award_type = session.get(AwardType, a.award_type_id)
    corrected_by = session.scalar(select(Award.id).where(Award.corrects_id == a.id).limit(1))
    return AwardEntry(a.id, a.recipient_name, a.subject, a.position, a.unit_text, a.award_type_id,
                      award_type.name, a.year, a.kind, a.decision_number, a.decision_date, a.issuer,
                      a.achievement, int(a.money) if a.money is not None else None, a.revoked,
                      a.revoked_on, a.revoke_reason, a.corrects_id, corrected_by)


def revoke_award(session: Session, award_id: int, on: dt.date, reason: str) -> Award:
    """Thu hồi (Luật TĐKT 2022 Điều 93): the entry stays, marked, with the date and reason."""
    require(session, "edit")
    award = get_award(session, award_id)
    if award.revoked:
        raise UserError(f"Khen thưởng của {award.recipient_name} đã bị thu hồi ngày "
                        f"{award.revoked_on:%d/%m/%Y}.")
    if not clean(reason):
        raise ValidationError("Thu hồi khen thưởng phải ghi rõ lý do (căn cứ thu hồi).", field="reason")
    if on > dt.date.today():
        raise ValidationError(f"Ngày thu hồi {on:%d/%m/%Y} ở tương lai.", field="revoked_on")
    if award.decision_date and on < award.decision_date:
        raise ValidationError(f"Ngày thu hồi {on:%d/%m/%Y} trước ngày quyết định khen thưởng "
                              f"{award.decision_date:%d/%m/%Y}.", field="revoked_on")
    # Through the ORM, so the audit trail (app.audit) keeps the values before and after.
    award.revoked, award.revoked_on, award.revoke_reason = True, on, clean(reason)
    session.flush()
    return award


CORRECTABLE = ("recipient_name", "position", "unit_text", "year", "achievement", "person_id",
               "unit_id", "award_type_id")


def _check_changes(session: Session, old: Award, changes: dict) -> dict:
    """The changes that differ from the entry, checked; refuses an empty correction."""
    bad = set(changes) - set(CORRECTABLE)
    if bad:
        raise ValidationError(f"Không đính chính được: {', '.join(sorted(bad))}.")
    changes = {k: (clean(v) if isinstance(v, str) and k != "achievement" else v)
               for k, v in changes.items()}
    changes = {k: v for k, v in changes.items() if v != getattr(old, k)}
    if not changes:
        raise ValidationError("Chưa có nội dung đính chính (mọi trường vẫn như cũ).")
    if "recipient_name" in changes and not changes["recipient_name"]:
        raise ValidationError("Chưa nhập tên người, tập thể được khen.", field="recipient_name")
    if "year" in changes and not (isinstance(changes["year"], int) and 1945 <= changes["year"] <= 2100):
        raise ValidationError(f"Năm thành tích không hợp lệ: {changes['year']}.", field="year")
    if "award_type_id" in changes and session.get(AwardType, changes["award_type_id"]) is None:
        raise ValidationError("Danh hiệu, hình thức không có trong danh mục.", field="award_type_id")
    return changes


def correct_award(session: Session, award_id: int, reason: str, **changes) -> Award:
    """Đính chính: a new entry copying the old one with the corrected fields, pointing to it.
    The old entry stays as it was (it no longer counts in eligibility)."""
    require(session, "edit")
    old = get_award(session, award_id)
    if not clean(reason):
        raise ValidationError("Đính chính phải ghi rõ lý do.", field="reason")
    if old.revoked:
        raise UserError(f"Khen thưởng của {old.recipient_name} đã bị thu hồi: không đính chính được.")
    if session.scalar(select(Award.id).where(Award.corrects_id == old.id)):
        raise UserError("Khen thưởng này đã được đính chính; hãy đính chính bản mới nhất.")
    changes = _check_changes(session, old, changes)
    columns = [c.key for c in Award.__table__.columns
               if c.key not in ("id", "created_at", "updated_at", "corrects_id")]
    values = {key: getattr(old, key) for key in columns}
    values.update(changes)
    award_type = session.get(AwardType, values["award_type_id"])
    if "award_type_id" in changes and old.decision_date is not None:
        # Another award pays another amount: the one in force on the same decision date.
        values["money"] = award_money(session, award_type, values["subject"], old.decision_date)
    values["achievement"] = ((values["achievement"] or "") + f"\n[Đính chính: {clean(reason)}]").strip()
    values["source"] = "correction"
    values["search_key"] = award_search_key(values["recipient_name"], values["unit_text"],
                                            award_type.name, values["decision_number"])
    new = Award(**values, corrects_id=old.id)
    session.add(new)  # an ORM insert: audited like every other change
    session.flush()
    return new
