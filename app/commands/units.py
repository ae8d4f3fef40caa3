"""`tdkt unit` and `tdkt office`: the office's units and its profile, from the command line.

    tdkt unit list [--all] [--kind KIND] [--db PATH] [--json]
    tdkt unit add NAME [--kind KIND] [--parent UNIT] [--head NAME] [--members N] [--address TEXT]
                  [--code CODE] [--short NAME] [--phone P] [--email E] [--year Y] [--db PATH]
    tdkt unit edit UNIT [--name NEW] [--kind …] [--head …] [--members N] [--year Y] … [--db PATH]
    tdkt unit retire UNIT --on DD/MM/YYYY [--reason TEXT] [--db PATH]
    tdkt unit reopen UNIT [--db PATH]
    tdkt unit import FILE [--dry-run] [--db PATH] [--json]
    tdkt unit template -o FILE.xlsx [--db PATH]
    tdkt office [--name …] [--authority …] [--level xa|huyen|tinh] [--place …] … [--db PATH] [--json]
    tdkt person list [--unit UNIT] [--name TEXT] [--db PATH] [--json]
    tdkt person add NAME [--unit UNIT] [--gender nam|nữ] [--birth-year Y] [--ethnicity TEXT]
                    [--position TEXT] [--direct-worker] [--db PATH]
    tdkt person edit ID [--name …] [--unit …] [--gender …] [--birth-year …] … [--db PATH]
    tdkt person show NAME [--birth-year Y] [--unit UNIT] [--db PATH] [--json]   (app/commands/records.py)
    tdkt person fact add|edit|delete …, tdkt unit fact add|edit|delete …   (app/commands/fact_commands.py)

UNIT is a unit's name (accents optional), its code or its number. `--kind` takes a code
(`village`), a name (`Thôn, bản, tổ dân phố`) or a word (`thôn`); left out, the name says it.
With `--year`, `--head` and `--members` are also that year's (the collective titles count the
members of their year). A data file named by `--db` that does not exist yet is created, so an
office can start from the command line: `tdkt --db X office …`, then `tdkt --db X unit add …`.
"""

from __future__ import annotations

import argparse
import datetime as dt

from app.commands import fact_commands, records
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


def _fields(cmd, *, editing: bool) -> None:
    if editing:
        cmd.add_argument("--name", help="tên mới")
    cmd.add_argument("--kind", help="loại đơn vị: mã, tên hoặc một từ (thôn, trường, trạm y tế …)")
    cmd.add_argument("--parent", metavar="UNIT", help="đơn vị cấp trên (tên hoặc mã); «-» để bỏ")
    cmd.add_argument("--head", help="thủ trưởng (trưởng thôn, hiệu trưởng …)")
    cmd.add_argument("--members", type=int, metavar="N", help="số thành viên")
    cmd.add_argument("--address", help="địa chỉ")
    cmd.add_argument("--code", help="mã đơn vị (mặc định: chương trình đánh số DV001 …)")
    cmd.add_argument("--short", help="tên viết tắt")
    cmd.add_argument("--phone", help="điện thoại")
    cmd.add_argument("--email", help="thư điện tử")
    cmd.add_argument("--year", type=int, metavar="Y", help="năm của thủ trưởng và số thành viên")
    add_db(cmd)
    cmd.add_argument("--json", action="store_true", help="in kết quả dạng JSON")


def register(sub) -> dict:
    unit = sub.add_parser("unit", help="đơn vị: danh sách, thêm, sửa, ngừng hoạt động, nhập từ Excel")
    actions = unit.add_subparsers(dest="unit_action", metavar="VIỆC", required=True, parser_class=type(unit))
    listing = actions.add_parser("list", help="danh sách đơn vị")
    listing.add_argument("--all", action="store_true", help="cả đơn vị đã sáp nhập, ngừng hoạt động")
    listing.add_argument("--kind", help="chỉ một loại đơn vị")
    add_db(listing)
    listing.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    add = actions.add_parser("add", help="thêm đơn vị")
    add.add_argument("name", metavar="NAME", help="tên đơn vị, ví dụ «Thôn Nà Bó»")
    _fields(add, editing=False)
    edit = actions.add_parser("edit", help="sửa đơn vị")
    edit.add_argument("unit", metavar="UNIT", help="đơn vị: tên, mã hoặc số hiệu")
    _fields(edit, editing=True)
    retire = actions.add_parser("retire", help="đơn vị ngừng hoạt động (vẫn giữ lịch sử khen thưởng)")
    retire.add_argument("unit", metavar="UNIT")
    retire.add_argument("--on", type=_day, required=True, metavar="DD/MM/YYYY", help="ngày ngừng hoạt động")
    retire.add_argument("--reason", default="", help="lý do")
    add_db(retire)
    reopen = actions.add_parser("reopen", help="đơn vị đã ngừng hoạt động hoạt động trở lại (sửa một lần ngừng nhầm)")
    reopen.add_argument("unit", metavar="UNIT")
    add_db(reopen)
    imp = actions.add_parser("import", help="nhập danh sách đơn vị từ tệp Excel")
    imp.add_argument("file", metavar="FILE", help="tệp .xlsx, .xls hoặc .ods")
    imp.add_argument("--dry-run", action="store_true", help="chỉ đọc và kiểm tra, không ghi gì")
    add_db(imp)
    imp.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    tpl = actions.add_parser("template", help="tệp Excel mẫu để điền danh sách đơn vị")
    tpl.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")
    add_db(tpl)
    fact_commands.add_commands(actions, "unit")

    office = sub.add_parser("office", help="hồ sơ cơ quan: xem, hoặc sửa các mục nêu ra")
    from app.office import FIELD_LABELS

    for name, label in FIELD_LABELS.items():
        flag = "--" + {"office_name": "name", "authority_name": "authority", "authority_short": "symbol",
                       "superior_name": "superior", "place_name": "place"}.get(name, name).replace("_", "-")
        office.add_argument(flag, dest=f"set_{name}", metavar="TEXT", help=label)
    office.add_argument("--head-name", metavar="TEXT",
                        help="họ và tên trưởng phòng (người ký báo cáo, thẩm định, thông báo của cơ quan)")
    office.add_argument("--head-title", metavar="TEXT", help="chức vụ trưởng phòng (mặc định: TRƯỞNG PHÒNG)")
    office.add_argument("--head-phone", metavar="TEXT", help="điện thoại trưởng phòng")
    add_db(office)
    office.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    person = sub.add_parser("person", help="cá nhân: danh sách, thêm, sửa")
    acts = person.add_subparsers(dest="person_action", metavar="VIỆC", required=True, parser_class=type(person))
    plist = acts.add_parser("list", help="danh sách cá nhân")
    plist.add_argument("--unit", metavar="UNIT", help="chỉ cá nhân của một đơn vị")
    plist.add_argument("--name", help="tìm theo tên (có dấu hoặc không)")
    add_db(plist)
    plist.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    for name, helptext in (("add", "thêm cá nhân"), ("edit", "sửa cá nhân")):
        cmd = acts.add_parser(name, help=helptext)
        if name == "add":
            cmd.add_argument("full_name", metavar="NAME", help="họ và tên")
        else:
            cmd.add_argument("person_id", metavar="PERSON",
                             help="mã cá nhân (tdkt person list) hoặc họ tên (không dấu cũng được)")
            cmd.add_argument("--name", dest="full_name", help="họ và tên mới")
        cmd.add_argument("--unit", metavar="UNIT", help="đơn vị: tên hoặc mã; «-» để bỏ")
        cmd.add_argument("--gender", help="nam hoặc nữ")
        cmd.add_argument("--birth-year", type=int, metavar="Y")
        cmd.add_argument("--ethnicity", help="dân tộc (Kinh, Thái, Mông …)")
        cmd.add_argument("--position", help="chức vụ")
        cmd.add_argument("--direct-worker", action=argparse.BooleanOptionalAction, default=None,
                         help="người lao động trực tiếp (--no-direct-worker: không phải)")
        cmd.add_argument("--leader", action=argparse.BooleanOptionalAction, default=None,
                         help="cán bộ lãnh đạo, quản lý (mặc định: theo chức vụ — Hiệu trưởng, Trưởng trạm, "
                              "Chủ tịch … —, không tính Trưởng thôn, bản)")
        add_db(cmd)
        cmd.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    records.add_show(acts)
    fact_commands.add_commands(acts, "person")
    return {"unit": run_unit, "office": run_office, "person": run_person}


def _session(args, *, write: bool):
    from app.commands.common import session

    # A write may start a new data file (an office set up from the command line).
    return session(args, create=write)


_UNIT_WRITES = {"add", "edit", "retire", "reopen", "import", "fact"}


@writes("edit", when=lambda a: a.unit_action in _UNIT_WRITES and not getattr(a, "dry_run", False))
def run_unit(args: argparse.Namespace) -> int:
    action = args.unit_action
    if action == "list":
        return _list(args)
    if action in ("add", "edit"):
        return _add_or_edit(args)
    if action == "retire":
        from app.unit_list import find_unit, retire_unit

        with _session(args, write=True) as session:
            done = retire_unit(session, find_unit(session, args.unit).id, args.on, args.reason)
            print(f"{done.name}: ngừng hoạt động từ {args.on:%d/%m/%Y}.")
            for note in done.notes:
                print(f"  - {note}")
        return 0
    if action == "reopen":
        from app.unit_list import find_unit, reopen_unit

        with _session(args, write=True) as session:
            unit = reopen_unit(session, find_unit(session, args.unit).id)
            print(f"{unit.name}: hoạt động trở lại.")
        return 0
    if action == "import":
        return _import(args)
    if action == "fact":
        return fact_commands.run(args, "unit")
    from app.office import get_profile
    from app.unit_import import write_unit_list_template

    with _session(args, write=True) as session:
        office = get_profile(session).authority_name
    path = write_unit_list_template(args.output, office)
    print(f"Đã lập tệp mẫu danh sách đơn vị: {path}")
    return 0


def _list(args) -> int:
    from app.cli import print_json
    from app.unit_list import guess_kind, list_units

    kind = None
    if args.kind:
        kind = guess_kind(args.kind)
        if kind is None:
            raise UserError(f"Không có loại đơn vị «{args.kind}».")
    with _session(args, write=False) as session:
        rows = list_units(session, include_inactive=args.all, kind=kind)
    if args.json:
        print_json([{"id": r.id, "code": r.code, "name": r.name, "kind": r.kind_code, "kind_name": r.kind,
                     "parent": r.parent, "head": r.head, "members": r.members, "people": r.people,
                     "address": r.address, "active": r.active, "status": r.status} for r in rows])
        return 0
    if not rows:
        print("Chưa có đơn vị nào. Thêm bằng: tdkt unit add \"Thôn Nà Bó\" (hoặc tdkt unit import DS.xlsx).")
        return 0
    for r in rows:
        members = f", {r.members} thành viên" if r.members is not None else ""
        head = f", thủ trưởng {r.head}" if r.head else ""
        state = "" if r.active else f" [{r.status}]"
        print(f"{r.code:<8} {r.name} — {r.kind}{head}{members}{state}")
    print(f"Tổng: {len(rows)} đơn vị")
    return 0


def _add_or_edit(args) -> int:
    from app.unit_list import (
        UnitData,
        add_unit,
        edit_unit,
        find_unit,
        get_unit,
        guess_kind,
        set_unit_year,
    )

    if args.year is not None and not 1945 <= args.year <= 2100:
        raise UserError(f"Năm không hợp lệ: {args.year}.")
    with _session(args, write=args.unit_action == "add") as session:
        if args.unit_action == "add":
            data, unit_id = UnitData(name=args.name, kind=""), None
        else:
            unit_id = find_unit(session, args.unit).id
            data = get_unit(session, unit_id)
            if args.name:
                data.name = args.name
        if args.kind:
            kind = guess_kind(args.kind)
            if kind is None:
                raise UserError(f"Không có loại đơn vị «{args.kind}».")
            data.kind = kind
        elif not data.kind:
            data.kind = guess_kind(data.name) or ""
            if not data.kind:
                raise UserError(f"Chưa rõ loại của «{data.name}»: thêm --kind (ví dụ --kind thôn, --kind trường).")
        if args.parent is not None:
            data.parent_id = None if args.parent.strip() in ("", "-") else find_unit(session, args.parent).id
        for attr, value in (("head_name", args.head), ("member_count", args.members), ("address", args.address),
                            ("code", args.code), ("short_name", args.short), ("phone", args.phone),
                            ("email", args.email)):
            if value is not None:
                setattr(data, attr, value)
        unit = add_unit(session, data) if unit_id is None else edit_unit(session, unit_id, data)
        if args.year is not None and (args.head is not None or args.members is not None):
            set_unit_year(session, unit.id, args.year, head_name=args.head or "", member_count=args.members)
        shown = {"id": unit.id, "code": unit.code, "name": unit.name, "kind": unit.kind}
    if args.json:
        from app.cli import print_json

        print_json(shown)
    else:
        print(f"Đã {'thêm' if args.unit_action == 'add' else 'sửa'} đơn vị {shown['name']} (mã {shown['code']}).")
    return 0


def _import(args) -> int:
    from app.cli import print_json
    from app.unit_import import import_unit_list, read_unit_list

    with _session(args, write=not args.dry_run) as session:
        preview = read_unit_list(session, args.file)
        added = updated = 0
        if not args.dry_run and not preview.blocked:
            added, updated = import_unit_list(session, preview)
    if args.json:
        print_json(dict(preview.as_dict(), committed=bool(added or updated)))
    else:
        for p in preview.problems:
            print(f"{'lỗi' if p.severity == 'error' else 'cảnh báo'}: {p.cell}: {p.message}")
        if preview.blocked:
            print(f"Tệp {preview.file} có lỗi: chưa nhập đơn vị nào.")
        elif args.dry_run:
            print(f"Tệp {preview.file}: {preview.new_count} đơn vị mới, {len(preview.rows) - preview.new_count} "
                  "đơn vị cập nhật (chưa ghi, --dry-run).")
        else:
            print(f"Đã nhập {preview.file}: thêm {added} đơn vị, cập nhật {updated} đơn vị.")
    return 1 if preview.blocked else 0


@writes("settings", when=lambda a: any(v is not None for k, v in vars(a).items() if k.startswith("set_")))
def run_office(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from app.cli import print_json
    from app.office import FIELD_LABELS, OFFICE_LEVELS, get_profile, save_profile

    changes = {name: getattr(args, f"set_{name}") for name in FIELD_LABELS
               if getattr(args, f"set_{name}") is not None}
    if "level" in changes:
        wanted = changes["level"].strip().lower()
        by_word = {"xa": "xa", "cap xa": "xa", "huyen": "huyen", "cap huyen": "huyen", "tinh": "tinh", "cap tinh": "tinh"}
        from app.text import match_key

        changes["level"] = by_word.get(match_key(wanted), wanted)
    from app.signers import office_head, set_office_head

    head_change = any(getattr(args, f) is not None for f in ("head_name", "head_title", "head_phone"))
    with _session(args, write=bool(changes) or head_change) as session:
        profile = get_profile(session)
        if changes:
            for name, value in changes.items():
                setattr(profile, name, value)
            profile = save_profile(session, profile)
        if head_change:
            current = office_head(session)
            if args.head_name is None and current is None:
                from app.errors import ValidationError

                raise ValidationError("Chưa có trưởng phòng: hãy ghi họ và tên (--head-name).", field="head_name")
            set_office_head(session, args.head_name if args.head_name is not None else current.name,
                            args.head_title or "", args.head_phone)
        head = office_head(session)
    if args.json:
        data = asdict(profile)
        data["office_head"] = ({"name": head.name, "title": head.title, "phone": head.phone}
                               if head is not None else None)
        print_json(data)
        return 0
    for name, label in FIELD_LABELS.items():
        value = getattr(profile, name)
        print(f"{label}: {OFFICE_LEVELS.get(value, value) if name == 'level' else value}")
    if head is not None:
        print(f"Trưởng phòng (ký văn bản của cơ quan): {head.name} — {head.title}"
              + (f", điện thoại {head.phone}" if head.phone else ""))
    else:
        print("Trưởng phòng (ký văn bản của cơ quan): chưa có — báo cáo, thẩm định, thông báo sẽ ký "
              "«TRƯỞNG PHÒNG» không có tên. Ghi bằng: tdkt office --head-name \"Họ và tên\" "
              "[--head-title ...], hoặc Cài đặt › Người ký và văn bản được ký.")
    if changes or head_change:
        print("Đã lưu hồ sơ cơ quan.")
    return 0


@writes("edit", when=lambda a: a.person_action not in ("list", "show"))
def run_person(args: argparse.Namespace) -> int:
    if args.person_action == "show":
        return records.run_show(args)
    if args.person_action == "fact":
        return fact_commands.run(args, "person")
    from app.cli import print_json
    from app.people import leads_by_position
    from app.person_records import PersonData, add_person, edit_person, get_person, list_people
    from app.unit_list import find_unit

    if args.person_action == "list":
        with _session(args, write=False) as session:
            unit_id = find_unit(session, args.unit).id if args.unit else None
            rows = list_people(session, unit_id=unit_id, text=args.name or "")
        if args.json:
            print_json([{"id": r.id, "name": r.name, "gender": r.gender, "birth_year": r.birth_year,
                         "ethnicity": r.ethnicity, "position": r.position, "unit": r.unit, "awards": r.awards}
                        for r in rows])
        else:
            for r in rows:
                bits = [b for b in (r.gender, str(r.birth_year or ""), r.ethnicity, r.position, r.unit) if b]
                print(f"{r.id:>6}  {r.name} — {', '.join(bits)}")
            print(f"Tổng: {len(rows)} cá nhân")
        return 0
    with _session(args, write=args.person_action == "add") as session:
        if args.person_action == "add":
            data, person_id = PersonData(full_name=args.full_name), None
        else:
            person_id = _person_id(session, args.person_id)
            data = get_person(session, person_id)
            if args.full_name:
                data.full_name = args.full_name
        if args.unit is not None:
            data.unit_id = None if args.unit.strip() in ("", "-") else find_unit(session, args.unit).id
        for attr, value in (("gender", args.gender), ("birth_year", args.birth_year),
                            ("ethnicity", args.ethnicity), ("position", args.position),
                            ("is_direct_worker", args.direct_worker)):
            if value is not None:
                setattr(data, attr, value)
        if args.leader is not None:
            data.is_leader = args.leader
        elif args.position is not None:  # a new position says whether the person leads
            data.is_leader = leads_by_position(args.position)
        if person_id is None:
            same = _namesakes(session, data)
        person = add_person(session, data) if person_id is None else edit_person(session, person_id, data)
        shown = {"id": person.id, "name": person.full_name}
    if args.json:
        print_json(shown)
    else:
        print(f"Đã {'thêm' if args.person_action == 'add' else 'sửa'} cá nhân {shown['name']} (mã {shown['id']}).")
    if person_id is None and same:  # the same person entered twice? Say so; the clerk decides
        print("Lưu ý: đã có người trùng tên" + ", ".join(f" {s}" for s in same)
              + "; nếu là một người, hãy gộp trên trang cá nhân hoặc sửa lại.")
    return 0


def _person_id(session, text: str) -> int:
    """A person named on the command line: the number `person list` shows, or the name."""
    from app.errors import UserError
    from app.person_records import list_people
    from app.text import match_key

    if text.strip().isdigit():
        if not 0 < int(text) < 2**31:
            raise UserError(f"Không có cá nhân số {text.strip()}.")
        return int(text)
    found = [r for r in list_people(session, text=text) if match_key(r.name) == match_key(text)]
    if len(found) == 1:
        return found[0].id
    if not found:
        raise UserError(f"Không có cá nhân «{text}»; xem tdkt person list --name «{text}».")
    raise UserError(f"Có {len(found)} người tên «{text}»: " + "; ".join(
        f"mã {r.id} ({', '.join(b for b in (str(r.birth_year or ''), r.unit) if b)})" for r in found[:6])
        + ". Hãy nêu mã.")


def _namesakes(session, data) -> list[str]:
    """People already on record with the same name: «mã 12 (1988, Bản Hon)»."""
    from app.person_records import list_people
    from app.text import match_key

    return [f"mã {r.id} ({', '.join(b for b in (str(r.birth_year or ''), r.unit) if b) or 'chưa rõ đơn vị'})"
            for r in list_people(session, text=data.full_name) if match_key(r.name) == match_key(data.full_name)]
