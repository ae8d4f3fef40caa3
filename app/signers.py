"""Người ký văn bản: who signs each document, and in which form of words (Decree 30/2020
Appendix I: the signature's capacity lines).

The office profile's signers are rows: the head of the office and the deputies (body
`office`), the authority's chairman and vice-chairmen (body `authority`), each with a name, a
title, a phone and the documents they sign (`powers`). A document is signed by the first of
its body — head first, then in order — whose powers name it; nobody named, the head signs.

The form of words follows the regime of the document:
- the office's own documents (appraisal, notice, report, reminders) are signed by its head
  in the head regime: `TRƯỞNG PHÒNG`; a deputy `KT. TRƯỞNG PHÒNG` / `PHÓ TRƯỞNG PHÒNG`; an
  acting head `Q. TRƯỞNG PHÒNG`;
- an award is the chairman's own power (Law on Emulation and Commendation 2022, Art. 80), so
  award decisions and their certificates are signed `CHỦ TỊCH` or `KT. CHỦ TỊCH` / `PHÓ CHỦ
  TỊCH`, never `TM. ỦY BAN NHÂN DÂN`;
- what the People's Committee sends as a body (the tờ trình to the province, its reports)
  is signed `TM. ỦY BAN NHÂN DÂN` over the chairman's lines.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.errors import ValidationError
from app.text import clean, fold
from app.users import require
from db.models import OfficeProfile, Signer

BODIES = {"office": "Cơ quan tham mưu (phòng, sở)", "authority": "Cơ quan ban hành (UBND)"}
ROLES = {"head": "Cấp trưởng", "deputy": "Cấp phó", "acting": "Quyền cấp trưởng"}
# Document → (body that signs it, what the clerk reads, collective regime?)
DOCUMENTS: dict[str, tuple[str, str, bool]] = {
    "award_decision": ("authority", "Quyết định khen thưởng, giấy khen", False),
    "proposal": ("authority", "Tờ trình đề nghị cấp trên khen thưởng", True),
    "authority_report": ("authority", "Báo cáo, danh sách của UBND (khối của tỉnh, Đại hội)", True),
    "appraisal": ("office", "Báo cáo thẩm định hồ sơ", False),
    "notice": ("office", "Thông báo công khai", False),
    "report": ("office", "Báo cáo số liệu thi đua, khen thưởng", False),
    "reminder": ("office", "Công văn đôn đốc, danh sách đơn vị chưa nộp", False),
    "publicity": ("office", "Danh sách tuyên truyền gương người tốt, việc tốt", False),
}
ROLE_ORDER = {"head": 0, "acting": 1, "deputy": 2}


def documents_of(body: str) -> list[str]:
    return [code for code, (owner, _label, _c) in DOCUMENTS.items() if owner == body]


@dataclass
class SignerData:
    """One signer as the profile keeps it (a plain copy, safe past the session)."""

    body: str
    role: str
    name: str
    title: str
    phone: str = ""
    powers: list[str] = field(default_factory=list)
    sort_order: int = 0
    id: int | None = None


@dataclass(frozen=True)
class Signature:
    """The capacity lines above a signature and the name under it."""

    lines: list[str]
    name: str


def _profile_row(session: Session) -> OfficeProfile | None:
    return session.scalar(select(OfficeProfile).order_by(OfficeProfile.id).limit(1))


def list_signers(session: Session) -> list[SignerData]:
    """Every signer, office first, each body head first. A data file with none for the
    authority yet reads its chairman and deputy from the profile's old fields."""
    rows = [SignerData(s.body, s.role, s.name, s.title, s.phone, list(s.powers or []), s.sort_order, s.id)
            for s in session.scalars(select(Signer))]
    if not any(r.body == "authority" for r in rows):
        p = _profile_row(session)
        if p is not None and (p.signer_name or "").strip():
            rows.append(SignerData("authority", "head", p.signer_name, p.signer_title or "CHỦ TỊCH",
                                   powers=documents_of("authority"), sort_order=1))
        if p is not None and (p.deputy_signer_name or "").strip():
            rows.append(SignerData("authority", "deputy", p.deputy_signer_name,
                                   p.deputy_signer_title or "PHÓ CHỦ TỊCH", sort_order=2))
    rows.sort(key=lambda r: (r.body != "office", ROLE_ORDER.get(r.role, 9), r.sort_order))
    return rows


def validate_signers(rows: list[SignerData]) -> list[SignerData]:
    """Cleaned copies, or ValidationError naming the row and the field."""
    out = []
    for i, row in enumerate(rows, start=1):
        where = f"Dòng {i}"
        if row.body not in BODIES:
            raise ValidationError(f"{where}: cơ quan «{row.body}» không hợp lệ.", field="body")
        if row.role not in ROLES:
            raise ValidationError(f"{where}: vai trò «{row.role}» không hợp lệ.", field="role")
        name, title = clean(row.name), clean(row.title).upper()
        if not name:
            raise ValidationError(f"{where}: chưa nhập họ và tên người ký.", field="name")
        if not title:
            raise ValidationError(f"{where}: chưa nhập chức vụ của {name}.", field="title")
        phone = clean(row.phone)
        if phone and not all(c.isdigit() or c in " .()+-" for c in phone):
            raise ValidationError(f"{where}: điện thoại của {name} chỉ gồm chữ số.", field="phone")
        powers = [p for p in dict.fromkeys(row.powers or [])]
        wrong = [p for p in powers if DOCUMENTS.get(p, ("",))[0] != row.body]
        if wrong:
            raise ValidationError(f"{where}: {name} không ký được loại văn bản «{wrong[0]}» của cơ quan này.",
                                  field="powers")
        out.append(SignerData(row.body, row.role, name, title, phone, powers, i, row.id))
    for body, label in BODIES.items():
        heads = [r for r in out if r.body == body and r.role == "head"]
        if len(heads) > 1:
            raise ValidationError(f"{label}: chỉ có một cấp trưởng ({heads[0].name}, {heads[1].name}).",
                                  field="role")
    return out


def save_signers(session: Session, rows: list[SignerData]) -> list[SignerData]:
    """Replace the signers. The authority's head and first deputy are also written to the
    profile's signer fields, which the decision dialog pre-fills from."""
    require(session, "settings")
    checked = validate_signers(rows)
    session.execute(delete(Signer))
    for r in checked:
        session.add(Signer(body=r.body, role=r.role, name=r.name, title=r.title, phone=r.phone,
                           powers=r.powers, sort_order=r.sort_order))
    profile = _profile_row(session)
    if profile is not None:
        head = next((r for r in checked if r.body == "authority" and r.role == "head"), None)
        deputy = next((r for r in checked if r.body == "authority" and r.role != "head"), None)
        if head is not None:
            profile.signer_name, profile.signer_title = head.name, head.title
        if deputy is not None:
            profile.deputy_signer_name, profile.deputy_signer_title = deputy.name, deputy.title
    session.flush()
    return list_signers(session)


def office_head(session: Session) -> SignerData | None:
    """The head (or acting head) of the office, who signs its own documents; None when the
    profile names nobody (its papers would sign "TRƯỞNG PHÒNG" with no name)."""
    rows = [r for r in list_signers(session) if r.body == "office"]
    return next((r for r in rows if r.role == "head"), None) or next(
        (r for r in rows if r.role == "acting"), None)


def set_office_head(session: Session, name: str, title: str = "", phone: str | None = None) -> SignerData:
    """Name the head of the office (`tdkt office --head-name`): the head's row is replaced in
    place (the deputies and the authority's signers stay); title by default `TRƯỞNG PHÒNG`."""
    rows = list_signers(session)
    head = next((r for r in rows if r.body == "office" and r.role == "head"), None)
    if head is None:
        head = SignerData("office", "head", "", "", powers=documents_of("office"))
        rows.insert(0, head)
    head.name = name if name is not None else head.name
    head.title = title or head.title or "TRƯỞNG PHÒNG"
    if phone is not None:
        head.phone = phone
    save_signers(session, rows)
    return office_head(session)


def sync_from_profile(session: Session, name: str, title: str, deputy: str, deputy_title: str) -> None:
    """The settings dialog's chairman and deputy fields, written into the signers list when
    it has the authority's rows (so the two never disagree)."""
    rows = list(session.scalars(select(Signer).where(Signer.body == "authority")
                                .order_by(Signer.sort_order, Signer.id)))
    head = next((r for r in rows if r.role == "head"), None)
    second = next((r for r in rows if r.role != "head"), None)
    if head is not None and clean(name):
        head.name, head.title = clean(name), clean(title).upper() or head.title
    if second is not None and clean(deputy):
        second.name, second.title = clean(deputy), clean(deputy_title).upper() or second.title
    session.flush()


# --- who signs, and how ------------------------------------------------------------------------

def head_title(signers: list[SignerData], body: str, default: str) -> str:
    """The head's title of a body (`TRƯỞNG PHÒNG`, `CHỦ TỊCH`): the head's row, else the
    default the profile implies. An acting head's `Q. ` is not part of it."""
    head = next((r for r in signers if r.body == body and r.role == "head"), None)
    title = head.title if head is not None else default
    return bare_title(title.upper().removeprefix("Q.").strip())


def bare_title(title: str) -> str:
    """`CHỦ TỊCH UBND XÃ` → `CHỦ TỊCH`: the organ's name is printed after the title from the
    profile (`CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BÌNH LƯ`), so a title typed with it is not doubled."""
    cut = re.search(r"\s+(?:UBND|Ủ?Y BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|HĐND)\b", title.upper())
    return title[:cut.start()].strip() if cut and cut.start() > 0 else title


def signer_for(signers: list[SignerData], document: str) -> SignerData | None:
    """Who signs `document`: the first of its body (head first) holding the power; else the
    head (or the acting head); else nobody known."""
    body = DOCUMENTS[document][0]
    mine = [r for r in signers if r.body == body]
    mine.sort(key=lambda r: (ROLE_ORDER.get(r.role, 9), r.sort_order))
    chosen = next((r for r in mine if document in r.powers), None)
    return chosen or next((r for r in mine if r.role in ("head", "acting")), None)


def capacity_lines(role: str, title: str, head: str) -> list[str]:
    """The head regime's lines: `CHỦ TỊCH`; `KT. CHỦ TỊCH` / `PHÓ CHỦ TỊCH`; `Q. CHỦ TỊCH`."""
    title = (title or head).upper()
    if role == "deputy":
        return [f"KT. {head}", title]
    if role == "acting":
        return [title if title.startswith("Q.") else f"Q. {head}"]
    return [title]


def role_of_title(title: str, head: str) -> str:
    """A decision keeps only the signer's title: `PHÓ CHỦ TỊCH` is a deputy, `Q. CHỦ TỊCH`
    acting, the head's own title the head."""
    folded = fold(title or "")
    if folded.startswith("q.") or folded.startswith("quyen "):
        return "acting"
    if folded and folded != fold(head) and folded.startswith("pho "):
        return "deputy"
    return "head"


def signature(signers: list[SignerData], document: str, *, default_head: str,
              collective: str = "") -> Signature:
    """The signature of `document`: its signer's lines (TM. over them for a collective
    document) and name; the head's title alone when nobody is recorded."""
    body, _label, is_collective = DOCUMENTS[document]
    head = head_title(signers, body, default_head)
    who = signer_for(signers, document)
    lines = capacity_lines(who.role, who.title, head) if who else [head]
    if is_collective and collective:
        lines = [f"TM. {collective}", *lines]
    return Signature(lines, who.name if who else "")


def decision_signature(signer_name: str, signer_title: str, sign_mode: str, head: str) -> Signature:
    """A signed award decision (and its certificates): the chairman's own power, so
    `CHỦ TỊCH` or `KT. CHỦ TỊCH` / `PHÓ CHỦ TỊCH` from what the decision recorded (an old
    `TM.` mark on an award decision is read as the chairman signing himself)."""
    role = "deputy" if (sign_mode or "").upper() == "KT" else role_of_title(signer_title, head)
    return Signature(capacity_lines(role, signer_title, head), signer_name)


def as_dicts(rows: list[SignerData]) -> list[dict]:
    return [asdict(r) for r in rows]


__all__ = ["BODIES", "DOCUMENTS", "ROLES", "Signature", "SignerData", "as_dicts", "capacity_lines",
           "decision_signature", "documents_of", "head_title", "list_signers", "role_of_title",
           "sync_from_profile",
           "save_signers", "signature", "signer_for", "validate_signers"]
