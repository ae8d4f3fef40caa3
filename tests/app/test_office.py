"""The office profile, settings and the working year."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from app.errors import ValidationError
from app.office import (
    OfficeProfileData,
    get_profile,
    get_setting,
    save_profile,
    set_setting,
    set_working_year,
    window_title,
    working_year,
    year_choices,
    years_with_data,
)
from db.models import Bloc, OfficeProfile

TAM_DUONG = OfficeProfileData(
    office_name="Phòng Nội vụ", authority_name="Ủy ban nhân dân huyện Tam Đường",
    authority_short="UBND", superior_name="UBND tỉnh Lai Châu", level="huyen", province="Lai Châu",
    place_name="Tam Đường", signer_name="Sùng Lử Páo", signer_title="CHỦ TỊCH",
    clerk_name="Lò Thị Mai", phone="0213 3875 123", email="noivu@tamduong.laichau.gov.vn")


def test_a_new_file_has_an_empty_profile(db):
    with db.session() as s:
        profile = get_profile(s)
        assert profile.office_name == "" and profile.authority_short == "UBND"
        assert window_title(s) == "TĐKT"


def test_save_then_read_back_and_update(db):
    with db.session() as s:
        save_profile(s, replace(TAM_DUONG, office_name="  Phòng  Nội vụ "))
    with db.session() as s:
        assert get_profile(s) == TAM_DUONG  # cleaned: single spaces, trimmed
        assert window_title(s) == "TĐKT — Phòng Nội vụ, Ủy ban nhân dân huyện Tam Đường"
        save_profile(s, replace(TAM_DUONG, signer_name="Nguyễn Văn Hùng"))
    with db.session() as s:
        assert get_profile(s).signer_name == "Nguyễn Văn Hùng"
        assert s.query(OfficeProfile).count() == 1


@pytest.mark.parametrize("change, field", [
    ({"office_name": " "}, "office_name"),
    ({"place_name": ""}, "place_name"),
    ({"authority_short": "QĐ/UBND"}, "authority_short"),
    ({"email": "noivu@"}, "email"),
    ({"phone": "gọi tôi"}, "phone"),
    ({"level": "thon"}, "level"),
])
def test_invalid_profile_names_the_field_and_stores_nothing(db, change, field):
    with pytest.raises(ValidationError) as err:
        with db.session() as s:
            save_profile(s, replace(TAM_DUONG, **change))
    assert err.value.field == field
    assert "«" in err.value.message  # names the field as the clerk sees it
    with db.session() as s:
        assert s.query(OfficeProfile).count() == 0


def test_settings_round_trip(db):
    with db.session() as s:
        assert get_setting(s, "x", "mặc định") == "mặc định"
        set_setting(s, "x", {"a": 1})
        set_setting(s, "x", {"a": 2})
    with db.session() as s:
        assert get_setting(s, "x") == {"a": 2}


def test_working_year_setting_then_data_then_today(db):
    today = dt.date(2026, 3, 1)
    with db.session() as s:
        assert years_with_data(s) == []
        assert working_year(s, today) == 2026
        s.add_all([Bloc(year=2024, name="Khối A"), Bloc(year=2025, name="Khối A")])
        s.flush()
        assert working_year(s, today) == 2025
        assert year_choices(s, today) == [2024, 2025, 2026, 2027]
        set_working_year(s, 2024)
    with db.session() as s:
        assert working_year(s, today) == 2024
        with pytest.raises(ValidationError):
            set_working_year(s, 20245)
