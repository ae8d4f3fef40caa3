"""Công cụ → Tham số xét khen thưởng: the council's quorum and default threshold, how long a
discipline with no end date keeps achievements from counting, the caps within a unit, and the
public holidays due dates skip (app/rule_settings.py checks and saves them).

Layout in `_build`, behaviour in `accept()`: a bad value shows why in red and puts the cursor on
its field; nothing is saved until every value is right.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from app.database import Database
from app.errors import UserError
from app.rule_settings import (
    LABELS,
    QUORUM,
    ROUNDINGS,
    THRESHOLD,
    Cap,
    RuleSettings,
    catalogue_caps,
    get_rule_settings,
    parse_holidays,
    save_rule_settings,
)
from app.rules.base import DISCIPLINE_NAMES
from db.models import AwardType

CAP_HEADERS = ["Danh hiệu, hình thức", "Giới hạn", "Tối đa", "Tính trên số", "Làm tròn", "Căn cứ"]


def percent_box(parent: QWidget, low: float, high: float = 100.0) -> QDoubleSpinBox:
    box = QDoubleSpinBox(parent)
    box.setRange(low, high)
    box.setDecimals(1)
    box.setSuffix(" %")
    return box


class RuleSettingsDialog(QDialog):
    changed = Signal(object)

    def __init__(self, db: Database, year: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.year = db, year
        self.setWindowTitle("Tham số xét khen thưởng")
        self.resize(940, 720)
        with db.session() as session:
            self.settings = get_rule_settings(session)
            self.catalogue = catalogue_caps(session, year)
            self.awards = [(a.code, a.name) for a in session.scalars(
                select(AwardType).where(AwardType.active).order_by(AwardType.sort_order))]
            self.cappable = [(a.code, a.name) for a in session.scalars(
                select(AwardType).where(AwardType.active, AwardType.subject.in_(("individual", "any")))
                .order_by(AwardType.sort_order))]
        self._build()
        self._fill()

    # --- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        council = QGroupBox("Hội đồng Thi đua – Khen thưởng", self)
        form = QFormLayout(council)
        self.quorum = percent_box(council, 50.0)
        self.threshold = percent_box(council, 1.0)
        for box in (self.quorum, self.threshold):
            box.setMaximumWidth(120)
        form.addRow(LABELS[QUORUM], self.quorum)
        form.addRow(LABELS[THRESHOLD], self.threshold)
        form.addRow(self._hint("Tỷ lệ phiếu tính trên tổng số thành viên Hội đồng, không phải số có mặt; "
                               "danh hiệu có tỷ lệ riêng sửa trong Danh mục khen thưởng.", council))
        layout.addWidget(council)

        rules = QGroupBox("Xét điều kiện: kỷ luật không ghi ngày hết hạn, thành tích chưa được tính trong", self)
        column = QVBoxLayout(rules)
        column.addWidget(self._hint("Mặc định theo Luật Cán bộ, công chức và Luật Viên chức sửa đổi năm 2019: khiển "
                                    "trách 6 tháng; cảnh cáo, hạ bậc lương 12 tháng; giáng chức, cách chức 18 tháng.",
                                    rules))
        grid = QGridLayout()
        self.discipline: dict[str, QSpinBox] = {}
        for i, (level, name) in enumerate(DISCIPLINE_NAMES.items()):
            box = QSpinBox(rules)
            box.setRange(1, 120)
            box.setSuffix(" tháng")
            box.setMinimumWidth(90)
            self.discipline[level] = box
            label = QLabel(name[:1].upper() + name[1:], rules)
            label.setBuddy(box)
            grid.addWidget(label, i // 4, 2 * (i % 4))
            grid.addWidget(box, i // 4, 2 * (i % 4) + 1)
        column.addLayout(grid)
        layout.addWidget(rules)

        caps = QGroupBox(f"{LABELS['rules.unit_caps']} (áp dụng cho cá nhân; năm {self.year})", self)
        box = QVBoxLayout(caps)
        self.caps = QTableWidget(len(self.cappable), len(CAP_HEADERS), caps)
        self.caps.setHorizontalHeaderLabels(CAP_HEADERS)
        self.caps.verticalHeader().setVisible(False)
        self.caps.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.caps.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(len(CAP_HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate([210, 70, 90, 210, 150]):
            self.caps.setColumnWidth(column, width)
        self.cap_rows: dict[str, tuple[QCheckBox, QDoubleSpinBox, QComboBox, QComboBox, QLineEdit]] = {}
        for row, (code, name) in enumerate(self.cappable):
            item = QTableWidgetItem(name)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.caps.setItem(row, 0, item)
            on = QCheckBox(self.caps)
            share = percent_box(self.caps, 0.1)
            of = QComboBox(self.caps)
            for other, other_name in self.awards:
                if other != code:
                    of.addItem(other_name, other)
            rounding = QComboBox(self.caps)
            for key, text in ROUNDINGS.items():
                rounding.addItem(text, key)
            basis = QLineEdit(self.caps)
            basis.setPlaceholderText("Văn bản quy định tỷ lệ")
            on.toggled.connect(lambda checked, widgets=(share, of, rounding, basis): [
                w.setEnabled(checked) for w in widgets])
            for column, widget in enumerate((on, share, of, rounding, basis), start=1):
                self.caps.setCellWidget(row, column, widget)
            self.cap_rows[code] = (on, share, of, rounding, basis)
        box.addWidget(self.caps)
        box.addWidget(self._hint("Ví dụ: Chiến sĩ thi đua cơ sở tối đa 15% số Lao động tiên tiến của đơn vị. "
                                 "Quy định cũ của Trung ương không còn; tỉnh có thể tự quy định.", caps))
        layout.addWidget(caps, 1)

        days = QGroupBox(LABELS["calendar.holidays"] + " (hạn xử lý hồ sơ tính theo ngày làm việc)", self)
        row = QHBoxLayout(days)
        self.holidays = QPlainTextEdit(days)
        self.holidays.setPlaceholderText("Mỗi dòng một ngày, ví dụ:\n30/04/2025 Giải phóng miền Nam\n"
                                         "01/05/2025 Quốc tế Lao động")
        row.addWidget(self.holidays, 1)
        row.addWidget(self._hint("Mỗi dòng một ngày (ngày/tháng/năm); phần chữ sau ngày chỉ để ghi nhớ. "
                                 "Thứ Bảy, Chủ nhật đã tự được bỏ qua.", days), 1)
        layout.addWidget(days)

        self.error_label = QLabel(self)
        self.error_label.setStyleSheet("color:#a8001c;font-weight:bold")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Lưu")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @staticmethod
    def _hint(text: str, parent: QWidget) -> QLabel:
        label = QLabel(text, parent)
        label.setWordWrap(True)
        label.setStyleSheet("color:#555555")
        return label

    def _fill(self) -> None:
        s = self.settings
        self.quorum.setValue(s.quorum * 100)
        self.threshold.setValue(s.default_threshold * 100)
        for level, box in self.discipline.items():
            box.setValue(s.discipline_months.get(level, 12))
        set_caps = {c.code: c for c in s.caps}
        for code, (on, share, of, rounding, basis) in self.cap_rows.items():
            cap = set_caps.get(code)
            if cap is None and code not in s.off and code in self.catalogue:
                c = self.catalogue[code]  # the catalogue's cap in force, until the office sets one
                cap = Cap(code, float(c["share"]), c.get("of", "LDTT"), c.get("rounding", "floor"),
                          c.get("basis", ""))
            on.setChecked(cap is not None)
            for widget in (share, of, rounding, basis):
                widget.setEnabled(cap is not None)
            cap = cap or Cap(code, 0.15)
            share.setValue(cap.share * 100)
            of.setCurrentIndex(max(0, of.findData(cap.of)))
            rounding.setCurrentIndex(max(0, rounding.findData(cap.rounding)))
            basis.setText(cap.basis)
        self.holidays.setPlainText("\n".join(f"{d:%d/%m/%Y}" for d in s.holidays))

    # --- behaviour ---------------------------------------------------------------------------
    def values(self) -> RuleSettings:
        caps, off = [], []
        for code, (on, share, of, rounding, basis) in self.cap_rows.items():
            if on.isChecked():
                caps.append(Cap(code, round(share.value() / 100, 4), of.currentData(), rounding.currentData(),
                                basis.text()))
            elif code in self.catalogue or code in self.settings.off:
                off.append(code)  # the catalogue's own cap switched off
        return RuleSettings(caps=caps, off=off,
                            discipline_months={level: box.value() for level, box in self.discipline.items()},
                            holidays=parse_holidays(self.holidays.toPlainText()),
                            quorum=round(self.quorum.value() / 100, 4),
                            default_threshold=round(self.threshold.value() / 100, 4))

    def _widget(self, field: str | None) -> QWidget | None:
        if field and field.startswith("caps:"):
            row = self.cap_rows.get(field[5:])
            return row[1] if row else None
        if field and field.startswith("discipline_months:"):
            return self.discipline.get(field.split(":", 1)[1])
        return {"holidays": self.holidays, "quorum": self.quorum,
                "default_threshold": self.threshold}.get(field or "")

    def accept(self) -> None:
        try:
            data = self.values()
            with self.db.session() as session:
                self.saved = save_rule_settings(session, data)
        except UserError as exc:  # a bad value, or an account not allowed to change them
            self.error_label.setText(exc.message)
            widget = self._widget(getattr(exc, "field", None))
            if widget is not None:
                widget.setFocus()
            return
        self.changed.emit({"dossiers", "catalog"})  # verdicts and due dates read these numbers
        super().accept()
