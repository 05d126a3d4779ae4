"""The live figures of a supervisor's panel: today's bench at a glance, cheap enough to refresh often.

Same definitions as the printed summary (``README.md``): items are dispositions decided today, the
median cycle time runs from receipt to disposition, "% recycled" counts items. Open holds and failed
labels are not about today: they are what waits for a person right now.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from returnstation.domain.enums import Disposition
from returnstation.reports.records import DispositionRecord
from returnstation.reports.stats import quantile


@dataclass(frozen=True, slots=True)
class KpiSnapshot:
    """``by_disposition`` is (disposition value, items), largest first; percentages are 0..100."""

    day: date
    at: datetime
    items: int
    by_disposition: tuple[tuple[str, int], ...]
    median_cycle_hours: float
    pct_recycled: float
    open_holds: int
    failed_labels: int
    queued_labels: int = 0

    def count(self, disposition: str) -> int:
        return dict(self.by_disposition).get(disposition, 0)


def kpi_snapshot(
    records: Sequence[DispositionRecord],
    day: date,
    at: datetime,
    *,
    open_holds: int,
    failed_labels: int,
    queued_labels: int = 0,
) -> KpiSnapshot:
    """Figures over ``records`` (the caller passes today's only) plus the waiting-work counts."""
    counts: dict[str, int] = {}
    for r in records:
        counts[r.disposition] = counts.get(r.disposition, 0) + 1
    ordered = tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    cycle = sorted((r.decided_at - r.received_at).total_seconds() / 3600.0 for r in records)
    recycled = counts.get(Disposition.RECYCLE.value, 0)
    return KpiSnapshot(
        day=day,
        at=at,
        items=len(records),
        by_disposition=ordered,
        median_cycle_hours=quantile(cycle, 0.5),
        pct_recycled=recycled / len(records) * 100 if records else 0.0,
        open_holds=open_holds,
        failed_labels=failed_labels,
        queued_labels=queued_labels,
    )
