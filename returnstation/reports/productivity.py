"""Bench productivity (items per hour per inspector) and handling cost, from the dispositioned items.

**Active hours.** Nobody logs in and out of "inspecting", so active time is read from the items
themselves. Each item covers ``[decided_at - handling_seconds, decided_at]`` (just ``decided_at`` when
its inspection time was not measured). An inspector's items, in decision order, form one *session*
as long as each item starts no more than ``idle_gap`` after the previous decision; a longer pause
(a break, another job, the end of the shift) closes the session. Active hours are the summed lengths
of the sessions, from the first item's start to the last decision.

**Items per hour** = the inspector's items / their active hours. None (shown as "n/a") when the
active time is zero, e.g. a single item whose inspection time was not measured. The bench figure
is all items / all inspectors' active hours (items per inspector-hour).

**Handling cost** = handling time x labour rate. Per item: median inspection time of the timed
items x rate. Per return: the inspection times of a return's (RMA's) items in the period added up,
median over the returns whose items were all timed, x rate. Total: all measured inspection time x
rate. Amounts are rounded to cents (half up).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from operator import itemgetter

from returnstation.reports.records import DispositionRecord
from returnstation.reports.stats import quantile

_CENT = Decimal("0.01")
_HOUR = Decimal(3600)


@dataclass(frozen=True, slots=True)
class InspectorRate:
    """One inspector's output: ``items_per_hour`` is None when no active time could be measured."""

    inspector: str
    items: int
    active_hours: float
    sessions: int
    items_per_hour: float | None


@dataclass(frozen=True, slots=True)
class Productivity:
    """Per inspector (most items first) and for the whole bench."""

    by_inspector: tuple[InspectorRate, ...] = ()
    items: int = 0
    active_hours: float = 0.0
    idle_gap_minutes: int = 30

    @property
    def items_per_hour(self) -> float | None:
        return self.items / self.active_hours if self.active_hours > 0 else None


@dataclass(frozen=True, slots=True)
class HandlingCost:
    """Labour cost estimates; ``timed_items`` / ``timed_returns`` say how many items and returns had times."""

    labour_rate_per_hour: Decimal = Decimal(0)
    per_item: Decimal = Decimal(0)
    per_return: Decimal = Decimal(0)
    total: Decimal = Decimal(0)
    timed_items: int = 0
    timed_returns: int = 0


NO_PRODUCTIVITY = Productivity()
NO_HANDLING_COST = HandlingCost()


def productivity(records: Sequence[DispositionRecord], idle_gap_minutes: int) -> Productivity:
    """Active hours and items per hour for each inspector of ``records``."""
    gap = idle_gap_minutes * 60.0
    # Seconds since one reference moment: float arithmetic, several times faster than datetimes at 100k.
    base = min((r.decided_at for r in records), default=datetime(2000, 1, 1))
    spans: dict[str, list[tuple[float, float]]] = {}
    for r in records:
        end = (r.decided_at - base).total_seconds()
        spans.setdefault(r.inspector, []).append((end - (r.handling_seconds or 0.0), end))
    rates = []
    for inspector, items in spans.items():
        seconds, sessions = _active_seconds(items, gap)
        hours = seconds / 3600.0
        rates.append(
            InspectorRate(
                inspector=inspector,
                items=len(items),
                active_hours=hours,
                sessions=sessions,
                items_per_hour=len(items) / hours if hours > 0 else None,
            )
        )
    rates.sort(key=lambda r: (-r.items, r.inspector))
    return Productivity(
        by_inspector=tuple(rates),
        items=len(records),
        active_hours=sum(r.active_hours for r in rates),
        idle_gap_minutes=idle_gap_minutes,
    )


def _active_seconds(items: list[tuple[float, float]], gap: float) -> tuple[float, int]:
    """Summed session lengths and the number of sessions; ``items`` are (start, end) in seconds."""
    items.sort(key=itemgetter(1))  # decision order
    total = 0.0
    sessions = 0
    session_start = session_end = 0.0
    for start, end in items:
        if sessions == 0 or start - session_end > gap:
            total += session_end - session_start
            session_start, session_end = start, end
            sessions += 1
        else:
            if start < session_start:
                session_start = start
            if end > session_end:
                session_end = end
    return total + session_end - session_start, sessions


def handling_cost(records: Sequence[DispositionRecord], labour_rate_per_hour: Decimal) -> HandlingCost:
    """Cost of inspection time at ``labour_rate_per_hour`` (see the module notes for the definitions)."""
    timed = sorted(r.handling_seconds for r in records if r.handling_seconds is not None)
    per_return: dict[str, float] = {}
    untimed_returns: set[str] = set()
    for r in records:
        if r.handling_seconds is None:
            untimed_returns.add(r.rma_number)
        else:
            per_return[r.rma_number] = per_return.get(r.rma_number, 0.0) + r.handling_seconds
    return_seconds = sorted(s for rma, s in per_return.items() if rma not in untimed_returns)
    return HandlingCost(
        labour_rate_per_hour=labour_rate_per_hour,
        per_item=_cost(quantile(timed, 0.5), labour_rate_per_hour),
        per_return=_cost(quantile(return_seconds, 0.5), labour_rate_per_hour),
        total=_cost(sum(timed), labour_rate_per_hour),
        timed_items=len(timed),
        timed_returns=len(return_seconds),
    )


def _cost(seconds: float, rate: Decimal) -> Decimal:
    return (Decimal(repr(seconds)) / _HOUR * rate).quantize(_CENT, rounding=ROUND_HALF_UP)
