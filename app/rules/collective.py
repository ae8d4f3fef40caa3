"""Collective titles: Tập thể lao động tiên tiến (Luật TĐKT 2022 Điều 28) and Tập thể lao động
xuất sắc (Điều 27). Criteria keys:

    min_rating / rating        the collective's own task rating that year
    min_share_members_ldtt     share of members holding Lao động tiên tiến (0.7)
    all_members_complete       every member completed their tasks
    min_members_cstdcs         members holding Chiến sĩ thi đua cơ sở (1)
    max_discipline             heaviest measure a member may have had that year (khien_trach)

Members counted: the year's member count on the collective's record, else the unit's. A member
counts once however many titles they hold or are proposed for (LĐTT and CSTĐCS of one person
are one member); a title decided counts, a proposal in the same round counts when its own
verdict meets, never when it fails, and is "not known yet" when its own verdict cannot tell:
the share then meets only on the members known to meet, fails only when even the unknown ones
could not reach it, and is otherwise "cannot tell", naming the members still to settle. More
holders than members means the member count is wrong: "cannot tell".
"""

from __future__ import annotations

from dataclasses import dataclass

from app.catalog import RATINGS
from app.rules import ldtt
from app.rules.base import (
    DISCIPLINE_NAMES,
    DISCIPLINE_ORDER,
    FAIL,
    OK,
    UNSURE,
    Reason,
    missing,
    share_text,
)
from app.rules.common import Case, disciplined_in, rating_finding, rating_rank
from app.rules.context import History
from app.rules.higher import identity_unknown

MEMBER_TITLES = ("LDTT", "CSTDCS")


def _members(case: Case, h: History) -> tuple[int | None, int | None]:
    row = h.unit_ratings.get((case.unit_id, case.year))
    total = row[1] if row and row[1] else h.unit_year_sizes.get((case.unit_id, case.year),
                                                              h.unit_sizes.get(case.unit_id))
    completed = row[2] if row else None
    return total, completed


def counts(h: History, holder, minimum: str, uid: int) -> bool | None:
    """Whether a member's title counts: True when decided or proposed and meeting its own check,
    False when its check fails, None when that check cannot tell (its verdict in this batch or
    as kept; never checked yet: its rating and discipline, no rating being "cannot tell")."""
    if holder == "ledger":
        return True
    verdict = h.fresh.get(holder.id, holder.verdict)
    if verdict:
        return {"fails": False, "meets": True}.get(verdict)
    punished = [r for r in h.member_disciplines.get(uid, []) if r[3] == holder.person_id]
    if holder.person_id and disciplined_in(h, punished, holder.year):
        return False
    rating = (h.person_ratings.get((holder.person_id, holder.year)) if holder.person_id else None) \
        or (holder.rating if holder.rating in RATINGS else None)
    if rating is None:
        return None
    return rating_rank(rating) >= rating_rank(minimum)


@dataclass(slots=True)
class Members:
    """Members of a collective holding a title, each counted once: known to meet, not known yet
    (their names, for the reason), and proposals left out as failing."""

    sure: set
    unsure: dict
    failing: int


def holders(case: Case, h: History, codes) -> Members:
    uid, year = case.unit_id, case.year
    minimum = ldtt.standard_rating(case, h)
    found: dict = {}
    names: dict = {}
    rank = {True: 2, None: 1, False: 0}
    for code in codes:
        for key, holder in h.member_titles.get((uid, year, code), {}).items():
            if key in found and found[key] is True:
                continue
            ok = counts(h, holder, minimum, uid)
            if key not in found or rank[ok] > rank[found[key]]:
                found[key] = ok
                names[key] = getattr(holder, "name", "") or ""
    return Members({k for k, ok in found.items() if ok is True},
                   {k: names[k] for k, ok in found.items() if ok is None},
                   sum(1 for ok in found.values() if ok is False))


def _named(unsure: dict, limit: int = 5) -> str:
    names = sorted(n for n in unsure.values() if n)
    shown = ", ".join(names[:limit]) + (f" và {len(names) - limit} người khác" if len(names) > limit else "")
    return f" ({shown})" if shown else ""


def _share(case: Case, h: History, need: float, total: int | None) -> Reason:
    y = case.year
    basis = case.basis("members_ldtt")
    m = holders(case, h, MEMBER_TITLES)
    where = missing("unit_members", f"Số thành viên của tập thể năm {y}")
    if not total:
        return Reason("members_unknown", f"Chưa có số thành viên của tập thể năm {y}: không đủ dữ liệu "
                      "để tính tỷ lệ Lao động tiên tiến.", basis, UNSURE, missing=where)
    dropped = f"; {m.failing} người được đề nghị nhưng không đủ điều kiện không được tính" if m.failing else ""
    if len(m.sure) + len(m.unsure) > total:
        return Reason("members_count_inconsistent",
                      f"{len(m.sure) + len(m.unsure)} thành viên đạt hoặc được đề nghị Lao động tiên tiến "
                      f"nhưng tập thể chỉ có {total} thành viên năm {y}: số thành viên chưa đúng, không đủ "
                      "dữ liệu để kết luận.", basis, UNSURE, missing=where)
    share = len(m.sure) / total
    text = (f"{len(m.sure)}/{total} thành viên đạt Lao động tiên tiến ({share_text(share)}; "
            f"cần từ {share_text(need)}){dropped}")
    if share + 1e-9 >= need:
        return Reason("members_ldtt_ok", text + ".", basis, OK)
    if m.unsure and (len(m.sure) + len(m.unsure)) / total + 1e-9 >= need:
        return Reason("members_ldtt_share_unknown",
                      f"{text}; {len(m.unsure)} thành viên được đề nghị Lao động tiên tiến chưa đủ dữ liệu "
                      f"để kết luận{_named(m.unsure)}: chưa biết tập thể có đạt tỷ lệ hay không.", basis,
                      UNSURE, missing=missing("person_rating",
                                              f"Xếp loại năm {y} của các thành viên chưa đủ dữ liệu"))
    # What the share rests on: the collective's year (its member count), else the unit itself.
    uid = case.unit_id
    fact = ({"kind": "unit_rating", "id": h.rating_ids[("u", uid, y)]} if ("u", uid, y) in h.rating_ids
            else {"kind": "unit", "id": uid})
    return Reason("members_ldtt_share_low", text + ".", basis, FAIL, fact)


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
    fact = ({"kind": "unit_rating", "id": h.rating_ids[("u", uid, y)]}
            if ("u", uid, y) in h.rating_ids else None)
    if c.get("min_share_members_ldtt"):
        reasons.append(_share(case, h, float(c["min_share_members_ldtt"]), total))
    if c.get("all_members_complete"):
        basis = case.basis("members_complete")
        if total and completed is not None:
            ok = completed >= total
            reasons.append(Reason("members_complete_ok" if ok else "members_not_all_complete",
                                  f"{completed}/{total} thành viên hoàn thành nhiệm vụ năm {y}"
                                  + ("." if ok else "; cần 100%."), basis, OK if ok else FAIL, fact))
        else:
            reasons.append(Reason("members_complete_unknown", f"Chưa có số thành viên hoàn thành "
                                  f"nhiệm vụ năm {y}: không đủ dữ liệu để kết luận.", basis, UNSURE,
                                  missing=missing("unit_members", f"Số thành viên hoàn thành nhiệm vụ năm {y}")))
    if c.get("min_members_cstdcs"):
        need_n = int(c["min_members_cstdcs"])
        m = holders(case, h, ("CSTDCS",))
        have, basis = len(m.sure), case.basis("members_cstdcs")
        if have >= need_n:
            reasons.append(Reason("members_cstdcs_ok", f"{have} thành viên đạt Chiến sĩ thi đua cơ sở "
                                  f"năm {y}.", basis, OK))
        elif have + len(m.unsure) >= need_n:
            reasons.append(Reason("members_cstdcs_unknown", f"{have} thành viên đạt Chiến sĩ thi đua cơ "
                                  f"sở năm {y}; {len(m.unsure)} người được đề nghị chưa đủ dữ liệu để kết "
                                  f"luận{_named(m.unsure)}: cần ít nhất {need_n}.", basis, UNSURE,
                                  missing=missing("person_rating", f"Xếp loại, sáng kiến năm {y} của "
                                                  "các thành viên được đề nghị Chiến sĩ thi đua cơ sở")))
        else:
            reasons.append(Reason("members_cstdcs_missing", f"{have} thành viên đạt Chiến sĩ thi đua cơ "
                                  f"sở năm {y}; cần ít nhất {need_n}.", basis, FAIL))
    if c.get("max_discipline"):
        limit = DISCIPLINE_ORDER.index(c["max_discipline"]) if c["max_discipline"] in DISCIPLINE_ORDER else 0
        heavy = [r for r in h.member_disciplines.get(uid, [])
                 if (DISCIPLINE_ORDER.index(r[0]) if r[0] in DISCIPLINE_ORDER else len(DISCIPLINE_ORDER)) > limit
                 and disciplined_in(h, [r], y)]
        if heavy:
            levels = ", ".join(sorted({DISCIPLINE_NAMES.get(r[0], r[0]) for r in heavy}))
            reasons.append(Reason("member_disciplined", f"{len(heavy)} thành viên bị kỷ luật "
                                  f"({levels}) trong năm {y}: từ mức cảnh cáo trở lên không được xét.",
                                  case.basis("discipline"), FAIL, {"kind": "discipline", "id": heavy[0][4]}))
    return reasons
