"""The reports tab on the hand-counted office (tests/app/report_office.py): tables show the
figures, charts show the same numbers as their series, filters drive both, export and PNG."""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))

from report_office import TODAY, build_report_office  # noqa: E402

from app.reports import year_series  # noqa: E402
from ui.charts import bar_categories, bar_values, line_values  # noqa: E402
from ui.reports_tab import ReportsTab  # noqa: E402


@pytest.fixture
def office(db):
    return db, build_report_office(db)


@pytest.fixture
def tab(qtbot, office, ops):
    db, _ids = office
    widget = ReportsTab(db, ops, 2025, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1366, 720)
    widget.show()
    return widget


def page(tab, title):
    for i in range(tab.pages.count()):
        if tab.pages.tabText(i) == title:
            tab.pages.setCurrentIndex(i)
            return tab.pages.widget(i)
    raise AssertionError(f"no page {title}: {[tab.pages.tabText(i) for i in range(tab.pages.count())]}")


def shown(panel) -> dict[str, list[str]]:
    """{first cell: the other cells as displayed} of a table panel."""
    model = panel.proxy
    rows = {}
    for r in range(model.rowCount()):
        cells = [model.index(r, c).data() for c in range(model.columnCount())]
        rows[cells[0]] = cells[1:]
    return rows


def test_titles_and_forms_tables_show_the_figures(tab):
    assert tab.figures.totals.total == 12
    titles = shown(page(tab, "Danh hiệu thi đua"))
    assert titles["Lao động tiên tiến"] == ["2", "0", "0", "2", "710.000"]
    assert titles["Cộng"] == ["3", "3", "1", "7", "6.560.000"]
    forms = shown(page(tab, "Hình thức khen thưởng"))
    assert forms["Giấy khen"] == ["Hình thức khen thưởng", "2", "1", "0", "3", "2.120.000"]
    assert forms["Huân chương Lao động hạng Ba"][0] == "Huân chương"
    assert "Lao động tiên tiến" not in forms and "Giấy khen" not in titles  # never mixed
    panel = page(tab, "Danh hiệu thi đua")
    last = panel.proxy.index(panel.proxy.rowCount() - 1, 0)
    assert last.data() == "Cộng" and last.data(Qt.ItemDataRole.FontRole).bold()
    groups = shown(page(tab, "Theo đối tượng"))
    assert groups["Trong đó: người lao động trực tiếp"] == ["2", "1", "3", "42,86", "2"]  # 3 awards, 2 people
    revoked = shown(page(tab, "Khen thưởng đã thu hồi"))
    assert revoked["Lao động tiên tiến"][-1] == "1"
    assert "12 lượt khen thưởng" in tab.scope_label.text() and "1 đã thu hồi" in tab.scope_label.text()


def test_charts_show_the_figures_series(tab, office):
    db, _ = office
    tab.set_range(2024, 2025)
    with db.session() as s:
        series = year_series(s, 2024, 2025)
    forms = tab.forms_chart.chart()
    assert bar_categories(forms) == ["2024", "2025"]
    assert bar_values(forms) == {s.name: [float(v) for v in s.values] for s in series.forms}
    assert bar_values(forms)["Giấy khen"] == [0.0, 3.0]
    line = line_values(tab.direct_chart.chart())
    assert list(line.values()) == [[(0.0, 100.0), (1.0, 42.86)]]


def test_late_chart_lists_units_late_or_missing(tab, office):
    _db, ids = office
    late = tab.late_chart.chart()
    # Most late-or-missing first, drawn bottom-up: the township (1 late, 1 missing) on top.
    assert bar_categories(late) == ["UBND xã Bản Bo", "UBND xã Nà Tăm", "Phòng Nội vụ",
                                    "UBND thị trấn Tam Đường"]
    assert bar_values(late) == {"Nộp muộn": [1.0, 0.0, 0.0, 1.0],
                                "Quá hạn chưa nộp": [0.0, 1.0, 1.0, 1.0]}
    figures = {s.unit: (s.late, s.missing) for s in tab.figures.submissions}
    assert figures["UBND thị trấn Tam Đường"] == (1, 1)


def test_bloc_chart_shows_scores_without_reading_a_missing_score_as_zero(tab):
    chart = tab.bloc_chart.chart()
    assert bar_categories(chart) == ["UBND xã Bản Bo", "UBND thị trấn Tam Đường"]
    values = bar_values(chart)
    assert list(values.values()) == [[45.0, 90.0]]  # agreed for Bản Bo; own score for the other
    assert "Khối các xã, thị trấn" in chart.title()


def test_filters_drive_tables_and_charts(tab, office):
    _db, ids = office
    tab.set_range(2025, 2025, unit_id=ids["BB"])
    assert tab.figures.scope == "Đơn vị: UBND xã Bản Bo"
    assert (tab.figures.totals.titles, tab.figures.totals.forms) == (3, 1)
    assert bar_values(tab.forms_chart.chart())["Giấy khen"][-1] == 1.0
    assert not tab.print_button.isEnabled()  # the printed report is for the whole office
    tab.unit_box.setCurrentIndex(0)  # "Tất cả đơn vị", as the clerk would
    assert tab.figures.totals.total == 12
    tab.movement_box.setCurrentIndex(tab.movement_box.findData(ids["m1"]))
    assert tab.figures.totals.total == 1
    assert shown(page(tab, "Phong trào thi đua")).keys() == {"Chung tay xóa nhà tạm, nhà dột nát năm 2025"}


def test_year_selector_and_range_boxes(tab):
    tab.set_year(2024)
    assert (tab.figures.first_year, tab.figures.last_year) == (2024, 2024)
    assert tab.figures.totals.total == 1
    tab.to_box.setCurrentIndex(tab.to_box.findData(2025))
    assert tab.figures.period == "giai đoạn 2024 – 2025"
    tab.from_box.setCurrentIndex(tab.from_box.findData(2025) + 1)  # after the end: the end follows
    assert tab.figures.first_year == tab.figures.last_year


def test_export_writes_every_table(tab, tmp_path, qtbot):
    target = tmp_path / "bao-cao.xlsx"
    tab.export_to(str(target))
    book = openpyxl.load_workbook(target)
    assert "Danh hiệu thi đua" in book.sheetnames and "Khen thưởng đã thu hồi" in book.sheetnames
    assert tab.scope_label.text().startswith("Đã lưu báo cáo")


def test_chart_copied_and_saved_as_png(tab, tmp_path):
    page(tab, "Biểu đồ")
    path = tab.forms_chart.save_png(str(tmp_path / "bieu-do"))
    image = QImage(path)
    assert path.endswith(".png") and not image.isNull() and image.width() >= 300
    tab.late_chart.copy_to_clipboard()
    assert not QGuiApplication.clipboard().image().isNull()


def test_screen_grab_of_the_charts(tab, tmp_path):
    page(tab, "Biểu đồ")
    image = tab.grab().toImage()
    assert image.width() == 1366
    # Something is drawn in each chart's area (not a blank page).
    for chart in (tab.forms_chart, tab.direct_chart, tab.late_chart, tab.bloc_chart):
        assert chart.view.isVisible() and chart.chart().series()
