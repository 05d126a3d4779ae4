"""Files whose content was already applied, by SHA-256: the RMA import and the feeds share one record.

Why one table for both: the same bytes mean the same RMAs whether they came through `import-rmas`, the
inbox or the API pull, so a file applied one way is recognised the other way too. Recorded in the
transaction that applies the file, so "recorded" and "applied" cannot disagree after a crash.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from returnstation.store.models_integration import FeedFileRow


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def applied_file(session: Session, digest: str) -> FeedFileRow | None:
    return session.scalar(select(FeedFileRow).where(FeedFileRow.sha256 == digest))


def describe(row: FeedFileRow) -> str:
    """When, as what and where: "2026-11-23 09:00 (rmas.csv at bench-2)"."""
    return f"{row.applied_at:%Y-%m-%d %H:%M} ({row.name} at {row.station})"


def record_applied(
    session: Session,
    digest: str,
    name: str,
    source: str,
    station: str,
    at: datetime,
    records: int,
    summary: str,
) -> None:
    """Add the record to the applying transaction; a second file with the same digest fails its commit."""
    session.add(
        FeedFileRow(
            sha256=digest,
            name=name[:255],
            source=source[:32],
            station=station,
            applied_at=at,
            records=records,
            summary=summary[:4000],
        )
    )
