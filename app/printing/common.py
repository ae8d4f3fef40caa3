"""What every form reads besides its own data: the office profile (who issues, who signs, the
place name), the words derived from it (issuer lines, symbol, the head's title), settings,
and small lookups. Nothing here names a particular office: it all comes from the profile.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.text import fold
from db.models import AwardType, OfficeProfile, Setting

_UBND = "uy ban nhan dan"


@dataclass(frozen=True)
class Profile:
    """The office profile fields the forms use (a plain copy, safe past the session)."""

    office_name: str
    authority_name: str
    authority_short: str
    superior_name: str
    place_name: str
    signer_name: str
    signer_title: str
    deputy_signer_name: str
    deputy_signer_title: str
    clerk_name: str
    level: str = "xa"


def profile(session: Session) -> Profile:
    """The office profile, or a clear message when the office has not been set up."""
    try:  # the settings module, when present, is the one reader of the profile
        from app.office import get_profile
        data = get_profile(session)
    except ImportError:
        data = session.scalar(select(OfficeProfile).order_by(OfficeProfile.id).limit(1))
    if data is None or not (data.authority_name or "").strip():
        raise UserError("Chưa khai báo hồ sơ cơ quan (tên cơ quan, cơ quan chủ quản, địa danh): "
                        "hãy nhập trong Cài đặt trước khi in văn bản.")
    return Profile(**{name: (getattr(data, name, "") or "") for name in Profile.__dataclass_fields__})


def _after_ubnd(name: str) -> str | None:
    """`Ủy ban nhân dân huyện Tam Đường` → `huyện Tam Đường` (None if not an UBND)."""
    words = name.split()
    if fold(" ".join(words[:4])) == _UBND:
        return " ".join(words[4:])
    if fold(words[0]) == "ubnd" if words else False:
        return " ".join(words[1:])
    return None


def decision_profile(session: Session, decision, p: Profile | None = None) -> Profile:
    """The profile a decision prints under: the office's own for its authority's decisions; for
    a decision a successor commune's chairman signed from 1/7/2025 in a district office's data
    (the district decides nothing after 30/6/2025), that commune's heading, place and chairman.
    Any other authority's decision (the province's) is not printed here."""
    from dataclasses import replace

    from app.reports.awards import REFORM_DAY, authority_level

    p = p or profile(session)
    if not decision.external:
        return p
    rest = _after_ubnd(decision.issuer or "")
    level = authority_level(decision.issuer or "", "", set(), p.level)
    if p.level == "huyen" and rest and level == "xa" and decision.issued_on >= REFORM_DAY:
        words = rest.split()
        place = " ".join(words[1:]) if words and fold(words[0]) in ("xa", "phuong") else rest
        return replace(p, office_name="Phòng Văn hóa - Xã hội", authority_name=f"Ủy ban nhân dân {rest}",
                       authority_short="UBND", superior_name="", place_name=place,
                       signer_name=decision.signer_name, signer_title=decision.signer_title or "CHỦ TỊCH",
                       deputy_signer_name="", deputy_signer_title="", level="xa")
    raise UserError(f"Quyết định {decision.number} do {decision.issuer} ban hành; chương trình "
                    "chỉ in quyết định của cơ quan mình (và của UBND cấp xã kế thừa từ 01/07/2025).")


def collective_name(p: Profile) -> str:
    """The collective body that signs `TM.`: `ỦY BAN NHÂN DÂN`, or the authority itself."""
    return "ỦY BAN NHÂN DÂN" if _after_ubnd(p.authority_name) is not None else p.authority_name.upper()


def authority_issuer(p: Profile) -> list[tuple[str, bool]]:
    """Issuer lines of a document the authority signs (`ỦY BAN NHÂN DÂN` / `HUYỆN TAM ĐƯỜNG`)."""
    rest = _after_ubnd(p.authority_name)
    if rest is not None:
        return [("Ủy ban nhân dân", True), (rest, True)] if rest else [("Ủy ban nhân dân", True)]
    return [(p.authority_name, True)]


def authority_short_name(p: Profile) -> str:
    """`UBND huyện Tam Đường`, as lists and certificates abbreviate it."""
    rest = _after_ubnd(p.authority_name)
    return f"UBND {rest}".strip() if rest is not None else p.authority_name


def office_issuer(p: Profile) -> list[tuple[str, bool]]:
    """Issuer lines of a document the office signs: the authority above, the office in bold."""
    return [(authority_short_name(p), False), (p.office_name, True)]


def office_symbol(p: Profile) -> str:
    """The office's letters in a symbol: `Phòng Nội vụ` → `NV`, `Sở Nội vụ` → `SNV`."""
    words = [w for w in re.split(r"[\s\-–]+", p.office_name) if w and fold(w) != "phong"]
    letters = "".join(fold(w)[0] for w in words if fold(w)[:1].isalnum())
    return letters.upper() or "VP"


def office_head_title(p: Profile) -> str:
    """Who signs for the office: `Trưởng phòng` for a Phòng, `Giám đốc` for a Sở."""
    first = fold(p.office_name.split()[0]) if p.office_name.split() else ""
    return {"phong": "Trưởng phòng", "so": "Giám đốc"}.get(first, "Thủ trưởng")


def office_head_phrase(p: Profile) -> str:
    """`Trưởng phòng Nội vụ`, `Giám đốc Sở Nội vụ` (as in `Theo đề nghị của ...`)."""
    words = p.office_name.split()
    if words and fold(words[0]) == "phong":
        return "Trưởng phòng " + " ".join(words[1:])
    return f"{office_head_title(p)} {p.office_name}"


def signed(session: Session, document: str, p: Profile):
    """The signature (capacity lines and name) of one of the documents app/signers.py names,
    from the profile's signers."""
    from app.signers import DOCUMENTS, list_signers, signature

    body = DOCUMENTS[document][0]
    default = office_head_title(p).upper() if body == "office" else (p.signer_title or "CHỦ TỊCH").upper()
    return signature(list_signers(session), document, default_head=default, collective=collective_name(p))


def authority_head_title(session: Session, p: Profile) -> str:
    """`CHỦ TỊCH`: the title of the authority's head, who holds the power to award."""
    from app.signers import head_title, list_signers

    return head_title(list_signers(session), "authority", (p.signer_title or "CHỦ TỊCH").upper())


def chief_of_staff(session: Session, p: Profile) -> str:
    """Who leads the authority's own office (Điều 3 of a decision): `Chánh Văn phòng HĐND và
    UBND huyện` from the unit of that name, else `Chánh Văn phòng UBND huyện ...`; a commune
    has none (its civil servant for the office does the work)."""
    from app.text import fold as _fold
    from db.models import Unit

    names = session.scalars(select(Unit.name).where(Unit.active.is_(True)).order_by(Unit.sort_order))
    for name in names:
        folded = _fold(name)
        if folded.startswith("van phong") and ("ubnd" in folded or "uy ban nhan dan" in folded):
            if p.level == "xa" and " xa " not in f" {folded} ":
                continue  # a district's office is not a commune's
            return f"Chánh {name}"
    if p.level == "xa":
        return "Công chức Văn phòng - Thống kê"
    return f"Chánh Văn phòng {authority_short_name(p)}"


def head_of_authority(p: Profile) -> str:
    """`Chủ tịch Ủy ban nhân dân huyện Tam Đường`: who holds the power to award."""
    return f"{p.signer_title.capitalize()} {p.authority_name}".strip()


def where_of(name: str, position: str, unit_text: str) -> str:
    """`Chức vụ, đơn vị` of a recipient; a collective whose unit is itself shows nothing."""
    unit = "" if fold(unit_text) == fold(name) else unit_text.strip()
    return ", ".join(x for x in (position.strip(), unit) if x)


def get_setting(session: Session, key: str, default=None):
    row = session.get(Setting, key)
    return default if row is None else row.value


def set_setting(session: Session, key: str, value) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
    session.flush()


def award_names(session: Session) -> dict[int, AwardType]:
    return {a.id: a for a in session.scalars(select(AwardType))}


def latest_year(session: Session, column, default: int | None = None) -> int:
    """The latest year having data in `column` (a year column), else this year."""
    year = session.scalar(select(func.max(column)))
    return int(year) if year else (default or dt.date.today().year)


def reasons_text(reasons) -> str:
    """A nominee's verdict reasons (strings or {text, article} dicts) as one readable text."""
    parts: list[str] = []
    for item in reasons or []:
        if isinstance(item, dict):
            text = item.get("text") or item.get("message") or item.get("reason") or ""
            article = item.get("article") or item.get("basis") or item.get("legal_basis") or ""
            parts.append(f"{text} ({article})" if text and article else text or article)
        elif item:
            parts.append(str(item))
    return "; ".join(p for p in parts if p)
