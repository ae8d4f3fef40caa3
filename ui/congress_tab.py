"""Page "Đại hội thi đua" of "Công tác khác": the congresses held (every five years), how their
delegates and honours stand against the targets and quotas; a double-click opens the congress.
Congresses are not bound to the year selector: the list keeps them all, the latest first.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.congress import congress_rows
from ui.congress_dialog import CongressDialog
from ui.extras_widgets import preview_form
from ui.list_tab import ListTab
from ui.table_model import col

SHORT = "#b00020"


class CongressTab(ListTab):
    TITLE = "Đại hội thi đua yêu nước"
    AREAS = frozenset({"congress", "ledger", "awards"})

    def __init__(self, db, ops, year: int, parent: QWidget | None = None):
        super().__init__(db, ops, year, parent)
        self.panel.add_action("Thêm Đại hội", lambda: self.open(None), tooltip="Ghi Đại hội thi đua yêu nước mới")
        self.panel.add_action("Mở Đại hội", self.open_current,
                              tooltip="Đại biểu, điển hình tôn vinh, cơ cấu (Enter)")
        self.panel.add_action("In danh sách", self.print_lists, tooltip="Danh sách đại biểu, tôn vinh, khen thưởng")
        self.panel.row_activated.connect(lambda row: self.open(row.id))

    def panel_title(self) -> str:
        return self.TITLE

    def columns(self):
        return [
            col("Lần", "number", width=5),
            col("Đại hội", "name", width=44, stretch=True),
            col("Giai đoạn", "period", width=10),
            col("Ngày tổ chức", "held_on", width=10),
            col("Đại biểu", "delegates", width=9),
            col("Tôn vinh", "honours", width=9),
            col("Cơ cấu đại biểu", "quotas", width=28, color=lambda r: SHORT if r.quotas != "Đạt cơ cấu" else None),
        ]

    def fetch(self, session, year):
        return congress_rows(session)

    def open(self, congress_id: int | None) -> CongressDialog:
        dialog = CongressDialog(self.db, self.ops, self.year, congress_id, parent=self)
        dialog.exec()
        self.invalidate()
        return dialog

    def open_current(self) -> None:
        row = self.panel.current_row() or (self.panel.rows()[0] if self.panel.rows() else None)
        if row is not None:
            self.open(row.id)

    def print_lists(self) -> None:
        from app.printing.congress import print_congress

        row = self.panel.current_row() or (self.panel.rows()[0] if self.panel.rows() else None)
        if row is not None:
            preview_form(self, self.ops, self.db, lambda session: print_congress(session, row.id))
