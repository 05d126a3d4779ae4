"""One transaction per use case: commit is explicit, anything else rolls back."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from sqlalchemy.orm import Session, sessionmaker

from returnstation.store.ports import UnitOfWorkPort
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

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory

    def __enter__(self) -> UnitOfWork:
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
        self.session.commit()


UnitOfWorkFactory = Callable[[], UnitOfWorkPort]


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
    return lambda: UnitOfWork(sf)
