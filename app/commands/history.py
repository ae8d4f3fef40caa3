"""`tdkt history`: the award history of anyone, found by name without accents.

    tdkt history NAME [--birth-year YEAR] [--unit UNIT] [--db PATH] [--json]
    tdkt merge-unit (UNIT --into UNIT --on DD/MM/YYYY | --map) [--dry-run] [--db PATH] [--json]

`--json` prints a list of the matching people or collectives, each `{"name", "birth_year",
"unit", "awards": [{"year", "award", "kind", "decision", "decision_date", "authority"}]}` (plus
`subject`, and per award `category`, `revoked`, `recipient`, `source`, `source_file`), awards
in year order. Exit code 0, also when nothing matches (an empty list).

`merge-unit` marks a unit as merged into its successor (its people follow; its awards keep the
name they were given to), or with `--map` applies the office's merger map (Tam Đường's communes
on 1/7/2025); `--dry-run` says what it would do. Exit code 1 on a refused merger.
"""

from __future__ import annotations

import argparse

from app.commands.access import reads, writes
from app.commands.exchange import _open


def register(sub) -> dict:
    cmd = sub.add_parser("history", help="tra lịch sử khen thưởng của một người hoặc tập thể qua các năm")
    cmd.add_argument("name", metavar="NAME", help="họ tên hoặc tên tập thể (gõ không dấu cũng được)")
    cmd.add_argument("--birth-year", type=int, metavar="YEAR", help="năm sinh (chỉ tìm cá nhân)")
    cmd.add_argument("--unit", metavar="UNIT", help="đơn vị: mã hoặc tên (gồm cả đơn vị đã sáp nhập vào)")
    cmd.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                     help="tệp dữ liệu (mặc định: tệp trong thư mục dữ liệu người dùng)")
    cmd.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    merge = sub.add_parser("merge-unit", help="sáp nhập đơn vị vào đơn vị khác (hoặc theo bản đồ sáp nhập)")
    merge.add_argument("unit", nargs="?", metavar="UNIT", help="đơn vị sáp nhập: mã hoặc tên")
    merge.add_argument("--into", metavar="UNIT", help="đơn vị tiếp nhận: mã hoặc tên")
    merge.add_argument("--on", metavar="DD/MM/YYYY", help="ngày sáp nhập")
    merge.add_argument("--map", action="store_true", help="áp dụng bản đồ sáp nhập có sẵn (01/7/2025)")
    merge.add_argument("--dry-run", action="store_true", help="chỉ cho biết sẽ làm gì, không ghi")
    merge.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                       help="tệp dữ liệu (mặc định: tệp trong thư mục dữ liệu người dùng)")
    merge.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    return {"history": run_history, "merge-unit": run_merge}


def _date(text: str | None):
    import datetime as dt

    from app.errors import ValidationError

    try:
        return dt.datetime.strptime((text or "").strip(), "%d/%m/%Y").date()
    except ValueError as exc:
        raise ValidationError(f"Ngày sáp nhập “{text or ''}” không đúng dạng ngày/tháng/năm (01/07/2025).") from exc


@writes("edit", when=lambda a: not a.dry_run)
def run_merge(args: argparse.Namespace) -> int:
    from app.cli import print_json
    from app.commands.exchange import _find_unit
    from app.errors import UserError
    from app.units import apply_mergers, merge_unit, plan_mergers

    if args.map == bool(args.unit):
        raise UserError("Hãy nêu một đơn vị (UNIT --into UNIT --on NGÀY) hoặc --map, không cả hai.")
    db = _open(args)
    try:
        with db.session() as session:
            # A dry run is rolled back: it needs no more rights than --map --dry-run (t18).
            session.info["dry_run"] = bool(args.dry_run)
            if args.map:
                from app.units import map_concerns

                if not map_concerns(session):
                    raise UserError("Bản đồ sáp nhập có sẵn là của dữ liệu mẫu (huyện Tam Đường), không có đơn vị "
                                    "nào của cơ quan này; hãy sáp nhập từng đơn vị: tdkt merge-unit UNIT --into UNIT "
                                    "--on DD/MM/YYYY.")
                done = plan_mergers(session) if args.dry_run else apply_mergers(session)
            else:
                if not args.into:
                    raise UserError("Chưa nêu đơn vị tiếp nhận (--into).")
                unit, into, on = _find_unit(session, args.unit), _find_unit(session, args.into), _date(args.on)
                done = [merge_unit(session, unit.id, into.id, on)]
            if args.dry_run:
                session.rollback()
    finally:
        db.dispose()
    if args.json:
        print_json([{"unit": m.unit, "into": m.into, "on": m.on.isoformat(), "people": m.people,
                     "awards": m.awards, "applied": m.applied and not args.dry_run, "note": m.note or None,
                     "notes": m.notes}
                    for m in done])
        return 0
    for m in done:
        verb = "sẽ sáp nhập" if args.dry_run or not m.applied else "đã sáp nhập"
        print(f"{m.unit} {verb} vào {m.into} từ {m.on:%d/%m/%Y}: {m.people} cá nhân chuyển theo, "
              f"{m.awards} khen thưởng giữ tên cũ" + (f" ({m.note})" if m.note else ""))
        for note in m.notes:
            print(f"  - {note}")
    if not done:
        print("Không có đơn vị nào cần sáp nhập.")
    return 0


@reads
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
