"""Tab "Hồ sơ khen thưởng": the year's award dossiers and where each stands."""

from __future__ import annotations

from app.dossiers import list_dossiers
from ui.list_tab import ListTab
from ui.table_model import col


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
            col("Hạn xử lý", "due_on", width=10),
            col("Thẩm quyền", "authority", width=16),
        ]

    def fetch(self, session, year):
        return list_dossiers(session, year)
