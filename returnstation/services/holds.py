"""The hold shelf workbench: every parcel and item on hold leaves it one of four ways, each audited.

What waits there: parcels the bench could not receive (no RMA found, RMA expired or closed) and items
taken out of a parcel (not on the RMA, one too many). A supervisor

- **matches** it to an RMA: a parcel becomes an open receipt of that RMA and continues at whichever
  bench scans it next; an item is received against the RMA line it belongs to;
- **accepts** it without an RMA: an ad-hoc RMA marked unauthorised is made for it, then it is received
  (a parcel's items add lines to that RMA as they are scanned);
- **refuses** it: it goes back to the sender with a return-to-sender label;
- **disposes** of it (scrap or recycle).

Each action needs a reason, settles the hold's open discrepancies, writes ``hold_resolved`` and a row in
``hold_resolutions`` (unique per parcel and per item), all in one transaction under the parcel's or the
item's row lock: of two supervisors resolving the same hold at once exactly one wins, and the other is
told who did what. A refused action writes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session, sessionmaker

from returnstation.domain.access import open_to_all, requires
from returnstation.domain.clock import Clock, utcnow
from returnstation.domain.enums import (
    Discrepancy,
    DiscrepancyStatus,
    HoldAction,
    ItemStatus,
    ParcelStatus,
    RmaStatus,
)
from returnstation.domain.holds import HoldRef, age_text, hold_code, parse_hold_ref
from returnstation.domain.item_code import item_code
from returnstation.domain.messages import Message, join, msg
from returnstation.domain.rma import match_item
from returnstation.domain.roles import Permission
from returnstation.reports.exceptions import discrepancy_label
from returnstation.services.discrepancies import settle
from returnstation.services.results import ActionRefused, StationContext
from returnstation.store.errors import guard_database
from returnstation.store.models import DiscrepancyRow, ItemRow, ParcelRow, PrintJobRow, RmaLineRow, RmaRow
from returnstation.store.models_exceptions import HoldResolutionRow
from returnstation.store.ports import UnitOfWorkPort
from returnstation.store.repo_exceptions import HeldItem
from returnstation.store.repositories import to_domain
from returnstation.store.uow import UnitOfWorkFactory, uow_factory_for
from returnstation.translation import localize, translator

RETURN_TEMPLATE = "routing_4x6"  # the routing label's layout carries a return-to-sender label well
RETURN_DESTINATION = "CARRIER-RETURN"
ADHOC_PREFIX = "ADHOC-"
# An ad-hoc line has no authorization behind it: no value (the order system prices it, if at all) and
# the plainest reason; the RMA's ``unauthorised`` flag (in the credit event) says the rest.
ADHOC_REASON = "no_longer_wanted"
ADHOC_CATEGORY = "general"
MIN_SEARCH = 3  # shortest customer text searched: fewer letters match half the customers
AFTER: dict[HoldAction, tuple[ParcelStatus, ItemStatus]] = {
    HoldAction.MATCH: (ParcelStatus.OPEN, ItemStatus.RECEIVED),
    HoldAction.ACCEPT: (ParcelStatus.OPEN, ItemStatus.RECEIVED),
    HoldAction.REFUSE: (ParcelStatus.RETURNED, ItemStatus.RETURNED),
    HoldAction.SCRAP: (ParcelStatus.DISPOSED, ItemStatus.DISPOSED),
    HoldAction.RECYCLE: (ParcelStatus.DISPOSED, ItemStatus.DISPOSED),
}
def done_words(action: HoldAction, rma: str) -> Message:
    """What was done with a hold, for the sentence that reports it ("matched to R-1", "scrapped")."""
    if action is HoldAction.MATCH:
        return msg("matched to {rma}", rma=rma)
    if action is HoldAction.ACCEPT:
        return msg("accepted without RMA as {rma}", rma=rma)
    if action is HoldAction.REFUSE:
        return msg("returned to sender")
    if action is HoldAction.SCRAP:
        return msg("scrapped")
    return msg("recycled")


class HoldRefused(ActionRefused):
    """The action cannot be done (no reason, no such hold, already resolved, no fitting RMA); nothing
    was written. The message says why, for the person at the bench."""


@dataclass(frozen=True, slots=True)
class HoldView:
    """One thing on the shelf, as the workbench and ``hold list`` show it."""

    ref: str  # "#5" (a parcel) or "RSI-000004" (an item)
    parcel_id: int
    item_id: int | None
    held_at: datetime
    age: str
    why: str  # the discrepancy's words
    kind: str  # the discrepancy kind (a Discrepancy value)
    scanned_code: str
    rma_number: str | None
    customer: str | None
    station: str
    user: str

    @property
    def is_item(self) -> bool:
        return self.item_id is not None


@dataclass(frozen=True, slots=True)
class HoldOutcome:
    ref: str
    action: HoldAction
    message: str
    rma_number: str | None = None
    label_job: str | None = None


@guard_database
class HoldService:
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

    # -- reading -------------------------------------------------------------------------------
    @open_to_all("a number the Receive tab shows every clerk: no customer data")
    def count(self) -> int:
        """Parcels and items on the shelf: the one number every page shows (one statement)."""
        with self._uow(read_only=True) as uow:
            return uow.holds.count()

    @requires(Permission.HOLD_QUEUE)
    def shelf(self) -> list[HoldView]:
        """Everything on the shelf, oldest first (a fixed number of statements, whatever its length)."""
        now = self._now()
        with self._uow(read_only=True) as uow:
            views = [_parcel_view(p, r, now) for p, r in uow.holds.parcels()]
            views += [_item_view(h, now) for h in uow.holds.items()]
        return sorted(views, key=lambda v: (v.held_at, v.parcel_id, v.item_id or 0))

    # -- resolving -----------------------------------------------------------------------------
    @requires(Permission.HOLD_QUEUE)
    def resolve(
        self, ref: str | HoldRef, action: HoldAction, reason: str, rma_code: str | None = None
    ) -> HoldOutcome:
        """Do ``action`` to the hold ``ref`` (``#5`` or an item code) for ``reason``, or ``HoldRefused``.

        ``rma_code`` (an RMA, order or tracking number) is the RMA a MATCH goes to.
        """
        hold = parse_hold_ref(ref) if isinstance(ref, str) else ref
        if hold is None:
            raise HoldRefused(
                msg("'{ref}' is not a hold: use the hold number (#5) or the item code (RSI-000004)", ref=ref)
            )
        why = " ".join(reason.split())
        if not why:
            raise HoldRefused(msg("Give a reason for what happens to hold {label}.", label=hold.label))
        if action is HoldAction.MATCH and not (rma_code or "").strip():
            raise HoldRefused(msg("Scan or type the RMA, order or tracking number to match it to."))
        now = self._now()
        with self._uow() as uow:
            if hold.item_id is not None:
                outcome = self._resolve_item(uow, hold.item_id, action, why, rma_code, now)
            else:
                assert hold.parcel_id is not None
                outcome = self._resolve_parcel(uow, hold.parcel_id, action, why, rma_code, now)
            uow.commit()
        return outcome

    def _resolve_parcel(
        self,
        uow: UnitOfWorkPort,
        parcel_id: int,
        action: HoldAction,
        why: str,
        rma_code: str | None,
        now: datetime,
    ) -> HoldOutcome:
        parcel = uow.holds.lock_parcel(parcel_id)
        label = f"#{parcel_id}"
        if parcel is None:
            raise HoldRefused(msg("There is no hold {label}.", label=label))
        if parcel.status != ParcelStatus.HELD.value:
            raise HoldRefused(_already(uow, label, parcel_id=parcel_id))
        rma: RmaRow | None = None
        if action is HoldAction.MATCH:
            rma = self._rma_for_parcel(uow, rma_code or "", now)
        elif action is HoldAction.ACCEPT:
            customer = uow.rmas.by_id(parcel.rma_id).customer if parcel.rma_id is not None else None
            rma = self._adhoc_rma(uow, f"{ADHOC_PREFIX}H{parcel_id:06d}", customer, RmaStatus.OPEN, now)
        job = None
        if action is HoldAction.REFUSE:
            sender = uow.rmas.by_id(parcel.rma_id) if parcel.rma_id is not None else None
            job = self._return_label(uow, hold_code(parcel_id), parcel.scanned_code, sender, None, why, now)
        before = parcel.status
        parcel.status = AFTER[action][0].value
        if rma is not None:
            parcel.rma_id = rma.id
        self._settle(uow, uow.discrepancies.open_for(parcel_id), action, why, now, rma)
        self._record(uow, ("parcel", parcel_id), label, action, why, before, parcel.status, rma, job, now)
        uow.holds.add_resolution(self._resolution(action, why, rma, job, now, parcel_id=parcel_id))
        done = done_words(action, rma.rma_number if rma else "")
        message: str = msg("Hold {label} {done}.", label=label, done=done)
        if rma is not None:
            message = join(
                [
                    message,
                    msg(
                        " Scan {scanned_code} or {rma_number} at a receiving bench to receive it.",
                        scanned_code=parcel.scanned_code,
                        rma_number=rma.rma_number,
                    ),
                ]
            )
        return HoldOutcome(label, action, message, rma.rma_number if rma else None, job)

    def _resolve_item(
        self,
        uow: UnitOfWorkPort,
        item_id: int,
        action: HoldAction,
        why: str,
        rma_code: str | None,
        now: datetime,
    ) -> HoldOutcome:
        label = item_code(item_id)
        status = uow.items.lock(item_id)
        if status is None:
            raise HoldRefused(msg("There is no item {label}.", label=label))
        if status != ItemStatus.HELD.value:
            raise HoldRefused(_already(uow, label, item_id=item_id))
        item = uow.items.get(item_id)
        assert item is not None
        parcel = uow.parcels.get(item.parcel_id)
        rma: RmaRow | None = None
        line_id: int | None = None
        if action is HoldAction.MATCH:
            rma, line_id = self._line_for_item(uow, item, rma_code or "")
        elif action is HoldAction.ACCEPT:
            customer = uow.rmas.by_id(parcel.rma_id).customer if parcel.rma_id is not None else None
            rma = self._adhoc_rma(uow, f"{ADHOC_PREFIX}{label}", customer, RmaStatus.RECEIVED, now)
            line_id = _add_adhoc_line(uow, rma, item.scanned_code).id
        job = None
        was_line = item.rma_line_id
        if action is HoldAction.REFUSE:
            sender = uow.rmas.by_id(parcel.rma_id) if parcel.rma_id is not None else None
            job = self._return_label(uow, label, item.scanned_code, sender, item_id, why, now)
        item.status = AFTER[action][1].value
        # Returned or disposed, the item is no longer part of any RMA (receipt counts, the credit); the
        # line it was one too many of stays in the event.
        item.rma_line_id = line_id
        own = own_problem(item, uow.discrepancies.open_for(parcel.id))
        self._settle(uow, [own] if own is not None else [], action, why, now, rma)
        self._record(
            uow,
            ("item", item_id),
            label,
            action,
            why,
            ItemStatus.HELD.value,
            item.status,
            rma,
            job,
            now,
            {"parcel": parcel.id, "was_line_id": was_line},
        )
        uow.holds.add_resolution(self._resolution(action, why, rma, job, now, item_id=item_id))
        done = done_words(action, rma.rma_number if rma else "")
        message: str = msg("Item {label} {done}.", label=label, done=done)
        if line_id is not None:
            message = join([message, msg(" It waits for inspection once its parcel's receipt is finished.")])
        return HoldOutcome(label, action, message, rma.rma_number if rma else None, job)

    # -- the pieces ----------------------------------------------------------------------------
    def _rma_for_parcel(self, uow: UnitOfWorkPort, code: str, now: datetime) -> RmaRow:
        rma = _one_rma(uow, code)
        rma = uow.rmas.locked(rma.id)  # two parcels must not become the same RMA's receipt at once
        if rma.status != RmaStatus.OPEN.value:
            raise HoldRefused(
                msg(
                    "{rma_number} is {status}: it cannot take another parcel. Accept the parcel "
                    "without RMA, return or dispose of it.",
                    rma_number=rma.rma_number,
                    status=rma.status,
                )
            )
        busy = uow.parcels.for_rma(rma.id, ParcelStatus.OPEN)
        if busy:
            raise HoldRefused(
                msg(
                    "{rma_number} is being received at {station} (parcel #{id}): finish that parcel first.",
                    rma_number=rma.rma_number,
                    station=busy[0].station,
                    id=busy[0].id,
                )
            )
        return rma

    def _line_for_item(self, uow: UnitOfWorkPort, item: ItemRow, code: str) -> tuple[RmaRow, int]:
        rma = _one_rma(uow, code)
        rma = uow.rmas.locked(rma.id)
        if rma.status in (RmaStatus.CLOSED.value, RmaStatus.CANCELLED.value):
            raise HoldRefused(
                msg(
                    "{rma_number} is {status}: it cannot take the item.",
                    rma_number=rma.rma_number,
                    status=rma.status,
                )
            )
        result = match_item(to_domain(rma).lines, uow.parcels.received_counts(rma.id), item.scanned_code)
        if not result.accepted or result.line is None:
            problem = (
                msg("not on it") if result.problem is Discrepancy.WRONG_ITEM else msg("already all received")
            )
            raise HoldRefused(
                msg(
                    "{scanned_code} does not fit {rma_number}: {problem}.",
                    scanned_code=item.scanned_code,
                    rma_number=rma.rma_number,
                    problem=problem,
                )
            )
        line_no = result.line.line_no
        return rma, next(ln.id for ln in rma.lines if ln.line_no == line_no)

    def _adhoc_rma(
        self, uow: UnitOfWorkPort, number: str, customer: str | None, status: RmaStatus, now: datetime
    ) -> RmaRow:
        rma = RmaRow(
            rma_number=number,
            order_number=number,
            tracking_number=None,
            customer=customer or msg("Unknown sender"),
            status=status.value,
            authorized_at=now,
            expires_at=None,
            created_at=now,
            unauthorised=True,
            lines=[],
        )
        uow.holds.add_rma(rma)
        uow.events.record(
            self.ctx,
            now,
            "rma_created_adhoc",
            ("rma", rma.id),
            after=status.value,
            payload={"rma": number, "unauthorised": True},
        )
        return rma

    def _return_label(
        self,
        uow: UnitOfWorkPort,
        code: str,
        scanned: str,
        sender: RmaRow | None,
        item_id: int | None,
        why: str,
        now: datetime,
    ) -> str:
        """Queue the return-to-sender label; the customer's name when an RMA names one (the station
        keeps no postal addresses: the carrier's return label goes next to this one)."""
        job_id = uuid.uuid4().hex
        to = (
            f"Customer: {sender.customer}"
            if sender is not None
            else msg("Sender unknown: use the carrier's return")
        )
        fields = {
            "item_code": code,
            "rma_number": sender.rma_number if sender is not None else scanned,
            "sku": scanned,
            "description": to,
            "grade": "-",
            "disposition": msg("RETURN TO SENDER"),
            "destination": RETURN_DESTINATION,
            "reason": why,
            "station": self.ctx.station,
            "printed_at": now.strftime("%Y-%m-%d %H:%M UTC"),
        }
        fields = {k: localize(v, translator(self.ctx.language)) for k, v in fields.items()}  # printed as kept
        uow.print_jobs.add(
            PrintJobRow(
                job_id=job_id,
                item_id=item_id,
                template=RETURN_TEMPLATE,
                fields=fields,
                status="queued",
                printer="",
                created_at=now,
                updated_at=now,
            )
        )
        return job_id

    def _settle(
        self,
        uow: UnitOfWorkPort,
        found: list[DiscrepancyRow],
        action: HoldAction,
        why: str,
        now: datetime,
        rma: RmaRow | None,
    ) -> None:
        done = done_words(action, rma.rma_number if rma else "")
        for d in found:
            settle(self.ctx, uow, d, DiscrepancyStatus.RESOLVED, f"Hold {done}: {why}", why,
                   f"hold_{action.value}", now)  # fmt: skip

    def _record(
        self,
        uow: UnitOfWorkPort,
        subject: tuple[str, int],
        label: str,
        action: HoldAction,
        why: str,
        before: str,
        after: str,
        rma: RmaRow | None,
        job: str | None,
        now: datetime,
        extra: dict[str, object] | None = None,
    ) -> None:
        uow.events.record(
            self.ctx,
            now,
            "hold_resolved",
            subject,
            before=before,
            after=after,
            payload={
                "hold": label,
                "action": action.value,
                "reason": why,
                "rma": rma.rma_number if rma else None,
                "unauthorised": bool(rma.unauthorised) if rma else False,
                "label_job": job,
                **(extra or {}),
            },
        )

    def _resolution(
        self,
        action: HoldAction,
        why: str,
        rma: RmaRow | None,
        job: str | None,
        now: datetime,
        *,
        parcel_id: int | None = None,
        item_id: int | None = None,
    ) -> HoldResolutionRow:
        return HoldResolutionRow(
            parcel_id=parcel_id,
            item_id=item_id,
            action=action.value,
            rma_id=rma.id if rma else None,
            reason=why,
            label_job=job,
            station=self.ctx.station,
            user=self.ctx.user,
            at=now,
        )


def add_unauthorised_line(uow: UnitOfWorkPort, rma: RmaRow, code: str) -> None:
    """An item scanned into an accepted (unauthorised) parcel: its RMA gets a line for it, or one more
    of the line it already has, so the item is received instead of held."""
    for line in rma.lines:
        if line.sku.upper() == code.strip().upper():
            line.quantity += 1
            return
    _add_adhoc_line(uow, rma, code)


def _add_adhoc_line(uow: UnitOfWorkPort, rma: RmaRow, code: str) -> RmaLineRow:
    line = RmaLineRow(
        line_no=max((ln.line_no for ln in rma.lines), default=0) + 1,
        sku=code.strip().upper()[:64],
        gtin=None,
        description=msg("Accepted without RMA: {code}", code=code)[:300],
        category=ADHOC_CATEGORY,
        quantity=1,
        unit_value=Decimal("0.00"),
        reason_code=ADHOC_REASON,
        expected_serials="",
        purchased_at=None,
        warranty_months=None,
    )
    uow.holds.add_line(rma, line)
    return line


def _one_rma(uow: UnitOfWorkPort, code: str) -> RmaRow:
    """The RMA a code names: its RMA, order or tracking number, else the one open RMA of the customer
    whose name or e-mail contains the text (a box with no readable label, a slip with a name on it)."""
    matches = uow.rmas.find_by_code(code)
    if not matches and len(code.strip()) >= MIN_SEARCH:
        matches = uow.holds.search_rmas(code)
        if len(matches) > 1:
            listed = ", ".join(f"{r.rma_number} ({r.customer})" for r in matches[:5])
            raise HoldRefused(
                msg(
                    "'{code}' fits several open RMAs: {listed}. Scan or type the RMA number.",
                    code=code.strip(),
                    listed=listed,
                )
            )
    if not matches:
        raise HoldRefused(
            msg(
                "No RMA matches {code}: scan the RMA, order or tracking number, or type the "
                "customer's name or e-mail.",
                code=code.strip(),
            )
        )
    if len(matches) > 1:
        numbers = ", ".join(r.rma_number for r in matches)
        raise HoldRefused(
            msg(
                "{code} belongs to several RMAs ({numbers}): scan the RMA number.",
                code=code.strip(),
                numbers=numbers,
            )
        )
    return matches[0]


def _already(
    uow: UnitOfWorkPort, label: str, *, parcel_id: int | None = None, item_id: int | None = None
) -> str:
    """Who resolved the hold, how and when: what the second supervisor needs to hear."""
    done = uow.holds.resolution(parcel_id=parcel_id, item_id=item_id)
    if done is None:
        return msg("Hold {label} is not on the hold shelf.", label=label)
    rma = uow.rmas.by_id(done.rma_id).rma_number if done.rma_id is not None else ""
    what = done_words(HoldAction(done.action), rma)
    return msg(
        "Hold {label} was already {what} by {user} at {station} ({at:%Y-%m-%d %H:%M}).",
        label=label,
        what=what,
        user=done.user,
        station=done.station,
        at=done.at,
    )


def _held_kind(rma: RmaRow | None) -> str:
    """Why a parcel is on the shelf, from its RMA alone (no statement per parcel)."""
    if rma is None:
        return Discrepancy.NO_RMA.value
    if rma.status in (RmaStatus.CLOSED.value, RmaStatus.CANCELLED.value):
        return Discrepancy.RMA_CLOSED.value
    return Discrepancy.RMA_EXPIRED.value


def _parcel_view(parcel: ParcelRow, rma: RmaRow | None, now: datetime) -> HoldView:
    kind = _held_kind(rma)
    return HoldView(
        ref=f"#{parcel.id}",
        parcel_id=parcel.id,
        item_id=None,
        held_at=parcel.received_at,
        age=age_text(parcel.received_at, now),
        why=parcel.note or discrepancy_label(kind),
        kind=kind,
        scanned_code=parcel.scanned_code,
        rma_number=rma.rma_number if rma else None,
        customer=rma.customer if rma else None,
        station=parcel.station,
        user=parcel.user,
    )


def own_problem(item: ItemRow, open_problems: Sequence[DiscrepancyRow]) -> DiscrepancyRow | None:
    """The open discrepancy that put ``item`` on the shelf: a serial that did not add up (recorded under
    the serial) or a unit not on the RMA / one too many (recorded under the scanned code)."""
    for d in open_problems:
        if d.kind in _SERIAL_HOLDS and item.serial and d.scanned_code == item.serial:
            return d
        if d.kind in _UNIT_HOLDS and d.scanned_code == item.scanned_code:
            return d
    return None


_SERIAL_HOLDS = frozenset({Discrepancy.SERIAL_CONFLICT.value, Discrepancy.SERIAL_MISMATCH.value})
_UNIT_HOLDS = frozenset({Discrepancy.WRONG_ITEM.value, Discrepancy.OVER_QUANTITY.value})


def _item_view(held: HeldItem, now: datetime) -> HoldView:
    item, parcel, rma = held.item, held.parcel, held.rma
    own = own_problem(item, held.open_problems)
    if own is not None:
        kind = own.kind
    else:
        kind = Discrepancy.WRONG_ITEM.value if item.rma_line_id is None else Discrepancy.OVER_QUANTITY.value
    return HoldView(
        ref=item_code(item.id),
        parcel_id=parcel.id,
        item_id=item.id,
        held_at=item.received_at,
        age=age_text(item.received_at, now),
        why=discrepancy_label(kind),
        kind=kind,
        scanned_code=item.scanned_code,
        rma_number=rma.rma_number if rma else None,
        customer=rma.customer if rma else None,
        station=item.station,
        user=item.user,
    )
