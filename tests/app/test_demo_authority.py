"""The demo office keeps the program's own authority rule: no district decision is dated after
30/6/2025; from 1/7/2025 the successor commune's chairman decides within his powers (the
province the rest), his decisions print under his commune's heading, and the reports name
them apart from the district's."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent / "printing"))

from print_pdf import flat, pages_text  # noqa: E402

from app.powers import decision_authority_problems  # noqa: E402
from app.printing import build  # noqa: E402
from app.reports import year_figures  # noqa: E402
from db.models import Decision  # noqa: E402

REFORM = dt.date(2025, 7, 1)


def test_every_demo_decision_passes_the_programs_authority_check(demo_db):
    with demo_db.session() as s:
        decisions = list(s.scalars(select(Decision)))
        problems = [p for d in decisions for p in decision_authority_problems(s, d)]
        after = [d for d in decisions if d.issued_on >= REFORM]
        assert not problems, problems[:3]
        assert after and not [d.number for d in after if "huyện" in d.issuer]
        communes = [d for d in after if d.issuer.startswith("UBND xã")]
        assert len(communes) >= 10  # the year-end and movement decisions of 2025
        # Each commune decision is signed by that commune's chairman, in his own name.
        assert all(d.signer_name and d.signer_title == "CHỦ TỊCH" for d in communes)
        figures = year_figures(s, 2025)
        by = {d.code: d for d in figures.deciders}
        assert by["successor"].total == sum(len(d.awards) for d in communes if not
                                            any(a.revoked for a in d.awards))
        assert by["successor"].label.startswith("Do Chủ tịch UBND cấp xã quyết định")
        assert by["ours"].total == sum(len(d.awards) for d in decisions if not d.external and
                                       any(a.year == 2025 for a in d.awards))
        d = next(d for d in communes if d.issued_on == dt.date(2025, 12, 5))
        commune = d.issuer.removeprefix("UBND xã ")
        text = flat(" ".join(pages_text(build(s, "decision", id=d.id).pdf)))
        certificate = flat(" ".join(pages_text(build(s, "certificates", id=d.id).pdf)))
    assert flat(f"ỦY BAN NHÂN DÂN XÃ {commune.upper()}") in text
    assert flat(f"CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ {commune.upper()}") in text
    assert flat(f"{commune}, ngày 05 tháng 12 năm 2025") in text
    assert "HUYỆNTAMĐƯỜNG" not in text and flat(f"Quỹ thi đua, khen thưởng của UBND xã {commune}") in text
    assert flat(f"CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ {commune.upper()}") in certificate
    assert "HUYỆNTAMĐƯỜNG" not in certificate
