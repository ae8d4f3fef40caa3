"""Routes that need no run of years (Luật TĐKT 2022 Điều 74 and the like): the achievement of
a sudden deed (đột xuất), an outstanding result in a movement launched at a given level (theo
đợt, chuyên đề), a worker's or farmer's influence. The program checks what a record can show —
the dossier's kind, its movement and level, an achievement described, the nominee being a
direct worker — and leaves the weight of the deed to the council.

Clause keys read here: `route`, `achievement`, `movement_levels`, `direct_worker`.
"""

from __future__ import annotations

from app.rules.base import FAIL, OK, UNSURE, Reason, missing
from app.rules.common import Case
from app.rules.context import History

LEVEL_NAMES = {"trung_uong": "Trung ương", "tinh": "cấp tỉnh", "huyen": "cấp huyện", "xa": "cấp xã",
               "co_quan": "cơ quan, đơn vị"}


def route_findings(case: Case, h: History, c: dict) -> list[Reason]:
    reasons: list[Reason] = []
    basis = case.basis(c.get("route") or "route")
    label = f" ({c['route']})" if c.get("route") else ""
    if c.get("direct_worker"):
        ok = bool(case.nominee.is_direct_worker)
        reasons.append(Reason("route_direct_worker" if ok else "route_not_direct_worker",
                              "Người lao động trực tiếp" + (" (công nhân, nông dân, người lao động)."
                                                            if ok else ": không phải."), basis,
                              OK if ok else FAIL))
        if not ok:  # the route is not this nominee's: its other parts say nothing about them
            return reasons
    if c.get("movement_levels"):
        levels = list(c["movement_levels"])
        wanted = ", ".join(LEVEL_NAMES.get(x, x) for x in levels)
        mid = case.dossier.movement_id
        if not mid or mid not in h.movement_levels:
            reasons.append(Reason("route_movement_unknown", f"Hồ sơ chưa ghi phong trào thi đua{label}: "
                                  "không đủ dữ liệu để kết luận.", basis, UNSURE,
                                  missing=missing("movement", f"Phong trào thi đua do {wanted} phát động")))
        else:
            level, name = h.movement_levels[mid]
            ok = level in levels
            reasons.append(Reason("route_movement_ok" if ok else "route_movement_level",
                                  f"Phong trào “{name}” do {LEVEL_NAMES.get(level, level)} phát động"
                                  + ("." if ok else f"; tuyến này chỉ xét phong trào do {wanted} phát động."),
                                  basis, OK if ok else FAIL, {"kind": "movement", "id": mid}))
    if c.get("achievement"):
        if case.nominee.achievement.strip():
            reasons.append(Reason("route_achievement", f"Thành tích{label} được nêu trong hồ sơ; Hội đồng "
                                  "đánh giá mức độ thành tích.", basis, OK))
        else:
            reasons.append(Reason("route_achievement_missing", f"Chưa có tóm tắt thành tích{label}: không "
                                  "đủ dữ liệu để kết luận.", basis, UNSURE,
                                  missing=missing("achievement", "Tóm tắt thành tích")))
    return reasons
