"""Stored enums with explicit values: the values are written to the database and to events."""

from __future__ import annotations

from enum import StrEnum

from returnstation.domain.messages import msg


class Disposition(StrEnum):
    """Where an inspected item ends up. Rules may only name these values."""

    RESTOCK = "restock"
    REFURBISH = "refurbish"
    RECYCLE = "recycle"
    SCRAP = "scrap"
    RETURN_TO_CUSTOMER = "return_to_customer"
    RETURN_TO_VENDOR = "return_to_vendor"
    DONATE = "donate"
    LIQUIDATE = "liquidate"
    QUARANTINE = "quarantine"

    @property
    def label(self) -> str:
        return _DISPOSITION_LABELS[self]


_DISPOSITION_LABELS = {
    Disposition.RESTOCK: msg("Restock"),
    Disposition.REFURBISH: msg("Refurbish"),
    Disposition.RECYCLE: msg("Recycle"),
    Disposition.SCRAP: msg("Scrap"),
    Disposition.RETURN_TO_CUSTOMER: msg("Return to customer"),
    Disposition.RETURN_TO_VENDOR: msg("Return to vendor"),
    Disposition.DONATE: msg("Donate"),
    Disposition.LIQUIDATE: msg("Liquidate"),
    Disposition.QUARANTINE: msg("Quarantine"),
}


class RmaStatus(StrEnum):
    OPEN = "open"
    RECEIVED = "received"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class ParcelStatus(StrEnum):
    OPEN = "open"  # being received at a bench
    RECEIVED = "received"  # receipt confirmed, items staged for inspection
    HELD = "held"  # unexpected parcel in the hold queue
    RETURNED = "returned"  # refused from the hold shelf: back to the sender
    DISPOSED = "disposed"  # scrapped or recycled from the hold shelf


class ItemStatus(StrEnum):
    RECEIVED = "received"  # waiting for inspection
    DISPOSITIONED = "dispositioned"
    HELD = "held"  # received but not on the RMA: waits for a supervisor
    RETURNED = "returned"  # refused from the hold shelf: back to the sender (no RMA line any more)
    DISPOSED = "disposed"  # scrapped or recycled from the hold shelf (no RMA line any more)


class Discrepancy(StrEnum):
    """Every way a parcel or an item can fail to fit its authorization."""

    NO_RMA = "no_rma"
    RMA_EXPIRED = "rma_expired"
    RMA_CLOSED = "rma_closed"
    ALREADY_RECEIVED = "already_received"
    WRONG_ITEM = "wrong_item"
    OVER_QUANTITY = "over_quantity"
    SHORT_QUANTITY = "short_quantity"
    SEVERAL_RMAS = "several_rmas"
    UNKNOWN_CODE = "unknown_code"
    SERIAL_DUPLICATE = "serial_duplicate"  # the same serial scanned again for the same RMA: counts once
    SERIAL_CONFLICT = "serial_conflict"  # the serial was already received on another RMA
    SERIAL_MISMATCH = "serial_mismatch"  # the unit's serial is not the one the RMA line expects
    DAMAGED_IN_TRANSIT = "damaged_in_transit"  # the box arrived damaged: a carrier claim


class ScanSource(StrEnum):
    KEYBOARD = "keyboard"  # keyboard wedge or a person typing
    SERIAL = "serial"
    CAMERA = "camera"
    TEST = "test"


class DiscrepancyStatus(StrEnum):
    """Where a recorded discrepancy stands: open until a supervisor resolves it or writes it off."""

    OPEN = "open"
    RESOLVED = "resolved"
    WRITTEN_OFF = "written_off"


class ConcernStatus(StrEnum):
    """A suspicion of fraud or abuse: open until a supervisor clears it (unfounded) or confirms it."""

    OPEN = "open"
    CLEARED = "cleared"
    CONFIRMED = "confirmed"


class HoldAction(StrEnum):
    """What a supervisor does with a parcel or an item on the hold shelf."""

    MATCH = "match"  # it belongs to this RMA: receive it normally
    ACCEPT = "accept"  # take it without an RMA: an ad-hoc RMA marked unauthorised
    REFUSE = "refuse"  # return to sender
    SCRAP = "scrap"
    RECYCLE = "recycle"
