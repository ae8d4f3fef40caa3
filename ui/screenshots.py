"""Screenshots of every tab and of the settings dialog, offscreen, for looking at the GUI.

    python -m ui.screenshots OUTDIR --db PATH|postgresql://USER@HOST/DB [--year 2025] [--size 1366x768]

Writes OUTDIR/tab-1-trangchu.png … (a tab with pages of its own — "Đăng ký thi đua", "Công
tác khác", "Báo cáo" — also each page: tab-9-2-kiemtra.png …) and OUTDIR/cai-dat.png. Without
--db it uses a fresh demo office. Runs on the offscreen platform unless QT_QPA_PLATFORM says
otherwise.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _wait(app, tab) -> None:
    for _ in range(200):
        app.processEvents()
        panel = getattr(tab, "panel", None)
        if panel is None or not panel.count_label.text().startswith("Đang"):
            return


def take(out: Path, db_path: Path | str | None, year: int | None = None, size: tuple[int, int] = (1366, 768)) -> list[Path]:
    from app.database import open_database
    from app.text import ascii_filename
    from ui.launcher import application
    from ui.main_window import MainWindow
    from ui.ops import Ops
    from ui.settings_dialog import SettingsDialog

    app = application()
    out.mkdir(parents=True, exist_ok=True)
    if db_path is None:
        from app.demo import write_demo

        db_path = Path(tempfile.mkdtemp(prefix="tdkt-anh-")) / "mau.db"
        db = open_database(db_path)
        write_demo(db)
    else:
        db = open_database(db_path)
    window = MainWindow(db, Ops(inline=True))
    window.resize(*size)
    if year is not None:
        window.set_year(year)
    window.show()
    saved = []
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        tab = window.tabs.widget(i)
        if hasattr(tab, "panel"):
            _wait(app, tab)
        app.processEvents()
        name = ascii_filename(window.tabs.tabText(i)).lower()
        path = out / f"tab-{i + 1}-{name}.png"
        window.grab().save(str(path))
        saved.append(path)
        pages = getattr(tab, "pages", None)
        for j in range(1, pages.count() if pages is not None else 0):
            pages.setCurrentIndex(j)
            _wait(app, pages.widget(j))
            app.processEvents()
            page = ascii_filename(pages.tabText(j)).lower()[:40]
            path = out / f"tab-{i + 1}-{j + 1}-{page}.png"
            window.grab().save(str(path))
            saved.append(path)
        if pages is not None:
            pages.setCurrentIndex(0)
    dialog = SettingsDialog(db, window)
    dialog.show()
    app.processEvents()
    path = out / "cai-dat.png"
    dialog.grab().save(str(path))
    saved.append(path)
    dialog.close()
    window.close()
    db.dispose()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.screenshots",
                                     description="Chụp ảnh các thẻ và hộp thoại Cài đặt.")
    parser.add_argument("out", type=Path, help="thư mục lưu ảnh")
    parser.add_argument("--db", help="tệp dữ liệu hoặc postgresql://TÊN@MÁY-CHỦ/CSDL (mặc định: dữ liệu "
                        "mẫu mới)")
    parser.add_argument("--year", type=int, help="năm hiển thị")
    parser.add_argument("--size", default="1366x768", help="kích thước cửa sổ, ví dụ 1366x768")
    args = parser.parse_args(argv)
    width, height = (int(x) for x in args.size.lower().split("x"))
    target = None
    if args.db:
        from app.server import db_target, use_terminal_prompt

        use_terminal_prompt()  # a server's password, as tdkt asks it
        target = db_target(args.db)  # a server URL as tdkt reads it, never a file named after it
    for path in take(args.out, target, args.year, (width, height)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
