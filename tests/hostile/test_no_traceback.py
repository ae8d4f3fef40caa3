"""Issue 18, «no Python traceback reaches a user from any tdkt command»: every subcommand (and
every action under one: `dossier list`, `unit add` ...), found from the parser itself so a new
one is tried too, is run with hostile arguments — a missing, foreign, damaged or folder `--db`,
a server address with '@' and ':' in its password, absurd numbers, text with control and
direction characters — and must end with an exit code of the contract (0, 1, 2) and one plain
line, never an exception and never the last-resort "unexpected error" line.

Run in-process (`app.cli.main`), so an exception escaping would fail the test with its own
traceback; a handful are also run as the real command, where "Traceback" is looked for.
"""

from __future__ import annotations

import argparse
import io
import shutil
import sqlite3
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hostile_kit import damage, run_tdkt  # noqa: E402

HOSTILE_TEXT = "Páo\u202e'; DROP TABLE units; --\x00\t" + "Đ" * 300
SERVER = "postgresql://tdkt:p@ss:w@rd@127.0.0.1:9/tdkt"  # '@' and ':' in the password; nobody listens


def _commands() -> list[tuple[list[str], argparse.ArgumentParser]]:
    """Every runnable command path with its parser: ['import'], ['dossier', 'list'] ..."""
    from app.cli import build_parser

    parser, _handlers = build_parser()
    found = []

    def walk(path: list[str], p: argparse.ArgumentParser) -> None:
        subs = [a for a in p._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            found.append((path, p))
            return
        for name, child in subs[0].choices.items():
            walk([*path, name], child)

    top = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, child in top.choices.items():
        walk([name], child)
    return found


def _value(action: argparse.Action, files: dict[str, Path], variant: str) -> str:
    """A hostile value for one argument, by what it takes."""
    if action.choices:
        return str(list(action.choices)[0])
    if action.type is int or action.type is float:
        return "99999999999999999999" if variant == "numbers" else "-1"
    meta = f"{action.metavar or ''} {action.dest}".lower()
    if any(k in meta for k in ("output", "file.pdf", "file.xlsx", " -o")) or action.dest == "output":
        return str(files["out"])
    if "backup" in meta:
        return str(files["text"])
    if "file" in meta or action.dest in ("files", "file"):
        return str(files["text"])
    if action.dest in ("on", "today", "date") or "dd/mm" in meta:
        return "31/02/2026"
    return HOSTILE_TEXT


def _argv(path: list[str], parser: argparse.ArgumentParser, db: str, files: dict[str, Path],
          variant: str) -> list[str]:
    argv = list(path)
    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._VersionAction)):
            continue
        strings = action.option_strings
        db_option = strings and any(s in ("--db", "--from", "--to") for s in strings)
        if db_option:
            argv += [strings[0], db if strings[0] != "--from" or variant != "server" else db]
            continue
        if not strings:  # a positional
            count = 1 if action.nargs in (None, 1, "?", "+") else 0
            argv += [_value(action, files, variant)] * count
        elif action.required:
            argv += [strings[0], _value(action, files, variant)]
        elif variant == "numbers" and action.type is int:
            argv += [strings[0], "99999999999999999999"]
    return argv


@pytest.fixture
def places(demo_template, tmp_path) -> dict[str, str]:
    from hostile_kit import copy_db

    foreign = tmp_path / "khac.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    damaged = copy_db(demo_template, tmp_path / "hong" / "tdkt.db")
    damage(damaged)
    healthy = copy_db(demo_template, tmp_path / "tot" / "tdkt.db")
    (tmp_path / "thu-muc.db").mkdir()
    return {"missing": str(tmp_path / "khong-co" / "tdkt.db"), "foreign": str(foreign),
            "damaged": str(damaged), "folder": str(tmp_path / "thu-muc.db"),
            "healthy": str(healthy), "numbers": str(healthy), "server": SERVER}


def test_no_command_ends_in_a_traceback(places, tmp_path, monkeypatch):
    from app.cli import main
    from app.session_user import set_actor

    text_file = tmp_path / "khong-phai-bang-tinh.xlsx"
    text_file.write_text("xin chào, đây không phải bảng tính", encoding="utf-8")
    files = {"text": text_file, "out": tmp_path / "ra" / "tep.pdf"}
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    tried = 0
    for path, parser in _commands():
        for variant, db in places.items():
            argv = _argv(path, parser, db, files, variant)
            out, err = io.StringIO(), io.StringIO()
            try:
                with redirect_stdout(out), redirect_stderr(err):
                    code = main(argv)
            except SystemExit as exc:  # argparse refusing the arguments: exit 2, its own line
                code = exc.code
            finally:
                set_actor(None)
            tried += 1
            said = err.getvalue()
            assert code in (0, 1, 2), (argv, code, said[-400:])
            assert "Traceback" not in said and "ngoài dự kiến" not in said, (argv, said[-600:])
            if code != 0:  # a reason on stderr, or the command's report (check, import) on stdout
                assert said.strip() or out.getvalue().strip(), (argv, code)
            if variant in ("foreign", "damaged") and path != ["check"]:
                shutil.rmtree(tmp_path / "ra", ignore_errors=True)
    assert tried >= 6 * 30  # every subcommand, each way


def test_the_real_command_prints_no_traceback(places, tmp_path):
    for argv in (["check", "--db", places["damaged"]], ["report", "--year", "2025", "--db", SERVER],
                 ["import", tmp_path, "--db", places["healthy"]],
                 ["export", "ledger", "--year", "2025", "-o", tmp_path / "khong" / "co" / "x.xlsx",
                  "--db", places["healthy"]],
                 ["restore", places["foreign"], "--db", places["healthy"], "--yes"]):
        result = run_tdkt(*argv)
        assert "Traceback" not in result.stdout + result.stderr, (argv, result.stderr[-500:])
        assert result.returncode in (0, 1, 2) and (result.stderr.strip() or result.stdout.strip()), argv
