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


def matching(searches: list[str], words: list[str]) -> list[bool]:
    """For each folded text, whether it contains every word (narrowing word by word)."""
    if not words:
        return [True] * len(searches)
    first, rest = words[0], words[1:]
    mask = [first in s for s in searches]
    for word in rest:
        mask = [m and word in s for m, s in zip(mask, searches, strict=True)]
    return mask


class SearchProxy(QSortFilterProxyModel):
    """Filters a RowTableModel by its rows' `search` attribute."""

    def __init__(self, parent=None, attr: str = "search"):
        super().__init__(parent)
        self._attr = attr
        self._words: list[str] = []
        self._mask: list[bool] | None = None
        self._mask_rows: list | None = None  # the source list the mask was made for
        self.setDynamicSortFilter(False)

    def source(self) -> RowTableModel:
        return self.sourceModel()

    @property
    def words(self) -> list[str]:
        return list(self._words)

    def set_query(self, text: str) -> None:
        words = query_words(text)
        if words == self._words:
            return
        self._words = words
        self._mask = None
        self._mask_rows = None
        # invalidate() rebuilds the mapping in one go; the per-row removals that a filter
        # change emits are several times slower on large tables.
        self.invalidate()

    def _current_mask(self) -> list[bool] | None:
        rows = self.source().rows()
        if self._mask_rows is not rows:
            self._mask_rows = rows
            self._mask = (matching([getattr(r, self._attr) for r in rows], self._words)
                          if self._words else None)
        return self._mask

    def filterAcceptsRow(self, source_row, source_parent) -> bool:  # noqa: N802 - Qt's name
        mask = self._mask if self._mask_rows is self.sourceModel().rows() else self._current_mask()
        return True if mask is None else mask[source_row]

    def sort(self, column, order=Qt.SortOrder.AscendingOrder) -> None:
        """A header click: the source sorts itself; the proxy keeps the source's order."""
        self.source().sort(column, order)

    def row_at(self, proxy_row: int):
        return self.index(proxy_row, 0).data(ROW_ROLE)
