"""docs/rules.md is the catalogue as shipped, rule by rule, with the tests that prove it:
regenerate it with `python -m app.rules.doc` when the catalogue or the tests change."""

from __future__ import annotations

import json
import re

from app.resources import resource_path
from app.rules.doc import PAGE, ROOT, render


def test_the_rules_page_is_current_with_the_catalogue():
    assert PAGE.read_text(encoding="utf-8") == render(), "docs/rules.md is stale: run python -m app.rules.doc"


def test_every_award_has_its_article_numbers_dates_and_a_test_that_exists():
    page = PAGE.read_text(encoding="utf-8")
    with open(resource_path("catalog", "awards.json"), encoding="utf-8") as fh:
        catalogue = json.load(fh)
    for award in catalogue["award_types"]:
        section = page.split(f"(`{award['code']}`)")[1]
        section = section.split("\n### ")[0]
        assert "Hệ số tiền thưởng" in section and "Kiểm thử: `tests/" in section, award["code"]
        assert re.search(r"\d{2}/\d{2}/\d{4} – ", section), award["code"]
    for path, name in set(re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", page)):
        source = (ROOT / path).read_text(encoding="utf-8")
        assert f"def {name}(" in source, f"{path}::{name} named in docs/rules.md does not exist"
    assert "Số liệu sửa được" in page and "Thẩm quyền quyết định" in page
    assert "| Cấp huyện | 01/01/2024 | 30/06/2025 |" in page  # no district decision after 30/6/2025
