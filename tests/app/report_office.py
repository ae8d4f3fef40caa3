"""A small office built by hand for the reports and home-screen tests, with every figure
counted by hand in the comments (the tests assert those exact numbers).

2025, not revoked — titles 7, forms 5 (1 order), 12 awards, money 12,190,000 đ:
  Lò Thị Mai (nữ, Thái, trực tiếp, xã Bản Bo): LĐTT, Giấy khen (phong trào M1)
  Nguyễn Văn An (nam, Kinh, lãnh đạo, Phòng Nội vụ): CSTĐCS, BK tỉnh, HCLĐ hạng Ba
  Sùng A Páo (nam, Mông, trực tiếp, xã Nà Tăm — merged into Bản Bo): LĐTT (issuer blank)
  Vàng Thị Dợ (nữ, dân tộc chưa rõ, Phòng Nội vụ): Giấy khen
  Trần Thị Hoa (nữ, Kinh, thị trấn): LĐTT — REVOKED
  collectives: xã Bản Bo TTLĐXS (tỉnh), thị trấn Giấy khen, Phòng Nội vụ TTLĐTT,
  "Bản Nà Đon" Thôn văn hóa (text only, xã decides); one household Gia đình văn hóa (xã)
2024: Lò Thị Mai LĐTT (for ranges).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.text import fold, match_key
from db.models import (
    Award,
    AwardType,
    Bloc,
    BlocCriterion,
    BlocMember,
    BlocScore,
    Dossier,
    DossierEvent,
    Movement,
    MovementUnit,
    Nominee,
    OfficeProfile,
    Person,
    PlanTask,
    Submission,
    SubmissionDue,
    SubmissionDueOverride,
    SubmissionExemption,
    Unit,
)

D = dt.date
TODAY = D(2025, 12, 15)
HUYEN = "UBND huyện Tam Đường"


def build_report_office(db) -> dict[str, int]:
    ids: dict[str, int] = {}
    with db.session() as s:
        types = {t.code: t.id for t in s.scalars(select(AwardType))}
        s.add(OfficeProfile(id=1, office_name="Phòng Nội vụ",
                            authority_name="Ủy ban nhân dân huyện Tam Đường", place_name="Tam Đường",
                            level="huyen", signer_name="Sùng Lử Páo"))

        def unit(key, name, kind, order, **kw):
            u = Unit(code=key, name=name, kind=kind, sort_order=order, search_key=fold(name), **kw)
            s.add(u)
            s.flush()
            ids[key] = u.id
            return u

        bb = unit("BB", "UBND xã Bản Bo", "commune", 2)
        tt = unit("TT", "UBND thị trấn Tam Đường", "township", 1)
        nv = unit("NV", "Phòng Nội vụ", "agency", 3)
        nt = unit("NT", "UBND xã Nà Tăm", "commune", 4, active=False, merged_into_id=bb.id,
                  merged_on=D(2025, 7, 1))
        unit("ND", "Bản Nà Đon", "village", 5, parent_id=bb.id)

        def person(key, name, unit, **kw):
            p = Person(full_name=name, match_key=match_key(name), unit_id=unit.id, **kw)
            s.add(p)
            s.flush()
            ids[key] = p.id
            return p

        mai = person("mai", "Lò Thị Mai", bb, gender="F", ethnicity="thai", is_direct_worker=True)
        an = person("an", "Nguyễn Văn An", nv, gender="M", ethnicity="kinh", is_leader=True)
        pao = person("pao", "Sùng A Páo", nt, gender="M", ethnicity="mong", is_direct_worker=True)
        do = person("do", "Vàng Thị Dợ", nv, gender="F")
        hoa = person("hoa", "Trần Thị Hoa", tt, gender="F", ethnicity="kinh")

        m1 = Movement(name="Chung tay xóa nhà tạm, nhà dột nát năm 2025", launched_by=HUYEN,
                      level="huyen", kind="thematic", start_date=D(2025, 1, 1), end_date=D(2025, 12, 31),
                      status="running", results="Xóa 120 nhà tạm")
        m2 = Movement(name="Phong trào đã kết thúc năm 2023", launched_by=HUYEN, level="huyen",
                      kind="periodic", start_date=D(2021, 1, 1), end_date=D(2023, 12, 31))
        m3 = Movement(name="Cán bộ, công chức thi đua thực hiện văn hóa công sở",
                      launched_by="UBND tỉnh Lai Châu", level="tinh", kind="regular")
        s.add_all([m1, m2, m3])
        s.flush()
        ids.update(m1=m1.id, m2=m2.id, m3=m3.id)
        s.add_all([MovementUnit(movement_id=m1.id, unit_id=bb.id),
                   MovementUnit(movement_id=m1.id, unit_id=tt.id)])

        def award(code, year, *, who=None, unit=None, subject=None, issuer=HUYEN, money=None, **kw):
            subject = subject or ("individual" if who else "collective")
            name = who.full_name if who else (unit.name if unit else kw.pop("name"))
            s.add(Award(subject=subject, person_id=who.id if who else None,
                        unit_id=unit.id if unit else None, recipient_name=name,
                        award_type_id=types[code], year=year, issuer=issuer, money=money,
                        decision_date=D(year, 12, 1), **kw))

        award("LDTT", 2025, who=mai, money=710_000)
        award("GK", 2025, who=mai, money=710_000, movement_id=m1.id, kind="movement")
        award("CSTDCS", 2025, who=an, money=2_340_000)
        award("BK_TINH", 2025, who=an, issuer="Chủ tịch UBND tỉnh Lai Châu", money=3_510_000)
        award("HCLD3", 2025, who=an, issuer="Chủ tịch nước Cộng hòa xã hội chủ nghĩa Việt Nam")
        award("LDTT", 2025, who=pao, issuer="")
        award("GK", 2025, who=do)
        award("LDTT", 2025, who=hoa, money=710_000, revoked=True, revoked_on=D(2025, 12, 10),
              revoke_reason="Kê khai không trung thực")
        award("TTLDXS", 2025, unit=bb, issuer="UBND tỉnh Lai Châu", money=3_510_000)
        award("GK", 2025, unit=tt, money=1_410_000)
        award("TTLDTT", 2025, unit=nv)
        award("THON_VH", 2025, name="Bản Nà Đon", unit_text="xã Bản Bo", issuer="Chủ tịch UBND xã Bản Bo")
        award("GDVH", 2025, name="Hộ gia đình ông Lò Văn Ún", subject="household",
              issuer="UBND xã Bản Bo")
        award("LDTT", 2024, who=mai, money=540_000)

        # Dossiers of 2025: 6 received, 2 returned (one came back), 2 decided (20 and 10 days).
        def dossier(key, unit, status, received, year=2025, due=None, events=(), **kw):
            d = Dossier(year=year, number=f"HS-{year}-{len(ids):04d}", unit_id=unit.id,
                        received_on=received, category="regular", status=status, due_on=due, **kw)
            s.add(d)
            s.flush()
            ids[key] = d.id
            for at, frm, to in events:
                s.add(DossierEvent(dossier_id=d.id, at=at, from_status=frm, to_status=to))
            return d

        T = dt.datetime
        d1 = dossier("d1", bb, "decided", D(2025, 11, 3), events=[
            (T(2025, 11, 3, 8), "", "received"), (T(2025, 11, 4, 9), "received", "appraising"),
            (T(2025, 11, 5, 9), "appraising", "returned"), (T(2025, 11, 7, 9), "returned", "received"),
            (T(2025, 11, 10, 9), "received", "appraising"), (T(2025, 11, 23, 10), "appraising", "decided")])
        d2 = dossier("d2", tt, "decided", D(2025, 11, 10), events=[
            (T(2025, 11, 10, 8), "", "received"), (T(2025, 11, 20, 16), "voted", "decided")])
        dossier("d3", nv, "returned", D(2025, 11, 15), due=D(2025, 12, 1),
                events=[(T(2025, 11, 16, 8), "received", "returned")])
        dossier("d4", bb, "appraising", D(2025, 11, 20), due=D(2025, 12, 1))
        dossier("d5", nv, "forwarded", D(2025, 11, 21))
        dossier("d6", tt, "decided", D(2024, 11, 1), year=2024,
                events=[(T(2024, 12, 1, 8), "voted", "decided")])
        dossier("d7", tt, "received", D(2025, 12, 12), due=D(2025, 12, 21), movement_id=m1.id)
        for d, appraisal in ((d1, "approved"), (d1, "rejected"), (d2, "approved")):
            s.add(Nominee(dossier_id=d.id, subject="individual", name="Người được đề nghị",
                          award_type_id=types["LDTT"], appraisal=appraisal))

        # What units owe in 2025 (today 15/12/2025).
        reg = SubmissionDue(year=2025, kind="registration", title="Đăng ký thi đua năm 2025",
                            due_on=D(2025, 2, 15))
        mid = SubmissionDue(year=2025, kind="report_mid", title="Báo cáo sơ kết 6 tháng",
                            due_on=D(2025, 6, 20))
        year_end = SubmissionDue(year=2025, kind="report_year", title="Báo cáo tổng kết năm 2025",
                                 due_on=D(2025, 12, 10), unit_kinds="commune,township")
        s.add_all([reg, mid, year_end])
        s.flush()
        ids.update(due_reg=reg.id, due_mid=mid.id, due_year=year_end.id)
        s.add(SubmissionExemption(due_id=mid.id, unit_id=nv.id, reason="Không phải báo cáo"))
        s.add(SubmissionDueOverride(due_id=year_end.id, unit_id=tt.id, due_on=D(2025, 12, 20)))

        def sent(unit, kind, on, status="accepted", version=1):
            s.add(Submission(unit_id=unit.id, year=2025, kind=kind, received_on=on, status=status,
                             version_no=version))

        sent(bb, "registration", D(2025, 2, 10))
        sent(tt, "registration", D(2025, 2, 20))  # late
        sent(nt, "registration", D(2025, 2, 15))  # on the deadline day: on time
        sent(bb, "report_mid", D(2025, 6, 25))  # late
        sent(tt, "report_mid", D(2025, 6, 18), status="returned")  # sent back: does not count
        sent(bb, "report_year", D(2025, 12, 10), status="received")  # on time; waiting for review
        s.flush()

        # The plan's tasks.
        s.add_all([
            PlanTask(year=2025, seq="1", title="Tổng hợp báo cáo tổng kết", deadline=D(2025, 12, 10)),
            PlanTask(year=2025, seq="2", title="Họp Hội đồng Thi đua - Khen thưởng", deadline=D(2025, 12, 19)),
            PlanTask(year=2025, seq="3", title="Tổ chức lễ tổng kết", deadline=D(2025, 12, 31)),
            PlanTask(year=2025, seq="4", title="Trình khen cấp tỉnh", deadline=D(2025, 12, 12),
                     status="done", done_on=D(2025, 12, 11)),
            PlanTask(year=2024, seq="9", title="Việc cũ năm 2024", deadline=D(2024, 12, 1)),
        ])

        # A bloc of 2025 (Bản Bo and the township) with scores: a group, two leaves, a penalty.
        bloc = Bloc(year=2025, name="Khối các xã, thị trấn", head_unit_id=bb.id)
        s.add(bloc)
        s.flush()
        ids["bloc"] = bloc.id
        s.add_all([BlocMember(bloc_id=bloc.id, unit_id=bb.id, rank=2),
                   BlocMember(bloc_id=bloc.id, unit_id=tt.id, rank=1, is_leading=True)])
        group = BlocCriterion(bloc_id=bloc.id, code="I", title="Nhiệm vụ", max_points=100)
        s.add(group)
        s.flush()
        c1 = BlocCriterion(bloc_id=bloc.id, parent_id=group.id, code="1", title="Kinh tế", max_points=60)
        c2 = BlocCriterion(bloc_id=bloc.id, parent_id=group.id, code="2", title="Xã hội", max_points=40)
        pen = BlocCriterion(bloc_id=bloc.id, code="III", title="Điểm trừ", max_points=10, kind="penalty")
        s.add_all([c1, c2, pen])
        s.flush()
        s.add_all([
            BlocScore(criterion_id=group.id, unit_id=bb.id, self_score=99, agreed_score=99),  # a subtotal
            BlocScore(criterion_id=c1.id, unit_id=bb.id, self_score=50, agreed_score=48),
            BlocScore(criterion_id=c2.id, unit_id=bb.id, self_score=30, agreed_score=0),  # zero is a score
            BlocScore(criterion_id=pen.id, unit_id=bb.id, self_score=2, agreed_score=3),
            BlocScore(criterion_id=c1.id, unit_id=tt.id, self_score=55, agreed_score=None),
            BlocScore(criterion_id=c2.id, unit_id=tt.id, self_score=35, agreed_score=None),
        ])
        s.flush()
    return ids
