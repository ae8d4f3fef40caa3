"""Danh sách trình cấp trên: the year's nominees the office forwards to the province, written in
the province system's own import template so its clerk imports them without retyping.

    tdkt export forwarding --year 2025 --layout mautdkt -o TrinhTinh_2025.xlsx

Who is on it: the approved nominees of the year's dossiers whose authority is the higher one
(`authority == "forwarded"`, not rejected, withdrawn or returned). The MauTDKT layout is its
template itself (`resources/layouts/MauTDKT.xlsx`): the same sheet `file nhận`, header,
drop-downs, hidden lookup sheets and hidden VLOOKUP code columns R–U. Only the rows are
written, into the sheet's XML as Excel would save them: each visible cell as text, each code
column keeping its formula with the code it finds cached beside it (or `#N/A`, as Excel would,
when the name is not in the system's catalogue). openpyxl is not used: it drops the template's
drop-downs. The workbook asks Excel to recalculate on opening.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.errors import FileProblem, UserError
from app.excel.hidden import sheet_parts
from app.excel.mautdkt import layout
from app.excel.reader import read_workbook
from app.text import fold
from db.models import AwardType, Dossier, Nominee, Person, Unit

LAYOUTS = {"tdkt": "mẫu danh sách của chương trình", "mautdkt": "mẫu nhập MauTDKT của hệ thống TĐKT tỉnh"}
CLOSED = ("rejected", "withdrawn", "returned")
_HIGH_LEADER = re.compile(r"\b(?:chu tich|pho chu tich|bi thu|pho bi thu|giam doc|pho giam doc|truong phong|"
                          r"pho truong phong|pho phong|chanh van phong|chanh thanh tra|cuc truong|vu truong)\b")
_LEADER = re.compile(r"\b(?:truong|pho|chi huy|hieu truong|to truong|doi truong|chu nhiem|thu truong)\b")
_KIND_CATEGORY = {"commune": "administration", "ward": "administration", "township": "administration",
                  "special_zone": "administration", "authority": "administration", "agency": "administration",
                  "public_service": "public_service", "health": "public_service", "school": "public_service",
                  "mass_org": "party_mass", "enterprise": "enterprise", "village": "other"}
_NAME_CATEGORY = (("hop tac xa", "cooperative"), ("htx", "cooperative"), ("cong ty", "enterprise"),
                  ("doanh nghiep", "enterprise"), ("truong", "public_service"), ("tram y te", "public_service"),
                  ("trung tam", "public_service"), ("benh vien", "public_service"),
                  ("doan", "party_mass"), ("hoi ", "party_mass"), ("mat tran", "party_mass"), ("dang", "party_mass"),
                  ("ubnd", "administration"), ("uy ban", "administration"), ("phong", "administration"),
                  ("van phong", "administration"), ("xa ", "administration"))
_SECTORS = (("truong", "Giáo dục - Đào tạo"), ("giao duc", "Giáo dục - Đào tạo"), ("y te", "Y tế"),
            ("benh vien", "Y tế"), ("cong an", "An ninh - Quốc phòng"), ("quan su", "An ninh - Quốc phòng"),
            ("bien phong", "An ninh - Quốc phòng"), ("doan", "Các tổ chức Hội và Đoàn thể"),
            ("hoi ", "Các tổ chức Hội và Đoàn thể"), ("mat tran", "Các tổ chức Hội và Đoàn thể"),
            ("tu phap", "Tư pháp - Thanh tra - Tòa án - Kiểm sát"), ("thanh tra", "Tư pháp - Thanh tra - Tòa án - Kiểm sát"),
            ("tai chinh", "Tài chính - Ngân hàng"), ("kho bac", "Tài chính - Ngân hàng"),
            ("nong nghiep", "Nông nghiệp - Nông thôn"), ("van hoa", "Văn hóa - Thể Thao - Du lịch"),
            ("tai nguyen", "Tài nguyên - Môi trường"), ("ubnd", "Quản lý Nhà nước"), ("uy ban", "Quản lý Nhà nước"),
            ("phong", "Quản lý Nhà nước"))
_KIND_SECTOR = {"school": "Giáo dục - Đào tạo", "health": "Y tế", "mass_org": "Các tổ chức Hội và Đoàn thể",
                "commune": "Quản lý Nhà nước", "ward": "Quản lý Nhà nước", "township": "Quản lý Nhà nước",
                "special_zone": "Quản lý Nhà nước", "agency": "Quản lý Nhà nước", "authority": "Quản lý Nhà nước"}
_VISIBLE = "ABCDEFGHI"
_CODES = ("R", "S", "T", "U")


@dataclass
class ForwardRow:
    """One line of the list sent up."""

    subject: str
    name: str
    title: str  # `Ông` / `Bà` (Tên gọi), from the gender
    position: str
    unit: str
    award_code: str
    award_name: str
    category: str  # a key of layout().categories
    sector: str
    dossier: str
    rank: str = ""  # written before the name (`Thiếu úy Vừ A Lềnh`): Tên gọi keeps Ông / Bà, the gender
    issued_on: dt.date | None = None  # when the award is decided (the dossier's date): whose Giấy khen


@dataclass
class ForwardResult:
    path: Path
    rows: int
    left_out: int  # nominees of forwarded dossiers not yet approved
    not_in_catalogue: list[str]  # our awards the province's catalogue has no name for
    notes: list[str] = field(default_factory=list)  # what the layout cannot carry, said to the clerk


BIRTH_YEAR_NOTE = ("Mẫu nhập MauTDKT của hệ thống tỉnh không có cột năm sinh, giới tính: năm sinh không được "
                   "chuyển đi (giới tính đi theo tên gọi Ông / Bà); nếu tỉnh cần, hãy bổ sung trên hệ thống tỉnh.")


def forwarding_rows(session: Session, year: int, unit_id: int | None = None) -> tuple[list[ForwardRow], int]:
    """The approved nominees of the year's forwarded dossiers, in dossier order; and how many of
    those dossiers' nominees were left out (not approved yet)."""
    own_unit, person_unit = aliased(Unit), aliased(Unit)
    query = (select(Nominee, AwardType.code, AwardType.name, Person.gender, Dossier.number, own_unit.kind,
                    person_unit.kind, Unit.kind, Unit.name, Dossier.forwarded_on, Dossier.received_on)
             .join(Dossier, Dossier.id == Nominee.dossier_id)
             .join(Unit, Unit.id == Dossier.unit_id)
             .join(AwardType, AwardType.id == Nominee.award_type_id)
             .outerjoin(Person, Person.id == Nominee.person_id)
             .outerjoin(own_unit, own_unit.id == Nominee.unit_id)
             .outerjoin(person_unit, person_unit.id == Person.unit_id)
             .where(Dossier.year == year, Dossier.authority == "forwarded", Dossier.status.not_in(CLOSED))
             .order_by(Dossier.number, Nominee.seq, Nominee.id))
    if unit_id is not None:
        query = query.where(Dossier.unit_id == unit_id)
    rows, left_out = [], 0
    for (n, code, award, gender, number, own_kind, person_kind, dossier_kind, dossier_unit, forwarded_on,
         received_on) in session.execute(query):
        if n.appraisal != "approved":
            left_out += 1
            continue
        sex = n.gender or gender  # what the list said of the nominee, else the person's record
        courtesy = {"M": "Ông", "F": "Bà"}.get(sex or "", "") if n.subject == "individual" else ""
        unit = n.unit_text or ("" if n.subject == "collective" else dossier_unit)
        kind = own_kind if n.subject == "collective" else (person_kind or dossier_kind)
        rows.append(ForwardRow(n.subject, n.name, courtesy, n.position, unit, code, award,
                               _category(n, kind), _sector(n, unit, kind), number,
                               rank=n.rank if n.subject == "individual" else "",
                               issued_on=forwarded_on or received_on))
    return rows, left_out


def _category(n: Nominee, kind: str | None) -> str:
    if n.subject == "household":
        return "household"
    if n.subject == "individual":
        position = fold(n.position)
        if _HIGH_LEADER.search(position):
            return "leader_high"
        return "leader_other" if _LEADER.search(position) else "worker"
    if kind in _KIND_CATEGORY:
        return _KIND_CATEGORY[kind]
    key = f"{fold(n.name)} "
    return next((cat for word, cat in _NAME_CATEGORY if key.startswith(word)), "other")


def _sector(n: Nominee, unit: str, kind: str | None) -> str:
    if n.subject == "household":
        return "N/A"
    if kind in _KIND_SECTOR:
        return _KIND_SECTOR[kind]
    key = f"{fold(n.name if n.subject == 'collective' else unit)} "
    return next((sector for word, sector in _SECTORS if word in key), "N/A")


def export_forwarding(session: Session, year: int, path: str | Path, *, layout_name: str = "mautdkt",
                      unit_id: int | None = None) -> ForwardResult:
    """Write the year's forwarding list in a layout; raises UserError when there is nothing."""
    from app.office import get_profile

    if layout_name not in LAYOUTS:
        raise UserError(f"Không có mẫu “{layout_name}”; chọn một trong: {', '.join(LAYOUTS)}.")
    rows, left_out = forwarding_rows(session, year, unit_id)
    if not rows:
        more = f" ({left_out} đề nghị chưa thẩm định đạt)" if left_out else ""
        raise UserError(f"Năm {year} chưa có đề nghị nào được thẩm định đạt trong các hồ sơ trình cấp trên{more}; "
                        "không có gì để xuất.")
    path = Path(path)
    if layout_name == "tdkt":
        return _own_layout(session, year, path, rows, left_out)
    level = get_profile(session).level or "xa"
    return write_mautdkt(rows, path, level=level, left_out=left_out)


# Since 1 July 2025 there is no district level (Luật Tổ chức chính quyền địa phương 2025): a
# grassroots Giấy khen is the commune chairman's from then, the district chairman's before.
TWO_LEVELS_FROM = dt.date(2025, 7, 1)


def issuer_level(level: str, issued_on: dt.date | None) -> str:
    """The level whose Giấy khen an award of a grassroots office is, on the day it is decided."""
    if level not in ("xa", "huyen") or issued_on is None:
        return level
    return "xa" if issued_on >= TWO_LEVELS_FROM else "huyen"


def _own_layout(session: Session, year: int, path: Path, rows: list[ForwardRow], left_out: int) -> ForwardResult:
    from app.excel.exports import TableData, office_header, write
    from app.states import SUBJECTS

    headers = ["Tên gọi, cấp bậc", "Họ và tên / tên tập thể", "Đối tượng", "Chức vụ", "Đơn vị công tác",
               "Danh hiệu, hình thức đề nghị", "Số hồ sơ"]
    table = [[", ".join(t for t in (r.title, r.rank) if t), r.name, SUBJECTS.get(r.subject, r.subject), r.position,
              r.unit, r.award_name, r.dossier] for r in rows]
    data = TableData(f"Danh sách đề nghị cấp trên khen thưởng năm {year}", headers, table)
    data.header = office_header(session)
    write(path, data)
    return ForwardResult(path, len(rows), left_out, [])


# --- the MauTDKT template, filled in its XML ------------------------------------------------------

def _catalogues(template: Path) -> dict[str, dict[str, object]]:
    """The template's hidden lookup sheets: sheet → {name: code} (codes keep their type)."""
    book = read_workbook(template)
    out: dict[str, dict[str, object]] = {}
    for sheet in book.sheets:
        table = {}
        for row in sheet.rows:
            if len(row) >= 2 and isinstance(row[0], str) and row[1] is not None:
                table.setdefault(row[0].strip(), row[1])
        out[sheet.name] = table
    return out


def _text_cell(ref: str, style: str, value: str) -> str:
    if not value:
        return f'<c r="{ref}"{style}/>'
    return f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'


def _formula_cell(ref: str, style: str, formula: str, value: object) -> str:
    if value is None:
        return f'<c r="{ref}"{style} t="e"><f>{formula}</f><v>#N/A</v></c>'
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<c r="{ref}"{style}><f>{formula}</f><v>{value}</v></c>'
    return f'<c r="{ref}"{style} t="str"><f>{formula}</f><v>{escape(str(value))}</v></c>'


_CELL = re.compile(r'<c r="([A-Z]+)(\d+)"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
_STYLE = re.compile(r'\ss="\d+"')
_ROW = re.compile(r'<row r="(\d+)"[^>]*?(?:/>|>.*?</row>)', re.S)


def _pattern(sheet_xml: str) -> tuple[str, dict[str, str], dict[str, str]]:
    """Row 2 of the template: its row attributes, each column's style, each code column's formula."""
    row2 = next(m for m in _ROW.finditer(sheet_xml) if m.group(1) == "2")
    head = re.match(r'<row r="2"([^>]*?)(?:/>|>)', row2.group(0)).group(1)
    styles, formulas = {}, {}
    for m in _CELL.finditer(row2.group(0)):
        col, attrs, inner = m.group(1), m.group(3), m.group(4) or ""
        style = _STYLE.search(attrs)
        styles[col] = style.group(0) if style else ""
        if (f := re.search(r"<f>(.*?)</f>", inner, re.S)) is not None:
            formulas[col] = f.group(1)
    return head.replace(' spans="1:21"', ""), styles, formulas


def _row_xml(n: int, values: dict[str, str], codes: dict[str, object], head: str, styles: dict[str, str],
             formulas: dict[str, str]) -> str:
    cells = []
    for col in _VISIBLE:
        ref = f"{col}{n}"
        if col == "A":
            cells.append(f'<c r="{ref}"{styles.get(col, "")}><v>{values[col]}</v></c>')
        else:
            cells.append(_text_cell(ref, styles.get(col, ""), values.get(col, "")))
    for col in _CODES:
        formula = re.sub(r"(?<![$A-Z])([A-I])2(?!\d)", rf"\g<1>{n}", formulas[col])
        cells.append(_formula_cell(f"{col}{n}", styles.get(col, ""), formula, codes.get(col)))
    return f'<row r="{n}"{head}>{"".join(cells)}</row>'


def write_mautdkt(rows: list[ForwardRow], path: Path, *, level: str = "xa", left_out: int = 0) -> ForwardResult:
    """Fill a copy of the MauTDKT template with `rows` (rows 2 …), keeping all the rest."""
    spec = layout()
    catalogues = _catalogues(spec.template)
    htkt, pldt, lvhd, kinds = (catalogues.get(n, {}) for n in ("HTKT", "PLDT", "LVHD", "phan loai kt"))
    missing: list[str] = []
    with zipfile.ZipFile(spec.template) as zf:
        part = sheet_parts(zf)[spec.sheet]
        sheet_xml = zf.read(part).decode("utf-8")
        head, styles, formulas = _pattern(sheet_xml)
        new_rows = []
        for i, r in enumerate(rows):
            system = spec.export_name(r.award_code, issuer_level(level, r.issued_on))
            award_name = system.name if system else r.award_name
            if system is None and r.award_name not in missing:
                missing.append(r.award_name)
            subject = spec.subjects[r.subject]["name"]
            category = spec.categories[r.category]
            name = f"{r.rank} {r.name}" if r.rank else r.name  # the importer takes the rank out again
            values = {"A": str(i + 1), "B": r.title, "C": name, "D": r.position, "E": r.unit, "F": subject,
                      "G": award_name, "H": category, "I": r.sector}
            codes = {"R": kinds.get(subject), "S": htkt.get(award_name), "T": pldt.get(category),
                     "U": lvhd.get(r.sector)}
            new_rows.append(_row_xml(i + 2, values, codes, head, styles, formulas))
        last = len(rows) + 1
        kept = [m.group(0) for m in _ROW.finditer(sheet_xml) if m.group(1) == "1" or int(m.group(1)) > last]
        header, rest = kept[0], kept[1:]
        body = header + "".join(new_rows) + "".join(rest)
        sheet_xml = re.sub(r"<sheetData>.*</sheetData>", lambda _m: f"<sheetData>{body}</sheetData>", sheet_xml,
                           count=1, flags=re.S)
        bottom = max(last, max((int(m.group(1)) for m in _ROW.finditer(body)), default=last))
        sheet_xml = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:U{bottom}"/>', sheet_xml, count=1)
        _write_package(zf, Path(path), {part: sheet_xml})
    return ForwardResult(Path(path), len(rows), left_out, missing, [BIRTH_YEAR_NOTE])


def _write_package(zf: zipfile.ZipFile, path: Path, replaced: dict[str, str]) -> None:
    """The template's package with some parts replaced and its calculation chain dropped (Excel
    rebuilds it; a chain naming cells that changed is what makes Excel "repair" a file)."""
    try:
        fd, name = tempfile.mkstemp(suffix=".xlsx", dir=path.parent)
    except OSError as exc:
        raise FileProblem(f"Không ghi được tệp {path.name}: {exc.strerror or exc}.") from exc
    os.close(fd)
    tmp = Path(name)
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
            for info in zf.infolist():
                name = info.filename
                if name == "xl/calcChain.xml":
                    continue
                data = zf.read(name)
                if name in replaced:
                    data = replaced[name].encode("utf-8")
                elif name == "[Content_Types].xml":
                    data = re.sub(rb'<Override PartName="/xl/calcChain.xml"[^>]*/>', b"", data)
                elif name == "xl/_rels/workbook.xml.rels":
                    data = re.sub(rb'<Relationship [^>]*Target="calcChain.xml"[^>]*/>', b"", data)
                elif name == "xl/workbook.xml":
                    data = re.sub(rb"<calcPr([^>]*?)/>", lambda m: b"<calcPr" + m.group(1).replace(
                        b' fullCalcOnLoad="1"', b"") + b' fullCalcOnLoad="1"/>', data, count=1)
                out.writestr(info, data)
        shutil.move(tmp, path)
    except OSError as exc:
        raise FileProblem(f"Không ghi được tệp {path.name}: {exc.strerror or exc}.") from exc
    finally:
        tmp.unlink(missing_ok=True)
