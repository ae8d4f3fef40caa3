"""`tdkt person show`: a person's record — the facts the eligibility rules rest on, by year,
and their awards.

    tdkt person show NAME [--birth-year YEAR] [--unit UNIT] [--db PATH] [--json]

`--json` prints a list of the matching people, each `{"id", "subject", "name", "birth_year",
"unit", "position", "is_direct_worker", "ratings": [{"id", "year", "rating", "rating_name",
"rated_by"}], "disciplines": [{"id", "level", "level_name", "from", "to", "decision",
"reason"}], "investigations": [{"id", "kind", "kind_name", "from", "to", "open", "note",
"closed_note"}], "initiatives": [{"id", "title", "kind", "scope", "year", "recognised_by",
"decision_number", "decision_date", "years_applied", "recognised"}], "awards": [as in
`tdkt history`]}`; dates ISO. Exit code 0, also when nobody matches (an empty list).
"""

from __future__ import annotations

import argparse

from app.commands.common import add_db


def add_show(actions) -> None:
    """`show` among the actions of `tdkt person` (app/commands/units.py)."""
    show = actions.add_parser("show", help="hồ sơ của một người: xếp loại, kỷ luật, thanh tra, sáng kiến và "
                                           "khen thưởng theo năm")
    show.add_argument("name", metavar="NAME", help="họ tên (gõ không dấu cũng được)")
    show.add_argument("--birth-year", type=int, metavar="YEAR", help="năm sinh")
    show.add_argument("--unit", metavar="UNIT", help="đơn vị: mã hoặc tên")
    add_db(show)
    show.add_argument("--json", action="store_true", help="in kết quả dạng JSON")


def run_show(args: argparse.Namespace) -> int:
    from app.cli import print_json
    from app.commands.common import session
    from app.facts_view import find_people

    with session(args) as s:
        found = find_people(s, args.name, birth_year=args.birth_year, unit=args.unit)
    if args.json:
        print_json([r.as_dict() for r in found])
        return 0
    if not found:
        print(f"Không tìm thấy cá nhân nào có tên “{args.name}”.")
        return 0
    for r in found:
        _print(r)
    return 0


def _print(r) -> None:
    bits = [f"sinh năm {r.birth_year}" if r.birth_year else "", r.position, r.unit or "",
            "lao động trực tiếp" if r.is_direct_worker else ""]
    print(f"{r.name} ({', '.join(b for b in bits if b)})")
    for year in r.years():
        print(f"  Năm {year}:")
        for x in r.ratings:
            if x.year == year:
                print(f"    Xếp loại: {x.rating} — {x.as_dict()['rating_name']}"
                      + (f" (người đánh giá: {x.rated_by})" if x.rated_by else ""))
        for d in r.disciplines:
            if d.decided_on.year == year:
                until = f" đến {d.ends_on:%d/%m/%Y}" if d.ends_on else ""
                print(f"    Kỷ luật: {d.level_name} từ {d.decided_on:%d/%m/%Y}{until}"
                      + (f" ({d.decision})" if d.decision else ""))
        for i in r.investigations:
            if i.started_on.year == year:
                end = f", kết thúc {i.ended_on:%d/%m/%Y}" if i.ended_on else ", chưa kết thúc"
                print(f"    {i.kind_name} từ {i.started_on:%d/%m/%Y}{end}")
        for i in r.initiatives:
            if i.year == year:
                status = f"QĐ {i.decision_number}" if i.recognised else "chưa có quyết định công nhận"
                print(f"    Sáng kiến: {i.title} ({i.as_dict()['scope_name']}; {status})")
        for a in r.awards:
            if a.year == year:
                print(f"    Khen thưởng: {a.award}" + (f" — QĐ {a.decision}" if a.decision else ""))
