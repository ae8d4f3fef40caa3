"""Dialog "Danh sách đôn đốc": the units to urge — what each has overdue and what falls due in
the coming days — with whom to call; copied as text, exported, or printed with a reminder
letter per unit (công văn đôn đốc, the printing module's `late-units` form).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.submissions import reminder_list
from ui.table_model import Column, col
from ui.table_panel import TablePanel


def _contact(row) -> str:
    """Head, phone and email in one cell (most units have only some of them)."""
    return ", ".join(p for p in (row.head_name, row.phone, row.email) if p)


class ReminderDialog(QDialog):
    def __init__(self, db, ops, year: int, parent: QWidget | None = None, today: dt.date | None = None):
        super().__init__(parent)
        self.db, self.ops, self.year = db, ops, year
        self.today = today or dt.date.today()
        self.setWindowTitle(f"Danh sách đôn đốc nộp hồ sơ, báo cáo — năm {year}")
        self.resize(1200, 640)
        self.days = QSpinBox(self)
        self.days.setRange(0, 60)
        self.days.setValue(7)
        self.days.setSuffix(" ngày tới")
        self.days.setAccessibleName("Sắp đến hạn trong")
        self.days.valueChanged.connect(lambda _v: self.reload())
        top = QHBoxLayout()
        top.addWidget(QLabel(f"Tính đến ngày {self.today:%d/%m/%Y}: đơn vị quá hạn, và sắp đến hạn trong", self))
        top.addWidget(self.days)
        top.addStretch(1)
        self.panel = TablePanel("Danh sách đôn đốc", [
            col("Đơn vị", "unit", width=28),
            col("Cần nộp", "items", width=60, stretch=True),
            col("Việc quá hạn", "overdue", width=6, color=lambda r: "#b00020" if r.overdue else None),
            col("Lâu nhất (ngày)", "worst_days", width=6),
            col("Hạn gần nhất", "next_deadline", width=10),
            Column("Liên hệ", _contact, width=30),
        ], self, wrap=True)
        self.panel.add_action("Sao chép", self.copy_text, tooltip="Chép danh sách (đang lọc) để dán vào thư, tin nhắn")
        self.panel.add_action("In công văn đôn đốc", self.print_letters,
                              tooltip="Danh sách đơn vị chưa nộp và công văn đôn đốc từng đơn vị")
        buttons = QDialogButtonBox(self)
        buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.panel, 1)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        with self.db.session() as session:
            rows = reminder_list(session, self.year, self.today, within_days=self.days.value())
        self.panel.title = f"Danh sách đôn đốc năm {self.year} (đến {self.today:%d/%m/%Y})"
        self.panel.set_rows(rows)

    def text(self) -> str:
        lines = [f"DANH SÁCH ĐƠN VỊ CẦN ĐÔN ĐỐC NỘP HỒ SƠ, BÁO CÁO NĂM {self.year} "
                 f"(tính đến ngày {self.today:%d/%m/%Y})"]
        for n, r in enumerate(self.panel.shown_rows(), start=1):
            contact = _contact(r)
            lines.append(f"{n}. {r.unit}: {r.items}" + (f" — liên hệ: {contact}" if contact else ""))
        return "\n".join(lines)

    def copy_text(self) -> None:
        QGuiApplication.clipboard().setText(self.text())

    def print_letters(self) -> None:
        from ui.print_preview import open_form

        open_form(self, self.ops, self.db, "late-units", year=self.year)
