"""Concerns: anyone at the bench flags a suspected fraud or abuse; a supervisor clears or confirms it.

Why a flag and not a disposition: the item still goes where its condition says, but the credit must
wait for a person's judgement. An open concern holds the RMA's credit back (``credit_held``); a cleared
one lets it go; a confirmed one goes with the credit as a finding, so the order system can refuse or
reduce the refund (services/after_disposition.py). Reasons come from ``data/concern_reasons.yaml``.

Other use cases raise concerns too (a serial that conflicts with another return): they call
``raise_concern_in`` inside their own transaction, or ``ConcernService.raise_concern`` on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from returnstation.disposition.concern_reasons import load_concern_reasons
from returnstation.domain.access import open_to_all, requires
from returnstation.domain.clock import Clock, utcnow
from returnstation.domain.enums import ConcernStatus
from returnstation.domain.item_code import item_code
from returnstation.domain.messages import join, msg
from returnstation.domain.roles import Permission
from returnstation.services.after_disposition import emit_credit_trigger_if_complete
from returnstation.services.results import ActionRefused, StationContext
from returnstation.store.errors import guard_database
from returnstation.store.models_exceptions import ConcernRow
from returnstation.store.ports import UnitOfWorkPort
from returnstation.store.uow import UnitOfWorkFactory, uow_factory_for

HISTORY_WINDOW = timedelta(days=365)


class ConcernRefused(ActionRefused):
    """Unknown reason, nothing to raise it on, or already decided; nothing was written."""


@dataclass(frozen=True, slots=True)
class ConcernView:
    concern_id: int
    reason_code: str
    reason: str  # the label people read
    note: str
    status: str
    rma_number: str | None
    item_code: str | None
    parcel_id: int | None
    customer: str | None
    raised_by: str
    raised_at: datetime
    decided_by: str | None = None
    finding: str | None = None


@dataclass(frozen=True, slots=True)
class CustomerHistory:
    """What the bench sees about a customer when a parcel is opened: returns and concerns in 12 months."""

    customer: str
    returns: int
    concerns_raised: int
    concerns_confirmed: int

    def text(self) -> str:
        line: str = msg(
            "{customer}: {returns} return(s) in 12 months", customer=self.customer, returns=self.returns
        )
        if self.concerns_raised:
            line = join(
                [
                    line,
                    msg(
                        ", {concerns_raised} concern(s) raised, {concerns_confirmed} confirmed",
                        concerns_raised=self.concerns_raised,
                        concerns_confirmed=self.concerns_confirmed,
                    ),
                ]
            )
        return line


def raise_concern_in(
    uow: UnitOfWorkPort,
    ctx: StationContext,
    now: datetime,
    reasons: Mapping[str, str],
    reason_code: str,
    note: str = "",
    *,
    item_id: int | None = None,
    parcel_id: int | None = None,
) -> ConcernRow:
    """Record a concern on an item or a parcel inside the caller's transaction (the caller commits)."""
    ctx.require(Permission.RAISE_CONCERN)
    if reason_code not in reasons:
        raise ConcernRefused(
            msg(
                "'{reason_code}' is not a concern reason (use {reasons}).",
                reason_code=reason_code,
                reasons=", ".join(reasons),
            )
        )
    if (item_id is None) == (parcel_id is None):
        raise ConcernRefused(msg("A concern is raised on one item or one parcel."))
    if item_id is not None:
        item = uow.items.get(item_id)
        if item is None:
            raise ConcernRefused(msg("There is no item {item_code}.", item_code=item_code(item_id)))
        parcel_id = item.parcel_id
    assert parcel_id is not None
    try:
        parcel = uow.parcels.get(parcel_id)
    except KeyError:
        raise ConcernRefused(msg("There is no parcel #{parcel_id}.", parcel_id=parcel_id)) from None
    rma = uow.rmas.by_id(parcel.rma_id) if parcel.rma_id is not None else None
    row = ConcernRow(
        rma_id=rma.id if rma else None,
        parcel_id=parcel_id,
        item_id=item_id,
        customer=rma.customer if rma else None,
        reason_code=reason_code,
        note=" ".join(note.split())[:2000],
        status=ConcernStatus.OPEN.value,
        raised_by=ctx.user,
        station=ctx.station,
        raised_at=now,
    )
    uow.concerns.add(row)
    uow.events.record(
        ctx,
        now,
        "concern_raised",
        ("concern", row.id),
        after=ConcernStatus.OPEN.value,
        payload={
            "reason_code": reason_code,
            "note": row.note,
            "rma": rma.rma_number if rma else None,
            "parcel": parcel_id,
            "item": item_id,
        },
    )
    if rma is not None:
        emit_credit_trigger_if_complete(uow, rma.id, ctx, now)  # a credit held now says why again
    return row


@guard_database
class ConcernService:
    def __init__(
        self,
        session_factory: sessionmaker[Session] | None,
        ctx: StationContext,
        reasons: Mapping[str, str] | None = None,
        clock: Clock = utcnow,
        *,
        uow_factory: UnitOfWorkFactory | None = None,
    ) -> None:
        self._uow = uow_factory_for(session_factory, uow_factory)
        self.ctx = ctx
        self.reasons = dict(reasons) if reasons is not None else dict(load_concern_reasons())
        self._now = clock

    @open_to_all("raise_concern_in checks RAISE_CONCERN inside the transaction it shares")
    def raise_concern(
        self,
        reason_code: str,
        note: str = "",
        *,
        item_id: int | None = None,
        parcel_id: int | None = None,
    ) -> ConcernView:
        """Flag an item or a parcel (any clerk or inspector); ``ConcernRefused`` says what is wrong."""
        now = self._now()
        with self._uow() as uow:
            row = raise_concern_in(
                uow, self.ctx, now, self.reasons, reason_code, note, item_id=item_id, parcel_id=parcel_id
            )
            uow.commit()
            return self._view(uow, row)

    @requires(Permission.DECIDE_CONCERN)
    def clear(self, concern_id: int, finding: str) -> ConcernView:
        """The suspicion was unfounded: the credit may go (if nothing else holds it)."""
        return self._decide(concern_id, ConcernStatus.CLEARED, finding)

    @requires(Permission.DECIDE_CONCERN)
    def confirm(self, concern_id: int, finding: str) -> ConcernView:
        """The suspicion is confirmed: the finding goes to the order system with the credit."""
        return self._decide(concern_id, ConcernStatus.CONFIRMED, finding)

    def _decide(self, concern_id: int, status: ConcernStatus, finding: str) -> ConcernView:
        words = " ".join(finding.split())
        if not words:
            raise ConcernRefused(
                msg("Say why the concern is {status}: the finding is kept.", status=status.value)
            )
        now = self._now()
        with self._uow() as uow:
            row = uow.concerns.lock(concern_id)
            if row is None:
                raise ConcernRefused(msg("There is no concern #{concern_id}.", concern_id=concern_id))
            if row.status != ConcernStatus.OPEN.value:
                when = f" ({row.decided_at:%Y-%m-%d %H:%M})" if row.decided_at else ""
                raise ConcernRefused(
                    msg(
                        "Concern #{concern_id} was already {status} by {decided_by}{when}.",
                        concern_id=concern_id,
                        status=row.status,
                        decided_by=row.decided_by,
                        when=when,
                    )
                )
            row.status = status.value
            row.decided_by = self.ctx.user
            row.decided_at = now
            row.finding = words[:2000]
            uow.events.record(
                self.ctx,
                now,
                f"concern_{status.value}",
                ("concern", row.id),
                before=ConcernStatus.OPEN.value,
                after=status.value,
                payload={"reason_code": row.reason_code, "finding": row.finding, "item": row.item_id},
            )
            if row.rma_id is not None:
                emit_credit_trigger_if_complete(uow, row.rma_id, self.ctx, now)
            uow.commit()
            return self._view(uow, row)

    @requires(Permission.DECIDE_CONCERN)
    def open_concerns(self, limit: int = 200) -> list[ConcernView]:
        with self._uow(read_only=True) as uow:
            return [self._view(uow, row) for row in uow.concerns.open(limit)]

    @open_to_all("a number for the status of the bench: no customer data")
    def count_open(self) -> int:
        with self._uow(read_only=True) as uow:
            return uow.concerns.count_open()

    @requires(Permission.RAISE_CONCERN)
    def history(self, customer: str) -> CustomerHistory:
        """Returns and concerns of this customer in the last 12 months (two statements)."""
        with self._uow(read_only=True) as uow:
            returns, raised, confirmed = uow.concerns.history(customer, self._now() - HISTORY_WINDOW)
        return CustomerHistory(customer, returns, raised, confirmed)

    @requires(Permission.RAISE_CONCERN)
    def history_of_rma(self, rma_number: str) -> CustomerHistory | None:
        """The history of the customer an RMA belongs to (None for an unknown RMA)."""
        with self._uow(read_only=True) as uow:
            found = uow.rmas.find_by_code(rma_number)
            customer = found[0].customer if len(found) == 1 else None
        return self.history(customer) if customer is not None else None

    def _view(self, uow: UnitOfWorkPort, row: ConcernRow) -> ConcernView:
        rma = uow.rmas.by_id(row.rma_id).rma_number if row.rma_id is not None else None
        return ConcernView(
            concern_id=row.id,
            reason_code=row.reason_code,
            reason=self.reasons.get(row.reason_code, row.reason_code),
            note=row.note,
            status=row.status,
            rma_number=rma,
            item_code=item_code(row.item_id) if row.item_id is not None else None,
            parcel_id=row.parcel_id,
            customer=row.customer,
            raised_by=row.raised_by,
            raised_at=row.raised_at,
            decided_by=row.decided_by,
            finding=row.finding,
        )
