"""Dialog "Khối thi đua": one bloc of a year — its name, organiser, regulation, covenant, head
and deputy (with the rotation suggested for next year), its members, and, once saved, its
criteria, the scores and the ranking with the leading units (pages in their own modules).

"Lưu" stores the first two pages and keeps the dialog open; the other pages save at once.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.blocs import ORGANISERS, BlocData, get_bloc, save_bloc, suggest_rotation, unit_choices
from app.database import Database
from app.errors import UserError, ValidationError
from ui.bloc_criteria_panel import BlocCriteriaPanel
from ui.bloc_ranking_panel import BlocRankingPanel
from ui.bloc_scores_panel import BlocScoresPanel
from ui.cycle_widgets import DateField, UnitChecklist, notify, set_combo


class BlocDialog(QDialog):
    def __init__(self, db: Database, ops, year: int, bloc_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.ops, self.year, self.bloc_id = db, ops, year, bloc_id
        self.resize(1180, 720)
        with db.session() as session:
            data = get_bloc(session, bloc_id) if bloc_id else BlocData(year=year, name="")
            self.choices = unit_choices(session, keep=data.member_ids)
        self.data = data
        self.fields: dict[str, QWidget] = {}
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_info(), "Thông tin chung")
        self.members = UnitChecklist(self, "Đơn vị thành viên")
        self.members.set_units(self.choices, data.member_ids)
        self.members.list.itemChanged.connect(lambda _item: self._fill_leaders())
        self.tabs.addTab(self.members, "Thành viên")
        self.criteria = self.scores = self.ranking = None
        self.error_label = QLabel("", self)
        self.error_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error_label.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton("Lưu", QDialogButtonBox.ButtonRole.ApplyRole)
        self.save_button.clicked.connect(self.save)
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.setToolTip("Lưu thông tin chung và thành viên (Ctrl+S)")
        buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self._fill(data)
        self._add_work_pages()

    # --- layout ------------------------------------------------------------------------------
    def _named(self, widget: QWidget, name: str, label: str) -> QWidget:
        widget.setObjectName(name)
        widget.setAccessibleName(label)
        self.fields[name] = widget
        return widget

    def _build_info(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.name = self._named(QLineEdit(page), "name", "Tên khối")
        self.name.setPlaceholderText("Ví dụ: Khối các thôn, bản")
        form.addRow("Tên khối *:", self.name)
        self.organiser = self._named(QComboBox(page), "organiser", "Tổ chức khối")
        for code, text in ORGANISERS.items():
            self.organiser.addItem(text, code)
        form.addRow("Tổ chức:", self.organiser)
        leaders = QHBoxLayout()
        self.head = self._named(QComboBox(page), "head_unit_id", "Khối trưởng")
        self.deputy = self._named(QComboBox(page), "deputy_unit_id", "Khối phó")
        leaders.addWidget(self.head, 1)
        leaders.addWidget(QLabel("Khối phó:", page))
        leaders.addWidget(self.deputy, 1)
        form.addRow("Khối trưởng:", leaders)
        # Two one-line labels: a wrapping label in a form row gets cut (its height is guessed).
        suggestion = QVBoxLayout()
        suggestion.setSpacing(0)
        self.rotation = QLabel(page)
        self.rotation.setStyleSheet("color: #1a4d8f;")
        self.rotation_reason = QLabel(page)
        self.rotation_reason.setStyleSheet("color: #555;")
        suggestion.addWidget(self.rotation)
        suggestion.addWidget(self.rotation_reason)
        form.addRow("Gợi ý năm sau:", suggestion)
        self.covenant = self._named(DateField(page, "Ngày ký giao ước"), "covenant_signed_on", "Ngày ký giao ước")
        form.addRow("Ngày ký giao ước:", self.covenant)
        self.regulation = self._named(QPlainTextEdit(page), "regulation", "Quy chế hoạt động")
        self.regulation.setTabChangesFocus(True)
        self.regulation.setPlaceholderText("Quy chế hoạt động, cách chấm điểm, bình xét của khối")
        form.addRow("Quy chế:", self.regulation)
        self.notes = self._named(QPlainTextEdit(page), "notes", "Ghi chú")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(56)
        form.addRow("Ghi chú:", self.notes)
        return page

    def _add_work_pages(self) -> None:
        """Criteria, scores and ranking need the bloc saved first."""
        if self.bloc_id is None or self.criteria is not None:
            return
        self.criteria = BlocCriteriaPanel(self.db, self.bloc_id, self)
        self.scores = BlocScoresPanel(self.db, self.bloc_id, self)
        self.ranking = BlocRankingPanel(self.db, self.ops, self.bloc_id, self)
        self.criteria.changed.connect(self.scores.reload)
        self.criteria.changed.connect(self.ranking.reload)
        self.scores.changed.connect(self.ranking.reload)
        self.tabs.addTab(self.criteria, "Bảng tiêu chí")
        self.tabs.addTab(self.scores, "Chấm điểm")
        self.tabs.addTab(self.ranking, "Xếp hạng, đơn vị dẫn đầu")

    # --- behaviour ---------------------------------------------------------------------------
    def _fill(self, data: BlocData) -> None:
        self.setWindowTitle(f"Khối thi đua năm {data.year}" + (f" — {data.name}" if data.name else ": thêm khối"))
        self.name.setText(data.name)
        set_combo(self.organiser, data.organiser)
        self.covenant.set_date(data.covenant_signed_on)
        self.regulation.setPlainText(data.regulation)
        self.notes.setPlainText(data.notes)
        self._fill_leaders(data.head_unit_id, data.deputy_unit_id)
        self._show_rotation()

    def _fill_leaders(self, head=..., deputy=...) -> None:
        """Head and deputy are chosen among the ticked members."""
        head = self.head.currentData() if head is ... else head
        deputy = self.deputy.currentData() if deputy is ... else deputy
        ticked = set(self.members.checked_ids())
        for box, keep in ((self.head, head), (self.deputy, deputy)):
            box.blockSignals(True)
            box.clear()
            box.addItem("— chưa chọn —", None)
            for unit in self.choices:
                if unit.id in ticked:
                    box.addItem(unit.name, unit.id)
            set_combo(box, keep)
            box.blockSignals(False)

    def _show_rotation(self) -> None:
        if self.bloc_id is None:
            self.rotation.setText("Lưu khối để xem gợi ý luân phiên khối trưởng, khối phó năm sau.")
            self.rotation_reason.setText("")
            return
        with self.db.session() as session:
            rotation = suggest_rotation(session, self.bloc_id)
        if rotation.head_unit_id is None:
            self.rotation.setText(rotation.reason)
            self.rotation_reason.setText("")
            return
        self.rotation.setText(f"Năm {self.year + 1}: khối trưởng <b>{rotation.head}</b>, khối phó "
                              f"<b>{rotation.deputy or '—'}</b>")
        self.rotation_reason.setText(rotation.reason)

    def bloc_data(self) -> BlocData:
        return BlocData(year=self.year, name=self.name.text(), id=self.bloc_id,
                        organiser=self.organiser.currentData(), head_unit_id=self.head.currentData(),
                        deputy_unit_id=self.deputy.currentData(), regulation=self.regulation.toPlainText(),
                        covenant_signed_on=self.covenant.date(), tie_break=self.data.tie_break,
                        notes=self.notes.toPlainText(), member_ids=self.members.checked_ids())

    def save(self) -> bool:
        try:
            data = self.bloc_data()
            with self.db.session() as session:
                self.bloc_id = save_bloc(session, data)
                self.data = get_bloc(session, self.bloc_id)
        except ValidationError as exc:
            self.error_label.setText(exc.message)
            if exc.field == "members":
                self.tabs.setCurrentWidget(self.members)
            elif exc.field in self.fields:
                self.tabs.setCurrentIndex(0)
                self.fields[exc.field].setFocus()
            return False
        except UserError as exc:
            self.error_label.setText(exc.message)
            return False
        self.error_label.setText("")
        self._fill(self.data)
        if self.criteria is None:
            self._add_work_pages()
        else:
            self.scores.reload()
            self.ranking.reload()
        notify(self, {"blocs"})
        return True
