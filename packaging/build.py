"""Builds the one-folder program with PyInstaller and smoke-tests it.

    python3 dev.py build            build into dist/tdkt, report its size, run the smoke test
    python3 dev.py build --no-smoke build only

The smoke test starts the built program offscreen on a fresh demo office, waits until the main
window is up, and quits; then it writes a demo data file with the built program's `demo`
subcommand and checks it with its `check` subcommand. On Windows, the same spec is used and
packaging/windows/tdkt.iss turns dist\\tdkt into an installer (see README).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist" / "tdkt"
EXE = DIST / ("tdkt.exe" if os.name == "nt" else "tdkt")


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def build() -> None:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
                    "--distpath", str(ROOT / "dist"), "--workpath", str(ROOT / "build"),
                    str(ROOT / "packaging" / "tdkt.spec")], check=True, cwd=ROOT)
    size = folder_size(DIST) / 1024 / 1024
    print(f"Đã đóng gói vào {DIST} trong {time.perf_counter() - started:.0f} giây; "
          f"dung lượng {size:.0f} MB")
    qt = DIST / "_internal" / "PySide6"
    if qt.exists():
        modules = sorted(p.name.split(".")[0] for p in qt.glob("Qt*.*") if p.suffix in (".so", ".pyd", ".abi3"))
        print("Các mô-đun Qt có trong gói:", ", ".join(sorted(set(modules))))


def smoke() -> int:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        env["TDKT_DATA_DIR"] = tmp
        steps = [
            ([str(EXE), "--version"], "TĐKT"),
            ([str(EXE), "--demo", "--quit-after", "2"], "Cửa sổ chính đã mở"),
            ([str(EXE), "demo", "--db", str(Path(tmp) / "mau.db")], "Đã ghi dữ liệu mẫu"),
            ([str(EXE), "check", "--db", str(Path(tmp) / "mau.db")], "Kết quả: TỐT"),
        ]
        for cmd, expected in steps:
            started = time.perf_counter()
            result = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8",
                                    env=env, timeout=300)
            took = time.perf_counter() - started
            ok = result.returncode == 0 and expected in result.stdout
            print(f"{'ĐẠT' if ok else 'LỖI'} ({took:.1f} s): {' '.join(cmd[1:])}")
            if not ok:
                print(result.stdout[-2000:], result.stderr[-2000:], sep="\n")
                return 1
    print("Kiểm tra nhanh gói chương trình: ĐẠT")
    return 0


def main(argv: list[str]) -> int:
    if "--smoke-only" not in argv:
        if shutil.which("pyinstaller") is None and not (Path(sys.executable).parent / "pyinstaller").exists():
            print("Thiếu PyInstaller: chạy `python3 dev.py build` để cài.")
            return 2
        build()
    if "--no-smoke" in argv:
        return 0
    return smoke()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
