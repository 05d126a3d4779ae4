"""Supervisor reports: read the dispositions of a period and hand them to the report renderers."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from returnstation.domain.clock import Clock, utcnow
from returnstation.reports.records import DispositionRecord
from returnstation.store.models import InspectionRow, ItemRow, ParcelRow, RmaLineRow, RmaRow
from returnstation.store.uow import UnitOfWork


class ReportService:
    def __init__(
        self, session_factory: sessionmaker[Session], station: str = "", clock: Clock = utcnow
    ) -> None:
        self._sf = session_factory
        self.station = station
        self._now = clock

    def records(self, start: date, end: date, stations: tuple[str, ...] = ()) -> list[DispositionRecord]:
        """Every disposition decided on a day from start to end inclusive (UTC days)."""
        lo = datetime.combine(start, datetime.min.time())
        hi = datetime.combine(end + timedelta(days=1), datetime.min.time())
        stmt = (
            select(InspectionRow, ItemRow, RmaLineRow, RmaRow, ParcelRow)
            .join(ItemRow, InspectionRow.item_id == ItemRow.id)
            .join(RmaLineRow, ItemRow.rma_line_id == RmaLineRow.id)
            .join(RmaRow, RmaLineRow.rma_id == RmaRow.id)
            .join(ParcelRow, ItemRow.parcel_id == ParcelRow.id)
            .where(InspectionRow.decided_at >= lo, InspectionRow.decided_at < hi)
            .order_by(InspectionRow.decided_at)
        )
        if stations:
            stmt = stmt.where(InspectionRow.station.in_(stations))
        with UnitOfWork(self._sf) as uow:
            return [
                DispositionRecord(
                    item_id=item.id,
                    rma_number=rma.rma_number,
                    order_number=rma.order_number,
                    sku=line.sku,
                    description=line.description,
                    category=line.category,
                    reason_code=line.reason_code,
                    grade=insp.grade,
                    disposition=insp.disposition,
                    destination=insp.destination,
                    unit_value=line.unit_value,
                    inspector=insp.inspector,
                    station=insp.station,
                    authorized_at=rma.authorized_at,
                    received_at=parcel.closed_at or item.received_at,
                    decided_at=insp.decided_at,
                    rule_id=insp.rule_id,
                    overridden=insp.overridden,
                    handling_seconds=(insp.decided_at - insp.started_at).total_seconds(),
                )
                for insp, item, line, rma, parcel in uow.session.execute(stmt)
            ]

    def write_summary_pdf(self, start: date, end: date, path: Path, stations: tuple[str, ...] = ()) -> Path:
        """Slow for big periods: call from a worker thread or the CLI."""
        from returnstation.reports.summary import summarize
        from returnstation.reports.summary_pdf import write_summary_pdf

        summary = summarize(self.records(start, end, stations), start, end)
        where = ", ".join(stations) if stations else "all stations"
        return write_summary_pdf(
            summary,
            path,
            generated_at=self._now(),
            filter_text=f"{start:%Y-%m-%d} to {end:%Y-%m-%d}, {where}",
            station_name=self.station,
        )

    def write_records_csv(self, start: date, end: date, path: Path, stations: tuple[str, ...] = ()) -> Path:
        from returnstation.reports.summary_csv import write_records_csv

        return write_records_csv(self.records(start, end, stations), path)
