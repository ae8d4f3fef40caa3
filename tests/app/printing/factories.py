"""Small builders for the printing tests: an office that is not the demo's (so nothing can
pass by being hard-coded), units, people, a decision with its ledger lines, dossiers,
a council meeting with votes, a bloc with scores, dues and submissions."""

from __future__ import annotations

import datetime as dt
import unicodedata

from sqlalchemy import select

from app.catalog import base_salary_on, rule_for
from db.models import (Award, AwardType, Bloc, BlocCriterion, BlocMember, BlocScore,
                       CouncilMeeting, CouncilMember, Decision, Dossier, DossierDocument,
                       MeetingAttendance, Nominee, OfficeProfile, Person, Submission,
                       SubmissionDue, Unit, Vote)

TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
VOWELS = "aăâeêioôơuưy"


def all_vietnamese_letters() -> str:
    """Every Vietnamese letter, lower then upper case (NFC): đ, every vowel with every tone."""
    lower = ["đ"] + [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES]
    return " ".join(["".join(lower), "".join(lower).upper()])


def make_office(session, **over) -> OfficeProfile:
    values = dict(id=1, office_name="Phòng Văn hóa - Xã hội",
                  authority_name="Ủy ban nhân dân xã Bình Lư", authority_short="UBND",
                  superior_name="Ủy ban nhân dân tỉnh Lai Châu", level="xa", province="Lai Châu",
                  place_name="Bình Lư", signer_name="Lò Văn Thắng", signer_title="CHỦ TỊCH",
                  deputy_signer_name="Tẩn Thị Mẩy", deputy_signer_title="PHÓ CHỦ TỊCH",
                  clerk_name="Nguyễn Thị Hoa")
    values.update(over)
    office = OfficeProfile(**values)
    session.add(office)
    session.flush()
    return office


def make_unit(session, name: str, code: str | None = None, kind: str = "xa", **kw) -> Unit:
    unit = Unit(code=code or f"U{session.scalar(select(Unit.id).order_by(Unit.id.desc())) or 0 + 1}-{name[:6]}",
                name=name, kind=kind, **kw)
    session.add(unit)
    session.flush()
    return unit


def award_type(session, code: str) -> AwardType:
    return session.scalar(select(AwardType).where(AwardType.code == code))


def money_for(session, code: str, subject: str, on: dt.date) -> int:
    """Coefficient × base salary, rounded up to the next 10,000 đồng."""
    award = award_type(session, code)
    rule = rule_for(award, on)
    coef = {"individual": rule.coefficient_individual, "collective": rule.coefficient_collective,
            "household": rule.coefficient_household}[subject] or 0
    amount = coef * base_salary_on(session, on)
    return int(-(-round(amount) // 10_000) * 10_000)


def make_decision(session, lines: list[tuple[str, str, str, str, str]], *, number="15/QĐ-UBND",
                  on=dt.date(2025, 12, 5), sign_mode="TM", signer="Lò Văn Thắng",
                  signer_title="CHỦ TỊCH", summary="", year=2025) -> Decision:
    """lines: (award code, subject, recipient, position, unit text)."""
    decision = Decision(number=number, issuer="UBND xã Bình Lư", year=on.year, issued_on=on,
                        signer_name=signer, signer_title=signer_title, sign_mode=sign_mode,
                        summary=summary, legal_basis="Nghị định 152/2025/NĐ-CP")
    session.add(decision)
    session.flush()
    for i, (code, subject, name, position, unit_text) in enumerate(lines, start=1):
        session.add(Award(subject=subject, recipient_name=name, position=position,
                          unit_text=unit_text, award_type_id=award_type(session, code).id,
                          year=year, decision_id=decision.id, decision_number=number,
                          decision_date=on, issuer=decision.issuer, book_no=i,
                          achievement="Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2025",
                          money=money_for(session, code, subject, on)))
    session.flush()
    session.refresh(decision)
    return decision


def people_lines(n: int, code: str = "LDTT") -> list[tuple[str, str, str, str, str]]:
    first = ["Nguyễn", "Lò", "Tẩn", "Sùng", "Giàng", "Hoàng", "Vàng", "Lường"]
    middle = ["Thị", "Văn", "A", "Seo", "Thị Thanh"]
    last = ["Hương", "Páo", "Mẩy", "Chứ", "Dũng", "Nguyệt", "Thắng", "Khánh Linh"]
    return [(code, "individual", f"{first[i % 8]} {middle[i % 5]} {last[(i // 3) % 8]} {i + 1}",
             "Chuyên viên", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã") for i in range(n)]
