"""`tdkt inspections`, `tdkt congress`, `tdkt publicity`, `tdkt province-bloc` on the demo office,
run as a user runs them: JSON fields, files written, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys


def tdkt(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def test_inspections_and_late_follow_ups(demo_path):
    rows = json.loads(tdkt("inspections", "--year", 2025, "--db", demo_path, "--json").stdout)
    assert len(rows) == 3 and sum(r["late"] for r in rows) == 1
    late = json.loads(tdkt("inspections", "--year", 2025, "--db", demo_path, "--late", "--json").stdout)
    assert [x["unit"] for x in late] == ["UBND xã Bản Bo"] and late[0]["due_on"] == "2025-09-30"
    assert late[0]["days_late"] > 0
    text = tdkt("inspections", "--year", 2025, "--db", demo_path, "--late")
    assert text.returncode == 0 and "YÊU CẦU KHẮC PHỤC QUÁ HẠN: 1" in text.stdout


def test_congress_summary_and_lists(demo_path, tmp_path):
    data = json.loads(tdkt("congress", "--year", 2025, "--db", demo_path, "--json").stdout)
    assert (data["number"], data["delegates"], data["honours"]) == (6, 60, 20)
    assert {q["group"] for q in data["quotas"]["delegate"]} == {"direct_worker", "female", "minority", "grassroots"}
    assert all(q["have"] >= q["needed"] for q in data["quotas"]["delegate"])
    pdf = tdkt("congress", "--year", 2025, "--db", demo_path, "-o", tmp_path / "dh.pdf")
    assert pdf.returncode == 0, pdf.stderr
    assert (tmp_path / "dh.pdf").read_bytes().startswith(b"%PDF")
    assert tdkt("congress", "--year", 2025, "--db", demo_path, "-o", tmp_path / "dh.xlsx").returncode == 0
    bad = tdkt("congress", "--year", 2025, "--db", demo_path, "-o", tmp_path / "dh.doc")
    assert bad.returncode == 1 and "đuôi .pdf hoặc .xlsx" in bad.stderr
    none = tdkt("congress", "--year", 2019, "--db", demo_path)
    assert none.returncode == 1 and "Chưa ghi Đại hội" in none.stderr


def test_province_bloc_and_publicity(demo_path, tmp_path):
    blocs = json.loads(tdkt("province-bloc", "--year", 2025, "--db", demo_path, "--json").stdout)
    assert [(b["rank"], b["members"], b["self_score"] is not None) for b in blocs] == [(2, 8, True)]
    assert tdkt("province-bloc", "--year", 2025, "--db", demo_path, "-o", tmp_path / "tc.xlsx").returncode == 0
    assert tdkt("province-bloc", "--year", 2025, "--db", demo_path, "-o", tmp_path / "bc.pdf").returncode == 0
    missing = tdkt("province-bloc", "--year", 2023, "--db", demo_path)
    assert missing.returncode == 1 and "chưa ghi khối thi đua nào do tỉnh tổ chức" in missing.stderr
    rows = json.loads(tdkt("publicity", "--year", 2025, "--quarter", 4, "--db", demo_path, "--json").stdout)
    assert rows and {"name", "unit", "model", "deeds", "award"} <= set(rows[0])
    out = tdkt("publicity", "--year", 2025, "--quarter", 4, "--db", demo_path, "-o", tmp_path / "nt.xlsx")
    assert out.returncode == 0 and f"Đã ghi {len(rows)} dòng" in out.stdout
    assert tdkt("publicity", "--year", 2025, "--quarter", 5, "--db", demo_path).returncode == 2
