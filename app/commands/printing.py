"""`tdkt print FORM [--db PATH] [--year Y] [--id ID] [--date DD/MM/YYYY] -o FILE.pdf`: print a
form to a PDF file.

FORM: decision, certificates, proposal, appraisal, notice, ballots, vote-minutes, bloc-scores,
late-units, report, congress, province-bloc, publicity. Without --id the form takes the latest
record (of --year when given). The form carries the date of its event (the decision's signing,
the meeting, the notice, the tờ trình) or --date; without either, today held to the end of the
year it is about (app/printing/dates.py). A decision and its certificates keep their signing date.
`--id` names the record as the screens do: a dossier's number (HS-2026-0001), a decision's
number (12/QĐ-UBND), a bloc's name; for ballots and minutes, a dossier number names the
council meeting that voted on it. The internal number is still accepted.
Certificates: --overlay prints only the variable text onto pre-printed paper (with the saved
calibration offsets of --printer), --test-page prints the calibration grid instead.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.commands.access import reads
from app.errors import FileProblem, UserError


def register(sub) -> dict:
    from app.printing import FORMS

    cmd = sub.add_parser("print", help="in văn bản ra tệp PDF (quyết định, giấy khen, tờ trình ...)",
                         description="In một văn bản ra tệp PDF. Mẫu: " + "; ".join(
                             f"{f.name} — {f.label}" for f in FORMS.values()), add_help=False)
    cmd.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này")
    cmd._positionals.title, cmd._optionals.title = "tham số", "tùy chọn"
    cmd.add_argument("form", choices=list(FORMS), metavar="FORM",
                     help="mẫu văn bản: " + ", ".join(FORMS))
    from app.commands.common import add_db

    add_db(cmd)
    cmd.add_argument("--year", type=int, metavar="Y", help="năm (mặc định: năm gần nhất có dữ liệu)")
    cmd.add_argument("--id", metavar="ID",
                     help="bản ghi cần in: số hồ sơ (HS-2026-0001), số quyết định (12/QĐ-UBND), tên "
                          "khối thi đua, hoặc số hiệu (phiên họp, yêu cầu nộp)")
    cmd.add_argument("--date", metavar="DD/MM/YYYY",
                     help="ngày ghi trên văn bản (mặc định: ngày của sự việc — họp, công khai, trình "
                          "— hoặc hôm nay nhưng không quá ngày cuối năm của văn bản)")
    cmd.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="tệp PDF sẽ ghi")
    cmd.add_argument("--overlay", action="store_true",
                     help="giấy khen: chỉ in phần chữ thay đổi lên phôi in sẵn")
    cmd.add_argument("--printer", default="", metavar="NAME",
                     help="giấy khen: máy in có độ lệch căn chỉnh đã lưu")
    cmd.add_argument("--test-page", action="store_true",
                     help="giấy khen: in trang lưới căn chỉnh thay cho giấy khen")
    return {"print": run_print}


@reads
def run_print(args: argparse.Namespace) -> int:
    from app.database import open_database
    from app.printing import FORMS, build

    output = Path(args.output)
    if output.suffix.lower() != ".pdf":
        raise UserError(f"Tệp ra phải có đuôi .pdf: {output}")
    from app.commands.common import target

    if args.year is not None and not 1945 <= args.year <= 2100:
        raise UserError(f"Năm không hợp lệ: {args.year}.")
    from app.printing.dates import parse_form_date

    on = parse_form_date(args.date) if args.date else None
    db = open_database(target(args), create=False)
    try:
        with db.session() as session:
            args.id = record_id(session, args.form, args.id, args.year)
            if args.form == "certificates":
                from app.printing.certificates import calibration_page, record_printed
                if args.test_page:
                    doc = calibration_page(session, args.printer)
                else:
                    mode = "overlay" if args.overlay else "full"
                    doc = build(session, "certificates", id=args.id, year=args.year, mode=mode,
                                printer=args.printer, on=on)
            else:
                doc = build(session, args.form, id=args.id, year=args.year, on=on)
            _write(output, doc.pdf)
            if args.form == "certificates" and doc.award_ids:
                reprints = record_printed(session, doc.award_ids, "overlay" if args.overlay else "full",
                                          printer=args.printer or "PDF")
            else:
                reprints = 0
    finally:
        db.dispose()
    note = f" ({reprints} bằng in lại)" if reprints else ""
    print(f"Đã in «{FORMS[args.form].label}» ra {output}: {doc.pages} trang{note}.")
    return 0


def record_id(session, form: str, text: str | None, year: int | None) -> int | None:
    """The internal number of the record `--id` names, read as that form's record."""
    from app.commands import common
    from app.printing import FORMS

    if text is None or not str(text).strip():
        return None
    raw = str(text).strip()
    if raw.isdigit():  # the internal number: the form itself says when there is none
        return int(raw)
    what = FORMS[form].id_of
    if what == "hồ sơ":
        return common.dossier_id(session, raw)
    if what == "quyết định":
        return common.decision_id(session, raw)
    if what == "khối thi đua":
        return common.bloc_id(session, raw, year)
    if what == "phiên họp Hội đồng":
        return _meeting_of(session, common.dossier_id(session, raw), raw)
    raise UserError(f"--id của mẫu {form} là số hiệu {what} (một số nguyên), không phải «{raw}».")


def _meeting_of(session, dossier_id: int, number: str) -> int:
    from sqlalchemy import select

    from db.models import Nominee, Vote

    meeting = session.scalar(select(Vote.meeting_id).join(Nominee, Nominee.id == Vote.nominee_id)
                             .where(Nominee.dossier_id == dossier_id).order_by(Vote.meeting_id.desc()).limit(1))
    if meeting is None:
        raise UserError(f"Hồ sơ {number} chưa được Hội đồng bỏ phiếu.")
    return meeting


def _write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".pdf.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        raise FileProblem(f"Không ghi được tệp {path}: {exc.strerror or exc}.") from exc
