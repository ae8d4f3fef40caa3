"""The table panel: accent-insensitive search, the count, sorting in Vietnamese order, the
rows an export reads, activation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt

from app.text import fold
from ui.search_proxy import matching, narrows
from ui.table_model import Column, RowTableModel, col, format_value, money, sort_ranks
from ui.table_panel import DEBOUNCE_MS, INSTANT_ROWS, TablePanel


@dataclass(slots=True)
class Row:
    name: str
    unit: str
    when: dt.date | None
    count: int
    search: str = ""

    def __post_init__(self):
        self.search = fold(f"{self.name} {self.unit}")


ROWS = [
    Row("Nguyễn Văn An", "UBND xã Bản Bo", dt.date(2025, 3, 1), 3),
    Row("Đặng Thị Hồng", "Phòng Nội vụ", dt.date(2024, 12, 20), 12),
    Row("Dương Văn Bình", "Đăng ký thi đua", None, 1),
    Row("Nguyễn Văn Đức", "UBND xã Khun Há", dt.date(2025, 1, 5), 7),
    Row("Lò Thị Mai", "UBND thị trấn Tam Đường", dt.date(2023, 6, 30), 2),
]
COLUMNS = [col("Họ và tên", "name", width=20), col("Đơn vị", "unit", width=20),
           col("Ngày", "when"), col("Số lượng", "count")]


@pytest.fixture
def panel(qtbot):
    widget = TablePanel("Danh sách thử", COLUMNS)
    qtbot.addWidget(widget)
    widget.resize(900, 400)
    widget.show()
    widget.set_rows(ROWS)
    return widget


def shown_names(panel):
    return [r.name for r in panel.shown_rows()]


@pytest.mark.parametrize("query, expected", [
    ("nguyen van", ["Nguyễn Văn An", "Nguyễn Văn Đức"]),
    ("Nguyễn Văn", ["Nguyễn Văn An", "Nguyễn Văn Đức"]),
    ("NGUYEN   van  duc", ["Nguyễn Văn Đức"]),
    ("dang ky", ["Dương Văn Bình"]),  # matches the unit column's "Đăng ký"
    ("đặng", ["Đặng Thị Hồng", "Dương Văn Bình"]),  # folded: "Đăng ký" too
    ("van ban bo", ["Nguyễn Văn An"]),  # words may come from different columns
    ("không có ai", []),
])
def test_search_with_and_without_diacritics(panel, query, expected):
    panel.set_search(query)
    assert shown_names(panel) == expected
    assert panel.proxy.rowCount() == len(expected)
    assert panel.count_label.text() == f"Hiển thị {len(expected)}/5"


def test_clearing_the_search_shows_everything_again(panel):
    panel.set_search("mai")
    assert panel.count_label.text() == "Hiển thị 1/5"
    panel.search.clear()
    panel.flush_search()
    assert panel.count_label.text() == "Hiển thị 5/5"


def test_typing_filters_small_tables_at_once(panel, qtbot):
    qtbot.keyClicks(panel.search, "lo thi")
    assert shown_names(panel) == ["Lò Thị Mai"]


def test_typing_over_a_large_table_waits_for_a_pause(qtbot):
    panel = TablePanel("Lớn", COLUMNS)
    qtbot.addWidget(panel)
    many = [Row(f"Người {i}", "Xã Bản Hon" if i % 2 else "Xã Nà Tăm", None, i)
            for i in range(INSTANT_ROWS + 10)]
    panel.set_rows(many)
    qtbot.keyClicks(panel.search, "ban hon")
    assert panel.proxy.rowCount() == len(many)  # not yet: the debounce timer runs
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == (INSTANT_ROWS + 10) // 2,
                    timeout=DEBOUNCE_MS * 20)
    assert panel.count_label.text() == "Hiển thị 1.505/3.010"


def test_header_click_sorts_in_vietnamese_order_with_empty_last(panel):
    panel.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    # Vietnamese dictionary order: D before Đ, L before N.
    assert shown_names(panel) == ["Dương Văn Bình", "Đặng Thị Hồng", "Lò Thị Mai",
                                  "Nguyễn Văn An", "Nguyễn Văn Đức"]
    panel.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    assert [r.when for r in panel.shown_rows()][-1] is None
    assert shown_names(panel)[0] == "Nguyễn Văn An"
    panel.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    assert [r.count for r in panel.shown_rows()] == [1, 2, 3, 7, 12]  # numbers, not text


def test_sort_survives_a_search_and_new_rows(panel):
    panel.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    panel.set_search("nguyen")
    assert shown_names(panel) == ["Nguyễn Văn Đức", "Nguyễn Văn An"]
    panel.set_rows(list(reversed(ROWS)))  # a reload keeps the clerk's order and search
    assert shown_names(panel) == ["Nguyễn Văn Đức", "Nguyễn Văn An"]


def test_visible_table_gives_raw_values_in_view_order(panel):
    panel.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    panel.set_search("thi")
    title, headers, rows = panel.visible_table()
    assert title == "Danh sách thử"
    assert headers == ["Họ và tên", "Đơn vị", "Ngày", "Số lượng"]
    assert rows == [["Lò Thị Mai", "UBND thị trấn Tam Đường", dt.date(2023, 6, 30), 2],
                    ["Đặng Thị Hồng", "Phòng Nội vụ", dt.date(2024, 12, 20), 12],
                    ["Dương Văn Bình", "Đăng ký thi đua", None, 1]]


def test_cells_show_dates_as_dd_mm_yyyy_and_numbers_right_aligned(panel):
    model = panel.proxy
    first = next(i for i in range(model.rowCount()) if panel.proxy.row_at(i).name == "Nguyễn Văn An")
    assert model.index(first, 2).data() == "01/03/2025"
    assert model.index(first, 3).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert format_value(None) == "" and money(1410000) == "1.410.000"


def test_double_click_emits_the_row(panel, qtbot):
    panel.set_search("lo thi mai")
    with qtbot.waitSignal(panel.row_activated) as signal:
        panel.table.doubleClicked.emit(panel.proxy.index(0, 1))
    assert signal.args[0].name == "Lò Thị Mai"


def test_toolbar_buttons_run_their_slot(panel):
    seen = []
    action = panel.add_action("Xuất Excel", lambda: seen.append(panel.visible_table()[0]))
    action.trigger()
    assert seen == ["Danh sách thử"]
    assert action in panel.toolbar.actions()


def test_headers_are_never_cut(panel):
    assert panel.cut_headers() == []
    panel.resize(300, 300)  # even squeezed, each column keeps its header readable
    assert panel.cut_headers() == []


def test_matching_needs_every_word_and_narrows_while_typing():
    texts = ["nguyen van an", "nguyen thi mai", "lo van duc"]
    assert matching(texts, ["van", "nguyen"]) == [0]
    assert matching(texts, []) == [0, 1, 2]
    assert matching(texts, ["van a"[:3]], among=[0, 1]) == [0]  # only earlier hits looked at
    assert narrows(["ngu"], ["nguyen", "v"]) and not narrows(["nguyen"], ["ngu"])
    assert not narrows([], ["a"])


def test_sort_ranks_orders_texts_the_vietnamese_way_and_keeps_empty_cells_apart():
    assert sort_ranks(["Đức", "Dũng", None, "An", ""]) == [2, 1, None, 0, None]
    assert sort_ranks([dt.date(2025, 1, 2), None, dt.date(2024, 5, 1)]) == [1, None, 0]
    assert sort_ranks([(2, "b"), (1, "z")], natural=True) == [1, 0]


def test_model_columns_with_own_sort_and_color(qtbot):
    columns = [Column("Tên", lambda r: r.name, sort=lambda r: -r.count,
                      color=lambda r: "#b00020" if r.count > 5 else None)]
    model = RowTableModel(columns)
    model.set_rows(ROWS)
    model.sort(0)
    assert [model.row_at(i).count for i in range(5)] == [12, 7, 3, 2, 1]
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b00020"
    assert model.index(4, 0).data(Qt.ItemDataRole.ForegroundRole) is None


def test_wrapping_rows_fit_their_text_while_the_table_is_small(qtbot):
    from PySide6.QtWidgets import QHeaderView

    from ui.table_panel import WRAP_MEASURED_ROWS

    panel = TablePanel("Bọc dòng", COLUMNS, wrap=True)
    qtbot.addWidget(panel)
    rows = panel.table.verticalHeader()
    panel.set_rows(ROWS)
    assert rows.sectionResizeMode(0) == QHeaderView.ResizeMode.ResizeToContents
    many = [Row(f"Người {i}", "Xã", None, i) for i in range(WRAP_MEASURED_ROWS + 1)]
    panel.set_rows(many)  # measuring every row of a big table would freeze the window
    assert rows.sectionResizeMode(0) == QHeaderView.ResizeMode.Fixed
    assert rows.defaultSectionSize() >= 2 * panel.fontMetrics().height()


def test_columns_fit_new_rows_until_the_clerk_resizes_one(panel):
    header = panel.table.horizontalHeader()
    long_unit = Row("Lò Văn Hùng", "Trường Phổ thông dân tộc bán trú Trung học cơ sở Sùng Phài", None, 1)
    before = header.sectionSize(1)
    panel.set_rows([*ROWS, long_unit])
    assert header.sectionSize(1) > before  # refitted to the longer text
    header.resizeSection(0, 300)  # the clerk drags a column
    panel.set_rows(ROWS)
    assert header.sectionSize(0) == 300


def test_an_empty_table_says_why(qtbot):
    widget = TablePanel("Danh sách thử", COLUMNS)
    qtbot.addWidget(widget)
    widget.resize(900, 400)
    widget.show()
    assert widget.empty_message() == "" and not widget.empty_label.isVisible()  # nothing asked yet
    widget.set_loading()
    assert widget.empty_label.isVisible() and widget.empty_label.text() == "Đang tải…"
    assert widget.count_label.text() == "Đang tải…" and widget.loading
    widget.set_rows([])
    assert not widget.loading
    assert widget.empty_label.isVisible() and widget.empty_label.text() == "Không có dòng nào"
    assert widget.count_label.text() == "Hiển thị 0/0"
    geometry = widget.empty_label.geometry()
    assert geometry.width() > 600 and geometry.top() >= 0  # across the table, readable


def test_a_search_that_hides_every_row_says_so(panel):
    panel.set_search("khong ai ca")
    assert panel.proxy.rowCount() == 0
    assert panel.empty_label.isVisible()
    assert panel.empty_label.text() == "Không có dòng nào khớp «khong ai ca»"
    panel.set_search("")
    assert not panel.empty_label.isVisible()
    panel.set_loading()  # a reload keeps the rows on screen, no message over them
    assert not panel.empty_label.isVisible() and panel.count_label.text() == "Đang tải…"
    panel.set_rows(ROWS)
    assert panel.count_label.text() == "Hiển thị 5/5"


def test_a_long_toolbar_folds_before_the_search_box_gets_short(qtbot):
    from ui.table_panel import SEARCH_WIDTH

    widget = TablePanel("Danh sách thử", COLUMNS)
    qtbot.addWidget(widget)
    for i in range(14):
        widget.add_action(f"Việc số {i + 1}", lambda: None)
    widget.resize(1000, 400)
    widget.show()
    assert widget.search.width() >= SEARCH_WIDTH  # its hint reads in full
    assert widget.toolbar.width() < widget.toolbar.sizeHint().width()  # the rest under »
    widget.resize(520, 400)  # a panel beside another: the search box gives way too
    qtbot.wait(10)
    assert 200 <= widget.search.width() < SEARCH_WIDTH


def test_new_rows_sort_again_by_the_same_column(qtbot):
    """Sorting twice by one column is skipped only while the rows are the same ones: new rows
    (a reload) always get sorted, whatever address their list happens to take in memory."""
    columns = [Column("Số", lambda r: r.count)]
    model = RowTableModel(columns)
    for _ in range(50):
        model.set_rows(ROWS)
        model.sort(0)
        assert [model.row_at(i).count for i in range(5)] == [1, 2, 3, 7, 12]
