"""The queries of return-to-vendor lists (services/rtv.py): items sent to the vendor and not yet on a
list, and the items of one list, each with its inspection, RMA line and RMA."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from returnstation.domain.enums import Disposition, ItemStatus
from returnstation.store.models import InspectionRow, ItemRow, RmaLineRow, RmaRow
from returnstation.store.models_outcomes import RtvShipmentItemRow, RtvShipmentRow

RtvRow = tuple[InspectionRow, ItemRow, RmaLineRow, RmaRow]


class RtvQueries:
    def __init__(self, session: Session) -> None:
        self.session = session

    def waiting(self) -> list[RtvRow]:
        """Items whose disposition is return to vendor and that are on no list yet, oldest decision first."""
        listed = select(RtvShipmentItemRow.item_id)
        stmt = (
            select(InspectionRow, ItemRow, RmaLineRow, RmaRow)
            .join(ItemRow, InspectionRow.item_id == ItemRow.id)
            .join(RmaLineRow, ItemRow.rma_line_id == RmaLineRow.id)
            .join(RmaRow, RmaLineRow.rma_id == RmaRow.id)
            .where(
                InspectionRow.disposition == Disposition.RETURN_TO_VENDOR.value,
                ItemRow.status == ItemStatus.DISPOSITIONED.value,
                ItemRow.id.not_in(listed),
            )
            .order_by(InspectionRow.decided_at, ItemRow.id)
        )
        return [(i, it, ln, r) for i, it, ln, r in self.session.execute(stmt).all()]

    def shipment(self, shipment_id: int) -> RtvShipmentRow | None:
        return self.session.get(RtvShipmentRow, shipment_id)

    def shipment_rows(self, shipment_id: int) -> list[RtvRow]:
        stmt = (
            select(InspectionRow, ItemRow, RmaLineRow, RmaRow)
            .join(RtvShipmentItemRow, RtvShipmentItemRow.item_id == InspectionRow.item_id)
            .join(ItemRow, InspectionRow.item_id == ItemRow.id)
            .join(RmaLineRow, ItemRow.rma_line_id == RmaLineRow.id)
            .join(RmaRow, RmaLineRow.rma_id == RmaRow.id)
            .where(RtvShipmentItemRow.shipment_id == shipment_id)
            .order_by(ItemRow.id)
        )
        return [(i, it, ln, r) for i, it, ln, r in self.session.execute(stmt).all()]

    def add_shipment(self, row: RtvShipmentRow, item_ids: list[int]) -> int:
        """Write the list and its items; the unique item id refuses an item already on another list."""
        self.session.add(row)
        self.session.flush()
        self.session.add_all(RtvShipmentItemRow(shipment_id=row.id, item_id=i) for i in item_ids)
        self.session.flush()
        return row.id
