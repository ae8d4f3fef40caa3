"""Hồ sơ cơ quan and settings: who the office is, and the few choices kept in the data file.

The office profile is one row (documents, templates and the window title read it); settings
are named JSON values in the `settings` table. The working year (năm làm việc) is the year
every year-bound screen opens on.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import ValidationError
from app.text import clean, match_key
from app.users import require
from db.models import (
    Award,
    Bloc,
    Dossier,
    OfficeProfile,
    PlanTask,
    Setting,
    Submission,
    SubmissionDue,
)

OFFICE_LEVELS = {"xa": "Cấp xã", "huyen": "Cấp huyện", "tinh": "Cấp tỉnh"}

# What the clerk sees for each field: used in validation messages and by the settings dialog.
FIELD_LABELS = {
    "office_name": "Tên cơ quan",
    "authority_name": "Cơ quan chủ quản",
    "authority_short": "Ký hiệu cơ quan ban hành",
    "superior_name": "Cơ quan cấp trên",
    "level": "Cấp",
    "province": "Tỉnh, thành phố",
    "place_name": "Địa danh ghi trên văn bản",
    "signer_name": "Người ký",
    "signer_title": "Chức vụ người ký",
    "deputy_signer_name": "Người ký thay (cấp phó)",
    "deputy_signer_title": "Chức vụ người ký thay",
    "clerk_name": "Chuyên viên phụ trách",
    "phone": "Điện thoại",
    "email": "Thư điện tử",
}
REQUIRED = ("office_name", "authority_name", "authority_short", "place_name")

WORKING_YEAR = "working_year"
MIN_YEAR, MAX_YEAR = 1945, 2100

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SYMBOL = re.compile(r"^[0-9A-Za-zÀ-ỹĐđ.\-]+$")


@dataclass
class OfficeProfileData:
    """The office profile as the settings dialog edits it (a plain copy, no session needed)."""

    office_name: str = ""
    authority_name: str = ""
    authority_short: str = "UBND"
    superior_name: str = ""
    # Since 1 July 2025 the grassroots office is the commune's (no district level any more).
    level: str = "xa"
    province: str = ""
    place_name: str = ""
    signer_name: str = ""
    signer_title: str = "CHỦ TỊCH"
    deputy_signer_name: str = ""
    deputy_signer_title: str = "PHÓ CHỦ TỊCH"
    clerk_name: str = ""
    phone: str = ""
    email: str = ""


_FIELDS = [f.name for f in fields(OfficeProfileData)]


def _row(session: Session) -> OfficeProfile | None:
    return session.scalar(select(OfficeProfile).order_by(OfficeProfile.id).limit(1))


def get_profile(session: Session) -> OfficeProfileData:
    """The office profile; an empty one (defaults) when the data file has none yet."""
    row = _row(session)
    if row is None:
        return OfficeProfileData()
    return OfficeProfileData(**{name: getattr(row, name) or "" for name in _FIELDS})


def validate_profile(data: OfficeProfileData) -> OfficeProfileData:
    """A cleaned copy, or ValidationError naming the first bad field (`.field`)."""
    values = {name: clean(getattr(data, name)) for name in _FIELDS}
    for name in REQUIRED:
        if not values[name]:
            raise ValidationError(f"Chưa nhập «{FIELD_LABELS[name]}».", field=name)
    for name in _FIELDS:  # as long as units' names (200) and people's (120) allow (t18)
        limit = 120 if name.endswith(("signer_name", "clerk_name")) else 200
        if len(values[name]) > limit:
            raise ValidationError(f"«{FIELD_LABELS[name]}» dài quá {limit} ký tự.", field=name)
    for name in ("office_name", "authority_name"):
        if values[name] and not match_key(values[name]):
            raise ValidationError(f"«{FIELD_LABELS[name]}» phải có chữ hoặc số.", field=name)
    if values["level"] not in OFFICE_LEVELS:
        raise ValidationError(f"«{FIELD_LABELS['level']}» phải là cấp xã, cấp huyện hoặc cấp tỉnh.",
                              field="level")
    if not _SYMBOL.match(values["authority_short"]):
        raise ValidationError(
            f"«{FIELD_LABELS['authority_short']}» chỉ gồm chữ, số, dấu chấm hoặc gạch nối, "
            "không có dấu cách hay dấu «/» (ví dụ: UBND).", field="authority_short")
    if values["email"] and not _EMAIL.match(values["email"]):
        raise ValidationError(f"«{FIELD_LABELS['email']}» không đúng dạng (ví dụ: noivu@laichau.gov.vn).",
                              field="email")
    if values["phone"] and not re.fullmatch(r"[0-9 .()+\-]{6,20}", values["phone"]):
        raise ValidationError(f"«{FIELD_LABELS['phone']}» chỉ gồm chữ số (6–20 ký tự).", field="phone")
    return OfficeProfileData(**values)


def save_profile(session: Session, data: OfficeProfileData) -> OfficeProfileData:
    """Check and store the office profile (creating it the first time)."""
    require(session, "settings")
    checked = validate_profile(data)
    row = _row(session)
    if row is None:
        row = OfficeProfile(id=1, **asdict(checked))
        session.add(row)
    else:
        for name, value in asdict(checked).items():
            setattr(row, name, value)
    session.flush()
    from app.signers import sync_from_profile  # the signers list keeps the same chairman

    sync_from_profile(session, checked.signer_name, checked.signer_title, checked.deputy_signer_name,
                      checked.deputy_signer_title)
    return checked


def get_setting(session: Session, key: str, default: object = None) -> object:
    row = session.get(Setting, key)
    return default if row is None else row.value


_INT_LIMIT = 2**63 - 1  # what a JSON integer keeps exactly in SQLite and PostgreSQL alike


def _check_setting_value(key: str, value: object) -> None:
    """Refuse what the database could not give back unchanged (integers past 64 bits)."""
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, int) and not -_INT_LIMIT <= value <= _INT_LIMIT:
        raise ValidationError(f"Giá trị của cài đặt «{key}» quá lớn.", field=key)
    if isinstance(value, (list, tuple)):
        for item in value:
            _check_setting_value(key, item)
    elif isinstance(value, dict):
        for item in value.values():
            _check_setting_value(key, item)


def set_setting(session: Session, key: str, value: object) -> None:
    _check_setting_value(key, value)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
    session.flush()


def years_with_data(session: Session) -> list[int]:
    """Every year some record belongs to (awards, dossiers, blocs, dues, submissions, plan)."""
    years: set[int] = set()
    for column in (Award.year, Dossier.year, Bloc.year, SubmissionDue.year, Submission.year,
                   PlanTask.year):
        years.update(y for y in session.scalars(select(column).distinct()) if y is not None)
    return sorted(years)


def working_year(session: Session, today: dt.date | None = None) -> int:
    """The year screens open on: the saved setting, else the latest year with data, else now."""
    saved = get_setting(session, WORKING_YEAR)
    if isinstance(saved, int) and MIN_YEAR <= saved <= MAX_YEAR:
        return saved
    years = years_with_data(session)
    return years[-1] if years else (today or dt.date.today()).year


def set_working_year(session: Session, year: int) -> None:
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(f"Năm làm việc phải từ {MIN_YEAR} đến {MAX_YEAR}.", field=WORKING_YEAR)
    set_setting(session, WORKING_YEAR, year)


def year_choices(session: Session, today: dt.date | None = None) -> list[int]:
    """The years a year selector offers: those with data, this year, the working year, and the
    year after the latest (so next year's plan can be started)."""
    this_year = (today or dt.date.today()).year
    years = set(years_with_data(session)) | {this_year, working_year(session, today)}
    years.add(max(years) + 1)
    return sorted(years)


def window_title(session: Session) -> str:
    """`TĐKT — Phòng Nội vụ, Ủy ban nhân dân huyện Tam Đường` (just `TĐKT` before a profile)."""
    profile = get_profile(session)
    name = ", ".join(p for p in (profile.office_name, profile.authority_name) if p)
    return f"TĐKT — {name}" if name else "TĐKT"
