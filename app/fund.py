"""Kinh phí thi đua, khen thưởng: the year's budget as the finance office allots it (a first
allotment, then supplements or cuts), the money of every decision drawn from it as it is
signed, what remains, and the share reserved for organising the movements (a setting, 20% by
the current rule); tables per decision and per month for the finance office.

What counts (the rules the tests hold):
- a decision of our authority (`Decision.external` False, status issued) draws in the year it
  is signed; a higher authority's decision is paid from its own fund and does not count here;
- each award's money counts rounded up to the next 10,000 đồng (Decree 152/2025 Art. 49), so
  an amount typed by hand as 702,000 draws 710,000;
- a revoked award gives its money back to the fund: the decision's amount leaves it out, and
  the month table shows the return in the month of the revocation (in December when revoked
  after the year; in the decision's month when no date is known).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.awards import round_up
from app.errors import NotFound, ValidationError
from app.office import get_setting, set_setting
from app.text import clean, fold
from app.users import require
from db.models import Award, Decision, FundAllocation

SHARE_KEY = "fund.movement_share"
DEFAULT_SHARE = Decimal(20)  # percent of the fund for organising movements


def movement_share(session: Session) -> Decimal:
    """The share (percent) of the fund reserved for organising the movements."""
    value = get_setting(session, SHARE_KEY, None)
    try:
        return Decimal(str(value)) if value is not None else DEFAULT_SHARE
    except InvalidOperation:
        return DEFAULT_SHARE


def set_movement_share(session: Session, percent: object) -> Decimal:
    require(session, "settings")
    try:
        share = Decimal(str(percent).replace(",", ".").replace("%", "").strip())
    except InvalidOperation:
        raise ValidationError(f"Tỷ lệ «{percent}» không phải là số.", field="share") from None
    if not 0 <= share <= 100:
        raise ValidationError("Tỷ lệ dành cho tổ chức phong trào phải từ 0 đến 100%.", field="share")
    set_setting(session, SHARE_KEY, float(share))
    return share


# --- allocations ---------------------------------------------------------------------------

@dataclass(slots=True)
class AllocationRow:
    id: int
    allotted_on: dt.date
    amount: int
    document: str
    notes: str

    @property
    def search(self) -> str:
        return fold(" ".join([self.document, self.notes]))


def parse_money(value: object, what: str = "Số tiền") -> int:
    """`250.000.000`, `250,000,000`, `250000000 đ` → 250000000 (đồng, may be negative)."""
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return int(value)
    text = clean(value).lower().replace("đồng", "").replace("đ", "").replace(" ", "")
    text = text.replace(".", "").replace(",", "")
    if not text or not text.lstrip("-").isdigit():
        raise ValidationError(f"{what} «{clean(value)}» không phải là số tiền (đồng).", field="amount")
    return int(text)


def add_allocation(session: Session, year: int, allotted_on: dt.date, amount: object,
                   document: str = "", notes: str = "", allocation_id: int | None = None) -> int:
    """Record (or correct) an allotment; a cut is a negative amount. The budget never goes
    below zero."""
    require(session, "edit")
    money = parse_money(amount)
    if money == 0:
        raise ValidationError("Số tiền phân bổ phải khác 0.", field="amount")
    if allotted_on is None:
        raise ValidationError("Chưa nhập ngày giao kinh phí.", field="allotted_on")
    row = session.get(FundAllocation, allocation_id) if allocation_id else FundAllocation(year=year)
    if row is None:
        raise NotFound(f"Không tìm thấy lần phân bổ kinh phí số {allocation_id}.")
    others = sum(a.amount for a in allocations(session, row.year) if a.id != allocation_id)
    if others + money < 0:
        raise ValidationError(f"Sau điều chỉnh, kinh phí năm {row.year} sẽ âm "
                              f"({others + money:,} đồng).".replace(",", "."), field="amount")
    row.allotted_on, row.amount = allotted_on, money
    row.document, row.notes = clean(document), (notes or "").strip()
    if row.id is None:
        session.add(row)
    session.flush()
    return row.id


def delete_allocation(session: Session, allocation_id: int) -> None:
    require(session, "edit")
    row = session.get(FundAllocation, allocation_id)
    if row is None:
        raise NotFound(f"Không tìm thấy lần phân bổ kinh phí số {allocation_id}.")
    session.delete(row)
    session.flush()


def allocations(session: Session, year: int) -> list[AllocationRow]:
    return [AllocationRow(a.id, a.allotted_on, int(a.amount), a.document, a.notes)
            for a in session.scalars(select(FundAllocation).where(FundAllocation.year == year)
                                     .order_by(FundAllocation.allotted_on, FundAllocation.id))]


# --- what the decisions draw ---------------------------------------------------------------

@dataclass(slots=True)
class DecisionDraw:
    """One signed decision and the money it draws from the fund."""

    decision_id: int
    number: str
    issued_on: dt.date
    issuer: str
    summary: str
    awards: int  # awards still standing
    amount: int  # their money, each rounded up to 10,000 đồng
    revoked: int = 0  # awards revoked since
    returned: int = 0  # the money they gave back
    external: bool = False  # a higher authority's: paid from its own fund

    @property
    def search(self) -> str:
        return fold(" ".join([self.number, self.issuer, self.summary]))


@dataclass(slots=True)
class MonthRow:
    month: int
    decisions: int
    drawn: int  # money of the decisions signed that month, as signed
    returned: int  # money of awards revoked that month
    spent_to_date: int
    remaining: int

    @property
    def search(self) -> str:
        return f"thang {self.month:02d}"

    @property
    def net(self) -> int:
        return self.drawn - self.returned


@dataclass
class FundSummary:
    year: int
    budget: int
    share: Decimal
    allocations: list[AllocationRow] = field(default_factory=list)
    decisions: list[DecisionDraw] = field(default_factory=list)
    external: list[DecisionDraw] = field(default_factory=list)  # shown apart, not counted
    months: list[MonthRow] = field(default_factory=list)
    authority: str = "cơ quan"  # `UBND huyện Tam Đường`, as the figures name it

    @property
    def external_amount(self) -> int:
        return sum(d.amount for d in self.external)

    @property
    def spent(self) -> int:
        return sum(d.amount for d in self.decisions)

    @property
    def returned(self) -> int:
        return sum(d.returned for d in self.decisions)

    @property
    def remaining(self) -> int:
        return self.budget - self.spent

    @property
    def reserve(self) -> int:
        """The part kept for organising the movements (rounded down to the đồng)."""
        return int(Decimal(self.budget) * self.share / 100)

    @property
    def for_awards(self) -> int:
        return self.budget - self.reserve

    @property
    def awards_left(self) -> int:
        """What the award part still holds (negative: the awards ate into the reserve)."""
        return self.for_awards - self.spent

    @property
    def budget_entered(self) -> bool:
        """Whether any allocation is recorded: without one there is no remainder to show."""
        return bool(self.allocations)

    def as_dict(self) -> dict:
        """The `tdkt fund --json` contract: integers in đồng, dates as ISO text; extended with
        the award part and what the fund counts by (never a field removed)."""
        return {"year": self.year, "budget": self.budget, "spent": self.spent,
                "remaining": self.remaining,
                "decisions": [{"number": d.number, "date": d.issued_on.isoformat(), "amount": d.amount}
                              for d in self.decisions],
                "budget_entered": self.budget_entered, "movement_share": float(self.share),
                "reserve": self.reserve, "for_awards": self.for_awards, "awards_left": self.awards_left,
                "counted_by": "signing_year", "basis": fund_basis(self),
                "lines": [{"label": label, "amount": value} for label, value in fund_lines(self)]}


NO_BUDGET = "chưa nhập dự toán"
REMAINING = "Còn lại (cả dự toán)"
AWARDS_LEFT = "Phần dành cho khen thưởng còn lại"


def fund_basis(f: FundSummary) -> str:
    """What the fund counts by, said beside the report's basis wherever both are shown."""
    return (f"Kinh phí tính theo năm ký quyết định (các quyết định ký trong năm {f.year}); số liệu "
            f"khen thưởng của báo cáo năm {f.year} tính theo năm của thành tích.")


def fund_lines(f: FundSummary, authority: str | None = None) -> list[tuple[str, int | None]]:
    """The fund's figures with their names, said the same way on the fund tab, in `tdkt fund`
    and in the printed report: what was given, its part for organising the movements and for
    awards, what our decisions signed in the year drew, what the award part and the whole
    still hold, and, apart, the higher authority's decisions (paid from its own fund). An
    amount is None where no budget is entered: shown as "chưa nhập dự toán", never as a
    negative remainder."""
    who = authority or f.authority
    entered = f.budget_entered
    lines: list[tuple[str, int | None]] = [
        (f"Kinh phí được giao năm {f.year}", f.budget if entered else None),
        (f"Dành cho tổ chức, chỉ đạo phong trào thi đua ({decimal_text(f.share)}%)",
         f.reserve if entered else None),
        ("Dành cho khen thưởng", f.for_awards if entered else None),
        (f"Đã chi: {len(f.decisions)} quyết định của {who} ký trong năm {f.year}", f.spent),
        (AWARDS_LEFT, f.awards_left if entered else None),
        (REMAINING, f.remaining if entered else None)]
    higher, successor = external_parts(f)
    if higher:
        lines.append((f"Không tính: {len(higher)} quyết định của cấp trên ký trong năm {f.year} "
                      "(chi từ quỹ của cấp trên)", sum(d.amount for d in higher)))
    if successor:
        lines.append((f"Không tính: {len(successor)} quyết định của Chủ tịch UBND cấp xã (kế thừa thẩm "
                      f"quyền cấp huyện từ 01/07/2025) ký trong năm {f.year} (chi từ quỹ của UBND xã)",
                      sum(d.amount for d in successor)))
    return lines


def external_parts(f: FundSummary) -> tuple[list[DecisionDraw], list[DecisionDraw]]:
    """The decisions not paid from our fund: (a higher authority's, a successor commune's)."""
    from app.reports.awards import REFORM_DAY, authority_level

    def successor(d: DecisionDraw) -> bool:
        return d.issued_on >= REFORM_DAY and authority_level(d.issuer or "", "", set(), "huyen") == "xa"

    return [d for d in f.external if not successor(d)], [d for d in f.external if successor(d)]


def decimal_text(value: Decimal) -> str:
    from app.formats import decimal

    return decimal(value)


def _money(value) -> int:
    return round_up(Decimal(str(value))) if value else 0


def _draws(session: Session, year: int) -> tuple[list[DecisionDraw], dict[int, list[tuple]]]:
    """Every decision issued in the year with its money; and per decision the revoked awards
    as (revoked_on, money)."""
    decisions = {d.id: d for d in session.scalars(
        select(Decision).where(Decision.year == year, Decision.status == "issued"))}
    draws = {i: DecisionDraw(i, d.number, d.issued_on, d.issuer, d.summary, 0, 0, external=bool(d.external))
             for i, d in decisions.items()}
    revoked: dict[int, list[tuple]] = defaultdict(list)
    if decisions:
        rows = session.execute(select(Award.decision_id, Award.money, Award.revoked, Award.revoked_on)
                               .where(Award.decision_id.in_(list(decisions))))
        for decision_id, money, is_revoked, revoked_on in rows:
            draw, amount = draws[decision_id], _money(money)
            if is_revoked:
                draw.revoked += 1
                draw.returned += amount
                revoked[decision_id].append((revoked_on, amount))
            else:
                draw.awards += 1
                draw.amount += amount
    return sorted(draws.values(), key=lambda d: (d.issued_on, d.number)), revoked


def fund_summary(session: Session, year: int) -> FundSummary:
    """The year's fund: budget, what each decision drew, months, what remains."""
    from app.reports.awards import authority_label

    rows = allocations(session, year)
    summary = FundSummary(year, sum(a.amount for a in rows), movement_share(session), rows,
                          authority=authority_label(session))
    draws, revoked = _draws(session, year)
    summary.decisions = [d for d in draws if not d.external]
    summary.external = [d for d in draws if d.external]
    drawn, returned, count = defaultdict(int), defaultdict(int), defaultdict(int)
    for d in summary.decisions:
        count[d.issued_on.month] += 1
        drawn[d.issued_on.month] += d.amount + d.returned
        for on, amount in revoked.get(d.decision_id, []):
            if on is None or on.year < year:
                month = d.issued_on.month
            else:
                month = on.month if on.year == year else 12
            returned[month] += amount
    spent = 0
    for month in range(1, 13):
        spent += drawn[month] - returned[month]
        summary.months.append(MonthRow(month, count[month], drawn[month], returned[month], spent,
                                       summary.budget - spent))
    return summary


__all__ = ["AllocationRow", "DecisionDraw", "FundSummary", "MonthRow", "add_allocation",
           "allocations", "delete_allocation", "fund_basis", "fund_lines", "fund_summary", "movement_share", "parse_money",
           "set_movement_share"]
