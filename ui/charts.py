"""Biểu đồ: small helpers over Qt Charts for the reports tab and the home screen.

- `bar_chart(title, categories, sets)`: grouped or stacked bars, vertical or horizontal;
- `line_chart(title, categories, series)`: a line per series, points marked;
- `ChartPanel`: a chart with "Sao chép hình" (clipboard) and "Lưu PNG…" buttons, and the same
  two actions on its right-click menu;
- `bar_values(chart)` / `line_values(chart)`: what a chart shows, read back from its series
  (tests compare them with the figures).

Qt Charts comes from the PySide6-Addons wheel.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QLocale, QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

ROW_HEIGHT = 22  # pixels per category of a horizontal bar chart
# A palette that stays readable when printed in grey: dark blue, orange, green, red ...
PALETTE = ["#1f5fa8", "#e07b00", "#2e8b57", "#c0392b", "#7b4fa0", "#8c6d31", "#0f8b8d",
           "#d4a017", "#5d6d7e", "#b03a78"]


def _color(i: int) -> QColor:
    return QColor(PALETTE[i % len(PALETTE)])


def nice_axis(value: float, ticks: int = 6) -> tuple[float, float]:
    """(maximum, step) of a value axis with round steps (1, 2, 2.5, 5 × 10ⁿ) just above
    `value`, so the top bar never touches the frame and the labels read 0, 20, 40 ..."""
    if value <= 0:
        return 1.0, 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for factor in (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10):
        step = max(1.0, factor * magnitude) if value >= 1 else factor * magnitude
        top = step * (math.floor(value * 1.05 / step) + 1)
        if top / step <= ticks:
            return float(top), float(step)
    return float(value * 1.1), float(value * 1.1 / ticks)


def _value_axis(top: float, *, integer: bool, title: str, max_value: float | None) -> QValueAxis:
    axis = QValueAxis()
    high, step = nice_axis(top if max_value is None else max_value)
    if max_value is not None:
        high = max(max_value, top)
    axis.setRange(0, high)
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(step)
    # With localised numbers Qt Charts accepts only the f/e/g forms ("%d" shows nothing).
    axis.setLabelFormat("%.0f" if integer or step >= 1 else "%.1f")
    if title:
        axis.setTitleText(title)
    return axis


def _new_chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = QFont(chart.titleFont())
    font.setBold(True)
    font.setPointSizeF(max(font.pointSizeF(), 10))
    chart.setTitleFont(font)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)  # no flicker on reload
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    # Numbers the Vietnamese way on axes and point labels: 8,42 and 1.200.
    chart.setLocalizeNumbers(True)
    chart.setLocale(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    return chart


def bar_chart(title: str, categories: Sequence[str], sets: Sequence[tuple[str, Sequence[float]]],
              *, stacked: bool = False, horizontal: bool = False, integer: bool = True,
              value_title: str = "", max_value: float | None = None,
              legend: bool | None = None) -> QChart:
    """Bars: one QBarSet per (name, values), one category per value; the legend shows when
    there are several sets (or when `legend` says so)."""
    chart = _new_chart(title)
    kinds = {(False, False): QBarSeries, (True, False): QStackedBarSeries,
             (False, True): QHorizontalBarSeries, (True, True): QHorizontalStackedBarSeries}
    series = kinds[(stacked, horizontal)]()
    for i, (name, values) in enumerate(sets):
        bar = QBarSet(name)
        bar.append([float(v or 0) for v in values])
        bar.setColor(_color(i))
        bar.setBorderColor(_color(i))
        series.append(bar)
    chart.addSeries(series)
    labels = QBarCategoryAxis()
    labels.append([str(c) for c in categories])
    if stacked:
        top = max([sum(float(s[1][i] or 0) for s in sets) for i in range(len(categories))] or [0])
    else:
        top = max([float(v or 0) for _n, vs in sets for v in vs] or [0])
    values = _value_axis(top, integer=integer, title=value_title, max_value=max_value)
    if horizontal:
        font = QFont(labels.labelsFont())
        font.setPointSizeF(max(7.0, font.pointSizeF() - 1))
        labels.setLabelsFont(font)
    chart.addAxis(labels, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(values, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(labels)
    series.attachAxis(values)
    chart.legend().setVisible(len(sets) > 1 if legend is None else legend)
    return chart


def line_chart(title: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]],
               *, value_title: str = "", max_value: float | None = None) -> QChart:
    """Lines over categories (years); a None value leaves a gap (no point)."""
    chart = _new_chart(title)
    labels = QBarCategoryAxis()
    labels.append([str(c) for c in categories])
    top = max([float(v) for _n, vs in series for v in vs if v is not None] or [0])
    values = _value_axis(top, integer=False, title=value_title, max_value=max_value)
    chart.addAxis(labels, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    for i, (name, points) in enumerate(series):
        line = QLineSeries()
        line.setName(name)
        line.setPointsVisible(True)
        line.setPointLabelsVisible(True)
        line.setPointLabelsFormat("@yPoint")
        line.setPointLabelsClipping(False)
        pen = line.pen()
        pen.setWidth(3)
        pen.setColor(_color(i))
        line.setPen(pen)
        for x, y in enumerate(points):
            if y is not None:
                # Category axes place category i at x = i.
                line.append(QPointF(x, float(y)))
        chart.addSeries(line)
        line.attachAxis(labels)
        line.attachAxis(values)
    chart.legend().setVisible(len(series) > 1)
    return chart


def empty_chart(title: str, message: str) -> QChart:
    """A chart with nothing to draw says why in its title (no blank frame)."""
    return _new_chart(f"{title}\n({message})")


def bar_values(chart: QChart) -> dict[str, list[float]]:
    """{set name: values} of every bar set in a chart."""
    result = {}
    for series in chart.series():
        if isinstance(series, (QBarSeries, QStackedBarSeries, QHorizontalBarSeries,
                               QHorizontalStackedBarSeries)):
            for bar in series.barSets():
                result[bar.label()] = [bar.at(i) for i in range(bar.count())]
    return result


def bar_categories(chart: QChart) -> list[str]:
    for axis in chart.axes():
        if isinstance(axis, QBarCategoryAxis):
            return list(axis.categories())
    return []


def line_values(chart: QChart) -> dict[str, list[tuple[float, float]]]:
    """{series name: [(x, y) ...]} of every line in a chart."""
    return {s.name(): [(p.x(), p.y()) for p in s.points()]
            for s in chart.series() if isinstance(s, QLineSeries)}


def horizontal_rows(chart: QChart) -> float:
    """How many label rows a horizontal bar chart needs (0 for other charts): one per
    category, a little more when bars stand side by side."""
    for series in chart.series():
        if isinstance(series, QHorizontalStackedBarSeries):
            return len(bar_categories(chart))
        if isinstance(series, QHorizontalBarSeries):
            return len(bar_categories(chart)) * (1 + 0.5 * (len(series.barSets()) - 1))
    return 0


class ChartPanel(QWidget):
    """A chart view with its copy and save buttons."""

    def __init__(self, parent: QWidget | None = None, *, file_stem: str = "BieuDo"):
        super().__init__(parent)
        self.file_stem = file_stem
        self.view = QChartView(self)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumSize(360, 240)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        self.copy_button = QPushButton("Sao chép hình", self)
        self.copy_button.setToolTip("Chép biểu đồ vào bộ nhớ tạm để dán vào Word, Excel")
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        self.save_button = QPushButton("Lưu PNG…", self)
        self.save_button.setToolTip("Lưu biểu đồ thành tệp ảnh PNG")
        self.save_button.clicked.connect(lambda: self.save_png())
        self.extra = QHBoxLayout()  # room for a chooser (the bloc chart's "Khối:")
        self.extra.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addLayout(self.extra)
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def chart(self) -> QChart:
        return self.view.chart()

    def set_chart(self, chart: QChart) -> None:
        """Show a chart; a horizontal one gets the height its categories need, since Qt Charts
        elides the labels of categories that lack height."""
        rows = horizontal_rows(chart)
        self.view.setMinimumHeight(max(240, int(ROW_HEIGHT * rows) + 150) if rows else 240)
        old = self.view.chart()
        self.view.setChart(chart)
        if old is not None and old is not chart:
            old.deleteLater()  # QChartView does not delete the chart it let go

    def add_chooser(self, label: str, widget: QWidget) -> None:
        self.extra.addWidget(QLabel(label, self))
        self.extra.addWidget(widget)

    def image(self, scale: float = 2.0) -> QImage:
        """The chart as drawn on screen, at `scale`× its pixels (sharp when pasted or printed)."""
        size = self.view.size()
        pixmap = QPixmap(int(size.width() * scale), int(size.height() * scale))
        pixmap.setDevicePixelRatio(scale)
        pixmap.fill(Qt.GlobalColor.white)
        # QWidget's render (the view as on screen), not QGraphicsView's (the bare scene).
        QWidget.render(self.view, pixmap)
        return pixmap.toImage()

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setImage(self.image())

    def save_png(self, path: str | None = None) -> str | None:
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(self, "Lưu biểu đồ", f"{self.file_stem}.png",
                                                        "Ảnh PNG (*.png)")
            if not path:
                return None
        if not path.lower().endswith(".png"):
            path += ".png"
        if not self.image().save(path, "PNG"):
            from app.errors import FileProblem
            from ui.ops import show_failure

            show_failure(FileProblem(f"Không ghi được tệp ảnh {path}."), self)
            return None
        return path

    def _menu(self, pos) -> None:
        menu = QMenu(self)
        menu.addAction("Sao chép hình", self.copy_to_clipboard)
        menu.addAction("Lưu thành tệp PNG…", lambda: self.save_png())
        menu.exec(self.view.mapToGlobal(pos))


# --- The reports' charts: each built from app/reports figures -------------------------------

LATE_TOP = 10  # the late-submissions chart shows the units with most late or missing items


def forms_per_year_chart(series) -> QChart:
    """Awards per year by form (hình thức khen thưởng), stacked; titles are another chart."""
    title = f"Hình thức khen thưởng theo năm ({_years_text(series.years)})"
    sets = [(s.name, s.values) for s in series.forms]
    if not sets:
        return empty_chart(title, "chưa có khen thưởng theo hình thức")
    return bar_chart(title, [str(y) for y in series.years], sets, stacked=True,
                     value_title="Lượt khen thưởng")


def titles_per_year_chart(series) -> QChart:
    title = f"Danh hiệu thi đua theo năm ({_years_text(series.years)})"
    sets = [(s.name, s.values) for s in series.titles]
    if not sets:
        return empty_chart(title, "chưa có danh hiệu thi đua")
    return bar_chart(title, [str(y) for y in series.years], sets, stacked=True,
                     value_title="Số danh hiệu")


def direct_share_chart(series) -> QChart:
    """The share of individual awards that went to direct workers, year by year (percent)."""
    title = f"Tỷ lệ người lao động trực tiếp được khen ({_years_text(series.years)})"
    if not any(series.individuals):
        return empty_chart(title, "chưa có khen thưởng cá nhân")
    top = max((v for v in series.direct_share if v is not None), default=0)
    return line_chart(title, [str(y) for y in series.years],
                      [("% khen thưởng cá nhân là người lao động trực tiếp", series.direct_share)],
                      value_title="%", max_value=10.0 if top < 9 else None)


def late_chart(submissions, short_names: dict[int, str] | None = None) -> QChart:
    """Units with something late or missing, most first (top LATE_TOP), two stacked sets."""
    title = "Đơn vị nộp muộn, chưa nộp"
    rows = sorted((s for s in submissions if s.late_or_missing),
                  key=lambda s: (-s.late_or_missing, -s.missing))[:LATE_TOP]
    if not rows:
        return empty_chart(title, "không có đơn vị nào nộp muộn hay chưa nộp")
    rows.reverse()  # a horizontal chart draws the first category at the bottom
    names = [(short_names or {}).get(s.unit_id) or s.unit for s in rows]
    chart = bar_chart(title, names, [("Nộp muộn", [s.late for s in rows]),
                                     ("Quá hạn chưa nộp", [s.missing for s in rows])],
                      stacked=True, horizontal=True, value_title="Số hồ sơ, báo cáo")
    return chart


def bloc_chart(standings, short_names: dict[int, str] | None = None) -> QChart:
    """A bloc's member units with their self-score and the agreed score."""
    if standings is None:
        return empty_chart("Điểm thi đua của khối", "chưa chọn khối thi đua")
    title = f"Điểm thi đua: {standings.name} năm {standings.year}"
    rows = [u for u in standings.units if u.score is not None]
    if not rows:
        return empty_chart(title, "các đơn vị chưa chấm điểm")
    rows = list(reversed(rows))  # best at the top of a horizontal chart
    agreed = [u.agreed_total is not None for u in rows]
    if all(agreed):  # both, to see where the bloc corrected a unit's own scoring
        sets = [("Tự chấm", [u.self_total or 0 for u in rows]),
                ("Khối thống nhất", [u.agreed_total for u in rows])]
    elif any(agreed):  # a missing agreed score must not read as a zero
        sets = [("Điểm khối thống nhất (đơn vị chưa thống nhất: điểm tự chấm)",
                 [u.score for u in rows])]
    else:
        sets = [("Điểm tự chấm", [u.self_total for u in rows])]
    top = standings.max_points or None
    highest = max(v for _n, vs in sets for v in vs)
    names = [(short_names or {}).get(u.unit_id) or u.unit for u in rows]
    return bar_chart(title, names, sets, horizontal=True, integer=False, legend=True,
                     value_title="Điểm", max_value=max(top or 0, highest) or None)


def _years_text(years) -> str:
    years = list(years)
    if not years:
        return ""
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
