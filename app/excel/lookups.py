"""Tra cứu danh mục khi nhập: the catalogue loaded once per import, with the lookups a
workbook needs cell after cell (award, ethnicity, rating), each answer cached by its text.

The rules are those of `app.catalog.find_award` / `find_ethnicity` / `parse_rating`, applied
to tables read once, so a 5,000-row list costs two queries, not ten thousand. On top of them:
leading filler words (`Danh hiệu`, `Tặng`, `Đề nghị`) are dropped, and `awards_in` finds the
awards a title line mentions (`... CÔNG NHẬN DANH HIỆU LAO ĐỘNG TIÊN TIẾN NĂM 2025`).

A cell holding a code (`1647933380`) is read through the workbook's own catalogue (`codes`,
set by the import from app/excel/codebook.py), then through the names and codes of the
provinces' systems our catalogue knows (app/excel/mautdkt.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.catalog import parse_rating
from app.excel.codebook import CodeBook, code_key
from app.excel.mautdkt import award_aliases
from app.text import match_key
from db.models import AwardType, Ethnicity

_FILLER = re.compile(r"^(?:de nghi|danh hieu|hinh thuc|khen thuong|tang|cong nhan|xet|cap|"
                     r"danh hieu thi dua|hinh thuc khen thuong|dang ky)\s+")


@dataclass(frozen=True, slots=True)
class AwardRef:
    """A catalogue award as an import row carries it."""

    id: int
    code: str
    name: str
    subject: str  # individual / collective / household / any
    category: str  # title / form / order
    level: str = ""  # co_so / xa / tinh / chinh_phu / nha_nuoc: who confers it (an award book's issuer)


class Lookups:
    """Catalogue tables for one import, read in two queries."""

    def __init__(self, session: Session):
        self.awards: dict[str, AwardRef] = {}
        self.by_code: dict[str, AwardRef] = {}
        for a in session.scalars(select(AwardType).order_by(AwardType.sort_order, AwardType.id)):
            ref = AwardRef(a.id, a.code, a.name, a.subject, a.category, a.level or "")
            self.by_code[a.code] = ref
            for key in [a.code, a.name, a.short_name, *a.aliases.split("|")]:
                if key and match_key(key):
                    self.awards.setdefault(match_key(key), ref)
        self.ethnicities: dict[str, str] = {}
        self.ethnicity_names: dict[str, str] = {}
        for e in session.scalars(select(Ethnicity)):
            self.ethnicity_names[e.code] = e.name
            for key in [e.name, *e.aliases.split("|")]:
                if key:
                    self.ethnicities[match_key(key)] = e.code
                    self.ethnicities[match_key(key).replace(" ", "")] = e.code
        # The province systems' names, after ours (ours win a tie); their codes apart, since a
        # code means something only when the workbook's own catalogue does not say otherwise.
        self.system_codes: dict[str, AwardRef] = {}
        for name, code in award_aliases():
            if (ref := self.by_code.get(code)) is None:
                continue
            if code_key(name):
                self.system_codes[code_key(name)] = ref
            else:
                self.awards.setdefault(match_key(name), ref)
        self.codes = CodeBook()  # the workbook's own catalogue (set per workbook)
        # Longest names first, so `tập thể lao động tiên tiến` wins over `lao động tiên tiến`.
        self._names = sorted(self.awards, key=len, reverse=True)
        self._award_cache: dict[str, AwardRef | None] = {}
        self._eth_cache: dict[str, str | None] = {}
        self._rating_cache: dict[str, str | None] = {}

    def award(self, text: object) -> AwardRef | None:
        """The award a cell names (`LĐTT`, `Giấy khen của Chủ tịch UBND xã`, `BK tỉnh`), or
        its code in the workbook's catalogue or the province's system (`1647933380`)."""
        raw = str(text or "")
        if raw in self._award_cache:
            return self._award_cache[raw]
        found = self._award_named(raw)
        if found is None and (code := code_key(text if isinstance(text, int) else raw.strip())):
            named = self.codes.names.get(code)
            found = (self._award_named(named) if named else None) or self.system_codes.get(code)
        self._award_cache[raw] = found
        return found

    def _award_named(self, raw: str) -> AwardRef | None:
        key = match_key(raw)
        found = None
        while key:
            if key in self.awards:
                found = self.awards[key]
                break
            for name in self._names:  # "Giấy khen của Chủ tịch UBND xã ...": the longest prefix
                if len(name) >= 2 and key.startswith(name + " "):
                    found = self.awards[name]
                    break
            if found:
                break
            stripped = _FILLER.sub("", key, count=1)
            if stripped == key:
                break
            key = stripped
        return found

    def awards_in(self, text: object) -> list[AwardRef]:
        """Every award a free text mentions as whole words, longest names first, distinct."""
        key = f" {match_key(text)} "
        found: list[AwardRef] = []
        for name in self._names:
            if len(name) < 4:
                continue
            probe = f" {name} "
            if probe in key:
                key = key.replace(probe, " | ")
                ref = self.awards[name]
                if ref not in found:
                    found.append(ref)
        return found

    def ethnicity(self, text: object) -> str | None:
        """`Mông`, `H'Mông`, `Hmông`, `Mèo` → `mong`; `Việt` → `kinh`."""
        raw = str(text or "")
        if raw not in self._eth_cache:
            key = match_key(raw)
            code = self.ethnicities.get(key) or self.ethnicities.get(key.replace(" ", ""))
            if code is None and key.startswith("dan toc "):
                code = self.ethnicities.get(key[8:]) or self.ethnicities.get(key[8:].replace(" ", ""))
            self._eth_cache[raw] = code
        return self._eth_cache[raw]

    def rating(self, text: object) -> str | None:
        raw = str(text or "")
        if raw not in self._rating_cache:
            self._rating_cache[raw] = parse_rating(raw)
        return self._rating_cache[raw]
