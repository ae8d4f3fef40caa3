"""The templates a unit fills, signs and sends back, opened as the unit opens them: the
criteria in the order of their tree whatever the order they were typed or moved in, only the
cells to fill editable, drop-downs down to the last usable row that refuse other values, the
titles a unit registers for, the birth year asked wherever people are matched, known data
pre-filled, the unit's signature block; and each filled with five rows of typical data (and
re-saved by LibreOffice where it is installed) reads back with no error."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.bloc_criteria import add_criterion, move_criterion
from app.excel.formkit import READABLE_SCALE, count_lines, line_height, print_scale
from app.excel.templates import COLUMNS, SHEETS, write_template
from app.imports import commit_import, read_file
from app.text import fold, match_key
from db.models import (
    AwardType,
    Bloc,
    BlocMember,
    BlocScore,
    OfficeProfile,
    Person,
    Registration,
    Submission,
    Unit,
)
from tests.app.excel.office_suite import SOFFICE, resave


@pytest.fixture
def office(db):
    """Tam Đường's office, xã Bản Bo in the communes' bloc of 2025 (criteria typed out of order
    and moved), and two people Bản Bo registered for 2025."""
    with db.session() as s:
        s.add(OfficeProfile(id=1, office_name="Phòng Nội vụ", authority_name="Ủy ban nhân dân huyện Tam Đường",
                            level="huyen", authority_short="UBND", place_name="Tam Đường"))
        unit = Unit(code="XA_BAN_BO", name="UBND xã Bản Bo", short_name="Xã Bản Bo", kind="commune",
                    search_key=fold("UBND xã Bản Bo"))
        s.add(unit)
        s.flush()
        bloc = Bloc(year=2025, name="Khối các xã, thị trấn")
        s.add(bloc)
        s.flush()
        s.add(BlocMember(bloc_id=bloc.id, unit_id=unit.id))
        g1 = add_criterion(s, bloc.id, "Thực hiện nhiệm vụ phát triển kinh tế – xã hội", 0, code="I")
        c11 = add_criterion(s, bloc.id, "Thu ngân sách nhà nước trên địa bàn", 10, code="1.1", parent_id=g1)
        g2 = add_criterion(s, bloc.id, "Xây dựng chính quyền, quốc phòng – an ninh", 0, code="II")
        add_criterion(s, bloc.id, "Cải cách hành chính, chuyển đổi số", 15, code="2.1", parent_id=g2)
        add_criterion(s, bloc.id, "Kết quả thực hiện các chỉ tiêu kinh tế được HĐND giao", 20, code="1.2",
                      parent_id=g1)
        g3 = add_criterion(s, bloc.id, "Điểm trừ", 0, code="III", kind="penalty")
        add_criterion(s, bloc.id, "Chậm gửi báo cáo, hồ sơ", 5, code="3.1", kind="penalty", parent_id=g3)
        add_criterion(s, bloc.id, "Quốc phòng, an ninh, trật tự an toàn xã hội", 10, code="2.2", parent_id=g2)
        # typed last, belongs first: a 1.5 added after group III; then 1.1 moved below 1.2
        add_criterion(s, bloc.id, "Giáo dục, y tế, văn hóa – xã hội", 15, code="1.3", parent_id=g1)
        move_criterion(s, c11, +1)
        people = [Person(full_name="Lường Thị Dung", match_key=match_key("Lường Thị Dung"), gender="F",
                         birth_year=1968, ethnicity="thai", position="Chủ tịch UBND xã", unit_id=unit.id),
                  Person(full_name="Lò Văn Ngọc", match_key=match_key("Lò Văn Ngọc"), gender="M",
                         birth_year=1979, ethnicity="lu", position="Phó Chủ tịch UBND xã", unit_id=unit.id,
                         is_direct_worker=False)]
        s.add_all(people)
        s.flush()
        s.add_all([Registration(unit_id=unit.id, year=2025, subject="individual", person_id=people[0].id,
                                name=people[0].full_name, award_code="CSTDCS"),
                   Registration(unit_id=unit.id, year=2025, subject="individual", person_id=people[1].id,
                                name=people[1].full_name, award_code="LDTT"),
                   Registration(unit_id=unit.id, year=2025, subject="collective", name="UBND xã Bản Bo",
                                award_code="TTLDTT")])
        return unit.id


def _write(db, kind, year, unit_id, folder):
    with db.session() as s:
        return write_template(s, kind, year, unit_id, folder)


def _table(ws):
    """(header row, first data row) of the template's table."""
    header = next(r[0].row for r in ws.iter_rows() if r[0].value == "STT")
    return header, header + 2


def _meta(book) -> dict[str, str]:
    return {r[0].value: r[1].value for r in book["_meta"].iter_rows()}


def test_the_self_scoring_sheet_follows_the_criteria_tree(db, office, tmp_path):
    path = _write(db, "bloc_scores", 2025, office, tmp_path)
    ws = load_workbook(path)["Tự chấm điểm"]
    _, first = _table(ws)
    codes = []
    r = first
    while ws.cell(r, 2).value:
        codes.append(ws.cell(r, 1).value or ws.cell(r, 2).value)
        r += 1
    assert codes == ["I", "1.2", "1.1", "1.3", "II", "2.1", "2.2", "III", "3.1", "Tổng cộng"]
    rows = {code: first + i for i, code in enumerate(codes)}
    # groups add their own criteria, the penalty group is taken off the total
    assert ws.cell(rows["I"], 4).value == f"=D{rows['1.2']}+D{rows['1.1']}+D{rows['1.3']}"
    assert ws.cell(rows["III"], 4).value == f"=D{rows['3.1']}"
    assert ws.cell(rows["Tổng cộng"], 4).value == f"=D{rows['I']}+D{rows['II']}-D{rows['III']}"
    assert ws.cell(rows["Tổng cộng"], 3).value == 70  # 45 + 25, penalties aside
    assert ws.cell(rows["I"], 3).value == 45 and ws.cell(rows["I"], 2).font.b
    # only the criteria's score and explanation can be typed; a group's score cannot
    assert not ws.cell(rows["1.1"], 4).protection.locked and not ws.cell(rows["1.1"], 5).protection.locked
    assert ws.cell(rows["I"], 4).protection.locked and ws.cell(rows["1.1"], 3).protection.locked
    # each score from 0 to its own row's maximum, and nothing else
    (dv,) = [d for d in ws.data_validations.dataValidation if d.type == "decimal"]
    assert str(dv.sqref) == f"D{first}:D{rows['Tổng cộng'] - 1}"
    assert (dv.formula1, dv.formula2) == ("0", f"$C{first}") and dv.showErrorMessage and dv.errorStyle == "stop"
    assert "điểm chuẩn" in dv.error


def test_a_new_criterion_lands_in_its_group_on_the_next_template(db, office, tmp_path):
    with db.session() as s:
        bloc = s.scalar(select(Bloc))
        g1 = next(c.id for c in bloc.criteria if c.code == "I")
        add_criterion(s, bloc.id, "Xây dựng nông thôn mới, giảm nghèo bền vững", 10, code="1.5", parent_id=g1)
    ws = load_workbook(_write(db, "bloc_scores", 2025, office, tmp_path))["Tự chấm điểm"]
    _, first = _table(ws)
    codes = [ws.cell(r, 1).value for r in range(first, first + 6)]
    assert codes == ["I", "1.2", "1.1", "1.3", "1.5", "II"]


@pytest.mark.parametrize("kind", list(COLUMNS))
def test_only_the_cells_to_fill_can_be_typed_in(db, office, tmp_path, kind):
    book = load_workbook(_write(db, kind, 2025, office, tmp_path))
    assert book.sheetnames[0] == SHEETS[kind] and any(ord(ch) > 127 for ch in SHEETS[kind])
    ws = book[SHEETS[kind]]
    assert ws.protection.sheet and not ws.protection.password  # no password to ask for
    assert ws.protection.insertRows is False and ws.protection.formatRows is False  # allowed
    assert book.security.lockStructure
    assert book["_meta"].sheet_state == "veryHidden" and book["_lists"].sheet_state == "veryHidden"
    header, first = _table(ws)
    assert all(ws.cell(r, c).protection.locked for r in range(1, first) for c in range(1, len(COLUMNS[kind]) + 1))
    meta = _meta(book)
    last = int(meta["last_row"])
    fill = [c for c, spec in enumerate(COLUMNS[kind], start=1) if spec.fill]
    if kind in ("award_proposal", "registration"):
        assert all(not ws.cell(r, c).protection.locked for r in (first, last) for c in fill)
        assert ws.cell(last + 1, 2).protection.locked  # below the table
    texts = [c.value for row in ws.iter_rows(min_row=last + 1) for c in row if isinstance(c.value, str)]
    assert "NGƯỜI LẬP BIỂU" in texts and "THỦ TRƯỞNG ĐƠN VỊ" in texts
    assert any("ngày" in t and "tháng" in t for t in texts)  # the place-and-date line
    date_cell = next(c for row in ws.iter_rows(min_row=last + 1) for c in row
                     if isinstance(c.value, str) and "ngày" in c.value)
    assert not date_cell.protection.locked  # the unit writes its place and date


@pytest.mark.parametrize("kind", ["award_proposal", "registration"])
def test_drop_downs_reach_the_last_row_and_refuse_other_values(db, office, tmp_path, kind):
    book = load_workbook(_write(db, kind, 2025, office, tmp_path))
    ws = book[SHEETS[kind]]
    _, first = _table(ws)
    last = int(_meta(book)["last_row"])
    lists = {c: s for c, s in enumerate(COLUMNS[kind], start=1) if s.choices}
    found = {next(iter(dv.sqref.ranges)).min_col: dv for dv in ws.data_validations.dataValidation}
    assert set(found) == set(lists)
    for col, dv in found.items():
        rng = next(iter(dv.sqref.ranges))
        assert (rng.min_row, rng.max_row) == (first, last)
        assert dv.showErrorMessage and dv.errorStyle == "stop" and not dv.showDropDown
        assert lists[col].header in dv.error and "danh sách" in dv.error
    # the lists themselves, behind their names
    assert all(_listed(book, dv.formula1) for dv in found.values())
    if kind == "registration":
        title_col = next(c for c, s in lists.items() if s.choices == "titles")
        offered = set(_listed(book, found[title_col].formula1))
        with db.session() as s:
            titles = set(s.scalars(select(AwardType.name).where(AwardType.category == "title")))
            forms = set(s.scalars(select(AwardType.name).where(AwardType.category != "title")))
        assert offered and offered <= titles and not offered & forms
        assert "Giấy khen" not in offered and "Lao động tiên tiến" in offered


def _listed(book, name: str) -> list[str]:
    """The values of a named drop-down list."""
    ((sheet, cells),) = list(book.defined_names[name].destinations)
    return [c.value for row in book[sheet][cells.replace("$", "")] for c in row if c.value]


@pytest.mark.parametrize("kind", ["award_proposal", "registration"])
def test_people_are_asked_birth_year_gender_and_ethnicity(db, office, tmp_path, kind):
    ws = load_workbook(_write(db, kind, 2025, office, tmp_path))[SHEETS[kind]]
    header, first = _table(ws)
    headers = [c.value for c in ws[header]]
    assert {"Năm sinh", "Giới tính", "Dân tộc"} <= set(headers)


def test_the_award_proposal_is_pre_filled_with_what_the_program_knows(db, office, tmp_path):
    ws = load_workbook(_write(db, "award_proposal", 2025, office, tmp_path))["Danh sách"]
    header, first = _table(ws)
    headers = [c.value for c in ws[header]]
    rows = {ws.cell(r, 2).value: {h: ws.cell(r, i + 1).value for i, h in enumerate(headers)}
            for r in range(first, first + 3)}
    dung = rows["Lường Thị Dung"]
    assert (dung["Năm sinh"], dung["Giới tính"], dung["Dân tộc"]) == (1968, "Nữ", "Thái")
    assert (dung["Chức vụ"], dung["Đơn vị công tác"]) == ("Chủ tịch UBND xã", "UBND xã Bản Bo")
    assert dung["Hình thức đề nghị"] == "Chiến sĩ thi đua cơ sở"
    assert rows["UBND xã Bản Bo"]["Đối tượng"] == "Tập thể"


@pytest.mark.parametrize("kind", list(COLUMNS))
def test_a_template_prints_on_a4_at_a_readable_size(db, office, tmp_path, kind):
    ws = load_workbook(_write(db, kind, 2025, office, tmp_path))[SHEETS[kind]]
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    widths = [0 if s.header == "Mã tiêu chí" else s.width for s in COLUMNS[kind]]
    assert print_scale(widths, ws.page_setup.orientation) >= READABLE_SCALE
    assert ws.page_setup.scale >= READABLE_SCALE * 100 and not ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.orientation == ("landscape" if kind in ("award_proposal", "registration", "ratings")
                                         else "portrait")
    assert ws.print_title_rows and ws.oddHeader.center.text == "&P" and ws.HeaderFooter.differentFirst
    header, first = _table(ws)
    # every filled row is as tall as its longest wrapped cell
    for r in range(first, first + 5):
        need = max(count_lines(ws.cell(r, c).value, s.width, bold=bool(ws.cell(r, c).font.b))
                   for c, s in enumerate(COLUMNS[kind], start=1) if s.header != "Mã tiêu chí")
        height = ws.row_dimensions[r].height or line_height()
        assert height >= need * line_height() - 0.1, (r, need, height)


FIVE = {
    "ratings": [
        ["Lường Thị Dung", 1968, "Chủ tịch UBND xã", "Hoàn thành xuất sắc nhiệm vụ", "Bí thư Đảng ủy xã", None,
         None, None, "Số hóa hồ sơ một cửa", "15/QĐ-UBND", "Cấp cơ sở", None, None, None],
        ["Lò Văn Ngọc", 1979, "Phó Chủ tịch UBND xã", "Hoàn thành tốt nhiệm vụ", "Chủ tịch UBND xã", None,
         None, None, None, None, None, "Thanh tra, kiểm tra", "01/09/2025", None],
        ["Tẩn Thị Mẩy", 1990, "Công chức Văn hóa - Xã hội", "Hoàn thành nhiệm vụ", "Chủ tịch UBND xã", None,
         "Khiển trách", "12/05/2025", None, None, None, None, None, None],
        ["Giàng A Páo", 1978, "Bí thư chi bộ bản Phiêng Phát", "Hoàn thành tốt nhiệm vụ", "Hội đồng TĐKT xã", "x",
         None, None, None, None, None, None, None, None],
        ["Vàng Thị Lan", 1995, "Kế toán", "Hoàn thành tốt nhiệm vụ", "Chủ tịch UBND xã", None, None, None, None,
         None, None, None, None, "Mới tuyển dụng"],
    ],
    "award_proposal": [
        ["Lò Văn Điền", "Cá nhân", 1985, "Nam", "Thái", "Trưởng bản Nà Bỏ", "UBND xã Bản Bo", "Lao động tiên tiến",
         "Hoàn thành tốt nhiệm vụ được giao, tích cực tham gia phong trào xây dựng nông thôn mới",
         "Hoàn thành tốt nhiệm vụ", None, "x"],
        ["Tẩn Thị Mẩy", "Cá nhân", 1990, "Nữ", "Dao", "Công chức Văn hóa - Xã hội", "UBND xã Bản Bo",
         "Chiến sĩ thi đua cơ sở", "Hoàn thành xuất sắc nhiệm vụ năm 2025", "Hoàn thành xuất sắc nhiệm vụ",
         "Số hóa hồ sơ một cửa (Quyết định số 15/QĐ-UBND ngày 10/10/2025)", None],
        ["Trường Mầm non Bản Bo", "Tập thể", None, None, None, None, None, "Giấy khen",
         "Có thành tích xuất sắc trong năm học 2024 - 2025", "Hoàn thành xuất sắc nhiệm vụ", None, None],
        ["Giàng A Páo", "Cá nhân", 1978, "Nam", "Mông", "Bí thư chi bộ bản Phiêng Phát", "UBND xã Bản Bo",
         "Giấy khen", "Vận động nhân dân hiến đất làm đường giao thông nông thôn", "Hoàn thành tốt nhiệm vụ",
         None, "x"],
        ["Vàng Thị Lan", "Cá nhân", 1995, "Nữ", "Giáy", "Kế toán", "UBND xã Bản Bo", "Lao động tiên tiến",
         "Hoàn thành tốt nhiệm vụ", "Hoàn thành tốt nhiệm vụ", None, None],
    ],
    "registration": [
        ["UBND xã Bản Bo", "Tập thể", None, None, None, None, "Tập thể lao động xuất sắc", "x", None],
        ["Lường Thị Dung", "Cá nhân", 1968, "Nữ", "Thái", "Chủ tịch UBND xã", "Chiến sĩ thi đua cơ sở", None, None],
        ["Lò Văn Ngọc", "Cá nhân", 1979, "Nam", "Lự", "Phó Chủ tịch UBND xã", "Lao động tiên tiến", "x", None],
        ["Tẩn Thị Mẩy", "Cá nhân", 1990, "Nữ", "Dao", "Công chức Văn hóa - Xã hội", "Lao động tiên tiến", None,
         "Mới chuyển công tác"],
        ["Bản Nà Bỏ", "Tập thể", None, None, None, None, "Thôn, tổ dân phố văn hóa", None, None],
    ],
}


def _fill(ws, kind, first):
    """Type five rows as a clerk would: only into unlocked cells."""
    if kind in FIVE:
        for i, values in enumerate(FIVE[kind]):
            r = first + i
            for c, value in enumerate([i + 1, *values], start=1):
                cell = ws.cell(r, c)
                assert not cell.protection.locked, cell.coordinate
                cell.value = value
        return 5
    col = 4
    typed = 0
    r = first
    while ws.cell(r, 2).value and ws.cell(r, 2).value != "Tổng cộng":
        if not ws.cell(r, col).protection.locked and typed < 5:
            value = {"bloc_scores": [18.5, 9, 12, 14, 8][typed], "report": [3, 12, 145, 60, 12500000][typed]}[kind]
            ws.cell(r, col).value = value
            ws.cell(r, col + 1).value = "Theo báo cáo số 112/BC-UBND ngày 05/12/2025"
            typed += 1
        r += 1
    return typed


@pytest.mark.parametrize("kind", list(COLUMNS))
def test_five_filled_rows_read_back_without_an_error(db, office, tmp_path, kind):
    path = _write(db, kind, 2025, office, tmp_path)
    book = load_workbook(path)
    ws = book[SHEETS[kind]]
    _, first = _table(ws)
    assert _fill(ws, kind, first) == 5
    filled = tmp_path / f"filled_{kind}.xlsx"
    book.save(filled)
    if SOFFICE:  # as the unit's LibreOffice Calc saves it back
        filled = resave(filled, tmp_path / "lo")
    with db.session() as s:
        p = read_file(s, filled)
    assert p.errors == [], [(q.code, q.where, q.message) for q in p.errors]
    assert (p.kind, p.unit.code, p.year) == (kind, "XA_BAN_BO", 2025)
    if kind == "ratings":
        assert [(r.name, r.rating, r.rated_by) for r in p.rows] == [
            ("Lường Thị Dung", "HTXSNV", "Bí thư Đảng ủy xã"), ("Lò Văn Ngọc", "HTTNV", "Chủ tịch UBND xã"),
            ("Tẩn Thị Mẩy", "HTNV", "Chủ tịch UBND xã"), ("Giàng A Páo", "HTTNV", "Hội đồng TĐKT xã"),
            ("Vàng Thị Lan", "HTTNV", "Chủ tịch UBND xã")]
        assert p.rows[2].discipline == "khien_trach" and p.rows[0].initiative_decision == "15/QĐ-UBND"
        # the template's investigation column (t16: no way to send one from a unit)
        assert (p.rows[1].investigation, p.rows[1].investigation_from) == ("inspection", dt.date(2025, 9, 1))
    elif kind in FIVE:
        assert [r.name for r in p.rows] == [v[0] for v in FIVE[kind]]
        people = [r for r in p.rows if r.subject == "individual"]
        assert all(r.birth_year and r.gender and r.ethnicity for r in people)
        assert [r.award.name for r in p.rows] == [v[7 if kind == "award_proposal" else 6] for v in FIVE[kind]]
    elif kind == "bloc_scores":
        # the criteria's scores; the groups' sums (LibreOffice computes them) agree and are not kept
        assert sorted(float(v[0]) for v in p.context["scores"].values()) == [8, 9, 12, 14, 18.5]
    else:
        assert [f.value for f in p.figures if f.value is not None] == [3, 12, 145, 60, 12500000]
    result = commit_import(db, p)
    assert result.committed
    with db.session() as s:
        assert s.scalar(select(Submission).where(Submission.kind.like(f"{kind[:6]}%"))) is not None
        if kind == "bloc_scores":  # group scores are not stored: their criteria carry them
            assert len(list(s.scalars(select(BlocScore)))) == 5


def test_a_group_score_must_be_the_sum_of_its_criteria(db, office, tmp_path):
    path = _write(db, "bloc_scores", 2025, office, tmp_path)
    book = load_workbook(path)
    ws = book["Tự chấm điểm"]
    _, first = _table(ws)
    rows = {ws.cell(r, 1).value: r for r in range(first, first + 9)}
    ws.cell(rows["1.2"], 4).value = 18
    ws.cell(rows["1.1"], 4).value = 9
    ws.cell(rows["I"], 4).value = 30  # typed over the formula: 18 + 9 is 27
    ws.cell(rows["II"], 4).value = 5  # none of 2.1, 2.2 scored
    ws.cell(rows["3.1"], 4).value = 2
    ws.cell(rows["III"], 4).value = 2  # a penalty group sums its penalties: right
    typed = tmp_path / "typed.xlsx"
    book.save(typed)
    with db.session() as s:
        p = read_file(s, typed)
    found = {(q.code, q.where) for q in p.errors}
    assert found == {("score_group_mismatch", f"Tự chấm điểm!D{rows['I']}"),
                     ("score_on_group", f"Tự chấm điểm!D{rows['II']}")}
    assert "27" in next(q.message for q in p.errors if q.code == "score_group_mismatch")


@pytest.mark.parametrize("kind", list(FIVE))
@pytest.mark.parametrize("lower", [(7,), (8, 14), ("last",)])
def test_rows_typed_lower_in_the_form_are_read(db, office, tmp_path, kind, lower):
    """Rows 10–14 then 17; a withdrawn person's row cleared and two more typed at 18 and 24;
    one more below the ruled table, above the signature: every one is read."""
    path = _write(db, kind, 2025, office, tmp_path)
    book = load_workbook(path)
    ws = book[SHEETS[kind]]
    _, first = _table(ws)
    _fill(ws, kind, first)
    for c in range(1, ws.max_column + 1):  # no pre-filled row left below the five
        for r in range(first + 5, first + 20):
            if ws.cell(r, c).value is not None and not ws.cell(r, c).protection.locked:
                ws.cell(r, c).value = None
    last = int(_meta(book)["last_row"])
    # (a short form's ruled area may end before row 24: its last ruled row instead)
    offsets = [last + 1 - first if x == "last" else min(x, last - first) for x in lower]
    width = len(COLUMNS[kind])
    if len(offsets) == 2:  # the withdrawn person's row cleared
        for c in range(2, width + 1):
            if not ws.cell(first + 2, c).protection.locked:
                ws.cell(first + 2, c).value = None
    for off in offsets:
        for c in range(2, width + 1):
            ws.cell(first + off, c).value = ws.cell(first + 1, c).value
        ws.cell(first + off, 2).value = f"Hà Thị Muộn {off}"
    filled = tmp_path / "lower.xlsx"
    book.save(filled)
    with db.session() as s:
        p = read_file(s, filled)
    expected = [v[0] for i, v in enumerate(FIVE[kind]) if not (len(offsets) == 2 and i == 2)]
    expected += [f"Hà Thị Muộn {off}" for off in offsets]
    assert [r.name for r in p.rows] == expected
    assert [r.row for r in p.rows][-len(offsets):] == [first + off for off in offsets]


@pytest.mark.parametrize("kind", list(COLUMNS))
def test_fill_rows_grow_with_what_a_unit_types(db, office, tmp_path, kind):
    """No fill row has a fixed height (Excel's and Calc's `customHeight`): a two-sentence
    achievement typed into a pre-filled row grows the row instead of printing cut in half.
    The rows keep their starting height (the pre-filled text whole)."""
    import re
    import zipfile

    path = _write(db, kind, 2025, office, tmp_path)
    book = load_workbook(path)
    meta = _meta(book)
    first, last = int(meta["first_row"]), int(meta["last_row"])
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("xl/worksheets/sheet1.xml").decode("utf-8")
    rows = {int(m.group(1)): m.group(0) for m in re.finditer(r'<row r="(\d+)"[^>]*>', xml)}
    fixed = [r for r in range(first, last + 1) if 'customHeight="1"' in rows.get(r, "")]
    assert fixed == []
    assert any('ht="' in rows.get(r, "") for r in range(first, last + 1))  # a starting height kept
    assert 'customHeight="1"' in rows[first - 1] or 'customHeight="1"' in rows[first - 2]  # the header is fixed


def test_criteria_without_a_number_are_numbered_from_the_tree(db, office, tmp_path):
    with db.session() as s:
        bloc = Bloc(year=2026, name="Khối các thôn, bản")
        s.add(bloc)
        s.flush()
        s.add(BlocMember(bloc_id=bloc.id, unit_id=office))
        g1 = add_criterion(s, bloc.id, "Công tác tuyên truyền", 0)
        add_criterion(s, bloc.id, "Tổ chức hội nghị quán triệt", 10, parent_id=g1)
        g2 = add_criterion(s, bloc.id, "Phát triển kinh tế", 0)
        add_criterion(s, bloc.id, "Trồng rừng, bảo vệ rừng", 15, parent_id=g1)
        c21 = add_criterion(s, bloc.id, "Xây dựng nông thôn mới", 20, parent_id=g2)
        add_criterion(s, bloc.id, "Đường giao thông nội bản", 5, parent_id=c21)
    ws = load_workbook(_write(db, "bloc_scores", 2026, office, tmp_path))["Tự chấm điểm"]
    _, first = _table(ws)
    printed = [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in range(first, first + 6)]
    assert printed == [("I", "Công tác tuyên truyền"), ("1.1", "Tổ chức hội nghị quán triệt"),
                       ("1.2", "Trồng rừng, bảo vệ rừng"), ("II", "Phát triển kinh tế"),
                       ("2.1", "Xây dựng nông thôn mới"), ("2.1.1", "Đường giao thông nội bản")]


def test_a_self_score_sheet_for_a_bloc_without_criteria_is_refused(db, office, tmp_path):
    from app.errors import UserError

    with db.session() as s:
        bloc = Bloc(year=2027, name="Khối các thôn, bản")
        s.add(bloc)
        s.flush()
        s.add(BlocMember(bloc_id=bloc.id, unit_id=office))
    with pytest.raises(UserError, match="chưa có tiêu chí chấm điểm: hãy thêm nhóm, tiêu chí"):
        _write(db, "bloc_scores", 2027, office, tmp_path)
    assert list(tmp_path.glob("*.xlsx")) == []


def test_the_registration_is_pre_filled_with_the_units_known_people(db, office, tmp_path):
    ws = load_workbook(_write(db, "registration", 2025, office, tmp_path))["Đăng ký"]
    header, first = _table(ws)
    headers = [c.value for c in ws[header]]
    rows = {ws.cell(r, 2).value: {h: ws.cell(r, i + 1).value for i, h in enumerate(headers)}
            for r in range(first, first + 3)}
    assert list(rows) == ["UBND xã Bản Bo", "Lường Thị Dung", "Lò Văn Ngọc"]  # by given name
    dung = rows["Lường Thị Dung"]
    assert (dung["Năm sinh"], dung["Giới tính"], dung["Dân tộc"], dung["Chức vụ"]) == (
        1968, "Nữ", "Thái", "Chủ tịch UBND xã")
