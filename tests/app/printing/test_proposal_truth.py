"""The tờ trình proposes only what is still to propose: its own dossiers (the units named in
"Xét đề nghị của" are those of the nominees), dated the day it was sent, never someone who
already holds that award for that year by a decision in the ledger."""

from __future__ import annotations

import datetime as dt

import pytest
from print_pdf import flat, pages_text
from sqlalchemy import select

from app.errors import UserError
from app.printing import build
from db.models import Award, Dossier, Nominee, Unit


def _forwarded(s):
    return list(s.scalars(select(Dossier).where(Dossier.year == 2025, Dossier.authority == "forwarded",
                                                Dossier.status == "forwarded")))


def test_a_sent_tờ_trình_carries_its_number_date_and_own_units(demo_db):
    with demo_db.session() as s:
        for d in _forwarded(s):
            doc = build(s, "proposal", id=d.id)
            text = flat("\n".join(pages_text(doc.pdf)))
            assert doc.date == d.forwarded_on
            assert flat(d.forward_ref.split("số", 1)[-1].strip()) in text
            unit = s.get(Unit, d.unit_id).name
            assert flat(f"Xét đề nghị của {unit}") in text
            others = [u.name for u in s.scalars(select(Unit)) if u.id != d.unit_id and u.kind == "commune"]
            assert not any(flat(f"Xét đề nghị của {o} ") in text for o in others)
            for n in d.nominees:
                if n.appraisal == "approved" and n.subject == "individual":
                    assert n.unit_text == unit  # a commune proposes its own people


def test_someone_already_holding_the_award_is_not_proposed_again(demo_db):
    with demo_db.session() as s:
        decided = s.scalar(select(Dossier).where(Dossier.year == 2025, Dossier.authority == "forwarded",
                                                 Dossier.status == "decided"))
        nominee = s.scalar(select(Nominee).where(Nominee.dossier_id == decided.id))
        # Printed again, the dossier's own tờ trình still names him: his award came from it.
        assert flat(nominee.name) in flat("".join(pages_text(build(s, "proposal", id=decided.id).pdf)))
        # Were the same Bằng khen of that year in the ledger by another decision, he is not
        # proposed again.
        award = s.scalar(select(Award).where(Award.nominee_id == nominee.id))
        award.nominee_id = None
        s.flush()
        with pytest.raises(UserError, match="chưa có tập thể, cá nhân nào"):
            build(s, "proposal", id=decided.id)


def test_the_year_s_draft_is_dated_within_the_year(demo_db):
    with demo_db.session() as s:
        doc = build(s, "proposal", year=2025)
    assert doc.date <= dt.date(2025, 12, 31)
