"""One transaction per use case: commit is explicit, anything else rolls back."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.orm import Session, sessionmaker

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

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory

    def __enter__(self) -> UnitOfWork:
        self.session = self._factory()
        self.rmas = RmaRepository(self.session)
        self.parcels = ParcelRepository(self.session)
        self.discrepancies = DiscrepancyLog(self.session)
        self.events = EventLog(self.session)
        self.meta = MetaStore(self.session)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        self.session.commit()
