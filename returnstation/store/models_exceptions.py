"""Exception work (migration 0008): how each hold was resolved, and the concerns raised on returns.

Why a row per resolution rather than columns on parcels and items: a parcel and an item leave the hold
shelf the same four ways (matched, accepted, returned, disposed), and the unique constraints make the
database itself refuse a second resolution of the same hold, whatever a service forgot to check.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from returnstation.store.models import Base


class HoldResolutionRow(Base):
    __tablename__ = "hold_resolutions"
    id: Mapped[int] = mapped_column(primary_key=True)
    parcel_id: Mapped[int | None] = mapped_column(ForeignKey("parcels.id"), unique=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"), unique=True)
    action: Mapped[str] = mapped_column(String(16))  # a HoldAction value
    rma_id: Mapped[int | None] = mapped_column(ForeignKey("rmas.id"), index=True)  # matched / ad-hoc RMA
    reason: Mapped[str] = mapped_column(Text)
    label_job: Mapped[str | None] = mapped_column(String(64))  # return-to-sender label
    station: Mapped[str] = mapped_column(String(64))
    user: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(index=True)


class ConcernRow(Base):
    """A suspicion on a return (empty box, swapped serial...): raised by anyone, decided by a supervisor."""

    __tablename__ = "concerns"
    id: Mapped[int] = mapped_column(primary_key=True)
    rma_id: Mapped[int | None] = mapped_column(ForeignKey("rmas.id"), index=True)
    parcel_id: Mapped[int | None] = mapped_column(ForeignKey("parcels.id"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"), index=True)
    customer: Mapped[str | None] = mapped_column(String(200), index=True)  # the history counts by it
    reason_code: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), index=True)  # a ConcernStatus value
    raised_by: Mapped[str] = mapped_column(String(64))
    station: Mapped[str] = mapped_column(String(64))
    raised_at: Mapped[datetime] = mapped_column(index=True)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None]
    finding: Mapped[str | None] = mapped_column(Text)  # the supervisor's words when clearing/confirming
