"""Vietnamese text helpers on real names, in NFC and in NFD (as pasted from Word)."""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

from app.text import (
    ascii_filename,
    clean,
    fold,
    match_key,
    name_sort_key,
    sort_key,
    split_name,
    title_name,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_fold_removes_tones_and_d_stroke(form):
    name = unicodedata.normalize(form, "Nguyễn Văn Đức")
    assert fold(name) == "nguyen van duc"
    assert fold(unicodedata.normalize(form, "Đăng ký thi đua")) == "dang ky thi dua"
    assert fold(unicodedata.normalize(form, "Sùng Lử Páo")) == "sung lu pao"
    assert fold(unicodedata.normalize(form, "Lò Thị Hương")) == "lo thi huong"


def test_clean_makes_nfc_single_spaced_and_trimmed():
    raw = "  Nguyễn\u00a0 Thị   Thu\u200b Hà \t"
    assert clean(nfd(raw)) == "Nguyễn Thị Thu Hà"
    assert unicodedata.is_normalized("NFC", clean(nfd("Hoàng Văn Thụ")))
    assert clean(None) == ""


def test_nfd_and_nfc_names_match():
    assert match_key(nfd("Tẩn Láo Sử")) == match_key("TẨN LÁO SỬ") == "tan lao su"
    assert match_key("Giàng  A-Lử") == match_key("Giàng A Lử")


def test_sort_puts_d_stroke_after_d_and_before_e():
    names = ["Đào", "Dung", "Em", "Danh", "Đạt"]
    assert sorted(names, key=sort_key) == ["Danh", "Dung", "Đào", "Đạt", "Em"]


def test_sort_orders_vowel_letters_and_tones_like_a_dictionary():
    assert sorted(["ăn", "an", "ân", "bán"], key=sort_key) == ["an", "ăn", "ân", "bán"]
    # ngang, huyền, hỏi, ngã, sắc, nặng
    tones = ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(reversed(tones), key=sort_key) == tones
    # NFD input sorts the same as NFC
    assert sorted([nfd(t) for t in reversed(tones)], key=sort_key) == [nfd(t) for t in tones]


def test_people_sort_by_given_name_first():
    people = ["Trần Văn Bình", "Lò Văn An", "Nguyễn Thị Anh", "Đỗ Thị Ân"]
    # Ă and Â are letters of their own, after A: An, Anh, Ân.
    assert sorted(people, key=name_sort_key) == ["Lò Văn An", "Nguyễn Thị Anh", "Đỗ Thị Ân", "Trần Văn Bình"]
    assert split_name("Vàng A Dính") == ("Vàng A", "Dính")


def test_file_names_and_capitalisation():
    assert ascii_filename("Xã Bản Bo") == "XaBanBo"
    assert ascii_filename("UBND thị trấn Tam Đường") == "UbndThiTranTamDuong"
    assert title_name("NGUYỄN THỊ HỒNG") == "Nguyễn Thị Hồng"


def _reference_fold(value: object) -> str:
    """The definition `fold` must keep: NFD of the whole text, marks dropped, đ → d."""
    text = unicodedata.normalize("NFD", clean(value).lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch)).replace("đ", "d")


def test_fold_is_the_same_as_decomposing_the_whole_text():
    # Every Latin, Vietnamese and combining character, alone and after a base letter, in NFC
    # and NFD: the per-character table `fold` uses must give what whole-text NFD gives.
    chars = [chr(c) for c in range(0x20, 0x2000)] + [chr(c) for c in range(0x1E00, 0x1F00)]
    samples = chars + ["a" + c for c in chars] + [nfd("Nguyễn Thị Ánh Tuyết Đặng Ỷ Ượng")]
    samples += ["ẠẶẬẸỆỊỌỘỢỤỰỴ ạặậẹệịọộợụựỵ", "A\u0323\u0306", "a\u0306\u0323", "İstanbul ǅ ǈ ﬁ"]
    for text in samples:
        assert fold(text) == _reference_fold(text), repr(text)
        assert match_key(text) == " ".join(re.sub(r"[^0-9a-z ]+", " ", _reference_fold(text)).split())


def test_clean_is_the_same_as_collapsing_every_space_run():
    """`clean` skips the substitution for texts that need none; it must still give what the
    substitution gives, whatever spaces a Word paste brings."""
    spaces = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
    pieces = [" ", "  ", "\t", "\n", "\u00a0", "\u2003", "\u200b", "\ufeff", "\u3000", "\x85", "\u2028",
              "a", "Đ", "ễ", nfd("ễ"), "\u0301", "x"]
    rnd = random.Random(7)
    for _ in range(20000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 10)))
        assert clean(text) == spaces.sub(" ", unicodedata.normalize("NFC", text)).strip(), repr(text)
