"""`tdkt eligibility` and `tdkt dossier` run as a user runs them, on the demo office."""

from __future__ import annotations

import json
import subprocess
import sys


def tdkt(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def test_year_json_gives_every_nominee_a_verdict_with_cited_reasons(demo_path):
    result = tdkt("eligibility", "--year", 2025, "--db", demo_path, "--json")
    assert result.returncode == 0, result.stderr
    verdicts = json.loads(result.stdout)
    assert len(verdicts) > 100
    for v in verdicts:
        assert {"dossier", "nominee", "award", "verdict", "reasons"} <= set(v)
        assert v["verdict"] in ("meets", "fails", "unknown")
        assert v["reasons"], v
        for r in v["reasons"]:
            # the contract of issue 7, extended: a fact the finding rests on, or what is missing
            assert {"code", "message", "basis"} <= set(r) <= {"code", "message", "basis", "fact", "missing"}
            assert set(r.get("fact") or {"kind": 0, "id": 0}) == {"kind", "id"}
            assert isinstance(r.get("missing", ""), str)
            assert r["code"].isidentifier() and r["code"].islower()
            assert r["message"] and r["basis"]
    failing = {r["code"] for v in verdicts if v["verdict"] == "fails" for r in v["reasons"]}
    # the demo's planted failures, each with its reason
    assert {"under_investigation", "under_discipline", "already_awarded",
            "prerequisite_run_broken", "rating_too_low", "member_disciplined"} <= failing


def test_one_dossier_as_text(demo_path):
    listing = json.loads(tdkt("dossier", "list", "--year", 2025, "--db", demo_path, "--json").stdout)
    number = next(r["number"] for r in listing if r["status"] == "Đang thẩm định")
    result = tdkt("eligibility", "--dossier", number, "--db", demo_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(number)
    assert "Tổng:" in result.stdout and "[Luật Thi đua, khen thưởng 2022" in result.stdout
    shown = tdkt("dossier", "show", number, "--db", demo_path, "--json")
    assert json.loads(shown.stdout)["number"] == number


def test_unknown_dossier_and_bad_arguments(demo_path):
    result = tdkt("eligibility", "--dossier", "HS-1999-9999", "--db", demo_path)
    assert result.returncode == 1
    assert result.stderr.strip() == "Không tìm thấy hồ sơ số HS-1999-9999."
    both = tdkt("eligibility", "--dossier", "X", "--year", 2025, "--db", demo_path)
    assert both.returncode == 2
    neither = tdkt("eligibility", "--db", demo_path)
    assert neither.returncode == 2 and "Lỗi tham số" in neither.stderr


def test_year_names_the_dossiers_it_does_not_check_and_adds_up_to_the_report(demo_path):
    """The report counts every nominee of the year as proposed; `eligibility --year` checks
    the live ones and names the refused and withdrawn dossiers it leaves out, with their counts."""
    report = json.loads(tdkt("report", "--year", 2025, "--db", demo_path, "--json").stdout)
    verdicts = json.loads(tdkt("eligibility", "--year", 2025, "--db", demo_path, "--json").stdout)
    text = tdkt("eligibility", "--year", 2025, "--db", demo_path).stdout
    line = next(x for x in text.splitlines() if x.startswith("Không xét "))
    skipped = int(line.split()[2])
    assert len(verdicts) + skipped == report["dossiers"]["nominees"]
    assert f"Cộng {report['dossiers']['nominees']} đối tượng được đề nghị, như báo cáo năm 2025." in line
    listed = json.loads(tdkt("dossier", "list", "--year", 2025, "--db", demo_path, "--json").stdout)
    from app.states import DOSSIER_STATES, DROPPED

    dropped = [d for d in listed if d["status"] in {DOSSIER_STATES[k] for k in DROPPED}]
    assert dropped
    for d in dropped:
        assert f"{d['number']} (hồ sơ «{d['status']}», {d['nominees']} đối tượng)" in line
    assert sum(d["nominees"] for d in dropped) <= skipped
