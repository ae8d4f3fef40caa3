#!/usr/bin/env python3
"""Bootstrap for a fresh machine: the two README commands live here.

    python3 dev.py demo    create .venv, install TĐKT, open it on the demo office
    python3 dev.py test    create .venv, install TĐKT with test tools, run the tests
    python3 dev.py bench   run the benchmarks in tests/bench (prints figures)
    python3 dev.py build   build the one-folder program with PyInstaller (packaging/)

Only the standard library is used here, so it runs before anything is installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
# System libraries some tests use (rendering PDFs to PNG, a real X display). Qt itself runs
# offscreen from PyPI wheels, so these are a convenience, installed only where apt-get can.
APT_PACKAGES = ["poppler-utils", "libegl1", "libgl1", "libxkbcommon0", "libfontconfig1", "libdbus-1-3"]


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def run(cmd: list[str], **kw) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.call([str(c) for c in cmd], **kw)


def ensure_venv(extras: str = "") -> Path:
    py = venv_python()
    if not py.exists():
        print("Tạo môi trường ảo .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    target = f".[{extras}]" if extras else "."
    stamp = VENV / f".installed-{extras or 'base'}"
    marker = (ROOT / "pyproject.toml").stat().st_mtime
    if not stamp.exists() or stamp.stat().st_mtime < marker:
        rc = run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", "-e", target], cwd=ROOT)
        if rc != 0:
            sys.exit(rc)
        stamp.touch()
    return py


def ensure_system_packages() -> None:
    """Install the Debian packages tests use, when this is a Debian machine run by root."""
    if not sys.platform.startswith("linux") or shutil.which("apt-get") is None:
        return
    missing = [p for p in APT_PACKAGES if subprocess.call(
        ["dpkg", "-s", p], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) != 0]
    if not missing:
        return
    sudo = [] if os.geteuid() == 0 else (["sudo", "-n"] if shutil.which("sudo") else None)
    if sudo is None:
        print("Thiếu gói hệ thống (không cài được tự động):", " ".join(missing))
        return
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run(sudo + ["apt-get", "update", "-qq"], env=env)
    run(sudo + ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], env=env)


def main(argv: list[str]) -> int:
    cmd = argv[0] if argv else "demo"
    rest = argv[1:]
    if cmd == "demo":
        py = ensure_venv()
        return run([py, "-m", "app", "--demo", *rest], cwd=ROOT)
    if cmd == "test":
        ensure_system_packages()
        py = ensure_venv("test")
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        return run([py, "-m", "pytest", *rest], cwd=ROOT, env=env)
    if cmd == "bench":
        py = ensure_venv("test")
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        return run([py, "-m", "pytest", "-s", "-q", "tests/bench", *rest], cwd=ROOT, env=env)
    if cmd == "build":
        py = ensure_venv("build")
        return run([py, str(ROOT / "packaging" / "build.py"), *rest], cwd=ROOT)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
