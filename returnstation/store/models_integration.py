"""Tables of the order-system connection: which feed files were applied, and what went out to whom.

Outbound delivery is built on the append-only ``events`` table rather than on a second copy of every
event: a ``deliveries`` row only says how far one event got towards one target (a receiver), and the
message itself is rebuilt from the event when it is sent. ``(target, event_id)`` is unique, so an event
can never be queued twice for the same receiver, whatever two dispatchers do at the same time.

``outbox_targets`` keeps one row per configured target: the event id below which every event has been
looked at (``low_water``), what is needed to notice transactions that commit late (``scan_mark``), and
the lease that lets only one dispatcher at a time talk to a receiver.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from returnstation.store.models import Base


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # not yet accepted by the target; ``next_attempt_at`` says when to try
    DELIVERED = "delivered"  # the target accepted it (HTTP 2xx, or the line is fsynced in the file)
    PARKED = "parked"  # gave up after the target's max_attempts; waits for `outbox retry`


class FeedFileRow(Base):
    """One applied feed (a file, or one pull from the order system's API), by the SHA-256 of its bytes.

    The unique hash is what makes "the same file twice" a no-op, even when two stations watch the
    same shared inbox: the second transaction to insert the hash fails and changes nothing.
    """

    __tablename__ = "feed_files"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    source: Mapped[str] = mapped_column(String(32))  # inbox, cli, http
    station: Mapped[str] = mapped_column(String(64))
    applied_at: Mapped[datetime] = mapped_column(index=True)
    records: Mapped[int]
    summary: Mapped[str] = mapped_column(Text, default="")


class ImportBatchRow(Base):
    """A CSV import whose RMAs are being staged (store/rma_staging.py), while its holder lives.

    The importer renews ``lease_until`` with every chunk it writes; a batch whose lease ran out was
    left by an import that was killed (or stalled past it), and the next import removes its RMAs. The
    row is deleted in the transaction that publishes the batch.
    """

    __tablename__ = "rma_import_batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(255))
    station: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime]
    lease_until: Mapped[datetime]


class DeliveryRow(Base):
    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("target", "event_id"),
        Index("ix_deliveries_target_status_event", "target", "status", "event_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    target: Mapped[str] = mapped_column(String(64))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    delivered_at: Mapped[datetime | None]


class OutboxTargetRow(Base):
    __tablename__ = "outbox_targets"
    target: Mapped[str] = mapped_column(String(64), primary_key=True)
    low_water: Mapped[int] = mapped_column(default=0)  # every event id <= this has been looked at
    scan_mark: Mapped[int] = mapped_column(default=0)  # highest event id seen at scan_mark_at
    scan_mark_at: Mapped[datetime | None]
    lease_owner: Mapped[str] = mapped_column(String(128), default="")
    lease_until: Mapped[datetime | None]
