"""Nhập sổ khen thưởng các năm trước (kind `ledger`): the reading half.

An office starting with the program brings its award books: one sheet per year, one sheet with
a year column, rows grouped under `Quyết định số ...` lines, a decision's own list — several
sheets of one file read together. `read_ledger` fills an ImportPreview:

1. each sheet with what its title and name say (year, decision, award, kind), its rows read
   by `app.excel.history`;
2. people matched across the years and sheets by EXCHANGE.md rule 5 (`app.matching`), units
   merged together counting as one: the same person in four yearly sheets is one record with
   four awards; a near match — to someone already known, or to another row of the file with
   no birth year or one a year apart — is a warning to confirm, never a silent merge;
3. then `app.history_checks` finds the rows the ledger already holds, the rows given twice, and
   the decisions already recorded.

Nothing is written here; `app.history_writer` writes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from app.excel.decision_text import DecisionRef, kind_of, parse_decision, year_in
from app.excel.hints import read_hints
from app.excel.history import SheetContext, parse_history
from app.excel.lookups import Lookups
from app.excel.problems import Problem, problem
from app.history_checks import check_history
from app.matching import PeopleIndex, PersonCandidate, PersonMatch, UnitIndex, merge_families
from app.text import fold, match_key

if TYPE_CHECKING:
    from app.excel.rows import NomineeRow
    from app.imports import ImportPreview, SheetTable


def read_ledger(session: Session, preview: ImportPreview, tables: list[SheetTable], lookups: Lookups,
                units: UnitIndex, problems: list[Problem], *, unit: int | str | None, year: int | None,
                award: str | None, today: dt.date, step=None) -> None:
    """Read every sheet's rows into `preview` and check them against the data (never writes)."""
    award_ref = None
    if award:
        award_ref = lookups.award(award)
        if award_ref is None:
            problems.append(problem("award_unknown", f"“{award}” không có trong danh mục danh hiệu, hình thức "
                                    "khen thưởng."))
    years_seen: set[int] = set()
    keepers = _keepers(session)
    for table in tables:
        layout = table.layout
        hints = read_hints(layout.title_cells, lookups)
        title = " ".join(t for _, _, t in layout.title_cells)
        context = SheetContext(year=hints.year or year_in(layout.sheet.name), default_year=year,
                               decision=_title_decision(title), kind=kind_of(hints.title),
                               award=award_ref or hints.award)
        rows, found, awardless = parse_history(layout, lookups, context, today=today)
        problems += found
        if awardless:
            shown = ", ".join(str(n) for n in awardless[:12]) + (" ..." if len(awardless) > 12 else "")
            problems.append(problem(
                "award_missing", f"Trang “{layout.sheet.name}”: dòng {shown} không ghi danh hiệu, hình thức "
                "khen thưởng, và tiêu đề trang không nêu; hãy chọn danh hiệu.", sheet=layout.sheet.name))
        preview.rows += rows
        preview.rows_read += sum(1 for r in layout.rows if r.kind == "data")
        years_seen |= {r.history.year for r in rows if r.history and r.history.year}
        if not preview.title:
            preview.title = hints.title
        if preview.unit is None and unit in (None, ""):
            found, text = units.find_any(hints.unit_texts)
            # The header of a book the office keeps names the office, not its people's unit.
            if found is not None and fold(found.name) not in keepers:
                preview.unit, preview.unit_hint = found, text
    if unit not in (None, ""):
        preview.unit = units.get(unit) if isinstance(unit, int) else units.find(unit)
        preview.unit_hint = str(unit)
        if preview.unit is None:
            problems.append(problem("unit_unknown", f"Không có đơn vị “{unit}” trong danh mục đơn vị."))
    preview.year = years_seen.pop() if len(years_seen) == 1 else None
    preview.context["years"] = sorted({r.history.year for r in preview.rows if r.history and r.history.year})
    names = {r.award.id: r.award for r in preview.rows if r.award}
    preview.award = next(iter(names.values())) if len(names) == 1 else None
    if not preview.rows:
        return
    if step is not None:
        step(3, "Đối chiếu với sổ khen thưởng và danh sách cá nhân")
    match_people(session, preview, units)
    preview.context["unit_names"] = {r.unit_id: units.get(r.unit_id).name for r in preview.rows
                                     if r.unit_id and units.get(r.unit_id)}
    check_history(session, preview, units)


def _keepers(session: Session) -> set[str]:
    """The office and its authority, folded: the header of a book they keep."""
    from app.office import get_profile

    profile = get_profile(session)
    return {fold(n) for n in (profile.office_name, profile.authority_name) if n}


def _title_decision(title: str) -> DecisionRef | None:
    """`(Kèm theo Quyết định số 112/QĐ-UBND ngày ...)`: the decision whose list the sheet is."""
    key = fold(title)
    for words in ("kem theo quyet dinh", "quyet dinh so", "theo quyet dinh"):
        at = key.find(words)
        if at >= 0:
            return parse_decision(title[at:] if len(key) == len(title) else key[at:])
    return None


def find_unit(units: UnitIndex, name: str, cache: dict[str, int | None]) -> int | None:
    """The unit a collective is, when its whole name is a unit's."""
    key = "=" + name
    if key not in cache:
        ref = units.find_exact(name)
        cache[key] = ref.id if ref else None
    return cache[key]


def find_place(units: UnitIndex, text: str, cache: dict[str, int | None]) -> int | None:
    """The unit a unit cell names: the whole text, else its last part (`Bản Nà Tăm, xã Bản Bo`)."""
    if text not in cache:
        ref = None
        if text:
            # The last part first: `Bản Giang Ma, xã Giang Ma` is in xã Giang Ma, not in xã Bản Giang.
            parts = [p for p in text.split(",") if p.strip()]
            for part in [*reversed(parts[1:]), text] if len(parts) > 1 else [text]:
                if (ref := units.find(part)) is not None:
                    break
        cache[text] = ref.id if ref else None
    return cache[text]


def unit_of_row(r: NomineeRow, units: UnitIndex, home: int | None, cache: dict[str, int | None]) -> tuple:
    """(the unit the award line is credited to, the unit the row is placed in). A person's line
    goes to their unit; a collective's to the unit it is, if it is one (a village is not); a
    household's to its commune."""
    place = find_place(units, r.unit_text, cache) or home
    if r.subject == "collective":
        return find_unit(units, r.name, cache), place
    return place, place


def match_people(session: Session, preview: ImportPreview, units: UnitIndex) -> None:
    """Link individuals to people; group the new ones; flag near matches (never merged)."""
    home = preview.unit.id if preview.unit else None
    family = merge_families(units)
    root = {uid: min(members) for uid, members in family.items()}
    preview.context["unit_root"] = root
    cache: dict[str, int | None] = {}
    places = preview.context["places"] = {}  # row index → the unit the row is placed in
    for i, r in enumerate(preview.rows):
        r.key = match_key(r.name)
        r.unit_id, places[i] = unit_of_row(r, units, home, cache)
    individuals = [r for r in preview.rows if r.subject == "individual"]
    people = PeopleIndex(session, {r.key for r in individuals}, {r.unit_id for r in individuals if r.unit_id},
                         family=family)
    groups: dict[tuple, list[NomineeRow]] = defaultdict(list)
    for r in individuals:
        r.match = people.match(r.key, r.birth_year, r.unit_id)
        if r.match.kind == "none":
            groups[group_key(preview, r)].append(r)
    keys = list(groups)
    preview.context["group_keys"] = keys  # a confirmed in-file near match names its group -(i + 1)
    by_name: dict[tuple, list[int]] = defaultdict(list)
    for gid, (key, _by, unit_root) in enumerate(keys):
        by_name[(key, unit_root)].append(gid)
    for gids in by_name.values():
        if len(gids) < 2:
            continue
        # The group with a birth year and the most rows anchors; those that could be the same
        # person (no birth year, or one a year apart) are near matches to confirm.
        gids.sort(key=lambda g: (keys[g][1] is None, -len(groups[keys[g]])))
        anchor = gids[0]
        first = groups[keys[anchor]][0]
        for gid in gids[1:]:
            mine, theirs = keys[gid][1], keys[anchor][1]
            if mine is not None and theirs is not None and abs(mine - theirs) > 1:
                continue  # two people of the same name
            why = "thiếu năm sinh để đối chiếu" if mine is None or theirs is None else "năm sinh lệch 1 năm"
            candidate = PersonCandidate(-(anchor + 1), first.name, theirs, first.unit_id,
                                        f"cùng tên, cùng đơn vị ở trang “{first.sheet}” dòng {first.row} của "
                                        f"tệp, {why}")
            for r in groups[keys[gid]]:
                r.match = PersonMatch("near", None, [candidate])
    for r in individuals:
        if r.match.kind != "near":
            continue
        who = "; ".join(f"{c.name}" + (f" ({c.birth_year})" if c.birth_year else "")
                        + (f", {units.get(c.unit_id).name}" if units.get(c.unit_id) else "") + f": {c.reason}"
                        for c in r.match.candidates[:3])
        preview.problems.append(problem(
            "person_near_match", f"“{r.name}” gần giống: {who}. Hãy xác nhận cùng người hay người khác; chưa "
            "xác nhận thì ghi thành hồ sơ cá nhân riêng (có thể gộp sau).", sheet=r.sheet,
            cell=r.cell("name"), row=r.row))


def group_key(preview: ImportPreview, r: NomineeRow) -> tuple:
    """The new person a row makes when it is not someone known: name, birth year, unit (units
    merged together counting as one)."""
    root = preview.context.get("unit_root", {})
    return (r.key, r.birth_year, root.get(r.unit_id, r.unit_id))


def resolve(preview: ImportPreview, r: NomineeRow) -> tuple | None:
    """Who an individual row is, with the user's answers: ("p", person id) for someone known,
    ("g", group key) for a new person the import makes. None for collectives and households."""
    if r.subject != "individual" or r.match is None:
        return None
    m = r.match
    if m.kind == "exact":
        return ("p", m.person_id)
    if m.kind == "near" and isinstance(r.choice, int):
        if r.choice > 0 and r.choice in {c.id for c in m.candidates}:
            return ("p", r.choice)
        keys = preview.context.get("group_keys", [])
        if r.choice < 0 and -r.choice - 1 < len(keys):
            return ("g", keys[-r.choice - 1])
    return ("g", group_key(preview, r))
