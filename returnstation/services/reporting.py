"""Supervisor reports: read the dispositions and exceptions of a period and hand them to the renderers.

Reads select plain columns, not ORM objects: a month of a busy site is 100,000 rows, and building
five mapped objects per row would cost more than the whole report. Times in the database are naive
UTC (``domain.clock``); a period is made of UTC days unless a time zone is given.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session, sessionmaker

from returnstation.domain.access import open_to_all, requires
from returnstation.domain.clock import Clock, utcnow
from returnstation.domain.messages import msg
from returnstation.domain.roles import Permission
from returnstation.reports.exceptions import ExceptionRecord
from returnstation.reports.records import DispositionRecord
from returnstation.services.results import StationContext
from returnstation.store.ports import PrintJobStore
from returnstation.store.uow import UnitOfWork
from returnstation.translation import speaking

if TYPE_CHECKING:
    from returnstation.reports.kpis import KpiSnapshot
    from returnstation.reports.report_settings import ReportSettings
    from returnstation.reports.summary import DispositionSummary

Stations = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DiscrepancyCounts:
    opened: int
    resolved: int
    written_off: int
    open_now: int


READ_WINDOW = timedelta(days=1)


class ReportService:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        station: str = "",
        clock: Clock = utcnow,
        settings: ReportSettings | None = None,
        ctx: StationContext | None = None,
    ) -> None:
        """``settings`` (labour rate, idle gap) default to ``returnstation/data/report_settings.yaml``.

        ``ctx`` says who asks (reports need a supervisor); without one the caller is the machine's admin,
        as for every context built by hand (scripts, benchmarks).
        """
        self._sf = session_factory
        self.station = station
        self._ctx = ctx if ctx is not None else StationContext(station=station, user="reports")
        self._now = clock
        self._settings = settings

    # -- data ------------------------------------------------------------------------------------
    @requires(Permission.REPORTS)
    def records(self, start: date, end: date, stations: Stations = ()) -> list[DispositionRecord]:
        """Every disposition decided on a day from start to end inclusive (UTC days), oldest first."""
        lo, hi = _day_bounds(start, end)
        return self._records_between(lo, hi, stations)

    @requires(Permission.REPORTS)
    def exception_records(self, start: date, end: date, stations: Stations = ()) -> list[ExceptionRecord]:
        """Every discrepancy recorded on a day from start to end inclusive (UTC days), at these stations."""
        lo, hi = _day_bounds(start, end)
        with UnitOfWork(self._sf, read_only=True) as uow:
            return [
                ExceptionRecord(kind=kind, station=station, at=at, resolved=resolved)
                for kind, station, at, resolved in uow.reports.discrepancies(lo, hi, stations)
            ]

    @requires(Permission.REPORTS)
    def discrepancy_counts(self, start: date, end: date, stations: Stations = ()) -> DiscrepancyCounts:
        """Discrepancies opened, resolved and written off from start to end inclusive, and open now."""
        lo, hi = _day_bounds(start, end)
        with UnitOfWork(self._sf, read_only=True) as uow:
            return DiscrepancyCounts(*uow.reports.discrepancy_counts(lo, hi, stations))

    @requires(Permission.REPORTS)
    def summary(self, start: date, end: date, stations: Stations = ()) -> DispositionSummary:
        """Every figure of the printed report, for a screen or a test: one streamed read, no files."""
        return self.write_report(start, end, stations)

    @open_to_all("today's counts for the live panel, no names; reports need REPORTS")
    def kpis_today(
        self, now: datetime | None = None, stations: Stations = (), tz: tzinfo | None = None
    ) -> KpiSnapshot:
        """Today's figures for a live panel; "today" is the UTC day of ``now`` unless ``tz`` is given.

        ``now`` is naive UTC like every stored time (default: the service's clock). Open holds (parcels
        and items on the hold shelf) and failed labels count what is waiting now, whatever its day.
        Not limited to supervisors: these counts are the bench's own dashboard, refreshed on a timer.
        """
        from returnstation.reports.kpis import kpi_snapshot

        moment = now or self._now()
        if tz is None:
            day = moment.date()
            lo, hi = _day_bounds(day, day)
        else:
            day = moment.replace(tzinfo=UTC).astimezone(tz).date()
            lo, hi = _local_day_bounds(day, tz)
        records = self._records_between(lo, hi, stations)
        with UnitOfWork(self._sf, read_only=True) as uow:
            open_holds = uow.reports.open_holds(stations)
            failed, queued = _label_counts(uow.print_jobs, stations)
        return kpi_snapshot(
            records, day, moment, open_holds=open_holds, failed_labels=failed, queued_labels=queued
        )

    # -- files -----------------------------------------------------------------------------------
    @requires(Permission.REPORTS)
    def write_report(
        self,
        start: date,
        end: date,
        stations: Stations = (),
        *,
        pdf: Path | None = None,
        records_csv: Path | None = None,
        summary_csv: Path | None = None,
    ) -> DispositionSummary:
        """Every file asked for from **one** read of the period, and the summary they show.

        Why one pass: a year of a busy site is millions of dispositions. Each day is read in its own
        transaction (see ``_record_chunks``), its rows go to the item CSV as they come and into a
        :class:`SummaryBuilder` that keeps no records, so memory is bounded by the busiest day and not
        by the period, and the PDF and summary CSV (a page or two of figures) are written at the end.
        Slow for big periods: call from a worker thread or the CLI.
        """
        from returnstation.reports.summary import SummaryBuilder
        from returnstation.reports.summary_csv import write_records_csv_chunks

        builder = SummaryBuilder(start, end, settings=self._settings)
        lo, hi = _day_bounds(start, end)

        def counted() -> Iterator[list[DispositionRecord]]:
            for chunk in self._record_chunks(lo, hi, stations):
                for record in chunk:
                    builder.add(record)
                yield chunk

        if records_csv is not None:
            write_records_csv_chunks(counted(), records_csv)
        else:
            for _chunk in counted():
                pass
        summary = builder.finish(self.exception_records(start, end, stations))
        if pdf is not None:
            from returnstation.reports.summary_pdf import write_summary_pdf

            with speaking(self._ctx.language):  # headings, disposition names and numbers in the language
                write_summary_pdf(
                    summary,
                    pdf,
                    generated_at=self._now(),
                    filter_text=stations_text(stations),
                    station_name=self.station,
                )
        if summary_csv is not None:
            from returnstation.reports.summary_csv import write_summary_csv

            write_summary_csv(summary, summary_csv)
        return summary

    @requires(Permission.REPORTS)
    def write_summary_pdf(self, start: date, end: date, path: Path, stations: Stations = ()) -> Path:
        """Slow for big periods: call from a worker thread or the CLI."""
        self.write_report(start, end, stations, pdf=path)
        return path

    @requires(Permission.REPORTS)
    def write_summary_csv(self, start: date, end: date, path: Path, stations: Stations = ()) -> Path:
        self.write_report(start, end, stations, summary_csv=path)
        return path

    @requires(Permission.REPORTS)
    def write_records_csv(self, start: date, end: date, path: Path, stations: Stations = ()) -> Path:
        self.write_report(start, end, stations, records_csv=path)
        return path

    # -- internals -------------------------------------------------------------------------------
    def _records_between(self, lo: datetime, hi: datetime, stations: Stations) -> list[DispositionRecord]:
        records: list[DispositionRecord] = []
        for chunk in self._record_chunks(lo, hi, stations):
            records += chunk
        return records

    def _record_chunks(
        self, lo: datetime, hi: datetime, stations: Stations
    ) -> Iterator[list[DispositionRecord]]:
        """The period's records, oldest first, a day at a time. One day per transaction: on SQLite every
        transaction holds the write lock (the store begins IMMEDIATE), and a month read in one go would
        make the benches' scans wait seconds; the rows are converted after the transaction ends."""
        window_start = lo
        while window_start < hi:
            window_end = min(window_start + READ_WINDOW, hi)
            with UnitOfWork(self._sf, read_only=True) as uow:
                rows = uow.reports.dispositions(window_start, window_end, stations)
            for begin in range(0, len(rows), _CHUNK):
                yield [_record(row) for row in rows[begin : begin + _CHUNK]]
            del rows
            window_start = window_end


_CHUNK = 10_000  # records converted and written at a time


def _record(row: Sequence[Any]) -> DispositionRecord:
    (
        item_id,
        rma_number,
        order_number,
        sku,
        description,
        category,
        reason_code,
        grade,
        disposition,
        destination,
        unit_value,
        inspector,
        station,
        authorized_at,
        closed_at,
        item_received_at,
        decided_at,
        rule_id,
        overridden,
        started_at,
    ) = row
    handling = (decided_at - started_at).total_seconds()
    # Positional, in the field order (a keyword call costs a third more at a million rows). An item
    # counts as received when its parcel's receipt was confirmed (closed); a decision recorded without
    # a start time gets started_at = decided_at: not measured, not 0 s.
    return DispositionRecord(
        item_id,
        rma_number,
        order_number,
        sku,
        description,
        category,
        reason_code,
        grade,
        disposition,
        destination,
        unit_value,
        inspector,
        station,
        authorized_at,
        closed_at or item_received_at,
        decided_at,
        rule_id,
        bool(overridden),
        handling if handling > 0 else None,
    )


def stations_text(stations: Stations) -> str:
    """How a station filter reads on the report: "All stations", "Station A", "Stations A, B"."""
    if not stations:
        return msg("All stations")
    return f"Station {stations[0]}" if len(stations) == 1 else f"Stations {', '.join(stations)}"


def _day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return datetime.combine(start, time.min), datetime.combine(end + timedelta(days=1), time.min)


def _local_day_bounds(day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """The local day ``day`` in ``tz`` as naive UTC bounds (a DST day is 23 or 25 hours long)."""
    lo = datetime.combine(day, time.min, tz).astimezone(UTC).replace(tzinfo=None)
    hi = datetime.combine(day + timedelta(days=1), time.min, tz).astimezone(UTC).replace(tzinfo=None)
    return lo, hi


def _label_counts(jobs: PrintJobStore, stations: Stations) -> tuple[int, int]:
    """(failed, queued or being sent) label jobs, of these stations (the bench that prints them)."""
    from returnstation.services.printing import JobStatus, station_of_job

    failed = queued = 0
    for row in jobs.with_status([JobStatus.FAILED, JobStatus.QUEUED, JobStatus.SENDING]):
        if stations and station_of_job(row) not in stations:
            continue
        if row.status == JobStatus.FAILED:
            failed += 1
        else:
            queued += 1
    return failed, queued
