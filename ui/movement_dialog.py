"""Dialog "Phong trào thi đua": a movement's launching document, period, targets, review dates
and status; the units taking part; the dossiers and awards that came out of it.

Layout apart from behaviour: `_build_*` lay the pages out; `accept()` checks and saves through
`app.movements.save_movement` and, on a bad field, shows why and puts the cursor there. Links
to dossiers and awards are saved at once (the movement must exist first).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
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

from app.blocs import unit_choices
from app.catalog import LEVELS
from app.database import Database
from app.errors import UserError, ValidationError
from app.movements import (
    KINDS,
    LEVEL_ORDER,
    STATUSES,
    MovementData,
    get_movement,
    link,
    linked_awards,
    linked_dossiers,
    save_movement,
    unlink,
)
from ui.cycle_widgets import DateField, UnitChecklist, notify, set_combo
from ui.ops import show_failure
from ui.table_model import col
from ui.table_panel import TablePanel

DOSSIER_COLUMNS = [col("Số hồ sơ", "number", width=13), col("Đơn vị", "unit", width=28),
                   col("Năm", "year", width=5), col("Trạng thái", "status", width=18),
                   col("Nội dung", "title", width=40, stretch=True)]
AWARD_COLUMNS = [col("Người, tập thể được khen", "recipient", width=30, stretch=True),
                 col("Khen thưởng", "award", width=28), col("Năm", "year", width=5),
                 col("Quyết định", "decision", width=14), col("Ngày quyết định", "decision_date", width=11)]


class PickDialog(QDialog):
    """Choose rows (dossiers or awards of a year) from a searchable table."""

    def __init__(self, title: str, columns, rows, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(900, 520)
        self.panel = TablePanel(title, columns, self)
        self.panel.set_rows(rows)
        self.panel.row_activated.connect(lambda _row: self.accept())
        buttons = QDialogButtonBox(self)
        buttons.addButton("Gắn vào phong trào", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Chọn một hoặc nhiều dòng (giữ Ctrl hoặc Shift), rồi bấm «Gắn vào phong trào».",
                                self))
        layout.addWidget(self.panel)
        layout.addWidget(buttons)

    def chosen(self) -> list:
        return self.panel.selected_rows()


class MovementDialog(QDialog):
    def __init__(self, db: Database, year: int, movement_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.year, self.movement_id = db, year, movement_id
        self.saved_id: int | None = None
        self.setWindowTitle("Sửa phong trào thi đua" if movement_id else "Thêm phong trào thi đua")
        self.resize(980, 680)
        self.fields: dict[str, QWidget] = {}
        with db.session() as session:
            if movement_id:
                data = get_movement(session, movement_id)
            else:  # the office launches most of its movements: its own authority and level
                from app.office import get_profile

                office = get_profile(session)
                data = MovementData(name="", launched_by=office.authority_name, level=office.level)
            units = unit_choices(session, keep=data.unit_ids)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_info(), "Thông tin chung")
        self.units = UnitChecklist(self, "Đơn vị tham gia")
        self.units.set_units(units, data.unit_ids)
        self.tabs.addTab(self.units, "Đơn vị tham gia")
        self.tabs.addTab(self._build_links(), "Hồ sơ, khen thưởng")
        self.error_label = QLabel("", self)
        self.error_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error_label.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton("Lưu", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self._fill(data)
        self._load_links()

    # --- layout ------------------------------------------------------------------------------
    def _line(self, name: str, label: str, placeholder: str = "") -> QLineEdit:
        widget = QLineEdit(self)
        widget.setPlaceholderText(placeholder)
        return self._named(widget, name, label)

    def _named(self, widget: QWidget, name: str, label: str) -> QWidget:
        widget.setObjectName(name)
        widget.setAccessibleName(label)
        self.fields[name] = widget
        return widget

    def _combo(self, name: str, label: str, items: dict) -> QComboBox:
        widget = QComboBox(self)
        for code, text in items.items():
            widget.addItem(text, code)
        return self._named(widget, name, label)

    def _text(self, name: str, label: str, height: int = 70) -> QPlainTextEdit:
        widget = QPlainTextEdit(self)
        widget.setTabChangesFocus(True)  # Tab moves on, as in every other field
        widget.setFixedHeight(height)
        return self._named(widget, name, label)

    def _date(self, name: str, label: str) -> DateField:
        return self._named(DateField(self, label), name, label)

    def _build_info(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("Tên phong trào *:", self._text("name", "Tên phong trào", 48))
        form.addRow("Khẩu hiệu, chủ đề:", self._line("slogan", "Khẩu hiệu, chủ đề"))
        form.addRow("Cơ quan phát động *:", self._line("launched_by", "Cơ quan phát động",
                                                      "Ví dụ: Thủ tướng Chính phủ, UBND tỉnh, UBND xã"))
        levels = {code: LEVELS[code] for code in LEVEL_ORDER if code in LEVELS}
        kinds = QHBoxLayout()
        kinds.addWidget(self._combo("level", "Cấp phát động", levels))
        kinds.addWidget(QLabel("Loại:", self))
        kinds.addWidget(self._combo("kind", "Loại phong trào", KINDS))
        kinds.addWidget(QLabel("Trạng thái:", self))
        kinds.addWidget(self._combo("status", "Trạng thái", STATUSES))
        kinds.addStretch(1)
        form.addRow("Cấp phát động:", kinds)
        doc = QHBoxLayout()
        doc.addWidget(self._line("doc_number", "Số văn bản phát động", "Ví dụ: 15/KH-UBND"))
        doc.addWidget(QLabel("ngày", self))
        doc.addWidget(self._date("doc_date", "Ngày văn bản"))
        doc.addWidget(QLabel("của", self))
        doc.addWidget(self._line("doc_issuer", "Cơ quan ban hành văn bản"), 1)
        form.addRow("Văn bản phát động:", doc)
        period = QHBoxLayout()
        period.addWidget(self._date("start_date", "Ngày bắt đầu"))
        period.addWidget(QLabel("đến", self))
        period.addWidget(self._date("end_date", "Ngày kết thúc"))
        period.addWidget(QLabel("   Sơ kết:", self))
        period.addWidget(self._date("midterm_review_on", "Ngày sơ kết"))
        period.addWidget(QLabel("   Tổng kết:", self))
        period.addWidget(self._date("final_review_on", "Ngày tổng kết"))
        period.addStretch(1)
        form.addRow("Thời gian:", period)
        form.addRow("Chỉ tiêu, mục tiêu:", self._text("targets", "Chỉ tiêu, mục tiêu", 90))
        form.addRow("Kết quả:", self._text("results", "Kết quả", 60))
        form.addRow("Ghi chú:", self._text("notes", "Ghi chú", 48))
        return page

    def _build_links(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.links_note = QLabel("Lưu phong trào trước, rồi gắn các hồ sơ và khen thưởng thuộc phong trào.", page)
        layout.addWidget(self.links_note)
        self.dossiers = TablePanel("Hồ sơ đề nghị khen thưởng của phong trào", DOSSIER_COLUMNS, page)
        self.dossiers.add_action("Gắn hồ sơ…", self.add_dossiers, tooltip="Chọn hồ sơ trong năm để gắn")
        self.dossiers.add_action("Gỡ khỏi phong trào", lambda: self._unlink(self.dossiers, "dossier"))
        self.awards = TablePanel("Khen thưởng của phong trào", AWARD_COLUMNS, page)
        self.awards.add_action("Gắn khen thưởng…", self.add_awards, tooltip="Chọn khen thưởng trong năm để gắn")
        self.awards.add_action("Gỡ khỏi phong trào", lambda: self._unlink(self.awards, "award"))
        for panel in (self.dossiers, self.awards):
            panel.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        layout.addWidget(QLabel("<b>Hồ sơ đề nghị khen thưởng</b>", page))
        layout.addWidget(self.dossiers, 1)
        layout.addWidget(QLabel("<b>Khen thưởng (sổ khen thưởng)</b>", page))
        layout.addWidget(self.awards, 1)
        return page

    # --- behaviour ---------------------------------------------------------------------------
    def _fill(self, data: MovementData) -> None:
        for name, widget in self.fields.items():
            value = getattr(data, name)
            if isinstance(widget, QComboBox):
                set_combo(widget, value)
            elif isinstance(widget, DateField):
                widget.set_date(value)
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value or "")
            else:
                widget.setText(value or "")

    def data(self) -> MovementData:
        values = {}
        for name, widget in self.fields.items():
            if isinstance(widget, QComboBox):
                values[name] = widget.currentData()
            elif isinstance(widget, DateField):
                values[name] = widget.date()
            elif isinstance(widget, QPlainTextEdit):
                values[name] = widget.toPlainText()
            else:
                values[name] = widget.text()
        return MovementData(id=self.movement_id, unit_ids=self.units.checked_ids(), **values)

    def _load_links(self) -> None:
        enabled = self.movement_id is not None
        self.links_note.setVisible(not enabled)
        for panel in (self.dossiers, self.awards):
            panel.setEnabled(enabled)
        if enabled:
            with self.db.session() as session:
                self.dossiers.set_rows(linked_dossiers(session, self.movement_id))
                self.awards.set_rows(linked_awards(session, self.movement_id))

    def save(self) -> bool:
        """Check and store; on a bad field show why and put the cursor there."""
        try:
            data = self.data()
            with self.db.session() as session:
                self.movement_id = self.saved_id = save_movement(session, data)
        except ValidationError as exc:
            self.error_label.setText(exc.message)
            widget = self.fields.get(exc.field or "")
            if widget is not None:
                self.tabs.setCurrentIndex(0)
                widget.setFocus()
            elif exc.field == "unit_ids":
                self.tabs.setCurrentWidget(self.units)
            return False
        except UserError as exc:
            self.error_label.setText(exc.message)
            return False
        self.error_label.setText("")
        self.setWindowTitle("Sửa phong trào thi đua")
        notify(self, {"movements"})
        return True

    def accept(self) -> None:
        if self.save():
            super().accept()

    def _pick(self, title: str, columns, rows, **ids) -> None:
        rows = [r for r in rows if r.movement_id != self.movement_id]
        dialog = PickDialog(title, columns, rows, self)
        if not dialog.exec() or not dialog.chosen():
            return
        try:
            with self.db.session() as session:
                link(session, self.movement_id, **{key: [r.id for r in dialog.chosen()] for key in ids})
        except UserError as exc:
            show_failure(exc, self)
        self._load_links()
        notify(self, {"movements", "dossiers", "ledger"})

    def add_dossiers(self) -> None:
        with self.db.session() as session:
            rows = linked_dossiers(session, year=self.year)
        self._pick(f"Hồ sơ đề nghị khen thưởng năm {self.year}", DOSSIER_COLUMNS, rows, dossier_ids=True)

    def add_awards(self) -> None:
        with self.db.session() as session:
            rows = linked_awards(session, year=self.year)
        self._pick(f"Khen thưởng năm {self.year}", AWARD_COLUMNS, rows, award_ids=True)

    def _unlink(self, panel: TablePanel, what: str) -> None:
        rows = panel.selected_rows()
        if not rows:
            return
        with self.db.session() as session:
            unlink(session, **{f"{what}_ids": [r.id for r in rows]})
        self._load_links()
        notify(self, {"movements", "dossiers", "ledger"})
