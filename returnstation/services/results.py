"""What a use case tells its caller: plain, frozen, ready to show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from returnstation.disposition.facts import ReturnLine
from returnstation.domain.context import Person, SignedIn, StationContext
from returnstation.domain.enums import Discrepancy
from returnstation.domain.roles import Permission, PermissionRefused, Role

__all__ = [
    "ActionRefused",
    "Candidate",
    "Feedback",
    "Level",
    "LineView",
    "ParcelView",
    "PendingItem",
    "Permission",
    "PermissionRefused",
    "Person",
    "Role",
    "SignedIn",
    "StationContext",
]


class ActionRefused(ValueError):
    """A supervisor's action that cannot be done (no reason given, already done by someone else...);
    nothing was written and the message is written for the person at the bench."""


class Level(StrEnum):
    """Drives both the colour and the sound cue at the bench."""

    SUCCESS = "success"
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


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
    rma_number: str = ""  # which RMA of the box the line belongs to (a box may carry several)

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
    rma_numbers: tuple[str, ...] = ()  # every RMA the box carries, the one it was opened with first
    parcel_no: int = 1  # "parcel 2 of RMA-...": the late second box of a short receipt
    damaged: bool = False  # marked damaged in transit

    @property
    def all_received(self) -> bool:
        return all(ln.complete for ln in self.lines)

    @property
    def expected_units(self) -> int:
        return sum(ln.expected for ln in self.lines)

    @property
    def received_units(self) -> int:
        """Units received towards what was expected (extras on a line are not counted twice)."""
        return sum(min(ln.received, ln.expected) for ln in self.lines)


@dataclass(frozen=True, slots=True)
class Feedback:
    """The answer to one scan or action: what to say, how loud, and what it changed."""

    level: Level
    message: str
    problem: Discrepancy | None = None
    parcel: ParcelView | None = None
    item_id: int | None = None
    command: str | None = None  # a station command barcode the UI should act on
    candidates: tuple[Candidate, ...] = ()  # item-first: the open RMAs that expect the scanned item
    offer_rma: str | None = None  # a mixed box: "this box also holds RMA-...: add it?"
    kind: str = ""  # what the scan was read as (a CodeKind value, "key", "command")
    ask: str | None = None  # what the station waits for next: "box_photo", "quantity"


@dataclass(frozen=True, slots=True)
class Candidate:
    """One open RMA that expects an item scanned with no parcel open (item-first receiving)."""

    key: int  # the number key that chooses it
    rma_number: str
    customer: str
    order_number: str
    authorized: str  # YYYY-MM-DD
    expected: int
    received: int
    serial_match: bool


@dataclass(frozen=True, slots=True)
class PendingItem:
    item_id: int
    item_code: str
    sku: str
    description: str
    category: str
    rma_number: str
    order_number: str
    reason_code: str
    unit_value: Decimal
    received_at: datetime
    purchased_at: date | None = None
    warranty_months: int | None = None
    authorized_at: datetime | None = None
    expected_serials: tuple[str, ...] = ()
    gtin: str | None = None  # the RMA line's, when it has one (the routing label's GS1 data starts with it)
    site: str | None = None  # the RMA's site (None: the inspecting bench's own decides)
    market: str | None = None  # the market it was sold in: chooses the rule set with the site

    def return_line(self) -> ReturnLine:
        return ReturnLine(
            category=self.category,
            sku=self.sku,
            reason_code=self.reason_code,
            unit_value=self.unit_value,
            purchased_on=self.purchased_at,
            warranty_months=self.warranty_months,
            claimed_on=self.authorized_at.date() if self.authorized_at else None,
            received_on=self.received_at.date(),
            market=self.market,
            site=self.site,
        )
