"""The exceptions part of the report: what did not fit the plan at receipt, and rule decisions overridden.

Built from the ``discrepancies`` table (one row per problem found when a parcel or an item was
scanned), flattened by the store layer into :class:`ExceptionRecord`, so it can be computed and
tested without a database. Unexpected parcels (no RMA found, put on the hold shelf) come first: they
are the costly ones, work nobody planned for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from returnstation.domain.enums import Discrepancy
from returnstation.domain.messages import msg

UNEXPECTED_KIND = Discrepancy.NO_RMA.value

DISCREPANCY_LABELS: dict[str, str] = {
    Discrepancy.NO_RMA.value: msg("Unexpected parcel (no RMA)"),
    Discrepancy.RMA_EXPIRED.value: msg("RMA expired"),
    Discrepancy.RMA_CLOSED.value: msg("RMA already closed"),
    Discrepancy.ALREADY_RECEIVED.value: msg("Parcel already received"),
    Discrepancy.WRONG_ITEM.value: msg("Item not on the RMA"),
    Discrepancy.OVER_QUANTITY.value: msg("More items than authorized"),
    Discrepancy.SHORT_QUANTITY.value: msg("Fewer items than authorized"),
    Discrepancy.SEVERAL_RMAS.value: msg("Code matches several RMAs"),
    Discrepancy.UNKNOWN_CODE.value: msg("Code not recognised"),
    Discrepancy.SERIAL_DUPLICATE.value: msg("Serial scanned twice"),
    Discrepancy.SERIAL_CONFLICT.value: msg("Serial already received on another RMA"),
    Discrepancy.SERIAL_MISMATCH.value: msg("Serial not the one expected"),
    Discrepancy.DAMAGED_IN_TRANSIT.value: msg("Damaged in transit"),
}


def discrepancy_label(kind: str) -> str:
    """The display name of a stored discrepancy kind; unknown kinds are shown as stored."""
    return DISCREPANCY_LABELS.get(kind, kind)


@dataclass(frozen=True, slots=True)
class ExceptionRecord:
    """One recorded discrepancy: its kind (a ``Discrepancy`` value), where and when, and whether settled."""

    kind: str
    station: str
    at: datetime
    resolved: bool = False


@dataclass(frozen=True, slots=True)
class ExceptionRow:
    """One kind of discrepancy in the period: how many, and how many are still open (not resolved)."""

    kind: str
    count: int
    open: int

    @property
    def label(self) -> str:
        return discrepancy_label(self.kind)


@dataclass(frozen=True, slots=True)
class ExceptionSummary:
    """Unexpected parcels, every other discrepancy by kind (largest first), and rule overrides."""

    unexpected_parcels: int = 0
    unexpected_open: int = 0
    other: tuple[ExceptionRow, ...] = ()
    overrides: int = 0

    @property
    def discrepancies(self) -> int:
        """All discrepancies of the period, unexpected parcels included (overrides are not discrepancies)."""
        return self.unexpected_parcels + sum(row.count for row in self.other)

    @property
    def open(self) -> int:
        return self.unexpected_open + sum(row.open for row in self.other)

    @property
    def is_empty(self) -> bool:
        return self.discrepancies == 0 and self.overrides == 0

    def rows(self) -> tuple[ExceptionRow, ...]:
        """Every kind with a count, unexpected parcels first: the table the PDF and CSV show."""
        first = (ExceptionRow(UNEXPECTED_KIND, self.unexpected_parcels, self.unexpected_open),)
        return first + self.other if self.unexpected_parcels else self.other


NO_EXCEPTIONS = ExceptionSummary()


def summarize_exceptions(records: Sequence[ExceptionRecord], overrides: int) -> ExceptionSummary:
    """Count ``records`` (already limited to the period and stations) by kind."""
    counts: dict[str, int] = {}
    still_open: dict[str, int] = {}
    for record in records:
        counts[record.kind] = counts.get(record.kind, 0) + 1
        still_open[record.kind] = still_open.get(record.kind, 0) + (0 if record.resolved else 1)
    other = sorted((k for k in counts if k != UNEXPECTED_KIND), key=lambda k: (-counts[k], k))
    return ExceptionSummary(
        unexpected_parcels=counts.get(UNEXPECTED_KIND, 0),
        unexpected_open=still_open.get(UNEXPECTED_KIND, 0),
        other=tuple(ExceptionRow(k, counts[k], still_open[k]) for k in other),
        overrides=overrides,
    )
