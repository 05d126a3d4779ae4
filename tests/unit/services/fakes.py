"""An in-memory unit of work with the repositories of store/ports.py, for fast tests of service rules.

The services run unchanged on it (they take ``uow_factory=store.uow``); what is kept are the same ORM
row objects a database would return, never attached to a session. It is not a database, and says so:
- Rows inserted by a unit of work that ends without ``commit`` disappear again; a change made to an
  existing row is not undone (the services change rows only right before they commit).
- Locks are not taken but written down (``store.locks``), so a test can check a rule is judged under
  the lock; what the lock does between two stations is tests/db/test_db_concurrency.py's job.
- Deciding an inspection ends with the integration hooks, which still use the session: that part stays
  with the database tests (``decide`` refuses an in-memory unit of work there, after every rule).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from types import TracebackType
from typing import Any, Self

from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from returnstation.domain.enums import Discrepancy, ItemStatus, ParcelStatus, RmaStatus
from returnstation.domain.item_first import gtin_forms
from returnstation.store.models import (
    DiscrepancyRow,
    EventRow,
    InspectionRow,
    ItemRow,
    ParcelRow,
    PrintJobRow,
    RmaLineRow,
    RmaRow,
)
from returnstation.store.models_exceptions import ConcernRow, HoldResolutionRow
from returnstation.store.models_inspection import InspectionDraftRow
from returnstation.store.models_photos import InspectionPhotoRow
from returnstation.store.models_receiving import ParcelDamageRow, ParcelRmaRow
from returnstation.store.models_users import UserRow
from returnstation.store.ports import PendingRow, ReadOnlyUnitOfWork, UnitOfWorkPort
from returnstation.store.repo_exceptions import HeldItem, HeldParcel, QuarantinedItem
from returnstation.store.repositories import EventRecording


@dataclass
class FakeStore:
    """What a database would hold between transactions: one list per table, ids counted per table."""

    rmas: list[RmaRow] = field(default_factory=list)
    parcels: list[ParcelRow] = field(default_factory=list)
    items: list[ItemRow] = field(default_factory=list)
    inspections: list[InspectionRow] = field(default_factory=list)
    drafts: list[InspectionDraftRow] = field(default_factory=list)
    photos: list[InspectionPhotoRow] = field(default_factory=list)
    users: list[UserRow] = field(default_factory=list)
    print_jobs: list[PrintJobRow] = field(default_factory=list)
    discrepancies: list[DiscrepancyRow] = field(default_factory=list)
    events: list[EventRow] = field(default_factory=list)
    parcel_rmas: list[ParcelRmaRow] = field(default_factory=list)
    damages: list[ParcelDamageRow] = field(default_factory=list)
    hold_resolutions: list[HoldResolutionRow] = field(default_factory=list)
    concerns: list[ConcernRow] = field(default_factory=list)
    locks: list[tuple[str, int]] = field(default_factory=list)  # ("item", 7): what was locked, in order
    commits: int = 0
    _ids: dict[str, Iterator[int]] = field(default_factory=dict)

    def uow(self, read_only: bool = False) -> FakeUnitOfWork:
        """The unit-of-work factory a service takes (``uow_factory=store.uow``)."""
        return FakeUnitOfWork(self, read_only)

    def next_id(self, table: str) -> int:
        return next(self._ids.setdefault(table, itertools.count(1)))

    # -- what a test puts in the "database" before the use case ----------------------------------
    def add_rma(
        self,
        number: str,
        *lines: tuple[str, int, str],  # (sku, quantity, category)
        status: RmaStatus = RmaStatus.OPEN,
        customer: str = "Dana Smith",
        order: str = "SO-1",
        tracking: str | None = None,
        authorized_at: datetime = datetime(2026, 11, 1),
        expires_at: datetime | None = None,
        gtins: Sequence[str | None] = (),
        serials: Sequence[str] = (),  # each line's expected serials, space-separated
    ) -> RmaRow:
        rma = RmaRow(
            id=self.next_id("rmas"),
            rma_number=number,
            order_number=order,
            tracking_number=tracking,
            customer=customer,
            status=status.value,
            authorized_at=authorized_at,
            expires_at=expires_at,
            created_at=authorized_at,
            lines=[
                RmaLineRow(
                    id=self.next_id("rma_lines"),
                    line_no=n,
                    sku=sku,
                    gtin=gtins[n - 1] if n <= len(gtins) else None,
                    description=f"{sku} description",
                    category=category,
                    quantity=quantity,
                    unit_value=Decimal("49.90"),
                    reason_code="defective",
                    expected_serials=serials[n - 1] if n <= len(serials) else "",
                    purchased_at=date(2026, 10, 1),
                    warranty_months=None,
                )
                for n, (sku, quantity, category) in enumerate(lines, start=1)
            ],
        )
        for line in rma.lines:
            line.rma_id = rma.id
        self.rmas.append(rma)
        return rma

    def add_user(self, name: str, badge: str, role: str, pin_hash: str = "", active: bool = True) -> UserRow:
        at = datetime(2026, 11, 1)
        row = UserRow(
            name=name,
            badge=badge,
            role=role,
            pin_hash=pin_hash,
            active=active,
            failed_attempts=0,
            locked_until=None,
            created_at=at,
            updated_at=at,
        )
        FakeUsers(self, []).add(row)
        return row

    def of_type(self, type_: str) -> list[EventRow]:
        return [e for e in self.events if e.type == type_]


class FakeUnitOfWork:
    def __init__(self, store: FakeStore, read_only: bool = False) -> None:
        self.store = store
        self.read_only = read_only  # like the real one: a commit in a reading unit of work is a bug
        self._added: list[tuple[list[Any], Any]] = []  # inserted in this unit of work, undone without commit
        self.rmas = FakeRmas(store)
        self.parcels = FakeParcels(store, self._added)
        self.items = FakeItems(store, self._added)
        self.inspections = FakeInspections(store, self._added)
        self.photos = FakePhotos(store, self._added)
        self.users = FakeUsers(store, self._added)
        self.print_jobs = FakePrintJobs(store, self._added)
        self.discrepancies = FakeDiscrepancies(store, self._added)
        self.events = FakeEvents(store, self._added)
        self.holds = FakeHolds(store, self._added)
        self.quarantine = FakeQuarantine(store, self._added)
        self.concerns = FakeConcerns(store, self._added)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for table, row in reversed(self._added):  # the rollback: what was not committed is gone
            table.remove(row)
        self._added.clear()

    def commit(self) -> None:
        if self.read_only:
            raise ReadOnlyUnitOfWork("commit in a read-only unit of work")
        self.store.commits += 1
        self._added.clear()


class _Table:
    def __init__(self, store: FakeStore, added: list[tuple[list[Any], Any]]) -> None:
        self.store = store
        self._added = added

    def _insert(self, table: list[Any], name: str, row: Any) -> None:
        if row.id is None:
            row.id = self.store.next_id(name)
        for attr in inspect(type(row)).column_attrs:  # column defaults, as the INSERT would apply them
            default = attr.columns[0].default
            if getattr(row, attr.key) is None and default is not None and default.is_scalar:
                setattr(row, attr.key, default.arg)
        table.append(row)
        self._added.append((table, row))


class FakeRmas:
    def __init__(self, store: FakeStore) -> None:
        self.store = store

    def by_id(self, rma_id: int) -> RmaRow:
        for rma in self.store.rmas:
            if rma.id == rma_id:
                return rma
        raise KeyError(rma_id)

    def lock(self, rma_id: int) -> None:
        self.store.locks.append(("rma", rma_id))

    def locked(self, rma_id: int) -> RmaRow:
        self.lock(rma_id)
        return self.by_id(rma_id)

    def find_by_code(self, code: str) -> list[RmaRow]:
        c = code.strip().upper()
        found = [r for r in self.store.rmas if c in (r.rma_number, r.tracking_number, r.order_number)]
        return sorted(found, key=lambda r: r.id)

    def open_rmas_with_item(self, code: str, customer: str, exclude_rma_id: int) -> list[RmaRow]:
        return [
            r
            for r in self.store.rmas
            if r.customer == customer
            and r.id != exclude_rma_id
            and r.status == RmaStatus.OPEN.value
            and any(_expects(ln, code, serials=True) for ln in r.lines)
        ]

    def open_expecting(self, code: str, limit: int, customer: str | None = None) -> list[int]:
        found = [
            r
            for r in self.store.rmas
            if r.status == RmaStatus.OPEN.value
            and (customer is None or r.customer == customer)
            and any(_expects(ln, code, serials=False) for ln in r.lines)
        ]
        return [r.id for r in sorted(found, key=lambda r: (r.authorized_at, r.id))[:limit]]

    def open_expecting_serial(self, serial: str) -> list[int]:
        c = serial.strip().upper()
        return [
            r.id
            for r in self.store.rmas
            if r.status == RmaStatus.OPEN.value
            and any(c in ln.expected_serials.upper().split() for ln in r.lines)
        ]

    def by_ids(self, ids: Sequence[int]) -> list[RmaRow]:
        return [self.by_id(i) for i in ids if any(r.id == i for r in self.store.rmas)]

    def of_line(self, line_id: int) -> int:
        return next(r.id for r in self.store.rmas if any(ln.id == line_id for ln in r.lines))

    def by_number(self, rma_number: str) -> RmaRow | None:
        return next((r for r in self.store.rmas if r.rma_number == rma_number.upper()), None)


def _expects(line: RmaLineRow, code: str, serials: bool) -> bool:
    """What the database's ``_line_expects`` condition says, in Python."""
    c = code.strip().upper()
    if line.sku.upper() == c or (line.gtin is not None and line.gtin in gtin_forms(c)):
        return True
    return serials and c in line.expected_serials.upper().split()


class FakeParcels(_Table):
    def add(self, parcel: ParcelRow) -> None:
        self._insert(self.store.parcels, "parcels", parcel)

    def get(self, parcel_id: int) -> ParcelRow:
        for p in self.store.parcels:
            if p.id == parcel_id:
                return p
        raise KeyError(parcel_id)

    def get_locked(self, parcel_id: int) -> ParcelRow:
        parcel = self.get(parcel_id)
        if parcel.rma_id is not None:
            FakeRmas(self.store).lock(parcel.rma_id)
        return parcel

    def for_rma(self, rma_id: int, status: ParcelStatus) -> list[ParcelRow]:
        linked = {link.parcel_id for link in self.store.parcel_rmas if link.rma_id == rma_id}
        return [
            p
            for p in self.store.parcels
            if (p.rma_id == rma_id or p.id in linked) and p.status == status.value
        ]

    def further_rmas(self, parcel_id: int) -> list[int]:
        return [link.rma_id for link in self.store.parcel_rmas if link.parcel_id == parcel_id]

    def add_rma(self, link: ParcelRmaRow) -> None:
        self._insert(self.store.parcel_rmas, "parcel_rmas", link)

    def count_for_rma(self, rma_id: int, up_to_parcel_id: int) -> int:
        return sum(
            1
            for p in self.store.parcels
            if p.rma_id == rma_id and p.status != ParcelStatus.HELD.value and p.id <= up_to_parcel_id
        )

    def damage(self, parcel_id: int) -> ParcelDamageRow | None:
        return next((d for d in self.store.damages if d.parcel_id == parcel_id), None)

    def add_damage(self, row: ParcelDamageRow) -> None:
        self._insert(self.store.damages, "parcel_damage", row)

    def damaged_between(self, start: datetime, end: datetime) -> list[ParcelDamageRow]:
        return sorted(
            (d for d in self.store.damages if start <= d.noted_at < end), key=lambda d: (d.noted_at, d.id)
        )

    def left_open_at(self, station: str) -> ParcelRow | None:
        mine = [p for p in self.store.parcels if p.status == ParcelStatus.OPEN.value and p.station == station]
        return mine[-1] if mine else None

    def held(self) -> list[ParcelRow]:
        return [p for p in self.store.parcels if p.status == ParcelStatus.HELD.value]

    def received_counts(self, rma_id: int) -> Counter[int]:
        line_no = {ln.id: ln.line_no for ln in FakeRmas(self.store).by_id(rma_id).lines}
        return Counter(
            line_no[it.rma_line_id]
            for it in self.store.items
            if it.rma_line_id in line_no and it.status != ItemStatus.HELD.value
        )

    def received_counts_for(self, rma_ids: Sequence[int]) -> dict[int, Counter[int]]:
        return {i: self.received_counts(i) for i in rma_ids}

    def items(self, parcel_id: int) -> list[ItemRow]:
        return [it for it in self.store.items if it.parcel_id == parcel_id]


class FakeItems(_Table):
    def add(self, item: ItemRow) -> None:
        self._insert(self.store.items, "items", item)

    def get(self, item_id: int) -> ItemRow | None:
        return next((it for it in self.store.items if it.id == item_id), None)

    def with_serial(self, serial: str) -> list[ItemRow]:
        return [it for it in self.store.items if it.serial == serial.upper()[:64]]

    def lock(self, item_id: int) -> str | None:
        self.store.locks.append(("item", item_id))
        item = self.get(item_id)
        return item.status if item is not None else None

    def status_and_category(self, item_id: int) -> tuple[str, str | None] | None:
        item = self.get(item_id)
        if item is None:
            return None
        line = self._line(item.rma_line_id)
        return item.status, line.category if line is not None else None

    def pending(self, limit: int) -> list[PendingRow]:
        return self._pending()[:limit]

    def pending_item(self, item_id: int) -> PendingRow | None:
        return next((p for p in self._pending() if p.item.id == item_id), None)

    def oldest_pending_with_code(self, code: str) -> PendingRow | None:
        return next(
            (p for p in self._pending() if code in (p.line.sku, p.line.gtin, p.item.scanned_code)), None
        )

    def identical_pending(self, item_id: int, limit: int) -> list[PendingRow]:
        anchor = self.pending_item(item_id)
        if anchor is None:
            return []
        same = [
            p
            for p in self._pending()
            if p.item.id != item_id
            and p.line.sku == anchor.line.sku
            and (p.line.rma_id == anchor.line.rma_id or p.item.parcel_id == anchor.item.parcel_id)
        ]
        return [anchor, *same][:limit]

    def of_rma(self, rma_id: int) -> list[tuple[ItemRow, RmaLineRow, InspectionRow | None]]:
        rows = []
        for line in FakeRmas(self.store).by_id(rma_id).lines:
            for it in self.store.items:
                if it.rma_line_id == line.id and it.status != ItemStatus.HELD.value:
                    ins = next((r for r in self.store.inspections if r.item_id == it.id), None)
                    rows.append((it, line, ins))
        return sorted(rows, key=lambda r: (r[1].line_no, r[0].id))

    def _line(self, line_id: int | None) -> RmaLineRow | None:
        return next((ln for r in self.store.rmas for ln in r.lines if ln.id == line_id), None)

    def _pending(self) -> list[PendingRow]:
        received = {p.id for p in self.store.parcels if p.status == ParcelStatus.RECEIVED.value}
        rows = []
        for it in self.store.items:
            line = self._line(it.rma_line_id)
            if it.status == ItemStatus.RECEIVED.value and it.parcel_id in received and line is not None:
                rows.append(PendingRow(it, line, FakeRmas(self.store).by_id(line.rma_id)))
        return sorted(rows, key=lambda p: (p.item.received_at, p.item.id))


class FakeInspections(_Table):
    def for_item(self, item_id: int) -> InspectionRow | None:
        return next((r for r in self.store.inspections if r.item_id == item_id), None)

    def add(self, row: InspectionRow) -> None:
        self._insert(self.store.inspections, "inspections", row)

    def draft(self, item_id: int) -> InspectionDraftRow | None:
        return next((d for d in self.store.drafts if d.item_id == item_id), None)

    def save_draft(self, values: dict[str, Any]) -> None:
        row = self.draft(values["item_id"])
        if row is None:
            self._insert(self.store.drafts, "inspection_drafts", InspectionDraftRow(**values))
            return
        for k, v in values.items():
            if k not in ("item_id", "started_at"):  # the first start is kept, as the upsert does
                setattr(row, k, v)

    def discard_draft(self, item_id: int) -> None:
        self.store.drafts[:] = [d for d in self.store.drafts if d.item_id != item_id]

    def decided_between(
        self, start: datetime | None, end: datetime | None, batch: int
    ) -> Iterator[InspectionRow]:
        rows = sorted(self.store.inspections, key=lambda r: (r.decided_at, r.id))
        yield from (
            r
            for r in rows
            if (start is None or r.decided_at >= start) and (end is None or r.decided_at < end)
        )


class FakePhotos(_Table):
    def add(self, row: InspectionPhotoRow) -> None:
        self._insert(self.store.photos, "inspection_photos", row)

    def for_item(self, item_id: int) -> list[InspectionPhotoRow]:
        return sorted(
            (p for p in self.store.photos if p.item_id == item_id), key=lambda p: (p.taken_at, p.id)
        )

    def count(self, item_id: int) -> int:
        return len(self.for_item(item_id))

    def checks_with_photos(self, item_id: int, check_ids: Sequence[str]) -> set[str]:
        return {
            p.check_id for p in self.for_item(item_id) if p.check_id is not None and p.check_id in check_ids
        }


class FakePrintJobs(_Table):
    def add(self, row: PrintJobRow) -> None:
        self._insert(self.store.print_jobs, "print_jobs", row)

    def by_job_id(self, job_id: str) -> PrintJobRow | None:
        return next((j for j in self.store.print_jobs if j.job_id == job_id), None)

    def detached(self, job_id: str) -> PrintJobRow | None:
        return self.by_job_id(job_id)

    def latest_for_item(self, item_id: int) -> PrintJobRow | None:
        return next((j for j in reversed(self.store.print_jobs) if j.item_id == item_id), None)

    def with_status(self, statuses: Collection[str]) -> list[PrintJobRow]:
        return [j for j in self.store.print_jobs if j.status in statuses]

    def claim(self, job_id: str, now: datetime, stale_before: datetime) -> bool:
        job = self.by_job_id(job_id)
        if job is None or (job.status == "sending" and job.updated_at >= stale_before):
            return False
        job.status, job.updated_at, job.attempts = "sending", now, (job.attempts or 0) + 1
        return True

    def newest(
        self,
        limit: int,
        *,
        item_id: int | None = None,
        statuses: Collection[str] = (),
        search: str = "",
        search_item_id: int | None = None,
        templates: Collection[str] = (),
    ) -> list[PrintJobRow]:
        """The search is the database's (tests/db/test_db_print_history.py): here only an item code's."""
        if search.strip() and search_item_id is None:
            raise NotImplementedError("text search of the label history: a database test")
        return [
            j
            for j in reversed(self.store.print_jobs)
            if (item_id is None or j.item_id == item_id)
            and (not statuses or j.status in statuses)
            and (search_item_id is None or j.item_id == search_item_id)
        ][:limit]


class FakeUsers(_Table):
    def add(self, row: UserRow) -> None:
        if any(u.name == row.name or u.badge == row.badge for u in self.store.users):
            raise IntegrityError("INSERT INTO users", {}, Exception("UNIQUE constraint failed"))
        self._insert(self.store.users, "users", row)

    def get(self, user_id: int) -> UserRow | None:
        return next((u for u in self.store.users if u.id == user_id), None)

    def all_by_name(self) -> list[UserRow]:
        return sorted(self.store.users, key=lambda u: u.name)

    def name_or_badge_taken(self, name: str, badge: str) -> bool:
        return any(u.name.lower() == name.lower() or u.badge == badge for u in self.store.users)

    def anyone_with_pin(self) -> bool:
        return any(u.active and u.pin_hash for u in self.store.users)

    def by_badge_or_name(self, who: str) -> UserRow | None:
        name = " ".join(who.split()).lower()
        return next((u for u in self.store.users if u.badge == who.upper() or u.name.lower() == name), None)

    def clear_failures(self, user_id: int, now: datetime) -> None:
        self._set(user_id, failed_attempts=0, locked_until=None, updated_at=now)

    def add_failure(self, user_id: int, now: datetime) -> int:
        row = self.get(user_id)
        failures = (row.failed_attempts if row is not None else 0) + 1
        self._set(user_id, failed_attempts=failures, updated_at=now)
        return failures

    def lock_until(self, user_id: int, until: datetime) -> None:
        self._set(user_id, locked_until=until)

    def _set(self, user_id: int, **values: Any) -> None:
        row = self.get(user_id)
        for k, v in values.items():
            if row is not None:
                setattr(row, k, v)


class FakeDiscrepancies(_Table):
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
            scanned_code=code,
            detail=detail,
            station=station,
            user=user,
            at=at,
            parcel_id=parcel_id,
            rma_id=rma_id,
            resolved=False,
        )
        self._insert(self.store.discrepancies, "discrepancies", row)
        return row

    def open_for(self, parcel_id: int) -> list[DiscrepancyRow]:
        return [d for d in self.store.discrepancies if d.parcel_id == parcel_id and d.status == "open"]

    def lock(self, discrepancy_id: int) -> DiscrepancyRow | None:
        self.store.locks.append(("discrepancy", discrepancy_id))
        return next((d for d in self.store.discrepancies if d.id == discrepancy_id), None)

    def open_oldest(self, limit: int) -> list[DiscrepancyRow]:
        rows = [d for d in self.store.discrepancies if d.status == "open"]
        return sorted(rows, key=lambda d: (d.at, d.id))[:limit]


class FakeHolds(_Table):
    def count(self) -> int:
        return len(self.store_parcels_held()) + sum(
            1 for it in self.store.items if it.status == ItemStatus.HELD.value
        )

    def store_parcels_held(self) -> list[ParcelRow]:
        return [p for p in self.store.parcels if p.status == ParcelStatus.HELD.value]

    def parcels(self) -> list[HeldParcel]:
        rmas = FakeRmas(self.store)
        held = sorted(self.store_parcels_held(), key=lambda p: (p.received_at, p.id))
        return [HeldParcel(p, rmas.by_id(p.rma_id) if p.rma_id is not None else None) for p in held]

    def items(self) -> list[HeldItem]:
        rmas = FakeRmas(self.store)
        rows = []
        for it in self.store.items:
            if it.status != ItemStatus.HELD.value:
                continue
            parcel = FakeParcels(self.store, []).get(it.parcel_id)
            rma = rmas.by_id(parcel.rma_id) if parcel.rma_id is not None else None
            line = FakeItems(self.store, [])._line(it.rma_line_id)
            problems = tuple(
                d for d in self.store.discrepancies if d.parcel_id == parcel.id and d.status == "open"
            )
            rows.append(HeldItem(it, parcel, rma, line, problems))
        return sorted(rows, key=lambda r: (r.item.received_at, r.item.id))

    def lock_parcel(self, parcel_id: int) -> ParcelRow | None:
        self.store.locks.append(("parcel", parcel_id))
        return next((p for p in self.store.parcels if p.id == parcel_id), None)

    def latest_with_code(self, code: str) -> ParcelRow | None:
        found = [
            p
            for p in self.store.parcels
            if p.scanned_code == code[:128] and p.status in (ParcelStatus.HELD.value, ParcelStatus.OPEN.value)
        ]
        return max(found, key=lambda p: p.id) if found else None

    def add_resolution(self, row: HoldResolutionRow) -> None:
        if any(
            (row.parcel_id is not None and r.parcel_id == row.parcel_id)
            or (row.item_id is not None and r.item_id == row.item_id)
            for r in self.store.hold_resolutions
        ):
            raise IntegrityError("INSERT INTO hold_resolutions", {}, Exception("UNIQUE constraint failed"))
        self._insert(self.store.hold_resolutions, "hold_resolutions", row)

    def resolution(
        self, parcel_id: int | None = None, item_id: int | None = None
    ) -> HoldResolutionRow | None:
        return next(
            (
                r
                for r in self.store.hold_resolutions
                if (parcel_id is not None and r.parcel_id == parcel_id)
                or (parcel_id is None and r.item_id == item_id)
            ),
            None,
        )

    def add_rma(self, rma: RmaRow) -> None:
        self._insert(self.store.rmas, "rmas", rma)

    def add_line(self, rma: RmaRow, line: RmaLineRow) -> None:
        line.id = self.store.next_id("rma_lines")
        line.rma_id = rma.id
        rma.lines.append(line)

    def search_rmas(self, text: str, limit: int = 20) -> list[RmaRow]:
        needle = text.strip().lower()
        found = [r for r in self.store.rmas if needle in r.customer.lower() and r.status == "open"]
        return sorted(found, key=lambda r: -r.id)[:limit]


class FakeQuarantine(_Table):
    def _all(self) -> list[QuarantinedItem]:
        rows = []
        for ins in self.store.inspections:
            item = FakeItems(self.store, []).get(ins.item_id)
            if (
                item is None
                or item.status != ItemStatus.DISPOSITIONED.value
                or ins.disposition != "quarantine"
            ):
                continue
            line = FakeItems(self.store, [])._line(item.rma_line_id)
            assert line is not None
            rows.append(QuarantinedItem(item, ins, line, FakeRmas(self.store).by_id(line.rma_id)))
        return sorted(rows, key=lambda r: (r.inspection.decided_at, r.item.id))

    def count(self) -> int:
        return len(self._all())

    def queue(self, limit: int) -> list[QuarantinedItem]:
        return self._all()[:limit]

    def get(self, item_id: int) -> QuarantinedItem | None:
        return next((r for r in self._all() if r.item.id == item_id), None)

    def photo_counts(self, item_ids: Sequence[int]) -> dict[int, int]:
        counts = Counter(p.item_id for p in self.store.photos if p.item_id in item_ids)
        return dict(counts)


class FakeConcerns(_Table):
    def add(self, row: ConcernRow) -> None:
        self._insert(self.store.concerns, "concerns", row)

    def lock(self, concern_id: int) -> ConcernRow | None:
        self.store.locks.append(("concern", concern_id))
        return next((c for c in self.store.concerns if c.id == concern_id), None)

    def for_rma(self, rma_id: int) -> list[ConcernRow]:
        return [c for c in self.store.concerns if c.rma_id == rma_id]

    def open(self, limit: int) -> list[ConcernRow]:
        rows = [c for c in self.store.concerns if c.status == "open"]
        return sorted(rows, key=lambda c: (c.raised_at, c.id))[:limit]

    def count_open(self) -> int:
        return len(self.open(10**9))

    def history(self, customer: str, since: datetime) -> tuple[int, int, int]:
        returns = sum(1 for r in self.store.rmas if r.customer == customer and r.authorized_at >= since)
        mine = [c for c in self.store.concerns if c.customer == customer and c.raised_at >= since]
        return returns, len(mine), sum(1 for c in mine if c.status == "confirmed")


class FakeEvents(_Table, EventRecording):
    def _keep(self, row: EventRow) -> None:
        self._insert(self.store.events, "events", row)

    def subject_of_scan(self, subject_type: str, subject_ids: Sequence[int], scan_key: str) -> int | None:
        for e in self.store.events:
            if (
                e.subject_type == subject_type
                and e.subject_id in subject_ids
                and e.payload.get("scan") == scan_key
            ):
                return e.subject_id
        return None

    def for_subject(self, subject_type: str, subject_id: int) -> list[EventRow]:
        return [e for e in self.store.events if (e.subject_type, e.subject_id) == (subject_type, subject_id)]


def _conforms(store: FakeStore) -> UnitOfWorkPort:
    """mypy checks here that the fake has every method of the Protocols the services use."""
    return store.uow()
