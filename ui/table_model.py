"""A generic table model over a list of row dataclasses, described by column descriptors.

Models never run queries: a tab gets rows from `app/` and hands them over with `set_rows`.
Sorting happens here, in Python, with cached keys (Vietnamese order via `app.text.sort_key`),
because a proxy comparing 100,000 rows one Python call at a time would freeze the window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter
from typing import Any

from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.text import sort_key

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the row object itself, through any proxy
RAW_ROLE = Qt.ItemDataRole.UserRole + 2  # the raw value (date as date, number as number)

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter


def format_value(value: object) -> str:
    """How a raw value reads in a cell: dates dd/mm/yyyy, True as a tick, numbers as they are."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (tuple, list)):
        return ", ".join(str(v) for v in value)
    return str(value)


def money(value: object) -> str:
    """`1410000` → `1.410.000` (Vietnamese thousands separator)."""
    return "" if value is None else f"{int(value):,}".replace(",", ".")


@dataclass(frozen=True)
class Column:
    """One column: its header, how to get the value from a row, and how to show it.

    `width` is a preferred width in average characters (0: fit the header); `stretch` marks the
    column that takes the spare room; `sort` (row → key) replaces the default order (the value,
    texts in Vietnamese dictionary order); `color` (row → "#rrggbb" or None) tints a cell;
    `squeeze` says how readily the column gives up room in a narrow window (0: never, 2: first).
    """

    header: str
    value: Callable[[Any], object]
    width: int = 0
    align: Qt.AlignmentFlag | None = None
    display: Callable[[object], str] = format_value
    tooltip: Callable[[Any], str] | None = None
    color: Callable[[Any], str | None] | None = None
    sort: Callable[[Any], object] | None = None
    stretch: bool = False
    squeeze: float = 1.0


def col(header: str, attr: str, **kw) -> Column:
    """A column reading a row attribute (`col("Đơn vị", "unit", width=30)`)."""
    return Column(header, attrgetter(attr), **kw)


def sort_ranks(values: list, memo: dict | None = None, *, natural: bool = False) -> list[int | None]:
    """Each value's rank among the distinct values (None for an empty cell): texts in
    Vietnamese dictionary order, numbers and dates as they are. Sorting small integers is
    what keeps a click on a 100,000-row header quick. `memo` keeps texts' Vietnamese keys
    between sorts (they cost microseconds each). `natural`: values are sort keys already."""
    memo = {} if memo is None else memo
    if natural:
        return _ranks(values, sorted({v for v in values if v is not None}))
    kinds = {type(v) for v in values}
    kinds.discard(type(None))
    if kinds - {str} and kinds & {str, tuple, list}:
        values = [None if v is None else format_value(v) for v in values]  # mixed: by text
        kinds = {str}
    distinct = set(values)
    distinct.discard(None)
    distinct.discard("")
    if kinds == {str}:
        for text in distinct:
            if text not in memo:
                memo[text] = sort_key(text)
        ordered = sorted(distinct, key=memo.__getitem__)
    else:
        ordered = sorted(distinct)
    return _ranks(values, ordered)


def _ranks(values: list, ordered: list) -> list[int | None]:
    rank = {v: i for i, v in enumerate(ordered)}
    return [rank.get(v) for v in values]


class RowTableModel(QAbstractTableModel):
    """Rows (dataclass instances) × columns (Column descriptors)."""

    def __init__(self, columns: Sequence[Column], parent=None,
                 row_font: Callable[[Any], QFont | None] | None = None,
                 row_color: Callable[[Any], str | None] | None = None):
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list = []
        # Called with the new row list whenever it is replaced (a load), before views hear of
        # it: the search proxy rebuilds its match list there. A sort calls `rows_reordered`
        # with the old position of each new row instead (reordering beats rebuilding).
        self.rows_replaced: list[Callable[[list], None]] = []
        self.rows_reordered: list[Callable[[list[int]], None]] = []
        self._sort_memo: dict[str, tuple] = {}
        self._sorted_as: tuple | None = None  # (column, order) of the last sort of these rows
        self._row_font = row_font
        self._row_color = row_color
        self._brushes: dict[str, QBrush] = {}

    # --- what tabs call -------------------------------------------------------------------
    def set_rows(self, rows: Sequence) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._sorted_as = None  # new rows are unsorted, even if their list took the old one's address
        self._replaced()
        self.endResetModel()

    def _replaced(self) -> None:
        for callback in self.rows_replaced:
            callback(self._rows)

    def rows(self) -> list:
        return self._rows

    def row_at(self, row: int):
        return self._rows[row]

    # --- Qt's model interface ---------------------------------------------------------------
    def rowCount(self, parent=None) -> int:  # noqa: N802 - Qt's name
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent=None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].header
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.columns[section].header
        return None

    def _brush(self, color: str) -> QBrush:
        brush = self._brushes.get(color)
        if brush is None:
            brush = self._brushes[color] = QBrush(QColor(color))
        return brush

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(column.value(row))
        if role == ROW_ROLE:
            return row
        if role == RAW_ROLE:
            return column.value(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.align is not None:
                return column.align
            value = column.value(row)
            if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
                return RIGHT
            if isinstance(value, (dt.date, bool)):
                return CENTER
            return LEFT
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.tooltip is not None:
                return column.tooltip(row) or None
            text = column.display(column.value(row))
            return text if len(text) > 18 else None  # long cells may be elided: whole text on hover
        if role == Qt.ItemDataRole.ForegroundRole:
            color = (column.color(row) if column.color else None) or (
                self._row_color(row) if self._row_color else None)
            return self._brush(color) if color else None
        if role == Qt.ItemDataRole.FontRole and self._row_font is not None:
            return self._row_font(row)
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Reorder the rows by a column, keeping selections (persistent indexes) on their rows."""
        if not 0 <= column < len(self.columns) or not self._rows:
            return
        if self._sorted_as == (column, order):
            return  # Qt may ask twice for one header click
        if len(self._sort_memo) > 500_000:
            self._sort_memo.clear()
        spec = self.columns[column]
        if spec.sort is not None:
            ranks = sort_ranks([spec.sort(r) for r in self._rows], natural=True)
        else:
            ranks = sort_ranks([spec.value(r) for r in self._rows], self._sort_memo)
        reverse = order == Qt.SortOrder.DescendingOrder
        last = -1 if reverse else len(ranks)  # empty cells last in both directions
        keys = [last if r is None else r for r in ranks]
        positions = sorted(range(len(self._rows)), key=keys.__getitem__, reverse=reverse)
        self.layoutAboutToBeChanged.emit()
        new_row_of = [0] * len(positions)
        for new, old in enumerate(positions):
            new_row_of[old] = new
        self._rows = [self._rows[i] for i in positions]
        for callback in self.rows_reordered:
            callback(positions)
        old_list = self.persistentIndexList()
        new_list = [self.index(new_row_of[i.row()], i.column()) for i in old_list]
        self.changePersistentIndexList(old_list, new_list)
        self._sorted_as = (column, order)
        self.layoutChanged.emit()


def searchable(rows, *attrs: str) -> list:
    """Rows of an `app/` dataclass without a `search` text, made searchable on `attrs`."""
    from dataclasses import asdict
    from types import SimpleNamespace

    from app.text import fold

    return [SimpleNamespace(**(dict(vars(r)) if hasattr(r, "__dict__") else asdict(r)),
                            search=fold(" ".join(str(getattr(r, a) or "") for a in attrs)))
            for r in rows]
