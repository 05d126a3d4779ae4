"""Events the order system acts on, written in the same transaction as the disposition that causes them.

``InspectionService.decide`` calls ``after_item_dispositioned`` just before it commits, so either the
disposition and these events are all recorded, or none of them:

- ``inventory_moved`` for an item that goes back to stock or to refurbishment: SKU, quantity and the
  location it is routed to, so the stock system can book it.
- ``credit_triggered`` once, when the last received item of an RMA gets its disposition: RMA, order,
  lines with authorized and received quantities, each item's grade and disposition, and the value
  recovered by the recovery rates (``returnstation/data/recovery_rates.yaml``). The order system issues
  the credit or the replacement from it.

"All items" means every item accepted against the RMA's lines after its receipt was finished; items on
HOLD (wrong item, extra item) are not part of the authorization and do not hold the trigger back. The
RMA row is locked first, so when two benches decide the last two items at the same moment exactly one
of them sees the RMA complete (the other is still waiting for the lock, or committed before).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from returnstation.domain.enums import Disposition, ItemStatus, RmaStatus
from returnstation.services.results import StationContext
from returnstation.store.models import EventRow, InspectionRow, ItemRow, RmaLineRow, RmaRow
from returnstation.store.uow import UnitOfWork

STOCK_DISPOSITIONS = (Disposition.RESTOCK.value, Disposition.REFURBISH.value)
CENT = Decimal("0.01")


def after_item_dispositioned(uow: UnitOfWork, item_id: int, ctx: StationContext, now: datetime) -> None:
    """Write the stock movement and, for the last item of its RMA, the credit trigger (no commit)."""
    uow.session.flush()
    found = uow.session.execute(
        select(ItemRow, RmaLineRow, InspectionRow)
        .join(RmaLineRow, ItemRow.rma_line_id == RmaLineRow.id)
        .join(InspectionRow, InspectionRow.item_id == ItemRow.id)
        .where(ItemRow.id == item_id)
    ).first()
    if found is None:
        return
    item, line, inspection = found
    rma_number = uow.session.scalar(select(RmaRow.rma_number).where(RmaRow.id == line.rma_id))
    order_number = uow.session.scalar(select(RmaRow.order_number).where(RmaRow.id == line.rma_id))
    if inspection.disposition in STOCK_DISPOSITIONS:
        uow.events.record(
            ctx,
            now,
            "inventory_moved",
            ("item", item.id),
            payload={
                "item_code": _item_code(item.id),
                "rma_number": rma_number,
                "order_number": order_number,
                "sku": line.sku,
                "gtin": line.gtin,
                "quantity": 1,
                "disposition": inspection.disposition,
                "to_location": inspection.destination,
            },
        )
    emit_credit_trigger_if_complete(uow, line.rma_id, ctx, now)


def emit_credit_trigger_if_complete(uow: UnitOfWork, rma_id: int, ctx: StationContext, now: datetime) -> bool:
    """Append ``credit_triggered`` when every received item of the RMA is dispositioned and no trigger
    was written before. Returns whether it was written."""
    uow.rmas.lock(rma_id)
    rma = uow.session.get(RmaRow, rma_id, populate_existing=True)
    if rma is None or rma.status not in (RmaStatus.RECEIVED.value, RmaStatus.CLOSED.value):
        return False  # the receipt is not finished: more items may still come
    already = uow.session.scalar(
        select(EventRow.id).where(
            EventRow.type == "credit_triggered", EventRow.subject_type == "rma", EventRow.subject_id == rma_id
        )
    )
    if already is not None:
        return False
    rows = uow.session.execute(
        select(ItemRow, RmaLineRow, InspectionRow)
        .join(RmaLineRow, ItemRow.rma_line_id == RmaLineRow.id)
        .outerjoin(InspectionRow, InspectionRow.item_id == ItemRow.id)
        .where(RmaLineRow.rma_id == rma_id, ItemRow.status != ItemStatus.HELD.value)
        .order_by(RmaLineRow.line_no, ItemRow.id)
        .execution_options(populate_existing=True)
    ).all()
    if not rows or any(i.status != ItemStatus.DISPOSITIONED.value or ins is None for i, _, ins in rows):
        return False
    uow.events.record(
        ctx,
        now,
        "credit_triggered",
        ("rma", rma_id),
        before=rma.status,
        after=rma.status,
        payload=_credit_payload(rma, [(i, ln, ins) for i, ln, ins in rows if ins is not None]),
    )
    return True


def _credit_payload(rma: RmaRow, rows: list[tuple[ItemRow, RmaLineRow, InspectionRow]]) -> dict[str, Any]:
    rates = _recovery_rates()
    lines: list[dict[str, Any]] = []
    total_value = Decimal(0)
    total_recovered: Decimal | None = Decimal(0)
    for ln in rma.lines:
        items = [(i, ins) for i, line, ins in rows if line.id == ln.id]
        entries: list[dict[str, Any]] = []
        for i, ins in items:
            rate = rates.get(ins.disposition) if rates is not None else None
            recovered = (ln.unit_value * rate).quantize(CENT) if rate is not None else None
            total_value += ln.unit_value
            if recovered is None or total_recovered is None:
                total_recovered = None
            else:
                total_recovered += recovered
            entries.append(
                {
                    "item_code": _item_code(i.id),
                    "grade": ins.grade,
                    "disposition": ins.disposition,
                    "destination": ins.destination,
                    "recovered_value": _money(recovered),
                }
            )
        lines.append(
            {
                "line_no": ln.line_no,
                "sku": ln.sku,
                "reason_code": ln.reason_code,
                "unit_value": _money(ln.unit_value),
                "authorized_quantity": ln.quantity,
                "received_quantity": len(items),
                "items": entries,
            }
        )
    return {
        "rma_number": rma.rma_number,
        "order_number": rma.order_number,
        "items": len(rows),
        "original_value": _money(total_value),
        "recovered_value": _money(total_recovered),
        "lines": lines,
    }


def _recovery_rates() -> dict[str, Decimal] | None:
    """The supervisor's rates; None when the file is broken (the trigger still goes out, without
    values: a typo in a planning file must never stop the bench from recording a disposition)."""
    from returnstation.reports.recovery_rates import load_recovery_rates

    try:
        return load_recovery_rates()
    except (OSError, ValueError):
        return None


def _money(value: Decimal | None) -> str | None:
    return None if value is None else format(value.quantize(CENT), "f")


def _item_code(item_id: int) -> str:
    from returnstation.domain.item_code import item_code

    return item_code(item_id)
