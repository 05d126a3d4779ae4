"""Received items: the inspection queue and the item row lock, for the inspection and photo services."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from returnstation.domain.enums import ItemStatus, ParcelStatus
from returnstation.store.models import InspectionRow, ItemRow, ParcelRow, RmaLineRow, RmaRow
from returnstation.store.ports import PendingRow


class ItemRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, item: ItemRow) -> None:
        """Insert now (flush), so the item has its id for the event that records it."""
        self.session.add(item)
        self.session.flush()

    def get(self, item_id: int) -> ItemRow | None:
        return self.session.get(ItemRow, item_id)

    def with_serial(self, serial: str) -> list[ItemRow]:
        """Every unit recorded with this serial (upper-cased, as stored), oldest first (ix_items_serial)."""
        stmt = select(ItemRow).where(ItemRow.serial == serial.upper()[:64]).order_by(ItemRow.id)
        return list(self.session.scalars(stmt))

    def lock(self, item_id: int) -> str | None:
        """The item's status read under a row lock (None: no such item).

        Deciding, saving a draft and taking a photo all take this lock first, so two inspectors on one
        item, or a photo and a decision at the same moment, are serialised and the second sees the first
        one's outcome (SQLite's BEGIN IMMEDIATE already serialises every writer).
        """
        return self.session.scalar(select(ItemRow.status).where(ItemRow.id == item_id).with_for_update())

    def status_and_category(self, item_id: int) -> tuple[str, str | None] | None:
        """The item's status and its RMA line's category (None for an item on no line)."""
        row = self.session.execute(
            select(ItemRow.status, RmaLineRow.category)
            .select_from(ItemRow)
            .outerjoin(RmaLineRow, ItemRow.rma_line_id == RmaLineRow.id)
            .where(ItemRow.id == item_id)
        ).first()
        return None if row is None else (row[0], row[1])

    def pending(self, limit: int) -> list[PendingRow]:
        """Items waiting for inspection, oldest first (first in, first out)."""
        stmt = _pending_query().order_by(ItemRow.received_at, ItemRow.id).limit(limit)
        return [PendingRow(*row) for row in self.session.execute(stmt)]

    def pending_item(self, item_id: int) -> PendingRow | None:
        row = self.session.execute(_pending_query().where(ItemRow.id == item_id)).first()
        return PendingRow(*row) if row is not None else None

    def oldest_pending_with_code(self, code: str) -> PendingRow | None:
        """The oldest waiting item whose SKU, GTIN or scanned code is ``code`` (already upper-case)."""
        stmt = _pending_query().where(
            (RmaLineRow.sku == code) | (RmaLineRow.gtin == code) | (ItemRow.scanned_code == code)
        )
        row = self.session.execute(stmt.order_by(ItemRow.received_at, ItemRow.id).limit(1)).first()
        return PendingRow(*row) if row is not None else None

    def identical_pending(self, item_id: int, limit: int) -> list[PendingRow]:
        """Waiting items of the same SKU as ``item_id`` on the same RMA or in the same box (parcel), the
        item itself first, then oldest first: the units a lot inspection may decide together."""
        anchor = self.pending_item(item_id)
        if anchor is None:
            return []
        same_place = (RmaLineRow.rma_id == anchor.line.rma_id) | (ItemRow.parcel_id == anchor.item.parcel_id)
        stmt = (
            _pending_query()
            .where(RmaLineRow.sku == anchor.line.sku, same_place, ItemRow.id != item_id)
            .order_by(ItemRow.received_at, ItemRow.id)
            .limit(max(limit - 1, 0))
        )
        return [anchor, *(PendingRow(*row) for row in self.session.execute(stmt))]

    def of_rma(self, rma_id: int) -> list[tuple[ItemRow, RmaLineRow, InspectionRow | None]]:
        """Every item accepted against the RMA (not on hold, not returned or disposed from the hold
        shelf), with its line and its inspection if decided, by line and item; re-read, as the credit
        decision is made under the RMA's lock."""
        stmt = (
            select(ItemRow, RmaLineRow, InspectionRow)
            .join(RmaLineRow, ItemRow.rma_line_id == RmaLineRow.id)
            .outerjoin(InspectionRow, InspectionRow.item_id == ItemRow.id)
            .where(RmaLineRow.rma_id == rma_id, ItemRow.status != ItemStatus.HELD.value)
            .order_by(RmaLineRow.line_no, ItemRow.id)
            .execution_options(populate_existing=True)
        )
        return [(i, ln, ins) for i, ln, ins in self.session.execute(stmt)]


def _pending_query() -> Select[ItemRow, RmaLineRow, RmaRow]:
    """Waiting for inspection: the item was accepted (not held) and its parcel's receipt is finished."""
    return (
        select(ItemRow, RmaLineRow, RmaRow)
        .join(RmaLineRow, ItemRow.rma_line_id == RmaLineRow.id)
        .join(RmaRow, RmaLineRow.rma_id == RmaRow.id)
        .join(ParcelRow, ItemRow.parcel_id == ParcelRow.id)
        .where(ItemRow.status == ItemStatus.RECEIVED.value, ParcelRow.status == ParcelStatus.RECEIVED.value)
    )
