"""Tab "Sổ khen thưởng": the awards ledger, for the chosen year or all years.

The ledger can hold 100,000+ rows: they arrive as light slotted rows with their folded
search text precomputed (app.awards.list_ledger), load on the database worker, and the
search box filters them after a short pause in typing (ui/table_panel.py).

A revoked award stays, struck through and grey, its date and reason on hover; an entry a
correction replaced stays grey, the correction beside it (ui/award_dialogs.py writes both).
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QCheckBox

from app.awards import list_ledger
from ui.list_tab import ListTab
from ui.table_model import CENTER, Column, col

REVOKED_COLOR = "#8a8a8a"
# Title (danh hiệu) and form (hình thức) are kept apart everywhere, in a short word here.
SHORT_CATEGORIES = {"title": "Danh hiệu", "form": "Hình thức", "order": "Huân chương"}


def mark_tooltip(row) -> str:
    if row.revoked:
        day = f" ngày {row.revoked_on:%d/%m/%Y}" if row.revoked_on else ""
        return f"Đã thu hồi{day}" + (f": {row.revoke_reason}" if row.revoke_reason else "")
    if row.corrected:
        return "Đã có dòng đính chính thay thế; dòng này không còn được tính"
    return "Đính chính cho một dòng ghi sai trước đó" if row.corrects_id else ""


class AwardsTab(ListTab):
    TITLE = "Sổ khen thưởng"
    AREAS = frozenset({"ledger", "awards"})

    def __init__(self, db, ops, year, parent=None):
        self.all_years = False
        super().__init__(db, ops, year, parent)
        self._struck = QFont(self.font())
        self._struck.setStrikeOut(True)
        self.all_years_box = QCheckBox("Tất cả các năm", self)
        self.all_years_box.setToolTip("Xem sổ khen thưởng của mọi năm, không chỉ năm đang chọn")
        self.all_years_box.toggled.connect(self.set_all_years)
        self.panel.add_widget(self.all_years_box)

    def columns(self):
        return [
            col("Cá nhân, tập thể được khen", "recipient", width=24),
            col("Đối tượng", "subject", width=8),
            col("Đơn vị", "unit", width=24),
            col("Danh hiệu, hình thức", "award", width=28, stretch=True, squeeze=2),
            Column("Phân loại", lambda r: SHORT_CATEGORIES.get(r.category, r.category), width=10),
            col("Năm", "year", width=4, align=CENTER, squeeze=0),
            col("Loại khen thưởng", "kind", width=14, squeeze=3),
            col("Số QĐ", "decision", width=14, squeeze=0),
            col("Ngày QĐ", "decision_date", width=10, squeeze=0),
            col("Cấp khen", "issuer", width=26, squeeze=0.5),  # "UBND huyện Tam Đường" in full
            # A short header: the column is empty on most rows, and its room is the issuer's.
            Column("Tình trạng", lambda r: r.mark, width=10, tooltip=mark_tooltip, squeeze=3),
        ]

    def row_font(self, row):
        return self._struck if row.revoked else None

    def row_color(self, row):
        return REVOKED_COLOR if row.revoked or row.corrected else None

    def panel_title(self) -> str:
        return f"{self.TITLE} — tất cả các năm" if self.all_years else f"{self.TITLE} năm {self.year}"

    def set_all_years(self, on: bool) -> None:
        if on != self.all_years:
            self.all_years = on
            self.invalidate()

    def set_year(self, year: int) -> None:
        if self.all_years:
            self.year = year  # the rows shown do not depend on it
            return
        super().set_year(year)

    def fetch(self, session, year):
        return list_ledger(session, None if self.all_years else year)
