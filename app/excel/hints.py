"""Gợi ý từ tiêu đề: what the lines above a table say about the list — its kind, its year,
the award named in the title, and the unit that sent it (`UBND XÃ KHUN HÁ`; `ỦY BAN NHÂN DÂN`
over `XÃ BẢN HON`; `(Kèm theo Tờ trình số 52/TTr-UBND ... của UBND xã Bản Hon)`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.excel.lookups import AwardRef, Lookups
from app.text import clean, fold, title_name

_MOTTO = ("cong hoa xa hoi", "doc lap tu do", "doc lap - tu do")
_TITLE_WORDS = ("danh sach", "bao cao", "bang tu cham", "bang cham", "bang dang ky", "ban dang ky",
                "dang ky thi dua", "de nghi", "tong hop", "bieu mau", "bang tong hop", "ke hoach",
                "so theo doi", "so khen thuong", "so vang", "ket qua danh gia", "ket qua xep loai",
                "danh gia xep loai", "danh gia, xep loai")
_GENERIC_AUTHORITY = {"uy ban nhan dan", "ubnd", "hoi dong thi dua khen thuong", "hoi dong tdkt"}
_YEAR_IN_TITLE = re.compile(r"\bnam\s+(19\d{2}|20\d{2})\b")
_SCHOOL_YEAR = re.compile(r"\bnam hoc\s+(\d{4})\s*[-–/]\s*(\d{4})\b")
_DATE_YEAR = re.compile(r"\bthang\s*\d{1,2}\s*nam\s*(\d{4})|\d{1,2}[/.-]\d{1,2}[/.-](\d{4})")
_OF_UNIT = re.compile(r"\b(?:cua|thuoc)\s+((?:ubnd|uy ban nhan dan|truong|phong|trung tam|tram|ban|"
                      r"hoi|doan|cong ty|xa|phuong|thi tran)\b[^()]*?)\s*(?:\)|$|\bnam\s+\d{4})")
_AUTHORITY_PREFIX = re.compile(r"^(?:uy ban nhan dan|ubnd)\s+", re.I)
_DOTS = re.compile(r"\.{2,}|…+|_{3,}")
# The words of a blank form's placeholder (`UBND Xã, phường, thị trấn……`, `Tên đơn vị: .....`).
_FORM_WORDS = {"xa", "phuong", "thi", "tran", "dac", "khu", "ubnd", "uy", "ban", "nhan", "dan", "huyen",
               "tinh", "quan", "thanh", "pho", "ten", "don", "vi", "co", "cap", "cua", "so", "ngay"}


@dataclass
class TitleHints:
    """What the title lines say; every field may be empty."""

    kind: str | None = None
    year: int | None = None
    year_from_date: int | None = None  # a year only seen in a date (Tờ trình ngày ...)
    school_year: tuple[int, int] | None = None  # `Năm học 2024 - 2025` with no calendar year
    awards: list[AwardRef] = field(default_factory=list)
    unit_texts: list[str] = field(default_factory=list)  # most specific first
    title: str = ""
    category: str | None = None  # the dossier kind the title names (đột xuất, chuyên đề ...)

    @property
    def award(self) -> AwardRef | None:
        return self.awards[0] if len(self.awards) == 1 else None

    @property
    def unit_text(self) -> str:
        return self.unit_texts[0] if self.unit_texts else ""


_LEDGER = re.compile(r"(?<!tong )\bso (?:theo doi )?(?:thi dua,? )?khen thuong\b|\bso vang\b|"
                     r"\blich su khen thuong\b|\bkem theo quyet dinh\b|\bkhen thuong cac nam\b|\btong hop khen thuong\b")
_AWARDED = re.compile(r"\b(?:duoc|da duoc)\s+(?:khen thuong|tang|cong nhan)\b")


def kind_from_text(folded: str) -> str | None:
    if _LEDGER.search(folded) or ("de nghi" not in folded and _AWARDED.search(folded)):
        return "ledger"  # an award book, or a decision's own list: awards conferred, not proposed
    if "xep loai" in folded and "de nghi" not in folded and ("danh gia" in folded or "danh sach" in folded):
        return "ratings"  # the units' year-end rating lists (danh sách đánh giá, xếp loại)
    if "tu cham diem" in folded or "cham diem thi dua" in folded or "bang tu cham" in folded:
        return "bloc_scores"
    if "dang ky" in folded and ("thi dua" in folded or "danh hieu" in folded or "dien hinh" in folded):
        return "registration"
    if "bao cao" in folded and any(w in folded for w in ("so ket", "tong ket", "ket qua")):
        return "report"
    if "de nghi" in folded or ("danh sach" in folded and "khen" in folded):
        return "award_proposal"
    return None


# The kind of commendation a list's title names (Luật TĐKT 2022 Điều 8), most telling first.
# "Tổng kết phong trào thi đua năm ..." is the year's regular list, so "phong trào" alone says
# nothing; a list that names no kind is a regular (year-end) one.
_CATEGORY_WORDS = (
    ("sudden", ("dot xuat",)),
    ("movement", ("chuyen de", "theo dot", "dot thi dua", "so ket phong trao")),
    ("service", ("qua trinh cong hien",)),
    ("long_service", ("nien han",)),
    ("foreign", ("doi ngoai",)),
    ("regular", ("tong ket nam", "cong trang", "thuong xuyen", "nam hoc")),
)


def category_from_text(folded: str) -> str | None:
    """The dossier kind (`DOSSIER_CATEGORIES` code) a folded title names, else None."""
    words = " " + " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split()) + " "
    for code, phrases in _CATEGORY_WORDS:
        if any(f" {p} " in words for p in phrases):
            return code
    return None


def _is_instruction(folded: str) -> bool:
    """A template's instruction line under its title (`Điền từ dòng đầu tiên …`), no title."""
    return folded.startswith(("dien tu dong", "dien vao", "chon cac o", "ghi chu:", "huong dan", "ghi tu dong",
                              "moi dong mot", "moi nguoi mot dong", "chi ghi diem", "ghi so lieu")) \
        or "khong sua dong tieu de" in folded or "duoi dong danh so cot" in folded


def read_hints(cells: list[tuple[int, int, str]], lookups: Lookups) -> TitleHints:
    """Hints from the (row, col, text) cells above the header."""
    hints = TitleHints()
    folded = [(r, c, fold(t), t) for r, c, t in cells]
    motto_cols = [c for _, c, f, _ in folded if any(m in f for m in _MOTTO)]
    title_rows = sorted({r for r, _, f, _ in folded if any(f.startswith(w) or f" {w} " in f" {f} "
                                                            for w in _TITLE_WORDS)})
    first_title = title_rows[0] if title_rows else None
    title_texts = [t for r, _, f, t in folded if first_title is not None and r >= first_title
                   and not any(m in f for m in _MOTTO) and not _is_instruction(f)]
    hints.title = clean(" ".join(title_texts))
    title_key = fold(hints.title)
    hints.kind = kind_from_text(title_key)
    hints.category = category_from_text(title_key)
    years = [int(y) for y in _YEAR_IN_TITLE.findall(_SCHOOL_YEAR.sub("", title_key))
             if not re.search(rf"thang\s*\d{{1,2}}\s*nam\s*{y}", title_key)]
    school = _SCHOOL_YEAR.search(title_key)
    if years:
        hints.year = years[0]
    elif school and int(school.group(2)) == int(school.group(1)) + 1:
        # A school's list of `Năm học 2024 - 2025`: the year it ends in (the caller says so).
        hints.school_year = (int(school.group(1)), int(school.group(2)))
    else:
        dated = [int(a or b) for a, b in _DATE_YEAR.findall(" ".join(f for _, _, f, _ in folded))]
        hints.year_from_date = dated[0] if dated else None
    hints.awards = lookups.awards_in(hints.title) if hints.title else []
    hints.unit_texts = _unit_texts(folded, motto_cols, first_title)
    return hints


def _unit_texts(folded, motto_cols: list[int], first_title: int | None) -> list[str]:
    """Candidate names of the sending unit, the most specific first."""
    right_edge = min(motto_cols) if motto_cols else 4
    left = [(r, t) for r, c, f, t in folded
            if c < right_edge and (first_title is None or r < first_title)
            and not any(m in f for m in _MOTTO) and not f.startswith(("so:", "so ", "v/v"))]
    left.sort()
    found: list[str] = []
    for i in range(len(left) - 1, -1, -1):
        text = clean(left[i][1])
        key = fold(text).strip(" .:-")
        if key in _GENERIC_AUTHORITY:
            continue
        if i > 0 and fold(left[i - 1][1]).strip(" .:-") in _GENERIC_AUTHORITY:
            text = f"{clean(left[i - 1][1])} {text}"
        found.append(text)
    for _, _, f, t in folded:
        for m in _OF_UNIT.finditer(f):
            start, end = m.span(1)  # fold keeps the length of an NFC text: cut the original
            found.append(clean(t[start:end]) if len(t) == len(f) else m.group(1))
    seen: list[str] = []
    for t in found:
        t = _filled(t)
        if t and t not in seen:
            seen.append(t)
    return seen


def _filled(text: str) -> str:
    """A unit's name as written, or '' for a blank form's placeholder (`Xã, phường, thị trấn……`):
    dotted leaders with only the form's own words around them."""
    if not _DOTS.search(text):
        return text
    rest = clean(_DOTS.sub(" ", text)).strip(" ,.:;-")
    words = re.sub(r"[^a-z]+", " ", fold(rest)).split()
    return "" if not words or set(words) <= _FORM_WORDS else rest


def pretty_unit(text: str) -> str:
    """`UBND XÃ KHUN HÁ` → `Xã Khun Há` (what the preview shows before a unit is matched)."""
    text = _AUTHORITY_PREFIX.sub("", clean(text))
    text = re.sub(r"^(?:ỦY BAN NHÂN DÂN|Ủy ban nhân dân|UBND)\s+", "", text)
    return title_name(text) if text.isupper() else text
