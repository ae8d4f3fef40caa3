"""Tên trong danh sách: what a name cell says besides the name.

- Courtesy titles (*danh xưng*: Ông, Bà, Anh, Chị, Đồng chí ...) and ranks (*cấp bậc*:
  Thiếu úy, Thượng tá ... of the army and the police) written in front of a name are taken out
  of it into their own fields; a courtesy title gives the gender (Ông → Nam, Bà → Nữ).
- Whether a name is a collective's (`Trường Tiểu học ...`, `Tổ dân phố ...`) or a household's
  (`Hộ gia đình ông ...`), read **with its accents**: folded, the surname Trương reads as
  Trường (a school), Tô as Tổ, Bàn as Ban; so `Trương Văn Nam` is a person. A name typed without
  any accent cannot tell them apart: then a word that is also a surname counts as a collective
  only when the next word is not a middle name, and the caller is told it was a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from app.text import clean, fold

# Courtesy titles → the gender they give (None: says nothing of it).
COURTESY: dict[str, str | None] = {
    "ông": "Nam", "bà": "Nữ", "anh": "Nam", "chị": "Nữ", "cô": "Nữ", "thầy": "Nam", "cụ": None,
    "đồng chí": None, "đ/c": None, "đ.c": None, "đc": None, "đ/chí": None,
}
COURTESY_SHOWN = {"đ/c": "Đồng chí", "đ.c": "Đồng chí", "đc": "Đồng chí", "đ/chí": "Đồng chí"}
# Ranks of the People's Army and the People's Public Security (Law on officers, Law on the
# People's Public Security), and the learned titles lists put in front of a name.
RANKS = (
    "binh nhì", "binh nhất", "hạ sĩ", "trung sĩ", "thượng sĩ", "chuẩn úy", "thiếu úy", "trung úy",
    "thượng úy", "đại úy", "thiếu tá", "trung tá", "thượng tá", "đại tá", "thiếu tướng", "trung tướng",
    "thượng tướng", "đại tướng", "chuẩn đô đốc", "phó đô đốc", "đô đốc",
    "gs.ts", "pgs.ts", "gs", "pgs", "ts", "ths", "bs", "bsck", "ks", "ls", "nsưt", "nsnd", "ngưt", "ngnd",
    "ttưt", "ttnd",
)
_RANK_SHOWN = {"gs.ts": "GS.TS", "pgs.ts": "PGS.TS", "gs": "GS", "pgs": "PGS", "ts": "TS", "ths": "ThS",
               "bs": "BS", "bsck": "BSCK", "ks": "KS", "ls": "LS", "nsưt": "NSƯT", "nsnd": "NSND",
               "ngưt": "NGƯT", "ngnd": "NGND", "ttưt": "TTƯT", "ttnd": "TTND"}
_LEARNED = {r for r in _RANK_SHOWN}

_ALL_TITLES = sorted({*COURTESY, *RANKS}, key=len, reverse=True)
_TITLE = re.compile(r"^(" + "|".join(re.escape(t) for t in _ALL_TITLES) + r")(?:\.|:|,)?\s+", re.I)
# Typed without accents: `Ong`, `Dai uy`; not `Ba`, `Co`, `Chi` (`Chi bo`), `Cu`: words of other names.
_TITLE_ASCII = {fold(t): t for t in _ALL_TITLES if fold(t) != t and fold(t) not in ("ba", "co", "cu", "chi", "anh")}
_TITLE_ASCII_RE = re.compile(r"^(" + "|".join(re.escape(t) for t in sorted(_TITLE_ASCII, key=len, reverse=True))
                             + r")(?:\.|:|,)?\s+", re.I)

# Words that begin a collective's name, with their accents. Those that lose them into a
# surname (trường / Trương, tổ / Tô, ban / Bàn, đội / Đới) are listed in _AMBIGUOUS too.
_COLLECTIVE_WORDS = (
    "tập thể", "trường", "trạm", "ubnd", "ủy ban", "uỷ ban", "phòng", "ban", "bản", "hội", "chi bộ",
    "chi hội", "chi đoàn", "đoàn thanh niên", "đoàn tncs", "đoàn xã", "đoàn phường",
    # (not `đoàn trường` alone: Đoàn Trường Giang is a person)
    "đoàn trường thcs", "đoàn trường thpt", "đoàn trường tiểu học", "đoàn trường trung học",
    "đoàn trường cao đẳng", "đoàn trường đại học", "đoàn trường ptdt",
    "đảng bộ", "đảng ủy", "thôn", "tổ", "khối", "công ty", "hợp tác xã", "htx", "trung tâm", "bệnh viện",
    "văn phòng", "cơ quan", "đội", "lớp", "khoa", "câu lạc bộ", "clb", "nhà văn hóa", "nhà văn hoá",
    "liên đoàn", "mặt trận", "công đoàn", "doanh nghiệp", "xã", "phường", "thị trấn", "hạt", "kho bạc",
    "chi cục", "công an", "ban chỉ huy", "đồn", "bộ phận", "tổ dân phố", "ban quản lý", "nhóm", "sở",
    "cục", "viện", "huyện", "tỉnh", "thành phố", "quận", "đặc khu", "bộ chỉ huy", "tiểu đoàn", "đại đội",
    "trung đoàn", "lữ đoàn", "sư đoàn", "hội đồng", "ủy ban mặt trận", "hạt kiểm lâm", "ngân hàng",
    "chi nhánh", "điểm trường", "nhà máy", "xí nghiệp", "ban dân vận", "ban tuyên giáo",
)
_COLLECTIVE = re.compile(r"^(?:" + "|".join(re.escape(w) for w in sorted(_COLLECTIVE_WORDS, key=len, reverse=True))
                         + r")(?=$|[\s,.;:()/-])")
_COLLECTIVE_ASCII = re.compile(r"^(?:" + "|".join(sorted({re.escape(fold(w)) for w in _COLLECTIVE_WORDS},
                                                         key=len, reverse=True)) + r")(?=$|[\s,.;:()/-])")
# The first word of every title, as written or folded: most names start with none of them, and
# skip the patterns (an import splits every name of a 20,000-row list).
_FIRST_WORDS = frozenset({w for t in _ALL_TITLES for w in (t.split(" ")[0], fold(t.split(" ")[0]))})

_AMBIGUOUS = {"truong", "to", "ban", "doi", "doan", "khoa", "ha", "phong", "cuc", "vien"}  # also surnames
_MIDDLE = {"van", "thi", "duc", "huu", "dinh", "quang", "minh", "ngoc", "thanh", "xuan", "kim", "a",
           "seo", "lao", "thu", "hong", "anh", "tien", "manh", "gia", "bao", "phuong", "my", "hoang"}
_HOUSEHOLD = re.compile(r"^(?:hộ gia đình|gia đình|hộ ông|hộ bà|hộ)(?=$|[\s,.;:])")
_HOUSEHOLD_ASCII = re.compile(r"^(?:ho gia dinh|gia dinh|ho ong|ho ba)\b")


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name cell taken apart: the name, the courtesy title, the rank, the gender they give."""

    name: str
    courtesy: str = ""  # `Ông`, `Bà`, `Đồng chí`
    rank: str = ""  # `Thiếu úy`, `Thượng tá`, `PGS.TS`
    gender: str | None = None


def _shown(title: str) -> str:
    key = title.lower()
    if key in COURTESY_SHOWN:
        return COURTESY_SHOWN[key]
    if key in _RANK_SHOWN:
        return _RANK_SHOWN[key]
    return key[:1].upper() + key[1:]


def _is_ascii(text: str) -> bool:
    return text.isascii()


@lru_cache(maxsize=8192)
def split_title(cell: str) -> NameParts:
    """`Ông Sùng A Chớ` → (`Sùng A Chớ`, courtesy `Ông`, gender Nam); `Thiếu úy Vừ A Lềnh` →
    (`Vừ A Lềnh`, rank `Thiếu úy`); `Đ/c Thượng tá Lò Văn Pâng` → both. A title is taken only
    when a name follows it (a capitalised word): `Bà Rịa` stays, `bà` alone stays."""
    name = clean(cell)
    if name.split(" ", 1)[0].lower().rstrip(".:,") not in _FIRST_WORDS:
        return NameParts(name)
    courtesy, rank, gender = "", "", None
    for _ in range(3):  # `Đồng chí Đại tá PGS.TS Nguyễn Văn A`
        m = _TITLE.match(name)
        ascii_title = None
        if m is None and _is_ascii(name):
            m = _TITLE_ASCII_RE.match(name)
            if m is not None:
                ascii_title = _TITLE_ASCII[m.group(1).lower()]
        if m is None:
            break
        rest = name[m.end():]
        if not rest or not (rest[0].isupper() or name.islower()):
            break
        title = ascii_title or m.group(1).lower()
        if title in COURTESY:
            if courtesy:
                break
            courtesy = _shown(title)
            gender = COURTESY[title]
        else:
            if rank:
                break
            rank = _shown(title)
        name = rest
    if (courtesy or rank) and len(name.split()) < 2:
        return NameParts(clean(cell))  # `Bà Triệu`, `Cô Tô`: a name, not a title and a word
    return NameParts(name, courtesy, rank, gender)


def courtesy_value(cell: str) -> NameParts:
    """The `Tên gọi (Ông/Bà/Chức danh)` column: a courtesy title, a rank, or both."""
    text = clean(cell)
    if not text:
        return NameParts("")
    parts = split_title(f"{text} X Y")  # as if a name followed
    if parts.name == "X Y":
        return NameParts("", parts.courtesy, parts.rank, parts.gender)
    return NameParts("", "", text, None)  # a function (`Giám đốc`): kept as written


@lru_cache(maxsize=8192)
def subject_by_name(name: str) -> tuple[str | None, bool]:
    """(`collective` / `household` / None, whether it was a guess): what a name's own words say."""
    low = clean(name).lower()
    if not low:
        return None, False
    if not _is_ascii(low):
        if _HOUSEHOLD.match(low):
            return "household", False
        if _COLLECTIVE.match(low):
            return "collective", False
        # `Tram Y tế xã`: a first word typed bare; taken only when no surname reads the same.
        first = low.split(" ", 1)[0]
        m = _COLLECTIVE_ASCII.match(low) if first.isascii() else None
        if m is not None and m.group(0).split(" ", 1)[0] not in _AMBIGUOUS:
            return "collective", False
        return None, False
    if _HOUSEHOLD_ASCII.match(low):
        return "household", False
    m = _COLLECTIVE_ASCII.match(low)
    if m is None:
        return None, False
    first = m.group(0)
    if first not in _AMBIGUOUS:
        return "collective", False
    words = re.sub(r"[^a-z0-9 ]", " ", low).split()
    nxt = words[1] if len(words) > 1 else ""
    if nxt in _MIDDLE or len(words) <= 2:
        return None, False  # `Truong Van Nam`, `To Lan`: a person, most likely
    return "collective", True
