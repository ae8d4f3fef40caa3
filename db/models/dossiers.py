"""Hồ sơ đề nghị khen thưởng (dossiers): status history, required documents, nominees with
their proposed award and appraisal, the council (Hội đồng TĐKT), its meetings and votes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, Timestamps


class Dossier(Timestamps, Base):
    """A unit's proposal of awards, from receipt to decision (or forwarding upward)."""

    __tablename__ = "dossiers"
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)  # year of the achievement
    number: Mapped[str] = mapped_column(String(30))  # "HS-2025-0001", unique within the year
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    received_on: Mapped[dt.date] = mapped_column(Date, index=True)
    category: Mapped[str] = mapped_column(String(30))  # regular / movement / sudden / service / long_service / foreign
    movement_id: Mapped[int | None] = mapped_column(ForeignKey("movements.id", ondelete="SET NULL"), index=True)
    authority: Mapped[str] = mapped_column(String(20), default="local")  # local / forwarded
    forwarded_to: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default="received", index=True)
    legal_basis: Mapped[str] = mapped_column(String(100), default="")  # decree in force
    proposal_ref: Mapped[str] = mapped_column(String(100), default="")  # Tờ trình số ... of the unit
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # Công khai: the nominees' list posted before the council, from .. to .., where.
    notice_from: Mapped[dt.date | None] = mapped_column(Date)
    notice_to: Mapped[dt.date | None] = mapped_column(Date)
    notice_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Trình cấp trên: the office's own tờ trình number and date.
    forward_ref: Mapped[str] = mapped_column(String(100), default="", server_default="")
    forwarded_on: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("year", "number"), Index("ix_dossiers_year_status", "year", "status"))

    nominees: Mapped[list[Nominee]] = relationship(
        back_populates="dossier", cascade="all, delete-orphan", order_by="Nominee.seq")
    documents: Mapped[list[DossierDocument]] = relationship(
        back_populates="dossier", cascade="all, delete-orphan")
    history: Mapped[list[DossierEvent]] = relationship(
        back_populates="dossier", cascade="all, delete-orphan", order_by="DossierEvent.id")


class DossierEvent(Base):
    """One step of a dossier's life: who moved it from what to what, when and why."""

    __tablename__ = "dossier_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    user: Mapped[str] = mapped_column(String(60), default="")
    from_status: Mapped[str] = mapped_column(String(20), default="")
    to_status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")

    dossier: Mapped[Dossier] = relationship(back_populates="history")


class DossierDocument(Base):
    """A required (or extra) document of a dossier: ticked present, maybe with a scan."""

    __tablename__ = "dossier_documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(300))
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    present: Mapped[bool] = mapped_column(Boolean, default=False)
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")

    dossier: Mapped[Dossier] = relationship(back_populates="documents")


class Nominee(Base):
    """Someone (person, collective or household) proposed for one award in a dossier."""

    __tablename__ = "nominees"
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    subject: Mapped[str] = mapped_column(String(20))  # individual / collective / household
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"), index=True)
    # The name as written in the dossier. Read `name`: for a nominee linked to a person it is the
    # person's current name (db/models/names.py), so a corrected name reaches every form.
    written_name: Mapped[str] = mapped_column("name", String(200))
    # A rank or learned title written in front of the name (`Thiếu úy`, `PGS.TS`), kept apart from it.
    rank: Mapped[str] = mapped_column(String(60), default="", server_default="")
    position: Mapped[str] = mapped_column(String(200), default="")
    unit_text: Mapped[str] = mapped_column(String(200), default="")
    award_type_id: Mapped[int] = mapped_column(ForeignKey("award_types.id", ondelete="RESTRICT"))
    achievement: Mapped[str] = mapped_column(Text, default="")
    rating: Mapped[str] = mapped_column(String(10), default="")  # the year's task rating, as declared
    initiative: Mapped[str] = mapped_column(Text, default="")
    is_direct_worker: Mapped[bool] = mapped_column(Boolean, default=False)
    # What the list says of an individual (migration 0014): kept even while the nominee is not
    # linked to a person yet, so confirming "a new person" later, or the decision, makes the
    # person with them (the yearly report counts women and ethnic minorities from people).
    gender: Mapped[str | None] = mapped_column(String(1))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    ethnicity: Mapped[str | None] = mapped_column(String(30))
    verdict: Mapped[str] = mapped_column(String(10), default="")  # meets / fails / unknown
    verdict_reasons: Mapped[list] = mapped_column(JSON, default=list)
    appraisal: Mapped[str] = mapped_column(String(12), default="pending")  # pending / approved / rejected / returned
    appraisal_note: Mapped[str] = mapped_column(Text, default="")
    warnings: Mapped[list] = mapped_column(JSON, default=list)
    feedback: Mapped[str] = mapped_column(Text, default="", server_default="")  # from the public notice
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}

    dossier: Mapped[Dossier] = relationship(back_populates="nominees")


class CouncilMember(Base):
    """A member of the Hội đồng TĐKT for a term: chairman, deputy, member, secretary."""

    __tablename__ = "council_members"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))  # chairman / deputy / member / secretary
    position: Mapped[str] = mapped_column(String(200), default="")
    term_from: Mapped[dt.date | None] = mapped_column(Date)
    term_to: Mapped[dt.date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class CouncilMeeting(Timestamps, Base):
    """A council session: who attended (≥ 80% needed), minutes, and the votes cast."""

    __tablename__ = "council_meetings"
    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    members_total: Mapped[int] = mapped_column(Integer)
    members_present: Mapped[int] = mapped_column(Integer)
    minutes_ref: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[str] = mapped_column(String(5), default="")  # "08:00", as the minutes say
    ended_at: Mapped[str] = mapped_column(String(5), default="")


class MeetingAttendance(Base):
    """Attendance of a member at a meeting; absentees may vote in writing."""

    __tablename__ = "meeting_attendance"
    meeting_id: Mapped[int] = mapped_column(ForeignKey("council_meetings.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("council_members.id", ondelete="CASCADE"), primary_key=True)
    present: Mapped[bool] = mapped_column(Boolean, default=True)
    written_vote: Mapped[bool] = mapped_column(Boolean, default=False)
    counting: Mapped[str] = mapped_column(String(10), default="")  # Ban kiểm phiếu: head / member


class BallotCount(Base):
    """The ballots of one title at a meeting (phiếu bầu): issued to the members present,
    returned, and valid; the absent members' written votes are counted apart."""

    __tablename__ = "ballot_counts"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("council_meetings.id", ondelete="CASCADE"))
    award_type_id: Mapped[int] = mapped_column(ForeignKey("award_types.id", ondelete="CASCADE"))
    issued: Mapped[int] = mapped_column(Integer, default=0)
    returned: Mapped[int] = mapped_column(Integer, default=0)
    valid: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (UniqueConstraint("meeting_id", "award_type_id"),)


class Vote(Base):
    """The count for one nominee at one meeting; `passed` compares with the full membership."""

    __tablename__ = "votes"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("council_meetings.id", ondelete="CASCADE"))
    nominee_id: Mapped[int] = mapped_column(ForeignKey("nominees.id", ondelete="CASCADE"), index=True)
    yes: Mapped[int] = mapped_column(Integer, default=0)
    no: Mapped[int] = mapped_column(Integer, default=0)
    invalid: Mapped[int] = mapped_column(Integer, default=0)
    passed: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (UniqueConstraint("meeting_id", "nominee_id"),)
