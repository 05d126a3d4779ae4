"""Queries of the exception work: the hold shelf, the quarantine queue and concerns (migration 0008).

Counts are one SELECT each: the receive page and the supervisor tab refresh them often, and a shelf of
300 parcels must not cost 300 statements. Lists are a fixed number of queries whatever their length.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from returnstation.domain.enums import ConcernStatus, DiscrepancyStatus, Disposition, ItemStatus, ParcelStatus
from returnstation.store.like import LIKE_ESCAPE, contains_pattern
from returnstation.store.models import (
    DiscrepancyRow,
    InspectionRow,
    ItemRow,
    ParcelRow,
    RmaLineRow,
    RmaRow,
)
from returnstation.store.models_exceptions import ConcernRow, HoldResolutionRow
from returnstation.store.models_photos import InspectionPhotoRow
from returnstation.store.rma_staging import published


class HeldParcel(NamedTuple):
    parcel: ParcelRow
    rma: RmaRow | None


class HeldItem(NamedTuple):
    item: ItemRow
    parcel: ParcelRow
    rma: RmaRow | None  # the RMA of the parcel it was found in
    line: RmaLineRow | None  # the line it was one too many of, or whose serial did not add up
    open_problems: tuple[DiscrepancyRow, ...] = ()  # the parcel's open discrepancies (holds picks its own)


class QuarantinedItem(NamedTuple):
    item: ItemRow
    inspection: InspectionRow
    line: RmaLineRow
    rma: RmaRow


class HoldRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def count(self) -> int:
        """Parcels and items on the hold shelf now (one statement)."""
        parcels = (
            select(func.count()).select_from(ParcelRow).where(ParcelRow.status == ParcelStatus.HELD.value)
        )
        items = select(func.count()).select_from(ItemRow).where(ItemRow.status == ItemStatus.HELD.value)
        return int(self.session.scalar(select(parcels.scalar_subquery() + items.scalar_subquery())) or 0)

    def parcels(self) -> list[HeldParcel]:
        """Held parcels, oldest first, each with its RMA when one was found (one statement)."""
        stmt = (
            select(ParcelRow, RmaRow)
            .outerjoin(RmaRow, ParcelRow.rma_id == RmaRow.id)
            .where(ParcelRow.status == ParcelStatus.HELD.value)
            .order_by(ParcelRow.received_at, ParcelRow.id)
        )
        return [HeldParcel(p, r) for p, r in self.session.execute(stmt)]

    def items(self) -> list[HeldItem]:
        """Held items, oldest first, with the parcel and RMA they came in (one statement)."""
        stmt = (
            select(ItemRow, ParcelRow, RmaRow, RmaLineRow)
            .join(ParcelRow, ItemRow.parcel_id == ParcelRow.id)
            .outerjoin(RmaRow, ParcelRow.rma_id == RmaRow.id)
            .outerjoin(RmaLineRow, ItemRow.rma_line_id == RmaLineRow.id)
            .where(ItemRow.status == ItemStatus.HELD.value)
            .order_by(ItemRow.received_at, ItemRow.id)
        )
        rows = list(self.session.execute(stmt))
        problems: dict[int, list[DiscrepancyRow]] = {}
        if rows:
            open_ones = select(DiscrepancyRow).where(
                DiscrepancyRow.status == DiscrepancyStatus.OPEN.value,
                DiscrepancyRow.parcel_id.in_({p.id for _, p, _, _ in rows}),
            )
            for d in self.session.scalars(open_ones.order_by(DiscrepancyRow.id)):
                problems.setdefault(d.parcel_id or 0, []).append(d)
        return [HeldItem(i, p, r, ln, tuple(problems.get(p.id, ()))) for i, p, r, ln in rows]

    def lock_parcel(self, parcel_id: int) -> ParcelRow | None:
        """The parcel re-read under a row lock: of two supervisors resolving it, the second waits and
        then sees the first one's outcome (SQLite's BEGIN IMMEDIATE already serialises writers)."""
        stmt = (
            select(ParcelRow)
            .where(ParcelRow.id == parcel_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return self.session.scalars(stmt).first()

    def latest_with_code(self, code: str) -> ParcelRow | None:
        """The newest parcel on hold, or released from it and open, under this scanned code."""
        stmt = (
            select(ParcelRow)
            .where(
                ParcelRow.scanned_code == code[:128],
                ParcelRow.status.in_([ParcelStatus.HELD.value, ParcelStatus.OPEN.value]),
            )
            .order_by(ParcelRow.id.desc())
            .limit(1)
        )
        return self.session.scalars(stmt).first()

    def add_resolution(self, row: HoldResolutionRow) -> None:
        self.session.add(row)
        self.session.flush()  # the unique constraint speaks now, not at commit

    def resolution(
        self, parcel_id: int | None = None, item_id: int | None = None
    ) -> HoldResolutionRow | None:
        if parcel_id is not None:
            stmt = select(HoldResolutionRow).where(HoldResolutionRow.parcel_id == parcel_id)
        else:
            stmt = select(HoldResolutionRow).where(HoldResolutionRow.item_id == item_id)
        return self.session.scalars(stmt).first()

    def add_rma(self, rma: RmaRow) -> None:
        """An ad-hoc RMA for a parcel accepted without one (flushed: it has its id)."""
        self.session.add(rma)
        self.session.flush()

    def add_line(self, rma: RmaRow, line: RmaLineRow) -> None:
        """A line added to an ad-hoc RMA as its items are scanned (flushed: it has its id)."""
        line.rma_id = rma.id
        rma.lines.append(line)
        self.session.flush()

    def search_rmas(self, text: str, limit: int = 20) -> list[RmaRow]:
        """RMAs not yet received whose customer contains ``text`` (any case), newest first: a
        supervisor looks a parcel's sender up by name or e-mail when no label can be read."""
        needle = contains_pattern(text.strip().lower())
        stmt = (
            select(RmaRow)
            .where(func.lower(RmaRow.customer).like(needle, escape=LIKE_ESCAPE), RmaRow.status == "open")
            .order_by(RmaRow.id.desc())
            .limit(limit)
        )
        return list(self.session.scalars(stmt))


class QuarantineRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _query(self) -> Select[ItemRow, InspectionRow, RmaLineRow, RmaRow]:
        return (
            select(ItemRow, InspectionRow, RmaLineRow, RmaRow)
            .join(InspectionRow, InspectionRow.item_id == ItemRow.id)
            .join(RmaLineRow, ItemRow.rma_line_id == RmaLineRow.id)
            .join(RmaRow, RmaLineRow.rma_id == RmaRow.id)
            .where(
                ItemRow.status == ItemStatus.DISPOSITIONED.value,
                InspectionRow.disposition == Disposition.QUARANTINE.value,
            )
        )

    def count(self) -> int:
        """Items waiting in quarantine for a final disposition (one statement)."""
        stmt = (
            select(func.count())
            .select_from(InspectionRow)
            .where(InspectionRow.disposition == Disposition.QUARANTINE.value)
        )
        return int(self.session.scalar(stmt) or 0)

    def queue(self, limit: int) -> list[QuarantinedItem]:
        stmt = self._query().order_by(InspectionRow.decided_at, ItemRow.id).limit(limit)
        return [QuarantinedItem(*row) for row in self.session.execute(stmt)]

    def get(self, item_id: int) -> QuarantinedItem | None:
        row = self.session.execute(
            self._query().where(ItemRow.id == item_id).execution_options(populate_existing=True)
        ).first()
        return QuarantinedItem(*row) if row is not None else None

    def photo_counts(self, item_ids: Sequence[int]) -> dict[int, int]:
        if not item_ids:
            return {}
        stmt = (
            select(InspectionPhotoRow.item_id, func.count())
            .where(InspectionPhotoRow.item_id.in_(list(item_ids)))
            .group_by(InspectionPhotoRow.item_id)
        )
        return {int(i): int(n) for i, n in self.session.execute(stmt)}


class ConcernRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: ConcernRow) -> None:
        self.session.add(row)
        self.session.flush()

    def lock(self, concern_id: int) -> ConcernRow | None:
        stmt = (
            select(ConcernRow)
            .where(ConcernRow.id == concern_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return self.session.scalars(stmt).first()

    def for_rma(self, rma_id: int) -> list[ConcernRow]:
        stmt = select(ConcernRow).where(ConcernRow.rma_id == rma_id).order_by(ConcernRow.id)
        return list(self.session.scalars(stmt.execution_options(populate_existing=True)))

    def open(self, limit: int) -> list[ConcernRow]:
        stmt = (
            select(ConcernRow)
            .where(ConcernRow.status == ConcernStatus.OPEN.value)
            .order_by(ConcernRow.raised_at, ConcernRow.id)
            .limit(limit)
        )
        return list(self.session.scalars(stmt))

    def count_open(self) -> int:
        stmt = (
            select(func.count()).select_from(ConcernRow).where(ConcernRow.status == ConcernStatus.OPEN.value)
        )
        return int(self.session.scalar(stmt) or 0)

    def history(self, customer: str, since: datetime) -> tuple[int, int, int]:
        """(returns, concerns raised, concerns confirmed) of this customer since ``since``: two statements."""
        returns = self.session.scalar(
            select(func.count())
            .select_from(RmaRow)
            .where(RmaRow.customer == customer, RmaRow.authorized_at >= since, published())
        )
        raised, confirmed = self.session.execute(
            select(
                func.count(),
                func.coalesce(
                    func.sum(case((ConcernRow.status == ConcernStatus.CONFIRMED.value, 1), else_=0)), 0
                ),
            ).where(ConcernRow.customer == customer, ConcernRow.raised_at >= since)
        ).one()
        return int(returns or 0), int(raised or 0), int(confirmed or 0)
