"""Higher awards with one rule shape: *prerequisite award (optional) + N consecutive years of
rating X + K initiatives of scope S* — Chiến sĩ thi đua cấp tỉnh and toàn quốc, Bằng khen của
Chủ tịch UBND tỉnh and of the Prime Minister, Huân chương Lao động — and the routes that need
no run at all (a sudden achievement, a movement's result, a worker's influence).

The numbers are data (`AwardRule.criteria`). A clause holds any of these keys:

    categories                the dossier kinds (regular, movement, sudden ...) the clause is a
                              route for; a clause without it applies to every kind
    route                     the route's name for the clerk (đột xuất, phong trào ...)
    achievement               the dossier must describe the achievement (the council judges it)
    movement_levels           the dossier's movement must be launched at one of these levels
    direct_worker             the nominee is a worker, farmer or other direct labourer
    prerequisite              award code the nominee must already hold (regular kind only)
    prerequisite_consecutive  ... for this many consecutive years, the latest run not yet used
                              for this same award, ending no earlier than `run_end_lag` years
                              before the year considered (0: ending that year)
    prerequisite_times        ... this many times in a row (e.g. two successive CSTĐ cấp tỉnh),
                              each within `prerequisite_max_gap` years of the one before, the last
                              no later than the year considered
    after_prerequisite        the consecutive years must come after the prerequisite's year
    consecutive_years         N consecutive years (the same reading of the run) ...
    rating                    ... each rated at least this (HTXSNV); alone: that year's rating
    initiatives               K distinct initiatives or research works, recognised by a decision,
                              within those years ...
    initiative_scope          ... of at least this scope (co_so / tinh / toan_quoc)

Criteria may hold one clause, `{"any_of": [clauses]}`, or per subject
`{"individual": ..., "collective": ..., "household": ...}`.
"""

from __future__ import annotations

from app.rules.base import FAIL, INFO, OK, SCOPE_NAMES, SCOPE_ORDER, UNSURE, Reason, any_of, missing
from app.rules.common import (
    Case,
    basis_kinds,
    disciplined_in,
    held,
    ledger_of,
    rating_finding,
    rating_missing,
    rating_name,
    rating_of,
    rating_rank,
    years_text,
)
from app.rules.context import History, LedgerEntry
from app.rules.routes import route_findings

CLAUSE_KEYS = ("categories", "route", "achievement", "movement_levels", "direct_worker",
               "prerequisite", "prerequisite_consecutive", "prerequisite_times",
               "prerequisite_max_gap", "after_prerequisite", "consecutive_years", "rating",
               "initiatives", "initiative_scope", "run_end_lag")


def all_clauses(criteria: dict, subject: str) -> list[dict]:
    if subject in criteria and isinstance(criteria[subject], dict):
        criteria = criteria[subject]
    if "any_of" in criteria:
        return [c for c in criteria["any_of"] if isinstance(c, dict)]
    clause = {k: criteria[k] for k in CLAUSE_KEYS if k in criteria}
    return [clause] if clause else []


def clauses_for(case: Case) -> list[dict]:
    """The alternative clauses that apply to this nominee's subject and dossier kind."""
    return [c for c in all_clauses(case.criteria, case.subject)
            if not c.get("categories") or case.dossier.category in c["categories"]]


def award_name(h: History, code: str) -> str:
    return h.names.get(code, code)


def identity_unknown(case: Case) -> Reason | None:
    """A nominee not matched to a person (or a unit) has no history to read."""
    if case.subject == "individual" and not case.person_id:
        return Reason("person_unmatched", "Chưa khớp với một cá nhân trong dữ liệu: không tra được "
                      "lịch sử khen thưởng, không đủ dữ liệu để kết luận.", case.principles, UNSURE,
                      missing=missing("person", "Cá nhân được đề nghị"))
    if case.subject == "collective" and not case.unit_id:
        return Reason("unit_unmatched", "Chưa khớp với một đơn vị trong dữ liệu: không tra được "
                      "lịch sử khen thưởng, không đủ dữ liệu để kết luận.", case.principles, UNSURE,
                      missing=missing("unit", "Tập thể được đề nghị"))
    return None


def used_runs(case: Case, h: History, c: dict, n: int) -> list[tuple[LedgerEntry, set[int]]]:
    """The runs already rewarded with this very award, one per earlier award of it in the
    ledger: the run it rested on (the latest `n` consecutive years of the prerequisite it held,
    ending in its year or up to `run_end_lag` years before). When the ledger does not show that
    run (a history kept elsewhere), every year up to that award counts as used."""
    if c.get("prerequisite") == case.award.code:
        return []
    kinds, lag, code = basis_kinds(case), int(c.get("run_end_lag") or 0), c.get("prerequisite")
    out = []
    for e in ledger_of(case, h):
        if e.code != case.award.code or e.kind not in kinds or e.year > case.year or case.own(e):
            continue
        run = None
        if code and c.get("prerequisite_consecutive"):
            for end in range(e.year, e.year - lag - 1, -1):
                years = set(range(end - n + 1, end + 1))
                if all(held(case, h, code, yr, pending=False) for yr in years):
                    run = years
                    break
        out.append((e, run if run is not None else set(range(min(e.year - n + 1, 1900), e.year + 1))))
    return out


def run_windows(case: Case, h: History, c: dict, n: int) -> tuple[list[list[int]], list[tuple]]:
    """The candidate runs of n years, latest first, ending in the year considered or up to
    `run_end_lag` years before it; and those left out because an earlier award of this very
    award already rested on one of their years, each with that award (a run counts once)."""
    y, lag = case.year, int(c.get("run_end_lag") or 0)
    used = used_runs(case, h, c, n)
    windows, blocked = [], []
    for end in range(y, y - lag - 1, -1):
        years = list(range(end - n + 1, end + 1))
        clash = next(((e, run) for e, run in used if run & set(years)), None)
        if clash is None:
            windows.append(years)
        else:
            blocked.append((clash[0], years, clash[1]))
    return windows, blocked


def _award_ref(h: History, e: LedgerEntry) -> str:
    ref = f"{award_name(h, e.code)} năm {e.year}"
    if e.decision:
        ref += f" (Quyết định {e.decision}" + (f" ngày {e.decision_date:%d/%m/%Y})" if e.decision_date else ")")
    return ref


def _used_note(h: History, blocked: list[tuple]) -> str:
    if not blocked:
        return ""
    e = blocked[0][0]
    return f" (các năm đến {e.year} đã dùng để được tặng {_award_ref(h, e)}, không tính lại)"


def _latest_fact(case: Case, h: History, code: str, years) -> dict | None:
    """The ledger award of the run's latest year it holds: what the finding rests on."""
    kinds = basis_kinds(case)
    found = [e for e in ledger_of(case, h) if e.code == code and e.year in set(years) and e.kind in kinds
             and not case.own(e)]
    return {"kind": "award", "id": max(found, key=lambda e: e.year).id} if found else None


def _prerequisite_run(case: Case, h: History, c: dict, window: set[int]) -> list[Reason]:
    code, run = c["prerequisite"], c["prerequisite_consecutive"]
    name, basis = award_name(h, code), case.basis("prerequisite")
    windows, blocked = run_windows(case, h, c, run)
    for years in windows:
        how = {yr: held(case, h, code, yr) for yr in years}
        if all(how.values()):
            window.update(years)
            note = f" (năm {case.year} đang đề nghị cùng đợt)" if how.get(case.year) == "pending" else ""
            return [Reason("prerequisite_run_ok",
                           f"Đạt {name} {run} năm liên tục {years_text(years)}{note}.", basis, OK,
                           _latest_fact(case, h, code, years))]
    for e, years, used in blocked:
        if all(held(case, h, code, yr) for yr in years):
            # One CSTĐCS year never counts in two runs for two awards of the same kind.
            window.update(years)
            return [Reason("prerequisite_run_used",
                           f"Chuỗi {run} năm {name} {years_text(years)} có năm đã dùng để được tặng "
                           f"{_award_ref(h, e)}: một chuỗi chỉ tính cho một lần khen; cần {run} năm liên tục "
                           f"đạt {name} sau năm {max(used)}.", basis, FAIL,
                           {"kind": "award", "id": e.id})]
    years = windows[0] if windows else blocked[0][1]
    window.update(years)
    got = [yr for yr in years if held(case, h, code, yr)]
    missing_years = [yr for yr in years if yr not in got]
    have = f" (có các năm {years_text(got)})" if got else ""
    ends = (f"; chuỗi phải kết thúc năm {case.year}" + (f" hoặc {case.year - int(c['run_end_lag'])}"
                                                       if c.get("run_end_lag") else ""))
    return [Reason("prerequisite_run_broken",
                   f"Cần {run} năm liên tục đạt {name} ({years_text(years)}); thiếu năm "
                   f"{years_text(missing_years)}{have}{ends}{_used_note(h, blocked)}.", basis, FAIL,
                   {"kind": "award", "id": blocked[0][0].id} if blocked and not windows else None)]


def _prerequisite_times(case: Case, h: History, c: dict, window: set[int]) -> list[Reason]:
    code, times, y = c["prerequisite"], int(c["prerequisite_times"]), case.year
    name, basis = award_name(h, code), case.basis("prerequisite")
    kinds, gap = basis_kinds(case), c.get("prerequisite_max_gap")
    years = sorted({e.year for e in ledger_of(case, h) if e.code == code and e.kind in kinds
                    and e.year <= y and not case.own(e)})
    if y not in years and held(case, h, code, y) == "pending":
        years.append(y)
    # The latest chain of awards each within `gap` years of the one before ("liên tục").
    chain: list[int] = []
    for yr in reversed(years):
        if chain and gap and chain[-1] - yr > int(gap):
            if len(chain) >= times:
                break
            chain = []
        chain.append(yr)
        if len(chain) >= times:
            break
    chain.reverse()
    if len(chain) >= times:
        window.update(range(chain[0], y + 1))
        return [Reason("prerequisite_times_ok", f"Đã {times} lần liên tục đạt {name} (năm "
                       f"{years_text(chain)}).", basis, OK, _latest_fact(case, h, code, chain))]
    window.update(range(years[0] if years else y, y + 1))
    have = f" (năm {years_text(years)})" if years else ""
    if len(years) >= times:
        return [Reason("prerequisite_times_not_consecutive",
                       f"Cần {times} lần liên tục đạt {name}, lần sau cách lần trước không quá {gap} "
                       f"năm; các lần đạt{have} không liên tục.", basis, FAIL)]
    return [Reason("prerequisite_times_missing", f"Cần {times} lần liên tục đạt {name}; mới có "
                   f"{len(years)} lần{have}.", basis, FAIL)]


def _prerequisite(case: Case, h: History, c: dict, window: set[int]) -> list[Reason]:
    if c.get("prerequisite_consecutive"):
        return _prerequisite_run(case, h, c, window)
    if c.get("prerequisite_times"):
        return _prerequisite_times(case, h, c, window)
    code, y = c["prerequisite"], case.year
    name, basis = award_name(h, code), case.basis("prerequisite")
    kinds = basis_kinds(case)
    latest = y - (c.get("consecutive_years") or 0) if c.get("after_prerequisite") else y
    found = sorted((e for e in ledger_of(case, h)
                    if e.code == code and e.kind in kinds and e.year <= latest
                    and not case.own(e)), key=lambda e: e.year)
    if found:
        e = found[-1]
        ref = f" (Quyết định {e.decision})" if e.decision else ""
        return [Reason("prerequisite_ok", f"Đã được tặng {name} năm {e.year}{ref}.", basis, OK,
                       {"kind": "award", "id": e.id})]
    if latest == y and held(case, h, code, y) == "pending":
        return [Reason("prerequisite_ok", f"{name} năm {y} đang đề nghị cùng đợt.", basis, OK)]
    sudden = [e for e in ledger_of(case, h) if e.code == code and e.kind not in kinds]
    extra = (" Khen thưởng đột xuất, theo chuyên đề không làm căn cứ xét khen thưởng thường xuyên "
             f"cao hơn (năm {years_text({e.year for e in sudden})}).") if sudden else ""
    when = f" từ năm {latest} trở về trước" if latest != y else ""
    return [Reason("prerequisite_missing", f"Chưa được tặng {name}{when}.{extra}", basis, FAIL)]


def _run_state(case: Case, h: History, years: list[int], minimum: str) -> tuple[list, list, list]:
    low, absent, punished = [], [], []
    rows = h.disciplines.get(case.owner, []) if case.owner else []
    for yr in years:
        rating = rating_of(case, h, yr)
        if rating is None:
            absent.append(yr)
        elif rating_rank(rating) < rating_rank(minimum):
            low.append(f"năm {yr} xếp loại {rating}")
        if rows and disciplined_in(h, rows, yr):
            punished.append(f"năm {yr} đang thi hành kỷ luật")
    return low, absent, punished


def _consecutive(case: Case, h: History, c: dict, window: set[int]) -> list[Reason]:
    n, minimum = c["consecutive_years"], c.get("rating") or "HTXSNV"
    basis = case.basis("consecutive")
    windows, blocked = ([list(range(case.year - n + 1, case.year + 1))], []) if c.get("after_prerequisite") \
        else run_windows(case, h, c, n)
    if not windows:  # every run that could count was already rewarded with this very award
        e, years, _ = blocked[0]
        window.update(years)
        return [Reason("consecutive_run_used", f"Cần {n} năm liên tục ({years_text(years)}) "
                       f"{rating_name(minimum)} chưa dùng cho lần khen nào{_used_note(h, blocked)}.", basis, FAIL,
                       {"kind": "award", "id": e.id})]
    states = [(years, *_run_state(case, h, years, minimum)) for years in windows]
    for years, low, absent, punished in states:
        if not (low or absent or punished):
            window.update(years)
            return [Reason("consecutive_ok", f"{n} năm liên tục {years_text(years)} đạt "
                           f"{rating_name(minimum)}.", basis, OK)]
    for years, low, absent, punished in states:
        if not (low or punished):
            window.update(years)
            return [Reason("consecutive_rating_missing",
                           f"Cần {n} năm liên tục ({years_text(years)}) {rating_name(minimum)}; chưa có "
                           f"xếp loại năm {years_text(absent)}: không đủ dữ liệu để kết luận.", basis,
                           UNSURE, missing=rating_missing(case, years_text(absent)))]
    years, low, absent, punished = states[0]
    window.update(years)
    return [Reason("consecutive_run_broken", f"Cần {n} năm liên tục ({years_text(years)}) "
                   f"{rating_name(minimum)}; chuỗi năm bị gián đoạn: {'; '.join(low + punished)}"
                   f"{_used_note(h, blocked)}.", basis, FAIL)]


def _initiatives(case: Case, h: History, c: dict, window: set[int]) -> list[Reason]:
    if case.subject != "individual":
        return []  # initiatives are a criterion for individuals only
    k, scope = int(c["initiatives"]), c.get("initiative_scope") or "co_so"
    years = sorted(window or {case.year})
    basis = case.basis("initiatives")
    fitting = [i for i in h.initiatives.get(case.person_id, [])
               if i.year in years and SCOPE_ORDER.get(i.scope, 0) >= SCOPE_ORDER.get(scope, 0)]
    distinct: dict[str, object] = {}
    for i in sorted(fitting, key=lambda i: (not i.recognised, i.year)):
        if i.recognised:
            distinct.setdefault(i.key, i)
    found = list(distinct.values())
    what = f"{k} sáng kiến/đề tài {SCOPE_NAMES.get(scope, scope)} trong năm {years_text(years)}"
    if len(found) >= k:
        titles = "; ".join(i.title for i in found[:3])
        return [Reason("initiatives_ok", f"Có {len(found)} sáng kiến/đề tài khác nhau đạt yêu cầu "
                       f"({titles}).", basis, OK, {"kind": "initiative", "id": found[0].id})]
    declared = [i for i in fitting if not i.recognised and i.key not in distinct]
    where = missing("initiative", "Quyết định công nhận sáng kiến, đề tài")
    if declared and len(found) + len({i.key for i in declared}) >= k:
        i = declared[0]
        return [Reason("initiative_unconfirmed",
                       f"Cần {what}; sáng kiến \"{i.title[:80]}\" mới được khai, chưa có quyết định công "
                       "nhận trong dữ liệu: không đủ dữ liệu để kết luận.", basis, UNSURE,
                       {"kind": "initiative", "id": i.id}, where)]
    if case.nominee.initiative.strip() and len(found) + 1 >= k:
        return [Reason("initiative_unconfirmed",
                       f"Cần {what}; hồ sơ khai sáng kiến \"{case.nominee.initiative.strip()[:80]}\" "
                       "nhưng chưa có quyết định công nhận trong dữ liệu: không đủ dữ liệu để kết luận.",
                       basis, UNSURE, missing=where)]
    counted = f"; trong dữ liệu có {len(found)}" + (
        " (một sáng kiến ghi ở nhiều năm chỉ tính một)" if len(fitting) > len(found) and found else "")
    return [Reason("initiatives_missing", f"Cần {what}{counted}.", basis, FAIL)]


def evaluate_clause(case: Case, h: History, c: dict) -> list[Reason]:
    """Findings of one clause (every part of it must hold)."""
    window: set[int] = set()
    reasons: list[Reason] = route_findings(case, h, c)
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
        routes = all_clauses(case.criteria, case.subject)
        if routes:
            from app.catalog import DOSSIER_CATEGORIES

            kinds = sorted({k for c in routes for k in c.get("categories") or []})
            names = ", ".join(DOSSIER_CATEGORIES.get(k, k).lower() for k in kinds)
            return [Reason("no_route_for_kind", f"{case.award.name} không xét theo loại hồ sơ "
                           f"“{DOSSIER_CATEGORIES.get(case.dossier.category, case.dossier.category)}” "
                           f"(chỉ xét: {names}).", case.basis(), FAIL)]
        return [Reason("no_checkable_criteria", f"Tiêu chuẩn {case.award.name} cho đối tượng này "
                       "không có điều kiện chương trình kiểm tra được; Hội đồng xem xét hồ sơ.",
                       case.basis(), INFO)]
    unknown_identity = identity_unknown(case)
    if unknown_identity and any(c.get("prerequisite") or c.get("consecutive_years") for c in clauses):
        if not any(c.get("achievement") for c in clauses):
            return [unknown_identity]
    return any_of([evaluate_clause(case, h, c) for c in clauses])
