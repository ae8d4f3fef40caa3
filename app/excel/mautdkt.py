"""Mẫu MauTDKT: the import template of a provincial TĐKT web system, as data.

The province's system (`resources/layouts/MauTDKT.xlsx`, its public download, unchanged) names
awards in its own words and codes (`Bằng khen cấp bộ, ban, ngành, tỉnh, đoàn thể trung ương`,
1650360491) and who is awarded as `Khen thưởng cá nhân` / CANHAN. `resources/layouts/mautdkt.json`
ties them to our catalogue: reading, its names and codes are more ways to write our awards;
writing (app/excel/forwarding.py), each of our awards goes out under the name its drop-down
offers, so the VLOOKUP columns find the code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.resources import resource_path
from app.text import fold


@dataclass(frozen=True)
class SystemAward:
    """One award of the province's catalogue and the award of ours it is."""

    award: str  # our award code (AwardType.code)
    name: str
    code: str
    export: bool | str = False  # True, or the office level (xa / huyen / tinh) it is written for


@dataclass(frozen=True)
class Layout:
    template: Path
    sheet: str
    awards: tuple[SystemAward, ...]
    subjects: dict[str, dict[str, str]]
    categories: dict[str, str]
    examples: frozenset[str] = frozenset()  # folded names of the templates' printed example rows

    def export_name(self, award_code: str, level: str) -> SystemAward | None:
        """The name our award goes out under (a Giấy khen: the one of the office's level)."""
        fallback = None
        for a in self.awards:
            if a.award != award_code or not a.export:
                continue
            if a.export is True or a.export == level:
                return a
            fallback = fallback or a
        return fallback


@lru_cache(maxsize=1)
def layout() -> Layout:
    path = resource_path("layouts", "mautdkt.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return Layout(template=resource_path("layouts", data["template"]), sheet=data["sheet"],
                  awards=tuple(SystemAward(**a) for a in data["awards"]), subjects=data["subjects"],
                  categories=data["categories"], examples=frozenset(fold(n) for n in data.get("examples", ())))


def award_aliases() -> list[tuple[str, str]]:
    """(name or code in the province's system, our award code), for reading lists."""
    out = []
    for a in layout().awards:
        out.append((a.name, a.award))
        out.append((a.code, a.award))
    return out


def template_examples() -> frozenset[str]:
    """Folded names of the example rows the province system's templates print under the header."""
    return layout().examples
