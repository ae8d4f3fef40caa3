"""Page "Kinh phí" of "Công tác khác": the year's award fund — the budget the finance office
allotted, the share kept for organising the movements (a setting), what every signed decision
drew (revoked awards given back), what remains — with the allotments and the month table, and
the workbook the finance office takes. Higher authorities' decisions are named apart: they
are paid from their own fund.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.formats import number
from app.fund import (
    NO_BUDGET,
    add_allocation,
    delete_allocation,
    fund_basis,
    fund_lines,
    fund_summary,
    set_movement_share,
)
from ui.cycle_widgets import DateField, ask, notify
from ui.extras_widgets import ErrorLine, guarded, save_workbook, suggested_name
from ui.list_tab import ListTab
from ui.table_model import Column, col, money
from ui.table_panel import TablePanel

RED = "#b00020"


class AllocationDialog(QDialog):
    """One allotment (or a cut, as a negative amount) with the document that made it."""

    def __init__(self, db, year: int, row=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.year, self.row = db, year, row
        self.setWindowTitle(f"Kinh phí được giao năm {year}")
        self.resize(560, 220)
        form = QFormLayout(self)
        self.on = DateField(self, "Ngày giao")
        self.on.setObjectName("allotted_on")
        self.amount = QLineEdit(self)
        self.amount.setObjectName("amount")
        self.amount.setPlaceholderText("Ví dụ: 150.000.000 (điều chỉnh giảm: -20.000.000)")
        self.document = QLineEdit(self)
        self.document.setPlaceholderText("Quyết định giao dự toán / bổ sung số …")
        self.notes = QLineEdit(self)
        for label, widget in (("Ngày giao *:", self.on), ("Số tiền (đồng) *:", self.amount),
                              ("Văn bản:", self.document), ("Ghi chú:", self.notes)):
            form.addRow(label, widget)
        self.error = ErrorLine(self, {"allotted_on": self.on, "amount": self.amount})
        form.addRow(self.error)
        buttons = QDialogButtonBox(self)
        buttons.addButton("Lưu", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        if row is not None:
            self.on.set_date(row.allotted_on)
            self.amount.setText(number(row.amount))
            self.document.setText(row.document)
            self.notes.setText(row.notes)

    def accept(self) -> None:
        def save():
            with self.db.session() as session:
                add_allocation(session, self.year, self.on.date(), self.amount.text(), self.document.text(),
                               self.notes.text(), allocation_id=self.row.id if self.row else None)
        if self.error.run(save):
            super().accept()


class FundTab(ListTab):
    TITLE = "Kinh phí thi đua, khen thưởng"
    AREAS = frozenset({"fund", "ledger", "awards", "dossiers"})

    def __init__(self, db, ops, year: int, parent: QWidget | None = None):
        self.summary = None
        super().__init__(db, ops, year, parent)
        self.figures = QLabel(self)
        self.figures.setTextFormat(Qt.TextFormat.RichText)
        self.figures.setWordWrap(True)
        self.figures.setStyleSheet("padding: 4px 8px;")
        self.share = QDoubleSpinBox(self)
        self.share.setRange(0, 100)
        self.share.setDecimals(0)
        self.share.setSuffix(" %")
        self.share.setAccessibleName("Tỷ lệ dành cho tổ chức phong trào")
        save_share = QPushButton("Lưu tỷ lệ", self)
        save_share.clicked.connect(self.save_share)
        top = QHBoxLayout()
        top.addWidget(self.figures, 1)
        top.addWidget(QLabel("Dành cho tổ chức phong trào:", self))
        top.addWidget(self.share)
        top.addWidget(save_share)
        self.panel.add_action("Xuất bảng kinh phí", lambda: self.export(),
                              tooltip="Bảng kinh phí theo quyết định, theo tháng cho Phòng Tài chính - Kế hoạch")
        self.months = TablePanel("Theo tháng", [
            Column("Tháng", lambda r: r.month, display=lambda m: f"Tháng {m}", width=8),
            col("Số QĐ", "decisions", width=6),
            Column("Chi theo QĐ", lambda r: r.drawn, display=money, width=12),
            Column("Thu hồi", lambda r: r.returned or None, display=money, width=10),
            Column("Lũy kế đã chi", lambda r: r.spent_to_date, display=money, width=13),
            Column("Còn lại", lambda r: r.remaining, display=money, width=13,
                   color=lambda r: RED if r.remaining < 0 else None),
        ], self)
        self.allocations = TablePanel("Kinh phí được giao", [
            col("Ngày giao", "allotted_on", width=10),
            Column("Số tiền (đồng)", lambda r: r.amount, display=money, width=14),
            col("Văn bản", "document", width=40, stretch=True),
        ], self, wrap=True)
        self.allocations.add_action("Thêm", self.add_allocation, tooltip="Kinh phí được giao, bổ sung hoặc điều chỉnh")
        self.allocations.add_action("Sửa", self.edit_allocation)
        self.allocations.add_action("Xóa", self.remove_allocation)
        self.allocations.row_activated.connect(lambda _row: self.edit_allocation())
        lower = QSplitter(Qt.Orientation.Horizontal, self)
        for title, panel in (("Chi theo tháng", self.months), ("Kinh phí được giao, bổ sung, điều chỉnh", self.allocations)):
            box = QGroupBox(title, self)
            QVBoxLayout(box).addWidget(panel)
            box.layout().setContentsMargins(2, 2, 2, 2)
            lower.addWidget(box)
        split = QSplitter(Qt.Orientation.Vertical, self)
        self.layout().removeWidget(self.panel)
        split.addWidget(self.panel)
        split.addWidget(lower)
        split.setSizes([380, 280])
        self.layout().addLayout(top)
        self.layout().addWidget(split, 1)
        self.loaded.connect(self._show_summary)

    def columns(self):
        return [
            col("Số quyết định", "number", width=14),
            col("Ngày ký", "issued_on", width=10),
            col("Trích yếu", "summary", width=50, stretch=True),
            col("Khen thưởng", "awards", width=9),
            Column("Tiền thưởng (đồng)", lambda r: r.amount, display=money, width=14),
            Column("Đã thu hồi (đồng)", lambda r: r.returned or None, display=money, width=12),
        ]

    def fetch(self, session, year):
        self.summary = fund_summary(session, year)
        return self.summary.decisions

    def _show_summary(self) -> None:
        f = self.summary
        if f is None:
            return
        # The same names and figures as `tdkt fund` and the printed report's "Kinh phí khen
        # thưởng" (app.fund.fund_lines); without a budget, "chưa nhập dự toán", never a minus.
        parts = []
        for label, value in fund_lines(f):
            if label.startswith("Không tính"):
                continue
            shown = NO_BUDGET if value is None else f"<b>{number(value)}</b> đồng"
            if value is not None and value < 0:
                shown = f"<span style='color:{RED}'>{shown}</span>"
            parts.append(f"{label}: {shown}")
        external = "".join(f"<br/>{label}: {number(value)} đồng." for label, value in fund_lines(f)
                           if label.startswith("Không tính"))
        self.figures.setText("; ".join(parts) + "." + external + f"<br/><i>{fund_basis(f)}</i>")
        self.share.setValue(float(f.share))
        self.months.set_rows(f.months)
        self.allocations.set_rows(f.allocations)

    def _changed(self) -> None:
        notify(self, {"fund"})
        self.invalidate()

    def save_share(self) -> None:
        value = self.share.value()

        def save():
            with self.db.session() as session:
                set_movement_share(session, value)
        if guarded(self, save):
            self._changed()

    def add_allocation(self) -> None:
        if AllocationDialog(self.db, self.year, parent=self).exec():
            self._changed()

    def edit_allocation(self) -> None:
        row = self.allocations.current_row()
        if row is not None and AllocationDialog(self.db, self.year, row, parent=self).exec():
            self._changed()

    def remove_allocation(self) -> None:
        row = self.allocations.current_row()
        if row is None or not ask(self, f"Xóa lần giao kinh phí {number(row.amount)} đồng ngày {row.allotted_on:%d/%m/%Y}?"):
            return

        def drop():
            with self.db.session() as session:
                delete_allocation(session, row.id)
        if guarded(self, drop):
            self._changed()

    def export(self, path=None) -> None:
        from app.excel.extras_exports import fund_workbook

        year = self.year
        save_workbook(self, self.ops, self.db, suggested_name("KinhPhiTDKT", year),
                      lambda session, where: fund_workbook(session, year, where), path)
