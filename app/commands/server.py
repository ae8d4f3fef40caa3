"""`tdkt migrate` and `tdkt password`: move an office between its data file and a server; keep a
server password in the operating system's keyring.

    tdkt migrate --from PATH.db --to postgresql://USER@HOST/DB [--force] [--json]
    tdkt migrate --from postgresql://USER@HOST/DB --to PATH.db [--force] [--json]
    tdkt password --db postgresql://USER@HOST/DB [--forget]
    tdkt server sessions [--db URL] [--json]     who works on the server now, and since when
    tdkt server end PID [--db URL]               end a frozen PC's session (its work undone)

Exit codes: 0 copied and verified; 1 refused (target not empty without --force, a mismatch);
2 a source or target that cannot be read or reached.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from app.commands.access import db_option, reads, writes
from app.commands.common import add_db
from app.errors import UserError


def register(sub) -> dict:
    mig = sub.add_parser("migrate", help="chuyển dữ liệu giữa tệp dữ liệu và máy chủ PostgreSQL "
                         "(kiểm tra số dòng và tổng kiểm tra từng bảng)")
    mig.add_argument("--from", dest="source", required=True, metavar="NGUỒN",
                     help="tệp dữ liệu (.db) hoặc postgresql://TÊN@MÁY-CHỦ/CSDL")
    mig.add_argument("--to", dest="target", required=True, metavar="ĐÍCH",
                     help="postgresql://TÊN@MÁY-CHỦ/CSDL hoặc tệp dữ liệu (.db)")
    mig.add_argument("--force", action="store_true",
                     help="ghi đè nơi nhận đã có dữ liệu (dữ liệu cũ được sao lưu trước)")
    mig.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    pw = sub.add_parser("password", help="lưu (hoặc xóa) mật khẩu máy chủ trong kho mật khẩu "
                        "của hệ điều hành")
    pw.add_argument("--db", dest="password_db", required=True, metavar="URL",
                    help="postgresql://TÊN@MÁY-CHỦ/CSDL")
    pw.add_argument("--forget", action="store_true", help="xóa mật khẩu đã lưu")
    srv = sub.add_parser("server", help="các phiên làm việc trên máy chủ dữ liệu; đóng phiên của "
                         "một máy bị treo")
    acts = srv.add_subparsers(dest="server_action", metavar="VIỆC", required=True, parser_class=type(srv))
    ses = acts.add_parser("sessions", help="liệt kê các máy đang kết nối máy chủ và việc đang dở")
    add_db(ses)
    ses.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    end = acts.add_parser("end", help="đóng phiên của một máy bị treo hoặc mất mạng (việc đang dở "
                          "của máy đó không được ghi)")
    add_db(end)
    end.add_argument("pid", type=int, metavar="PHIÊN", help="số phiên (tdkt server sessions)")
    return {"migrate": run_migrate, "password": run_password, "server": run_server}


@writes("migrate", targets=db_option("target"), sources=db_option("source"),
        source_permission="copy_out")
def run_migrate(args: argparse.Namespace) -> int:
    from app.cli import print_json
    from app.server import db_target
    from app.transfer import migrate_data

    source, target = db_target(args.source), db_target(args.target)

    def progress(done: int, total: int) -> None:
        if not args.json and sys.stderr.isatty():
            sys.stderr.write(f"\rĐang chép bảng {done}/{total}…")
            sys.stderr.flush()

    result = migrate_data(source, target, force=args.force, progress=progress)
    if args.json:
        print_json(result.as_dict())
    else:
        print(result.as_text())
    return 0


@reads(targets=lambda _a: [])
def run_password(args: argparse.Namespace) -> int:
    from app.errors import DatabaseProblem
    from app.server import check_connection, check_url, save_password
    from db import server as db_server

    url = check_url(args.password_db)
    shown = db_server.display(url)
    if args.forget:
        db_server.forget(url)
        print(f"Đã xóa mật khẩu đã lưu của {shown}.")
        return 0
    if not sys.stdin or not sys.stdin.isatty():
        raise UserError("Cần một màn hình dòng lệnh để gõ mật khẩu (mật khẩu không nhận qua tham số).")
    try:
        password = getpass.getpass(f"Mật khẩu của «{url.username}» trên {shown}: ")
    except EOFError:  # Ctrl-D at the prompt
        password = ""
    if not password:
        raise UserError("Chưa nhập mật khẩu; không lưu gì.")
    previous = db_server.set_password_prompt(None)  # a wrong password is refused, not asked again
    try:
        check = check_connection(url.set(password=password).render_as_string(hide_password=False))
    finally:
        db_server.set_password_prompt(previous)
    if not check.ok:
        raise DatabaseProblem(check.message)  # a wrong password is never kept
    if not save_password(str(url.render_as_string(hide_password=False)), password):
        raise UserError("Máy này chưa có kho mật khẩu của hệ điều hành; mật khẩu sẽ được hỏi "
                        "mỗi lần mở (hoặc đặt biến môi trường PGPASSWORD).")
    print(f"Đã lưu mật khẩu của {shown} vào kho mật khẩu của hệ điều hành.")
    return 0


def _server_only(args: argparse.Namespace) -> str:
    from app.commands.common import target
    from app.server import is_server

    url = target(args, must_exist=False)
    if not is_server(url):
        raise UserError("Lệnh này dành cho máy chủ dữ liệu (--db postgresql://...); một tệp dữ liệu "
                        "chỉ có một máy ghi tại một lúc.")
    return str(url)


@writes("restore", when=lambda a: a.server_action == "end")
def run_server(args: argparse.Namespace) -> int:
    from app.cli import print_json
    from app.server import describe_session, end_server_session, server_sessions

    url = _server_only(args)
    if args.server_action == "end":
        print(end_server_session(url, args.pid))
        return 0
    found = server_sessions(url)
    if args.json:
        print_json([{"pid": s.pid, "name": s.name, "client": s.client, "state": s.state,
                     "waiting": s.waiting, "in_transaction_since": s.in_transaction_since,
                     "started": s.started} for s in found])
        return 0
    if not found:
        print("Không có máy nào khác đang kết nối máy chủ.")
    for one in found:
        print(describe_session(one))
    return 0
