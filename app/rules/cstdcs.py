"""Chiến sĩ thi đua cơ sở (Luật TĐKT 2022 Điều 23): holds Lao động tiên tiến that year
(`criteria.same_year_award`, in the ledger by any decision or proposed in the same round),
and one of (`criteria.any_of`): rated "hoàn thành xuất sắc nhiệm vụ", or an initiative or
research work recognised at grassroots scope or wider. The share cap within a unit is a
setting (off by default), checked with the common principles."""

from __future__ import annotations

from app.rules.base import FAIL, OK, UNSURE, Reason, any_of
from app.rules.common import Case, held
from app.rules.context import History
from app.rules.higher import award_name, evaluate_clause


def check(case: Case, h: History) -> list[Reason]:
    reasons: list[Reason] = []
    code = case.criteria.get("same_year_award")
    if code:
        name, basis = award_name(h, code), case.basis("same_year_award")
        how = held(case, h, code, case.year)
        if how == "ledger":
            reasons.append(Reason("same_year_title_ok", f"Đã được tặng {name} năm {case.year}.",
                                  basis, OK))
        elif how == "pending":
            reasons.append(Reason("same_year_title_ok",
                                  f"{name} năm {case.year} đang đề nghị cùng đợt.", basis, OK))
        elif case.subject == "individual" and not case.person_id:
            reasons.append(Reason("same_year_title_unknown",
                                  f"Chưa khớp với cá nhân trong dữ liệu và không thấy đề nghị {name} "
                                  f"năm {case.year}: không đủ dữ liệu để kết luận.", basis, UNSURE))
        else:
            reasons.append(Reason("same_year_title_missing",
                                  f"Chưa có danh hiệu {name} năm {case.year} (trong sổ khen thưởng "
                                  "hoặc đề nghị cùng đợt).", basis, FAIL))
    alternatives = [c for c in case.criteria.get("any_of") or [] if isinstance(c, dict)]
    if alternatives:
        reasons += any_of([evaluate_clause(case, h, c) for c in alternatives])
    return reasons
