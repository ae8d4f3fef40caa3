"""Báo cáo kết quả thẩm định: the office's report on a dossier, nominee by nominee — the
documents found and missing, each nominee's verdict with its reasons and the legal article,
and the conclusion the council reads before it votes.

One dossier (`--id`), or every appraised dossier of a year, each its own report in one PDF.
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.catalog import DOSSIER_CATEGORIES
from app.errors import NotFound
from app.formats import place_date, short_date
from app.printing.common import (
    Profile,
    authority_short_name,
    award_names,
    head_of_authority,
    latest_year,
    office_issuer,
    office_symbol,
    profile,
    reasons_text,
    signed,
    where_of,
)
from app.printing.dates import form_date
from app.printing.kit import (
    BLANK,
    Document,
    PrintedDocument,
    admin_header,
    closing,
    data_table,
    para,
    slug,
    title_block,
)
from app.states import APPRAISAL_STARTED
from db.models import Dossier, Unit

APPRAISAL = {"approved": "Đủ điều kiện", "rejected": "Không đủ điều kiện",
             "returned": "Trả lại, bổ sung", "withdrawn": "Đơn vị rút đề nghị"}
VERDICT = {"meets": "Đạt tiêu chuẩn (chờ duyệt)", "fails": "Không đạt tiêu chuẩn (chờ duyệt)",
           "unknown": "Chưa đủ thông tin để kết luận"}
APPRAISED = APPRAISAL_STARTED


def appraised_dossiers(session: Session, dossier_id: int | None, year: int | None) -> list[Dossier]:
    if dossier_id is not None:
        dossier = session.get(Dossier, dossier_id)
        if dossier is None:
            raise NotFound(f"Không có hồ sơ số hiệu {dossier_id} trong dữ liệu.")
        return [dossier]
    year = year or latest_year(session, Dossier.year)
    dossiers = list(session.scalars(select(Dossier).where(Dossier.year == year,
                                                          Dossier.status.in_(APPRAISED))
                                    .order_by(Dossier.received_on, Dossier.number)))
    if not dossiers:
        raise NotFound(f"Năm {year} chưa có hồ sơ nào đã thẩm định.")
    return dossiers


def appraised_on(dossier: Dossier) -> dt.date | None:
    """The day the office finished appraising the dossier (its last move to "appraised")."""
    days = [e.at.date() for e in dossier.history if e.to_status == "appraised" and e.at is not None]
    return max(days) if days else None


def result_of(nominee) -> str:
    if nominee.appraisal in APPRAISAL:
        return APPRAISAL[nominee.appraisal]
    return VERDICT.get(nominee.verdict, "Chưa thẩm định")


def _report(doc: Document, session: Session, dossier: Dossier, p: Profile, day: dt.date) -> None:
    types = award_names(session)
    unit = session.get(Unit, dossier.unit_id)
    unit_name = unit.name if unit else ""
    doc.add(admin_header(office_issuer(p), f"Số:{BLANK}/BC-{office_symbol(p)}",
                         place_date(p.place_name, day)))
    doc.add(*title_block("Báo cáo", f"Kết quả thẩm định hồ sơ đề nghị khen thưởng của {unit_name}"))
    ref = f" ({dossier.proposal_ref})" if dossier.proposal_ref else ""
    category = DOSSIER_CATEGORIES.get(dossier.category, dossier.category).lower()
    doc.add(para(f"Ngày {short_date(dossier.received_on)}, {p.office_name} tiếp nhận hồ sơ số "
                 f"{dossier.number} của {unit_name} đề nghị khen thưởng {category} năm "
                 f"{dossier.year}{ref}. Sau khi thẩm định, {p.office_name} báo cáo kết quả như sau:",
                 "body"))
    doc.add(para("<b>1. Thành phần hồ sơ</b>", "body", markup=True))
    if dossier.documents:
        for d in dossier.documents:
            state = "có" if d.present else ("thiếu" if d.required else "không có (không bắt buộc)")
            note = f" ({d.note})" if d.note else ""
            doc.add(para(f"- {d.name}: {state}{note};", "body"))
        missing = [d for d in dossier.documents if d.required and not d.present]
        doc.add(para("Hồ sơ đủ thành phần theo quy định." if not missing else
                     f"Hồ sơ còn thiếu {len(missing):02d} thành phần bắt buộc.", "body"))
    else:
        doc.add(para("Hồ sơ chưa được đối chiếu thành phần.", "body"))
    doc.add(CondPageBreak(40 * mm), para("<b>2. Kết quả thẩm định từng trường hợp</b>", "body",
                                         markup=True))
    rows = []
    for i, n in enumerate(dossier.nominees, start=1):
        where = where_of(n.name, n.position, n.unit_text)
        why = "; ".join(x for x in (reasons_text(n.verdict_reasons), n.appraisal_note.strip(),
                                    "; ".join(str(w) for w in n.warnings or [])) if x)
        who = n.name + (f"\n{where}" if where else "")
        rows.append([str(i), who, types[n.award_type_id].name + (f"\nXếp loại: {n.rating}" if n.rating else ""),
                     result_of(n), why or "—"])
    doc.add(Spacer(1, 2 * mm))
    doc.add(data_table(["STT", "Họ và tên, chức vụ, đơn vị", "Đề nghị", "Kết quả", "Lý do, căn cứ"],
                       rows, [9, 45, 32, 24, 55], "CLLCL"))
    total = len(dossier.nominees)
    count = {k: sum(1 for n in dossier.nominees if n.appraisal == k) for k in APPRAISAL}
    collectives = sum(1 for n in dossier.nominees if n.subject != "individual")
    doc.add(para("<b>3. Kết luận</b>", "body", markup=True))
    doc.add(para(f"Tổng số đề nghị: {total:02d} ({collectives:02d} tập thể, {total - collectives:02d} "
                 f"cá nhân); đủ điều kiện: {count['approved']:02d}; không đủ điều kiện: "
                 f"{count['rejected']:02d}; trả lại bổ sung: {count['returned']:02d}; chưa kết luận: "
                 f"{total - sum(count.values()):02d}.", "body"))
    who_decides = (dossier.forwarded_to or p.superior_name) if dossier.authority == "forwarded" \
        else head_of_authority(p)
    doc.add(para(f"{p.office_name} đề nghị Hội đồng Thi đua - Khen thưởng {authority_short_name(p)} "
                 f"xem xét, trình {who_decides} khen thưởng các trường hợp đủ điều kiện nêu trên./.",
                 "body"))
    sign = signed(session, "appraisal", p)
    doc.add_closing(closing([f"- Hội đồng TĐKT {authority_short_name(p)};", f"- Lưu: VT, {office_symbol(p)}."],
                    sign.lines, sign.name))


def print_appraisal(session: Session, dossier_id: int | None = None, year: int | None = None,
                    on: dt.date | None = None) -> PrintedDocument:
    dossiers = appraised_dossiers(session, dossier_id, year)
    p = profile(session)
    title = (f"Báo cáo thẩm định hồ sơ {dossiers[0].number}" if len(dossiers) == 1
             else f"Báo cáo thẩm định {len(dossiers)} hồ sơ năm {dossiers[0].year}")
    doc = Document(title, author=p.office_name)
    for i, dossier in enumerate(dossiers):
        if i:
            doc.new_part()
        day = form_date(dossier.year, event=appraised_on(dossier), chosen=on)
        doc.date = doc.date or day
        _report(doc, session, dossier, p, day)
    return doc.build(f"ThamDinh_{slug(dossiers[0].number if len(dossiers) == 1 else str(dossiers[0].year))}.pdf")
