"""Báo cáo số liệu thi đua, khen thưởng of a year, as a document: the year's figures exactly as
the Báo cáo tab, `tdkt report` and the home screen give them (app/reports computes them once),
and the award fund as the fund tab gives it (app/fund.py) — awards by title and form (kept
apart), by who decided them (the office's authority, a higher one), by recipient (awards and
people counted apart), by kind, the dossiers by state, the money.
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Spacer
from sqlalchemy.orm import Session

from app.formats import long_date, number, percent, place_date
from app.fund import NO_BUDGET, fund_basis, fund_lines, fund_summary
from app.printing.common import (
    authority_short_name,
    latest_year,
    office_issuer,
    office_symbol,
    profile,
    signed,
)
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
from app.reports import YearFigures, figures_as_of, year_figures
from app.reports.tables import MONEY, dossier_rows
from db.models import Award

ROMAN = ["I", "II", "III"]


def _heading(doc: Document, text: str) -> None:
    doc.add(CondPageBreak(40 * mm), para(f"<b>{text}</b>", "body", markup=True), Spacer(1, 2 * mm))


def _awards(doc: Document, f: YearFigures) -> None:
    rows: list = []
    seq = 0
    for roman, (heading, items) in zip(ROMAN, [("DANH HIỆU THI ĐUA", f.titles),
                                               ("HÌNH THỨC KHEN THƯỞNG", f.forms)], strict=False):
        shown = [a for a in items if a.total]
        if not shown:
            continue
        rows.append(Section(f"{roman}. {heading}"))
        for a in shown:
            seq += 1
            rows.append([str(seq), a.name, number(a.collective), number(a.household),
                         number(a.individual), number(a.total), number(a.money)])
    if not rows:
        rows.append(Section("Chưa có khen thưởng nào trong năm."))
    t = f.totals
    rows.append(Total("Tổng cộng", [number(t.collective), number(t.household), number(t.individual),
                                    number(t.total), number(t.money)], span=2))
    doc.add(data_table(["STT", "Danh hiệu, hình thức", "Tập thể", "Hộ gia đình", "Cá nhân", "Cộng",
                        MONEY], rows, [8, 52, 16, 18, 16, 14, 28], "CLRRRRR"))


def _deciders(doc: Document, f: YearFigures) -> None:
    rows = [[d.label, number(d.titles), number(d.forms), number(d.total), number(d.money)]
            for d in f.deciders]
    t = f.totals
    rows.append(Total("Cộng", [number(t.titles), number(t.forms), number(t.total), number(t.money)]))
    doc.add(data_table(["Cơ quan quyết định", "Danh hiệu thi đua", "Hình thức khen thưởng", "Cộng (lượt)",
                        MONEY], rows, [60, 26, 26, 22, 30], "LRRRR"))


def _groups(doc: Document, f: YearFigures) -> None:
    rows = [[g.label, number(g.total), "" if g.people is None else number(g.people),
             "" if g.share is None else percent(g.share)] for g in f.groups]
    doc.add(data_table(["Đối tượng được khen thưởng", "Số lượt", "Số người", "Tỷ lệ (theo lượt)"],
                       rows, [80, 26, 26, 32], "LRRR"))


def print_report(session: Session, _id: int | None = None, year: int | None = None,
                 on: dt.date | None = None) -> PrintedDocument:
    year = year or latest_year(session, Award.year)
    # Dated the day its figures are counted to: the clerk's date, else today while the year
    # runs, else the signing day of the last decision on the year's achievements (a 2024
    # report counts the 2024 titles decided in early 2025 and says so); no decision signed
    # after that day is counted.
    day = on or figures_as_of(session, year)
    f = year_figures(session, year, today=day)
    fund = fund_summary(session, year)
    p = profile(session)
    doc = Document(f"Báo cáo số liệu thi đua, khen thưởng năm {year}", author=p.office_name)
    doc.date = day
    doc.add(admin_header(office_issuer(p), f"Số:{BLANK}/BC-{office_symbol(p)}", place_date(p.place_name, day)))
    doc.add(*title_block("Báo cáo", f"Số liệu công tác thi đua, khen thưởng năm {year}"))
    doc.add(para(f"{p.office_name} báo cáo số liệu công tác thi đua, khen thưởng năm {year} của "
                 f"{authority_short_name(p)} (khen thưởng tính theo năm của thành tích, không gồm khen "
                 f"thưởng đã thu hồi; số liệu tính đến {long_date(day)}) như sau:", "body"))
    t = f.totals
    _heading(doc, "1. Kết quả khen thưởng theo danh hiệu, hình thức")
    _awards(doc, f)
    doc.add(Spacer(1, 2 * mm), para(
        f"Tổng số: {number(t.total)} lượt khen thưởng ({number(t.individual)} lượt cá nhân của "
        f"{number(t.people)} người; {number(t.collective)} lượt tập thể; {number(t.household)} lượt hộ "
        f"gia đình); tiền thưởng {number(t.money)} đồng."
        + (f" Đã thu hồi {number(t.revoked)} khen thưởng (không tính ở trên)." if t.revoked else ""), "body"))
    _heading(doc, "2. Khen thưởng theo cơ quan quyết định")
    _deciders(doc, f)
    _heading(doc, "3. Khen thưởng theo đối tượng")
    _groups(doc, f)
    _heading(doc, "4. Khen thưởng theo loại hình")
    kinds = [[k.label, number(k.total)] for k in f.kinds] or [["Chưa có", "0"]]
    kinds.append(Total("Cộng", [number(sum(k.total for k in f.kinds))]))
    doc.add(data_table(["Loại hình khen thưởng", "Số lượt"], kinds, [3, 1], "LR"))
    _heading(doc, "5. Hồ sơ đề nghị khen thưởng")
    doc.add(data_table(["Chỉ tiêu", "Số liệu"],
                       [[label, number(value) if isinstance(value, int) else
                         (f"{value:.1f}".replace(".", ",") if isinstance(value, float) else str(value))]
                        for label, value in dossier_rows(f)], [3, 1], "LR"))
    _heading(doc, "6. Kinh phí khen thưởng")
    doc.add(para(fund_basis(fund), "body"))
    doc.add(data_table(["Chỉ tiêu", "Số tiền (đồng)"],
                       [[label, NO_BUDGET if value is None else number(value)]
                        for label, value in fund_lines(fund, authority_short_name(p))],
                       [3, 1], "LR"))
    sign = signed(session, "report", p)
    doc.add_closing(closing([f"- {authority_short_name(p)};", f"- Lưu: VT, {office_symbol(p)}."],
                    sign.lines, sign.name))
    return doc.build(f"BaoCaoSoLieu_{year}.pdf")
