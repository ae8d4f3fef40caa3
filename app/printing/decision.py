"""Quyết định khen thưởng: the decision itself (Căn cứ ..., Điều 1–3, Nơi nhận, signature) and
its attached list (danh sách kèm theo), grouped by award — collectives, then households, then
individuals — with the award money per line and the total. The list turns to A4 landscape
when it needs the achievement column (lines with different achievements).

Everything comes from the Decision, its ledger lines (Award) and the office profile.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import OrderedDict
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.awards import money_notes
from app.errors import NotFound, UserError
from app.formats import money, money_in_words, number, place_date, short_date
from app.printing.common import (
    Profile,
    authority_head_title,
    authority_issuer,
    authority_short_name,
    award_names,
    chief_of_staff,
    decision_profile,
    get_setting,
    office_head_phrase,
    office_symbol,
    where_of,
)
from app.printing.dates import refuse_other_date
from app.printing.kit import (
    BLANK,
    LANDSCAPE,
    PORTRAIT,
    Document,
    HRule,
    PrintedDocument,
    Section,
    Total,
    admin_header,
    cap_first,
    closing,
    data_table,
    frame_width,
    para,
    slug,
    title_block,
)
from app.signers import decision_signature
from app.states import SUBJECT_ORDER, SUBJECT_WORDS, SUBJECTS, recipients_text
from app.text import fold
from db.models import Award, AwardType, Decision

SUBJECT_HEADINGS = SUBJECTS
SUBJECT_COUNT_WORDS = SUBJECT_WORDS
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV"]
DEFAULT_BASES = [
    "Căn cứ Luật Tổ chức chính quyền địa phương;",
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "Căn cứ Nghị định số {decree} của Chính phủ quy định chi tiết thi hành Luật Thi đua, khen thưởng;",
]



def _achieved(text: str) -> str:
    """The common achievement as Điều 1 says it: «đã có thành tích …», whatever the list wrote
    («Nuôi cá lồng hiệu quả» → «đã có thành tích nuôi cá lồng hiệu quả»)."""
    text = text.strip().rstrip(".;")
    lowered = text[0].lower() + text[1:]
    said = fold(lowered)
    if said.startswith(("da co thanh tich", "co thanh tich", "vi ", "da ", "do ")):
        return lowered
    if said.startswith("thanh tich"):
        return "đã có " + lowered
    return "đã có thành tích " + lowered

def decree_of(decision: Decision) -> str:
    """The detailing decree a decision follows: its stored legal basis, else by its date."""
    found = re.search(r"\d+/\d{4}/NĐ-CP", decision.legal_basis or "")
    if found:
        return found.group(0)
    return "152/2025/NĐ-CP" if decision.issued_on >= dt.date(2025, 7, 1) else "98/2023/NĐ-CP"


def grouped(session: Session, decision: Decision) -> OrderedDict[AwardType, dict[str, list[Award]]]:
    """The decision's lines by award (catalogue order), then by subject (collectives first)."""
    types = award_names(session)
    awards = sorted(decision.awards, key=lambda a: (types[a.award_type_id].sort_order,
                                                    SUBJECT_ORDER.get(a.subject, 9),
                                                    a.book_no or 10**9, a.id))
    groups: OrderedDict[AwardType, dict[str, list[Award]]] = OrderedDict()
    for award in awards:
        groups.setdefault(types[award.award_type_id], {}).setdefault(award.subject, []).append(award)
    return groups


def _verb(award: AwardType) -> str:
    return f"tặng danh hiệu {award.name}" if award.category == "title" else f"tặng {award.name}"


def _counts(by_subject: dict[str, list[Award]]) -> str:
    parts = [f"{len(v):02d} {SUBJECT_COUNT_WORDS.get(k, k)}" for k, v in
             sorted(by_subject.items(), key=lambda kv: SUBJECT_ORDER.get(kv[0], 9))]
    return join_names(parts)


def subject_line(decision: Decision, groups) -> str:
    """`Về việc ...`: the decision's summary, else made from its awards and year."""
    summary = (decision.summary or "").strip()
    if summary:
        if fold(summary).startswith("ve viec"):
            return summary
        return "Về việc " + summary[0].lower() + summary[1:]
    years = sorted({a.year for subj in groups.values() for lines in subj.values() for a in lines})
    year = f" năm {years[0]}" if len(years) == 1 else ""
    titles = [t.name for t in groups if t.category == "title"]
    forms = [t.name for t in groups if t.category != "title"]
    parts = []
    if titles:
        parts.append("tặng danh hiệu " + join_names(titles))
    if forms:
        parts.append("tặng " + join_names(forms))
    return "Về việc " + " và ".join(parts) + year


def join_names(names: list[str]) -> str:
    """`A`, `A và B`, `A, B và C`."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " và " + names[-1]


def total_money(decision: Decision) -> Decimal:
    return sum((Decimal(a.money) for a in decision.awards if a.money is not None), Decimal(0))


def _decision_part(doc: Document, session: Session, decision: Decision, p: Profile, groups) -> None:
    symbol = decision.number or f"{BLANK}/QĐ-{p.authority_short}"
    doc.add(admin_header(authority_issuer(p), f"Số: {symbol}",
                         place_date(p.place_name, decision.issued_on)))
    doc.add(*title_block("Quyết định", subject_line(decision, groups)))
    # An award is the chairman's own power (Law 2022 Art. 80): he decides in his own name.
    head = authority_head_title(session, p)
    doc.add(para(f"{head} {p.authority_name}".upper(), "title"))
    bases = get_setting(session, "printing.decision_bases", DEFAULT_BASES)
    for line in bases:
        doc.add(para(line.format(decree=decree_of(decision)), "body"))
    doc.add(para(f"Theo đề nghị của {office_head_phrase(p)}.", "body"))
    doc.add(para("QUYẾT ĐỊNH:", "decides"))
    achievements = {a.achievement.strip() for a in decision.awards if a.achievement.strip()}
    common = next(iter(achievements)) if len(achievements) == 1 else ""
    if len(groups) == 1:
        (award, by_subject), = groups.items()
        line = f"<b>Điều 1.</b> {cap_first(_verb(award))} cho {_counts(by_subject)} (có danh sách kèm theo)"
        line += f", {_achieved(common)}." if common else "."
        doc.add(para(line, "body", markup=True))
    else:
        doc.add(para("<b>Điều 1.</b> Khen thưởng các tập thể, cá nhân (có danh sách kèm theo), gồm:",
                     "body", markup=True))
        items = list(groups.items())
        for i, (award, by_subject) in enumerate(items):
            end = "." if i == len(items) - 1 else ";"
            doc.add(para(f"- {cap_first(_verb(award))} cho {_counts(by_subject)}{end}", "body"))
    article = 2
    total = total_money(decision)
    if total:
        doc.add(para(
            f"<b>Điều {article}.</b> Kèm theo danh hiệu, hình thức khen thưởng được thưởng mức tiền "
            f"theo quy định tại Nghị định số {decree_of(decision)} của Chính phủ. Tổng số tiền "
            f"thưởng: <b>{money(total)}</b> (Bằng chữ: {money_in_words(total)}). Kinh phí khen "
            f"thưởng chi từ Quỹ thi đua, khen thưởng của {authority_short_name(p)}.", "body", markup=True))
        article += 1
    doc.add(para(
        f"<b>Điều {article}.</b> Quyết định này có hiệu lực kể từ ngày ký. {chief_of_staff(session, p)}, "
        f"{office_head_phrase(p)}, Thủ trưởng các cơ quan, đơn vị có "
        f"liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết "
        f"định này./.", "body", markup=True))
    sign = decision_signature(decision.signer_name or p.signer_name,
                              decision.signer_title or p.signer_title, decision.sign_mode, head)
    doc.add_closing(closing([f"- Như Điều {article};", f"- Lưu: VT, {office_symbol(p)}."], sign.lines,
                    sign.name))


def _annex(doc: Document, session: Session, decision: Decision, p: Profile, groups) -> None:
    wide = len({a.achievement.strip() for a in decision.awards}) > 1
    orientation = LANDSCAPE if wide else PORTRAIT
    doc.new_part(orientation)
    who = f"{authority_head_title(session, p).capitalize()} {authority_short_name(p)}"
    subject = subject_line(decision, groups)
    what = subject[len("Về việc "):] if fold(subject).startswith("ve viec tang") else "khen thưởng"
    doc.add(para("DANH SÁCH", "annex_title"))
    doc.add(para(f"Các tập thể, cá nhân được {what}", "annex_title"))
    doc.add(para(f"(Kèm theo Quyết định số {decision.number or '....'} ngày "
                 f"{short_date(decision.issued_on)} của {who})", "annex_note"))
    doc.add(HRule(40 * mm), Spacer(1, 3 * mm))
    notes = money_notes(session, list(decision.awards))
    header = ["STT", "Họ và tên, tên tập thể", "Chức vụ, đơn vị", "Số tiền (đồng)"]
    widths, align = [9, 56, 68, 26], "CLLR"
    if wide:
        header.insert(3, "Thành tích")
        widths, align = [9, 52, 62, 84, 26], "CLLLR"
    if notes:  # a line paid less than the award's amount says why (only the highest title is paid)
        header.append("Ghi chú")
        widths, align = [w * 0.82 for w in widths] + [sum(widths) * 0.18], align + "L"
    rows: list = []
    seq = 0
    for gi, (award, by_subject) in enumerate(groups.items()):
        rows.append(Section(f"{ROMAN[gi] if gi < len(ROMAN) else gi + 1}. {award.name.upper()}"))
        for si, (subject, lines) in enumerate(sorted(by_subject.items(),
                                                      key=lambda kv: SUBJECT_ORDER.get(kv[0], 9))):
            rows.append(Section(f"{si + 1}. {SUBJECT_HEADINGS.get(subject, subject)} "
                                f"({len(lines):02d})"))
            for a in lines:
                seq += 1
                where = where_of(a.recipient_name, a.position, a.unit_text)
                cells = [str(seq), a.recipient_name, where,
                         number(a.money) if a.money is not None else ""]
                if wide:
                    cells.insert(3, a.achievement)
                if notes:
                    cells.append(notes.get(a.id, ""))
                rows.append(cells)
    label = "Tổng cộng: " + recipients_text(
        (a.subject, a.person_id or fold(a.recipient_name)) for lines in
        (lines for by_subject in groups.values() for lines in by_subject.values()) for a in lines)
    rows.append(Total(label, [number(total_money(decision))] + ([""] if notes else []),
                      span=len(header) - (2 if notes else 1)))
    doc.add(data_table(header, rows, widths, align, frame_width(orientation)))


def print_decision(session: Session, decision_id: int | None = None,
                   year: int | None = None, on: dt.date | None = None) -> PrintedDocument:
    """The decision and its list, from the ledger lines the decision holds (dated as signed)."""
    decision = find_decision(session, decision_id, year)
    refuse_other_date(on, decision.issued_on, f"Quyết định {decision.number}")
    # The office's authority's heading, or the successor commune's for its decisions from 1/7/2025.
    p = decision_profile(session, decision)
    if not decision.awards:
        raise UserError(f"Quyết định {decision.number or '(chưa có số)'} chưa có danh sách khen thưởng.")
    groups = grouped(session, decision)
    doc = Document(f"Quyết định {decision.number}", author=p.authority_name)
    doc.date, doc.date_fixed = decision.issued_on, True
    _decision_part(doc, session, decision, p, groups)
    _annex(doc, session, decision, p, groups)
    return doc.build(f"QuyetDinh_{slug(decision.number or 'du_thao')}_{decision.issued_on:%Y%m%d}.pdf")


def find_decision(session: Session, decision_id: int | None, year: int | None) -> Decision:
    """The decision named by id, else the latest one the office issued (in the year)."""
    if decision_id is not None:
        decision = session.get(Decision, decision_id)
        if decision is None:
            raise NotFound(f"Không có quyết định số hiệu {decision_id} trong dữ liệu.")
        return decision
    query = select(Decision).where(Decision.external.is_(False))
    if year is not None:
        query = query.where(Decision.year == year)
    decision = session.scalar(query.order_by(Decision.issued_on.desc(), Decision.id.desc()).limit(1))
    if decision is None:
        raise NotFound("Chưa có quyết định khen thưởng nào" + (f" năm {year}" if year else "") + ".")
    return decision

