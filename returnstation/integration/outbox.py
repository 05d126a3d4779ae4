"""The outbox dispatcher: delivers the station's business events to every configured target.

Built on the append-only ``events`` table (written in the same transaction as each change), so an event
exists if and only if its change was committed, and nothing needs a second copy. Per target:

1. **Queue.** Events after the target's ``low_water`` whose type is public (and wanted by the target) get
   a ``deliveries`` row (unique per target and event). On PostgreSQL event ids are handed out when a
   transaction inserts, not when it commits, so a slow transaction can make id 10 visible after id 11.
   ``low_water`` therefore only moves over an id once it is seen, or once it has been missing for
   ``gap_grace_s`` (then it belonged to a transaction that rolled back); the ids above it are looked at
   again on every pass, and a late event is still queued and sent.
2. **Send, in event order.** The oldest pending delivery goes first; while it waits for its retry time,
   the later ones wait too, so a receiver sees events in order. A failure is retried with exponential
   back-off and jitter (``domain.backoff``), for ever unless the target sets ``max_attempts`` (then the
   delivery is *parked* and the next one goes; ``outbox retry`` puts parked ones back).
3. **One dispatcher per target.** A lease in ``outbox_targets`` keeps two stations or two processes
   from sending the same target at once. It is short (``DEFAULT_LEASE``) and renewed by a heartbeat
   thread while its holder lives (integration/lease.py), also while a receiver hangs; a killed holder's
   lease runs out seconds after its last beat, and another dispatcher takes the target over.

No database transaction is open while a receiver is being called. A crash between "the receiver took it"
and "delivered" is recorded means that event is sent once more, with the same ``Idempotency-Key``; a
receiver that honours the key (and the file sinks, which check their tail) applies it once.

An ``email`` target (issue #17) is the same line with a customer at the end: its message also carries
the recipient, read from the RMA while the message is built. An RMA without an address (none given,
or erased by the retention run) has nobody to tell: that delivery is closed as "not sent" and the next
one goes. A failure the receiver calls permanent (a mailbox that does not exist) is parked at once.
"""

from __future__ import annotations

import contextlib
import os
import random
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from returnstation.domain.access import open_to_all, requires
from returnstation.domain.clock import Clock, utcnow
from returnstation.domain.context import StationContext
from returnstation.domain.roles import Permission
from returnstation.integration.lease import Heartbeat
from returnstation.integration.public_events import DEFAULT_CREDIT_DAYS, PUBLIC_TYPE_OF, to_public
from returnstation.integration.settings import TargetConfig, TargetKind
from returnstation.integration.sinks import (
    CsvFileSink,
    JsonlFileSink,
    OutboundMessage,
    Recipient,
    SendResult,
    Sink,
    WebhookSink,
    canonical_json,
)
from returnstation.store.errors import guard_database
from returnstation.store.models import EventRow
from returnstation.store.models_integration import DeliveryRow, DeliveryStatus, OutboxTargetRow
from returnstation.store.uow import UnitOfWork

INSTANCE_KEY = "integration.instance_id"
SCAN_BATCH = 2000
DEFAULT_LEASE = timedelta(seconds=10)  # a killed holder blocks its target this long at most
HEARTBEATS_PER_LEASE = 4  # renewed every 2.5 s: a beat or two may be late without losing the lease


def instance_id(session_factory: sessionmaker[Session]) -> str:
    """A random id for this database, made once: it keeps public ids and idempotency keys apart when
    several station databases send to the same receiver."""
    with UnitOfWork(session_factory) as uow:
        value = uow.meta.get(INSTANCE_KEY)
        if value:
            return value
        uow.meta.set(INSTANCE_KEY, str(uuid.uuid4()))
        with contextlib.suppress(IntegrityError):  # another process made it first: use theirs
            uow.commit()
    with UnitOfWork(session_factory) as uow:
        value = uow.meta.get(INSTANCE_KEY)
        assert value
        return value


def idempotency_key(instance: str, target: str, event_id: int) -> str:
    """Stable per (database, target, event): the same on every retry and after every restart."""
    return str(uuid.uuid5(uuid.UUID(instance), f"delivery/{target}/{event_id}"))


def make_sink(target: TargetConfig) -> Sink:
    if target.kind is TargetKind.WEBHOOK:
        return WebhookSink(target.url, target.secret, target.timeout_s, target.headers)
    if target.kind is TargetKind.EMAIL:
        from returnstation.integration.email_sink import EmailSink

        assert target.email is not None
        mail = target.email
        return EmailSink(
            mail.host,
            mail.port,
            mail.sender,
            username=mail.username,
            password=target.secret,
            starttls=mail.starttls,
            ca_file=mail.ca_file,
            timeout_s=target.timeout_s,
            templates=mail.templates_dir,
        )
    assert target.path is not None
    if target.kind is TargetKind.JSONL:
        return JsonlFileSink(target.path)
    return CsvFileSink(target.path)


@dataclass(frozen=True, slots=True)
class DispatchResult:
    target: str
    queued: int = 0
    delivered: int = 0
    failed: bool = False
    error: str = ""
    next_attempt_at: datetime | None = None  # the head of the line waits until then
    busy: bool = False  # another dispatcher holds the target's lease


@dataclass(frozen=True, slots=True)
class TargetStatus:
    target: str
    kind: str
    pending: int
    parked: int
    delivered: int
    low_water: int
    head_event_id: int | None  # the oldest pending event (what the target waits for)
    head_attempts: int
    next_attempt_at: datetime | None
    last_error: str


@guard_database
class OutboxDispatcher:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        targets: Sequence[TargetConfig],
        station: str,
        clock: Clock = utcnow,
        random_value: Callable[[], float] = random.random,
        gap_grace_s: float = 600.0,
        lease: timedelta = DEFAULT_LEASE,
        sinks: Mapping[str, Sink] | None = None,
        ctx: StationContext | None = None,
        language: str = "",
        credit_days: int = DEFAULT_CREDIT_DAYS,
    ) -> None:
        self._sf = session_factory
        # Who runs it (services/access.py): built by hand (tests, tools) it is the machine's admin.
        self.ctx = ctx if ctx is not None else StationContext(station=station, user="outbox")
        self.targets = tuple(targets)
        self._now = clock
        self._random = random_value
        self.gap_grace = timedelta(seconds=gap_grace_s)
        self.lease = lease
        self.owner = f"{station}:{os.getpid()}:{uuid.uuid4().hex[:8]}"[:128]
        self._sinks = dict(sinks or {})
        self._instance: str | None = None
        self.language = language  # the station's: customer e-mails in it unless the target says otherwise
        self.credit_days = credit_days

    @property
    def instance(self) -> str:
        if self._instance is None:
            self._instance = instance_id(self._sf)
        return self._instance

    @open_to_all("builds the sender of a target; sends nothing")
    def sink(self, target: TargetConfig) -> Sink:
        if target.name not in self._sinks:
            self._sinks[target.name] = make_sink(target)
        return self._sinks[target.name]

    # -- the pass ----------------------------------------------------------------------------------
    @requires(Permission.RUN_FEEDS)
    def run_once(self, limit_per_target: int = 1000) -> list[DispatchResult]:
        """Queue new events and send what is due, for every target. Slow (network): use a worker."""
        return [self.run_target(t, limit_per_target) for t in self.targets]

    @requires(Permission.RUN_FEEDS)
    def run_target(self, target: TargetConfig, limit: int = 1000) -> DispatchResult:
        if not self._claim(target):
            return DispatchResult(target.name, busy=True)
        try:
            every_s = self.lease.total_seconds() / HEARTBEATS_PER_LEASE
            with Heartbeat(lambda: self._renew_lease(target), every_s, f"outbox {target.name}") as beat:
                queued = self.enqueue(target)
                return self._deliver(target, limit, queued, beat)
        finally:
            self._release(target)

    # -- queueing ----------------------------------------------------------------------------------
    @requires(Permission.RUN_FEEDS)
    def enqueue(self, target: TargetConfig) -> int:
        """Create the deliveries of new public events for ``target``; returns how many."""
        now = self._now()
        created = 0
        with UnitOfWork(self._sf) as uow:
            cursor = self._cursor(uow, target, now)
            rows = uow.session.execute(
                select(EventRow.id, EventRow.type)
                .where(EventRow.id > cursor.low_water)
                .order_by(EventRow.id)
                .limit(SCAN_BATCH)
            ).all()
            known = set(
                uow.session.scalars(
                    select(DeliveryRow.event_id).where(
                        DeliveryRow.target == target.name, DeliveryRow.event_id > cursor.low_water
                    )
                )
            )
            for event_id, event_type in rows:
                public = PUBLIC_TYPE_OF.get(event_type)
                if event_id in known or public is None:
                    continue
                if target.events is not None and public not in target.events:
                    continue
                uow.session.add(
                    DeliveryRow(
                        target=target.name,
                        event_id=event_id,
                        status=DeliveryStatus.PENDING.value,
                        attempts=0,
                        next_attempt_at=now,
                        last_error="",
                        created_at=now,
                        delivered_at=None,
                    )
                )
                created += 1
            self._advance(cursor, [int(r[0]) for r in rows], len(rows) == SCAN_BATCH, now)
            uow.commit()
        return created

    def _advance(self, cursor: OutboxTargetRow, ids: list[int], truncated: bool, now: datetime) -> None:
        """Move ``low_water`` over every id seen, and over missing ids older than the grace period."""
        low = cursor.low_water
        settled: int | None = None
        if cursor.scan_mark_at is not None and now - cursor.scan_mark_at >= self.gap_grace:
            settled = cursor.scan_mark  # ids up to here missing for a whole grace period: rolled back
            if truncated and ids:
                settled = min(settled, ids[-1])
            low = max(low, settled)
        for i in ids:
            if i <= low:
                continue
            if i != low + 1:
                break
            low = i
        cursor.low_water = low
        # A new mark once the old one is settled or passed: "missing since a higher id was seen at T".
        if cursor.scan_mark_at is None or settled is not None or cursor.scan_mark <= low:
            cursor.scan_mark = max(ids[-1] if ids else low, low)
            cursor.scan_mark_at = now

    def _cursor(self, uow: UnitOfWork, target: TargetConfig, now: datetime) -> OutboxTargetRow:
        row = uow.session.scalar(
            select(OutboxTargetRow).where(OutboxTargetRow.target == target.name).with_for_update()
        )
        if row is not None:
            return row
        start = 0
        if not target.backfill:
            start = int(uow.session.scalar(select(func.max(EventRow.id))) or 0)
        row = OutboxTargetRow(
            target=target.name,
            low_water=start,
            scan_mark=start,
            scan_mark_at=None,
            lease_owner="",
            lease_until=None,
        )
        uow.session.add(row)
        uow.session.flush()
        return row

    # -- the lease ---------------------------------------------------------------------------------
    def _claim(self, target: TargetConfig) -> bool:
        now = self._now()
        try:
            with UnitOfWork(self._sf) as uow:
                cursor = self._cursor(uow, target, now)
                held = cursor.lease_owner not in ("", self.owner)
                if held and cursor.lease_until is not None and cursor.lease_until > now:
                    return False
                cursor.lease_owner = self.owner
                cursor.lease_until = now + self.lease
                uow.commit()
                return True
        except IntegrityError:  # two dispatchers created the target's row at once: the other one won
            return False

    def _renew(self, uow: UnitOfWork, target: TargetConfig, now: datetime) -> None:
        uow.session.execute(
            update(OutboxTargetRow)
            .where(OutboxTargetRow.target == target.name, OutboxTargetRow.lease_owner == self.owner)
            .values(lease_until=now + self.lease)
        )

    def _renew_lease(self, target: TargetConfig) -> bool:
        """One heartbeat in its own short transaction; False when the lease is no longer ours."""
        with UnitOfWork(self._sf) as uow:
            result = uow.session.execute(
                update(OutboxTargetRow)
                .where(OutboxTargetRow.target == target.name, OutboxTargetRow.lease_owner == self.owner)
                .values(lease_until=self._now() + self.lease)
            )
            uow.commit()
            return int(getattr(result, "rowcount", 0) or 0) == 1

    def _release(self, target: TargetConfig) -> None:
        with UnitOfWork(self._sf) as uow:
            uow.session.execute(
                update(OutboxTargetRow)
                .where(OutboxTargetRow.target == target.name, OutboxTargetRow.lease_owner == self.owner)
                .values(lease_owner="", lease_until=None)
            )
            uow.commit()

    # -- sending -----------------------------------------------------------------------------------
    def _deliver(self, target: TargetConfig, limit: int, queued: int, beat: Heartbeat) -> DispatchResult:
        delivered = 0
        for _ in range(limit):
            if beat.lost:  # stalled past the lease and another dispatcher has the target now
                return DispatchResult(target.name, queued, delivered, busy=True)
            prepared = self._next_message(target)
            if prepared is None:
                break
            if isinstance(prepared, datetime):
                return DispatchResult(target.name, queued, delivered, next_attempt_at=prepared)
            delivery_id, message = prepared
            if isinstance(message, SendResult):
                result = message  # the event could not be turned into its public form
            else:
                try:
                    result = self.sink(target).send(message)
                except Exception as exc:  # a sink must report, not raise; if it does, it is a failed attempt
                    result = SendResult(False, f"{type(exc).__name__}: {exc}")
            next_at = self._record(target, delivery_id, result)
            if not result.ok:
                return DispatchResult(target.name, queued, delivered, True, result.error, next_at)
            delivered += 1
        return DispatchResult(target.name, queued, delivered)

    def _next_message(
        self, target: TargetConfig
    ) -> tuple[int, OutboundMessage | SendResult] | datetime | None:
        """The head of the target's line as a message; its retry time when it is not due; None if empty."""
        now = self._now()
        instance = self.instance  # before the transaction: on SQLite a second one would wait for this one
        with UnitOfWork(self._sf) as uow:
            while True:
                d = uow.session.scalar(
                    select(DeliveryRow)
                    .where(
                        DeliveryRow.target == target.name, DeliveryRow.status == DeliveryStatus.PENDING.value
                    )
                    .order_by(DeliveryRow.event_id)
                    .limit(1)
                )
                if d is None:
                    return None
                if d.next_attempt_at is not None and d.next_attempt_at > now:
                    return d.next_attempt_at
                event = uow.session.get(EventRow, d.event_id)
                try:
                    public = (
                        to_public(uow.session, event, instance, self.credit_days)
                        if event is not None
                        else None
                    )
                    recipient = self._recipient(uow.session, target, public)
                except SQLAlchemyError:
                    raise
                except Exception as exc:  # a mapping bug: this event waits and is retried, visibly
                    why = f"cannot build the public event: {type(exc).__name__}: {exc}"
                    return d.id, SendResult(False, why)
                if public is not None and not isinstance(recipient, str):
                    key = idempotency_key(instance, target.name, d.event_id)
                    body = canonical_json(public)
                    return d.id, OutboundMessage(key, public, body, d.attempts + 1, recipient)
                d.status = DeliveryStatus.DELIVERED.value  # nothing to send: closed with the reason
                d.last_error = recipient if isinstance(recipient, str) else "not a public event type any more"
                d.delivered_at = now
                uow.commit()

    def _recipient(
        self, session: Session, target: TargetConfig, public: dict[str, Any] | None
    ) -> Recipient | str | None:
        """The customer an e-mail target writes to, or why nobody is written to; None: not an e-mail."""
        if target.kind is not TargetKind.EMAIL or public is None:
            return None
        from returnstation.integration.customer_mail import customer_recipient

        language = (target.email.language if target.email else "") or self.language
        return customer_recipient(session, public, language)

    def _record(self, target: TargetConfig, delivery_id: int, result: SendResult) -> datetime | None:
        now = self._now()
        with UnitOfWork(self._sf) as uow:
            d = uow.session.get(DeliveryRow, delivery_id)
            assert d is not None
            d.attempts += 1
            if result.ok:
                d.status = DeliveryStatus.DELIVERED.value
                d.delivered_at = now
                d.next_attempt_at = None
                d.last_error = ""
            else:
                d.last_error = result.error[:2000]
                if result.permanent or (target.max_attempts and d.attempts >= target.max_attempts):
                    d.status = DeliveryStatus.PARKED.value
                    d.next_attempt_at = None
                else:
                    d.next_attempt_at = now + target.retry.delay(d.attempts, self._random())
            self._renew(uow, target, now)
            uow.commit()
            return d.next_attempt_at

    # -- looking and fixing ------------------------------------------------------------------------
    @open_to_all("counts and the last error per target; changes nothing")
    def status(self) -> list[TargetStatus]:
        out: list[TargetStatus] = []
        with UnitOfWork(self._sf) as uow:
            for t in self.targets:
                counts = dict(
                    uow.session.execute(
                        select(DeliveryRow.status, func.count())
                        .where(DeliveryRow.target == t.name)
                        .group_by(DeliveryRow.status)
                    ).all()
                )
                head = uow.session.scalar(
                    select(DeliveryRow)
                    .where(DeliveryRow.target == t.name, DeliveryRow.status == DeliveryStatus.PENDING.value)
                    .order_by(DeliveryRow.event_id)
                    .limit(1)
                )
                cursor = uow.session.get(OutboxTargetRow, t.name)
                out.append(
                    TargetStatus(
                        target=t.name,
                        kind=t.kind.value,
                        pending=int(counts.get(DeliveryStatus.PENDING.value, 0)),
                        parked=int(counts.get(DeliveryStatus.PARKED.value, 0)),
                        delivered=int(counts.get(DeliveryStatus.DELIVERED.value, 0)),
                        low_water=cursor.low_water if cursor else 0,
                        head_event_id=head.event_id if head else None,
                        head_attempts=head.attempts if head else 0,
                        next_attempt_at=head.next_attempt_at if head else None,
                        last_error=head.last_error if head else "",
                    )
                )
        return out

    @requires(Permission.RUN_FEEDS)
    def retry_now(self, target: str | None = None) -> int:
        """Parked deliveries back in line, and every waiting one due at once (a person fixed the receiver)."""
        now = self._now()
        names = [t.name for t in self.targets if target is None or t.name == target]
        with UnitOfWork(self._sf) as uow:
            parked = uow.session.execute(
                update(DeliveryRow)
                .where(DeliveryRow.target.in_(names), DeliveryRow.status == DeliveryStatus.PARKED.value)
                .values(status=DeliveryStatus.PENDING.value, attempts=0, next_attempt_at=now)
            )
            waiting = uow.session.execute(
                update(DeliveryRow)
                .where(
                    DeliveryRow.target.in_(names),
                    DeliveryRow.status == DeliveryStatus.PENDING.value,
                    DeliveryRow.next_attempt_at > now,
                )
                .values(next_attempt_at=now)
            )
            uow.commit()
            return int(getattr(parked, "rowcount", 0) or 0) + int(getattr(waiting, "rowcount", 0) or 0)
