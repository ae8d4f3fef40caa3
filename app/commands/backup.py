"""`tdkt backup` and `tdkt restore`: back up a data file now; put a backup back in its place.

    tdkt backup [--db PATH] [-o DIR]          one backup zip into DIR (default: backups/ beside
                                              the data file, pruned as the automatic ones)
    tdkt restore BACKUP [--db PATH] [--yes]   asks on a terminal; without one, needs --yes
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from app.commands.access import sign_in_to_restore, writes
from app.errors import UserError


def register(sub) -> dict:
    backup = sub.add_parser("backup", help="sao lưu tệp dữ liệu (kèm tệp đính kèm) ngay bây giờ")
    backup.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help="tệp dữ liệu (mặc định: tệp trong thư mục dữ liệu người dùng)")
    backup.add_argument("-o", "--output", metavar="DIR", dest="output",
                        help="thư mục ghi bản sao lưu (ví dụ: ổ USB); mặc định: thư mục backups")
    restore = sub.add_parser("restore", help="khôi phục dữ liệu từ một bản sao lưu")
    restore.add_argument("backup", metavar="BACKUP", help="tệp sao lưu (.zip)")
    restore.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                         help="tệp dữ liệu sẽ bị thay thế (mặc định: tệp trong thư mục dữ liệu)")
    restore.add_argument("--yes", action="store_true", help="không hỏi lại (dùng trong kịch bản)")
    return {"backup": run_backup, "restore": run_restore}


def _db_path(args: argparse.Namespace) -> Path | str:
    """The data file to work on, or a server URL (text; backed up as a logical dump)."""
    from app.server import db_target, is_server

    target = db_target(getattr(args, "db", None))
    return target if is_server(target) else Path(target).resolve()


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB".replace(".", ",") if n >= 1_048_576 else f"{max(n // 1024, 1)} KB"


@writes("backup", lock=False)
def run_backup(args: argparse.Namespace) -> int:
    from app.backup import backup_file
    from app.server import is_server, where

    db_path = _db_path(args)
    started = time.perf_counter()
    if is_server(db_path):  # a server: a logical dump that restores into either database
        from app.dump import backup_target

        target = backup_target(db_path, "manual", target_dir=Path(args.output) if args.output else None)
        db_path = where(db_path)
    else:
        target = backup_file(db_path, "manual", target_dir=Path(args.output) if args.output else None)
    seconds = f"{time.perf_counter() - started:.1f}".replace(".", ",")
    print(f"Đã sao lưu {db_path} vào {target} ({_size(target.stat().st_size)}, {seconds} giây).")
    return 0


def _confirm(question: str) -> bool:
    sys.stdout.write(question + " Gõ «co» để đồng ý: ")
    sys.stdout.flush()
    answer = sys.stdin.readline().strip().lower()
    return answer in {"co", "có", "c", "y", "yes"}


@writes("restore", check_damage=False, sign_in=sign_in_to_restore)
def run_restore(args: argparse.Namespace) -> int:
    from app.backup import read_backup
    from app.dump import is_dump
    from app.restore import describe_restore, restore_backup

    db_path = _db_path(args)
    if is_dump(Path(args.backup)):  # a logical dump: restores into a data file or a server
        return _restore_dump(args, db_path)
    from app.server import is_server

    if is_server(db_path):
        raise UserError("Máy chủ dữ liệu chỉ khôi phục được từ bản sao lưu logic "
                        "(tạo bằng: tdkt backup --db postgresql://...).")
    info = read_backup(Path(args.backup))
    text = describe_restore(db_path, info)
    if not args.yes:
        if not sys.stdin.isatty():
            raise UserError("Khôi phục sẽ thay thế dữ liệu hiện tại; không có màn hình để hỏi lại, "
                            "hãy chạy lại với --yes nếu chắc chắn.")
        print(text)
        if not _confirm("Tiếp tục khôi phục?"):
            print("Đã hủy; dữ liệu không thay đổi.")
            return 1
    result = restore_backup(db_path, info.path)  # under the write guard's lock
    print(f"Đã khôi phục {db_path} từ {result.restored_from.name} "
          f"({result.files_restored} tệp đính kèm).")
    _accounts_note(result)
    _undo_line(result.safety_backup, db_path)
    return 0


def _undo_line(safety: Path | None, target) -> None:
    """How to undo: restore the copy taken before; a damaged file was kept as it was, for
    rescuing data, and is not something restore puts back (so no command is offered)."""
    if safety is None:
        return
    if safety.name.endswith("-damaged.zip"):
        print(f"Tệp dữ liệu hỏng trước khi khôi phục được giữ nguyên trạng ở {safety} (để cứu dữ liệu "
              "nếu cần; không khôi phục lại bằng tdkt restore được vì tệp đó hỏng).")
        return
    print(f"Dữ liệu trước khi khôi phục được giữ ở {safety}; "
          f"hoàn tác bằng: tdkt restore \"{safety}\" --db \"{target}\"")


def _accounts_note(result) -> None:
    if result.accounts_turned_off:
        print("Lưu ý: dữ liệu khôi phục chưa bật tài khoản người dùng, nên tài khoản đã tắt (đã ghi "
              "vào nhật ký thay đổi). Bật lại ở Công cụ → Người dùng… nếu cần.")


def _restore_dump(args: argparse.Namespace, target: Path | str) -> int:
    from app.dump import describe_dump_restore, read_dump, restore_dump
    from app.server import where

    info, _manifest = read_dump(Path(args.backup))
    if not args.yes:
        if not sys.stdin.isatty():
            raise UserError("Khôi phục sẽ thay thế dữ liệu hiện tại; không có màn hình để hỏi lại, "
                            "hãy chạy lại với --yes nếu chắc chắn.")
        print(describe_dump_restore(where(target), info))
        if not _confirm("Tiếp tục khôi phục?"):
            print("Đã hủy; dữ liệu không thay đổi.")
            return 1
    result = restore_dump(target, info.path, say=print)  # a data file: under the write guard's lock
    print(f"Đã khôi phục {where(target)} từ {result.restored_from.name} "
          f"({result.rows} dòng, {result.files_restored} tệp đính kèm).")
    _accounts_note(result)
    _undo_line(result.safety_backup, where(target))
    return 0
