"""Tab "Báo cáo": the year's figures (or a range of years'), for everyone or one unit, bloc or
movement — tables of figures, charts that follow the same filters, export to Excel, print.

Everything shown comes from app/reports in one load on the database worker: the figures
(`year_figures`), the per-year series for the charts (`year_series`), a bloc's standings, and
the filter choices. The tables are the report's own tables (app/reports/tables.py), the same
ones the Excel export writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import or_, select

from app.database import Database
from app.office import year_choices
from app.reports import YearFigures, YearSeries, bloc_standings, year_figures, year_series
from app.reports.series import BlocStandings
from app.reports.tables import TOTAL, ReportTable, report_tables
from app.text import fold, sort_key
from db.models import Award, Bloc, Movement, Unit
from ui import charts
from ui.ops import Ops
from ui.reload_when_shown import ReloadWhenShown
from ui.table_model import Column, money
from ui.table_panel import TablePanel

CHART_YEARS = 5  # a one-year report's charts show the years up to it


@dataclass
class Choices:
    units: list[tuple[int, str, str]] = field(default_factory=list)  # id, name, short name
    blocs: list[tuple[int, str]] = field(default_factory=list)
    movements: list[tuple[int, str]] = field(default_factory=list)
    first_award_year: int | None = None


@dataclass
class Loaded:
    figures: YearFigures
    series: YearSeries
    standings: BlocStandings | None
    choices: Choices


def load_choices(session, first: int, last: int) -> Choices:
    """Units (active, and merged ones for their history), the blocs of the last year, the
    movements running in the range."""
    units = session.execute(select(Unit.id, Unit.name, Unit.short_name, Unit.active, Unit.sort_order)
                            .where(Unit.kind != "authority")).all()
    units = sorted(units, key=lambda u: (not u.active, u.sort_order or 0, sort_key(u.name)))
    blocs = session.execute(select(Bloc.id, Bloc.name).where(Bloc.year == last)).all()
    start, end = dt.date(first, 1, 1), dt.date(last, 12, 31)
    movements = session.execute(select(Movement.id, Movement.name).where(
        or_(Movement.start_date.is_(None), Movement.start_date <= end),
        or_(Movement.end_date.is_(None), Movement.end_date >= start))).all()
    first_award = session.scalar(select(Award.year).order_by(Award.year).limit(1))
    return Choices(
        units=[(u.id, u.name + ("" if u.active else " (đã sáp nhập)"), u.short_name or u.name)
               for u in units],
        blocs=sorted(((b.id, b.name) for b in blocs), key=lambda b: sort_key(b[1])),
        movements=sorted(((m.id, m.name) for m in movements), key=lambda m: sort_key(m[1])),
        first_award_year=first_award)


@dataclass(slots=True)
class ReportRow:
    """A line of a report table as the table panel wants it: values and the folded search text."""

    values: list
    search: str

    @property
    def is_total(self) -> bool:
        return bool(self.values) and self.values[0] == TOTAL


def report_rows(table: ReportTable) -> list[ReportRow]:
    return [ReportRow(list(r), fold(" ".join(str(v) for v in r if isinstance(v, str)))) for r in table.rows]


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".").rstrip("0").rstrip(",")
    if isinstance(value, int) and not isinstance(value, bool):
        return money(value)
    return "" if value is None else str(value)


# Column widths (in average characters) where the default (names wide, numbers as their
# header) reads badly, and which column takes the spare room.
WIDTHS = {"movements": [70, 12, 12, 24, 16, 9, 9, 9, 30]}
STRETCH = {"movements": 8}


def table_columns(table: ReportTable) -> list[Column]:
    """Columns over a report table's rows: names wide, numbers as wide as their header."""
    widths = WIDTHS.get(table.key)
    stretch = STRETCH.get(table.key, 0)
    columns = []
    for i, header in enumerate(table.headers):
        width = widths[i] if widths else (46 if i == 0 else max(9, min(18, len(header) + 2)))
        columns.append(Column(header, lambda r, i=i: r.values[i], width=width, display=_cell,
                              stretch=i == stretch))
    return columns


class ReportsTab(ReloadWhenShown, QWidget):
    TITLE = "Báo cáo"
    AREAS = frozenset({"ledger", "awards", "dossiers", "movements", "blocs", "submissions", "units",
                       "catalog", "office"})

    loaded = Signal()

    def __init__(self, db: Database, ops: Ops, year: int, parent: QWidget | None = None, *,
                 today: dt.date | None = None):
        super().__init__(parent)
        self.db, self.ops = db, ops
        self.today = today
        self.figures: YearFigures | None = None
        self.series: YearSeries | None = None
        self.standings: BlocStandings | None = None
        self.choices = Choices()
        self._stale = True
        self._request = 0
        with db.session() as session:
            years = year_choices(session)
        self.from_box, self.to_box = QComboBox(self), QComboBox(self)
        for box in (self.from_box, self.to_box):
            for y in years:
                box.addItem(str(y), y)
        self.unit_box, self.bloc_box, self.movement_box = QComboBox(self), QComboBox(self), QComboBox(self)
        # Narrow enough for a 1366-pixel screen; the full names are in the lists and tooltips.
        for box, width in ((self.unit_box, 210), (self.bloc_box, 190), (self.movement_box, 210)):
            box.setMinimumWidth(width)
            box.setMaximumWidth(width + 80)
            box.setMaxVisibleItems(25)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.unit_box.addItem("Tất cả đơn vị", None)
        self.bloc_box.addItem("Tất cả khối", None)
        self.movement_box.addItem("Tất cả phong trào", None)
        self.export_button = QPushButton("Xuất cả báo cáo ra Excel…", self)
        self.export_button.setToolTip("Ghi toàn bộ báo cáo (mọi bảng số liệu) ra tệp Excel có tiêu đề hành chính")
        self.export_button.clicked.connect(lambda: self.export_to())
        self.print_button = QPushButton("In báo cáo…", self)
        self.print_button.clicked.connect(self.print_report)
        self.scope_label = QLabel(self)
        self.scope_label.setStyleSheet("color: #444;")
        self.scope_label.setWordWrap(True)

        bar = QHBoxLayout()
        for text, widget in (("Từ năm", self.from_box), ("đến năm", self.to_box),
                             ("Đơn vị", self.unit_box), ("Khối", self.bloc_box),
                             ("Phong trào", self.movement_box)):
            bar.addWidget(QLabel(text, self))
            bar.addWidget(widget)
            bar.addSpacing(6)
        bar.addStretch(1)
        # The buttons share the scope line: the filters alone fill a 1366-pixel row, and the
        # window must still fit narrower screens.
        scope = QHBoxLayout()
        scope.addWidget(self.scope_label, 1)
        scope.addWidget(self.export_button)
        scope.addWidget(self.print_button)

        self.pages = QTabWidget(self)
        self.pages.setDocumentMode(True)
        self.panels: dict[str, TablePanel] = {}
        # The summary's panel exists from the start: it is the tab's main table.
        self.panel = self._panel(ReportTable("summary", "Tổng hợp", ["Chỉ tiêu", "Số liệu"], []))
        self._build_charts()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addLayout(scope)
        layout.addWidget(self.pages, 1)
        self._set_years(year, year)
        for box in (self.from_box, self.to_box, self.unit_box, self.bloc_box, self.movement_box):
            box.currentIndexChanged.connect(self._on_filter)
        self.chart_bloc_box.currentIndexChanged.connect(self._on_filter)
        self._update_print_button()

    # --- building --------------------------------------------------------------------------
    def _build_charts(self) -> None:
        page = QWidget(self)
        grid = QGridLayout(page)
        grid.setContentsMargins(2, 2, 2, 2)
        self.forms_chart = charts.ChartPanel(page, file_stem="HinhThucKhenThuongTheoNam")
        self.direct_chart = charts.ChartPanel(page, file_stem="TyLeLaoDongTrucTiep")
        self.late_chart = charts.ChartPanel(page, file_stem="DonViNopMuon")
        self.bloc_chart = charts.ChartPanel(page, file_stem="DiemThiDuaKhoi")
        self.chart_bloc_box = QComboBox(page)
        self.chart_bloc_box.setMinimumWidth(260)
        self.bloc_chart.add_chooser("Khối:", self.chart_bloc_box)
        grid.addWidget(self.forms_chart, 0, 0)
        grid.addWidget(self.direct_chart, 0, 1)
        grid.addWidget(self.late_chart, 1, 0)
        grid.addWidget(self.bloc_chart, 1, 1)
        grid.setRowStretch(2, 1)
        # Tall horizontal charts (a bloc of 16 units) scroll rather than squeeze their labels.
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        self.charts_page = scroll
        self.pages.addTab(scroll, "Biểu đồ")

    def _panel(self, table: ReportTable) -> TablePanel:
        panel = self.panels.get(table.key)
        if panel is None:
            bold = QFont(self.font())
            bold.setBold(True)
            panel = TablePanel(table.title, table_columns(table), self, wrap=table.key == "movements",
                               row_font=lambda r: bold if r.is_total else None)
            # A report keeps its own order (catalogue, office order) and its "Cộng" line last.
            panel.table.setSortingEnabled(False)
            panel.table.horizontalHeader().setSortIndicatorShown(False)
            self.panels[table.key] = panel
        return panel

    # --- filters ---------------------------------------------------------------------------
    def filters(self) -> dict:
        first, last = self.from_box.currentData(), self.to_box.currentData()
        return {"year": first, "to_year": last, "unit_id": self.unit_box.currentData(),
                "bloc_id": self.bloc_box.currentData(), "movement_id": self.movement_box.currentData()}

    def _set_years(self, first: int, last: int) -> None:
        for box, year in ((self.from_box, first), (self.to_box, last)):
            if box.findData(year) < 0:
                box.addItem(str(year), year)
            box.blockSignals(True)
            box.setCurrentIndex(box.findData(year))
            box.blockSignals(False)

    def set_range(self, first: int, last: int, **filters) -> None:
        """Choose the years and filters in one go (tests, and links from other screens)."""
        self._set_years(first, last)
        for box, key in ((self.unit_box, "unit_id"), (self.bloc_box, "bloc_id"),
                         (self.movement_box, "movement_id")):
            if key in filters:
                self._select(box, filters[key])
        self._update_print_button()
        self.invalidate()

    @staticmethod
    def _select(box: QComboBox, value) -> None:
        box.blockSignals(True)
        box.setCurrentIndex(max(0, box.findData(value)))
        box.blockSignals(False)

    def _on_filter(self, _index: int) -> None:
        first, last = self.from_box.currentData(), self.to_box.currentData()
        if self.sender() is self.from_box and first > last:
            self._set_years(first, first)
        elif self.sender() is self.to_box and last < first:
            self._set_years(last, last)
        if self.sender() is self.bloc_box and self.bloc_box.currentData() is not None:
            self._select(self.chart_bloc_box, self.bloc_box.currentData())
        self._update_print_button()
        self.invalidate()

    def _update_print_button(self) -> None:
        f = self.filters()
        plain = f["year"] == f["to_year"] and not any(f[k] for k in ("unit_id", "bloc_id", "movement_id"))
        self.print_button.setEnabled(plain)
        self.print_button.setToolTip(
            "In báo cáo số liệu của năm (xem trước rồi in hoặc lưu PDF)" if plain
            else "Bản in có cho một năm và toàn bộ đơn vị; bỏ lọc để in.")

    # --- what the main window calls --------------------------------------------------------
    def set_year(self, year: int) -> None:
        self._set_years(year, year)
        self._update_print_button()
        self.invalidate()

    def reload(self) -> None:
        self._stale = False
        self._request += 1
        request, f = self._request, self.filters()
        chart_bloc = self.bloc_box.currentData() or self.chart_bloc_box.currentData()
        today = self.today
        self.scope_label.setText("Đang tính số liệu…")

        def load() -> Loaded:
            with self.db.session() as session:
                choices = load_choices(session, f["year"], f["to_year"])
                figures = year_figures(session, f["year"], to_year=f["to_year"], unit_id=f["unit_id"],
                                       bloc_id=f["bloc_id"], movement_id=f["movement_id"], today=today)
                first = f["year"]
                if first == f["to_year"]:  # one year: its charts show the years leading to it
                    earliest = choices.first_award_year or first
                    first = max(f["to_year"] - CHART_YEARS + 1, min(earliest, first))
                series = year_series(session, first, f["to_year"], unit_id=f["unit_id"],
                                     bloc_id=f["bloc_id"], movement_id=f["movement_id"])
                bloc_ids = [b[0] for b in choices.blocs]
                chosen = chart_bloc if chart_bloc in bloc_ids else (bloc_ids[0] if bloc_ids else None)
                standings = bloc_standings(session, chosen) if chosen is not None else None
                return Loaded(figures, series, standings, choices)

        def show(result: Loaded) -> None:
            if request == self._request:
                self._show(result)
                self.loaded.emit()

        self.ops.run(load, on_done=show, parent=self)

    # --- showing ---------------------------------------------------------------------------
    def _fill(self, box: QComboBox, items, all_text: str) -> None:
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        if all_text:
            box.addItem(all_text, None)
        for value, text in items:
            box.addItem(text, value)
            box.setItemData(box.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
        box.setCurrentIndex(max(0, box.findData(current)))
        box.blockSignals(False)

    def _show(self, result: Loaded) -> None:
        self.figures, self.series, self.standings = result.figures, result.series, result.standings
        self.choices = c = result.choices
        self._fill(self.unit_box, [(u[0], u[1]) for u in c.units], "Tất cả đơn vị")
        self._fill(self.bloc_box, c.blocs, "Tất cả khối")
        self._fill(self.movement_box, c.movements, "Tất cả phong trào")
        self._fill(self.chart_bloc_box, c.blocs, "")
        if result.standings is not None:
            self._select(self.chart_bloc_box, result.standings.bloc_id)
        f = result.figures
        t = f.totals
        by_whom = "; ".join(f"{d.label[:1].lower()}{d.label[1:]}: {money(d.total)} lượt, "
                            f"{money(d.money)} đồng" for d in f.deciders)
        self.scope_label.setText(
            f"Số liệu {f.period} (tính đến ngày {f.as_of:%d/%m/%Y}, theo năm của thành tích) — "
            f"{f.scope}: {money(t.total)} lượt khen thưởng (danh hiệu "
            f"{money(t.titles)}, hình thức {money(t.forms)}; {money(t.people)} người được khen cá nhân), "
            f"tiền thưởng {money(t.money)} đồng" + (f" — {by_whom}" if by_whom else "")
            + (f"; {money(t.revoked)} đã thu hồi, không tính" if t.revoked else "") + ".")
        current = self.pages.currentIndex()
        self.pages.blockSignals(True)
        for i in reversed(range(self.pages.count())):  # keep the charts page, rebuild the tables
            if self.pages.widget(i) is not self.charts_page:
                self.pages.removeTab(i)
        # "Tổng hợp" first, the charts next, then the detailed tables.
        for i, table in enumerate(report_tables(f)):
            panel = self._panel(table)
            panel.title = f"{table.title} — {f.period}"
            panel.set_rows(report_rows(table))
            if i == 0:
                self.pages.insertTab(0, panel, table.title)
            else:
                self.pages.addTab(panel, table.title)
        self.pages.setCurrentIndex(min(max(current, 0), self.pages.count() - 1))
        self.pages.blockSignals(False)
        shorts = {u[0]: u[2] for u in c.units}
        self.forms_chart.set_chart(charts.forms_per_year_chart(result.series))
        self.direct_chart.set_chart(charts.direct_share_chart(result.series))
        self.late_chart.set_chart(charts.late_chart(f.submissions, shorts))
        self.bloc_chart.set_chart(charts.bloc_chart(result.standings, shorts))

    # --- actions ---------------------------------------------------------------------------
    def export_to(self, path: str | None = None) -> None:
        """Write the report shown to an .xlsx file (asks where when no path is given)."""
        if self.figures is None:
            return
        # The workbook library loads on first export, not at the program's start.
        from app.reports.export import default_file_name, write_report

        figures = self.figures
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(self, "Xuất báo cáo ra Excel",
                                                        default_file_name(figures), "Tệp Excel (*.xlsx)")
            if not path:
                return

        def write(progress=None, should_cancel=None):
            with self.db.session() as session:
                return write_report(session, figures, path)

        self.ops.run(write, label="Đang xuất báo cáo…", parent=self,
                     on_done=lambda written: self.scope_label.setText(f"Đã lưu báo cáo: {written}"))

    def print_report(self) -> None:
        from ui.print_preview import open_form

        open_form(self, self.ops, self.db, "report", year=self.filters()["year"])
