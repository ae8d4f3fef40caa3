"""What the dossier window shows: header, documents, nominees with their verdict and reasons,
appraisal, votes and the history — one read, as plain dataclasses.

Opening a dossier that is still being worked on re-checks its nominees' eligibility, so the
verdicts shown are those of the ledger as it is now; each nominee also carries what the unit
registered for it at the start of the year against what it now proposes (a warning, never a
verdict: app.registrations).

Reading never writes: the fresh verdicts are shown, not kept (no row changes, no version moves,
so a clerk who only looked is never named in someone else's conflict). Verdicts are kept by
the writes that act on them: `keep_verdicts` after a change made in the dossier window, the
year's "Kiểm tra điều kiện" and `tdkt eligibility` (app.rules.engine.evaluate).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.catalog import DOSSIER_CATEGORIES, SUBJECTS
from app.council import results
from app.dossier_documents import DocumentRow, documents
from app.dossiers import AUTHORITIES, STATUSES, allowed_moves, days_left, get_dossier
from app.nominees import APPRAISALS, warnings_shown
from app.overrides import is_override, override_text
from app.registrations import nominee_registration_warnings
from app.rules import VERDICTS, check_dossier
from app.rules.engine import STORE_STATUSES
from db.models import AwardType, Nominee, Unit


@dataclass
class NomineeView:
    id: int
    seq: int
    name: str
    subject: str
    position: str
    unit: str
    award: str
    award_code: str
    award_category: str
    rating: str
    initiative: str
    achievement: str
    verdict: str  # meets / fails / unknown / ''
    verdict_text: str
    reasons: list[dict]
    appraisal: str
    appraisal_text: str
    appraisal_note: str
    feedback: str
    vote: str
    person_id: int | None
    unit_id: int | None
    warnings: list[dict] = field(default_factory=list)
    # Registered versus proposed (app.registrations): {"code", "message"} per finding.
    registration: list[dict] = field(default_factory=list)
    kind: str = "individual"  # the subject's code (app/states.py); `subject` is its label


@dataclass
class EventView:
    at: dt.datetime | None
    user: str
    from_status: str
    to_status: str
    reason: str


@dataclass
class DossierDetail:
    id: int
    number: str
    year: int
    unit: str
    received_on: dt.date
    category: str
    category_text: str
    authority: str
    authority_text: str
    status: str
    status_text: str
    due_on: dt.date | None
    days_left: int | None
    title: str
    proposal_ref: str
    forwarded_to: str
    forward_ref: str
    forwarded_on: dt.date | None
    notice_from: dt.date | None
    notice_to: dt.date | None
    notice_note: str
    notes: str
    documents: list[DocumentRow]
    nominees: list[NomineeView]
    history: list[EventView]
    moves: list[tuple[str, str]]  # (state, name) the clerk may move to directly

    @property
    def missing(self) -> list[str]:
        return [d.name for d in self.documents if d.required and not d.present]

    def as_dict(self) -> dict:
        data = asdict(self)
        data["missing"] = self.missing
        return data

    def as_text(self) -> str:
        lines = [f"Hồ sơ {self.number} — {self.unit}", f"Năm thành tích: {self.year}; loại: "
                 f"{self.category_text}; {self.authority_text}; trạng thái: {self.status_text}",
                 f"Tiếp nhận {self.received_on:%d/%m/%Y}"
                 + (f"; hạn xử lý {self.due_on:%d/%m/%Y}" if self.due_on else "")]
        if self.missing:
            lines.append("Còn thiếu: " + "; ".join(self.missing))
        for n in self.nominees:
            lines.append(f"  {n.seq}. {n.name} — {n.award}: {n.verdict_text or 'chưa xét'}; "
                         f"thẩm định: {n.appraisal_text}")
            lines += [f"       {r['message']} [{r['basis']}]" for r in n.reasons
                      if r.get("outcome") in ("fail", "unknown")]
            lines += [f"       Đăng ký thi đua: {w['message']}" for w in n.registration]
        return "\n".join(lines)


# What the import found about the file itself (the same nominee twice, already awarded or
# proposed): still true. The rest of `eligibility_*` was the rules' verdict at import time.
FILE_WARNINGS = {"eligibility_already_holds", "eligibility_duplicate_in_file", "eligibility_already_proposed"}


def live_warnings(warnings) -> list[dict]:
    """A nominee's import warnings without the verdicts the rules gave at import: the verdict
    shown is always today's, so a stale one ("Không phải đơn vị dẫn đầu") never contradicts it."""
    return [w for w in (warnings or []) if not (isinstance(w, dict) and str(w.get("code", "")).startswith(
        "eligibility_") and w.get("code") not in FILE_WARNINGS)]


def dossier_detail(session: Session, dossier_id: int, *, check: bool = True,
                   today: dt.date | None = None) -> DossierDetail:
    d = get_dossier(session, dossier_id)
    # Fresh verdicts, computed and shown but not kept (a settled dossier shows the verdicts it
    # was decided with, or, when none were kept, computed ones).
    fresh = {v.nominee_id: v for v in check_dossier(session, d.id, store=False)} if check else {}
    unit = session.get(Unit, d.unit_id)
    votes = {r.nominee_id: r.text for r in results(session, d.id)}
    registered = nominee_registration_warnings(session, d.id)
    rows = session.execute(select(Nominee, AwardType).join(AwardType, AwardType.id == Nominee.award_type_id)
                           .where(Nominee.dossier_id == d.id).order_by(Nominee.seq, Nominee.id))
    def verdict_of(n: Nominee) -> tuple[str, list[dict]]:
        v = fresh.get(n.id)
        if v is not None:
            return v.verdict, [r.as_dict() for r in v.reasons]
        return n.verdict or "", list(n.verdict_reasons or [])

    nominees = [NomineeView(
        n.id, n.seq, n.name, SUBJECTS.get(n.subject, n.subject), n.position, n.unit_text,
        a.name, a.code, a.category, n.rating, n.initiative, n.achievement, verdict_of(n)[0],
        VERDICTS.get(verdict_of(n)[0], ""), verdict_of(n)[1], n.appraisal,
        override_text(n.appraisal_note) if is_override(n.appraisal, verdict_of(n)[0])
        else APPRAISALS.get(n.appraisal, n.appraisal), n.appraisal_note, n.feedback, votes.get(n.id, ""),
        n.person_id, n.unit_id, warnings_shown(live_warnings(n.warnings)), registered.get(n.id, []), n.subject)
        for n, a in rows]
    history = [EventView(e.at, e.user, e.from_status, e.to_status, e.reason) for e in d.history]
    open_states = STORE_STATUSES
    return DossierDetail(
        d.id, d.number, d.year, unit.name if unit else "", d.received_on, d.category,
        DOSSIER_CATEGORIES.get(d.category, d.category), d.authority,
        AUTHORITIES.get(d.authority, d.authority), d.status, STATUSES.get(d.status, d.status),
        d.due_on, days_left(d.due_on, today) if d.status in open_states else None, d.title,
        d.proposal_ref, d.forwarded_to, d.forward_ref, d.forwarded_on, d.notice_from, d.notice_to,
        d.notice_note, d.notes, documents(session, d.id), nominees, history,
        [(s, STATUSES[s]) for s in allowed_moves(d)])


def keep_verdicts(session: Session, dossier_id: int) -> None:
    """Keep the dossier's fresh verdicts on its nominees (after a change made to the dossier,
    so the dossiers list's "Điều kiện" column follows the work done, never a mere look)."""
    check_dossier(session, dossier_id)
