"""`tdkt person fact` and `tdkt unit fact`: every fact the person's and the unit's page can
enter (Hồ sơ thi đua), from the command line, through the same app.facts functions.

    tdkt person fact add PERSON rating --year Y --rating HTXSNV [--rated-by TEXT]
    tdkt person fact add PERSON discipline --level "khiển trách" --from DD/MM/YYYY [--to DD/MM/YYYY]
                                           [--decision SỐ] [--reason TEXT]
    tdkt person fact add PERSON investigation [--type investigation|inspection|complaint]
                                              --from DD/MM/YYYY [--to DD/MM/YYYY] [--note] [--closed-note]
    tdkt person fact add PERSON initiative --title TEXT --year Y [--scope co_so|tinh|bo|toan_quoc]
                                           [--research] [--recognised-by TEXT] [--decision SỐ]
                                           [--decision-date DD/MM/YYYY] [--years-applied "2024, 2025"]
    tdkt unit fact add UNIT rating --year Y [--rating HTXSNV] [--rated-by TEXT]
                                   [--members N] [--completed N]
    tdkt unit fact add UNIT discipline | investigation   (the same options as a person's)
    tdkt person|unit fact edit KIND ID [the options to change]      (e.g. a discipline's --to,
                                                                      an investigation closed)
    tdkt person|unit fact delete KIND ID

PERSON is a person's number (`tdkt person list`) or name, narrowed by `--birth-year` and
`--unit`; UNIT a unit's name (accents optional), code or number. The IDs are those of
`tdkt person show --json`. Every command prints what it recorded; bad input changes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt

from app.commands.common import add_db, record_number
from app.errors import UserError

KINDS = {"person": ("rating", "discipline", "investigation", "initiative"),
         "unit": ("rating", "discipline", "investigation")}
HELP = {
    "person": ("Ghi, sửa, xóa dữ kiện của cá nhân mà quy tắc xét khen thưởng dựa vào (như mục «Hồ sơ thi đua» "
               "trên trang của người): xếp loại hoàn thành nhiệm vụ và người đánh giá; kỷ luật (hình thức, từ "
               "ngày, đến ngày, quyết định); việc điều tra, thanh tra, khiếu nại và ngày kết thúc; sáng kiến, đề "
               "tài (phạm vi, cơ quan công nhận, số và ngày quyết định công nhận, năm áp dụng)."),
    "unit": ("Ghi, sửa, xóa dữ kiện của tập thể (như mục «Xếp loại, kỷ luật» trên trang của đơn vị): xếp loại "
             "của tập thể, số thành viên được xét và số hoàn thành nhiệm vụ trong năm; kỷ luật, việc điều tra, "
             "thanh tra, khiếu nại của tập thể."),
}
EXAMPLES = {
    "person": ("Ví dụ:\n  tdkt person fact add \"Chu Thị Lan\" investigation --type complaint --from 01/10/2026\n"
               "  tdkt person fact edit investigation 3 --to 20/11/2026 --closed-note \"Đã giải quyết\"\n"
               "  tdkt person fact add 12 discipline --level \"khiển trách\" --from 10/04/2026 --to 10/10/2026\n"
               "  tdkt person fact add \"Lò Thị Hạnh\" initiative --title \"Dạy học STEM\" --year 2026 --scope tinh\n"
               "      --recognised-by \"Sở GD&ĐT\" --decision 99/QĐ-SGDĐT --decision-date 01/06/2026\n"
               "  tdkt person fact add \"Vàng A Sếnh\" rating --year 2026 --rating HTTNV --rated-by \"Chủ nhiệm HTX\"\n"
               "Số (ID) của dữ kiện: tdkt person show TÊN --json."),
    "unit": ("Ví dụ:\n  tdkt unit fact add \"Tổ sản xuất chè Nà Bó\" rating --year 2026 --rating HTTNV "
             "--members 15 --completed 14\n  tdkt unit fact add \"Thôn Nà Bó\" discipline --level \"cảnh cáo\" "
             "--from 02/02/2026\n  tdkt unit fact add \"Trạm Y tế xã Bình Lư\" investigation --type inspection "
             "--from 01/09/2026"),
}
STORED = {("person", "rating"): "person_rating", ("unit", "rating"): "unit_rating"}


def _day(text: str) -> dt.date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"ngày «{text}» không hiểu được (dd/mm/yyyy)")


def _options(cmd, owner: str) -> None:
    o = cmd.add_argument_group("xếp loại (rating)")
    o.add_argument("--year", type=int, metavar="Y", help="năm của xếp loại; năm công nhận sáng kiến")
    o.add_argument("--rating", help="HTXSNV, HTTNV, HTNV, KHTNV (hoặc tên đầy đủ)")
    o.add_argument("--rated-by", help="người, cấp đánh giá (Chủ tịch UBND xã; Hội đồng TĐKT xã …)")
    if owner == "unit":
        o.add_argument("--members", type=int, metavar="N", help="số thành viên được xét trong năm")
        o.add_argument("--completed", type=int, metavar="N", help="số thành viên hoàn thành nhiệm vụ")
    d = cmd.add_argument_group("kỷ luật (discipline), thanh tra (investigation)")
    d.add_argument("--level", help="hình thức kỷ luật: khiển trách, cảnh cáo, hạ bậc lương, giáng chức …")
    d.add_argument("--type", dest="inv_kind", help="investigation (điều tra, xem xét), inspection (thanh tra, "
                   "kiểm tra), complaint (khiếu nại, tố cáo)")
    d.add_argument("--from", dest="start", type=_day, metavar="DD/MM/YYYY", help="từ ngày")
    d.add_argument("--to", dest="end", type=_day, metavar="DD/MM/YYYY",
                   help="đến ngày (kỷ luật: để trống theo thời hạn của hình thức; thanh tra: ngày kết thúc)")
    d.add_argument("--reason", help="lý do kỷ luật")
    d.add_argument("--note", help="nội dung việc thanh tra, khiếu nại")
    d.add_argument("--closed-note", help="kết luận, văn bản kết thúc")
    d.add_argument("--decision", help="số quyết định (kỷ luật; công nhận sáng kiến)")
    if owner == "person":
        i = cmd.add_argument_group("sáng kiến, đề tài (initiative)")
        i.add_argument("--title", help="tên sáng kiến, đề tài")
        i.add_argument("--research", action="store_true", default=None, help="là đề tài, công trình khoa học")
        i.add_argument("--scope", help="phạm vi: co_so (cơ sở), tinh, bo, toan_quoc")
        i.add_argument("--recognised-by", help="cơ quan, Hội đồng công nhận")
        i.add_argument("--decision-date", type=_day, metavar="DD/MM/YYYY", help="ngày quyết định công nhận")
        i.add_argument("--years-applied", help="năm áp dụng, ví dụ «2024, 2025»")


def add_commands(actions, owner: str) -> None:
    """`fact` among the actions of `tdkt person` / `tdkt unit` (app/commands/units.py)."""
    who = "cá nhân" if owner == "person" else "đơn vị"
    fact = actions.add_parser("fact", help=f"dữ kiện của {who}: xếp loại, kỷ luật, thanh tra"
                              + (", sáng kiến" if owner == "person" else ", số thành viên hoàn thành nhiệm vụ"),
                              description=HELP[owner], epilog=EXAMPLES[owner],
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    acts = fact.add_subparsers(dest="fact_action", metavar="VIỆC", required=True, parser_class=type(fact))
    kinds = KINDS[owner]
    add = acts.add_parser("add", help="ghi một dữ kiện")
    add.add_argument("owner", metavar=owner.upper(), help="cá nhân: số hoặc họ tên" if owner == "person"
                     else "đơn vị: tên, mã hoặc số hiệu")
    add.add_argument("kind", choices=kinds, metavar="KIND", help=", ".join(kinds))
    if owner == "person":
        add.add_argument("--birth-year", type=int, metavar="Y", help="năm sinh (khi trùng tên)")
        add.add_argument("--unit", metavar="UNIT", help="đơn vị (khi trùng tên)")
    _options(add, owner)
    add_db(add)
    edit = acts.add_parser("edit", help="sửa một dữ kiện đã ghi (chỉ các mục nêu ra)")
    edit.add_argument("kind", choices=kinds, metavar="KIND", help=", ".join(kinds))
    edit.add_argument("fact_id", type=record_number, metavar="ID", help="số của dữ kiện (tdkt person show --json)")
    _options(edit, owner)
    add_db(edit)
    delete = acts.add_parser("delete", help="xóa một dữ kiện đã ghi")
    delete.add_argument("kind", choices=kinds, metavar="KIND", help=", ".join(kinds))
    delete.add_argument("fact_id", type=record_number, metavar="ID")
    add_db(delete)


def _person(session, args) -> int:
    from app.facts_view import find_people

    text = args.owner.strip()
    if text.isdigit():
        return int(text)
    found = find_people(session, text, birth_year=args.birth_year, unit=args.unit)
    if not found:
        raise UserError(f"Không tìm thấy cá nhân nào có tên “{text}”.")
    if len(found) > 1:
        raise UserError(f"Có {len(found)} người «{text}»: " + "; ".join(
            f"số {r.id} {r.name}" + (f" ({r.birth_year})" if r.birth_year else "") + (f", {r.unit}" if r.unit else "")
            for r in found[:5]) + ". Hãy ghi số, hoặc thêm --birth-year / --unit.")
    return found[0].id


def _pick(code_map: dict, text: str | None, what: str) -> str | None:
    """A catalogue code from its code or its words (accents optional)."""
    from app.text import fold

    if text is None:
        return None
    key = fold(text).replace("_", " ").strip()
    for code, name in code_map.items():
        if key and (key in (fold(code).replace("_", " "), fold(name)) or fold(name).startswith(key)):
            return code
    raise UserError(f"{what} «{text}» không có; chọn: " + ", ".join(f"{c} ({n})" for c, n in code_map.items()))


def _rating(text: str | None) -> str | None:
    from app.catalog import RATINGS, parse_rating

    if text is None or text.strip() == "":
        return text
    code = parse_rating(text)
    if code is None:
        raise UserError(f"Xếp loại «{text}» không có; chọn: " + ", ".join(RATINGS))
    return code


def run(args: argparse.Namespace, owner: str) -> int:
    from app.commands.common import session
    from app.facts import fact_label

    kind = STORED.get((owner, args.kind), args.kind)
    with session(args) as s:
        if args.fact_action == "delete":
            from app.facts import delete_fact

            label = fact_label(s, kind, args.fact_id)
            delete_fact(s, kind, args.fact_id)
            print(f"Đã xóa: {label}.")
            return 0
        owner_id = None
        if args.fact_action == "add":
            if owner == "person":
                owner_id = _person(s, args)
            else:
                from app.unit_list import find_unit

                owner_id = find_unit(s, args.owner).id
        row = _write(s, owner, kind, owner_id, args)
        label = fact_label(s, kind, row.id) if row is not None else ""
        print(f"Đã {'ghi' if args.fact_action == 'add' else 'sửa'} (số {row.id}): {label}." if row is not None
              else "Đã xóa xếp loại của năm (không còn mục nào).")
    return 0


def _write(s, owner: str, kind: str, owner_id: int | None, a):
    from app import facts
    from app.rules.base import DISCIPLINE_NAMES, SCOPE_NAMES
    from db.models import Discipline, Initiative, Investigation, PersonRating, UnitRating

    model = facts.FACT_MODELS[kind]
    old = s.get(model, a.fact_id) if a.fact_action == "edit" else None
    if a.fact_action == "edit" and old is None:
        raise UserError(f"Không có {facts.FACT_NAMES[kind]} số {a.fact_id}.")

    def value(new, attr, default=None):
        return new if new is not None else (getattr(old, attr) if old is not None else default)

    who = {"person_id": owner_id} if owner == "person" else {"unit_id": owner_id}
    if old is not None:
        who = {"person_id": old.person_id} if getattr(old, "person_id", None) else {"unit_id": old.unit_id}
    if model is PersonRating:
        year, rating = value(a.year, "year"), value(_rating(a.rating), "rating")
        if year is None or not rating:
            raise UserError("Xếp loại cần --year và --rating.")
        if old is None:
            return facts.set_person_rating(s, owner_id, year, rating, rated_by=a.rated_by or "",
                                           source="Nhập từ dòng lệnh")
        return facts.correct_person_rating(s, old.id, year, rating, rated_by=value(a.rated_by, "rated_by", ""))
    if model is UnitRating:
        year = value(a.year, "year")
        if year is None:
            raise UserError("Xếp loại tập thể cần --year.")
        values = dict(rating=value(_rating(a.rating), "rating", "") or "", rated_by=value(a.rated_by, "rated_by", ""),
                      members_total=value(a.members, "members_total"),
                      members_completed=value(a.completed, "members_completed"))
        if old is None:
            return facts.set_unit_year(s, owner_id, year, **values)
        return facts.correct_unit_year(s, old.id, year, **values)
    if model is Discipline:
        level = value(_pick(DISCIPLINE_NAMES, a.level, "Hình thức kỷ luật"), "level")
        start = value(a.start, "decided_on")
        if not level or start is None:
            raise UserError("Kỷ luật cần --level và --from (ngày quyết định kỷ luật).")
        return facts.save_discipline(s, **who, level=level, decided_on=start, ends_on=value(a.end, "ends_on"),
                                     decision=value(a.decision, "decision", ""), reason=value(a.reason, "reason", ""),
                                     discipline_id=old.id if old else None)
    if model is Investigation:
        start = value(a.start, "started_on")
        if start is None:
            raise UserError("Thanh tra, khiếu nại cần --from (ngày bắt đầu).")
        return facts.save_investigation(
            s, **who, kind=value(_pick(facts.INVESTIGATION_KINDS, a.inv_kind, "Loại việc"), "kind", "investigation"),
            started_on=start, ended_on=value(a.end, "ended_on"), note=value(a.note, "note", ""),
            closed_note=value(a.closed_note, "closed_note", ""), investigation_id=old.id if old else None)
    assert model is Initiative
    title, year = value(a.title, "title"), value(a.year, "year")
    if not title or year is None:
        raise UserError("Sáng kiến cần --title và --year (năm công nhận).")
    research = None if a.research is None else ("de_tai" if a.research else "sang_kien")
    pid = who.get("person_id") or owner_id
    return facts.save_initiative(
        s, pid, title=title, year=year, scope=value(_pick(SCOPE_NAMES, a.scope, "Phạm vi"), "scope", "co_so"),
        kind=value(research, "kind", "sang_kien"), recognised_by=value(a.recognised_by, "recognised_by", ""),
        decision_number=value(a.decision, "decision_number", ""),
        decision_date=value(a.decision_date, "decision_date"), years_applied=value(a.years_applied, "years_applied", ""),
        initiative_id=old.id if old else None)
