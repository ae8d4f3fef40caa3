"""A table with its search box, a "Hiển thị 12/340" count and a toolbar row for actions.

Every list tab is one TablePanel. Other screens add their buttons to `panel.toolbar` with
`add_action` (e.g. "Xuất Excel", which reads `visible_table()`), and react to
`row_activated(row)` (double-click or Enter on a row).

An empty table says why in its middle: "Đang tải…" while rows are on their way
(`set_loading()`), `empty_text` ("Không có dòng nào") when there are none, "Không có dòng
nào khớp «…»" when the search hides them all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ui.search_proxy import SearchProxy
from ui.table_model import Column, RowTableModel

# Typing pauses this long before the filter runs: invisible to a clerk, and on a large table
# it runs once per pause instead of once per letter.
DEBOUNCE_MS = 150
# Tables this small are filtered at each keystroke.
INSTANT_ROWS = 3000
# What the search box needs to show its whole hint, before a long toolbar gets room.
SEARCH_WIDTH = 340
# Wrapping tables up to this size get each row's height from its text.
WRAP_MEASURED_ROWS = 300


def count_text(shown: int, total: int) -> str:
    def n(x: int) -> str:
        return f"{x:,}".replace(",", ".")

    return f"Hiển thị {n(shown)}/{n(total)}"


class TablePanel(QWidget):
    """Search box + count + toolbar + table over rows from `app/`."""

    row_activated = Signal(object)  # the row object double-clicked (or Enter)
    selection_changed = Signal()

    def __init__(self, title: str, columns: Sequence[Column], parent: QWidget | None = None, *,
                 wrap: bool = False, row_font: Callable | None = None,
                 row_color: Callable | None = None,
                 placeholder: str = "Tìm kiếm… (gõ có dấu hoặc không dấu)"):
        super().__init__(parent)
        self.title = title
        self.model = RowTableModel(columns, self, row_font=row_font, row_color=row_color)
        self.proxy = SearchProxy(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(placeholder)
        self.search.setClearButtonEnabled(True)
        # Narrow enough for panels side by side; wider when there is room (_fit_top).
        self.search.setMinimumWidth(200)
        self.search.setAccessibleName("Tìm kiếm")
        self.count_label = QLabel(count_text(0, 0), self)
        self.count_label.setMinimumWidth(130)
        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.setFloatable(False)
        self.toolbar.setMovable(False)
        # Every table exports what it shows, filter and sort kept (ui/excel_export.py).
        self.export_action = self.add_action("Xuất Excel", self._export,
                                             tooltip="Ghi các dòng đang hiện ra tệp Excel (.xlsx)")

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search, 2)
        top.addWidget(self.count_label)
        top.addStretch(1)
        top.addWidget(self.toolbar)

        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(wrap)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # keep app/'s order at first
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.setSortingEnabled(True)
        self._wrap = wrap
        self._base: list[int] = []
        self._content: list[int] = []  # the width each column's text needs in full
        self._applying = False
        self._user_sized = False
        self._set_row_heights(0)
        self._size_columns()
        # What an empty table says (centred in it); hidden until the first rows or "loading".
        self.empty_text = "Không có dòng nào"
        self._loading = False
        self._filled = False
        self.empty_label = QLabel(self.table.viewport())
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: #666; font-style: italic; background: transparent;")
        self.empty_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.empty_label.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.table)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.flush_search)
        self.search.textChanged.connect(self._on_text)
        self.table.doubleClicked.connect(self._on_activated)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, self._on_enter,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())
        header.sectionResized.connect(self._on_section_resized)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)

    # --- rows --------------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        """Rows are on their way (set_loading was called, set_rows not yet)."""
        return self._loading

    def set_loading(self) -> None:
        """Rows are on their way: say so in the count and in the empty table."""
        self._loading = True
        self.count_label.setText("Đang tải…")
        self._update_empty()

    def set_rows(self, rows: Sequence) -> None:
        """Show new rows, keeping the search and the column the user sorted by."""
        self._loading = False
        self._filled = True
        self._set_row_heights(len(rows))
        self.model.set_rows(rows)
        header = self.table.horizontalHeader()
        if 0 <= header.sortIndicatorSection() < len(self.model.columns):
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        if rows and not self._user_sized:
            self.fit_columns()  # until the clerk drags a column: then widths are theirs
        self._update_count()

    def rows(self) -> list:
        return self.model.rows()

    def shown_rows(self) -> list:
        """The rows as the table shows them now (filter and sort applied)."""
        return [self.proxy.row_at(r) for r in range(self.proxy.rowCount())]

    def selected_rows(self) -> list:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.proxy.row_at(r) for r in rows]

    def current_row(self):
        index = self.table.currentIndex()
        return self.proxy.row_at(index.row()) if index.isValid() else None

    def visible_table(self) -> tuple[str, list[str], list[list[object]]]:
        """(title, headers, rows of raw values) in the current filter and sort order — what an
        export writes: dates stay dates, numbers stay numbers."""
        columns = self.model.columns
        headers = [c.header for c in columns]
        values = [[c.value(row) for c in columns] for row in self.shown_rows()]
        return self.title, headers, values

    # --- toolbar -----------------------------------------------------------------------------
    def add_action(self, text: str, slot: Callable, *, tooltip: str = "", shortcut: str = "",
                   icon=None) -> QAction:
        """A button on the panel's toolbar (e.g. "Xuất Excel")."""
        action = QAction(text, self)
        if icon is not None:
            action.setIcon(icon)
        if tooltip:
            action.setToolTip(tooltip)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        action.triggered.connect(lambda _checked=False: slot())
        self.toolbar.addAction(action)
        return action

    def _export(self) -> None:
        # Imported on first use: the workbook library costs ~0.4 s at start-up.
        from ui.excel_export import export_panel

        export_panel(self)

    def add_widget(self, widget: QWidget) -> None:
        self.toolbar.addWidget(widget)

    # --- search ------------------------------------------------------------------------------
    def _on_text(self, _text: str) -> None:
        if self.model.rowCount() <= INSTANT_ROWS:
            self.flush_search()
        else:
            self._timer.start()

    def flush_search(self) -> None:
        """Apply the search box's text now (the debounce timer calls this)."""
        self._timer.stop()
        self.proxy.set_query(self.search.text())
        self._update_count()

    def set_search(self, text: str) -> None:
        self.search.setText(text)
        self.flush_search()

    def _update_count(self, *_args) -> None:
        if not self._loading:
            self.count_label.setText(count_text(self.proxy.rowCount(), self.model.rowCount()))
        self._update_empty()

    def empty_message(self) -> str:
        """What the table says in its middle now ("" when it shows rows)."""
        if self._loading and self.model.rowCount() == 0:
            return "Đang tải…"
        if not self._filled or self.proxy.rowCount() > 0:
            return ""
        if self.model.rowCount() > 0:
            return f"Không có dòng nào khớp «{self.search.text().strip()}»"
        return self.empty_text

    def _update_empty(self) -> None:
        text = self.empty_message()
        self.empty_label.setText(text)
        self.empty_label.setVisible(bool(text))
        if text:
            self._place_empty()

    def _place_empty(self) -> None:
        # Below the header row, across the visible width, a few lines tall.
        viewport = self.table.viewport()
        self.empty_label.setGeometry(12, 8, max(0, viewport.width() - 24), min(viewport.height() - 8, 80))


    def _on_section_resized(self, index: int, _old: int, new: int) -> None:
        # A column the clerk dragged keeps its width (except the stretching one).
        if not self._applying and index < len(self._base) and index != self._stretch_index():
            self._user_sized = True
            self._base[index] = new
            if index < len(self._content):
                self._content[index] = new

    # --- activation --------------------------------------------------------------------------
    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.row_activated.emit(self.proxy.row_at(index.row()))

    def _on_enter(self) -> None:
        self._on_activated(self.table.currentIndex())

    # --- layout ------------------------------------------------------------------------------
    def _set_row_heights(self, count: int) -> None:
        """One line per row; in a wrapping table, each row as tall as its text — measured row
        by row only while the table is small, else two lines (the rest is in the tooltip),
        because measuring a thousand rows would freeze the window."""
        rows = self.table.verticalHeader()
        line = self.fontMetrics().height()
        if self._wrap and count <= WRAP_MEASURED_ROWS:
            rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        else:
            rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            rows.setDefaultSectionSize((2 * line + 8) if self._wrap else (line + 10))

    def _header_need(self, i: int) -> int:
        # Room for the whole header text and the sort arrow beside it.
        metrics = self.table.horizontalHeader().fontMetrics()
        return metrics.horizontalAdvance(self.model.columns[i].header) + 34

    def _size_columns(self) -> None:
        """First widths (before any row): the columns' preferred sizes, headers in full."""
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(40)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        char = max(self.fontMetrics().averageCharWidth(), 6)
        self._base = [max(self._header_need(i), c.width * char + 16)
                      for i, c in enumerate(self.model.columns)]
        self._apply_widths()

    def fit_columns(self) -> None:
        """Widths from what the rows hold, each at most its column's preferred size (longer
        text is elided, or wrapped in a wrapping table), never less than its header."""
        char = max(self.fontMetrics().averageCharWidth(), 6)
        base, content = [], []
        for i, column in enumerate(self.model.columns):
            cap = (column.width or 30) * char + 16
            full = max(self._header_need(i), self._text_width(i) + 14)
            content.append(full)
            base.append(min(full, max(self._header_need(i), cap)))
        self._base, self._content = base, content
        self._apply_widths()

    def _text_width(self, column: int, sample: int = 200) -> int:
        """The widest line among the first rows' cells of a column (measured on the text, not
        the delegate's size hint, which for wrapping cells follows the column's width)."""
        metrics = self.table.fontMetrics()
        widest = 0
        for row in range(min(sample, self.proxy.rowCount())):
            text = self.proxy.index(row, column).data() or ""
            for line in str(text).split("\n"):
                widest = max(widest, metrics.horizontalAdvance(line))
        return widest

    def _stretch_index(self) -> int:
        for i, column in enumerate(self.model.columns):
            if column.stretch:
                return i
        return len(self.model.columns) - 1

    def _apply_widths(self) -> None:
        """Base widths, the spare room of the viewport going to the stretching column."""
        header = self.table.horizontalHeader()
        shown = [not header.isSectionHidden(i) for i in range(len(self._base))]
        widths = list(self._base)
        spare = self._available_width() - sum(w for w, on in zip(widths, shown, strict=True) if on)
        # Spare room first to columns whose text is cut (in a wrapping table, text wraps
        # instead), then to the stretching column.
        for i, full in enumerate([] if self._wrap else self._content):
            if spare <= 0:
                break
            if not shown[i]:
                continue
            extra = min(spare, full - widths[i])
            if extra > 0:
                widths[i] += extra
                spare -= extra
        if spare > 0:
            widths[self._stretch_index()] += spare
        elif spare < 0:
            # Too narrow a window: every column gives up room in proportion to what it has
            # beyond its header, so all stay in view (long texts elided, shown on hover).
            room = [max(0, w - self._header_need(i)) * c.squeeze if shown[i] else 0
                    for i, (w, c) in enumerate(zip(widths, self.model.columns, strict=True))]
            total = sum(room)
            if total > 0:
                share = min(1.0, -spare / total)
                widths = [w - min(int(r * share), w - self._header_need(i))
                          for i, (w, r) in enumerate(zip(widths, room, strict=True))]
                over = sum(w for w, on in zip(widths, shown, strict=True) if on) - self._available_width()
                if over > 0:  # rounding leftovers
                    widest = widths.index(max(widths))
                    widths[widest] -= over
        self._applying = True
        try:
            for i, width in enumerate(widths):
                header.resizeSection(i, width)
        finally:
            self._applying = False

    def _available_width(self) -> int:
        """The table's inner width, less a vertical scroll bar (kept in the sum even while
        hidden, so that rows arriving later never push the last column out of view)."""
        frame = self.table.frameWidth() * 2
        return max(0, self.table.width() - frame - self.table.verticalScrollBar().sizeHint().width())

    def _fit_top(self) -> None:
        """Room first for the whole search hint, then the toolbar (what does not fit folds
        into its » menu), rather than a search box too short to read."""
        margins = self.layout().contentsMargins()
        inner = (self.width() - margins.left() - margins.right() - self.count_label.minimumWidth()
                 - 3 * self.layout().spacing())
        folded = self.toolbar.minimumSizeHint().width()
        search = max(200, min(SEARCH_WIDTH, inner - folded))
        self.search.setMinimumWidth(search)
        self.toolbar.setMaximumWidth(max(folded, inner - search))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._fit_top()
        super().resizeEvent(event)
        self._apply_widths()
        if self.empty_label.isVisible():  # (an empty table has no scroll bars to move it)
            self._place_empty()

    def set_column_hidden(self, column: int, hidden: bool) -> None:
        """Hide or show a column, its room going to the others (not taken for a clerk's drag)."""
        if self.table.isColumnHidden(column) == hidden:
            return
        self._applying = True
        try:
            self.table.setColumnHidden(column, hidden)
        finally:
            self._applying = False
        self._apply_widths()

    def cut_headers(self) -> list[str]:
        """Headers whose text is wider than their column (what a test checks: none)."""
        header = self.table.horizontalHeader()
        metrics = header.fontMetrics()
        return [c.header for i, c in enumerate(self.model.columns)
                if header.sectionSize(i) < metrics.horizontalAdvance(c.header) + 12]
