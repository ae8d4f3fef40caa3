"""The audit trail: every change is kept with who, when, before and after; the log is
append-only; a record shows its history."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DatabaseError

from app import audit
from app.errors import UserError
from app.office import OfficeProfileData, save_profile, set_setting
from app.session_user import Actor, acting_as
from db.models import AuditEntry, AwardType, Decision, Dossier, Nominee, Person, Unit


def _unit(s, code="UBND-BL"):
    unit = Unit(code=code, name="UBND xã Bình Lư", kind="commune")
    s.add(unit)
    s.flush()
    return unit


def _dossier(db):
    with db.session() as s:
        unit = _unit(s)
        award = s.scalar(select(AwardType).limit(1))
        dossier = Dossier(year=2025, number="HS-2025-0001", unit_id=unit.id,
                          received_on=dt.date(2025, 11, 3), category="regular")
        dossier.nominees.append(Nominee(subject="individual", name="Lò Văn Pọm",
                                        award_type_id=award.id))
        s.add(dossier)
        s.flush()
        return dossier.id, dossier.nominees[0].id


def test_insert_update_delete_are_recorded_with_user_and_values(db):
    with acting_as(Actor("ha.nt", "Nguyễn Thu Hà", "clerk", signed_in=True)):
        dossier_id, nominee_id = _dossier(db)
        with db.session() as s:
            nominee = s.get(Nominee, nominee_id)
            nominee.appraisal = "approved"
            nominee.appraisal_note = "Đủ điều kiện theo Điều 24"
        with db.session() as s:
            s.delete(s.get(Nominee, nominee_id))
    with db.session() as s:
        lines = audit.history(s, Nominee, nominee_id)
        assert [line.action for line in lines] == ["insert", "update", "delete"]
        assert all(line.user == "ha.nt" for line in lines)
        assert lines[0].action_label == "Thêm" and lines[0].entity_label.startswith("Người")
        changes = {name: (b, a) for name, b, a in lines[1].changes}
        assert changes == {"appraisal": ("pending", "approved"),
                           "appraisal_note": ("", "Đủ điều kiện theo Điều 24")}
        assert dict((n, b) for n, b, _ in lines[2].changes)["name"] == "Lò Văn Pọm"
        assert audit.history(s, "dossiers", dossier_id)[0].action == "insert"
        assert isinstance(lines[0].at, dt.datetime)


def test_a_change_and_its_record_are_one_transaction(db):
    with pytest.raises(RuntimeError):
        with db.session() as s:
            _unit(s, "ROLLED")
            raise RuntimeError("boom")
    with db.session() as s:
        assert s.scalar(select(AuditEntry).where(AuditEntry.entity == "units")) is None


def test_office_profile_and_settings_changes_are_recorded(db):
    with db.session() as s:
        save_profile(s, OfficeProfileData(office_name="Phòng Nội vụ", authority_name="UBND huyện Tam Đường",
                                          authority_short="UBND", place_name="Tam Đường"))
    with db.session() as s:
        save_profile(s, OfficeProfileData(office_name="Phòng Nội vụ", authority_name="UBND huyện Tam Đường",
                                          authority_short="UBND", place_name="Tam Đường",
                                          signer_name="Hoàng Văn Đức"))
        set_setting(s, "working_year", 2025)
    with db.session() as s:
        set_setting(s, "working_year", 2026)
    with db.session() as s:
        profile = audit.history(s, "office_profile", 1)
        assert [line.action for line in profile] == ["insert", "update"]
        assert ("signer_name", "", "Hoàng Văn Đức") in profile[1].changes
        year = audit.history(s, "settings", "working_year")
        assert [line.action for line in year] == ["insert", "update"]
        assert ("value", 2025, 2026) in year[1].changes


def test_decisions_keep_dates_and_money_readable(db):
    with db.session() as s:
        s.add(Decision(number="123/QĐ-UBND", issuer="UBND huyện Tam Đường", year=2025,
                       issued_on=dt.date(2025, 12, 20), base_salary=2340000))
    with db.session() as s:
        line = audit.recent(s, entity="decisions")[0]
        values = {n: a for n, _, a in line.changes}
        assert values["issued_on"] == "2025-12-20" and values["base_salary"] == 2340000


def test_id_number_and_password_never_appear_in_clear(db):
    with db.session() as s:
        s.add(Person(full_name="Lò Thị Mai", match_key="lo thi mai", id_number="012345678901"))
    with db.session() as s:
        line = audit.recent(s, entity="people")[0]
        assert dict((n, a) for n, _, a in line.changes)["id_number"] == "********8901"
        raw = s.execute(text("SELECT after FROM audit_log WHERE entity='people'")).scalar()
        assert "012345678901" not in raw


def test_catalogue_seeding_is_not_logged_but_an_edit_is(db):
    with db.session() as s:
        assert s.scalar(select(AuditEntry).where(AuditEntry.entity == "award_types")) is None
        award = s.scalar(select(AwardType).limit(1))
        award.vote_threshold = 0.9
    with db.session() as s:
        line = audit.recent(s, entity="award_types")[0]
        assert line.action == "update" and ("vote_threshold", line.changes[0][1], 0.9) in line.changes


def test_the_log_cannot_be_edited_through_the_program(db):
    with db.session() as s:
        _unit(s)
    with pytest.raises(UserError, match="chỉ được ghi thêm"):
        with db.session() as s:
            s.scalar(select(AuditEntry).limit(1)).user = "someone-else"
    with pytest.raises(UserError):
        with db.session() as s:
            s.delete(s.scalar(select(AuditEntry).limit(1)))
    with pytest.raises(UserError):
        with db.session() as s:
            s.execute(update(AuditEntry).values(user="x"))
    # Below the ORM, the data file itself refuses (SQLite triggers from migration 0002).
    with pytest.raises(DatabaseError, match="append-only"):
        with db.engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_log"))
    with db.session() as s:
        assert s.scalar(select(AuditEntry.user).limit(1)) != "someone-else"


def test_bulk_statements_are_noted(db):
    with db.session() as s:
        _unit(s)
    with db.session() as s:
        s.execute(update(Unit).values(active=False))
        s.execute(delete(Unit).where(Unit.code == "none"))
    with db.session() as s:
        bulk = [line for line in audit.recent(s, entity="units") if line.action == "bulk"]
        assert len(bulk) == 2 and "UPDATE units" in str(bulk[-1].changes)


def test_a_session_can_label_or_skip_its_entries(db):
    with db.session() as s:
        s.info[audit.NOTE_KEY] = "Nhập tệp dang-ky-2025.xlsx"
        _unit(s, "A")
    with db.session() as s:
        s.info[audit.OFF_KEY] = True
        _unit(s, "B")
    with db.session() as s:
        lines = audit.recent(s, entity="units")
        assert len(lines) == 1 and lines[0].note == "Nhập tệp dang-ky-2025.xlsx"


def test_without_sign_in_the_computer_login_is_named(db):
    import getpass

    with db.session() as s:
        _unit(s)
    with db.session() as s:
        assert audit.recent(s)[0].user == getpass.getuser()
