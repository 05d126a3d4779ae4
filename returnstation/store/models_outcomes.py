"""Return-to-vendor shipments: which items left for which vendor together, on one list.

Why a table and not only an event: the list a vendor signs for must be printable again, exactly, and an
item must never go out on two lists. The unique ``item_id`` makes the second list of the same item fail
at the database, whichever bench makes it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from returnstation.store.models import Base


class RtvShipmentRow(Base):
    __tablename__ = "rtv_shipments"
    id: Mapped[int] = mapped_column(primary_key=True)  # shown as RTV-000001 (domain/outcomes.py)
    vendor: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime]
    station: Mapped[str] = mapped_column(String(64))
    user: Mapped[str] = mapped_column(String(64))


class RtvShipmentItemRow(Base):
    __tablename__ = "rtv_shipment_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("rtv_shipments.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), unique=True)
