"""The year's steps a window clerk does, from the command line: blocs, what units must send,
appraisal, one council meeting for several dossiers, one decision for several dossiers.

    tdkt bloc add NAME --year Y --members UNIT;UNIT… [--head UNIT] [--deputy UNIT] [--db PATH]
    tdkt bloc list --year Y [--db PATH] [--json]
    tdkt due add KIND --year Y --on DD/MM/YYYY [--title TEXT] [--kinds village,school] [--db PATH]
    tdkt due edit KIND --year Y [--on DD/MM/YYYY] [--title TEXT] [--kinds KINDS] [--db PATH]
    tdkt due remove KIND --year Y [--db PATH]
    tdkt due list --year Y [--db PATH] [--json]
    tdkt appraise NUMBER [--approve WHO[=REASON]…] [--reject WHO=REASON…]
                  [--all [--approve-failing REASON | --reject-failing]] [--db PATH]
    tdkt council members add NAME [--role chairman|deputy|member|secretary] [--position TEXT] [--db PATH]
    tdkt council members list [--db PATH] [--json]
    tdkt council --dossier NUMBER… --date DD/MM/YYYY [--minutes REF] [--place TEXT]
                 [--absent NAME…] [--votes NAME=YES[/NO[/INVALID]]…] [--meeting ID] [--db PATH] [--json]
    tdkt decision --dossier NUMBER… --number 25/QĐ-UBND --date DD/MM/YYYY [--signer NAME]
                  [--deputy] [--db PATH] [--json]
    tdkt forward --dossier NUMBER… --ref 45/TTr-UBND --date DD/MM/YYYY [--to TEXT] [--db PATH] [--json]

Dossiers are named by their number (HS-2026-0001), units and blocs by name or code. In `appraise`
WHO is a name, NAME/AWARD for a person proposed for several awards ("Lê Thị Bình/LĐTT", the award
by name, short name or code), or the row number `tdkt dossier show` prints ("2"). `appraise
--all` approves every nominee not yet appraised and closes the appraisal, but never one whose
verdict is "Không đủ điều kiện": it refuses, naming them, unless `--reject-failing` (they are
"Không đạt" with their verdict's reason) or `--approve-failing REASON` (the clerk approves them
anyway, each named, the reason kept and printed as an override: app/overrides.py); `council` records, for
each approved nominee of the dossiers, the votes given by `--votes`, else every member present
voting yes; the meeting's minutes number is kept once for all the dossiers.

`decision` names every approved nominee it leaves out ("Chưa đưa vào quyết định: NAME — AWARD:
why"): those waiting for the council's vote or beyond the office's powers keep their dossier
"partly decided" (`tdkt council`, the next `tdkt decision`), those beyond the powers go up with
`tdkt forward` (a new dossier forwarded with the tờ trình, then `tdkt export forwarding`).
`--json` gives `left_out` [{nominee, name, award, reason, waits: "vote"|"forward"|null}] and
`states` {dossier number: state code}. A date in the future, before the dossier was received
or before its achievement year is refused (exit 1, nothing stored).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from app.commands.access import writes
from app.commands.common import add_db
from app.errors import UserError


def _day(text: str) -> dt.date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"ngày «{text}» không hiểu được (dd/mm/yyyy)")


def register(sub) -> dict:
    bloc = sub.add_parser("bloc", help="khối thi đua: thêm, danh sách")
    bloc_acts = bloc.add_subparsers(dest="bloc_action", metavar="VIỆC", required=True, parser_class=type(bloc))
    add = bloc_acts.add_parser("add", help="thêm khối thi đua của một năm")
    add.add_argument("name", metavar="NAME", help="tên khối, ví dụ «Khối các thôn, bản»")
    add.add_argument("--year", type=int, required=True, metavar="Y")
    add.add_argument("--members", required=True, metavar="UNIT;UNIT…", help="các đơn vị thành viên, cách nhau bởi «;»")
    add.add_argument("--head", metavar="UNIT", help="khối trưởng")
    add.add_argument("--deputy", metavar="UNIT", help="khối phó")
    add_db(add)
    blist = bloc_acts.add_parser("list", help="các khối thi đua của năm")
    blist.add_argument("--year", type=int, required=True, metavar="Y")
    add_db(blist)
    blist.add_argument("--json", action="store_true")

    from app.dues import DUE_KINDS

    due = sub.add_parser("due", help="yêu cầu nộp (hạn nộp) của đơn vị: thêm, danh sách")
    due_acts = due.add_subparsers(dest="due_action", metavar="VIỆC", required=True, parser_class=type(due))
    dadd = due_acts.add_parser("add", help="thêm một yêu cầu nộp")
    dadd.add_argument("kind", choices=list(DUE_KINDS), metavar="KIND", help="loại: " + ", ".join(DUE_KINDS))
    dadd.add_argument("--year", type=int, required=True, metavar="Y")
    dadd.add_argument("--on", type=_day, required=True, metavar="DD/MM/YYYY", help="hạn nộp")
    dadd.add_argument("--title", help="tên (mặc định: theo loại và năm)")
    dadd.add_argument("--kinds", default="", metavar="KIND,KIND",
                      help="chỉ các loại đơn vị này, theo tên hoặc mã: «thôn, bản» hoặc village "
                           "(mặc định: mọi đơn vị phải báo cáo)")
    add_db(dadd)
    dedit = due_acts.add_parser("edit", help="sửa hạn nộp, tên hoặc loại đơn vị của một yêu cầu nộp")
    dedit.add_argument("kind", choices=list(DUE_KINDS), metavar="KIND", help="loại: " + ", ".join(DUE_KINDS))
    dedit.add_argument("--year", type=int, required=True, metavar="Y")
    dedit.add_argument("--on", type=_day, metavar="DD/MM/YYYY", help="hạn nộp mới")
    dedit.add_argument("--title", help="tên mới")
    dedit.add_argument("--kinds", metavar="KIND,KIND", help="các loại đơn vị phải nộp («» = mọi đơn vị)")
    add_db(dedit)
    drem = due_acts.add_parser("remove", help="xóa một yêu cầu nộp (khi chưa đơn vị nào nộp)")
    drem.add_argument("kind", choices=list(DUE_KINDS), metavar="KIND", help="loại: " + ", ".join(DUE_KINDS))
    drem.add_argument("--year", type=int, required=True, metavar="Y")
    add_db(drem)
    dlist = due_acts.add_parser("list", help="các yêu cầu nộp của năm")
    dlist.add_argument("--year", type=int, required=True, metavar="Y")
    add_db(dlist)
    dlist.add_argument("--json", action="store_true")

    appr = sub.add_parser("appraise", help="thẩm định hồ sơ: đạt / không đạt từng người, kết thúc thẩm định")
    appr.add_argument("number", metavar="NUMBER", help="số hồ sơ, ví dụ HS-2026-0001")
    who = ("; người được đề nghị nhiều danh hiệu: TÊN/DANH HIỆU (ví dụ «Lê Thị Bình/LĐTT») hoặc số thứ tự "
           "trong «tdkt dossier show» (ví dụ «2»)")
    appr.add_argument("--approve", action="append", default=[], metavar="TÊN[=LÝ DO]",
                      help="người (tập thể) đạt; TÊN=LÝ DO khi kiểm tra tiêu chuẩn kết luận «Không đủ điều kiện» "
                           "(bắt buộc ghi lý do: ý kiến thẩm định khác kết luận kiểm tra)" + who)
    appr.add_argument("--reject", action="append", default=[], metavar="TÊN=LÝ DO",
                      help="không đạt, kèm lý do" + who)
    appr.add_argument("--all", action="store_true",
                      help="mọi người chưa thẩm định đều đạt, trừ người «Không đủ điều kiện» (khi đó từ chối, "
                           "nêu tên); kết thúc thẩm định")
    failing = appr.add_mutually_exclusive_group()
    failing.add_argument("--approve-failing", nargs="?", const="", default=None, metavar="LÝ DO",
                         help="với --all: vẫn cho đạt cả người «Không đủ điều kiện» (được nêu tên), với lý do "
                              "bắt buộc (ý kiến thẩm định khác kết luận kiểm tra)")
    failing.add_argument("--reject-failing", action="store_true",
                         help="với --all: người «Không đủ điều kiện» là «Không đạt», lý do theo kết quả xét điều kiện")
    add_db(appr)

    council = sub.add_parser("council", help="một phiên họp Hội đồng TĐKT cho một hoặc nhiều hồ sơ")
    council.add_argument("--dossier", action="append", default=[], metavar="NUMBER", help="hồ sơ (nêu nhiều lần)")
    council.add_argument("--date", type=_day, metavar="DD/MM/YYYY", help="ngày họp (phiên họp mới)")
    council.add_argument("--meeting", type=int, metavar="ID", help="thêm vào phiên họp đã ghi (số hiệu)")
    council.add_argument("--minutes", default="", metavar="REF", help="số biên bản, ví dụ 01/BB-HĐTĐKT")
    council.add_argument("--place", default="", help="địa điểm")
    council.add_argument("--absent", action="append", default=[], metavar="NAME", help="thành viên vắng mặt")
    council.add_argument("--votes", action="append", default=[], metavar="NAME=YES[/NO[/INVALID]]",
                         help="số phiếu của một người (mặc định: mọi thành viên có mặt đồng ý)")
    add_db(council)
    council.add_argument("--json", action="store_true")
    # The council's members, before its first meeting: `tdkt council members add|list`.
    council_acts = council.add_subparsers(dest="council_action", metavar="members", parser_class=type(council),
                                          help="thành viên Hội đồng: tdkt council members add|list")
    members = council_acts.add_parser("members", help="thành viên Hội đồng TĐKT: danh sách, thêm")
    member_acts = members.add_subparsers(dest="members_action", metavar="VIỆC", required=True,
                                         parser_class=type(council))
    madd = member_acts.add_parser("add", help="thêm một thành viên Hội đồng")
    madd.add_argument("member_name", metavar="NAME", help="họ và tên")
    madd.add_argument("--role", default="member", choices=list(MEMBER_ROLES),
                      help="chairman (Chủ tịch), deputy (Phó Chủ tịch), member (Ủy viên), secretary (Ủy viên, "
                           "Thư ký); mặc định member")
    madd.add_argument("--position", default="", help="chức vụ, ví dụ «Chủ tịch UBND xã»")
    add_db(madd)
    mlist = member_acts.add_parser("list", help="danh sách thành viên Hội đồng đang làm việc")
    add_db(mlist)
    mlist.add_argument("--json", action="store_true")

    dec = sub.add_parser("decision", help="một quyết định khen thưởng cho một hoặc nhiều hồ sơ")
    dec.add_argument("--dossier", action="append", required=True, metavar="NUMBER", help="hồ sơ (nêu nhiều lần)")
    dec.add_argument("--number", required=True, help="số quyết định, ví dụ 25/QĐ-UBND")
    dec.add_argument("--date", type=_day, required=True, metavar="DD/MM/YYYY", help="ngày ký")
    dec.add_argument("--signer", default="", help="người ký (mặc định: theo hồ sơ cơ quan)")
    dec.add_argument("--deputy", action="store_true", help="cấp phó ký thay (KT.)")
    add_db(dec)
    dec.add_argument("--json", action="store_true")

    fwd = sub.add_parser("forward", help="chuyển các đề nghị đã thẩm định “Đạt” vượt thẩm quyền của cơ quan "
                                         "sang hồ sơ trình cấp trên (tờ trình)")
    fwd.add_argument("--dossier", action="append", required=True, metavar="NUMBER", help="hồ sơ (nêu nhiều lần)")
    fwd.add_argument("--ref", required=True, metavar="REF", help="số tờ trình, ví dụ 45/TTr-UBND")
    fwd.add_argument("--date", type=_day, required=True, metavar="DD/MM/YYYY", help="ngày tờ trình")
    fwd.add_argument("--to", default="", metavar="TEXT", help="trình cơ quan nào (mặc định: cấp trên trong "
                                                               "Thông tin cơ quan)")
    add_db(fwd)
    fwd.add_argument("--json", action="store_true")
    return {"bloc": run_bloc, "due": run_due, "appraise": run_appraise, "council": run_council,
            "decision": run_decision, "forward": run_forward}


MEMBER_ROLES = ("chairman", "deputy", "member", "secretary")  # app.council.ROLES, without importing it here
NO_MEMBERS = ("Chưa có danh sách thành viên Hội đồng. Thêm thành viên: dòng lệnh tdkt council members add "
              "\"HỌ TÊN\" --role chairman|deputy|member|secretary; hoặc trong cửa sổ hồ sơ → «Hội đồng xét…» → "
              "«Thêm thành viên…».")


def _session(args):
    from app.commands.common import session

    return session(args)


def _units(session, text: str) -> list[int]:
    from app.unit_list import find_unit

    return [find_unit(session, part).id for part in text.replace("\n", ";").split(";") if part.strip()]


@writes("edit", when=lambda a: a.bloc_action == "add")
def run_bloc(args: argparse.Namespace) -> int:
    from app.blocs import BlocData, list_blocs, save_bloc
    from app.cli import print_json
    from app.unit_list import find_unit

    with _session(args) as session:
        if args.bloc_action == "add":
            members = _units(session, args.members)
            head = find_unit(session, args.head).id if args.head else None
            deputy = find_unit(session, args.deputy).id if args.deputy else None
            twice = len(members) - len(set(members))
            members = list(dict.fromkeys(members))
            save_bloc(session, BlocData(year=args.year, name=args.name, member_ids=members,
                                        head_unit_id=head, deputy_unit_id=deputy))
            print(f"Đã thêm {args.name} năm {args.year}: {len(members)} đơn vị"
                  + (f" (bỏ {twice} đơn vị nêu hai lần)" if twice else "") + ".")
            return 0
        rows = list_blocs(session, args.year)
    if args.json:
        print_json([{"id": r.id, "name": r.name, "head": r.head, "deputy": r.deputy, "members": list(r.members)}
                    for r in rows])
    else:
        for r in rows:
            print(f"{r.name} ({r.member_count} đơn vị; khối trưởng {r.head or '—'}): {', '.join(r.members)}")
    return 0


@writes("edit", when=lambda a: a.due_action in ("add", "edit", "remove"))
def run_due(args: argparse.Namespace) -> int:
    from app.cli import print_json
    from app.dues import DueData, default_title, delete_due, find_due, list_dues, save_due

    with _session(args) as session:
        if args.due_action == "add":
            title = args.title or default_title(args.kind, args.year)
            save_due(session, DueData(args.year, args.kind, title, args.on, unit_kinds=args.kinds))
            print(f"Đã thêm yêu cầu nộp «{title}», hạn {args.on:%d/%m/%Y}.")
            return 0
        if args.due_action == "edit":
            data = find_due(session, args.year, args.kind)
            if args.on is None and args.title is None and args.kinds is None:
                raise UserError("Nêu điều cần sửa: --on, --title hoặc --kinds.")
            was = data.due_on
            data.due_on = args.on or data.due_on
            data.title = args.title if args.title is not None else data.title
            data.unit_kinds = args.kinds if args.kinds is not None else data.unit_kinds
            save_due(session, data)
            print(f"Đã sửa yêu cầu nộp «{data.title}»: hạn {was:%d/%m/%Y} → {data.due_on:%d/%m/%Y}."
                  if data.due_on != was else f"Đã sửa yêu cầu nộp «{data.title}», hạn {data.due_on:%d/%m/%Y}.")
            return 0
        if args.due_action == "remove":
            data = find_due(session, args.year, args.kind)
            delete_due(session, data.id)
            print(f"Đã xóa yêu cầu nộp «{data.title}».")
            return 0
        rows = list_dues(session, args.year)
    if args.json:
        print_json([{"id": r.id, "kind": r.kind, "title": r.title, "due_on": r.due_on, "concerns": r.concerns,
                     "expected": r.expected, "arrived": r.arrived, "late": r.late, "missing": r.missing}
                    for r in rows])
    else:
        for r in rows:
            print(f"{r.due_on:%d/%m/%Y}  {r.title} ({r.concerns}): đã nộp {r.arrived}/{r.expected}, "
                  f"muộn {r.late}, chưa nộp {r.missing}")
    return 0


def _nominee(session, dossier, text: str):
    """The nominee a clerk names: a name, NAME/AWARD or NAME (AWARD) for a person proposed for
    several awards, or the row number `tdkt dossier show` prints."""
    import re

    from app.catalog import find_award
    from app.text import match_key

    live = [n for n in dossier.nominees if n.appraisal != "withdrawn"]
    raw = text.strip()
    if re.fullmatch(r"#?\d+", raw):
        found = [n for n in live if n.seq == int(raw.lstrip("#"))]
        if not found:
            raise UserError(f"Hồ sơ {dossier.number} không có dòng số {raw.lstrip('#')} (xem «tdkt dossier show "
                            f"{dossier.number}»).")
        return found[0]
    name, award = raw, None
    split = re.fullmatch(r"(.+?)\s*(?:/|\((.+)\)$)\s*(.*)", raw)
    if split:
        name, award_text = split.group(1), (split.group(2) or split.group(3)).strip()
        award = find_award(session, award_text)
        if award is None:
            raise UserError(f"Không hiểu danh hiệu «{award_text}» trong «{raw}»: ghi tên, tên viết tắt hoặc mã "
                            "danh hiệu, ví dụ «Lê Thị Bình/LĐTT».")
    found = [n for n in live if match_key(n.name) == match_key(name)
             and (award is None or n.award_type_id == award.id)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise UserError(f"Hồ sơ {dossier.number} không có " + (f"đề nghị {award.name} cho " if award else "")
                        + f"người «{name}».")
    names = award_names(session)
    options = "; ".join(f"{n.seq}. {names.get(n.award_type_id, '?')}" for n in found)
    raise UserError(f"Hồ sơ {dossier.number} có {len(found)} đề nghị của «{name}» ({options}): ghi "
                    f"«{name}/DANH HIỆU» (ví dụ «{name}/{names.get(found[0].award_type_id, '')}») hoặc số "
                    f"thứ tự (ví dụ {found[0].seq}).")


def award_names(session) -> dict[int, str]:
    from sqlalchemy import select

    from db.models import AwardType

    return dict(session.execute(select(AwardType.id, AwardType.name)).all())


def run_appraise(args: argparse.Namespace) -> int:
    from app.commands.common import dossier_id
    from app.dossiers import get_dossier, move_dossier
    from app.nominees import appraise

    if (args.approve_failing is not None or args.reject_failing) and not args.all:
        raise UserError("--approve-failing / --reject-failing chỉ dùng cùng --all.")
    if not (args.all or args.approve or args.reject):
        raise UserError("Nêu --approve TÊN, --reject TÊN=LÝ DO (người được đề nghị nhiều danh hiệu: TÊN/DANH HIỆU "
                        "hoặc số thứ tự) hoặc --all.")
    notes: list[str] = []
    with _session(args) as session:
        dossier = get_dossier(session, dossier_id(session, args.number))
        if args.all and dossier.status == "appraised" and not (args.approve or args.reject):
            raise UserError(f"Hồ sơ {dossier.number} đã kết thúc thẩm định (“Đã thẩm định”); không ghi gì.")
        for item in args.approve:
            # TÊN=LÝ DO: "Đạt" over a check that says "Không đủ điều kiện" needs its reason.
            name, _, reason = item.partition("=")
            appraise(session, _nominee(session, dossier, name).id, "approved", reason)
        for item in args.reject:
            name, _, reason = item.partition("=")
            appraise(session, _nominee(session, dossier, name).id, "rejected", reason)
        if args.all:
            notes = _approve_rest(session, dossier, args)
            move_dossier(session, dossier.id, "appraised", "Kết thúc thẩm định")
        counts = {k: sum(1 for n in dossier.nominees if n.appraisal == k) for k in ("approved", "rejected", "pending")}
        number = dossier.number
    print(f"Hồ sơ {number}: đạt {counts['approved']}, không đạt {counts['rejected']}, "
          f"chưa thẩm định {counts['pending']}" + (" — đã kết thúc thẩm định." if args.all else "."))
    for line in notes:
        print(line)
    return 0


def _approve_rest(session, dossier, args) -> list[str]:
    """`--all`: the nominees not yet appraised are approved, except those whose verdict fails:
    refused (nothing written) naming them, unless the clerk said what to do with them."""
    from app.nominees import appraise
    from app.rules import check_dossier
    from app.rules.base import FAIL, FAILS, UNKNOWN

    pending = [n for n in dossier.nominees if n.appraisal == "pending"]
    verdicts = {v.nominee_id: v for v in check_dossier(session, dossier.id)} if pending else {}
    names = award_names(session)

    def who(n) -> str:
        return f"{n.seq}. {n.name} — {names.get(n.award_type_id, '?')}"

    def why(n) -> str:
        v = verdicts.get(n.id)
        failed = [r.message for r in (v.reasons if v else []) if r.outcome == FAIL]
        return "; ".join(failed) or "Không đủ điều kiện"

    failing = [n for n in pending if verdicts.get(n.id) and verdicts[n.id].verdict == FAILS]
    if failing and not (args.approve_failing is not None or args.reject_failing):
        shown = "\n".join(f"  - {who(n)}: {why(n)}" for n in failing)
        raise UserError(f"Hồ sơ {dossier.number}: {len(failing)} đề nghị «Không đủ điều kiện», --all không cho đạt:\n"
                        f"{shown}\nKhông ghi gì. Hãy --reject «TÊN/DANH HIỆU=LÝ DO» từng người, hoặc thêm "
                        "--reject-failing (không đạt, lý do theo kết quả xét) hay --approve-failing \"LÝ DO\" (vẫn cho đạt, ghi "
                        "lý do).")
    if failing and args.approve_failing is not None and not args.approve_failing.strip():
        raise UserError(f"Hồ sơ {dossier.number}: cho đạt {len(failing)} đề nghị «Không đủ điều kiện» phải ghi "
                        "rõ lý do (ý kiến thẩm định khác kết luận kiểm tra, in trên báo cáo thẩm định, biên bản, "
                        "tờ trình): --approve-failing \"LÝ DO\". Không ghi gì.")
    notes = []
    for n in pending:
        if n in failing and args.reject_failing:
            appraise(session, n.id, "rejected", why(n)[:500])
        elif n in failing:
            appraise(session, n.id, "approved", args.approve_failing)
        else:
            appraise(session, n.id, "approved")
    if failing:
        verb = "không đạt (lý do theo kết quả xét)" if args.reject_failing else "vẫn cho đạt theo --approve-failing"
        notes.append(f"{len(failing)} đề nghị «Không đủ điều kiện» {verb}:")
        notes += [f"  - {who(n)}" for n in failing]
    unsure = [n for n in pending if verdicts.get(n.id) and verdicts[n.id].verdict == UNKNOWN]
    if unsure:
        notes.append(f"{len(unsure)} đề nghị «Chưa đủ dữ liệu» được đạt theo --all: "
                     + ", ".join(who(n) for n in unsure[:5]) + (" …" if len(unsure) > 5 else "") + ".")
    return notes


def _counts(text: str) -> tuple[str, tuple[int, int, int]]:
    name, _, numbers = text.partition("=")
    try:
        parts = [int(x) for x in numbers.split("/")] + [0, 0]
    except ValueError:
        raise UserError(f"--votes «{text}»: ghi TÊN=ĐỒNG Ý/KHÔNG ĐỒNG Ý/KHÔNG HỢP LỆ, ví dụ «Lò Văn Sơn=5/0».") from None
    return name, (parts[0], parts[1], parts[2])


def _run_members(args: argparse.Namespace) -> int:
    """`tdkt council members add NAME [--role R] [--position P]`, `tdkt council members list`."""
    from app.cli import print_json
    from app.council import ROLES, active_members, add_member

    with _session(args) as session:
        if args.members_action == "add":
            member = add_member(session, args.member_name, args.role, args.position)
            print(f"Đã thêm thành viên Hội đồng: {member.name} — {ROLES[member.role]}"
                  + (f", {member.position}" if member.position else "")
                  + f" (Hội đồng có {len(active_members(session))} thành viên).")
            return 0
        rows = [{"id": m.id, "name": m.name, "role": m.role, "role_name": ROLES.get(m.role, m.role),
                 "position": m.position} for m in active_members(session)]
    if getattr(args, "json", False):
        print_json(rows)
        return 0
    for i, r in enumerate(rows, start=1):
        print(f"{i}. {r['name']} — {r['role_name']}" + (f", {r['position']}" if r["position"] else ""))
    print(f"Tổng: {len(rows)} thành viên." if rows else NO_MEMBERS)
    return 0


def run_council(args: argparse.Namespace) -> int:
    from app.cli import print_json
    from app.commands.common import dossier_id
    from app.council import active_members
    from app.council_session import hold_council
    from app.dossiers import get_dossier
    from app.text import match_key

    if getattr(args, "council_action", None) == "members":
        return _run_members(args)
    if not args.dossier:
        raise UserError("Nêu hồ sơ đưa ra họp (--dossier HS-…), hoặc xem thành viên: tdkt council members list.")
    if args.meeting is None and args.date is None:
        raise UserError("Nêu ngày họp (--date DD/MM/YYYY), hoặc phiên họp đã ghi (--meeting ID).")
    with _session(args) as session:
        dossiers = [get_dossier(session, dossier_id(session, n)) for n in args.dossier]
        members = active_members(session)
        if not members:
            raise UserError(NO_MEMBERS)
        absent = {match_key(a) for a in args.absent}
        unknown = absent - {match_key(m.name) for m in members}
        if unknown:
            raise UserError(f"Không có thành viên Hội đồng «{', '.join(sorted(unknown))}».")
        present = [m.id for m in members if match_key(m.name) not in absent]
        given = dict(_counts(v) for v in args.votes)
        counts = []
        for d in dossiers:
            for n in d.nominees:
                if n.appraisal == "approved":
                    yes, no, invalid = next((c for name, c in given.items() if match_key(name) == match_key(n.name)),
                                            (len(present), 0, 0))
                    counts.append((n.id, yes, no, invalid))
        meeting = hold_council(session, [d.id for d in dossiers], counts, held_on=args.date, present_ids=present,
                               place=args.place, minutes_ref=args.minutes, meeting_id=args.meeting)
        shown = {"meeting": meeting.id, "held_on": meeting.held_on, "minutes": meeting.minutes_ref,
                 "dossiers": [d.number for d in dossiers], "votes": len(counts)}
    if args.json:
        print_json(shown)
    else:
        print(f"Phiên họp ngày {shown['held_on']:%d/%m/%Y} (số hiệu {shown['meeting']}"
              + (f", biên bản {shown['minutes']}" if shown["minutes"] else "") + f"): {shown['votes']} lượt bỏ phiếu, "
              f"hồ sơ {', '.join(shown['dossiers'])} đã qua Hội đồng.")
    return 0


@writes("approve")
def run_decision(args: argparse.Namespace) -> int:
    from app.cli import print_json
    from app.commands.common import dossier_id
    from app.decisions import DecisionInput, issue_decision
    from app.dossier_documents import missing_before_decision
    from app.dossiers import status_name
    from app.office import get_profile
    from db.models import Dossier

    with _session(args) as session:
        ids = [dossier_id(session, n) for n in args.dossier]
        profile = get_profile(session)
        signer = args.signer or (profile.deputy_signer_name if args.deputy else profile.signer_name)
        title = profile.deputy_signer_title if args.deputy else profile.signer_title
        incomplete = missing_before_decision(session, ids)  # warned of, not refused
        decision = issue_decision(session, ids, DecisionInput(number=args.number, issued_on=args.date,
                                                              signer_name=signer, signer_title=title,
                                                              sign_mode="KT" if args.deputy else "TM"))
        for warning in incomplete:
            sys.stderr.write(f"Cảnh báo: {warning}\n")
        lines = list(decision.awards)
        skipped = decision.draft.skipped
        states = {}
        for i in ids:
            d = session.get(Dossier, i)
            states[d.number] = d.status
        shown = {"decision": decision.id, "number": decision.number, "issued_on": decision.issued_on,
                 "lines": len(lines), "money": sum(int(a.money or 0) for a in lines),
                 "dossiers": list(args.dossier), "left_out": [s.as_dict() for s in skipped], "states": states}
    if args.json:
        print_json(shown)
        return 0
    money = f"{shown['money']:,}".replace(",", ".")
    print(f"Quyết định {shown['number']} ngày {shown['issued_on']:%d/%m/%Y}: {shown['lines']} khen thưởng, "
          f"tiền thưởng {money} đồng (hồ sơ {', '.join(shown['dossiers'])}).")
    waiting = [s for s in skipped if s.waits]
    if waiting:
        print(f"Chưa đưa vào quyết định: {len(waiting)} đề nghị đã thẩm định “Đạt” còn chờ:")
        for s in waiting:
            print(f"  - {s.name} — {s.award}: vì {s.reason}")
    others = [s for s in skipped if not s.waits]
    if others:
        print(f"Không đưa vào: {len(others)} đề nghị không được thẩm định “Đạt” hoặc không đạt phiếu Hội đồng "
              "(" + "; ".join(f"{s.name} — {s.award}" for s in others[:5])
              + (f" và {len(others) - 5} đề nghị khác" if len(others) > 5 else "") + ").")
    for number, state in states.items():
        if state == "partly_decided":
            hint = []
            if any(s.waits == "vote" for s in waiting):
                hint.append(f"Hội đồng bỏ phiếu: tdkt council --dossier {number} …, rồi tdkt decision")
            if any(s.waits == "forward" for s in waiting):
                hint.append(f"trình cấp trên: tdkt forward --dossier {number} --ref SỐ_TỜ_TRÌNH --date …")
            print(f"Hồ sơ {number}: {status_name(state)} — " + "; ".join(hint) + ".")
    return 0


@writes("edit")
def run_forward(args: argparse.Namespace) -> int:
    from app.cli import print_json
    from app.commands.common import dossier_id
    from app.dossiers import status_name
    from app.office import get_profile
    from app.powers import forward_beyond_powers
    from db.models import Dossier

    with _session(args) as session:
        ids = [dossier_id(session, n) for n in args.dossier]
        to = args.to or get_profile(session).superior_name
        made = forward_beyond_powers(session, ids, args.ref, args.date, to)
        if not made:
            raise UserError(f"Hồ sơ {', '.join(args.dossier)} không có đề nghị đã thẩm định “Đạt” nào vượt thẩm "
                            f"quyền của cơ quan ngày {args.date:%d/%m/%Y}: không có gì để trình cấp trên.")
        shown = {"ref": args.ref, "date": args.date, "dossiers": [
            {"number": d.number, "nominees": [n.name for n in d.nominees]} for d in made],
            "states": {session.get(Dossier, i).number: session.get(Dossier, i).status for i in ids}}
    if args.json:
        print_json(shown)
        return 0
    for d in shown["dossiers"]:
        print(f"Tờ trình {args.ref} ngày {args.date:%d/%m/%Y}: hồ sơ {d['number']} trình cấp trên với "
              f"{len(d['nominees'])} đề nghị ({', '.join(d['nominees'])}).")
    for number, state in shown["states"].items():
        print(f"Hồ sơ {number}: {status_name(state)}.")
    print("Danh sách gửi cấp trên: tdkt export forwarding --year … -o TrinhCapTren.xlsx")
    return 0
