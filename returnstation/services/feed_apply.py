"""What an RMA update or cancellation from the order system may change, and what it may not.

The rule protects what the bench has already recorded: a feed never silently changes what was received.

1. Nothing received yet (no parcel scanned for the RMA, status open): an upsert replaces the RMA as sent
   (header and lines; lines it leaves out are removed) and a cancel cancels it.
2. Receiving has started (a parcel of the RMA is open or on hold, or items were scanned against it) and
   the receipt is not finished: an upsert may add lines, change the quantity of a line to anything not
   below what was already received on it, change or remove lines that have no items yet, and change the
   expiry date and tracking number. A line that has items keeps its SKU, GTIN, description, category,
   value, reason and serials, and stays even when the upsert leaves it out (reported as a note). Order
   number, customer and authorization date cannot change.
3. Receipt finished (RMA received or closed): nothing changes any more.
A cancelled RMA is not reopened by an upsert.

A record that breaks the rule is refused as a whole, the rest of the feed is still applied, and the
refusal is written as an ``rma_update_refused`` / ``rma_cancel_refused`` event, which the outbox sends
back to the order system (public type ``rma.change_refused``). The same refused request arriving again
(same RMA, same content) is not recorded twice.

Applying is idempotent by content: an upsert equal to what is stored changes nothing and writes no event,
and cancelling a cancelled RMA does nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from returnstation.domain.enums import ItemStatus, RmaStatus
from returnstation.domain.messages import join, msg
from returnstation.integration.feed_records import FeedAction, FeedRecord, RmaContent, line_columns
from returnstation.integration.rma_csv import RowError
from returnstation.services.results import StationContext
from returnstation.services.rma_import import new_rma_values, record_rma_imported
from returnstation.store.models import ADDRESS_COLUMNS, EventRow, ItemRow, ParcelRow, RmaLineRow, RmaRow
from returnstation.store.rma_staging import published, staged_by_others
from returnstation.store.uow import UnitOfWork

IDENTITY_COLUMNS_EXEMPT = ("line_no", "quantity")  # every other line column is the line's identity
FIXED_AFTER_RECEIVING = ("order_number", "customer", "authorized_at")
# Personal data: a change names the field, never the values, because the words go into the hash-chained
# event log, which the retention run (services/retention.py) cannot erase.
PERSONAL_FIELDS = ("customer", "customer_email", *ADDRESS_COLUMNS)
REFUSED_EVENTS = {FeedAction.UPSERT: "rma_update_refused", FeedAction.CANCEL: "rma_cancel_refused"}


@dataclass
class ApplyOutcome:
    """What one feed did. ``notes`` and ``refused`` are reported; ``errors`` mean nothing is committed."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)
    refused: list[RowError] = field(default_factory=list)
    notes: list[RowError] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def apply_records(
    uow: UnitOfWork, records: list[FeedRecord], ctx: StationContext, now: datetime, source: str
) -> ApplyOutcome:
    """Apply every record in file order inside the caller's transaction (the caller commits or not)."""
    out = ApplyOutcome()
    for record in records:
        row = _load(uow, record.rma_number)
        if record.action is FeedAction.CANCEL:
            _cancel(uow, record, row, ctx, now, source, out)
        else:
            assert record.content is not None
            _upsert(uow, record, record.content, row, ctx, now, source, out)
    return out


def _load(uow: UnitOfWork, number: str) -> RmaRow | None:
    rma_id = uow.session.scalar(select(RmaRow.id).where(RmaRow.rma_number == number, published()))
    if rma_id is None:
        return None
    uow.rmas.lock(rma_id)  # receiving locks the RMA too: "has receiving started?" is judged under the lock
    row = uow.session.get(RmaRow, rma_id, options=[selectinload(RmaRow.lines)], populate_existing=True)
    assert row is not None
    return row


@dataclass(frozen=True, slots=True)
class _Receiving:
    started: bool
    received: Counter[int]  # accepted items per line_no (what counts against the quantity)
    touched: Counter[int]  # any item per line_no, held ones too (such a line cannot change or go)


def _receiving(uow: UnitOfWork, row: RmaRow) -> _Receiving:
    parcels = uow.session.scalar(
        select(func.count()).select_from(ParcelRow).where(ParcelRow.rma_id == row.id)
    )
    stmt = (
        select(RmaLineRow.line_no, ItemRow.status, func.count(ItemRow.id))
        .join(ItemRow, ItemRow.rma_line_id == RmaLineRow.id)
        .where(RmaLineRow.rma_id == row.id)
        .group_by(RmaLineRow.line_no, ItemRow.status)
    )
    received: Counter[int] = Counter()
    touched: Counter[int] = Counter()
    for line_no, status, count in uow.session.execute(stmt):
        touched[int(line_no)] += int(count)
        if status != ItemStatus.HELD.value:
            received[int(line_no)] += int(count)
    return _Receiving(bool(parcels) or bool(touched), received, touched)


def _comparable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return value.quantize(Decimal("0.01"))
    return value


def _line_dict(row: RmaLineRow) -> dict[str, Any]:
    return {c: _comparable(getattr(row, c)) for c in line_columns()}


def _stored_header(row: RmaRow) -> dict[str, Any]:
    return {
        "order_number": row.order_number,
        "tracking_number": row.tracking_number,
        "customer": row.customer,
        "authorized_at": row.authorized_at,
        "expires_at": row.expires_at,
        "customer_email": row.customer_email,
        "site": row.site,
        "market": row.market,
        **{c: getattr(row, c) for c in ADDRESS_COLUMNS},
    }


def _show(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d") if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return "(none)" if value in (None, "") else str(value)


def _change(key: str, old: Any, new: Any) -> str:
    """``old -> new`` for the words of an event; no values for personal data (``PERSONAL_FIELDS``)."""
    return "changed" if key in PERSONAL_FIELDS else f"{_show(old)} -> {_show(new)}"


def _fingerprint(record: FeedRecord) -> str:
    """Same request, same fingerprint: a refused request sent again is not recorded again."""
    body: dict[str, Any] = {"action": record.action.value, "rma": record.rma_number}
    if record.content is not None:
        body["header"] = {k: _show(v) for k, v in record.content.header().items()}
        body["lines"] = [{k: _show(v) for k, v in ln.items()} for ln in record.content.lines]
    raw = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(raw).hexdigest()[:32]


def _refuse(
    uow: UnitOfWork,
    record: FeedRecord,
    row: RmaRow,
    reasons: list[str],
    ctx: StationContext,
    now: datetime,
    source: str,
    out: ApplyOutcome,
) -> None:
    text = join(reasons, "; ")
    if record.action is FeedAction.CANCEL:
        refused = msg("cancellation of {rma_number} refused: {text}", rma_number=row.rma_number, text=text)
    else:
        refused = msg("update of {rma_number} refused: {text}", rma_number=row.rma_number, text=text)
    out.refused.append(RowError(record.line, refused))
    fingerprint = _fingerprint(record)
    event_type = REFUSED_EVENTS[record.action]
    earlier = uow.session.scalars(
        select(EventRow.payload).where(
            EventRow.subject_type == "rma", EventRow.subject_id == row.id, EventRow.type == event_type
        )
    )
    if any(isinstance(p, dict) and p.get("request") == fingerprint for p in earlier):
        return
    uow.events.record(
        ctx,
        now,
        event_type,
        ("rma", row.id),
        before=row.status,
        after=row.status,
        payload={"rma": row.rma_number, "source": source, "reasons": reasons, "request": fingerprint},
    )


def _cancel(
    uow: UnitOfWork,
    record: FeedRecord,
    row: RmaRow | None,
    ctx: StationContext,
    now: datetime,
    source: str,
    out: ApplyOutcome,
) -> None:
    if row is None:
        out.errors.append(
            RowError(
                record.line,
                msg("RMA {rma_number} is not known here: nothing to cancel", rma_number=record.rma_number),
            )
        )
        return
    if row.status == RmaStatus.CANCELLED.value:
        out.unchanged.append(row.rma_number)
        return
    if row.status != RmaStatus.OPEN.value or _receiving(uow, row).started:
        why = (
            msg("the parcel was already received")
            if row.status != RmaStatus.OPEN.value
            else (msg("receiving has started at the bench"))
        )
        _refuse(uow, record, row, [why], ctx, now, source, out)
        return
    before = row.status
    row.status = RmaStatus.CANCELLED.value
    uow.events.record(
        ctx,
        now,
        "rma_cancelled",
        ("rma", row.id),
        before=before,
        after=RmaStatus.CANCELLED.value,
        payload={"rma": row.rma_number, "source": source, "reason": record.reason},
    )
    out.cancelled.append(row.rma_number)


def _upsert(
    uow: UnitOfWork,
    record: FeedRecord,
    new: RmaContent,
    row: RmaRow | None,
    ctx: StationContext,
    now: datetime,
    source: str,
    out: ApplyOutcome,
) -> None:
    if row is None:
        staging = staged_by_others(uow.session, [new.rma_number])
        if staging:  # a CSV import is staging it right now (store/rma_staging.py): it is that import's
            text = msg(
                "RMA {rma_number} is being imported from {staging}: nothing changed",
                rma_number=new.rma_number,
                staging=staging[new.rma_number],
            )
            out.errors.append(RowError(record.line, text))
            return
        _create(uow, new, ctx, now, source)
        out.created.append(new.rma_number)
        return
    old_header = _stored_header(row)
    old_lines = {ln.line_no: ln for ln in row.lines}
    new_lines = {int(v["line_no"]): {c: _comparable(x) for c, x in v.items()} for v in new.lines}
    header_changes = [k for k, v in new.header().items() if old_header[k] != v]
    added = sorted(set(new_lines) - set(old_lines))
    removed = sorted(set(old_lines) - set(new_lines))
    changed = sorted(n for n in set(new_lines) & set(old_lines) if _line_dict(old_lines[n]) != new_lines[n])
    if not (header_changes or added or removed or changed):
        out.unchanged.append(row.rma_number)
        return
    if row.status == RmaStatus.CANCELLED.value:
        _refuse(
            uow,
            record,
            row,
            [msg("the RMA was cancelled; a cancelled RMA is not reopened by a feed")],
            ctx,
            now,
            source,
            out,
        )
        return
    if row.status != RmaStatus.OPEN.value:
        _refuse(
            uow,
            record,
            row,
            [msg("the RMA is already {status}: what was received stands", status=row.status)],
            ctx,
            now,
            source,
            out,
        )
        return
    state = _receiving(uow, row)
    kept: list[int] = []
    if state.started:
        problems: list[str] = [
            msg(
                "{k} cannot change once receiving has started ({change})",
                k=k,
                change=_change(k, old_header[k], new.header()[k]),
            )
            for k in header_changes
            if k in FIXED_AFTER_RECEIVING
        ]
        for n in changed:
            old = _line_dict(old_lines[n])
            if state.touched[n]:
                diffs = [c for c in old if c not in IDENTITY_COLUMNS_EXEMPT and old[c] != new_lines[n][c]]
                if diffs:
                    problems.append(
                        msg(
                            "line {line} has items already and cannot change {columns}",
                            line=n,
                            columns=", ".join(diffs),
                        )
                    )
            if new_lines[n]["quantity"] < state.received[n]:
                problems.append(
                    msg(
                        "line {line} quantity {quantity} is below the {received} already received",
                        line=n,
                        quantity=new_lines[n]["quantity"],
                        received=state.received[n],
                    )
                )
        if problems:
            _refuse(uow, record, row, problems, ctx, now, source, out)
            return
        kept = [n for n in removed if state.touched[n]]
        removed = [n for n in removed if not state.touched[n]]
        for n in kept:
            out.notes.append(
                RowError(
                    record.line,
                    msg(
                        "{rma_number} line {line} kept: items were already received on it",
                        rma_number=row.rma_number,
                        line=n,
                    ),
                )
            )
    changes = [f"{k} {_change(k, old_header[k], new.header()[k])}" for k in header_changes]
    for k in header_changes:
        setattr(row, k, new.header()[k])
    for n in changed:
        old = _line_dict(old_lines[n])
        diffs = [f"{c} {_show(old[c])} -> {_show(new_lines[n][c])}" for c in old if old[c] != new_lines[n][c]]
        changes.append(f"line {n}: " + ", ".join(diffs))
        for c, v in new_lines[n].items():
            setattr(old_lines[n], c, v)
    for n in removed:
        row.lines.remove(old_lines[n])
        changes.append(msg("line {line} removed", line=n))
    for n in added:
        row.lines.append(RmaLineRow(**new_lines[n]))
        changes.append(msg("line {line} added", line=n))
    row.lines.sort(key=lambda ln: ln.line_no)
    uow.session.flush()
    uow.events.record(
        ctx,
        now,
        "rma_updated",
        ("rma", row.id),
        before=row.status,
        after=row.status,
        payload={"rma": row.rma_number, "source": source, "changes": changes, "kept_lines": kept},
    )
    out.updated.append(row.rma_number)


def _create(uow: UnitOfWork, new: RmaContent, ctx: StationContext, now: datetime, source: str) -> None:
    rma = RmaRow(**new_rma_values(new.rma_number, new.header(), now))
    rma.lines = [RmaLineRow(**dict(v)) for v in new.lines]
    uow.session.add(rma)
    uow.session.flush()
    record_rma_imported(uow, ctx, now, source, rma.rma_number, len(rma.lines), rma.id)


def content_of(row: RmaRow) -> Mapping[str, Any]:
    """The stored RMA in the shape feeds compare against (used by tests and diagnostics)."""
    return {**_stored_header(row), "lines": [_line_dict(ln) for ln in row.lines]}
