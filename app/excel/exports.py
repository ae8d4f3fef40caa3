"""Xuất Excel: any table as shown on screen, and the named tables `tdkt export` writes.

`export_table` writes (title, headers, rows) — what `TablePanel.visible_table()` gives, in the
on-screen filter and sort order — under the administrative header, with the office's
signature block at the foot. `TABLES` names the tables the command line exports for a year:
the awards ledger in the layout the province asks for (titles and forms in separate columns,
never mixed), the nominees of the year in the award proposal layout, dossiers, registrations.

An export meant to be read back says what it is in a very hidden `_meta` sheet: the kind,
the year, whether it holds one unit's list or many (`scope`: `unit` / `units`). The nominees
of many units carry a column `Đơn vị đề nghị`, so reading the file back puts every row with
its own unit and never makes the list a version of one unit's dossier.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.catalog import RATINGS
from app.errors import FileProblem, UserError
from app.excel import own_export
from app.excel.fillkit import lock_structure, meta_sheet
from app.excel.formkit import fit_cells, new_book, shown, widen_for_motto
from app.excel.sheetkit import (
    Header,
    admin_header,
    data_cell,
    table_header,
    text_units,
    title_lines,
    width_for,
)
from app.excel.signature import SignatureBlock, signature_block
from app.states import SUBJECTS
from app.text import fold, sort_key
from db.models import Award, AwardType, Dossier, Ethnicity, Nominee, Person, Registration, Unit

GENDER_TEXT = {"M": "Nam", "F": "Nữ"}
SUBJECT_TEXT = SUBJECTS
SHEET = "Danh sách"
EXPORT_VERSION = "2"
PROPOSER = "Đơn vị đề nghị"
# Widths (Times New Roman 12 digits) of the columns the named tables share, so a list of
# many columns prints at a size a clerk reads rather than fitted down by the widest cell.
WIDTHS = {"Họ và tên": 15, "Họ và tên / tên tập thể": 14, "Đối tượng": 8, "Năm sinh": 6.5,
          "Giới tính": 5.5, "Dân tộc": 7, "Chức vụ": 11, "Đơn vị công tác": 12, "Hình thức đề nghị": 13,
          "Tóm tắt thành tích": 19, "Mức độ hoàn thành nhiệm vụ": 12, "Sáng kiến": 11,
          "Lao động trực tiếp": 6.5, PROPOSER: 11, "Ghi chú": 6.5, "Năm": 5.5, "Danh hiệu thi đua": 10,
          "Hình thức khen thưởng": 10, "Loại khen": 8.5, "Số quyết định": 10, "Ngày quyết định": 10.5,
          "Cơ quan quyết định": 10, "Số tiền thưởng (đồng)": 10, "Số hồ sơ": 11}


@dataclass
class TableData:
    """A table ready to write: title, lines under it, headers, rows of raw values."""

    title: str
    headers: list[str]
    rows: list[list[object]]
    lines: list[str] = field(default_factory=list)
    money_cols: set[int] = field(default_factory=set)  # 0-based columns holding money
    header: Header | None = None
    meta: list[tuple[str, str]] = field(default_factory=list)  # a list meant to be read back
    fixed_widths: bool = False  # the named tables' widths (WIDTHS) rather than measured ones


def office_signature(session: Session) -> SignatureBlock:
    """The office signs what it sends: the clerk who made the list on the left, the office's
    signer of reports (its head, or the deputy given that power) on the right."""
    from app.printing.common import profile, signed

    p = profile(session)
    sign = signed(session, "report", p)
    return SignatureBlock(right=list(sign.lines), right_note="", right_name=sign.name,
                          left_note="", left_name=p.clerk_name, date_line="")


def authority_signature(session: Session) -> SignatureBlock:
    """What the People's Committee sends as a body: `TM. ỦY BAN NHÂN DÂN` over its signer."""
    from app.printing.common import profile, signed

    p = profile(session)
    sign = signed(session, "authority_report", p)
    return SignatureBlock(right=list(sign.lines), right_note="", right_name=sign.name,
                          left_note="", left_name=p.clerk_name, date_line="")


def office_header(session: Session, unit_name: str | None = None) -> Header:
    """The office's administrative header (or a unit's, under the office's authority), signed
    by the office at the foot."""
    from app.office import get_profile

    profile = get_profile(session)
    sign = office_signature(session)
    if unit_name:
        return Header(profile.authority_name or profile.superior_name, unit_name, profile.place_name, sign=sign)
    return Header(profile.authority_name or profile.superior_name, profile.office_name or "",
                  profile.place_name, sign=sign)


def _money_columns(headers: list[str]) -> set[int]:
    return {i for i, h in enumerate(headers) if "tien" in fold(h) or "dong" in fold(h).split()}


def export_table(path: str | Path, title: str, headers: list[str], rows: list[list[object]], *,
                 header: Header | None = None, lines: list[str] | None = None,
                 money_cols: set[int] | None = None) -> Path:
    """Write one table under the administrative header; returns the path written."""
    data = TableData(title, list(headers), [list(r) for r in rows], lines or [],
                     money_cols if money_cols is not None else _money_columns(list(headers)), header)
    return write(path, data)


def _widths(data: TableData) -> list[float]:
    measured = []
    for i, h in enumerate(data.headers):
        values = [r[i] if i < len(r) else None for r in data.rows]
        if data.fixed_widths and h in WIDTHS:
            # a number or a date cannot wrap: its column holds the widest one whole
            whole = [text_units(shown(v)) for v in values[:2000]
                     if isinstance(v, (int, float, dt.date)) and not isinstance(v, bool)]
            measured.append(round(max([float(WIDTHS[h]), *whole]), 1))
        else:
            measured.append(width_for(h, values))
    return widen_for_motto([round(max(text_units("STT", bold=True), text_units(str(len(data.rows)))), 1), *measured])


def write(path: str | Path, data: TableData) -> Path:
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        path = path.with_suffix(".xlsx")
    book = new_book()
    ws = book.active
    ws.title = SHEET
    width = len(data.headers) + 1
    headers = ["STT", *data.headers]
    widths = _widths(data)
    header = data.header or Header("", "")
    row = admin_header(ws, header, width, widths=widths) if (header.left_top or header.left_main) else 1
    row = title_lines(ws, row, width, data.title, data.lines, widths=widths)
    row = table_header(ws, row, headers, widths)
    for n, values in enumerate(data.rows, start=1):
        data_cell(ws, row, 1, n)
        for c, value in enumerate(values, start=2):
            data_cell(ws, row, c, value, money=(c - 2) in data.money_cols)
        fit_cells(ws, row, widths)
        row += 1
    if header.sign is not None:
        signature_block(ws, row, widths, header.sign)
    if data.meta:
        meta_sheet(book, data.meta)
        lock_structure(book)
    else:  # any other table the office exports is its own, never a list to import
        own_export.mark(book, data.title, ", ".join(t for t in (header.left_main, header.left_top) if t))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        book.save(path)
    except OSError as exc:
        raise FileProblem(f"Không ghi được tệp {path}: {exc.strerror or exc} (tệp đang mở trong Excel?).") from exc
    return path


def export_meta(session: Session, kind: str, year: int, *, unit: Unit | None,
                units: int | None = None) -> list[tuple[str, str]]:
    """What an export meant to be read back says about itself."""
    from app.office import get_profile

    profile = get_profile(session)
    pairs = [("kind", kind), ("source", "export"), ("template_version", EXPORT_VERSION), ("year", str(year)),
             ("scope", "unit" if unit is not None else "units"), ("units", "" if units is None else str(units)),
             ("issuer", ", ".join(t for t in (profile.office_name, profile.authority_name) if t)),
             ("template_id", uuid.uuid4().hex), ("sheet", SHEET), ("issued_on", dt.date.today().isoformat())]
    if unit is not None:
        pairs[5:5] = [("unit_code", unit.code), ("unit_name", unit.name)]
    else:
        pairs.append(("unit_column", PROPOSER))
    return pairs


# --- Named tables for `tdkt export` ----------------------------------------------------------

def ledger_table(session: Session, year: int, unit_id: int | None = None, *,
                 as_of: dt.date | None = None) -> TableData:
    """Sổ khen thưởng of a year, titles and forms in their own columns. Each line carries what
    the award book import reads back (year, position and unit apart, kind, decision), so the
    exported book imports again as `--kind ledger` and is recognised line by line."""
    from app.awards import KINDS

    query = (select(Award, AwardType.name, AwardType.category, Person.birth_year, Person.gender)
             .join(AwardType, AwardType.id == Award.award_type_id)
             .outerjoin(Person, Person.id == Award.person_id)
             .where(Award.year == year).order_by(Award.decision_date, Award.decision_number, Award.book_no, Award.id))
    if unit_id is not None:
        query = query.where(Award.unit_id == unit_id)
    if as_of is not None:  # a book dated a day lists no decision signed after it
        query = query.where((Award.decision_date.is_(None)) | (Award.decision_date <= as_of))
    from app.awards import money_notes

    found = list(session.execute(query))
    notes = money_notes(session, [a for a, *_ in found])
    rows = []
    for a, name, category, birth_year, gender in found:
        rows.append([a.recipient_name, SUBJECT_TEXT.get(a.subject, a.subject), birth_year,
                     GENDER_TEXT.get(gender or ""), a.position, a.unit_text,
                     a.year, name if category == "title" else "", name if category != "title" else "",
                     KINDS.get(a.kind, a.kind), a.decision_number, a.decision_date, a.issuer,
                     int(a.money) if a.money is not None else None,
                     "Đã thu hồi" + (f": {a.revoke_reason}" if a.revoke_reason else "") if a.revoked
                     else notes.get(a.id, "")])
    headers = ["Họ và tên / tên tập thể", "Đối tượng", "Năm sinh", "Giới tính", "Chức vụ", "Đơn vị công tác",
               "Năm", "Danh hiệu thi đua", "Hình thức khen thưởng", "Loại khen", "Số quyết định",
               "Ngày quyết định", "Cơ quan quyết định", "Số tiền thưởng (đồng)", "Ghi chú"]
    unit = session.get(Unit, unit_id) if unit_id is not None else None
    return TableData(f"Sổ theo dõi khen thưởng năm {year}", headers, rows, money_cols={13}, fixed_widths=True,
                     meta=export_meta(session, "ledger", year, unit=unit))


def nominees_table(session: Session, year: int, unit_id: int | None = None) -> TableData:
    """Nominees of the year's dossiers in the award proposal layout, to read back as they are:
    one unit's list (its name in the header), or the lists of many units with the proposing
    unit of each row in its own column (`_meta` says which)."""
    eth = aliased(Ethnicity)
    query = (select(Nominee, AwardType.name, Person.birth_year, Person.birth_date, Person.gender, eth.name,
                    Dossier.number, Unit.name)
             .join(Dossier, Dossier.id == Nominee.dossier_id)
             .join(Unit, Unit.id == Dossier.unit_id)
             .join(AwardType, AwardType.id == Nominee.award_type_id)
             .outerjoin(Person, Person.id == Nominee.person_id)
             .outerjoin(eth, eth.code == Person.ethnicity)
             .where(Dossier.year == year, Dossier.status != "rejected")
             .order_by(Dossier.number, Nominee.seq, Nominee.id))
    if unit_id is not None:
        query = query.where(Dossier.unit_id == unit_id)
    many = unit_id is None
    found = list(session.execute(query))
    if many:  # a unit's rows together, units in the order a clerk looks them up
        found.sort(key=lambda t: sort_key(t[7]))
    rows = []
    for n, award, birth_year, birth_date, gender, eth_name, number, unit in found:
        rows.append([n.name, SUBJECT_TEXT.get(n.subject, n.subject), birth_date or birth_year,
                     GENDER_TEXT.get(gender or ""), eth_name or "", n.position, n.unit_text or
                     ("" if n.subject != "individual" else unit), award, n.achievement,
                     RATINGS.get(n.rating or "", n.rating or ""), n.initiative,
                     "x" if n.is_direct_worker else "", *([unit] if many else [number])])
    headers = ["Họ và tên", "Đối tượng", "Năm sinh", "Giới tính", "Dân tộc", "Chức vụ", "Đơn vị công tác",
               "Hình thức đề nghị", "Tóm tắt thành tích", "Mức độ hoàn thành nhiệm vụ", "Sáng kiến",
               "Lao động trực tiếp", *([PROPOSER] if many else ["Số hồ sơ"])]
    for optional in ("Lao động trực tiếp", "Sáng kiến"):  # a column nobody has prints as nothing
        i = headers.index(optional)
        if not any(r[i] for r in rows):
            headers.pop(i)
            for r in rows:
                r.pop(i)
    unit = session.get(Unit, unit_id) if unit_id is not None else None
    title = f"Danh sách đề nghị khen thưởng năm {year}"
    units = 1 if unit is not None else len({t[7] for t in found})
    lines = [f"(Của {unit.name})"] if unit else [f"(Tổng hợp {units} đơn vị, {len(rows)} tập thể, cá nhân)"]
    data = TableData(title, headers, rows, lines=lines, fixed_widths=True,
                     meta=export_meta(session, "award_proposal", year, unit=unit, units=units))
    if unit is not None:  # the unit's own list under its own header, for its own head to sign
        data.header = office_header(session, unit.name)
        data.header.sign = SignatureBlock(date_line="")
    return data


def dossiers_table(session: Session, year: int, unit_id: int | None = None) -> TableData:
    from app.dossiers import list_dossiers

    rows = [[d.number, d.unit, d.received_on, d.category, d.status, d.nominees, d.due_on, d.authority]
            for d in list_dossiers(session, year)]
    headers = ["Số hồ sơ", "Đơn vị", "Ngày nhận", "Loại", "Tình trạng", "Số người/tập thể", "Hạn xử lý",
               "Thẩm quyền"]
    return TableData(f"Danh sách hồ sơ đề nghị khen thưởng năm {year}", headers, rows)


def registrations_table(session: Session, year: int, unit_id: int | None = None) -> TableData:
    query = (select(Registration, Unit.name).join(Unit, Unit.id == Registration.unit_id)
             .where(Registration.year == year))
    if unit_id is not None:
        query = query.where(Registration.unit_id == unit_id)
    names = {a.code: a.name for a in session.scalars(select(AwardType))}
    found = sorted(session.execute(query), key=lambda t: (sort_key(t[1]), t[0].id))
    rows = [[r.name, SUBJECT_TEXT.get(r.subject, r.subject), unit, names.get(r.award_code, r.award_code),
             "x" if r.is_exemplar else "", r.notes] for r, unit in found]
    headers = ["Họ và tên / tên tập thể", "Đối tượng", "Đơn vị", "Danh hiệu đăng ký", "Điển hình tiên tiến",
               "Ghi chú"]
    return TableData(f"Tổng hợp đăng ký thi đua năm {year}", headers, rows)


TABLES: dict[str, tuple[str, Callable[..., TableData]]] = {
    "ledger": ("Sổ theo dõi khen thưởng (mẫu báo cáo tỉnh)", ledger_table),
    "nominees": ("Danh sách đề nghị khen thưởng (mẫu nhập lại được)", nominees_table),
    "dossiers": ("Danh sách hồ sơ", dossiers_table),
    "registrations": ("Tổng hợp đăng ký thi đua", registrations_table),
}


def export_named(session: Session, name: str, year: int, path: str | Path, *,
                 unit_id: int | None = None, today: dt.date | None = None) -> tuple[Path, int]:
    """Write one of TABLES for a year; returns (path, rows written). The workbook is dated
    `today` (the clerk's `--date`), else as the year's forms are: the award book by the day
    the year's figures are counted to (app.reports.figures_as_of: the last decision on the
    year's achievements, never before 31/12 of a year that has ended), the other tables by
    today held to the year's end (app.dates.form_date); never by the clock for a past year."""
    from app.dates import form_date
    from app.reports.scope import figures_as_of

    if name not in TABLES:
        raise UserError(f"Không có bảng “{name}”; chọn một trong: {', '.join(TABLES)}.")
    if name == "ledger":
        day = today or figures_as_of(session, year)
        data = ledger_table(session, year, unit_id, as_of=day)
    else:
        day = today or form_date(year)
        data = TABLES[name][1](session, year, unit_id)
    if data.header is None:
        data.header = office_header(session)
    data.header.day = day
    if data.meta:  # the workbook's own record of its date says the same
        data.meta = [(k, day.isoformat() if k == "issued_on" else v) for k, v in data.meta]
    return write(path, data), len(data.rows)
