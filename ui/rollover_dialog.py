"""Dialog "Chuyển sang năm mới": choose the year to start from, see what the new year would get
(blocs with next year's head and deputy and their member changes, dues a year on, plan tasks;
what the new year already has is kept and shown greyed), then make it in one action.
"""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.rollover import apply_rollover, preview_rollover
from ui.cycle_widgets import inform
from ui.ops import show_failure

GREY = QBrush(QColor("#888888"))


class RolloverDialog(QDialog):
    def __init__(self, db, year: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.result_year: int | None = None
        self.preview = None
        self.setWindowTitle("Chuyển sang năm mới")
        self.resize(980, 640)
        self.source = QSpinBox(self)
        self.source.setRange(1945, 2100)
        self.source.setGroupSeparatorShown(False)
        self.source.setValue(year)
        self.source.setAccessibleName("Năm nguồn")
        self.target = QLabel(self)
        self.source.valueChanged.connect(lambda _v: self.refresh())
        top = QHBoxLayout()
        top.addWidget(QLabel("Lập năm mới từ năm:", self))
        top.addWidget(self.source)
        top.addWidget(self.target)
        top.addStretch(1)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Nội dung", "Chi tiết"])
        self.tree.setColumnWidth(0, 430)
        self.tree.setAccessibleName("Xem trước năm mới")
        self.buttons = QDialogButtonBox(self)
        self.apply_button = self.buttons.addButton("Tạo năm mới", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        note = QLabel("Khối thi đua, yêu cầu nộp và nhiệm vụ năm mới đã có thì được giữ nguyên. Có thể sửa "
                      "từng khối (khối trưởng, thành viên, tiêu chí) sau khi tạo.", self)
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.refresh()

    def refresh(self) -> None:
        source = self.source.value()
        self.target.setText(f"→ năm <b>{source + 1}</b>")
        self.tree.clear()
        try:
            with self.db.session() as session:
                self.preview = preview_rollover(session, source)
        except UserError as exc:
            self.preview = None
            self.summary.setText(exc.message)
            self.apply_button.setEnabled(False)
            return
        p = self.preview
        self.summary.setText(p.summary())
        self.apply_button.setEnabled(not p.empty)
        bold = QFont(self.font())
        bold.setBold(True)

        def group(title: str) -> QTreeWidgetItem:
            item = QTreeWidgetItem([title, ""])
            item.setFont(0, bold)
            self.tree.addTopLevelItem(item)
            return item

        def line(parent: QTreeWidgetItem, text: str, detail: str, exists: bool) -> QTreeWidgetItem:
            item = QTreeWidgetItem([text, "đã có, giữ nguyên" if exists else detail])
            item.setToolTip(0, text)
            if exists:
                item.setForeground(0, GREY)
                item.setForeground(1, GREY)
            parent.addChild(item)
            return item

        blocs = group(f"Khối thi đua ({len(p.new_blocs)} mới / {len(p.blocs)})")
        for b in p.blocs:
            leaders = (f"Khối trưởng: {b.head or '—'}; khối phó: {b.deputy or '—'}" if b.organiser == "office"
                       else "Khối do tỉnh tổ chức")
            item = line(blocs, f"{b.name} — {len(b.members)} đơn vị, {b.criteria} tiêu chí", leaders, b.exists)
            for change in b.changes:
                line(item, change, "", b.exists)
        dues = group(f"Yêu cầu nộp ({len(p.new_dues)} mới / {len(p.dues)})")
        for d in p.dues:
            line(dues, d.title, f"hạn {d.due_on:%d/%m/%Y}", d.exists)
        tasks = group(f"Nhiệm vụ kế hoạch ({len(p.new_tasks)} mới / {len(p.tasks)})")
        for t in p.tasks:
            line(tasks, f"{t.seq} {t.title}".strip(), f"hạn {t.deadline:%d/%m/%Y}" if t.deadline else "", t.exists)
        self.tree.expandToDepth(0)

    def accept(self) -> None:
        if self.preview is None or self.preview.empty:
            return
        try:
            with self.db.session() as session:
                result = apply_rollover(session, self.preview.from_year, self.preview.to_year)
        except UserError as exc:
            show_failure(exc, self)
            return
        self.result_year = result.to_year
        inform(self, result.message())
        super().accept()
