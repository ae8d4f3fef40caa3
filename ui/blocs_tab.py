"""Tab "Khối thi đua": the chosen year's blocs, their head, deputy and member units."""

from __future__ import annotations

from app.blocs import list_blocs
from ui.list_tab import ListTab
from ui.table_model import Column, col


class BlocsTab(ListTab):
    TITLE = "Khối thi đua"
    AREAS = frozenset({"blocs", "units"})
    WRAP = True  # the member list wraps inside its cell

    def columns(self):
        return [
            col("Khối thi đua", "name", width=30),
            col("Khối trưởng", "head", width=26),
            col("Khối phó", "deputy", width=26),
            col("Số đơn vị", "member_count", width=6),
            Column("Các đơn vị thành viên", lambda r: r.members_text, width=60, stretch=True,
                   tooltip=lambda r: "\n".join(r.members)),
        ]

    def fetch(self, session, year):
        return list_blocs(session, year)
