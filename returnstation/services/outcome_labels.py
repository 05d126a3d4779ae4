"""The labels a decision prints besides the routing label: return-to-customer and item labels.

- **Return to customer** (``labels.return_to_customer`` in data/outcomes.yaml): a warranty repair or
  replacement travels back to the customer, so the decisions sent to the listed destinations also get
  a label with the customer's name and postal address from the RMA. This label is the one place the
  bench shows the address (the screen never does); the job keeps it so a reprint is the same label, and
  the retention run erases it from the job with the RMA's own copy (store/repo_retention.py).
- **Item label** (``labels.item``): restocked or refurbished items get a small label with SKU, grade,
  sales channel and the SKU barcode, for the shelf or the refurbishment cell.

Both are queued in the decision's transaction through the one print queue (services/printing.py), so
a crash or an offline printer never loses them, and the print worker sends what the bench did not.
They are queued before the routing label, so "the item's latest label" (a reprint by item code) stays
the routing label.
"""

from __future__ import annotations

from datetime import datetime

from returnstation.disposition.outcomes import OutcomeLabels
from returnstation.domain.context import StationContext
from returnstation.domain.inspection import Decision
from returnstation.services.printing import queue_label
from returnstation.services.results import PendingItem
from returnstation.store.models import RmaRow
from returnstation.store.ports import UnitOfWorkPort

NO_ADDRESS = "NO ADDRESS ON THE RMA"
NO_ADDRESS_HINT = "Customer service must give the address before this ships"


def channel_of(decision: Decision) -> str:
    """The sales channel the label names (data/channels.yaml id in words, "open box"), else the
    disposition's name when the rules were loaded without channels."""
    return decision.channel.replace("_", " ") if decision.channel else decision.disposition.label


def return_to_customer_fields(
    item: PendingItem, rma: RmaRow, decision: Decision, ctx: StationContext, now: datetime
) -> dict[str, str]:
    """The return-to-customer label's fields; a missing address is said on the label in big type."""
    city = " ".join(p for p in (rma.address_postal_code, rma.address_city) if p)
    address = {
        "address_line1": rma.address_line1 or "",
        "address_line2": rma.address_line2 or "",
        "city_line": city,
        "region": rma.address_region or "",
        "country": rma.address_country or "",
    }
    if not (address["address_line1"] and city):
        address = {"address_line1": NO_ADDRESS, "address_line2": NO_ADDRESS_HINT}
    return {
        "item_code": item.item_code,
        "rma_number": item.rma_number,
        "order_number": item.order_number,
        "ship_to": rma.customer,
        **{k: v for k, v in address.items() if v},
        "sku": item.sku,
        "description": item.description,
        "destination": decision.destination,
        "reason": decision.reason,
        "station": ctx.station,
        "printed_at": now.strftime("%Y-%m-%d %H:%M UTC"),
    }


def item_label_fields(
    item: PendingItem, grade: str, decision: Decision, station: str, channel_label: str = ""
) -> dict[str, str]:
    """``channel_label``: the channel as channels.yaml words it ("Open box"); else derived from its id."""
    return {
        "item_code": item.item_code,
        "sku": item.sku,
        "description": item.description,
        "grade": grade,
        "channel": channel_label or channel_of(decision),
        "station": station,
    }


def queue_outcome_labels(
    uow: UnitOfWorkPort,
    item: PendingItem,
    rma: RmaRow,
    grade: str,
    decision: Decision,
    labels: OutcomeLabels,
    ctx: StationContext,
    now: datetime,
    channel_label: str = "",
) -> tuple[str, ...]:
    """Queue the labels this decision needs besides the routing label; their job ids, in print order."""
    jobs: list[str] = []
    if decision.destination in labels.return_destinations:
        fields = return_to_customer_fields(item, rma, decision, ctx, now)
        jobs.append(queue_label(uow, item.item_id, labels.return_template, fields, ctx, now))
    if decision.disposition in labels.item_dispositions:
        fields = item_label_fields(item, grade, decision, ctx.station, channel_label)
        jobs.append(queue_label(uow, item.item_id, labels.item_template, fields, ctx, now))
    return tuple(jobs)
