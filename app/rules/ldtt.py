"""Lao động tiên tiến (Luật TĐKT 2022 Điều 24): for officials and employees, the year's task
rating at least "hoàn thành tốt nhiệm vụ" (`criteria.min_rating`); for workers, farmers and
other direct labourers (khoản 2), productive work, active in the movements and law-abiding —
a judgement of their unit or council, which the clerk records as the year's rating with who
rated. Without a recorded judgement the verdict is "cannot tell", never "meets".

`standard` is the same test for another award that asks for "the LĐTT standard" (Chiến sĩ
thi đua cơ sở, Điều 23 khoản 1: *đạt tiêu chuẩn*, not *đạt danh hiệu*)."""

from __future__ import annotations

from app.rules.base import FAIL, OK, UNSURE, Reason, missing
from app.rules.common import (
    Case,
    rating_fact,
    rating_finding,
    rating_missing,
    rating_name,
    rating_of,
    rating_rank,
)
from app.rules.context import History

STANDARD_CODE = "LDTT"


def _judgement_missing(case: Case, basis: str, code: str = "direct_worker_unrated") -> Reason:
    return Reason(code, f"Người lao động trực tiếp: tiêu chuẩn là năng suất, hiệu quả lao động, chấp "
                  "hành pháp luật, tích cực tham gia phong trào; chưa ghi nhận đánh giá năm "
                  f"{case.year} (của thủ trưởng hoặc Hội đồng TĐKT): không đủ dữ liệu để kết luận.",
                  basis, UNSURE,
                  missing=missing("person_rating", f"Đánh giá năm {case.year} của người lao động trực "
                                  "tiếp (ghi rõ người, Hội đồng đánh giá)"))


def _direct_worker(case: Case, h: History, rating: str, minimum: str) -> Reason:
    """A direct worker judged by the recorded assessment of the year, under khoản 2 (productive
    work, movements, the law), not khoản 1's task rating of officials."""
    basis, fact = case.basis("direct_worker"), rating_fact(case, h, case.year)
    judged = f"năm {case.year} được đánh giá {rating_name(rating)}"
    if rating_rank(rating) >= rating_rank(minimum):
        return Reason("direct_worker_ok", f"Người lao động trực tiếp: {judged}: lao động sản xuất có hiệu quả, "
                      "chấp hành pháp luật, tích cực tham gia phong trào thi đua.", basis, OK, fact)
    return Reason("direct_worker_low", f"Người lao động trực tiếp: {judged}: chưa đạt tiêu chuẩn lao động sản "
                  f"xuất có hiệu quả (mức đánh giá cơ quan dùng: {rating_name(minimum)} trở lên).", basis, FAIL,
                  fact)


def check(case: Case, h: History) -> list[Reason]:
    minimum = case.criteria.get("min_rating") or "HTTNV"
    if case.nominee.is_direct_worker:
        rating = rating_of(case, h, case.year)
        if rating is None:
            return [_judgement_missing(case, case.basis("direct_worker"))]
        return [_direct_worker(case, h, rating, minimum)]
    return [rating_finding(case, h, minimum)]


def standard_rating(case: Case, h: History) -> str:
    rule = h.rule_of(STANDARD_CODE, case.dossier.received_on)
    return ((rule.criteria or {}).get("min_rating") if rule is not None else None) or "HTTNV"


def standard(case: Case, h: History, basis: str) -> Reason:
    """Whether the nominee meets the LĐTT standard of the year, the LĐTT title aside."""
    minimum = standard_rating(case, h)
    rating = rating_of(case, h, case.year)
    name = h.names.get(STANDARD_CODE, "Lao động tiên tiến")
    if rating is None:
        if case.nominee.is_direct_worker:
            return _judgement_missing(case, basis, "same_year_standard_unknown")
        return Reason("same_year_standard_unknown",
                      f"Chưa có danh hiệu {name} năm {case.year} trong sổ (có thể do cấp khác tặng) và chưa "
                      f"có xếp loại năm {case.year}: không đủ dữ liệu để kết luận đạt tiêu chuẩn {name}.",
                      basis, UNSURE, missing=rating_missing(case, case.year))
    fact = rating_fact(case, h, case.year)
    if rating_rank(rating) >= rating_rank(minimum):
        return Reason("same_year_standard_ok",
                      f"Đạt tiêu chuẩn {name} năm {case.year}: xếp loại {rating_name(rating)}.",
                      basis, OK, fact)
    return Reason("same_year_standard_fail",
                  f"Chưa đạt tiêu chuẩn {name} năm {case.year}: xếp loại {rating_name(rating)}, cần "
                  f"{rating_name(minimum)} trở lên.", basis, FAIL, fact)
