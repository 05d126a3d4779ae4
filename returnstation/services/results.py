"""What a use case tells its caller: plain, frozen, ready to show."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from returnstation.domain.enums import Discrepancy


class Level(StrEnum):
    """Drives both the colour and the sound cue at the bench."""

    SUCCESS = "success"
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class StationContext:
    station: str
    user: str


@dataclass(frozen=True, slots=True)
class LineView:
    line_no: int
    sku: str
    description: str
    category: str
    expected: int
    received: int
    unit_value: Decimal
    reason_code: str

    @property
    def complete(self) -> bool:
        return self.received >= self.expected


@dataclass(frozen=True, slots=True)
class ParcelView:
    parcel_id: int
    status: str
    scanned_code: str
    rma_number: str | None
    order_number: str | None
    customer: str | None
    rma_expires: str | None
    lines: tuple[LineView, ...]
    held_items: int

    @property
    def all_received(self) -> bool:
        return all(ln.complete for ln in self.lines)


@dataclass(frozen=True, slots=True)
class Feedback:
    """The answer to one scan or action: what to say, how loud, and what it changed."""

    level: Level
    message: str
    problem: Discrepancy | None = None
    parcel: ParcelView | None = None
    item_id: int | None = None
    command: str | None = None  # a station command barcode the UI should act on
