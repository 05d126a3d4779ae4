"""Return authorizations as the bench sees them, and the pure rules of receiving against them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from returnstation.domain.enums import Discrepancy, RmaStatus
from returnstation.domain.text import is_ascii_digits


@dataclass(frozen=True, slots=True)
class RmaLine:
    line_no: int
    sku: str
    description: str
    quantity: int
    unit_value: Decimal
    reason_code: str
    category: str = "general"
    gtin: str | None = None
    expected_serials: tuple[str, ...] = ()

    def matches(self, code: str) -> bool:
        """An item scan confirms this line when it is the SKU, the GTIN or an expected serial."""
        c = code.strip().upper()
        if c == self.sku.upper():
            return True
        if self.gtin and _same_gtin(c, self.gtin):
            return True
        return c in {s.upper() for s in self.expected_serials}


def _same_gtin(a: str, b: str) -> bool:
    """GTIN-8/12/13/14 are the same number once left-padded to 14 digits (UPC-A scans as EAN-13 '0...')."""
    return is_ascii_digits(a) and is_ascii_digits(b) and a.zfill(14) == b.zfill(14)


@dataclass(frozen=True, slots=True)
class Rma:
    id: int
    rma_number: str
    order_number: str
    customer: str
    status: RmaStatus
    authorized_at: datetime
    expires_at: datetime | None
    lines: tuple[RmaLine, ...]
    tracking_number: str | None = None

    def is_expired(self, now: datetime) -> bool:
        return self.expires_at is not None and now > self.expires_at

    def line(self, line_no: int) -> RmaLine:
        for ln in self.lines:
            if ln.line_no == line_no:
                return ln
        raise KeyError(line_no)


def parcel_problem(
    rma: Rma, now: datetime, already_received_parcels: int, units_missing: int = 0
) -> Discrepancy | None:
    """Why a parcel for this RMA cannot be received as normal, or None when it can.

    Order matters: a closed RMA says 'closed' even if it is also expired, because that is
    what the clerk must act on. A received RMA with units still missing takes a later box (the
    rest of a short receipt); only a fully received one says 'already received'.
    """
    if rma.status in (RmaStatus.CLOSED, RmaStatus.CANCELLED):
        return Discrepancy.RMA_CLOSED
    if (rma.status is RmaStatus.RECEIVED or already_received_parcels > 0) and units_missing <= 0:
        return Discrepancy.ALREADY_RECEIVED
    if rma.is_expired(now):
        return Discrepancy.RMA_EXPIRED
    return None


@dataclass(frozen=True, slots=True)
class ItemMatch:
    """The outcome of scanning one item against the open RMA(s) of a parcel."""

    line: RmaLine | None
    problem: Discrepancy | None
    received_after: int = 0  # how many of this line are received once this item counts

    @property
    def accepted(self) -> bool:
        return self.problem is None


def line_with_serial(lines: Sequence[RmaLine], code: str) -> RmaLine | None:
    """The line that expects this code as one of its serials (the scan *is* a serial), if any."""
    c = code.strip().upper()
    return next((ln for ln in lines if c in {s.upper() for s in ln.expected_serials}), None)


@dataclass(frozen=True, slots=True)
class QuantitySplit:
    """``CMD:QTY:n`` after an item scan: how many more units count and how many are extras."""

    accepted: int
    extra: int


def split_quantity(total: int, expected: int, received: int) -> QuantitySplit:
    """The scanned unit already counts (it is in ``received``); ``total`` is the units in hand, so
    ``total - 1`` more are added, up to what the line still expects; the rest are extra units."""
    more = max(total - 1, 0)
    room = max(expected - received, 0)
    return QuantitySplit(accepted=min(more, room), extra=max(more - room, 0))


def match_item(lines: Sequence[RmaLine], received: Mapping[int, int], code: str) -> ItemMatch:
    """Decide what a scanned item is against the expected lines and what is already received.

    A code that fits several lines goes to the first line that still has quantity open, so two
    lines of the same SKU fill one after the other instead of over-counting the first.
    """
    candidates = [ln for ln in lines if ln.matches(code)]
    if not candidates:
        return ItemMatch(line=None, problem=Discrepancy.WRONG_ITEM)
    for ln in candidates:
        done = received.get(ln.line_no, 0)
        if done < ln.quantity:
            return ItemMatch(line=ln, problem=None, received_after=done + 1)
    first = candidates[0]
    return ItemMatch(
        line=first, problem=Discrepancy.OVER_QUANTITY, received_after=received.get(first.line_no, 0) + 1
    )


@dataclass(frozen=True, slots=True)
class Shortfall:
    line: RmaLine
    expected: int
    received: int

    @property
    def missing(self) -> int:
        return self.expected - self.received


def shortfalls(lines: Sequence[RmaLine], received: Mapping[int, int]) -> list[Shortfall]:
    """Lines with fewer items received than authorized, for the 'missing quantity' discrepancy."""
    return [
        Shortfall(line=ln, expected=ln.quantity, received=received.get(ln.line_no, 0))
        for ln in lines
        if received.get(ln.line_no, 0) < ln.quantity
    ]
