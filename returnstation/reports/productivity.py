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

import math
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from returnstation.reports.records import DispositionRecord
from returnstation.reports.stats import quantile, sort_floats

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


class ProductivityTally:
    """Sessions per inspector, built from items fed one at a time **in decision order**.

    Why streaming: a year of a busy site is millions of items, and keeping every item's span until the
    end would cost hundreds of megabytes; in decision order a session only needs its start, its end and
    the hours closed so far. Times are seconds since the first item fed (float arithmetic, several times
    faster than datetimes).
    """

    def __init__(self, idle_gap_minutes: int) -> None:
        self._gap = idle_gap_minutes * 60.0
        self._idle_gap_minutes = idle_gap_minutes
        self._base: datetime | None = None
        # inspector -> [closed seconds, sessions, items, session start, session end]
        self._state: dict[str, list[float]] = {}

    def add(self, r: DispositionRecord) -> None:
        if self._base is None:
            self._base = r.decided_at
        end = (r.decided_at - self._base).total_seconds()
        start = end - (r.handling_seconds or 0.0)
        state = self._state.get(r.inspector)
        if state is None:
            self._state[r.inspector] = [0.0, 1, 1, start, end]
            return
        if end < state[4]:
            raise ValueError("productivity needs the items in decision order")
        state[2] += 1
        if start - state[4] > self._gap:
            state[0] += state[4] - state[3]
            state[1] += 1
            state[3], state[4] = start, end
        else:
            if start < state[3]:
                state[3] = start
            state[4] = end

    def result(self) -> Productivity:
        rates = []
        for inspector, (closed, sessions, items, session_start, session_end) in self._state.items():
            hours = (closed + session_end - session_start) / 3600.0
            rates.append(
                InspectorRate(
                    inspector=inspector,
                    items=int(items),
                    active_hours=hours,
                    sessions=int(sessions),
                    items_per_hour=items / hours if hours > 0 else None,
                )
            )
        rates.sort(key=lambda r: (-r.items, r.inspector))
        return Productivity(
            by_inspector=tuple(rates),
            items=sum(r.items for r in rates),
            active_hours=sum(r.active_hours for r in rates),
            idle_gap_minutes=self._idle_gap_minutes,
        )


class HandlingCostTally:
    """Inspection seconds per return (RMA), from items fed one at a time in any order.

    One float per return: a return with an item whose time was not measured holds NaN, which stays NaN
    whatever is added to it, so it drops out of the per-return median without a second set.
    """

    def __init__(self) -> None:
        self._per_return: dict[str, float] = {}

    def add(self, r: DispositionRecord) -> None:
        seconds = math.nan if r.handling_seconds is None else r.handling_seconds
        self._per_return[r.rma_number] = self._per_return.get(r.rma_number, 0.0) + seconds

    def result(self, timed: Sequence[float], labour_rate_per_hour: Decimal) -> HandlingCost:
        """``timed``: the measured inspection times of the items, sorted (the summary sorts them once)."""
        return_seconds = sort_floats(array("d", (s for s in self._per_return.values() if not math.isnan(s))))
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
