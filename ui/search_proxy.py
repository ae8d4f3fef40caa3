"""The search box's filter: every folded word of the query must occur in the row's `search`.

The rows carry their folded text precomputed (`row.search`, made by `app.text.fold`), so a
query is matched against plain lower-case ASCII-like strings: typing `nguyen van` finds
`Nguyễn Văn`, `dang ky` finds `Đăng ký`. The match runs over all rows at once in Python and
`filterAcceptsRow` only reads the result, which keeps typing smooth over 100,000 rows.

Sorting is the source model's job (`RowTableModel.sort`, with cached Vietnamese keys); this
proxy passes a header click on to it and keeps its own order equal to the source's.
"""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt

from app.text import fold
from ui.table_model import ROW_ROLE, RowTableModel


def query_words(text: str) -> list[str]:
    return fold(text).split()


def matching(searches: list[str], words: list[str], among: list[int] | None = None) -> list[int]:
    """Indexes of the folded texts containing every word (only those in `among`, if given)."""
    hits = range(len(searches)) if among is None else among
    for word in words:
        hits = [i for i in hits if word in searches[i]]
    return list(hits)


def narrows(old: list[str], new: list[str]) -> bool:
    """Whether every row matching `new` also matches `old` (typing on: `ngu` → `nguyen v`)."""
    return bool(old) and all(any(o in n for n in new) for o in old)


class SearchProxy(QSortFilterProxyModel):
    """Filters a RowTableModel by its rows' `search` attribute."""

    def __init__(self, parent=None, attr: str = "search"):
        super().__init__(parent)
        self._attr = attr
        self._words: list[str] = []
        self._searches: list[str] = []
        self._hits: list[int] | None = None  # matching source rows; None: no query
        self._mask: list[bool] | None = None
        self.setDynamicSortFilter(False)

    def setSourceModel(self, model: RowTableModel) -> None:  # noqa: N802 - Qt's name
        model.rows_replaced.append(self._rows_replaced)
        model.rows_reordered.append(self._rows_reordered)
        super().setSourceModel(model)
        self._rows_replaced(model.rows())

    def source(self) -> RowTableModel:
        return self.sourceModel()

    @property
    def words(self) -> list[str]:
        return list(self._words)

    def _rows_replaced(self, rows: list) -> None:
        attr = self._attr
        self._searches = [getattr(r, attr) for r in rows]
        self._hits = matching(self._searches, self._words) if self._words else None
        self._make_mask()

    def _rows_reordered(self, positions: list[int]) -> None:
        """A sort: the same rows in a new order (`positions[new] == old`)."""
        searches = self._searches
        self._searches = [searches[i] for i in positions]
        if self._mask is not None:
            mask = self._mask
            self._mask = [mask[i] for i in positions]
            self._hits = [i for i, hit in enumerate(self._mask) if hit]

    def _make_mask(self) -> None:
        if self._hits is None:
            self._mask = None
            return
        mask = [False] * len(self._searches)
        for i in self._hits:
            mask[i] = True
        self._mask = mask

    def set_query(self, text: str) -> None:
        words = query_words(text)
        if words == self._words:
            return
        if not words:
            self._hits = None
        else:
            among = self._hits if self._hits is not None and narrows(self._words, words) else None
            self._hits = matching(self._searches, words, among)
        self._words = words
        self._make_mask()
        # invalidate() rebuilds the mapping in one go; the per-row removals that a filter
        # change emits are several times slower on large tables.
        self.invalidate()

    def filterAcceptsRow(self, source_row, source_parent) -> bool:  # noqa: N802 - Qt's name
        mask = self._mask
        return True if mask is None else mask[source_row]

    def sort(self, column, order=Qt.SortOrder.AscendingOrder) -> None:
        """A header click: the source sorts itself; the proxy keeps the source's order."""
        self.source().sort(column, order)

    def row_at(self, proxy_row: int):
        return self.index(proxy_row, 0).data(ROW_ROLE)
