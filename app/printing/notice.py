"""Thông báo công khai: the office's notice posting the list of nominees before the council
(công khai, Luật Thi đua, khen thưởng 2022), and the list itself as its annex — the nominees
appraised as eligible, grouped by the award proposed, collectives before individuals: the same
lines as the workbook the dossier window exports (app.nominees.notice_list).

The period and the place come from the notice recorded on the dossier; printed before it is
recorded, they are left blank to fill in by hand.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from reportlab.lib.units import mm
from reportlab.platypus import Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound, UserError
from app.formats import place_date, short_date
from app.printing.common import (
    authority_short_name,
    latest_year,
    office_issuer,
    office_symbol,
    profile,
    signed,
    where_of,
)
from app.printing.dates import form_date
from app.printing.kit import (
    BLANK,
    Document,
    HRule,
    PrintedDocument,
    Section,
    admin_header,
    closing,
    data_table,
    para,
    slug,
    title_block,
)
from app.states import POSTABLE, SUBJECT_ORDER, SUBJECTS, recipients_text
from db.models import Dossier, Nominee, Unit

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
SUBJECT_HEADINGS = SUBJECTS
# States whose approved nominees can be posted (appraised onwards, the notice itself included).
DATE_BLANK = "\u00a0" * 4 + "/" + "\u00a0" * 4 + "/" + "\u00a0" * 8


def notice_dossier(session: Session, dossier_id: int | None, year: int | None) -> Dossier:
    """The dossier named, else the latest of the year (the latest year with dossiers) that has
    nominees appraised as eligible."""
    if dossier_id is not None:
        dossier = session.get(Dossier, dossier_id)
        if dossier is None:
            raise NotFound(f"Không có hồ sơ số hiệu {dossier_id} trong dữ liệu.")
        return dossier
    year = year or latest_year(session, Dossier.year)
    # The one being posted (noticed) first, else the latest appraised one.
    dossier = session.scalar(
        select(Dossier).where(Dossier.year == year, Dossier.status.in_(POSTABLE),
                              Dossier.id.in_(select(Nominee.dossier_id).where(Nominee.appraisal == "approved")))
        .order_by((Dossier.status == "noticed").desc(), Dossier.received_on.desc(), Dossier.number.desc())
        .limit(1))
    if dossier is None:
        raise NotFound(f"Năm {year} chưa có hồ sơ nào có người được thẩm định “Đạt” để công khai.")
    return dossier


def print_notice(session: Session, dossier_id: int | None = None, year: int | None = None,
                 on: dt.date | None = None) -> PrintedDocument:
    from app.nominees import notice_list

    dossier = notice_dossier(session, dossier_id, year)
    lines = notice_list(session, dossier.id)
    if not lines:
        raise UserError(f"Hồ sơ {dossier.number} chưa có ai được thẩm định “Đạt” để công khai.")
    p = profile(session)
    day = form_date(dossier.year, event=dossier.notice_from, chosen=on)
    unit = session.get(Unit, dossier.unit_id)
    unit_name = unit.name if unit else ""
    symbol = office_symbol(p)
    number = f"{BLANK}/TB-{symbol}"  # the number is written by hand when the notice is signed
    doc = Document(f"Thông báo công khai danh sách đề nghị khen thưởng — hồ sơ {dossier.number}",
                   author=p.office_name)
    doc.date = day
    doc.add(admin_header(office_issuer(p), f"Số:{number}", place_date(p.place_name, day)))
    doc.add(*title_block("Thông báo", f"Công khai danh sách tập thể, cá nhân được đề nghị khen thưởng "
                                      f"năm {dossier.year}"))
    who = recipients_text((n.subject, n.who) for n in lines)
    ref = f" tại {dossier.proposal_ref}" if dossier.proposal_ref else ""
    doc.add(para(f"Thực hiện quy định của Luật Thi đua, khen thưởng về công khai danh sách đề nghị khen "
                 f"thưởng; trên cơ sở hồ sơ số {dossier.number} của {unit_name}{ref} "
                 f"đã được thẩm định, {p.office_name} thông báo công khai danh sách {who} được đề nghị khen "
                 "thưởng (có danh sách kèm theo).",
                 "body"))
    start = short_date(dossier.notice_from) if dossier.notice_from else DATE_BLANK
    end = short_date(dossier.notice_to) if dossier.notice_to else DATE_BLANK
    where = dossier.notice_note or f"trụ sở {unit_name} và {p.office_name}"
    doc.add(para(f"Thời gian công khai: từ ngày {start} đến ngày {end}; địa điểm: {where}.", "body"))
    doc.add(para(f"Mọi ý kiến phản ánh về các tập thể, cá nhân trong danh sách (ghi rõ họ tên, địa chỉ "
                 f"người phản ánh) xin gửi về {p.office_name} trong thời gian công khai để tổng hợp, báo cáo "
                 f"Hội đồng Thi đua - Khen thưởng {authority_short_name(p)} xem xét./.", "body"))
    sign = signed(session, "notice", p)
    doc.add_closing(closing([f"- {unit_name} (để niêm yết);" if unit_name else "- Đơn vị đề nghị;",
                             f"- Hội đồng TĐKT {authority_short_name(p)};",
                             f"- Lưu: VT, {symbol}."], sign.lines, sign.name))
    _annex(doc, lines, number, day, p.office_name, dossier)
    return doc.build(f"CongKhai_{slug(dossier.number)}.pdf")


def _annex(doc: Document, lines, number: str, day: dt.date, office: str, dossier: Dossier) -> None:
    doc.new_part()
    doc.add(para("DANH SÁCH", "annex_title"))
    doc.add(para(f"Tập thể, cá nhân được đề nghị khen thưởng năm {dossier.year}", "annex_title"))
    doc.add(para(f"(Kèm theo Thông báo số{number} ngày {short_date(day)} "
                 f"của {office})", "annex_note"))
    doc.add(HRule(40 * mm), Spacer(1, 3 * mm))
    rows: list = []
    seq = 0
    ordered = sorted(lines, key=lambda n: (n.award_order, n.award, SUBJECT_ORDER.get(n.subject, 9), n.seq))
    for gi, (award, group) in enumerate(groupby(ordered, key=lambda n: n.award)):
        group = list(group)
        rows.append(Section(f"{ROMAN[gi] if gi < len(ROMAN) else gi + 1}. {award.upper()} ({len(group):02d})"))
        subjects = [(s, list(g)) for s, g in groupby(group, key=lambda n: n.subject)]
        for si, (subject, members) in enumerate(subjects):
            if len(subjects) > 1:
                rows.append(Section(f"{si + 1}. {SUBJECT_HEADINGS.get(subject, subject)} ({len(members):02d})"))
            for n in members:
                seq += 1
                rows.append([str(seq), n.name, where_of(n.name, n.position, n.unit) or "—"])
    doc.add(data_table(["STT", "Họ và tên, tên tập thể", "Chức vụ, đơn vị công tác"], rows, [10, 60, 95], "CLL"))
