"""The serif font every printed form uses: Times New Roman when the PC has it (every Windows
does), otherwise Liberation Serif shipped in resources/fonts (metric-compatible with Times New
Roman, SIL Open Font License, from Debian's fonts-liberation2), so a page breaks the same
way on every machine.

`register_fonts()` registers four faces under one family name, `SERIF`, and tells which file
family it found. TDKT_PRINT_FONT=bundled forces the shipped font (tests, a PC whose Times New
Roman lacks Vietnamese letters).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.resources import resource_path

SERIF = "TDKT-Serif"
STYLES = ("regular", "bold", "italic", "bolditalic")
_SUFFIX = {"regular": "", "bold": "-Bold", "italic": "-Italic", "bolditalic": "-BoldItalic"}

# File names Times New Roman goes by: Windows (and msttcorefonts' lower-case copies),
# Debian's ttf-mscorefonts-installer, macOS.
_TIMES_NAMES = {
    "regular": ["times.ttf", "Times_New_Roman.ttf", "Times New Roman.ttf"],
    "bold": ["timesbd.ttf", "Times_New_Roman_Bold.ttf", "Times New Roman Bold.ttf"],
    "italic": ["timesi.ttf", "Times_New_Roman_Italic.ttf", "Times New Roman Italic.ttf"],
    "bolditalic": ["timesbi.ttf", "Times_New_Roman_Bold_Italic.ttf", "Times New Roman Bold Italic.ttf"],
}
_BUNDLED = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bolditalic": "LiberationSerif-BoldItalic.ttf",
}


@dataclass(frozen=True)
class FontInfo:
    """Which font the documents are set in, and from which files."""

    family: str  # "Times New Roman" or "Liberation Serif"
    files: dict[str, str]


def font_dirs() -> list[Path]:
    """The usual places for installed fonts on Windows, Linux and macOS."""
    dirs: list[Path] = []
    if sys.platform.startswith("win"):
        dirs.append(Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    elif sys.platform == "darwin":
        dirs += [Path("/Library/Fonts"), Path("/System/Library/Fonts/Supplemental"),
                 Path.home() / "Library" / "Fonts"]
    else:
        dirs += [Path("/usr/share/fonts/truetype/msttcorefonts"), Path("/usr/share/fonts"),
                 Path("/usr/local/share/fonts"), Path.home() / ".local" / "share" / "fonts",
                 Path.home() / ".fonts"]
    return dirs


def find_times_new_roman(dirs: list[Path] | None = None) -> dict[str, Path] | None:
    """The four Times New Roman files, or None when any face is missing."""
    found: dict[str, Path] = {}
    for style, names in _TIMES_NAMES.items():
        for folder in dirs if dirs is not None else font_dirs():
            hit = next((folder / n for n in names if (folder / n).is_file()), None)
            if hit is None and folder.is_dir() and folder.name == "fonts":
                # /usr/share/fonts keeps fonts in sub-folders: look one level down.
                hit = next((p / n for p in folder.iterdir() if p.is_dir()
                            for n in names if (p / n).is_file()), None)
            if hit is not None:
                found[style] = hit
                break
        if style not in found:
            return None
    return found


def _usable(path: Path) -> bool:
    """A font file reportlab can embed and that has the Vietnamese letters."""
    try:
        font = TTFont("probe", str(path))
    except Exception:  # noqa: BLE001 - any unreadable font means "do not use it"
        return False
    widths = font.face.charWidths
    return all(ord(ch) in widths for ch in "ẠỹỸđĐưƯơƠ")


@lru_cache(maxsize=1)
def register_fonts() -> FontInfo:
    """Register SERIF (and its bold/italic faces) once per process; return what was used."""
    files: dict[str, Path] | None = None
    family = "Liberation Serif"
    if os.environ.get("TDKT_PRINT_FONT", "").lower() != "bundled":
        times = find_times_new_roman()
        if times and all(_usable(p) for p in times.values()):
            files, family = times, "Times New Roman"
    if files is None:
        files = {style: resource_path("fonts", name) for style, name in _BUNDLED.items()}
    for style in STYLES:
        pdfmetrics.registerFont(TTFont(SERIF + _SUFFIX[style], str(files[style])))
    addMapping(SERIF, 0, 0, SERIF)
    addMapping(SERIF, 1, 0, SERIF + "-Bold")
    addMapping(SERIF, 0, 1, SERIF + "-Italic")
    addMapping(SERIF, 1, 1, SERIF + "-BoldItalic")
    return FontInfo(family=family, files={k: str(v) for k, v in files.items()})


def face(bold: bool = False, italic: bool = False) -> str:
    """The registered font name of one face (register_fonts must have run)."""
    if bold and italic:
        return SERIF + "-BoldItalic"
    if bold:
        return SERIF + "-Bold"
    if italic:
        return SERIF + "-Italic"
    return SERIF


def text_width(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    register_fonts()
    return pdfmetrics.stringWidth(text, face(bold, italic), size)
