"""`tdkt import`, `tdkt template`, `tdkt export`: Excel exchange with the units.

    tdkt import FILE... [--db PATH] [--kind KIND] [--unit UNIT] [--year YEAR] [--award AWARD]
                        [--dossier-kind KIND] [--replace] [--dry-run] [--json]
    tdkt template KIND --year YEAR (--unit UNIT | --bloc BLOC | --all) [--db PATH] -o PATH
    tdkt export TABLE --year YEAR [--unit UNIT] [--db PATH] -o FILE.xlsx
    tdkt export forwarding --year YEAR [--layout tdkt|mautdkt] [--unit UNIT] [--db PATH] -o FILE.xlsx

`import --json` prints one JSON object per file, one per line (see ImportPreview.as_dict; an
award list written also gives `dossier`, the number of the dossier it became).
An award list that may correct one the unit sent before (same unit, year, kind and awards,
still open and not appraised) replaces it only with `--replace`; otherwise it is a dossier of
its own (`may_replace` in its problems says which dossier it could replace). The kind of the
dossier (`dossier_kind`: regular, movement, sudden ...) is read from the list's title (ĐỘT XUẤT,
CHUYÊN ĐỀ ...) unless `--dossier-kind` says it; lists of different kinds never replace each other.
Exit codes: 0 every file imported (or would be, with --dry-run); 1 a file has an error (that
file writes nothing) or is the office's own export (`own_export`: one line says what it is); 2 a file cannot be read at all (not a workbook, encrypted, empty).
Before the first file is written, the data file is backed up (`backup_now(db, "import")`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.commands.access import reads, writes
from app.errors import FileProblem, UserError
from app.states import DOSSIER_CATEGORIES

KIND_CHOICES = ("award_proposal", "registration", "bloc_scores", "report", "ratings")
IMPORT_KINDS = KIND_CHOICES + ("ledger",)  # ledger: earlier years' award books (sổ khen thưởng)
SEVERITY = {"error": "lỗi", "warning": "cảnh báo"}


def register(sub) -> dict:
    db_help = "tệp dữ liệu (mặc định: tệp trong thư mục dữ liệu người dùng)"
    imp = sub.add_parser("import", help="nhập tệp Excel của đơn vị (danh sách đề nghị, đăng ký, tự chấm điểm, báo cáo)")
    imp.add_argument("files", nargs="+", metavar="FILE", help="tệp .xlsx, .xls hoặc .ods")
    imp.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)
    imp.add_argument("--kind", choices=IMPORT_KINDS, help="loại tệp (mặc định: tự nhận ra); ledger: sổ "
                     "theo dõi khen thưởng các năm trước")
    imp.add_argument("--unit", metavar="UNIT", help="đơn vị gửi: mã hoặc tên (mặc định: đọc từ tệp)")
    imp.add_argument("--year", type=int, metavar="YEAR", help="năm (mặc định: đọc từ tệp; với sổ khen "
                     "thưởng: năm cho các dòng tệp không ghi năm)")
    imp.add_argument("--award", metavar="AWARD", help="danh hiệu/hình thức cho cả danh sách: mã, tên hoặc viết tắt")
    imp.add_argument("--dossier-kind", choices=tuple(DOSSIER_CATEGORIES), metavar="KIND",
                     help="loại hồ sơ của danh sách đề nghị (mặc định: đọc từ tiêu đề, không nêu thì "
                          "thường xuyên): " + ", ".join(f"{k} ({v})" for k, v in DOSSIER_CATEGORIES.items()))
    imp.add_argument("--replace", action="store_true",
                     help="danh sách là bản sửa của danh sách đơn vị đã gửi (cùng năm, cùng danh hiệu, chưa "
                          "thẩm định): thay bản trước thay vì tạo hồ sơ mới")
    imp.add_argument("--dry-run", action="store_true", help="chỉ đọc và kiểm tra, không ghi gì")
    imp.add_argument("--json", action="store_true", help="in kết quả dạng JSON, mỗi tệp một dòng")
    tpl = sub.add_parser("template", help="lập biểu mẫu Excel gửi đơn vị")
    tpl.add_argument("kind", choices=KIND_CHOICES, metavar="KIND", help="loại: " + ", ".join(KIND_CHOICES))
    tpl.add_argument("--year", type=int, required=True, metavar="YEAR")
    who = tpl.add_mutually_exclusive_group(required=True)
    who.add_argument("--unit", metavar="UNIT", help="một đơn vị: mã hoặc tên")
    who.add_argument("--bloc", metavar="BLOC", help="mọi đơn vị của một khối thi đua (tên hoặc số hiệu khối)")
    who.add_argument("--all", action="store_true", help="mọi đơn vị")
    tpl.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)
    tpl.add_argument("-o", "--output", required=True, metavar="PATH", help="thư mục (hoặc tệp .xlsx khi một đơn vị)")
    exp = sub.add_parser("export", help="xuất một bảng ra Excel (sổ khen thưởng, danh sách đề nghị ...)")
    exp.add_argument("table", metavar="TABLE", help="ledger, nominees, dossiers, registrations, forwarding "
                     "(danh sách trình cấp trên)")
    exp.add_argument("--year", type=int, required=True, metavar="YEAR")
    exp.add_argument("--unit", metavar="UNIT", help="chỉ một đơn vị: mã hoặc tên")
    exp.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)
    exp.add_argument("-o", "--output", required=True, metavar="FILE", help="tệp .xlsx sẽ ghi")
    exp.add_argument("--date", metavar="DD/MM/YYYY",
                     help="ngày ghi trên tệp (mặc định: ngày tính số liệu của năm; năm đã qua không "
                          "ghi ngày sau năm đó, trừ sổ khen thưởng ghi ngày ký quyết định cuối cùng)")
    exp.add_argument("--layout", choices=("tdkt", "mautdkt"), default="tdkt",
                     help="mẫu của tệp (forwarding): tdkt (mặc định) hoặc mautdkt (mẫu nhập của hệ thống TĐKT tỉnh)")
    return {"import": run_import, "template": run_template, "export": run_export}


def _db_path(args: argparse.Namespace) -> tuple[Path, bool]:
    """The data file, and whether the user named it (then it must exist)."""
    from app.server import db_target, is_server

    value = getattr(args, "db", None)
    if value:
        target = db_target(value)  # a server URL stays text
        return (target if is_server(target) else Path(target).resolve()), True
    return db_target(None), False


def _open(args: argparse.Namespace):
    from app.database import open_database

    path, named = _db_path(args)
    return open_database(path, create=not named)


def _unreadable(path: str, message: str, kind: str | None, code: str = "file_unreadable") -> dict:
    return {"file": path, "kind": kind, "unit": None, "year": None, "award": None, "rows_read": 0,
            "individuals": 0, "collectives": 0, "committed": False, "rows": [],
            "problems": [{"severity": "error", "code": code, "sheet": "", "cell": "", "row": None,
                          "message": message}], "errors": 1, "warnings": 0}


@writes("edit", when=lambda a: not a.dry_run)
def run_import(args: argparse.Namespace) -> int:
    from app.imports import NoTable, OwnExport, commit_import, confirm_replace, read_file

    db = _open(args)  # the write guard (app/commands/access.py) holds the lock meanwhile
    rc = 0
    backed_up, made, any_committed = False, None, False
    try:
        for name in args.files:
            try:
                with db.session() as session:
                    preview = read_file(session, name, kind=args.kind, unit=args.unit, year=args.year,
                                        award=args.award, category=getattr(args, "dossier_kind", None))
            except OwnExport as exc:  # the office's own export: refused in one line, exit 1
                rc = max(rc, 1)
                if args.json:
                    sys.stderr.write(exc.message + "\n")
                    _emit(_unreadable(name, exc.message, args.kind, "own_export"))
                else:
                    print(exc.message)
                continue
            except FileProblem as exc:
                rc = max(rc, 2)
                if args.json:
                    sys.stderr.write(exc.message + "\n")
                    code = "no_table" if isinstance(exc, NoTable) else "file_unreadable"
                    _emit(_unreadable(name, exc.message, args.kind, code))
                else:  # said once (t18: on a terminal it read twice, stdout and stderr)
                    sys.stderr.write(f"{Path(name).name}: không đọc được — {exc.message}\n")
                continue
            committed, result = False, None
            if args.replace and preview.kind == "award_proposal":
                confirm_replace(preview)
            if preview.blocked:
                rc = max(rc, 1)
            elif not args.dry_run and preview.already_imported is None:
                if not backed_up:
                    _room_for_import(db, args.files)
                    made = _backup(db)
                    backed_up = True
                try:
                    result = commit_import(db, preview)
                except BaseException:
                    if made is not None and not any_committed:
                        made.unlink(missing_ok=True)  # a backup for an import that wrote nothing
                        backed_up, made = False, None
                    raise
                committed = result.committed
                any_committed = any_committed or committed
            if args.json:
                data = preview.as_dict(committed=committed)
                if result is not None and result.dossier_number:  # the dossier the list became
                    data["dossier"] = result.dossier_number
                _emit(data)
            else:
                _print_text(preview, result, args.dry_run)
    finally:
        db.dispose()
    return rc


def _backup(db) -> Path | None:
    """A copy of the data file before anything is imported (app.backup, when present)."""
    try:
        from app.backup import backup_now
    except ImportError:
        return None
    return backup_now(db, "import")


def _room_for_import(db, files: list[str]) -> None:
    """Room beside a data file for the backup taken first, the workbooks' copies and the rows:
    refused before anything is written, rather than half-way on a full disk."""
    if db.path is None:
        return
    from app.backup_checks import ensure_room, file_size

    books = sum(Path(f).stat().st_size for f in files if Path(f).is_file())
    ensure_room(db.path.parent, file_size(db.path) + 2 * books, "sao lưu rồi nhập tệp")


def _emit(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def _print_text(preview, result, dry_run: bool) -> None:
    from app.imports import KINDS, category_text

    refusal = next((p for p in preview.problems if p.code == "not_award_list"), None)
    if refusal is not None:  # not an award list at all: say so first, no award-list summary
        print(f"{preview.file_name}: {refusal.message}")
        for p in preview.problems:
            if p is not refusal:
                print(f"  [{SEVERITY.get(p.severity, p.severity)}] {p.where + ': ' if p.where else ''}{p.message}")
        print("  Không nhập.")
        return
    parts = [KINDS.get(preview.kind or "", preview.kind or "?"), preview.unit_name or "(chưa rõ đơn vị)",
             f"năm {preview.year}" if preview.year else "(chưa rõ năm)"]
    if preview.award:
        parts.append(preview.award.name)
    print(f"{preview.file_name}: " + ", ".join(parts))
    if preview.kind == "ledger":
        d = preview.as_dict()
        years = d["years"]
        span = (f"năm {years[0]}" if len(years) == 1 else f"các năm {years[0]}–{years[-1]}") if years else "chưa rõ năm"
        print(f"  {preview.rows_read} dòng ({span}): {preview.individuals} cá nhân, {preview.collectives} tập thể; "
              f"{d['rows_new']} dòng mới, {d['rows_known']} đã có trong sổ, {d['rows_duplicate']} trùng trong tệp; "
              f"{d['decisions_new']} quyết định mới, {d['decisions_linked']} đã có")
    elif preview.kind in ("award_proposal", "registration"):
        households = f", {preview.households} hộ gia đình" if preview.households else ""
        print(f"  {preview.rows_read} dòng: {preview.individuals} cá nhân, {preview.collectives} tập thể{households}")
        if preview.kind == "award_proposal":
            print(f"  Loại hồ sơ: {category_text(preview)}")
    elif preview.kind == "ratings":
        print(f"  {preview.rows_read} dòng: {preview.individuals} cá nhân, {preview.collectives} tập thể; "
              + rating_facts(preview.rows))
    elif preview.kind == "bloc_scores":
        print(f"  {len(preview.scores)} tiêu chí")
    else:
        print(f"  {len(preview.figures)} số liệu")
    for p in preview.problems:
        where = f"{p.where}: " if p.where else ""
        print(f"  [{SEVERITY.get(p.severity, p.severity)}] {where}{p.message}")
    if preview.blocked:
        print(f"  Không nhập: {len(preview.errors)} lỗi.")
    elif preview.already_imported is not None:
        print("  Tệp đã nhập trước đây; không ghi lại gì.")
    elif dry_run:
        print("  Chạy thử: đọc được, chưa ghi gì.")
    elif result is not None:
        print(f"  {result.message}")


def rating_facts(rows) -> str:
    """What a rating list gives, kind by kind (only the kinds it holds)."""
    rated = sum(1 for r in rows if r.rating)
    disc = sum(1 for r in rows if r.discipline)
    init = [r for r in rows if r.initiative]
    parts = [f"{rated} có xếp loại"]
    if disc:
        parts.append(f"{disc} kỷ luật")
    if init:
        decided = sum(1 for r in init if r.initiative_decision)
        parts.append(f"{len(init)} sáng kiến ({decided} có quyết định công nhận)")
    return ", ".join(parts)


def _find_unit(session, text: str):
    from app.unit_list import find_unit  # one reading of --unit for every command

    return find_unit(session, text)


@reads
def run_template(args: argparse.Namespace) -> int:
    from app.excel.templates import units_for, write_template, write_templates

    out = Path(args.output).expanduser()
    if not args.unit and out.suffix.lower() in (".xlsx", ".xls", ".ods"):
        raise UserError(f"Với {'--bloc' if args.bloc else '--all'}, mỗi đơn vị một tệp: -o phải là một thư mục, "
                        f"không phải tệp “{out.name}”.")
    db = _open(args)
    try:
        with db.session() as session:
            if args.unit:
                ref = _find_unit(session, args.unit)
                single = out if out.suffix.lower() == ".xlsx" else None
                paths = [write_template(session, args.kind, args.year, ref.id, out, path=single)]
            else:
                bloc_id = None
                if args.bloc:
                    from app.commands.common import bloc_id as find_bloc

                    bloc_id = find_bloc(session, args.bloc, args.year)
                ids = units_for(session, bloc_id=bloc_id)
                if not ids:
                    raise UserError("Không có đơn vị nào để lập biểu mẫu.")
                paths = write_templates(session, args.kind, args.year, ids, out)
    finally:
        db.dispose()
    for p in paths:
        print(p)
    print(f"Đã lập {len(paths)} biểu mẫu vào {out}." if out.suffix.lower() != ".xlsx" else f"Đã lập biểu mẫu {out}.")
    return 0


@reads
def run_export(args: argparse.Namespace) -> int:
    from app.excel.exports import TABLES, export_named

    if args.table == "forwarding":
        return _run_forwarding(args)
    if args.layout != "tdkt":
        raise UserError(f"Chỉ danh sách trình cấp trên (forwarding) xuất được theo mẫu “{args.layout}”.")
    if args.table not in TABLES:
        raise UserError(f"Không có bảng “{args.table}”; chọn một trong: {', '.join(TABLES)}.")
    db = _open(args)
    try:
        with db.session() as session:
            unit_id = _find_unit(session, args.unit).id if args.unit else None
            from app.dates import parse_form_date

            day = parse_form_date(args.date) if getattr(args, "date", None) else None
            path, count = export_named(session, args.table, args.year, args.output, unit_id=unit_id,
                                       today=day)
    finally:
        db.dispose()
    print(f"Đã xuất {count} dòng “{TABLES[args.table][0]}” năm {args.year} vào {path}.")
    return 0


def _run_forwarding(args: argparse.Namespace) -> int:
    """The year's nominees forwarded to the province, in our layout or the province system's."""
    from app.excel.forwarding import LAYOUTS, export_forwarding

    db = _open(args)
    try:
        with db.session() as session:
            unit_id = _find_unit(session, args.unit).id if args.unit else None
            result = export_forwarding(session, args.year, args.output, layout_name=args.layout, unit_id=unit_id)
    finally:
        db.dispose()
    print(f"Đã xuất {result.rows} đề nghị trình cấp trên năm {args.year} theo {LAYOUTS[args.layout]} vào "
          f"{result.path}.")
    if result.left_out:
        print(f"Chưa đưa vào {result.left_out} đề nghị của các hồ sơ đó chưa được thẩm định đạt.")
    if result.not_in_catalogue:
        print("Danh mục của hệ thống tỉnh không có: " + ", ".join(result.not_in_catalogue)
              + "; cột mã để trống (#N/A), hãy chọn lại trong danh sách thả xuống.")
    for note in result.notes:
        print(f"Lưu ý: {note}")
    return 0
