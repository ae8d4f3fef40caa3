"""Thẩm quyền khen thưởng: which awards the office's own authority decides, on a date.

The catalogue's `award_powers` (Luật TĐKT 2022 Điều 79–80; from 1/7/2025 Nghị định 129/2025/NĐ-CP
Điều 59) gives each level (xã, huyện, tỉnh) its awards for a period. A decision of the office
lists only the awards within its level's powers on the decision date; the others are moved, in
one step, into a dossier forwarded to the authority that holds them (tờ trình), whose decision
is then recorded when it comes back. A level with no powers on a date does not exist then: no
decision of a district authority is dated after 30/6/2025.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import UserError, ValidationError
from app.office import get_profile
from app.text import clean
from db.models import AwardPower, AwardType, Dossier, DossierEvent, Nominee

LEVEL_NAMES = {"xa": "cấp xã", "huyen": "cấp huyện", "tinh": "cấp tỉnh"}


@dataclass
class Powers:
    """The awards one level's authority decides on one date, and the law that says so."""

    level: str
    on: dt.date
    codes: set[str]
    basis: str

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES.get(self.level, self.level)

    def covers(self, code: str) -> bool:
        return code in self.codes

    def beyond(self, award_name: str) -> str:
        """Why an award is left out of the office's decision."""
        return (f"{award_name} không thuộc thẩm quyền {self.level_name} ngày {self.on:%d/%m/%Y}: "
                "chuyển tờ trình cấp trên")


def powers_on(session: Session, level: str, on: dt.date) -> Powers:
    rows = session.execute(select(AwardPower.award_code, AwardPower.legal_basis).where(
        AwardPower.level == level, AwardPower.valid_from <= on,
        (AwardPower.valid_to.is_(None)) | (AwardPower.valid_to >= on))).all()
    bases = sorted({basis for _, basis in rows if basis})
    return Powers(level, on, {code for code, _ in rows}, "; ".join(bases))


def office_powers(session: Session, on: dt.date) -> Powers:
    """The office's own authority's powers on a decision date; refused when the level does not
    decide anything that day (a district authority after 30/6/2025)."""
    profile = get_profile(session)
    powers = powers_on(session, profile.level or "huyen", on)
    if not powers.codes:
        last = session.scalar(select(AwardPower.valid_to).where(AwardPower.level == powers.level)
                              .order_by(AwardPower.valid_to.desc().nulls_first()).limit(1))
        ended = f" (thẩm quyền của {powers.level_name} kết thúc ngày {last:%d/%m/%Y})" if last else ""
        raise UserError(f"Ngày {on:%d/%m/%Y} {profile.authority_name or 'cơ quan'} ({powers.level_name}) "
                        f"không có thẩm quyền khen thưởng{ended}. Từ 01/07/2025 không còn quyết định "
                        "của cấp huyện: hãy sửa cấp của cơ quan trong Thông tin cơ quan, hoặc trình cấp có "
                        "thẩm quyền.")
    return powers


def beyond_powers(session: Session, dossier: Dossier, on: dt.date) -> list[Nominee]:
    """The approved nominees of a dossier whose award the office's authority cannot decide."""
    powers = office_powers(session, on)
    codes = dict(session.execute(select(AwardType.id, AwardType.code)).all())
    return [n for n in dossier.nominees if n.appraisal == "approved" and not powers.covers(codes[n.award_type_id])]


def forward_beyond_powers(session: Session, dossier_ids: list[int], ref: str, on: dt.date, to: str = "", *,
                          user: str = "") -> list[Dossier]:
    """Chuyển tờ trình cấp trên: move each dossier's approved nominees beyond the office's
    powers on `on` into a new dossier forwarded with the tờ trình `ref`; the rest stay for the
    office's decision. Returns the dossiers made (none when nothing is beyond)."""
    from app.dossier_documents import sync_documents
    from app.dossiers import get_dossier, next_number, who

    ref = clean(ref)
    if not ref:
        raise ValidationError("Chưa nhập số tờ trình trình cấp trên.", field="forward_ref")
    made = []
    for dossier_id in dossier_ids:
        dossier = get_dossier(session, dossier_id)
        moving = beyond_powers(session, dossier, on)
        if not moving:
            continue
        upward = Dossier(year=dossier.year, number=next_number(session, dossier.year), unit_id=dossier.unit_id,
                         received_on=dossier.received_on, category=dossier.category,
                         movement_id=dossier.movement_id, authority="forwarded", status="forwarded",
                         forwarded_to=clean(to)[:200] or "cấp có thẩm quyền", due_on=dossier.due_on,
                         legal_basis=dossier.legal_basis, proposal_ref=dossier.proposal_ref,
                         title=f"Trình cấp trên (tách từ hồ sơ {dossier.number}): {dossier.title}"[:2000],
                         forward_ref=ref[:100], forwarded_on=on)
        session.add(upward)
        session.flush()
        for seq, n in enumerate(moving, start=1):
            n.dossier_id, n.seq = upward.id, seq
        names = ", ".join(n.name for n in moving[:5]) + (" ..." if len(moving) > 5 else "")
        session.add(DossierEvent(dossier_id=upward.id, user=who(user), from_status="", to_status="forwarded",
                                 reason=f"Tờ trình {ref} ngày {on:%d/%m/%Y}: {len(moving)} đề nghị vượt thẩm "
                                        f"quyền tách từ hồ sơ {dossier.number}"))
        session.add(DossierEvent(dossier_id=dossier.id, user=who(user), from_status=dossier.status,
                                 to_status=dossier.status,
                                 reason=f"Chuyển {len(moving)} đề nghị vượt thẩm quyền ({names}) sang hồ sơ "
                                        f"{upward.number} trình cấp trên"))
        session.flush()
        session.expire(dossier, ["nominees"])
        sync_documents(session, upward)
        made.append(upward)
        from app.decisions import settle

        settle(session, dossier, on, user=user)  # partly decided, nothing else waiting: decided
    session.flush()
    return made


def decision_authority_problems(session: Session, decision) -> list[str]:
    """Why a recorded decision could not have been made by its issuer on its date (empty when
    it is lawful): the office's own decisions as `office_powers` checks a new one; another
    authority's by the level its name states (a commune chairman, a province) and that level's
    powers on the date. Authorities above the province (Prime Minister, President, ministries)
    are not in the catalogue's powers and are not checked."""
    from app.reports.awards import _office, authority_level

    codes = dict(session.execute(select(AwardType.id, AwardType.code)).all())
    wanted = sorted({codes[a.award_type_id] for a in decision.awards})
    if not decision.external:
        try:
            powers = office_powers(session, decision.issued_on)
        except UserError as exc:
            return [f"{decision.number}: {exc}"]
        who = get_profile(session).authority_name or "cơ quan"
    else:
        names, office_level = _office(session)
        level = authority_level(decision.issuer or "", "", names, office_level)
        if level not in LEVEL_NAMES:
            return []
        powers = powers_on(session, level, decision.issued_on)
        who = decision.issuer
        if not powers.codes:
            return [f"{decision.number}: {who} ({powers.level_name}) không có thẩm quyền khen thưởng "
                    f"ngày {decision.issued_on:%d/%m/%Y}"]
    return [f"{decision.number}: {code} không thuộc thẩm quyền của {who} ({powers.level_name}) ngày "
            f"{decision.issued_on:%d/%m/%Y}" for code in wanted if not powers.covers(code)]
