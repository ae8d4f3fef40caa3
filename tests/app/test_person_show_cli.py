"""`tdkt person show` on the demo office, as a user runs it: a person's facts by year — ratings
with who rated, discipline with its decision, initiatives recognised or only declared — and
awards, in text and in JSON."""

from __future__ import annotations

import json
import subprocess
import sys


def tdkt(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def test_json_gives_the_facts_the_rules_rest_on(demo_path):
    result = tdkt("person", "show", "lu van dan", "--db", demo_path, "--json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    dan = next(p for p in found if p["disciplines"])
    assert {"id", "name", "birth_year", "unit", "ratings", "disciplines", "investigations", "initiatives",
            "awards"} <= set(dan)
    warning = dan["disciplines"][0]
    assert (warning["level"], warning["from"], warning["decision"]) == ("canh_cao", "2025-04-10", "41/QĐ-UBND")
    assert all(r["rated_by"] for r in dan["ratings"]) and {r["year"] for r in dan["ratings"]} >= {2024, 2025}


def test_text_names_a_declared_initiative_and_who_rated(demo_path):
    result = tdkt("person", "show", "dang phuong dung", "--db", demo_path)
    assert result.returncode == 0, result.stderr
    assert "chưa có quyết định công nhận" in result.stdout
    assert "người đánh giá:" in result.stdout
    nobody = tdkt("person", "show", "khong co ai ten nay", "--db", demo_path, "--json")
    assert nobody.returncode == 0 and json.loads(nobody.stdout) == []
