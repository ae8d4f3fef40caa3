"""`sort_key` by its per-character table gives exactly what walking the whole text's NFD gives
(the reference), on the demo's names and on texts built to catch the edge cases."""

from __future__ import annotations

import random
import unicodedata

from app import text
from app.text import clean, sort_key


def reference(value) -> tuple:
    cleaned = clean(value)
    primary, tones = text._walk(unicodedata.normalize("NFD", cleaned.lower()))
    return (tuple(primary), tuple(tones), cleaned)


VIETNAMESE = ("aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụ"
              "ưừửữứựvxyỳỷỹýỵfjwz0123456789 -.,()/")
ODD = ["\u0301", "\u0323", "\u0302", "\u0306", "\u031b", "\u0308", "İ", "ǅ", "ﬁ", "Å", "\u00a0", "ß", "ἄ"]


def test_the_demo_names_and_units(demo_db):
    from sqlalchemy import text as sql

    with demo_db.engine.connect() as conn:
        names = [r[0] for r in conn.execute(sql(
            "SELECT full_name FROM people UNION SELECT name FROM units UNION SELECT recipient_name FROM awards"))]
    assert len(names) > 300
    for name in names:
        assert sort_key(name) == reference(name), name
        assert sort_key(unicodedata.normalize("NFD", name)) == reference(name)


def test_random_texts_with_lone_marks_and_odd_letters():
    rng = random.Random(20251125)
    alphabet = list(VIETNAMESE + VIETNAMESE.upper()) + ODD
    for _ in range(5000):
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert sort_key(value) == reference(value), repr(value)
        decomposed = unicodedata.normalize("NFD", value)
        assert sort_key(decomposed) == reference(decomposed), repr(decomposed)


def test_dictionary_order_still_holds():
    words = ["Đức", "Dung", "Ân", "Anh", "Ăn", "An", "Ấn", "Bình", "Ơn", "Ôn", "On", "Ưng", "Ung"]
    assert sorted(words, key=sort_key) == ["An", "Anh", "Ăn", "Ân", "Ấn", "Bình", "Dung", "Đức",
                                           "On", "Ôn", "Ơn", "Ung", "Ưng"]
