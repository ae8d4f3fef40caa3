"""Khối thi đua (blocs): per year, members, head and deputy, criteria, scores, ranking."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, Timestamps


class Bloc(Timestamps, Base):
    """A bloc for one year. `organiser` is `office` for our own blocs, `province` for the one
    our authority itself belongs to."""

    __tablename__ = "blocs"
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    name: Mapped[str] = mapped_column(String(200))
    organiser: Mapped[str] = mapped_column(String(20), default="office")
    head_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    deputy_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    regulation: Mapped[str] = mapped_column(Text, default="")
    covenant_signed_on: Mapped[dt.date | None] = mapped_column(Date)
    tie_break: Mapped[str] = mapped_column(String(30), default="female_share")
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("year", "name"),)

    members: Mapped[list[BlocMember]] = relationship(back_populates="bloc", cascade="all, delete-orphan")
    criteria: Mapped[list[BlocCriterion]] = relationship(
        back_populates="bloc", cascade="all, delete-orphan", order_by="BlocCriterion.sort_order")


class BlocMember(Base):
    """A unit in a bloc for the year, with its final rank and whether it leads."""

    __tablename__ = "bloc_members"
    id: Mapped[int] = mapped_column(primary_key=True)
    bloc_id: Mapped[int] = mapped_column(ForeignKey("blocs.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    rank: Mapped[int | None] = mapped_column(Integer)
    is_leading: Mapped[bool] = mapped_column(Boolean, default=False)
    proposed_award_code: Mapped[str] = mapped_column(String(40), default="")
    __table_args__ = (UniqueConstraint("bloc_id", "unit_id"),)

    bloc: Mapped[Bloc] = relationship(back_populates="members")


class BlocCriterion(Base):
    """A scoring criterion (or a group of them, when it has children) with its maximum."""

    __tablename__ = "bloc_criteria"
    id: Mapped[int] = mapped_column(primary_key=True)
    bloc_id: Mapped[int] = mapped_column(ForeignKey("blocs.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("bloc_criteria.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(20), default="")  # "I", "1.2"
    title: Mapped[str] = mapped_column(Text)
    max_points: Mapped[float] = mapped_column(Numeric(8, 2), default=0)
    kind: Mapped[str] = mapped_column(String(10), default="score")  # score / bonus / penalty
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    bloc: Mapped[Bloc] = relationship(back_populates="criteria")


class BlocScore(Base):
    """A unit's self-score and the bloc's agreed score on one criterion. Zero is a score;
    NULL means not scored yet."""

    __tablename__ = "bloc_scores"
    id: Mapped[int] = mapped_column(primary_key=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("bloc_criteria.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    self_score: Mapped[float | None] = mapped_column(Numeric(8, 2))
    agreed_score: Mapped[float | None] = mapped_column(Numeric(8, 2))
    explanation: Mapped[str] = mapped_column(Text, default="")
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("criterion_id", "unit_id"),)
