"""Đại hội thi đua yêu nước (the Emulation Congress, every five years): the congress itself
(number, period, date and place, targets), its delegates (đại biểu) and the exemplars it
honours (điển hình tiên tiến được tôn vinh), chosen from the exemplar register and the ledger
(app/congress_candidates.py), and the quotas per group — direct workers, women, ethnic
minorities, grassroots — shown as they fill.

A quota is a minimum share (percent) of the role's target (or of those chosen, while the
congress has no target): 30% of 120 delegates needs 36. An entry keeps the groups it counted
in when chosen, so a later change of a person's record never changes a closed congress.
The awards decided for the congress are ledger awards linked to honoured entries
(`link_decided_awards`).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound, UserError, ValidationError
from app.text import clean, fold
from app.users import require
from db.models import Award, AwardType, Congress, CongressEntry, Decision

ROLES = {"delegate": "Đại biểu", "honour": "Điển hình được tôn vinh"}
GROUPS = {"direct_worker": "Lao động trực tiếp", "female": "Nữ", "minority": "Dân tộc thiểu số",
          "grassroots": "Cơ sở (xã, thôn bản, trường học, doanh nghiệp)"}
# Editable defaults: the guidance for each congress sets its own shares.
DEFAULT_QUOTAS = {"direct_worker": 30, "female": 30, "minority": 30, "grassroots": 50}
ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def roman(number: int) -> str:
    return ROMAN[number] if 0 < number < len(ROMAN) else str(number)


@dataclass
class CongressData:
    number: int
    year: int
    name: str = ""
    period_from: int | None = None
    period_to: int | None = None
    held_on: dt.date | None = None
    place: str = ""
    delegate_target: int = 0
    honour_target: int = 0
    quotas: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_QUOTAS))
    notes: str = ""
    id: int | None = None


def default_name(session: Session, number: int) -> str:
    from app.office import get_profile

    authority = get_profile(session).authority_name or ""
    place = authority.split("nhân dân", 1)[-1].strip() if "nhân dân" in authority else authority
    return f"Đại hội thi đua yêu nước {place} lần thứ {roman(number)}".replace("  ", " ").strip()


def list_congresses(session: Session) -> list[CongressData]:
    return [get_congress(session, c.id) for c in session.scalars(select(Congress).order_by(Congress.number.desc()))]


def congress_for_year(session: Session, year: int) -> Congress | None:
    """The congress held in `year`, else the latest one before it."""
    return session.scalar(select(Congress).where(Congress.year <= year).order_by(Congress.year.desc()).limit(1))


def get_congress(session: Session, congress_id: int) -> CongressData:
    c = _congress(session, congress_id)
    return CongressData(number=c.number, year=c.year, name=c.name, period_from=c.period_from,
                        period_to=c.period_to, held_on=c.held_on, place=c.place,
                        delegate_target=c.delegate_target, honour_target=c.honour_target,
                        quotas={**{g: 0 for g in GROUPS}, **(c.quotas or {})}, notes=c.notes, id=c.id)


def _congress(session: Session, congress_id: int) -> Congress:
    c = session.get(Congress, congress_id)
    if c is None:
        raise NotFound(f"Không tìm thấy Đại hội thi đua số {congress_id}.")
    return c


def save_congress(session: Session, data: CongressData) -> int:
    require(session, "edit")
    if not 1 <= int(data.number) <= 99:
        raise ValidationError("Đại hội lần thứ mấy? Nhập số từ 1 đến 99.", field="number")
    if not 1945 <= int(data.year) <= 2100:
        raise ValidationError(f"Năm tổ chức không hợp lệ: {data.year}.", field="year")
    start = data.period_from or data.year - 5
    end = data.period_to or data.year
    if not start <= end <= data.year:
        raise ValidationError("Giai đoạn thi đua phải kết thúc không sau năm tổ chức Đại hội "
                              f"(đang là {start}–{end}).", field="period_from")
    if data.held_on is not None and data.held_on.year != data.year:
        raise ValidationError(f"Ngày tổ chức phải trong năm {data.year}.", field="held_on")
    for name, value in (("delegate_target", data.delegate_target), ("honour_target", data.honour_target)):
        if not 0 <= int(value or 0) <= 5000:
            raise ValidationError("Số lượng dự kiến phải từ 0 đến 5.000.", field=name)
    quotas = {}
    for group, value in (data.quotas or {}).items():
        if group not in GROUPS:
            raise ValidationError(f"Nhóm cơ cấu không có: {group}.", field="quotas")
        if not 0 <= int(value or 0) <= 100:
            raise ValidationError(f"Tỷ lệ {GROUPS[group].lower()} phải từ 0 đến 100%.", field="quotas")
        quotas[group] = int(value or 0)
    clash = session.scalar(select(Congress.id).where(Congress.number == data.number,
                                                     Congress.id != (data.id or 0)))
    if clash:
        raise ValidationError(f"Đã có Đại hội lần thứ {roman(data.number)}.", field="number")
    c = _congress(session, data.id) if data.id else Congress(number=data.number)
    c.number, c.year, c.period_from, c.period_to = int(data.number), int(data.year), start, end
    c.name = clean(data.name) or default_name(session, int(data.number))
    c.held_on, c.place, c.notes = data.held_on, clean(data.place), (data.notes or "").strip()
    c.delegate_target, c.honour_target = int(data.delegate_target or 0), int(data.honour_target or 0)
    c.quotas = quotas
    if c.id is None:
        session.add(c)
    session.flush()
    return c.id


def delete_congress(session: Session, congress_id: int) -> None:
    require(session, "edit")
    c = _congress(session, congress_id)
    if c.entries:
        raise UserError(f"{c.name} đã có {len(c.entries)} đại biểu, điển hình: hãy bỏ khỏi danh sách trước khi xóa.")
    session.delete(c)
    session.flush()


# --- entries ---------------------------------------------------------------------------------

@dataclass(slots=True)
class EntryRow:
    id: int
    role: str
    seq: int
    subject: str
    name: str
    birth_year: int | None
    ethnicity: str
    position: str
    unit: str
    female: bool
    minority: bool
    direct_worker: bool
    grassroots: bool
    achievement: str
    award_code: str
    award: str  # proposed award's name
    decided: str  # "Bằng khen ... — QĐ 123/QĐ-UBND ngày ..." once linked
    source: str
    person_id: int | None
    unit_id: int | None
    search: str

    @property
    def groups_text(self) -> str:
        return ", ".join(label.split(" (")[0] for g, label in GROUPS.items() if getattr(self, g))


SOURCES = {"ledger": "Sổ khen thưởng", "exemplar": "Sổ điển hình", "manual": "Nhập tay"}


def entries(session: Session, congress_id: int, role: str | None = None) -> list[EntryRow]:
    names = {a.code: a.name for a in session.scalars(select(AwardType))}
    query = (select(CongressEntry, Award, AwardType.name)
             .outerjoin(Award, Award.id == CongressEntry.award_id)
             .outerjoin(AwardType, AwardType.id == Award.award_type_id)
             .where(CongressEntry.congress_id == congress_id))
    if role is not None:
        query = query.where(CongressEntry.role == role)
    rows = []
    for e, award, award_name in session.execute(query.order_by(CongressEntry.role, CongressEntry.seq)):
        decided = ""
        if award is not None:
            when = f" ngày {award.decision_date:%d/%m/%Y}" if award.decision_date else ""
            decided = f"{award_name} — QĐ số {award.decision_number}{when}"
        rows.append(EntryRow(
            e.id, e.role, e.seq, e.subject, e.name, e.birth_year, e.ethnicity, e.position, e.unit_text,
            e.female, e.minority, e.direct_worker, e.grassroots, e.achievement, e.award_code,
            names.get(e.award_code, e.award_code), decided, SOURCES.get(e.source, e.source),
            e.person_id, e.unit_id,
            fold(" ".join([e.name, e.position, e.unit_text, e.ethnicity, e.achievement]))))
    return rows


def _next_seq(session: Session, congress_id: int, role: str) -> int:
    seqs = session.scalars(select(CongressEntry.seq).where(CongressEntry.congress_id == congress_id,
                                                           CongressEntry.role == role))
    return max(seqs, default=0) + 1


def add_entry(session: Session, congress_id: int, role: str, name: str, *, subject: str = "individual",
              position: str = "", unit_text: str = "", birth_year: int | None = None, ethnicity: str = "",
              achievement: str = "", award_code: str = "", **groups: bool) -> int:
    """A delegate or honour typed by hand (someone the ledger and the register do not know)."""
    require(session, "edit")
    _congress(session, congress_id)
    if role not in ROLES:
        raise ValidationError("Chọn danh sách đại biểu hoặc danh sách tôn vinh.", field="role")
    if not clean(name):
        raise ValidationError("Chưa nhập họ tên (hoặc tên tập thể).", field="name")
    if role == "delegate" and subject != "individual":
        raise ValidationError("Đại biểu dự Đại hội là cá nhân.", field="subject")
    bad = set(groups) - set(GROUPS)
    if bad:
        raise ValidationError(f"Nhóm cơ cấu không có: {', '.join(sorted(bad))}.")
    entry = CongressEntry(congress_id=congress_id, role=role, seq=_next_seq(session, congress_id, role),
                          subject=subject, name=clean(name), position=clean(position), unit_text=clean(unit_text),
                          birth_year=birth_year, ethnicity=clean(ethnicity), achievement=(achievement or "").strip(),
                          award_code=award_code if role == "honour" else "", source="manual", notes="",
                          **{g: bool(groups.get(g)) for g in GROUPS})
    session.add(entry)
    session.flush()
    return entry.id


def update_entry(session: Session, entry_id: int, **changes) -> None:
    """Change what the clerk may change on a chosen entry: the award proposed, the
    achievement text, notes, position, and the group marks."""
    require(session, "edit")
    e = session.get(CongressEntry, entry_id)
    if e is None:
        raise NotFound(f"Không tìm thấy dòng số {entry_id} trong danh sách Đại hội.")
    allowed = {"award_code", "achievement", "notes", "position", *GROUPS}
    bad = set(changes) - allowed
    if bad:
        raise ValidationError(f"Không sửa được: {', '.join(sorted(bad))}.")
    if "award_code" in changes and changes["award_code"]:
        if session.scalar(select(AwardType.id).where(AwardType.code == changes["award_code"])) is None:
            raise ValidationError("Hình thức đề nghị không có trong danh mục.", field="award_code")
    for key, value in changes.items():
        setattr(e, key, bool(value) if key in GROUPS else (value or "").strip())
    session.flush()


def remove_entries(session: Session, entry_ids: list[int]) -> int:
    require(session, "edit")
    rows = list(session.scalars(select(CongressEntry).where(CongressEntry.id.in_(entry_ids or [0]))))
    for e in rows:
        session.delete(e)
    session.flush()
    return len(rows)


# --- quotas ------------------------------------------------------------------------------------

@dataclass(slots=True)
class QuotaRow:
    group: str
    label: str
    percent: int  # the minimum share asked
    needed: int  # of the target (or of those chosen)
    have: int
    base: int  # the number the share is of

    @property
    def met(self) -> bool:
        return self.have >= self.needed

    @property
    def share(self) -> float | None:
        chosen = self.base
        return None if not chosen else 100.0 * self.have / chosen

    @property
    def text(self) -> str:
        state = "đạt" if self.met else f"còn thiếu {self.needed - self.have}"
        return f"{self.label}: {self.have}/{self.needed} (tối thiểu {self.percent}%) — {state}"


def quota_progress(session: Session, congress_id: int, role: str = "delegate") -> list[QuotaRow]:
    """How each group's quota fills for a role (delegates by default)."""
    c = _congress(session, congress_id)
    chosen = [e for e in c.entries if e.role == role]
    target = c.delegate_target if role == "delegate" else c.honour_target
    base = target or len(chosen)
    rows = []
    for group, label in GROUPS.items():
        percent = int((c.quotas or {}).get(group, 0) or 0)
        needed = math.ceil(base * percent / 100 - 1e-9)
        rows.append(QuotaRow(group, label.split(" (")[0], percent, needed,
                             sum(1 for e in chosen if getattr(e, group)), base))
    return rows


# --- awards decided for the congress ------------------------------------------------------------

def link_decided_awards(session: Session, congress_id: int, decision_id: int) -> int:
    """Link the honoured entries to the awards a decision gave them (same person or unit, the
    award proposed); returns how many were linked."""
    require(session, "edit")
    decision = session.get(Decision, decision_id)
    if decision is None:
        raise NotFound(f"Không tìm thấy quyết định số {decision_id}.")
    codes = {a.id: a.code for a in session.scalars(select(AwardType))}
    awards = [a for a in decision.awards if not a.revoked]
    n = 0
    for e in _congress(session, congress_id).entries:
        if e.role != "honour" or e.award_id is not None or not e.award_code:
            continue
        for a in awards:
            same = (e.subject == "individual" and e.person_id and a.person_id == e.person_id) or \
                   (e.subject == "collective" and e.unit_id and a.subject == "collective"
                    and a.unit_id == e.unit_id and fold(a.recipient_name) == fold(e.name))
            if same and codes.get(a.award_type_id) == e.award_code:
                e.award_id = a.id
                n += 1
                break
    session.flush()
    return n


@dataclass(slots=True)
class DecidedAward:
    decision: str
    decision_date: dt.date | None
    issuer: str
    name: str
    unit: str
    award: str
    money: int | None


def decided_awards(session: Session, congress_id: int) -> list[DecidedAward]:
    """The awards decided for the congress (linked to its honoured entries), by decision."""
    rows = session.execute(
        select(Award, AwardType.name).join(AwardType, AwardType.id == Award.award_type_id)
        .join(CongressEntry, CongressEntry.award_id == Award.id)
        .where(CongressEntry.congress_id == congress_id)
        .order_by(Award.decision_date, Award.decision_number, Award.book_no, CongressEntry.seq))
    return [DecidedAward(a.decision_number, a.decision_date, a.issuer, a.recipient_name, a.unit_text,
                         name, int(a.money) if a.money is not None and not a.revoked else None)
            for a, name in rows]


# --- what the screens list -------------------------------------------------------------------

@dataclass(slots=True)
class CongressRow:
    id: int
    number: int
    name: str
    year: int
    held_on: dt.date | None
    period: str
    delegates: str
    honours: str
    quotas: str  # "đạt cơ cấu" or what is short
    search: str


def congress_rows(session: Session) -> list[CongressRow]:
    """Every congress, the latest first, with how its lists and quotas stand."""
    rows = []
    for c in session.scalars(select(Congress).order_by(Congress.number.desc())):
        chosen = {role: sum(1 for e in c.entries if e.role == role) for role in ROLES}
        short = [q for q in quota_progress(session, c.id, "delegate") if not q.met]
        rows.append(CongressRow(
            c.id, c.number, c.name, c.year, c.held_on, f"{c.period_from}–{c.period_to}",
            f"{chosen['delegate']}/{c.delegate_target}" if c.delegate_target else str(chosen["delegate"]),
            f"{chosen['honour']}/{c.honour_target}" if c.honour_target else str(chosen["honour"]),
            "Đạt cơ cấu" if not short else "Thiếu: " + ", ".join(f"{q.label.lower()} {q.needed - q.have}" for q in short),
            fold(c.name)))
    return rows


def decision_choices(session: Session, year: int) -> list[tuple[int, str]]:
    """Decisions of the congress's year, newest first, as a picker shows them."""
    return [(d.id, f"{d.number} ngày {d.issued_on:%d/%m/%Y} — {d.issuer}" + (f": {d.summary}" if d.summary else ""))
            for d in session.scalars(select(Decision).where(Decision.year == year, Decision.status == "issued")
                                     .order_by(Decision.issued_on.desc(), Decision.number))]
