"""Hostile input, fuzzed with hypothesis: names with control characters, 10,000-character
fields, years 0 and 9999, SQL-looking strings, `..` in attachment paths. Every entry point
either stores the value safely (and reads it back as stored) or refuses it with a Vietnamese
UserError; nothing else escapes, and nothing already stored is lost.

Cases per entry point are the `max_examples` below (plus the explicit @example cases).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
import zipfile

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app import backup, lock, office, text, users
from app.errors import DatabaseProblem, UserError
from app.files import store_file
from app.restore import restore_backup
from app.session_user import Actor, acting_as
from app.startup import DamagedFile, check_file
from db.models import AuditEntry, Decision, Person, StoredFile, Unit

SQLISH = ["'; DROP TABLE people; --", "\" OR 1=1 --", "Robert'); DELETE FROM awards;--",
          "%_\\", "NULL", "1; ATTACH DATABASE 'x.db' AS x; --"]
CONTROL = "".join(chr(c) for c in range(0, 32)) + "\x7f\u200b\u202e\ufeff"
# Text a hostile (or careless) clerk or workbook can produce.
hostile_text = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.text(alphabet=st.sampled_from(list(CONTROL) + list("Nguyễn Đức ")), max_size=80),
    st.sampled_from(SQLISH),
    st.builds(lambda s, n: (s or "x") * n, st.text(min_size=1, max_size=3), st.integers(2000, 10_000)),
)
FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


# --- app/text.py: never raise, and keep their promises on any text ---------------------------

@settings(max_examples=500, deadline=None)
@given(hostile_text)
@example("\x00\x00")
@example("Đ" * 10_000)
@example("..\\..\\etc/passwd")
def test_text_helpers_take_anything(value):
    cleaned = text.clean(value)
    assert text.clean(cleaned) == cleaned and cleaned == cleaned.strip()
    folded = text.fold(value)
    assert "đ" not in folded and folded == folded.lower()
    assert all(ch.isalnum() or ch == " " for ch in text.match_key(value))
    text.sort_key(value), text.name_sort_key(value), text.title_name(value)
    name = text.ascii_filename(value)
    assert "/" not in name and "\\" not in name and ".." not in name and name.isascii()


# --- app/office.py: the office profile, settings, the working year ---------------------------

@FUZZ
@given(field=st.sampled_from(office.REQUIRED + ("signer_name", "clerk_name", "email", "phone")),
       value=hostile_text)
@example(field="office_name", value="'; DROP TABLE office_profile; --")
@example(field="place_name", value="Tam Đường" * 1200)
def test_office_profile_is_stored_as_cleaned_or_refused(db, field, value):
    data = office.OfficeProfileData(office_name="Phòng Nội vụ", authority_name="UBND huyện Tam Đường",
                                    authority_short="UBND", place_name="Tam Đường")
    setattr(data, field, value)
    try:
        with db.session() as s:
            office.save_profile(s, data)
    except UserError as exc:
        assert exc.message and exc.field == field  # the message names the bad field
        return
    with db.session() as s:
        assert getattr(office.get_profile(s), field) == text.clean(value)


@FUZZ
@given(year=st.one_of(st.integers(-10**12, 10**12), st.sampled_from([0, 1, 1944, 1945, 2100, 2101, 9999])))
def test_working_year_is_a_real_year_or_refused(db, year):
    try:
        with db.session() as s:
            office.set_working_year(s, year)
    except UserError:
        assert not 1945 <= year <= 2100
        return
    with db.session() as s:
        assert office.working_year(s) == year


@FUZZ
@given(key=st.text(min_size=1, max_size=100), value=st.one_of(hostile_text, st.integers(), st.none(),
                                                              st.lists(st.text(max_size=20), max_size=5)))
def test_settings_keep_any_json_value(db, key, value):
    if isinstance(value, int) and abs(value) > 2**63 - 1:
        # Past 64 bits a JSON integer would come back rounded: refused, nothing stored.
        with pytest.raises(UserError), db.session() as s:
            office.set_setting(s, key, value)
        with db.session() as s:
            assert office.get_setting(s, key) is None
        return
    with db.session() as s:
        office.set_setting(s, key, value)
    with db.session() as s:
        assert office.get_setting(s, key) == value


# --- records with hostile text and extreme dates go through the audit trail intact ----------

@FUZZ
@given(name=hostile_text, notes=hostile_text,
       born=st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
@example(name="Lò\x00Văn\x07Pọm", notes="x" * 10_000, born=dt.date(9999, 12, 31))
@example(name="'; DROP TABLE audit_log; --", notes="", born=dt.date(1, 1, 1))
def test_people_with_hostile_fields_are_stored_and_audited(db, name, notes, born):
    with db.session() as s:
        if s.scalar(select(Unit.id).where(Unit.code == "GIU-LAI")) is None:
            s.add(Unit(code="GIU-LAI", name="Đơn vị phải còn", kind="commune"))
        person = Person(full_name=name, match_key=text.match_key(name), notes=notes, birth_date=born)
        s.add(person)
        s.flush()
        pid = person.id
    with db.session() as s:
        again = s.get(Person, pid)
        assert (again.full_name, again.notes, again.birth_date) == (name, notes, born)
        entry = s.scalar(select(AuditEntry).where(AuditEntry.entity == "people", AuditEntry.entity_id == pid))
        assert entry.after["birth_date"] == born.isoformat()
        assert entry.after["full_name"] == (name if len(name) <= 2000 else name[:2000] + "…")
        # What was there before the hostile rows is still there, unchanged.
        assert s.scalar(select(Unit.name).where(Unit.code == "GIU-LAI")) == "Đơn vị phải còn"


@SLOW
@given(day=st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)), number=hostile_text)
def test_decisions_with_extreme_dates_round_trip(db, day, number):
    with db.session() as s:
        # Unique per example: (issuer, year, number) is a constraint, tested elsewhere.
        number = f"{number}#{s.scalar(select(func.count()).select_from(Decision))}"
        decision = Decision(number=number, issuer="UBND huyện Tam Đường", year=day.year, issued_on=day)
        s.add(decision)
        s.flush()
        did = decision.id
    with db.session() as s:
        assert s.get(Decision, did).issued_on == day


# --- app/users.py: accounts and sign-in --------------------------------------------------------

@SLOW
@given(username=hostile_text, display=hostile_text, password=hostile_text)
@example(username="admin'--", display="x", password="matkhau-dai")
@example(username="ha.nguyen", display="Nguyễn\x00Thu Hà", password="12345678")
def test_create_user_stores_or_refuses(db, username, display, password):
    with acting_as(Actor("truong.phong", role="head", signed_in=True)):
        try:
            with db.session() as s:
                info = users.create_user(s, username, display, "clerk", password)
        except UserError as exc:
            assert exc.message
            return
    assert info.username == text.clean(username).lower() and info.username.isascii()
    assert all(ord(ch) >= 32 for ch in info.display_name)


@settings(SLOW, max_examples=25)  # each wrong password costs a real Argon2 check
@given(username=hostile_text, password=hostile_text)
def test_sign_in_with_anything_is_just_a_refusal(db, username, password):
    try:
        users.sign_in(db, username, password)
    except UserError as exc:
        assert "Sai tên đăng nhập" in exc.message or "thử lại" in exc.message
    else:
        raise AssertionError("nobody should be able to sign in here")


# --- attachments: `..` and friends never leave the files folder -------------------------------

evil_names = st.one_of(
    st.sampled_from(["../../escaped.txt", "..\\..\\escaped.txt", "/etc/passwd", "a/../../b",
                     "..", "....//x", "C:\\Windows\\x.dll", "files/../x", "\x00.txt", "con.txt"]),
    st.text(alphabet=st.sampled_from(list("./\\a.")), min_size=1, max_size=20))


@SLOW
@given(name=evil_names)
def test_restore_never_writes_outside_the_files_folder(db, tmp_path_factory, name):
    work = tmp_path_factory.mktemp("r")
    saved = backup.backup_file(db.path, "manual", target_dir=work)
    evil = work / "evil.zip"
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(evil, "w") as dst:
        for entry in src.namelist():
            dst.writestr(entry, src.read(entry))
        dst.writestr("files/" + name, b"payload")
    restore_backup(db.path, evil)
    files_root = (db.path.parent / "files").resolve()
    for p in files_root.rglob("*"):
        assert files_root in p.resolve().parents
    # The payload lands inside files/ or nowhere: never anywhere else in the test's folders.
    base = db.path.parent.parent
    near = [*base.glob("*"), *base.glob("*/*"), *db.path.parent.glob("*/*")]
    outside = [p for p in near if p.is_file() and files_root not in p.resolve().parents
               and p.suffix not in {".zip", ".db", ".db-wal", ".db-shm", ".part"}
               and p.stat().st_size == len(b"payload") and p.read_bytes() == b"payload"]
    assert outside == []


@FUZZ
@given(name=st.text(alphabet=st.sampled_from(list("./\\ab_đ")), min_size=1, max_size=30))
@example(name="..%2F..%2Fescaped.xlsx")
def test_stored_attachments_stay_in_the_files_folder(db, tmp_path_factory, name):
    src_dir = tmp_path_factory.mktemp("src")
    source = src_dir / "upload.bin"
    source.write_bytes(name.encode("utf-8"))
    files_dir = db.path.parent / "files"
    with db.session() as s:
        record = store_file(s, files_dir, source)
        record.original_name = name  # what a workbook's own file name could say
    with db.session() as s:
        stored = s.get(StoredFile, record.id)
        from app.files import stored_path

        assert stored_path(files_dir, stored).resolve().parent == files_dir.resolve()


# --- backups, locks and start-up checks on hostile files and texts ---------------------------

@SLOW
@given(reason=hostile_text)
def test_any_backup_reason_gives_a_safe_file_name(db, reason):
    path = backup.backup_file(db.path, reason)
    assert path.parent == db.path.parent / "backups" and path.name.isascii()
    manifest = json.loads(zipfile.ZipFile(path).read("manifest.json"))
    assert manifest["reason_text"] in (reason, backup.REASONS.get(reason.strip().lower()))


@FUZZ
@given(content=st.one_of(st.binary(max_size=300), hostile_text.map(lambda t: t.encode("utf-8", "replace")),
                         st.builds(lambda h, p: json.dumps({"host": h, "pid": p}).encode(),
                                   hostile_text, st.one_of(st.integers(), st.text(max_size=5)))))
def test_a_garbage_lock_file_never_crashes(tmp_path_factory, content):
    db_path = tmp_path_factory.mktemp("l") / "tdkt.db"
    lock.lock_path(db_path).write_bytes(content)
    # Old enough that an unreadable lock is not mistaken for one being written right now.
    os.utime(lock.lock_path(db_path), (time.time() - 60, time.time() - 60))
    owner = lock.read_owner(db_path)
    try:
        held = lock.acquire(db_path)
    except lock.FileInUse as exc:
        assert owner is not None and exc.message
    else:
        held.release()


@FUZZ
@given(content=st.binary(min_size=1, max_size=4096))
@example(content=b"SQLite format 3\x00" + b"\xff" * 4000)
def test_a_hostile_data_file_is_called_damaged(tmp_path_factory, content):
    path = tmp_path_factory.mktemp("d") / "tdkt.db"
    path.write_bytes(content)
    try:
        check_file(path)
    except DamagedFile as exc:
        assert "bị hỏng" in exc.message
    except DatabaseProblem as exc:  # not SQLite at all, and no backup beside it
        assert "không phải tệp dữ liệu TĐKT" in exc.message
