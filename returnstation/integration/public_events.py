"""The public, documented shape of what the station tells the order system (schema version 1).

Internal events are the audit log: they carry checklist answers, rule ids, printer names, staff logins,
supervisor badges. None of that leaves the station. Each public event is rebuilt from the internal row
(plus the item, line and RMA it is about) into a small envelope:

    {"id": "<uuid, stable per event>", "type": "item.dispositioned", "schema_version": 1,
     "sequence": 1234, "occurred_at": "2026-11-23T09:04:00Z", "station": "bench-7", "data": {...}}

``sequence`` is the internal event id: it only grows, so a receiver can tell newer from older.
Customer names are never sent: the order system knows its customer by RMA and order number. Money is
a decimal string ("25.00"). Internal types without a public meaning (scans, label queue details, feed
bookkeeping) are not sent at all.

The customer's status (issue #17): ``rma.received``, ``rma.inspected``, ``rma.credit_triggered`` and
``rma.credit_held`` carry what a message to the customer needs (items in the order system's words,
the outcome, ``expected_credit_by``), so the e-mail target (integration/customer_mail.py) renders
its message from the very event the order system gets. ``expected_credit_by`` is the event's day plus
the station's ``credit_processing_days`` (null while the credit is held or an item is under review).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from returnstation.domain.enums import ItemStatus
from returnstation.domain.item_code import item_code
from returnstation.store.models import DiscrepancyRow, EventRow, ItemRow, ParcelRow, RmaLineRow, RmaRow
from returnstation.store.models_exceptions import ConcernRow

SCHEMA_VERSION = 1

# internal event type -> public event type
PUBLIC_TYPE_OF: dict[str, str] = {
    "parcel_received": "parcel.received",
    "parcel_held": "discrepancy.recorded",
    "item_held": "discrepancy.recorded",
    "item_dispositioned": "item.dispositioned",
    "disposition_overridden": "item.disposition_overridden",
    "label_printed": "label.printed",
    "inventory_moved": "inventory.moved",
    "credit_triggered": "rma.credit_triggered",
    "rma_update_refused": "rma.change_refused",
    "rma_cancel_refused": "rma.change_refused",
    # Exception work (issue #13)
    "parcel_shelved": "parcel.held",
    "hold_resolved": "hold.resolved",
    "item_quarantined": "item.quarantined",
    "quarantine_resolved": "quarantine.resolved",
    "concern_raised": "concern.raised",
    "concern_cleared": "concern.cleared",
    "concern_confirmed": "concern.confirmed",
    "discrepancy_resolved": "discrepancy.resolved",
    "credit_held": "rma.credit_held",
    # Customer status (issue #17)
    "rma_received": "rma.received",
    "rma_inspected": "rma.inspected",
}
# What a customer is told about, in this order: the e-mail target sends only these.
CUSTOMER_EVENT_TYPES: tuple[str, ...] = (
    "rma.received",
    "rma.inspected",
    "rma.credit_triggered",
    "rma.credit_held",
)
DEFAULT_CREDIT_DAYS = 14  # settings_schema's default for credit_processing_days
PUBLIC_EVENT_TYPES: frozenset[str] = frozenset(PUBLIC_TYPE_OF.values())
INTERNAL_TYPES: tuple[str, ...] = tuple(PUBLIC_TYPE_OF)


def public_event_id(instance_id: str, event_id: int) -> str:
    """The event's public id: the same on every retry and for every target, different per database."""
    return str(uuid.uuid5(uuid.UUID(instance_id), f"event/{event_id}"))


def iso_utc(value: Any) -> str:
    return f"{value.isoformat(timespec='seconds')}Z"


def to_public(
    session: Session, event: EventRow, instance_id: str, credit_days: int = DEFAULT_CREDIT_DAYS
) -> dict[str, Any] | None:
    """The public event for an internal row, or None when the type is not public."""
    public_type = PUBLIC_TYPE_OF.get(event.type)
    if public_type is None:
        return None
    payload = event.payload if isinstance(event.payload, dict) else {}
    data = _BUILDERS[event.type](session, event, payload)
    if public_type in CUSTOMER_EVENT_TYPES:
        waits = public_type == "rma.credit_held" or data.get("outcome") == UNDER_REVIEW
        due = None if waits else (event.at + timedelta(days=credit_days)).date().isoformat()
        data["expected_credit_by"] = due
    return {
        "id": public_event_id(instance_id, event.id),
        "type": public_type,
        "schema_version": SCHEMA_VERSION,
        "sequence": event.id,
        "occurred_at": iso_utc(event.at),
        "station": event.station,
        "data": data,
    }


def _item(session: Session, item_id: int | None) -> dict[str, Any]:
    """What the order system needs to know about an item: our code, its line, SKU, RMA and order."""
    if item_id is None:
        return {}
    row = session.execute(
        select(ItemRow, RmaLineRow, RmaRow)
        .outerjoin(RmaLineRow, ItemRow.rma_line_id == RmaLineRow.id)
        .outerjoin(RmaRow, RmaLineRow.rma_id == RmaRow.id)
        .where(ItemRow.id == item_id)
    ).first()
    if row is None:
        return {"item_code": item_code(item_id)}
    item: ItemRow = row[0]
    line: RmaLineRow | None = row[1]
    rma: RmaRow | None = row[2]
    return {
        "item_code": item_code(item.id),
        "rma_number": rma.rma_number if rma else None,
        "order_number": rma.order_number if rma else None,
        "line_no": line.line_no if line else None,
        "sku": line.sku if line else None,
        "gtin": line.gtin if line else None,
    }


def _rma(session: Session, number: object) -> RmaRow | None:
    if not isinstance(number, str) or not number:
        return None
    return session.scalar(select(RmaRow).where(RmaRow.rma_number == number))


def _parcel_received(session: Session, event: EventRow, p: dict[str, Any]) -> dict[str, Any]:
    rma = _rma(session, p.get("rma"))
    lines: list[dict[str, Any]] = []
    if rma is not None:
        counts = dict(
            session.execute(
                select(RmaLineRow.line_no, func.count(ItemRow.id))
                .join(ItemRow, ItemRow.rma_line_id == RmaLineRow.id)
                .join(ParcelRow, ItemRow.parcel_id == ParcelRow.id)
                .where(
                    RmaLineRow.rma_id == rma.id,
                    ParcelRow.id == event.subject_id,
                    ItemRow.status != ItemStatus.HELD.value,
                )
                .group_by(RmaLineRow.line_no)
            ).all()
        )
        lines = [
            {
                "line_no": ln.line_no,
                "sku": ln.sku,
                "authorized_quantity": ln.quantity,
                "received_quantity": int(counts.get(ln.line_no, 0)),
            }
            for ln in rma.lines
        ]
    raw_missing = p.get("missing")
    missing: dict[str, Any] = raw_missing if isinstance(raw_missing, dict) else {}
    return {
        "parcel_id": event.subject_id,
        "rma_number": p.get("rma"),
        "order_number": rma.order_number if rma else None,
        "lines": lines,
        "missing": [{"sku": sku, "quantity": n} for sku, n in sorted(missing.items())],
    }


def _parcel_held(session: Session, event: EventRow, p: dict[str, Any]) -> dict[str, Any]:
    rma = _rma(session, p.get("rma"))
    return {
        "kind": p.get("discrepancy"),
        "parcel_id": event.subject_id,
        "rma_number": p.get("rma"),
        "order_number": rma.order_number if rma else None,
        "scanned_code": p.get("code"),
        "item_code": None,
        "sku": None,
    }


def _item_held(session: Session, event: EventRow, p: dict[str, Any]) -> dict[str, Any]:
    item = _item(session, event.subject_id)
    rma = _rma(session, p.get("rma"))
    return {
        "kind": p.get("discrepancy"),
        "parcel_id": p.get("parcel"),
        "rma_number": p.get("rma"),
        "order_number": rma.order_number if rma else None,
        "scanned_code": p.get("code"),
        "item_code": item.get("item_code"),
        "sku": item.get("sku"),
    }


def _item_dispositioned(session: Session, event: EventRow, p: dict[str, Any]) -> dict[str, Any]:
    return {
        **_item(session, event.subject_id),
        "grade": p.get("grade"),
        "packaging": p.get("packaging"),  # graded apart from the product; absent before issue #16
        "disposition": p.get("disposition"),
        "destination": p.get("destination"),
        "channel": p.get("channel"),
        "refund_deduction": _deduction_total(p.get("refund_deduction")),
        "overridden": bool(p.get("overridden", False)),
        # a claim's fault test: {"fault_found": false, "test": "burn_in", "label": ...} (no fault found)
        **({"fault_test": p["fault_test"]} if isinstance(p.get("fault_test"), dict) else {}),
    }


def _deduction_total(deduction: object) -> str | None:
    """The amount off the refund (a decimal string); the station's breakdown stays in its own log."""
    total = deduction.get("total") if isinstance(deduction, dict) else None
    return total if isinstance(total, str) else None


def _disposition_overridden(session: Session, event: EventRow, p: dict[str, Any]) -> dict[str, Any]:
    return {
        **_item(session, event.subject_id),
        "rule_disposition": p.get("rule_disposition"),
        "disposition": p.get("disposition"),
        "destination": p.get("destination"),
        "reason_code": p.get("reason"),
    }


def _label_printed(session: Session, event: EventRow, p: dict[str, Any]) -> dict[str, Any]:
    return {**_item(session, event.subject_id), "label_job": p.get("job")}


def _passthrough(session: Session, event: EventRow, p: dict[str, Any]) -> dict[str, Any]:
    """Events the integration writes itself already carry exactly the public data."""
    return dict(p)


def _change_refused(session: Session, event: EventRow, p: dict[str, Any]) -> dict[str, Any]:
    rma = _rma(session, p.get("rma"))
    return {
        "rma_number": p.get("rma"),
        "order_number": rma.order_number if rma else None,
        "action": "cancel" if event.type == "rma_cancel_refused" else "upsert",
        "status": event.after_status,
        "reasons": list(p.get("reasons", [])),
    }


def _parcel_shelved(session: Session, event: EventRow, p: dict[str, Any]) -> dict[str, Any]:
    rma = _rma(session, p.get("rma"))
    return {
        "hold": f"#{event.subject_id}",
        "parcel_id": event.subject_id,
        "kind": p.get("discrepancy"),
        "scanned_code": p.get("code"),
        "rma_number": p.get("rma"),
        "order_number": rma.order_number if rma else None,
    }


def _hold_resolved(session: Session, event: EventRow, p: dict[str, Any]) -> dict[str, Any]:
    rma = _rma(session, p.get("rma"))
    is_item = event.subject_type == "item"
    return {
        "hold": p.get("hold"),
        "parcel_id": p.get("parcel") if is_item else event.subject_id,
        "item_code": item_code(event.subject_id) if is_item and event.subject_id is not None else None,
        "action": p.get("action"),
        "status": event.after_status,
        "rma_number": p.get("rma"),
        "order_number": rma.order_number if rma else None,
        "unauthorised": bool(p.get("unauthorised", False)),
        "return_label": p.get("label_job") is not None,
    }


def _item_quarantined(session: Session, event: EventRow, p: dict[str, Any]) -> dict[str, Any]:
    return {**_item(session, event.subject_id), "disposition": "quarantine"}


def _quarantine_resolved(session: Session, event: EventRow, p: dict[str, Any]) -> dict[str, Any]:
    return {
        **_item(session, event.subject_id),
        "grade": p.get("grade"),
        "disposition": p.get("disposition"),
        "destination": p.get("destination"),
    }


def _concern(session: Session, event: EventRow, p: dict[str, Any]) -> dict[str, Any]:
    """Reason code and what it is about; the clerk's note never leaves the station, a supervisor's
    finding does once confirmed (the order system may refuse or reduce the refund on it)."""
    row = session.get(ConcernRow, event.subject_id) if event.subject_id is not None else None
    rma = session.get(RmaRow, row.rma_id) if row is not None and row.rma_id is not None else None
    data: dict[str, Any] = {
        "concern_id": event.subject_id,
        "reason_code": p.get("reason_code"),
        "rma_number": rma.rma_number if rma else None,
        "order_number": rma.order_number if rma else None,
        "parcel_id": row.parcel_id if row else None,
        "item_code": item_code(row.item_id) if row is not None and row.item_id is not None else None,
    }
    if event.type == "concern_confirmed":
        data["finding"] = p.get("finding")
    return data


def _discrepancy_resolved(session: Session, event: EventRow, p: dict[str, Any]) -> dict[str, Any]:
    row = session.get(DiscrepancyRow, event.subject_id) if event.subject_id is not None else None
    rma = session.get(RmaRow, row.rma_id) if row is not None and row.rma_id is not None else None
    return {
        "discrepancy_id": event.subject_id,
        "kind": p.get("kind"),
        "status": event.after_status,
        "parcel_id": row.parcel_id if row else None,
        "rma_number": rma.rma_number if rma else None,
        "order_number": rma.order_number if rma else None,
    }


UNDER_REVIEW = "under_review"  # an item in quarantine or a concern open: the credit waits for a person
CHECKED = "checked"


def _descriptions(rma: RmaRow | None) -> dict[int, RmaLineRow]:
    return {ln.line_no: ln for ln in rma.lines} if rma is not None else {}


def _rma_received(session: Session, event: EventRow, p: dict[str, Any]) -> dict[str, Any]:
    """What arrived for this RMA in this parcel, line by line in the order system's words."""
    rma = session.get(RmaRow, event.subject_id) if event.subject_id is not None else None
    lines = _descriptions(rma)
    parcel_id = p.get("parcel")
    counts: dict[int, int] = {}
    if rma is not None and isinstance(parcel_id, int):
        counts = {
            int(n): int(c)
            for n, c in session.execute(
                select(RmaLineRow.line_no, func.count(ItemRow.id))
                .join(ItemRow, ItemRow.rma_line_id == RmaLineRow.id)
                .where(
                    RmaLineRow.rma_id == rma.id,
                    ItemRow.parcel_id == parcel_id,
                    ItemRow.status != ItemStatus.HELD.value,
                )
                .group_by(RmaLineRow.line_no)
            ).all()
        }
    by_sku = {ln.sku: ln for ln in lines.values()}
    raw_missing = p.get("missing")
    missing: dict[str, Any] = raw_missing if isinstance(raw_missing, dict) else {}
    return {
        "rma_number": rma.rma_number if rma else None,
        "order_number": rma.order_number if rma else None,
        "parcel_id": parcel_id,
        "items": [
            {"line_no": n, "sku": lines[n].sku, "description": lines[n].description, "quantity": c}
            for n, c in sorted(counts.items())
        ],
        "missing": [
            {
                "sku": sku,
                "description": by_sku[sku].description if sku in by_sku else None,
                "quantity": n,
            }
            for sku, n in sorted(missing.items())
        ],
    }


def _rma_inspected(session: Session, event: EventRow, p: dict[str, Any]) -> dict[str, Any]:
    """Every item of the RMA with what was found; ``outcome`` says whether the credit can follow."""
    rma = session.get(RmaRow, event.subject_id) if event.subject_id is not None else None
    lines = _descriptions(rma)
    items = [i for i in p.get("items", []) if isinstance(i, dict)]
    return {
        "rma_number": p.get("rma"),
        "order_number": rma.order_number if rma else None,
        "outcome": UNDER_REVIEW if p.get("under_review") else CHECKED,
        "items": [
            {
                "item_code": item_code(int(i["item"])),
                "line_no": i.get("line_no"),
                "sku": lines[i["line_no"]].sku if i.get("line_no") in lines else None,
                "description": lines[i["line_no"]].description if i.get("line_no") in lines else None,
                "grade": i.get("grade"),
                "disposition": i.get("disposition"),
                "outcome": UNDER_REVIEW if i.get("disposition") == "quarantine" else CHECKED,
            }
            for i in items
        ],
    }


def _credit_triggered(session: Session, event: EventRow, p: dict[str, Any]) -> dict[str, Any]:
    """The trigger as written, each line with its description for the customer's message."""
    lines = _descriptions(_rma(session, p.get("rma_number")))
    data = dict(p)
    data["lines"] = [
        {**ln, "description": lines[ln["line_no"]].description if ln.get("line_no") in lines else None}
        for ln in p.get("lines", [])
        if isinstance(ln, dict)
    ]
    return data


_BUILDERS: dict[str, Callable[[Session, EventRow, dict[str, Any]], dict[str, Any]]] = {
    "parcel_received": _parcel_received,
    "parcel_held": _parcel_held,
    "item_held": _item_held,
    "item_dispositioned": _item_dispositioned,
    "disposition_overridden": _disposition_overridden,
    "label_printed": _label_printed,
    "inventory_moved": _passthrough,
    "credit_triggered": _credit_triggered,
    "rma_update_refused": _change_refused,
    "rma_cancel_refused": _change_refused,
    "parcel_shelved": _parcel_shelved,
    "hold_resolved": _hold_resolved,
    "item_quarantined": _item_quarantined,
    "quarantine_resolved": _quarantine_resolved,
    "concern_raised": _concern,
    "concern_cleared": _concern,
    "concern_confirmed": _concern,
    "discrepancy_resolved": _discrepancy_resolved,
    "credit_held": _passthrough,
    "rma_received": _rma_received,
    "rma_inspected": _rma_inspected,
}
