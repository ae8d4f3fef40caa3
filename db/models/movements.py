"""Phong trào thi đua (movements) and the year's plan (kế hoạch công tác TĐKT)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Timestamps


class Movement(Timestamps, Base):
    """A campaign launched by an authority, with its launching document and reviews."""

    __tablename__ = "movements"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    search_key: Mapped[str] = mapped_column(Text, default="")
    slogan: Mapped[str] = mapped_column(Text, default="")
    launched_by: Mapped[str] = mapped_column(String(200))  # Thủ tướng Chính phủ, UBND tỉnh ...
    level: Mapped[str] = mapped_column(String(20))  # trung_uong / tinh / huyen / xa / co_quan
    kind: Mapped[str] = mapped_column(String(20))  # regular / periodic / thematic
    doc_number: Mapped[str] = mapped_column(String(60), default="")
    doc_date: Mapped[dt.date | None] = mapped_column(Date)
    doc_issuer: Mapped[str] = mapped_column(String(200), default="")
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    targets: Mapped[str] = mapped_column(Text, default="")
    midterm_review_on: Mapped[dt.date | None] = mapped_column(Date)
    final_review_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="running")  # planned/running/reviewed/closed
    results: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (Index("ix_movements_period", "start_date", "end_date"),)


class MovementUnit(Base):
    """A unit taking part in a movement."""

    __tablename__ = "movement_units"
    movement_id: Mapped[int] = mapped_column(ForeignKey("movements.id", ondelete="CASCADE"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), primary_key=True)


class PlanTask(Timestamps, Base):
    """A line of the year's plan appendix: task, who is responsible, deadline, status."""

    __tablename__ = "plan_tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    seq: Mapped[str] = mapped_column(String(20), default="")  # "1.6"
    title: Mapped[str] = mapped_column(Text)
    responsible: Mapped[str] = mapped_column(String(200), default="")
    responsible_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    movement_id: Mapped[int | None] = mapped_column(ForeignKey("movements.id", ondelete="SET NULL"))
    deadline: Mapped[dt.date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open / done / cancelled
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (UniqueConstraint("year", "seq", "title"),)
