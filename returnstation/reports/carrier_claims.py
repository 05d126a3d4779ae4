"""The carrier-claims export: every box noted damaged in transit in a period, for the carrier's claim form.

One row per photo (a box without a photo still gets one row, with empty photo cells), because a claim
portal takes the photos one by one and the hash proves the file sent is the one taken at the bench.
Cells go through the same CSV writer as the other exports (formula-safe, UTF-8 with BOM).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from returnstation.reports.csv_safe import safe_cell
from returnstation.reports.summary_csv import write_rows_csv

CLAIM_COLUMNS = (
    "tracking_number",
    "carrier",
    "noted_at",
    "rma",
    "parcel",
    "station",
    "user",
    "photo",
    "sha256",
)


@dataclass(frozen=True, slots=True)
class CarrierClaim:
    tracking_number: str
    carrier: str
    noted_at: datetime
    rmas: tuple[str, ...]
    parcel_id: int
    station: str
    user: str
    photos: tuple[tuple[str, str], ...]  # (path under the photo folder, SHA-256)


def write_claims_csv(claims: Sequence[CarrierClaim], path: Path) -> Path:
    return write_rows_csv(path, CLAIM_COLUMNS, _rows(claims))


def _rows(claims: Sequence[CarrierClaim]) -> Iterator[list[object]]:
    for c in claims:
        head = [c.tracking_number, c.carrier, c.noted_at, " ".join(c.rmas), c.parcel_id, c.station, c.user]
        for photo, digest in c.photos or (("", ""),):
            yield [safe_cell(v) for v in (*head, photo, digest)]
