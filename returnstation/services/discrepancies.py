"""Discrepancies get settled: open until a supervisor resolves them or writes them off, with who, when, why.

A hold resolved on the hold shelf settles its own discrepancies (services/holds.py). The others (a
short quantity, a code that matched nothing, a parcel scanned twice) are worked from the supervisor's
list of open discrepancies, oldest first, and ``report`` counts how many were opened and settled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from returnstation.domain.access import requires
from returnstation.domain.clock import Clock, utcnow
from returnstation.domain.enums import DiscrepancyStatus
from returnstation.domain.holds import age_text
from returnstation.domain.messages import msg
from returnstation.domain.roles import Permission
from returnstation.reports.exceptions import discrepancy_label
from returnstation.services.results import ActionRefused, StationContext
from returnstation.store.errors import guard_database
from returnstation.store.models import DiscrepancyRow
from returnstation.store.ports import UnitOfWorkPort
from returnstation.store.uow import UnitOfWorkFactory, uow_factory_for


def settle(
    ctx: StationContext,
    uow: UnitOfWorkPort,
    row: DiscrepancyRow,
    status: DiscrepancyStatus,
    resolution: str,
    reason: str,
    via: str,
    now: datetime,
) -> None:
    """One discrepancy settled, with who, when and why, and its event: the one way, whether a
    supervisor settles it from the list or a hold resolved on the shelf settles its own."""
    row.status = status.value
    row.resolved = True
    row.resolved_by = ctx.user
    row.resolved_at = now
    row.resolution = resolution[:2000]
    uow.events.record(
        ctx,
        now,
        "discrepancy_resolved",
        ("discrepancy", row.id),
        before=DiscrepancyStatus.OPEN.value,
        after=status.value,
        payload={"kind": row.kind, "reason": reason[:2000], "via": via},
    )


class DiscrepancyRefused(ActionRefused):
    """No reason, no such discrepancy, or already settled; nothing was written."""


@dataclass(frozen=True, slots=True)
class DiscrepancyView:
    discrepancy_id: int
    kind: str
    label: str
    detail: str
    scanned_code: str
    at: datetime
    age: str
    station: str
    user: str
    status: str


@guard_database
class DiscrepancyService:
    def __init__(
        self,
        session_factory: sessionmaker[Session] | None,
        ctx: StationContext,
        clock: Clock = utcnow,
        *,
        uow_factory: UnitOfWorkFactory | None = None,
    ) -> None:
        self._uow = uow_factory_for(session_factory, uow_factory)
        self.ctx = ctx
        self._now = clock

    @requires(Permission.RESOLVE_DISCREPANCY)
    def open_by_age(self, limit: int = 200) -> list[DiscrepancyView]:
        """Open discrepancies, oldest first (one statement)."""
        now = self._now()
        with self._uow(read_only=True) as uow:
            return [
                DiscrepancyView(
                    discrepancy_id=d.id,
                    kind=d.kind,
                    label=discrepancy_label(d.kind),
                    detail=d.detail,
                    scanned_code=d.scanned_code,
                    at=d.at,
                    age=age_text(d.at, now),
                    station=d.station,
                    user=d.user,
                    status=d.status,
                )
                for d in uow.discrepancies.open_oldest(limit)
            ]

    @requires(Permission.RESOLVE_DISCREPANCY)
    def resolve(self, discrepancy_id: int, reason: str) -> None:
        self._settle(discrepancy_id, DiscrepancyStatus.RESOLVED, reason)

    @requires(Permission.RESOLVE_DISCREPANCY)
    def write_off(self, discrepancy_id: int, reason: str) -> None:
        self._settle(discrepancy_id, DiscrepancyStatus.WRITTEN_OFF, reason)

    def _settle(self, discrepancy_id: int, status: DiscrepancyStatus, reason: str) -> None:
        why = " ".join(reason.split())
        if not why:
            raise DiscrepancyRefused(
                msg("Give a reason: discrepancy #{discrepancy_id} keeps it.", discrepancy_id=discrepancy_id)
            )
        now = self._now()
        with self._uow() as uow:
            row = uow.discrepancies.lock(discrepancy_id)
            if row is None:
                raise DiscrepancyRefused(
                    msg("There is no discrepancy #{discrepancy_id}.", discrepancy_id=discrepancy_id)
                )
            if row.status != DiscrepancyStatus.OPEN.value:
                raise DiscrepancyRefused(
                    msg(
                        "Discrepancy #{discrepancy_id} was already {status} by {resolved_by}.",
                        discrepancy_id=discrepancy_id,
                        status=row.status.replace("_", " "),
                        resolved_by=row.resolved_by,
                    )
                )
            settle(self.ctx, uow, row, status, why, why, status.value, now)
            uow.commit()
