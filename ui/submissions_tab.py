"""Tab "Đơn vị & hồ sơ nộp": each unit, its bloc, and for everything it owes this year
whether it is still to come, arrived, or late (the office follows and urges every unit:
theo dõi, đôn đốc). Hovering a cell shows the full titles and dates."""

from __future__ import annotations

from app.submissions import unit_overview
from ui.list_tab import ListTab
from ui.table_model import col

LATE_COLOR = "#b00020"


def _details(row) -> str:
    return row.details


class SubmissionsTab(ListTab):
    TITLE = "Đơn vị và hồ sơ nộp"
    AREAS = frozenset({"submissions", "units", "blocs"})
    WRAP = True  # a unit that owes several things lists them on two lines rather than cut

    def columns(self):
        return [
            col("Đơn vị", "unit", width=30),
            col("Loại đơn vị", "kind", width=18),
            col("Khối thi đua", "bloc", width=26),
            col("Còn phải nộp", "due", width=30, tooltip=_details),
            col("Đã nộp", "arrived", width=44, tooltip=_details),
            col("Quá hạn", "late", width=40, tooltip=_details, stretch=True,
                color=lambda r: LATE_COLOR if r.late_count else None),
        ]

    def fetch(self, session, year):
        return unit_overview(session, year)
