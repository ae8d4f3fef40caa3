"""Đơn vị dẫn đầu khối: the bloc's leading units proposed for the province's emulation flag
(Cờ thi đua của UBND tỉnh, one per bloc per year) or certificate (Bằng khen của Chủ tịch UBND
tỉnh). Proposing one creates its award proposal: a dossier forwarded to the province
(category regular, status received) whose nominee is the unit as a collective. Withdrawing
keeps that dossier, moved to "rejected" with the reason (nothing is deleted).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.bloc_criteria import points_text
from app.bloc_scores import ranking
from app.catalog import award_by_code
from app.dossiers import DossierInput, move_dossier, receive_dossier, status_name
from app.errors import NotFound, UserError, ValidationError
from app.nominees import NomineeInput, add_nominee
from app.office import get_profile
from app.states import DROPPED, OPEN_FOR_CORRECTION
from app.users import require
from db.models import Bloc, BlocMember, Dossier, Nominee, Unit

LEADING_AWARDS = {"CO_TINH": "Cờ thi đua của UBND tỉnh", "BK_TINH": "Bằng khen của Chủ tịch UBND tỉnh"}
ONE_PER_BLOC = ("CO_TINH",)


@dataclass(slots=True)
class LeadingProposal:
    """A leading unit with what it was proposed for and the dossier that carries it."""

    unit_id: int
    unit: str
    award_code: str
    award: str
    dossier_id: int | None
    dossier_number: str
    dossier_status: str


def _member(session: Session, bloc_id: int, unit_id: int) -> tuple[Bloc, BlocMember, Unit]:
    bloc = session.get(Bloc, bloc_id)
    if bloc is None:
        raise NotFound(f"Không tìm thấy khối thi đua số {bloc_id}.")
    member = session.scalar(select(BlocMember).where(BlocMember.bloc_id == bloc_id, BlocMember.unit_id == unit_id))
    if member is None:
        raise ValidationError("Đơn vị không thuộc khối thi đua này.")
    return bloc, member, session.get(Unit, unit_id)


def _open_dossier(session: Session, year: int, unit_id: int, award_code: str) -> Dossier | None:
    """The forwarded dossier proposing this award for this unit this year, if still alive."""
    award = award_by_code(session, award_code)
    if award is None:
        return None
    return session.scalar(
        select(Dossier).join(Nominee, Nominee.dossier_id == Dossier.id)
        .where(Dossier.year == year, Dossier.authority == "forwarded", Nominee.unit_id == unit_id,
               Nominee.subject == "collective", Nominee.award_type_id == award.id,
               Dossier.status.not_in(DROPPED))
        .order_by(Dossier.id.desc()).limit(1))


def leading_units(session: Session, bloc_id: int) -> list[LeadingProposal]:
    bloc = session.get(Bloc, bloc_id)
    if bloc is None:
        raise NotFound(f"Không tìm thấy khối thi đua số {bloc_id}.")
    out = []
    for member, unit in session.execute(
            select(BlocMember, Unit).join(Unit, Unit.id == BlocMember.unit_id)
            .where(BlocMember.bloc_id == bloc_id, BlocMember.is_leading.is_(True))
            .order_by(BlocMember.rank, Unit.sort_order)):
        code = member.proposed_award_code
        dossier = _open_dossier(session, bloc.year, unit.id, code) if code else None
        out.append(LeadingProposal(unit.id, unit.name, code, LEADING_AWARDS.get(code, code),
                                   dossier.id if dossier else None, dossier.number if dossier else "",
                                   dossier.status if dossier else ""))
    return out


def leading_refusal(session: Session, bloc_id: int, award_code: str) -> str | None:
    """Why no leading unit of this bloc can be proposed for the award, said before anything is
    made: Cờ thi đua của UBND tỉnh goes to the leader of a bloc the province organises (Luật TĐKT
    2022 Điều 26; the catalogue's `bloc_organisers`), not of one the office organises itself."""
    from app.catalog import rule_for

    bloc = session.get(Bloc, bloc_id)
    award = award_by_code(session, award_code)
    if bloc is None or award is None:
        return None
    rule = rule_for(award, dt.date(bloc.year, 12, 31))
    wanted = (rule.criteria or {}).get("bloc_organisers") if rule is not None else None
    if not wanted or bloc.organiser in wanted:
        return None
    article = re.search(r"Luật TĐKT \d{4} Điều \d+", rule.legal_basis or "")
    basis = f" ({article.group(0)})" if article else ""
    return (f"{award.name} chỉ xét cho đơn vị dẫn đầu khối thi đua do tỉnh tổ chức{basis}; {bloc.name} do cơ quan "
            "tổ chức nên không đề nghị được. Đơn vị dẫn đầu khối này có thể được đề nghị Bằng khen của Chủ tịch "
            "UBND tỉnh (thành tích xuất sắc trong phong trào thi đua) hoặc Giấy khen của cấp mình.")


def propose_leading(session: Session, bloc_id: int, unit_id: int, award_code: str, *,
                    on: dt.date | None = None, user: str = "") -> LeadingProposal:
    """Mark a member as a leading unit proposed for `award_code` and create its dossier."""
    require(session, "edit")
    if award_code not in LEADING_AWARDS:
        raise ValidationError("Đơn vị dẫn đầu được đề nghị Cờ thi đua hoặc Bằng khen của UBND tỉnh.",
                              field="award_code")
    bloc, member, unit = _member(session, bloc_id, unit_id)
    if (refused := leading_refusal(session, bloc_id, award_code)) is not None:
        raise UserError(refused)
    if member.is_leading:
        raise UserError(f"{unit.name} đã được đề nghị "
                        f"{LEADING_AWARDS.get(member.proposed_award_code, member.proposed_award_code)}.")
    if award_code in ONE_PER_BLOC:
        other = session.scalar(select(Unit.name).join(BlocMember, BlocMember.unit_id == Unit.id).where(
            BlocMember.bloc_id == bloc_id, BlocMember.is_leading.is_(True),
            BlocMember.proposed_award_code == award_code))
        if other:
            raise UserError(f"Mỗi khối chỉ đề nghị một {LEADING_AWARDS[award_code]} mỗi năm; "
                            f"khối đã đề nghị cho {other}.")
    if _open_dossier(session, bloc.year, unit_id, award_code) is not None:
        raise UserError(f"Đã có hồ sơ đề nghị {LEADING_AWARDS[award_code]} năm {bloc.year} cho {unit.name}.")
    place = next((r for r in ranking(session, bloc_id) if r.unit_id == unit_id), None)
    standing = (f", xếp thứ {place.rank} với {points_text(place.agreed_total)} điểm"
                if place and place.rank else "")
    profile = get_profile(session)
    received = on or dt.date.today()
    dossier = receive_dossier(session, DossierInput(
        unit_id=unit_id, received_on=received, category="regular", year=bloc.year, authority="forwarded",
        title=f"Đề nghị tặng {LEADING_AWARDS[award_code]} năm {bloc.year} cho {unit.name} "
              f"(đơn vị dẫn đầu {bloc.name})",
        forwarded_to=profile.superior_name or "UBND tỉnh",
        notes=f"Tạo từ kết quả bình xét của {bloc.name} năm {bloc.year}."), user=user)
    add_nominee(session, dossier.id, NomineeInput(
        name=unit.name, award=award_code, subject="collective", unit_id=unit_id, unit_text=unit.name,
        achievement=f"Đơn vị dẫn đầu {bloc.name} năm {bloc.year}{standing}."), user=user)
    member.is_leading, member.proposed_award_code = True, award_code
    session.flush()
    return LeadingProposal(unit.id, unit.name, award_code, LEADING_AWARDS[award_code], dossier.id,
                           dossier.number, dossier.status)


def withdraw_leading(session: Session, bloc_id: int, unit_id: int, reason: str, *, user: str = "") -> None:
    """Take back a leading-unit proposal: the member is no longer leading; its dossier, if the
    office has not started on it, is marked "rejected" with the reason."""
    require(session, "edit")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Rút đề nghị đơn vị dẫn đầu phải ghi rõ lý do.", field="reason")
    bloc, member, unit = _member(session, bloc_id, unit_id)
    if not member.is_leading:
        raise UserError(f"{unit.name} chưa được đề nghị là đơn vị dẫn đầu.")
    dossier = _open_dossier(session, bloc.year, unit_id, member.proposed_award_code)
    if dossier is not None:
        if dossier.status not in OPEN_FOR_CORRECTION:
            raise UserError(f"Hồ sơ {dossier.number} đang ở trạng thái “{status_name(dossier.status)}”; "
                            "hãy xử lý hồ sơ đó trước khi rút đề nghị.")
        move_dossier(session, dossier.id, "rejected", f"Khối rút đề nghị đơn vị dẫn đầu: {reason}", user=user)
    member.is_leading, member.proposed_award_code = False, ""
    session.flush()
