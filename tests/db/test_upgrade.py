"""A data file made by the first released schema (revision 0001, built here by code, with a
row in every table an office fills) upgrades to the current schema with every row intact,
after a backup; a file from a newer program is refused and left untouched."""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile

import pytest
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    select,
)

from app.database import open_database
from app.errors import DatabaseProblem
from db import backup as sqlite_backup
from db import migrate
from db.session import make_engine

FIRST_RELEASE = "0001"


def _value_for(column, n: int):
    """A plausible value for a NOT NULL column the row did not name."""
    kind = column.type
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, (Integer, Numeric)):
        return n
    if isinstance(kind, DateTime):
        return dt.datetime(2024, 12, 1, 9, 30)
    if isinstance(kind, Date):
        return dt.date(2024, 12, 1)
    if isinstance(kind, JSON):
        return {}
    if isinstance(kind, (String, Text)):
        return f"Giá trị {column.name} số {n}"[: getattr(kind, "length", None) or 200]
    raise AssertionError(f"no sample value for {column}")


def _insert(conn, meta: MetaData, table: str, n: int = 1, **given) -> int:
    t = meta.tables[table]
    row = dict(given)
    for column in t.columns:
        if column.name in row or column.nullable or column.primary_key and len(t.primary_key) == 1:
            continue
        if column.server_default is not None:
            continue
        row[column.name] = _value_for(column, n)
    result = conn.execute(t.insert().values(**row))
    return result.inserted_primary_key[0] if result.inserted_primary_key else None


def build_first_release_file(path) -> dict[str, list[dict]]:
    """A data file at revision 0001 with representative rows; returns its rows by table."""
    engine = make_engine(path)
    migrate.upgrade(engine, FIRST_RELEASE)
    meta = MetaData()
    meta.reflect(engine)
    with engine.begin() as conn:
        eth = _insert(conn, meta, "ethnicities", code="thai", name="Thái")
        award = _insert(conn, meta, "award_types", code="LDTT", name="Lao động tiên tiến",
                        category="title", subject="individual", level="co_so")
        _insert(conn, meta, "office_profile", id=1, office_name="Phòng Nội vụ",
                authority_name="UBND huyện Tam Đường", place_name="Tam Đường")
        unit = _insert(conn, meta, "units", code="UBND-BINHLU", name="UBND xã Bình Lư", kind="commune")
        person = _insert(conn, meta, "people", full_name="Lò Thị Mai", match_key="lo thi mai",
                         ethnicity=eth, unit_id=unit, birth_date=dt.date(1985, 3, 8))
        movement = _insert(conn, meta, "movements", name="Cả nước chung tay vì người nghèo")
        dossier = _insert(conn, meta, "dossiers", year=2024, number="HS-2024-0001", unit_id=unit,
                          received_on=dt.date(2024, 11, 20), category="regular", status="decided")
        nominee = _insert(conn, meta, "nominees", dossier_id=dossier, subject="individual",
                          person_id=person, name="Lò Thị Mai", award_type_id=award,
                          verdict_reasons=["Hoàn thành tốt nhiệm vụ 2024"])
        decision = _insert(conn, meta, "decisions", number="215/QĐ-UBND", issuer="UBND huyện Tam Đường",
                           year=2024, issued_on=dt.date(2024, 12, 20), base_salary=2340000)
        _insert(conn, meta, "awards", subject="individual", person_id=person, unit_id=unit,
                recipient_name="Lò Thị Mai", award_type_id=award, year=2024, decision_id=decision,
                nominee_id=nominee, movement_id=movement, money=702000)
        bloc = _insert(conn, meta, "blocs", year=2024, name="Khối các xã vùng cao")
        _insert(conn, meta, "bloc_members", bloc_id=bloc, unit_id=unit, rank=1)
        crit = _insert(conn, meta, "bloc_criteria", bloc_id=bloc, title="Phát triển kinh tế", max_points=20)
        _insert(conn, meta, "bloc_scores", criterion_id=crit, unit_id=unit, self_score=18.5, agreed_score=18)
        _insert(conn, meta, "settings", key="working_year", value=2024)
        _insert(conn, meta, "audit_log", entity="units", entity_id=unit, action="insert",
                after={"name": "UBND xã Bình Lư"})
        _insert(conn, meta, "users", username="truong.phong", role="head")
    with engine.connect() as conn:
        rows = {name: [dict(r._mapping) for r in conn.execute(select(t))]
                for name, t in meta.tables.items() if name != "alembic_version"}
    engine.dispose()
    return rows


def test_first_release_file_upgrades_with_every_row_intact(tmp_path):
    path = tmp_path / "tdkt.db"
    before = build_first_release_file(path)
    assert sqlite_backup.schema_revision(path) == FIRST_RELEASE
    db = open_database(path)
    try:
        assert migrate.current_revision(db.engine) == migrate.head_revision()
        with db.engine.connect() as conn:
            meta = MetaData()
            meta.reflect(conn)
            filled = {t: rows for t, rows in before.items() if rows}
            assert len(filled) >= 17
            for table, rows in filled.items():
                after = [dict(r._mapping) for r in conn.execute(select(meta.tables[table]))]
                if table == "settings":  # the file's own identity is written on first open (backups match it)
                    after = [a for a in after if a["key"] != "data_file_id"]
                if table in {"ethnicities", "award_types"}:  # the catalogue is seeded on open
                    assert all(row in [{k: a[k] for k in row} for a in after] for row in rows), table
                    continue
                assert [{k: a[k] for k in rows[0]} for a in after] == rows, table
    finally:
        db.dispose()
    # The file was backed up, as it was, before its schema changed.
    saved = list((tmp_path / "backups").glob("tdkt-*-upgrade.zip"))
    assert len(saved) == 1
    with zipfile.ZipFile(saved[0]) as zf:
        zf.extract("tdkt.db", tmp_path / "old")
    assert sqlite_backup.schema_revision(tmp_path / "old" / "tdkt.db") == FIRST_RELEASE
    assert len(sqlite_backup.table_rows(tmp_path / "old" / "tdkt.db")["awards"]) == 1


def test_every_revision_on_the_way_upgrades_too(tmp_path):
    """Each intermediate schema (0002, 0003 ...) is also a file some office may hold."""
    for revision in sorted(migrate.known_revisions()):
        path = tmp_path / f"at-{revision}.db"
        engine = make_engine(path)
        migrate.upgrade(engine, revision)
        engine.dispose()
        db = open_database(path)
        assert migrate.current_revision(db.engine) == migrate.head_revision()
        db.dispose()


def test_a_file_from_a_newer_program_is_refused_and_untouched(tmp_path):
    path = tmp_path / "tdkt.db"
    open_database(path).dispose()
    engine = make_engine(path)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0099_future'")
    engine.dispose()
    sqlite_backup.integrity(path)  # a last connection closing folds the WAL into the file
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(DatabaseProblem) as err:
        open_database(path)
    assert "phiên bản TĐKT mới hơn" in err.value.message and "cập nhật chương trình" in err.value.message
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert not list(tmp_path.glob("backups/*.zip"))
