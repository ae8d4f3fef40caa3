"""The units' year-end rating lists (kind `ratings`): our template out, filled in, read back into
the people's records — ratings with who rated, a discipline with its date, an initiative with
(or without) its recognising decision — all or nothing, with the cell of every problem."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook
from sqlalchemy import func, select

from app.excel.templates import write_template
from app.imports import commit_import, read_file
from app.text import fold, match_key
from db.models import Discipline, Initiative, Person, PersonRating, Unit
from tests.app.excel import history_books as books


def _office(s):
    unit = Unit(code="XA_BAN_BO", name="UBND xã Bản Bo", kind="xa", search_key=fold("UBND xã Bản Bo"))
    s.add(unit)
    s.flush()
    for name, year, position in [("Nguyễn Văn Đức", 1984, "Chủ tịch UBND xã"),
                                 ("Lò Thị Én", 1990, "Công chức Tư pháp - Hộ tịch"),
                                 ("Vàng A Dình", 1984, "Trưởng bản Nà Tăm")]:
        s.add(Person(full_name=name, match_key=match_key(name), birth_year=year, position=position,
                     unit_id=unit.id, is_direct_worker=name == "Vàng A Dình"))
    s.flush()
    return unit


def test_the_template_lists_the_units_people_and_reads_back_into_their_records(db, tmp_path):
    with db.session() as s:
        unit = _office(s)
        path = write_template(s, "ratings", 2025, unit.id, tmp_path)
    assert path.name == "DanhGiaXepLoai_2025_UbndXaBanBo.xlsx"
    book = load_workbook(path)
    ws = book["Xếp loại"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[1] == "Họ và tên")
    first = header + 2  # under the column numbers
    # sorted as Vietnamese lists are: by given name (Dình, Đức, Én)
    assert [rows[first + n][1] for n in range(3)] == ["Vàng A Dình", "Nguyễn Văn Đức", "Lò Thị Én"]
    assert rows[first][6] == "x"  # the direct worker, marked already
    fill = {"Lò Thị Én": ("Hoàn thành xuất sắc nhiệm vụ", "Chủ tịch UBND xã", None, None,
                          "Sổ hộ tịch điện tử", "12/QĐ-HĐSK", "Cấp cơ sở"),
            "Nguyễn Văn Đức": ("Hoàn thành tốt nhiệm vụ", "Bí thư Đảng ủy xã", "Cảnh cáo", "10/04/2025",
                               None, None, None),
            "Vàng A Dình": ("Hoàn thành tốt nhiệm vụ", "Hội đồng TĐKT xã", None, None,
                            "Mô hình nuôi cá lồng", None, None)}
    for n in range(3):
        r = first + n + 1
        values = fill[ws.cell(r, 2).value]
        for c, value in zip((5, 6, 8, 9, 10, 11, 12), values, strict=True):
            ws.cell(r, c, value)
    book.save(path)
    with db.session() as s:
        preview = read_file(s, path)
    assert (preview.kind, preview.year, preview.errors) == ("ratings", 2025, [])
    result = commit_import(db, preview)
    # True counts, kind by kind (t16: it said "3 kỷ luật" for one): 1 discipline, 2 initiatives.
    assert result.committed and result.message.endswith(
        "3 xếp loại mới, 0 xếp loại được sửa; 1 kỷ luật được ghi; 2 sáng kiến được ghi hoặc bổ sung, "
        "trong đó 1 có quyết định công nhận.")
    with db.session() as s:
        people = {p.full_name: p.id for p in s.scalars(select(Person))}
        assert len(people) == 3  # matched, none created
        ratings = {(r.person_id, r.year): (r.rating, r.rated_by) for r in s.scalars(select(PersonRating))}
        assert ratings[(people["Lò Thị Én"], 2025)] == ("HTXSNV", "Chủ tịch UBND xã")
        assert ratings[(people["Vàng A Dình"], 2025)] == ("HTTNV", "Hội đồng TĐKT xã")
        d = s.scalar(select(Discipline))
        assert (d.person_id, d.level, d.decided_on) == (people["Nguyễn Văn Đức"], "canh_cao", dt.date(2025, 4, 10))
        inits = {i.title: i.decision_number for i in s.scalars(select(Initiative))}
        assert inits == {"Sổ hộ tịch điện tử": "12/QĐ-HĐSK", "Mô hình nuôi cá lồng": ""}  # the second: declared


def test_a_discipline_without_its_date_writes_nothing_and_names_the_cell(db, tmp_path):
    with db.session() as s:
        _office(s)
    rows = [["UBND XÃ BẢN BO"], ["DANH SÁCH ĐÁNH GIÁ, XẾP LOẠI CÔNG CHỨC NĂM 2025"], [],
            ["STT", "Họ và tên", "Năm sinh", "Xếp loại", "Hình thức kỷ luật", "Ngày kỷ luật"],
            [1, "Lò Thị Én", 1990, "HTXSNV", None, None],
            [2, "Nguyễn Văn Đức", 1984, "HTTNV", "Khiển trách", None]]
    path = books.write(tmp_path / "xep-loai.xlsx", [("Xep loai", rows, ())])
    with db.session() as s:
        preview = read_file(s, path)
    assert preview.kind == "ratings"
    assert [(p.code, p.cell) for p in preview.errors] == [("discipline_date_missing", "F6")]
    with db.session() as s:
        before = s.scalar(select(func.count()).select_from(PersonRating))
    try:
        commit_import(db, preview)
    except Exception:  # noqa: BLE001 - the refusal is the point; its type is tested elsewhere
        pass
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(PersonRating)) == before == 0


def test_a_discipline_date_that_is_no_real_day_says_so(db, tmp_path):
    with db.session() as s:
        _office(s)
    rows = [["UBND XÃ BẢN BO"], ["DANH SÁCH ĐÁNH GIÁ, XẾP LOẠI CÔNG CHỨC NĂM 2025"], [],
            ["STT", "Họ và tên", "Năm sinh", "Xếp loại", "Hình thức kỷ luật", "Ngày kỷ luật"],
            [1, "Nguyễn Văn Đức", 1984, "HTTNV", "Khiển trách", "31/02/2026"]]
    path = books.write(tmp_path / "xep-loai.xlsx", [("Xep loai", rows, ())])
    with db.session() as s:
        preview = read_file(s, path)
    assert [(p.code, p.cell) for p in preview.errors] == [("discipline_date_missing", "F5")]
    assert "“31/02/2026” không phải ngày có thật" in preview.errors[0].message
