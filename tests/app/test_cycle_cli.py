"""`tdkt late`, `tdkt ranking`, `tdkt plan`, `tdkt rollover` on the demo office, run as a user
runs them (a subprocess), with their JSON fields and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys


def tdkt(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def test_late_lists_missing_and_late_units(demo_path):
    result = tdkt("late", "--db", demo_path, "--year", 2025, "--today", "10/12/2025", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["year"] == 2025 and data["today"] == "2025-12-10"
    assert data["units"], "the demo office has late units"
    missing = [m for u in data["units"] for m in u["missing"]]
    late = [x for u in data["units"] for x in u["late"]]
    assert missing and late
    assert all(m["days_overdue"] > 0 and m["due_on"] < "2025-12-10" for m in missing)
    assert all(x["received_on"] > x["due_on"] and x["days_late"] > 0 for x in late)
    text = tdkt("late", "--db", demo_path, "--year", 2025, "--today", "2025-12-10")
    assert text.returncode == 0 and "đơn vị nộp muộn hoặc chưa nộp" in text.stdout


def test_ranking_of_a_year_and_of_one_bloc(demo_path):
    data = json.loads(tdkt("ranking", "--db", demo_path, "--year", 2025, "--json").stdout)
    blocs = {b["bloc"]: b for b in data["blocs"]}
    offices = blocs["Khối các cơ quan chuyên môn"]
    ranks = [u["rank"] for u in offices["units"]]
    assert ranks == sorted(ranks) and ranks[0] == 1
    totals = [float(u["agreed_total"]) for u in offices["units"]]
    assert totals == sorted(totals, reverse=True)
    assert any(u["tie_note"] for b in data["blocs"] for u in b["units"]), "the demo has a tie"
    one = json.loads(tdkt("ranking", "--db", demo_path, "--bloc", offices["bloc_id"], "--json").stdout)
    assert one["bloc"] == "Khối các cơ quan chuyên môn" and one["tie_break"] == "female_share"
    missing = tdkt("ranking", "--db", demo_path, "--bloc", 99999)
    assert missing.returncode == 1 and "Không có khối thi đua số 99999" in missing.stderr


def test_plan_overdue(demo_path):
    data = json.loads(tdkt("plan", "--db", demo_path, "--year", 2025, "--only", "overdue",
                           "--today", "10/12/2025", "--json").stdout)
    assert data["tasks"] and {t["state"] for t in data["tasks"]} == {"overdue"}


def test_rollover_preview_then_apply(demo_path):
    preview = json.loads(tdkt("rollover", "--db", demo_path, "--from", 2026, "--json").stdout)
    assert preview["applied"] is False and preview["to_year"] == 2027
    assert any(not b["exists"] and b["head"] and b["deputy"] for b in preview["blocs"])
    again = json.loads(tdkt("rollover", "--db", demo_path, "--from", 2026, "--json").stdout)
    assert again["blocs"] == preview["blocs"]  # a preview changes nothing
    applied = tdkt("rollover", "--db", demo_path, "--from", 2026, "--apply")
    assert applied.returncode == 0, applied.stderr
    assert "Đã tạo năm 2027 từ năm 2026" in applied.stdout
    after = json.loads(tdkt("rollover", "--db", demo_path, "--from", 2026, "--json").stdout)
    assert all(b["exists"] for b in after["blocs"])


def test_bad_input_exit_codes(tmp_path, demo_path):
    assert tdkt("late", "--db", tmp_path / "khong-co.db", "--year", 2025).returncode == 2
    assert tdkt("late", "--db", demo_path, "--year", 2025, "--today", "hôm qua").returncode == 2
    assert tdkt("ranking", "--db", demo_path).returncode == 2  # --bloc or --year is required
    nothing = tdkt("rollover", "--db", demo_path, "--from", 2031)
    assert nothing.returncode == 1 and "chưa có khối thi đua" in nothing.stderr
