"""Báo cáo kết quả tự chấm điểm thi đua: the report our authority sends with its self-scoring
table to the province's bloc (khối thi đua do tỉnh tổ chức) — the basis (the bloc's guidance,
the covenant), the total and each group's score, the explanation of every criterion not given
full marks, and the table itself as an annex with the evidence per criterion.

Signed by the authority (TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH), addressed to the bloc's head.
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer
from sqlalchemy.orm import Session

from app.bloc_criteria import points_text
from app.errors import NotFound, UserError
from app.formats import place_date, short_date
from app.printing.common import (
    authority_issuer,
    authority_short_name,
    office_symbol,
    profile,
    signed,
)
from app.printing.dates import form_date
from app.printing.kit import (
    BLANK,
    Document,
    HRule,
    PrintedDocument,
    Section,
    Total,
    admin_header,
    cap_first,
    closing,
    data_table,
    para,
    slug,
    styles,
    title_block,
)


def _heading(text: str) -> Paragraph:
    return Paragraph(f"<b>{text}</b>", styles()["body_flat"])


def _section(doc: Document, heading: str, paragraphs: list) -> None:
    """A section whose heading never ends a page alone: it stays with its first paragraph."""
    doc.add(KeepTogether([_heading(heading), paragraphs[0]]), *paragraphs[1:])


def _pts(value) -> str:
    return points_text(value) or "—"


def print_province_bloc(session: Session, bloc_id: int | None = None, year: int | None = None,
                        on: dt.date | None = None) -> PrintedDocument:
    from app.province_bloc import province_bloc_view, province_blocs

    if bloc_id is None:
        if year is None:  # the latest year whose bloc has its criteria table (a new year's has not yet)
            from sqlalchemy import func, select

            from db.models import Bloc, BlocCriterion

            year = session.scalar(select(func.max(Bloc.year)).join(BlocCriterion, BlocCriterion.bloc_id == Bloc.id)
                                  .where(Bloc.organiser == "province"))
            year = year or dt.date.today().year
        blocs = province_blocs(session, year)
        if not blocs:
            raise NotFound(f"Năm {year} chưa ghi khối thi đua nào do tỉnh tổ chức.")
        bloc_id = blocs[0].id
    v = province_bloc_view(session, bloc_id)
    if not v.lines:
        raise UserError(f"{v.name} năm {v.year} chưa có bảng tiêu chí: hãy nhập bảng tiêu chí tỉnh gửi trước khi in.")
    if v.total() is None:
        raise UserError(f"Chưa tự chấm điểm tiêu chí nào của {v.name} năm {v.year}.")
    p = profile(session)
    day = form_date(year, event=v.self_sent_on, chosen=on)
    number = v.self_sent_ref or f"{BLANK}/BC-{p.authority_short}"
    who = authority_short_name(p)
    doc = Document(f"Báo cáo tự chấm điểm thi đua năm {v.year}", author=p.authority_name)
    doc.date = day
    doc.add(admin_header(authority_issuer(p), f"Số: {number}", place_date(p.place_name, day)))
    doc.add(*title_block("Báo cáo", f"Kết quả tự chấm điểm thi đua năm {v.year} của {who}"))
    if v.info.head_name:
        doc.add(para(f"Kính gửi: {v.info.head_name} - Khối trưởng {v.name}.", "center"), Spacer(1, 2 * mm))
    bases = []
    if v.info.criteria_source:
        bases.append(f"Thực hiện {v.info.criteria_source}")
    if v.covenant_signed_on:
        where = f" tại {v.info.covenant_place.removeprefix('Hội nghị ký giao ước thi đua tại ')}" \
            if v.info.covenant_place else ""
        bases.append(f"căn cứ giao ước thi đua năm {v.year} của {v.name} ký ngày {short_date(v.covenant_signed_on)}{where}")
    lead = "; ".join(bases)
    lead = (cap_first(lead) + ", " if lead else "") + f"{who} báo cáo kết quả tự chấm điểm thi đua năm {v.year} như sau:"
    doc.add(para(lead, "body"))
    bonus = sum((ln.self_score or 0) for ln in v.lines if ln.kind == "bonus" and not ln.is_group)
    part = [para(f"Tổng điểm tự chấm: {_pts(v.total())}/{_pts(v.max_total)} điểm"
                 + (f" (trong đó điểm thưởng {_pts(bonus)} điểm)" if bonus else "") + ", cụ thể:", "body")]
    for line in v.lines:
        if line.depth == 0:
            got = v.subtotal(line) if line.is_group else line.self_score
            label = {"bonus": "Điểm thưởng", "penalty": "Điểm trừ"}.get(line.kind, line.code)
            part.append(para(f"- {label}. {line.title}: {_pts(got)}/{_pts(line.max_points)} điểm;", "body"))
    _section(doc, "I. KẾT QUẢ TỰ CHẤM ĐIỂM", part)
    short = [ln for ln in v.lines if not ln.is_group and ln.kind == "score"
             and (ln.self_score is None or ln.self_score < ln.max_points)]
    part = []
    for ln in short:
        why = (ln.explanation or "chưa hoàn thành đầy đủ các nội dung của tiêu chí").rstrip(". ")
        part.append(para(f"- Tiêu chí {ln.code} «{ln.title}»: tự chấm {_pts(ln.self_score)}/"
                         f"{_pts(ln.max_points)} điểm; {why[:1].lower() + why[1:]}.", "body"))
    _section(doc, "II. GIẢI TRÌNH CÁC TIÊU CHÍ CHƯA ĐẠT ĐIỂM TỐI ĐA",
             part or [para("Các tiêu chí đều tự chấm đạt điểm tối đa.", "body")])
    proposal = para(f"{who} đề nghị {v.name} xem xét, thống nhất điểm và xếp hạng thi đua năm {v.year} "
                    "theo quy chế của Khối (bảng tự chấm điểm và tài liệu minh chứng kèm theo)./.", "body")
    sign = signed(session, "authority_report", p)
    recipients = ["- Như trên;", "- Thường trực Hội đồng TĐKT tỉnh (Sở Nội vụ);",
                  f"- Lưu: VT, {office_symbol(p)}."]
    # The last section, its paragraph and the signature move to the next page together.
    doc.add(KeepTogether([_heading("III. ĐỀ NGHỊ"), proposal, closing(recipients, sign.lines, sign.name)]))
    _annex(doc, v, number, day, who)
    return doc.build(f"TuChamDiem_{slug(v.name)}_{v.year}.pdf")


def _annex(doc: Document, v, number: str, day: dt.date, who: str) -> None:
    doc.new_part()
    doc.add(para("BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM " + str(v.year), "annex_title"))
    doc.add(para(v.name, "annex_title"))
    doc.add(para(f"(Kèm theo Báo cáo số {number.strip()} ngày {short_date(day)} của {who})", "annex_note"))
    doc.add(HRule(40 * mm), Spacer(1, 3 * mm))
    rows: list = []
    for ln in v.lines:
        if ln.is_group:
            rows.append(Section(f"{ln.code}. {ln.title.upper()} ({_pts(v.subtotal(ln))}/{_pts(ln.max_points)})"
                                if ln.code else ln.title.upper()))
            continue
        prefix = {"bonus": "Điểm thưởng: ", "penalty": "Điểm trừ: "}.get(ln.kind, "")
        note = "; ".join(x for x in (ln.explanation, ln.evidence_text) if x)
        rows.append([ln.code, prefix + ln.title, _pts(ln.max_points), _pts(ln.self_score), note])
    rows.append(Total("Tổng cộng", [_pts(v.max_total), _pts(v.total()), ""], span=2))
    doc.add(data_table(["TT", "Nội dung tiêu chí", "Điểm chuẩn", "Tự chấm", "Giải trình, tài liệu minh chứng"],
                       rows, [10, 72, 16, 16, 62], "CLCCL"))
