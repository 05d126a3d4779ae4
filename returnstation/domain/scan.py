"""The one shape every scanner produces, whatever the hardware."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from returnstation.domain.enums import ScanSource


@dataclass(frozen=True, slots=True)
class Scan:
    """A code read by any input. `symbology` is the AIM identifier (e.g. "]C1") when the input knows it."""

    text: str
    source: ScanSource = ScanSource.KEYBOARD
    symbology: str | None = None
    timestamp: datetime = field(default_factory=lambda: datetime.now(UTC))
