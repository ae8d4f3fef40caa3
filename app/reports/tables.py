"""The year's figures as tables (headers and rows of raw values): what the reports tab shows,
the Excel report writes and a printed report can lay out — one definition for all three.

Titles and forms are separate tables; a table of counts ends with its "Cộng" line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.catalog import CATEGORIES
from app.reports.model import YearFigures

TOTAL = "Cộng"


@dataclass
class ReportTable:
    """One table of the report: `key` names it for code, `title` for the clerk."""

    key: str
    title: str
    headers: list[str]
    rows: list[list[object]]
    money_cols: set[int] = field(default_factory=set)  # 0-based columns holding money
    has_total: bool = False  # the last row is the "Cộng" line


def _with_total(rows: list[list[object]], first_numeric: int) -> list[list[object]]:
    """The rows and their "Cộng" line (no line under an empty table)."""
    if not rows:
        return []
    total: list[object] = [TOTAL] + [""] * (first_numeric - 1)
    for c in range(first_numeric, len(rows[0])):
        total.append(sum(r[c] for r in rows if isinstance(r[c], (int, float))))
    return [*rows, total]


# The names of the figures that appear in more than one place (the Báo cáo tab, the Excel
# report, `tdkt report`, the printed report, the home screen): said once, here.
TOTAL_AWARDS = "Tổng số khen thưởng (lượt)"
INDIVIDUAL_AWARDS = "Khen thưởng cá nhân (lượt)"
PEOPLE = "Số người được khen thưởng cá nhân"
MONEY = "Tiền thưởng (đồng)"


def summary_rows(f: YearFigures) -> list[list[object]]:
    t, d = f.totals, f.dossiers
    late = sum(1 for s in f.submissions if s.late_or_missing)
    return [
        [TOTAL_AWARDS, t.total],
        *[[f"— {x.label}", x.total] for x in f.deciders],
        ["— Danh hiệu thi đua", t.titles],
        ["— Hình thức khen thưởng", t.forms],
        ["   trong đó huân chương", t.orders],
        [INDIVIDUAL_AWARDS, t.individual],
        [PEOPLE, t.people],
        ["Khen thưởng tập thể (lượt)", t.collective],
        ["Khen thưởng hộ gia đình (lượt)", t.household],
        ["Người lao động trực tiếp được khen (lượt)", f.group("direct_worker").total],
        [MONEY, t.money],
        *[[f"— {x.label}", x.money] for x in f.deciders],
        ["Khen thưởng đã thu hồi (không tính ở trên)", t.revoked],
        ["Hồ sơ đề nghị tiếp nhận", d.received],
        ["Hồ sơ đã có quyết định", d.decided],
        ["Số ngày trung bình từ tiếp nhận đến quyết định", d.average_days if d.average_days is not None else ""],
        ["Phong trào thi đua triển khai", len(f.movements)],
        ["Đơn vị nộp muộn hoặc chưa nộp", late],
    ]


def report_tables(f: YearFigures) -> list[ReportTable]:
    """Every table of the report, in the order a clerk reads them."""
    subjects = ["Cá nhân", "Tập thể", "Hộ gia đình", "Tổng số", "Tiền thưởng (đồng)"]
    titles = _with_total([[r.name, r.individual, r.collective, r.household, r.total, r.money]
                          for r in f.titles], 1)
    forms = _with_total([[r.name, CATEGORIES.get(r.category, r.category), r.individual,
                          r.collective, r.household, r.total, r.money] for r in f.forms], 2)
    by_count = ["Danh hiệu thi đua", "Hình thức khen thưởng", "Tổng số", "Tiền thưởng (đồng)"]
    tables = [
        ReportTable("summary", "Tổng hợp", ["Chỉ tiêu", "Số liệu"], summary_rows(f)),
        ReportTable("titles", "Danh hiệu thi đua", ["Danh hiệu thi đua", *subjects], titles, {5}, True),
        ReportTable("forms", "Hình thức khen thưởng", ["Hình thức khen thưởng", "Phân loại", *subjects],
                    forms, {6}, True),
        ReportTable("deciders", "Theo cơ quan quyết định", ["Cơ quan quyết định", *by_count],
                    _with_total([[r.label, r.titles, r.forms, r.total, r.money] for r in f.deciders], 1),
                    {4}, True),
        ReportTable("levels", "Theo cấp quyết định", ["Cấp quyết định", *by_count],
                    _with_total([[r.label, r.titles, r.forms, r.total, r.money] for r in f.levels], 1),
                    {4}, True),
        ReportTable("groups", "Theo đối tượng", ["Đối tượng được khen", "Danh hiệu thi đua",
                                                 "Hình thức khen thưởng", "Tổng số (lượt)", "Tỷ lệ (%)",
                                                 "Số người"],
                    [[g.label, g.titles, g.forms, g.total, "" if g.share is None else g.share,
                      "" if g.people is None else g.people] for g in f.groups]),
        ReportTable("kinds", "Theo loại hình khen thưởng", ["Loại hình", "Số lượt"],
                    _with_total([[k.label, k.total] for k in f.kinds], 1), set(), True),
        ReportTable("units", "Theo đơn vị", ["Đơn vị", *by_count],
                    _with_total([[u.unit, u.titles, u.forms, u.total, u.money] for u in f.units], 1),
                    {4}, True),
        ReportTable("dossiers", "Hồ sơ đề nghị khen thưởng", ["Chỉ tiêu", "Số liệu"],
                    dossier_rows(f)),
        ReportTable("movements", "Phong trào thi đua",
                    ["Phong trào", "Cấp phát động", "Loại", "Thời gian", "Tình trạng",
                     "Đơn vị tham gia", "Hồ sơ đề nghị", "Khen thưởng", "Kết quả"],
                    [[m.name, m.level, m.kind, m.period, m.status, m.units, m.dossiers, m.awards,
                      m.results] for m in f.movements]),
        ReportTable("submissions", "Nộp hồ sơ, báo cáo",
                    ["Đơn vị", "Phải nộp", "Đúng hạn", "Nộp muộn", "Quá hạn chưa nộp",
                     "Chưa đến hạn"],
                    _with_total([[s.unit, s.owed, s.on_time, s.late, s.missing, s.pending]
                                 for s in f.submissions], 1), set(), True),
    ]
    if f.revoked:
        tables.append(ReportTable(
            "revoked", "Khen thưởng đã thu hồi",
            ["Danh hiệu, hình thức", "Phân loại", "Cá nhân", "Tập thể", "Hộ gia đình", "Tổng số"],
            _with_total([[r.name, CATEGORIES.get(r.category, r.category), r.individual,
                          r.collective, r.household, r.total] for r in f.revoked], 2), set(), True))
    return tables


def dossier_rows(f: YearFigures) -> list[list[object]]:
    from app.states import DOSSIER_STATES as STATUSES

    d = f.dossiers
    rows: list[list[object]] = [
        ["Hồ sơ tiếp nhận", d.received],
        ["Hồ sơ bị trả lại, yêu cầu bổ sung (ít nhất một lần)", d.returned],
        ["Hồ sơ đã có quyết định khen thưởng", d.decided],
        ["Hồ sơ đã trình cấp trên", d.forwarded],
        ["Hồ sơ không đề nghị", d.rejected],
        ["Hồ sơ đang xử lý", d.in_progress],
        ["Tập thể, cá nhân được đề nghị", d.nominees],
        ["Tập thể, cá nhân được thẩm định đạt", d.nominees_approved],
        ["Số ngày trung bình từ tiếp nhận đến quyết định",
         d.average_days if d.average_days is not None else ""],
    ]
    rows += [[f"Hiện ở trạng thái: {STATUSES.get(s, s)}", n] for s, n in d.by_status.items()]
    return rows
