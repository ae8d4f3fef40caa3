"""The rest of the year's plan on the command line:

    tdkt fund --year Y [--db PATH] [--json] [-o FILE.xlsx]
        the award fund: budget, spent, remaining, the decisions drawn (JSON contract:
        {"year", "budget", "spent", "remaining", "decisions": [{"number", "date", "amount"}]},
        amounts integer đồng)
    tdkt inspections --year Y [--db PATH] [--late] [--json]
    tdkt congress [--year Y] [--db PATH] [--json] [-o FILE.pdf|FILE.xlsx]
    tdkt publicity --year Y [--quarter Q] [--movement ID] [--db PATH] [--json] [-o FILE.pdf|FILE.xlsx]
    tdkt province-bloc --year Y [--db PATH] [--json] [-o FILE.pdf|FILE.xlsx]

Each subcommand's `--db` has its own dest, so `tdkt --db X fund` (the program-wide option)
works too. Exit codes as everywhere: 0, 1 for a user error, 2 for a missing file.
"""

from __future__ import annotations

import argparse
from contextlib import contextmanager
from pathlib import Path

from app.commands.access import reads
from app.errors import FileProblem, UserError


def _parser(sub, name: str, help_text: str, description: str, *, year_required: bool = True):
    cmd = sub.add_parser(name, help=help_text, description=description, add_help=False)
    cmd.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này")
    cmd.add_argument("--year", type=int, required=year_required, metavar="Y", help="năm")
    cmd.add_argument("--db", dest="extras_db", metavar="PATH",
                     help="tệp dữ liệu (mặc định: tệp dữ liệu của người dùng)")
    cmd.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    return cmd


def register(sub) -> dict:
    fund = _parser(sub, "fund", "kinh phí thi đua, khen thưởng của một năm",
                   "Kinh phí được giao, tiền thưởng đã chi theo từng quyết định, còn lại.")
    fund.add_argument("-o", "--output", metavar="FILE.xlsx", help="ghi thêm bảng kinh phí ra tệp Excel")
    ins = _parser(sub, "inspections", "các cuộc kiểm tra công tác thi đua, khen thưởng",
                  "Các cuộc kiểm tra trong năm và yêu cầu khắc phục; --late: chỉ yêu cầu quá hạn.")
    ins.add_argument("--late", action="store_true", help="chỉ các yêu cầu khắc phục đã quá hạn")
    congress = _parser(sub, "congress", "Đại hội thi đua yêu nước: đại biểu, điển hình, cơ cấu",
                       "Đại hội thi đua yêu nước tổ chức trong năm (hoặc gần nhất trước đó).",
                       year_required=False)
    congress.add_argument("-o", "--output", metavar="FILE", help="in danh sách ra .pdf hoặc ghi ra .xlsx")
    pub = _parser(sub, "publicity", "danh sách gương người tốt, việc tốt",
                  "Danh sách gương người tốt, việc tốt, điển hình tiên tiến gửi cơ quan truyền thông.")
    pub.add_argument("--quarter", type=int, choices=[1, 2, 3, 4], metavar="Q", help="quý (1–4)")
    pub.add_argument("--movement", type=int, metavar="ID", help="chỉ một phong trào (số hiệu)")
    pub.add_argument("-o", "--output", metavar="FILE", help="in ra .pdf hoặc ghi ra .xlsx")
    bloc = _parser(sub, "province-bloc", "khối thi đua do tỉnh tổ chức: tự chấm điểm, xếp hạng",
                   "Khối thi đua do tỉnh tổ chức mà cơ quan là thành viên: bảng tự chấm điểm, kết quả.")
    bloc.add_argument("-o", "--output", metavar="FILE", help="in báo cáo ra .pdf hoặc ghi bảng tự chấm ra .xlsx")
    return {"fund": run_fund, "inspections": run_inspections, "congress": run_congress,
            "publicity": run_publicity, "province-bloc": run_province_bloc}


@contextmanager
def _session(args: argparse.Namespace):
    from app.database import open_database

    if args.year is not None and not 1945 <= args.year <= 2100:
        raise UserError(f"Năm không hợp lệ: {args.year}.")
    from app.server import db_target, missing_file

    path = db_target(args.extras_db or getattr(args, "db", None))
    if missing_file(path):
        raise FileProblem(f"Không tìm thấy tệp dữ liệu: {path}")
    db = open_database(path, create=False)
    try:
        with db.session() as session:
            yield session
    finally:
        db.dispose()


def _n(value) -> str:
    from app.formats import number

    return number(value)


def _output(path: str, kinds: tuple[str, ...]) -> Path:
    out = Path(path)
    if out.suffix.lower() not in kinds:
        raise UserError(f"Tệp ra phải có đuôi {' hoặc '.join(kinds)}: {out}")
    return out


def _write_pdf(path: Path, document) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(document.pdf)
    except OSError as exc:
        raise FileProblem(f"Không ghi được tệp {path}: {exc.strerror or exc}.") from exc
    print(f"Đã in ra {path}: {document.pages} trang.")


@reads
def run_fund(args: argparse.Namespace) -> int:
    from app.cli import print_json
    from app.fund import fund_summary

    out = _output(args.output, (".xlsx",)) if args.output else None
    with _session(args) as session:
        f = fund_summary(session, args.year)
        if out is not None:
            from app.excel.extras_exports import fund_workbook

            fund_workbook(session, args.year, out)
    if args.json:
        print_json(f.as_dict())
        return 0
    from app.fund import NO_BUDGET, fund_basis, fund_lines

    # The same names and figures as the fund tab and the printed report (app.fund.fund_lines).
    lines = [f"KINH PHÍ THI ĐUA, KHEN THƯỞNG NĂM {f.year}"]
    external = []
    for label, value in fund_lines(f):
        text = f"{label}: {NO_BUDGET if value is None else _n(value) + ' đồng'}"
        if label.startswith("Không tính"):
            external.append(text)
            continue
        if label.startswith("Đã chi") and f.returned:
            text += f"; đã thu hồi, hoàn lại quỹ {_n(f.returned)} đồng"
        lines.append(text)
    lines.append("")
    for d in f.decisions:
        lines.append(f"  {d.number:<16} {d.issued_on:%d/%m/%Y} {_n(d.amount):>14} đồng ({d.awards} khen thưởng)")
    from app.fund import external_parts

    for text, part in zip(external, [x for x in external_parts(f) if x], strict=False):
        lines += ["", text + " — " + ", ".join(f"{d.number} ({d.issuer})" for d in part)]
    lines += ["", fund_basis(f)]
    if out is not None:
        lines += ["", f"Đã ghi bảng kinh phí ra {out}."]
    print("\n".join(lines))
    return 0


@reads
def run_inspections(args: argparse.Namespace) -> int:
    from app.cli import print_json
    from app.inspections import late_follow_ups, list_inspections

    with _session(args) as session:
        rows = list_inspections(session, args.year)
        late = [f for f in late_follow_ups(session) if args.late]
    if args.json:
        if args.late:
            print_json([{"unit": f.unit, "request": f.request, "due_on": f.due_on, "days_late": -f.days_left}
                        for f in late])
        else:
            print_json([{"id": r.id, "unit": r.unit, "planned_on": r.planned_on, "held_on": r.held_on,
                         "status": r.status, "follow_ups": r.follow_ups, "open": r.open_follow_ups,
                         "late": r.late_follow_ups} for r in rows])
        return 0
    if args.late:
        print(f"YÊU CẦU KHẮC PHỤC QUÁ HẠN: {len(late)}")
        for f in late:
            print(f"  {f.unit}: {f.request} (hạn {f.due_on:%d/%m/%Y}, quá hạn {-f.days_left} ngày)")
        return 0
    print(f"KIỂM TRA CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM {args.year}: {len(rows)} cuộc")
    for r in rows:
        when = f"{r.held_on:%d/%m/%Y}" if r.held_on else f"dự kiến {r.planned_on:%d/%m/%Y}"
        tail = f"; yêu cầu khắc phục: {r.follow_up_text}" if r.follow_ups else ""
        print(f"  {r.unit} — {when} ({r.status_text}){tail}")
    return 0


@reads
def run_congress(args: argparse.Namespace) -> int:
    from app.cli import print_json
    from app.congress import entries, get_congress, quota_progress
    from app.printing.congress import _congress_id

    out = _output(args.output, (".pdf", ".xlsx")) if args.output else None
    with _session(args) as session:
        c = get_congress(session, _congress_id(session, None, args.year))
        delegates, honours = entries(session, c.id, "delegate"), entries(session, c.id, "honour")
        quotas = {role: quota_progress(session, c.id, role) for role in ("delegate", "honour")}
        if out is not None and out.suffix.lower() == ".pdf":
            from app.printing.congress import print_congress

            _write_pdf(out, print_congress(session, c.id))
        elif out is not None:
            from app.excel.extras_exports import congress_workbook

            congress_workbook(session, c.id, out)
    if args.json:
        print_json({"number": c.number, "name": c.name, "year": c.year, "held_on": c.held_on,
                    "delegates": len(delegates), "honours": len(honours),
                    "quotas": {role: [{"group": q.group, "percent": q.percent, "needed": q.needed, "have": q.have}
                                      for q in rows] for role, rows in quotas.items()}})
        return 0
    print(f"{c.name.upper()} ({c.period_from}–{c.period_to})")
    print(f"Đại biểu: {len(delegates)}" + (f"/{c.delegate_target}" if c.delegate_target else ""))
    for q in quotas["delegate"]:
        print(f"  {q.text}")
    print(f"Điển hình được tôn vinh: {len(honours)}" + (f"/{c.honour_target}" if c.honour_target else ""))
    for q in quotas["honour"]:
        print(f"  {q.text}")
    return 0


@reads
def run_publicity(args: argparse.Namespace) -> int:
    from app.cli import print_json
    from app.publicity import publicity_list

    out = _output(args.output, (".pdf", ".xlsx")) if args.output else None
    with _session(args) as session:
        rows = publicity_list(session, args.year, quarter=args.quarter, movement_id=args.movement)
        if out is not None and out.suffix.lower() == ".pdf":
            from app.printing.publicity import print_publicity

            _write_pdf(out, print_publicity(session, args.year, quarter=args.quarter, movement_id=args.movement))
        elif out is not None:
            from app.excel.extras_exports import publicity_workbook

            publicity_workbook(session, args.year, out, quarter=args.quarter, movement_id=args.movement)
            print(f"Đã ghi {len(rows)} dòng ra {out}.")
    if args.json:
        print_json([{"subject": r.subject, "name": r.name, "unit": r.unit, "model": r.model, "deeds": r.deeds,
                     "award": r.award, "movement": r.movement} for r in rows])
    elif out is None:
        for r in rows:
            print(f"{r.subject}: {r.name}" + (f" ({r.unit})" if r.unit else "") + (f" — {r.award}" if r.award else ""))
    return 0


@reads
def run_province_bloc(args: argparse.Namespace) -> int:
    from app.bloc_criteria import points_text
    from app.cli import print_json
    from app.province_bloc import province_bloc_view, province_blocs

    out = _output(args.output, (".pdf", ".xlsx")) if args.output else None
    with _session(args) as session:
        blocs = province_blocs(session, args.year)
        if not blocs:
            raise UserError(f"Năm {args.year} chưa ghi khối thi đua nào do tỉnh tổ chức.")
        views = [province_bloc_view(session, b.id) for b in blocs]
        if out is not None and out.suffix.lower() == ".pdf":
            from app.printing.province_bloc import print_province_bloc

            _write_pdf(out, print_province_bloc(session, blocs[0].id))
        elif out is not None:
            from app.excel.extras_exports import province_bloc_workbook

            province_bloc_workbook(session, blocs[0].id, out)
            print(f"Đã ghi bảng tự chấm điểm ra {out}.")
    if args.json:
        print_json([{"name": v.name, "year": v.year, "head": v.info.head_name, "deputy": v.info.deputy_name,
                     "members": v.member_count, "covenant_signed_on": v.covenant_signed_on,
                     "self_score": float(v.total()) if v.total() is not None else None,
                     "max_score": float(v.max_total),
                     "final_score": float(v.final_score) if v.final_score is not None else None,
                     "rank": v.rank} for v in views])
        return 0
    for v in views:
        print(f"{v.name.upper()} NĂM {v.year}")
        print(f"  Khối trưởng: {v.info.head_name or '—'}; khối phó: {v.info.deputy_name or '—'}")
        print(f"  Tự chấm: {points_text(v.total()) or '—'}/{points_text(v.max_total)} điểm; "
              f"khối chấm: {points_text(v.final_score) or '—'}; xếp hạng: "
              + (f"{v.rank}/{v.member_count}" if v.rank else "—"))
    return 0
