"""Staging a large RMA import in short chunks, invisible until one short transaction publishes it.

Why: on SQLite every writer waits for the database's one write lock, and a 50,000-row import written in
one transaction held it for 1.5-2 s, so a scan at another bench waited as long (issue 19, defect 5).
All-or-nothing must stay: a kill -9 at any moment leaves either nothing of the file visible or all of
it. So the RMAs, lines and serial index rows are written in chunks of their own (each a short
transaction) with ``status = "staged"`` and their batch in ``rmas.import_batch``, and then
``publish`` makes the whole batch open in one UPDATE, in the transaction that also writes the
``rma_imported`` events and the file's content hash.

A staged RMA is seen by no lookup: the ones for open RMAs already ask for status "open", every other
one adds ``published()`` (repositories.py, feed_apply.py, repo_exceptions.py). Reports and the label
search start from items, which a staged RMA cannot have.

Leftovers: an importer renews its batch's lease with every chunk (``lease_until``, the importer's own
clock, as the outbox's lease does); a batch whose lease ran out, or whose row is gone, was left by an
import that died. ``discard_abandoned`` deletes those RMAs (again in chunks) before every import. A
publisher whose batch was taken away (stalled past its lease) finds its row missing and publishes
nothing. The lease is long enough to cover a chunk waiting out the busy timeout and building the
events before publishing; a re-import straight after a kill meets "being imported" until it runs out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, delete, func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from returnstation.domain.enums import RmaStatus
from returnstation.store.models import RmaLineRow, RmaLineSerialRow, RmaRow
from returnstation.store.models_integration import ImportBatchRow

STAGED = "staged"  # rmas.status of an RMA written by an import that has not been published yet
LEASE = timedelta(seconds=30)
DISCARD_CHUNK = 2000  # RMAs deleted per transaction when a dead import's batch is removed


class BatchLost(Exception):
    """This import's batch was removed (its lease ran out, another import cleaned it up)."""


def published() -> ColumnElement[bool]:
    """The SQL condition "this RMA is not part of an import still being staged"."""
    return RmaRow.status != STAGED


def start_batch(session: Session, source: str, station: str, now: datetime) -> int:
    """A new batch with its lease, in the caller's transaction; its id."""
    return int(
        session.execute(
            insert(ImportBatchRow)
            .values(source=source[:255], station=station[:64], started_at=now, lease_until=now + LEASE)
            .returning(ImportBatchRow.id)
        ).scalar_one()
    )


def renew(session: Session, batch: int, now: datetime) -> None:
    """Extend the batch's lease in the caller's (chunk) transaction; ``BatchLost`` when it is gone."""
    done = session.execute(
        update(ImportBatchRow).where(ImportBatchRow.id == batch).values(lease_until=now + LEASE),
        execution_options={"synchronize_session": False},
    )
    if _rowcount(done) != 1:
        raise BatchLost(batch)


def staged_by_others(session: Session, numbers: Sequence[str], batch: int | None = None) -> dict[str, str]:
    """Which of these RMA numbers a live import (not ``batch``) is staging: number -> "source at station"."""
    found: dict[str, str] = {}
    for i in range(0, len(numbers), 500):
        stmt = (
            select(RmaRow.rma_number, ImportBatchRow.source, ImportBatchRow.station)
            .join(ImportBatchRow, ImportBatchRow.id == RmaRow.import_batch)
            .where(RmaRow.rma_number.in_(list(numbers[i : i + 500])), RmaRow.status == STAGED)
        )
        if batch is not None:
            stmt = stmt.where(RmaRow.import_batch != batch)
        found.update({n: f"{src} at {station}" for n, src, station in session.execute(stmt)})
    return found


def publish(session: Session, batch: int, rmas: int) -> None:
    """Make every RMA of the batch open and drop the batch, in the caller's transaction (which commits
    the events with it). ``BatchLost`` when the batch or any of its ``rmas`` RMAs is gone."""
    gone = session.execute(delete(ImportBatchRow).where(ImportBatchRow.id == batch))
    if _rowcount(gone) != 1:
        raise BatchLost(batch)
    opened = session.execute(
        update(RmaRow)
        .where(RmaRow.import_batch == batch, RmaRow.status == STAGED)
        .values(status=RmaStatus.OPEN.value, import_batch=None),
        execution_options={"synchronize_session": False},
    )
    if _rowcount(opened) != rmas:
        raise BatchLost(batch)


def discard(factory: sessionmaker[Session], batch: int) -> int:
    """Delete the batch's staged RMAs (lines, serials) and its row, ``DISCARD_CHUNK`` RMAs per short
    transaction; how many RMAs were deleted. Safe to repeat and to run from two benches at once."""
    deleted = 0
    while True:
        with factory() as session, session.begin():
            ids = list(
                session.scalars(
                    select(RmaRow.id)
                    .where(RmaRow.import_batch == batch, RmaRow.status == STAGED)
                    .limit(DISCARD_CHUNK)
                )
            )
            if not ids:
                session.execute(delete(ImportBatchRow).where(ImportBatchRow.id == batch))
                return deleted
            lines = select(RmaLineRow.id).where(RmaLineRow.rma_id.in_(ids))
            session.execute(delete(RmaLineSerialRow).where(RmaLineSerialRow.rma_line_id.in_(lines)))
            session.execute(delete(RmaLineRow).where(RmaLineRow.rma_id.in_(ids)))
            session.execute(delete(RmaRow).where(RmaRow.id.in_(ids)))
            deleted += len(ids)


def discard_abandoned(factory: sessionmaker[Session], now: datetime) -> int:
    """Remove what killed imports left: batches whose lease ran out, and staged RMAs whose batch row is
    gone (a discard that was itself killed). How many RMAs were deleted."""
    with factory() as session, session.begin():
        dead = set(session.scalars(select(ImportBatchRow.id).where(ImportBatchRow.lease_until < now)))
        live = select(ImportBatchRow.id).where(ImportBatchRow.lease_until >= now)
        # ix_rmas_import_batch holds only staged RMAs: this reads nothing when no import is staging.
        dead.update(
            session.scalars(
                select(RmaRow.import_batch)
                .where(RmaRow.import_batch.isnot(None), RmaRow.import_batch.not_in(live))
                .distinct()
            )
        )
    return sum(discard(factory, batch) for batch in sorted(dead))


def staged_count(session: Session) -> int:
    """RMAs staged and not published (0 when no import runs): for tests and health checks."""
    return int(session.scalar(select(func.count()).select_from(RmaRow).where(RmaRow.status == STAGED)) or 0)


def _rowcount(result: Any) -> int:
    return int(result.rowcount)
