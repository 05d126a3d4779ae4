"""Supervisor reports: read the dispositions and exceptions of a period and hand them to the renderers.

Reads select plain columns, not ORM objects: a month of a busy site is 100,000 rows, and building
five mapped objects per row would cost more than the whole report. Times in the database are naive
UTC (``domain.clock``); a period is made of UTC days unless a time zone is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from operator import sub
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
    from returnstation.disposition.channels import ChannelSet
    from returnstation.reports.kpis import KpiSnapshot
    from returnstation.reports.report_settings import ReportSettings
    from returnstation.reports.summary import DispositionSummary, SummaryBuilder

Stations = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DiscrepancyCounts:
    opened: int
    resolved: int
    written_off: int
    open_now: int


@dataclass(frozen=True, slots=True)
class ReportRun:
    """What one read of a period gave: the summary its files show, and the discrepancy counts."""

    summary: DispositionSummary
    discrepancies: DiscrepancyCounts


class ReportService:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        station: str = "",
        clock: Clock = utcnow,
        settings: ReportSettings | None = None,
        ctx: StationContext | None = None,
        channels: ChannelSet | None = None,
    ) -> None:
        """``settings`` (labour rate, idle gap) default to ``returnstation/data/report_settings.yaml``,
        ``channels`` (recovery by channel) to ``returnstation/data/channels.yaml``.

        ``ctx`` says who asks (reports need a supervisor); without one the caller is the machine's admin,
        as for every context built by hand (scripts, benchmarks).
        """
        self._sf = session_factory
        self.station = station
        self._ctx = ctx if ctx is not None else StationContext(station=station, user="reports")
        self._now = clock
        self._settings = settings
        self._channels = channels

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
            return _exception_records(uow, lo, hi, stations)

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
        sales: Mapping[int, Decimal] | None = None,
    ) -> DispositionSummary:
        """Every file asked for from **one** read of the period, and the summary they show (see
        :meth:`run_report`). Slow for big periods: call from a worker thread or the CLI."""
        return self.run_report(
            start, end, stations, pdf=pdf, records_csv=records_csv, summary_csv=summary_csv, sales=sales
        ).summary

    @requires(Permission.REPORTS)
    def run_report(
        self,
        start: date,
        end: date,
        stations: Stations = (),
        *,
        pdf: Path | None = None,
        records_csv: Path | None = None,
        summary_csv: Path | None = None,
        sales: Mapping[int, Decimal] | None = None,
    ) -> ReportRun:
        """Every file asked for and the discrepancy counts, from **one** read of the period.

        Why one pass: a year of a busy site is millions of dispositions. One read-only transaction
        (one snapshot: the files and the counts agree even while benches keep deciding) reads the
        exceptions and the counts, then streams the decisions through one statement (a server-side
        cursor on PostgreSQL) a batch at a time: each batch goes to the item CSV as it comes and into
        a :class:`SummaryBuilder` that keeps no records, so memory is bounded by the batch and not by
        the period. The PDF and summary CSV (a page or two of figures) are written at the end, after
        the transaction. Under SQLite's WAL the read never waits for a writer nor makes one wait.
        ``sales``: actual sale prices by item id (``reports/sales_csv.py``); an item sold counts with
        its price as recovered value instead of its channel's expected rate.
        Slow for big periods: call from a worker thread or the CLI.
        """
        from returnstation.reports.summary import SummaryBuilder
        from returnstation.reports.summary_csv import write_records_csv_chunks

        builder = SummaryBuilder(start, end, settings=self._settings, channels=self._channels, sales=sales)
        lo, hi = _day_bounds(start, end)
        with UnitOfWork(self._sf, read_only=True) as uow, uow.reports.page_cache(_REPORT_PAGE_CACHE_KIB):
            uow.reports.snapshot()
            exceptions = _exception_records(uow, lo, hi, stations)
            counts = DiscrepancyCounts(*uow.reports.discrepancy_counts(lo, hi, stations))
            chunks = _fed(builder, _record_chunks(uow, lo, hi, stations))
            if records_csv is not None:
                write_records_csv_chunks(chunks, records_csv)
            else:
                for _chunk in chunks:
                    pass
        # New figures join the summary in SummaryBuilder.add/finish (reports/summary.py), which every
        # output of this one read shares; nothing here needs to change for them.
        summary = builder.finish(exceptions)
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
        return ReportRun(summary, counts)

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
        with UnitOfWork(self._sf, read_only=True) as uow:
            return [record for chunk in _record_chunks(uow, lo, hi, stations) for record in chunk]


def _exception_records(
    uow: UnitOfWork, lo: datetime, hi: datetime, stations: Stations
) -> list[ExceptionRecord]:
    return [
        ExceptionRecord(kind=kind, station=station, at=at, resolved=resolved)
        for kind, station, at, resolved in uow.reports.discrepancies(lo, hi, stations)
    ]


def _record_chunks(
    uow: UnitOfWork, lo: datetime, hi: datetime, stations: Stations
) -> Iterator[list[DispositionRecord]]:
    """The period's records, oldest decision first, a streamed batch at a time (one statement)."""
    for rows in uow.reports.stream_dispositions(lo, hi, stations):
        yield _records(rows)


def _fed(
    builder: SummaryBuilder, chunks: Iterable[list[DispositionRecord]]
) -> Iterator[list[DispositionRecord]]:
    """The chunks unchanged, each record counted into ``builder`` on the way."""
    add = builder.add
    for chunk in chunks:
        for record in chunk:
            add(record)
        yield chunk


# Pages SQLite may cache for the report's read (KiB): it reads each page once, the OS caches the file.
_REPORT_PAGE_CACHE_KIB = 4096


def _records(rows: Sequence[Sequence[Any]]) -> list[DispositionRecord]:
    """A batch of ``DISPOSITION_COLUMNS`` rows as records, converted column by column.

    Why by column: each conversion is one ``map`` over the batch instead of a Python call per row
    (twice as fast at a million rows). An item counts as received when its parcel's receipt was
    confirmed (closed); a decision recorded without a start time gets started_at = decided_at: not
    measured (``None``), never 0 s. The record's fields are positional, in its field order.
    """
    if not rows:
        return []
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
        site,
        market,
        fault_test,
        packaging,
        channel,
        refund_deduction,
    ) = zip(*rows, strict=True)
    received_at = map(_first_set, closed_at, item_received_at)
    handling = map(_measured, map(timedelta.total_seconds, map(sub, decided_at, started_at)))
    return list(
        map(
            DispositionRecord,
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
            received_at,
            decided_at,
            rule_id,
            map(bool, overridden),
            handling,
            map(_or_empty, site),
            map(_or_empty, market),
            fault_test,
            packaging,
            channel,
            refund_deduction,
        )
    )


def _first_set(closed_at: datetime | None, received_at: datetime) -> datetime:
    return closed_at or received_at


def _or_empty(text: str | None) -> str:
    return text or ""


def _measured(seconds: float) -> float | None:
    return seconds if seconds > 0 else None


def stations_text(stations: Stations) -> str:
    """How a station filter reads on the report: "All stations", "Station A", "Stations A, B"."""
    if not stations:
        return msg("All stations")
    if len(stations) == 1:
        return msg("Station {station}", station=stations[0])
    return msg("Stations {stations}", stations=", ".join(stations))


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
