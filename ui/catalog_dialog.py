"""Công cụ → Danh mục khen thưởng: the catalogue's numbers, edited in the program when the law
changes (app/catalog_edit.py checks and saves them, audited).

Page "Danh hiệu, hình thức": the awards on the left; for the chosen one its council vote
threshold, its rules by period with the money coefficients (cá nhân / tập thể / hộ gia đình), and
the numbers in the chosen period's criteria (years, counts, shares). "Lưu" writes the award's
changes in one transaction or none. Page "Mức lương cơ sở" (ui/catalog_salaries_page.py): the
base salaries by date, their amounts and decrees editable, and a new one from a date.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.catalog_edit import AwardView, list_catalog, update_award, update_rule
from app.database import Database
from app.errors import UserError, ValidationError
from ui.catalog_salaries_page import SalariesPage
from ui.dossier_widgets import MessageBar, make_table
from ui.ops import Ops

RULE_HEADERS = ["Áp dụng", "Căn cứ", "Hệ số cá nhân", "Hệ số tập thể", "Hệ số hộ gia đình", "Nguồn số liệu"]
COEFFICIENT_KEYS = ["coefficient_individual", "coefficient_collective", "coefficient_household"]
NUMBER_HEADERS = ["Tiêu chuẩn", "Giá trị"]


def number_text(value: float | None) -> str:
    """0.3 → "0,3"; None → "" (Vietnamese decimal comma)."""
    return "" if value is None else f"{value:g}".replace(".", ",")


def parse_number(text: str, what: str, field: str) -> float | None:
    text = text.strip().replace(" ", "").replace("%", "").replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValidationError(f"«{what}»: “{text}” không phải là một số.", field=field) from None


def _editable(text: str) -> QTableWidgetItem:
    return QTableWidgetItem(text)


def _fixed(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    return item


class CatalogDialog(QDialog):
    changed = Signal(object)

    def __init__(self, db: Database, ops: Ops, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.ops = db, ops
        self.confirm = lambda text: QMessageBox.question(self, "Danh mục khen thưởng", text) \
            == QMessageBox.StandardButton.Yes
        self.awards: list[AwardView] = []
        self.award: AwardView | None = None
        self.number_edits: dict[tuple[int, str], str] = {}  # (rule id, path) → typed text
        self.dirty = False
        self.setWindowTitle("Danh mục khen thưởng")
        self.resize(1180, 720)
        layout = QVBoxLayout(self)
        self.pages = QTabWidget(self)
        self.pages.addTab(self._awards_page(), "Danh hiệu, hình thức")
        self.salaries = SalariesPage(db, self)
        self.pages.addTab(self.salaries, "Mức lương cơ sở")
        layout.addWidget(self.pages, 1)
        self.message = MessageBar(QLabel(self))
        layout.addWidget(self.message.label)
        self.salaries.saved.connect(self._salaries_saved)
        self.salaries.refused.connect(self.message.refused)
        close = QPushButton("Đóng", self)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.reload()

    # --- layout ------------------------------------------------------------------------------
    def _awards_page(self) -> QWidget:
        page = QSplitter(Qt.Orientation.Horizontal, self)
        self.award_list = QListWidget(page)
        self.award_list.currentRowChanged.connect(self._award_chosen)
        right = QWidget(page)
        box = QVBoxLayout(right)
        self.award_title = QLabel(right)
        self.award_title.setWordWrap(True)
        box.addWidget(self.award_title)
        row = QHBoxLayout()
        self.own_threshold = QCheckBox("Tỷ lệ phiếu đồng ý riêng (trên tổng số thành viên Hội đồng):", right)
        self.threshold = QDoubleSpinBox(right)
        self.threshold.setRange(1.0, 100.0)
        self.threshold.setDecimals(1)
        self.threshold.setSuffix(" %")
        self.own_threshold.toggled.connect(self.threshold.setEnabled)
        self.own_threshold.toggled.connect(self._touched)
        self.threshold.valueChanged.connect(self._touched)
        row.addWidget(self.own_threshold)
        row.addWidget(self.threshold)
        row.addStretch(1)
        box.addLayout(row)
        box.addWidget(QLabel("<b>Quy định theo thời kỳ</b> (hệ số × mức lương cơ sở; để trống: không có tiền thưởng)",
                             right))
        self.rules = make_table(right, RULE_HEADERS, stretch=1)
        self.rules.setEditTriggers(QTableWidget.EditTrigger.AllEditTriggers)
        self.rules.currentCellChanged.connect(lambda r, *_: self._show_numbers(r))
        self.rules.itemChanged.connect(self._touched)
        box.addWidget(self.rules, 2)
        self.numbers_title = QLabel(right)
        box.addWidget(self.numbers_title)
        self.numbers = make_table(right, NUMBER_HEADERS, stretch=0)
        self.numbers.setEditTriggers(QTableWidget.EditTrigger.AllEditTriggers)
        self.numbers.itemChanged.connect(self._number_typed)
        box.addWidget(self.numbers, 2)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("Lưu thay đổi của danh hiệu này", right)
        self.save_button.clicked.connect(self.save_award)
        self.undo_button = QPushButton("Bỏ thay đổi", right)
        self.undo_button.clicked.connect(lambda: self._show_award(self.award))
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        page.setSizes([300, 880])
        return page

    # --- reading -----------------------------------------------------------------------------
    def reload(self, keep: int | None = None) -> None:
        with self.db.session() as session:
            self.awards = list_catalog(session)
        self.award_list.blockSignals(True)
        self.award_list.clear()
        for a in self.awards:
            self.award_list.addItem(a.name)
        self.award_list.blockSignals(False)
        ids = [a.id for a in self.awards]
        self.award_list.setCurrentRow(ids.index(keep) if keep in ids else 0)

    def _award_chosen(self, row: int) -> None:
        if not 0 <= row < len(self.awards):
            return
        if self.dirty and self.award is not None and self.awards[row].id != self.award.id \
                and not self.confirm(f"Bỏ các thay đổi chưa lưu của {self.award.name}?"):
            self.award_list.blockSignals(True)
            self.award_list.setCurrentRow([a.id for a in self.awards].index(self.award.id))
            self.award_list.blockSignals(False)
            return
        self._show_award(self.awards[row])

    def _show_award(self, award: AwardView | None) -> None:
        if award is None:
            return
        self.award = award
        self.number_edits = {}
        self.award_title.setText(f"<b style='font-size:14pt'>{award.name}</b><br>{award.kind_text}"
                                 + ("; bỏ phiếu kín" if award.secret_ballot else ""))
        self.own_threshold.setChecked(award.vote_threshold is not None)
        self.threshold.setEnabled(award.vote_threshold is not None)
        self.threshold.setValue((award.vote_threshold or 0.5) * 100)
        self.rules.blockSignals(True)
        self.rules.setRowCount(len(award.rules))
        for r, rule in enumerate(award.rules):
            cells = [_fixed(rule.period), _fixed(rule.legal_basis)]
            cells += [_editable(number_text(getattr(rule, k))) for k in COEFFICIENT_KEYS]
            cells.append(_fixed("Đã xác minh" if rule.verified else "Mặc định, cần xác nhận"))
            for c, item in enumerate(cells):
                self.rules.setItem(r, c, item)
            self.rules.item(r, 0).setData(Qt.ItemDataRole.UserRole, rule.id)
        self.rules.blockSignals(False)
        for column, width in enumerate([235, 300, 100, 100, 120]):
            self.rules.setColumnWidth(column, width)
        self.rules.selectRow(len(award.rules) - 1)  # the period in force now, usually
        self._show_numbers(len(award.rules) - 1)
        self.dirty = False

    def _show_numbers(self, row: int) -> None:
        if self.award is None or not 0 <= row < len(self.award.rules):
            self.numbers.setRowCount(0)
            return
        rule = self.award.rules[row]
        self.numbers_title.setText(f"<b>Tiêu chuẩn {rule.period}</b>" + ("" if rule.numbers else
                                   " — quy định này không có số liệu để sửa"))
        self.numbers.blockSignals(True)
        self.numbers.setRowCount(len(rule.numbers))
        for r, n in enumerate(rule.numbers):
            label = _fixed(n.label + (" (%)" if n.share else ""))
            label.setData(Qt.ItemDataRole.UserRole, (rule.id, n.path, n.share))
            self.numbers.setItem(r, 0, label)
            typed = self.number_edits.get((rule.id, n.path))
            self.numbers.setItem(r, 1, _editable(typed if typed is not None else
                                                 number_text(n.value * 100 if n.share else n.value)))
        self.numbers.blockSignals(False)
        self.numbers.setColumnWidth(0, 620)

    # --- editing -----------------------------------------------------------------------------
    def _touched(self, *_args) -> None:
        self.dirty = True

    def _number_typed(self, item: QTableWidgetItem) -> None:
        if item.column() != 1:
            return
        rule_id, path, _share = self.numbers.item(item.row(), 0).data(Qt.ItemDataRole.UserRole)
        self.number_edits[(rule_id, path)] = item.text()
        self.dirty = True

    def _changes(self) -> tuple[float | None, dict[int, dict]]:
        """(threshold, rule id → update_rule keywords) from what is on screen."""
        threshold = round(self.threshold.value() / 100, 4) if self.own_threshold.isChecked() else None
        out: dict[int, dict] = {}
        for r, rule in enumerate(self.award.rules):
            coefficients = {}
            for c, key in enumerate(COEFFICIENT_KEYS, start=2):
                value = parse_number(self.rules.item(r, c).text(), f"{RULE_HEADERS[c]} ({rule.period})",
                                     f"{rule.id}:{key}")
                if value != getattr(rule, key):
                    coefficients[key] = value
            numbers = {}
            for n in rule.numbers:
                typed = self.number_edits.get((rule.id, n.path))
                if typed is None:
                    continue
                value = parse_number(typed, n.label, f"{rule.id}:{n.path}")
                if value is None:
                    raise ValidationError(f"«{n.label}» ({rule.period}) không được để trống.",
                                          field=f"{rule.id}:{n.path}")
                value = round(value / 100, 4) if n.share else (int(value) if value == int(value) else value)
                if value != n.value:
                    numbers[n.path] = value
            if coefficients or numbers:
                out[rule.id] = {"coefficients": coefficients, "numbers": numbers}
        return threshold, out

    def save_award(self) -> None:
        if self.award is None:
            return
        award = self.award
        try:
            threshold, rules = self._changes()
            with self.db.session() as session:
                update_award(session, award.id, vote_threshold=threshold)
                for rule_id, kw in rules.items():
                    update_rule(session, rule_id, **kw)
        except UserError as exc:
            self.message.refused(exc)
            self._focus(str(getattr(exc, "field", "") or ""))
            return
        self.dirty = False
        self.reload(keep=award.id)
        self.message.done(f"Đã lưu danh mục: {award.name}.")
        self.changed.emit({"catalog", "dossiers"})

    def _focus(self, field: str) -> None:
        """Put the cursor on the cell a refusal names (`rule id:key` or `rule id:path`)."""
        if ":" not in field or self.award is None:
            return
        rule_id, key = field.split(":", 1)
        rows = [r.id for r in self.award.rules]
        if not rule_id.isdigit() or int(rule_id) not in rows:
            return
        row = rows.index(int(rule_id))
        if key in COEFFICIENT_KEYS:
            self.rules.setCurrentCell(row, COEFFICIENT_KEYS.index(key) + 2)
            self.rules.setFocus()
            return
        self.rules.selectRow(row)
        self._show_numbers(row)
        paths = [n.path for n in self.award.rules[row].numbers]
        if key in paths:
            self.numbers.setCurrentCell(paths.index(key), 1)
            self.numbers.setFocus()

    def _salaries_saved(self, text: str) -> None:
        self.message.done(text)
        self.changed.emit({"catalog"})
