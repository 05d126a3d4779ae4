"""One transaction per use case: commit is explicit, anything else rolls back.

The use case says whether it writes: ``uow_factory(read_only=True)`` opens a reading transaction
(a deferred BEGIN on SQLite, which under WAL never waits behind a writer; READ ONLY on PostgreSQL),
anything else a writing one (BEGIN IMMEDIATE on SQLite, so it queues once, up front). A read-only
unit of work refuses to write three times over: its session refuses to flush a change, ``commit``
refuses, and the database refuses a raw statement (store/db.py) - a write that slipped into a read
path is a bug to see, never a write that races the writers.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, Protocol

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from returnstation.store.db import READ_ONLY
from returnstation.store.ports import ReadOnlyUnitOfWork, UnitOfWorkPort
from returnstation.store.repo_exceptions import ConcernRepository, HoldRepository, QuarantineRepository
from returnstation.store.repo_inspections import InspectionRepository
from returnstation.store.repo_items import ItemRepository
from returnstation.store.repo_photos import PhotoRepository
from returnstation.store.repo_print_jobs import PrintJobRepository
from returnstation.store.repo_users import UserRepository
from returnstation.store.report_queries import ReportQueries
from returnstation.store.repositories import (
    DiscrepancyLog,
    EventLog,
    MetaStore,
    ParcelRepository,
    RmaRepository,
)


class UnitOfWork:
    session: Session
    rmas: RmaRepository
    parcels: ParcelRepository
    discrepancies: DiscrepancyLog
    events: EventLog
    meta: MetaStore
    items: ItemRepository
    inspections: InspectionRepository
    photos: PhotoRepository
    users: UserRepository
    print_jobs: PrintJobRepository
    holds: HoldRepository
    quarantine: QuarantineRepository
    concerns: ConcernRepository
    reports: ReportQueries  # read models for the reports; no in-memory twin (see report_queries.py)

    def __init__(self, session_factory: sessionmaker[Session], read_only: bool = False) -> None:
        self._factory = session_factory
        self.read_only = read_only

    def __enter__(self) -> UnitOfWork:
        if self.read_only:
            self.session = self._factory(execution_options={READ_ONLY: True})
            event.listen(self.session, "before_flush", _refuse_flush)
        else:
            self.session = self._factory()
        self.rmas = RmaRepository(self.session)
        self.parcels = ParcelRepository(self.session)
        self.discrepancies = DiscrepancyLog(self.session)
        self.events = EventLog(self.session)
        self.meta = MetaStore(self.session)
        self.items = ItemRepository(self.session)
        self.inspections = InspectionRepository(self.session)
        self.photos = PhotoRepository(self.session)
        self.users = UserRepository(self.session)
        self.print_jobs = PrintJobRepository(self.session)
        self.reports = ReportQueries(self.session)
        self.holds = HoldRepository(self.session)
        self.quarantine = QuarantineRepository(self.session)
        self.concerns = ConcernRepository(self.session)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        if self.read_only:
            raise ReadOnlyUnitOfWork("commit in a read-only unit of work")
        self.session.commit()


def _refuse_flush(session: Session, _context: Any, _instances: Any) -> None:
    if session.new or session.dirty or session.deleted:
        raise ReadOnlyUnitOfWork("a change flushed in a read-only unit of work")


class UnitOfWorkFactory(Protocol):
    """What a service opens per use case: ``read_only=True`` when the use case only reads."""

    def __call__(self, read_only: bool = False) -> UnitOfWorkPort: ...


def uow_factory_for(
    session_factory: sessionmaker[Session] | None, given: UnitOfWorkFactory | None = None
) -> UnitOfWorkFactory:
    """The unit of work a service opens per use case: ``given`` (an in-memory one in unit tests), else
    a database transaction from ``session_factory``. One helper, so every service is wired alike."""
    if given is not None:
        return given
    if session_factory is None:
        raise ValueError("a service needs a session factory or a unit-of-work factory")
    sf = session_factory

    def open_uow(read_only: bool = False) -> UnitOfWorkPort:
        return UnitOfWork(sf, read_only)

    return open_uow
