"""Báo cáo kết quả thẩm định: the office's report on a dossier, nominee by nominee — the
documents found and missing, each nominee's eligibility as the dossier window and `tdkt
eligibility` give it (app.rules.check_dossier, with its reasons and the legal article) beside
the office's own conclusion and why, and the conclusion the council reads before it votes.

One dossier (`--id`), or every appraised dossier of a year, each its own report in one PDF.
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.catalog import DOSSIER_CATEGORIES
from app.dossier_view import live_warnings
from app.errors import NotFound
from app.formats import place_date, short_date
from app.nominees import APPRAISALS, warnings_shown
from app.overrides import Override, is_override, override_text, overrides_sentence
from app.printing.common import (
    Profile,
    authority_short_name,
    award_names,
    head_of_authority,
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
    PrintedDocument,
    admin_header,
    closing,
    data_table,
    para,
    slug,
    title_block,
)
from app.rules import VERDICTS, check_dossier
from app.states import APPRAISAL_STARTED, recipients_text
from db.models import Dossier, Unit

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


def check_text(verdict) -> str:
    """The eligibility check as the dossier window and `tdkt eligibility` give it: the verdict,
    then the reasons that decide it (what fails or is unknown first), each with its article."""
    if verdict is None:
        return "Không kiểm tra (đã rút khỏi hồ sơ)"
    deciding = [r for r in verdict.reasons if r.outcome in ("fail", "unknown")] or \
        [r for r in verdict.reasons if r.outcome == "ok"]
    reasons = "; ".join(r.message.rstrip(".") + (f" ({r.basis})" if r.basis else "") for r in deciding)
    return f"{VERDICTS[verdict.verdict]}" + (f": {reasons}." if reasons else ".")


def opinion_text(nominee, dossier_reason: str = "", verdict: str | None = None) -> str:
    """The office's own conclusion on the nominee (Đạt, Không đạt, Cần bổ sung ...) and why; a
    reason that is the whole dossier's is said once, in the conclusion. "Đạt" over a check that
    says "Không đủ điều kiện" says so, with its reason (app/overrides.py)."""
    warnings = "; ".join(w["message"] for w in warnings_shown(live_warnings(nominee.warnings)))
    note = nominee.appraisal_note.strip()
    if is_override(nominee.appraisal, verdict):
        return override_text(note) + (f"; {warnings}" if warnings else "")
    if note and note == dossier_reason:
        note = "theo kết luận về hồ sơ (mục 3)"
    why = "; ".join(x for x in (note, warnings) if x)
    return APPRAISALS.get(nominee.appraisal, nominee.appraisal) + (f": {why}" if why else "")


def _dropped_reason(dossier: Dossier) -> str:
    """Why the whole dossier was not proposed (its last move to "rejected"), if it was not."""
    if dossier.status != "rejected":
        return ""
    moves = [e for e in dossier.history if e.to_status == "rejected" and e.reason]
    return moves[-1].reason.strip() if moves else ""


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
    # The same check the dossier window and `tdkt eligibility` run (nothing is stored here).
    verdicts = {v.nominee_id: v for v in check_dossier(session, dossier.id, store=False)}
    dropped = _dropped_reason(dossier)
    rows = []
    for i, n in enumerate(dossier.nominees, start=1):
        where = where_of(n.name, n.position, n.unit_text)
        who = n.name + (f"\n{where}" if where else "")
        rows.append([str(i), who, types[n.award_type_id].name + (f"\nXếp loại: {n.rating}" if n.rating else ""),
                     check_text(verdicts.get(n.id)),
                     opinion_text(n, dropped, verdicts[n.id].verdict if n.id in verdicts else None)])
    doc.add(Spacer(1, 2 * mm))
    doc.add(data_table(["STT", "Họ và tên, chức vụ, đơn vị", "Đề nghị", "Kiểm tra tiêu chuẩn (lý do, căn cứ)",
                        "Ý kiến thẩm định"], rows, [9, 42, 28, 62, 34], "CLLLL"))
    checked = {k: sum(1 for v in verdicts.values() if v.verdict == k) for k in VERDICTS}
    opinions = {k: sum(1 for n in dossier.nominees if n.appraisal == k) for k in APPRAISALS}
    doc.add(para("<b>3. Kết luận</b>", "body", markup=True))
    doc.add(para(f"Tổng số đề nghị: {recipients_text((n.subject, n.person_id or n.name) for n in dossier.nominees)}. "
                 "Kiểm tra tiêu chuẩn: " + "; ".join(f"{VERDICTS[k].lower()}: {checked[k]:02d}" for k in VERDICTS)
                 + ". Ý kiến thẩm định: " + "; ".join(f"{APPRAISALS[k].lower()}: {n:02d}"
                                                      for k, n in opinions.items() if n) + ".", "body"))
    overridden = [Override(n.id, n.name, types[n.award_type_id].name, n.appraisal_note.strip())
                  for n in dossier.nominees
                  if n.id in verdicts and is_override(n.appraisal, verdicts[n.id].verdict)]
    if overridden:
        doc.add(para(overrides_sentence(overridden), "body"))
    if dropped:
        doc.add(para(f"Hồ sơ không được đề nghị khen thưởng: {dropped[0].lower() + dropped[1:]}", "body"))
    who_decides = (dossier.forwarded_to or p.superior_name) if dossier.authority == "forwarded" \
        else head_of_authority(p)
    if opinions.get("approved"):
        doc.add(para(f"{p.office_name} đề nghị Hội đồng Thi đua - Khen thưởng {authority_short_name(p)} "
                     f"xem xét, trình {who_decides} khen thưởng {opinions['approved']:02d} trường hợp có ý "
                     "kiến thẩm định đạt nêu trên./.", "body"))
    else:
        doc.add(para(f"{p.office_name} báo cáo Hội đồng Thi đua - Khen thưởng {authority_short_name(p)}: "
                     "hồ sơ chưa có trường hợp nào được đề nghị khen thưởng./.", "body"))
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
