"""Queries in domain language, so services never write SQL and widgets never see ORM rows."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from returnstation.domain.enums import Discrepancy, DiscrepancyStatus, ItemStatus, ParcelStatus, RmaStatus
from returnstation.domain.rma import Rma, RmaLine
from returnstation.domain.text import visible
from returnstation.store.audit import stage_event, stored_time
from returnstation.store.models import (
    DiscrepancyRow,
    EventRow,
    ItemRow,
    MetaRow,
    ParcelRow,
    RmaLineRow,
    RmaRow,
)


def to_domain(row: RmaRow) -> Rma:
    return Rma(
        id=row.id,
        rma_number=row.rma_number,
        order_number=row.order_number,
        customer=row.customer,
        status=RmaStatus(row.status),
        authorized_at=row.authorized_at,
        expires_at=row.expires_at,
        tracking_number=row.tracking_number,
        lines=tuple(
            RmaLine(
                line_no=ln.line_no,
                sku=ln.sku,
                description=ln.description,
                quantity=ln.quantity,
                unit_value=ln.unit_value,
                reason_code=ln.reason_code,
                category=ln.category,
                gtin=ln.gtin,
                expected_serials=tuple(ln.expected_serials.split()),
            )
            for ln in row.lines
        ),
    )


class RmaRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_id(self, rma_id: int) -> RmaRow:
        row = self.session.get(RmaRow, rma_id, options=[selectinload(RmaRow.lines)])
        if row is None:
            raise KeyError(rma_id)
        return row

    def lock(self, rma_id: int) -> None:
        """Serialise receiving on one RMA across stations (row lock on PostgreSQL; SQLite's
        BEGIN IMMEDIATE already serialises every writer), so two benches cannot both open or
        over-receive the same authorization."""
        self.session.execute(select(RmaRow.id).where(RmaRow.id == rma_id).with_for_update())

    def locked(self, rma_id: int) -> RmaRow:
        """The RMA re-read under its row lock (KeyError when unknown): its status as committed now."""
        self.lock(rma_id)
        row = self.session.get(RmaRow, rma_id, populate_existing=True, options=[selectinload(RmaRow.lines)])
        if row is None:
            raise KeyError(rma_id)
        return row

    def find_by_code(self, code: str) -> list[RmaRow]:
        """RMAs whose RMA number, tracking number or order number equals the code (case-insensitive).

        All three columns are tried whatever the classifier said, so a code the classifier could not
        place still finds its RMA: the station must never miss a parcel it knows.
        """
        c = code.strip().upper()
        stmt = (
            select(RmaRow)
            .options(selectinload(RmaRow.lines))
            .where(or_(RmaRow.rma_number == c, RmaRow.tracking_number == c, RmaRow.order_number == c))
            .order_by(RmaRow.id)
        )
        return list(self.session.scalars(stmt))

    def open_rmas_with_item(self, code: str, customer: str, exclude_rma_id: int) -> list[RmaRow]:
        """Other open RMAs of the same customer expecting this item: candidates when a box mixes RMAs."""
        c = code.strip().upper()
        stmt = (
            select(RmaRow)
            .join(RmaLineRow)
            .where(
                RmaRow.customer == customer,
                RmaRow.id != exclude_rma_id,
                RmaRow.status == RmaStatus.OPEN.value,
                or_(func.upper(RmaLineRow.sku) == c, RmaLineRow.gtin == c),
            )
            .distinct()
        )
        return list(self.session.scalars(stmt))

    def numbers_existing(self, numbers: Sequence[str]) -> set[str]:
        if not numbers:
            return set()
        found: set[str] = set()
        for i in range(0, len(numbers), 500):
            chunk = list(numbers[i : i + 500])
            found.update(self.session.scalars(select(RmaRow.rma_number).where(RmaRow.rma_number.in_(chunk))))
        return found

    def count(self) -> int:
        return int(self.session.scalar(select(func.count()).select_from(RmaRow)) or 0)


class ParcelRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, parcel: ParcelRow) -> None:
        """Insert now (flush), so the parcel has its id for the discrepancy and event that name it."""
        self.session.add(parcel)
        self.session.flush()

    def get(self, parcel_id: int) -> ParcelRow:
        row = self.session.get(ParcelRow, parcel_id)
        if row is None:
            raise KeyError(parcel_id)
        return row

    def get_locked(self, parcel_id: int) -> ParcelRow:
        """The parcel with its RMA locked, re-read after the lock.

        Its status must be judged after the lock: read before, it may already be stale because
        another station finished the parcel meanwhile (PostgreSQL's READ COMMITTED shows the new
        state only to statements that start after the other transaction committed).
        """
        row = self.get(parcel_id)
        if row.rma_id is not None:
            RmaRepository(self.session).lock(row.rma_id)
            self.session.refresh(row)
        return row

    def for_rma(self, rma_id: int, status: ParcelStatus) -> list[ParcelRow]:
        stmt = select(ParcelRow).where(ParcelRow.rma_id == rma_id, ParcelRow.status == status.value)
        return list(self.session.scalars(stmt.order_by(ParcelRow.id)))

    def left_open_at(self, station: str) -> ParcelRow | None:
        """The newest parcel this station opened and never finished (a crash, a power cut, a shift end)."""
        stmt = (
            select(ParcelRow)
            .where(ParcelRow.status == ParcelStatus.OPEN.value, ParcelRow.station == station)
            .order_by(ParcelRow.id.desc())
            .limit(1)
        )
        return self.session.scalars(stmt).first()

    def held(self) -> list[ParcelRow]:
        stmt = select(ParcelRow).where(ParcelRow.status == ParcelStatus.HELD.value).order_by(ParcelRow.id)
        return list(self.session.scalars(stmt))

    def received_counts(self, rma_id: int) -> Counter[int]:
        """Items accepted against each RMA line so far, over every parcel of the RMA."""
        stmt = (
            select(RmaLineRow.line_no, func.count(ItemRow.id))
            .join(ItemRow, ItemRow.rma_line_id == RmaLineRow.id)
            .where(RmaLineRow.rma_id == rma_id, ItemRow.status != ItemStatus.HELD.value)
            .group_by(RmaLineRow.line_no)
        )
        return Counter({int(n): int(c) for n, c in self.session.execute(stmt)})

    def items(self, parcel_id: int) -> list[ItemRow]:
        return list(self.session.scalars(select(ItemRow).where(ItemRow.parcel_id == parcel_id)))


class DiscrepancyLog:
    def __init__(self, session: Session) -> None:
        self.session = session

    def record(
        self,
        kind: Discrepancy,
        code: str,
        detail: str,
        station: str,
        user: str,
        at: datetime,
        parcel_id: int | None = None,
        rma_id: int | None = None,
    ) -> DiscrepancyRow:
        row = DiscrepancyRow(
            kind=kind.value,
            scanned_code=visible(code, 128),
            detail=visible(detail, 2000),
            station=station,
            user=user,
            at=at,
            parcel_id=parcel_id,
            rma_id=rma_id,
        )
        self.session.add(row)
        return row

    def open_for(self, parcel_id: int) -> list[DiscrepancyRow]:
        """The parcel's discrepancies still open (a hold resolved settles them)."""
        stmt = select(DiscrepancyRow).where(
            DiscrepancyRow.parcel_id == parcel_id, DiscrepancyRow.status == DiscrepancyStatus.OPEN.value
        )
        return list(self.session.scalars(stmt.order_by(DiscrepancyRow.id)))

    def lock(self, discrepancy_id: int) -> DiscrepancyRow | None:
        stmt = (
            select(DiscrepancyRow)
            .where(DiscrepancyRow.id == discrepancy_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return self.session.scalars(stmt).first()

    def open_oldest(self, limit: int) -> list[DiscrepancyRow]:
        """Open discrepancies, oldest first: what a supervisor works through."""
        stmt = (
            select(DiscrepancyRow)
            .where(DiscrepancyRow.status == DiscrepancyStatus.OPEN.value)
            .order_by(DiscrepancyRow.at, DiscrepancyRow.id)
            .limit(limit)
        )
        return list(self.session.scalars(stmt))


class Actor(Protocol):
    """Who an event is recorded for: the station and the person (``StationContext`` fits).

    A protocol, not the services' context class, because the store sits below the services."""

    @property
    def station(self) -> str: ...

    @property
    def user(self) -> str: ...


class EventRecording(ABC):
    """``record``, the one way services write events, on top of any event store's ``append`` (the
    database's ``EventLog`` and the in-memory one of the unit tests share it)."""

    @abstractmethod
    def append(
        self,
        type_: str,
        *,
        station: str,
        user: str,
        at: datetime,
        subject_type: str,
        subject_id: int | None,
        before: str | None = None,
        after: str | None = None,
        payload: dict[str, Any] | None = None,
    ) -> EventRow: ...

    def record(
        self,
        by: Actor,
        at: datetime,
        type_: str,
        subject: tuple[str, int | None],
        *,
        before: str | None = None,
        after: str | None = None,
        payload: Mapping[str, Any] | None = None,
        user: str | None = None,
    ) -> EventRow:
        """Append the event ``type_`` about ``subject`` (its type and id) done at ``by``'s station.

        The one way services write events: station and person come from the context so no call site
        spells them out. ``user`` replaces the context's person where the event is about someone
        else's session (signing a person out as another signs in).
        """
        subject_type, subject_id = subject
        return self.append(
            type_,
            station=by.station,
            user=by.user if user is None else user,
            at=at,
            subject_type=subject_type,
            subject_id=subject_id,
            before=before,
            after=after,
            payload=dict(payload) if payload is not None else None,
        )


class EventLog(EventRecording):
    """Append-only journal; every state change in a service writes one row in the same transaction.

    The rows join the audit hash chain when the transaction commits (store/audit.py), so an appended
    event is not visible to queries, even in its own transaction, before the commit.
    """

    def __init__(self, session: Session) -> None:
        self.session = session

    def append(
        self,
        type_: str,
        *,
        station: str,
        user: str,
        at: datetime,
        subject_type: str,
        subject_id: int | None,
        before: str | None = None,
        after: str | None = None,
        payload: dict[str, Any] | None = None,
    ) -> EventRow:
        row = EventRow(
            type=type_,
            station=station,
            user=user,
            at=stored_time(at),
            subject_type=subject_type,
            subject_id=subject_id,
            before_status=before,
            after_status=after,
            payload=payload or {},
        )
        stage_event(self.session, row)  # inserted at commit, when the audit chain seals it
        return row

    def subject_of_scan(self, subject_type: str, subject_ids: Sequence[int], scan_key: str) -> int | None:
        """Which of these subjects was recorded from the scan with this key (its "scan" payload), if any.

        A scan retried after a lost connection may already have been committed; finding it here is
        what keeps the retry from recording the same unit twice.
        """
        if not subject_ids:
            return None
        stmt = select(EventRow.subject_id, EventRow.payload).where(
            EventRow.subject_type == subject_type, EventRow.subject_id.in_(list(subject_ids))
        )
        for subject_id, payload in self.session.execute(stmt):
            if isinstance(payload, dict) and payload.get("scan") == scan_key:
                return int(subject_id)
        return None

    def for_subject(self, subject_type: str, subject_id: int) -> list[EventRow]:
        stmt = (
            select(EventRow)
            .where(EventRow.subject_type == subject_type, EventRow.subject_id == subject_id)
            .order_by(EventRow.id)
        )
        return list(self.session.scalars(stmt))


class MetaStore:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, key: str) -> str | None:
        row = self.session.get(MetaRow, key)
        return None if row is None else row.value

    def set(self, key: str, value: str) -> None:
        row = self.session.get(MetaRow, key)
        if row is None:
            self.session.add(MetaRow(key=key, value=value))
        else:
            row.value = value
