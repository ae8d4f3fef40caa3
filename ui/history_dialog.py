"""Dialog "Nhật ký thay đổi": who changed what and when, with the values before and after.

Two uses: one record's history (`HistoryDialog(db, entity="dossiers", entity_id=12)`, from a
tab's "Lịch sử thay đổi" action) and the whole log, newest first, filtered by kind of record
and by a search that ignores diacritics. Read-only: the log cannot be edited from the program.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import audit
from app.database import Database
from app.dossiers import STATUSES
from app.text import fold
from app.users import ROLES

COLUMNS = ["Thời điểm", "Người thực hiện", "Thao tác", "Đối tượng", "Mã", "Trường", "Trước", "Sau", "Ghi chú"]
LIMIT = 2000  # the whole-log view shows the latest entries; a record's history shows all
_CELL_MAX = 300


def shown(value: object) -> str:
    """A stored value as text for a cell (long texts cut, with the whole in the tooltip)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    text = str(value)
    return text if len(text) <= _CELL_MAX else text[:_CELL_MAX] + "…"


# Coded values shown in the office's words.
VALUE_LABELS = {("dossiers", "status"): STATUSES, ("users", "role"): ROLES,
                ("nominees", "appraisal"): {"pending": "Chờ thẩm định", "approved": "Đạt",
                                            "rejected": "Không đạt", "returned": "Trả lại"}}


def _value(entity: str, name: str, value: object) -> str:
    labels = VALUE_LABELS.get((entity, name))
    if labels and isinstance(value, str) and value in labels:
        return labels[value]
    return shown(value)


def _summary(line: audit.HistoryLine, side: int) -> str:
    """A whole new (or deleted) record on one line: its non-empty fields."""
    parts = [f"{audit.field_label(name)}: {_value(line.entity, name, change[side])}"
             for name, *change in [(n, b, a) for n, b, a in line.changes]
             if name != "id" and change[side] not in (None, "", [], {})]
    return "; ".join(parts)


def rows_for(lines: list[audit.HistoryLine]) -> list[list[str]]:
    """An update gives one row per changed field; an insert or delete one row for the record."""
    rows = []
    for line in lines:
        head = [line.at.strftime("%d/%m/%Y %H:%M:%S") if line.at else "", line.user,
                line.action_label, line.entity_label, "" if line.entity_id is None else str(line.entity_id)]
        if line.action == "insert":
            rows.append([*head, "(cả bản ghi)", "", _summary(line, 1), line.note])
        elif line.action == "delete":
            rows.append([*head, "(cả bản ghi)", _summary(line, 0), "", line.note])
        else:
            for name, before, after in line.changes or [("", None, None)]:
                rows.append([*head, audit.field_label(name), _value(line.entity, name, before),
                             _value(line.entity, name, after), line.note])
    return rows


class HistoryDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None, *, entity: str | None = None,
                 entity_id: int | str | None = None, title: str = ""):
        super().__init__(parent)
        self.db, self.entity, self.entity_id = db, entity, entity_id
        single = entity is not None and entity_id is not None
        self.setWindowTitle(f"Lịch sử thay đổi — {title}" if single and title else
                            "Lịch sử thay đổi" if single else "Nhật ký thay đổi")
        self.resize(1100, 560)
        self.rows: list[list[str]] = []
        self._build(single)
        self.reload()

    def _build(self, single: bool) -> None:
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.kind = QComboBox(self)
        self.kind.addItem("Mọi loại bản ghi", None)
        for table, label in sorted(audit.ENTITY_LABELS.items(), key=lambda kv: kv[1]):
            self.kind.addItem(label, table)
        self.kind.currentIndexChanged.connect(lambda _i: self.reload())
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Tìm theo người, nội dung (gõ không dấu cũng được)")
        self.search.textChanged.connect(lambda _t: self._show())
        if single:
            self.kind.hide()
        else:
            bar.addWidget(QLabel("Loại:", self))
            bar.addWidget(self.kind)
        bar.addWidget(self.search, 1)
        layout.addLayout(bar)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        foot = QHBoxLayout()
        self.count = QLabel("", self)
        foot.addWidget(self.count, 1)
        note = QLabel("Nhật ký chỉ được ghi thêm, không sửa hay xóa được.", self)
        note.setStyleSheet("color: #555;")
        foot.addWidget(note)
        close = QPushButton("Đóng", self)
        close.clicked.connect(self.reject)
        foot.addWidget(close)
        layout.addLayout(foot)

    def reload(self) -> None:
        with self.db.session() as session:
            if self.entity is not None and self.entity_id is not None:
                lines = audit.history(session, self.entity, self.entity_id)[::-1]  # newest first
            else:
                lines = audit.recent(session, limit=LIMIT, entity=self.kind.currentData())
        self.rows = rows_for(lines)
        self._keys = [fold(" ".join(r)) for r in self.rows]
        self._show()

    def _show(self) -> None:
        needle = fold(self.search.text())
        visible = [r for r, key in zip(self.rows, self._keys, strict=True) if needle in key]
        self.table.setRowCount(len(visible))
        for r, row in enumerate(visible):
            for c, value in enumerate(row):
                item = QTableWidgetItem(value)
                if len(value) > 60:
                    item.setToolTip(value)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        for c in range(len(COLUMNS)):
            self.table.setColumnWidth(c, min(self.table.columnWidth(c), 260))
        self.count.setText(f"{len(visible)} dòng thay đổi" if visible else "Chưa có thay đổi nào được ghi.")
