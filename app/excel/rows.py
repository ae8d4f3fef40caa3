"""Dòng dữ liệu: the rows of a found table, read into what they mean.

Nominee lists (award proposals and registrations) give `NomineeRow`s: collective, individual
or household, name (a courtesy title or a rank in front of it taken out: app/excel/names.py),
gender (from a gender column, from which of the split `Nam` / `Nữ` birth columns is filled, or
from the courtesy title), birth date or year, ethnicity, position, unit, award (from the row —
its name or its code in the workbook's catalogue — else its section, else the list's award),
achievement, rating, initiative, direct-worker mark.
Self-scoring sheets give `ScoreRow`s, reports `FigureRow`s. Every doubt is a `Problem` naming
the sheet and cell. Nothing here touches the database: the catalogue comes in `Lookups`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from app.excel.cells import is_marked, is_placeholder, parse_birth, parse_gender, parse_number, text
from app.excel.initiative_cells import read_initiative, scope_of_cell
from app.excel.layout import TableLayout
from app.excel.lines import subject_of
from app.excel.lookups import AwardRef, Lookups
from app.excel.mautdkt import template_examples
from app.excel.names import courtesy_value, split_title, subject_by_name
from app.excel.problems import Problem, problem
from app.excel.reader import column_letter
from app.matching import PersonMatch
from app.text import fold, has_direction_marks, title_name

if TYPE_CHECKING:
    from app.excel.history import HistoryFacts

_DIRECT_WORKER = re.compile(r"\b(?:lao dong truc tiep|ld truc tiep|nguoi truc tiep lao dong)\b")
_EXEMPLAR = re.compile(r"\bdien hinh\b")
_SPLIT_AWARDS = re.compile(r"\s*(?:[,;+/]|\bvà\b|\bva\b)\s*")
_TEXT_FIELDS = ("achievement", "notes", "position", "position_unit", "unit", "initiative")
_DIGIT = re.compile(r"\d")


@dataclass
class NomineeRow:
    """One nominee (or registration line) as understood from a row."""

    row: int  # 1-based row number as Excel shows it
    sheet: str
    subject: str = "individual"
    name: str = ""
    courtesy: str = ""  # `Ông`, `Bà`, `Đồng chí`: written in front of the name or in `Tên gọi`
    rank: str = ""  # `Thiếu úy`, `Thượng tá`, `PGS.TS`: in front of the name, kept apart from it
    gender: str | None = None  # "Nam" / "Nữ"
    birth_year: int | None = None
    birth_date: dt.date | None = None
    ethnicity: str | None = None  # catalogue code
    ethnicity_name: str | None = None
    position: str = ""
    unit_text: str = ""
    award: AwardRef | None = None
    achievement: str = ""
    rating: str | None = None
    initiative: str = ""
    direct_worker: bool = False
    exemplar: bool = False
    notes: str = ""
    proposer: str = ""  # the proposing unit, in a list of many units
    proposer_id: int | None = None  # that unit, matched (set by the import)
    cells: dict[str, str] = field(default_factory=dict)  # field → column letter (shared per sheet)
    key: str = ""  # match_key of the name (set by the import)
    match: PersonMatch | None = None
    choice: str | int | None = None  # the user's answer to a near match: "new" or a person id
    refused: str = ""  # the award as written when it is not in the catalogue: shown, never written
    unit_id: int | None = None  # a collective matched to a unit
    history: HistoryFacts | None = None  # an award book's line: year, decision, kind (kind ledger)
    # A rating list's facts (kind ratings): who rated, a discipline and its date, the
    # initiative's recognising decision and scope.
    rated_by: str = ""
    discipline: str | None = None
    discipline_from: dt.date | None = None
    initiative_decision: str = ""
    initiative_scope: str = "co_so"
    initiative_date: dt.date | None = None  # the recognising decision's date
    investigation: str | None = None  # an open investigation / inspection / complaint (its kind)
    investigation_from: dt.date | None = None
    investigation_note: str = ""  # the cell's words when they name no known kind
    initiative_body: str = ""  # the body that recognised it

    def cell(self, name: str) -> str:
        """`B14`: the cell of a field in this row (the name's cell when the field is absent)."""
        letter = self.cells.get(name) or self.cells.get("name")
        return f"{letter}{self.row}" if letter else ""


@dataclass
class ScoreRow:
    """A criterion line of a self-scoring sheet."""

    row: int
    sheet: str
    code: str
    criterion: str
    max_points: float | None
    self_score: float | None
    explanation: str
    criterion_id: int | None
    cells: dict[str, str] = field(default_factory=dict)


@dataclass
class FigureRow:
    """A figure of a report: what it counts, its unit of measure, its value."""

    row: int
    sheet: str
    code: str
    indicator: str
    measure: str
    value: float | str | None
    notes: str = ""


class _Row:
    """Cell access for one sheet row through the layout's columns."""

    def __init__(self, layout: TableLayout, r: int):
        self.layout, self.r = layout, r
        values = layout.sheet.rows[r]
        if any(type(v) is str and ("…" in v or ".." in v or "__" in v) for v in values) \
                and any(is_placeholder(v) for v in values):  # `Xã, phường, thị trấn……` left as printed: empty
            values = [None if is_placeholder(v) else v for v in values]
        self.values = values
        self.award_hint = ""  # who conferred it, when known (`UBND tỉnh`): tells a bare `Bằng khen`
        self.from_second: set[AwardRef] = set()  # awards read from the second award column

    def raw(self, col: int | None) -> object:
        if col is None:
            return None
        try:
            return self.values[col]
        except IndexError:  # a short row (ods, hand-made files)
            return None

    def ref(self, col: int | None) -> str:
        return f"{column_letter(col)}{self.r + 1}" if col is not None else ""


def _award_of_section(section: str, lookups: Lookups) -> AwardRef | None:
    if not section:
        return None
    found = lookups.awards_in(section)
    return found[0] if len(found) == 1 else None


def parse_nominees(layout: TableLayout, lookups: Lookups, *, default_award: AwardRef | None,
                   year: int | None, today: dt.date | None = None,
                   award_hint=None, ratings: bool = False) -> tuple[list[NomineeRow], list[Problem], list[int]]:
    """Rows of a nominee list, their problems, and the rows that have no award at all.
    `award_hint(info, values)`: who conferred a row's award, for award books. `ratings`: a
    rating list, whose initiative cells are read as facts (app.excel.initiative_cells)."""
    today = today or dt.date.today()
    sheet = layout.sheet.name
    cols = {c.field: c.index for c in layout.columns if c.field and not c.gender}
    split_birth = [(c.index, c.gender) for c in layout.columns if c.field == "birth" and c.gender]
    split_gender = [(c.index, c.gender) for c in layout.columns if c.field == "gender" and c.gender]
    sheet_subject = subject_of(sheet)
    letters = {f: column_letter(c) for f, c in cols.items()}
    rows: list[NomineeRow] = []
    problems: list[Problem] = []
    awardless: list[int] = []
    section_awards: dict[str, AwardRef | None] = {}
    group_awards: dict[str, AwardRef | None] = {"": None}
    layout.refused = []
    examples = template_examples()
    left_in: list[tuple[int, str]] = []  # the template's own example rows a unit left in
    for info in layout.rows:
        if info.kind == "continuation" and rows:
            _continue(rows[-1], _Row(layout, info.index), cols)
            continue
        if info.kind != "data":
            continue
        row = _Row(layout, info.index)
        if (example := _example(row, cols, examples)) is not None:
            left_in.append((row.r + 1, example))
            continue
        if award_hint is not None:
            row.award_hint = award_hint(info, row.values) or ""
        if info.section not in section_awards:
            section_awards[info.section] = _award_of_section(info.section, lookups)
        if info.group not in group_awards:  # an award book's decision line naming one award
            group_awards[info.group] = _award_of_section(info.group, lookups)
        fallback = section_awards[info.section] or group_awards[info.group] or default_award
        parsed, found = _nominee(row, cols, letters, split_birth, split_gender, lookups, fallback,
                                 info.subject, sheet_subject, year or today.year, today, info.section,
                                 ratings)
        problems += found
        if parsed is None:
            continue
        if parsed[0].refused:
            layout.refused.append(parsed[0])
            continue
        for one in parsed:
            if one.award is None and not one.exemplar:
                awardless.append(one.row)
        rows += parsed
    if left_in:
        shown = ", ".join(str(r) for r, _ in left_in)
        problems.append(problem(
            "template_example", f"Dòng {shown} là dòng ví dụ in sẵn của mẫu ({left_in[0][1]} …), không có số thứ tự, "
            "danh hiệu: bỏ qua, không nhập. Nên xóa các dòng đó trong tệp.", sheet=sheet, row=left_in[0][0]))
    return rows, problems, awardless


def _example(row: _Row, cols: dict[str, int], examples: frozenset[str]) -> str | None:
    """The name of a template's printed example row left as it was (no number, no award), or None."""
    if not examples or (name_col := cols.get("name")) is None:
        return None
    name = row.raw(name_col)
    if type(name) is not str or row.raw(cols.get("seq")) is not None or row.raw(cols.get("award")) is not None:
        return None
    return name.strip() if _folded(name.strip()) in examples else None


@lru_cache(maxsize=4096)
def _folded(value: str) -> str:
    return fold(value)


def _says(pattern: re.Pattern, *texts: str) -> bool:
    """Whether any of the texts says it (`Người lao động trực tiếp` in Ghi chú)."""
    for t in texts:
        if t and pattern.search(_folded(t)):
            return True
    return False


def _continue(prev: NomineeRow, row: _Row, cols: dict[str, int]) -> None:
    """Text wrapped onto the next line belongs to the row above."""
    for name in _TEXT_FIELDS:
        value = text(row.raw(cols.get(name)))
        if not value:
            continue
        target = {"position_unit": "position", "unit": "unit_text"}.get(name, name)
        current = getattr(prev, target)
        setattr(prev, target, f"{current} {value}".strip())


_WHO = {"individual": "cá nhân", "collective": "tập thể", "household": "hộ gia đình"}


def _sorted_columns(cols: dict[str, int], _seen: dict = {}) -> tuple[int, ...]:  # noqa: B006 - a cache
    """The table's columns in order (worked out once per layout, not once per row)."""
    key = tuple(cols.values())
    found = _seen.get(key)
    if found is None:
        if len(_seen) > 64:
            _seen.clear()
        found = _seen[key] = tuple(sorted(set(key)))
    return found


def _nominee(row: _Row, cols, letters, split_birth, split_gender, lookups: Lookups, fallback: AwardRef | None,
             section_subject: str | None, sheet_subject: str | None, year: int, today: dt.date,
             section: str, ratings: bool = False) -> tuple[list[NomineeRow] | None, list[Problem]]:
    sheet = row.layout.sheet.name
    n = NomineeRow(row=row.r + 1, sheet=sheet)
    out: list[Problem] = []

    def add(code: str, message: str, col: int | None) -> None:
        out.append(problem(code, message, sheet=sheet, cell=row.ref(col), row=row.r + 1))

    name_col = cols.get("name")
    n.cells = letters
    for col in _sorted_columns(cols):
        if has_direction_marks(row.raw(col)):
            add("direction_marks", f"Ô {row.ref(col)} có ký tự ẩn đảo chiều chữ (U+200F, U+202E …) làm tên "
                "hiện khác chữ được ghi; đã bỏ các ký tự đó.", col)
    parts = split_title(text(row.raw(name_col)))
    name = parts.name
    if not name:
        add("name_missing", f"Dòng {row.r + 1}: thiếu họ tên (hoặc tên tập thể).", name_col)
        return None, out
    n.courtesy, n.rank = parts.courtesy, parts.rank
    title_gender, title_col = parts.gender, name_col
    if (ccol := cols.get("courtesy")) is not None and (said := courtesy_value(text(row.raw(ccol)))) \
            and (said.courtesy or said.rank):
        n.courtesy = said.courtesy or n.courtesy
        n.rank = said.rank or n.rank
        if said.gender:
            title_gender, title_col = said.gender, ccol

    # Gender and birth: split Nam / Nữ birth columns tell both.
    birth_value, birth_col, gender = None, cols.get("birth"), None
    filled = [(c, g) for c, g in split_birth if row.raw(c) is not None]
    if filled:
        birth_col, gender = filled[0]
        birth_value = row.raw(birth_col)
        if len(filled) > 1:
            gender = None
            add("gender_conflict", f"Cả cột Nam và cột Nữ của dòng {row.r + 1} đều có năm sinh.", filled[1][0])
    else:
        birth_value = row.raw(birth_col)
    marks = [g for c, g in split_gender if is_marked(row.raw(c))]
    if len(marks) == 1:
        gender = gender or marks[0]
    if (gcol := cols.get("gender")) is not None and row.raw(gcol) is not None:
        said, ok = parse_gender(row.raw(gcol))
        if not ok:
            add("gender_unknown", f"Giới tính “{text(row.raw(gcol))}” không rõ (ghi Nam hoặc Nữ).", gcol)
        elif gender and said and said != gender:
            add("gender_conflict", f"Cột giới tính ghi {said} nhưng năm sinh ở cột {gender}.", gcol)
        else:
            gender = said or gender
    if title_gender:
        if gender and gender != title_gender:
            add("gender_conflict", f"Danh xưng “{n.courtesy}” cho biết {title_gender} nhưng dòng ghi {gender}.",
                title_col)
        else:
            gender = gender or title_gender
    n.gender = gender
    birth = parse_birth(birth_value, today)
    if birth.error:
        add("date_invalid", f"Ngày sinh không hợp lệ: {birth.error}.", birth_col)
    n.birth_date, n.birth_year = birth.date, birth.year
    if n.birth_year is not None and not (15 <= year - n.birth_year <= 100):
        add("birth_year_unlikely", f"Năm sinh {n.birth_year} cho tuổi {year - n.birth_year} vào năm {year}; "
            "kiểm tra lại.", birth_col)

    eth_text = text(row.raw(cols.get("ethnicity")))
    if eth_text:
        n.ethnicity = lookups.ethnicity(eth_text)
        if n.ethnicity is None:
            add("ethnicity_unknown", f"Dân tộc “{eth_text}” không có trong danh mục 54 dân tộc.", cols.get("ethnicity"))
        else:
            n.ethnicity_name = lookups.ethnicity_names.get(n.ethnicity)
    n.position = text(row.raw(cols.get("position"))) or text(row.raw(cols.get("position_unit")))
    if cols.get("position") is not None and cols.get("position_unit") is not None:
        n.position = ", ".join(t for t in (text(row.raw(cols["position"])),
                                            text(row.raw(cols["position_unit"]))) if t)
    if not n.position and "occupation" in cols and "position" not in cols and "position_unit" not in cols:
        n.position = text(row.raw(cols["occupation"]))  # `Nghề nghiệp` only when no `Chức vụ`
    n.unit_text = text(row.raw(cols.get("unit")))
    if "department" in cols and (department := text(row.raw(cols["department"]))):
        n.unit_text = f"{department}, {n.unit_text}" if n.unit_text else department
    if not n.unit_text and "address" in cols and "unit" not in cols:
        n.unit_text = text(row.raw(cols["address"]))  # where a household lives
    n.achievement = text(row.raw(cols.get("achievement")))
    n.notes = text(row.raw(cols.get("notes")))
    n.proposer = text(row.raw(cols.get("proposer")))
    n.initiative = text(row.raw(cols.get("initiative")))
    if (rcol := cols.get("rating")) is not None and row.raw(rcol) is not None:
        n.rating = lookups.rating(text(row.raw(rcol)))
        if n.rating is None:
            add("rating_unknown", f"Mức độ hoàn thành nhiệm vụ “{text(row.raw(rcol))}” không rõ "
                "(HTXSNV, HTTNV, HTNV hoặc KHTNV).", rcol)
    n.direct_worker = is_marked(row.raw(cols.get("direct_worker"))) or _says(_DIRECT_WORKER, n.notes, n.position)
    n.exemplar = is_marked(row.raw(cols.get("exemplar"))) or _says(_EXEMPLAR, section, n.notes)
    _fact_columns(n, row, cols, today, add, ratings)

    awards = _awards(row, cols, lookups, fallback, n, add)
    if awards is None:  # shown in the preview, marked, so the clerk sees every row read
        n.name, n.subject = name, ""
        n.refused = text(row.raw(cols.get("award"))) or text(row.raw(cols.get("award2"))) or "?"
        return [n], out

    # Who the row is: an explicit sign first, then what the award allows.
    explicit = None
    if (scol := cols.get("subject")) is not None and row.raw(scol) is not None:
        explicit = _subject_cell(row.raw(scol), lookups)
    explicit = explicit or section_subject
    if explicit is None and (ccol := cols.get("category")) is not None and row.raw(ccol) is not None:
        explicit = _category_subject(row.raw(ccol), lookups)
    if explicit is None and (n.gender or n.birth_year or n.ethnicity or n.courtesy or n.rank):
        explicit = "individual"
    if explicit is None:
        explicit, guessed = subject_by_name(name)
        if guessed:
            add("subject_guessed", f"“{name[:60]}” viết không dấu: coi là tập thể theo chữ đầu; nếu là "
                "tên người (họ Trương, Tô, Bàn ...), hãy ghi rõ cá nhân.", name_col)
    result = []
    for i, award in enumerate(awards or [None]):
        one = n if i == 0 else NomineeRow(**n.__dict__)
        one.award = award
        if award in row.from_second:  # its problems name the cell it was read from
            one.cells = {**letters, "award": letters["award2"]}
        subject = explicit
        if subject is None and award is not None and award.subject in ("individual", "collective", "household"):
            subject = award.subject
        one.subject = subject or sheet_subject or "individual"
        if one.subject != "individual" and (one.courtesy or one.rank):
            # `Ông | Trường Mầm non Bản Bo | Khen thưởng tập thể`: a title slipped onto a collective
            title = ", ".join(t for t in (one.courtesy, one.rank) if t)
            if i == 0:
                add("title_on_collective", f"“{name[:60]}” là {_WHO[one.subject]} nhưng có danh xưng “{title}”: "
                    "đã bỏ danh xưng (tập thể, hộ gia đình không có danh xưng, giới tính).", title_col)
            one.courtesy, one.rank, one.gender = "", "", None
        if award is not None and award.subject != "any" and award.subject != one.subject:
            who = _WHO
            add("award_subject_mismatch", f"“{award.name}” chỉ dành cho {who[award.subject]}, "
                f"nhưng “{name}” là {who[one.subject]}.",
                cols["award2"] if award in row.from_second else cols.get("award", name_col))
        if one.subject == "individual" and name.isupper():
            one.name = title_name(name)
        else:
            one.name = name
        if i == 0 and one.subject == "individual" and (_DIGIT.search(name) or len(name) > 120):
            add("name_suspicious", f"Tên “{name[:60]}” có chữ số hoặc quá dài, có vẻ không phải họ tên.", name_col)
        result.append(one)
    return result, out


DISCIPLINE_WORDS = {"khien trach": "khien_trach", "canh cao": "canh_cao", "ha bac": "ha_bac",
                    "giang chuc": "giang_chuc", "cach chuc": "cach_chuc", "bai nhiem": "bai_nhiem",
                    "buoc thoi viec": "buoc_thoi_viec"}
NO_WORDS = ("khong", "k", "-", "khong co", "khong bi ky luat", "0")


def _fact_columns(n: NomineeRow, row: _Row, cols, today: dt.date, add, ratings: bool) -> None:
    """The rating list's own columns: who rated, a discipline with its date, the initiative's
    recognising decision and scope."""
    n.rated_by = text(row.raw(cols.get("rated_by")))
    if not ratings:  # a proposal list keeps its initiative cell as written
        n.initiative_decision = text(row.raw(cols.get("initiative_decision")))
        scope = text(row.raw(cols.get("initiative_scope")))
        n.initiative_scope = (scope_of_cell(scope) if scope else None) or "co_so"
    else:
        read_initiative(n, lambda f: row.raw(cols[f]) if f in cols else None,
                        lambda f: row.ref(cols.get(f, cols.get("name"))),
                        lambda code, message, f: add(code, message, cols.get(f, cols.get("name"))))
    _investigation(n, row, cols, today, add)
    said = _folded(text(row.raw(dcol := cols.get("discipline"))))
    if said and said not in NO_WORDS:
        n.discipline = next((code for word, code in DISCIPLINE_WORDS.items() if word in said), None)
        if n.discipline is None:
            add("discipline_unknown", f"Hình thức kỷ luật “{text(row.raw(dcol))}” không rõ (khiển trách, "
                "cảnh cáo, hạ bậc lương, giáng chức, cách chức, bãi nhiệm, buộc thôi việc).", dcol)
            return
        fcol = cols.get("discipline_from")
        day = parse_birth(row.raw(fcol), today) if fcol is not None else None
        if day is None or day.date is None:
            given = text(row.raw(fcol)) if fcol is not None else ""
            if given:  # a date typed but no such day (31/02/2026): say so, not that it is missing
                add("discipline_date_missing", f"Dòng {row.r + 1}: ngày kỷ luật “{given}” không phải ngày có thật; "
                    f"kỷ luật {text(row.raw(dcol))} cần ngày quyết định kỷ luật đúng (ngày/tháng/năm).", fcol)
            else:
                add("discipline_date_missing", f"Dòng {row.r + 1}: kỷ luật {text(row.raw(dcol))} cần ngày quyết "
                    "định kỷ luật (cột «Ngày kỷ luật», ngày/tháng/năm).", fcol if fcol is not None else dcol)
            return
        n.discipline_from = day.date


_INVESTIGATION_WORDS = (("khieu nai", "complaint"), ("to cao", "complaint"), ("thanh tra", "inspection"),
                        ("kiem tra", "inspection"), ("dieu tra", "investigation"), ("xem xet", "investigation"))


def _investigation(n: NomineeRow, row: _Row, cols, today: dt.date, add) -> None:
    """`Đang bị điều tra, thanh tra, khiếu nại`: its kind and the day it began (required, as a
    discipline's date is: an open matter blocks awards from that day)."""
    icol = cols.get("investigation")
    written = text(row.raw(icol))
    said = _folded(written)
    if not said or said in NO_WORDS:
        return
    n.investigation = next((code for word, code in _INVESTIGATION_WORDS if word in said), "investigation")
    if not any(word in said for word, _ in _INVESTIGATION_WORDS) and not is_marked(row.raw(icol)):
        n.investigation_note = written  # kept as written, as an investigation's content
    fcol = cols.get("investigation_from")
    day = parse_birth(row.raw(fcol), today) if fcol is not None else None
    if day is None or day.date is None:
        n.investigation = None
        add("investigation_date_missing", f"Dòng {row.r + 1}: «{written}» cần ngày bắt đầu điều tra, thanh tra, "
            "khiếu nại (cột «Ngày bắt đầu điều tra, thanh tra», ngày/tháng/năm).",
            fcol if fcol is not None else icol)
        return
    n.investigation_from = day.date


_CATEGORY_WORDS = (("ho gia dinh", "household"), ("lanh dao", "individual"), ("doanh nhan", "individual"),
                   ("nguoi truc tiep", "individual"), ("ca nhan", "individual"), ("can bo", "individual"),
                   ("co quan", "collective"), ("don vi", "collective"), ("doanh nghiep", "collective"),
                   ("hop tac xa", "collective"), ("to chuc", "collective"), ("tap the", "collective"))


def _subject_cell(value: object, lookups: Lookups) -> str | None:
    """`Cá nhân`, `Khen thưởng tập thể`, `HOGIADINH`, or a code of the workbook's catalogue."""
    said = subject_of(text(value))
    if said is None and (named := lookups.codes.name_of(value)):
        said = subject_of(named)
    return said


def _category_subject(value: object, lookups: Lookups) -> str | None:
    """The provinces' `Phân loại đối tượng` (or its code): `Hộ gia đình`, `Doanh nghiệp`, `Các
    cấp lãnh đạo ...` say who the row is when nothing else does."""
    said = lookups.codes.name_of(value) or text(value)
    key = _folded(said)
    for word, subject in _CATEGORY_WORDS:
        if word in key:
            return subject
    return None


def _awards(row: _Row, cols, lookups: Lookups, fallback: AwardRef | None, n: NomineeRow,
            add) -> list[AwardRef] | None:
    """The row's awards ([] when none is known); None after an error."""
    acol = cols.get("award")
    written = text(row.raw(acol))
    if (second := cols.get("award2")) is not None and text(row.raw(second)):
        # Award books keep titles and forms in two columns: a row fills one, or both.
        other = _awards(row, {**cols, "award": second, "award2": None}, lookups, None, n, add)
        if not written or other is None:
            row.from_second = set(other or ())
            return other
        first = _awards(row, {**cols, "award2": None}, lookups, None, n, add)
        row.from_second = set(other) - set(first or ())
        return None if first is None else list(dict.fromkeys(first + other))
    if not written:
        return [fallback] if fallback else []
    found = lookups.award(written)
    if found is None and row.award_hint:  # `Bằng khen` in a decision of the province's chairman
        found = lookups.award(f"{written} của {row.award_hint}")
    if found:
        return [found]
    rating = lookups.rating(written)
    if rating:
        add("award_is_rating", f"“{written}” là mức độ hoàn thành nhiệm vụ, không phải danh hiệu hay "
            "hình thức khen thưởng; được ghi nhận là xếp loại.", acol)
        n.rating = n.rating or rating
        return [fallback] if fallback else []
    parts = [p for p in _SPLIT_AWARDS.split(written) if p]
    if len(parts) > 1:
        many = [lookups.award(p) for p in parts]
        if all(many):
            return list(dict.fromkeys(many))
    named = lookups.codes.name_of(written)  # a code of the workbook's own DANHMUC: say what it names
    said = f"“{written}” ({named} theo danh mục trong tệp)" if named and named != written else f"“{written}”"
    add("award_unknown", f"{said} không có trong danh mục danh hiệu, hình thức khen thưởng của chương trình.",
        acol)
    return None


def parse_scores(layout: TableLayout) -> tuple[list[ScoreRow], list[Problem]]:
    """Criterion lines of a self-scoring sheet, with their scores."""
    sheet = layout.sheet.name
    cols = {c.field: c.index for c in layout.columns if c.field}
    rows, problems = [], []
    for info in layout.rows:
        if info.kind not in ("data", "continuation"):
            continue
        row = _Row(layout, info.index)
        criterion = text(row.raw(cols.get("criterion")))
        code = text(row.raw(cols.get("seq")))
        max_points, ok_max = parse_number(row.raw(cols.get("max_points")))
        score, ok = parse_number(row.raw(cols.get("self_score")))
        cid, _ = parse_number(row.raw(cols.get("criterion_id")))
        if not criterion and score is None and cid is None:
            continue
        scol = cols.get("self_score")
        if not ok:
            problems.append(problem("score_invalid", f"Điểm tự chấm “{text(row.raw(scol))}” không phải số.",
                                    sheet=sheet, cell=row.ref(scol), row=row.r + 1))
        explanation = text(row.raw(cols.get("explanation"))) or text(row.raw(cols.get("notes")))
        rows.append(ScoreRow(row.r + 1, sheet, code, criterion, max_points if ok_max else None, score,
                             explanation, int(cid) if cid is not None else None,
                             {"self_score": row.ref(scol), "criterion": row.ref(cols.get("criterion"))}))
    return rows, problems


def parse_figures(layout: TableLayout) -> tuple[list[FigureRow], list[Problem]]:
    """Figures of a report sheet: indicator, unit of measure, value."""
    sheet = layout.sheet.name
    cols = {c.field: c.index for c in layout.columns if c.field}
    rows, problems = [], []
    for info in layout.rows:
        if info.kind != "data":
            continue
        row = _Row(layout, info.index)
        indicator = text(row.raw(cols.get("indicator")))
        raw = row.raw(cols.get("value"))
        if not indicator and raw is None:
            continue
        value, ok = parse_number(raw)
        if not ok:
            problems.append(problem("value_invalid", f"Số liệu “{text(raw)}” của “{indicator[:60]}” "
                                    "không phải số; giữ nguyên chữ.", sheet=sheet,
                                    cell=row.ref(cols.get("value")), row=row.r + 1))
        if value is not None and value.is_integer():
            value = int(value)
        rows.append(FigureRow(row.r + 1, sheet, text(row.raw(cols.get("seq"))), indicator,
                              text(row.raw(cols.get("measure"))), value if ok else text(raw),
                              text(row.raw(cols.get("notes")))))
    return rows, problems
