"""Tab "Hồ sơ khen thưởng": the year's award dossiers, where each stands, and how its nominees
fare on eligibility (as last checked: when a dossier is opened, or "Kiểm tra điều kiện" for the
whole year — ui/dossier_hooks.py)."""

from __future__ import annotations

from app.dossiers import list_dossiers
from ui.list_tab import ListTab
from ui.table_model import Column, col

FAILS_COLOR = "#a8001c"
UNKNOWN_COLOR = "#7a4f00"


def verdicts_color(row) -> str | None:
    """Red when any nominee fails, amber when some cannot be told; the text says which."""
    if row.fails:
        return FAILS_COLOR
    if row.unknown:
        return UNKNOWN_COLOR
    return None


def verdicts_tooltip(row) -> str:
    if not row.nominees:
        return "Hồ sơ chưa có người, tập thể được đề nghị"
    lines = [f"Đủ điều kiện: {row.meets}", f"Không đủ điều kiện: {row.fails}",
             f"Chưa đủ dữ liệu để kết luận: {row.unknown}"]
    if row.unchecked:
        lines.append(f"Chưa xét điều kiện: {row.unchecked}")
    return "\n".join(lines) + "\n(theo lần kiểm tra gần nhất; mở hồ sơ để xem lý do)"


class DossiersTab(ListTab):
    TITLE = "Hồ sơ khen thưởng"
    AREAS = frozenset({"dossiers"})

    def columns(self):
        return [
            col("Số hồ sơ", "number", width=13),
            col("Đơn vị đề nghị", "unit", width=30, stretch=True),
            col("Ngày nhận", "received_on", width=10),
            col("Loại hồ sơ", "category", width=24),
            col("Trạng thái", "status", width=22),
            col("Số đề nghị", "nominees", width=6),
            Column("Điều kiện", lambda r: r.verdicts, width=30, squeeze=0, color=verdicts_color,
                   tooltip=verdicts_tooltip, sort=lambda r: (-r.fails, -r.unknown, -r.unchecked)),
            col("Hạn xử lý", "due_on", width=10),
            col("Thẩm quyền", "authority", width=16),
        ]

    def fetch(self, session, year):
        return list_dossiers(session, year)
