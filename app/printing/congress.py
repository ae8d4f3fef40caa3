"""The Emulation Congress's lists (Đại hội thi đua yêu nước): the delegates (đại biểu) with the
groups they count in and the quotas as filled, the exemplars honoured (tập thể first, then
cá nhân) with their five-year achievements and the award proposed, and the awards decided for
the congress, by decision, with their money.

`what` chooses one list ("delegates", "honours", "awards") or all three ("all"), each its own
document in the PDF (page numbers restart), on A4 landscape: the lists are wide.
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound, UserError
from app.formats import number, place_date, short_date
from app.printing.common import authority_issuer, profile, signed
from app.printing.dates import form_date
from app.printing.kit import (
    LANDSCAPE,
    Document,
    PrintedDocument,
    Section,
    Total,
    admin_header,
    closing,
    data_table,
    frame_width,
    para,
    slug,
    title_block,
)

WHAT = {"delegates": "Danh sách đại biểu", "honours": "Danh sách điển hình tiên tiến được tôn vinh",
        "awards": "Danh sách khen thưởng tại Đại hội", "all": "Danh sách đại biểu, điển hình, khen thưởng"}


def _congress_id(session: Session, congress_id: int | None, year: int | None) -> int:
    from app.congress import congress_for_year
    from db.models import Congress

    if congress_id is not None:
        if session.get(Congress, congress_id) is None:
            raise NotFound(f"Không có Đại hội thi đua số hiệu {congress_id} trong dữ liệu.")
        return congress_id
    if year is not None:
        found = congress_for_year(session, year)
        if found is None:
            raise NotFound(f"Chưa ghi Đại hội thi đua yêu nước nào tổ chức đến năm {year}.")
        return found.id
    found = session.scalar(select(Congress).order_by(Congress.year.desc()).limit(1))
    if found is None:
        raise NotFound("Chưa ghi Đại hội thi đua yêu nước nào.")
    return found.id


def _head(doc: Document, p, c, title: str, day: dt.date) -> None:
    doc.add(admin_header(authority_issuer(p), "", place_date(p.place_name, day), orientation=LANDSCAPE))
    doc.add(*title_block(title, c.name, orientation=LANDSCAPE,
                         note=f"(Giai đoạn {c.period_from}–{c.period_to})"))


def _sign(doc: Document, session: Session, p, left_lines: list[str]) -> None:
    sign = signed(session, "authority_report", p)
    left = [para(line, "cell") for line in left_lines]
    doc.add_closing(closing([], sign.lines, sign.name, LANDSCAPE, left=left))


def _delegates(doc: Document, session: Session, p, c, day: dt.date) -> None:
    from app.congress import entries, quota_progress

    rows = entries(session, c.id, "delegate")
    if not rows:
        raise UserError(f"{c.name} chưa có đại biểu nào trong danh sách.")
    _head(doc, p, c, "Danh sách đại biểu", day)
    table = [[str(i), e.name, str(e.birth_year or "") if not e.female else "", str(e.birth_year or "") if e.female else "",
              e.ethnicity, ", ".join(x for x in (e.position, e.unit) if x), e.groups_text]
             for i, e in enumerate(rows, start=1)]
    doc.add(data_table(["STT", "Họ và tên", "Nam", "Nữ", "Dân tộc", "Chức vụ, đơn vị công tác", "Thành phần"],
                       table, [9, 48, 13, 13, 18, 95, 50], "CLCCCLL", frame_width(LANDSCAPE)))
    doc.add(Spacer(1, 3 * mm))
    quota = [f"Tổng số: {len(rows):02d} đại biểu" + (f" (dự kiến {c.delegate_target})" if c.delegate_target else "") + "."]
    quota += [f"- {q.text}." for q in quota_progress(session, c.id, "delegate") if q.percent]
    _sign(doc, session, p, quota)


def _honours(doc: Document, session: Session, p, c, day: dt.date) -> None:
    from app.congress import entries

    rows = entries(session, c.id, "honour")
    if not rows:
        raise UserError(f"{c.name} chưa có điển hình nào được chọn để tôn vinh.")
    _head(doc, p, c, "Danh sách điển hình tiên tiến được tôn vinh", day)
    table: list = []
    n = 0
    for heading, subject in (("I. TẬP THỂ", "collective"), ("II. CÁ NHÂN", "individual")):
        group = [e for e in rows if e.subject == subject]
        if not group:
            continue
        table.append(Section(f"{heading} ({len(group):02d})"))
        for e in group:
            n += 1
            table.append([str(n), e.name, ", ".join(x for x in (e.position, e.unit) if x), e.achievement, e.award])
    doc.add(data_table(["STT", "Tên tập thể, cá nhân", "Chức vụ, đơn vị", "Thành tích tiêu biểu giai đoạn",
                        "Hình thức khen thưởng"], table, [9, 50, 55, 100, 36], "CLLLL", frame_width(LANDSCAPE)))
    _sign(doc, session, p, [f"Tổng số: {len(rows):02d} tập thể, cá nhân."])


def _awards(doc: Document, session: Session, p, c, day: dt.date) -> None:
    from app.congress import decided_awards

    rows = decided_awards(session, c.id)
    if not rows:
        raise UserError(f"Chưa có quyết định khen thưởng nào gắn với {c.name}: hãy gắn quyết định trước khi in.")
    _head(doc, p, c, "Danh sách khen thưởng tại Đại hội", day)
    table: list = []
    seen: set[str] = set()
    for i, a in enumerate(rows, start=1):
        if a.decision not in seen:
            seen.add(a.decision)
            when = f" ngày {short_date(a.decision_date)}" if a.decision_date else ""
            table.append(Section(f"Quyết định số {a.decision}{when} của {a.issuer}"))
        table.append([str(i), a.name, a.unit if a.unit != a.name else "", a.award, number(a.money) if a.money else ""])
    total = sum(a.money or 0 for a in rows)
    table.append(Total(f"Tổng cộng: {len(rows):02d} tập thể, cá nhân", ["", number(total)], span=3))
    doc.add(data_table(["STT", "Tên tập thể, cá nhân", "Đơn vị", "Hình thức khen thưởng", "Tiền thưởng (đồng)"],
                       table, [9, 60, 60, 60, 32], "CLLLR", frame_width(LANDSCAPE)))
    _sign(doc, session, p, [])


def print_congress(session: Session, congress_id: int | None = None, year: int | None = None,
                   what: str = "all", on: dt.date | None = None) -> PrintedDocument:
    from app.congress import get_congress

    if what not in WHAT:
        raise UserError(f"Không có danh sách «{what}»; chọn: {', '.join(WHAT)}.")
    c = get_congress(session, _congress_id(session, congress_id, year))
    p = profile(session)
    day = form_date(c.year, event=c.held_on, chosen=on)
    doc = Document(f"{WHAT[what]} — {c.name}", author=p.authority_name, orientation=LANDSCAPE)
    doc.date = day
    parts = {"delegates": _delegates, "honours": _honours, "awards": _awards}
    chosen = list(parts) if what == "all" else [what]
    if what == "all":  # print what exists; say so when nothing does
        from app.congress import decided_awards, entries

        have = {"delegates": entries(session, c.id, "delegate"), "honours": entries(session, c.id, "honour"),
                "awards": decided_awards(session, c.id)}
        chosen = [k for k in chosen if have[k]]
        if not chosen:
            raise UserError(f"{c.name} chưa có đại biểu, điển hình hay khen thưởng nào để in.")
    for i, key in enumerate(chosen):
        if i:
            doc.new_part(LANDSCAPE)
        parts[key](doc, session, p, c, day)
    return doc.build(f"DaiHoiThiDua_{slug(what)}_{c.year}.pdf")
