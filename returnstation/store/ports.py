"""What the services may ask of storage, as Protocols: the seam between use cases and SQLAlchemy.

Why Protocols and not the SQLAlchemy classes: a service written against these can run on the real
unit of work (store/uow.py, one database transaction) or on an in-memory one (tests/unit/services/
fakes.py), so the receiving and inspection rules are tested in milliseconds without a database, while
the database tests keep what needs one (locks, upserts, the audit chain, two stations at once).

The values are the ORM row classes themselves: the services read and change rows (a parcel's status,
an RMA's status) and the unit of work decides when the change is written. An in-memory store keeps the
same row objects, never attached to a session. Every method says in domain words what it reads; the
real implementation is named next to each Protocol.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator, Mapping, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, NamedTuple, Protocol, Self

from returnstation.domain.enums import Discrepancy, ParcelStatus
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
from returnstation.store.models_inspection import InspectionDraftRow
from returnstation.store.models_photos import InspectionPhotoRow
from returnstation.store.models_receiving import ParcelDamageRow, ParcelRmaRow
from returnstation.store.models_users import UserRow
from returnstation.store.repositories import Actor


class PendingRow(NamedTuple):
    """An item waiting for inspection with the RMA line and RMA it was received against."""

    item: ItemRow
    line: RmaLineRow
    rma: RmaRow


class RmaStore(Protocol):
    """store/repositories.py: RmaRepository."""

    def by_id(self, rma_id: int) -> RmaRow: ...  # KeyError when unknown
    def lock(self, rma_id: int) -> None: ...
    def find_by_code(self, code: str) -> list[RmaRow]: ...
    def open_rmas_with_item(self, code: str, customer: str, exclude_rma_id: int) -> list[RmaRow]: ...
    def open_expecting(self, code: str, limit: int, customer: str | None = None) -> list[int]: ...
    def open_expecting_serial(self, serial: str) -> list[int]: ...
    def by_ids(self, ids: Sequence[int]) -> list[RmaRow]: ...
    def by_number(self, rma_number: str) -> RmaRow | None: ...
    def of_line(self, line_id: int) -> int: ...  # KeyError when unknown


class ParcelStore(Protocol):
    """store/repositories.py: ParcelRepository."""

    def add(self, parcel: ParcelRow) -> None: ...  # the parcel has its id afterwards
    def get(self, parcel_id: int) -> ParcelRow: ...  # KeyError when unknown
    def get_locked(self, parcel_id: int) -> ParcelRow: ...
    def for_rma(self, rma_id: int, status: ParcelStatus) -> list[ParcelRow]: ...
    def further_rmas(self, parcel_id: int) -> list[int]: ...
    def add_rma(self, link: ParcelRmaRow) -> None: ...
    def count_for_rma(self, rma_id: int, up_to_parcel_id: int) -> int: ...
    def damage(self, parcel_id: int) -> ParcelDamageRow | None: ...
    def add_damage(self, row: ParcelDamageRow) -> None: ...
    def damaged_between(self, start: datetime, end: datetime) -> list[ParcelDamageRow]: ...
    def left_open_at(self, station: str) -> ParcelRow | None: ...
    def held(self) -> list[ParcelRow]: ...
    def received_counts(self, rma_id: int) -> Counter[int]: ...
    def received_counts_for(self, rma_ids: Sequence[int]) -> dict[int, Counter[int]]: ...
    def items(self, parcel_id: int) -> list[ItemRow]: ...


class ItemStore(Protocol):
    """store/repo_items.py: ItemRepository."""

    def add(self, item: ItemRow) -> None: ...  # the item has its id afterwards
    def get(self, item_id: int) -> ItemRow | None: ...
    def with_serial(self, serial: str) -> list[ItemRow]: ...
    def lock(self, item_id: int) -> str | None: ...  # its status, None when unknown
    def status_and_category(self, item_id: int) -> tuple[str, str | None] | None: ...
    def pending(self, limit: int) -> list[PendingRow]: ...
    def pending_item(self, item_id: int) -> PendingRow | None: ...
    def oldest_pending_with_code(self, code: str) -> PendingRow | None: ...


class InspectionStore(Protocol):
    """store/repo_inspections.py: InspectionRepository."""

    def for_item(self, item_id: int) -> InspectionRow | None: ...
    def add(self, row: InspectionRow) -> None: ...
    def draft(self, item_id: int) -> InspectionDraftRow | None: ...
    def save_draft(self, values: dict[str, Any]) -> None: ...
    def discard_draft(self, item_id: int) -> None: ...
    def decided_between(
        self, start: datetime | None, end: datetime | None, batch: int
    ) -> Iterator[InspectionRow]: ...


class PhotoStore(Protocol):
    """store/repo_photos.py: PhotoRepository."""

    def add(self, row: InspectionPhotoRow) -> None: ...  # the row has its id afterwards
    def for_item(self, item_id: int) -> list[InspectionPhotoRow]: ...
    def count(self, item_id: int) -> int: ...
    def checks_with_photos(self, item_id: int, check_ids: Sequence[str]) -> set[str]: ...


class PrintJobStore(Protocol):
    """store/repo_print_jobs.py: PrintJobRepository."""

    def add(self, row: PrintJobRow) -> None: ...
    def by_job_id(self, job_id: str) -> PrintJobRow | None: ...
    def detached(self, job_id: str) -> PrintJobRow | None: ...
    def latest_for_item(self, item_id: int) -> PrintJobRow | None: ...
    def with_status(self, statuses: Collection[str]) -> list[PrintJobRow]: ...
    def claim(self, job_id: str, now: datetime, stale_before: datetime) -> bool: ...
    def newest(
        self,
        limit: int,
        *,
        item_id: int | None = None,
        statuses: Collection[str] = (),
        search: str = "",
        search_item_id: int | None = None,
        templates: Collection[str] = (),
    ) -> list[PrintJobRow]: ...


class UserStore(Protocol):
    """store/repo_users.py: UserRepository."""

    def add(self, row: UserRow) -> None: ...  # IntegrityError when the name or badge is taken
    def get(self, user_id: int) -> UserRow | None: ...
    def all_by_name(self) -> list[UserRow]: ...
    def name_or_badge_taken(self, name: str, badge: str) -> bool: ...
    def anyone_with_pin(self) -> bool: ...
    def by_badge_or_name(self, who: str) -> UserRow | None: ...
    def clear_failures(self, user_id: int, now: datetime) -> None: ...
    def add_failure(self, user_id: int, now: datetime) -> int: ...
    def lock_until(self, user_id: int, until: datetime) -> None: ...


class DiscrepancyStore(Protocol):
    """store/repositories.py: DiscrepancyLog."""

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
    ) -> DiscrepancyRow: ...


class EventStore(Protocol):
    """store/repositories.py: EventLog."""

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
    ) -> EventRow: ...
    def subject_of_scan(self, subject_type: str, subject_ids: Sequence[int], scan_key: str) -> int | None: ...
    def for_subject(self, subject_type: str, subject_id: int) -> list[EventRow]: ...


class UnitOfWorkPort(Protocol):
    """One use case's transaction: nothing is kept unless ``commit`` is called before the block ends."""

    @property
    def rmas(self) -> RmaStore: ...
    @property
    def parcels(self) -> ParcelStore: ...
    @property
    def items(self) -> ItemStore: ...
    @property
    def inspections(self) -> InspectionStore: ...
    @property
    def photos(self) -> PhotoStore: ...
    @property
    def users(self) -> UserStore: ...
    @property
    def print_jobs(self) -> PrintJobStore: ...
    @property
    def discrepancies(self) -> DiscrepancyStore: ...
    @property
    def events(self) -> EventStore: ...

    def __enter__(self) -> Self: ...
    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...
    def commit(self) -> None: ...
