"""Hooks attach to every new session factory, even one that reuses a collected one's address.

SQLAlchemy's `event.contains()` answered "already there" for such a factory, and the audit
trail of that data file then stayed empty now and then: this checks it cannot happen again.
"""

import gc

from sqlalchemy import create_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from db.session import listen_once


class _Base(DeclarativeBase):
    pass


class _Row(_Base):
    __tablename__ = "rows"
    id: Mapped[int] = mapped_column(primary_key=True)


def test_every_new_factory_gets_its_hooks_exactly_once():
    engine = create_engine("sqlite://")
    _Base.metadata.create_all(engine)
    seen: list[int] = []

    def noted(session, _context):
        seen.append(session.info["n"])

    for n in range(100):
        factory = sessionmaker(bind=engine)
        listen_once(factory, "test", [("after_flush", noted)])
        listen_once(factory, "test", [("after_flush", noted)])  # a second call adds nothing
        with factory(info={"n": n}) as session:
            session.add(_Row())
            session.flush()
        del factory, session
        gc.collect()  # free the factory, so the next one may take its place in memory
    assert seen == list(range(100))
