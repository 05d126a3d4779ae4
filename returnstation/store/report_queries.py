"""Read models for the supervisor reports: plain columns over a period, and what waits on the shelves now.

Why plain columns and not ORM objects: a month of a busy site is 100,000 rows, and building five mapped
objects per row would cost more than the whole report. Times are naive UTC (``domain.clock``); the
bounds are ``lo`` inclusive, ``hi`` exclusive. These are aggregations whose truth is the SQL, so they
have no in-memory twin: tests/db/test_db_reports.py checks them on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text, true
from sqlalchemy.orm import Session

from returnstation.domain.enums import ItemStatus, ParcelStatus
from returnstation.store.models import DiscrepancyRow, InspectionRow, ItemRow, ParcelRow, RmaLineRow, RmaRow

# The columns of one disposition row, in the order ``dispositions`` returns them.
DISPOSITION_COLUMNS = (
    ItemRow.id,
    RmaRow.rma_number,
    RmaRow.order_number,
    RmaLineRow.sku,
    RmaLineRow.description,
    RmaLineRow.category,
    RmaLineRow.reason_code,
    InspectionRow.grade,
    InspectionRow.disposition,
    InspectionRow.destination,
    RmaLineRow.unit_value,
    InspectionRow.inspector,
    InspectionRow.station,
    RmaRow.authorized_at,
    ParcelRow.closed_at,
    ItemRow.received_at,
    InspectionRow.decided_at,
    InspectionRow.rule_id,
    InspectionRow.overridden,
    InspectionRow.started_at,
    InspectionRow.site,
    InspectionRow.market,
    # a claim's fault test (data/outcomes.yaml): "fault_found" or the test that found nothing; else NULL
    InspectionRow.answers["fault_test"].as_string(),
    InspectionRow.packaging,
    InspectionRow.channel,
    InspectionRow.refund_deduction,
)

# Rows per batch of a streamed read: a few MB of rows, however long the period.
STREAM_BATCH = 5_000


class ReportQueries:
    def __init__(self, session: Session) -> None:
        self.session = session

    def dispositions(self, lo: datetime, hi: datetime, stations: Collection[str]) -> list[Sequence[Any]]:
        """Every decision of the period (at these stations; none given: all), ``DISPOSITION_COLUMNS``."""
        return [row for batch in self.stream_dispositions(lo, hi, stations) for row in batch]

    def stream_dispositions(
        self, lo: datetime, hi: datetime, stations: Collection[str], batch: int | None = None
    ) -> Iterator[Sequence[Sequence[Any]]]:
        """The same rows as :meth:`dispositions`, ``batch`` at a time, from **one** statement.

        Why a stream: a year of a busy site is millions of rows, and the report must not hold them.
        PostgreSQL reads through a server-side cursor (``stream_results``: psycopg's named cursor), so
        only a batch is ever on the client; SQLite's cursor steps the query as rows are fetched anyway.
        Core execution: plain rows without the ORM's per-row bookkeeping (a third faster at 100k).
        """
        stmt = (
            select(*DISPOSITION_COLUMNS)
            .select_from(InspectionRow)
            .join(ItemRow, InspectionRow.item_id == ItemRow.id)
            .join(RmaLineRow, ItemRow.rma_line_id == RmaLineRow.id)
            .join(RmaRow, RmaLineRow.rma_id == RmaRow.id)
            .join(ParcelRow, ItemRow.parcel_id == ParcelRow.id)
            .where(InspectionRow.decided_at >= lo, InspectionRow.decided_at < hi)
            .order_by(InspectionRow.decided_at, InspectionRow.id)
        )
        if stations:
            stmt = stmt.where(InspectionRow.station.in_(list(stations)))
        size = batch or STREAM_BATCH
        connection = self.session.connection().execution_options(stream_results=True, yield_per=size)
        with connection.execute(stmt) as result:
            yield from result.partitions()

    def snapshot(self) -> None:
        """Make every later read of this transaction see one state of the database (call it first).

        Why: a report reads the period's decisions, its exceptions and the discrepancy counts, and a
        bench that records a decision in between must not make the figures disagree with the item CSV.
        SQLite's transaction is a snapshot from its first read already (WAL); PostgreSQL's default READ
        COMMITTED takes one per statement, so the report's transaction asks for REPEATABLE READ.
        """
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))

    @contextmanager
    def page_cache(self, kib: int) -> Iterator[None]:
        """SQLite: let this connection cache at most ``kib`` KiB of pages while the block runs.

        Why: the station's connections keep a large page cache for the benches' lookups, and a report
        that walks a year of rows would fill it, growing the process by that much for no gain (each
        page is read once; the operating system caches the file anyway). Restored afterwards, as the
        pool hands the connection on. Other databases: nothing to do.
        """
        if self.session.get_bind().dialect.name != "sqlite":
            yield
            return
        before = int(self.session.execute(text("PRAGMA cache_size")).scalar_one())
        self.session.execute(text(f"PRAGMA cache_size={-abs(int(kib))}"))
        try:
            yield
        finally:
            self.session.execute(text(f"PRAGMA cache_size={before}"))

    def discrepancies(
        self, lo: datetime, hi: datetime, stations: Collection[str]
    ) -> list[tuple[str, str, datetime, bool]]:
        """(kind, station, at, resolved) of every discrepancy of the period, oldest first."""
        stmt = (
            select(DiscrepancyRow.kind, DiscrepancyRow.station, DiscrepancyRow.at, DiscrepancyRow.resolved)
            .where(DiscrepancyRow.at >= lo, DiscrepancyRow.at < hi)
            .order_by(DiscrepancyRow.at, DiscrepancyRow.id)
        )
        if stations:
            stmt = stmt.where(DiscrepancyRow.station.in_(list(stations)))
        return [
            (kind, station, at, bool(resolved)) for kind, station, at, resolved in self.session.execute(stmt)
        ]

    def open_holds(self, stations: Collection[str]) -> int:
        """Parcels and items on the hold shelf now, waiting for a supervisor."""
        parcels = (
            select(func.count()).select_from(ParcelRow).where(ParcelRow.status == ParcelStatus.HELD.value)
        )
        items = select(func.count()).select_from(ItemRow).where(ItemRow.status == ItemStatus.HELD.value)
        if stations:
            parcels = parcels.where(ParcelRow.station.in_(list(stations)))
            items = items.where(ItemRow.station.in_(list(stations)))
        return int(self.session.scalar(parcels) or 0) + int(self.session.scalar(items) or 0)

    def discrepancy_counts(
        self, lo: datetime, hi: datetime, stations: Collection[str]
    ) -> tuple[int, int, int, int]:
        """(opened in the period, resolved in it, written off in it, open now): one statement."""
        d = DiscrepancyRow
        where_station = d.station.in_(list(stations)) if stations else true()

        def counted(*conditions: Any) -> Any:
            return select(func.count()).select_from(d).where(where_station, *conditions).scalar_subquery()

        row = self.session.execute(
            select(
                counted(d.at >= lo, d.at < hi),
                counted(d.status == "resolved", d.resolved_at >= lo, d.resolved_at < hi),
                counted(d.status == "written_off", d.resolved_at >= lo, d.resolved_at < hi),
                counted(d.status == "open"),
            )
        ).one()
        return int(row[0]), int(row[1]), int(row[2]), int(row[3])
