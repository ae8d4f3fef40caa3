"""The rows of an import preview, as the import dialog lists them: a model over the preview's
rows (nothing is copied into widgets, so a 20,000-line award book shows at once) and the view
that shows it, tinted where a row has a problem.

Three shapes: a list of nominees (award proposal, registration), an award book of earlier
years (kind ledger: each line's sheet, year, decision, kind and place in the ledger), and the
lines of a self-scoring sheet or a report.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from app.states import SUBJECTS

SUBJECT = SUBJECTS
MATCH = {"exact": "Đã có", "near": "Gần giống — cần xác nhận", "none": "Người mới"}
ERROR_BG = QColor("#fde2e1")
WARN_BG = QColor("#fff4ce")
ROW_HEADERS = ["Dòng", "Đối tượng", "Họ và tên", "Giới tính", "Năm sinh", "Dân tộc", "Chức vụ",
               "Đơn vị", "Danh hiệu, hình thức", "Đối chiếu", "Tên gọi, cấp bậc"]
# An award book of earlier years (kind ledger): each line's year, decision and what it is to
# the ledger.
LEDGER_HEADERS = ["Trang", "Dòng", "Đối tượng", "Họ và tên", "Năm sinh", "Đơn vị", "Năm",
                  "Danh hiệu, hình thức", "Sổ khen thưởng", "Đối chiếu cá nhân", "Quyết định", "Loại khen"]
# A list of many units (the office's export read back): each row's own unit first.
UNITS_HEADERS = ["Dòng", "Đơn vị đề nghị", *ROW_HEADERS[1:]]
LINE_HEADERS = ["Dòng", "Mã", "Nội dung", "", "Số liệu, điểm"]
LEDGER_STATUS = {"new": "Mới — sẽ ghi", "known": "Đã có trong sổ", "duplicate": "Trùng trong tệp",
                 "skipped": "Không ghi (lỗi)"}
KIND_WORDS = {"regular": "Thường xuyên", "movement": "Theo đợt, chuyên đề", "sudden": "Đột xuất",
              "service": "Quá trình cống hiến", "long_service": "Niên hạn", "foreign": "Đối ngoại"}
MAX_COLUMN = 240  # px: a long award name or decision does not push the rest out of sight
MAX_NAME = 420  # px: names (a collective's included) show whole


def match_text(r) -> str:
    if getattr(r, "refused", ""):
        return "Không nhập (lỗi)"
    if r.match is None:
        return ""
    if r.match.kind == "near" and r.choice is not None:
        return "Người mới (đã xác nhận)" if r.choice == "new" else "Cùng người (đã xác nhận)"
    return MATCH.get(r.match.kind, "")


def nominee_values(r) -> list:
    title = ", ".join(t for t in (r.courtesy, r.rank) if t)  # taken out of the name (app/excel/names)
    return [r.row, SUBJECT.get(r.subject, r.subject), r.name, r.gender or "", r.birth_year or "",
            r.ethnicity_name or "", r.position, r.unit_text, award_text(r), match_text(r), title]


def award_text(r) -> str:
    if r.refused:  # kept in view, marked: the clerk sees every row read
        return f"✗ “{r.refused}” — không có trong danh mục"
    return r.award.name if r.award else ""


def shown_rows(p) -> list:
    """The preview's rows and those refused (an unknown award), in the file's order."""
    if not p.refused:
        return list(p.rows)
    order = {t.name: i for i, t in enumerate(p.tables)}
    return sorted([*p.rows, *p.refused], key=lambda r: (order.get(r.sheet, 0), r.row))


def unit_row_values(r) -> list:
    values = nominee_values(r)
    return [values[0], r.proposer, *values[1:]]


def ledger_values(r) -> list:
    h = r.history
    if h is None:
        return [r.sheet, r.row, SUBJECT.get(r.subject, r.subject), r.name, r.birth_year or "", r.unit_text,
                "", r.award.name if r.award else "", "", match_text(r), "", ""]
    decided = (h.decision + (f" ngày {h.decision_date:%d/%m/%Y}" if h.decision_date else "")) \
        if h.decision else (f"ngày {h.decision_date:%d/%m/%Y}" if h.decision_date else "")
    return [r.sheet, r.row, SUBJECT.get(r.subject, r.subject), r.name, r.birth_year or "", r.unit_text,
            h.year or "", r.award.name if r.award else "", LEDGER_STATUS.get(h.status, h.status), match_text(r),
            decided, KIND_WORDS.get(h.kind, h.kind)]


class PreviewRowsModel(QAbstractTableModel):
    """The preview's rows; values computed when a cell is painted."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.headers: list[str] = ROW_HEADERS
        self.rows: list = []
        self.values = nominee_values
        self.tints: dict[tuple[str, int], str] = {}

    def set_preview(self, p) -> None:
        self.beginResetModel()
        self.tints = {(q.sheet, q.row): q.severity for q in p.problems if q.row is not None} if p else {}
        if p is None:
            self.headers, self.rows, self.values = ROW_HEADERS, [], nominee_values
        elif p.kind == "ledger":
            self.headers, self.rows, self.values = LEDGER_HEADERS, list(p.rows), ledger_values
        elif p.of_many_units:
            self.headers, self.rows, self.values = UNITS_HEADERS, list(p.rows), unit_row_values
        elif p.rows or p.refused or not (p.scores or p.figures):
            self.headers, self.rows, self.values = ROW_HEADERS, shown_rows(p), nominee_values
        else:
            lines = [(s.row, s.code, s.criterion, "", "" if s.self_score is None else s.self_score) for s in p.scores] \
                or [(f.row, f.code, f.indicator, "", "" if f.value is None else f.value) for f in p.figures]
            self.headers, self.rows, self.values = LINE_HEADERS, lines, list
            self.tints = {}
        self.endResetModel()

    def refresh(self) -> None:
        """Rows changed in place (a near match confirmed): repaint them."""
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.headers) - 1))

    def rowCount(self, parent=None) -> int:  # noqa: N802 - Qt's name
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent=None) -> int:  # noqa: N802 - Qt's name
        return 0 if parent is not None and parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt's name
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if section < len(self.headers) else None
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = self.values(row)[index.column()]
            return str(value)
        if role == Qt.ItemDataRole.BackgroundRole and self.tints:
            severity = self.tints.get((row.sheet, row.row))
            if severity:
                return QBrush(ERROR_BG if severity == "error" else WARN_BG)
        return None


class PreviewRowsView(QTableView):
    """The rows table; `cell_text(row, column)` reads what a cell shows."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model_ = PreviewRowsModel(self)
        self.setModel(self.model_)
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setWordWrap(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)

    def show_preview(self, p) -> None:
        self.model_.set_preview(p)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        headers = self.model_.headers
        header.setStretchLastSection(True)  # the room left goes to the last column, never taken from names
        self.resizeColumnsToContents()  # (Qt measures the first thousand rows only)
        names = headers.index("Họ và tên") if "Họ và tên" in headers else None
        for c in range(len(headers)):
            if c != names and self.columnWidth(c) > MAX_COLUMN:
                self.setColumnWidth(c, MAX_COLUMN)
        if names is not None and self.columnWidth(names) > MAX_NAME:
            self.setColumnWidth(names, MAX_NAME)  # a whole name; a freak 200-letter one is cut

    def rowCount(self) -> int:  # noqa: N802 - the QTableWidget name the dialog's callers know
        return self.model_.rowCount()

    def columnCount(self) -> int:  # noqa: N802
        return self.model_.columnCount()

    def cell_text(self, row: int, column: int) -> str:
        return self.model_.data(self.model_.index(row, column)) or ""

    def header_text(self, column: int) -> str:
        return self.model_.headerData(column, Qt.Orientation.Horizontal)
