"""Registrations and the exemplar register: units short of one collective and one individual
exemplar are flagged; proposals are compared with what was registered."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.dues import DueData, save_due, set_exemption
from app.errors import ValidationError
from app.registrations import (
    RegistrationData,
    compare_registered_proposed,
    exemplar_gaps,
    get_registration,
    list_registrations,
    nominee_registration_warnings,
    save_registration,
)
from app.text import fold, match_key
from db.models import AwardType, Dossier, Movement, Nominee, Person, Unit

D = dt.date


@pytest.fixture
def office(db):
    with db.session() as s:
        ids = {}
        for i, (code, name) in enumerate([("BB", "UBND xã Bản Bo"), ("KH", "UBND xã Khun Há"),
                                           ("NT", "UBND xã Nà Tăm"), ("TL", "UBND xã Tả Lèng")]):
            unit = Unit(code=code, name=name, kind="commune", sort_order=i, search_key=fold(name))
            s.add(unit)
            s.flush()
            ids[code] = unit.id
        for key, name, unit in (("an", "Lò Văn An", "BB"), ("mai", "Tẩn Thị Mai", "BB"),
                                ("su", "Vàng A Sử", "KH")):
            person = Person(full_name=name, match_key=match_key(name), unit_id=ids[unit])
            s.add(person)
            s.flush()
            ids[key] = person.id
        movement = Movement(name="Chung tay vì người nghèo", launched_by="UBND tỉnh Lai Châu", level="tinh",
                            kind="regular")
        s.add(movement)
        s.flush()
        ids["movement"] = movement.id
        ids["due"] = save_due(s, DueData(2025, "registration", "", D(2025, 2, 28)))
    return ids


def _reg(s, unit, subject, name, award="", exemplar=False, **kw):
    return save_registration(s, RegistrationData(2025, unit, subject, name, award, exemplar, **kw))


def test_exemplar_register_and_units_short_of_exemplars(db, office):
    with db.session() as s:
        _reg(s, office["BB"], "collective", "UBND xã Bản Bo", "TTLDXS")
        _reg(s, office["BB"], "collective", "Bộ phận Một cửa xã Bản Bo", exemplar=True,
             model="Giải quyết thủ tục hành chính trong ngày", movement_id=office["movement"],
             publicity="Phóng sự trên Đài Truyền thanh huyện", publicised_on=D(2025, 9, 2))
        _reg(s, office["BB"], "individual", "Lò Văn An", exemplar=True, person_id=office["an"],
             model="Nuôi cá lồng")
        _reg(s, office["KH"], "individual", "Vàng A Sử", "LDTT", person_id=office["su"])
        _reg(s, office["KH"], "individual", "Vàng A Sử", exemplar=True, person_id=office["su"])
        set_exemption(s, office["due"], office["TL"], "Sáp nhập vào xã Bình Lư")
    with db.session() as s:
        register = list_registrations(s, 2025, exemplars=True)
        assert [(r.unit, r.subject, r.name) for r in register] == [
            ("UBND xã Bản Bo", "Tập thể", "Bộ phận Một cửa xã Bản Bo"),
            ("UBND xã Bản Bo", "Cá nhân", "Lò Văn An"),
            ("UBND xã Khun Há", "Cá nhân", "Vàng A Sử")]
        first = register[0]
        assert (first.movement, first.publicity, first.publicised_on, first.source) == (
            "Chung tay vì người nghèo", "Phóng sự trên Đài Truyền thanh huyện", D(2025, 9, 2), "Nhập tay")
        gaps = {g.unit: g.missing for g in exemplar_gaps(s, 2025)}
    # Bản Bo has both; Tả Lèng is excused from registering.
    assert gaps == {"UBND xã Khun Há": "Thiếu điển hình tiên tiến tập thể",
                    "UBND xã Nà Tăm": "Chưa gửi đăng ký thi đua"}


def test_registration_checks(db, office):
    with db.session() as s:
        with pytest.raises(ValidationError, match="không dành cho cá nhân"):
            _reg(s, office["BB"], "individual", "Lò Văn An", "TTLDTT")
        with pytest.raises(ValidationError, match="điển hình tiên tiến"):
            _reg(s, office["BB"], "individual", "Lò Văn An")
        reg_id = _reg(s, office["BB"], "individual", "  Lò  Văn An ", "LDTT")
        assert get_registration(s, reg_id).name == "Lò Văn An"


def _dossier(s, unit, number, category="regular", status="appraising"):
    dossier = Dossier(year=2025, number=number, unit_id=unit, received_on=D(2025, 11, 20),
                      category=category, status=status)
    s.add(dossier)
    s.flush()
    return dossier


def _nominate(s, dossier, name, code, subject="individual", person=None, unit=None, seq=1):
    award = s.scalar(select(AwardType).where(AwardType.code == code))
    s.add(Nominee(dossier_id=dossier.id, seq=seq, subject=subject, name=name, award_type_id=award.id,
                  person_id=person, unit_id=unit or dossier.unit_id))
    s.flush()


def test_registered_versus_proposed(db, office):
    with db.session() as s:
        _reg(s, office["BB"], "collective", "UBND xã Bản Bo", "TTLDXS")
        _reg(s, office["BB"], "individual", "Lò Văn An", "CSTDCS", person_id=office["an"])
        _reg(s, office["BB"], "individual", "Tẩn Thị Mai", "LDTT")  # typed without the person
        bb = _dossier(s, office["BB"], "HS-2025-0001")
        _nominate(s, bb, "Lò Văn An", "LDTT", person=office["an"], seq=1)  # covered by CSTĐCS
        _nominate(s, bb, "Tẩn Thị Mai", "CSTDCS", person=office["mai"], seq=2)  # registered LĐTT only
        _nominate(s, bb, "UBND xã Bản Bo", "TTLDTT", subject="collective", seq=3)  # covered by TTLĐXS
        _nominate(s, bb, "Lò Văn Bình", "LDTT", seq=4)  # not registered at all
        _nominate(s, bb, "Lò Văn An", "GK", person=office["an"], seq=5)  # a form: never registered
        kh = _dossier(s, office["KH"], "HS-2025-0002")
        _nominate(s, kh, "Vàng A Sử", "LDTT", person=office["su"])  # Khun Há registered nothing
        sudden = _dossier(s, office["KH"], "HS-2025-0003", category="sudden")
        _nominate(s, sudden, "Vàng A Sử", "LDTT", person=office["su"])  # not a year-end dossier
        gone = _dossier(s, office["KH"], "HS-2025-0004", status="withdrawn")
        _nominate(s, gone, "Vàng A Sử", "CSTDCS", person=office["su"])
    with db.session() as s:
        warnings = compare_registered_proposed(s, 2025)
        assert [(w.dossier_number, w.name, w.code) for w in warnings] == [
            ("HS-2025-0001", "Tẩn Thị Mai", "registration_other_title"),
            ("HS-2025-0001", "Lò Văn Bình", "registration_not_registered"),
            ("HS-2025-0002", "Vàng A Sử", "registration_not_registered")]
        assert warnings[0].message == "Tẩn Thị Mai đăng ký LĐTT năm 2025, nay đề nghị CSTĐCS."
        assert warnings[2].message.startswith("Đơn vị chưa gửi đăng ký thi đua năm 2025")
        by_nominee = nominee_registration_warnings(s, warnings[1].dossier_id)
        assert sorted(w["code"] for ws in by_nominee.values() for w in ws) == [
            "registration_not_registered", "registration_other_title"]
