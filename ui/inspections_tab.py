"""Page "Kiểm tra" of "Công tác khác": the year's inspections of units (which unit, when, by
whom, what is checked, what was found) and below them every follow-up asked of the units, the
late ones in red first; the dialog that plans or records one inspection with its follow-ups;
and the panel a unit's page shows (`UnitInspectionsPanel`: its history and what it still owes).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.blocs import unit_choices
from app.errors import ValidationError
from app.inspections import (
    STATUSES,
    FollowUpData,
    InspectionData,
    delete_inspection,
    follow_ups,
    get_inspection,
    list_inspections,
    mark_follow_up_done,
    save_inspection,
    unit_history,
)
from ui.cycle_widgets import DateField, ask, ask_reason, notify, parse_day, set_combo
from ui.extras_widgets import ErrorLine, guarded
from ui.list_tab import ListTab
from ui.table_model import Column, col
from ui.table_panel import TablePanel

LATE = "#b00020"
FOLLOW_COLUMNS = ["Yêu cầu khắc phục", "Thời hạn", "Ngày hoàn thành", "Kết quả, văn bản báo cáo"]


def _day(value: dt.date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


class InspectionDialog(QDialog):
    """Plan an inspection, then record it: findings, conclusion, follow-ups with deadlines."""

    def __init__(self, db, year: int, inspection_id: int | None = None, parent: QWidget | None = None,
                 unit_id: int | None = None):
        super().__init__(parent)
        self.db, self.year, self.inspection_id = db, year, inspection_id
        self.setWindowTitle("Sửa cuộc kiểm tra" if inspection_id else f"Kế hoạch kiểm tra năm {year}")
        self.resize(900, 720)
        with db.session() as session:
            data = get_inspection(session, inspection_id) if inspection_id else InspectionData(
                year=year, unit_id=unit_id, planned_on=None)
            units = unit_choices(session, keep=[data.unit_id] if data.unit_id else [])
        form = QFormLayout()
        self.unit = QComboBox(self)
        self.unit.setObjectName("unit_id")
        self.unit.addItem("— chọn đơn vị —", None)
        for u in units:
            self.unit.addItem(u.name, u.id)
        self.planned = DateField(self, "Thời gian dự kiến")
        self.planned.setObjectName("planned_on")
        self.held = DateField(self, "Ngày kiểm tra")
        self.held.setObjectName("held_on")
        self.status = QComboBox(self)
        self.status.setObjectName("status")
        for code, text in STATUSES.items():
            self.status.addItem(text, code)
        when = QHBoxLayout()
        for w in (self.planned, QLabel("đã kiểm tra ngày:", self), self.held, QLabel("tình trạng:", self), self.status):
            when.addWidget(w)
        when.addStretch(1)
        self.team = QLineEdit(data.team, self)
        self.team.setPlaceholderText("Đoàn kiểm tra (cơ quan chủ trì, thành phần)")
        self.lead = QLineEdit(data.lead, self)
        self.content = QPlainTextEdit(data.content, self)
        self.content.setObjectName("content")
        self.content.setFixedHeight(60)
        self.content.setTabChangesFocus(True)
        self.findings = QPlainTextEdit(data.findings, self)
        self.findings.setFixedHeight(70)
        self.findings.setTabChangesFocus(True)
        self.conclusion = QLineEdit(data.conclusion_ref, self)
        self.conclusion.setPlaceholderText("Thông báo kết luận số …")
        for label, widget in (("Đơn vị được kiểm tra *:", self.unit), ("Thời gian dự kiến *:", when),
                              ("Đoàn kiểm tra:", self.team), ("Trưởng đoàn:", self.lead),
                              ("Nội dung kiểm tra *:", self.content), ("Kết quả kiểm tra:", self.findings),
                              ("Văn bản kết luận:", self.conclusion)):
            form.addRow(label, widget)
        self.table = QTableWidget(0, len(FOLLOW_COLUMNS), self)
        self.table.setObjectName("follow_ups")
        self.table.setHorizontalHeaderLabels(FOLLOW_COLUMNS)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(1, 110)
        self.table.setColumnWidth(2, 120)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        add = QPushButton("Thêm yêu cầu khắc phục", self)
        add.clicked.connect(lambda: self.add_follow_up(FollowUpData("")))
        drop = QPushButton("Bỏ yêu cầu đang chọn", self)
        drop.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(QLabel("<b>Yêu cầu đơn vị khắc phục</b> (ngày viết dd/mm/yyyy)", self))
        buttons_row.addStretch(1)
        buttons_row.addWidget(add)
        buttons_row.addWidget(drop)
        self.error = ErrorLine(self, {"unit_id": self.unit, "planned_on": self.planned, "held_on": self.held,
                                      "content": self.content, "follow_ups": self.table, "status": self.status})
        buttons = QDialogButtonBox(self)
        buttons.addButton("Lưu", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        set_combo(self.unit, data.unit_id)
        set_combo(self.status, data.status)
        self.planned.set_date(data.planned_on)
        self.held.set_date(data.held_on)
        for f in data.follow_ups:
            self.add_follow_up(f)

    def add_follow_up(self, f: FollowUpData) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for c, text in enumerate((f.request, _day(f.due_on), _day(f.done_on), f.response)):
            item = QTableWidgetItem(text)
            if c == 0:
                item.setData(Qt.ItemDataRole.UserRole, f.id)
            if c == 1 and f.due_on and f.done_on is None and f.due_on < dt.date.today():
                item.setForeground(QBrush(QColor(LATE)))
                item.setToolTip(f"Quá hạn {(dt.date.today() - f.due_on).days} ngày")
            self.table.setItem(row, c, item)

    def _follow_ups(self) -> list[FollowUpData]:
        out = []
        for r in range(self.table.rowCount()):
            items = [self.table.item(r, c) for c in range(4)]
            text = [item.text().strip() if item else "" for item in items]
            if not any(text):
                continue
            try:
                due = parse_day(text[1], f"Thời hạn của yêu cầu thứ {r + 1}")
                done = parse_day(text[2], f"Ngày hoàn thành của yêu cầu thứ {r + 1}")
            except ValidationError as exc:
                raise ValidationError(exc.message, field="follow_ups") from None
            known = items[0].data(Qt.ItemDataRole.UserRole) if items[0] else None
            out.append(FollowUpData(text[0], due, done, text[3], known))
        return out

    def accept(self) -> None:
        def save():
            data = InspectionData(
                year=self.year, unit_id=self.unit.currentData(), planned_on=self.planned.date(),
                team=self.team.text(), lead=self.lead.text(), content=self.content.toPlainText(),
                status=self.status.currentData(), held_on=self.held.date(), findings=self.findings.toPlainText(),
                conclusion_ref=self.conclusion.text(), follow_ups=self._follow_ups(), id=self.inspection_id)
            if self.inspection_id:
                with self.db.session() as session:
                    data.year = get_inspection(session, self.inspection_id).year
            with self.db.session() as session:
                self.inspection_id = save_inspection(session, data)
        if self.error.run(save):
            super().accept()


FOLLOW_UP_PANEL_COLUMNS = [
    col("Đơn vị", "unit", width=24),
    col("Yêu cầu khắc phục", "request", width=50, stretch=True),
    col("Thời hạn", "due_on", width=10),
    Column("Tình trạng", lambda r: r.state_text, width=19, color=lambda r: LATE if r.late else None,
           sort=lambda r: (r.done_on is not None, r.due_on or dt.date.max)),
    col("Kết quả, văn bản báo cáo", "response", width=28),
]


class InspectionsTab(ListTab):
    TITLE = "Kiểm tra công tác thi đua, khen thưởng"
    AREAS = frozenset({"inspections", "units"})
    WRAP = True

    def __init__(self, db, ops, year: int, parent: QWidget | None = None):
        self.today = dt.date.today()
        super().__init__(db, ops, year, parent)
        self.panel.add_action("Thêm cuộc kiểm tra", self.add, shortcut="Ctrl+N", tooltip="Lập kế hoạch kiểm tra một đơn vị")
        self.panel.add_action("Sửa, ghi kết quả", self.edit, tooltip="Ghi kết quả, yêu cầu khắc phục (Enter)")
        self.panel.add_action("Xóa", self.remove, tooltip="Xóa cuộc kiểm tra đang chọn")
        self.panel.row_activated.connect(lambda _row: self.edit())
        self.follow = TablePanel("Yêu cầu khắc phục sau kiểm tra", FOLLOW_UP_PANEL_COLUMNS, self, wrap=True)
        self.follow.add_action("Đã khắc phục…", self.finish, tooltip="Đơn vị đã báo cáo hoàn thành yêu cầu đang chọn")
        split = QSplitter(Qt.Orientation.Vertical, self)
        self.layout().removeWidget(self.panel)
        split.addWidget(self.panel)
        split.addWidget(self.follow)
        split.setSizes([360, 300])
        self.layout().addWidget(split)
        self.loaded.connect(self._load_follow_ups)

    def columns(self):
        return [
            col("Đơn vị được kiểm tra", "unit", width=26),
            col("Dự kiến", "planned_on", width=10),
            col("Ngày kiểm tra", "held_on", width=10),
            col("Đoàn kiểm tra", "team", width=28),
            col("Nội dung", "content", width=40, stretch=True),
            col("Tình trạng", "status_text", width=12),
            Column("Yêu cầu khắc phục", lambda r: r.follow_up_text, width=22,
                   color=lambda r: LATE if r.late_follow_ups else None),
        ]

    def fetch(self, session, year):
        return list_inspections(session, year, self.today)

    def _load_follow_ups(self) -> None:
        ids = {r.id for r in self.panel.rows()}
        with self.db.session() as session:
            rows = [f for f in follow_ups(session, today=self.today) if f.inspection_id in ids]
        self.follow.set_rows(rows)

    def _changed(self) -> None:
        notify(self, {"inspections"})
        self.invalidate()

    def add(self) -> None:
        if InspectionDialog(self.db, self.year, parent=self).exec():
            self._changed()

    def edit(self) -> None:
        row = self.panel.current_row()
        if row is not None and InspectionDialog(self.db, self.year, row.id, parent=self).exec():
            self._changed()

    def remove(self) -> None:
        row = self.panel.current_row()
        if row is None or not ask(self, f"Xóa cuộc kiểm tra {row.unit} (cùng các yêu cầu khắc phục)?"):
            return

        def drop():
            with self.db.session() as session:
                delete_inspection(session, row.id)
        if guarded(self, drop):
            self._changed()

    def finish(self, response: str | None = None) -> None:
        row = self.follow.current_row()
        if row is None or row.done_on is not None:
            return
        if response is None:
            response = ask_reason(self, "Đã khắc phục", "Văn bản báo cáo của đơn vị (số, ngày):")
            if response is None:
                return

        def done():
            with self.db.session() as session:
                mark_follow_up_done(session, row.id, self.today, response)
        if guarded(self, done):
            self._changed()


class UnitInspectionsPanel(TablePanel):
    """A unit's inspection history for its page (newest first), late follow-ups named in red."""

    def __init__(self, db, unit_id: int, parent: QWidget | None = None, today: dt.date | None = None):
        super().__init__("Lịch sử kiểm tra công tác thi đua, khen thưởng", [
            col("Ngày kiểm tra", "held_on", width=10),
            col("Dự kiến", "planned_on", width=10),
            col("Nội dung", "content", width=40, stretch=True),
            col("Kết quả", "status_text", width=12),
            Column("Yêu cầu khắc phục", lambda r: r.follow_up_text, width=22,
                   color=lambda r: LATE if r.late_follow_ups else None),
        ], parent, wrap=True)
        with db.session() as session:
            page = unit_history(session, unit_id, today)
        self.set_rows(page.inspections)
        self.late_label = QLabel(self)
        self.late_label.setWordWrap(True)
        if page.late:
            self.late_label.setText("<span style='color:#b00020'><b>Quá hạn khắc phục:</b> " + "; ".join(
                f"{f.request} (hạn {f.due_on:%d/%m/%Y})" for f in page.late) + "</span>")
        self.layout().addWidget(self.late_label)
