"""`tdkt eligibility` and `tdkt dossier`: eligibility verdicts, and the dossiers of a year.

    tdkt eligibility (--dossier NUMBER | --year YEAR) [--db PATH] [--json]
    tdkt dossier list --year YEAR [--db PATH] [--json]
    tdkt dossier show NUMBER [--db PATH] [--json]

JSON of `eligibility`, one object per nominee (a stable contract):
`{"dossier", "nominee", "award", "verdict": "meets"|"fails"|"unknown",
  "reasons": [{"code", "message", "basis"}]}` (plus `award_name`).
"""

from __future__ import annotations

import argparse

from app.commands.access import reads
from app.errors import UserError


def _db_option(parser: argparse.ArgumentParser) -> None:
    # A dest of its own: a subcommand's default must not hide `tdkt --db PATH eligibility`.
    parser.add_argument("--db", dest="sub_db", metavar="PATH",
                        help="tệp dữ liệu (mặc định: trong thư mục dữ liệu người dùng)")


def register(sub) -> dict:
    elig = sub.add_parser("eligibility", help="xét điều kiện khen thưởng của người/tập thể được đề nghị")
    which = elig.add_mutually_exclusive_group(required=True)
    which.add_argument("--dossier", metavar="NUMBER", help="số hồ sơ, ví dụ HS-2025-0001")
    which.add_argument("--year", type=int, metavar="YEAR", help="mọi hồ sơ của năm thành tích")
    _db_option(elig)
    elig.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    dossier = sub.add_parser("dossier", help="hồ sơ đề nghị khen thưởng: danh sách, chi tiết")
    actions = dossier.add_subparsers(dest="dossier_action", metavar="VIỆC", required=True,
                                     parser_class=type(dossier))
    listing = actions.add_parser("list", help="danh sách hồ sơ của một năm")
    listing.add_argument("--year", type=int, required=True, metavar="YEAR")
    _db_option(listing)
    listing.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    show = actions.add_parser("show", help="chi tiết một hồ sơ")
    show.add_argument("number", metavar="NUMBER", help="số hồ sơ, ví dụ HS-2025-0001")
    _db_option(show)
    show.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    return {"eligibility": run_eligibility, "dossier": run_dossier}


def _open(args):

    from app.database import open_database
    from app.server import db_target

    path = db_target(getattr(args, "sub_db", None) or getattr(args, "db", None))
    return open_database(path, create=False)


@reads
def run_eligibility(args: argparse.Namespace) -> int:
    from app.cli import print_json
    from app.rules import VERDICTS, check_dossier, check_year

    left_out: list[tuple[str, str, int]] = []
    if args.year is not None and not 1945 <= args.year <= 2100:
        raise UserError("Năm phải từ 1945 đến 2100.")
    db = _open(args)
    try:
        with db.session() as session:
            if args.dossier:
                from app.commands.common import dossier_id

                verdicts = check_dossier(session, dossier_id(session, args.dossier), store=False)
            else:
                from app.rules.engine import left_out_of_year

                verdicts = check_year(session, args.year, store=False)  # a look: nothing kept
                left_out = left_out_of_year(session, args.year)
    finally:
        db.dispose()
    if args.json:
        print_json([dict(v.as_json(), award_name=v.award_name) for v in verdicts])
        return 0
    if not verdicts:
        print("Không có người/tập thể nào được đề nghị.")
        return 0
    for v in verdicts:
        print(f"{v.dossier} | {v.nominee} | {v.award_name}: {VERDICTS[v.verdict].upper()}")
        for r in v.reasons:
            mark = {"ok": "+", "fail": "-", "unknown": "?"}.get(r.outcome, "·")
            print(f"    {mark} {r.message}" + (f" [{r.basis}]" if r.basis else "")
                  + (f" — thiếu: {r.missing}" if r.missing else ""))
    counts = {k: sum(1 for v in verdicts if v.verdict == k) for k in VERDICTS}
    print(f"Tổng: {len(verdicts)} — " + ", ".join(f"{VERDICTS[k].lower()}: {n}" for k, n in counts.items()))
    if left_out:
        # The report counts every nominee of the year as proposed: say what is not checked here.
        skipped = sum(n for *_, n in left_out)
        print(f"Không xét {skipped} đối tượng (không còn đề nghị): "
              + "; ".join(f"{number} ({why}, {n} đối tượng)" for number, why, n in left_out)
              + f". Cộng {len(verdicts) + skipped} đối tượng được đề nghị, như báo cáo năm {args.year}.")
    return 0


@reads
def run_dossier(args: argparse.Namespace) -> int:
    from app.cli import print_json

    db = _open(args)
    try:
        with db.session() as session:
            if args.dossier_action == "list":
                from app.dossiers import list_dossiers

                rows = list_dossiers(session, args.year)
                data = [{"number": r.number, "unit": r.unit, "received_on": r.received_on,
                         "category": r.category, "status": r.status, "nominees": r.nominees,
                         "due_on": r.due_on, "authority": r.authority} for r in rows]
            else:
                from app.commands.common import dossier_id
                from app.dossier_view import dossier_detail

                detail = dossier_detail(session, dossier_id(session, args.number))
                data = detail.as_dict()
    finally:
        db.dispose()
    if args.json:
        print_json(data)
    elif args.dossier_action == "list":
        for r in data:
            print(f"{r['number']}  {r['received_on']:%d/%m/%Y}  {r['status']:<26} {r['nominees']:>4}  {r['unit']}")
        print(f"Tổng: {len(data)} hồ sơ")
    else:
        print(detail.as_text())
    return 0
