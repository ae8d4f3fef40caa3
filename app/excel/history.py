"""Sổ theo dõi khen thưởng: the rows of an earlier year's award book, read into ledger lines.

A row of an award book is a nominee row (name, birth, position, unit, award: see `rows`) plus
what makes it history: the year of the achievement, the decision that conferred it, the kind
of award. Each comes from the most specific place that says it:

- year: the row's `Năm` column > a `Năm 2023` line above the rows > the sheet (its title,
  `SỔ THEO DÕI KHEN THƯỞNG NĂM 2023`, or its name, `Năm 2023`) > the year chosen for the file
  > the decision's date (a guess, warned about: year-end decisions often come in January);
- decision: the row's `Số quyết định` (and `Ngày quyết định`, `Cơ quan quyết định`) columns >
  a `Quyết định số 112/QĐ-UBND ngày 15/12/2023 ...` line above the rows > the title of a
  decision's own list (`Kèm theo Quyết định số ...`);
- kind: a `Loại khen` column > the words of the section or decision line (`đột xuất`, `chuyên
  đề`) > regular.

Nothing here knows the database; `app.history_import` matches the rows to people and to the
ledger.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.excel.cells import parse_number, parse_year, text
from app.excel.decision_text import (
    DecisionRef,
    canonical_issuer,
    kind_of,
    parse_date,
    parse_decision,
)
from app.excel.layout import TableLayout
from app.excel.lookups import AwardRef, Lookups
from app.excel.problems import Problem, problem
from app.excel.reader import column_letter
from app.excel.rows import NomineeRow, parse_nominees
from app.text import fold


@dataclass
class HistoryFacts:
    """What makes a row a ledger line."""

    year: int | None = None
    decision: str = ""  # the number as written (`112/QĐ-UBND`), '' when the book gives none
    decision_date: dt.date | None = None
    issuer: str = ""  # as the ledger writes it (`UBND huyện Tam Đường`), '' when unsaid
    kind: str = "regular"
    money: int | None = None  # as the book writes it (the catalogue's amount is preferred)
    revoked: bool = False
    seq: int | None = None  # the row's number in its list (the book number in a decision's list)
    decision_from: str = ""  # column / line / title: a line's or title's decision owns the list
    year_from: str = ""  # where the year came from: column / line / sheet / option / decision
    status: str = "new"  # new / known (already in the ledger) / duplicate (twice in the file)
    known_id: int | None = None  # the ledger line it is (status known)


@dataclass(frozen=True)
class SheetContext:
    """What a sheet says for all its rows."""

    year: int | None = None  # from the sheet's title or name
    default_year: int | None = None  # chosen for the file (--year)
    decision: DecisionRef | None = None  # a decision's own list: `Kèm theo Quyết định số ...`
    kind: str | None = None
    award: AwardRef | None = None


def parse_history(layout: TableLayout, lookups: Lookups, context: SheetContext, *,
                  today: dt.date | None = None) -> tuple[list[NomineeRow], list[Problem], list[int]]:
    """An award book's rows with their HistoryFacts, the problems, the rows with no award."""
    year_hint = context.year or context.default_year
    sheet = layout.sheet
    cols = {c.field: c.index for c in layout.columns if c.field and not c.gender}
    groups: dict[str, DecisionRef | None] = {"": None}

    def issuer_of(info, values) -> str:
        """Who conferred the row's award, as far as the book says (a bare `Bằng khen` then reads)."""
        c = cols.get("issuer")
        if c is not None and c < len(values) and values[c] is not None and text(values[c]):
            return canonical_issuer(text(values[c]))
        if info.group not in groups:
            groups[info.group] = parse_decision(info.group)
        ref = groups[info.group] or context.decision
        return ref.issuer if ref else ""

    rows, problems, awardless = parse_nominees(layout, lookups, default_award=context.award,
                                               year=year_hint, today=today, award_hint=issuer_of)
    infos = {info.index + 1: info for info in layout.rows}
    guessed, missing = [], []
    for r in rows:
        values = sheet.rows[r.row - 1]
        info = infos.get(r.row)

        def raw(name: str, values=values) -> object:
            c = cols.get(name)
            return values[c] if c is not None and c < len(values) else None

        def add(code: str, message: str, name: str, row=r.row) -> None:
            c = cols.get(name)
            cell = f"{column_letter(c)}{row}" if c is not None else ""
            problems.append(problem(code, message, sheet=sheet.name, cell=cell, row=row))

        facts = HistoryFacts()
        group = info.group if info is not None else ""
        if group not in groups:
            groups[group] = parse_decision(group)
        _year(facts, raw("year"), info.group_year if info else None, context, add)
        _decision(facts, raw, groups[group], context, add)
        if facts.year is None and facts.decision_date is not None:
            facts.year, facts.year_from = facts.decision_date.year, "decision"
            guessed.append(r.row)
        elif facts.year is None and facts.year_from != "invalid":
            missing.append(r.row)
        _kind(facts, raw("award_kind"), info, context, r, add)
        money, ok = parse_number(raw("money"))
        facts.money = int(money) if ok and money is not None and money >= 0 else None
        notes = fold(r.notes)
        facts.revoked = "thu hoi" in notes or "bi huy" in notes
        seq = raw("seq")
        facts.seq = seq if isinstance(seq, int) and not isinstance(seq, bool) and seq > 0 else None
        r.history = facts
    if guessed:
        problems.append(problem(
            "year_guessed", f"Trang “{sheet.name}”: {_rows_text(guessed)} không ghi năm đạt thành tích; "
            "lấy năm của ngày quyết định. Quyết định cuối năm thường ban hành đầu năm sau: hãy kiểm "
            "tra, hoặc chọn năm cho các dòng không ghi năm.", sheet=sheet.name, row=guessed[0]))
    if missing:
        problems.append(problem(
            "year_missing", f"Trang “{sheet.name}”: {_rows_text(missing)} không rõ năm đạt thành tích "
            "(không có cột Năm, tên trang và tiêu đề không ghi năm); hãy chọn năm.",
            sheet=sheet.name, row=missing[0]))
    return rows, problems, awardless


def _rows_text(rows: list[int]) -> str:
    shown = ", ".join(str(n) for n in rows[:12]) + (" ..." if len(rows) > 12 else "")
    return f"dòng {shown}"


def _year(facts: HistoryFacts, cell: object, line_year: int | None, context: SheetContext, add) -> None:
    if cell is not None and text(cell):
        year = parse_year(cell)
        if year is None:
            facts.year_from = "invalid"
            add("year_invalid", f"“{text(cell)}” không phải một năm (ghi năm đạt thành tích, ví dụ 2023).", "year")
            return
        facts.year, facts.year_from = year, "column"
    elif line_year is not None:
        facts.year, facts.year_from = line_year, "line"
    elif context.year is not None:
        facts.year, facts.year_from = context.year, "sheet"
    elif context.default_year is not None:
        facts.year, facts.year_from = context.default_year, "option"


def _decision(facts: HistoryFacts, raw, group: DecisionRef | None, context: SheetContext, add) -> None:
    own = None
    cell = raw("decision")
    if cell is not None and text(cell) and not isinstance(cell, (dt.date, dt.datetime)):
        own = parse_decision(cell)
        if own is None:
            add("decision_unreadable", f"Không đọc được số quyết định trong “{text(cell)[:60]}”; dòng này "
                "được ghi không kèm quyết định.", "decision")
    date, ok = parse_date(raw("decision_date"))
    if not ok:
        add("decision_date_invalid", f"Ngày quyết định “{text(raw('decision_date'))}” không phải ngày.",
            "decision_date")
    if own is None and isinstance(cell, (dt.date, dt.datetime)) and date is None:
        date = cell if isinstance(cell, dt.date) and not isinstance(cell, dt.datetime) else cell.date()
    issuer = canonical_issuer(text(raw("issuer"))) if raw("issuer") is not None else ""
    ref = own or group or context.decision
    facts.decision_from = "column" if own else "line" if group else "title" if ref else ""
    if ref is None:
        facts.decision_date, facts.issuer = date, issuer
        return
    facts.decision = ref.number
    facts.decision_date = date or ref.date
    if own is not None and facts.decision_date is None:
        for other in (group, context.decision):  # the number of the line above, with its date
            if other is not None and other.number == own.number:
                facts.decision_date = other.date
    facts.issuer = issuer or ref.issuer or (group.issuer if group and own and group.number == own.number else "")


def _kind(facts: HistoryFacts, cell: object, info, context: SheetContext, row: NomineeRow, add) -> None:
    if cell is not None and text(cell):
        kind = kind_of(cell, column=True)
        if kind is None:
            add("award_kind_unknown", f"Loại khen “{text(cell)}” không rõ (thường xuyên, theo đợt/chuyên đề, "
                "đột xuất ...); coi là khen thường xuyên.", "award_kind")
        facts.kind = kind or "regular"
        return
    for source in ((info.section if info else ""), (info.group if info else "")):
        if source and (kind := kind_of(source)):
            facts.kind = kind
            return
    facts.kind = context.kind or kind_of(row.notes) or "regular"
