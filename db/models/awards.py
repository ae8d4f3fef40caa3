"""Decisions (quyết định khen thưởng) and the awards ledger (sổ khen thưởng).

Decided results are frozen: a correction is a new ledger entry pointing at the one it
corrects; a revoked award stays, marked."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, Timestamps


class Decision(Timestamps, Base):
    """A signed decision: number/symbol, date, issuer, signer; its lines are ledger awards."""

    __tablename__ = "decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(60))  # "123/QĐ-UBND"
    issuer: Mapped[str] = mapped_column(String(200))  # "UBND huyện Tam Đường"
    year: Mapped[int] = mapped_column(Integer)  # year of issue (numbers restart yearly)
    issued_on: Mapped[dt.date] = mapped_column(Date, index=True)
    signer_name: Mapped[str] = mapped_column(String(100), default="")
    signer_title: Mapped[str] = mapped_column(String(100), default="")
    sign_mode: Mapped[str] = mapped_column(String(4), default="TM")  # TM / KT
    summary: Mapped[str] = mapped_column(Text, default="")
    legal_basis: Mapped[str] = mapped_column(String(100), default="")
    base_salary: Mapped[int | None] = mapped_column(Numeric(14, 0))
    status: Mapped[str] = mapped_column(String(10), default="issued")  # draft / issued
    external: Mapped[bool] = mapped_column(Boolean, default=False)  # by a higher authority
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("issuer", "year", "number"),)

    awards: Mapped[list[Award]] = relationship(back_populates="decision", order_by="Award.book_no")


class Award(Timestamps, Base):
    """One award conferred: the ledger line every later check reads."""

    __tablename__ = "awards"
    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(20))  # individual / collective / household
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    # The name as written in the decision. Read `recipient_name`: for an award linked to a person
    # it is the person's current name (db/models/names.py).
    written_name: Mapped[str] = mapped_column("recipient_name", String(200))
    search_key: Mapped[str] = mapped_column(String(400), default="", index=True)
    position: Mapped[str] = mapped_column(String(200), default="")
    unit_text: Mapped[str] = mapped_column(String(200), default="")  # unit name at the time
    award_type_id: Mapped[int] = mapped_column(ForeignKey("award_types.id", ondelete="RESTRICT"))
    year: Mapped[int] = mapped_column(Integer, index=True)  # year of the achievement
    kind: Mapped[str] = mapped_column(String(20), default="regular")  # regular / movement / sudden / service / long_service / foreign
    movement_id: Mapped[int | None] = mapped_column(ForeignKey("movements.id", ondelete="SET NULL"))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id", ondelete="RESTRICT"), index=True)
    decision_number: Mapped[str] = mapped_column(String(60), default="")
    decision_date: Mapped[dt.date | None] = mapped_column(Date)
    issuer: Mapped[str] = mapped_column(String(200), default="")
    nominee_id: Mapped[int | None] = mapped_column(ForeignKey("nominees.id", ondelete="SET NULL"))
    book_no: Mapped[int | None] = mapped_column(Integer)  # số sổ vàng: line in the decision
    achievement: Mapped[str] = mapped_column(Text, default="")
    money: Mapped[int | None] = mapped_column(Numeric(14, 0))
    source: Mapped[str] = mapped_column(String(20), default="decision")  # decision / history / manual
    # The workbook a history line was imported from (migration 0007).
    source_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_files.id", ondelete="SET NULL"), index=True)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    revoked_on: Mapped[dt.date | None] = mapped_column(Date)
    revoke_reason: Mapped[str] = mapped_column(Text, default="")
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("awards.id", ondelete="SET NULL"))
    __table_args__ = (
        Index("ix_awards_type_year", "award_type_id", "year"),
        Index("ix_awards_person_year", "person_id", "year"),
    )

    decision: Mapped[Decision | None] = relationship(back_populates="awards")
