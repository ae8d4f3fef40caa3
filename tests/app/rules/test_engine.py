"""The runner: verdicts kept on nominees of open dossiers, frozen on settled ones, batch-sized
queries."""

from __future__ import annotations

from sqlalchemy import event, select

from app.nominees import update_nominee
from app.rules import check_dossier, check_year
from db.models import Nominee


def test_verdicts_are_kept_on_the_nominee_and_the_row_stays_editable(world):
    unit = world.unit()
    nominee = world.nominate(world.dossier(unit), "Lò Thị Bình", "LDTT", rating="HTNV")
    check_dossier(world.s, nominee.dossier_id)
    assert nominee.verdict == "fails"
    assert nominee.verdict_reasons[0]["code"] == "rating_too_low"
    assert nominee.verdict_reasons[0]["outcome"] == "fail"
    update_nominee(world.s, nominee.id, rating="HTTNV")  # no stale-version error
    world.s.flush()
    check_dossier(world.s, nominee.dossier_id)
    world.s.expire_all()
    assert world.s.get(Nominee, nominee.id).verdict == "meets"


def test_a_decided_dossier_keeps_the_verdict_it_was_decided_with(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.rating(an, 2025, "HTTNV")
    dossier = world.dossier(unit, status="decided")
    nominee = world.nominate(dossier, an, "LDTT", verdict="meets",
                             verdict_reasons=[{"code": "rating_ok", "message": "Đạt", "basis": "Điều 24",
                                               "outcome": "ok"}])
    world.investigation(an, world.s.get(type(dossier), dossier.id).received_on)
    v = check_dossier(world.s, dossier.id)[0]
    assert (v.verdict, [r.code for r in v.reasons]) == ("meets", ["rating_ok"])
    assert nominee.verdict == "meets"


def test_year_run_skips_withdrawn_and_refused_dossiers(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.nominate(world.dossier(unit), an, "LDTT")
    world.nominate(world.dossier(unit, status="withdrawn"), an, "GK")
    world.nominate(world.dossier(unit, status="rejected"), an, "GK")
    world.nominate(world.dossier(unit), world.person("Lò B", unit), "LDTT", appraisal="withdrawn")
    assert [v.award for v in check_year(world.s, 2025)] == ["LDTT"]


def test_queries_do_not_grow_with_the_nominees(world, db):
    unit = world.unit()

    def run(n):
        dossier = world.dossier(unit)
        for i in range(n):
            p = world.person(f"Người {i} {n}", unit)
            world.rating(p, 2025, "HTTNV")
            world.award(p, "LDTT", 2024)
            world.nominate(dossier, p, "CSTDCS")
        count = {"n": 0}

        def seen(*_):
            count["n"] += 1
        event.listen(db.engine, "before_cursor_execute", seen)
        try:
            check_dossier(world.s, dossier.id)
        finally:
            event.remove(db.engine, "before_cursor_execute", seen)
        return count["n"]

    assert run(40) == run(5)
    assert world.s.scalars(select(Nominee.verdict)).all().count("fails") == 45


class _Draft:
    """A nominee not saved yet (an import preview hands the engine plain objects)."""

    def __init__(self, dossier, person, award_type_id, **kw):
        self.id, self.dossier, self.seq = None, dossier, 0
        self.subject, self.person_id, self.unit_id = "individual", person.id, person.unit_id
        self.name, self.position, self.unit_text = person.full_name, "", ""
        self.award_type_id, self.achievement, self.initiative = award_type_id, "Thành tích", ""
        self.rating, self.is_direct_worker = kw.get("rating", ""), False
        self.verdict, self.verdict_reasons, self.appraisal, self.version = "", [], "pending", 1


class _DraftDossier:
    def __init__(self, unit):
        import datetime as dt

        self.id, self.number, self.year, self.unit_id = None, "(xem trước)", 2025, unit.id
        self.received_on, self.category, self.status = dt.date(2025, 11, 20), "regular", "received"
        self.movement_id = None


def test_unsaved_nominees_of_an_import_preview(world):
    from app.rules import evaluate

    unit = world.unit()
    an, binh = world.person("Nguyễn Văn An", unit), world.person("Lò Thị Bình", unit)
    world.rating(an, 2025, "HTXSNV")
    world.rating(binh, 2025, "HTXSNV")
    world.award(an, "LDTT", 2025)  # a history line: no nominee behind it
    d = _DraftDossier(unit)
    t = world.types
    rows = [_Draft(d, an, t["CSTDCS"].id), _Draft(d, binh, t["LDTT"].id), _Draft(d, binh, t["CSTDCS"].id),
            _Draft(d, binh, t["CSTDCS"].id)]
    v = evaluate(world.s, rows, store=False)
    assert v[0].verdict == "meets" and "same_year_title_ok" in world.codes(v[0])  # from the ledger
    assert v[1].verdict == "meets"
    assert "same_year_title_ok" in world.codes(v[2])  # the LĐTT row of the same file
    assert world.failed(v[2]) == ["proposed_twice"] and world.failed(v[3]) == ["proposed_twice"]
    assert "cùng hồ sơ" in v[2].reasons[-1].message


def test_settled_keeps_a_verdict_once_on_decided_nominees_that_never_had_one(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    world.rating(an, 2025, "HTTNV")
    decided = world.nominate(world.dossier(unit, status="decided"), an, "LDTT")
    forwarded = world.nominate(world.dossier(unit, status="forwarded"), world.person("Lò B", unit), "LDTT",
                               rating="HTNV")
    kept = world.nominate(world.dossier(unit, status="decided"), world.person("Lò C", unit), "LDTT",
                          verdict="unknown", verdict_reasons=[])
    check_year(world.s, 2025)  # by default settled dossiers are left as they are
    assert (decided.verdict, forwarded.verdict) == ("", "")
    check_year(world.s, 2025, settled=True)
    assert decided.verdict == "meets" and forwarded.verdict == "fails"
    assert forwarded.verdict_reasons[0]["code"] == "rating_too_low"
    assert kept.verdict == "unknown"  # a verdict already kept on a settled dossier never changes
