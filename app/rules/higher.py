"""Higher awards with one rule shape: *prerequisite award (optional) + N consecutive years of
rating X + K initiatives of scope S* — Chiến sĩ thi đua cấp tỉnh and toàn quốc, Bằng khen của
Chủ tịch UBND tỉnh and of the Prime Minister, Huân chương Lao động.

The numbers are data (`AwardRule.criteria`). A clause holds any of these keys:

    prerequisite              award code the nominee must already hold (regular kind only)
    prerequisite_consecutive  ... for this many consecutive years ending with the year considered
    prerequisite_times        ... this many times (e.g. two successive CSTĐ cấp tỉnh), the last
                              no later than the year considered
    after_prerequisite        the consecutive years must come after the prerequisite's year
    consecutive_years         N consecutive years ending with the year considered ...
    rating                    ... each rated at least this (HTXSNV); alone: that year's rating
    initiatives               K initiatives or research works recognised within those years ...
    initiative_scope          ... of at least this scope (co_so / tinh / toan_quoc)

Criteria may hold one clause, `{"any_of": [clauses]}`, or per subject
`{"individual": ..., "collective": ..., "household": ...}`.
"""

from __future__ import annotations

from app.rules.base import FAIL, INFO, OK, SCOPE_NAMES, SCOPE_ORDER, UNSURE, Reason, any_of
from app.rules.common import (
    Case,
    basis_kinds,
    disciplined_in,
    held,
    ledger_of,
    rating_finding,
    rating_name,
    rating_of,
    rating_rank,
    years_text,
)
from app.rules.context import History

CLAUSE_KEYS = ("prerequisite", "prerequisite_consecutive", "prerequisite_times", "after_prerequisite",
               "consecutive_years", "rating", "initiatives", "initiative_scope")


def clauses_for(case: Case) -> list[dict]:
    """The alternative clauses that apply to this nominee's subject."""
    criteria = case.criteria
    if case.subject in criteria and isinstance(criteria[case.subject], dict):
        criteria = criteria[case.subject]
    if "any_of" in criteria:
        return [c for c in criteria["any_of"] if isinstance(c, dict)]
    clause = {k: criteria[k] for k in CLAUSE_KEYS if k in criteria}
    return [clause] if clause else []


def award_name(h: History, code: str) -> str:
    return h.names.get(code, code)


def identity_unknown(case: Case) -> Reason | None:
    """A nominee not matched to a person (or a unit) has no history to read."""
    if case.subject == "individual" and not case.person_id:
        return Reason("person_unmatched", "Chưa khớp với một cá nhân trong dữ liệu: không tra được "
                      "lịch sử khen thưởng, không đủ dữ liệu để kết luận.", case.principles, UNSURE)
    if case.subject == "collective" and not case.unit_id:
        return Reason("unit_unmatched", "Chưa khớp với một đơn vị trong dữ liệu: không tra được "
                      "lịch sử khen thưởng, không đủ dữ liệu để kết luận.", case.principles, UNSURE)
    return None


def _prerequisite(case: Case, h: History, c: dict, window: set[int]) -> list[Reason]:
    code, y = c["prerequisite"], case.year
    name, basis = award_name(h, code), case.basis("prerequisite")
    run = c.get("prerequisite_consecutive")
    if run:
        years = list(range(y - run + 1, y + 1))
        how = {yr: held(case, h, code, yr) for yr in years}
        missing = [yr for yr in years if not how[yr]]
        window.update(years)
        if missing:
            got = [yr for yr in years if how[yr]]
            have = f" (có các năm {years_text(got)})" if got else ""
            return [Reason("prerequisite_run_broken",
                           f"Cần {run} năm liên tục đạt {name} ({years_text(years)}); thiếu năm "
                           f"{years_text(missing)}{have}.", basis, FAIL)]
        note = f" (năm {y} đang đề nghị cùng đợt)" if how[y] == "pending" else ""
        return [Reason("prerequisite_run_ok",
                       f"Đạt {name} {run} năm liên tục {years_text(years)}{note}.", basis, OK)]
    kinds = basis_kinds(case)
    times = c.get("prerequisite_times")
    if times:
        years = sorted({e.year for e in ledger_of(case, h) if e.code == code and e.kind in kinds
                        and e.year <= y and not case.own(e)})
        if y not in years and held(case, h, code, y) == "pending":
            years.append(y)
        if len(years) >= times:
            used = years[-times:]
            window.update(range(used[0], y + 1))
            return [Reason("prerequisite_times_ok", f"Đã {times} lần đạt {name} (năm "
                           f"{years_text(used)}).", basis, OK)]
        window.update(range(years[0] if years else y, y + 1))
        have = f" (năm {years_text(years)})" if years else ""
        return [Reason("prerequisite_times_missing", f"Cần {times} lần đạt {name}; mới có "
                       f"{len(years)} lần{have}.", basis, FAIL)]
    latest = y - (c.get("consecutive_years") or 0) if c.get("after_prerequisite") else y
    found = sorted((e for e in ledger_of(case, h)
                    if e.code == code and e.kind in kinds and e.year <= latest
                    and not case.own(e)), key=lambda e: e.year)
    if found:
        e = found[-1]
        ref = f" (Quyết định {e.decision})" if e.decision else ""
        return [Reason("prerequisite_ok", f"Đã được tặng {name} năm {e.year}{ref}.", basis, OK)]
    if latest == y and held(case, h, code, y) == "pending":
        return [Reason("prerequisite_ok", f"{name} năm {y} đang đề nghị cùng đợt.", basis, OK)]
    sudden = [e for e in ledger_of(case, h) if e.code == code and e.kind not in kinds]
    extra = (" Khen thưởng đột xuất, theo chuyên đề không làm căn cứ xét khen thưởng thường xuyên "
             f"cao hơn (năm {years_text({e.year for e in sudden})}).") if sudden else ""
    when = f" từ năm {latest} trở về trước" if latest != y else ""
    return [Reason("prerequisite_missing", f"Chưa được tặng {name}{when}.{extra}", basis, FAIL)]


def _consecutive(case: Case, h: History, c: dict, window: set[int]) -> list[Reason]:
    n, minimum, y = c["consecutive_years"], c.get("rating") or "HTXSNV", case.year
    years = list(range(y - n + 1, y + 1))
    window.update(years)
    basis = case.basis("consecutive")
    low, missing, punished = [], [], []
    discipline_rows = h.disciplines.get(case.person_id, []) if case.person_id else []
    for yr in years:
        rating = rating_of(case, h, yr)
        if rating is None:
            missing.append(yr)
        elif rating_rank(rating) < rating_rank(minimum):
            low.append(f"năm {yr} xếp loại {rating}")
        if discipline_rows and disciplined_in(h, discipline_rows, yr):
            punished.append(f"năm {yr} đang thi hành kỷ luật")
    want = f"Cần {n} năm liên tục ({years_text(years)}) {rating_name(minimum)}"
    if low or punished:
        return [Reason("consecutive_run_broken", f"{want}; chuỗi năm bị gián đoạn: "
                       f"{'; '.join(low + punished)}.", basis, FAIL)]
    if missing:
        return [Reason("consecutive_rating_missing", f"{want}; chưa có xếp loại năm "
                       f"{years_text(missing)}: không đủ dữ liệu để kết luận.", basis, UNSURE)]
    return [Reason("consecutive_ok", f"{n} năm liên tục {years_text(years)} đạt "
                   f"{rating_name(minimum)}.", basis, OK)]


def _initiatives(case: Case, h: History, c: dict, window: set[int]) -> list[Reason]:
    if case.subject != "individual":
        return []  # initiatives are a criterion for individuals only
    k, scope = int(c["initiatives"]), c.get("initiative_scope") or "co_so"
    years = sorted(window or {case.year})
    basis = case.basis("initiatives")
    found = [i for i in h.initiatives.get(case.person_id, [])
             if i[0] in years and SCOPE_ORDER.get(i[1], 0) >= SCOPE_ORDER.get(scope, 0)]
    what = f"{k} sáng kiến/đề tài {SCOPE_NAMES.get(scope, scope)} trong năm {years_text(years)}"
    if len(found) >= k:
        titles = "; ".join(i[3] for i in found[:3])
        return [Reason("initiatives_ok", f"Có {len(found)} sáng kiến/đề tài đạt yêu cầu ({titles}).",
                       basis, OK)]
    if case.nominee.initiative.strip() and len(found) + 1 >= k:
        return [Reason("initiative_unconfirmed",
                       f"Cần {what}; hồ sơ khai sáng kiến \"{case.nominee.initiative.strip()[:80]}\" "
                       "nhưng chưa có quyết định công nhận trong dữ liệu: không đủ dữ liệu để kết luận.",
                       basis, UNSURE)]
    return [Reason("initiatives_missing", f"Cần {what}; trong dữ liệu có {len(found)}.", basis, FAIL)]


def evaluate_clause(case: Case, h: History, c: dict) -> list[Reason]:
    """Findings of one clause (every part of it must hold)."""
    window: set[int] = set()
    reasons: list[Reason] = []
    if c.get("prerequisite"):
        reasons += _prerequisite(case, h, c, window)
    if c.get("consecutive_years"):
        reasons += _consecutive(case, h, c, window)
    elif c.get("rating"):
        reasons.append(rating_finding(case, h, c["rating"], key="rating"))
    if c.get("initiatives"):
        reasons += _initiatives(case, h, c, window)
    return reasons


def check(case: Case, h: History) -> list[Reason]:
    clauses = clauses_for(case)
    if not clauses:
        return [Reason("no_checkable_criteria", f"Tiêu chuẩn {case.award.name} cho đối tượng này "
                       "không có điều kiện chương trình kiểm tra được; Hội đồng xem xét hồ sơ.",
                       case.basis(), INFO)]
    unknown_identity = identity_unknown(case)
    if unknown_identity and any(c.get("prerequisite") or c.get("consecutive_years") for c in clauses):
        return [unknown_identity]
    return any_of([evaluate_clause(case, h, c) for c in clauses])
