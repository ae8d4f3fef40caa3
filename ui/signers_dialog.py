"""Dialog "Người ký văn bản": the head of the office and its deputies, the authority's chairman
and vice-chairmen — name, title, phone — and, for the one chosen in the table, the documents
they sign (app/signers.py decides who signs what and in which form of words).

Layout apart from behaviour: the table and the check list are laid out in `_build`; `accept()`
checks everything through `app.signers.validate_signers`, and on a bad row shows why and
selects that row.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.database import Database
from app.errors import UserError, ValidationError
from app.signers import (
    BODIES,
    DOCUMENTS,
    ROLES,
    SignerData,
    list_signers,
    save_signers,
    validate_signers,
)

COLUMNS = ["Cơ quan", "Vai trò", "Họ và tên", "Chức vụ", "Điện thoại"]
BODY, ROLE, NAME, TITLE, PHONE = range(5)


class SignersDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.saved: list[SignerData] | None = None
        self.setWindowTitle("Người ký văn bản")
        self.resize(860, 560)
        with db.session() as session:
            self.rows = list_signers(session)
        self._build()
        for row in self.rows:
            self._append(row)
        if self.rows:
            self.table.selectRow(0)

    # --- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        hint = QLabel("Người ký văn bản của phòng (trưởng phòng, phó trưởng phòng) và của UBND (chủ tịch, "
                      "phó chủ tịch). Chọn một người để đánh dấu các văn bản người đó ký; văn bản không "
                      "ai được giao do cấp trưởng ký.", self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setColumnWidth(BODY, 230)  # the body's name reads whole in its combo
        self.table.setColumnWidth(ROLE, 140)
        self.table.setAccessibleName("Danh sách người ký")
        self.table.itemSelectionChanged.connect(self._show_powers)
        layout.addWidget(self.table, 2)
        row = QHBoxLayout()
        self.add_button = QPushButton("Thêm người ký", self)
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button = QPushButton("Bỏ người đang chọn", self)
        self.remove_button.clicked.connect(self.remove_row)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.powers_label = QLabel("Văn bản người này ký:", self)
        layout.addWidget(self.powers_label)
        self.powers = QListWidget(self)
        self.powers.setAccessibleName("Văn bản người đang chọn ký")
        self.powers.itemChanged.connect(self._store_powers)
        layout.addWidget(self.powers, 1)
        self.error_label = QLabel("", self)
        self.error_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(self)
        buttons.addButton("Lưu", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _combo(self, choices: dict[str, str], value: str) -> QComboBox:
        box = QComboBox(self.table)
        for code, label in choices.items():
            box.addItem(label, code)
        box.setCurrentIndex(max(box.findData(value), 0))
        return box

    def _append(self, signer: SignerData) -> int:
        r = self.table.rowCount()
        self.table.insertRow(r)
        body = self._combo(BODIES, signer.body)
        body.currentIndexChanged.connect(lambda _i, box=body: self._body_changed(box))
        self.table.setCellWidget(r, BODY, body)
        self.table.setCellWidget(r, ROLE, self._combo(ROLES, signer.role))
        for column, value in ((NAME, signer.name), (TITLE, signer.title), (PHONE, signer.phone)):
            self.table.setItem(r, column, QTableWidgetItem(value))
        self.table.item(r, NAME).setData(Qt.ItemDataRole.UserRole, list(signer.powers))
        return r

    # --- behaviour ---------------------------------------------------------------------------
    def add_row(self, body: str = "office") -> int:
        r = self._append(SignerData(body, "deputy", "", ""))
        self.table.selectRow(r)
        self.table.editItem(self.table.item(r, NAME))
        return r

    def remove_row(self) -> None:
        r = self.table.currentRow()
        if r >= 0:
            self.table.removeRow(r)

    def _body_changed(self, box: QComboBox) -> None:
        for r in range(self.table.rowCount()):
            if self.table.cellWidget(r, BODY) is box:
                self.table.item(r, NAME).setData(Qt.ItemDataRole.UserRole, [])  # other body's papers
                if r == self.table.currentRow():
                    self._show_powers()

    def _show_powers(self) -> None:
        r = self.table.currentRow()
        self.powers.blockSignals(True)
        self.powers.clear()
        if r >= 0:
            body = self.table.cellWidget(r, BODY).currentData()
            held = set(self.table.item(r, NAME).data(Qt.ItemDataRole.UserRole) or [])
            for code, (owner, label, _collective) in DOCUMENTS.items():
                if owner != body:
                    continue
                item = QListWidgetItem(label, self.powers)
                item.setData(Qt.ItemDataRole.UserRole, code)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if code in held else Qt.CheckState.Unchecked)
            name = self.table.item(r, NAME).text().strip() or "người đang chọn"
            self.powers_label.setText(f"Văn bản {name} ký:")
        self.powers.blockSignals(False)

    def _store_powers(self, _item: QListWidgetItem) -> None:
        r = self.table.currentRow()
        if r < 0:
            return
        held = [self.powers.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.powers.count())
                if self.powers.item(i).checkState() == Qt.CheckState.Checked]
        self.table.item(r, NAME).setData(Qt.ItemDataRole.UserRole, held)

    def signers(self) -> list[SignerData]:
        """The rows as typed (not yet checked)."""
        out = []
        for r in range(self.table.rowCount()):
            out.append(SignerData(
                self.table.cellWidget(r, BODY).currentData(), self.table.cellWidget(r, ROLE).currentData(),
                self.table.item(r, NAME).text(), self.table.item(r, TITLE).text(),
                self.table.item(r, PHONE).text(),
                list(self.table.item(r, NAME).data(Qt.ItemDataRole.UserRole) or [])))
        return out

    def accept(self) -> None:
        rows = self.signers()
        try:
            validate_signers(rows)
            with self.db.session() as session:
                self.saved = save_signers(session, rows)
        except ValidationError as exc:
            self.error_label.setText(exc.message)
            bad = exc.message.split(":", 1)[0].removeprefix("Dòng ").strip()
            if bad.isdigit() and 0 < int(bad) <= self.table.rowCount():
                self.table.selectRow(int(bad) - 1)
            return
        except UserError as exc:
            self.error_label.setText(exc.message)
            return
        super().accept()
