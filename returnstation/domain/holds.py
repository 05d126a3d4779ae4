"""How the hold shelf names what sits on it, and how old it is, in words a supervisor reads at a glance.

Two kinds of things wait on the shelf: whole parcels (no RMA found, RMA expired or closed), named by
their hold number ``#5`` as the receiving bench told the clerk, and single items taken out of a parcel
(wrong item, one too many), named by their item code ``RSI-000004``. Both are typed on the command line
and scanned at the workbench, so one parser reads every spelling people use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from returnstation.domain.item_code import item_code, parse_item_code
from returnstation.domain.messages import Message, msg
from returnstation.domain.text import is_ascii_digits

HOLD_PREFIX = "HOLD-"


@dataclass(frozen=True, slots=True)
class HoldRef:
    """A parcel (``parcel_id``) or an item (``item_id``) on the hold shelf; exactly one is set."""

    parcel_id: int | None = None
    item_id: int | None = None

    @property
    def label(self) -> str:
        return item_code(self.item_id) if self.item_id is not None else f"#{self.parcel_id}"


def parse_hold_ref(text: str) -> HoldRef | None:
    """``#5``, ``5``, ``HOLD-5`` or ``H5`` (a parcel) or ``RSI-000004`` (an item); None otherwise."""
    t = text.strip().upper()
    item_id = parse_item_code(t)
    if item_id is not None:
        return HoldRef(item_id=item_id)
    for prefix in ("#", HOLD_PREFIX, "H"):
        if t.startswith(prefix):
            t = t[len(prefix) :]
            break
    if is_ascii_digits(t) and int(t) > 0:
        return HoldRef(parcel_id=int(t))
    return None


def hold_code(parcel_id: int) -> str:
    """What the return-to-sender label's barcode carries for a parcel: scanning it finds the hold again."""
    return f"{HOLD_PREFIX}{parcel_id}"


def age_text(since: datetime, now: datetime) -> Message:
    """``45 min``, ``3 h 10 min``, ``2 d 4 h``: how long something has waited, short enough for a column."""
    minutes = max(int((now - since).total_seconds() // 60), 0)
    if minutes < 60:
        return msg("{minutes} min", minutes=minutes)
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        if minutes:
            return msg("{hours} h {minutes} min", hours=hours, minutes=minutes)
        return msg("{hours} h", hours=hours)
    days, hours = divmod(hours, 24)
    return msg("{days} d {hours} h", days=days, hours=hours) if hours else msg("{days} d", days=days)
