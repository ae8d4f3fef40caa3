"""What units owe and send: expected submissions with deadlines, what arrived (versions and
source files), registrations. Stored files live in the data folder by content hash."""

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


class StoredFile(Base):
    """A file kept by the program (imported workbook, scanned document), named by its hash."""

    __tablename__ = "stored_files"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    original_name: Mapped[str] = mapped_column(String(300))
    size: Mapped[int] = mapped_column(Integer)
    stored_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())


class SubmissionDue(Base):
    """Something every unit (of some kinds) must send for a year by a deadline."""

    __tablename__ = "submission_dues"
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(30))  # registration / report_mid / report_year / bloc_scores / award_proposal
    title: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[dt.date] = mapped_column(Date)
    unit_kinds: Mapped[str] = mapped_column(String(200), default="")  # '' = every active unit
    notes: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (UniqueConstraint("year", "kind"),)


class SubmissionExemption(Base):
    """A unit excused from one due (merged, dissolved, not concerned)."""

    __tablename__ = "submission_exemptions"
    due_id: Mapped[int] = mapped_column(ForeignKey("submission_dues.id", ondelete="CASCADE"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), primary_key=True)
    reason: Mapped[str] = mapped_column(Text, default="")


class SubmissionDueOverride(Base):
    """A unit's own deadline for one due (set once for all units, overridden for a few)."""

    __tablename__ = "submission_due_overrides"
    id: Mapped[int] = mapped_column(primary_key=True)
    due_id: Mapped[int] = mapped_column(ForeignKey("submission_dues.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    due_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    __table_args__ = (UniqueConstraint("due_id", "unit_id"),)


class Submission(Timestamps, Base):
    """What a unit sent for a kind and year. A corrected file is a new version; the earlier
    ones stay, marked superseded."""

    __tablename__ = "submissions"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    due_id: Mapped[int | None] = mapped_column(ForeignKey("submission_dues.id", ondelete="SET NULL"))
    version_no: Mapped[int] = mapped_column(Integer, default=1)
    received_on: Mapped[dt.date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(20), default="import")  # import / manual / paper / email
    status: Mapped[str] = mapped_column(String(20), default="received")  # received / accepted / returned / superseded
    return_reason: Mapped[str] = mapped_column(Text, default="")
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id", ondelete="RESTRICT"))
    summary: Mapped[dict] = mapped_column(JSON, default=dict)  # counts and figures read from the file
    problems: Mapped[list] = mapped_column(JSON, default=list)  # warnings kept with the record
    notes: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (
        UniqueConstraint("unit_id", "year", "kind", "version_no"),
        Index("ix_submissions_year_kind", "year", "kind"),
    )

    file: Mapped[StoredFile | None] = relationship()


class Registration(Base):
    """Đăng ký thi đua: a title a unit registers for itself or for a person, or an exemplar."""

    __tablename__ = "registrations"
    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    subject: Mapped[str] = mapped_column(String(20))  # individual / collective
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200))
    award_code: Mapped[str] = mapped_column(String(40), default="")
    is_exemplar: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    # The exemplar register (sổ điển hình tiên tiến): the model built, its movement, how and
    # when it was publicised (the media centre publicises them).
    movement_id: Mapped[int | None] = mapped_column(ForeignKey("movements.id", ondelete="SET NULL"))
    model: Mapped[str] = mapped_column(Text, default="", server_default="")
    publicity: Mapped[str] = mapped_column(Text, default="", server_default="")
    publicised_on: Mapped[dt.date | None] = mapped_column(Date)
