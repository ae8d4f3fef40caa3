"""An on-screen table of a past year exported to Excel carries that year's date (as its printed
forms do), never the computer's later clock."""

from __future__ import annotations

import openpyxl


def test_a_past_years_table_is_dated_within_its_year(demo_window, tmp_path):
    from app.dates import clock
    from ui.excel_export import export_panel

    assert demo_window._year == 2025 and clock().year > 2025  # the demo's year has ended
    panel = demo_window.awards_tab.panel if hasattr(demo_window.awards_tab, "panel") else None
    panel = panel or demo_window.movements_tab.panel
    written = export_panel(panel, tmp_path / "so.xlsx")
    sheet = openpyxl.load_workbook(written).worksheets[0]
    dated = [str(c.value) for row in sheet.iter_rows() for c in row if c.value and ", ngày " in str(c.value)]
    assert dated and dated[0].endswith("ngày 31 tháng 12 năm 2025"), dated
