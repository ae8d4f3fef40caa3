"""Start-up stays light: opening the main window on an up-to-date data file loads neither the
workbook, PDF nor migration libraries, nor hashes a password; each loads when first used."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ["openpyxl", "reportlab", "PIL", "alembic", "mako"]

START = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, {root!r})
    from pathlib import Path
    from app.startup import open_for_work
    from ui.launcher import application
    from ui.main_window import MainWindow
    from ui.ops import Ops
    app = application()
    place = open_for_work(Path({db!r}))
    window = MainWindow(place.db, Ops(inline=True))
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    import app.users
    loaded = {{m: m in sys.modules for m in {heavy!r}}}
    loaded["password hash"] = app.users._dummy_hash.cache_info().currsize > 0
    window.close()
    place.close()
    print(json.dumps(loaded))
""")


def test_opening_the_window_loads_no_heavy_library(demo_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", START.format(root=str(ROOT), db=str(demo_path), heavy=HEAVY)],
                         capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert [name for name, yes in loaded.items() if yes] == []


def test_export_loads_the_workbook_library_when_used(window, tmp_path):
    panel = window.movements_tab.panel
    window.tabs.setCurrentWidget(window.movements_tab)
    from ui.excel_export import export_panel

    written = export_panel(panel, tmp_path / "phong-trao.xlsx")
    assert written.exists() and "openpyxl" in sys.modules
