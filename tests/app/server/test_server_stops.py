"""The server stops in the middle of the work (shut down, restarted, the machine turned off):
the clerk reads one Vietnamese line saying what happened and what to do (the command line too,
never a traceback with SQL and nominees' names), and nothing is half written: when the server
is back, the import or the decision is wholly absent and can simply be done again.

These tests stop a server, so they run on one of their own (dev.py's PgCluster), not on the
test run's shared one. PostgreSQL only.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool

from app.database import open_database
from app.failures import DatabaseFailure
from db import errors as kinds
from db.models import (
    AuditEntry,
    Award,
    Decision,
    Dossier,
    DossierEvent,
    Nominee,
    Person,
    Submission,
)
from tests.app.server.test_office_concurrency import add_units, unit_list

pytestmark = pytest.mark.pg_only
COUNTED = (Submission, Dossier, Nominee, Person, DossierEvent, Decision, Award, AuditEntry)


@pytest.fixture(scope="module")
def cluster():
    import dev

    own = dev.PgCluster()
    url, why = own.start()
    if url is None:
        own.remove()
        pytest.fail(f"no server of its own for this test: {why}")
    yield own
    own.remove()


@pytest.fixture
def server_db(cluster, request):
    """A fresh database on the test's own server, opened as the program does."""
    admin = create_engine(cluster.url.replace("postgresql://", "postgresql+psycopg://"),
                          isolation_level="AUTOCOMMIT", poolclass=NullPool)
    name = f"tdkt_stop_{request.node.name[:30].lower()}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    db = open_database(cluster.url.rsplit("/", 1)[0] + f"/{name}")
    yield db
    db.dispose()
    assert cluster.start()[0] is not None  # running again (a test that failed midway may not have)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


class stop_server_at:
    """Stop the server (fast shutdown, as at a restart) when the program first sends a
    statement that starts with `prefix`; start it again on leaving."""

    def __init__(self, cluster, prefix: str):
        self.cluster, self.prefix, self.stopped = cluster, prefix, False

    def _note(self, _conn, _cursor, statement, *_args) -> None:
        if not self.stopped and statement.lstrip().startswith(self.prefix):
            self.stopped = True
            self.cluster.stop("fast")

    def __enter__(self):
        event.listen(Engine, "before_cursor_execute", self._note)
        return self

    def __exit__(self, *_exc) -> None:
        event.remove(Engine, "before_cursor_execute", self._note)
        if self.stopped:
            url, why = self.cluster.start()
            assert url is not None, why


def counts(db) -> dict[str, int]:
    with db.session() as s:
        return {t.__tablename__: s.scalar(select(func.count()).select_from(t)) for t in COUNTED}


def test_the_server_stopped_mid_import_gives_the_line_and_nothing_partial(cluster, server_db, tmp_path):
    from app.imports import commit_import, read_file

    add_units(server_db)
    with server_db.session() as s:
        preview = read_file(s, unit_list(tmp_path, 0))
    before = counts(server_db)
    with stop_server_at(cluster, "INSERT INTO nominees") as stop, pytest.raises(DatabaseFailure) as caught:
        commit_import(server_db, preview)
    assert stop.stopped and caught.value.kind == kinds.UNREACHABLE
    assert caught.value.message.startswith("Mất kết nối tới máy chủ dữ liệu postgresql://tdkt@127.0.0.1:")
    assert "việc vừa làm chưa được ghi" in caught.value.message and "INSERT" not in caught.value.message
    assert counts(server_db) == before  # the server is back: no submission, dossier, nominee, person
    result = commit_import(server_db, preview)  # and the import simply runs again
    assert result.committed and result.dossier_number == "HS-2025-0001"


def test_the_server_stopped_mid_decision_gives_the_line_and_nothing_partial(cluster, server_db):
    from app.decisions import DecisionInput, issue_decision
    from app.dossiers import DossierInput, move_dossier, receive_dossier
    from app.nominees import NomineeInput, add_nominee, appraise
    from app.office import OfficeProfileData, save_profile

    (unit_id,) = add_units(server_db, 1)
    with server_db.session() as s:
        save_profile(s, OfficeProfileData(office_name="Phòng Nội vụ", authority_name="UBND huyện Tam Đường",
                                          place_name="Tam Đường", signer_name="Sùng Lử Páo"))
        d = receive_dossier(s, DossierInput(unit_id=unit_id, received_on=dt.date(2025, 11, 20)))
        for name in ("Lò Văn Sinh", "Tòng Thị Phóng"):
            appraise(s, add_nominee(s, d.id, NomineeInput(name=name, award="Giấy khen",
                                                           achievement="Hoàn thành xuất sắc")).id, "approved")
        move_dossier(s, d.id, "appraised")
        dossier_id = d.id
    before = counts(server_db)
    data = DecisionInput(number="15/QĐ-UBND", issued_on=dt.date(2025, 12, 10))
    with stop_server_at(cluster, "INSERT INTO awards") as stop, pytest.raises(DatabaseFailure) as caught:
        with server_db.session() as s:
            issue_decision(s, [dossier_id], data)
    assert stop.stopped and caught.value.kind == kinds.UNREACHABLE
    assert "Mất kết nối tới máy chủ dữ liệu" in caught.value.message
    assert counts(server_db) == before
    with server_db.session() as s:
        assert s.get(Dossier, dossier_id).status == "appraised"  # not decided, no award, no decision
        issue_decision(s, [dossier_id], data)  # done again once the server is back
    with server_db.session() as s:
        assert s.get(Dossier, dossier_id).status == "decided"
        assert s.scalar(select(func.count()).select_from(Award)) == 2


def test_the_command_line_says_it_in_one_line_when_the_server_stops_mid_import(
        cluster, server_db, tmp_path, capsys):
    from app.cli import main

    add_units(server_db)
    path = unit_list(tmp_path, 1)
    url = server_db.engine.url.render_as_string(hide_password=False).replace("+psycopg", "")
    before = counts(server_db)
    with stop_server_at(cluster, "INSERT INTO nominees") as stop:
        code = main(["import", str(path), "--db", url])
    err = capsys.readouterr().err
    assert stop.stopped and code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Mất kết nối tới máy chủ dữ liệu"), err
    assert "Traceback" not in err and "INSERT" not in err and "Lò Văn" not in err
    assert counts(server_db) == before
