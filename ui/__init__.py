"""TĐKT's desktop GUI (PySide6): windows, tabs, table models, dialogs, background work.

All Qt code lives here; it reaches the office's work only through plain functions in `app/`.

How a screen hooks in (details in each module's docstring):
- a list tab: subclass `ui.list_tab.ListTab` (TITLE, AREAS, `columns()` with
  `ui.table_model.col(...)`, `fetch(session, year)`), then `window.add_tab(tab, tab.TITLE)`;
  any QWidget with `set_year(year)` / `on_changed(areas)` follows the window the same way.
- a menu action: `window.add_menu_action("Dữ liệu", "Nhập Excel…", slot, shortcut="Ctrl+I")`.
- a button over a table: `tab.panel.add_action("Xuất Excel", slot)`; `tab.panel.visible_table()`
  gives (title, headers, raw rows) as shown; `tab.panel.row_activated` gives the row
  double-clicked; `selected_rows()` / `current_row()` the selection.
- an empty table says why by itself ("Đang tải…" after `panel.set_loading()`, `panel.empty_text`,
  "Không có dòng nào khớp «…»"); `panel.set_column_hidden(i, True)` gives a column's room away.
- work off the GUI thread: `window.ops.run(fn, on_done=..., label="Đang …", parent=window)`;
  long housekeeping that must not hold up the screens' loads: `ops.run(fn, aside=True)`.
- after a write: `window.notify_changed({"dossiers", "ledger"})` (the year selector follows too).
- a home-screen line leads to its record through ui/home_links.py (`open_requested(kind, id)`).

Start-up stays light: import workbook, PDF and other heavy libraries inside the function that
needs them, never at a module's top (tests/ui/test_startup_light.py checks).
"""
