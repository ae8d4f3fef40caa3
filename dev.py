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
# fonts-liberation: Times New Roman's metric twin, so LibreOffice prints the forms at the layout
# Excel shows (without it columns spill onto extra pages and the print tests check the wrong layout).
APT_PACKAGES = ["poppler-utils", "libreoffice-calc-nogui", "fonts-liberation", "libegl1", "libgl1", "libxkbcommon0", "libfontconfig1", "libdbus-1-3"]
# What Qt's window on an X11/Wayland desktop needs beyond the PyPI wheels (Debian names).
GUI_PACKAGES = ["libegl1", "libgl1", "libxkbcommon0", "libxkbcommon-x11-0", "libfontconfig1",
                "libdbus-1-3", "libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1",
                "libxcb-image0", "libxcb-render-util0", "libxcb-shape0", "libxcb-xinerama0"]


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


def ensure_system_packages(packages: list[str] = APT_PACKAGES) -> None:
    """Install the Debian packages tests use, when this is a Debian machine run by root."""
    if not sys.platform.startswith("linux") or shutil.which("apt-get") is None:
        return
    missing = [p for p in packages if subprocess.call(
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


# --- PostgreSQL for the tests on both databases (issue: several PCs, one shared server) ------

PG_USER = "tdkt"


def _as_root_or_sudo() -> list[str] | None:
    if os.name != "nt" and os.geteuid() == 0:
        return []
    return ["sudo", "-n"] if shutil.which("sudo") else None


def _pg_bindir() -> Path | None:
    """The newest Debian PostgreSQL server binaries (/usr/lib/postgresql/N/bin)."""
    found = []
    for bindir in Path("/usr/lib/postgresql").glob("*/bin"):
        if (bindir / "initdb").exists() and (bindir / "pg_ctl").exists():
            try:
                found.append((float(bindir.parent.name), bindir))
            except ValueError:
                continue
    return max(found)[1] if found else None


def _install_postgres() -> str:
    """Install Debian's postgresql package; '' when done, else why not."""
    if not sys.platform.startswith("linux") or shutil.which("apt-get") is None:
        return "không phải máy Debian (không có apt-get)"
    sudo = _as_root_or_sudo()
    if sudo is None:
        return "không có quyền root để cài gói postgresql"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    if run(sudo + ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql"], env=env) != 0:
        run(sudo + ["apt-get", "update", "-qq"], env=env)
        if run(sudo + ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql"], env=env) != 0:
            return "apt-get không cài được gói postgresql"
    return ""


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PgCluster:
    """A throwaway PostgreSQL server on loopback, in a temporary folder, run by an unprivileged
    user. `start()` once made gives (URL, '') or (None, why not); `stop()` and `start()` again
    keep its data (the tests of a server that stops mid-work); `remove()` stops it and deletes
    the folder."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.bindir: Path | None = None
        self.as_user: list[str] = []
        self.port = 0

    def _pg(self, *args) -> int:
        return subprocess.call(self.as_user + [str(a) for a in args], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, cwd=self.folder)

    def _make(self) -> str:
        import tempfile

        self.bindir = _pg_bindir()
        if self.bindir is None:
            why = _install_postgres()
            self.bindir = _pg_bindir()
            if self.bindir is None:
                return why or "không tìm thấy initdb/pg_ctl sau khi cài"
        root = os.name != "nt" and os.geteuid() == 0
        self.as_user = ["runuser", "-u", "nobody", "--"] if root and shutil.which("runuser") else []
        if root and not self.as_user:
            return "cần lệnh runuser để chạy PostgreSQL bằng tài khoản không có quyền root"
        self.folder = Path(tempfile.mkdtemp(prefix="tdkt-pg-"))
        if root:
            shutil.chown(self.folder, "nobody")
        os.chmod(self.folder, 0o755)
        data = self.folder / "data"
        if self._pg(self.bindir / "initdb", "-D", data, "-U", PG_USER, "-A", "trust", "-E", "UTF8",
                    "--locale=C.UTF-8", "--no-sync") != 0:
            self.remove()
            return "initdb thất bại"
        # The program's own account needs no password here; any other account does (the tests
        # of asking for a server password create one).
        (data / "pg_hba.conf").write_text(
            "local all all trust\n"
            f"host all {PG_USER} 127.0.0.1/32 trust\n"
            "host all all 127.0.0.1/32 scram-sha-256\n", encoding="utf-8")
        self.port = _free_port()
        return ""

    def running(self) -> bool:
        return self.folder is not None and self._pg(self.bindir / "pg_ctl", "-D", self.folder / "data",
                                                    "status") == 0

    def start(self) -> tuple[str | None, str]:
        if self.folder is None:
            why = self._make()
            if why:
                return None, why
        elif self.running():
            return self.url, ""
        options = (f"-k {self.folder} -p {self.port} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100")
        if self._pg(self.bindir / "pg_ctl", "-D", self.folder / "data", "-l", self.folder / "server.log",
                    "-w", "-t", "60", "-o", options, "start") != 0:
            return None, "PostgreSQL không khởi động được"
        return self.url, ""

    @property
    def url(self) -> str:
        return f"postgresql://{PG_USER}@127.0.0.1:{self.port}/postgres"

    def stop(self, mode: str = "fast") -> None:
        if self.folder is not None:
            self._pg(self.bindir / "pg_ctl", "-D", self.folder / "data", "-m", mode, "-w", "stop")

    def remove(self) -> None:
        if self.folder is not None:
            self.stop()
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


def start_postgres() -> tuple[str | None, str, object]:
    """A throwaway PostgreSQL server (PgCluster): (URL, '', remove) or (None, why not, None)."""
    cluster = PgCluster()
    url, why = cluster.start()
    if url is None:
        cluster.remove()
    return (url, "", cluster.remove) if url else (None, why, None)


def _parallel(rest: list[str]) -> list[str]:
    """Spread the suite over the machine's cores (pytest-xdist), unless the caller chose
    otherwise (-n N, -p no:xdist) or asked for the benchmarks, whose timings need a quiet machine."""
    if any(a.startswith("-n") or a == "no:xdist" or "bench" in a for a in rest):
        return []
    return ["-n", "auto", "--dist", "loadfile"]


def run_tests(py: Path, rest: list[str]) -> int:
    """The test suite on SQLite, and its database-touching part on a real PostgreSQL server
    when one can be started here (else that part is reported as not run)."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    url, why, stop = (None, "TDKT_NO_PG được đặt", None) if os.environ.get("TDKT_NO_PG") else start_postgres()
    if url:
        print(f"PostgreSQL: máy chủ thử nghiệm tại {url}", flush=True)
        env["TDKT_TEST_PG"] = url
    else:
        env.pop("TDKT_TEST_PG", None)
    try:
        rc = run([py, "-m", "pytest", *_parallel(rest), *rest], cwd=ROOT, env=env)
    finally:
        if stop is not None:
            stop()
    if not url:
        print(f"PostgreSQL: KHÔNG CHẠY các kiểm thử trên máy chủ ({why}); chỉ đã chạy trên SQLite.",
              flush=True)
    return rc


def main(argv: list[str]) -> int:
    cmd = argv[0] if argv else "demo"
    rest = argv[1:]
    if cmd == "demo":
        ensure_system_packages(GUI_PACKAGES)
        py = ensure_venv()
        return run([py, "-m", "app", "--demo", *rest], cwd=ROOT)
    if cmd == "test":
        ensure_system_packages()
        py = ensure_venv("test")
        return run_tests(py, rest)
    if cmd == "bench":
        py = ensure_venv("test")
        return run_tests(py, ["-s", "-q", "tests/bench", *rest])  # on a server too, when one starts
    if cmd == "build":
        if sys.platform.startswith("linux") and shutil.which("objdump") is None:
            ensure_system_packages(["binutils"])  # PyInstaller reads libraries with objdump
        py = ensure_venv("build")
        return run([py, str(ROOT / "packaging" / "build.py"), *rest], cwd=ROOT)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
