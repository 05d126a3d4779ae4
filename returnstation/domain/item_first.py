"""Item-first receiving: which open RMA most likely belongs to an item scanned with no parcel open.

Why a fixed order and not a score: the clerk must be able to predict the list. A serial number names
one unit, so an RMA that expects that very serial comes first; then, when the last parcel came from a
customer, that customer's RMAs (a shop sends its returns together); then the oldest authorisation
(it has waited longest). A single candidate needs no ordering: it is shown alone, one key away.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from returnstation.domain.text import is_ascii_digits

MAX_SHOWN = 9  # number keys 1-9 choose a candidate


@dataclass(frozen=True, slots=True)
class CandidateFacts:
    rma_number: str
    customer: str
    authorized_at: datetime
    serial_match: bool


def rank_candidates(found: Sequence[CandidateFacts], last_customer: str | None) -> list[CandidateFacts]:
    """Best match first: serial match > same customer as the last parcel > oldest authorisation."""

    def key(c: CandidateFacts) -> tuple[bool, bool, datetime, str]:
        return (not c.serial_match, c.customer != last_customer, c.authorized_at, c.rma_number)

    unique = {c.rma_number: c for c in sorted(found, key=lambda c: not c.serial_match, reverse=True)}
    return sorted(unique.values(), key=key)[:MAX_SHOWN]


def gtin_forms(code: str) -> list[str]:
    """The ways a GTIN may be stored (8, 12, 13 or 14 digits, left-padded alike), so an indexed
    equality lookup finds a UPC-A line when the scanner sent EAN-13 or GS1 sent GTIN-14."""
    if not is_ascii_digits(code) or len(code) > 14:
        return []
    full = code.zfill(14)
    return [full[14 - n :] for n in (8, 12, 13, 14) if full[: 14 - n].strip("0") == ""]
