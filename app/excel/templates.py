"""Biểu mẫu gửi đơn vị: the workbook the office sends a unit to fill in, one per unit, kind
and year (`DangKyThiDua_2026_XaBanBo.xlsx`: no diacritics in file names).

A visible sheet like the paper form (administrative header, title, a short instruction, the
header row with its numbering row, frozen panes, A4 print setup with repeated header rows),
drop-down lists for every closed field (award, subject, gender, ethnicity, rating, yes/no)
kept on a hidden `_lists` sheet, and a hidden, protected `_meta` sheet saying what the
workbook is (kind, template version, unit, year, issuer, template id). Pre-filled where the
office knows the answer: the bloc's criteria and maximum points for self-scoring (with the
criterion id in a hidden column), the people registered earlier for award proposals.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.catalog import RATINGS
from app.errors import FileProblem, NotFound, UserError
from app.excel.sheetkit import FONT, Header, admin_header, data_cell, table_header, title_lines
from app.states import SUBJECTS as RECIPIENTS
from app.text import ascii_filename
from db.models import (
    AwardType,
    Bloc,
    BlocCriterion,
    BlocMember,
    Ethnicity,
    Person,
    Registration,
    Unit,
)

TEMPLATE_VERSION = "1"
DATA_SHEET = "Danh sach"
BLANK_ROWS = 30
FILE_PREFIX = {"award_proposal": "DeNghiKhenThuong", "registration": "DangKyThiDua",
               "bloc_scores": "TuChamDiem", "report": "BaoCaoSoLieu"}
TITLES = {"award_proposal": "Danh sách đề nghị khen thưởng năm {year}",
          "registration": "Bản đăng ký thi đua năm {year}",
          "bloc_scores": "Bảng tự chấm điểm thi đua năm {year}",
          "report": "Báo cáo tổng kết công tác thi đua, khen thưởng năm {year}"}
SUBJECTS = list(RECIPIENTS.values())
YES = ["x"]
REPORT_FIGURES = [
    ("Số phong trào thi đua đã phát động", "phong trào"),
    ("Số tập thể được khen thưởng", "tập thể"),
    ("Số cá nhân được khen thưởng", "người"),
    ("Trong đó: người lao động trực tiếp", "người"),
    ("Số Lao động tiên tiến", "người"),
    ("Số Chiến sĩ thi đua cơ sở", "người"),
    ("Số sáng kiến được công nhận", "sáng kiến"),
    ("Số điển hình tiên tiến được biểu dương", "điển hình"),
    ("Tổng số tiền thưởng đã chi", "đồng"),
]


@dataclass
class Spec:
    """Columns of a kind's sheet: header, width, the list it draws from (if any)."""

    header: str
    width: float
    choices: str | None = None  # awards / subjects / genders / ethnicities / ratings / yes


COLUMNS = {
    "award_proposal": [Spec("STT", 6), Spec("Họ và tên", 26), Spec("Đối tượng", 12, "subjects"),
                       Spec("Năm sinh", 11), Spec("Giới tính", 9, "genders"), Spec("Dân tộc", 11, "ethnicities"),
                       Spec("Chức vụ", 22), Spec("Đơn vị công tác", 24), Spec("Hình thức đề nghị", 24, "awards"),
                       Spec("Tóm tắt thành tích", 40), Spec("Mức độ hoàn thành nhiệm vụ", 16, "ratings"),
                       Spec("Sáng kiến", 24), Spec("Lao động trực tiếp", 11, "yes"), Spec("Ghi chú", 14)],
    "registration": [Spec("STT", 6), Spec("Họ và tên tập thể, cá nhân", 30), Spec("Đối tượng", 12, "subjects"),
                     Spec("Chức vụ", 24), Spec("Danh hiệu đăng ký", 28, "awards"),
                     Spec("Điển hình tiên tiến", 12, "yes"), Spec("Ghi chú", 20)],
    "bloc_scores": [Spec("STT", 7), Spec("Nội dung tiêu chí", 60), Spec("Điểm chuẩn", 10),
                    Spec("Điểm tự chấm", 10), Spec("Giải trình", 36), Spec("Mã tiêu chí", 6)],
    "report": [Spec("STT", 6), Spec("Chỉ tiêu", 50), Spec("Đơn vị tính", 14), Spec("Số liệu", 14),
               Spec("Ghi chú", 30)],
}


def template_name(kind: str, year: int, unit_name: str) -> str:
    return f"{FILE_PREFIX[kind]}_{year}_{ascii_filename(unit_name) or 'DonVi'}.xlsx"


def _lists(session: Session) -> dict[str, list[str]]:
    awards = [a.name for a in session.scalars(select(AwardType).where(AwardType.active)
                                              .order_by(AwardType.sort_order, AwardType.id))]
    ethnicities = [e.name for e in session.scalars(select(Ethnicity).order_by(Ethnicity.sort_order, Ethnicity.name))]
    return {"awards": awards, "subjects": SUBJECTS, "genders": ["Nam", "Nữ"], "ethnicities": ethnicities,
            "ratings": list(RATINGS.values()), "yes": YES}


def write_template(session: Session, kind: str, year: int, unit_id: int, folder: str | Path, *,
                   path: str | Path | None = None, today: dt.date | None = None) -> Path:
    """One unit's workbook for a kind and year; returns its path."""
    if kind not in COLUMNS:
        raise UserError(f"Loại biểu mẫu “{kind}” không có; chọn một trong: {', '.join(COLUMNS)}.")
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound("Không tìm thấy đơn vị để lập biểu mẫu.")
    from app.office import get_profile

    profile = get_profile(session)
    specs = COLUMNS[kind]
    book = Workbook()
    ws = book.active
    ws.title = DATA_SHEET
    width = len(specs)
    row = admin_header(ws, Header(profile.authority_name, unit.name, "", None), width)
    lines = ["Điền từ dòng đầu tiên dưới dòng đánh số cột; không sửa dòng tiêu đề. "
             "Chọn các ô có mũi tên trong danh sách thả xuống."]
    bloc = None
    if kind == "bloc_scores":
        bloc = _bloc_of(session, unit.id, year)
        lines.insert(0, bloc.name)
    row = title_lines(ws, row, width, TITLES[kind].format(year=year), lines)
    first = table_header(ws, row, [s.header for s in specs], [s.width for s in specs])
    rows, bold = _prefill(session, kind, year, unit, bloc)
    for i, values in enumerate(rows):
        for c, value in enumerate(values, start=1):
            cell = data_cell(ws, first + i, c, value)
            if i in bold:  # a group of criteria: its children carry the scores
                cell.font = Font(name=FONT, size=12, bold=True)
    last = first + max(len(rows), 0) + BLANK_ROWS - 1
    for r in range(first + len(rows), last + 1):
        for c in range(1, width + 1):
            data_cell(ws, r, c, None)
    _validations(book, ws, specs, first, last, _lists(session))
    if kind == "bloc_scores":
        ws.column_dimensions[get_column_letter(width)].hidden = True
    _meta(book, kind, year, unit, profile)
    target = Path(path) if path else Path(folder) / template_name(kind, year, unit.name)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        book.save(target)
    except OSError as exc:
        raise FileProblem(f"Không ghi được tệp {target}: {exc.strerror or exc}.") from exc
    return target


def write_templates(session: Session, kind: str, year: int, unit_ids: list[int], folder: str | Path) -> list[Path]:
    """One workbook per unit into a folder."""
    return [write_template(session, kind, year, uid, folder) for uid in unit_ids]


def units_for(session: Session, *, bloc_id: int | None = None, year: int | None = None) -> list[int]:
    """Every active reporting unit, or the units of one bloc."""
    if bloc_id is not None:
        return list(session.scalars(select(BlocMember.unit_id).join(Unit, Unit.id == BlocMember.unit_id)
                                    .where(BlocMember.bloc_id == bloc_id).order_by(Unit.sort_order, Unit.name)))
    return list(session.scalars(select(Unit.id).where(Unit.active.is_(True),
                                                      Unit.kind != "authority")
                                .order_by(Unit.sort_order, Unit.name)))


def _bloc_of(session: Session, unit_id: int, year: int) -> Bloc:
    bloc = session.scalar(select(Bloc).join(BlocMember, BlocMember.bloc_id == Bloc.id)
                          .where(BlocMember.unit_id == unit_id, Bloc.year == year).order_by(Bloc.id).limit(1))
    if bloc is None:
        unit = session.get(Unit, unit_id)
        raise UserError(f"{unit.name if unit else 'Đơn vị'} chưa thuộc khối thi đua nào năm {year}; "
                        "không lập được bảng tự chấm điểm.")
    return bloc


def _prefill(session: Session, kind: str, year: int, unit: Unit, bloc: Bloc | None) -> tuple[list[list], set[int]]:
    """Rows the office already knows, and which of them are groups (shown bold)."""
    if kind == "bloc_scores":
        criteria = list(session.scalars(select(BlocCriterion).where(BlocCriterion.bloc_id == bloc.id)
                                        .order_by(BlocCriterion.sort_order, BlocCriterion.id)))
        parents = {c.parent_id for c in criteria if c.parent_id}
        rows = [[c.code, c.title, float(c.max_points) if c.max_points is not None else None, None, None, c.id]
                for c in criteria]
        return rows, {i for i, c in enumerate(criteria) if c.id in parents}
    if kind == "report":
        return [[i, label, measure, None, None] for i, (label, measure) in enumerate(REPORT_FIGURES, start=1)], set()
    if kind == "award_proposal":
        names = {a.code: a.name for a in session.scalars(select(AwardType))}
        regs = session.execute(select(Registration, Person).outerjoin(Person, Person.id == Registration.person_id)
                               .where(Registration.unit_id == unit.id, Registration.year == year,
                                      Registration.award_code != "").order_by(Registration.id))
        rows = []
        for n, (reg, person) in enumerate(regs, start=1):
            subject = RECIPIENTS[reg.subject]
            rows.append([n, reg.name, subject, person.birth_year if person else None,
                         {"M": "Nam", "F": "Nữ"}.get(person.gender or "") if person else None, None,
                         person.position if person else None, None, names.get(reg.award_code, ""),
                         None, None, None, None, None])
        return rows, set()
    return [], set()


def _validations(book: Workbook, ws, specs: list[Spec], first: int, last: int, lists: dict[str, list[str]]) -> None:
    sheet = book.create_sheet("_lists")
    sheet.sheet_state = "hidden"
    refs = {}
    for c, (name, values) in enumerate(lists.items(), start=1):
        for r, value in enumerate(values, start=1):
            sheet.cell(r, c, value)
        col = get_column_letter(c)
        refs[name] = f"=_lists!${col}$1:${col}${max(len(values), 1)}"
    for c, spec in enumerate(specs, start=1):
        if not spec.choices:
            continue
        dv = DataValidation(type="list", formula1=refs[spec.choices], allow_blank=True,
                            showErrorMessage=spec.choices not in ("awards",),
                            errorTitle="Giá trị không có trong danh sách",
                            error="Hãy chọn một giá trị trong danh sách thả xuống.")
        col = get_column_letter(c)
        dv.add(f"{col}{first}:{col}{last}")
        ws.add_data_validation(dv)
    sheet.protection.sheet = True


def _meta(book: Workbook, kind: str, year: int, unit: Unit, profile) -> None:
    meta = book.create_sheet("_meta")
    pairs = [("kind", kind), ("template_version", TEMPLATE_VERSION), ("unit_code", unit.code),
             ("unit_name", unit.name), ("year", str(year)),
             ("issuer", ", ".join(t for t in (profile.office_name, profile.authority_name) if t)),
             ("template_id", uuid.uuid4().hex), ("sheet", DATA_SHEET),
             ("issued_on", dt.date.today().isoformat())]
    for r, (key, value) in enumerate(pairs, start=1):
        meta.cell(r, 1, key)
        meta.cell(r, 2, value)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    meta.protection.password = "tdkt"
