"""A commune's year 2026 from an empty data file, through the same `app/` functions the window
calls: the profile of a commune, its units (thôn, bản, the school, the health station) read from
a workbook, a bloc of villages, what units owe, registrations and proposals imported from the
templates filled as units fill them, a dossier received by hand, appraisal, one council meeting
for three dossiers, one decision for them, certificates, the report, the fund, the late list
and the rollover — asserting what the clerk checks at each step.

Nothing of the demo is used: the office, its units and its people exist only as typed here.
"""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from app.blocs import BlocData, list_blocs, save_bloc
from app.council import add_member
from app.council_session import hold_council, meetings_of_year
from app.decisions import DecisionInput, decidable_dossiers, issue_decision
from app.dossiers import DossierInput, move_dossier, receive_dossier
from app.dues import DueData, save_due
from app.excel.templates import units_for, write_template
from app.fund import add_allocation, fund_summary
from app.import_writers import commit_import
from app.imports import read_file
from app.nominees import NomineeInput, add_nominee, appraise
from app.office import OfficeProfileData, save_profile
from app.printing.ballots import print_vote_minutes
from app.printing.certificates import print_certificates
from app.reports import year_figures
from app.rollover import apply_rollover
from app.submissions import late_units
from app.unit_import import import_unit_list, read_unit_list
from app.unit_list import list_units
from db.models import Award, Dossier, Nominee, Person
from tests.app.printing.print_pdf import flat, pages_text

YEAR = 2026
TODAY = dt.date(2026, 12, 15)

# What each unit types into its registration: name, birth year, gender, ethnicity, position,
# award, exemplar. Five women; seven people of an ethnic minority.
REGISTERED = {
    "Thôn Nà Bó": [("Lò Thị Xuân", 1985, "Nữ", "Thái", "Chi hội trưởng phụ nữ", "Lao động tiên tiến", "x"),
                   ("Lò Văn Sơn", 1978, "Nam", "Thái", "Trưởng thôn", "Chiến sĩ thi đua cơ sở", "")],
    "Bản Hon": [("Giàng Thị Mai", 1990, "Nữ", "Mông", "Thôn đội trưởng", "Lao động tiên tiến", "x"),
                ("Tao Văn Lả", 1975, "Nam", "Mông", "Trưởng bản", "Lao động tiên tiến", "")],
    "Trường Tiểu học Bản Bo": [("Nguyễn Thị Hà", 1980, "Nữ", "Kinh", "Hiệu trưởng", "Chiến sĩ thi đua cơ sở", "x"),
                               ("Đặng Thị Lan", 1992, "Nữ", "Dao", "Giáo viên", "Lao động tiên tiến", ""),
                               ("Vàng Văn Tú", 1988, "Nam", "Giáy", "Giáo viên", "Lao động tiên tiến", "")],
    "Trạm Y tế xã Bản Bo": [("Lường Thị Thu", 1987, "Nữ", "Thái", "Y sĩ", "Lao động tiên tiến", "x")],
}
REGISTERED_ON = {"Thôn Nà Bó": dt.date(2026, 1, 20), "Bản Hon": dt.date(2026, 2, 2),  # two days late
                 "Trường Tiểu học Bản Bo": dt.date(2026, 1, 25), "Trạm Y tế xã Bản Bo": dt.date(2026, 1, 28)}


def _unit_list(path):
    """The commune's list of units as its clerk types it (own layout)."""
    book = Workbook()
    ws = book.active
    ws.append(["ỦY BAN NHÂN DÂN XÃ BẢN BO"])
    ws.append(["DANH SÁCH THÔN, BẢN VÀ CƠ QUAN, ĐƠN VỊ TRÊN ĐỊA BÀN XÃ"])
    ws.append([])
    ws.append(["STT", "Tên đơn vị", "Loại đơn vị", "Trực thuộc", "Thủ trưởng", "Số thành viên", "Địa chỉ"])
    for i, row in enumerate([("Thôn Nà Bó", "", "", "Lò Văn Sơn", 120, "Nà Bó"),
                             ("Bản Hon", "", "", "Tao Văn Lả", 95, ""),
                             ("Bản Lầm", "Thôn, bản, tổ dân phố", "", "Giàng A Páo", 80, ""),
                             ("Trường Tiểu học Bản Bo", "", "", "Nguyễn Thị Hà", 24, ""),
                             ("Trạm Y tế xã Bản Bo", "", "", "Lường Thị Thu", 6, "")], start=1):
        ws.append([i, *row])
    book.save(path)
    return path


def _first_data_row(ws) -> int:
    """The row under the column-numbering row `(1) (2) …` of a template."""
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == "(1)":
            return row[0].row + 1
    raise AssertionError("no numbering row")


def _fill(path, rows_by_header: list[dict], *, keep_prefilled: bool = False):
    """Type rows into a template under its headers, as a unit's clerk does."""
    book = load_workbook(path)
    ws = book.worksheets[0]
    first = _first_data_row(ws)
    headers = {ws.cell(row=first - 2, column=c).value: c for c in range(1, ws.max_column + 1)}
    if keep_prefilled:  # a proposal pre-filled with the registered people: find each by name
        name_col = headers["Họ và tên"]
        for values in rows_by_header:
            r = next(r for r in range(first, first + 40) if ws.cell(row=r, column=name_col).value == values["Họ và tên"])
            for header, value in values.items():
                ws.cell(row=r, column=headers[header], value=value)
    else:
        for offset, values in enumerate(rows_by_header):
            for header, value in values.items():
                ws.cell(row=first + offset, column=headers[header], value=value)
    book.save(path)


def _import(session, path, today):
    preview = read_file(session, path)
    assert not preview.blocked, [p.message for p in preview.errors]
    return preview, commit_import(session, preview, today=today)


def test_a_communes_year_from_an_empty_file(db, tmp_path):
    # --- the office and its units ------------------------------------------------------------
    with db.session() as s:
        save_profile(s, OfficeProfileData(
            office_name="Văn phòng HĐND và UBND", authority_name="Ủy ban nhân dân xã Bản Bo",
            authority_short="UBND", superior_name="Ủy ban nhân dân tỉnh Lai Châu", level="xa",
            province="Lai Châu", place_name="Bản Bo", signer_name="Lò Văn Minh", signer_title="CHỦ TỊCH"))
        preview = read_unit_list(s, _unit_list(tmp_path / "don-vi.xlsx"))
        assert import_unit_list(s, preview) == (5, 0)
    with db.session() as s:
        units = {r.name: r for r in list_units(s)}
        assert [units[n].kind_code for n in ("Thôn Nà Bó", "Bản Lầm", "Trường Tiểu học Bản Bo",
                                              "Trạm Y tế xã Bản Bo")] == ["village", "village", "school", "health"]
        villages = [units[n].id for n in ("Thôn Nà Bó", "Bản Hon", "Bản Lầm")]
        save_bloc(s, BlocData(year=YEAR, name="Khối các thôn, bản", member_ids=villages,
                              head_unit_id=villages[0], deputy_unit_id=villages[1]))
        save_due(s, DueData(YEAR, "registration", "Đăng ký thi đua năm 2026", dt.date(2026, 1, 31)))
        save_due(s, DueData(YEAR, "award_proposal", "Hồ sơ đề nghị khen thưởng năm 2026", dt.date(2026, 11, 30)))
        for name, role in (("Lò Văn Minh", "chairman"), ("Vàng A Dế", "deputy"), ("Tao Thị Hương", "member"),
                           ("Lò Văn Quý", "member"), ("Nguyễn Văn Bình", "secretary")):
            add_member(s, name, role)
        add_allocation(s, YEAR, dt.date(2026, 1, 15), 50_000_000)
        assert [b.member_count for b in list_blocs(s, YEAR)] == [3]
        assert len(units_for(s)) == 5  # "templates for all": villages included

    # --- registrations: each unit fills the template it was sent -----------------------------
    with db.session() as s:
        for unit_name, people in REGISTERED.items():
            path = write_template(s, "registration", YEAR, units[unit_name].id, tmp_path / "dk")
            _fill(path, [{"Họ và tên tập thể, cá nhân": n, "Đối tượng": "Cá nhân", "Năm sinh": y, "Giới tính": g,
                          "Dân tộc": e, "Chức vụ": p, "Danh hiệu đăng ký": a, "Điển hình tiên tiến": x}
                         for n, y, g, e, p, a, x in people]
                  + [{"Họ và tên tập thể, cá nhân": unit_name, "Đối tượng": "Tập thể",
                      "Danh hiệu đăng ký": "Thôn, tổ dân phố văn hóa" if unit_name in ("Thôn Nà Bó", "Bản Hon")
                      else "Tập thể lao động tiên tiến", "Điển hình tiên tiến": "x"}])
            _import(s, path, REGISTERED_ON[unit_name])
    with db.session() as s:
        people = {p.full_name: p for p in s.scalars(select(Person))}
        assert len(people) == 8
        assert (people["Giàng Thị Mai"].gender, people["Giàng Thị Mai"].ethnicity,
                people["Giàng Thị Mai"].birth_year) == ("F", "mong", 1990)

    # --- proposals: two villages send the template pre-filled with those they registered ------
    with db.session() as s:
        numbers = {}
        for unit_name, received, filled in (
                ("Thôn Nà Bó", dt.date(2026, 11, 20),
                 [{"Họ và tên": "Lò Thị Xuân", "Tóm tắt thành tích": "Vận động 100% hộ tham gia",
                   "Mức độ hoàn thành nhiệm vụ": "HTTNV"},
                  {"Họ và tên": "Lò Văn Sơn", "Tóm tắt thành tích": "Thôn về đích nông thôn mới",
                   "Mức độ hoàn thành nhiệm vụ": "HTXSNV", "Sáng kiến": "Mô hình nuôi cá ruộng lúa"}]),
                ("Bản Hon", dt.date(2026, 11, 25),
                 [{"Họ và tên": "Giàng Thị Mai", "Tóm tắt thành tích": "Dân quân giỏi",
                   "Mức độ hoàn thành nhiệm vụ": "HTTNV"},
                  {"Họ và tên": "Tao Văn Lả", "Tóm tắt thành tích": "Xóa nhà tạm",
                   "Mức độ hoàn thành nhiệm vụ": "HTTNV"}])):
            path = write_template(s, "award_proposal", YEAR, units[unit_name].id, tmp_path / "dn")
            _fill(path, filled, keep_prefilled=True)
            preview, result = _import(s, path, received)
            assert not [p for p in preview.warnings if p.code == "person_near_match"]  # registered: same people
            numbers[unit_name] = result.dossier_number
        dossier = s.scalar(select(Dossier).where(Dossier.number == numbers["Thôn Nà Bó"]))
        # The list's title, not the template's instruction line under it.
        assert dossier.title.lower().startswith("danh sách đề nghị khen thưởng năm 2026"), dossier.title
        assert "dòng" not in dossier.title
        nominees = {n.name: n for n in dossier.nominees}
        assert nominees["Lò Văn Sơn"].person_id == people["Lò Văn Sơn"].id  # linked, not a duplicate
        assert nominees["Thôn Nà Bó"].subject == "collective"

    # --- the school's proposal comes on paper: received in the window, typed by hand ---------
    with db.session() as s:
        school = receive_dossier(s, DossierInput(unit_id=units["Trường Tiểu học Bản Bo"].id,
                                                 received_on=dt.date(2026, 11, 27), year=YEAR,
                                                 title="Tờ trình đề nghị khen thưởng năm 2026"), today=TODAY)
        for name, year, gender, ethnic, award in (("Nguyễn Thị Hà", 1980, "Nữ", "Kinh", "CSTĐCS"),
                                                  ("Đặng Thị Lan", 1992, "Nữ", "Dao", "LĐTT"),
                                                  ("Vàng Văn Tú", 1988, "Nam", "Giáy", "LĐTT")):
            add_nominee(s, school.id, NomineeInput(name=name, award=award, birth_year=year, gender=gender,
                                                   ethnicity=ethnic, rating="HTXSNV", position="Giáo viên"))
        numbers["school"] = school.number
        assert {n.person_id for n in school.nominees} == {people[n].id for n in
                                                          ("Nguyễn Thị Hà", "Đặng Thị Lan", "Vàng Văn Tú")}

    # --- appraisal; one council meeting for the three dossiers --------------------------------
    with db.session() as s:
        dossiers = [s.scalar(select(Dossier).where(Dossier.number == n)) for n in numbers.values()]
        for d in dossiers:
            for n in d.nominees:
                appraise(s, n.id, "approved")
            move_dossier(s, d.id, "appraised")
    with db.session() as s:
        ids = [d.id for d in dossiers]
        voted = s.scalars(select(Nominee).where(Nominee.dossier_id.in_(ids), Nominee.appraisal == "approved")).all()
        members = [m.id for m in s.scalars(select(__import__("db.models", fromlist=["CouncilMember"]).CouncilMember))]
        meeting = hold_council(s, ids, [(n.id, 5, 0, 0) for n in voted], held_on=dt.date(2026, 12, 5),
                               present_ids=members, place="Hội trường UBND xã", minutes_ref="01/BB-HĐTĐKT")
        meeting_id = meeting.id
    with db.session() as s:
        [row] = meetings_of_year(s, YEAR)
        assert row.minutes_ref == "01/BB-HĐTĐKT" and row.dossiers == sorted(numbers.values())
        assert {d.status for d in s.scalars(select(Dossier))} == {"voted"}
        minutes = flat(" ".join(pages_text(print_vote_minutes(s, meeting_id).pdf)))
        assert flat("Số: 01/BB-HĐTĐKT") in minutes

    # --- one decision for the three dossiers, certificates ------------------------------------
    with db.session() as s:
        assert len(decidable_dossiers(s, YEAR)) == 3
        decision = issue_decision(s, ids, DecisionInput(number="25/QĐ-UBND", issued_on=dt.date(2026, 12, 10)),
                                  today=TODAY)
        decision_id = decision.id
    with db.session() as s:
        awards = s.scalars(select(Award).where(Award.decision_id == decision_id)).all()
        # Seven people and the two villages (thôn văn hóa), at the base salary of 1/7/2026.
        assert len(awards) == 9 and all(a.person_id for a in awards if a.subject == "individual")
        assert sum(int(a.money) for a in awards) == 5 * 760_000 + 2 * 2_530_000 + 2 * 3_800_000
        certificates = print_certificates(s, decision_id)
        assert certificates.pages == 2  # the two CSTĐCS certificates
        assert "Nguyễn Thị Hà" in " ".join(pages_text(certificates.pdf))

    # --- the report, the fund, the late list ---------------------------------------------------
    with db.session() as s:
        figures = year_figures(s, YEAR, today=TODAY)
        assert figures.totals.total == 9 and figures.totals.money == 16_460_000
        # Awarded: Xuân, Mai, Hà, Lan (women); Xuân, Sơn (Thái), Mai, Lả (Mông), Lan (Dao), Tú (Giáy).
        assert figures.group("women").total == 4
        assert figures.group("ethnic_minority").total == 6  # Hà is Kinh, the majority
        assert figures.dossiers.decided == 3
        # Received 20/11, 25/11 and 27/11, decided 10/12: 20, 15 and 13 days.
        assert figures.dossiers.average_days == 16.0
        fund = fund_summary(s, YEAR)
        assert (fund.budget, fund.spent, fund.remaining) == (50_000_000, 16_460_000, 33_540_000)
        late = {u.unit: ([r.title for r in u.missing], [r.title for r in u.late])
                for u in late_units(s, YEAR, TODAY)}
        assert late == {
            "Bản Hon": ([], ["Đăng ký thi đua năm 2026"]),
            "Bản Lầm": (["Đăng ký thi đua năm 2026", "Hồ sơ đề nghị khen thưởng năm 2026"], []),
            "Trạm Y tế xã Bản Bo": (["Hồ sơ đề nghị khen thưởng năm 2026"], []),
        }  # the school's paper dossier counts as its proposal

    # --- the rollover: next year's bloc and dues ----------------------------------------------
    with db.session() as s:
        apply_rollover(s, YEAR)
    with db.session() as s:
        [bloc] = list_blocs(s, YEAR + 1)
        assert bloc.name == "Khối các thôn, bản" and bloc.member_count == 3
