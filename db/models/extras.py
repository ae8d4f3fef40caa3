"""The rest of the year's plan: our office inside the province's bloc (details and evidence),
inspections of units (kiểm tra công tác TĐKT) with their follow-ups, the Emulation Congress
(Đại hội thi đua yêu nước) with its delegates and honours, and the award fund's allocations
(kinh phí thi đua, khen thưởng)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, Timestamps


class ProvinceBlocInfo(Timestamps, Base):
    """What the office keeps about a bloc the province organises and our authority belongs to
    (Bloc.organiser == "province"): the other members, head and deputy (units of other
    districts or communes, not ours: kept as text), where the criteria table came from, the
    covenant, the self-score sent, and the province's final score. Our rank is
    BlocMember.rank of our authority."""

    __tablename__ = "province_bloc_info"
    id: Mapped[int] = mapped_column(primary_key=True)
    bloc_id: Mapped[int] = mapped_column(ForeignKey("blocs.id", ondelete="CASCADE"), unique=True)
    head_name: Mapped[str] = mapped_column(String(200), default="")
    deputy_name: Mapped[str] = mapped_column(String(200), default="")
    other_members: Mapped[str] = mapped_column(Text, default="")  # one member per line
    criteria_source: Mapped[str] = mapped_column(String(300), default="")  # the province's document
    covenant_place: Mapped[str] = mapped_column(String(200), default="")
    covenant_content: Mapped[str] = mapped_column(Text, default="")
    self_sent_on: Mapped[dt.date | None] = mapped_column(Date)
    self_sent_ref: Mapped[str] = mapped_column(String(100), default="")  # "245/BC-UBND"
    final_score: Mapped[float | None] = mapped_column(Numeric(8, 2))
    result_note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}


class ProvinceBlocEvidence(Base):
    """Minh chứng: a document (and optionally its stored file) backing our self-score on one
    criterion of the province's table."""

    __tablename__ = "province_bloc_evidence"
    id: Mapped[int] = mapped_column(primary_key=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("bloc_criteria.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    document: Mapped[str] = mapped_column(String(400))  # "Báo cáo số 245/BC-UBND ngày 10/12/2025"
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id", ondelete="RESTRICT"))


class Inspection(Timestamps, Base):
    """A planned inspection of a unit's emulation and commendation work: when, by whom, what
    is checked; once held, what was found and the conclusion."""

    __tablename__ = "inspections"
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    planned_on: Mapped[dt.date] = mapped_column(Date)
    held_on: Mapped[dt.date | None] = mapped_column(Date)
    team: Mapped[str] = mapped_column(String(300), default="")  # who inspects
    lead: Mapped[str] = mapped_column(String(120), default="")  # trưởng đoàn
    content: Mapped[str] = mapped_column(Text, default="")  # what is checked
    status: Mapped[str] = mapped_column(String(20), default="planned")  # planned / held / cancelled
    findings: Mapped[str] = mapped_column(Text, default="")
    conclusion_ref: Mapped[str] = mapped_column(String(120), default="")  # thông báo kết luận
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}

    follow_ups: Mapped[list[InspectionFollowUp]] = relationship(
        back_populates="inspection", cascade="all, delete-orphan", order_by="InspectionFollowUp.seq")


class InspectionFollowUp(Base):
    """What the inspection asked the unit to do (khắc phục, bổ sung) and by when; done when
    the unit reported it done."""

    __tablename__ = "inspection_follow_ups"
    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    request: Mapped[str] = mapped_column(Text)
    due_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    response: Mapped[str] = mapped_column(Text, default="")

    inspection: Mapped[Inspection] = relationship(back_populates="follow_ups")


class Congress(Timestamps, Base):
    """Đại hội thi đua yêu nước, held every five years: its number (lần thứ VI), period,
    targets and group quotas (percent of delegates: direct workers, women, ethnic minorities,
    grassroots)."""

    __tablename__ = "congresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    name: Mapped[str] = mapped_column(String(300))
    period_from: Mapped[int] = mapped_column(Integer)
    period_to: Mapped[int] = mapped_column(Integer)
    held_on: Mapped[dt.date | None] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200), default="")
    delegate_target: Mapped[int] = mapped_column(Integer, default=0)
    honour_target: Mapped[int] = mapped_column(Integer, default=0)
    quotas: Mapped[dict] = mapped_column(JSON, default=dict)  # group → minimum percent
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}

    entries: Mapped[list[CongressEntry]] = relationship(
        back_populates="congress", cascade="all, delete-orphan", order_by="CongressEntry.seq")


class CongressEntry(Base):
    """A delegate (đại biểu) or an honoured exemplar (điển hình được tôn vinh) of a congress,
    with the groups it counts in (kept as chosen, so a later change of a person's record does
    not change the congress's figures) and, for an honour, the award proposed and decided."""

    __tablename__ = "congress_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10))  # delegate / honour
    seq: Mapped[int] = mapped_column(Integer, default=0)
    subject: Mapped[str] = mapped_column(String(20))  # individual / collective
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(200), default="")
    unit_text: Mapped[str] = mapped_column(String(200), default="")
    birth_year: Mapped[int | None] = mapped_column(Integer)
    ethnicity: Mapped[str] = mapped_column(String(50), default="")
    female: Mapped[bool] = mapped_column(Boolean, default=False)
    minority: Mapped[bool] = mapped_column(Boolean, default=False)
    direct_worker: Mapped[bool] = mapped_column(Boolean, default=False)
    grassroots: Mapped[bool] = mapped_column(Boolean, default=False)
    achievement: Mapped[str] = mapped_column(Text, default="")
    award_code: Mapped[str] = mapped_column(String(40), default="")  # proposed for an honour
    award_id: Mapped[int | None] = mapped_column(ForeignKey("awards.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(String(20), default="manual")  # ledger / exemplar / manual
    notes: Mapped[str] = mapped_column(Text, default="")

    congress: Mapped[Congress] = relationship(back_populates="entries")


class FundAllocation(Base):
    """Kinh phí: money the finance office allots to the year's emulation and commendation
    work (the first allotment, then supplements; a cut is a negative amount)."""

    __tablename__ = "fund_allocations"
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    allotted_on: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(Numeric(14, 0))
    document: Mapped[str] = mapped_column(String(200), default="")  # "QĐ giao dự toán số ..."
    notes: Mapped[str] = mapped_column(Text, default="")
