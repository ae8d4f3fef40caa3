"""Small pieces the dossier screens share: verdict colours, a read-only table that takes rows
of texts, the question that asks for a reason, and running one write then reloading.

A verdict is always shown as colour AND text (a colour alone says nothing to a colour-blind
clerk or on a grey printout): green "Đủ điều kiện", red "Không đủ điều kiện", amber "Chưa đủ
dữ liệu", with the first reason that decided it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHeaderView,
    QInputDialog,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.errors import ConflictError, UserError
from app.text import fold
from ui.ops import reload_after_conflict, show_failure

# (text colour, background) per verdict and per reason outcome.
VERDICT_COLORS = {"meets": ("#1b6e35", "#e2f3e7"), "fails": ("#a8001c", "#fde6ea"),
                  "unknown": ("#7a4f00", "#fff2d0"), "": ("#555555", "#f2f2f2")}
OUTCOME_COLORS = {"ok": "#1b6e35", "fail": "#a8001c", "unknown": "#7a4f00", "info": "#555555"}
OUTCOME_MARKS = {"ok": "✓", "fail": "✗", "unknown": "?", "info": "•"}
APPRAISAL_COLORS = {"approved": "#1b6e35", "rejected": "#a8001c", "returned": "#7a4f00",
                    "withdrawn": "#888888"}


def deciding_reason(reasons: list[dict], verdict: str) -> dict | None:
    """The reason to show beside the verdict: the first failure, else the first doubt."""
    wanted = {"fails": "fail", "unknown": "unknown"}.get(verdict)
    return next((r for r in reasons if r.get("outcome") == wanted), None) if wanted else None


def verdict_item(verdict: str, text: str, reasons: list[dict]) -> QTableWidgetItem:
    """A table cell: "Không đủ điều kiện — <first failing reason>", coloured, with every reason
    in the tooltip."""
    first = deciding_reason(reasons, verdict)
    item = QTableWidgetItem(f"{text} — {first['message']}" if first else (text or "Chưa xét"))
    fg, bg = VERDICT_COLORS.get(verdict, VERDICT_COLORS[""])
    item.setForeground(QBrush(QColor(fg)))
    item.setBackground(QBrush(QColor(bg)))
    item.setToolTip("\n".join(f"{OUTCOME_MARKS.get(r.get('outcome'), '•')} {r['message']} "
                              f"[{r.get('basis', '')}]" for r in reasons))
    return item


def reasons_html(reasons: list[dict]) -> str:
    """Every reason on its own line: mark and message in its colour, the article in grey, a link
    to the recorded fact it rests on (`fact:kind:id`), and the fact still to enter when missing."""
    if not reasons:
        return "<i>Chưa xét điều kiện.</i>"
    lines = []
    for r in reasons:
        outcome = r.get("outcome", "fail")
        color = OUTCOME_COLORS.get(outcome, "#333333")
        fact = r.get("fact") or {}
        link = (f" <a href='fact:{fact.get('kind')}:{fact.get('id')}'>xem dữ kiện</a>"
                if fact.get("kind") and fact.get("kind") != "nominee" else "")
        wanted = (f"<br><span style='color:#7a4f00'>&nbsp;&nbsp;&nbsp;Cần nhập: {_escape(r['missing'])}</span>"
                  if r.get("missing") else "")
        lines.append(f"<div style='margin-bottom:4px'><span style='color:{color};font-weight:bold'>"
                     f"{OUTCOME_MARKS.get(outcome, '•')}</span> <span style='color:{color}'>"
                     f"{_escape(r.get('message', ''))}</span>{link}<br><span style='color:#666666'>"
                     f"&nbsp;&nbsp;&nbsp;Căn cứ: {_escape(r.get('basis', '') or '—')}</span>{wanted}</div>")
    return "".join(lines)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def make_table(parent: QWidget, headers: Sequence[str], stretch: int = -1) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    if stretch >= 0:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def fill_row(table: QTableWidget, row: int, values: Sequence, data: object = None) -> None:
    """Put texts (or ready QTableWidgetItems) in a row; `data` rides on the first cell."""
    for column, value in enumerate(values):
        item = value if isinstance(value, QTableWidgetItem) else QTableWidgetItem("" if value is None else str(value))
        if column == 0 and data is not None:
            item.setData(Qt.ItemDataRole.UserRole, data)
        table.setItem(row, column, item)


def row_data(table: QTableWidget) -> object:
    """The data of the selected row's first cell, or None."""
    row = table.currentRow()
    item = table.item(row, 0) if row >= 0 else None
    return item.data(Qt.ItemDataRole.UserRole) if item else None


def ask_text(parent: QWidget, title: str, label: str, text: str = "") -> str | None:
    """A reason or a note, typed by the clerk; None when cancelled."""
    value, ok = QInputDialog.getMultiLineText(parent, title, label, text)
    return value.strip() if ok else None


def pick_item(parent: QWidget, title: str, label: str, items: list[str], current: int = 0) -> str | None:
    """One of `items`, chosen by the clerk; None when cancelled."""
    value, ok = QInputDialog.getItem(parent, title, label, items, current, False)
    return value if ok else None



class MessageBar:
    """A line at the bottom of a dossier screen for what just happened or why it was refused
    (red): the clerk sees the reason where they clicked, without a box to dismiss."""

    def __init__(self, label):
        self.label = label
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.clear()

    def clear(self) -> None:
        self.label.setText("")
        self.label.setVisible(False)

    def done(self, text: str) -> None:
        self.label.setStyleSheet("color:#1b6e35;padding:4px;")
        self.label.setText(text)
        self.label.setVisible(True)

    def refused(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            show_failure(exc, self.label.window())
            return
        self.label.setStyleSheet("color:#a8001c;font-weight:bold;padding:4px;background:#fde6ea;")
        self.label.setText(exc.message)
        self.label.setVisible(True)
        if isinstance(exc, ConflictError):
            reload_after_conflict(self.label.window())  # someone else's change: show it now


FOLDED_ROLE = Qt.ItemDataRole.UserRole + 7


class FoldingCompleter(QCompleter):
    """Completion that ignores accents and case and matches anywhere in the text: typing
    `ban bo` or `Bản Bo` offers "UBND xã Bản Bo"."""

    def __init__(self, texts: Sequence[str], parent: QWidget | None = None):
        model = QStandardItemModel(parent)
        for text in texts:
            item = QStandardItem(text)
            item.setData(fold(text), FOLDED_ROLE)
            model.appendRow(item)
        super().__init__(model, parent)
        self.setCompletionRole(FOLDED_ROLE)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 - Qt's name
        return [fold(path)]

    def pathFromIndex(self, index) -> str:  # noqa: N802 - Qt's name
        return index.data(Qt.ItemDataRole.DisplayRole)
