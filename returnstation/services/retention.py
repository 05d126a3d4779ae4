"""Retention: erase the customer's personal data of returns finished long ago, keeping the audit
chain verifiable.

What is erased, for each RMA finished (closed, cancelled, or its credit triggered) and untouched for
``retention_days``: the customer's name (``rmas.customer`` becomes ``(erased)``) and e-mail address,
the name copied onto its concerns and onto return-to-sender label jobs, its postal address (on the
RMA and on its return-to-customer label jobs), and its items' inspection photos (files and rows).
What stays: RMA and order numbers, items, grades, dispositions, values and every event, so reports
and the order system's references still work.

Why the audit chain is not touched: each event's hash covers its whole payload (store/audit.py), so
rewriting an event would make ``audit verify`` report exactly that, and a verifier told to skip some
fields would also miss a tampered one. Instead personal data is kept *out* of the chain: the events
name an RMA by number, a feed's change of customer or e-mail is recorded as "customer changed" without
the values (services/feed_apply.py), and the mutable tables hold the data the erase removes. The erase
itself is an event (``customer_data_erased``: which RMA, what kinds of data, how many photos), sealed
in the chain like any other, so the log shows when personal data went and on whose order.
Known limit: free text a person types (a concern's note, a hold reason) is in events as written;
the README asks not to put names there.

Photo files are deleted before the commit: if the commit then fails, the rows still point at missing
files and the next run finishes the job (a file already gone is fine); the other order could leave a
photo on disk that no row remembers, which is the one outcome an erasure must not have.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from returnstation.domain.access import requires
from returnstation.domain.clock import Clock, utcnow
from returnstation.domain.context import StationContext
from returnstation.domain.messages import join, msg
from returnstation.domain.roles import Permission
from returnstation.store.errors import guard_database
from returnstation.store.models import ADDRESS_COLUMNS
from returnstation.store.photo_files import resolve
from returnstation.store.repo_retention import ERASED, LABEL_ADDRESS_FIELDS, RetentionQueries
from returnstation.store.uow import UnitOfWork

BATCH = 200  # RMAs per transaction: a large first run does not hold the write lock for long


@dataclass(frozen=True, slots=True)
class Erased:
    rma_number: str
    finished_at: datetime  # the RMA's last event
    photos: int


@dataclass
class RetentionReport:
    days: int
    cutoff: datetime
    dry_run: bool
    erased: list[Erased] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # photo files that could not be deleted

    def text(self) -> str:
        verb = msg("would erase") if self.dry_run else msg("erased")
        photos = sum(e.photos for e in self.erased)
        head = msg(
            "Retention {days} days (finished before {cutoff:%Y-%m-%d %H:%M} UTC): {verb} the "
            "customer data of {n_erased} RMA(s), {photos} photo(s)",
            days=self.days,
            cutoff=self.cutoff,
            verb=verb,
            n_erased=len(self.erased),
            photos=photos,
        )
        rows = [
            msg(
                "  {rma_number}  finished {finished:%Y-%m-%d}",
                rma_number=e.rma_number,
                finished=e.finished_at,
            )
            for e in self.erased
        ]
        problems = [msg("  problem: {problem}", problem=p) for p in self.problems]
        return join([head, *rows, *problems], "\n")


@guard_database
class RetentionService:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        ctx: StationContext,
        photo_root: Path,
        days: int,
        clock: Clock = utcnow,
        unlink: Callable[[Path], None] = lambda p: p.unlink(missing_ok=True),
    ) -> None:
        self._sf = session_factory
        self.ctx = ctx
        self.photo_root = photo_root
        self.days = days
        self._now = clock
        self._unlink = unlink

    @requires(Permission.ERASE_CUSTOMER_DATA)
    def run(self, dry_run: bool = False, days: int | None = None) -> RetentionReport:
        """Erase (or with ``dry_run`` only list) the customer data of RMAs due; ValueError when
        retention is off (``retention_days`` = 0 and no ``days`` given)."""
        days = self.days if days is None else days
        if days <= 0:
            raise ValueError(
                msg("retention is off: set retention_days (or give --days) to a number of days >= 1")
            )
        now = self._now()
        report = RetentionReport(days, now - timedelta(days=days), dry_run)
        while True:
            problems = len(report.problems)
            done = self._batch(report, now, dry_run)
            # A photo that cannot be deleted keeps its RMA due: stop rather than meet it again at once.
            if done < BATCH or dry_run or len(report.problems) > problems:
                return report

    def _batch(self, report: RetentionReport, now: datetime, dry_run: bool) -> int:
        with UnitOfWork(self._sf) as uow:
            queries = RetentionQueries(uow.session)
            due = queries.due(report.cutoff, 1_000_000 if dry_run else BATCH)
            for rma, finished in due:
                photos = queries.photos(rma.id)
                if dry_run:
                    report.erased.append(Erased(rma.rma_number, finished, len(photos)))
                    continue
                failed = False
                for photo in photos:
                    try:
                        self._unlink(resolve(self.photo_root, photo.path))
                    except (OSError, ValueError) as exc:
                        report.problems.append(
                            msg(
                                "{rma_number}: photo {path} not deleted: {exc}",
                                rma_number=rma.rma_number,
                                path=photo.path,
                                exc=exc,
                            )
                        )
                        failed = True
                        continue
                    uow.session.delete(photo)
                if failed:
                    continue  # its name stays until every photo is gone: the next run tries again
                report.erased.append(Erased(rma.rma_number, finished, len(photos)))
                erased_fields = ["customer"] + (["customer_email"] if rma.customer_email else [])
                if any(getattr(rma, c) for c in ADDRESS_COLUMNS):
                    erased_fields.append("address")
                rma.customer = ERASED
                rma.customer_email = None
                for column in ADDRESS_COLUMNS:
                    setattr(rma, column, None)
                address_labels = queries.address_labels(rma.id)
                for job in address_labels:
                    kept = {k: v for k, v in job.fields.items() if k not in LABEL_ADDRESS_FIELDS}
                    job.fields = {**kept, "ship_to": ERASED}
                for concern in queries.concerns(rma.id):
                    concern.customer = None
                labels = queries.return_labels([rma.rma_number])
                for job in labels:
                    job.fields = {**job.fields, "description": f"Customer: {ERASED}"}
                uow.events.record(
                    self.ctx,
                    now,
                    "customer_data_erased",
                    ("rma", rma.id),
                    before=rma.status,
                    after=rma.status,
                    payload={
                        "rma": rma.rma_number,
                        "fields": erased_fields,
                        "photos": len(photos),
                        "return_labels": len(labels),
                        "address_labels": len(address_labels),
                        "retention_days": report.days,
                    },
                )
            if not dry_run:
                uow.commit()
            return len(due)
