"""`tdkt report --year Y [--db PATH] [--json]`: print the year's figures (số liệu thi đua,
khen thưởng năm Y) as readable text, or as JSON (`YearFigures.as_dict()`) for scripts.

Options beyond the contract: `--to-year` for a range, `--unit`/`--bloc`/`--movement` (ids)
to narrow it, `-o FILE.xlsx` to also write the Excel report.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.commands.access import reads
from app.errors import FileProblem


def register(sub) -> dict:
    cmd = sub.add_parser("report", help="in số liệu thi đua, khen thưởng của một năm",
                         description="In số liệu thống kê thi đua, khen thưởng của một năm "
                                     "(hoặc một giai đoạn), toàn bộ hoặc theo đơn vị, khối, phong trào.",
                         add_help=False)
    cmd.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này")
    cmd.add_argument("--year", type=int, required=True, metavar="Y", help="năm báo cáo")
    cmd.add_argument("--to-year", type=int, metavar="Y2", help="đến năm (báo cáo một giai đoạn)")
    # Its own dest: `tdkt --db X report` (the program-wide option) must not be overwritten.
    cmd.add_argument("--db", dest="report_db", metavar="PATH",
                     help="tệp dữ liệu (mặc định: tệp dữ liệu của người dùng)")
    cmd.add_argument("--unit", metavar="UNIT", help="chỉ một đơn vị: tên, mã hoặc số hiệu")
    cmd.add_argument("--bloc", metavar="BLOC", help="chỉ các đơn vị của một khối: tên hoặc số hiệu")
    cmd.add_argument("--movement", type=int, metavar="ID", help="chỉ một phong trào (số hiệu)")
    cmd.add_argument("--date", dest="as_of", metavar="DD/MM/YYYY",
                     help="tính đến ngày (mặc định: hôm nay; năm đã qua: ngày ký quyết định cuối "
                          "cùng khen thưởng thành tích của năm, không trước 31/12)")
    cmd.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    cmd.add_argument("-o", "--output", metavar="FILE.xlsx", help="ghi thêm báo cáo ra tệp Excel")
    return {"report": run_report}


def _n(value) -> str:
    from app.formats import number

    return number(value)


def as_text(f) -> str:
    """The figures as a clerk reads them in a console."""
    from app.formats import decimal, percent

    t = f.totals
    lines = [f"SỐ LIỆU THI ĐUA, KHEN THƯỞNG {f.period.upper()}", f"Phạm vi: {f.scope}",
             f"Số liệu tính đến ngày {f.as_of:%d/%m/%Y} (khen thưởng tính theo năm của thành tích, "
             "không tính quyết định ký sau ngày này)", "",
             f"Tổng số khen thưởng: {_n(t.total)} (danh hiệu thi đua: {_n(t.titles)}; hình thức "
             f"khen thưởng: {_n(t.forms)}, trong đó huân chương: {_n(t.orders)})",
             *[f"  {d.label}: {_n(d.total)} lượt, {_n(d.money)} đồng" for d in f.deciders],
             f"  Cá nhân: {_n(t.individual)} lượt ({_n(t.people)} người); tập thể: {_n(t.collective)}; "
             f"hộ gia đình: {_n(t.household)}",
             f"  Tiền thưởng: {_n(t.money)} đồng",
             f"  Đã thu hồi (không tính ở trên): {_n(t.revoked)}", ""]
    for heading, rows in (("DANH HIỆU THI ĐUA", f.titles), ("HÌNH THỨC KHEN THƯỞNG", f.forms)):
        lines.append(heading)
        for r in rows:
            lines.append(f"  {r.name}: {_n(r.total)} (cá nhân {_n(r.individual)}, tập thể "
                         f"{_n(r.collective)}, hộ gia đình {_n(r.household)})")
        lines.append("")
    lines.append("THEO CẤP QUYẾT ĐỊNH")
    lines += [f"  {r.label}: {_n(r.total)} (danh hiệu {_n(r.titles)}, hình thức {_n(r.forms)})"
              for r in f.levels]
    lines += ["", "THEO ĐỐI TƯỢNG"]
    for g in f.groups:
        tail = f", {percent(g.share)}" if g.share is not None else ""
        people = f" ({_n(g.people)} người)" if g.people is not None else ""
        lines.append(f"  {g.label}: {_n(g.total)} lượt{people}{tail}")
    lines += ["", "THEO LOẠI HÌNH"] + [f"  {k.label}: {_n(k.total)}" for k in f.kinds]
    d = f.dossiers
    avg = "—" if d.average_days is None else f"{decimal(d.average_days, 1)} ngày"
    lines += ["", "HỒ SƠ ĐỀ NGHỊ KHEN THƯỞNG",
              f"  Tiếp nhận: {_n(d.received)}; trả lại: {_n(d.returned)}; đã quyết định: "
              f"{_n(d.decided)}; trình cấp trên: {_n(d.forwarded)}; không đề nghị: {_n(d.rejected)}; "
              f"đang xử lý: {_n(d.in_progress)}",
              f"  Thời gian trung bình từ tiếp nhận đến quyết định: {avg}", "", "PHONG TRÀO THI ĐUA"]
    lines += [f"  {m.name} ({m.period}; {m.status}): {_n(m.units)} đơn vị, {_n(m.dossiers)} hồ sơ, "
              f"{_n(m.awards)} khen thưởng" for m in f.movements]
    late = [s for s in f.submissions if s.late_or_missing]
    lines += ["", f"NỘP HỒ SƠ, BÁO CÁO: {len(f.submissions)} đơn vị, {len(late)} đơn vị có nộp muộn "
                  "hoặc chưa nộp"]
    lines += [f"  {s.unit}: đúng hạn {s.on_time}/{s.owed}, muộn {s.late}, chưa nộp {s.missing}"
              for s in late]
    return "\n".join(lines)


@reads
def run_report(args: argparse.Namespace) -> int:
    from app.cli import print_json
    from app.database import open_database
    from app.reports import year_figures
    from app.server import db_target, missing_file

    path = db_target(args.report_db or getattr(args, "db", None))
    if missing_file(path):
        raise FileProblem(f"Không tìm thấy tệp dữ liệu: {path}")
    db = open_database(path, create=False)
    try:
        with db.session() as session:
            from app.commands.common import bloc_id
            from app.unit_list import find_unit

            unit = find_unit(session, args.unit).id if args.unit is not None else None
            bloc = bloc_id(session, args.bloc, args.year) if args.bloc is not None else None
            from app.dates import parse_form_date

            day = parse_form_date(args.as_of) if args.as_of else None
            figures = year_figures(session, args.year, to_year=args.to_year, unit_id=unit,
                                   bloc_id=bloc, movement_id=args.movement, today=day)
            if args.output:
                from app.reports.export import write_report

                write_report(session, figures, Path(args.output))
    finally:
        db.dispose()
    if args.json:
        print_json(figures.as_dict())
    else:
        print(as_text(figures))
    return 0
