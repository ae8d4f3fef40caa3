"""What was printed: the certificate print log (sổ theo dõi in Giấy khen / giấy chứng nhận)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base


class CertificatePrint(Base):
    """One printing (or PDF saving) of one award's certificate; `reprint` when not the first."""

    __tablename__ = "certificate_prints"
    id: Mapped[int] = mapped_column(primary_key=True)
    award_id: Mapped[int] = mapped_column(ForeignKey("awards.id", ondelete="CASCADE"), index=True)
    printed_at: Mapped[dt.datetime] = mapped_column(
        DateTime, nullable=False, server_default=func.current_timestamp())
    mode: Mapped[str] = mapped_column(String(10))  # full / overlay
    reprint: Mapped[bool] = mapped_column(Boolean, default=False)
    user: Mapped[str] = mapped_column(String(60), default="")
    printer: Mapped[str] = mapped_column(String(100), default="")  # printer or "PDF"
