"""The supervisor disposition summary: every figure on the printed report, computed in pure Python.

Definitions (also in ``README.md`` for supervisors):

* **Period** — a record belongs to the report when the calendar date of ``decided_at`` lies in
  ``[start, end]``, both ends included. With ``tz`` given, aware timestamps are first converted to that
  zone, so "today" means the station's day and not UTC's.
* **Items** — number of dispositioned items (records) in the period.
* **Value** — sum of ``unit_value``, the items' original value.
* **Recovered value** — sum of ``unit_value x recovery rate of the item's disposition``; the rates
  come from ``recovery_rates.yaml`` (a disposition missing from the mapping counts as 0). The exact
  sum is rounded to cents (half up) once, at the end.
* **% of cost recovered** — exact recovered value / value x 100; 0 when the value is 0.
* **% recycled** — items with disposition ``recycle`` / items x 100 (a count, not a value, share).
* **Cycle times** — hours from receipt (``received_at``) and from authorization (``authorized_at``)
  to ``decided_at``; median and p90 by linear interpolation between closest ranks (see ``stats``).
  Negative durations are kept, not hidden: they point at a wrong clock.
* **Handling** — median and p90 of ``handling_seconds`` (inspection time) over the items that have it.
* **Overrides** — items whose rule decision was overridden by a person.
* **Exceptions** — discrepancies recorded at receipt in the period (``exceptions.py``): unexpected
  parcels (no RMA) and every other kind, with how many are still open, plus the overrides.
* **Productivity, handling cost** — items per hour per inspector over their active hours, and
  inspection time x labour rate (``productivity.py``; rate and idle gap from ``report_settings.yaml``).
* **Group rows** — per key: item count, summed value, and ``share`` = count / items as a fraction 0..1;
  sorted by count (largest first), then key.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from operator import attrgetter

from returnstation.domain.enums import Disposition
from returnstation.reports.exceptions import (
    NO_EXCEPTIONS,
    ExceptionRecord,
    ExceptionSummary,
    summarize_exceptions,
)
from returnstation.reports.productivity import (
    NO_HANDLING_COST,
    NO_PRODUCTIVITY,
    HandlingCost,
    Productivity,
    handling_cost,
    productivity,
)
from returnstation.reports.records import DispositionRecord
from returnstation.reports.recovery_rates import load_recovery_rates
from returnstation.reports.report_settings import ReportSettings, load_report_settings
from returnstation.reports.stats import quantile

__all__ = [
    "CycleStats",
    "DispositionSummary",
    "ExceptionRecord",
    "ExceptionSummary",
    "GroupRow",
    "HandlingCost",
    "HandlingStats",
    "Productivity",
    "ReportSettings",
    "load_recovery_rates",
    "load_report_settings",
    "summarize",
]

_CENT = Decimal("0.01")
_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class GroupRow:
    """One line of a breakdown table; ``share`` is count / all items, as a fraction 0..1."""

    key: str
    count: int
    value: Decimal
    share: float


@dataclass(frozen=True, slots=True)
class CycleStats:
    """Elapsed hours to disposition; ``n`` = 0 means no items, and then both figures are 0."""

    median_hours: float
    p90_hours: float
    n: int


@dataclass(frozen=True, slots=True)
class HandlingStats:
    """Inspection time per item in seconds, over the ``n`` items where the station measured it."""

    median_seconds: float
    p90_seconds: float
    n: int


@dataclass(frozen=True, slots=True)
class DispositionSummary:
    """Everything the PDF and CSV renderings show; percentages are 0..100, shares 0..1."""

    start: date
    end: date
    total_items: int
    total_value: Decimal
    recovered_value: Decimal
    pct_cost_recovered: float
    pct_recycled: float
    by_disposition: tuple[GroupRow, ...]
    by_reason: tuple[GroupRow, ...]
    by_grade: tuple[GroupRow, ...]
    by_category: tuple[GroupRow, ...]
    by_inspector: tuple[GroupRow, ...]
    cycle_receipt_to_disposition: CycleStats
    cycle_authorization_to_disposition: CycleStats
    handling: HandlingStats
    overrides: int
    recovery_rates: tuple[tuple[str, Decimal], ...]  # the rates used, so the report can print them
    exceptions: ExceptionSummary = NO_EXCEPTIONS
    productivity: Productivity = NO_PRODUCTIVITY
    handling_cost: HandlingCost = NO_HANDLING_COST

    @property
    def is_empty(self) -> bool:
        """No dispositions; the period may still have exceptions (a day of unexpected parcels only)."""
        return self.total_items == 0


def summarize(
    records: Sequence[DispositionRecord],
    start: date,
    end: date,
    recovery_rates: Mapping[str, Decimal] | None = None,
    *,
    tz: tzinfo | None = None,
    exceptions: Sequence[ExceptionRecord] = (),
    settings: ReportSettings | None = None,
) -> DispositionSummary:
    """Compute the summary for records decided between ``start`` and ``end`` (inclusive).

    ``recovery_rates`` defaults to the shipped ``recovery_rates.yaml`` and ``settings`` (labour rate,
    idle gap) to ``report_settings.yaml``. ``tz`` only matters for aware timestamps: it picks the zone
    whose calendar date decides whether a record is in the period. ``exceptions`` are the recorded
    discrepancies; those outside the period are left out the same way.
    """
    if start > end:
        raise ValueError(f"report period starts after it ends: {start} > {end}")
    rates = dict(load_recovery_rates() if recovery_rates is None else recovery_rates)
    site = load_report_settings() if settings is None else settings
    in_period = [r for r in records if start <= _local_date(r.decided_at, tz) <= end]
    exceptions_in_period = [e for e in exceptions if start <= _local_date(e.at, tz) <= end]
    overrides = sum(1 for r in in_period if r.overridden)

    total_items = len(in_period)
    total_value = sum((r.unit_value for r in in_period), _ZERO)
    recovered_exact = sum((r.unit_value * rates.get(r.disposition, _ZERO) for r in in_period), _ZERO)
    recycled = sum(1 for r in in_period if r.disposition == Disposition.RECYCLE)

    return DispositionSummary(
        start=start,
        end=end,
        total_items=total_items,
        total_value=total_value,
        recovered_value=recovered_exact.quantize(_CENT, rounding=ROUND_HALF_UP),
        pct_cost_recovered=float(recovered_exact / total_value * 100) if total_value else 0.0,
        pct_recycled=recycled / total_items * 100 if total_items else 0.0,
        by_disposition=_group(in_period, attrgetter("disposition")),
        by_reason=_group(in_period, attrgetter("reason_code")),
        by_grade=_group(in_period, attrgetter("grade")),
        by_category=_group(in_period, attrgetter("category")),
        by_inspector=_group(in_period, attrgetter("inspector")),
        cycle_receipt_to_disposition=_cycle(in_period, lambda r: r.received_at),
        cycle_authorization_to_disposition=_cycle(in_period, lambda r: r.authorized_at),
        handling=_handling(in_period),
        overrides=overrides,
        recovery_rates=tuple(rates.items()),
        exceptions=summarize_exceptions(exceptions_in_period, overrides),
        productivity=productivity(in_period, site.idle_gap_minutes),
        handling_cost=handling_cost(in_period, site.labour_rate_per_hour),
    )


def _local_date(moment: datetime, tz: tzinfo | None) -> date:
    if tz is not None and moment.tzinfo is not None:
        return moment.astimezone(tz).date()
    return moment.date()


def _group(
    records: Sequence[DispositionRecord], key: Callable[[DispositionRecord], str]
) -> tuple[GroupRow, ...]:
    keys = list(map(key, records))
    counts = Counter(keys)
    values = dict.fromkeys(counts, _ZERO)
    for k, value in zip(keys, map(_unit_value, records), strict=True):
        values[k] += value
    total = len(records)
    ordered = sorted(counts, key=lambda k: (-counts[k], k))
    return tuple(GroupRow(key=k, count=counts[k], value=values[k], share=counts[k] / total) for k in ordered)


_unit_value = attrgetter("unit_value")


def _cycle(
    records: Sequence[DispositionRecord], since: Callable[[DispositionRecord], datetime]
) -> CycleStats:
    hours = sorted((r.decided_at - since(r)).total_seconds() / 3600.0 for r in records)
    return CycleStats(median_hours=quantile(hours, 0.5), p90_hours=quantile(hours, 0.9), n=len(hours))


def _handling(records: Sequence[DispositionRecord]) -> HandlingStats:
    seconds = sorted(r.handling_seconds for r in records if r.handling_seconds is not None)
    return HandlingStats(
        median_seconds=quantile(seconds, 0.5), p90_seconds=quantile(seconds, 0.9), n=len(seconds)
    )
