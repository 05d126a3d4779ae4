"""Tables. Current-state tables are projections; `events` is the append-only record of every step."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates

# Named constraints so Alembic batch migrations on SQLite can find them again.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON}


class RmaRow(Base):
    __tablename__ = "rmas"
    id: Mapped[int] = mapped_column(primary_key=True)
    rma_number: Mapped[str] = mapped_column(String(64), unique=True)
    order_number: Mapped[str] = mapped_column(String(64), index=True)
    tracking_number: Mapped[str | None] = mapped_column(String(64), index=True)
    customer: Mapped[str] = mapped_column(String(200))  # ix_rmas_customer_open: mixed-RMA boxes look up by it
    status: Mapped[str] = mapped_column(String(16))
    authorized_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(default=1)
    # Migration 0008: an ad-hoc RMA a supervisor made for a parcel accepted without authorization.
    unauthorised: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Migration 0009: the import batch of an RMA still being staged (status "staged", seen by no
    # lookup; store/rma_staging.py); None once published, and for every RMA made any other way.
    import_batch: Mapped[int | None] = mapped_column(default=None)
    # Migration 0010: where customer status messages go (the e-mail outbox target); None: no messages.
    customer_email: Mapped[str | None] = mapped_column(String(254), default=None)
    # Migration 0012: the site that receives the return and the market it was sold in; both choose the
    # rule set (disposition/rules.py). None: the bench's own site, the default market rules.
    site: Mapped[str | None] = mapped_column(String(16), default=None)
    market: Mapped[str | None] = mapped_column(String(16), default=None)
    # Migration 0013: where a warranty repair or replacement goes back to. Printed on the
    # return-to-customer label only, shown nowhere on screen, erased by the retention run.
    address_line1: Mapped[str | None] = mapped_column(String(200), default=None)
    address_line2: Mapped[str | None] = mapped_column(String(200), default=None)
    address_postal_code: Mapped[str | None] = mapped_column(String(32), default=None)
    address_city: Mapped[str | None] = mapped_column(String(100), default=None)
    address_region: Mapped[str | None] = mapped_column(String(100), default=None)
    address_country: Mapped[str | None] = mapped_column(String(64), default=None)
    lines: Mapped[list[RmaLineRow]] = relationship(
        back_populates="rma", order_by="RmaLineRow.line_no", cascade="all, delete-orphan"
    )
    __mapper_args__ = {"version_id_col": version}


# The RMA's postal address columns (migration 0013), in label order: the import's column names too.
ADDRESS_COLUMNS = (
    "address_line1",
    "address_line2",
    "address_postal_code",
    "address_city",
    "address_region",
    "address_country",
)


class RmaLineRow(Base):
    __tablename__ = "rma_lines"
    __table_args__ = (UniqueConstraint("rma_id", "line_no"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    rma_id: Mapped[int] = mapped_column(ForeignKey("rmas.id"), index=True)
    line_no: Mapped[int]
    sku: Mapped[str] = mapped_column(String(64), index=True)
    gtin: Mapped[str | None] = mapped_column(String(14))  # indexed with rma_id below
    description: Mapped[str] = mapped_column(String(300))
    category: Mapped[str] = mapped_column(String(64))
    quantity: Mapped[int]
    unit_value: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    reason_code: Mapped[str] = mapped_column(String(64))
    expected_serials: Mapped[str] = mapped_column(Text, default="")  # space-separated
    purchased_at: Mapped[date | None]  # optional: days since purchase, warranty (migration 0002)
    warranty_months: Mapped[int | None]
    # Migration 0013: who takes the item back when it goes to the vendor (the return-to-vendor list);
    # None: the vendors data file decides by SKU or category.
    vendor: Mapped[str | None] = mapped_column(String(64), default=None)
    rma: Mapped[RmaRow] = relationship(back_populates="lines")
    # The expected serials once more, one indexed row each (migration 0007), so an item-first scan of
    # a serial finds its RMA by index instead of reading every line's text. Kept in step by
    # ``_index_serials`` whenever ``expected_serials`` is set, whoever sets it (import, feed, demo).
    serials: Mapped[list[RmaLineSerialRow]] = relationship(cascade="all, delete-orphan")

    @validates("expected_serials")
    def _index_serials(self, _key: str, value: str) -> str:
        self.serials = [RmaLineSerialRow(serial=s[:64]) for s in dict.fromkeys(value.upper().split())]
        return value


# An item-first scan looks the open RMAs expecting a SKU (any case) or GTIN up (migration 0007). Each
# index holds every column that lookup reads, so with a few hundred open RMAs per SKU it reads index
# pages only (bench/bench_item_first.py: 16 ms -> 3 ms server time for 400 candidates on PostgreSQL).
# ``sku`` itself is in the first one because PostgreSQL does an index-only scan of an expression index
# only when the expression's column is there too.
Index("ix_rma_lines_sku_upper", func.upper(RmaLineRow.sku), RmaLineRow.rma_id, RmaLineRow.sku)
Index("ix_rma_lines_gtin_rma_id", RmaLineRow.gtin, RmaLineRow.rma_id)
Index("ix_rmas_open_lookup", RmaRow.id, RmaRow.status, RmaRow.authorized_at)
# A wrong item looks the same customer's other open RMAs up (migration 0014): index pages only.
Index("ix_rmas_customer_open", RmaRow.customer, RmaRow.status, RmaRow.id)
# Only staged RMAs are in it (a handful of batches at most), so published RMAs cost it nothing.
Index(
    "ix_rmas_import_batch",
    RmaRow.import_batch,
    sqlite_where=RmaRow.import_batch.isnot(None),
    postgresql_where=RmaRow.import_batch.isnot(None),
)


class RmaLineSerialRow(Base):
    """One expected serial of an RMA line, upper-cased: what an item-first serial scan looks up."""

    __tablename__ = "rma_line_serials"
    id: Mapped[int] = mapped_column(primary_key=True)
    rma_line_id: Mapped[int] = mapped_column(ForeignKey("rma_lines.id"), index=True)
    serial: Mapped[str] = mapped_column(String(64), index=True)


class ParcelRow(Base):
    __tablename__ = "parcels"
    id: Mapped[int] = mapped_column(primary_key=True)
    rma_id: Mapped[int | None] = mapped_column(ForeignKey("rmas.id"), index=True)
    # indexed by migration 0008: a box scanned again is found on the hold shelf by its label
    scanned_code: Mapped[str] = mapped_column(String(128), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    received_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    station: Mapped[str] = mapped_column(String(64))
    user: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}


class ItemRow(Base):
    __tablename__ = "items"
    id: Mapped[int] = mapped_column(primary_key=True)
    parcel_id: Mapped[int] = mapped_column(ForeignKey("parcels.id"), index=True)
    rma_line_id: Mapped[int | None] = mapped_column(ForeignKey("rma_lines.id"), index=True)
    scanned_code: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16), index=True)
    received_at: Mapped[datetime]
    station: Mapped[str] = mapped_column(String(64))
    user: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(default=1)
    # The unit's serial number when the scan carried one (an expected serial, GS1 AI 21), upper-cased;
    # migration 0007. Indexed: the same serial must never count twice, on this RMA or another.
    serial: Mapped[str | None] = mapped_column(String(64), index=True, default=None)
    __mapper_args__ = {"version_id_col": version}


class InspectionRow(Base):
    __tablename__ = "inspections"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), unique=True)
    checklist: Mapped[str] = mapped_column(String(64))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    grade: Mapped[str] = mapped_column(String(16), index=True)
    grade_because: Mapped[str] = mapped_column(Text, default="")
    disposition: Mapped[str] = mapped_column(String(32), index=True)
    destination: Mapped[str] = mapped_column(String(64))
    rule_id: Mapped[str] = mapped_column(String(64))
    rule_reason: Mapped[str] = mapped_column(Text)
    rules_version: Mapped[str] = mapped_column(String(64))
    inspector: Mapped[str] = mapped_column(String(64), index=True)
    station: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime]
    decided_at: Mapped[datetime] = mapped_column(index=True)
    overridden: Mapped[bool] = mapped_column(default=False)
    # Added by migration 0002 (None on older rows). disposition/destination above are what happened to
    # the item; rule_disposition/rule_destination are what the rule said, kept when a supervisor
    # overrode it. facts: the exact ItemFacts the rules judged (disposition/facts.py), for explaining
    # and replaying the decision; captured: serial/lot/expiry values scanned or typed.
    facts: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    captured: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    rule_disposition: Mapped[str | None] = mapped_column(String(32))
    rule_destination: Mapped[str | None] = mapped_column(String(64))
    override_reason: Mapped[str | None] = mapped_column(String(64))
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # Migration 0012: the site and market the rules decided with (reports split by them).
    site: Mapped[str | None] = mapped_column(String(16), default=None)
    market: Mapped[str | None] = mapped_column(String(16), default=None)
    # Migration 0011 (None on older rows): the packaging condition graded apart from ``grade`` (the
    # product's), the resale channel (data/channels.yaml) and the refund deduction shown and sent.
    packaging: Mapped[str | None] = mapped_column(String(32), default=None)
    channel: Mapped[str | None] = mapped_column(String(32), default=None)
    refund_deduction: Mapped[Decimal | None] = mapped_column(Numeric(12, 2), default=None)


class DiscrepancyRow(Base):
    """Everything that did not fit, kept for the hold queue and the exception report."""

    __tablename__ = "discrepancies"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    scanned_code: Mapped[str] = mapped_column(String(128))
    parcel_id: Mapped[int | None] = mapped_column(ForeignKey("parcels.id"), index=True)
    rma_id: Mapped[int | None] = mapped_column(ForeignKey("rmas.id"), index=True)
    detail: Mapped[str] = mapped_column(Text)
    station: Mapped[str] = mapped_column(String(64))
    user: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(index=True)
    resolved: Mapped[bool] = mapped_column(default=False)  # kept equal to status != "open" (older readers)
    # Migration 0008: open -> resolved or written_off, by whom, when and why.
    status: Mapped[str] = mapped_column(String(16), index=True, default="open", server_default="open")
    resolved_by: Mapped[str | None] = mapped_column(String(64))
    resolved_at: Mapped[datetime | None]
    resolution: Mapped[str | None] = mapped_column(Text)


class PrintJobRow(Base):
    __tablename__ = "print_jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[str] = mapped_column(String(64), unique=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"), index=True)
    template: Mapped[str] = mapped_column(String(64))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), index=True)  # queued, printed, failed
    printer: Mapped[str] = mapped_column(String(128))
    message: Mapped[str] = mapped_column(Text, default="")
    output: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class EventRow(Base):
    """Append-only: database triggers refuse UPDATE and DELETE (see the first migration), and a hash
    chain makes an edit behind the triggers' back detectable (store/audit.py)."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_subject", "subject_type", "subject_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    station: Mapped[str] = mapped_column(String(64))
    user: Mapped[str] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(64), index=True)
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int | None]
    before_status: Mapped[str | None] = mapped_column(String(32))
    after_status: Mapped[str | None] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Hash chain (migration 0004; None only on rows written around the app). store/audit.py says what
    # is hashed: every column here except id and hash, so a new column must be added there too.
    seq: Mapped[int | None] = mapped_column(index=True, unique=True)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))


class MetaRow(Base):
    """Small key/value facts about this database (e.g. whether demo data was loaded)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
