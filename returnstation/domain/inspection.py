"""What an inspection produces: the facts about one item, its grade, and the disposition decided for it.

These are plain values so the services can store them, show them and put them in events without knowing
about YAML or the rules engine. ``Decision`` keeps the rule id, the rule file's version and the rules
that nearly matched: when a supervisor asks "why did this go to scrap?", the answer is in the record,
not in a file that may have changed since.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from returnstation.domain.enums import Disposition


@dataclass(frozen=True)
class ItemFacts:
    """Everything the disposition rules may look at for one inspected item.

    ``answers`` maps a checklist check id to the chosen answer's value. ``today`` is passed in (not read
    from the clock) so a decision can be replayed; without it ``expiry_days_left`` is unknown.
    """

    category: str
    sku: str
    grade: str
    reason_code: str
    unit_value: Decimal
    answers: Mapping[str, str] = field(hash=False)
    days_since_purchase: int | None = None
    hazardous: bool = False
    warranty_valid: bool | None = None
    expiry: date | None = None
    lot: str | None = None
    market: str | None = None
    today: date | None = None
    site: str | None = None  # the site that decided it: the RMA's, else the bench's own
    # A claim's fault test (disposition/outcomes.py): None when not asked, False when the fault was
    # found, True with the test performed ("no fault found").
    no_fault_found: bool | None = None
    nff_test: str | None = None
    # The packaging condition, judged apart from the product grade (sealed, opened_intact, damaged,
    # missing: the checklist's packaging_scale); None when the checklist has no packaging question or
    # the facts were stored before packaging was graded apart.
    packaging: str | None = None

    @property
    def expiry_days_left(self) -> int | None:
        """Days until the expiry date (0 = expires today, negative = expired); None when unknown."""
        if self.expiry is None or self.today is None:
            return None
        return (self.expiry - self.today).days

    @property
    def lot_present(self) -> bool:
        return self.lot is not None and bool(self.lot.strip())


@dataclass(frozen=True)
class NearMiss:
    """A rule that failed on exactly one condition: shown so the inspector sees what almost applied.

    ``failed`` is the rules-file view ("answer.data_wiped is wiped, rule needs not_wiped"), for logs and
    supervisors; the rest is the same in parts, for plain words on screen (disposition/explain.py):
    the rule's own reason, the fact (``field``), its value (None: unknown) and what the rule needs, as
    (operator, values in the file's words) pairs, e.g. (("in", ("incorrect_shipment", "overstock")),).
    """

    rule_id: str
    failed: tuple[str, ...]
    reason: str = ""
    field: str = ""
    actual: str | None = None
    needs: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Decision:
    disposition: Disposition
    destination: str  # bin or zone printed on the routing label, e.g. "RESTOCK-A1"
    rule_id: str
    reason: str  # plain words for the inspector
    rules_version: str
    near_misses: tuple[NearMiss, ...] = ()
    channel: str = ""  # the resale channel (returnstation/data/channels.yaml), e.g. "open_box"


@dataclass(frozen=True)
class GradeResult:
    """The product grade and, apart from it, the packaging condition (None: the checklist asks none)."""

    grade: str
    because: tuple[str, ...]  # one line per answer that lowered the grade, then the conclusion
    packaging: str | None = None
