"""Lao động tiên tiến (Luật TĐKT 2022 Điều 24): for officials and employees, the year's task
rating at least "hoàn thành tốt nhiệm vụ" (`criteria.min_rating`); for workers, farmers and
other direct labourers, productive work and law-abiding conduct, which no record here shows,
so the council judges them from the dossier."""

from __future__ import annotations

from app.rules.base import INFO, Reason
from app.rules.common import Case, rating_finding, rating_of
from app.rules.context import History


def check(case: Case, h: History) -> list[Reason]:
    minimum = case.criteria.get("min_rating") or "HTTNV"
    if case.nominee.is_direct_worker and rating_of(case, h, case.year) is None:
        return [Reason("direct_worker", "Người lao động trực tiếp: xét theo năng suất, hiệu quả lao "
                       "động và việc chấp hành pháp luật (không xếp loại hoàn thành nhiệm vụ); "
                       "Hội đồng xem xét theo hồ sơ.", case.basis("direct_worker"), INFO)]
    return [rating_finding(case, h, minimum)]
