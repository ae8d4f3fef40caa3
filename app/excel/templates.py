"""Biểu mẫu gửi đơn vị: the workbook the office sends a unit to fill in, sign and send back,
one per unit, kind and year (`DangKyThiDua_2026_XaBanBo.xlsx`: no diacritics in file names).

The visible sheet (named in Vietnamese, `Danh sách`, `Đăng ký`, `Tự chấm điểm`, `Số liệu`)
prints as the paper form a head signs: the unit's administrative header, the title, one or
two lines saying how to fill it, the table with its numbering row, row heights that fit
their text, the place-and-date line and the unit's signature block (Người lập biểu /
Thủ trưởng đơn vị), page numbers; A4 portrait, or landscape at a readable scale for the
wide lists (columns a unit need not fill are left out rather than shrunk).

Only the cells to fill are editable (sheet protection without a password; rows can be
resized, inserted, deleted); every closed field is a drop-down that reaches the last usable
row and refuses other values with a Vietnamese message; the lists and `_meta` (kind,
template version, unit, year, issuer, template id) are very hidden sheets. Pre-filled where
the office knows the answer: see app/excel/template_rows.py.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.catalog import RATINGS
from app.errors import FileProblem, NotFound, UserError
from app.excel.fillkit import (
    choice_validation,
    list_sheet,
    lock_structure,
    meta_sheet,
    protect_form,
    unlock,
)
from app.excel.formkit import FONT, fit_cells, grow_as_typed, new_book, orientation_for, page_setup
from app.excel.sheetkit import (
    MONEY_FORMAT,
    Header,
    admin_header,
    data_cell,
    table_header,
    title_lines,
)
from app.excel.signature import SignatureBlock, signature_block
from app.excel.template_rows import bloc_of, prefill
from app.states import SUBJECTS as RECIPIENTS
from app.text import ascii_filename
from db.models import AwardType, BlocMember, Ethnicity, Unit

TEMPLATE_VERSION = "2"
SHEETS = {"award_proposal": "Danh sách", "registration": "Đăng ký", "bloc_scores": "Tự chấm điểm",
          "report": "Số liệu", "ratings": "Xếp loại"}
DATA_SHEET = SHEETS["award_proposal"]
# Empty ruled rows under the pre-filled ones: room to write, not a page of blank lines.
BLANK_ROWS = {"award_proposal": 15, "registration": 15, "bloc_scores": 0, "report": 0, "ratings": 10}
MIN_BLANK_ROWS = 5
FILE_PREFIX = {"award_proposal": "DeNghiKhenThuong", "registration": "DangKyThiDua",
               "bloc_scores": "TuChamDiem", "report": "BaoCaoSoLieu", "ratings": "DanhGiaXepLoai"}
TITLES = {"award_proposal": "Danh sách đề nghị khen thưởng năm {year}",
          "registration": "Bản đăng ký thi đua năm {year}",
          "bloc_scores": "Bảng tự chấm điểm thi đua năm {year}",
          "report": "Báo cáo tổng kết công tác thi đua, khen thưởng năm {year}",
          "ratings": "Danh sách đánh giá, xếp loại cán bộ, công chức, viên chức, người lao động năm {year}"}
HOW_TO = {
    "award_proposal": ["Ghi từ dòng đầu tiên dưới dòng đánh số cột; ô có mũi tên chọn trong danh sách. "
                       "Cá nhân ghi đủ năm sinh, giới tính, dân tộc; cần thêm dòng thì chèn dòng trong bảng."],
    "registration": ["Mỗi dòng một tập thể hoặc cá nhân; cá nhân ghi đủ năm sinh, giới tính, dân tộc. "
                     "Danh hiệu chọn trong danh sách; cần thêm dòng thì chèn dòng trong bảng."],
    "bloc_scores": ["Chỉ ghi điểm tự chấm (từ 0 đến điểm chuẩn) và giải trình ở từng tiêu chí; "
                    "điểm của nhóm và tổng cộng tự tính."],
    "report": ["Ghi số liệu cả năm vào cột «Số liệu»; số tiền ghi bằng đồng."],
    "ratings": ["Mỗi người một dòng: mức xếp loại và người (cấp) đánh giá; người lao động trực tiếp ghi đánh giá "
                "của thủ trưởng hoặc Hội đồng. Kỷ luật ghi ngày quyết định; sáng kiến ghi số quyết định công nhận; "
                "người đang bị điều tra, thanh tra, có khiếu nại chưa giải quyết ghi loại việc và ngày bắt đầu."],
}
SUBJECTS = list(RECIPIENTS.values())
YES = ["x"]


@dataclass
class Spec:
    """A column of a kind's sheet: header, width (Times New Roman 12 digits), the list it
    draws from (if any), and whether the unit fills it."""

    header: str
    width: float
    choices: str | None = None  # awards / titles / subjects / genders / ethnicities / ratings / yes
    fill: bool = True


COLUMNS = {
    # Landscape at 83 %: the thirteen columns a unit fills; notes are left out.
    "award_proposal": [Spec("STT", 4.5), Spec("Họ và tên", 17), Spec("Đối tượng", 7.5, "subjects"),
                       Spec("Năm sinh", 6.5), Spec("Giới tính", 5.5, "genders"), Spec("Dân tộc", 7, "ethnicities"),
                       Spec("Chức vụ", 12), Spec("Đơn vị công tác", 13), Spec("Hình thức đề nghị", 15, "awards"),
                       Spec("Tóm tắt thành tích", 22), Spec("Mức độ hoàn thành nhiệm vụ", 12, "ratings"),
                       Spec("Sáng kiến", 12), Spec("Lao động trực tiếp", 6.5, "yes")],
    "registration": [Spec("STT", 4.5), Spec("Họ và tên tập thể, cá nhân", 22), Spec("Đối tượng", 7.5, "subjects"),
                     Spec("Năm sinh", 6.5), Spec("Giới tính", 5.5, "genders"), Spec("Dân tộc", 7, "ethnicities"),
                     Spec("Chức vụ", 16), Spec("Danh hiệu đăng ký", 20, "titles"),
                     Spec("Điển hình tiên tiến", 8, "yes"), Spec("Ghi chú", 14)],
    # Portrait: the criterion id rides in a hidden last column.
    "bloc_scores": [Spec("STT", 5, fill=False), Spec("Nội dung tiêu chí", 29, fill=False),
                    Spec("Điểm chuẩn", 7.5, fill=False), Spec("Điểm tự chấm", 8), Spec("Giải trình", 33),
                    Spec("Mã tiêu chí", 6, fill=False)],
    "report": [Spec("STT", 5, fill=False), Spec("Chỉ tiêu", 28, fill=False), Spec("Đơn vị tính", 9, fill=False),
               Spec("Số liệu", 12), Spec("Ghi chú", 28)],
    # Landscape: the year-end rating list, the facts the award rules rest on, one row a person.
    "ratings": [Spec("STT", 4.5), Spec("Họ và tên", 15), Spec("Năm sinh", 6.5), Spec("Chức vụ", 10),
                Spec("Mức độ hoàn thành nhiệm vụ", 11, "ratings"), Spec("Người đánh giá", 10),
                Spec("Lao động trực tiếp", 6.5, "yes"), Spec("Hình thức kỷ luật", 8.5, "disciplines"),
                Spec("Ngày kỷ luật", 8.5), Spec("Tên sáng kiến", 13), Spec("Số quyết định công nhận sáng kiến", 10),
                Spec("Phạm vi sáng kiến", 8, "scopes"),
                Spec("Đang bị điều tra, thanh tra, khiếu nại", 9.5, "investigations"),
                Spec("Ngày bắt đầu điều tra, thanh tra", 8.5), Spec("Ghi chú", 6)],
}
LIST_NAMES = {"awards": "Hình thức đề nghị", "titles": "Danh hiệu đăng ký", "subjects": "Đối tượng",
              "genders": "Giới tính", "ethnicities": "Dân tộc", "ratings": "Mức độ hoàn thành nhiệm vụ",
              "yes": "x", "disciplines": "Hình thức kỷ luật", "scopes": "Phạm vi sáng kiến",
              "investigations": "Điều tra, thanh tra, khiếu nại"}


def template_name(kind: str, year: int, unit_name: str) -> str:
    return f"{FILE_PREFIX[kind]}_{year}_{ascii_filename(unit_name) or 'DonVi'}.xlsx"


def registered_titles(session: Session) -> list[str]:
    """What a unit registers for at the start of a year: the emulation titles (danh hiệu),
    never a form (Giấy khen, Bằng khen) or an order, which are proposed, not registered."""
    return [a.name for a in session.scalars(select(AwardType).where(AwardType.active, AwardType.category == "title")
                                            .order_by(AwardType.sort_order, AwardType.id))]


def _lists(session: Session, kind: str) -> dict[str, list[str]]:
    specs = COLUMNS[kind]
    wanted = {s.choices for s in specs if s.choices}
    lists: dict[str, list[str]] = {}
    if "awards" in wanted:
        lists["awards"] = [a.name for a in session.scalars(select(AwardType).where(AwardType.active)
                                                           .order_by(AwardType.sort_order, AwardType.id))]
    if "titles" in wanted:
        lists["titles"] = registered_titles(session)
    if "subjects" in wanted:
        lists["subjects"] = SUBJECTS
    if "genders" in wanted:
        lists["genders"] = ["Nam", "Nữ"]
    if "ethnicities" in wanted:
        lists["ethnicities"] = [e.name for e in session.scalars(select(Ethnicity).order_by(Ethnicity.sort_order,
                                                                                            Ethnicity.name))]
    if "ratings" in wanted:
        lists["ratings"] = list(RATINGS.values())
    if "yes" in wanted:
        lists["yes"] = YES
    if "disciplines" in wanted:
        lists["disciplines"] = ["Khiển trách", "Cảnh cáo", "Hạ bậc lương", "Giáng chức", "Cách chức", "Bãi nhiệm",
                                "Buộc thôi việc"]
    if "scopes" in wanted:
        lists["scopes"] = ["Cấp cơ sở", "Cấp tỉnh", "Toàn quốc"]
    if "investigations" in wanted:
        lists["investigations"] = ["Điều tra, xem xét", "Thanh tra, kiểm tra", "Khiếu nại, tố cáo"]
    return lists


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
    widths = [s.width for s in specs]
    shown = [0.0 if s.header == "Mã tiêu chí" else s.width for s in specs]  # what prints
    book = new_book()
    ws = book.active
    ws.title = SHEETS[kind]
    width = len(specs)
    parent = session.get(Unit, unit.parent_id) if unit.parent_id else None
    above = parent.name if parent is not None else (profile.authority_name or profile.superior_name or "")
    row = admin_header(ws, Header(above, unit.name), width, widths=shown)
    lines = list(HOW_TO[kind])
    bloc = None
    if kind == "bloc_scores":
        bloc = bloc_of(session, unit.id, year)
        lines.insert(0, bloc.name)
    row = title_lines(ws, row, width, TITLES[kind].format(year=year), lines, widths=shown)
    first = table_header(ws, row, [s.header for s in specs], widths, orientation=orientation_for(shown))
    page_setup(ws, shown, orientation=orientation_for(shown))  # the scale of what prints (no hidden id)
    rows = prefill(session, kind, year, unit, bloc)
    for i, line in enumerate(rows):
        r = first + i
        for c, value in enumerate(line.values, start=1):
            cell = data_cell(ws, r, c, value)
            if line.bold:
                cell.font = Font(name=FONT, size=12, bold=True)
            if line.indent and c == 2:  # a criterion under its group
                cell.alignment = Alignment(vertical="top", wrap_text=True, indent=line.indent)
        for c, fmt in line.formats.items():
            ws.cell(r, c).number_format = fmt
        fit_cells(ws, r, shown)
    blank = max(MIN_BLANK_ROWS, BLANK_ROWS[kind] - len(rows)) if BLANK_ROWS[kind] else 0
    last = first + len(rows) + blank - 1
    for r in range(first + len(rows), last + 1):
        for c in range(1, width + 1):
            data_cell(ws, r, c, None)
    for r in range(first, last + 1):  # what a unit types into a row grows it, never clipped
        grow_as_typed(ws, r)
    fill_cols = [c for c, s in enumerate(specs, start=1) if s.fill]
    if kind == "bloc_scores":
        from app.excel.score_template import finish_scores

        row_after = finish_scores(ws, rows, first, widths)
    else:
        unlock(ws, first, last, fill_cols)
        row_after = last + 1
        if kind == "report":
            _report_formats(ws, rows, first)
    refs = list_sheet(book, _lists(session, kind))
    for c, spec in enumerate(specs, start=1):
        if spec.choices and last >= first:
            col = get_column_letter(c)
            choice_validation(ws, f"{col}{first}:{col}{last}", refs[spec.choices], spec.header)
    if kind == "bloc_scores":
        ws.column_dimensions[get_column_letter(width)].hidden = True
    signature_block(ws, row_after, shown, SignatureBlock(), fill=True)
    protect_form(ws)
    meta_sheet(book, _meta_pairs(kind, year, unit, profile, first, last))
    lock_structure(book)
    book.active = 0
    target = Path(path) if path else Path(folder) / template_name(kind, year, unit.name)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        book.save(target)
    except OSError as exc:
        raise FileProblem(f"Không ghi được tệp {target}: {exc.strerror or exc}.") from exc
    from app.first_steps import record_templates_sent

    record_templates_sent(session, year, 1)  # the home screen's step "Gửi biểu mẫu" is done
    return target


def _report_formats(ws, rows, first: int) -> None:
    """Figures are whole numbers with thousands separators (money in đồng above all)."""
    for i, _line in enumerate(rows):
        ws.cell(first + i, 4).number_format = MONEY_FORMAT


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


def _meta_pairs(kind: str, year: int, unit: Unit, profile, first: int, last: int) -> list[tuple[str, str]]:
    return [("kind", kind), ("source", "template"), ("template_version", TEMPLATE_VERSION),
            ("unit_code", unit.code), ("unit_name", unit.name), ("year", str(year)), ("scope", "unit"),
            ("issuer", ", ".join(t for t in (profile.office_name, profile.authority_name) if t)),
            ("template_id", uuid.uuid4().hex), ("sheet", SHEETS[kind]),
            ("first_row", str(first)), ("last_row", str(last)),
            ("issued_on", dt.date.today().isoformat())]
