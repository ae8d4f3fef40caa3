"""Emulation flags: Cờ thi đua của UBND tỉnh (Luật TĐKT 2022 Điều 26) goes to the leading unit
of a bloc organised by the province (`criteria.leading_unit_of_bloc`, `criteria.bloc_organisers`:
a bloc the office organises itself does not qualify), one flag per bloc and year
(`criteria.one_per_bloc_year`); Cờ thi đua của Chính phủ (Điều 25) to the most outstanding of
the flag holders (a prerequisite clause, as for the higher awards)."""

from __future__ import annotations

from app.rules.base import FAIL, OK, UNSURE, Reason, missing
from app.rules.common import Case
from app.rules.context import History
from app.rules.higher import clauses_for, evaluate_clause, identity_unknown

ORGANISER_NAMES = {"province": "tỉnh", "office": "cơ quan (cấp huyện, xã)"}


def _leading(case: Case, h: History) -> list[Reason]:
    blocs = h.blocs.get((case.unit_id, case.year), [])
    basis = case.basis("leading_unit")
    organisers = case.criteria.get("bloc_organisers")
    if not blocs:
        return [Reason("bloc_unknown", f"Đơn vị không có trong khối thi đua nào năm {case.year}: "
                       "không đủ dữ liệu để kết luận.", basis, UNSURE,
                       missing=missing("bloc", f"Khối thi đua năm {case.year} của đơn vị"))]
    wanted = ", ".join(ORGANISER_NAMES.get(o, o) for o in organisers or [])
    leading = [(bid, name, org) for bid, name, lead, org in blocs if lead]
    for bid, name, org in leading:
        if not organisers or org in organisers:
            return [Reason("bloc_leading", f"Dẫn đầu {name} năm {case.year}.", basis, OK,
                           {"kind": "bloc", "id": bid})]
    if leading:
        bid, name, org = leading[0]
        return [Reason("bloc_not_of_province",
                       f"Dẫn đầu {name} năm {case.year}, nhưng khối do {ORGANISER_NAMES.get(org, org)} "
                       f"tổ chức; {case.award.name} chỉ xét đơn vị dẫn đầu khối do {wanted} tổ chức.",
                       basis, FAIL, {"kind": "bloc", "id": bid})]
    names = ", ".join(b[1] for b in blocs)
    return [Reason("not_bloc_leader", f"Không phải đơn vị dẫn đầu ({names}) năm {case.year}.",
                   basis, FAIL, {"kind": "bloc", "id": blocs[0][0]})]


def _one_per_bloc(case: Case, h: History) -> list[Reason]:
    code, y = case.award.code, case.year
    for bloc_id, name, _, _ in h.blocs.get((case.unit_id, y), []):
        others = h.bloc_members.get(bloc_id, set()) - {case.unit_id}
        for uid in others:
            if any(e.code == code for e in h.bloc_unit_awards.get((uid, y), [])):
                return [Reason("bloc_flag_taken", f"{name} đã có đơn vị được tặng {case.award.name} "
                               f"năm {y}: mỗi khối một cờ.", case.basis("one_per_bloc"), FAIL)]
        rivals = [p for p in h.pending if p.code == code and p.year == y and p.unit_id in others]
        if rivals:
            return [Reason("bloc_flag_taken", f"{name} có đơn vị khác cùng được đề nghị "
                           f"{case.award.name} năm {y} (hồ sơ {rivals[0].dossier_number}): mỗi khối "
                           "một cờ.", case.basis("one_per_bloc"), FAIL)]
    return []


def check(case: Case, h: History) -> list[Reason]:
    unknown = identity_unknown(case)
    if unknown:
        return [unknown]
    reasons: list[Reason] = []
    if case.criteria.get("leading_unit_of_bloc"):
        reasons += _leading(case, h)
    if case.criteria.get("one_per_bloc_year"):
        reasons += _one_per_bloc(case, h)
    for clause in clauses_for(case):
        reasons += evaluate_clause(case, h, clause)
    return reasons
