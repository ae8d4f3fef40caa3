"""The year's figures against a hand-counted office (report_office.py), and against the demo
office counted with independent plain SQL."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).parent))

from report_office import TODAY, build_report_office  # noqa: E402

from app.errors import UserError  # noqa: E402
from app.reports import bloc_standings, year_figures, year_series  # noqa: E402
from app.reports.awards import authority_level  # noqa: E402
from app.reports.export import write_report  # noqa: E402
from app.reports.tables import report_tables  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def office(db):
    return db, build_report_office(db)


def figures(db, year=2025, **kw):
    with db.session() as s:
        return year_figures(s, year, today=TODAY, **kw)


def counts(rows):
    return {r.code: (r.individual, r.collective, r.household) for r in rows if r.total}


def test_titles_and_forms_are_counted_apart_and_revoked_awards_left_out(office):
    db, _ = office
    f = figures(db)
    assert counts(f.titles) == {"LDTT": (2, 0, 0), "CSTDCS": (1, 0, 0), "TTLDXS": (0, 1, 0),
                                "TTLDTT": (0, 1, 0), "THON_VH": (0, 1, 0), "GDVH": (0, 0, 1)}
    assert counts(f.forms) == {"GK": (2, 1, 0), "BK_TINH": (1, 0, 0), "HCLD3": (1, 0, 0)}
    assert {r.category for r in f.titles} == {"title"}
    assert {r.category for r in f.forms} == {"form", "order"}
    t = f.totals
    assert (t.total, t.titles, t.forms, t.orders) == (12, 7, 5, 1)
    assert (t.individual, t.collective, t.household) == (7, 4, 1)
    assert t.money == 12_190_000
    assert t.revoked == 1
    assert [(r.code, r.total) for r in f.revoked] == [("LDTT", 1)]
    # Every active title of the catalogue is listed, zeros included (a statistical form does).
    assert "CSTD_TQ" in [r.code for r in f.titles]


def test_who_decided_and_how_many_people(office):
    """Decided here or above are shown apart; awards and people are counted apart (Lò Thị Mai's
    LĐTT and Giấy khen are two awards, one person)."""
    db, _ = office
    f = figures(db)
    assert [(d.code, d.label, d.total) for d in f.deciders] == [
        ("ours", "Do UBND huyện Tam Đường quyết định", 7), ("higher", "Do cấp trên quyết định", 3),
        ("successor", "Do Chủ tịch UBND cấp xã quyết định (kế thừa thẩm quyền cấp huyện từ 01/07/2025)", 2)]
    # (The commune chairman's Thôn văn hóa and Gia đình văn hóa of 2025, signed after 1/7/2025 when
    # the district's powers went to him, are the successor's, named apart from other bodies.)
    assert sum(d.total for d in f.deciders) == f.totals.total
    assert sum(d.money for d in f.deciders) == f.totals.money
    assert (f.totals.individual, f.totals.people) == (7, 4)
    women, direct = f.group("women"), f.group("direct_worker")
    assert (women.total, women.people) == (3, 2) and (direct.total, direct.people) == (3, 2)
    assert f.group("collective").people is None
    assert sum(k.total for k in f.kinds) == f.totals.total
    data = f.as_dict()
    assert data["totals"]["people"] == 4 and data["deciders"][1]["total"] == 3


def test_levels_of_the_deciding_authority(office):
    db, _ = office
    levels = {r.level: (r.titles, r.forms) for r in figures(db).levels}
    assert levels == {"nha_nuoc": (0, 1), "tinh": (1, 1), "huyen": (4, 3), "xa": (2, 0)}


@pytest.mark.parametrize("issuer, expected", [
    ("UBND huyện Tam Đường", "huyen"),
    ("Ủy ban nhân dân huyện Tam Đường", "huyen"),
    ("UBND huyện Phong Thổ, tỉnh Lai Châu", "huyen"),
    ("UBND thị xã Mường Lay", "huyen"),
    ("Chủ tịch UBND tỉnh Lai Châu", "tinh"),
    ("Giám đốc Sở Nội vụ tỉnh Lai Châu", "tinh"),
    ("Chủ tịch UBND xã Bản Bo", "xa"),
    ("UBND phường Tân Phong", "xa"),
    ("Bộ trưởng Bộ Nội vụ", "bo"),
    ("Thủ tướng Chính phủ", "chinh_phu"),
    ("Chủ tịch nước", "nha_nuoc"),
    ("Hiệu trưởng Trường THCS thị trấn Tam Đường", "co_quan"),
    ("Giám đốc Công ty Cổ phần Chè Tam Đường", "co_quan"),
    ("", "huyen"),
])
def test_authority_level_from_the_issuer(issuer, expected):
    assert authority_level(issuer, "co_so", {"uy ban nhan dan huyen tam duong"}, "huyen") == expected


def test_an_order_is_always_decided_by_the_president():
    assert authority_level("UBND huyện Tam Đường", "nha_nuoc", set(), "huyen") == "nha_nuoc"


def test_awards_by_unit_person_unit_and_merged_commune(office):
    db, ids = office
    rows = {r.unit_id: (r.titles, r.forms) for r in figures(db).units}
    assert rows == {ids["TT"]: (0, 1), ids["BB"]: (2, 1), ids["NV"]: (2, 3), ids["NT"]: (1, 0),
                    None: (2, 0)}
    order = [r.unit_id for r in figures(db).units]
    assert order == [ids["TT"], ids["BB"], ids["NV"], ids["NT"], None]  # office order, text last


def test_recipient_groups(office):
    db, _ = office
    f = figures(db)
    groups = {g.code: (g.titles, g.forms, g.base) for g in f.groups}
    assert groups == {
        "individual": (3, 4, 0), "direct_worker": (2, 1, 7), "women": (1, 2, 7),
        "ethnic_minority": (2, 1, 7), "leader": (1, 2, 7),
        "collective": (3, 1, 0), "grassroots": (2, 1, 4), "household": (1, 0, 0)}
    assert f.group("direct_worker").share == 42.86
    assert f.group("grassroots").share == 75.0


def test_dossiers_received_returned_decided_and_days_to_decision(office):
    db, _ = office
    d = figures(db).dossiers
    assert (d.received, d.returned, d.decided, d.forwarded, d.rejected, d.in_progress) == (6, 2, 2, 1, 0, 3)
    assert (d.nominees, d.nominees_approved) == (3, 2)
    assert d.average_days == 15.0  # 20 and 10 days
    assert d.by_status == {"received": 1, "returned": 1, "appraising": 1, "decided": 2, "forwarded": 1}


def test_movements_of_the_year_and_their_results(office):
    db, ids = office
    rows = {m.id: (m.units, m.dossiers, m.awards) for m in figures(db).movements}
    assert rows == {ids["m1"]: (2, 1, 1), ids["m3"]: (0, 0, 0)}  # m2 ended in 2023
    m1 = next(m for m in figures(db).movements if m.id == ids["m1"])
    assert m1.results == "Xóa 120 nhà tạm" and m1.period == "2025"


def test_submissions_on_time_late_missing_pending_per_unit(office):
    db, ids = office
    rows = {r.unit_id: (r.owed, r.on_time, r.late, r.missing, r.pending) for r in figures(db).submissions}
    assert rows == {
        ids["BB"]: (3, 2, 1, 0, 0),  # registration and year report on the deadline day are on time
        ids["TT"]: (3, 0, 1, 1, 1),  # a returned report does not count; own later deadline pending
        ids["NV"]: (1, 0, 0, 1, 0),  # excused from the mid-year report, not concerned by the year's
        ids["NT"]: (2, 1, 0, 1, 0),  # merged on 1/7: owes only what fell due before
    }


def test_unit_filter_includes_the_units_merged_into_it(office):
    db, ids = office
    f = figures(db, unit_id=ids["BB"])
    assert (f.totals.titles, f.totals.forms) == (3, 1)
    assert f.scope == "Đơn vị: UBND xã Bản Bo"
    assert {r.unit_id for r in f.submissions} == {ids["BB"], ids["NT"]}
    assert f.dossiers.received == 2


def test_bloc_and_movement_filters(office):
    db, ids = office
    f = figures(db, bloc_id=ids["bloc"])
    assert (f.totals.titles, f.totals.forms) == (2, 2)
    assert {r.unit_id for r in f.units} == {ids["BB"], ids["TT"]}
    m = figures(db, movement_id=ids["m1"])
    assert (m.totals.total, m.totals.forms) == (1, 1)
    assert [x.id for x in m.movements] == [ids["m1"]]
    assert m.dossiers.received == 1
    assert {r.unit_id for r in m.submissions} == {ids["BB"], ids["TT"]}  # units taking part


def test_range_of_years(office):
    db, _ = office
    f = figures(db, 2024, to_year=2025)
    assert f.totals.total == 13 and f.period == "giai đoạn 2024 – 2025"
    with db.session() as s:
        series = year_series(s, 2024, 2025)
    assert series.years == [2024, 2025]
    forms = {x.name: x.values for x in series.forms}
    assert forms == {"Giấy khen": [0, 3], "Bằng khen của Chủ tịch UBND tỉnh": [0, 1],
                     "Huân chương Lao động hạng Ba": [0, 1]}
    assert {x.name: x.values for x in series.titles}["Lao động tiên tiến"] == [1, 2]
    assert series.individuals == [1, 7] and series.direct_workers == [1, 3]
    assert series.direct_share == [100.0, 42.86]


def test_bad_years_and_filters_say_so_in_vietnamese(office):
    db, _ = office
    with db.session() as s:
        with pytest.raises(UserError, match="Năm không hợp lệ"):
            year_figures(s, 1900)
        with pytest.raises(UserError, match="Khoảng năm"):
            year_figures(s, 2025, to_year=2024)
        with pytest.raises(UserError, match="đơn vị số 999"):
            year_figures(s, 2025, unit_id=999)


def test_bloc_standings_sum_leaves_subtract_penalties_zero_is_a_score(office):
    db, ids = office
    with db.session() as s:
        st = bloc_standings(s, ids["bloc"])
    assert st.max_points == 100
    rows = [(r.unit_id, r.self_total, r.agreed_total, r.score, r.leading) for r in st.units]
    assert rows == [(ids["TT"], 90.0, None, 90.0, True), (ids["BB"], 78.0, 45.0, 45.0, False)]


def test_tables_and_excel_export_carry_the_same_figures(office, tmp_path):
    db, _ = office
    f = figures(db)
    tables = {t.key: t for t in report_tables(f)}
    assert tables["titles"].rows[-1][:5] == ["Cộng", 3, 3, 1, 7]
    assert tables["forms"].rows[-1][2:6] == [4, 1, 0, 5]
    assert "revoked" in tables
    with db.session() as s:
        path = write_report(s, f, tmp_path / "bao cao")
    assert path.suffix == ".xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:3] == ["Tổng hợp", "Danh hiệu thi đua", "Hình thức khen thưởng"]
    ws = book["Danh hiệu thi đua"]
    values = list(ws.iter_rows(values_only=True))
    # on one line when the header's half holds it, else broken before its level, never inside the place
    assert values[0][0] in ("ỦY BAN NHÂN DÂN HUYỆN TAM ĐƯỜNG", "ỦY BAN NHÂN DÂN\nHUYỆN TAM ĐƯỜNG")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in values[0]
    assert values[1][0] == "PHÒNG NỘI VỤ"
    assert any(r[0] == "BÁO CÁO SỐ LIỆU THI ĐUA, KHEN THƯỞNG NĂM 2025" for r in values)
    lines = {r[1]: r[2:7] for r in values if r[1]}
    assert lines["Lao động tiên tiến"] == (2, 0, 0, 2, 710_000)
    assert lines["Cộng"] == (3, 3, 1, 7, 710_000 + 2_340_000 + 3_510_000)


# --- the demo office, counted with plain SQL -------------------------------------------------

def _sql(db, query: str, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(query), params).all()


def test_demo_figures_match_independent_sql(demo_db):
    year = 2024
    with demo_db.session() as s:
        f = year_figures(s, year)
    by_category = dict(_sql(demo_db, """
        SELECT t.category, COUNT(*) FROM awards a JOIN award_types t ON t.id = a.award_type_id
        WHERE a.year = :y AND NOT a.revoked GROUP BY t.category""", y=year))
    assert f.totals.titles == by_category.get("title", 0)
    assert f.totals.forms == by_category.get("form", 0) + by_category.get("order", 0)
    assert f.totals.titles > 0 and f.totals.forms > 0
    per_type = dict(_sql(demo_db, """
        SELECT t.code, COUNT(*) FROM awards a JOIN award_types t ON t.id = a.award_type_id
        WHERE a.year = :y AND NOT a.revoked GROUP BY t.code""", y=year))
    assert {r.code: r.total for r in f.titles + f.forms if r.total} == per_type
    money = _sql(demo_db, "SELECT SUM(money) FROM awards WHERE year = :y AND NOT revoked", y=year)[0][0]
    assert f.totals.money == int(money or 0)
    revoked = _sql(demo_db, "SELECT COUNT(*) FROM awards WHERE year = :y AND revoked", y=year)[0][0]
    assert f.totals.revoked == revoked
    direct, women, minority = _sql(demo_db, """
        SELECT SUM(p.is_direct_worker), SUM(p.gender = 'F'),
               SUM(p.ethnicity IS NOT NULL AND p.ethnicity NOT IN ('kinh', 'nuoc_ngoai'))
        FROM awards a JOIN people p ON p.id = a.person_id
        WHERE a.year = :y AND NOT a.revoked AND a.subject = 'individual'""", y=year)[0]
    assert f.group("direct_worker").total == direct > 0
    assert f.group("women").total == women
    assert f.group("ethnic_minority").total == minority
    assert sum(u.total for u in f.units) == f.totals.total
    assert sum(level.total for level in f.levels) == f.totals.total


def test_demo_dossiers_match_independent_sql(demo_db):
    with demo_db.session() as s:
        d = year_figures(s, 2025).dossiers
    statuses = dict(_sql(demo_db, "SELECT status, COUNT(*) FROM dossiers WHERE year = 2025 GROUP BY status"))
    assert d.received == sum(statuses.values()) > 0
    assert d.decided == statuses.get("decided", 0)
    returned = _sql(demo_db, """SELECT COUNT(DISTINCT e.dossier_id) FROM dossier_events e
        JOIN dossiers d ON d.id = e.dossier_id WHERE d.year = 2025 AND e.to_status = 'returned'""")[0][0]
    assert d.returned == returned
    # Receipt to the decision's signing date (the step's own day only when no line says).
    days = _sql(demo_db, """SELECT AVG(j) FROM (SELECT MAX(0, julianday(COALESCE(
            (SELECT MIN(a.decision_date) FROM awards a JOIN nominees n ON n.id = a.nominee_id
             WHERE n.dossier_id = d.id), date(MIN(e.at)))) - julianday(d.received_on)) AS j
        FROM dossiers d JOIN dossier_events e ON e.dossier_id = d.id
        WHERE d.year = 2025 AND d.status = 'decided' AND e.to_status = 'decided' GROUP BY d.id)""")[0][0]
    assert d.average_days == pytest.approx(days, abs=0.05)


def test_report_command_prints_text_and_json(demo_path, tmp_path):
    env_run = [sys.executable, "-m", "app", "report", "--year", "2024", "--db", str(demo_path)]
    done = subprocess.run(env_run, capture_output=True, text=True, cwd=ROOT, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    assert "SỐ LIỆU THI ĐUA, KHEN THƯỞNG NĂM 2024" in done.stdout
    assert "DANH HIỆU THI ĐUA" in done.stdout and "HÌNH THỨC KHEN THƯỞNG" in done.stdout
    out = tmp_path / "r.xlsx"
    done = subprocess.run(env_run + ["--json", "-o", str(out)], capture_output=True, text=True,
                          cwd=ROOT, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["first_year"] == 2024 and data["period"] == "năm 2024"
    assert data["totals"]["total"] == data["totals"]["titles"] + data["totals"]["forms"]
    assert sum(r["total"] for r in data["titles"]) == data["totals"]["titles"]
    assert {"direct_worker", "women", "ethnic_minority", "grassroots"} <= {g["code"] for g in data["groups"]}
    assert out.exists()


def test_report_command_errors(tmp_path, demo_path):
    missing = subprocess.run([sys.executable, "-m", "app", "report", "--year", "2025", "--db",
                              str(tmp_path / "none.db")], capture_output=True, text=True, cwd=ROOT,
                             encoding="utf-8")
    assert missing.returncode == 2 and "Không tìm thấy tệp dữ liệu" in missing.stderr
    bad = subprocess.run([sys.executable, "-m", "app", "report", "--year", "3000", "--db",
                          str(demo_path)], capture_output=True, text=True, cwd=ROOT, encoding="utf-8")
    assert bad.returncode == 1 and "Năm không hợp lệ" in bad.stderr


def test_an_empty_table_has_no_total_line(office):
    db, _ = office
    tables = {t.key: t for t in report_tables(figures(db, 2024))}
    assert tables["submissions"].rows == []  # nothing was owed in 2024
    assert tables["levels"].rows[-1][0] == "Cộng" and len(tables["levels"].rows[-1]) == 5


def test_figures_take_the_same_few_queries_whatever_the_size(office, demo_db):
    from sqlalchemy import event

    def count(database) -> int:
        n = [0]

        def seen(*_args):
            n[0] += 1

        event.listen(database.engine, "before_cursor_execute", seen)
        try:
            with database.session() as s:
                year_figures(s, 2025, today=TODAY)
        finally:
            event.remove(database.engine, "before_cursor_execute", seen)
        return n[0]

    small, demo = count(office[0]), count(demo_db)
    assert small == demo <= 30  # GROUP BY queries, none per row


def test_excel_keeps_the_average_days_and_fits_the_motto(office, tmp_path):
    db, _ = office
    with db.session() as s:
        path = write_report(s, figures(db), tmp_path / "r.xlsx")
    ws = openpyxl.load_workbook(path)["Tổng hợp"]
    days = next(r for r in ws.iter_rows() if r[1].value == "Số ngày trung bình từ tiếp nhận đến quyết định")
    assert days[2].value == 15.0 and days[2].number_format == "#,##0.0#"
    motto = next(r for r in ws.merged_cells.ranges if r.min_row == 1 and r.min_col > 1)
    width = sum(ws.column_dimensions[chr(64 + c)].width for c in range(motto.min_col, motto.max_col + 1))
    # the motto in bold 12 pt holds on one line over those columns (Times New Roman 12 units)
    from app.excel.formkit import count_lines
    from app.excel.sheetkit import MOTTO

    assert count_lines(MOTTO, width, bold=True) == 1
