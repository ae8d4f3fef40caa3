"""Principles every check applies (Luật TĐKT 2022 Điều 5; Nghị định 152/2025/NĐ-CP Điều 4),
and the facts each rule family asks about a nominee's history.

- No award while under investigation, inspection or an unresolved complaint; achievement counts
  again only after a disciplinary period ends.
- Consecutive years are counted on the year of the achievement (Award.year), not the decision.
- Sudden (đột xuất) and thematic (chuyên đề) awards are not a basis for higher regular awards:
  only ledger entries of the "basis kinds" (regular by default) count as prerequisites.
- One achievement, one award: no second award of a title for the same year, nor the same
  award proposed twice; the interval since the last award of the same kind, and caps within a
  unit, when the catalogue or the settings give them.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import cached_property

from app.catalog import RATING_ORDER, RATINGS
from app.rules.base import (
    DISCIPLINE_MONTHS,
    DISCIPLINE_NAMES,
    FAIL,
    OK,
    UNSURE,
    Reason,
    fmt_years,
    missing,
    share_text,
)
from app.rules.context import PENDING_STATUSES, History, LedgerEntry, nominee_key
from app.states import SUBJECT_WORDS
from db.models import AwardRule, AwardType, Dossier, Nominee

DEFAULT_PRINCIPLES = "Luật Thi đua, khen thưởng 2022 Điều 5; Nghị định 152/2025/NĐ-CP Điều 4"


@dataclass
class Case:
    """One nominee being checked, with the rule in force and where to cite it."""

    nominee: Nominee
    dossier: Dossier
    award: AwardType
    rule: AwardRule
    year: int
    on: dt.date  # the date the check is made for (investigations still open then)
    who: tuple

    @cached_property  # read by every check of the nominee; the rule does not change meanwhile
    def criteria(self) -> dict:
        return self.rule.criteria or {}

    def basis(self, key: str = "") -> str:
        """The article for one check: `criteria.articles[key]`, else the rule's legal basis."""
        articles = self.criteria.get("articles") or {}
        return articles.get(key) or self.rule.legal_basis or ""

    @property
    def principles(self) -> str:
        return self.criteria.get("principles_basis") or DEFAULT_PRINCIPLES

    @property
    def subject(self) -> str:
        return self.nominee.subject

    @property
    def key(self) -> int:
        return nominee_key(self.nominee)

    def own(self, entry: LedgerEntry) -> bool:
        """Whether a ledger line was made from this very nomination (after its decision)."""
        return entry.nominee_id is not None and entry.nominee_id == self.nominee.id

    @property
    def person_id(self) -> int | None:
        return self.nominee.person_id if self.subject == "individual" else None

    @property
    def unit_id(self) -> int | None:
        return self.nominee.unit_id if self.subject == "collective" else None

    @property
    def owner(self) -> tuple | None:
        """Whose recorded facts apply: ("p", person) or ("u", unit), None when unmatched."""
        if self.person_id:
            return ("p", self.person_id)
        if self.unit_id:
            return ("u", self.unit_id)
        return None


def rating_rank(code: str | None) -> int:
    return RATING_ORDER.index(code) if code in RATING_ORDER else -1


def rating_name(code: str) -> str:
    return f"{RATINGS.get(code, code)} ({code})"


def rating_of(case: Case, h: History, year: int) -> str | None:
    """The task rating of the nominee for a year: recorded, else declared in the dossier."""
    if case.subject == "collective" and case.unit_id:
        row = h.unit_ratings.get((case.unit_id, year))
        if row:
            return row[0]
    elif case.person_id:
        recorded = h.person_ratings.get((case.person_id, year))
        if recorded:
            return recorded
    if year == case.year and case.nominee.rating in RATINGS:
        return case.nominee.rating
    return None


def rating_fact(case: Case, h: History, year: int) -> dict | None:
    """The recorded fact a year's rating comes from (a rating row, else the dossier's line)."""
    owner = case.owner
    if owner:
        rid = h.rating_ids.get((owner[0], owner[1], year))
        if rid and (owner[0] == "p" or (h.unit_ratings.get((owner[1], year)) or ("",))[0]):
            return {"kind": "person_rating" if owner[0] == "p" else "unit_rating", "id": rid}
    if year == case.year and case.nominee.rating in RATINGS and case.nominee.id is not None:
        return {"kind": "nominee", "id": case.nominee.id}
    return None


def rating_missing(case: Case, year: int | str) -> str:
    who = "tập thể" if case.subject == "collective" else "cá nhân"
    return missing("unit_rating" if case.subject == "collective" else "person_rating",
                   f"Xếp loại hoàn thành nhiệm vụ năm {year} của {who}")


def basis_kinds(case: Case) -> tuple[str, ...]:
    return tuple(case.criteria.get("basis_kinds") or ("regular",))


def ledger_of(case: Case, h: History) -> list[LedgerEntry]:
    if case.person_id:
        return h.person_awards.get(case.person_id, [])
    if case.unit_id:
        return h.unit_awards.get(case.unit_id, [])
    return []


def held(case: Case, h: History, code: str, year: int, *, pending: bool = True) -> str | None:
    """How the nominee holds `code` for `year` as a basis: "ledger", "pending" or None.

    Only basis kinds count (a sudden or thematic award is no basis for a higher regular one);
    a nomination of the same year still in the office's hands counts as "pending".
    """
    kinds = basis_kinds(case)
    for e in ledger_of(case, h):
        if e.code == code and e.year == year and e.kind in kinds and not case.own(e):
            return "ledger"
    if pending:
        for p in h.pending_by_who.get(case.who, []):
            if p.code == code and p.year == year and p.id != case.key and p.category in kinds:
                return "pending"
    return None


def discipline_months(h: History, level: str) -> int:
    """How long a measure with no end date counts: the office's setting for that measure (or
    one number for all, as older settings stored it), else the law's (DISCIPLINE_MONTHS)."""
    raw = h.settings.get("rules.discipline_months")
    if isinstance(raw, dict) and raw.get(level):
        return int(raw[level])
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and raw:
        return int(raw)
    return DISCIPLINE_MONTHS.get(level, 12)


def discipline_end(start: dt.date, end: dt.date | None, h: History, level: str = "") -> dt.date:
    """When a measure stops counting; a measure with no end date lasts its measure's months."""
    if end:
        return end
    months = discipline_months(h, level)
    year, month = divmod(start.month - 1 + months, 12)
    day = min(start.day, 28)
    return dt.date(start.year + year, month + 1, day)


def disciplined_in(h: History, rows, year: int):
    """The first measure whose period touches the year, or None."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    for row in rows:
        start, end = row[1], row[2]
        if start <= last and discipline_end(start, end, h, row[0]) >= first:
            return row
    return None


def check_subject(case: Case) -> list[Reason]:
    wanted = case.award.subject
    if wanted in ("any", case.subject):
        return []
    return [Reason("wrong_subject",
                   f"{case.award.name} chỉ xét cho {SUBJECT_WORDS.get(wanted, wanted)}, "
                   f"không xét cho {SUBJECT_WORDS.get(case.subject, case.subject)}.",
                   case.basis("subject"))]


INVESTIGATION_WORDS = {"investigation": "điều tra, xem xét", "inspection": "thanh tra, kiểm tra",
                       "complaint": "khiếu nại, tố cáo"}


def check_investigation(case: Case, h: History) -> list[Reason]:
    """No award meanwhile, for a person or a collective (Nghị định 152/2025 Điều 4: cá nhân,
    tập thể)."""
    if case.owner is None:
        return []
    for start, end, row_id, kind in h.investigations.get(case.owner, []):
        if start <= case.on and (end is None or end >= case.on):
            what = INVESTIGATION_WORDS.get(kind, "xem xét")
            who = "Tập thể đang" if case.owner[0] == "u" else "Đang"
            return [Reason("under_investigation",
                           f"{who} bị xem xét, thanh tra, kiểm tra hoặc có khiếu nại chưa giải quyết "
                           f"({what} từ {start:%d/%m/%Y}, chưa kết thúc): chưa xét khen thưởng.",
                           case.principles, FAIL, {"kind": "investigation", "id": row_id})]
    return []


def check_discipline(case: Case, h: History) -> list[Reason]:
    if case.owner is None:
        return []
    row = disciplined_in(h, h.disciplines.get(case.owner, []), case.year)
    if row is None:
        return []
    level, start, end, row_id = row
    until = discipline_end(start, end, h, level)
    who = "Tập thể bị" if case.owner[0] == "u" else "Bị"
    return [Reason("under_discipline",
                   f"{who} kỷ luật {DISCIPLINE_NAMES.get(level, level)} từ {start:%d/%m/%Y} đến "
                   f"{until:%d/%m/%Y}: thành tích năm {case.year} chưa được tính.", case.principles,
                   FAIL, {"kind": "discipline", "id": row_id})]


def _same_occasion(case: Case, kind: str, movement_id: int | None, dossier_id: int | None = None) -> bool:
    """One achievement, one award (Luật TĐKT 2022 Điều 6): a title once a year; a form again
    for another achievement — another movement, another sudden deed — but not twice for the
    year's work, the same movement or the same deed (the same dossier)."""
    if case.award.category == "title":
        return True
    if kind != case.dossier.category:
        return False
    if kind == "movement":
        return movement_id == case.dossier.movement_id
    if kind == "sudden":
        return dossier_id is not None and dossier_id == case.dossier.id
    return True


def check_duplicate(case: Case, h: History) -> list[Reason]:
    code = case.award.code
    for e in ledger_of(case, h):
        if (e.code == code and e.year == case.year and not case.own(e)
                and _same_occasion(case, e.kind, e.movement_id)):
            ref = f" (Quyết định {e.decision}" + (f" ngày {e.decision_date:%d/%m/%Y})" if e.decision_date else ")")
            return [Reason("already_awarded",
                           f"Đã được tặng {case.award.name} năm {case.year}{ref if e.decision else ''}.",
                           case.principles, FAIL, {"kind": "award", "id": e.id})]
    if case.dossier.status not in PENDING_STATUSES:
        return []  # a settled nomination is not a duplicate of a later one
    for p in h.pending_by_who.get(case.who, []):
        if (p.code == code and p.year == case.year and p.id != case.key
                and _same_occasion(case, p.category, p.movement_id, p.dossier_id)):
            where = "cùng hồ sơ" if p.dossier_id == case.dossier.id else f"hồ sơ {p.dossier_number}"
            return [Reason("proposed_twice",
                           f"Được đề nghị {case.award.name} năm {case.year} hai lần ({where}).",
                           case.principles)]
    return []


def check_interval(case: Case, h: History) -> list[Reason]:
    """`once`: an award given once in a life (an order's class); `min_interval_years`: years
    between two awards of the same kind, so one achievement is not rewarded twice."""
    kinds = basis_kinds(case)
    if case.criteria.get("once"):
        before = sorted((e for e in ledger_of(case, h) if e.code == case.award.code
                         and e.year < case.year and not case.own(e)),
                        key=lambda e: e.year)
        if before:
            return [Reason("already_held", f"Đã được tặng {case.award.name} năm {before[0].year}"
                           + (f" (Quyết định {before[0].decision})" if before[0].decision else "")
                           + ": mỗi hạng chỉ tặng một lần.", case.basis("once"))]
    gap = case.criteria.get("min_interval_years")
    if not gap:
        return []
    recent = [e for e in ledger_of(case, h)
              if e.code == case.award.code and e.kind in kinds and case.year - gap < e.year < case.year]
    if not recent:
        return []
    last = max(recent, key=lambda e: e.year)
    return [Reason("interval_too_short",
                   f"Đã được tặng {case.award.name} năm {last.year}"
                   + (f" (Quyết định {last.decision})" if last.decision else "")
                   + f"; lần sau phải cách ít nhất {gap} năm (sớm nhất năm {last.year + gap}).",
                   case.basis("interval"))]


def cap_of(case: Case, h: History) -> dict | None:
    """The cap within a unit for this award: the setting overrides the catalogue."""
    caps = h.settings.get("rules.unit_caps") or {}
    if case.award.code in caps:
        return caps[case.award.code] or None
    return case.criteria.get("unit_cap") or None


def capped(share: float, base: int, rounding: str) -> int:
    exact = share * base
    if rounding == "ceil":
        return math.ceil(exact - 1e-9)
    if rounding == "round":
        return int(exact + 0.5)
    return math.floor(exact + 1e-9)


def check_cap(case: Case, h: History) -> list[Reason]:
    cap = cap_of(case, h)
    if not cap or case.subject != "individual":
        return []
    share, of = float(cap["share"]), cap.get("of", "LDTT")
    unit = case.dossier.unit_id
    code = case.award.code

    def count(c: str) -> int:
        return h.unit_title_counts.get((unit, case.year, c), 0) + h.pending_count(unit, case.year, c)

    base, used = count(of), count(code)
    allowed = capped(share, base, cap.get("rounding", "floor"))
    of_name = h.names.get(of, of)
    text = (f"{case.award.name} của đơn vị năm {case.year}: {used} người, tối đa "
            f"{share_text(share)} của {base} {of_name} = {allowed}")
    if used > allowed:
        return [Reason("unit_cap_exceeded", text + ": vượt tỷ lệ.", cap.get("basis") or case.basis("cap"))]
    return [Reason("unit_cap_ok", text + ".", cap.get("basis") or case.basis("cap"), OK)]


def rating_finding(case: Case, h: History, minimum: str, *, key: str = "rating",
                   code_ok: str = "rating_ok", code_low: str = "rating_too_low") -> Reason:
    """Whether the year's task rating reaches `minimum`."""
    rating = rating_of(case, h, case.year)
    wanted = rating_name(minimum) + (" trở lên" if minimum != "HTXSNV" else "")
    if rating is None:
        return Reason("rating_missing", f"Chưa có mức xếp loại hoàn thành nhiệm vụ năm {case.year}: "
                      f"không đủ dữ liệu để kết luận (cần {wanted}).", case.basis(key), UNSURE,
                      missing=rating_missing(case, case.year))
    fact = rating_fact(case, h, case.year)
    if rating_rank(rating) >= rating_rank(minimum):
        return Reason(code_ok, f"Năm {case.year} xếp loại {rating_name(rating)}.", case.basis(key), OK, fact)
    return Reason(code_low, f"Năm {case.year} xếp loại {rating_name(rating)}, chưa đạt {wanted}.",
                  case.basis(key), FAIL, fact)


def years_text(years) -> str:
    return fmt_years(sorted(years))
