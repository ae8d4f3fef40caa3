"""A bulk update that refreshes rows already loaded in the session must not trip the
two-clerks check (it has no query context to compare against)."""

from __future__ import annotations

from sqlalchemy import update

from db.models import Person, Unit


def test_bulk_update_over_loaded_rows_works(db):
    with db.session() as s:
        a = Unit(code="XA_A", name="UBND xã A", kind="commune", search_key="ubnd xa a")
        b = Unit(code="XA_B", name="UBND xã B", kind="commune", search_key="ubnd xa b")
        s.add_all([a, b])
        s.flush()
        s.add(Person(full_name="Lò Văn Pọm", match_key="lo van pom", unit_id=a.id))
    with db.session() as s:
        person = s.query(Person).one()  # loaded: the update below refreshes it
        a_id = person.unit_id
        b_id = s.query(Unit.id).filter(Unit.code == "XA_B").scalar()
        s.execute(update(Person).where(Person.unit_id == a_id).values(unit_id=b_id)
                  .execution_options(synchronize_session="fetch"))
        assert person.unit_id == b_id
    with db.session() as s:
        assert s.query(Person.unit_id).scalar() == b_id
