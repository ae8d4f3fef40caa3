"""Workbooks of the rest of the year's plan, in the administrative layout:

- `fund_workbook`: the award fund for the finance office — summary, per decision, per month,
  the allotments;
- `province_bloc_workbook`: our self-scoring table in the province's layout (TT, criterion,
  maximum, self-score, the bloc's score left for the province, explanation and evidence);
- `publicity_workbook`: good people and good deeds for the media centre;
- `congress_workbook`: the congress's delegates, honours and quotas.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from app.excel.exports import authority_signature, office_header
from app.excel.extras_book import Sheet, write_book
from app.excel.sheetkit import Header


def _month_name(month: int) -> str:
    return f"Tháng {month:02d}"


def fund_workbook(session: Session, year: int, path: str | Path, today: dt.date | None = None) -> Path:
    from app.formats import decimal, number
    from app.fund import fund_summary

    f = fund_summary(session, year)
    summary = Sheet("Tổng hợp", f"Tổng hợp kinh phí thi đua, khen thưởng năm {year}",
                    ["Nội dung", "Số tiền (đồng)"], [
                        ["Kinh phí được giao trong năm", f.budget],
                        [f"Dành cho tổ chức, chỉ đạo phong trào thi đua ({decimal(f.share)}%)", f.reserve],
                        ["Dành cho khen thưởng", f.for_awards],
                        [f"Đã chi theo {len(f.decisions)} quyết định khen thưởng", f.spent],
                        ["Trong đó đã thu hồi, hoàn lại quỹ", f.returned],
                        ["Còn lại của quỹ", f.remaining],
                        ["Phần dành cho khen thưởng còn lại", f.awards_left]],
                    money_cols={1}, widths=[46, 16],
                    lines=["(Tiền thưởng mỗi khen thưởng làm tròn lên hàng chục nghìn đồng; "
                           "quyết định của cấp trên chi từ quỹ của cấp trên, không tính ở đây)"])
    decisions = Sheet("Theo quyết định", f"Chi tiền thưởng theo quyết định năm {year}",
                      ["Số quyết định", "Ngày ký", "Trích yếu", "Số khen thưởng", "Tiền thưởng (đồng)",
                       "Đã thu hồi (đồng)", "Ghi chú"],
                      [[d.number, d.issued_on, d.summary, d.awards, d.amount, d.returned or None,
                        f"Thu hồi {d.revoked} khen thưởng" if d.revoked else ""] for d in f.decisions],
                      money_cols={4, 5}, widths=[15, 11, 36, 10, 14, 13, 17])
    decisions.rows.append(["Tổng cộng", None, "", sum(d.awards for d in f.decisions), f.spent, f.returned or None, ""])
    decisions.bold_rows = {len(decisions.rows) - 1}
    if f.external:
        decisions.footer = [f"Không tính {len(f.external)} quyết định của cấp trên ({number(sum(d.amount for d in f.external))} "
                            "đồng), chi từ quỹ thi đua, khen thưởng của cấp trên: "
                            + ", ".join(f"{d.number} ({d.issuer})" for d in f.external) + "."]
    months = Sheet("Theo tháng", f"Chi tiền thưởng theo tháng năm {year}",
                   ["Tháng", "Số quyết định", "Chi theo quyết định (đồng)", "Thu hồi, hoàn lại (đồng)",
                    "Chi thực tế (đồng)", "Lũy kế đã chi (đồng)", "Còn lại (đồng)"],
                   [[_month_name(m.month), m.decisions, m.drawn, m.returned, m.net, m.spent_to_date, m.remaining]
                    for m in f.months], money_cols={2, 3, 4, 5, 6}, numbered=False,
                   widths=[10, 10, 16, 14, 14, 14, 14])
    months.rows.append(["Cả năm", len(f.decisions), f.spent + f.returned, f.returned, f.spent, f.spent, f.remaining])
    months.bold_rows = {len(months.rows) - 1}
    allotted = Sheet("Kinh phí được giao", f"Kinh phí được giao năm {year}",
                     ["Ngày giao", "Văn bản giao, điều chỉnh", "Số tiền (đồng)", "Ghi chú"],
                     [[a.allotted_on, a.document, a.amount, a.notes] for a in f.allocations] +
                     [["Tổng cộng", "", f.budget, ""]], money_cols={2}, widths=[11, 38, 15, 22])
    allotted.bold_rows = {len(allotted.rows) - 1}
    return write_book(path, [summary, decisions, months, allotted], office_header(session), today)


def _authority_header(session: Session) -> Header:
    """`ỦY BAN NHÂN DÂN` / `HUYỆN TAM ĐƯỜNG`: a sheet the authority itself sends."""
    from app.printing.common import authority_issuer, profile

    p = profile(session)
    lines = [text for text, _bold in authority_issuer(p)]
    sign = authority_signature(session)
    if len(lines) > 1:
        return Header(lines[0], lines[1], p.place_name, sign=sign)
    return Header(p.superior_name, lines[0], p.place_name, sign=sign)


def province_bloc_workbook(session: Session, bloc_id: int, path: str | Path, today: dt.date | None = None) -> Path:
    """Bảng tự chấm điểm thi đua in the layout the province sends: the criteria as they are,
    group rows in bold with their subtotal, our self-score, an empty column for the bloc's
    score, the explanation and the evidence."""
    from app.province_bloc import province_bloc_view

    v = province_bloc_view(session, bloc_id)
    rows, bold = [], set()
    for line in v.lines:
        if line.is_group:
            bold.add(len(rows))
            rows.append([line.code, line.title, line.max_points, v.subtotal(line), v.subtotal(line, "agreed"), ""])
        else:
            note = "; ".join(x for x in (line.explanation, line.evidence_text) if x)
            prefix = {"bonus": "(Điểm thưởng) ", "penalty": "(Điểm trừ) "}.get(line.kind, "")
            rows.append([line.code, prefix + line.title, line.max_points, line.self_score, line.agreed_score, note])
    bold.add(len(rows))
    # Points stay numbers (the province sums them); zero is a score, an empty cell is not scored.
    rows.append(["", "TỔNG CỘNG", v.max_total, v.total(), v.total("agreed"), ""])
    lines = [v.name, f"(Kèm theo Báo cáo số {v.self_sent_ref} của {v.unit})" if v.self_sent_ref else f"({v.unit})"]
    sheet = Sheet("Tự chấm điểm", f"Bảng tự chấm điểm thi đua năm {v.year}",
                  ["TT", "Nội dung tiêu chí", "Điểm chuẩn", "Điểm tự chấm", "Điểm khối chấm",
                   "Giải trình, tài liệu minh chứng"], rows, lines=lines, bold_rows=bold, numbered=False,
                  widths=[6, 40, 8, 8, 8, 34],
                  footer=["(Điểm chuẩn, điểm tự chấm theo bảng tiêu chí của khối; cột «Điểm khối chấm» do "
                          "khối thi đua ghi khi chấm điểm)"])
    return write_book(path, [sheet], _authority_header(session), today or v.self_sent_on)


def publicity_workbook(session: Session, year: int, path: str | Path, *, quarter: int | None = None,
                       movement_id: int | None = None, today: dt.date | None = None) -> Path:
    from app.publicity import media_centre, period_text, publicity_list
    from db.models import Movement

    movement = session.get(Movement, movement_id) if movement_id else None
    rows = publicity_list(session, year, quarter=quarter, movement_id=movement_id)
    sheet = Sheet("Người tốt, việc tốt", "Danh sách gương người tốt, việc tốt, điển hình tiên tiến",
                  ["Họ và tên / tập thể", "Đơn vị", "Mô hình, điển hình", "Việc làm, thành tích", "Khen thưởng",
                   "Phong trào"],
                  [[r.name, r.unit, r.model, r.deeds, r.award, r.movement] for r in rows],
                  lines=[period_text(year, quarter, movement.name if movement else ""),
                         f"(Gửi {media_centre(session)} để tuyên truyền)"],
                  widths=[18, 18, 24, 32, 26, 20])
    return write_book(path, [sheet], office_header(session), today)


def congress_workbook(session: Session, congress_id: int, path: str | Path, today: dt.date | None = None) -> Path:
    from app.congress import entries, get_congress, quota_progress

    c = get_congress(session, congress_id)

    def people_sheet(role: str, name: str, title: str) -> Sheet:
        rows = [[e.name, e.birth_year, e.ethnicity, ", ".join(x for x in (e.position, e.unit) if x),
                 e.groups_text, e.achievement, e.award if role == "honour" else e.source]
                for e in entries(session, congress_id, role)]
        last = "Hình thức đề nghị" if role == "honour" else "Nguồn"
        return Sheet(name, title, ["Họ và tên / tập thể", "Năm sinh", "Dân tộc", "Chức vụ, đơn vị",
                                   "Thành phần", "Thành tích 5 năm", last], rows,
                     lines=[c.name, f"Giai đoạn {c.period_from}–{c.period_to}"],
                     widths=[19, 7, 8, 26, 17, 38, 17])

    quota_rows = []
    for role, label in (("delegate", "Đại biểu"), ("honour", "Điển hình tôn vinh")):
        for q in quota_progress(session, congress_id, role):
            quota_rows.append([label, q.label, q.percent, q.needed, q.have, "Đạt" if q.met else f"Thiếu {q.needed - q.have}"])
    quotas = Sheet("Cơ cấu", "Cơ cấu đại biểu, điển hình", ["Danh sách", "Nhóm", "Tỷ lệ tối thiểu (%)",
                                                            "Số cần có", "Đã có", "Đánh giá"], quota_rows,
                   lines=[c.name], widths=[16, 20, 11, 9, 8, 11])
    return write_book(path, [people_sheet("delegate", "Đại biểu", "Danh sách đại biểu dự Đại hội"),
                             people_sheet("honour", "Tôn vinh", "Danh sách điển hình tiên tiến được tôn vinh"),
                             quotas], office_header(session), today)
