"""Chiến sĩ thi đua cơ sở (Luật TĐKT 2022 Điều 23): meets the standard of Lao động tiên tiến
that year (khoản 1: *đạt tiêu chuẩn*; `criteria.same_year_award` names it) — shown by the title
in the ledger by any decision, by a proposal in the same round, or by a rating that reaches the
LĐTT standard; a title missing from our ledger is never a failure by itself, another authority
may have given it — and one of (`criteria.any_of`): rated "hoàn thành xuất sắc nhiệm vụ", or
an initiative or research work recognised at grassroots scope or wider (a decision recorded).
The share cap within a unit is a setting (off by default), checked with the common principles."""

from __future__ import annotations

from app.rules import ldtt
from app.rules.base import OK, UNSURE, Reason, any_of, missing
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
        elif case.subject == "individual" and not case.person_id and not case.nominee.rating:
            reasons.append(Reason("same_year_title_unknown",
                                  f"Chưa khớp với cá nhân trong dữ liệu và không thấy đề nghị {name} "
                                  f"năm {case.year}: không đủ dữ liệu để kết luận.", basis, UNSURE,
                                  missing=missing("person", "Cá nhân được đề nghị")))
        else:
            reasons.append(ldtt.standard(case, h, basis))
    alternatives = [c for c in case.criteria.get("any_of") or [] if isinstance(c, dict)]
    if alternatives:
        reasons += any_of([evaluate_clause(case, h, c) for c in alternatives])
    return reasons
