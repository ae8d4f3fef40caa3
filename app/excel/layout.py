"""Bố cục danh sách: where the table is in a unit's own layout.

Finds the header row anywhere in the first rows (title lines, merged cells and all above it),
a second header row under it (`Năm sinh` over `Nam` | `Nữ`, or `Chức vụ, đơn vị` over two
columns), the column-numbering row `(1) (2) ...`; then `app.excel.lines` sorts the rows below
(data, sections, decision lines, continuations, totals, the footer). Nothing here knows the
database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.excel.cells import text
from app.excel.fields import KIND_KEY_FIELDS, UNIT_NAME_HEADERS, score_header
from app.excel.fields import is_gender_label as gender_label
from app.excel.lines import (
    RowInfo,
    classify_rows,
    group_line,
    is_number_cell,
    is_numbering_row,
    subject_of,
)
from app.excel.reader import Sheet
from app.text import fold, match_key

HEADER_SCAN_ROWS = 30
MIN_SCORE = 0.79


@dataclass
class Column:
    """A column of the table as the header names it."""

    index: int
    header: str
    field: str | None
    score: float = 0.0
    gender: str | None = None  # the Nam / Nữ sub-column of a split birth column
    hidden: bool = False  # hidden in Excel: a visible column naming the same field wins

    @property
    def code(self) -> bool:
        """`Mã danh hiệu thi đua`: the code of a field another column names in words (the
        provinces' VLOOKUP columns, their cached results `0` or `#N/A` in LibreOffice saves)."""
        return fold(self.header).startswith(("ma ", "ma:", "ma\n"))


@dataclass
class TableLayout:
    """The table found on a sheet."""

    sheet: Sheet
    header_rows: list[int]
    columns: list[Column]
    numbering_row: int | None
    first_row: int
    rows: list[RowInfo] = field(default_factory=list)
    refused: list = field(default_factory=list)  # NomineeRows whose award is unknown (shown, not written)
    end_row: int = 0  # first row after the table
    footer_row: int | None = None
    title_cells: list[tuple[int, int, str]] = field(default_factory=list)  # (row, col, text)

    def col(self, name: str) -> int | None:
        for c in self.columns:
            if c.field == name:
                return c.index
        return None

    def cols(self, name: str) -> list[Column]:
        return [c for c in self.columns if c.field == name]

    @property
    def fields(self) -> set[str]:
        return {c.field for c in self.columns if c.field}

    def table_kind(self) -> str | None:
        """The kind the columns alone say (None: a list of nominees, award or registration;
        `ledger`: an award book, whose rows carry the decision or the year of each award)."""
        fields = self.fields
        if "self_score" in fields:
            return "bloc_scores"
        if "value" in fields and "name" not in fields:
            return "report"
        if "name" in fields and (fields & {"decision", "decision_date"} or {"year", "award"} <= fields):
            return "ledger"
        return None

    def label_col(self) -> int | None:
        for name in ("name", "criterion", "indicator"):
            if (c := self.col(name)) is not None:
                return c
        return None


def _header_cells(row: list[object]) -> list[tuple[int, str, float]]:
    found = []
    for c, v in enumerate(row):
        if isinstance(v, str):
            fld, score = score_header(v)
            if fld and score >= MIN_SCORE:
                found.append((c, fld, score))
    return found


def _row_score(found: list[tuple[int, str, float]]) -> float:
    fields = {f for _, f, _ in found}
    if len(fields) < 2:
        return 0.0
    keys = set(KIND_KEY_FIELDS.values()) | {"criterion", "indicator"}
    if not fields & keys:
        return 0.0
    return sum(s for _, _, s in found) + (1.0 if "name" in fields else 0.0)


def _top_label(sheet: Sheet, h: int, c: int, sub: list[object] | None) -> str:
    """The header text over column c: its own cell, the merged range it is in, or (files
    without merge information) the group label to its left when the sub-row splits it."""
    v = sheet.value(h, c)
    if v is not None:
        return text(v)
    rng = sheet.merge_at(h, c)
    if rng is not None:
        return text(sheet.value(rng[0], rng[1]))
    if sub is not None and c < len(sub) and sub[c] is not None and not sheet.merges:
        for left in range(c - 1, -1, -1):
            if sheet.value(h, left) is not None:
                return text(sheet.value(h, left)) if (left < len(sub) and sub[left] is not None) else ""
    return ""


def _sub_header(sheet: Sheet, h: int, top_found: list[tuple[int, str, float]]) -> list[object] | None:
    """The row under the header when it is a second header row, else None."""
    if h + 1 >= sheet.height:
        return None
    sub = sheet.rows[h + 1]
    if is_numbering_row(sub):
        return None
    cells = [(c, v) for c, v in enumerate(sub) if v is not None]
    if len(cells) <= 2 and group_line(cells, " ".join(fold(text(v)) for _, v in cells)) is not None:
        return None  # an award book's `Quyết định số ...` line right under the header
    name_cols = [c for c, f, _ in top_found if f in ("name", "seq")]
    if any(c < len(sub) and sub[c] is not None and not isinstance(sub[c], str) for c in name_cols):
        return None  # a number under STT: that is already data
    if any(c < len(sub) and isinstance(sub[c], str) and not score_header(sub[c])[0]
           and not gender_label(sub[c]) for c in name_cols if c < len(sub) and sub[c]):
        return None  # a name under `Họ và tên`: data
    labelled = 0
    for v in sub:
        if isinstance(v, str) and (gender_label(v) or score_header(v)[1] >= MIN_SCORE):
            labelled += 1
    return sub if labelled else None


def find_table(sheet: Sheet) -> TableLayout | None:
    """The table on a sheet, or None when no row looks like a header."""
    best: tuple[float, int, list] | None = None
    numbered = 0
    for r in range(min(sheet.height, HEADER_SCAN_ROWS)):
        row = sheet.rows[r]
        first = next((v for v in row if v is not None), None)
        numbered = numbered + 1 if best is not None and is_number_cell(first) else 0
        if numbered > 2:
            break  # three numbered lines under a header: data rows, which never name columns
        found = _header_cells(row)
        score = _row_score(found)
        if score and (best is None or score > best[0] + 1e-9):
            best = (score, r, found)
    if best is None:
        return None
    _, h, found = best
    sub = _sub_header(sheet, h, found)
    header_rows = [h] if sub is None else [h, h + 1]
    width = max(len(sheet.rows[r]) for r in header_rows)
    columns = []
    for c in range(width):
        top = _top_label(sheet, h, c, sub)
        child = text(sub[c]) if sub is not None and c < len(sub) and sub[c] is not None else ""
        top_field, top_score = score_header(top) if top else (None, 0.0)
        gender = gender_label(child) if child else None
        if gender and top_field in ("birth", "gender"):
            columns.append(Column(c, f"{top} ({child})", top_field, top_score, gender))
            continue
        if not child and top and (alone := gender_label(top)) and "ă" not in top.lower():
            # A column headed `Nữ` (or `Nam`, never `Năm`) alone, marked x for the women: the
            # gender of the rows it marks, as a split Nam / Nữ column is.
            columns.append(Column(c, top, "gender", 1.0, alone))
            continue
        if top_field == "decision" and child and (part := _decision_part(child)):
            columns.append(Column(c, f"{top} / {child}", part, top_score))
            continue
        if child:
            f, s = score_header(child)
            if f and s >= MIN_SCORE:
                label = f"{top} / {child}" if top and top != child else child
                columns.append(Column(c, label, f, s))
                continue
        label = top or child
        field = top_field if top_score >= MIN_SCORE else None
        if field == "year" and not _says_year(label):
            field = None  # `Nam` (men) is not `Năm` (year): folding alone cannot tell them apart
        columns.append(Column(c, label, field, top_score))
    for col in columns:
        col.hidden = col.index in sheet.hidden_cols
    _two_names(columns)
    _initiative_pair(columns)
    _dedupe(columns)
    first = h + len(header_rows)
    numbering = first if first < sheet.height and is_numbering_row(sheet.rows[first]) else None
    if numbering is not None:
        first += 1
    layout = TableLayout(sheet=sheet, header_rows=header_rows, columns=columns,
                         numbering_row=numbering, first_row=first)
    if "value" in layout.fields and "self_score" not in layout.fields:
        for col in layout.columns:  # a report: `Nội dung` is the indicator, not a criterion
            if col.field == "criterion":
                col.field = "indicator"
    layout.title_cells = [(r, c, text(v)) for r in range(h) for c, v in enumerate(sheet.rows[r])
                          if v is not None and text(v)]
    classify_rows(layout)
    _settle_by_values(layout)
    return layout


def _two_names(columns: list[Column]) -> None:
    """`Họ và tên` beside `Tên đơn vị`: the second names the person's unit, not the row."""
    names = [c for c in columns if c.field == "name"]
    if len(names) < 2 or any(c.field == "unit" and not c.hidden for c in columns):
        return
    person = [c for c in names if match_key(c.header) not in UNIT_NAME_HEADERS]
    if person:
        for c in names:
            if match_key(c.header) in UNIT_NAME_HEADERS:
                c.field = "unit"
                return


def _initiative_pair(columns: list[Column]) -> None:
    """`Tên sáng kiến` beside `Quyết định công nhận sáng kiến`: the second holds the decision.
    Alone, a column so named is the initiative (a proposal list writes both in one cell)."""
    named = [c for c in columns if c.field == "initiative"]
    if len(named) < 2 or "initiative_decision" in {c.field for c in columns}:
        return
    for c in named:
        key = f" {match_key(c.header)} "
        if any(w in key for w in (" quyet dinh ", " qd ", " so qd ")):
            c.field = "initiative_decision"
            return


def _settle_by_values(layout: TableLayout) -> None:
    """`Phân loại khen thưởng` is the kind of award in an award book (thường xuyên, đột xuất) but
    who is awarded in the provinces' lists (cá nhân / tập thể / hộ gia đình, or their codes
    CANHAN / TAPTHE / HOGIADINH): the column's values tell which."""
    col = next((c for c in layout.columns if c.field == "award_kind"), None)
    if col is None or "subject" in layout.fields:
        return
    seen = said = 0
    for info in layout.rows[:200]:
        if info.kind != "data":
            continue
        value = layout.sheet.value(info.index, col.index)
        if value is None:
            continue
        seen += 1
        said += subject_of(text(value)) is not None
    if seen and said * 2 > seen:
        col.field = "subject"


def _decision_part(child: str) -> str | None:
    """Under a `Quyết định` header split in two: `Số` is the number, `Ngày` the date."""
    key = fold(child).strip(" .:,")
    if key.startswith("ngay"):
        return "decision_date"
    if key.startswith("so"):
        return "decision"
    if key.startswith(("co quan", "cap", "nguoi ky")):
        return "issuer"
    return None


def _says_year(label: str) -> bool:
    """Whether a header read as `year` really says Năm (with its breve), not Nam."""
    return "ă" in label.lower() or fold(label) != "nam"


def _dedupe(columns: list[Column]) -> None:
    """One column per field (the best-named visible one); a split birth column keeps both halves,
    and a second award column (`Danh hiệu thi đua` beside `Hình thức khen thưởng`) is `award2`.
    A hidden column, or a column of codes (`Mã ...`) beside one naming the same field in words,
    is left out, in every format: the provinces' templates hide VLOOKUP columns of codes beside the
    names a clerk chose, and the clerk sees the names."""
    best: dict[tuple[str, str | None], Column] = {}

    def rank(c: Column) -> tuple[bool, bool, float]:
        return (not c.hidden, not c.code, c.score)

    for col in columns:
        if not col.field:
            continue
        key = (col.field, col.gender)
        if key not in best or rank(col) > rank(best[key]):
            best[key] = col
    second = None
    for col in columns:
        if col.field and best.get((col.field, col.gender)) is not col:
            if col.hidden or (col.code and not best[(col.field, col.gender)].code):
                col.field = None
                continue
            if col.field == "award" and second is None and "award2" not in {c.field for c in columns}:
                col.field = second = "award2"
                continue
            col.field = None


def apply_mapping(layout: TableLayout, mapping: dict[int, str | None]) -> None:
    """The user's corrections: column index → field (None: ignore the column)."""
    for col in layout.columns:
        if col.index in mapping:
            col.field = mapping[col.index]
            col.score = 2.0
            col.hidden = False  # the user chose it, hidden or not
            if col.field != "birth" and col.field != "gender":
                col.gender = None
    for index, fld in mapping.items():
        if index >= len(layout.columns) and fld:
            layout.columns.append(Column(index, "", fld, 2.0))
    _dedupe(layout.columns)
    classify_rows(layout)
