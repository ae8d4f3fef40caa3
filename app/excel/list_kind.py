"""Danh sách gì: recognising a workbook that is a list of people but not an award list.

Offices keep many lists of names with a `Họ và tên` column: staff lists (trích ngang cán bộ,
công chức), labour and employment surveys (điều tra lao động, việc làm), household and
population lists, pupils' lists, payrolls. Read as award proposals, such a list becomes
thousands of nominees stopped only by `award_missing`. When a list carries no award at all (no
award column, no award in its title, none chosen) and its columns or its title are those of
another kind of list, the import says what it looks like, in one message, and stores nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.text import fold


@dataclass(frozen=True)
class ListKind:
    """Another kind of list: what the clerk calls it, its telling columns, its title words."""

    label: str
    columns: tuple[str, ...]
    titles: tuple[str, ...]


KINDS = (
    ListKind("danh sách cán bộ, công chức, viên chức (trích ngang)",
             ("he so luong", "bac luong", "ngach", "ma ngach", "trinh do chuyen mon", "trinh do",
              "ly luan chinh tri", "ngay vao dang", "ngay tuyen dung", "chuyen nganh", "ngay bo nhiem",
              "que quan", "trinh do hoc van", "tin hoc", "ngoai ngu", "ngay vao co quan", "chuc danh nghe nghiep"),
             ("danh sach can bo", "danh sach cong chuc", "danh sach vien chuc", "trich ngang", "danh sach nhan su",
              "danh sach doi ngu", "chat luong doi ngu")),
    ListKind("phiếu điều tra lao động, việc làm",
             ("tinh trang viec lam", "viec lam", "thu nhap", "noi lam viec", "co viec lam", "that nghiep",
              "quan he voi chu ho", "so cccd", "cccd", "cmnd", "so dinh danh", "bhxh", "bao hiem xa hoi",
              "nhu cau hoc nghe", "nhu cau viec lam", "trinh do chuyen mon ky thuat", "loai hinh kinh te"),
             ("dieu tra", "cung cau lao dong", "thong tin lao dong", "khao sat", "thu thap thong tin")),
    ListKind("danh sách hộ gia đình, nhân khẩu",
             ("chu ho", "ho ten chu ho", "so nhan khau", "nhan khau", "quan he voi chu ho", "ho ngheo",
              "ho can ngheo", "so ho khau"),
             ("nhan khau", "ho ngheo", "ho can ngheo", "ra soat ho", "danh sach ho gia dinh")),
    ListKind("danh sách học sinh",
             ("lop", "hoc luc", "hanh kiem", "diem trung binh", "ho ten hoc sinh", "ho ten cha", "ho ten me"),
             ("danh sach hoc sinh", "hoc sinh lop")),
    ListKind("bảng lương, chấm công",
             ("tien luong", "muc luong", "luong chinh", "luong co ban", "phu cap", "thuc linh", "ngay cong",
              "ky nhan", "tong thu nhap", "khau tru"),
             ("bang luong", "cham cong", "bang thanh toan")),
)
_AWARD_WORDS = re.compile(r"\b(?:khen|thi dua|danh hieu|de nghi|tang thuong|bang khen|giay khen)\b")


def _words(text: str) -> str:
    return " " + " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split()) + " "


def looks_like(headers: list[str], title: str) -> tuple[ListKind, list[str]] | None:
    """The other kind of list a table looks like, and the headers that say so; None when it
    may well be an award list (its title speaks of awards, or nothing tells)."""
    if _AWARD_WORDS.search(fold(title)):
        return None
    keyed = [(h, _words(h)) for h in headers if h]
    title_key = _words(title)
    best: tuple[int, ListKind, list[str]] | None = None
    for kind in KINDS:
        said = [h for h, key in keyed if any(f" {c} " in key for c in kind.columns)]
        score = len(said) + (2 if any(f" {t} " in title_key for t in kind.titles) else 0)
        if score >= 2 and (best is None or score > best[0]):
            best = (score, kind, said)
    return (best[1], best[2]) if best else None


def message(file_name: str, kind: ListKind, headers: list[str], title: str) -> str:
    shown = ", ".join(f"“{h}”" for h in headers[:4])
    why = f"các cột {shown}" if headers else ""
    if title:
        why = f"{why}{'; ' if why else ''}tiêu đề “{quoted(title, 80)}”"
    return (f"Tệp {file_name} không phải danh sách đề nghị khen thưởng: trông như {kind.label} ({why}). "
            "Không có cột danh hiệu, hình thức khen thưởng và tiêu đề không nêu danh hiệu nào; không nhập "
            "dòng nào. Nếu đúng là danh sách đề nghị, hãy chọn ở ô «Danh hiệu cho cả danh sách» (dòng lệnh: "
            "--award) rồi đọc lại.")


def quoted(text: str, limit: int) -> str:
    """A text cut for quoting at a word's end, never inside a word (`…` says it goes on)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit + 1].rsplit(" ", 1)[0] if " " in text[:limit + 1] else text[:limit]
    return cut.rstrip(" ,;:-–") + "…"
