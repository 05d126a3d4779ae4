"""Events the order system acts on, written in the same transaction as the disposition that causes them.

``InspectionService.decide`` calls ``after_item_dispositioned`` just before it commits, so either the
disposition and these events are all recorded, or none of them:

- ``inventory_moved`` for an item that goes back to stock or to refurbishment: SKU, quantity and the
  location it is routed to, so the stock system can book it.
- ``credit_triggered`` once, when the last received item of an RMA gets its disposition: RMA, order,
  lines with authorized and received quantities, each item's product grade, packaging condition,
  disposition and resale channel, the value expected back through that channel
  (``returnstation/data/channels.yaml``) and the refund deduction the inspector was shown
  (``returnstation/data/deductions.yaml``; ``refund_deductions`` is their sum). The order system
  issues the credit or the replacement from it.

Credit waits (issue #13): an item still in quarantine has no final disposition, and an open concern
(suspected fraud or abuse) may change the refund, so either holds the trigger back; ``credit_held``
says why, and the trigger goes when the quarantine is released or the concern decided (services/
quarantine.py, services/concerns.py call ``emit_credit_trigger_if_complete`` again). A confirmed
concern's finding rides in the trigger so the order system can refuse or reduce the refund.
``item_quarantined`` marks an item the rules sent to quarantine, for the order system's tracking.

``rma_inspected`` (issue #17) is written once, the first time every received item of the RMA has a
disposition (quarantine counts: the item was inspected, only its final route waits), just before the
credit trigger or the credit held of the same moment: the customer hears "inspected", then "credited"
or "needs a closer look", in that order.

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

from returnstation.disposition.channels import ChannelSet, load_channels
from returnstation.disposition.errors import ConfigError
from returnstation.domain.enums import ConcernStatus, Disposition, ItemStatus, RmaStatus
from returnstation.domain.messages import msg
from returnstation.services.results import StationContext
from returnstation.store.models import InspectionRow, ItemRow, RmaLineRow, RmaRow
from returnstation.store.models_exceptions import ConcernRow
from returnstation.store.ports import UnitOfWorkPort
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
    if inspection.disposition == Disposition.QUARANTINE.value:
        uow.events.record(
            ctx,
            now,
            "item_quarantined",
            ("item", item.id),
            payload={"rule": inspection.rule_id, "reason": inspection.rule_reason},
        )
    record_stock_move(uow, item, line, inspection, ctx, now)
    emit_credit_trigger_if_complete(uow, line.rma_id, ctx, now)


def record_stock_move(
    uow: UnitOfWorkPort,
    item: ItemRow,
    line: RmaLineRow,
    inspection: InspectionRow,
    ctx: StationContext,
    now: datetime,
) -> None:
    """``inventory_moved`` for an item going back to stock or to refurbishment (else nothing)."""
    if inspection.disposition in STOCK_DISPOSITIONS:
        rma = uow.rmas.by_id(line.rma_id)
        uow.events.record(
            ctx,
            now,
            "inventory_moved",
            ("item", item.id),
            payload={
                "item_code": _item_code(item.id),
                "rma_number": rma.rma_number,
                "order_number": rma.order_number,
                "sku": line.sku,
                "gtin": line.gtin,
                "quantity": 1,
                "disposition": inspection.disposition,
                "to_location": inspection.destination,
            },
        )


def emit_credit_trigger_if_complete(
    uow: UnitOfWorkPort, rma_id: int, ctx: StationContext, now: datetime
) -> bool:
    """Append ``credit_triggered`` when every received item of the RMA has a final disposition, no
    concern on it is open, and no trigger was written before. Returns whether it was written.

    When every item is decided but one is still in quarantine or a concern is open, ``credit_held``
    says why instead (once for each different set of reasons), so the order system knows the credit
    is coming and what it waits for. Called again whenever a quarantine is released or a concern is
    decided: the last of them lets the credit go, with every confirmed concern's finding in it.
    """
    try:
        rma = uow.rmas.locked(rma_id)
    except KeyError:
        return False
    if rma.status not in (RmaStatus.RECEIVED.value, RmaStatus.CLOSED.value):
        return False  # the receipt is not finished: more items may still come
    earlier = uow.events.for_subject("rma", rma_id)
    if any(e.type == "credit_triggered" for e in earlier):
        return False
    rows = uow.items.of_rma(rma_id)
    if not rows or any(i.status != ItemStatus.DISPOSITIONED.value or ins is None for i, _, ins in rows):
        return False
    decided = [(i, ln, ins) for i, ln, ins in rows if ins is not None]
    concerns = uow.concerns.for_rma(rma_id)
    waiting = credit_waits_for(decided, concerns)
    if not any(e.type == "rma_inspected" for e in earlier):
        record_rma_inspected(uow, rma, decided, bool(waiting), ctx, now)
    if waiting:
        held = [e for e in earlier if e.type == "credit_held"]
        if held and held[-1].payload.get("reasons") == waiting:
            return False  # said already, for the same reasons
        uow.events.record(
            ctx,
            now,
            "credit_held",
            ("rma", rma_id),
            before=rma.status,
            after=rma.status,
            payload={
                "rma_number": rma.rma_number,
                "order_number": rma.order_number,
                "reasons": waiting,
                "quarantined": [_item_code(i.id) for i, _, ins in decided if _quarantined(ins)],
                "open_concerns": [
                    {"concern_id": c.id, "reason_code": c.reason_code}
                    for c in concerns
                    if c.status == ConcernStatus.OPEN.value
                ],
            },
        )
        return False
    payload = _credit_payload(rma, decided)
    payload["unauthorised"] = bool(rma.unauthorised)
    payload["concerns"] = [
        {
            "concern_id": c.id,
            "reason_code": c.reason_code,
            "item_code": _item_code(c.item_id) if c.item_id is not None else None,
            "finding": c.finding or "",
        }
        for c in concerns
        if c.status == ConcernStatus.CONFIRMED.value
    ]
    uow.events.record(
        ctx, now, "credit_triggered", ("rma", rma_id), before=rma.status, after=rma.status, payload=payload
    )
    return True


def record_rma_inspected(
    uow: UnitOfWorkPort,
    rma: RmaRow,
    decided: list[tuple[ItemRow, RmaLineRow, InspectionRow]],
    under_review: bool,
    ctx: StationContext,
    now: datetime,
) -> None:
    """``rma_inspected``: what each item was found to be at this moment (a quarantined item may get its
    final route later; the customer message says what was true when it was written)."""
    uow.events.record(
        ctx,
        now,
        "rma_inspected",
        ("rma", rma.id),
        before=rma.status,
        after=rma.status,
        payload={
            "rma": rma.rma_number,
            "under_review": under_review,
            "items": [
                {"item": i.id, "line_no": ln.line_no, "grade": ins.grade, "disposition": ins.disposition}
                for i, ln, ins in decided
            ],
        },
    )


def credit_waits_for(
    decided: list[tuple[ItemRow, RmaLineRow, InspectionRow]], concerns: list[ConcernRow]
) -> list[str]:
    """Why the credit cannot go yet, in words for the order system's log ([] = it can go)."""
    reasons: list[str] = []
    quarantined = sum(1 for _, _, ins in decided if _quarantined(ins))
    if quarantined:
        reasons.append(
            msg(
                "{quarantined} item(s) in quarantine waiting for a final disposition", quarantined=quarantined
            )
        )
    still_open = sum(1 for c in concerns if c.status == ConcernStatus.OPEN.value)
    if still_open:
        reasons.append(msg("{still_open} concern(s) open, waiting for a supervisor", still_open=still_open))
    return reasons


def _quarantined(inspection: InspectionRow) -> bool:
    return inspection.disposition == Disposition.QUARANTINE.value


def _credit_payload(rma: RmaRow, rows: list[tuple[ItemRow, RmaLineRow, InspectionRow]]) -> dict[str, Any]:
    channels = _channels()
    lines: list[dict[str, Any]] = []
    total_value = Decimal(0)
    total_recovered: Decimal | None = Decimal(0)
    total_deducted = Decimal(0)
    for ln in rma.lines:
        items = [(i, ins) for i, line, ins in rows if line.id == ln.id]
        entries: list[dict[str, Any]] = []
        for i, ins in items:
            channel = channels.resolve(ins.channel, ins.disposition) if channels is not None else None
            rate = channel.rate(ins.grade, ins.packaging, ln.category) if channel is not None else None
            recovered = (ln.unit_value * rate).quantize(CENT) if rate is not None else None
            total_deducted += ins.refund_deduction or 0
            total_value += ln.unit_value
            if recovered is None or total_recovered is None:
                total_recovered = None
            else:
                total_recovered += recovered
            entries.append(
                {
                    "item_code": _item_code(i.id),
                    "grade": ins.grade,
                    "packaging": ins.packaging,
                    "disposition": ins.disposition,
                    "destination": ins.destination,
                    "channel": channel.id if channel is not None else ins.channel,
                    "recovered_value": _money(recovered),
                    "refund_deduction": _money(ins.refund_deduction),
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
        "refund_deductions": _money(total_deducted),
        "lines": lines,
    }


def _channels() -> ChannelSet | None:
    """The supervisor's channels; None when the file is broken (the trigger still goes out, without
    values: a typo in a planning file must never stop the bench from recording a disposition)."""
    try:
        return load_channels()
    except (OSError, ConfigError):
        return None


def _money(value: Decimal | None) -> str | None:
    return None if value is None else format(value.quantize(CENT), "f")


def _item_code(item_id: int) -> str:
    from returnstation.domain.item_code import item_code

    return item_code(item_id)
