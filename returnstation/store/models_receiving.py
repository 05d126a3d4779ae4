"""Receiving beyond one box for one RMA: boxes that carry several RMAs, and boxes damaged in transit.

Why a link table and not a second column: one box may hold any number of RMAs of one customer (a shop
returning a week of orders). ``parcels.rma_id`` stays the RMA the box was opened with; each further RMA
the clerk adds to the box is one ``parcel_rmas`` row, with who added it and when.

Why damage is its own row: the carrier claim needs the carrier, the tracking number and the photos of
the box, none of which belong to a parcel that arrived whole. The photos are files (like inspection
photos); the row keeps each one's path and SHA-256 so the claim can prove the file is the one taken.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from returnstation.store.models import Base


class ParcelRmaRow(Base):
    __tablename__ = "parcel_rmas"
    __table_args__ = (UniqueConstraint("parcel_id", "rma_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    parcel_id: Mapped[int] = mapped_column(ForeignKey("parcels.id"), index=True)
    rma_id: Mapped[int] = mapped_column(ForeignKey("rmas.id"), index=True)
    added_at: Mapped[datetime]
    station: Mapped[str] = mapped_column(String(64))
    user: Mapped[str] = mapped_column(String(64))


class ParcelDamageRow(Base):
    __tablename__ = "parcel_damage"
    id: Mapped[int] = mapped_column(primary_key=True)
    parcel_id: Mapped[int] = mapped_column(ForeignKey("parcels.id"), unique=True)
    carrier: Mapped[str] = mapped_column(String(32))  # "" when the tracking number names none
    tracking_number: Mapped[str] = mapped_column(String(64))  # "" when the box had no tracking label
    noted_at: Mapped[datetime] = mapped_column(index=True)
    station: Mapped[str] = mapped_column(String(64))
    user: Mapped[str] = mapped_column(String(64))
    photos: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # [{"path": ..., "sha256": ...}]
