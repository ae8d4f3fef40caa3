"""The office and its world: office profile, units (đơn vị), people (cá nhân) and what
the rules read about them each year (task ratings, discipline, initiatives)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, Timestamps


class OfficeProfile(Base):
    """Hồ sơ cơ quan: who we are. One row (id = 1); documents and templates read it."""

    __tablename__ = "office_profile"
    id: Mapped[int] = mapped_column(primary_key=True)
    office_name: Mapped[str] = mapped_column(String(200))          # Phòng Nội vụ
    authority_name: Mapped[str] = mapped_column(String(200))       # Ủy ban nhân dân huyện Tam Đường
    authority_short: Mapped[str] = mapped_column(String(50), default="UBND")  # symbol: QĐ-UBND
    superior_name: Mapped[str] = mapped_column(String(200), default="")  # UBND tỉnh Lai Châu
    level: Mapped[str] = mapped_column(String(20), default="xa")  # xa / huyen / tinh
    province: Mapped[str] = mapped_column(String(100), default="")
    place_name: Mapped[str] = mapped_column(String(100))          # Tam Đường (for "..., ngày ...")
    signer_name: Mapped[str] = mapped_column(String(100), default="")
    signer_title: Mapped[str] = mapped_column(String(100), default="CHỦ TỊCH")
    deputy_signer_name: Mapped[str] = mapped_column(String(100), default="")
    deputy_signer_title: Mapped[str] = mapped_column(String(100), default="PHÓ CHỦ TỊCH")
    clerk_name: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(100), default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}


class Signer(Base):
    """Người ký văn bản: the head of the office and the deputies (body `office`), the
    authority's chairman and vice-chairmen (body `authority`), each with the documents they
    sign (`powers`: codes of app/signers.py DOCUMENTS). Rows rather than profile columns, so
    a signer can later carry the dates of the office held (issue 22)."""

    __tablename__ = "signers"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(20))  # office / authority
    role: Mapped[str] = mapped_column(String(20))  # head / deputy / acting
    name: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(100), default="")  # TRƯỞNG PHÒNG, PHÓ CHỦ TỊCH ...
    phone: Mapped[str] = mapped_column(String(50), default="")
    powers: Mapped[list] = mapped_column(JSON, default=list)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (CheckConstraint("body IN ('office', 'authority')", name="signer_body"),
                      CheckConstraint("role IN ('head', 'deputy', 'acting')", name="signer_role"),
                      Index("ix_signers_body_order", "body", "sort_order"))


class Unit(Timestamps, Base):
    """Đơn vị: agency, commune UBND, school, mass organisation, enterprise.

    A merged commune keeps its row (and its history) and points to the unit it became part of.
    """

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(100), default="")
    kind: Mapped[str] = mapped_column(String(30), index=True)  # catalog: unit_kinds
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    merged_on: Mapped[dt.date | None] = mapped_column(Date)
    # Ngừng hoạt động (dissolved, not merged): the day it stopped; it stays for its history.
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    head_name: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(100), default="")
    member_count: Mapped[int | None] = mapped_column(Integer)
    female_share: Mapped[int | None] = mapped_column(Integer)  # percent, for the tie rule
    search_key: Mapped[str] = mapped_column(String(200), default="", index=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}

    people: Mapped[list[Person]] = relationship(back_populates="unit")
    merged_into: Mapped[Unit | None] = relationship(remote_side=[id], foreign_keys=[merged_into_id])


class UnitYear(Base):
    """Số liệu đơn vị theo năm: the unit's head and number of members in one year (the
    collective titles' shares are counted on that year's members)."""

    __tablename__ = "unit_years"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    head_name: Mapped[str] = mapped_column(String(100), default="")
    head_title: Mapped[str] = mapped_column(String(100), default="")
    member_count: Mapped[int | None] = mapped_column(Integer)
    female_count: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (UniqueConstraint("unit_id", "year"),
                      CheckConstraint("member_count IS NULL OR member_count >= 0", name="members"),
                      CheckConstraint("female_count IS NULL OR female_count >= 0", name="female"))


class Person(Timestamps, Base):
    """Cá nhân: anyone who can be nominated or has received an award."""

    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(120))
    match_key: Mapped[str] = mapped_column(String(120))
    gender: Mapped[str | None] = mapped_column(String(1))  # M / F
    birth_year: Mapped[int | None] = mapped_column(Integer)
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    ethnicity: Mapped[str | None] = mapped_column(ForeignKey("ethnicities.code", ondelete="SET NULL"))
    position: Mapped[str] = mapped_column(String(200), default="")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"), index=True)
    is_direct_worker: Mapped[bool] = mapped_column(Boolean, default=False)
    is_leader: Mapped[bool] = mapped_column(Boolean, default=False)
    # Số CCCD/CMND: personal data, left out of exports and printouts unless the user asks
    # (app/privacy.py). Nullable: most records never carry it.
    id_number: Mapped[str | None] = mapped_column(String(20))
    phone: Mapped[str] = mapped_column(String(50), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("gender IN ('M', 'F') OR gender IS NULL", name="gender"),
        Index("ix_people_match", "match_key", "birth_year", "unit_id"),
    )

    unit: Mapped[Unit | None] = relationship(back_populates="people")


class PersonRating(Base):
    """Mức độ hoàn thành nhiệm vụ of a person for a year (HTXSNV, HTTNV, HTNV, KHTNV), with who
    rated it (the head of the unit, the commune's council for a direct worker)."""

    __tablename__ = "person_ratings"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    rating: Mapped[str] = mapped_column(String(10))
    source: Mapped[str] = mapped_column(String(50), default="")
    rated_by: Mapped[str] = mapped_column(String(200), default="", server_default="")
    __table_args__ = (UniqueConstraint("person_id", "year"),)


class UnitRating(Base):
    """A collective's year: its own task rating as its superior gave it ('' while not rated),
    who rated it, and its members counted and those who completed their tasks."""

    __tablename__ = "unit_ratings"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    rating: Mapped[str] = mapped_column(String(10))
    members_total: Mapped[int | None] = mapped_column(Integer)
    members_completed: Mapped[int | None] = mapped_column(Integer)
    rated_by: Mapped[str] = mapped_column(String(200), default="", server_default="")
    __table_args__ = (UniqueConstraint("unit_id", "year"),)


class Discipline(Base):
    """Kỷ luật of a person or of a collective (`unit_id`): the measure, from when to when and
    the decision; achievements count again only after it ends."""

    __tablename__ = "disciplines"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    level: Mapped[str] = mapped_column(String(30))  # khien_trach, canh_cao, ha_bac, cach_chuc...
    decided_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    decision: Mapped[str] = mapped_column(String(100), default="", server_default="")
    reason: Mapped[str] = mapped_column(Text, default="")


class Investigation(Base):
    """A person or a collective under investigation, inspection or an unresolved complaint
    (`kind`): no award from `started_on` until it is closed (`ended_on`, how in `closed_note`)."""

    __tablename__ = "investigations"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="investigation", server_default="investigation")
    started_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    closed_note: Mapped[str] = mapped_column(Text, default="", server_default="")


class Initiative(Base):
    """Sáng kiến (or research work, `kind` de_tai) of a person: recognised only when a decision
    of the recognising body is recorded (`decision_number`); one typed in a proposal list
    without it is kept as declared and counts for nothing until the clerk confirms it."""

    __tablename__ = "initiatives"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(400))
    kind: Mapped[str] = mapped_column(String(20), default="sang_kien")  # sang_kien / de_tai
    scope: Mapped[str] = mapped_column(String(20), default="co_so")  # co_so / tinh / toan_quoc
    year: Mapped[int] = mapped_column(Integer)  # the year it was recognised (or declared)
    recognised_by: Mapped[str] = mapped_column(String(200), default="")  # the recognising body
    decision_number: Mapped[str] = mapped_column(String(100), default="", server_default="")
    decision_date: Mapped[dt.date | None] = mapped_column(Date)
    years_applied: Mapped[str] = mapped_column(String(100), default="", server_default="")  # "2024, 2025"
