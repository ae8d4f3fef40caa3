"""Tab "Đơn vị & hồ sơ nộp": each unit, its bloc, what it owes this year, what arrived and
what is late (the office follows and urges every unit: theo dõi, đôn đốc)."""

from __future__ import annotations

from app.submissions import unit_overview
from ui.list_tab import ListTab
from ui.table_model import col

LATE_COLOR = "#b00020"


class SubmissionsTab(ListTab):
    TITLE = "Đơn vị và hồ sơ nộp"
    AREAS = frozenset({"submissions", "units", "blocs"})
    WRAP = True  # one line per due in the cell

    def columns(self):
        return [
            col("Đơn vị", "unit", width=30),
            col("Loại đơn vị", "kind", width=18),
            col("Khối thi đua", "bloc", width=24),
            col("Phải nộp", "due", width=40),
            col("Đã nộp", "arrived", width=40),
            col("Quá hạn", "late", width=34, stretch=True,
                color=lambda r: LATE_COLOR if r.late_count else None),
        ]

    def fetch(self, session, year):
        return unit_overview(session, year)
