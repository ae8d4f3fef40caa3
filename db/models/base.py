"""Declarative base and column helpers shared by every model module.

Naming conventions give every constraint a stable name, which Alembic needs to alter
tables on SQLite (batch mode) and which keeps the schema identical on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, MetaData, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Timestamps:
    """Creation and last-change times, set by the database."""

    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime, nullable=False, server_default=func.current_timestamp())
    updated_at: Mapped[dt.datetime | None] = mapped_column(
        DateTime, nullable=True, onupdate=func.current_timestamp())
