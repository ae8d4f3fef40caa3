"""One truth for a person's name: what every nominee and award linked to a person shows.

A rename of a person (`tdkt person edit --name`, the person page) is a correction of the
record: the dossier's nominees, the ledger, the decision's list and the certificates all read
the person's current name, through `Nominee.name` and `Award.recipient_name` defined here,
never the text copied when the list was imported or the decision signed. That text stays in
the row (`written_name`: the column keeps its old name `name` / `recipient_name`) and is what
collectives, households and people not linked to a record show.

Instance access, `select(Award.recipient_name)`, filters and sorting all go through the same
definition: a correlated sub-select of the person's name loaded with each row
(`linked_name`), and `COALESCE(linked_name, written_name)` in SQL."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import column_property

from db.models.awards import Award
from db.models.dossiers import Nominee
from db.models.org import Person


def _linked(model, attribute: str) -> hybrid_property:
    model.linked_name = column_property(
        select(Person.full_name).where(Person.id == model.person_id)
        .correlate_except(Person).scalar_subquery())

    def getter(self):
        return self.linked_name or self.written_name

    def setter(self, value):
        self.written_name = value

    def expression(cls):
        return func.coalesce(cls.linked_name, cls.written_name).label(attribute)

    getter.__name__ = setter.__name__ = expression.__name__ = attribute  # labels `select(...)` columns
    return hybrid_property(getter, setter, expr=expression)


Nominee.name = _linked(Nominee, "name")
Award.recipient_name = _linked(Award, "recipient_name")
