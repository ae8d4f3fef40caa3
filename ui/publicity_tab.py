"""Page "Tuyên truyền" of "Công tác khác": good people and good deeds for the media centre, per
quarter or per movement — exemplars from the register and notable awards from the ledger —
with the workbook and the printed list (a letter to the centre with the list annexed), and
marking the exemplars sent as publicised in the register.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from app.movements import movement_choices
from app.publicity import mark_publicised, publicity_list
from ui.cycle_widgets import ask_reason, notify
from ui.extras_widgets import guarded, preview_form, save_workbook, suggested_name
from ui.list_tab import ListTab
from ui.table_model import col

QUARTERS = {None: "Cả năm", 1: "Quý I", 2: "Quý II", 3: "Quý III", 4: "Quý IV"}


class PublicityTab(ListTab):
    TITLE = "Gương người tốt, việc tốt"
    AREAS = frozenset({"ledger", "awards", "submissions", "movements"})
    WRAP = True

    def __init__(self, db, ops, year: int, parent: QWidget | None = None):
        self.quarter: int | None = None
        self.movement_id: int | None = None
        super().__init__(db, ops, year, parent)
        self.quarter_box = QComboBox(self)
        self.quarter_box.setAccessibleName("Quý")
        for value, text in QUARTERS.items():
            self.quarter_box.addItem(text, value)
        self.quarter_box.currentIndexChanged.connect(self._on_filter)
        self.movement_box = QComboBox(self)
        self.movement_box.setAccessibleName("Phong trào")
        self.movement_box.setMaximumWidth(520)
        self.movement_box.addItem("Mọi phong trào", None)
        with db.session() as session:
            for movement_id, name in movement_choices(session):
                self.movement_box.addItem(name if len(name) < 60 else name[:58] + "…", movement_id)
        self.movement_box.currentIndexChanged.connect(self._on_filter)
        filters = QHBoxLayout()
        filters.setContentsMargins(8, 4, 8, 0)
        filters.addWidget(QLabel("Danh sách gửi Trung tâm Văn hóa, Thể thao và Truyền thông:", self))
        filters.addWidget(self.quarter_box)
        filters.addWidget(self.movement_box, 1)
        filters.addStretch(1)
        self.layout().insertLayout(0, filters)
        self.panel.add_action("Xuất danh sách", lambda: self.export(), tooltip="Danh sách gửi Trung tâm (Excel)")
        self.panel.add_action("In công văn, danh sách", self.print_list,
                              tooltip="Công văn gửi Trung tâm Văn hóa, Thể thao và Truyền thông kèm danh sách")
        self.panel.add_action("Đã tuyên truyền…", lambda: self.mark(),
                              tooltip="Ghi vào sổ điển hình: các điển hình đang chọn đã được tuyên truyền")

    def panel_title(self) -> str:
        return f"Gương người tốt, việc tốt — {QUARTERS[self.quarter].lower()} {self.year}"

    def columns(self):
        return [
            col("Đối tượng", "subject", width=8),
            col("Họ và tên / tập thể", "name", width=26),
            col("Đơn vị", "unit", width=26),
            col("Mô hình, điển hình", "model", width=30),
            col("Việc làm, thành tích", "deeds", width=40, stretch=True),
            col("Khen thưởng", "award", width=30),
            col("Đã tuyên truyền", "publicised_on", width=10),
        ]

    def fetch(self, session, year):
        return publicity_list(session, year, quarter=self.quarter, movement_id=self.movement_id)

    def _on_filter(self, _index: int) -> None:
        self.quarter = self.quarter_box.currentData()
        self.movement_id = self.movement_box.currentData()
        self.invalidate()

    def export(self, path=None) -> None:
        from app.excel.extras_exports import publicity_workbook

        year, quarter, movement = self.year, self.quarter, self.movement_id
        save_workbook(self, self.ops, self.db, suggested_name("NguoiTotViecTot", year),
                      lambda session, where: publicity_workbook(session, year, where, quarter=quarter,
                                                                movement_id=movement), path)

    def print_list(self) -> None:
        from app.printing.publicity import print_publicity

        year, quarter, movement = self.year, self.quarter, self.movement_id
        preview_form(self, self.ops, self.db,
                     lambda session: print_publicity(session, year, quarter=quarter, movement_id=movement))

    def mark(self, how: str | None = None) -> None:
        ids = [r.registration_id for r in self.panel.selected_rows() if r.registration_id]
        if not ids:
            return
        if how is None:
            how = ask_reason(self, "Đã tuyên truyền", f"Hình thức tuyên truyền {len(ids)} điển hình đã chọn:",
                             "Chuyên mục «Gương người tốt, việc tốt» trên sóng truyền thanh")
            if how is None:
                return

        def save():
            with self.db.session() as session:
                mark_publicised(session, ids, dt.date.today(), how)
        if guarded(self, save):
            notify(self, {"submissions"})
            self.invalidate()
