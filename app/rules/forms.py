"""Giấy khen (Luật TĐKT 2022 Điều 75–76) and the titles the program only records.

Giấy khen: law-abiding, completes tasks well (`criteria.min_rating`, for a year-end or
movement dossier), plus an achievement (`criteria.needs_achievement`) in a movement or a
sudden one. Gia đình văn hóa, thôn/tổ dân phố văn hóa, xã/phường tiêu biểu follow Decree
86/2023 and the province's criteria, which are assessed where they are awarded: the program
keeps them and their years, and checks only the common principles.
"""

from __future__ import annotations

from app.rules.base import INFO, OK, UNSURE, Reason
from app.rules.common import Case, rating_finding
from app.rules.context import History


def check(case: Case, h: History) -> list[Reason]:
    c = case.criteria
    reasons: list[Reason] = []
    minimum = c.get("min_rating")
    rated_for = c.get("rating_for_categories") or ["regular", "movement"]
    if minimum and case.subject in ("individual", "collective") and case.dossier.category in rated_for:
        reasons.append(rating_finding(case, h, minimum))
    if c.get("needs_achievement"):
        basis = case.basis("achievement")
        if case.nominee.achievement.strip():
            reasons.append(Reason("achievement_ok", "Có tóm tắt thành tích.", basis, OK))
        else:
            reasons.append(Reason("achievement_missing", "Chưa có tóm tắt thành tích: không đủ dữ "
                                  "liệu để kết luận.", basis, UNSURE))
    return reasons


def check_record(case: Case, h: History) -> list[Reason]:
    return [Reason("recorded_title", f"{case.award.name} được công nhận theo tiêu chí của địa "
                   "phương; chương trình ghi nhận, không tự kiểm tra tiêu chí.", case.basis(), INFO)]
