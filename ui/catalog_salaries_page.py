"""The "Mức lương cơ sở" page of Danh mục khen thưởng (ui/catalog_dialog.py): the base salaries
by date with their amounts and decrees editable (a figure "to confirm" once the decree is out),
and a new one from a date. Award money of a decision uses the one in force on its date;
decisions already signed keep the amount they were signed with (app/catalog_edit.py).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.catalog_edit import SalaryView, add_base_salary, list_base_salaries, update_base_salary
from app.database import Database
from app.errors import UserError, ValidationError
from ui.table_model import money

SALARY_HEADERS = ["Áp dụng từ ngày", "Mức lương cơ sở (đồng)", "Căn cứ"]


def parse_amount(text: str, where: str) -> int:
    """`2.530.000`, `2530000 đ` → 2530000; anything else names the line."""
    digits = text.replace(".", "").replace(",", "").replace(" ", "").replace("đ", "")
    if not digits.isdigit():
        raise ValidationError(f"Mức lương cơ sở từ {where}: “{text}” không phải là số đồng.", field="amount")
    return int(digits)


class SalariesPage(QWidget):
    saved = Signal(str)  # what was done, for the dialog's message line
    refused = Signal(object)  # the UserError, likewise

    def __init__(self, db: Database, parent: QWidget | None = None):
        from ui.dossier_widgets import make_table

        super().__init__(parent)
        self.db = db
        self.rows: list[SalaryView] = []
        box = QVBoxLayout(self)
        self.table = make_table(self, SALARY_HEADERS, stretch=2)
        self.table.setEditTriggers(QTableWidget.EditTrigger.AllEditTriggers)
        box.addWidget(self.table, 1)
        save = QPushButton("Lưu sửa đổi mức lương", self)
        save.clicked.connect(self.save)
        row = QHBoxLayout()
        row.addWidget(save)
        row.addStretch(1)
        box.addLayout(row)
        box.addWidget(QLabel("<b>Thêm mức lương cơ sở mới</b> (tiền thưởng của quyết định ký từ ngày này "
                             "tính theo mức mới; quyết định đã ký giữ nguyên)", self))
        row = QHBoxLayout()
        today = dt.date.today()
        self.new_from = QDateEdit(QDate(today.year, today.month, 1), self)
        self.new_from.setDisplayFormat("dd/MM/yyyy")
        self.new_from.setCalendarPopup(True)
        self.new_amount = QLineEdit(self)
        self.new_amount.setPlaceholderText("Số đồng, ví dụ 2.530.000")
        self.new_basis = QLineEdit(self)
        self.new_basis.setPlaceholderText("Văn bản quy định, ví dụ Nghị định số …/2026/NĐ-CP")
        add = QPushButton("Thêm", self)
        add.clicked.connect(self.add)
        for caption, widget, stretch in [("Từ ngày", self.new_from, 0), ("Mức", self.new_amount, 1),
                                         ("Căn cứ", self.new_basis, 2)]:
            row.addWidget(QLabel(caption, self))
            row.addWidget(widget, stretch)
        row.addWidget(add)
        box.addLayout(row)
        self.reload()

    def reload(self) -> None:
        with self.db.session() as session:
            self.rows = list_base_salaries(session)
        self.table.setRowCount(len(self.rows))
        for r, s in enumerate(self.rows):
            day = QTableWidgetItem(f"{s.valid_from:%d/%m/%Y}")
            day.setFlags(day.flags() & ~day.flags().ItemIsEditable)
            for c, item in enumerate([day, QTableWidgetItem(money(s.amount)), QTableWidgetItem(s.legal_basis)]):
                self.table.setItem(r, c, item)
        self.table.setColumnWidth(0, 130)
        self.table.setColumnWidth(1, 190)

    def save(self) -> None:
        """Every changed line in one transaction, or none."""
        try:
            with self.db.session() as session:
                for r, s in enumerate(self.rows):
                    amount = parse_amount(self.table.item(r, 1).text(), f"{s.valid_from:%d/%m/%Y}")
                    basis = self.table.item(r, 2).text()
                    if amount != s.amount or basis.strip() != s.legal_basis:
                        update_base_salary(session, s.id, amount, basis)
        except UserError as exc:
            self.refused.emit(exc)
            return
        self.reload()
        self.saved.emit("Đã lưu mức lương cơ sở.")

    def add(self) -> None:
        day = self.new_from.date().toPython()
        try:
            amount = parse_amount(self.new_amount.text(), f"{day:%d/%m/%Y}")
            with self.db.session() as session:
                add_base_salary(session, day, amount, self.new_basis.text())
        except UserError as exc:
            self.refused.emit(exc)
            {"amount": self.new_amount, "legal_basis": self.new_basis, "valid_from": self.new_from}.get(
                getattr(exc, "field", "") or "", self.new_amount).setFocus()
            return
        self.new_amount.clear()
        self.new_basis.clear()
        self.reload()
        self.saved.emit(f"Đã thêm mức lương cơ sở {money(amount)} đồng từ {day:%d/%m/%Y}.")
