"""`tdkt history`: the award history of anyone, found by name without accents.

    tdkt history NAME [--birth-year YEAR] [--unit UNIT] [--db PATH] [--json]

`--json` prints a list of the matching people or collectives, each `{"name", "birth_year",
"unit", "awards": [{"year", "award", "kind", "decision", "decision_date", "authority"}]}` (plus
`subject`, and per award `category`, `revoked`, `recipient`, `source`, `source_file`), awards
in year order. Exit code 0, also when nothing matches (an empty list).
"""

from __future__ import annotations

import argparse

from app.commands.exchange import _open


def register(sub) -> dict:
    cmd = sub.add_parser("history", help="tra lịch sử khen thưởng của một người hoặc tập thể qua các năm")
    cmd.add_argument("name", metavar="NAME", help="họ tên hoặc tên tập thể (gõ không dấu cũng được)")
    cmd.add_argument("--birth-year", type=int, metavar="YEAR", help="năm sinh (chỉ tìm cá nhân)")
    cmd.add_argument("--unit", metavar="UNIT", help="đơn vị: mã hoặc tên (gồm cả đơn vị đã sáp nhập vào)")
    cmd.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                     help="tệp dữ liệu (mặc định: tệp trong thư mục dữ liệu người dùng)")
    cmd.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    return {"history": run_history}


def run_history(args: argparse.Namespace) -> int:
    from app.award_history import search_history
    from app.cli import print_json

    db = _open(args)
    try:
        with db.session() as session:
            found = search_history(session, args.name, birth_year=args.birth_year, unit=args.unit)
    finally:
        db.dispose()
    if args.json:
        print_json([r.as_dict() for r in found])
        return 0
    if not found:
        print(f"Không tìm thấy ai có tên “{args.name}” trong sổ khen thưởng.")
        return 0
    for r in found:
        bits = [f"sinh năm {r.birth_year}" if r.birth_year else "", r.unit or ""]
        print(f"{r.name}" + (f" ({', '.join(b for b in bits if b)})" if any(bits) else "")
              + f": {len(r.awards)} khen thưởng")
        for a in r.awards:
            decided = f"QĐ {a.decision}" + (f" ngày {a.decision_date:%d/%m/%Y}" if a.decision_date else "") \
                if a.decision else "chưa rõ quyết định"
            mark = " [đã thu hồi]" if a.revoked else ""
            print(f"  {a.year}  {a.award}{mark} — {decided}" + (f", {a.authority}" if a.authority else "")
                  + f" ({a.source_text})")
    return 0
