"""The queries of the retention run (services/retention.py): which RMAs are due, and where their
customer's data lies outside the ``rmas`` row (concerns, return-to-sender and return-to-customer
labels, inspection photos)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from returnstation.domain.enums import RmaStatus
from returnstation.store.models import EventRow, ItemRow, PrintJobRow, RmaLineRow, RmaRow
from returnstation.store.models_exceptions import ConcernRow, HoldResolutionRow
from returnstation.store.models_photos import InspectionPhotoRow

ERASED = "(erased)"  # what rmas.customer holds once erased (the column is required)
# A return-to-customer label job carries the name as ``ship_to`` and the address in these fields.
LABEL_ADDRESS_FIELDS = ("ship_to", "address_line1", "address_line2", "city_line", "region", "country")
FINISHED_STATUSES = (RmaStatus.CLOSED.value, RmaStatus.CANCELLED.value)


class RetentionQueries:
    def __init__(self, session: Session) -> None:
        self.session = session

    def due(self, cutoff: datetime, limit: int) -> list[tuple[RmaRow, datetime]]:
        """Finished RMAs (closed, cancelled, or credited) whose last event is older than ``cutoff`` and
        whose customer data is still there, oldest first, with that last event's time."""
        last = func.max(EventRow.at).label("last_at")
        trigger = aliased(EventRow)  # not the joined events: a subquery of its own
        credited = (
            exists()
            .where(
                trigger.subject_type == "rma",
                trigger.subject_id == RmaRow.id,
                trigger.type == "credit_triggered",
            )
            .correlate(RmaRow)
        )
        stmt = (
            select(RmaRow, last)
            .join(EventRow, (EventRow.subject_type == "rma") & (EventRow.subject_id == RmaRow.id))
            .where(RmaRow.customer != ERASED, or_(RmaRow.status.in_(FINISHED_STATUSES), credited))
            .group_by(RmaRow.id)
            .having(last < cutoff)
            .order_by(last, RmaRow.id)
            .limit(limit)
        )
        return [(row, at) for row, at in self.session.execute(stmt).all()]

    def concerns(self, rma_id: int) -> list[ConcernRow]:
        return list(self.session.scalars(select(ConcernRow).where(ConcernRow.rma_id == rma_id)))

    def photos(self, rma_id: int) -> list[InspectionPhotoRow]:
        return list(
            self.session.scalars(
                select(InspectionPhotoRow)
                .join(ItemRow, InspectionPhotoRow.item_id == ItemRow.id)
                .join(RmaLineRow, ItemRow.rma_line_id == RmaLineRow.id)
                .where(RmaLineRow.rma_id == rma_id)
                .order_by(InspectionPhotoRow.id)
            )
        )

    def address_labels(self, rma_id: int) -> list[PrintJobRow]:
        """Label jobs of the RMA's items that print the customer's address (return to customer)."""
        jobs = self.session.scalars(
            select(PrintJobRow)
            .join(ItemRow, PrintJobRow.item_id == ItemRow.id)
            .join(RmaLineRow, ItemRow.rma_line_id == RmaLineRow.id)
            .where(RmaLineRow.rma_id == rma_id)
            .order_by(PrintJobRow.id)
        )
        return [j for j in jobs if isinstance(j.fields, dict) and "ship_to" in j.fields]

    def return_labels(self, numbers: Sequence[str]) -> list[PrintJobRow]:
        """Return-to-sender label jobs (the hold shelf's) made for these RMAs: they print the name."""
        jobs = self.session.scalars(
            select(PrintJobRow).where(
                PrintJobRow.job_id.in_(
                    select(HoldResolutionRow.label_job).where(HoldResolutionRow.label_job.is_not(None))
                )
            )
        )
        wanted = set(numbers)
        return [j for j in jobs if isinstance(j.fields, dict) and j.fields.get("rma_number") in wanted]
