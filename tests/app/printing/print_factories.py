"""Small builders for the printing tests: an office that is not the demo's (so nothing can
pass by being hard-coded), units, people, a decision with its ledger lines, dossiers,
a council meeting with votes, a bloc with scores, dues and submissions."""

from __future__ import annotations

import datetime as dt
import unicodedata

from sqlalchemy import select

from app.catalog import base_salary_on, rule_for
from db.models import (
    Award,
    AwardType,
    Bloc,
    BlocCriterion,
    BlocMember,
    BlocScore,
    CouncilMeeting,
    CouncilMember,
    Decision,
    Dossier,
    DossierDocument,
    MeetingAttendance,
    Nominee,
    OfficeProfile,
    Submission,
    SubmissionDue,
    Unit,
    Vote,
)

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


def make_dossier(session, unit: Unit, nominees: list[tuple[str, str, str, str]], *, year=2025,
                 number="HS-2025-0001", authority="local", status="appraised",
                 forwarded_to="") -> Dossier:
    """nominees: (award code, subject, name, appraisal)."""
    dossier = Dossier(year=year, number=number, unit_id=unit.id, received_on=dt.date(year, 11, 20),
                      category="regular", authority=authority, status=status,
                      forwarded_to=forwarded_to, proposal_ref=f"Tờ trình số 45/TTr-{unit.short_name or 'UBND'}",
                      legal_basis="152/2025/NĐ-CP")
    session.add(dossier)
    for i, (code, subject, name, appraisal) in enumerate(nominees, start=1):
        verdict = {"approved": "meets", "rejected": "fails"}.get(appraisal, "unknown")
        reasons = ([{"text": "Hai năm liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở",
                     "article": "Điều 74 Luật Thi đua, khen thưởng"}] if verdict == "meets" else
                   ["Chưa đủ 02 năm liên tục hoàn thành xuất sắc nhiệm vụ (Điều 74)"])
        dossier.nominees.append(Nominee(
            seq=i, subject=subject, name=name, position="Chuyên viên" if subject == "individual" else "",
            unit_text=unit.name, award_type_id=award_type(session, code).id,
            achievement="Hoàn thành xuất sắc nhiệm vụ năm 2024 và 2025; có sáng kiến được công nhận",
            rating="HTXSNV", verdict=verdict, verdict_reasons=reasons, appraisal=appraisal))
    for code, name, present in [("totrinh", "Tờ trình đề nghị khen thưởng", True),
                                ("bienban", "Biên bản họp Hội đồng Thi đua - Khen thưởng", True),
                                ("baocao", "Báo cáo thành tích", False)]:
        dossier.documents.append(DossierDocument(code=code, name=name, present=present))
    session.flush()
    return dossier


def make_council(session, n: int = 9) -> list[CouncilMember]:
    roles = ["chairman", "deputy"] + ["member"] * (n - 3) + ["secretary"]
    names = ["Lò Văn Thắng", "Tẩn Thị Mẩy", "Nguyễn Văn Bình", "Sùng A Dế", "Giàng Seo Phử",
             "Hoàng Thị Hạnh", "Vàng A Chỉnh", "Lường Văn Khiêm", "Nguyễn Thị Hoa", "Đỗ Minh Tuấn"]
    members = [CouncilMember(name=names[i % len(names)], role=r, position="Công chức",
                             sort_order=i) for i, r in enumerate(roles)]
    session.add_all(members)
    session.flush()
    return members


def make_meeting(session, members, nominees, yes: list[int]) -> CouncilMeeting:
    meeting = CouncilMeeting(held_on=dt.date(2025, 12, 1), place="Hội trường UBND xã",
                             members_total=len(members), members_present=len(members) - 1)
    session.add(meeting)
    session.flush()
    for i, m in enumerate(members):
        session.add(MeetingAttendance(meeting_id=meeting.id, member_id=m.id, present=i != 3,
                                      written_vote=i == 3))
    for nominee, y in zip(nominees, yes, strict=True):
        session.add(Vote(meeting_id=meeting.id, nominee_id=nominee.id, yes=y, no=len(members) - y,
                         invalid=0, passed=y / len(members) >= 0.8))
    session.flush()
    return meeting


def make_bloc(session, units: list[Unit], year=2025) -> Bloc:
    bloc = Bloc(year=year, name="Khối các xã vùng cao", head_unit_id=units[0].id,
                deputy_unit_id=units[1].id)
    session.add(bloc)
    session.flush()
    groups = []
    for i, (code, title, mx) in enumerate([("I", "Thực hiện nhiệm vụ chính trị", 50),
                                           ("II", "Phong trào thi đua", 30),
                                           ("III", "Xây dựng chính quyền", 20)]):
        g = BlocCriterion(bloc_id=bloc.id, code=code, title=title, max_points=mx, sort_order=i)
        session.add(g)
        groups.append(g)
    bonus = BlocCriterion(bloc_id=bloc.id, code="T", title="Điểm thưởng", max_points=5, kind="bonus", sort_order=9)
    session.add(bonus)
    session.flush()
    leaves = []
    for g in groups:
        for j in range(2):
            c = BlocCriterion(bloc_id=bloc.id, parent_id=g.id, code=f"{g.code}.{j + 1}",
                              title=f"Tiêu chí {j + 1}", max_points=float(g.max_points) / 2, sort_order=j)
            session.add(c)
            leaves.append(c)
    session.flush()
    for k, u in enumerate(units):
        session.add(BlocMember(bloc_id=bloc.id, unit_id=u.id, is_leading=k == 0))
        for c in leaves:
            agreed = float(c.max_points) - k - (0.5 if c.code.endswith("2") else 0)
            session.add(BlocScore(criterion_id=c.id, unit_id=u.id, self_score=float(c.max_points),
                                  agreed_score=0 if k == len(units) - 1 and c.code == "I.1" else agreed))
        session.add(BlocScore(criterion_id=bonus.id, unit_id=u.id, self_score=2, agreed_score=1))
    session.flush()
    return bloc


def make_dues(session, units: list[Unit], year=2025) -> SubmissionDue:
    due = SubmissionDue(year=year, kind="report_year", title="Báo cáo tổng kết công tác thi đua",
                        due_on=dt.date(year, 12, 10))
    session.add(due)
    session.flush()
    session.add(Submission(unit_id=units[0].id, year=year, kind="report_year", due_id=due.id,
                           received_on=dt.date(year, 12, 8)))
    session.flush()
    return due
