"""The supervisor disposition summary: every figure on the printed report, computed in pure Python.

Definitions (also in ``README.md`` for supervisors):

* **Period** — a record belongs to the report when the calendar date of ``decided_at`` lies in
  ``[start, end]``, both ends included. With ``tz`` given, aware timestamps are first converted to that
  zone, so "today" means the station's day and not UTC's.
* **Items** — number of dispositioned items (records) in the period.
* **Value** — sum of ``unit_value``, the items' original value.
* **Recovered value** — per item, the actual sale price when the sales file given to the report has
  one for it, else ``unit_value x`` the expected recovery rate of the item's resale channel for its
  product grade, packaging condition and category (``channels.yaml``; an item recorded without a
  channel counts through its disposition's default channel). The exact sum is rounded to cents (half
  up) once, at the end. Shown by channel and by grade x packaging.
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

from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from operator import attrgetter
from typing import TYPE_CHECKING, Any

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
    HandlingCostTally,
    Productivity,
    ProductivityTally,
)
from returnstation.reports.records import DispositionRecord
from returnstation.reports.report_settings import ReportSettings, load_report_settings
from returnstation.reports.stats import quantile, sort_floats

if TYPE_CHECKING:  # the channels file is read (YAML) only when a report is made, not on import
    from returnstation.disposition.channels import ChannelSet

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
    "SummaryBuilder",
    "load_report_settings",
    "summarize",
]

NONE_KEY = "(none)"  # the site or market row of items decided before either was recorded
_CENT = Decimal("0.01")
_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class GroupRow:
    """One line of a breakdown table; ``share`` is count / all items, as a fraction 0..1; ``recovered``
    the exact recovered value of its items (not rounded)."""

    key: str
    count: int
    value: Decimal
    share: float
    # Not part of equality: a row is the same group whatever the channel rates of the day make of it.
    recovered: Decimal = field(default=Decimal(0), compare=False)

    @property
    def recovery_rate(self) -> Decimal:
        """Recovered / value (0..1, more when items sold above their unit value); 0 without value."""
        return self.recovered / self.value if self.value else Decimal(0)


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
    by_site: tuple[GroupRow, ...]  # the site and market the rules decided with; NONE_KEY: none known
    by_market: tuple[GroupRow, ...]
    cycle_receipt_to_disposition: CycleStats
    cycle_authorization_to_disposition: CycleStats
    handling: HandlingStats
    overrides: int
    by_channel: tuple[GroupRow, ...] = ()  # key: the channel's label
    by_grade_packaging: tuple[GroupRow, ...] = ()  # key: "A / damaged" (product grade / packaging)
    sold_items: int = 0  # items whose recovered value is an actual sale price (report --sales)
    exceptions: ExceptionSummary = NO_EXCEPTIONS
    productivity: Productivity = NO_PRODUCTIVITY
    handling_cost: HandlingCost = NO_HANDLING_COST
    # Claims whose fault was tested: "fault found" or the test after which none was (no fault found);
    # shares are of the claims tested.
    fault_tests: tuple[GroupRow, ...] = ()

    @property
    def is_empty(self) -> bool:
        """No dispositions; the period may still have exceptions (a day of unexpected parcels only)."""
        return self.total_items == 0


def summarize(
    records: Iterable[DispositionRecord],
    start: date,
    end: date,
    channels: ChannelSet | None = None,
    *,
    tz: tzinfo | None = None,
    exceptions: Sequence[ExceptionRecord] = (),
    settings: ReportSettings | None = None,
    sales: Mapping[int, Decimal] | None = None,
) -> DispositionSummary:
    """Compute the summary for records decided between ``start`` and ``end`` (inclusive).

    ``channels`` defaults to the shipped ``channels.yaml`` and ``settings`` (labour rate, idle gap) to
    ``report_settings.yaml``; ``sales`` are actual sale prices by item id. ``tz`` only matters for
    aware timestamps: it picks the zone
    whose calendar date decides whether a record is in the period. ``exceptions`` are the recorded
    discrepancies; those outside the period are left out the same way. Records may come in any order;
    :class:`SummaryBuilder` computes the same figures from a stream in decision order.
    """
    builder = SummaryBuilder(start, end, channels, tz=tz, settings=settings, sales=sales)
    for record in sorted(records, key=attrgetter("decided_at")):
        builder.add(record)
    return builder.finish(exceptions)


class SummaryBuilder:
    """The summary from records fed one at a time, oldest decision first, without keeping them.

    Why: a year of a busy site is millions of items; the report reads them once from the database and
    writes the item CSV as it goes, so the summary must not need the list. What it keeps per item is
    three floats for the medians (cycle times and inspection time, in compact ``array('d')``); per
    return (RMA) one float for the handling cost; per key of a breakdown a count and a sum.
    """

    def __init__(
        self,
        start: date,
        end: date,
        channels: ChannelSet | None = None,
        *,
        tz: tzinfo | None = None,
        settings: ReportSettings | None = None,
        sales: Mapping[int, Decimal] | None = None,
    ) -> None:
        if start > end:
            raise ValueError(f"report period starts after it ends: {start} > {end}")
        self.start, self.end, self._tz = start, end, tz
        if channels is None:
            from returnstation.disposition.channels import load_channels

            channels = load_channels()
        self._channels = channels
        self._sales = dict(sales or {})
        self._sold = 0
        self._site = load_report_settings() if settings is None else settings
        self._items = 0
        self._overrides = 0
        # (disposition, reason, grade, category, inspector, site, market, channel, grade / packaging) ->
        # [count, value, recovered]: one dict operation per item; the breakdowns, the totals and the
        # recycled count are summed from it at the end.
        self._cells: dict[tuple[str, ...], list[Any]] = {}
        self._receipt_hours = array("d")
        self._authorization_hours = array("d")
        self._handling_seconds = array("d")
        self._productivity = ProductivityTally(self._site.idle_gap_minutes)
        self._cost = HandlingCostTally()
        self._fault_tests: dict[tuple[str, str], list[Any]] = {}  # (category, result) -> [count, value]
        self._finished = False

    def add(self, r: DispositionRecord) -> None:
        """Count one record; records outside the period are skipped, as ``summarize`` does."""
        decided = r.decided_at
        if not self.start <= _local_date(decided, self._tz) <= self.end:
            return
        self._items += 1
        value = r.unit_value
        if r.overridden:
            self._overrides += 1
        channel = self._channels.resolve(r.channel, r.disposition)
        price = self._sales.get(r.item_id)
        if price is None:
            recovered = value * channel.rate(r.grade, r.packaging, r.category)
        else:
            recovered = price
            self._sold += 1
        key = (
            r.disposition,
            r.reason_code,
            r.grade,
            r.category,
            r.inspector,
            r.site or NONE_KEY,
            r.market or NONE_KEY,
            channel.label,
            f"{r.grade} / {(r.packaging or 'not graded').replace('_', ' ')}",
        )
        cell = self._cells.get(key)
        if cell is None:
            self._cells[key] = [1, value, recovered]
        else:
            cell[0] += 1
            cell[1] += value
            cell[2] += recovered
        self._receipt_hours.append((decided - r.received_at).total_seconds() / 3600.0)
        self._authorization_hours.append((decided - r.authorized_at).total_seconds() / 3600.0)
        if r.handling_seconds is not None:
            self._handling_seconds.append(r.handling_seconds)
        self._productivity.add(r)
        self._cost.add(r)
        if r.fault_test is not None:
            tally = self._fault_tests.setdefault((r.category, r.fault_test), [0, _ZERO])
            tally[0] += 1
            tally[1] += value

    def finish(self, exceptions: Sequence[ExceptionRecord] = ()) -> DispositionSummary:
        """The summary of what was fed, with the period's ``exceptions`` (others are left out). Once:
        the sorts reuse the builder's arrays."""
        if self._finished:
            raise RuntimeError("SummaryBuilder.finish() was already called")
        self._finished = True
        in_period = [e for e in exceptions if self.start <= _local_date(e.at, self._tz) <= self.end]
        total_items = self._items
        total_value = recovered_exact = _ZERO
        recycled = 0
        breakdowns: tuple[dict[str, list[Any]], ...] = ({}, {}, {}, {}, {}, {}, {}, {}, {})
        for key, (count, value, recovered) in self._cells.items():
            total_value += value
            recovered_exact += recovered
            if key[0] == Disposition.RECYCLE:
                recycled += count
            for breakdown, part in zip(breakdowns, key, strict=True):
                tally = breakdown.setdefault(part, [0, _ZERO, _ZERO])
                tally[0] += count
                tally[1] += value
                tally[2] += recovered
        groups = [self._group_rows(g) for g in breakdowns]
        handling = _sorted(self._handling_seconds)
        return DispositionSummary(
            start=self.start,
            end=self.end,
            total_items=total_items,
            total_value=total_value,
            recovered_value=recovered_exact.quantize(_CENT, rounding=ROUND_HALF_UP),
            pct_cost_recovered=float(recovered_exact / total_value * 100) if total_value else 0.0,
            pct_recycled=recycled / total_items * 100 if total_items else 0.0,
            by_disposition=groups[0],
            by_reason=groups[1],
            by_grade=groups[2],
            by_category=groups[3],
            by_inspector=groups[4],
            by_site=groups[5],
            by_market=groups[6],
            cycle_receipt_to_disposition=_cycle(self._receipt_hours),
            cycle_authorization_to_disposition=_cycle(self._authorization_hours),
            handling=HandlingStats(
                median_seconds=quantile(handling, 0.5), p90_seconds=quantile(handling, 0.9), n=len(handling)
            ),
            overrides=self._overrides,
            by_channel=groups[7],
            by_grade_packaging=groups[8],
            sold_items=self._sold,
            exceptions=summarize_exceptions(in_period, self._overrides),
            productivity=self._productivity.result(),
            handling_cost=self._cost.result(handling, self._site.labour_rate_per_hour),
            fault_tests=self._fault_test_rows(),
        )

    def _fault_test_rows(self) -> tuple[GroupRow, ...]:
        """The claims by fault test result, in the words of data/outcomes.yaml ("No fault found: ..."),
        most items first; shares are of the claims tested."""
        from returnstation.disposition.outcomes import FAULT_FOUND, load_outcomes

        if not self._fault_tests:
            return ()
        nff = load_outcomes().nff
        words: dict[str, list[Any]] = {}
        for (category, result), (count, value) in self._fault_tests.items():
            key = nff.fault_found if result == FAULT_FOUND else nff.label_of(category, result)
            tally = words.setdefault(key, [0, _ZERO])
            tally[0] += count
            tally[1] += value
        tested = sum(count for count, _value in words.values())
        rows = [GroupRow(k, c, v, c / tested) for k, (c, v) in words.items()]
        return tuple(sorted(rows, key=lambda r: (-r.count, r.key)))

    def _group_rows(self, groups: dict[str, list[Any]]) -> tuple[GroupRow, ...]:
        ordered = sorted(groups, key=lambda k: (-groups[k][0], k))
        total = self._items
        return tuple(
            GroupRow(
                key=k,
                count=groups[k][0],
                value=groups[k][1],
                share=groups[k][0] / total,
                recovered=groups[k][2],
            )
            for k in ordered
        )


def _local_date(moment: datetime, tz: tzinfo | None) -> date:
    if tz is not None and moment.tzinfo is not None:
        return moment.astimezone(tz).date()
    return moment.date()


def _sorted(values: array[float]) -> array[float]:
    """Sorted without a list of float objects (``stats.sort_floats``); the builder's array is used up."""
    return sort_floats(values)


def _cycle(hours: array[float]) -> CycleStats:
    ordered = _sorted(hours)
    return CycleStats(median_hours=quantile(ordered, 0.5), p90_hours=quantile(ordered, 0.9), n=len(ordered))
