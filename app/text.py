"""Vietnamese text handling used by every search, sort and match in the program.

- `clean`: what we store — NFC, trimmed, single-spaced, no non-breaking or zero-width spaces.
- `fold`: the accent-insensitive search key (`Nguyễn Văn Đức` → `nguyen van duc`).
- `sort_key`: Vietnamese dictionary order (`D` before `Đ`, `A Ă Â` distinct, then tones
  ngang, huyền, hỏi, ngã, sắc, nặng), so lists read as a clerk expects.
- `name_sort_key`: people's lists sort by given name (the last word), then the rest.
- `match_key`: the key a nominee is matched on (case, diacritics, spacing, punctuation folded).
"""

from __future__ import annotations

import re
import unicodedata

# Combining marks: tones and vowel modifiers as they appear after NFD.
_TONES = {
    "\u0300": 1,  # huyền
    "\u0309": 2,  # hỏi
    "\u0303": 3,  # ngã
    "\u0301": 4,  # sắc
    "\u0323": 5,  # nặng
}
_MODIFIERS = {"\u0306": "ă", "\u0302": "^", "\u031b": "+"}

# Vietnamese alphabet order; letters outside it (f, j, w, z, digits...) sort by code point
# after their neighbours, which is what dictionaries do with borrowed letters.
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]
_RANK = {ch: i + 100 for i, ch in enumerate(_ALPHABET)}

_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
# Invisible direction marks and overrides (LRM, RLM, ALM, LRE…RLO, LRI…PDI): in a name they
# make the screen and the printed list show other letters than those stored (`U+202E` turns
# «Páo» around). Vietnamese never needs them; they are dropped from every stored text.
DIRECTION_MARKS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_NO_MARKS = {ord(ch): None for ch in DIRECTION_MARKS}
# Control characters (ESC, U+0001 …) typed or pasted into a name are dropped too (t18); the
# whitespace ones (tab, line breaks) become a space below.
_NO_MARKS |= {c: None for c in (*range(0x00, 0x09), 0x0B, 0x0E, *range(0x0F, 0x1C), 0x7F, *range(0x80, 0x85), *range(0x86, 0xA0))}
_NON_WORD = re.compile(r"[^0-9a-z ]+")


def clean(value: object) -> str:
    """The stored form of a text: NFC, no odd spaces, trimmed and single-spaced."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    # Most cells are clean already: a printable text has no whitespace but the plain space
    # (tabs, non-breaking and zero-width spaces are not printable), so without a double space
    # only its ends need trimming — five times faster than the substitution.
    if text.isprintable() and "  " not in text:
        return text.strip()
    return _SPACES.sub(" ", text.translate(_NO_MARKS)).strip()  # marks, controls: never printable


def has_direction_marks(value: object) -> bool:
    """Whether a text carries invisible direction marks (which `clean` drops)."""
    return isinstance(value, str) and not value.isprintable() and any(ch in value for ch in DIRECTION_MARKS)


class _FoldTable(dict):
    """`str.translate` table: each character to its letters without marks (`ễ` → `e`,
    `đ` → `d`), filled on first sight of the character.

    Folding one character at a time gives exactly what decomposing the whole text (NFD) and
    dropping the combining marks gives: canonical reordering only moves combining marks, and
    those are all dropped. But it runs as one C-level pass instead of a Python loop per letter,
    which matters when an import folds every cell of a 20,000-row workbook.
    """

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(code))
        value = "".join(c for c in decomposed if not unicodedata.combining(c)).replace("đ", "d")
        self[code] = value
        return value


_FOLD = _FoldTable()


def contains_pattern(key: str) -> str:
    """A LIKE pattern for "contains `key`", its own `%` and `_` taken as they are (used with
    `escape="\\"`): a search for "_" never matches every name (t18)."""
    return "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def fold(value: object) -> str:
    """Accent-insensitive, lower-case key for searching (`Đăng ký` → `dang ky`)."""
    return clean(value).lower().translate(_FOLD)


def match_key(value: object) -> str:
    """Key for matching the same name typed differently: folded, punctuation dropped."""
    return " ".join(_NON_WORD.sub(" ", fold(value)).split())


# Each character's (primary ranks, tones), made once: `sort_key` then costs a dictionary look-up
# per character instead of a decomposition and a walk over its marks (sorting a 100,000-row
# ledger by name needs some 20,000 keys). None: a character that is itself a combining mark,
# which changes the letter before it — such a text takes the whole-text walk.
_CHAR_LETTERS: dict[str, tuple[tuple[int, ...], tuple[int, ...]] | None] = {}


def _char_letters(ch: str) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    decomposed = unicodedata.normalize("NFD", ch)
    first = decomposed[0]
    if first in _TONES or first in _MODIFIERS or unicodedata.combining(first):
        return None
    primary, tones = _walk(decomposed)
    return tuple(primary), tuple(tones)


def _letters(text: str) -> tuple[list[int], list[int]]:
    """Split a text into primary letter ranks and secondary tone marks, per letter. The same
    as walking the whole text's NFD (`_walk`): when every character decomposes to a letter and
    its own marks, the whole decomposition is theirs side by side."""
    primary: list[int] = []
    tones: list[int] = []
    table = _CHAR_LETTERS
    lowered = text.lower()  # `text` is clean already (sort_key made it so)
    for ch in lowered:
        try:
            entry = table[ch]
        except KeyError:
            entry = table[ch] = _char_letters(ch)
        if entry is None:
            return _walk(unicodedata.normalize("NFD", lowered))
        primary += entry[0]
        tones += entry[1]
    return primary, tones


def _walk(decomposed: str) -> tuple[list[int], list[int]]:
    """The letters of an NFD text: a mark changes the letter before it."""
    primary: list[int] = []
    tones: list[int] = []
    for ch in decomposed:
        if ch in _TONES:
            if tones:
                tones[-1] = _TONES[ch]
            continue
        if ch in _MODIFIERS and primary:
            # (A mark after a digit or a foreign letter changes nothing — and never fails.)
            base = _ALPHABET[primary[-1] - 100] if 100 <= primary[-1] < 100 + len(_ALPHABET) else ""
            mod = _MODIFIERS[ch]
            combined = {("a", "ă"): "ă", ("a", "^"): "â", ("e", "^"): "ê", ("o", "^"): "ô",
                        ("o", "+"): "ơ", ("u", "+"): "ư"}.get((base, mod))
            if combined:
                primary[-1] = _RANK[combined]
            continue
        if unicodedata.combining(ch):
            continue
        primary.append(_RANK.get(ch, 1000 + ord(ch)) if ch != " " else 0)
        tones.append(0)
    return primary, tones


def sort_key(value: object) -> tuple:
    """Vietnamese dictionary order: letters first (Đ after D), then tones, then the text."""
    text = clean(value)
    primary, tones = _letters(text)
    return (tuple(primary), tuple(tones), text)


def split_name(full_name: str) -> tuple[str, str]:
    """(family and middle names, given name): `Nguyễn Văn An` → (`Nguyễn Văn`, `An`)."""
    parts = clean(full_name).split(" ")
    if len(parts) <= 1:
        return "", parts[0] if parts else ""
    return " ".join(parts[:-1]), parts[-1]


def name_sort_key(full_name: object) -> tuple:
    """Order people as Vietnamese lists do: by given name, then family and middle names."""
    rest, given = split_name(str(full_name or ""))
    return (sort_key(given), sort_key(rest))


def ascii_filename(value: object) -> str:
    """A file-name-safe form without diacritics (`Xã Bản Bo` → `XaBanBo`)."""
    words = _NON_WORD.sub(" ", fold(value)).split()
    return "".join(w[:1].upper() + w[1:] for w in words)


def title_name(value: object) -> str:
    """Capitalise each word of a name typed in upper or lower case (`NGUYỄN VĂN AN`)."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in clean(value).split(" "))
