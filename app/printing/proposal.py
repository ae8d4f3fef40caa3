"""Tờ trình đề nghị khen thưởng: the authority asks its superior to confer awards beyond its
own power (Bằng khen of the province, CSTĐ cấp tỉnh, orders ...) for forwarded dossiers,
with the list of nominees (danh sách đề nghị) attached on A4 landscape.

A tờ trình is the one the office sent: a dossier (`--id`) with the others sent under the same
number, dated the day it was sent. Without `--id`, the draft for the year's dossiers that are
ready to go up and not sent yet; when none wait, the year's latest tờ trình again. A nominee who
already holds that award for that year by a decision in the ledger is not proposed again.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict

from reportlab.lib.units import mm
from reportlab.platypus import Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.achievements import printed_summary
from app.errors import NotFound, UserError
from app.formats import place_date, short_date
from app.overrides import Override, is_override, override_text, overrides_sentence
from app.printing.common import (
    Profile,
    authority_issuer,
    authority_short_name,
    award_names,
    latest_year,
    office_symbol,
    profile,
    signed,
    where_of,
)
from app.printing.dates import form_date
from app.printing.decision import (
    DEFAULT_BASES,
    ROMAN,
    SUBJECT_COUNT_WORDS,
    SUBJECT_HEADINGS,
    SUBJECT_ORDER,
    join_names,
)
from app.printing.kit import (
    BLANK,
    LANDSCAPE,
    Document,
    HRule,
    PrintedDocument,
    Section,
    admin_header,
    cap_first,
    closing,
    data_table,
    frame_width,
    para,
    slug,
    title_block,
)
from app.rules import check_dossier
from app.states import DECIDABLE, PROPOSABLE
from db.models import Award, AwardType, CouncilMeeting, Dossier, Nominee, Unit, Vote

READY = PROPOSABLE


def _sent_with(session: Session, dossier: Dossier) -> list[Dossier]:
    """The dossier and any other sent up under the same tờ trình (same number, same day)."""
    if not dossier.forward_ref:
        return [dossier]
    return list(session.scalars(select(Dossier).where(
        Dossier.year == dossier.year, Dossier.authority == "forwarded",
        Dossier.forward_ref == dossier.forward_ref, Dossier.forwarded_on == dossier.forwarded_on)
        .order_by(Dossier.received_on, Dossier.number)))


def forwarded_dossiers(session: Session, dossier_id: int | None, year: int | None) -> list[Dossier]:
    if dossier_id is not None:
        dossier = session.get(Dossier, dossier_id)
        if dossier is None:
            raise NotFound(f"Không có hồ sơ số hiệu {dossier_id} trong dữ liệu.")
        if dossier.authority != "forwarded":
            raise UserError(f"Hồ sơ {dossier.number} thuộc thẩm quyền của cơ quan, không trình cấp "
                            "trên: không lập tờ trình.")
        return _sent_with(session, dossier)
    year = year or latest_year(session, Dossier.year)
    ready = list(session.scalars(select(Dossier).where(
        Dossier.year == year, Dossier.authority == "forwarded", Dossier.status.in_(DECIDABLE))
        .order_by(Dossier.received_on, Dossier.number)))
    if ready:  # the draft of the next tờ trình: what is appraised and not sent yet
        return ready
    latest = session.scalar(select(Dossier).where(
        Dossier.year == year, Dossier.authority == "forwarded", Dossier.status.in_(READY),
        Dossier.forwarded_on.is_not(None)).order_by(Dossier.forwarded_on.desc(), Dossier.id.desc()).limit(1))
    if latest is None:
        raise NotFound(f"Năm {year} chưa có hồ sơ nào đã thẩm định cần trình cấp trên.")
    return _sent_with(session, latest)


def already_awarded(session: Session, nominees: list[Nominee]) -> set[int]:
    """Nominees who hold the award proposed, for the same year, by a decision in the ledger
    (not the one made on this very proposal): proposing it again would award it twice."""
    out: set[int] = set()
    for n in nominees:
        query = select(Award.id).where(Award.award_type_id == n.award_type_id, Award.year == n.dossier.year,
                                       Award.revoked.is_(False),
                                       (Award.nominee_id.is_(None)) | (Award.nominee_id != n.id))
        if n.subject == "individual" and n.person_id:
            query = query.where(Award.person_id == n.person_id)
        elif n.subject == "collective" and n.unit_id:
            query = query.where(Award.unit_id == n.unit_id, Award.subject == "collective")
        else:
            continue
        if session.scalar(query.limit(1)) is not None:
            out.add(n.id)
    return out


def proposed(session: Session, dossiers: list[Dossier]) -> list[Nominee]:
    """Nominees appraised as eligible, not voted down by the council, not already holding the
    award by a decision."""
    ids = [n.id for d in dossiers for n in d.nominees]
    failed = set(session.scalars(select(Vote.nominee_id).where(Vote.nominee_id.in_(ids),
                                                                Vote.passed.is_(False))))
    passed = set(session.scalars(select(Vote.nominee_id).where(Vote.nominee_id.in_(ids),
                                                                Vote.passed.is_(True))))
    chosen = [n for d in dossiers for n in d.nominees
              if n.appraisal == "approved" and (n.id not in failed or n.id in passed)]
    held = already_awarded(session, chosen)
    return [n for n in chosen if n.id not in held]


def by_award(session: Session, nominees: list[Nominee]) -> OrderedDict[AwardType, dict[str, list[Nominee]]]:
    types = award_names(session)
    out: OrderedDict[AwardType, dict[str, list[Nominee]]] = OrderedDict()
    for n in sorted(nominees, key=lambda n: (types[n.award_type_id].sort_order,
                                             SUBJECT_ORDER.get(n.subject, 9), n.dossier_id, n.seq)):
        out.setdefault(types[n.award_type_id], {}).setdefault(n.subject, []).append(n)
    return out


def counts_text(by_subject: dict[str, list]) -> str:
    return join_names([f"{len(v):02d} {SUBJECT_COUNT_WORDS.get(k, k)}" for k, v in
                  sorted(by_subject.items(), key=lambda kv: SUBJECT_ORDER.get(kv[0], 9))])


def _meeting_line(session: Session, nominees: list[Nominee], p: Profile) -> str:
    held = session.scalar(select(CouncilMeeting.held_on).join(Vote, Vote.meeting_id == CouncilMeeting.id)
                          .where(Vote.nominee_id.in_([n.id for n in nominees]))
                          .order_by(CouncilMeeting.held_on.desc()).limit(1))
    if held is None:
        return ""
    return (f"Căn cứ kết quả họp Hội đồng Thi đua - Khen thưởng {authority_short_name(p)} ngày "
            f"{short_date(held)};")


def print_proposal(session: Session, dossier_id: int | None = None, year: int | None = None,
                   on: dt.date | None = None) -> PrintedDocument:
    dossiers = forwarded_dossiers(session, dossier_id, year)
    p = profile(session)
    if not p.superior_name:
        raise UserError("Chưa khai báo «Cơ quan cấp trên» trong hồ sơ cơ quan: tờ trình cần nơi gửi.")
    nominees = proposed(session, dossiers)
    if not nominees:
        raise UserError("Hồ sơ chưa có tập thể, cá nhân nào được thẩm định đủ điều kiện để trình.")
    groups = by_award(session, nominees)
    sent = dossiers[0].forward_ref and all(d.forward_ref == dossiers[0].forward_ref for d in dossiers)
    number = _number(dossiers[0].forward_ref) if sent else f"{BLANK}/TTr-{p.authority_short}"
    day = form_date(max(d.year for d in dossiers), chosen=on,
                    event=dossiers[0].forwarded_on if sent else None)
    years = sorted({d.year for d in dossiers})
    what = _award_names(groups) + f" năm {years[-1]}"
    doc = Document(f"Tờ trình đề nghị khen thưởng {what}", author=p.authority_name)
    doc.date = day
    doc.add(admin_header(authority_issuer(p), f"Số: {number}", place_date(p.place_name, day)))
    doc.add(*title_block("Tờ trình", f"Về việc đề nghị tặng {what}"))
    doc.add(para(f"Kính gửi: {p.superior_name}.", "center"), Spacer(1, 2 * mm))
    for line in DEFAULT_BASES[1:]:
        doc.add(para(line.format(decree="152/2025/NĐ-CP" if day >= dt.date(2025, 7, 1)
                                 else "98/2023/NĐ-CP"), "body"))
    units = dict(session.execute(select(Unit.id, Unit.name).where(
        Unit.id.in_([d.unit_id for d in dossiers]))).all())
    asks = [f"{units[d.unit_id]}" + (f" tại {d.proposal_ref}" if d.proposal_ref else "")
            for d in dossiers]
    doc.add(para("Xét đề nghị của " + "; ".join(asks) + ";", "body"))
    meeting = _meeting_line(session, nominees, p)
    if meeting:
        doc.add(para(meeting, "body"))
    doc.add(para(f"{cap_first(p.authority_name)} kính trình {p.superior_name} xem xét, khen thưởng "
                 "cho các tập thể, cá nhân (có danh sách kèm theo), cụ thể:", "body"))
    items = list(groups.items())
    for i, (award, by_subject) in enumerate(items):
        end = "." if i == len(items) - 1 else ";"
        doc.add(para(f"- {award.name}: {counts_text(by_subject)}{end}", "body"))
    # The same check the appraisal printed: what the list says of each nominee rests on it.
    verdicts = {v.nominee_id: v for d in dossiers for v in check_dossier(session, d.id, store=False)}
    overridden = [Override(n.id, n.name, award.name, n.appraisal_note.strip())
                  for award, by_subject in items for lines in by_subject.values() for n in lines
                  if n.id in verdicts and is_override(n.appraisal, verdicts[n.id].verdict)]
    if overridden:
        doc.add(para(overrides_sentence(overridden), "body"))
    present = list(OrderedDict.fromkeys(doc_.name for d in dossiers for doc_ in d.documents if doc_.present))
    if present:
        doc.add(para("Hồ sơ kèm theo gồm:", "body"))
        doc.add(*[para(f"- {name};" if i < len(present) - 1 else f"- {name}.", "body")
                  for i, name in enumerate(present)])
    doc.add(para(f"{cap_first(p.authority_name)} kính trình {p.superior_name} xem xét, quyết định./.",
                 "body"))
    sign = signed(session, "proposal", p)
    doc.add_closing(closing(["- Như trên;", f"- Lưu: VT, {office_symbol(p)}."], sign.lines, sign.name))
    _annex(doc, p, groups, number, day, verdicts)
    return doc.build(f"ToTrinh_{slug(what)}_{day:%Y%m%d}.pdf")


def _award_names(groups) -> str:
    """`danh hiệu Chiến sĩ thi đua cấp tỉnh và Bằng khen của Chủ tịch UBND tỉnh`: a title is
    named as a title (danh hiệu), a form as itself."""
    return " và ".join(f"danh hiệu {t.name}" if t.category == "title" else t.name for t in groups)


def _number(ref: str) -> str:
    """`Tờ trình số 406/TTr-UBND` → `406/TTr-UBND` (the header prints `Số: ...`)."""
    text = ref.strip()
    for prefix in ("tờ trình số", "số"):
        if text.lower().startswith(prefix):
            text = text[len(prefix):].strip(" :")
    return text


def _summary(n: Nominee, verdict) -> str:
    """Tóm tắt thành tích: the unit's words minus what the check computes, the check's findings
    (app/achievements.py), and an override of the check said as the appraisal says it."""
    text = printed_summary(n.achievement, verdict)
    if verdict is not None and is_override(n.appraisal, verdict.verdict):
        text += ("\n" if text else "") + override_text(n.appraisal_note)
    return text


def _annex(doc: Document, p: Profile, groups, number: str, day: dt.date, verdicts: dict) -> None:
    doc.new_part(LANDSCAPE)
    doc.add(para("DANH SÁCH", "annex_title"))
    doc.add(para("Các tập thể, cá nhân đề nghị tặng " + _award_names(groups), "annex_title"))
    doc.add(para(f"(Kèm theo Tờ trình số {number} ngày {short_date(day)} của "
                 f"{authority_short_name(p)})", "annex_note"))
    doc.add(HRule(40 * mm), Spacer(1, 3 * mm))
    rows: list = []
    seq = 0
    for gi, (award, by_subject) in enumerate(groups.items()):
        rows.append(Section(f"{ROMAN[gi] if gi < len(ROMAN) else gi + 1}. {award.name.upper()}"))
        for si, (subject, lines) in enumerate(sorted(by_subject.items(),
                                                      key=lambda kv: SUBJECT_ORDER.get(kv[0], 9))):
            rows.append(Section(f"{si + 1}. {SUBJECT_HEADINGS.get(subject, subject)} ({len(lines):02d})"))
            for n in lines:
                seq += 1
                where = where_of(n.name, n.position, n.unit_text)
                rows.append([str(seq), n.name, where, _summary(n, verdicts.get(n.id)), n.rating])
    header = ["STT", "Họ và tên, tên tập thể", "Chức vụ, đơn vị", "Tóm tắt thành tích",
              "Xếp loại năm"]
    doc.add(data_table(header, rows, [9, 50, 62, 100, 22], "CLLLC", frame_width(LANDSCAPE)))
