"""The `tdkt` command (also `python -m app`).

    tdkt                      open the program on the user's data file
    tdkt --db PATH            open the program on another data file
    tdkt --demo               open the program on a fresh demo office in a temporary folder
    tdkt --version            print the version
    tdkt demo --db PATH [--scale N]
    tdkt check --db PATH [--json]
    ... and the subcommands each area adds in app/commands/.

Exit codes are a stable contract: 0 success, 1 a user error (one Vietnamese line on stderr),
2 an unreadable file or bad arguments.

The GUI layer is reached only from `launch_gui`, by module name: this entry point is the one
place that composes the layers; nothing else in app/ knows that ui/ exists.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable

from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as SATimeoutError

from app import __version__
from app.commands import registered
from app.errors import UserError
from app.failures import failure

EXIT_OK, EXIT_USER, EXIT_FILE = 0, 1, 2


class VietnameseParser(argparse.ArgumentParser):
    """argparse with its complaints in Vietnamese and exit code 2."""

    def error(self, message: str) -> None:  # noqa: D401 - argparse's hook
        translated = (message.replace("the following arguments are required", "thiếu tham số bắt buộc")
                      .replace("unrecognized arguments", "tham số không hiểu được")
                      .replace("invalid choice", "lựa chọn không hợp lệ")
                      .replace("invalid int value", "không phải số nguyên")
                      .replace("invalid float value", "không phải số")
                      .replace("expected one argument", "cần một giá trị")
                      .replace("argument", "tham số"))
        sys.stderr.write(f"Lỗi tham số: {translated}. Xem: tdkt --help\n")
        sys.exit(EXIT_FILE)

    # argparse writes its headings through gettext; Vietnamese has no catalogue there, so the
    # few fixed words are replaced here, on every help and usage text the user sees.
    _HEADINGS = (("usage: ", "Cách dùng: "), ("positional arguments:", "Tham số:"),
                 ("options:", "Tùy chọn:"), ("optional arguments:", "Tùy chọn:"),
                 ("show this help message and exit", "hiện hướng dẫn này"))

    def _vietnamese(self, text: str) -> str:
        for english, vietnamese in self._HEADINGS:
            text = text.replace(english, vietnamese)
        return text

    def format_help(self) -> str:
        return self._vietnamese(super().format_help())

    def format_usage(self) -> str:
        return self._vietnamese(super().format_usage())


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, Callable]]:
    parser = VietnameseParser(
        prog="tdkt", description="TĐKT — quản lý công tác thi đua, khen thưởng.",
        add_help=False)
    parser.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này")
    parser.add_argument("--version", action="version", version=f"TĐKT {__version__}",
                        help="in phiên bản chương trình")
    parser.add_argument("--db", metavar="PATH", help="tệp dữ liệu (mặc định: trong thư mục dữ liệu người dùng)")
    parser.add_argument("--demo", action="store_true",
                        help="mở chương trình trên dữ liệu mẫu mới (thư mục tạm)")
    # For the packaged program's smoke test: open, say so on stdout, close after N seconds.
    parser.add_argument("--quit-after", type=float, metavar="GIÂY", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", parser_class=VietnameseParser)
    handlers: dict[str, Callable] = {}
    for register in registered():
        handlers.update(register(sub))
    from app.commands.access import add_user_option

    for child in sub.choices.values():  # every subcommand, present and future, signs in alike
        add_user_option(child)
    return parser, handlers


def launch_gui(args: argparse.Namespace) -> int:
    if not args.demo:
        from app import config, early_check

        # The data file's integrity check runs while the GUI's modules load (it is still
        # decided on before the file is opened: app/startup.py).
        early_check.begin(args.db or config.default_db_path())
    launcher = importlib.import_module("ui.launcher")
    return launcher.run(db=args.db, demo=args.demo, quit_after=args.quit_after)


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    parser, handlers = build_parser()
    args = parser.parse_args(argv)
    from app.server import use_terminal_prompt

    use_terminal_prompt()  # a server's password is asked here (the GUI installs its own dialog)
    _check_years(parser, args)
    try:
        if args.command is None:
            return launch_gui(args)
        from app.commands.access import guarded

        handler = handlers[args.command]
        with guarded(handler, args):  # damaged / foreign files, the lock, sign-in, rights
            return int(handler(args) or EXIT_OK)
    except UserError as exc:
        sys.stderr.write(exc.message.replace("\n", " ") + "\n")
        return exc.exit_code
    except (DBAPIError, SATimeoutError) as exc:
        found = failure(exc)  # the server or the file failed outside a session: one plain line
        if found is None:
            return _unexpected(exc)
        sys.stderr.write(found.message + "\n")
        return found.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("Đã dừng theo yêu cầu.\n")
        return EXIT_USER
    except BrokenPipeError:  # `tdkt ... | head`: the reader has gone; nothing to say to it
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_USER
    except Exception as exc:
        return _unexpected(exc)


def _unexpected(exc: Exception) -> int:
    """Never a traceback on a user's terminal: one line; the error log keeps the traceback."""
    from app.last_resort import explain

    message, code = explain(exc)
    sys.stderr.write(message + "\n")
    return code


def _check_years(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """A year no calendar holds (0, 99999999999999999999) is a bad argument, refused as argparse
    refuses one; each command still checks the range it works with."""
    for name, value in vars(args).items():
        if "year" in name and isinstance(value, int) and not 1 <= value <= 9999:
            parser.error(f"năm {value} không hợp lệ")


def print_json(value: object) -> None:
    """JSON for scripts: UTF-8, dates as ISO text."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")
