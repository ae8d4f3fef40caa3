"""A small office for the dossier screens' tests, built through app/ as a clerk would: the
office profile, a commune with people and their ratings, a year-end dossier received by hand
with nominees who meet, fail and cannot be told, and a ten-member council."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.council import add_member
from app.dossiers import DossierInput, receive_dossier
from app.nominees import NomineeInput, add_nominee
from app.office import OfficeProfileData, save_profile
from app.text import fold, match_key
from db.models import Award, AwardType, Investigation, Person, PersonRating, Unit

RECEIVED = dt.date(2025, 11, 20)


def build(db) -> dict:
    with db.session() as s:
        # A commune's office: since 1/7/2025 the commune chairman decides LĐTT, CSTĐCS, Giấy khen.
        save_profile(s, OfficeProfileData(
            office_name="Phòng Văn hóa - Xã hội", authority_name="Ủy ban nhân dân xã Bình Lư",
            superior_name="UBND tỉnh Lai Châu", province="Lai Châu", place_name="Bình Lư", level="xa",
            signer_name="Sùng Lử Páo", deputy_signer_name="Lò Văn Hùng"))
        unit = Unit(code="BB", name="UBND xã Bản Bo", kind="xa", search_key=fold("UBND xã Bản Bo"))
        other = Unit(code="KH", name="UBND xã Khun Há", kind="xa", search_key=fold("UBND xã Khun Há"))
        s.add_all([unit, other])
        s.flush()
        people = {}
        for name, rating, year in [("Nguyễn Văn An", "HTXSNV", 1980), ("Lò Thị Bình", "HTNV", 1985),
                                   ("Tẩn A Sử", "HTTNV", 1990), ("Vàng Thị Mai", "HTXSNV", 1979)]:
            p = Person(full_name=name, match_key=match_key(name), unit_id=unit.id, birth_year=year)
            s.add(p)
            s.flush()
            s.add(PersonRating(person_id=p.id, year=2025, rating=rating))
            people[name] = p.id
        s.add(Investigation(person_id=people["Tẩn A Sử"], started_on=dt.date(2025, 10, 1)))
        lđtt = s.scalar(select(AwardType).where(AwardType.code == "LDTT"))
        s.add(Award(subject="individual", person_id=people["Vàng Thị Mai"], unit_id=unit.id,
                    recipient_name="Vàng Thị Mai", award_type_id=lđtt.id, year=2023, kind="regular",
                    decision_number="50/QĐ-UBND", decision_date=dt.date(2023, 12, 15),
                    issuer="Ủy ban nhân dân huyện Tam Đường", money=540000))
        dossier = receive_dossier(s, DossierInput(unit_id=unit.id, received_on=RECEIVED,
                                                  title="Đề nghị khen thưởng tổng kết năm 2025",
                                                  proposal_ref="25/TTr-UBND"), user="canbo")
        nominees = {}
        for name, award in [("Nguyễn Văn An", "LĐTT"), ("Nguyễn Văn An", "CSTĐCS"),
                            ("Lò Thị Bình", "LĐTT"), ("Tẩn A Sử", "LĐTT"), ("Người Mới Đến", "LĐTT")]:
            n = add_nominee(s, dossier.id, NomineeInput(name=name, award=award, birth_year=None,
                                                        achievement="Hoàn thành tốt nhiệm vụ"))
            nominees[(name, award)] = n.id
        for i in range(10):
            add_member(s, f"Ủy viên {i + 1}", "chairman" if i == 0 else "member")
        return {"unit": unit.id, "other": other.id, "dossier": dossier.id, "number": dossier.number,
                "people": people, "nominees": nominees}
