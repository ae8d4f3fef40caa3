"""Nhập tệp Excel: read a unit's workbook, show what it says, then write it — or not at all.

    preview = read_file(session, path)          # never writes
    result = commit_import(db, preview)          # all or nothing

`read_file` finds the table (our template or the unit's own layout), works out the kind, the
sending unit, the year and the list's award (options > `_meta` > title lines > columns), reads
every row, matches nominees to people and collectives to units, and lists every problem with
its sheet and cell. The preview can be re-read with corrections (kind, unit, year, award,
column mapping). `commit_import` writes the submission (a new version when the unit sent the
same list before), keeps the original file by its content hash, and for an award proposal
makes the dossier with its nominees (see app/import_writers.py). An award list never replaces
another silently: it takes over an earlier list's dossier only when unit, year, kind and the
set of awards match, nothing there is appraised yet, and the clerk confirms
(`preview.replace_confirmed`); otherwise it is a dossier of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from app.errors import FileProblem, UserError
from app.excel import list_kind, own_export
from app.excel.bounds import limits_from
from app.excel.codebook import catalogue_pairs, read_codebook, sheet_role
from app.excel.decision_text import year_in
from app.excel.hints import TitleHints, kind_from_text, pretty_unit, read_hints
from app.excel.layout import TableLayout, apply_mapping, find_table
from app.excel.lookups import AwardRef, Lookups
from app.excel.problems import Problem, problem
from app.excel.reader import Sheet, Workbook, column_letter, read_workbook
from app.excel.rows import (
    FigureRow,
    NomineeRow,
    ScoreRow,
    parse_figures,
    parse_nominees,
    parse_scores,
)
from app.files import sha256_of
from app.import_checks import check_nominees, check_scores, check_versions
from app.import_units import check_units, drop_known, many_units
from app.matching import UnitIndex, UnitRef

KINDS = {
    "award_proposal": "Danh sách đề nghị khen thưởng",
    "registration": "Bản đăng ký thi đua",
    "bloc_scores": "Bảng tự chấm điểm thi đua",
    "report": "Báo cáo sơ kết, tổng kết",
    "ledger": "Sổ theo dõi khen thưởng (các năm trước)",
    "ratings": "Danh sách đánh giá, xếp loại",
}
NOMINEE_KINDS = ("award_proposal", "registration", "ratings")

Progress = Callable[[int, int, str], None]


class NoTable(FileProblem):
    """A workbook with no recognisable table on any sheet (exit 2, code `no_table`)."""


class OwnExport(FileProblem):
    """A workbook the office itself exported that is no list to import (exit 1, code
    `own_export`): one line says what it is, nothing is written."""


class Cancelled(UserError):
    """The user stopped the import; nothing was written."""


@dataclass
class SheetTable:
    """A table found on one sheet, with its columns for the mapping editor."""

    layout: TableLayout

    @property
    def name(self) -> str:
        return self.layout.sheet.name

    def columns(self) -> list[tuple[int, str, str, str | None]]:
        """(index, letter, header text, field) per column."""
        return [(c.index, column_letter(c.index), c.header, c.field) for c in self.layout.columns]


@dataclass
class Previous:
    """The submission this file follows: the identical file, or the list it corrects."""

    submission_id: int
    version_no: int
    dossier_id: int | None = None
    dossier_number: str = ""
    dossier_status: str = ""


@dataclass
class ImportPreview:
    """What a workbook says, as understood, before anything is written."""

    path: Path
    sha256: str
    kind: str | None
    unit: UnitRef | None
    unit_hint: str
    year: int | None
    award: AwardRef | None
    tables: list[SheetTable]
    rows: list[NomineeRow] = field(default_factory=list)
    refused: list[NomineeRow] = field(default_factory=list)  # rows read but not understood (unknown award)
    scores: list[ScoreRow] = field(default_factory=list)
    figures: list[FigureRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    title: str = ""
    proposal_ref: str = ""
    rows_read: int = 0
    already_imported: Previous | None = None
    replaces: Previous | None = None
    # An award list replaces the open list it may correct only when the clerk says so.
    replace_confirmed: bool = False
    version_no: int = 1
    # The dossier kind an award list becomes (DOSSIER_CATEGORIES): chosen, from _meta, from the
    # title (ĐỘT XUẤT, CHUYÊN ĐỀ ...), else a regular year-end list; and where it was read.
    category: str = "regular"
    category_from: str = ""
    # An open list of the same unit, year and awards but of another kind (number, kind): it is
    # never replaced by this one; «Thay bản trước» / --replace is refused naming it.
    other_kind: tuple[str, str] | None = None
    options: dict = field(default_factory=dict)
    context: dict = field(default_factory=dict)  # what the writers need (bloc criteria ...)
    # A list of many units (the office's export read back): each unit's rows as its own list.
    parts: list[ImportPreview] = field(default_factory=list)
    # The office's nominee export read back: rows it already holds (same unit, year, name,
    # award) are left out; `nothing_new` when no row is left to write.
    rows_known: int = 0
    known_in: list[str] = field(default_factory=list)  # the dossiers that hold them
    nothing_new: bool = False

    @property
    def file_name(self) -> str:
        return self.path.name

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def blocked(self) -> bool:
        return bool(self.errors)

    @property
    def individuals(self) -> int:
        return sum(1 for r in self.rows if r.subject == "individual")

    @property
    def collectives(self) -> int:
        return sum(1 for r in self.rows if r.subject == "collective")

    @property
    def households(self) -> int:
        return sum(1 for r in self.rows if r.subject == "household")

    @property
    def of_many_units(self) -> bool:
        """A list of many units (the office's export read back), even when every row is held."""
        return bool(self.parts) or (self.unit is None and any(r.proposer_id for r in self.rows))

    @property
    def unit_name(self) -> str:
        if self.parts:
            return f"{len(self.parts)} đơn vị"
        if self.nothing_new and (ids := {r.proposer_id for r in self.rows if r.proposer_id}):
            return f"{len(ids)} đơn vị"  # a list of many units whose every row is already held
        return self.unit.name if self.unit else pretty_unit(self.unit_hint)

    def as_dict(self, committed: bool = False) -> dict:
        """The `tdkt import --json` object for this file."""
        extra = self._ledger_dict() if self.kind == "ledger" else {}
        return {
            "file": str(self.path), "kind": self.kind, "unit": self.unit_name or None,
            "year": self.year, "award": self.award.name if self.award else _common_award(self.rows),
            "dossier_kind": self.category if self.kind == "award_proposal" else None,
            "rows_read": self.rows_read, "individuals": self.individuals,
            "collectives": self.collectives, "committed": committed,
            "rows": [row_dict(r, self.kind) for r in self.rows],
            # rows read but not taken (their award is not in the catalogue): the error names the cell
            "rows_refused": [{"row": r.row, "sheet": r.sheet, "name": r.name, "award": r.refused} for r in self.refused],
            "problems": [p.as_dict() for p in self.problems],
            "errors": len(self.errors), "warnings": len(self.warnings),
            "females": sum(1 for r in self.rows if r.gender == "Nữ"),
            "households": self.households,
            "version_no": self.version_no, "already_imported": self.already_imported is not None,
            "rows_known": self.rows_known, "nothing_new": self.nothing_new,
            "may_replace": self.replaces.dossier_number or None if self.replaces else None,
            "replaced": bool(self.replaces and self.replaces.dossier_id and self.replace_confirmed),
            "unit_hint": self.unit_hint, "sheets": [t.name for t in self.tables],
            "units": [{"unit": part.unit.name, "rows": len(part.rows), "version_no": part.version_no,
                       "may_replace": part.replaces.dossier_number or None if part.replaces else None}
                      for part in self.parts],
            "scores": [{"row": s.row, "code": s.code, "criterion": s.criterion,
                        "max_points": s.max_points, "self_score": s.self_score} for s in self.scores],
            "figures": [{"row": f.row, "code": f.code, "indicator": f.indicator,
                         "measure": f.measure, "value": f.value} for f in self.figures],
            **extra,
        }

    def _ledger_dict(self) -> dict:
        """An award book's counts: rows new, already in the ledger, repeated; years; decisions."""
        counts = self.context.get("plan_counts", {})
        return {"years": self.context.get("years", []), "rows_new": counts.get("new", 0),
                "rows_known": counts.get("known", 0), "rows_duplicate": counts.get("duplicate", 0),
                "decisions_new": self.context.get("decisions_new", 0),
                "decisions_linked": self.context.get("decisions_linked", 0)}


def row_dict(r: NomineeRow, kind: str | None = None) -> dict:
    out = {"row": r.row, "subject": r.subject, "name": r.name, "courtesy": r.courtesy or None,
           "rank": r.rank or None, "gender": r.gender,
           "birth_year": r.birth_year, "ethnicity": r.ethnicity_name, "position": r.position or None,
           "unit": r.unit_text or None, "award": r.award.name if r.award else None}
    if r.proposer:  # a list of many units: the unit that proposed the row
        out["proposer"] = r.proposer
    if r.history is not None:  # a line of an award book (kind ledger)
        h = r.history
        out.update(year=h.year, decision=h.decision or None, sheet=r.sheet,
                   decision_date=h.decision_date.isoformat() if h.decision_date else None,
                   kind=h.kind, status=h.status)
    if kind == "ratings":  # what a rating list says of the row: what the import will record
        out.update(rating=r.rating, rated_by=r.rated_by or None, unit_id=r.unit_id,
                   discipline=r.discipline,
                   discipline_from=r.discipline_from.isoformat() if r.discipline_from else None,
                   initiative={"title": r.initiative, "decision": r.initiative_decision or None,
                               "decision_date": r.initiative_date.isoformat() if r.initiative_date else None,
                               "recognised_by": r.initiative_body or None, "scope": r.initiative_scope}
                   if r.initiative else None,
                   investigation={"kind": r.investigation, "from": r.investigation_from.isoformat()}
                   if r.investigation and r.investigation_from else None)
    return out


def _common_award(rows: list[NomineeRow]) -> str | None:
    names = {r.award.name for r in rows if r.award}
    return names.pop() if len(names) == 1 else None


def _sheet_has_content(sheet: Sheet) -> bool:
    return sum(1 for row in sheet.rows if any(v is not None for v in row)) >= 3


def read_file(session: Session, path: str | Path, *, kind: str | None = None,
              unit: int | str | None = None, year: int | None = None, award: str | None = None,
              mapping: dict[str, dict[int, str | None]] | None = None,
              progress: Progress | None = None,
              should_cancel: Callable[[], bool] | None = None,
              today: dt.date | None = None, category: str | None = None) -> ImportPreview:
    """Read a workbook into an ImportPreview. Raises FileProblem when it cannot be read at all
    (not a workbook, encrypted, empty, no recognisable table), Cancelled when stopped.
    `category`: the dossier kind an award list becomes (default: read from its title)."""
    with paused_gc():
        return _read_file(session, path, kind=kind, unit=unit, year=year, award=award, mapping=mapping,
                          progress=progress, should_cancel=should_cancel, today=today, category=category)


def _category(chosen: str | None, meta: dict, hints) -> tuple[str, str]:
    """The dossier kind of an award list and where it was read: the clerk's choice, the
    template's _meta, the title's words, else a regular (year-end) list."""
    from app.catalog import DOSSIER_CATEGORIES

    if chosen:
        if chosen not in DOSSIER_CATEGORIES:
            raise UserError(f"Loại hồ sơ “{chosen}” không có; chọn một trong: {', '.join(DOSSIER_CATEGORIES)}.")
        return chosen, "chosen"
    said = (meta.get("dossier_kind") or meta.get("category") or "").strip()
    if said in DOSSIER_CATEGORIES:
        return said, "meta"
    if hints.category:
        return hints.category, "title"
    return "regular", ""


def _read_file(session: Session, path: str | Path, *, kind, unit, year, award, mapping, progress,
               should_cancel, today, category=None) -> ImportPreview:
    path = Path(path)
    today = today or dt.date.today()
    step = _stepper(progress, should_cancel)
    step(0, f"Đọc tệp {path.name}")
    if kind is not None and kind not in KINDS:
        raise UserError(f"Loại tệp “{kind}” không có; chọn một trong: {', '.join(KINDS)}.")
    book = read_workbook(path, limits=limits_from(session))  # the office's size limits
    if (said := own_export.refusal(book.meta, path.name)) is not None:
        raise OwnExport(said)
    digest = sha256_of(path)
    step(1, "Tìm bảng dữ liệu")
    lookups, units = Lookups(session), UnitIndex(session)
    tables, problems = _tables(book, mapping or {})
    lookups.codes = read_codebook(book, {t.name for t in tables})
    step(2, "Đọc các dòng")
    primary = max(tables, key=lambda t: len([r for r in t.layout.rows if r.kind == "data"]))
    hints = read_hints(primary.layout.title_cells, lookups)
    meta = book.meta
    preview = ImportPreview(path=path, sha256=digest, kind=None, unit=None, unit_hint="", year=None,
                            award=None, tables=tables, meta=meta, title=hints.title,
                            options={"kind": kind, "unit": unit, "year": year, "award": award,
                                     "mapping": mapping or {}, "category": category})
    preview.category, preview.category_from = _category(category, meta, hints)
    preview.proposal_ref = _proposal_ref(hints.title)
    preview.kind = _kind(kind, meta, primary.layout, hints, problems, tables)
    if preview.kind == "ledger":  # an award book: each sheet says its own year and decisions
        from app.history_import import read_ledger

        preview.problems = problems
        read_ledger(session, preview, tables, lookups, units, problems, unit=unit, year=year, award=award,
                    today=today, step=step)
        if not preview.rows:
            problems.append(problem("no_rows", "Đã thấy dòng tiêu đề của bảng nhưng không có dòng dữ liệu "
                                    "nào bên dưới.", sheet=primary.name))
        preview.problems.sort(key=lambda p: (p.severity != "error", p.sheet != "", p.row or 0))
        step(4, "Xong")
        return preview
    preview.year = _year(year, meta, hints, problems)
    many = preview.kind == "award_proposal" and many_units(meta, unit)
    if many:  # the office's list of many units: each row says its own unit
        preview.unit, preview.unit_hint = None, ""
    else:
        from app.office import get_profile

        preview.unit, preview.unit_hint = _unit(unit, meta, hints, units, problems,
                                                office=get_profile(session).office_name or "")
        if meta.get("scope") == "units" and preview.unit is not None:
            problems.append(problem("meta_mismatch", f"Tệp là danh sách tổng hợp của nhiều đơn vị; đã chọn ghi cả "
                                    f"danh sách cho {preview.unit.name}.", sheet="_meta"))
    preview.award = _award(award, meta, hints, lookups, problems)
    if kind is None and not meta.get("kind") and _not_an_award_list(preview, tables, hints, problems):
        step(4, "Xong")
        return preview
    for table in tables:
        layout = table.layout
        if preview.kind in NOMINEE_KINDS:
            rows, found, awardless = parse_nominees(layout, lookups, default_award=preview.award,
                                                    year=preview.year, today=today,
                                                    ratings=preview.kind == "ratings")
            preview.rows += rows
            preview.refused += layout.refused
            problems += found
            if preview.kind == "registration":
                problems += _not_registered_titles(rows)
            if awardless and preview.kind != "ratings":  # a rating list proposes no award
                shown = ", ".join(str(n) for n in awardless[:12]) + (" ..." if len(awardless) > 12 else "")
                problems.append(problem(
                    "award_missing", f"Trang “{layout.sheet.name}”: dòng {shown} chưa có danh hiệu, hình "
                    "thức đề nghị, và tiêu đề danh sách không nêu; hãy chọn danh hiệu cho cả danh sách.",
                    sheet=layout.sheet.name))
        elif preview.kind == "bloc_scores":
            rows, found = parse_scores(layout)
            preview.scores += rows
            problems += found
        else:
            rows, found = parse_figures(layout)
            preview.figures += rows
            problems += found
        preview.rows_read += sum(1 for r in layout.rows if r.kind == "data")
    if not preview.rows_read:  # (rows read but none understood: each has its own error)
        problems.append(problem("no_rows", "Đã thấy dòng tiêu đề của bảng nhưng không có dòng dữ liệu "
                                "nào bên dưới.", sheet=primary.name))
    step(3, "Đối chiếu với dữ liệu đã có")
    preview.problems = problems
    if many:
        check_units(session, preview, units)
    else:
        check_versions(session, preview)
    if preview.kind in NOMINEE_KINDS and not many:
        check_nominees(session, preview, units)
        if preview.kind == "award_proposal" and meta.get("source") == "export":
            drop_known(session, preview)  # the office's own export of one unit read back
            preview.nothing_new = not preview.rows and preview.rows_known > 0
    elif preview.kind == "bloc_scores":
        check_scores(session, preview)
    preview.problems.sort(key=lambda p: (p.severity != "error", p.row or 0))
    step(4, "Xong")
    return preview


def confirm_replace(preview: ImportPreview, confirm: bool = True) -> bool:
    """The clerk's answer to «Thay bản trước»: this award list replaces the open list it may
    correct (`may_replace`). Returns False, with a warning, when there is none to replace."""
    if not confirm:
        preview.replace_confirmed = False
        return True
    if (preview.replaces is None or not preview.replaces.dossier_id) and preview.other_kind:
        from app.states import DOSSIER_CATEGORIES

        number, kind = preview.other_kind
        if not any(p.code == "replace_other_kind" for p in preview.problems):
            preview.problems.append(problem(
                "replace_other_kind",
                f"Không thay được hồ sơ {number}: hồ sơ đó là loại “{DOSSIER_CATEGORIES.get(kind, kind)}”, "
                f"danh sách này là loại “{DOSSIER_CATEGORIES.get(preview.category, preview.category)}” — hai "
                "loại khen thưởng là hai thành tích khác nhau, danh sách này không phải bản sửa của hồ sơ "
                f"đó. Không ghi gì. Bỏ yêu cầu thay bản trước (--replace) để nhập thành hồ sơ riêng, hoặc "
                "chọn đúng loại hồ sơ (--dossier-kind) nếu loại đọc từ tiêu đề chưa đúng."))
        return False
    if preview.replaces is None or not preview.replaces.dossier_id:
        if not any(p.code == "replace_refused" for p in preview.problems):
            preview.problems.append(problem(
                "replace_refused", "Có yêu cầu thay bản trước nhưng đơn vị chưa gửi danh sách nào cùng năm, "
                "cùng danh hiệu còn mở và chưa thẩm định: tệp được nhập thành hồ sơ riêng."))
        return False
    preview.replace_confirmed = True
    return True


def category_text(preview: ImportPreview) -> str:
    """The dossier kind an award list becomes, and where it was read, as the clerk reads it."""
    from app.catalog import DOSSIER_CATEGORIES

    said = {"chosen": "đã chọn", "meta": "theo biểu mẫu", "title": "đọc từ tiêu đề"}.get(
        preview.category_from, "tiêu đề không nêu loại khác")
    return f"{DOSSIER_CATEGORIES.get(preview.category, preview.category)} ({said})"


def reread(session: Session, preview: ImportPreview, **changes) -> ImportPreview:
    """Read the same file again with some guesses corrected (kind, unit, year, award, mapping),
    keeping the user's answers to near matches."""
    options = {**preview.options, **changes}
    fresh = read_file(session, preview.path, **options)
    choices = {(r.sheet, r.row, r.name): r.choice for r in preview.rows if r.choice is not None}
    for r in fresh.rows:
        r.choice = choices.get((r.sheet, r.row, r.name))
    if preview.replace_confirmed and fresh.replaces is not None:
        fresh.replace_confirmed = True
    return fresh


def _stepper(progress: Progress | None, should_cancel: Callable[[], bool] | None):
    def step(n: int, label: str) -> None:
        if should_cancel is not None and should_cancel():
            raise Cancelled("Đã dừng đọc tệp; dữ liệu không thay đổi.")
        if progress is not None:
            progress(n, 4, label)
    return step


_NOT_LISTS = {
    "instructions": "Trang “{}” là trang hướng dẫn (các dòng trong đó là ví dụ), không phải danh sách; bỏ qua.",
    "lookup": "Trang “{}” là danh mục mã (bảng tra cứu), không phải danh sách; chỉ dùng để đọc mã ghi "
              "trong danh sách.",
}


def _tables(book: Workbook, mapping: dict[str, dict[int, str | None]]) -> tuple[list[SheetTable], list[Problem]]:
    tables, problems = [], []
    for sheet in book.data_sheets():
        role = sheet_role(sheet) if sheet.name not in mapping else None
        layout = find_table(sheet) if role != "instructions" else None
        if role == "lookup" and layout is not None and len(catalogue_pairs(sheet)) < 3:
            role = None  # `Danh mục đề nghị khen thưởng`: a list after all, whatever its name
        if layout is None and role is None and _sheet_has_content(sheet) and len(catalogue_pairs(sheet)) >= 3:
            role = "lookup"  # code | name blocks under any sheet name
        if role is not None:
            if any(any(v is not None for v in row) for row in sheet.rows):
                problems.append(problem("sheet_not_list", _NOT_LISTS[role].format(sheet.name), sheet=sheet.name))
            continue
        if layout is None:
            if _sheet_has_content(sheet):
                problems.append(problem("sheet_skipped", f"Trang “{sheet.name}” không có bảng nhận ra "
                                        "được (thiếu dòng tiêu đề như STT, Họ và tên); bỏ qua.", sheet=sheet.name))
            continue
        if sheet.name in mapping:
            apply_mapping(layout, {int(k): v for k, v in mapping[sheet.name].items()})
        tables.append(SheetTable(layout))
    if not tables:
        skipped = [p.sheet for p in problems if p.code == "sheet_not_list"]
        also = f" (bỏ qua trang hướng dẫn, danh mục: {', '.join(skipped)})" if skipped else ""
        raise NoTable(f"Tệp {book.path.name} không có bảng nhận ra được: không thấy dòng tiêu đề "
                      f"(STT, Họ và tên, Năm sinh, ...) trong 30 dòng đầu của trang tính nào{also}.")
    # Several sheets: keep those of the main table's kind (a sheet of notes is not a list). A
    # list of names with or without decision columns is one family (an award book's sheets vary).
    family = {None: "names", "ledger": "names"}
    main_kind = max(tables, key=lambda t: len(t.layout.rows)).layout.table_kind()
    kept = [t for t in tables if family.get(t.layout.table_kind(), t.layout.table_kind())
            == family.get(main_kind, main_kind)]
    return kept, problems


def _not_registered_titles(rows: list[NomineeRow]) -> list[Problem]:
    """A unit registers for emulation titles at the start of a year (the template's drop-down):
    a Giấy khen, Bằng khen or order typed or pasted there is proposed later, never registered."""
    return [problem("registration_not_title", f"Dòng {r.row}: “{r.award.name}” không phải danh hiệu thi đua "
                    "để đăng ký (Giấy khen, Bằng khen, Huân chương ... được đề nghị khi xét khen thưởng); hãy "
                    "chọn danh hiệu trong danh sách thả xuống.", sheet=r.sheet, cell=r.cell("award"), row=r.row)
            for r in rows if r.award is not None and r.award.category != "title"]


def _not_an_award_list(preview: ImportPreview, tables: list[SheetTable], hints: TitleHints,
                       problems: list[Problem]) -> bool:
    """A list of names that carries no award at all and looks like another kind of list (staff,
    survey, households ...): one error saying so, no rows. True when that is the case."""
    if preview.kind != "award_proposal" or preview.award is not None or hints.awards \
            or hints.kind in ("award_proposal", "registration", "ledger"):
        return False
    if any(t.layout.fields & {"award", "award2", "exemplar"} for t in tables):
        return False
    headers = [c.header for t in tables for c in t.layout.columns if c.header]
    found = list_kind.looks_like(headers, hints.title)
    if found is None:
        return False
    kind, said = found
    preview.rows_read = sum(1 for t in tables for r in t.layout.rows if r.kind == "data")
    kept = [p for p in problems if p.code in ("sheet_skipped", "sheet_not_list")]
    problems[:] = [problem("not_award_list", list_kind.message(preview.file_name, kind, said, hints.title),
                           sheet=tables[0].name), *kept]
    preview.problems = problems
    return True


def _kind(option: str | None, meta: dict, layout: TableLayout, hints: TitleHints,
          problems: list[Problem], tables: list[SheetTable] = ()) -> str:
    by_meta = meta.get("kind") if meta.get("kind") in KINDS else None
    by_columns = layout.table_kind()
    by_title = hints.kind
    if option:
        if by_meta and by_meta != option:
            problems.append(problem("meta_mismatch", f"Trang _meta ghi loại “{KINDS[by_meta]}”, nhưng đã chọn "
                                    f"“{KINDS[option]}”.", sheet="_meta"))
        return option
    if by_meta:
        seen = by_columns or by_title
        if seen and seen != by_meta:
            problems.append(problem("meta_mismatch", f"Trang _meta ghi loại “{KINDS[by_meta]}” nhưng nội dung "
                                    f"giống “{KINDS[seen]}”.", sheet="_meta"))
        return by_meta
    if by_columns:
        return by_columns
    if by_title in NOMINEE_KINDS or by_title == "ledger":
        return by_title
    if len({year_in(t.name) for t in tables} - {None}) >= 2:
        return "ledger"  # sheets named by several years: an award book kept a sheet a year
    if any(r.kind == "group" and r.group for t in tables for r in t.layout.rows):
        return "ledger"  # rows under `Quyết định số ...` lines: awards conferred, not proposed
    if "exemplar" in layout.fields:
        return "registration"
    problems.append(problem("kind_guessed", "Tệp không ghi rõ loại; coi là danh sách đề nghị khen thưởng. "
                            "Nếu không đúng, hãy chọn loại khác."))
    return "award_proposal"


def _year(option: int | None, meta: dict, hints: TitleHints, problems: list[Problem]) -> int | None:
    meta_year = int(meta["year"]) if re.fullmatch(r"\d{4}", meta.get("year", "")) else None
    if option:
        return option
    if meta_year:
        if hints.year and hints.year != meta_year:
            problems.append(problem("meta_mismatch", f"Trang _meta ghi năm {meta_year} nhưng tiêu đề ghi năm "
                                    f"{hints.year}; dùng năm {meta_year}.", sheet="_meta"))
        return meta_year
    if hints.year:
        return hints.year
    if hints.school_year:
        start, end = hints.school_year
        problems.append(problem("year_from_school_year", f"Tiêu đề ghi năm học {start} - {end}, không ghi năm; "
                                f"lấy năm {end} (năm kết thúc năm học). Nếu không đúng, hãy chọn năm."))
        return end
    if hints.year_from_date:
        problems.append(problem("year_guessed", f"Tiêu đề không ghi năm của danh sách; lấy năm "
                                f"{hints.year_from_date} từ ngày ghi trong tiêu đề. Kiểm tra lại."))
        return hints.year_from_date
    problems.append(problem("year_missing", "Không xác định được năm của danh sách (tiêu đề không ghi); "
                            "hãy chọn năm."))
    return None


def _unit(option: int | str | None, meta: dict, hints: TitleHints, units: UnitIndex,
          problems: list[Problem], office: str = "") -> tuple[UnitRef | None, str]:
    if option is not None and option != "":
        # The same reading of a unit's name as `person add --unit` and every other command.
        ref, message = (units.get(option), f"Không có đơn vị số {option}.") if isinstance(option, int) \
            else units.named(option)
        if ref is None:
            problems.append(problem("unit_unknown", message))
            return None, str(option)
        return _merged(ref, units, problems), ref.name
    if meta.get("unit_code"):
        ref = units.find(meta["unit_code"]) or units.find(meta.get("unit_name", ""))
        if ref is not None:
            seen, _ = units.find_any(hints.unit_texts)
            if seen is not None and seen.id != ref.id:
                problems.append(problem("meta_mismatch", f"Mẫu được phát cho “{ref.name}” nhưng tiêu đề ghi "
                                        f"“{hints.unit_text}”.", sheet="_meta"))
            return _merged(ref, units, problems), ref.name
    ref, text = units.find_any(hints.unit_texts)
    if ref is not None and own_export.office_is_sender(ref.name, office):
        # the office's own header: an export of the office (made before exports said so in
        # _meta), whose rows belong to many units; never a list of the office's own
        problems.append(problem(
            "own_export", f"Tiêu đề tệp ghi đơn vị gửi là chính cơ quan “{ref.name}”: tệp là bản xuất của cơ "
            "quan (của các đơn vị), không nhập thành danh sách của chính cơ quan. Nếu đúng là danh sách "
            f"của “{ref.name}”, hãy chọn đơn vị (--unit).", sheet=""))
        return None, text
    if ref is not None:
        return _merged(ref, units, problems), text
    hint = hints.unit_text or meta.get("unit_name", "")
    shown = f" (tiêu đề ghi “{pretty_unit(hint)}”)" if hint else ""
    problems.append(problem("unit_unknown", f"Không xác định được đơn vị gửi danh sách{shown}; hãy chọn "
                            "đơn vị trong danh mục."))
    return None, hint


def _merged(ref: UnitRef, units: UnitIndex, problems: list[Problem]) -> UnitRef:
    if ref.merged_into is not None and (into := units.get(ref.merged_into)) is not None:
        problems.append(problem("unit_merged", f"“{ref.name}” đã sáp nhập vào “{into.name}”; danh sách vẫn "
                                f"được ghi cho “{ref.name}”. Chọn “{into.name}” nếu cần."))
    return ref


def _award(option: str | None, meta: dict, hints: TitleHints, lookups: Lookups,
           problems: list[Problem]) -> AwardRef | None:
    if option:
        ref = lookups.award(option)
        if ref is None:
            problems.append(problem("award_unknown", f"“{option}” không có trong danh mục danh hiệu, "
                                    "hình thức khen thưởng."))
        return ref
    if meta.get("award") and (ref := lookups.award(meta["award"])) is not None:
        return ref
    if len(hints.awards) > 1:
        names = ", ".join(a.name for a in hints.awards)
        problems.append(problem("award_ambiguous", f"Tiêu đề nêu nhiều danh hiệu, hình thức ({names}); "
                                "mỗi dòng dùng danh hiệu ghi ở dòng đó."))
    return hints.award


def _proposal_ref(title: str) -> str:
    """`Tờ trình số 52/TTr-UBND ngày 05/12/2025` from a `(Kèm theo Tờ trình ...)` line."""
    m = re.search(r"(Tờ trình số\s*[^\s,;)]+(?:\s+ngày\s+\d{1,2}[/.-]\d{1,2}[/.-]\d{4})?)", title, re.I)
    return m.group(1) if m else ""


# The writing half lives in import_writers; imported here so callers need one module.
from app.import_writers import ImportResult, commit_import, paused_gc  # noqa: E402

__all__ = ["KINDS", "Cancelled", "ImportPreview", "ImportResult", "commit_import", "read_file",
           "reread", "kind_from_text"]
