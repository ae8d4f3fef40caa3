"""Báo cáo số liệu thi đua, khen thưởng of a year, as a document: awards by title and form
(kept apart), by recipient (collectives, households, individuals; women, leaders, direct
workers), by kind, the money paid, and the dossiers by state.

`yearly_figures` is a small stand-in computed from the ledger and the dossiers; the reports
area will provide the full statistics, and `print_report(..., figures=...)` takes any object
with the same fields.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Spacer
from sqlalchemy import and_, extract, func, or_, select
from sqlalchemy.orm import Session

from app.awards import KINDS
from app.catalog import CATEGORIES
from app.dossiers import STATUSES
from app.formats import long_date, number, place_date
from app.printing.common import (
    authority_short_name,
    latest_year,
    office_issuer,
    office_symbol,
    profile,
    signed,
)
from app.printing.dates import form_date
from app.printing.kit import (
    BLANK,
    Document,
    PrintedDocument,
    Section,
    Total,
    admin_header,
    closing,
    data_table,
    para,
    title_block,
)
from db.models import Award, AwardType, Decision, Dossier, Person

ROMAN = ["I", "II", "III"]


@dataclass
class AwardCount:
    name: str
    category: str
    collective: int = 0
    household: int = 0
    individual: int = 0
    money: Decimal = Decimal(0)

    @property
    def total(self) -> int:
        return self.collective + self.household + self.individual


@dataclass
class YearFigures:
    year: int
    awards: list[AwardCount] = field(default_factory=list)
    women: int = 0
    leaders: int = 0
    direct_workers: int = 0
    individuals: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    decisions: int = 0
    dossiers: dict[str, int] = field(default_factory=dict)

    @property
    def money(self) -> Decimal:
        return sum((a.money for a in self.awards), Decimal(0))


def yearly_figures(session: Session, year: int) -> YearFigures:
    """Counts of the awards conferred in the year (decision date, else achievement year)."""
    in_year = or_(extract("year", Award.decision_date) == year,
                  and_(Award.decision_date.is_(None), Award.year == year))
    figures = YearFigures(year=year)
    counts: dict[int, AwardCount] = {}
    rows = session.execute(
        select(AwardType.id, AwardType.name, AwardType.category, Award.subject, func.count(),
               func.coalesce(func.sum(Award.money), 0))
        .join(AwardType, AwardType.id == Award.award_type_id)
        .where(in_year, Award.revoked.is_(False))
        .group_by(AwardType.id, AwardType.name, AwardType.category, Award.subject)
        .order_by(AwardType.sort_order))
    for type_id, name, category, subject, n, money in rows:
        item = counts.setdefault(type_id, AwardCount(name, category))
        if subject in ("collective", "household", "individual"):
            setattr(item, subject, getattr(item, subject) + n)
        item.money += Decimal(money)
    figures.awards = list(counts.values())
    people = session.execute(
        select(Person.gender, Person.is_leader, Person.is_direct_worker, func.count())
        .join(Award, Award.person_id == Person.id)
        .where(in_year, Award.revoked.is_(False), Award.subject == "individual")
        .group_by(Person.gender, Person.is_leader, Person.is_direct_worker))
    for gender, leader, direct, n in people:
        figures.women += n if gender == "F" else 0
        figures.leaders += n if leader else 0
        figures.direct_workers += n if direct else 0
    figures.individuals = sum(a.individual for a in figures.awards)
    figures.by_kind = dict(session.execute(
        select(Award.kind, func.count()).where(in_year, Award.revoked.is_(False)).group_by(Award.kind)).all())
    figures.decisions = session.scalar(select(func.count()).select_from(Decision).where(
        Decision.year == year, Decision.external.is_(False))) or 0
    figures.dossiers = dict(session.execute(
        select(Dossier.status, func.count()).where(Dossier.year == year).group_by(Dossier.status)).all())
    return figures


def print_report(session: Session, _id: int | None = None, year: int | None = None,
                 figures: YearFigures | None = None, on: dt.date | None = None) -> PrintedDocument:
    year = year or latest_year(session, Award.year)
    f = figures or yearly_figures(session, year)
    p = profile(session)
    day = form_date(year, chosen=on)
    doc = Document(f"Báo cáo số liệu thi đua, khen thưởng năm {year}", author=p.office_name)
    doc.date = day
    doc.add(admin_header(office_issuer(p), f"Số:{BLANK}/BC-{office_symbol(p)}", place_date(p.place_name, day)))
    doc.add(*title_block("Báo cáo", f"Số liệu công tác thi đua, khen thưởng năm {year}"))
    doc.add(para(f"{p.office_name} báo cáo số liệu công tác thi đua, khen thưởng năm {year} của "
                 f"{authority_short_name(p)} (số liệu tính đến {long_date(day)}) như sau:", "body"))
    doc.add(CondPageBreak(40 * mm), para("<b>1. Kết quả khen thưởng theo danh hiệu, hình thức</b>", "body", markup=True),
            Spacer(1, 2 * mm))
    rows: list = []
    present = [c for c in ("title", "form", "order") if any(a.category == c for a in f.awards)]
    seq = 0
    for roman, category in zip(ROMAN, present, strict=False):
        rows.append(Section(f"{roman}. {CATEGORIES[category].upper()}"))
        for a in (a for a in f.awards if a.category == category):
            seq += 1
            rows.append([str(seq), a.name, number(a.collective), number(a.household),
                         number(a.individual), number(a.total), number(a.money)])
    if not rows:
        rows.append(Section("Chưa có khen thưởng nào trong năm."))
    rows.append(Total("Tổng cộng", [number(sum(a.collective for a in f.awards)),
                                    number(sum(a.household for a in f.awards)),
                                    number(sum(a.individual for a in f.awards)),
                                    number(sum(a.total for a in f.awards)), number(f.money)], span=2))
    doc.add(data_table(["STT", "Danh hiệu, hình thức", "Tập thể", "Hộ gia đình", "Cá nhân", "Cộng",
                        "Tiền thưởng (đồng)"], rows, [8, 52, 16, 18, 16, 14, 28], "CLRRRRR"))
    doc.add(CondPageBreak(40 * mm), para("<b>2. Cá nhân được khen thưởng theo đối tượng</b>", "body", markup=True),
            Spacer(1, 2 * mm))
    doc.add(data_table(["Tổng số cá nhân", "Nữ", "Lãnh đạo, quản lý", "Người lao động trực tiếp"],
                       [[number(f.individuals), number(f.women), number(f.leaders),
                         number(f.direct_workers)]], [1, 1, 1, 1], "CCCC"))
    doc.add(CondPageBreak(40 * mm), para("<b>3. Khen thưởng theo loại hình</b>", "body", markup=True), Spacer(1, 2 * mm))
    kinds = [[KINDS.get(k, k), number(n)] for k, n in f.by_kind.items()] or [["Chưa có", "0"]]
    doc.add(data_table(["Loại hình khen thưởng", "Số lượt"], kinds, [3, 1], "LR"))
    doc.add(CondPageBreak(40 * mm), para(f"<b>4. Hồ sơ đề nghị khen thưởng</b> (số quyết định khen thưởng đã ban hành: "
                 f"{number(f.decisions)})", "body", markup=True), Spacer(1, 2 * mm))
    states = [[STATUSES.get(s, s), number(n)] for s, n in f.dossiers.items()] or [["Chưa có hồ sơ", "0"]]
    doc.add(data_table(["Tình trạng hồ sơ", "Số hồ sơ"], states, [3, 1], "LR"))
    sign = signed(session, "report", p)
    doc.add_closing(closing([f"- {authority_short_name(p)};", f"- Lưu: VT, {office_symbol(p)}."],
                    sign.lines, sign.name))
    return doc.build(f"BaoCaoSoLieu_{year}.pdf")
