"""Page "Khối thi đua của tỉnh" of "Công tác khác": the bloc(s) the province organises that our
authority belongs to, for the year — head and deputy, covenant, our self-score, the bloc's
score and our rank — opening the dialog that keeps the criteria, scores and evidence; the
self-scoring workbook and the report from the toolbar.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from app.province_bloc import list_province_blocs
from ui.extras_widgets import preview_form, save_workbook, suggested_name
from ui.list_tab import ListTab
from ui.province_bloc_dialog import ProvinceBlocDialog
from ui.table_model import col


class ProvinceBlocTab(ListTab):
    TITLE = "Khối thi đua của tỉnh"
    AREAS = frozenset({"blocs", "units"})

    def __init__(self, db, ops, year: int, parent: QWidget | None = None):
        super().__init__(db, ops, year, parent)
        self.panel.add_action("Thêm khối của tỉnh", self.add, tooltip="Ghi khối thi đua do tỉnh tổ chức năm nay")
        self.panel.add_action("Mở khối", self.open_current,
                              tooltip="Tiêu chí, tự chấm điểm, minh chứng, kết quả (Enter)")
        self.panel.add_action("Xuất bảng tự chấm", lambda: self.export(),
                              tooltip="Bảng tự chấm điểm theo mẫu của tỉnh (Excel)")
        self.panel.add_action("In báo cáo", self.print_report, tooltip="Báo cáo tự chấm điểm kèm bảng điểm")
        self.panel.row_activated.connect(lambda row: self.open(row.id))

    def columns(self):
        return [
            col("Khối thi đua", "name", width=34, stretch=True),
            col("Khối trưởng", "head", width=24),
            col("Khối phó", "deputy", width=24),
            col("Ký giao ước", "covenant_signed_on", width=10),
            col("Tự chấm", "self_total", width=10),
            col("Khối chấm", "final_score", width=10),
            col("Xếp hạng", "rank", width=9),
        ]

    def fetch(self, session, year):
        return list_province_blocs(session, year)

    def _selected(self):
        row = self.panel.current_row()
        if row is None and self.panel.rows():
            row = self.panel.rows()[0]
        if row is None:
            QMessageBox.information(self, "TĐKT", f"Năm {self.year} chưa ghi khối thi đua nào của tỉnh.")
        return row

    def open(self, bloc_id: int | None) -> ProvinceBlocDialog:
        dialog = ProvinceBlocDialog(self.db, self.ops, self.year, bloc_id, parent=self)
        dialog.exec()
        self.invalidate()
        return dialog

    def add(self) -> None:
        self.open(None)

    def open_current(self) -> None:
        row = self._selected()
        if row is not None:
            self.open(row.id)

    def export(self, path=None) -> None:
        from app.excel.extras_exports import province_bloc_workbook

        row = self._selected()
        if row is not None:
            save_workbook(self, self.ops, self.db, suggested_name("TuChamDiem", self.year),
                          lambda session, where: province_bloc_workbook(session, row.id, where), path)

    def print_report(self) -> None:
        from app.printing.province_bloc import print_province_bloc

        row = self._selected()
        if row is not None:
            preview_form(self, self.ops, self.db, lambda session: print_province_bloc(session, row.id))
