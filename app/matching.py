"""Đối chiếu: finding the unit a list came from and the person a nominee already is.

Units are matched on their name with the authority words folded away (`UBND XÃ BẢN HON`,
`Ủy ban nhân dân xã Bản Hon`, `Xã Bản Hon` and `Bản Hon` are one unit), or on their code.

People follow EXCHANGE.md rule 5: the same normalised name (`match_key`) plus birth year plus
unit is the same person (linked); a near match — same name in another unit, a birth year one
apart, one missing birth year, or a name one letter away in the same unit — is shown to the
user to confirm and never merged silently. Indexes are built once per import from two
queries, so matching 5,000 rows costs no per-row query.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.text import fold, match_key
from db.models import Person, Unit

_AUTHORITY = re.compile(r"^(?:uy ban nhan dan|ubnd|dang uy|hdnd)\s+")
_KIND_WORD = re.compile(r"^(?:xa|phuong|thi tran|dac khu|huyen|thi xa)\s+")
_COLLECTIVE = re.compile(r"^(?:tap the|to chuc|danh hieu)\s+")


@dataclass(frozen=True, slots=True)
class UnitRef:
    id: int
    code: str
    name: str
    merged_into: int | None = None


def unit_core(text: object) -> str:
    """`UBND XÃ BẢN HON, huyện Tam Đường` → `xa ban hon huyen tam duong`."""
    key = match_key(text)
    key = _COLLECTIVE.sub("", key)
    return _AUTHORITY.sub("", key)


class UnitIndex:
    """Every unit, by code and by its name's core."""

    def __init__(self, session: Session):
        self.units: dict[int, UnitRef] = {}
        self.by_code: dict[str, UnitRef] = {}
        self.by_core: dict[str, list[UnitRef]] = defaultdict(list)
        self.by_bare: dict[str, list[UnitRef]] = defaultdict(list)
        rows = session.execute(select(Unit.id, Unit.code, Unit.name, Unit.short_name,
                                      Unit.merged_into_id).order_by(Unit.id))
        for uid, code, name, short, merged in rows:
            ref = UnitRef(uid, code, name, merged)
            self.units[uid] = ref
            self.by_code[match_key(code)] = ref
            for label in {name, short}:
                if not label:
                    continue
                core = unit_core(label)
                if ref not in self.by_core[core]:
                    self.by_core[core].append(ref)
                bare = _KIND_WORD.sub("", core)
                if bare != core and ref not in self.by_bare[bare]:
                    self.by_bare[bare].append(ref)

    def get(self, unit_id: int | None) -> UnitRef | None:
        return self.units.get(unit_id) if unit_id is not None else None

    def find(self, text: object) -> UnitRef | None:
        """The one unit a text names, or None (unknown or ambiguous)."""
        if text is None or not str(text).strip():
            return None
        if (ref := self.by_code.get(match_key(text))) is not None:
            return ref
        core = unit_core(text)
        words = core.split()
        # Longest leading part first: `xa ban hon huyen tam duong` is `xa ban hon`.
        for n in range(len(words), 1, -1):
            key = " ".join(words[:n])
            for table, probe in ((self.by_core, key), (self.by_bare, _KIND_WORD.sub("", key)),
                                 (self.by_core, _KIND_WORD.sub("", key))):
                found = table.get(probe) or []
                if len(found) == 1:
                    return found[0]
        if len(words) == 1:
            found = self.by_core.get(core) or self.by_bare.get(core) or []
            if len(found) == 1:
                return found[0]
        return None

    def named(self, text: object) -> tuple[UnitRef | None, str]:
        """A unit the clerk names (`--unit`, in every command alike): its code, its number, its
        name or the one unit whose name contains the text (accents optional); else None and
        the message to show (none such, or which ones it could be)."""
        raw = " ".join(str(text or "").split())
        if not raw:
            return None, "Chưa nêu đơn vị."
        ref = self.find(raw)
        if ref is None and raw.isdigit():
            ref = self.units.get(int(raw))
        if ref is not None:
            return ref, ""
        key = fold(raw)
        found = [u for u in self.units.values() if key in fold(u.name)]
        if len(found) == 1:
            return found[0], ""
        if found:
            return None, (f"«{raw}» ứng với nhiều đơn vị: " + ", ".join(u.name for u in found[:5])
                          + ("…" if len(found) > 5 else "") + "; hãy gõ đủ tên hoặc mã.")
        return None, f"Không có đơn vị «{raw}» trong danh sách đơn vị."

    def find_exact(self, text: object) -> UnitRef | None:
        """The one unit whose whole name (authority words aside) a text is: a collective's own
        name (`Trạm Y tế xã Bản Bo`), where a leading part naming a unit is another body
        (`Bản Giang Ma` is a village, not xã Bản Giang)."""
        if text is None or not str(text).strip():
            return None
        if (ref := self.by_code.get(match_key(text))) is not None:
            return ref
        core = unit_core(text)
        for table, probe in ((self.by_core, core), (self.by_bare, core), (self.by_core, _KIND_WORD.sub("", core))):
            found = table.get(probe) or []
            if len(found) == 1:
                return found[0]
        return None

    def find_any(self, texts: list[str]) -> tuple[UnitRef | None, str]:
        """The first of several candidate texts that names a unit, and that text."""
        for text in texts:
            ref = self.find(text)
            if ref is not None:
                return ref, text
        return None, texts[0] if texts else ""


@dataclass(frozen=True, slots=True)
class PersonCandidate:
    """An existing person a nominee may be."""

    id: int
    name: str
    birth_year: int | None
    unit_id: int | None
    reason: str  # why it is only near: Vietnamese, shown in the preview


@dataclass
class PersonMatch:
    """`exact` (linked), `near` (ask the user), or `none` (a new person)."""

    kind: str
    person_id: int | None = None
    candidates: list[PersonCandidate] = field(default_factory=list)
    # For an exact match: the others it resembles (same name, no birth year to tell them
    # apart). Never offered as choices; the award-book check looks at what they hold.
    others: list[PersonCandidate] = field(default_factory=list)


def _deletions(key: str) -> set[str]:
    return {key[:i] + key[i + 1:] for i in range(len(key))}


def merge_families(units: UnitIndex) -> dict[int, frozenset[int]]:
    """Each unit with every unit joined to it by mergers (merged into it, or it into them): a
    person of `xã Nà Tăm` in 2023 is the same person in `xã Bản Bo` after the 2025 merger."""
    parent = {uid: uid for uid in units.units}

    def root(uid: int) -> int:
        while parent[uid] != uid:
            parent[uid] = parent[parent[uid]]
            uid = parent[uid]
        return uid

    for ref in units.units.values():
        if ref.merged_into is not None and ref.merged_into in parent:
            parent[root(ref.id)] = root(ref.merged_into)
    members: dict[int, set[int]] = defaultdict(set)
    for uid in units.units:
        members[root(uid)].add(uid)
    return {uid: frozenset(members[root(uid)]) for uid in units.units if len(members[root(uid)]) > 1}


class PeopleIndex:
    """People who may be a list's nominees: everyone with one of its names, and everyone of
    its unit or units (for one-letter differences). `family` (see `merge_families`) makes the
    units merged together count as one unit."""

    def __init__(self, session: Session, keys: set[str], unit_id: int | set[int] | None, *,
                 family: dict[int, frozenset[int]] | None = None):
        cols = (Person.id, Person.full_name, Person.match_key, Person.birth_year, Person.unit_id,
                Person.position, Person.gender)
        found: dict[int, tuple] = {}
        key_list = sorted(k for k in keys if k)
        for i in range(0, len(key_list), 500):
            for row in session.execute(select(*cols).where(Person.match_key.in_(key_list[i:i + 500]))):
                found[row[0]] = tuple(row)
        unit_ids = {unit_id} if isinstance(unit_id, int) else set(unit_id or ())
        self.family = family or {}
        for uid in list(unit_ids):
            unit_ids |= self.family.get(uid, frozenset())
        ids = sorted(unit_ids)
        for i in range(0, len(ids), 500):
            for row in session.execute(select(*cols).where(Person.unit_id.in_(ids[i:i + 500]))):
                found[row[0]] = tuple(row)
        self.by_key: dict[str, list[tuple]] = defaultdict(list)
        self.near_keys: dict[str, set[str]] = defaultdict(set)  # deletion variant → unit keys
        for row in found.values():
            self.by_key[row[2]].append(row)
            if row[4] in unit_ids:
                self.near_keys[row[2]].add(row[2])
                for variant in _deletions(row[2]):
                    self.near_keys[variant].add(row[2])
        self.unit_id = unit_id
        self.longest = max(map(len, self.near_keys), default=0) + 1  # deletions are one shorter

    def same_unit(self, a: int | None, b: int | None) -> bool:
        return a == b or (a is not None and b in self.family.get(a, ()))

    def _one_letter(self, key: str) -> set[str]:
        """Keys of the unit's people one letter (added, dropped or changed) away from `key`."""
        if not self.near_keys:  # a unit with nobody known yet (a first import): nothing to compare
            return set()
        # Only keys one letter longer or shorter can match: a 30,000-letter "name" would
        # otherwise build 30,000 variants of 30,000 letters (seconds and a gigabyte).
        if len(key) > self.longest + 1:
            return set()
        out = set(self.near_keys.get(key, ()))
        for variant in _deletions(key):
            out |= self.near_keys.get(variant, set())
        out.discard(key)
        return {k for k in out if abs(len(k) - len(key)) <= 1}

    def match(self, key: str, birth_year: int | None, unit_id: int | None, *,
              position: str | None = None, gender: str | None = None) -> PersonMatch:
        """`position` and `gender` (M / F), when the list gives them, tell two people of one
        name apart when neither the list nor the record has a birth year: a different position
        or gender makes it a near match to confirm, never the same person silently."""
        exact, near = [], []
        for pid, name, _k, by, uid, held, sex in self.by_key.get(key, ()):
            same_unit = self.same_unit(uid, unit_id)
            if same_unit and by == birth_year:
                differs = _differs(by, held, sex, position, gender)
                if differs:
                    near.append(PersonCandidate(pid, name, by, uid, f"trùng tên cùng đơn vị, không có năm sinh để "
                                                                    f"đối chiếu, {differs}"))
                else:
                    exact.append(PersonCandidate(pid, name, by, uid, ""))
            elif same_unit and (by is None or birth_year is None):
                near.append(PersonCandidate(pid, name, by, uid, "trùng tên cùng đơn vị, thiếu năm sinh để đối chiếu"))
            elif same_unit and abs(by - birth_year) == 1:
                near.append(PersonCandidate(pid, name, by, uid, "trùng tên cùng đơn vị, năm sinh lệch 1 năm"))
            elif not same_unit and (by is None or birth_year is None):
                near.append(PersonCandidate(pid, name, by, uid, "trùng tên ở đơn vị khác, thiếu năm sinh để đối chiếu"))
            elif not same_unit and by == birth_year:
                near.append(PersonCandidate(pid, name, by, uid, "trùng tên và năm sinh ở đơn vị khác"))
            elif not same_unit and abs(by - birth_year) == 1:
                near.append(PersonCandidate(pid, name, by, uid, "trùng tên ở đơn vị khác, năm sinh lệch 1 năm"))
        if len(exact) == 1:
            return PersonMatch("exact", exact[0].id, others=near)
        if len(exact) > 1:
            near = [PersonCandidate(c.id, c.name, c.birth_year, c.unit_id, "nhiều người trùng tên, năm sinh, đơn vị")
                    for c in exact] + near
        for other in sorted(self._one_letter(key)):
            for pid, name, _k, by, uid, _held, _sex in self.by_key.get(other, ()):
                if self.same_unit(uid, unit_id) and (by is None or birth_year is None or by == birth_year):
                    near.append(PersonCandidate(pid, name, by, uid, "tên gần giống (khác một chữ cái) cùng đơn vị"))
        if near:
            return PersonMatch("near", None, near)
        return PersonMatch("none")


def _differs(birth_year: int | None, held: str | None, sex: str | None,
             position: str | None, gender: str | None) -> str:
    """What sets a record apart from a list's row of the same name and unit when neither has a
    birth year ('' when nothing does): another gender, another position."""
    if birth_year is not None:
        return ""
    if sex and gender and sex != gender:
        return "khác giới tính"
    if position and held and fold(position) != fold(held):
        return f"chức vụ khác (“{held}”)"
    return ""
