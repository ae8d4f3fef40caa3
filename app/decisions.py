"""Quyết định khen thưởng: the decision's list made from the approved nominees, signing it into
the ledger with the money, and dossiers forwarded to a higher authority (tờ trình, then the
higher decision recorded so the ledger is complete). One decision may take the nominees of
several dossiers (`decidable_dossiers`): the commune's single LĐTT decision for all its units.

The clerk types only the number, date and signer (prefilled from the office profile). A
nominee is on the list when appraised "approved", when the award is within the powers of the
office's authority on the decision date (app.powers; the rest are forwarded upward) and, for
titles the council votes on (a vote threshold in the catalogue), when a vote passed. Numbers are unique per issuer and year by the
database constraint; a taken number is a ConflictError in Vietnamese.

Nothing approved is stranded: approved nominees still waiting for the council's vote or for the
tờ trình upward are named (`DecisionDraft.skipped`), and a dossier keeping such nominees becomes
"partly decided" (app/states.py), not "decided": the council, the next decision and the
forwarding still reach them; once none waits it is "decided". Nominees already in a decision
are never listed again. A decision is dated neither in the future, nor before the dossier was
received (a higher decision: before it was forwarded), nor before its achievement year.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, object_session

from app.awards import (
    TitleLine,
    award_money,
    award_search_key,
    counting_years,
    highest_only,
    register_numbers,
)
from app.dossier_documents import missing_before_decision
from app.dossiers import apply_move, check_move, get_dossier, status_name
from app.errors import ConflictError, UserError, ValidationError
from app.office import get_profile
from app.powers import office_powers
from app.rules.context import chunks
from app.states import DECIDABLE
from app.text import clean
from app.users import require
from db.models import Award, AwardType, CouncilMeeting, Decision, Dossier, Nominee, Unit, Vote


@dataclass(slots=True)
class DecisionLine:
    nominee_id: int
    dossier: str
    book_no: int
    name: str
    subject: str
    position: str
    unit: str
    award_code: str
    award_name: str
    category: str
    year: int
    money: int | None
    note: str = ""


@dataclass(slots=True)
class Skipped:
    """A nominee left out of the decision: which award, why, and what it waits for ("vote":
    the council's vote, "forward": the tờ trình upward, "": nothing, it is not approved)."""

    nominee_id: int
    dossier_id: int
    name: str
    award: str
    why: str
    waits: str = ""

    @property
    def reason(self) -> str:
        """Why, without the award's name it starts with (said beside it)."""
        for lead in (self.award + ": ", self.award + " "):
            if self.why.startswith(lead):
                return self.why[len(lead):]
        return self.why

    def as_dict(self) -> dict:
        return {"nominee": self.nominee_id, "name": self.name, "award": self.award, "reason": self.reason,
                "waits": self.waits or None}


@dataclass
class DecisionDraft:
    """What the decision will hold, before signing: lines, money, who is left out and why."""

    lines: list[DecisionLine] = field(default_factory=list)
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (name, why: the award first)
    skipped: list[Skipped] = field(default_factory=list)
    # Approved nominees whose award is beyond the authority's powers on the date: to forward.
    beyond: list[int] = field(default_factory=list)
    base_salary: int | None = None
    issuer: str = ""
    signer_name: str = ""
    signer_title: str = ""
    # Required documents the dossiers lack: warned of, never refused (app/dossier_documents.py).
    documents_missing: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(line.money or 0 for line in self.lines)


@dataclass
class DecisionInput:
    number: str
    issued_on: dt.date
    signer_name: str = ""
    signer_title: str = ""
    sign_mode: str = "TM"
    legal_basis: str = ""
    summary: str = ""


def _who(n: Nominee) -> tuple:
    if n.subject == "individual" and n.person_id:
        return ("p", n.person_id)
    if n.subject == "collective" and n.unit_id:
        return ("u", n.unit_id)
    return ("n", n.id)


def _ids_where(session: Session, column, ids: list[int], condition) -> set[int]:
    """The ids among `ids` (read in chunks the driver accepts) whose row meets `condition`."""
    found: set[int] = set()
    for part in chunks(ids):
        found |= set(session.scalars(select(column).where(column.in_(part), condition)))
    return found


def _passed_votes(session: Session, ids: list[int]) -> set[int]:
    return _ids_where(session, Vote.nominee_id, ids, Vote.passed.is_(True))


def decided_nominees(session: Session, ids: list[int]) -> set[int]:
    """Nominees already in a decision (a partial one signed before): never listed again."""
    return _ids_where(session, Award.nominee_id, ids, Award.revoked.is_(False))


def _failed_votes(session: Session, ids: list[int]) -> set[int]:
    return _ids_where(session, Vote.nominee_id, ids, Vote.passed.is_(False))


def _paid_titles(session: Session, nominees: list[Nominee]) -> dict[tuple, list[Award]]:
    """Titles already in the ledger for these recipients and years (highest-only rule)."""
    found: dict[tuple, list[Award]] = defaultdict(list)
    people = {n.person_id for n in nominees if n.subject == "individual" and n.person_id}
    units = {n.unit_id for n in nominees if n.subject == "collective" and n.unit_id}
    base = (select(Award).join(AwardType, AwardType.id == Award.award_type_id)
            .where(AwardType.category == "title", Award.revoked.is_(False)))
    for part in chunks(people):
        for a in session.scalars(base.where(Award.person_id.in_(part), Award.subject == "individual")):
            found[(("p", a.person_id), a.year)].append(a)
    for part in chunks(units):
        for a in session.scalars(base.where(Award.unit_id.in_(part), Award.subject == "collective")):
            found[(("u", a.unit_id), a.year)].append(a)
    return found


def _lines(session: Session, dossiers: list[Dossier], on: dt.date, *, external: bool,
           only: set[int] | None = None) -> DecisionDraft:
    draft = DecisionDraft(documents_missing=missing_before_decision(session, [d.id for d in dossiers]))
    types = {a.id: a for a in session.scalars(select(AwardType))}
    units = dict(session.execute(select(Unit.id, Unit.name)).all())
    candidates = [n for d in dossiers for n in d.nominees if n.appraisal != "withdrawn"]
    signed = decided_nominees(session, [n.id for n in candidates])
    candidates = [n for n in candidates if n.id not in signed]
    voted = _passed_votes(session, [n.id for n in candidates])
    failed = _failed_votes(session, [n.id for n in candidates]) - voted
    powers = None if external else office_powers(session, on)
    chosen: list[Nominee] = []

    def skip(n: Nominee, why: str, waits: str = "") -> None:
        draft.left_out.append((n.name, why))
        draft.skipped.append(Skipped(n.id, n.dossier_id, n.name, award.name, why, waits))

    for n in candidates:
        award = types[n.award_type_id]
        if only is not None:
            if n.id in only:
                chosen.append(n)
            continue
        if n.appraisal != "approved":
            skip(n, f"{award.name}: chưa được thẩm định “Đạt”")
        elif powers is not None and not powers.covers(award.code):
            skip(n, powers.beyond(award.name), "forward")
            draft.beyond.append(n.id)
        elif award.vote_threshold and not external and n.id in failed:
            skip(n, f"{award.name}: Hội đồng bỏ phiếu không đạt")
        elif award.vote_threshold and not external and n.id not in voted:
            skip(n, f"{award.name}: chưa có kết quả bỏ phiếu đạt của Hội đồng", "vote")
        else:
            chosen.append(n)
    paid = _paid_titles(session, chosen)
    moneys = {n.id: award_money(session, types[n.award_type_id], n.subject, on) for n in chosen}
    title_lines = [TitleLine(("n", n.id), _who(n), n.dossier.year, counting_years(types[n.award_type_id], on),
                             types[n.award_type_id].rank, moneys[n.id])
                   for n in chosen if types[n.award_type_id].category == "title" and moneys[n.id]]
    keys = {(line.who, line.year) for line in title_lines}
    for key in keys:
        for a in paid.get(key, []):
            t = types[a.award_type_id]
            title_lines.append(TitleLine(("a", a.id), key[0], key[1], counting_years(t, a.decision_date),
                                         t.rank, int(a.money or 0), paid=True))
    adjusted = highest_only(title_lines)
    for seq, n in enumerate(chosen, start=1):
        award, year = types[n.award_type_id], n.dossier.year
        money, note = adjusted.get(("n", n.id), (moneys[n.id], ""))
        draft.lines.append(DecisionLine(
            n.id, n.dossier.number, seq, n.name, n.subject, n.position,
            n.unit_text or units.get(n.unit_id or n.dossier.unit_id, ""), award.code, award.name,
            award.category, year, money, note))
    return draft


def check_decision_date(dossiers: list[Dossier], on: dt.date, *, today: dt.date | None = None,
                        external: bool = False) -> None:
    """Refuse a decision date no decision on these dossiers can carry, naming the dossier: in
    the future, before the dossier was received (a higher one: before the tờ trình went up),
    or before its achievement year began. Year-end reviews are held and decided in December,
    and schools go by the school year, so a date inside the achievement year is allowed once
    the dossier is in."""
    today = today or dt.date.today()
    if on > today:
        raise ValidationError(f"Ngày ký quyết định {on:%d/%m/%Y} là ngày trong tương lai (hôm nay "
                              f"{today:%d/%m/%Y}): hãy nhập ngày đã ký.", field="issued_on")
    for d in dossiers:
        if on.year < d.year:
            raise ValidationError(f"Ngày ký quyết định {on:%d/%m/%Y} trước năm thành tích {d.year} của hồ sơ "
                                  f"{d.number}: quyết định khen thưởng thành tích năm {d.year} không thể ký "
                                  "trước đó. Hãy kiểm tra ngày ký.", field="issued_on")
        since, what = ((d.forwarded_on, "trình cấp trên") if external and d.forwarded_on
                       else (d.received_on, "tiếp nhận"))
        if since and on < since:
            raise ValidationError(f"Ngày ký quyết định {on:%d/%m/%Y} trước ngày {what} hồ sơ {d.number} "
                                  f"({since:%d/%m/%Y}): hãy kiểm tra ngày ký.", field="issued_on")
        session = object_session(d)
        met = session.execute(
            select(CouncilMeeting.held_on, CouncilMeeting.minutes_ref)
            .join(Vote, Vote.meeting_id == CouncilMeeting.id).join(Nominee, Nominee.id == Vote.nominee_id)
            .where(Nominee.dossier_id == d.id).order_by(CouncilMeeting.held_on.desc()).limit(1)).first() \
            if session is not None and not external else None
        if met is not None and on < met.held_on:  # the council votes first, then the chairman signs
            raise ValidationError(f"Ngày ký quyết định {on:%d/%m/%Y} trước phiên họp Hội đồng xét hồ sơ {d.number} "
                                  f"(ngày {met.held_on:%d/%m/%Y}" + (f", biên bản {met.minutes_ref}" if met.minutes_ref
                                                                      else "") + "): hãy kiểm tra ngày ký.",
                                  field="issued_on")


def waiting(draft: DecisionDraft, dossier_id: int) -> list[Skipped]:
    """The dossier's approved nominees the decision leaves waiting (vote, tờ trình upward)."""
    return [s for s in draft.skipped if s.dossier_id == dossier_id and s.waits]


def _dossiers(session: Session, dossier_ids: list[int]) -> list[Dossier]:
    dossiers = [get_dossier(session, i) for i in dossier_ids]
    if not dossiers:
        raise ValidationError("Chưa chọn hồ sơ nào cho quyết định.")
    for d in dossiers:
        if d.status == "decided":
            by = _decided_by(session, d)
            raise UserError(f"Hồ sơ {d.number} đã có quyết định{' ' + by if by else ''}; không ra thêm "
                            "quyết định nào cho hồ sơ này.")
        check_move(d, "decided")
        if d.status not in DECIDABLE:
            raise UserError(f"Hồ sơ {d.number} đang “{status_name(d.status)}”: chỉ hồ sơ đã thẩm định "
                            "(hoặc đã công khai, đã qua Hội đồng) mới ra quyết định được.")
        if d.authority == "forwarded":
            raise UserError(f"Hồ sơ {d.number} thuộc thẩm quyền cấp trên: hãy “Trình cấp trên”.")
    return dossiers


def _decided_by(session: Session, dossier: Dossier) -> str:
    """The decisions that decided a dossier: '12/QĐ-UBND ngày 20/12/2025' (and others)."""
    rows = session.execute(
        select(Decision.number, Decision.issued_on).join(Award, Award.decision_id == Decision.id)
        .join(Nominee, Nominee.id == Award.nominee_id).where(Nominee.dossier_id == dossier.id)
        .distinct().order_by(Decision.issued_on, Decision.number)).all()
    return ", ".join(f"{number} ngày {on:%d/%m/%Y}" for number, on in rows)


@dataclass(slots=True)
class DecidableDossier:
    id: int
    number: str
    unit: str
    status: str


def decidable_dossiers(session: Session, year: int) -> list[DecidableDossier]:
    """The year's dossiers one decision of the office can take (appraised, noticed or voted,
    within its powers): a commune decides its year's LĐTT for all its units at once."""
    rows = session.execute(select(Dossier.id, Dossier.number, Unit.name, Dossier.status)
                           .join(Unit, Unit.id == Dossier.unit_id)
                           .where(Dossier.year == year, Dossier.status.in_(DECIDABLE),
                                  Dossier.authority != "forwarded").order_by(Dossier.number))
    return [DecidableDossier(i, n, u, status_name(st)) for i, n, u, st in rows]


def draft_decision(session: Session, dossier_ids: list[int], issued_on: dt.date) -> DecisionDraft:
    """The decision's list from the approved nominees, with money on `issued_on`."""
    from app.catalog import base_salary_on

    draft = _lines(session, _dossiers(session, dossier_ids), issued_on, external=False)
    profile = get_profile(session)
    draft.base_salary = base_salary_on(session, issued_on)
    draft.issuer = profile.authority_name
    draft.signer_name, draft.signer_title = profile.signer_name, profile.signer_title
    return draft


def draft_external(session: Session, dossier_id: int, issued_on: dt.date) -> DecisionDraft:
    """A forwarded dossier's approved nominees, as a higher decision would list them."""
    dossier = get_dossier(session, dossier_id)
    wanted = {n.id for n in dossier.nominees if n.appraisal == "approved"}
    return _lines(session, [dossier], issued_on, external=True, only=wanted)


def _write(session: Session, decision: Decision, draft: DecisionDraft, dossiers: list[Dossier]) -> None:
    from app.nominee_people import person_for_award

    nominees = {n.id: n for d in dossiers for n in d.nominees}
    # Our certificates' numbers run on through the year in each register; a higher decision
    # keeps its own line numbers.
    numbers = {} if decision.external else register_numbers(
        session, decision.year, [(line.nominee_id, nominees[line.nominee_id].award_type_id, line.subject)
                                 for line in draft.lines])
    for line in draft.lines:
        n = nominees[line.nominee_id]
        session.add(Award(
            subject=n.subject, person_id=person_for_award(session, n),
            unit_id=n.unit_id or (n.dossier.unit_id if n.subject != "household" else None),
            recipient_name=n.name, position=n.position, unit_text=line.unit,
            search_key=award_search_key(n.name, line.unit, line.award_name, decision.number),
            award_type_id=n.award_type_id, year=line.year, kind=n.dossier.category,
            movement_id=n.dossier.movement_id, decision_id=decision.id,
            decision_number=decision.number, decision_date=decision.issued_on,
            issuer=decision.issuer, nominee_id=n.id, book_no=numbers.get(line.nominee_id, line.book_no),
            achievement=n.achievement, money=line.money, source="decision"))


def _save(session: Session, decision: Decision) -> None:
    """Insert the decision; a number the issuer already used that year is a ConflictError."""
    taken = session.scalar(select(Decision.id).where(Decision.issuer == decision.issuer,
                                                     Decision.year == decision.year,
                                                     Decision.number == decision.number))
    message = (f"Số quyết định {decision.number} năm {decision.year} của {decision.issuer} đã có "
               "trong sổ; hãy kiểm tra lại số.")
    if taken:
        raise ConflictError(message)
    try:
        with session.begin_nested():
            session.add(decision)
            session.flush()
    except IntegrityError as exc:
        raise ConflictError(message) from exc


def issue_decision(session: Session, dossier_ids: list[int], data: DecisionInput, *,
                   user: str = "", today: dt.date | None = None) -> Decision:
    """Sign a decision: every line enters the ledger with its money; a dossier becomes decided,
    or partly decided while approved nominees of it still wait for a vote or the tờ trình
    (the draft signed is kept on `decision.draft` for the caller to name them)."""
    require(session, "approve")
    number = clean(data.number)
    if not number:
        raise ValidationError("Chưa nhập số quyết định (ví dụ 123/QĐ-UBND).", field="number")
    dossiers = _dossiers(session, dossier_ids)
    check_decision_date(dossiers, data.issued_on, today=today)
    draft = _lines(session, dossiers, data.issued_on, external=False)
    if not draft.lines:
        beyond = (f" {len(draft.beyond)} đề nghị vượt thẩm quyền: hãy “Chuyển tờ trình cấp trên”."
                  if draft.beyond else "")
        raise UserError("Không có người/tập thể nào đủ điều kiện đưa vào quyết định "
                        "(cần thẩm định “Đạt”, thuộc thẩm quyền và, với danh hiệu phải bỏ phiếu, đạt tỷ lệ "
                        f"phiếu).{beyond}")
    from app.catalog import base_salary_on

    profile = get_profile(session)
    decision = Decision(
        number=number, issuer=profile.authority_name or "Cơ quan", year=data.issued_on.year,
        issued_on=data.issued_on, signer_name=clean(data.signer_name) or profile.signer_name,
        signer_title=clean(data.signer_title) or profile.signer_title, sign_mode=data.sign_mode,
        summary=clean(data.summary), legal_basis=clean(data.legal_basis) or _decree(data.issued_on),
        base_salary=base_salary_on(session, data.issued_on), status="issued", external=False)
    _save(session, decision)
    _write(session, decision, draft, dossiers)
    taken = {line.nominee_id for line in draft.lines}
    for d in dossiers:
        left = waiting(draft, d.id)
        if left and not any(n.id in taken for n in d.nominees):
            continue  # nothing of it in this decision: it stays as it was, still waiting
        what = f"Quyết định {number} ngày {data.issued_on:%d/%m/%Y}"
        if left:
            what += f"; còn chờ: {_waiting_text(left)}"
        apply_move(session, d, "partly_decided" if left else "decided", what, user=user, special=True)
    session.flush()
    decision.draft = draft
    return decision


def _waiting_text(left: list[Skipped]) -> str:
    names = [f"{s.name} — {s.award}" for s in left]
    return "; ".join(names[:5]) + (f" và {len(names) - 5} đề nghị khác" if len(names) > 5 else "")


def settle(session: Session, dossier: Dossier, on: dt.date, *, user: str = "") -> None:
    """A partly decided dossier whose last waiting nominees went up with the tờ trình (or were
    decided) becomes decided."""
    if dossier.status != "partly_decided":
        return
    session.expire(dossier, ["nominees"])
    draft = _lines(session, [dossier], on, external=False)
    if not waiting(draft, dossier.id) and not draft.lines:
        apply_move(session, dossier, "decided", "Không còn đề nghị nào chờ Hội đồng hoặc trình cấp trên",
                   user=user, special=True)


def _decree(on: dt.date) -> str:
    return "Nghị định 152/2025/NĐ-CP" if on >= dt.date(2025, 7, 1) else "Nghị định 98/2023/NĐ-CP"


def forward_dossier(session: Session, dossier_id: int, ref: str, on: dt.date, to: str = "", *,
                    user: str = "") -> Dossier:
    """Trình cấp trên: the office's tờ trình number and date; the dossier waits for the higher
    authority's decision."""
    dossier = get_dossier(session, dossier_id)
    check_move(dossier, "forwarded")
    if not clean(ref):
        raise ValidationError("Chưa nhập số tờ trình trình cấp trên.", field="forward_ref")
    apply_move(session, dossier, "forwarded", f"Tờ trình {clean(ref)} ngày {on:%d/%m/%Y}"
               + (f" trình {clean(to)}" if to else ""), user=user, special=True)
    dossier.authority = "forwarded"
    dossier.forward_ref, dossier.forwarded_on = clean(ref), on
    if to:
        dossier.forwarded_to = clean(to)
    session.flush()
    return dossier


def record_external_decision(session: Session, dossier_id: int, data: DecisionInput, issuer: str,
                             nominee_ids: list[int] | None = None, *, user: str = "",
                             today: dt.date | None = None) -> Decision:
    """The higher authority's decision on a forwarded dossier, entered so the ledger is complete.
    `nominee_ids`: those the decision names (default: every nominee approved on appraisal)."""
    dossier = get_dossier(session, dossier_id)
    check_move(dossier, "decided")
    if dossier.status != "forwarded":
        raise UserError(f"Hồ sơ {dossier.number} đang “{status_name(dossier.status)}”: chỉ ghi quyết "
                        "định cấp trên cho hồ sơ đã trình cấp trên.")
    if not clean(data.number) or not clean(issuer):
        raise ValidationError("Cần số quyết định và cơ quan ban hành.", field="number")
    check_decision_date([dossier], data.issued_on, today=today, external=True)
    only = set(nominee_ids) if nominee_ids is not None else {
        n.id for n in dossier.nominees if n.appraisal == "approved"}
    draft = _lines(session, [dossier], data.issued_on, external=True, only=only)
    if not draft.lines:
        raise UserError("Quyết định cấp trên chưa có ai trong danh sách.")
    from app.catalog import base_salary_on

    decision = Decision(number=clean(data.number), issuer=clean(issuer), year=data.issued_on.year,
                        issued_on=data.issued_on, signer_name=clean(data.signer_name),
                        signer_title=clean(data.signer_title), sign_mode=data.sign_mode,
                        summary=clean(data.summary), legal_basis=clean(data.legal_basis) or _decree(data.issued_on),
                        base_salary=base_salary_on(session, data.issued_on), status="issued",
                        external=True)
    _save(session, decision)
    _write(session, decision, draft, [dossier])
    apply_move(session, dossier, "decided", f"Quyết định {decision.number} của {decision.issuer}",
               user=user, special=True)
    session.flush()
    return decision
