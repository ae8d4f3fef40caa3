"""The demo office carries its nominees' verdicts from the start: the dossiers list shows them
before any dossier is opened, with failures among them, and they agree with a fresh check."""

from __future__ import annotations

from sqlalchemy import select

from app.dossiers import list_dossiers
from app.rules import check_year
from db.models import Dossier, Nominee


def test_every_live_nominee_has_a_kept_verdict(demo_db):
    with demo_db.session() as s:
        live = s.execute(select(Nominee.verdict, Dossier.status).join(Dossier)
                         .where(Nominee.appraisal != "withdrawn",
                                Dossier.status.not_in(("rejected", "withdrawn")))).all()
        assert live and all(v in ("meets", "fails", "unknown") for v, _ in live)
        assert {st for _, st in live} >= {"received", "appraising", "voted", "decided", "forwarded"}
        rows = list_dossiers(s, 2025)
        failing = [r for r in rows if r.fails]
        assert failing and all("không đạt" in r.verdicts for r in failing)
        assert not any(r.unchecked for r in rows if r.status not in ("Không đề nghị", "Đơn vị rút hồ sơ"))


def test_the_kept_verdicts_are_what_a_fresh_check_finds(demo_db):
    with demo_db.session() as s:
        kept = dict(s.execute(select(Nominee.id, Nominee.verdict)).all())
        fresh = check_year(s, 2025, store=False)
        assert fresh and all(kept[v.nominee_id] == v.verdict for v in fresh)
