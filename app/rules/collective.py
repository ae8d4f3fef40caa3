"""Collective titles: Tập thể lao động tiên tiến (Luật TĐKT 2022 Điều 28) and Tập thể lao động
xuất sắc (Điều 27). Criteria keys:

    min_rating / rating        the collective's own task rating that year
    min_share_members_ldtt     share of members holding Lao động tiên tiến (0.7)
    all_members_complete       every member completed their tasks
    min_members_cstdcs         members holding Chiến sĩ thi đua cơ sở (1)
    max_discipline             heaviest measure a member may have had that year (khien_trach)

Members counted: the year's member count on the collective's rating, else the unit's; members'
titles in the ledger or proposed in the same round.
"""

from __future__ import annotations

from app.rules.base import DISCIPLINE_NAMES, DISCIPLINE_ORDER, FAIL, OK, UNSURE, Reason, share_text
from app.rules.common import Case, disciplined_in, rating_finding
from app.rules.context import History
from app.rules.higher import identity_unknown


def _members(case: Case, h: History) -> tuple[int | None, int | None]:
    row = h.unit_ratings.get((case.unit_id, case.year))
    total = row[1] if row and row[1] else h.unit_year_sizes.get((case.unit_id, case.year),
                                                              h.unit_sizes.get(case.unit_id))
    completed = row[2] if row else None
    return total, completed


def check(case: Case, h: History) -> list[Reason]:
    c = case.criteria
    unknown = identity_unknown(case)
    if unknown:
        return [unknown]
    reasons: list[Reason] = []
    minimum = c.get("rating") or c.get("min_rating")
    if minimum:
        reasons.append(rating_finding(case, h, minimum))
    total, completed = _members(case, h)
    uid, y = case.unit_id, case.year
    if c.get("min_share_members_ldtt"):
        need = float(c["min_share_members_ldtt"])
        holders = h.member_titles.get((uid, y, "LDTT"), set()) | h.member_titles.get((uid, y, "CSTDCS"), set())
        basis = case.basis("members_ldtt")
        if not total:
            reasons.append(Reason("members_unknown", f"Chưa có số thành viên của tập thể năm {y}: "
                                  "không đủ dữ liệu để tính tỷ lệ Lao động tiên tiến.", basis, UNSURE))
        else:
            share = len(holders) / total
            text = (f"{len(holders)}/{total} thành viên đạt Lao động tiên tiến ({share_text(share)}; "
                    f"cần từ {share_text(need)})")
            ok = share + 1e-9 >= need
            reasons.append(Reason("members_ldtt_ok" if ok else "members_ldtt_share_low",
                                  text + ".", basis, OK if ok else FAIL))
    if c.get("all_members_complete"):
        basis = case.basis("members_complete")
        if total and completed is not None:
            ok = completed >= total
            reasons.append(Reason("members_complete_ok" if ok else "members_not_all_complete",
                                  f"{completed}/{total} thành viên hoàn thành nhiệm vụ năm {y}"
                                  + ("." if ok else "; cần 100%."), basis, OK if ok else FAIL))
        else:
            reasons.append(Reason("members_complete_unknown", f"Chưa có số thành viên hoàn thành "
                                  f"nhiệm vụ năm {y}: không đủ dữ liệu để kết luận.", basis, UNSURE))
    if c.get("min_members_cstdcs"):
        need_n = int(c["min_members_cstdcs"])
        have = len(h.member_titles.get((uid, y, "CSTDCS"), set()))
        ok = have >= need_n
        reasons.append(Reason("members_cstdcs_ok" if ok else "members_cstdcs_missing",
                              f"{have} thành viên đạt Chiến sĩ thi đua cơ sở năm {y}"
                              + ("." if ok else f"; cần ít nhất {need_n}."),
                              case.basis("members_cstdcs"), OK if ok else FAIL))
    if c.get("max_discipline"):
        limit = DISCIPLINE_ORDER.index(c["max_discipline"]) if c["max_discipline"] in DISCIPLINE_ORDER else 0
        heavy = [r for r in h.member_disciplines.get(uid, [])
                 if (DISCIPLINE_ORDER.index(r[0]) if r[0] in DISCIPLINE_ORDER else len(DISCIPLINE_ORDER)) > limit
                 and disciplined_in(h, [r], y)]
        if heavy:
            levels = ", ".join(sorted({DISCIPLINE_NAMES.get(r[0], r[0]) for r in heavy}))
            reasons.append(Reason("member_disciplined", f"{len(heavy)} thành viên bị kỷ luật "
                                  f"({levels}) trong năm {y}: từ mức cảnh cáo trở lên không được xét.",
                                  case.basis("discipline"), FAIL))
    return reasons
