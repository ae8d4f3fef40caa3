"""`tdkt demo` and `tdkt check`: make a demo data file; report a data file's health (`check`
without --db looks at the user's own data file, as every other command does)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.commands.access import reads, writes
from app.errors import UserError


def register(sub) -> dict:
    demo = sub.add_parser("demo", help="ghi dữ liệu mẫu (huyện Tam Đường, 2025) vào một tệp dữ liệu",
                          add_help=True)
    demo.add_argument("--db", required=True, metavar="PATH", help="tệp dữ liệu sẽ ghi")
    demo.add_argument("--scale", type=int, default=1, metavar="N",
                      help="nhân số đơn vị, cá nhân và lịch sử khen thưởng lên N lần (đo hiệu năng)")
    check = sub.add_parser("check", help="kiểm tra tệp dữ liệu: phiên bản, toàn vẹn, số bản ghi")
    from app.commands.common import add_db

    add_db(check)
    check.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    return {"demo": run_demo, "check": run_check}


@writes("edit")
def run_demo(args: argparse.Namespace) -> int:
    from app.database import open_database
    from app.demo import write_demo

    if args.scale < 1 or args.scale > 200:
        raise UserError("Hệ số --scale phải từ 1 đến 200.")
    from app.server import db_target, is_server, where

    path = db_target(args.db)  # a new data file, or an empty server database
    if not is_server(path) and path.exists() and path.stat().st_size > 0:
        raise UserError(f"Tệp {path} đã có; hãy chọn một tệp mới cho dữ liệu mẫu.")
    new_file = not is_server(path) and not path.exists()
    try:
        db = open_database(path)
        try:
            summary = write_demo(db, scale=args.scale)
        finally:
            db.dispose()
    except BaseException:
        if new_file:  # a full disk half-way: no stub left that looks like a data file
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    print(f"Đã ghi dữ liệu mẫu vào {where(path)}: " + ", ".join(f"{k}: {v:,}".replace(",", ".")
                                                           for k, v in summary.items()))
    return 0


@reads(precheck=False)
def run_check(args: argparse.Namespace) -> int:
    from app.cli import print_json
    from app.commands.common import db_value
    from app.health import check_database
    from app.server import db_target

    report = check_database(db_target(db_value(args)))
    if args.json:
        print_json(report.as_dict())
    else:
        print(report.as_text())
    return 0 if report.healthy else 1
