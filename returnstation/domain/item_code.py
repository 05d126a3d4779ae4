"""The station's own code for a received item (``RSI-000012``), printed on its labels and scanned back.

A domain fact rather than a service detail: labels, photos, events and reports all name items by it,
and every layer must agree on the format without importing the inspection use case.
"""

from __future__ import annotations

from returnstation.domain.text import is_ascii_digits

ITEM_CODE_PREFIX = "RSI-"


def item_code(item_id: int) -> str:
    """The station's own code for a received item, printed on its routing label."""
    return f"{ITEM_CODE_PREFIX}{item_id:06d}"


def parse_item_code(text: str) -> int | None:
    """The item id in a scanned item code, or None when ``text`` is not one."""
    t = text.strip().upper()
    if t.startswith(ITEM_CODE_PREFIX) and is_ascii_digits(t[len(ITEM_CODE_PREFIX) :]):
        return int(t[len(ITEM_CODE_PREFIX) :])
    return None
