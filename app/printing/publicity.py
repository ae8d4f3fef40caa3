"""Danh sách gương người tốt, việc tốt for the media centre (plan items 1.4 and III.2): a short
letter from the office (công văn, V/v cung cấp danh sách ... để tuyên truyền) and the list as
its annex on A4 landscape — collectives first, then individuals: name, unit, the model built,
what they did, the award — for a quarter or a movement (app/publicity.py chooses the rows).
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Spacer
from sqlalchemy.orm import Session

from app.errors import NotFound, UserError
from app.formats import place_date, short_date
from app.printing.common import office_issuer, office_symbol, profile, signed
from app.printing.dates import form_date
from app.printing.kit import (
    BLANK,
    LANDSCAPE,
    Document,
    HRule,
    PrintedDocument,
    Section,
    admin_header,
    closing,
    data_table,
    frame_width,
    para,
    slug,
)


def print_publicity_form(session: Session, movement_id: int | None = None, year: int | None = None,
                         **options) -> PrintedDocument:
    """`tdkt print publicity`: --id names a movement; without --year, the latest year of awards."""
    from db.models import Award, Movement

    if movement_id is not None and session.get(Movement, movement_id) is None:
        raise NotFound(f"Không có phong trào thi đua số hiệu {movement_id} trong dữ liệu.")
    if year is None:
        from app.printing.common import latest_year

        year = latest_year(session, Award.year)
    return print_publicity(session, year, movement_id=movement_id, **options)


def print_publicity(session: Session, year: int | None = None, *, quarter: int | None = None,
                    movement_id: int | None = None, on: dt.date | None = None) -> PrintedDocument:
    from app.publicity import media_centre, period_text, publicity_list, quarter_range
    from db.models import Movement

    year = year or dt.date.today().year
    movement = session.get(Movement, movement_id) if movement_id else None
    rows = publicity_list(session, year, quarter=quarter, movement_id=movement_id)
    period = period_text(year, quarter, movement.name if movement else "")
    if not rows:
        raise UserError(f"Không có điển hình tiên tiến nào được chọn để tuyên truyền ({period.lower()}).")
    p = profile(session)
    last = quarter_range(year, quarter)[1] if quarter else dt.date(year, 12, 31)
    from app.dates import clock

    day = form_date(year, chosen=on, today=min(clock(), last))
    centre = media_centre(session)
    symbol = office_symbol(p)
    doc = Document(f"Danh sách gương người tốt, việc tốt — {period}", author=p.office_name)
    doc.date = day
    doc.add(admin_header(office_issuer(p), f"Số:{BLANK}/{symbol}", place_date(p.place_name, day),
                         about="V/v cung cấp danh sách gương người tốt, việc tốt, điển hình tiên tiến để tuyên truyền"))
    doc.add(Spacer(1, 8 * mm), para(f"Kính gửi: {centre}.", "center"), Spacer(1, 3 * mm))
    collectives = sum(1 for r in rows if r.kind == "collective")
    doc.add(para(f"Thực hiện Kế hoạch công tác thi đua, khen thưởng năm {year} về tuyên truyền, nhân rộng "
                 f"điển hình tiên tiến, {p.office_name} gửi {centre} danh sách {collectives:02d} tập thể, "
                 f"{len(rows) - collectives:02d} cá nhân là gương người tốt, việc tốt, điển hình tiên tiến "
                 f"({period[:1].lower() + period[1:]}) có danh sách kèm theo.", "body"))
    doc.add(para(f"Đề nghị {centre} xây dựng tin, bài, phóng sự tuyên truyền trên sóng phát thanh, truyền "
                 "hình, trang thông tin điện tử và các chuyên mục «Gương người tốt, việc tốt»; sau khi đăng, phát "
                 f"thông báo về {p.office_name} để theo dõi, tổng hợp.", "body"))
    doc.add(para("Trân trọng./.", "body"))
    sign = signed(session, "publicity", p)
    doc.add_closing(closing(["- Như trên;", f"- Lưu: VT, {symbol}."], sign.lines, sign.name))
    doc.new_part(LANDSCAPE)
    doc.add(para("DANH SÁCH", "annex_title"))
    doc.add(para("Gương người tốt, việc tốt, điển hình tiên tiến", "annex_title"))
    doc.add(para(f"{period} (kèm theo Công văn số{BLANK}/{symbol} ngày {short_date(day)} "
                 f"của {p.office_name})", "annex_note"))
    doc.add(HRule(40 * mm), Spacer(1, 3 * mm))
    table: list = []
    n = 0
    for heading, kind in (("I. TẬP THỂ", "collective"), ("II. CÁ NHÂN", "individual")):
        group = [r for r in rows if r.kind == kind]
        if not group:
            continue
        table.append(Section(f"{heading} ({len(group):02d})"))
        for r in group:
            n += 1
            deeds = r.deeds or (f"Xây dựng và nhân rộng {r.model[:1].lower() + r.model[1:]}" if r.model else "")
            table.append([str(n), r.name, r.unit, r.model, deeds, r.award])
    doc.add(data_table(["STT", "Tên tập thể, cá nhân", "Đơn vị", "Mô hình, điển hình", "Việc làm, thành tích",
                        "Khen thưởng"], table, [9, 42, 40, 50, 70, 52], "CLLLLL", frame_width(LANDSCAPE)))
    what = f"Quy{quarter}" if quarter else (slug(movement.name)[:40] if movement else "CaNam")
    return doc.build(f"NguoiTotViecTot_{what}_{year}.pdf")
