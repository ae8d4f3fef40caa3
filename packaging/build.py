"""Builds the one-folder program with PyInstaller and smoke-tests it.

    python3 dev.py build                build into dist/tdkt, report size and contents, smoke test
    python3 dev.py build --no-smoke     build only
    python3 dev.py build --smoke-only   smoke-test what dist/tdkt already holds

The smoke test runs the built program as a clerk's PC would, offscreen, in a throwaway data
folder: `--version`; the window on a fresh demo office (`--demo --quit-after 2`: it must say
"Cửa sổ chính đã mở" and exit 0); then `demo --db` writes a data file and `check`, `export`,
`import --dry-run` and `print` (a report; certificates with an emblem image) work on it — so the
bundle's database migrations, Excel writer and reader, PDF fonts, Pillow and catalogue data are
all proven present. Exit code 0 only if all pass.

On Windows the same spec also builds tdkt-cli.exe (a console twin of tdkt.exe, which has none),
the smoke test uses it, and packaging/windows/tdkt.iss turns dist\\tdkt into an installer
(see the README).
"""

from __future__ import annotations

import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist" / "tdkt"
WINDOWS = os.name == "nt"
# The console program: on Windows tdkt.exe has no console, so its output cannot be read.
CLI = DIST / ("tdkt-cli.exe" if WINDOWS else "tdkt")


def folder_size(path: Path) -> int:
    """Bytes on disk, a symlinked library counted once (PyInstaller links Qt's on Linux)."""
    return sum(f.lstat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def qt_contents(dist: Path) -> dict[str, list[str]]:
    """Qt's Python modules, libraries and plugins the bundle carries."""
    qt = next((p for p in dist.rglob("PySide6") if p.is_dir()), None)
    if qt is None:
        return {}
    modules = sorted({p.name.split(".")[0] for p in qt.glob("Qt*.*") if p.suffix in (".so", ".pyd")})
    libs = sorted({p.name.split(".")[0].removeprefix("lib") for p in dist.rglob("*Qt6*")
                   if p.suffix in (".dll", ".6") or ".so." in p.name})
    plugins = sorted(f"{p.parent.name}/{p.name.split('.')[0].removeprefix('lib')}"
                     for p in qt.rglob("plugins/*/*") if p.is_file())
    return {"Mô-đun Python": modules, "Thư viện Qt": libs, "Plugin Qt": plugins}


def build() -> float:
    if importlib.util.find_spec("PyInstaller") is None:
        print("Thiếu PyInstaller: chạy `python3 dev.py build` (tự cài) thay vì gọi thẳng tệp này.")
        raise SystemExit(2)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                    "--distpath", str(ROOT / "dist"), "--workpath", str(ROOT / "build"),
                    str(ROOT / "packaging" / "tdkt.spec")], check=True, cwd=ROOT)
    took = time.perf_counter() - started
    print(f"Đã đóng gói vào {DIST} trong {took:.0f} giây.")
    return took


def report() -> None:
    size = folder_size(DIST) / 1024 / 1024
    files = sum(1 for f in DIST.rglob("*") if f.is_file())
    print(f"Dung lượng gói: {size:.0f} MB, {files} tệp.")
    for title, names in qt_contents(DIST).items():
        print(f"{title} ({len(names)}): {', '.join(names)}")


def smoke_steps(tmp: Path) -> list[tuple[list[str], str]]:
    data = tmp / "mau.db"
    return [
        (["--version"], "TĐKT"),
        (["--demo", "--quit-after", "2"], "Cửa sổ chính đã mở"),
        (["demo", "--db", str(data)], "Đã ghi dữ liệu mẫu"),
        (["check", "--db", str(data)], "Kết quả: TỐT"),
        (["export", "ledger", "--year", "2025", "--db", str(data), "-o", str(tmp / "so.xlsx")], "Đã xuất"),
        (["import", str(tmp / "so.xlsx"), "--kind", "ledger", "--db", str(data), "--dry-run", "--json"],
         '"rows_read"'),
        (["print", "report", "--year", "2025", "--db", str(data), "-o", str(tmp / "bao-cao.pdf")], "Đã in"),
        (["print", "certificates", "--db", str(data), "-o", str(tmp / "giay-khen.pdf")], "Đã in"),
    ]


def give_emblem(data: Path) -> None:
    """The office's emblem image, as the settings dialog stores it: the certificates then carry a
    PNG, which reportlab reads with Pillow (so the bundle's Pillow is proven too)."""
    con = sqlite3.connect(data)
    with con:
        con.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                    ("printing.emblem_image", json.dumps(str(ROOT / "resources" / "icons" / "tdkt.png"))))
    con.close()


def smoke() -> int:
    started = time.perf_counter()
    if not CLI.exists():
        print(f"Không thấy {CLI}: chưa đóng gói.")
        return 1
    pdfium = [p for p in DIST.rglob("*pdfium*") if p.suffix in (".so", ".dll", ".dylib")]
    if not pdfium:
        print("LỖI: gói thiếu thư viện PDFium (xem trước bản in).")
        return 1
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TDKT_DATA_DIR=str(tmp / "data"))
        for args, expected in smoke_steps(tmp):
            step = time.perf_counter()
            result = subprocess.run([str(CLI), *args], capture_output=True, text=True,
                                    encoding="utf-8", errors="replace", env=env, timeout=300)
            took = time.perf_counter() - step
            if args[0] == "demo" and result.returncode == 0:
                give_emblem(tmp / "mau.db")
            ok = (result.returncode == 0 and expected in result.stdout
                  and "Traceback" not in result.stderr)
            print(f"{'ĐẠT' if ok else 'LỖI'} ({took:.1f} s): tdkt {' '.join(args)}")
            if not ok:
                print(f"mã thoát {result.returncode}", result.stdout[-2000:], result.stderr[-3000:],
                      sep="\n")
                return 1
        if not (tmp / "bao-cao.pdf").read_bytes().startswith(b"%PDF"):
            print("LỖI: tệp PDF in ra không hợp lệ.")
            return 1
        if b"/Subtype /Image" not in (tmp / "giay-khen.pdf").read_bytes():
            print("LỖI: giấy khen in ra thiếu hình quốc huy (Pillow trong gói?).")
            return 1
    print(f"Kiểm tra nhanh gói chương trình: ĐẠT ({time.perf_counter() - started:.0f} giây)")
    return 0


def main(argv: list[str]) -> int:
    for stream in (sys.stdout, sys.stderr):  # Vietnamese on a Windows console or a CI log
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    if "--smoke-only" not in argv:
        build()
    report()
    if "--no-smoke" in argv:
        return 0
    return smoke()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
