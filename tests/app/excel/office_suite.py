"""LibreOffice for the tests that look at workbooks as a clerk's office suite does: re-save a
filled template (as Calc writes it back), and print workbooks to PDF. Runs `soffice
--headless` with a profile of its own under the test's tmp folder (so parallel workers do
not share one) and Liberation Serif from resources/fonts (Times New Roman's metrics), so a
page breaks as it does on a Windows PC. `dev.py test` installs libreoffice-calc-nogui on
Debian; elsewhere the tests that need it are skipped, saying so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def _env(work: Path) -> dict[str, str]:
    conf = work / "fonts.conf"
    if not conf.exists():
        conf.write_text(
            '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
            '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
            f'<dir>{ROOT / "resources" / "fonts"}</dir><cachedir>{work / "fc-cache"}</cachedir>'
            "</fontconfig>", encoding="utf-8")
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


def _run(work: Path, convert_to: str, files: list[Path], out: Path) -> None:
    work.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    profile = (work / "profile").resolve().as_uri()
    done = subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                           convert_to, "--outdir", str(out), *map(str, files)],
                          env=_env(work), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr


def resave(path: Path, work: Path) -> Path:
    """The workbook as LibreOffice Calc saves it back (xlsx, formulas recalculated)."""
    out = work / "resaved"
    _run(work, "xlsx:Calc MS Excel 2007 XML", [path], out)
    saved = out / path.name
    assert saved.exists()
    return saved


def to_pdf(paths: list[Path], work: Path) -> dict[str, Path]:
    """Print workbooks to PDF (as File > Export as PDF does); returns name stem → PDF."""
    out = work / "pdf"
    _run(work, "pdf", paths, out)
    return {p.stem: out / f"{p.stem}.pdf" for p in paths}
