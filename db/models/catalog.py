"""Catalogue tables (danh mục): ethnic groups, award types with their dated rules, base salary,
required dossier documents. Seeded from files in resources/; the office edits the numbers."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base


class Ethnicity(Base):
    """Dân tộc: the 54 recognised groups plus foreigners; aliases catch other spellings."""

    __tablename__ = "ethnicities"
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    aliases: Mapped[str] = mapped_column(Text, default="")  # "H'Mông|Hmông|Mèo"
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class AwardType(Base):
    """A title (danh hiệu) or a form (hình thức) or an order (huân chương), never mixed."""

    __tablename__ = "award_types"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(40), default="")
    aliases: Mapped[str] = mapped_column(Text, default="")  # "LĐTT|Lao dong tien tien"
    category: Mapped[str] = mapped_column(String(10))  # title / form / order
    subject: Mapped[str] = mapped_column(String(20))  # individual / collective / household / any
    level: Mapped[str] = mapped_column(String(20))  # co_so, xa, huyen, tinh, bo, chinh_phu, nha_nuoc
    family: Mapped[str] = mapped_column(String(40), default="")  # rule family in app/rules
    secret_ballot: Mapped[bool] = mapped_column(Boolean, default=False)
    vote_threshold: Mapped[float | None] = mapped_column(Float)  # share of full membership
    rank: Mapped[int] = mapped_column(Integer, default=0)  # for "highest only" money rule
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    rules: Mapped[list[AwardRule]] = relationship(
        back_populates="award_type", cascade="all, delete-orphan", order_by="AwardRule.valid_from")


class AwardRule(Base):
    """What an award requires and pays, for the period it applies to (by decree).

    `criteria` holds the rule's numbers as data (prerequisite, consecutive years, rating,
    initiatives and their scope, caps, intervals) so the office can follow a new law.
    """

    __tablename__ = "award_rules"
    id: Mapped[int] = mapped_column(primary_key=True)
    award_type_id: Mapped[int] = mapped_column(ForeignKey("award_types.id", ondelete="CASCADE"), index=True)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    coefficient_individual: Mapped[float | None] = mapped_column(Float)
    coefficient_collective: Mapped[float | None] = mapped_column(Float)
    coefficient_household: Mapped[float | None] = mapped_column(Float)
    criteria: Mapped[dict] = mapped_column(JSON, default=dict)
    verified: Mapped[bool] = mapped_column(Boolean, default=False)  # False: editable default
    note: Mapped[str] = mapped_column(Text, default="")

    award_type: Mapped[AwardType] = relationship(back_populates="rules")


class BaseSalary(Base):
    """Mức lương cơ sở from a date; award money uses the one in force on the decision date."""

    __tablename__ = "base_salaries"
    id: Mapped[int] = mapped_column(primary_key=True)
    valid_from: Mapped[dt.date] = mapped_column(Date, unique=True)
    amount: Mapped[int] = mapped_column(Numeric(14, 0))
    legal_basis: Mapped[str] = mapped_column(Text, default="")


class DocumentRequirement(Base):
    """A document a dossier of some category (and optionally award) must contain."""

    __tablename__ = "document_requirements"
    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[str] = mapped_column(String(30), index=True)  # dossier category or '*'
    award_code: Mapped[str] = mapped_column(String(40), default="")  # '' = any award
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(300))
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class ProcessingLimit(Base):
    """Thời hạn xử lý: working days the office has for a dossier category."""

    __tablename__ = "processing_limits"
    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[str] = mapped_column(String(30), unique=True)
    days: Mapped[int] = mapped_column(Integer)
    working_days: Mapped[bool] = mapped_column(Boolean, default=True)
    legal_basis: Mapped[str] = mapped_column(Text, default="")


class AwardPower(Base):
    """Thẩm quyền khen thưởng: an award the authority of a level (xa / huyen / tinh) decides
    itself, for the period the law gives it (Luật TĐKT 2022 Điều 79–80; from 1/7/2025 the
    commune chairman, Nghị định 129/2025/NĐ-CP). Every other award is forwarded upward."""

    __tablename__ = "award_powers"
    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[str] = mapped_column(String(20), index=True)
    award_code: Mapped[str] = mapped_column(String(40))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    legal_basis: Mapped[str] = mapped_column(Text, default="")
