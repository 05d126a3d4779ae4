"""Queries in domain language, so services never write SQL and widgets never see ORM rows."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select, union, union_all
from sqlalchemy.orm import Session, selectinload

from returnstation.domain.context import StationContext
from returnstation.domain.enums import Discrepancy, DiscrepancyStatus, ItemStatus, ParcelStatus, RmaStatus
from returnstation.domain.item_first import gtin_forms
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
    RmaLineSerialRow,
    RmaRow,
)
from returnstation.store.models_receiving import ParcelDamageRow, ParcelRmaRow
from returnstation.store.rma_staging import published


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
        BEGIN IMMEDIATE already serialises every writer, so nothing is sent there: one statement less
        per scan), so two benches cannot both open or over-receive the same authorization."""
        if self.session.get_bind().dialect.name == "sqlite":
            self.session.connection()  # begins the transaction (BEGIN IMMEDIATE) if nothing did yet
            return
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
            .where(
                or_(RmaRow.rma_number == c, RmaRow.tracking_number == c, RmaRow.order_number == c),
                published(),
            )
            .order_by(RmaRow.id)
        )
        return list(self.session.scalars(stmt))

    def open_rmas_with_item(self, code: str, customer: str, exclude_rma_id: int) -> list[RmaRow]:
        """Other open RMAs of the same customer expecting this item: candidates when a box mixes RMAs.

        Driven by the item, not by the customer (issue #18): the RMA ids whose lines expect the code come
        from the covering SKU/GTIN indexes and the serial index, and only those of this customer (the
        customer index gives ids without the table) are read. Joining the customer's RMAs to their lines
        read every one of their rows and lines: 130 pages from disk on a cold cache at 1M RMAs; this 13-20.
        """
        expecting = _rma_ids_expecting(code)
        ids = self.session.scalars(
            select(RmaRow.id).where(
                RmaRow.customer == customer,
                RmaRow.id != exclude_rma_id,
                RmaRow.id.in_(expecting),
                RmaRow.status == RmaStatus.OPEN.value,
            )
        )
        return self.by_ids(sorted(set(ids)))

    def open_expecting(self, code: str, limit: int, customer: str | None = None) -> list[int]:
        """Ids of open RMAs with a line whose SKU (any case) or GTIN (any length) is this code, oldest
        authorisation first; only ``customer``'s when given. Reads ix_rma_lines_sku_upper or
        ix_rma_lines_gtin (or ix_rmas_customer), then each candidate RMA by its key: never a whole table.
        Ids, not rows: the caller loads the few it shows in one go (``by_ids``)."""
        c = code.strip().upper()
        # One branch per index (not one OR): each reads its covering index alone, and the semi-join
        # needs no GROUP BY for an RMA with the item on two lines.
        by_sku = select(RmaLineRow.rma_id).where(func.upper(RmaLineRow.sku) == c)
        forms = gtin_forms(c)
        by_gtin = select(RmaLineRow.rma_id).where(RmaLineRow.gtin.in_(forms))
        lines = union(by_sku, by_gtin) if forms else by_sku
        stmt = (
            select(RmaRow.id)
            .where(RmaRow.id.in_(lines), RmaRow.status == RmaStatus.OPEN.value)
            .order_by(RmaRow.authorized_at, RmaRow.id)
            .limit(limit)
        )
        if customer is not None:
            stmt = stmt.where(RmaRow.customer == customer)
        return list(self.session.scalars(stmt))

    def open_expecting_serial(self, serial: str) -> list[int]:
        """Ids of open RMAs with a line that expects this very serial (ix_rma_line_serials_serial)."""
        stmt = (
            select(RmaRow.id)
            .join(RmaLineRow)
            .join(RmaLineSerialRow, RmaLineSerialRow.rma_line_id == RmaLineRow.id)
            .where(
                RmaLineSerialRow.serial == serial.strip().upper()[:64], RmaRow.status == RmaStatus.OPEN.value
            )
            .distinct()
        )
        return sorted(self.session.scalars(stmt))

    def of_line(self, line_id: int) -> int:
        """The id of the RMA an RMA line belongs to (KeyError when unknown)."""
        rma_id = self.session.scalar(select(RmaLineRow.rma_id).where(RmaLineRow.id == line_id))
        if rma_id is None:
            raise KeyError(line_id)
        return int(rma_id)

    def by_number(self, rma_number: str) -> RmaRow | None:
        stmt = (
            select(RmaRow)
            .options(selectinload(RmaRow.lines))
            .where(RmaRow.rma_number == rma_number.upper(), published())
        )
        return self.session.scalars(stmt).first()

    def by_ids(self, ids: Sequence[int]) -> list[RmaRow]:
        """These RMAs with their lines, in the order of ``ids`` (two queries however many)."""
        if not ids:
            return []
        stmt = select(RmaRow).options(selectinload(RmaRow.lines)).where(RmaRow.id.in_(list(ids)))
        rows = {r.id: r for r in self.session.scalars(stmt)}
        return [rows[i] for i in ids if i in rows]

    def numbers_existing(self, numbers: Sequence[str]) -> set[str]:
        """Which of these RMA numbers exist (published; an import's staged ones: rma_staging.py)."""
        if not numbers:
            return set()
        found: set[str] = set()
        for i in range(0, len(numbers), 500):
            chunk = list(numbers[i : i + 500])
            stmt = select(RmaRow.rma_number).where(RmaRow.rma_number.in_(chunk), published())
            found.update(self.session.scalars(stmt))
        return found

    def count(self) -> int:
        return int(self.session.scalar(select(func.count()).select_from(RmaRow).where(published())) or 0)


def _rma_ids_expecting(code: str) -> Any:
    """The ids of RMAs with a line that expects the scanned item, one branch per index (as
    `_line_expects`, which says the same of a line): the SKU expression index and the GTIN index cover
    the RMA id; a serial goes through its line."""
    c = code.strip().upper()
    branches: list[Any] = [select(RmaLineRow.rma_id).where(func.upper(RmaLineRow.sku) == c)]
    forms = gtin_forms(c)
    if forms:
        branches.append(select(RmaLineRow.rma_id).where(RmaLineRow.gtin.in_(forms)))
    branches.append(
        select(RmaLineRow.rma_id)
        .join(RmaLineSerialRow, RmaLineSerialRow.rma_line_id == RmaLineRow.id)
        .where(RmaLineSerialRow.serial == c[:64])
    )
    return union_all(*branches)


def _line_expects(code: str, serials: bool = True) -> Any:
    """The SQL condition "this RMA line expects the scanned item": its SKU (upper-case, the expression
    index), its GTIN in any stored length, or (with ``serials``) one of its expected serials."""
    c = code.strip().upper()
    conditions: list[Any] = [func.upper(RmaLineRow.sku) == c]
    forms = gtin_forms(c)
    if forms:
        conditions.append(RmaLineRow.gtin.in_(forms))
    if serials:
        conditions.append(
            RmaLineRow.id.in_(select(RmaLineSerialRow.rma_line_id).where(RmaLineSerialRow.serial == c[:64]))
        )
    return or_(*conditions)


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
        """Parcels in ``status`` opened with this RMA or carrying it as a further RMA of the box."""
        linked = select(ParcelRmaRow.parcel_id).where(ParcelRmaRow.rma_id == rma_id)
        stmt = select(ParcelRow).where(
            or_(ParcelRow.rma_id == rma_id, ParcelRow.id.in_(linked)), ParcelRow.status == status.value
        )
        return list(self.session.scalars(stmt.order_by(ParcelRow.id)))

    def further_rmas(self, parcel_id: int) -> list[int]:
        """The RMAs added to the box after the one it was opened with, in the order they were added."""
        stmt = (
            select(ParcelRmaRow.rma_id).where(ParcelRmaRow.parcel_id == parcel_id).order_by(ParcelRmaRow.id)
        )
        return list(self.session.scalars(stmt))

    def add_rma(self, link: ParcelRmaRow) -> None:
        self.session.add(link)
        self.session.flush()

    def count_for_rma(self, rma_id: int, up_to_parcel_id: int) -> int:
        """How many of this RMA's boxes (not held) were opened up to this one: "parcel 2 of RMA-..."."""
        stmt = select(func.count(ParcelRow.id)).where(
            ParcelRow.rma_id == rma_id,
            ParcelRow.status != ParcelStatus.HELD.value,
            ParcelRow.id <= up_to_parcel_id,
        )
        return int(self.session.scalar(stmt) or 0)

    def damage(self, parcel_id: int) -> ParcelDamageRow | None:
        return self.session.scalars(
            select(ParcelDamageRow).where(ParcelDamageRow.parcel_id == parcel_id)
        ).first()

    def add_damage(self, row: ParcelDamageRow) -> None:
        self.session.add(row)
        self.session.flush()

    def damaged_between(self, start: datetime, end: datetime) -> list[ParcelDamageRow]:
        """Boxes noted damaged in transit in [start, end), oldest first: the carrier claims."""
        stmt = (
            select(ParcelDamageRow)
            .where(ParcelDamageRow.noted_at >= start, ParcelDamageRow.noted_at < end)
            .order_by(ParcelDamageRow.noted_at, ParcelDamageRow.id)
        )
        return list(self.session.scalars(stmt))

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

    def received_counts_for(self, rma_ids: Sequence[int]) -> dict[int, Counter[int]]:
        """Items accepted against each line of several RMAs (held units do not count), in one query: the
        item-first candidates shown, or one RMA (``received_counts``)."""
        found: dict[int, Counter[int]] = {i: Counter() for i in rma_ids}
        if not rma_ids:
            return found
        stmt = (
            select(RmaLineRow.rma_id, RmaLineRow.line_no, func.count(ItemRow.id))
            .join(ItemRow, ItemRow.rma_line_id == RmaLineRow.id)
            .where(RmaLineRow.rma_id.in_(list(rma_ids)), ItemRow.status != ItemStatus.HELD.value)
            .group_by(RmaLineRow.rma_id, RmaLineRow.line_no)
        )
        for rma_id, line_no, n in self.session.execute(stmt):
            found[int(rma_id)][int(line_no)] = int(n)
        return found

    def received_counts(self, rma_id: int) -> Counter[int]:
        """Items accepted against each RMA line so far, over every parcel of the RMA."""
        return self.received_counts_for([rma_id])[rma_id]

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


class EventRecording(ABC):
    """How services write events, for any event store: the database's ``EventLog`` and the in-memory
    one of the unit tests build the same rows here and differ only in where a row is kept (``_keep``)."""

    @abstractmethod
    def _keep(self, row: EventRow) -> None: ...

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
        self._keep(row)
        return row

    def record(
        self,
        by: StationContext,
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

    def _keep(self, row: EventRow) -> None:
        stage_event(self.session, row)  # inserted at commit, when the audit chain seals it

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
