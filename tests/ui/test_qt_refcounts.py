"""Guard on the Qt binding itself: PySide6 6.12.0 (on Python 3.11, where None is mortal)
dropped a reference to None each time Qt called a Python override that returned None — every
table model's data() — and the program crashed after a while ("none_dealloc"). An upgrade of
PySide6 must keep these counts still."""

from __future__ import annotations

import sys

from PySide6.QtCore import QAbstractTableModel, QSortFilterProxyModel, Qt


class NoneModel(QAbstractTableModel):
    def rowCount(self, parent=None):  # noqa: N802
        return 10

    def columnCount(self, parent=None):  # noqa: N802
        return 2

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return None


class Filter(QSortFilterProxyModel):
    def filterAcceptsRow(self, row, parent):  # noqa: N802
        return row % 2 == 0


def test_python_overrides_returning_none_or_bools_keep_their_references(qtbot):
    model = NoneModel()
    index = model.index(0, 0)
    proxy = Filter()
    proxy.setSourceModel(model)
    counts = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    for _ in range(2000):
        index.data(Qt.ItemDataRole.DecorationRole)
    for _ in range(200):
        proxy.invalidate()
        proxy.rowCount()
    after = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    assert all(abs(b - a) < 100 for a, b in zip(counts, after, strict=True)), (counts, after)
