"""Sáp nhập đơn vị: mark a unit as merged into its successor from a date (its people follow,
its awards stay under the name they were given to), or apply the merger map the office
carries (Tam Đường's communes on 1 July 2025), after seeing what it does.

`install(window)` adds Dữ liệu → "Sáp nhập đơn vị…".
"""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from app.units import apply_mergers, load_merger_map, map_concerns, merge_unit, plan_mergers
from db.models import Unit

PLAN_HEADERS = ["Đơn vị", "Sáp nhập vào", "Từ ngày", "Cá nhân chuyển theo", "Khen thưởng giữ tên cũ", "Ghi chú"]


class UnitMergeDialog(QDialog):
    def __init__(self, db, ops, parent: QWidget | None = None, *, on_written=None, unit_id: int | None = None):
        super().__init__(parent)
        self.db, self.ops, self.on_written = db, ops, on_written
        self.unit_id = unit_id
        self.setWindowTitle("Sáp nhập đơn vị")
        self.resize(900, 560)
        self.unit_box, self.into_box = QComboBox(self), QComboBox(self)
        self.date_box = QDateEdit(QDate(2025, 7, 1), self)
        self.date_box.setCalendarPopup(True)
        self.date_box.setDisplayFormat("dd/MM/yyyy")
        self.merge_button = QPushButton("Sáp nhập", self)
        self.merge_button.clicked.connect(self.merge)
        form = QFormLayout()
        form.addRow("Đơn vị sáp nhập:", self.unit_box)
        form.addRow("Vào đơn vị:", self.into_box)
        form.addRow("Từ ngày:", self.date_box)
        form.addRow(QLabel("Cá nhân của đơn vị chuyển sang đơn vị tiếp nhận; khen thưởng đã có giữ tên "
                           "đơn vị cũ và hiện trong lịch sử của đơn vị tiếp nhận.", self))
        form.addRow(self.merge_button)
        one = QGroupBox("Sáp nhập một đơn vị", self)
        one.setLayout(form)

        self.map = load_merger_map()
        self.plan = QTableWidget(0, len(PLAN_HEADERS), self)
        self.plan.setHorizontalHeaderLabels(PLAN_HEADERS)
        self.plan.verticalHeader().setVisible(False)
        self.plan.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.plan.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.apply_button = QPushButton(f"Áp dụng bản đồ sáp nhập {self.map.on:%d/%m/%Y}", self)
        self.apply_button.clicked.connect(self.apply_map)
        box = QVBoxLayout()
        box.addWidget(QLabel(self.map.basis, self))
        box.addWidget(self.plan)
        box.addWidget(self.apply_button)
        whole = QGroupBox("Bản đồ sáp nhập có sẵn", self)
        whole.setLayout(box)
        with db.session() as session:  # the demo's map, only for an office holding its units
            self.map_shown = map_concerns(session, self.map)
        whole.setVisible(self.map_shown)
        self.map_box = whole

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        close = QPushButton("Đóng", self)
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(one)
        layout.addWidget(whole, 1)
        if not self.map_shown:
            layout.addStretch(1)
            self.resize(760, 300)
        layout.addLayout(bottom)
        self.reload()
        if unit_id is not None:
            self.unit_box.setCurrentIndex(max(0, self.unit_box.findData(unit_id)))

    def reload(self) -> None:
        with self.db.session() as session:
            units = [(u.id, u.name, u.merged_into_id) for u in session.scalars(
                select(Unit).order_by(Unit.sort_order, Unit.name))]
            rows = plan_mergers(session, self.map)
        for box, keep in ((self.unit_box, lambda m: m is None), (self.into_box, lambda m: m is None)):
            box.clear()
            for uid, name, merged in units:
                if keep(merged):
                    box.addItem(name, uid)
        self.plan.setRowCount(len(rows))
        for i, m in enumerate(rows):
            values = [m.unit, m.into, f"{m.on:%d/%m/%Y}", m.people, m.awards, m.note]
            for c, value in enumerate(values):
                self.plan.setItem(i, c, QTableWidgetItem(str(value)))
        self.plan.resizeColumnsToContents()
        self.apply_button.setEnabled(any(not m.note for m in rows))

    def _done(self, mergers) -> None:
        if mergers:
            self.message.setText("Đã sáp nhập: " + "; ".join(
                f"{m.unit} vào {m.into} ({m.people} cá nhân chuyển theo)" for m in mergers) + "."
                + "".join(f"\n• {n}" for m in mergers for n in m.notes))
        self.reload()
        if self.on_written is not None:
            self.on_written({"units", "people", "ledger", "blocs", "submissions"})

    def merge(self) -> None:
        unit, into = self.unit_box.currentData(), self.into_box.currentData()
        on = self.date_box.date().toPython()

        def work():
            with self.db.session() as session:
                return [merge_unit(session, unit, into, on)]

        self.ops.run(work, on_done=self._done)

    def apply_map(self) -> None:
        def work():
            with self.db.session() as session:
                return apply_mergers(session, self.map)

        self.ops.run(work, on_done=self._done)


def install(window) -> dict:
    def open_dialog() -> UnitMergeDialog:
        dialog = UnitMergeDialog(window.db, window.ops, window, on_written=window.notify_changed)
        dialog.show()
        window.unit_merge_dialog = dialog
        return dialog

    action = window.add_menu_action("Dữ liệu", "Sáp nhập đơn vị…", open_dialog,
                                    status_tip="Đánh dấu đơn vị đã sáp nhập vào đơn vị khác (cá nhân chuyển "
                                    "theo, lịch sử khen thưởng giữ tên cũ)")
    return {"action": action, "open": open_dialog}

