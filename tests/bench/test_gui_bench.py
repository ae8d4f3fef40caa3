"""GUI benchmark on the `--scale 20` demo office (100,000+ ledger rows). Prints figures; never
asserts them (machines differ). Run with `python3 dev.py bench`.

- cold start: a fresh process from interpreter start (imports included: what the clerk waits
  for) to the main window painted and usable, to the home screen's content (computed on the
  worker), then each tab's first paint and first content;
- in process: open the data file, build the main window, first paint of the ledger tab,
  with the real database worker thread;
- each keystroke of "nguyen van" typed into the ledger's search box over all years;
- a click on a column header of the whole ledger.

The data file is built once with `app.demo.write_demo(db, scale=20)` (about ten seconds), or
taken from TDKT_BENCH_DB when set.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
QUERY = "nguyen van"

COLD_START = textwrap.dedent("""
    import time
    t0 = time.perf_counter()
    import json, os, sys
    sys.path.insert(0, {root!r})
    from pathlib import Path
    from app.startup import check_file
    from app.database import open_database
    from ui.launcher import application
    from ui.main_window import MainWindow
    from ui.ops import Ops
    app = application()
    marks = {{"imports": time.perf_counter() - t0}}
    check_file(Path({db!r}))  # what the launcher does before opening (the quick check)
    db = open_database({db!r})
    marks["opened"] = time.perf_counter() - t0
    window = MainWindow(db, Ops(app))
    loaded = set()
    for i in range(window.tabs.count()):
        tab = window.tabs.widget(i)
        if hasattr(tab, "loaded"):
            tab.loaded.connect(lambda tab=tab: loaded.add(tab))
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    window.grab()
    marks["shown"] = time.perf_counter() - t0  # painted, usable; the home content may follow
    first = window.tabs.currentWidget()

    def wait(tab, limit=120):
        end = time.perf_counter() + limit
        while tab not in loaded and time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.001)

    wait(first)
    window.grab()
    marks["first_content"] = time.perf_counter() - t0
    tabs = []
    for i in range(window.tabs.count()):
        tab = window.tabs.widget(i)
        if tab is first:
            continue
        t = time.perf_counter()
        window.tabs.setCurrentIndex(i)
        app.processEvents()
        window.grab()
        painted = time.perf_counter() - t
        wait(tab)
        window.grab()
        tabs.append([window.tabs.tabText(i), painted, time.perf_counter() - t])
    marks["tabs"] = tabs
    marks["ledger_rows"] = window.awards_tab.panel.model.rowCount()
    window.ops.shutdown()
    print(json.dumps(marks))
""")


@pytest.fixture(scope="module")
def bench_db(tmp_path_factory) -> Path:
    given = os.environ.get("TDKT_BENCH_DB")
    if given:
        return Path(given)
    from app.database import open_database
    from app.demo import write_demo

    path = tmp_path_factory.mktemp("bench") / "scale20.db"
    started = time.perf_counter()
    db = open_database(path)
    write_demo(db, scale=20)
    db.dispose()
    print(f"\n[bench] dữ liệu mẫu ×20 ghi trong {time.perf_counter() - started:.1f} s: {path}")
    return path


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def wait_loaded(qtbot, tab, action) -> None:
    """Do `action` and wait until the tab's rows are on screen."""
    with qtbot.waitSignal(tab.loaded, timeout=60_000):
        action()


def test_cold_start(bench_db):
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    out = subprocess.run([sys.executable, "-c", COLD_START.format(root=str(ROOT), db=str(bench_db))],
                         capture_output=True, text=True, env=env, timeout=600)
    assert out.returncode == 0, out.stderr
    marks = json.loads(out.stdout.strip().splitlines()[-1])
    print("\n[bench] khởi động nguội (tiến trình mới, tính cả nạp Python/Qt):")
    print(f"[bench]   nạp mô-đun + QApplication        {marks['imports']:6.2f} s")
    print(f"[bench]   kiểm tra + mở tệp dữ liệu        {marks['opened']:6.2f} s")
    print(f"[bench]   cửa sổ chính hiện, dùng được     {marks['shown']:6.2f} s")
    print(f"[bench]   nội dung Trang chủ hiện          {marks['first_content']:6.2f} s")
    print("[bench]   lần đầu mở từng thẻ (vẽ xong / có nội dung):")
    for title, painted, content in marks["tabs"]:
        print(f"[bench]     {title:24} {ms(painted)} / {ms(content)}")
    print(f"[bench]   ({marks['ledger_rows']:,} dòng sổ khen thưởng năm làm việc)")


def test_open_window_and_ledger(qtbot, bench_db):
    from app.database import open_database
    from ui.main_window import MainWindow
    from ui.ops import Ops

    started = time.perf_counter()
    db = open_database(bench_db)
    opened = time.perf_counter()
    ops = Ops()
    window = MainWindow(db, ops)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    wait_loaded(qtbot, window.tabs.currentWidget(), window.show)  # the tab it opens on
    window.grab()
    first_tab = time.perf_counter()
    wait_loaded(qtbot, window.awards_tab, lambda: window.tabs.setCurrentWidget(window.awards_tab))
    window.grab()
    ledger = time.perf_counter()
    panel = window.awards_tab.panel
    print(f"\n[bench] mở tệp dữ liệu                   {ms(opened - started)}")
    print(f"[bench] cửa sổ chính + thẻ đầu vẽ xong    {ms(first_tab - started)}")
    print(f"[bench] + thẻ Sổ khen thưởng vẽ xong      {ms(ledger - started)} "
          f"({panel.model.rowCount():,} dòng)")
    t = time.perf_counter()
    wait_loaded(qtbot, window.awards_tab, lambda: window.awards_tab.all_years_box.setChecked(True))
    window.grab()
    print(f"[bench] tất cả các năm (nạp nền + vẽ)     {ms(time.perf_counter() - t)} "
          f"({panel.model.rowCount():,} dòng)")
    ops.shutdown()
    db.dispose()


def test_typing_in_the_ledger_search(qtbot, bench_db):
    from PySide6.QtCore import Qt

    from app.database import open_database
    from ui.main_window import MainWindow
    from ui.ops import Ops

    db = open_database(bench_db)
    window = MainWindow(db, Ops(inline=True))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.tabs.setCurrentWidget(window.awards_tab)
    window.awards_tab.all_years_box.setChecked(True)
    panel = window.awards_tab.panel
    total = panel.model.rowCount()
    print(f"\n[bench] gõ «{QUERY}» vào ô tìm kiếm của sổ khen thưởng ({total:,} dòng):")
    times = []
    for i in range(1, len(QUERY) + 1):
        text = QUERY[:i]
        t = time.perf_counter()
        panel.search.setText(text)
        panel.flush_search()  # what the debounce timer does after the pause
        qtbot.wait(0)
        panel.table.viewport().repaint()
        elapsed = time.perf_counter() - t
        times.append(elapsed)
        print(f"[bench]   {text!r:14} {ms(elapsed)}  → {panel.proxy.rowCount():,} dòng")
    print(f"[bench]   chậm nhất {ms(max(times))}, trung bình {ms(sum(times) / len(times))} "
          f"(+ {panel._timer.interval()} ms chờ ngừng gõ)")
    t = time.perf_counter()
    panel.search.clear()
    panel.flush_search()
    print(f"[bench]   xóa ô tìm kiếm {ms(time.perf_counter() - t)}")
    for column, name in ((0, "tên người được khen"), (8, "ngày quyết định")):
        t = time.perf_counter()
        panel.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
        qtbot.wait(0)
        print(f"[bench]   sắp xếp theo {name:22} {ms(time.perf_counter() - t)}")
    db.dispose()
