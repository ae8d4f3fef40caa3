"""Tab "Phong trào thi đua": the movements running in the chosen year."""

from __future__ import annotations

import datetime as dt

from app.movements import list_movements
from ui.list_tab import ListTab
from ui.table_model import col

# Overdue reviews in red, coming reviews and ends in amber (what the clerk must act on).
ATTENTION_COLORS = {"review_overdue": "#b00020", "ended": "#b00020", "review_due": "#9a5b00",
                    "ending_soon": "#9a5b00"}


class MovementsTab(ListTab):
    TITLE = "Phong trào thi đua"
    AREAS = frozenset({"movements"})
    WRAP = True  # movement names are long sentences: wrap them rather than cut them

    def columns(self):
        return [
            col("Tên phong trào", "name", width=60, stretch=True, squeeze=3),
            col("Cơ quan phát động", "launched_by", width=24),
            col("Cấp", "level", width=10, squeeze=0),
            col("Loại phong trào", "kind", width=12, squeeze=0),
            col("Thời gian", "period", width=25,
                sort=lambda r: (r.start_date or dt.date.min, r.end_date or dt.date.max)),
            col("Trạng thái", "status", width=14, squeeze=0),
            col("Cần chú ý", "attention", width=24,
                color=lambda r: ATTENTION_COLORS.get(r.attention_code),
                tooltip=lambda r: f"{r.attention} (ngày {r.attention_date:%d/%m/%Y})" if r.attention_date else ""),
            col("Văn bản phát động", "document", width=28),
            col("Đơn vị tham gia", "units", width=6, squeeze=0,
                tooltip=lambda r: f"{r.units} đơn vị tham gia phong trào"),
        ]

    def fetch(self, session, year):
        return list_movements(session, year)
