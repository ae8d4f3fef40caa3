"""Tab "Trang chủ" (the home screen, the first tab): what the clerk should look at this morning
— the year at a glance, what falls due this week or is overdue, dossiers waiting for
appraisal, imports waiting for review. Its content is `app.home.home_summary`, computed on the
database worker (the window paints first; "Đang tải…" shows until it arrives).

A year that has ended shows what of it is still undone, under a banner that offers the
current year (`year_requested(year)`).

A double-click on a line emits `open_requested(kind, id)` ("task", "submission", "dossier",
"import", "follow_up"), for the main window to take the clerk to that record.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.database import Database
from app.first_steps import FirstSteps, first_steps
from app.home import HomeSummary, home_summary
from ui.ops import Ops
from ui.reload_when_shown import ReloadWhenShown
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


class HomeTab(ReloadWhenShown, QWidget):
    TITLE = "Trang chủ"
    AREAS = frozenset({"movements", "blocs", "submissions", "units", "dossiers", "ledger", "awards",
                       "office", "people", "plan", "imports"})

    loaded = Signal()
    open_requested = Signal(str, int)
    year_requested = Signal(int)  # the past-year banner's "Xem năm nay"

    def __init__(self, db: Database, ops: Ops, year: int, parent: QWidget | None = None, *,
                 today: dt.date | None = None):
        super().__init__(parent)
        self.db, self.ops, self.year = db, ops, year
        self.fixed_today = today
        self.summary: HomeSummary | None = None
        self._stale = True
        self._loaded_on: dt.date | None = None
        self._request = 0

        self.heading = QLabel("Trang chủ", self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        # Shown while the content is computed on the worker (the window paints first).
        self.status = QLabel("Đang tải…", self)
        self.status.setStyleSheet("color: #555;")
        self.banner, self.banner_text, self.banner_button = self._banner()
        from ui.first_steps_panel import FirstStepsPanel

        self.first_steps = FirstStepsPanel(self)  # an office new to the program: what to do first
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
            Column("Tình trạng", lambda r: r.when, width=17, color=lambda r: _urgency(r.days_left),
                   sort=lambda r: (r.days_left is None, r.days_left or 0)),
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
            Column("Tình trạng", lambda r: r.when, width=18, color=lambda r: _urgency(r.days_left),
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
        head = QHBoxLayout()
        head.addWidget(self.heading)
        head.addSpacing(12)
        head.addWidget(self.status)
        head.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(head)
        layout.addWidget(self.banner)
        layout.addWidget(self.first_steps)
        layout.addLayout(cards)
        layout.addWidget(split, 1)

    def _banner(self) -> tuple[QFrame, QLabel, QPushButton]:
        """Above a past year's content: what the lists mean, and the way back to this year."""
        frame = QFrame(self)
        frame.setObjectName("pastYear")
        frame.setStyleSheet("#pastYear { background: #fff6dc; border: 1px solid #e3c77a; border-radius: 4px; }")
        text = QLabel(frame)
        text.setWordWrap(True)
        button = QPushButton(frame)
        button.clicked.connect(lambda: self.year_requested.emit(self.today().year))
        row = QHBoxLayout(frame)
        row.setContentsMargins(10, 4, 6, 4)
        row.addWidget(text, 1)
        row.addWidget(button)
        frame.hide()
        return frame, text, button

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

    def needs_reload(self) -> bool:
        # A program left open overnight shows the new day's deadlines.
        return self._stale or self._loaded_on != self.today()

    def reload(self) -> None:
        self._stale = False
        self._request += 1
        request, year, today = self._request, self.year, self.today()
        self.status.setText("Đang tải…")
        self.status.show()
        if self.summary is None:
            for _box, _label, panel in (self.due, self.appraisal, self.imports):
                panel.set_loading()

        def load() -> tuple[HomeSummary, FirstSteps]:
            with self.db.session() as session:
                return home_summary(session, year, today), first_steps(session, year)

        def show(loaded: tuple[HomeSummary, FirstSteps]) -> None:
            if request == self._request:
                summary, steps = loaded
                self._loaded_on = today
                self.first_steps.set_steps(steps)
                self._show(summary)
                self.loaded.emit()

        self.ops.run(load, on_done=show, parent=self)

    # --- showing ---------------------------------------------------------------------------
    def _show(self, s: HomeSummary) -> None:
        self.summary = s
        self.status.hide()
        day = f"{WEEKDAYS[s.today.weekday()]}, ngày {s.today:%d/%m/%Y}"
        g = s.glance
        self.cards["awards"].caption.setText(f"Khen thưởng năm {s.year}")
        self.cards["money"].caption.setText(f"Tiền thưởng năm {s.year}")
        if s.past:
            self.heading.setText(f"Năm {s.year} đã kết thúc — hôm nay {day[0].lower()}{day[1:]}")
            self.banner_text.setText(
                f"Đang xem năm {s.year}: các danh sách dưới đây là những việc của năm {s.year} "
                f"còn tồn đọng (đến hôm nay chưa xong), không phải việc của tuần này.")
            self.banner_button.setText(f"Xem năm {s.today.year}")
            self.banner.show()
            self.cards["overdue"].caption.setText("Việc còn tồn đọng")
            self.cards["overdue"].set(str(len(s.due)), f"của năm {s.year}, đến nay chưa xong",
                                      OVERDUE if s.due else "#2e7d32")
            titles = (f"Việc năm {s.year} còn tồn đọng", f"Hồ sơ năm {s.year} chưa thẩm định xong",
                      f"Tệp nhập năm {s.year} chờ xem xét")
        else:
            self.heading.setText(f"{day} — năm làm việc {s.year}")
            self.banner.hide()
            overdue = s.overdue_count
            self.cards["overdue"].caption.setText("Việc quá hạn")
            self.cards["overdue"].set(str(overdue), f"{len(s.due) - overdue} việc đến hạn trong 7 ngày tới",
                                      OVERDUE if overdue else "#2e7d32")
            titles = ("Đến hạn trong 7 ngày tới và đã quá hạn", "Hồ sơ chờ thẩm định", "Tệp nhập chờ xem xét")
        # Named as the Báo cáo tab and the printed report name them (app/reports).
        by_whom = " · ".join(f"{d.label[:1].lower()}{d.label[1:]} {money(d.total)}" for d in g.deciders)
        self.cards["awards"].set(money(g.awards), f"danh hiệu {money(g.titles)} · hình thức "
                                 f"{money(g.forms)}" + (f" · {g.revoked} đã thu hồi" if g.revoked else "")
                                 + f" — {money(g.people)} người được khen cá nhân"
                                 + (f" — {by_whom}" if by_whom else ""))
        self.cards["dossiers"].set(money(g.dossiers), f"đã quyết định {money(g.dossiers_decided)} · "
                                   f"đang xử lý {money(g.dossiers_open)}")
        self.cards["late"].set(money(g.units_late), "có hồ sơ, báo cáo nộp muộn hoặc quá hạn chưa nộp",
                               OVERDUE if g.units_late else "#2e7d32")
        money_by = " · ".join(f"{d.label[:1].lower()}{d.label[1:]} {money(d.money)}" for d in g.deciders)
        self.cards["money"].set(money(g.money), "đồng (không gồm khen thưởng đã thu hồi)"
                                + (f": {money_by}" if money_by else ""))
        empty = ("Không có việc nào còn tồn đọng." if s.past else "Không có việc nào đến hạn hay quá hạn.",
                 "Không có hồ sơ nào chờ thẩm định.", "Không có tệp nào chờ xem xét.")
        for (box, label, panel), rows, title, nothing in zip(
                (self.due, self.appraisal, self.imports), (s.due, s.appraisal, s.imports), titles, empty,
                strict=True):
            box.title_text = title
            label.setText(f"{title} ({len(rows)})")
            if panel is self.appraisal[2]:
                # A past year's waiting dossiers are all "not appraised yet": the title says
                # so, and the column would only repeat it.
                panel.set_column_hidden(4, s.past)
            panel.title = title
            panel.empty_text = nothing
            panel.set_rows(rows)
