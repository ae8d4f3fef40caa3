"""Số lượng và kinh phí khen thưởng of a year: per unit the titles proposed, approved and
awarded with the caps within a unit (over the cap in red), and the award money per decision
with the totals the finance office pays (the office's own decisions apart from the higher
authorities')."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QDialog, QLabel, QTabWidget, QVBoxLayout, QWidget

from app.database import Database
from app.quotas import MoneySummary, UnitQuota, money_by_decision, unit_quotas
from app.rules.base import share_text
from ui.dossier_widgets import MessageBar, fill_row, make_table
from ui.ops import Ops
from ui.table_model import money

UNIT_HEADERS = ["Đơn vị", "Đề nghị", "Đã thẩm định đạt", "Đã khen", "Tỷ lệ trong đơn vị"]
MONEY_HEADERS = ["Số quyết định", "Ngày", "Cơ quan ban hành", "Số khen thưởng", "Tiền thưởng (đ)"]


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{code} {n}" for code, n in sorted(counts.items()) if n)


class QuotasDialog(QDialog):
    def __init__(self, db: Database, ops: Ops, year: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.ops, self.year = db, ops, year
        self.setWindowTitle(f"Số lượng và kinh phí khen thưởng năm {year}")
        self.resize(1000, 600)
        layout = QVBoxLayout(self)
        pages = QTabWidget(self)
        self.units = make_table(self, UNIT_HEADERS, stretch=4)
        self.money = make_table(self, MONEY_HEADERS, stretch=2)
        pages.addTab(self.units, "Theo đơn vị")
        money_page = QWidget(self)
        box = QVBoxLayout(money_page)
        box.addWidget(self.money, 1)
        self.totals = QLabel(money_page)
        box.addWidget(self.totals)
        pages.addTab(money_page, "Kinh phí theo quyết định")
        layout.addWidget(pages, 1)
        self.message = MessageBar(QLabel(self))
        layout.addWidget(self.message.label)
        self.reload()

    def reload(self) -> None:
        def load() -> tuple[list[UnitQuota], MoneySummary]:
            with self.db.session() as session:
                return unit_quotas(session, self.year), money_by_decision(session, self.year)

        self.ops.run(load, on_done=self._show, on_error=self.message.refused, parent=self)

    def _show(self, loaded) -> None:
        quotas, summary = loaded
        self.units.setRowCount(len(quotas))
        for row, q in enumerate(quotas):
            caps = "; ".join(f"{c.award}: {c.used}/{c.allowed} (tối đa {share_text(c.share)} của {c.base} {c.of})"
                             + (" — VƯỢT" if c.over else "") for c in q.caps)
            fill_row(self.units, row, [q.unit, _counts(q.proposed), _counts(q.approved), _counts(q.awarded), caps],
                     data=q.unit_id)
            if q.over:
                self.units.item(row, 4).setForeground(QBrush(QColor("#a8001c")))
        for column, width in enumerate([260, 170, 170, 170]):
            self.units.setColumnWidth(column, width)
        self.money.setRowCount(len(summary.decisions))
        for row, d in enumerate(summary.decisions):
            fill_row(self.money, row, [d.number, f"{d.issued_on:%d/%m/%Y}",
                                       d.issuer + (" (cấp trên)" if d.external else ""), d.awards, money(d.total)],
                     data=d.decision_id)
            self.money.item(row, 4).setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for column, width in enumerate([150, 90, 330, 110]):
            self.money.setColumnWidth(column, width)
        self.totals.setText(f"<b>Tổng tiền thưởng do cơ quan chi: {money(summary.local_total)} đ</b>; "
                            f"do cấp trên chi: {money(summary.external_total)} đ.")
