"""The command line of an office set up from nothing: `tdkt office`, `tdkt unit …`, and the
options every command shares (`--db` with one default, dossiers by number, blocs by name)."""

from __future__ import annotations

import json

import pytest

from app.cli import main


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_an_office_and_its_units_from_an_empty_file(tmp_path, capsys):
    db = tmp_path / "xa.db"
    code, out, _ = run(capsys, "--db", db, "office", "--name", "Văn phòng HĐND và UBND", "--authority",
                       "Ủy ban nhân dân xã Bản Bo", "--level", "cấp xã", "--place", "Bản Bo")
    assert code == 0 and "Cấp: Cấp xã" in out
    assert run(capsys, "unit", "add", "Thôn Nà Bó", "--head", "Lò Văn Sơn", "--members", 120, "--year", 2026,
               "--db", db)[0] == 0
    assert run(capsys, "unit", "add", "Trạm Y tế xã Bản Bo", "--db", db)[0] == 0
    code, _, err = run(capsys, "unit", "add", "Nhà văn hóa", "--db", db)
    assert code == 1 and "--kind" in err
    assert run(capsys, "unit", "add", "Nhà văn hóa", "--kind", "khác", "--db", db)[0] == 0
    code, _, err = run(capsys, "unit", "add", "thôn nà bó", "--db", db)
    assert code == 1 and "Đã có đơn vị «Thôn Nà Bó»" in err
    assert run(capsys, "unit", "edit", "thon na bo", "--members", 125, "--address", "Nà Bó", "--db", db)[0] == 0
    code, out, _ = run(capsys, "unit", "list", "--json", "--db", db)
    units = {u["name"]: u for u in json.loads(out)}
    assert units["Thôn Nà Bó"]["kind"] == "village" and units["Thôn Nà Bó"]["members"] == 125
    assert units["Trạm Y tế xã Bản Bo"]["kind"] == "health"
    code, out, _ = run(capsys, "unit", "retire", "nha van hoa", "--on", "01/03/2026", "--db", db)
    assert code == 0 and "ngừng hoạt động từ 01/03/2026" in out
    code, out, _ = run(capsys, "unit", "list", "--db", db)
    assert "Nhà văn hóa" not in out and "Tổng: 2 đơn vị" in out


def test_unit_import_from_the_command_line(tmp_path, capsys):
    db = tmp_path / "xa.db"
    template = tmp_path / "mau.xlsx"
    assert run(capsys, "unit", "template", "-o", template, "--db", db)[0] == 0
    from openpyxl import load_workbook

    book = load_workbook(template)
    ws = book["Danh sách đơn vị"]
    ws.append([1, "Bản Hon", "", "", "Tao Văn Lả", 320])
    ws.append([2, "Bản Lầm", "", "", "", "ba trăm"])
    book.save(template)
    code, out, _ = run(capsys, "unit", "import", template, "--db", db, "--json")
    data = json.loads(out)
    assert code == 1 and data["blocked"] and not data["committed"]
    assert data["problems"][0]["cell"] == "Danh sách đơn vị!F7"
    ws.cell(row=7, column=6, value=300)
    book.save(template)
    code, out, _ = run(capsys, "unit", "import", template, "--db", db)
    assert code == 0 and "thêm 2 đơn vị" in out


def test_check_and_print_default_to_the_users_data_file(tmp_path, capsys, monkeypatch, demo_template):
    import shutil

    from app import config

    home = tmp_path / "home"
    monkeypatch.setenv("TDKT_DATA_DIR", str(home))
    code, _, err = run(capsys, "check")
    assert code == 2 and "Chưa có tệp dữ liệu" in err or "Không tìm thấy" in err
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(demo_template, config.default_db_path())
    code, out, _ = run(capsys, "check")
    assert code == 0 and "TỐT" in out
    pdf = tmp_path / "qd.pdf"
    code, out, err = run(capsys, "print", "appraisal", "--id", "HS-2025-0001", "-o", pdf)
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.fixture
def demo_file(demo_path):
    return demo_path


def test_dossiers_by_number_and_blocs_by_name(demo_file, capsys, tmp_path):
    from app.database import open_database
    from db.models import Bloc, Dossier

    db = open_database(demo_file)
    with db.session() as s:
        dossier = s.query(Dossier).filter(Dossier.number == "HS-2025-0001").one()
        bloc = s.query(Bloc).filter(Bloc.year == 2025).order_by(Bloc.id).first()
        dossier_id, bloc_name, bloc_id = dossier.id, bloc.name, bloc.id
    db.dispose()
    # The number as every screen shows it, sloppily typed, and the internal number, both work.
    for ref in ("HS-2025-0001", "hs-2025-1", str(dossier_id)):
        code, out, err = run(capsys, "print", "appraisal", "--id", ref, "-o", tmp_path / "a.pdf", "--db", demo_file)
        assert code == 0, err
    code, _, err = run(capsys, "print", "appraisal", "--id", "HS-2025-9999", "-o", tmp_path / "b.pdf",
                       "--db", demo_file)
    assert code == 1 and "HS-2025-9999" in err
    code, out, _ = run(capsys, "dossier", "show", "hs-2025-1", "--db", demo_file, "--json")
    assert code == 0 and json.loads(out)["number"] == "HS-2025-0001"
    # A bloc by its name without accents, or its number, in ranking, report and template.
    from app.text import fold

    by_name = json.loads(run(capsys, "ranking", "--bloc", fold(bloc_name), "--year", 2025, "--db", demo_file,
                             "--json")[1])
    by_id = json.loads(run(capsys, "ranking", "--bloc", bloc_id, "--db", demo_file, "--json")[1])
    assert by_name == by_id
    code, out, _ = run(capsys, "report", "--year", 2025, "--bloc", bloc_name, "--db", demo_file, "--json")
    assert code == 0 and bloc_name in json.loads(out)["scope"]
    code, out, _ = run(capsys, "template", "registration", "--year", 2025, "--bloc", bloc_id, "-o",
                       tmp_path / "mau", "--db", demo_file)
    assert code == 0, out
    code, _, err = run(capsys, "ranking", "--bloc", "khối không có", "--db", demo_file)
    assert code == 1 and "Không có khối thi đua" in err


def test_the_demos_merger_map_is_not_offered_to_another_office(tmp_path, capsys):
    db = tmp_path / "xa.db"
    assert run(capsys, "unit", "add", "Thôn Nà Bó", "--db", db)[0] == 0
    code, _, err = run(capsys, "merge-unit", "--map", "--dry-run", "--db", db)
    assert code == 1 and "dữ liệu mẫu" in err


def test_leaders_are_counted_from_their_position_or_as_marked(tmp_path, capsys):
    """Hiệu trưởng and Trưởng trạm are «cán bộ lãnh đạo, quản lý» in the year's figures; a village
    head is not; `--leader`/`--no-leader` says otherwise when the position does not tell."""
    import json

    from app.cli import main

    def run(*args):
        code = main([str(a) for a in args] + ["--db", str(tmp_path / "x.db")])
        out, err = capsys.readouterr()
        assert code == 0, err
        return out

    run("office", "--name", "Phòng Văn hóa - Xã hội", "--authority", "Ủy ban nhân dân xã Bình Lư", "--level", "xa",
        "--place", "Bình Lư")
    run("unit", "add", "Trường THCS Bình Lư")
    for name, position, extra in (("Nguyễn Văn Hải", "Hiệu trưởng", []), ("Lò Văn Sơn", "Trưởng bản", []),
                                  ("Tao Thị Hoa", "Giáo viên", ["--leader"])):
        run("person", "add", name, "--unit", "THCS Binh Lu", "--position", position, *extra)
    people = {p["name"]: p for p in json.loads(run("person", "list", "--json"))}
    from app.database import open_database
    from app.person_records import get_person

    db = open_database(tmp_path / "x.db")
    with db.session() as s:
        leaders = {n for n, p in people.items() if get_person(s, p["id"]).is_leader}
    db.dispose()
    assert leaders == {"Nguyễn Văn Hải", "Tao Thị Hoa"}


def test_people_are_edited_by_name_and_a_namesake_is_pointed_out(tmp_path, capsys):
    from app.cli import main

    def run(*args, code=0):
        got = main([str(a) for a in args] + ["--db", str(tmp_path / "x.db")])
        out, err = capsys.readouterr()
        assert got == code, err
        return out + err

    run("office", "--name", "Phòng Văn hóa - Xã hội", "--authority", "Ủy ban nhân dân xã Bình Lư", "--level", "xa",
        "--place", "Bình Lư")
    run("unit", "add", "Bản Hon")
    run("unit", "add", "Thôn Nà Bó")
    assert "Lưu ý" not in run("person", "add", "Tao Thị Hoa", "--unit", "Bản Hon", "--birth-year", 1988)
    assert "Đã sửa" in run("person", "edit", "tao thi hoa", "--position", "Kế toán")
    out = run("person", "add", "Tao Thị Hoa", "--unit", "Thôn Nà Bó", "--birth-year", 1988)
    assert "Lưu ý: đã có người trùng tên mã" in out and "1988, Bản Hon" in out
    out = run("person", "edit", "Tao Thị Hoa", "--position", "Thủ quỹ", code=1)
    assert "Có 2 người tên «Tao Thị Hoa»" in out and "Hãy nêu mã" in out
