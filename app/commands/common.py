"""What every subcommand shares: the `--db` option with one default, opening the data, and
naming records as the clerk sees them on screen.

`--db` is taken before or after the subcommand (`tdkt --db X print …`, `tdkt print --db X …`)
and, when neither is given, means the data file of this PC's user (or the server chosen in
the settings), as the window does. Records are named as the screens show them: a dossier by its
number (`HS-2026-0001`), a decision by its number (`12/QĐ-UBND`), a bloc or a unit by its name
(accents optional); the internal number (`--id 7`) is still accepted.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from contextlib import contextmanager

from app.errors import FileProblem, NotFound

DB_HELP = "tệp dữ liệu (mặc định: tệp trong thư mục dữ liệu người dùng)"
# Subcommands keep `--db` under their own dest, so the program-wide `tdkt --db X` is not
# overwritten by the subcommand's default; these are all the dests in use.
_DB_DESTS = ("sub_db", "report_db", "extras_db", "password_db", "db")


def record_number(text: str) -> int:
    """A record's number typed on the command line (`tdkt person show --json` gives them): a whole
    number a database row can have, else one line instead of an overflow deep in the driver."""
    value = text.strip()
    if not value.isdigit() or not 0 < int(value) < 2**31:
        raise argparse.ArgumentTypeError(f"số «{text}» không phải số của một bản ghi")
    return int(value)


def add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", dest="sub_db", metavar="PATH", help=DB_HELP)


def db_value(args: argparse.Namespace) -> str | None:
    for dest in _DB_DESTS:
        value = getattr(args, dest, None)
        if value:
            return value
    return None


def target(args: argparse.Namespace, *, must_exist: bool = True):
    """The data file (a Path) or server URL `--db` names, or the user's own."""
    from app.server import db_target, missing_file

    path = db_target(db_value(args))
    if must_exist and missing_file(path):
        named = db_value(args)
        raise FileProblem(f"Không tìm thấy tệp dữ liệu: {path}" if named else
                          f"Chưa có tệp dữ liệu {path}: hãy mở chương trình một lần, hoặc nêu --db PATH.")
    return path


@contextmanager
def session(args: argparse.Namespace, *, create: bool = False) -> Iterator:
    """One session (one transaction, committed at the end) on the data `--db` names."""
    from app.database import open_database

    db = open_database(target(args, must_exist=not create), create=create)
    try:
        with db.session() as s:
            yield s
    finally:
        db.dispose()


# --- records named as the screens name them ----------------------------------------------------

_DOSSIER = re.compile(r"^\s*HS\s*-\s*(\d{4})\s*-\s*(\d+)\s*$", re.IGNORECASE)


def dossier_id(session, text: str | int) -> int:
    """`HS-2026-0001` (spaces, case and leading zeros forgiven) or the internal number."""
    from sqlalchemy import select

    from db.models import Dossier

    raw = str(text).strip()
    match = _DOSSIER.match(raw)
    if match:
        year, seq = int(match.group(1)), int(match.group(2))
        for did, number in session.execute(select(Dossier.id, Dossier.number).where(Dossier.year == year)):
            found = _DOSSIER.match(number or "")
            if found and int(found.group(2)) == seq:
                return did
        raise NotFound(f"Không tìm thấy hồ sơ số {raw}.")
    if raw.isdigit() and session.get(Dossier, int(raw)) is not None:
        return int(raw)
    found = session.scalar(select(Dossier.id).where(Dossier.number == raw.upper()))
    if found is None:
        raise NotFound(f"Không tìm thấy hồ sơ «{raw}» (gõ số hồ sơ như trên màn hình, ví dụ HS-2026-0001).")
    return found


def bloc_id(session, text: str | int, year: int | None = None) -> int:
    """A bloc by its name (accents optional; of `year` when given, else the latest year that
    has it) or by its internal number."""
    from sqlalchemy import select

    from app.text import match_key
    from db.models import Bloc

    raw = str(text).strip()
    key = match_key(raw)
    query = select(Bloc.id, Bloc.name, Bloc.year).order_by(Bloc.year.desc(), Bloc.id)
    if year is not None:
        query = query.where(Bloc.year == year)
    rows = session.execute(query).all()
    exact = [r for r in rows if match_key(r.name) == key]
    if not exact and raw.isdigit() and session.get(Bloc, int(raw)) is not None:
        return int(raw)
    if not exact:
        exact = [r for r in rows if key and key in match_key(r.name)]
    if exact:
        years = {r.year for r in exact}
        latest = [r for r in exact if r.year == max(years)]
        if len(latest) == 1:
            return latest[0].id
        raise NotFound(f"«{raw}» ứng với nhiều khối thi đua: " + ", ".join(r.name for r in latest)
                       + "; hãy gõ đủ tên khối.")
    where = f" năm {year}" if year is not None else ""
    if raw.isdigit():
        raise NotFound(f"Không có khối thi đua số {raw}{where}.")
    raise NotFound(f"Không có khối thi đua «{raw}»{where}.")


def decision_id(session, text: str | int) -> int:
    """A decision by its number (`12/QĐ-UBND`, the latest such) or its internal number."""
    from sqlalchemy import select

    from app.text import match_key
    from db.models import Decision

    raw = str(text).strip()
    if raw.isdigit() and session.get(Decision, int(raw)) is not None:
        return int(raw)
    key = match_key(raw)
    for did, number in session.execute(select(Decision.id, Decision.number)
                                       .order_by(Decision.issued_on.desc(), Decision.id.desc())):
        if match_key(number) == key:
            return did
    raise NotFound(f"Không tìm thấy quyết định «{raw}».")
