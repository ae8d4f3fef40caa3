"""Per-unit counts against caps, and money per decision for the finance office."""

from __future__ import annotations

import datetime as dt

from app.quotas import money_by_decision, unit_quotas
from db.models import Decision, Setting


def test_counts_per_unit_and_the_cap(world):
    world.s.add(Setting(key="rules.unit_caps", value={"CSTDCS": {"share": 0.15, "of": "LDTT"}}))
    unit = world.unit("Xã Bản Bo")
    dossier = world.dossier(unit)
    for i in range(10):
        p = world.person(f"Người {i}", unit)
        world.nominate(dossier, p, "LDTT", appraisal="approved" if i < 6 else "pending")
        if i < 2:
            world.nominate(dossier, p, "CSTDCS")
    world.award(world.person("Đã Có", unit), "LDTT", 2025)
    q = unit_quotas(world.s, 2025)[0]
    assert (q.unit, q.proposed["LDTT"], q.approved["LDTT"], q.awarded["LDTT"]) == ("Xã Bản Bo", 10, 6, 1)
    cap = q.caps[0]
    assert (cap.award, cap.used, cap.base, cap.allowed, cap.over) == ("CSTDCS", 2, 11, 1, True)
    assert q.over


def test_money_per_decision_and_totals_local_apart_from_higher(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    local = Decision(number="12/QĐ-UBND", issuer="UBND huyện", year=2025, issued_on=dt.date(2025, 12, 5))
    higher = Decision(number="2150/QĐ-UBND", issuer="UBND tỉnh", year=2025,
                      issued_on=dt.date(2025, 12, 28), external=True)
    world.s.add_all([local, higher])
    world.s.flush()
    world.award(an, "GK", 2025, decision_id=local.id, money=710_000)
    world.award(unit, "GK", 2025, decision_id=local.id, money=1_410_000)
    world.award(an, "BK_TINH", 2025, decision_id=higher.id, money=3_510_000)
    world.award(an, "LDTT", 2025, decision_id=local.id, money=710_000, revoked=True)
    summary = money_by_decision(world.s, 2025)
    assert [(d.number, d.awards, d.total) for d in summary.decisions] == [
        ("12/QĐ-UBND", 2, 2_120_000), ("2150/QĐ-UBND", 1, 3_510_000)]
    assert (summary.local_total, summary.external_total) == (2_120_000, 3_510_000)
