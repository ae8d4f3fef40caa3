"""`tdkt appraise` picks one award of a person proposed for several, and `--all` never passes a
nominee whose verdict fails without the clerk saying so (tester's report on issue 16, moderate:
`--approve "Lê Thị Bình"` answered "có nhiều người", and `--all` passed 9 "Không đủ điều kiện"
nominees as "đạt 22, không đạt 0" without a word). Luật TĐKT 2022 Điều 84: the office
appraises each proposal against the standards before it goes to the council and the decision.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.database import open_database
from db.models import Dossier, Nominee
from tests.app.conftest import World
from tests.app.test_exchange_cli import tdkt


@pytest.fixture
def office(db, tmp_path):
    """Lê Thị Bình (HTXSNV) proposed for LĐTT and CSTĐCS; Lò Văn Đức rated HTNV proposed for
    LĐTT (fails: Điều 24); Chu Thị Lan without a rating (cannot tell)."""
    with db.session() as s:
        w = World(s)
        w.commune()
        unit = w.unit("Trường Tiểu học Bình Lư", kind="truong")
        dossier = w.dossier(unit, year=2025, status="received", received=dt.date(2025, 11, 20))
        binh, duc, lan = (w.person(n, unit) for n in ("Lê Thị Bình", "Lò Văn Đức", "Chu Thị Lan"))
        w.rating(binh, 2025, "HTXSNV")
        w.rating(duc, 2025, "HTNV")
        for who, code in ((binh, "LDTT"), (binh, "CSTDCS"), (duc, "LDTT"), (lan, "LDTT")):
            w.nominate(dossier, who, code)
        number = dossier.number
    db.dispose()
    return tmp_path / "tdkt.db", number


def _appraisals(path) -> dict[tuple[int, str], tuple[str, str]]:
    db = open_database(path, create=False)
    try:
        with db.session() as s:
            return {(n.seq, n.name): (n.appraisal, n.appraisal_note) for n in s.scalars(select(Nominee))}
    finally:
        db.dispose()


def test_one_award_of_a_person_proposed_for_several_by_name_award_or_row(office):
    path, number = office
    both = tdkt("appraise", number, "--approve", "Lê Thị Bình", "--db", path)
    assert both.returncode == 1
    assert (f"Hồ sơ {number} có 2 đề nghị của «Lê Thị Bình» (1. Lao động tiên tiến; 2. Chiến sĩ thi đua cơ sở): "
            "ghi «Lê Thị Bình/DANH HIỆU»") in both.stderr, both.stderr
    assert tdkt("appraise", number, "--approve", "Lê Thị Bình/LĐTT", "--db", path).returncode == 0
    assert tdkt("appraise", number, "--reject", "le thi binh (Chiến sĩ thi đua cơ sở)=Chưa có sáng kiến",
                "--db", path).returncode == 0
    by_row = tdkt("appraise", number, "--reject", "3=Xếp loại HTNV", "--db", path)
    assert by_row.returncode == 0 and "đạt 1, không đạt 2, chưa thẩm định 1." in by_row.stdout, by_row.stdout
    assert _appraisals(path) == {(1, "Lê Thị Bình"): ("approved", ""),
                                 (2, "Lê Thị Bình"): ("rejected", "Chưa có sáng kiến"),
                                 (3, "Lò Văn Đức"): ("rejected", "Xếp loại HTNV"),
                                 (4, "Chu Thị Lan"): ("pending", "")}
    wrong = tdkt("appraise", number, "--approve", "Lê Thị Bình/Huân chương Sao Vàng kiểu mới", "--db", path)
    assert wrong.returncode == 1 and "Không hiểu danh hiệu" in wrong.stderr
    missing = tdkt("appraise", number, "--approve", "9", "--db", path)
    assert missing.returncode == 1 and "không có dòng số 9" in missing.stderr
    assert "TÊN/DANH HIỆU" in tdkt("appraise", "--help").stdout


def test_all_refuses_to_pass_a_failing_nominee_and_names_them(office):
    path, number = office
    refused = tdkt("appraise", number, "--all", "--db", path)
    assert refused.returncode == 1
    assert f"Hồ sơ {number}: 1 đề nghị «Không đủ điều kiện», --all không cho đạt:" in refused.stderr
    assert "  - 3. Lò Văn Đức — Lao động tiên tiến: " in refused.stderr and "Không ghi gì." in refused.stderr
    assert set(_appraisals(path).values()) == {("pending", "")}  # nothing written
    db = open_database(path, create=False)
    with db.session() as s:
        assert s.scalar(select(Dossier.status)) == "received"
    db.dispose()


def test_all_with_reject_failing_rejects_them_with_the_verdicts_reason(office):
    path, number = office
    out = tdkt("appraise", number, "--all", "--reject-failing", "--db", path)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == f"Hồ sơ {number}: đạt 3, không đạt 1, chưa thẩm định 0 — đã kết thúc thẩm định."
    assert "1 đề nghị «Không đủ điều kiện» không đạt (lý do theo kết quả xét):" in lines
    assert "  - 3. Lò Văn Đức — Lao động tiên tiến" in lines
    assert any(line.startswith("1 đề nghị «Chưa đủ dữ liệu» được đạt theo --all: 4. Chu Thị Lan") for line in lines)
    appraisal, note = _appraisals(path)[(3, "Lò Văn Đức")]
    assert appraisal == "rejected" and "Hoàn thành nhiệm vụ" in note


def test_all_with_approve_failing_passes_them_and_says_so(office):
    path, number = office
    # Approving over the check needs the clerk's reason (t17: an override is never silent).
    bare = tdkt("appraise", number, "--all", "--approve-failing", "--db", path)
    assert bare.returncode == 1 and "--approve-failing \"LÝ DO\". Không ghi gì." in bare.stderr
    assert {a for a, _ in _appraisals(path).values()} == {"pending"}
    out = tdkt("appraise", number, "--all", "--approve-failing", "Xếp loại đã được điều chỉnh", "--db", path)
    assert out.returncode == 0 and "đạt 4, không đạt 0" in out.stdout
    assert _appraisals(path)[(3, "Lò Văn Đức")] == ("approved", "Xếp loại đã được điều chỉnh")
    assert "1 đề nghị «Không đủ điều kiện» vẫn cho đạt theo --approve-failing:" in out.stdout
    assert "  - 3. Lò Văn Đức — Lao động tiên tiến" in out.stdout
    alone = tdkt("appraise", number, "--approve-failing", "--db", path)
    assert alone.returncode == 1 and "chỉ dùng cùng --all" in alone.stderr


def test_appraise_all_and_decision_on_a_dossier_already_past_that_step_say_so_plainly(office):
    """t25: «Không thể chuyển hồ sơ … từ “Đã có quyết định” sang “Đã có quyết định”»."""
    path, number = office
    done = tdkt("appraise", number, "--reject", "2=Chưa có sáng kiến", "--all", "--approve-failing",
                "Xếp loại đã được điều chỉnh", "--db", path)
    assert done.returncode == 0, done.stderr
    again = tdkt("appraise", number, "--all", "--db", path)
    assert again.returncode == 1
    assert again.stderr.strip() == f"Hồ sơ {number} đã kết thúc thẩm định (“Đã thẩm định”); không ghi gì."
    first = tdkt("decision", "--dossier", number, "--number", "120/QĐ-UBND", "--date", "10/12/2025", "--db", path)
    assert first.returncode == 0, first.stderr
    second = tdkt("decision", "--dossier", number, "--number", "121/QĐ-UBND", "--date", "12/12/2025", "--db", path)
    assert second.returncode == 1
    assert f"Hồ sơ {number} đã có quyết định 120/QĐ-UBND ngày 10/12/2025; không ra thêm" in second.stderr
    assert "sang" not in second.stderr
