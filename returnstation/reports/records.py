"""The one row a report needs per dispositioned item, flattened by the store layer.

Reports take these plain records rather than ORM objects so the figures can be computed, tested and
benchmarked without a database, and so a report can never lazily load or change stored data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class DispositionRecord:
    """One item after its disposition decision.

    ``disposition`` is a :class:`returnstation.domain.enums.Disposition` value (stored text).
    ``unit_value`` is the item's original value; ``handling_seconds`` is the inspection time,
    ``None`` when the station did not measure it. The three timestamps must all be naive or all be
    aware, as the store gives them.
    """

    item_id: int
    rma_number: str
    order_number: str
    sku: str
    description: str
    category: str
    reason_code: str
    grade: str
    disposition: str
    destination: str
    unit_value: Decimal
    inspector: str
    station: str
    authorized_at: datetime
    received_at: datetime
    decided_at: datetime
    rule_id: str
    overridden: bool
    handling_seconds: float | None = None
    site: str = ""  # the site and market the rules decided with ("" when none was known)
    market: str = ""
    fault_test: str | None = None  # a claim's fault test: "fault_found" or the test that found nothing
    # Issue #16 (None for decisions recorded before it): the packaging condition graded apart from the
    # product grade, the resale channel, and the refund deduction sent with the credit.
    packaging: str | None = None
    channel: str | None = None
    refund_deduction: Decimal | None = None
