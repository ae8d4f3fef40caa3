"""The demo's award dossiers (hồ sơ đề nghị khen thưởng) of 2025, in every state of the
workflow, with their history, documents checklist, nominees, council votes and — for the
decided ones — the decisions and ledger lines.

Some nominees are meant to fail the eligibility rules (the rules engine computes verdicts;
here they stay empty): a CSTĐCS without an excellent rating or initiative, a CSTĐ cấp tỉnh
with only two consecutive CSTĐCS, a person already holding LĐTT 2025, a person under a
warning (cảnh cáo) and one under investigation.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert, select

from app.demo.base import (
    AUTHORITY,
    PROVINCE,
    REFORM_DAY,
    YEAR,
    Ctx,
    add_working_days,
    decree_for,
    load,
    successor_commune,
    successor_signer,
)
from app.demo.council import MEETING_DAY, Council
from app.demo.history import Ledger, person_line, unit_line
from app.demo.org import CLERK
from app.dossiers import STATUSES, TRANSITIONS, next_number
from app.powers import powers_on
from db.models import (
    DocumentRequirement,
    Dossier,
    DossierDocument,
    DossierEvent,
    Nominee,
    ProcessingLimit,
    Submission,
    SubmissionDue,
)

DECISION_DAY = dt.date(2025, 12, 5)
REGULAR_STATES = (["decided"] * 9 + ["voted"] * 3 + ["noticed"] * 2 + ["appraised"] * 3
                  + ["appraising"] * 4 + ["received"] * 4 + ["returned"] * 3 + ["rejected"]
                  + ["withdrawn"])
# The path a dossier took to reach each state (each move allowed by app.dossiers.TRANSITIONS).
PATHS = {
    "received": ["received"],
    "returned": ["received", "returned"],
    "withdrawn": ["received", "withdrawn"],
    "appraising": ["received", "appraising"],
    "appraised": ["received", "appraising", "appraised"],
    "noticed": ["received", "appraising", "appraised", "noticed"],
    "voted": ["received", "appraising", "appraised", "noticed", "voted"],
    "decided": ["received", "appraising", "appraised", "noticed", "voted", "decided"],
    "forwarded": ["received", "appraising", "appraised", "noticed", "voted", "forwarded"],
    "rejected": ["received", "appraising", "rejected"],
}
NOTICE_PLACE = "trụ sở đơn vị và Cổng thông tin điện tử huyện"


class DossierWriter:
    def __init__(self, ctx: Ctx, ledger: Ledger, council: Council, proposals: dict):
        self.ctx, self.ledger, self.council, self.proposals = ctx, ledger, council, proposals
        self.texts = load("texts.json")
        session = ctx.session
        self.requirements = list(session.scalars(select(DocumentRequirement)
                                                 .order_by(DocumentRequirement.sort_order)))
        self.limits = {p.category: p.days for p in session.scalars(select(ProcessingLimit))}
        self.proposal_due = session.scalar(select(SubmissionDue.id).where(
            SubmissionDue.year == YEAR, SubmissionDue.kind == "award_proposal"))
        self.events, self.documents, self.nominees = [], [], []
        self.holders_2025: set[int] = set()  # people given LĐTT 2025 by a decided dossier
        self.proposal_numbers: set[int] = set()  # each tờ trình its own number in the year

    # -- one dossier -------------------------------------------------------------------
    def dossier(self, unit: dict, category: str, status: str, received: dt.date, title: str,
                lines: list[dict], *, movement: dict | None = None, forwarded: bool = False,
                path: list[str] | None = None, decided_on: dt.date | None = None,
                failing_vote: bool = False) -> dict:
        ctx = self.ctx
        # States the workflow does not know (yet) are left out of the path.
        steps = [step for step in (path or PATHS[status]) if step in STATUSES]
        status = steps[-1]
        row = dict(id=ctx.new_id(Dossier), year=YEAR, number=next_number(ctx.session, YEAR),
                   unit_id=unit["id"], received_on=received, category=category,
                   movement_id=movement["id"] if movement else None,
                   authority="forwarded" if forwarded else "local",
                   forwarded_to="UBND tỉnh Lai Châu (qua Sở Nội vụ)" if forwarded else "",
                   due_on=add_working_days(received, self.limits.get(category, 20)),
                   status=status, legal_basis=decree_for(received), title=title,
                   proposal_ref=f"Tờ trình số {ctx.rng.randint(12, 240)}/TTr-{_symbol(unit)} "
                                f"ngày {received - dt.timedelta(days=ctx.rng.randint(1, 6)):%d/%m/%Y}",
                   submission_id=None, version=1)
        reason = self._history(row, steps, received, decided_on)
        if category == "regular":
            row["submission_id"] = self._proposal(unit, received, status, reason)
        ctx.session.execute(insert(Dossier), [row])  # at once: next_number reads it
        ctx.counts["dossiers"] = ctx.counts.get("dossiers", 0) + 1
        nominees = self._nominees(row, lines, status, reason)
        self._documents(row, nominees, status, reason)
        if status in ("voted", "decided", "forwarded") and "voted" in steps:
            self._votes(nominees, failing_vote)
        if status == "decided":
            self._decide(row, nominees, decided_on or DECISION_DAY, forwarded, movement)
        return row

    def _proposal(self, unit: dict, received: dt.date, status: str, reason: str) -> int:
        """The unit's year-end proposal as a submission (what the units tab counts as sent):
        made by its first year-end dossier; a later one is an addition to it."""
        key = (unit["id"], YEAR, "award_proposal")
        if key not in self.proposals:
            state = {"returned": "returned", "received": "received", "appraising": "received"}
            row = dict(id=self.ctx.new_id(Submission), unit_id=unit["id"], year=YEAR,
                       kind="award_proposal", due_id=self.proposal_due, version_no=1,
                       received_on=received, channel=self.ctx.rng.choice(["import", "email", "paper"]),
                       status=state.get(status, "accepted"), summary={}, problems=[],
                       return_reason=reason if status == "returned" else "", notes="")
            self.ctx.insert(Submission, [row])
            self.proposals[key] = row["id"]
        return self.proposals[key]

    def _history(self, row: dict, steps: list[str], received: dt.date, decided_on: dt.date | None) -> str:
        """DossierEvents along the path (filling the notice and forwarding fields on the way);
        returns the reason of a return, rejection or withdrawal."""
        ctx = self.ctx
        when = received
        previous = ""
        reason_out = ""
        for step in steps:
            if step not in STATUSES or (previous and step not in TRANSITIONS[previous]):
                raise ValueError(f"demo dossier path {previous} → {step} is not in the workflow")
            if step == "voted":
                when = max(when, MEETING_DAY)
            elif step == "decided" and decided_on:
                when = decided_on
            elif previous:
                when = min(when + dt.timedelta(days=ctx.rng.randint(1, 4)), decided_on or dt.date.max)
            reason = ""
            if step == "returned":
                reason = reason_out = ctx.rng.choice(self.texts["return_reasons"])
            elif step == "rejected":
                reason = reason_out = ctx.rng.choice(self.texts["reject_reasons"])
            elif step == "withdrawn":
                reason = reason_out = ctx.rng.choice(self.texts["withdraw_reasons"])
            elif step == "noticed":
                end = max(when, min(when + dt.timedelta(days=7), MEETING_DAY - dt.timedelta(days=1)))
                row.update(notice_from=when, notice_to=end, notice_note=NOTICE_PLACE)
                reason = f"Công khai từ {when:%d/%m/%Y} đến {end:%d/%m/%Y} tại {NOTICE_PLACE}"
            elif step == "forwarded":
                number = ctx.rng.randint(300, 480)
                while number in self.proposal_numbers:
                    number += 1
                self.proposal_numbers.add(number)
                row.update(forward_ref=f"Tờ trình số {number}/TTr-UBND", forwarded_on=when)
                reason = f"{row['forward_ref']} trình UBND tỉnh Lai Châu"
            elif step == "received":
                reason = "Tiếp nhận hồ sơ qua bộ phận văn thư" if ctx.rng.random() < 0.5 else "Tiếp nhận qua hệ thống quản lý văn bản"
            self.events.append(dict(id=ctx.new_id(DossierEvent), dossier_id=row["id"],
                                    at=dt.datetime.combine(when, dt.time(8 + ctx.rng.randint(0, 8),
                                                                         ctx.rng.randint(0, 59))),
                                    user=CLERK, from_status=previous, to_status=step, reason=reason))
            previous = step
        return reason_out

    def _nominees(self, row: dict, lines: list[dict], status: str, reason: str) -> list[dict]:
        out = []
        for seq, line in enumerate(lines, start=1):
            person = line.get("person")
            unit = line.get("unit")
            appraisal, note = "pending", ""
            if status in ("appraised", "noticed", "voted", "decided", "forwarded"):
                appraisal = "approved"
            elif status == "appraising" and seq % 2 == 1 and not line.get("hold"):
                appraisal = "approved"
            elif status == "rejected":
                appraisal, note = "rejected", reason
            if appraisal == "approved" and line.get("override"):
                # "Đạt" over a check that says it fails: the demo writes why, as a clerk must.
                note = line["override"]
            nominee = dict(id=self.ctx.new_id(Nominee), dossier_id=row["id"], seq=seq,
                           subject=line["subject"], person_id=person["id"] if person else None,
                           # An individual is credited to their unit, a household to its commune.
                           unit_id=person["unit_id"] if person else (unit["id"] if unit else None),
                           name=line["name"], position=line.get("position", ""),
                           unit_text=line.get("unit_text", ""),
                           award_type_id=self.ctx.award_id(line["code"]),
                           achievement=line["achievement"], rating=line.get("rating", ""),
                           initiative=line.get("initiative", ""),
                           is_direct_worker=bool(person and person["is_direct_worker"]),
                           verdict="", verdict_reasons=[], appraisal=appraisal,
                           appraisal_note=note, warnings=[], version=1,
                           feedback=(self.texts["notice_feedback"]
                                     if status == "noticed" and seq == 2 and person else ""))
            self.nominees.append(nominee)
            out.append({**nominee, "code": line["code"], "line": line})
        return out

    def _documents(self, row: dict, nominees: list[dict], status: str, reason: str) -> None:
        codes = {n["code"] for n in nominees}
        missing = ""
        if status == "returned":
            missing = "bien_ban" if "Biên bản" in reason or "biên bản" in reason else "bao_cao_thanh_tich"
        elif status == "received" and self.ctx.rng.random() < 0.5:
            missing = self.ctx.rng.choice(["bien_ban", "danh_sach", "bao_cao_thanh_tich"])
        for req in self.requirements:
            if req.category not in ("*", row["category"]) or (req.award_code and req.award_code not in codes):
                continue
            present = req.code != missing and (req.required or self.ctx.rng.random() < 0.3)
            self.documents.append(dict(id=self.ctx.new_id(DossierDocument), dossier_id=row["id"],
                                       code=req.code, name=req.name, required=req.required,
                                       present=present, note="" if present or not req.required else "Chưa có"))

    def _votes(self, nominees: list[dict], failing: bool) -> None:
        secret = [n for n in nominees if self.ctx.award_types[n["code"]].secret_ballot]
        for index, nominee in enumerate(secret):
            award = self.ctx.award_types[nominee["code"]]
            yes = 9 if index % 3 else 8
            if (award.vote_threshold or 0) > 8 / 9:  # a 90% title: a dossier goes on only when carried
                yes = 9
            if failing and index == len(secret) - 1:
                yes = 6  # one nominee the council did not carry
            nominee["passed"] = self.council.vote(nominee["id"], award.vote_threshold, yes, award.id)

    def _decide(self, row: dict, nominees: list[dict], on: dt.date, forwarded: bool,
                movement: dict | None) -> None:
        lines = []
        for nominee in nominees:
            if nominee["appraisal"] != "approved" or nominee.get("passed") is False:
                continue
            line = nominee["line"]
            extra = dict(year=YEAR, kind=row["category"], nominee_id=nominee["id"],
                         movement_id=movement["id"] if movement else None)
            if line.get("person"):
                lines.append(person_line(line["person"], line["code"], line["achievement"], **extra))
                if line["code"] == "LDTT":
                    self.holders_2025.add(line["person"]["id"])
            elif line["subject"] == "collective" and line.get("unit"):
                lines.append(unit_line(line["unit"], line["code"], line["achievement"], **extra))
            else:
                unit = line.get("unit")
                lines.append(dict(code=line["code"], subject=line["subject"], recipient_name=line["name"],
                                  unit_id=unit["id"] if unit else None,
                                  unit_text=line.get("unit_text", ""), achievement=line["achievement"],
                                  **extra))
        unit = self.ctx.units_by_id[row["unit_id"]]["name"]
        if forwarded:
            summary = f"Tặng Bằng khen của Chủ tịch UBND tỉnh cho cá nhân thuộc {unit}"
        elif movement:
            summary = (f"Khen thưởng tập thể, cá nhân có thành tích trong phong trào thi đua "
                       f"\"{movement['name']}\"")
        elif row["category"] == "sudden":
            summary = f"Khen thưởng đột xuất cho tập thể, cá nhân thuộc {unit}"
        else:
            summary = f"Khen thưởng tổng kết năm {YEAR} cho tập thể, cá nhân thuộc {unit}"
        if forwarded or on < REFORM_DAY:
            self.ledger.decide(PROVINCE if forwarded else AUTHORITY, on, summary, lines)
            return
        # From 1/7/2025 the district decides nothing: the successor commune's chairman decides
        # what is within his powers, the province the rest (app.powers, Decree 129/2025 Art. 59).
        commune = successor_commune(self.ctx, self.ctx.units_by_id[row["unit_id"]])
        within = powers_on(self.ctx.session, "xa", on)
        mine = [line for line in lines if within.covers(line["code"])]
        above = [line for line in lines if not within.covers(line["code"])]
        if mine:
            self.ledger.decide(commune["name"], on, summary, mine, signer=successor_signer(self.ctx, commune))
        if above:
            self.ledger.decide(PROVINCE, on, summary.replace("Khen thưởng", "Tặng Bằng khen, danh hiệu của Chủ "
                                                             "tịch UBND tỉnh", 1), above)

    def write(self) -> None:
        self.ctx.insert(DossierEvent, self.events)
        self.ctx.insert(Nominee, self.nominees)
        self.ctx.insert(DossierDocument, self.documents)


def _symbol(unit: dict) -> str:
    """The unit's document symbol (UBND for communes, initials of the code otherwise)."""
    if unit["group"] in ("communes", "authority"):
        return "UBND"
    parts = unit["base_code"].split("_")
    return parts[0] + "".join(p[0] for p in parts[1:])
