"""Vấn đề khi nhập: every problem an import can report, with a stable code.

Errors block the import of the file; warnings are shown and kept with the record. The codes
are a contract (scripts read them from `tdkt import --json`); `docs/import-codes.md` explains
each one, and a test keeps that page and this table in step. Every doubt about eligibility has
a code starting with `eligibility`.
"""

from __future__ import annotations

from dataclasses import dataclass

# code → (severity, what it means). Severity is the usual one; a code keeps it everywhere.
CODES: dict[str, tuple[str, str]] = {
    "file_unreadable": ("error", "the file is not a workbook, is damaged, password-protected, empty or absurdly large"),
    "no_table": ("error", "no sheet has a recognisable header row (STT, Họ và tên, ...)"),
    "no_rows": ("error", "a header was found but no data rows under it"),
    "kind_guessed": ("warning", "the kind of list was not stated (no _meta, no title); award_proposal assumed"),
    "unit_unknown": ("error", "the sending unit could not be found in the units list; choose it (--unit)"),
    "unit_merged": ("warning", "the sending unit has been merged into another unit"),
    "year_missing": ("error", "neither the file nor the options say the year; choose it (--year)"),
    "year_guessed": ("warning", "the year was taken from a date in the title lines, not stated as the list's year"),
    "award_missing": ("error", "rows carry no award and neither the title nor the options name one (--award)"),
    "award_ambiguous": ("warning", "the title names several awards; each row's own award is used"),
    "many_units": ("warning", "a list of many units (the office's export, `_meta` scope units): each row goes with the unit in its «Đơn vị đề nghị» column, each unit becomes a dossier of its own, none replaces another"),
    "own_export": ("error", "the header names the office itself as the sender (an export of the office made before exports carried _meta): not filed under the office unless the unit is chosen"),
    "nominees_known": ("warning", "the office's own nominee export read back: rows the unit's dossiers of the year already hold (same name, subject, award) are not written again; only new rows make a dossier"),
    "registration_not_title": ("error", "a registration names a form or an order (Giấy khen, Bằng khen, Huân chương ...), not an emulation title a unit registers for"),
    "meta_mismatch": ("warning", "the hidden _meta sheet and the visible sheet (or the options) disagree"),
    "sheet_skipped": ("warning", "a sheet with content has no recognisable table and was not imported"),
    "sheet_not_list": ("warning", "a sheet is instructions (example rows) or a lookup catalogue of codes, not a list: skipped; a catalogue's codes are used to read the list"),
    "not_award_list": ("error", "the workbook is a list of people but not an award list (a staff list, a survey, households, pupils, a payroll): no award column, none in the title, none chosen; nothing is read"),
    "already_imported": ("warning", "this identical file was imported before; nothing is written again"),
    "new_version": ("warning", "the unit sent this registration, score sheet or report before: this file becomes the next version, the old one is kept as superseded"),
    "may_replace": ("warning", "the unit sent an award list of the same year and the same awards, still open and not appraised: this file is a dossier of its own unless the clerk confirms it replaces that list (--replace); the old version is kept"),
    "replace_other_kind": ("error", "--replace was asked but the open list of the same unit, year and awards is a dossier of another kind (year-end, sudden, movement ...): a list of one kind never replaces another; nothing is written"),
    "replace_refused": ("warning", "--replace was asked but no open, unappraised list of the same unit, year, kind and awards exists: the file is a dossier of its own"),
    "name_missing": ("error", "a data row has no name"),
    "duplicate_row": ("warning", "a rating list names the same person twice; the later row is used"),
    "discipline_unknown": ("error", "a rating list's discipline is not one of the measures (khiển trách, cảnh cáo, ...)"),
    "discipline_date_missing": ("error", "a rating list gives a discipline without the date of its decision"),
    "year_from_school_year": ("warning", "the title names a school year (Năm học 2024 - 2025) and no calendar year: the year it ends in is used"),
    "initiative_decision_unreadable": ("warning", "a rating list's initiative decision cell names no decision number: the initiative is kept as declared, not recognised"),
    "initiative_split": ("warning", "one cell of a rating list holds an initiative's title with its decision (and scope): the parts read are named, to check"),
    "initiative_date_invalid": ("warning", "a rating list's initiative decision date is not a date: not recorded"),
    "initiative_scope_unknown": ("warning", "a rating list's initiative scope is not cơ sở / tỉnh / bộ, ngành / toàn quốc: recorded as cơ sở"),
    "initiative_scope_conflict": ("warning", "the scope column and the decision cell name different scopes: the scope column is used"),
    "initiative_title_missing": ("warning", "a rating list row gives an initiative's decision or scope but no title: nothing recorded"),
    "collective_unknown": ("warning", "a collective row of a rating list names no unit of the units list: its rating and discipline are not recorded"),
    "collective_fact_ignored": ("warning", "a collective row of a rating list gives a fact only people have (an initiative, a birth year): not recorded"),
    "investigation_date_missing": ("error", "a rating list marks an investigation, inspection or complaint without the day it began"),
    "name_suspicious": ("warning", "a name contains digits or odd characters"),
    "template_example": ("warning", "rows of a province template's printed examples (no number, no award: UBND Tỉnh Quảng Bình ...) were left in the list: skipped"),
    "title_on_collective": ("warning", "a courtesy title or rank (Ông, Bà, Đồng chí, Thiếu úy ...) stands on a collective or household row: it is dropped, with the gender it would give"),
    "subject_guessed": ("warning", "a name typed without accents begins with a word that is also a surname (Truong, To, Ban): read as a collective, check it"),
    "direction_marks": ("warning", "a cell held invisible right-to-left marks (U+200F, U+202E ...), which make a name show other letters than stored; they were removed"),
    "date_invalid": ("error", "a birth date or year cannot be a date, or is outside 1900 to this year"),
    "birth_year_unlikely": ("warning", "a birth year gives an age under 15 or over 100"),
    "gender_unknown": ("warning", "the gender cell says something other than Nam / Nữ"),
    "gender_conflict": ("warning", "both the Nam and Nữ columns are filled, or they disagree with the gender column"),
    "ethnicity_unknown": ("warning", "the ethnicity is not one of the 54 groups (or Người nước ngoài) under any known spelling"),
    "award_unknown": ("error", "the award in a row is not in the catalogue"),
    "award_is_rating": ("warning", "the award cell holds a task rating (e.g. HTXS nhiệm vụ); it is kept as the rating"),
    "award_subject_mismatch": ("error", "a collective proposed for an individual-only title, or the reverse"),
    "rating_unknown": ("warning", "the task-completion rating is not HTXSNV / HTTNV / HTNV / KHTNV in any spelling"),
    "person_near_match": ("warning", "a nominee resembles an existing person (other unit, birth year ±1, one letter apart): confirm before linking; never merged silently"),
    "eligibility_already_holds": ("warning", "the person (or unit) already holds that award for that year in the ledger"),
    "eligibility_duplicate_in_file": ("warning", "the same nominee and award appear twice in the file"),
    "eligibility_already_proposed": ("warning", "the same nominee is already proposed for that award and year in another dossier"),
    "bloc_missing": ("error", "the unit is in no bloc for that year, so its self-scores have no criteria"),
    "criterion_unknown": ("error", "a scored row matches none of the bloc's criteria"),
    "criterion_not_scored": ("warning", "a criterion of the bloc has no self-score in the file"),
    "score_invalid": ("error", "a score is not a number"),
    "score_over_max": ("error", "a self-score exceeds the criterion's maximum"),
    "score_negative": ("error", "a negative self-score on a criterion that is not a penalty"),
    "score_group_mismatch": ("error", "a group's self-score differs from the sum of its criteria"),
    "score_on_group": ("error", "a group carries a self-score but none of its criteria is scored"),
    "value_invalid": ("warning", "a report figure is not a number; kept as text"),
    # Award books of earlier years (kind ledger).
    "year_invalid": ("error", "an award book's year cell is not a year"),
    "decision_unreadable": ("warning", "a decision cell names no number; the line is kept without its decision"),
    "decision_date_invalid": ("warning", "a decision date cell is not a date"),
    "decision_date_differs": ("warning", "a decision is already recorded (or given twice in the file) with another date; the first date is kept"),
    "decision_date_missing": ("warning", "lines give a decision number without a date: the number is kept on the line, no decision is recorded, no money computed"),
    "award_kind_unknown": ("warning", "the kind of award (regular, movement/theme, sudden ...) is not understood; regular assumed"),
    "history_known": ("warning", "lines the ledger already holds (imported before or decided in the program): not written again; the message says how many and how many are new"),
    "history_duplicate_in_file": ("warning", "the same award to the same person for the same year is given twice in the book: written once"),
    "history_conflict": ("warning", "the ledger holds that title for that year under another decision number: the ledger is kept as it is"),
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem, with where it is (`sheet`, `cell` like `B14`, 1-based `row`)."""

    severity: str
    code: str
    message: str
    sheet: str = ""
    cell: str = ""
    row: int | None = None

    @property
    def where(self) -> str:
        """`Danh sach!B14`, `Danh sach` or '' (the whole file)."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet

    def as_dict(self) -> dict:
        # By hand: dataclasses.asdict deep-copies every field, 50 µs a problem.
        return {"severity": self.severity, "code": self.code, "message": self.message,
                "sheet": self.sheet, "cell": self.cell, "row": self.row}


def problem(code: str, message: str, *, sheet: str = "", cell: str = "", row: int | None = None,
            severity: str | None = None) -> Problem:
    """A problem with its code's usual severity (codes not in CODES come from app.rules)."""
    if severity is None:
        severity = CODES[code][0] if code in CODES else "warning"
    return Problem(severity, code, message, sheet, cell, row)
