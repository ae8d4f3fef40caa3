"""A data file whose catalogue the earlier program seeded gets the corrected rules when it is
upgraded (migration 0011): Bằng khen paid 1.0 × base salary before 1/7/2025, the routes and runs
of the rules, the powers of each level; a number the office edited itself is left as it is."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import select

from db import migrate
from db.models import AwardPower, AwardRule, AwardType
from db.session import make_engine, make_session_factory

BEFORE = Path(__file__).resolve().parents[1] / "data" / "awards_before_issue16.json"


def _seed_as_before(session, data: dict) -> None:
    """The award catalogue as the earlier program seeded it (award types and their rules)."""
    day = dt.date.fromisoformat
    for row in data["award_types"]:
        award = AwardType(code=row["code"], name=row["name"], short_name=row["short_name"],
                          aliases="|".join(row["aliases"]), category=row["category"], subject=row["subject"],
                          level=row["level"], family=row["family"], secret_ballot=row["secret_ballot"],
                          vote_threshold=row["vote_threshold"], rank=row["rank"], sort_order=row["sort_order"])
        for rule in row["rules"]:
            award.rules.append(AwardRule(
                valid_from=day(rule["valid_from"]), valid_to=day(rule["valid_to"]) if rule["valid_to"] else None,
                legal_basis=rule["legal_basis"], coefficient_individual=rule["coefficient_individual"],
                coefficient_collective=rule["coefficient_collective"],
                coefficient_household=rule["coefficient_household"], criteria=rule["criteria"],
                verified=rule["verified"]))
        session.add(award)
    session.flush()


def test_an_earlier_catalogue_is_corrected_on_upgrade_unless_the_office_edited_it(tmp_path):
    engine = make_engine(tmp_path / "old.db")
    migrate.upgrade(engine, "0010_i24_units")
    old = json.loads(BEFORE.read_text(encoding="utf-8"))
    factory = make_session_factory(engine)
    with factory() as s:
        _seed_as_before(s, old)
        edited = s.scalar(select(AwardRule).join(AwardType).where(AwardType.code == "CO_TINH")
                          .order_by(AwardRule.valid_from.desc()).limit(1))
        edited.criteria = {**edited.criteria, "one_per_bloc_year": False}  # the office's own edit
        s.commit()
    migrate.upgrade(engine)
    with factory() as s:
        bk = {r.valid_from.isoformat(): r for r in s.scalars(
            select(AwardRule).join(AwardType).where(AwardType.code == "BK_TINH"))}
        assert [bk[k].coefficient_individual for k in sorted(bk)] == [1.0, 1.0, 1.5]
        assert "min_interval_years" not in bk["2025-07-01"].criteria
        routes = [c.get("categories") for c in bk["2025-07-01"].criteria["individual"]["any_of"]]
        assert ["sudden"] in routes and ["movement"] in routes
        flag = {r.valid_from.isoformat(): r.criteria for r in s.scalars(
            select(AwardRule).join(AwardType).where(AwardType.code == "CO_TINH"))}
        assert flag["2024-01-01"]["bloc_organisers"] == ["province"]
        assert "bloc_organisers" not in flag["2025-07-01"]  # edited by the office: left alone
        levels = {(p.level, p.award_code) for p in s.scalars(select(AwardPower))}
        assert ("xa", "LDTT") in levels and ("tinh", "BK_TINH") in levels
    engine.dispose()
