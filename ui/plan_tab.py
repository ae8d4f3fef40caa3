"""Tab "Kế hoạch năm": the year's plan of emulation and commendation work as a list of tasks
(who is responsible, deadline, status), with what is overdue and what is due this week at the
top, and a new year's plan started from last year's.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.blocs import unit_choices
from app.errors import UserError, ValidationError
from app.movements import movement_choices
from app.plan import (
    STATUSES,
    PlanTaskData,
    copy_plan,
    delete_task,
    get_task,
    list_plan,
    mark_done,
    plan_copy_preview,
    save_task,
)
from ui.cycle_widgets import DateField, ask, form_dialog_layout, inform, notify, set_combo
from ui.list_tab import ListTab
from ui.ops import show_failure
from ui.table_model import col

STATE_COLORS = {"overdue": "#b00020", "this_week": "#9a5b00", "done": "#2e7d32", "cancelled": "#777777"}
FILTERS = {"": "Tất cả nhiệm vụ", "open": "Chưa hoàn thành", "overdue": "Quá hạn", "this_week": "Đến hạn tuần này"}


class PlanTaskDialog(QDialog):
    """Add or edit one task of the plan."""

    def __init__(self, db, year: int, task_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.year, self.task_id = db, year, task_id
        self.setWindowTitle("Sửa nhiệm vụ" if task_id else f"Thêm nhiệm vụ vào kế hoạch năm {year}")
        self.resize(720, 420)
        with db.session() as session:
            data = get_task(session, task_id) if task_id else PlanTaskData(year=year, title="")
            units = unit_choices(session, keep=[data.responsible_unit_id] if data.responsible_unit_id else [])
            movements = movement_choices(session)
        self.fields: dict[str, QWidget] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.seq = self._add(form, "seq", "Số thứ tự:", QLineEdit(self))
        self.seq.setPlaceholderText("Ví dụ: 1.6")
        self.seq.setMaximumWidth(120)
        self.title_edit = self._add(form, "title", "Nội dung nhiệm vụ *:", QPlainTextEdit(self))
        self.title_edit.setTabChangesFocus(True)
        self.title_edit.setFixedHeight(64)
        self.responsible = self._add(form, "responsible", "Đơn vị, người chủ trì:", QLineEdit(self))
        self.unit = self._add(form, "responsible_unit_id", "Đơn vị chủ trì (trong danh sách):", QComboBox(self))
        self.unit.addItem("— không chọn —", None)
        for u in units:
            self.unit.addItem(u.name, u.id)
        self.movement = self._add(form, "movement_id", "Thuộc phong trào:", QComboBox(self))
        self.movement.addItem("— không —", None)
        for movement_id, name in movements:
            self.movement.addItem(name if len(name) < 90 else name[:88] + "…", movement_id)
        self.deadline = self._add(form, "deadline", "Thời hạn:", DateField(self, "Thời hạn"))
        status_row = QHBoxLayout()
        self.status = QComboBox(self)
        for code, text in STATUSES.items():
            self.status.addItem(text, code)
        self.status.setObjectName("status")
        self.fields["status"] = self.status
        self.done_on = DateField(self, "Ngày hoàn thành")
        self.done_on.setObjectName("done_on")
        status_row.addWidget(self.status)
        status_row.addWidget(QLabel("ngày hoàn thành:", self))
        status_row.addWidget(self.done_on)
        status_row.addStretch(1)
        form.addRow("Trạng thái:", status_row)
        self.notes = self._add(form, "notes", "Ghi chú:", QPlainTextEdit(self))
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(56)
        self.error_label = form_dialog_layout(self, form)
        self.seq.setText(data.seq)
        self.title_edit.setPlainText(data.title)
        self.responsible.setText(data.responsible)
        set_combo(self.unit, data.responsible_unit_id)
        set_combo(self.movement, data.movement_id)
        self.deadline.set_date(data.deadline)
        set_combo(self.status, data.status)
        self.done_on.set_date(data.done_on)
        self.notes.setPlainText(data.notes)

    def _add(self, form: QFormLayout, name: str, label: str, widget: QWidget) -> QWidget:
        widget.setObjectName(name)
        widget.setAccessibleName(label.rstrip(": *"))
        self.fields[name] = widget
        form.addRow(label, widget)
        return widget

    def accept(self) -> None:
        try:
            data = PlanTaskData(
                year=self.year, title=self.title_edit.toPlainText(), seq=self.seq.text(),
                responsible=self.responsible.text(), responsible_unit_id=self.unit.currentData(),
                movement_id=self.movement.currentData(), deadline=self.deadline.date(),
                status=self.status.currentData(), done_on=self.done_on.date(),
                notes=self.notes.toPlainText(), id=self.task_id)
            with self.db.session() as session:
                self.task_id = save_task(session, data)
        except ValidationError as exc:
            self.error_label.setText(exc.message)
            widget = self.fields.get(exc.field or "")
            if widget is not None:
                widget.setFocus()
            return
        except UserError as exc:
            self.error_label.setText(exc.message)
            return
        super().accept()


class PlanTab(ListTab):
    TITLE = "Kế hoạch năm"
    AREAS = frozenset({"plan", "movements", "units"})
    WRAP = True

    def __init__(self, db, ops, year: int, parent: QWidget | None = None):
        self.only = ""
        self.today = dt.date.today()
        super().__init__(db, ops, year, parent)
        self.filter = QComboBox(self)
        for code, text in FILTERS.items():
            self.filter.addItem(text, code)
        self.filter.setAccessibleName("Lọc nhiệm vụ")
        self.filter.currentIndexChanged.connect(self._on_filter)
        self.panel.add_widget(self.filter)
        self.panel.add_action("Thêm", self.add_task, shortcut="Ctrl+N", tooltip="Thêm nhiệm vụ (Ctrl+N)")
        self.panel.add_action("Sửa", self.edit_task, tooltip="Sửa nhiệm vụ đang chọn (Enter)")
        self.panel.add_action("Đã xong", self.finish_task, shortcut="Ctrl+D",
                              tooltip="Đánh dấu nhiệm vụ đang chọn đã hoàn thành (Ctrl+D)")
        self.panel.add_action("Xóa", self.remove_task, shortcut="Delete", tooltip="Xóa nhiệm vụ đang chọn")
        self.panel.add_action("Lập từ kế hoạch năm trước…", self.copy_last_year)
        self.panel.row_activated.connect(lambda _row: self.edit_task())
        self.summary = QLabel(self)
        self.summary.setStyleSheet("padding: 2px 8px;")
        self.layout().insertWidget(0, self.summary)
        self.loaded.connect(self._update_summary)
        self._all: list = []

    def columns(self):
        return [
            col("STT", "seq", width=5),
            col("Nhiệm vụ", "title", width=60, stretch=True),
            col("Chủ trì", "responsible", width=26),
            col("Thời hạn", "deadline", width=10),
            col("Tình trạng", "state_text", width=22, color=lambda r: STATE_COLORS.get(r.state),
                sort=lambda r: (["overdue", "this_week", "open", "no_deadline", "done", "cancelled"].index(r.state),
                                r.deadline or dt.date.max)),
            col("Ngày hoàn thành", "done_on", width=10),
            col("Phong trào", "movement", width=30),
        ]

    def fetch(self, session, year):
        self._all = list_plan(session, year, self.today)
        return [r for r in self._all if not self.only or (
            r.state == self.only if self.only != "open" else r.state not in ("done", "cancelled"))]

    def _on_filter(self, _index: int) -> None:
        self.only = self.filter.currentData() or ""
        self.invalidate()

    def _update_summary(self) -> None:
        overdue = sum(1 for r in self._all if r.state == "overdue")
        week = sum(1 for r in self._all if r.state == "this_week")
        done = sum(1 for r in self._all if r.state == "done")
        self.summary.setText(
            f"Kế hoạch năm {self.year}: {len(self._all)} nhiệm vụ, {done} đã hoàn thành — "
            f"<span style='color:#b00020'><b>{overdue} quá hạn</b></span>, "
            f"<span style='color:#9a5b00'><b>{week} đến hạn tuần này</b></span>")

    def _changed(self) -> None:
        notify(self, {"plan"})
        self.invalidate()

    def add_task(self) -> None:
        if PlanTaskDialog(self.db, self.year, parent=self).exec():
            self._changed()

    def edit_task(self) -> None:
        row = self.panel.current_row()
        if row is not None and PlanTaskDialog(self.db, self.year, row.id, parent=self).exec():
            self._changed()

    def finish_task(self) -> None:
        rows = self.panel.selected_rows()
        if not rows:
            return
        with self.db.session() as session:
            for row in rows:
                mark_done(session, row.id)
        self._changed()

    def remove_task(self) -> None:
        rows = self.panel.selected_rows()
        if not rows or not ask(self, f"Xóa {len(rows)} nhiệm vụ đã chọn khỏi kế hoạch năm {self.year}?"):
            return
        with self.db.session() as session:
            for row in rows:
                delete_task(session, row.id)
        self._changed()

    def copy_last_year(self) -> None:
        source = self.year - 1
        with self.db.session() as session:
            preview = plan_copy_preview(session, source, self.year)
        new = [c for c in preview if not c.exists]
        if not preview:
            inform(self, f"Năm {source} chưa có kế hoạch để sao chép.")
            return
        if not new:
            inform(self, f"Kế hoạch năm {self.year} đã có đủ các nhiệm vụ của năm {source}.")
            return
        if not ask(self, f"Chép {len(new)} nhiệm vụ của kế hoạch năm {source} sang năm {self.year} "
                         f"(thời hạn lùi sang năm {self.year}, trạng thái «Đang thực hiện»)?"):
            return
        try:
            with self.db.session() as session:
                added = copy_plan(session, source, self.year)
        except UserError as exc:
            show_failure(exc, self)
            return
        inform(self, f"Đã thêm {added} nhiệm vụ vào kế hoạch năm {self.year}.")
        self._changed()
