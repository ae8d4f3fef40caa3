"""Running the checks: pick each nominee's rule in force, apply the common principles and the
award family's check, combine the findings into a verdict, and keep it on the nominee.

The rule in force is chosen by the date the dossier was received (the decision follows within
the processing time, under the same decree); every reason cites its article.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Text, bindparam, inspect, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from app.catalog import rule_for
from app.errors import NotFound
from app.rules import collective, common, cstdcs, flags, forms, higher, ldtt
from app.rules.base import UNSURE, Reason, Verdict, combine
from app.rules.common import Case
from app.rules.context import History, load_history, nominee_key, who_of
from app.states import CLOSED, DROPPED, IN_PROGRESS
from app.users import can
from db.models import Dossier, Nominee

FAMILIES: dict[str, Callable[[Case, History], list[Reason]]] = {
    "ldtt": ldtt.check,
    "cstdcs": cstdcs.check,
    "higher": higher.check,
    "collective_title": collective.check,
    "flag": flags.check,
    "form_basic": forms.check,
    "record": forms.check_record,
}
# Verdicts are kept on nominees while the office still works on the dossier; afterwards they
# stay as they were when it was decided (decided results are frozen).
STORE_STATUSES = IN_PROGRESS
FROZEN_STATUSES = CLOSED
# Settled dossiers whose nominees may still be given the verdict they never got (`settled`).
SETTLED_STATUSES = ("decided", "forwarded")
SKIPPED_APPRAISALS = ("withdrawn",)


@dataclass(slots=True)
class DossierRow:
    """A dossier as the checks read it (a plain row: thousands of ORM objects cost more than
    the checks themselves)."""

    id: int
    number: str
    year: int
    unit_id: int
    received_on: dt.date
    category: str
    status: str
    movement_id: int | None


@dataclass(slots=True)
class NomineeRow:
    """A nominee as the checks read it; `verdict_reasons` is kept as stored (JSON text) until read."""

    id: int
    dossier_id: int
    subject: str
    person_id: int | None
    unit_id: int | None
    name: str
    award_type_id: int
    achievement: str
    rating: str
    initiative: str
    is_direct_worker: bool
    verdict: str
    stored_reasons: object
    version: int
    dossier: DossierRow

    @property
    def verdict_reasons(self) -> list:
        raw = self.stored_reasons
        return (json.loads(raw) if isinstance(raw, str) else raw) or []


def stored_verdict(nominee: Nominee, h: History) -> Verdict:
    """The verdict kept on a nominee when its dossier was settled."""
    award = h.award_types[nominee.award_type_id]
    reasons = [Reason.from_dict(r) for r in nominee.verdict_reasons or []]
    return Verdict(nominee.id, nominee.dossier.number, nominee.name, award.code, award.name,
                   nominee.verdict, reasons)


def evaluate_one(nominee: Nominee, h: History, on: dt.date) -> Verdict:
    dossier = nominee.dossier
    award = h.award_types[nominee.award_type_id]
    verdict = Verdict(nominee.id, dossier.number, nominee.name, award.code, award.name, "")
    found = (award.id, dossier.received_on)
    if found not in h.rules_in_force:
        h.rules_in_force[found] = rule_for(award, dossier.received_on)
    rule = h.rules_in_force[found]
    if rule is None:
        verdict.reasons = [Reason("no_rule_in_force", f"Danh mục không có quy định về {award.name} "
                                  f"áp dụng ngày {dossier.received_on:%d/%m/%Y}: không đủ dữ liệu để "
                                  "kết luận.", "", UNSURE)]
        verdict.verdict = combine(verdict.reasons)
        return verdict
    who = h.unsaved_who.get(nominee_key(nominee)) if nominee.id is None else None
    case = Case(nominee, dossier, award, rule, dossier.year, on,
                who or who_of(nominee.person_id, nominee.subject, nominee.unit_id, nominee.name))
    reasons = common.check_subject(case)
    if not reasons:
        reasons += common.check_investigation(case, h)
        reasons += common.check_discipline(case, h)
        family = FAMILIES.get(award.family)
        if family is None:
            reasons.append(Reason("family_unknown", f"Chưa có cách kiểm tra tiêu chuẩn "
                                  f"{award.name} (nhóm '{award.family}').", rule.legal_basis, UNSURE))
        else:
            reasons += family(case, h)
        reasons += common.check_duplicate(case, h)
        reasons += common.check_interval(case, h)
        reasons += common.check_cap(case, h)
    verdict.reasons = reasons
    verdict.verdict = combine(reasons)
    return verdict


def evaluate(session: Session, nominees: list[Nominee], *, on: dt.date | None = None,
             store: bool = True, settled: bool = False) -> list[Verdict]:
    """Verdicts for a batch (prefetching its history in a few queries); kept on the nominees
    of dossiers still being worked on when `store`. `settled` also keeps one on the nominees of
    decided or forwarded dossiers that never had one (a data file from before verdicts were
    kept, the demo office); a verdict already kept there is never changed."""
    if not nominees:
        return []
    # Only someone who may edit keeps verdicts; a "chỉ xem" user's check shows them, no more.
    store = store and can(session, "edit")
    on = on or dt.date.today()
    frozen = [n.dossier.status in FROZEN_STATUSES and bool(n.verdict) for n in nominees]
    h = load_history(session, [n for n, f in zip(nominees, frozen, strict=True) if not f])
    verdicts, changes = [], []
    # Individuals first: a collective's share of members counts their proposals by these verdicts.
    order = sorted(range(len(nominees)), key=lambda i: nominees[i].subject != "individual")
    found: dict[int, Verdict] = {}
    for i in order:
        nominee = nominees[i]
        if frozen[i]:
            found[i] = stored_verdict(nominee, h)  # decided results are frozen
            continue
        found[i] = evaluate_one(nominee, h, on)
        h.fresh[nominee_key(nominee)] = found[i].verdict
    for i, nominee in enumerate(nominees):
        v = found[i]
        verdicts.append(v)
        if frozen[i]:
            continue
        if store and (nominee.dossier.status in STORE_STATUSES or (
                settled and nominee.dossier.status in SETTLED_STATUSES and not nominee.verdict)):
            reasons = [r.as_dict() for r in v.reasons]
            if nominee.verdict != v.verdict or nominee.verdict_reasons != reasons:
                changes.append((nominee, {"nid": nominee.id, "verdict": v.verdict,
                                          "reasons": reasons}))
    if changes:
        _store(session, changes)
    return verdicts


def _store(session: Session, changes: list) -> None:
    """One executemany for the whole batch instead of a statement per nominee. A verdict is
    derived from the data (recomputed at will), so it is written past the ORM's per-row version
    check and leaves the version alone: keeping a verdict is nobody's edit, and must never make
    another clerk's save of the nominee a conflict. Objects loaded in the session follow."""
    session.flush()
    table = Nominee.__table__
    session.execute(table.update().where(table.c.id == bindparam("nid"))
                    .values(verdict=bindparam("verdict"),
                            verdict_reasons=bindparam("reasons", type_=table.c.verdict_reasons.type)),
                    [row for _, row in changes])
    mapper = inspect(Nominee)
    for nominee, row in changes:
        loaded = nominee if isinstance(nominee, Nominee) else session.identity_map.get(
            mapper.identity_key_from_primary_key((nominee.id,)))
        if isinstance(nominee, NomineeRow):
            nominee.verdict, nominee.stored_reasons = row["verdict"], row["reasons"]
        if loaded is not None:
            set_committed_value(loaded, "verdict", row["verdict"])
            set_committed_value(loaded, "verdict_reasons", row["reasons"])


def _nominees(session: Session, condition) -> list[NomineeRow]:
    """The nominees to check, as plain rows with their dossiers, in the dossiers' order."""
    n, d = Nominee.__table__.c, Dossier.__table__.c
    query = (select(n.id, n.dossier_id, n.subject, n.person_id, n.unit_id, Nominee.name, n.award_type_id,
                    n.achievement, n.rating, n.initiative, n.is_direct_worker, n.verdict,
                    type_coerce(n.verdict_reasons, Text), n.version,
                    d.id, d.number, d.year, d.unit_id, d.received_on, d.category, d.status, d.movement_id)
             .join(Dossier.__table__, d.id == n.dossier_id)
             .where(condition, n.appraisal.not_in(SKIPPED_APPRAISALS))
             .order_by(d.received_on, d.number, n.seq, n.id))
    dossiers: dict[int, DossierRow] = {}
    rows = []
    for r in session.execute(query):
        dossier = dossiers.get(r[14])
        if dossier is None:
            dossier = dossiers[r[14]] = DossierRow(*r[14:])
        rows.append(NomineeRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7] or "", r[8] or "", r[9] or "",
                               bool(r[10]), r[11] or "", r[12], r[13], dossier))
    return rows


def left_out_of_year(session: Session, year: int) -> list[tuple[str, str, int]]:
    """What `check_year` does not check among the nominees the year's report counts as
    proposed: (dossier number, why, nominees) for each refused or withdrawn dossier, and for
    nominees withdrawn one by one from a dossier still checked."""
    from sqlalchemy import func

    from app.states import DOSSIER_STATES

    d, n = Dossier.__table__.c, Nominee.__table__.c
    rows = session.execute(
        select(d.number, d.status, n.appraisal, func.count())
        .select_from(Nominee.__table__.join(Dossier.__table__, d.id == n.dossier_id))
        .where(d.year == year, d.status.in_(DROPPED) | n.appraisal.in_(SKIPPED_APPRAISALS))
        .group_by(d.number, d.status, n.appraisal).order_by(d.number))
    out: dict[tuple[str, str], int] = {}
    for number, status, _appraisal, count in rows:
        why = (f"hồ sơ «{DOSSIER_STATES.get(status, status)}»" if status in DROPPED
               else "đối tượng đã rút khỏi hồ sơ")
        out[(number, why)] = out.get((number, why), 0) + int(count)
    return [(number, why, count) for (number, why), count in out.items()]


def check_dossier(session: Session, dossier_id: int, **kw) -> list[Verdict]:
    if session.get(Dossier, dossier_id) is None:
        raise NotFound("Không tìm thấy hồ sơ.")
    return evaluate(session, _nominees(session, Nominee.__table__.c.dossier_id == dossier_id), **kw)


def find_dossier(session: Session, number: str) -> Dossier:
    """A dossier by its number (`HS-2025-0001`), case and spaces ignored."""
    wanted = number.strip().upper()
    found = session.scalars(select(Dossier).where(Dossier.number == wanted)).all()
    if not found:
        raise NotFound(f"Không tìm thấy hồ sơ số {number}.")
    return found[0]


def check_year(session: Session, year: int, **kw) -> list[Verdict]:
    """Every live nominee of a year's dossiers (refused and withdrawn dossiers, and withdrawn
    nominees, left out)."""
    d = Dossier.__table__.c
    return evaluate(session, _nominees(session, (d.year == year)
                                       & d.status.not_in(DROPPED)), **kw)
