"""Tab "Trang chủ" (the home screen, the first tab): what the clerk should look at this morning
— the year at a glance, what falls due this week or is overdue, dossiers waiting for
appraisal, imports waiting for review. Its content is `app.home.home_summary`.

A double-click on a line emits `open_requested(kind, id)` ("task", "submission", "dossier",
"import"), for the main window to take the clerk to that record.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.database import Database
from app.home import HomeSummary, home_summary
from ui.ops import Ops
from ui.table_model import CENTER, Column, col, money
from ui.table_panel import TablePanel

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
OVERDUE = "#b00020"
SOON = "#a35200"  # today or tomorrow


def _urgency(days: int | None) -> str | None:
    if days is None:
        return None
    return OVERDUE if days < 0 else (SOON if days <= 1 else None)


class Card(QFrame):
    """A figure at a glance: a big number, what it counts, and a line of detail."""

    def __init__(self, caption: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        self.setStyleSheet("#card { background: #f4f7fb; border: 1px solid #c9d6e6; border-radius: 6px; }")
        self.value = QLabel("—", self)
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        self.value.setFont(font)
        self.value.setStyleSheet("color: #1f4e8c;")
        self.caption = QLabel(caption, self)
        self.caption.setStyleSheet("font-weight: bold;")
        self.detail = QLabel("", self)
        self.detail.setStyleSheet("color: #555;")
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(1)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)

    def set(self, value: str, detail: str = "", color: str | None = None) -> None:
        self.value.setText(value)
        self.value.setStyleSheet(f"color: {color or '#1f4e8c'};")
        self.detail.setText(detail)


class HomeTab(QWidget):
    TITLE = "Trang chủ"
    AREAS = frozenset({"movements", "blocs", "submissions", "units", "dossiers", "ledger", "awards",
                       "office"})

    loaded = Signal()
    open_requested = Signal(str, int)

    def __init__(self, db: Database, ops: Ops, year: int, parent: QWidget | None = None, *,
                 today: dt.date | None = None):
        super().__init__(parent)
        self.db, self.ops, self.year = db, ops, year
        self.fixed_today = today
        self.summary: HomeSummary | None = None
        self._stale = True
        self._loaded_on: dt.date | None = None
        self._request = 0

        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.cards = {key: Card(caption, self) for key, caption in (
            ("overdue", "Việc quá hạn"), ("awards", "Khen thưởng trong năm"),
            ("dossiers", "Hồ sơ đề nghị khen thưởng"), ("late", "Đơn vị nộp muộn, chưa nộp"),
            ("money", "Tiền thưởng trong năm"))}
        cards = QGridLayout()
        cards.setSpacing(8)
        for i, card in enumerate(self.cards.values()):
            cards.addWidget(card, 0, i)

        self.due = self._section("Đến hạn trong 7 ngày tới và đã quá hạn", [
            col("Hạn", "due_on", width=12, align=CENTER),
            Column("Thời hạn", lambda r: r.when, width=17, color=lambda r: _urgency(r.days_left),
                   sort=lambda r: r.days_left),
            col("Loại việc", "what", width=14),
            col("Nội dung", "title", width=70, stretch=True),
            col("Chi tiết", "detail", width=40),
        ], lambda r: (r.kind, r.ref_id), wrap=True)
        self.appraisal = self._section("Hồ sơ chờ thẩm định", [
            col("Số hồ sơ", "number", width=14),
            col("Đơn vị", "unit", width=28, stretch=True),
            col("Trạng thái", "status", width=15),
            col("Hạn xử lý", "due_on", width=12, align=CENTER,
                tooltip=lambda r: f"Nhận ngày {r.received_on:%d/%m/%Y}; {r.nominees} đề nghị"),
            Column("Thời hạn", lambda r: r.when, width=18, color=lambda r: _urgency(r.days_left),
                   sort=lambda r: (r.days_left is None, r.days_left or 0)),
        ], lambda r: ("dossier", r.id))
        self.imports = self._section("Tệp nhập chờ xem xét", [
            col("Đơn vị", "unit", width=30, stretch=True),
            col("Loại hồ sơ", "kind", width=20),
            col("Năm", "year", width=6, align=CENTER),
            col("Ngày nhận", "received_on", width=12, align=CENTER),
            Column("Lần nộp", lambda r: r.version, width=7, align=CENTER),
            Column("Cảnh báo", lambda r: r.problems or "", width=8, align=CENTER),
        ], lambda r: ("import", r.id))
        self.panel = self.due[2]  # the screen's main list (what generic tab code reads)

        # The week's deadlines across the whole width (their texts are long); below them the
        # two waiting lists side by side.
        bottom = QSplitter(Qt.Orientation.Horizontal, self)
        bottom.addWidget(self.appraisal[0])
        bottom.addWidget(self.imports[0])
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.due[0])
        split.addWidget(bottom)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.heading)
        layout.addLayout(cards)
        layout.addWidget(split, 1)

    def _section(self, title: str, columns, target, wrap: bool = False) -> tuple[QWidget, QLabel, TablePanel]:
        box = QWidget(self)
        label = QLabel(title, box)
        label.setStyleSheet("font-weight: bold; font-size: 11pt;")
        panel = TablePanel(title, columns, box, wrap=wrap,
                           row_color=lambda r: OVERDUE if getattr(r, "days_left", None) is not None
                           and r.days_left < 0 else None)
        # Short lists: no search box or count line, just the rows.
        panel.search.hide()
        panel.count_label.hide()
        panel.toolbar.hide()
        panel.row_activated.connect(lambda row: self.open_requested.emit(*target(row)))
        top = QHBoxLayout()
        top.setContentsMargins(4, 4, 4, 0)
        top.addWidget(label)
        top.addStretch(1)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(panel, 1)
        box.title_text = title
        return box, label, panel

    # --- what the main window calls --------------------------------------------------------
    def today(self) -> dt.date:
        return self.fixed_today or dt.date.today()

    def set_year(self, year: int) -> None:
        if year != self.year:
            self.year = year
            self.invalidate()

    def on_changed(self, areas: set[str]) -> None:
        if self.AREAS & set(areas):
            self.invalidate()

    def invalidate(self) -> None:
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        # A program left open overnight shows the new day's deadlines.
        if self._stale or self._loaded_on != self.today():
            self.reload()

    def reload(self) -> None:
        self._stale = False
        self._request += 1
        request, year, today = self._request, self.year, self.today()

        def load() -> HomeSummary:
            with self.db.session() as session:
                return home_summary(session, year, today)

        def show(summary: HomeSummary) -> None:
            if request == self._request:
                self._loaded_on = today
                self._show(summary)
                self.loaded.emit()

        self.ops.run(load, on_done=show, parent=self)

    # --- showing ---------------------------------------------------------------------------
    def _show(self, s: HomeSummary) -> None:
        self.summary = s
        self.heading.setText(f"{WEEKDAYS[s.today.weekday()]}, ngày {s.today:%d/%m/%Y} — "
                             f"năm làm việc {s.year}")
        g = s.glance
        overdue = s.overdue_count
        self.cards["overdue"].set(str(overdue), f"{len(s.due) - overdue} việc đến hạn trong 7 ngày tới",
                                  OVERDUE if overdue else "#2e7d32")
        self.cards["awards"].set(money(g.awards), f"danh hiệu {money(g.titles)} · hình thức "
                                 f"{money(g.forms)}" + (f" · {g.revoked} đã thu hồi" if g.revoked else ""))
        self.cards["dossiers"].set(money(g.dossiers), f"đã quyết định {money(g.dossiers_decided)} · "
                                   f"đang xử lý {money(g.dossiers_open)}")
        self.cards["late"].set(money(g.units_late), "có hồ sơ, báo cáo nộp muộn hoặc quá hạn chưa nộp",
                               OVERDUE if g.units_late else "#2e7d32")
        self.cards["money"].set(money(g.money), "đồng (không gồm khen thưởng đã thu hồi)")
        for (box, label, panel), rows in ((self.due, s.due), (self.appraisal, s.appraisal),
                                          (self.imports, s.imports)):
            label.setText(f"{box.title_text} ({len(rows)})")
            panel.set_rows(rows)
