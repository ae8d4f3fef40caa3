"""The year's cycle from the command line: who is late, a bloc's ranking, the plan's tasks,
and starting a new year.

    tdkt late --year Y [--today D] [--db PATH] [--json]
    tdkt ranking (--bloc NAME|ID [--year Y] | --year Y) [--db PATH] [--json]
    tdkt plan --year Y [--only overdue|this_week|open] [--today D] [--db PATH] [--json]
    tdkt rollover --from Y [--to Y2] [--apply] [--db PATH] [--json]

Without --apply `rollover` only shows what it would make (exit 0); with it, everything is made
in one transaction. Dates are dd/mm/yyyy or yyyy-mm-dd. Exit codes as every command: 0 done,
1 a user error, 2 an unreadable file or bad arguments.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from app.commands.access import reads, writes
from app.errors import FileProblem, UserError


def _date(text: str) -> dt.date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"ngày «{text}» không hiểu được (dd/mm/yyyy)")


def _db_arg(cmd) -> None:
    cmd.add_argument("--db", metavar="PATH", help="tệp dữ liệu (mặc định: trong thư mục dữ liệu người dùng)")
    cmd.add_argument("--json", action="store_true", help="in kết quả dạng JSON")


def register(sub) -> dict:
    late = sub.add_parser("late", help="đơn vị nộp muộn hoặc quá hạn chưa nộp trong năm")
    late.add_argument("--year", type=int, required=True, metavar="Y", help="năm")
    late.add_argument("--today", type=_date, metavar="D", help="tính đến ngày (mặc định: hôm nay)")
    _db_arg(late)
    ranking = sub.add_parser("ranking", help="xếp hạng các đơn vị trong khối thi đua")
    ranking.add_argument("--bloc", metavar="BLOC", help="một khối thi đua: tên (có dấu hoặc không) hoặc số hiệu")
    ranking.add_argument("--year", type=int, metavar="Y",
                         help="mọi khối của năm (cùng --bloc: khối có tên đó của năm)")
    _db_arg(ranking)
    plan = sub.add_parser("plan", help="nhiệm vụ kế hoạch thi đua, khen thưởng của năm")
    plan.add_argument("--year", type=int, required=True, metavar="Y", help="năm")
    plan.add_argument("--only", choices=["overdue", "this_week", "open"],
                      help="chỉ nhiệm vụ quá hạn, đến hạn tuần này, hoặc chưa xong")
    plan.add_argument("--today", type=_date, metavar="D", help="tính đến ngày (mặc định: hôm nay)")
    _db_arg(plan)
    rollover = sub.add_parser("rollover", help="chuyển sang năm mới: khối thi đua, yêu cầu nộp, kế hoạch")
    rollover.add_argument("--from", dest="from_year", type=int, required=True, metavar="Y", help="năm nguồn")
    rollover.add_argument("--to", dest="to_year", type=int, metavar="Y2", help="năm mới (mặc định: Y + 1)")
    rollover.add_argument("--apply", action="store_true", help="thực hiện (không có: chỉ xem trước)")
    _db_arg(rollover)
    return {"late": run_late, "ranking": run_ranking, "plan": run_plan, "rollover": run_rollover}


@contextmanager
def _session(args: argparse.Namespace) -> Iterator:
    from app.database import open_database
    from app.server import db_target, missing_file

    path = db_target(args.db)  # a data file, or a server URL (postgresql://...)
    if missing_file(path):
        raise FileProblem(f"Không tìm thấy tệp dữ liệu: {path}")
    db = open_database(path, create=False)
    try:
        with db.session() as session:
            yield session
    finally:
        db.dispose()


def _year(value: int | None) -> None:
    if value is not None and not 1945 <= value <= 2100:
        raise UserError(f"Năm không hợp lệ: {value}.")


@reads
def run_late(args: argparse.Namespace) -> int:
    from app.cli import print_json
    from app.submissions import late_units

    _year(args.year)
    from app.dates import as_of

    today = args.today or as_of(args.year)  # a year that has ended is counted to its last day
    with _session(args) as session:
        units = late_units(session, args.year, today)
    overdue = sum(len(u.missing) for u in units)
    overdue_units = sum(1 for u in units if u.missing)
    if args.json:
        print_json({"year": args.year, "today": today.isoformat(), "overdue_missing": overdue,
                    "overdue_units": overdue_units, "units": [{
            "unit_id": u.unit_id, "unit": u.unit,
            "missing": [{"kind": r.kind, "title": r.title, "due_on": r.deadline.isoformat(),
                         "days_overdue": r.days} for r in u.missing],
            "late": [{"kind": r.kind, "title": r.title, "due_on": r.deadline.isoformat(),
                      "received_on": r.received_on.isoformat(), "days_late": r.days} for r in u.late],
        } for u in units]})
        return 0
    if not units:
        print(f"Năm {args.year}: không có đơn vị nộp muộn hay quá hạn (tính đến {today:%d/%m/%Y}).")
        return 0
    print(f"Năm {args.year}, tính đến {today:%d/%m/%Y}: {len(units)} đơn vị nộp muộn hoặc chưa nộp; "
          f"quá hạn chưa nộp: {overdue_units:02d} đơn vị, {overdue:02d} lượt (như tổng số của danh sách "
          "in: tdkt print late-units).")
    for u in units:
        print(f"- {u.unit}")
        for r in u.missing:
            print(f"    chưa nộp: {r.title} (hạn {r.deadline:%d/%m/%Y}, quá {r.days} ngày)")
        for r in u.late:
            print(f"    nộp muộn: {r.title} (hạn {r.deadline:%d/%m/%Y}, nộp {r.received_on:%d/%m/%Y}, "
                  f"muộn {r.days} ngày)")
    return 0


def _ranking_json(bloc, rows) -> dict:
    from app.bloc_scores import describe_tie_break

    return {"bloc_id": bloc.id, "bloc": bloc.name, "year": bloc.year, "tie_break": bloc.tie_break,
            "tie_break_text": describe_tie_break(bloc.tie_break), "units": [{
                "rank": r.rank, "unit_id": r.unit_id, "unit": r.unit,
                "agreed_total": str(r.agreed_total) if r.agreed_total is not None else None,
                "self_total": str(r.self_total) if r.self_total is not None else None,
                "missing_scores": r.missing, "female_share": r.female_share, "shared_rank": r.shared,
                "tie_note": r.tie_note, "is_leading": r.is_leading,
                "proposed_award_code": r.proposed_award_code} for r in rows]}


@reads
def run_ranking(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from app.bloc_criteria import points_text
    from app.bloc_scores import describe_tie_break, ranking
    from app.cli import print_json
    from app.commands.common import bloc_id
    from db.models import Bloc

    _year(args.year)
    if args.bloc is None and args.year is None:
        wrong = UserError("Lỗi tham số: cần --bloc (tên hoặc số hiệu khối) hoặc --year. Xem: tdkt ranking --help")
        wrong.exit_code = 2  # bad arguments, as argparse's own refusals
        raise wrong
    with _session(args) as session:
        if args.bloc is not None:
            blocs = [session.get(Bloc, bloc_id(session, args.bloc, args.year))]
        else:
            blocs = list(session.scalars(select(Bloc).where(Bloc.year == args.year).order_by(Bloc.name)))
            if not blocs:
                raise UserError(f"Năm {args.year} chưa có khối thi đua.")
        results = [(b, ranking(session, b.id)) for b in blocs]
        if args.json:
            data = [_ranking_json(b, rows) for b, rows in results]
            print_json(data[0] if args.bloc is not None else {"year": args.year, "blocs": data})
            return 0
        for bloc, rows in results:
            print(f"{bloc.name} năm {bloc.year} (số {bloc.id}) — khi bằng điểm: {describe_tie_break(bloc.tie_break)}")
            for r in rows:
                place = f"{r.rank:>3}" if r.rank else "  -"
                lead = f"  [đề nghị {r.proposed_award_code}]" if r.is_leading else ""
                total = points_text(r.agreed_total) or "chưa chấm"
                print(f"{place}. {r.unit}: {total}{lead}" + (f" — {r.tie_note}" if r.tie_note else ""))
    return 0


@reads
def run_plan(args: argparse.Namespace) -> int:
    from app.cli import print_json
    from app.plan import list_plan

    _year(args.year)
    today = args.today or dt.date.today()
    with _session(args) as session:
        rows = list_plan(session, args.year, today, only=args.only)
    if args.json:
        print_json({"year": args.year, "today": today.isoformat(), "tasks": [{
            "id": r.id, "seq": r.seq, "title": r.title, "responsible": r.responsible,
            "deadline": r.deadline.isoformat() if r.deadline else None, "status": r.status,
            "state": r.state, "state_text": r.state_text} for r in rows]})
        return 0
    print(f"Kế hoạch năm {args.year} ({len(rows)} nhiệm vụ, tính đến {today:%d/%m/%Y}):")
    for r in rows:
        deadline = f"hạn {r.deadline:%d/%m/%Y}" if r.deadline else "chưa có hạn"
        print(f"{r.seq or '-':>5} {r.title} — {r.responsible or 'chưa giao'}; {deadline}; {r.state_text}")
    return 0


@writes("edit", when=lambda a: a.apply)
def run_rollover(args: argparse.Namespace) -> int:
    from app.cli import print_json
    from app.rollover import apply_rollover, preview_rollover

    _year(args.from_year)
    _year(args.to_year)
    with _session(args) as session:
        preview = preview_rollover(session, args.from_year, args.to_year)
        result = apply_rollover(session, args.from_year, args.to_year) if args.apply else None
    if args.json:
        print_json({
            "from_year": preview.from_year, "to_year": preview.to_year, "applied": result is not None,
            "blocs": [{"name": b.name, "head": b.head, "deputy": b.deputy, "members": len(b.members),
                       "changes": list(b.changes), "criteria": b.criteria, "exists": b.exists}
                      for b in preview.blocs],
            "dues": [{"kind": d.kind, "title": d.title, "due_on": d.due_on.isoformat(), "exists": d.exists}
                     for d in preview.dues],
            "tasks": [{"seq": t.seq, "title": t.title, "deadline": t.deadline.isoformat() if t.deadline else None,
                       "exists": t.exists} for t in preview.tasks],
            "created": {"blocs": result.blocs, "criteria": result.criteria, "dues": result.dues,
                        "tasks": result.tasks} if result else None,
        })
        return 0
    print(preview.summary())
    for b in preview.blocs:
        state = "đã có, giữ nguyên" if b.exists else f"khối trưởng {b.head or '—'}, khối phó {b.deputy or '—'}"
        print(f"- {b.name}: {len(b.members)} đơn vị, {b.criteria} tiêu chí; {state}")
        for change in b.changes:
            print(f"    {change}")
    print(result.message() if result else "Chưa thực hiện; chạy lại với --apply để tạo năm mới.")
    return 0
