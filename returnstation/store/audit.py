"""Tamper evidence for the event log: a SHA-256 hash chain over every event, and its verifier.

The append-only triggers stop the app and stray SQL sessions from rewriting history, but anyone with
DB owner rights can drop a trigger, edit a row and put the trigger back. The chain makes such an edit
*detectable*: every event carries ``seq`` (its gap-free position), ``prev_hash`` (the hash of the
event at ``seq - 1``) and ``hash``, so changing, deleting, inserting or reordering an event breaks the
chain at that point unless every later hash is recomputed too.

Canonical form (version 1) -- enough to recompute a hash without this code
--------------------------------------------------------------------------
One JSON object holding ALL of the event's fields except its database ``id`` and ``hash``::

    {"after_status": str|null, "at": "YYYY-MM-DDTHH:MM:SS.ffffff", "before_status": str|null,
     "payload": {...}, "prev_hash": "<64 hex>", "seq": int, "station": str, "subject_id": int|null,
     "subject_type": str, "type": str, "user": str, "v": 1}

- ``at`` is naive UTC (what the station stores), always with six digits of microseconds.
- ``payload`` is the stored JSON value (the app writes it with Python's ``json.dumps`` and hashes what
  reading it back gives, so e.g. integer keys are hashed as the strings the database returns).
- Serialised exactly as Python's ``json.dumps(obj, sort_keys=True, separators=(",", ":"),
  ensure_ascii=True)``: keys sorted at every level, no whitespace, every non-ASCII character escaped as
  ``\\uXXXX`` (UTF-16, lowercase hex), so the bytes are pure ASCII; numbers as Python writes them
  (``1``, ``1.5``, ``1e-07``, ``true``, ``null``). Close to RFC 8785 (JCS), but not the same bytes.
- ``hash = sha256(prev_hash + "\\n" + canonical).hexdigest()`` (lowercase hex; ``prev_hash`` is also
  inside the canonical object -- folding it in front as well is Odoo's construction, kept so the link
  is visible in the formula). The first event's ``prev_hash`` is 64 zeros (``GENESIS``).

The Odoo 9 inalterability bug (OCA/l10n-france#108) was fields missing from the hashed string, so an
edit to them went unnoticed: here every column but ``id`` and ``hash`` is hashed, and a test fails when
a column is added to ``events`` without being added to ``HASHED_FIELDS``. ``id`` is left out so an
exported log can be checked without the database; id order is checked separately ("reordered").

Serialising the writers
-----------------------
Two stations appending at once would both read the same last hash and fork the chain, so the chain
head (``audit_chain_head``: last seq, last hash; one row) is read with ``SELECT ... FOR UPDATE`` in the
writer's transaction (SQLite's ``BEGIN IMMEDIATE`` already serialises every writer). The events of a
transaction are staged by ``EventLog.append`` and sealed in ``before_commit``, *after* everything else
in the transaction has been flushed: the head is then the last lock a transaction takes, held only
for the event INSERTs and the COMMIT. Taking it at the first ``append`` instead would deadlock on
PostgreSQL: the inspection's credit trigger appends an event and then locks the RMA, while receiving
holds that RMA's lock and waits to append. The cost is that commits which write events run one at a
time on PostgreSQL, and each pays three more statements (lock head, insert, update head) and the
hashing. bench/bench_audit_chain.py, 2 events per transaction, 2-CPU box, local PostgreSQL with
fsync off: 1 writer 820 -> 440 tx/s, 8 writers 840 -> 350 tx/s; SQLite (WAL, synchronous=FULL) 8
writers 710 -> 500 tx/s. A bench commits a few transactions per scan, far below that bound.
A consequence: an appended event is visible to queries (even in its own transaction) only once
committed; ``staged_events(session)`` lists the ones still waiting, for code that must see them.

What the chain cannot do: it has no secret, so someone who rewrites an event *and* recomputes every
later hash and the head produces a valid-looking chain. Keep the "head" line of ``returnstation audit
verify`` (or an export) somewhere else and check later with ``--anchor SEQ:HASH``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, event, func, insert, select, type_coerce, update
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.types import NullType

from returnstation.store.bulk import BulkInsert, insert_with_ids
from returnstation.store.models import EventRow
from returnstation.store.models_audit import HEAD_ID, AuditChainHeadRow

CANONICAL_VERSION = 1
GENESIS = "0" * 64
_HEX64 = re.compile(r"[0-9a-f]{64}")
HASHED_FIELDS = (
    "seq",
    "at",
    "station",
    "user",
    "type",
    "subject_type",
    "subject_id",
    "before_status",
    "after_status",
    "payload",
    "prev_hash",
)


# --- pure part: canonical form, hashes, verification ------------------------------------------------


@dataclass(frozen=True)
class EventFields:
    """What an event says, without its chain position."""

    at: datetime
    station: str
    user: str
    type: str
    subject_type: str
    subject_id: int | None
    before_status: str | None
    after_status: str | None
    payload: Mapping[str, Any]


@dataclass(frozen=True)
class ChainedEvent:
    """An event as stored: None chain columns mean it was written around the chain."""

    id: int
    seq: int | None
    prev_hash: str | None
    hash: str | None
    fields: EventFields


@dataclass(frozen=True)
class UnreadableEvent:
    """A stored row whose columns do not hold what the station writes (a word for a time, bytes for
    text, a payload that is not JSON): only someone going around the app puts such values there."""

    id: int
    seq: int | None
    problem: str


@dataclass(frozen=True)
class ChainHead:
    seq: int
    hash: str


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    checked: int  # events verified before the first problem (all of them when ok)
    first_bad_seq: int | None
    problem: str  # "" when ok
    first_bad_id: int | None = None
    last_seq: int = 0  # of the last event verified
    head_hash: str = GENESIS  # its hash

    def text(self) -> str:
        if self.ok:
            return f"OK: {self.checked} events, chain intact up to seq {self.last_seq}, head {self.head_hash}"
        return f"TAMPERED: {self.problem}"


def stored_time(at: datetime) -> datetime:
    """The value the database keeps: naive UTC (an aware time is converted, not silently truncated)."""
    if at.tzinfo is not None:
        return at.astimezone(UTC).replace(tzinfo=None)
    return at


def canonical_bytes(fields: EventFields, *, seq: int, prev_hash: str) -> bytes:
    """The exact bytes hashed for an event (the module docstring gives the format)."""
    return _canonical({**{f: getattr(fields, f) for f in _FIELD_NAMES}, "seq": seq, "prev_hash": prev_hash})


def _canonical(values: Mapping[str, Any]) -> bytes:
    """``canonical_bytes`` from a mapping of the hashed fields (the sealing reads rows' plain values)."""
    doc = {
        "v": CANONICAL_VERSION,
        "seq": values["seq"],
        "at": stored_time(values["at"]).isoformat(timespec="microseconds"),
        "station": values["station"],
        "user": values["user"],
        "type": values["type"],
        "subject_type": values["subject_type"],
        "subject_id": values["subject_id"],
        "before_status": values["before_status"],
        "after_status": values["after_status"],
        "payload": json.loads(json.dumps(values["payload"])),  # as it reads back from the JSON column
        "prev_hash": values["prev_hash"],
    }
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def chain_hash(prev_hash: str, canonical: bytes) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + canonical).hexdigest()


def event_hash(fields: EventFields, *, seq: int, prev_hash: str) -> str:
    return chain_hash(prev_hash, canonical_bytes(fields, seq=seq, prev_hash=prev_hash))


def _name(event_id: int, seq: int | None) -> str:
    return f"event {event_id} (seq {seq if seq is not None else 'none'})"


def verify_chain(
    rows: Iterable[ChainedEvent | UnreadableEvent],
    head: ChainHead | None,
    anchors: Mapping[int, str] | None = None,
) -> VerifyReport:
    """Check events given in chain order (by seq, then id; unchained rows last) against the head.

    Streams: memory does not grow with the log. ``anchors`` maps seq -> hash recorded elsewhere
    earlier (a printed head line, an export), which catches a chain rewritten from some point on.
    Reports the first problem only: after it, every later hash is suspect anyway.
    """
    anchors = dict(anchors or {})
    checked, last_seq, last_hash, last_id = 0, 0, GENESIS, -1

    def bad(problem: str, seq: int | None, event_id: int | None) -> VerifyReport:
        return VerifyReport(False, checked, seq, problem, event_id, last_seq, last_hash)

    for r in rows:
        if isinstance(r, UnreadableEvent):
            return bad(f"{_name(r.id, r.seq)}: {r.problem}", r.seq, r.id)
        name = _name(r.id, r.seq)
        if r.seq is None:
            return bad(f"{name}: no chain position: it was written around the audit chain", None, r.id)
        if r.seq < 1:
            return bad(f"{name}: seq {r.seq} is not a chain position (they start at 1)", r.seq, r.id)
        if r.seq <= last_seq:
            return bad(f"{name}: two events claim seq {r.seq} (the other is event {last_id})", r.seq, r.id)
        if r.seq > last_seq + 1:
            return bad(f"missing event between seq {last_seq} and {r.seq}", last_seq + 1, None)
        if head is not None and r.seq > head.seq:
            return bad(
                f"{name}: lies beyond the chain head (seq {head.seq}): it was not written by a station",
                r.seq,
                r.id,
            )
        if r.prev_hash is None or r.hash != event_hash(r.fields, seq=r.seq, prev_hash=r.prev_hash):
            return bad(f"{name}: hash does not match its content", r.seq, r.id)
        if r.prev_hash != last_hash:
            return bad(
                f"{name}: does not follow seq {last_seq}: its prev_hash is not that event's hash", r.seq, r.id
            )
        if r.id <= last_id:
            return bad(f"{name}: reordered: its id is below id {last_id} of seq {last_seq}", r.seq, r.id)
        expected = anchors.pop(r.seq, None)
        if expected is not None and expected.lower() != r.hash:
            return bad(f"{name}: differs from its anchor: hash {r.hash}, anchored {expected}", r.seq, r.id)
        checked, last_seq, last_hash, last_id = checked + 1, r.seq, r.hash, r.id
    if head is None:
        if checked:
            return bad("the chain head record is missing", None, None)
    elif head.seq > last_seq:
        return bad(
            f"missing event(s) after seq {last_seq}: the chain head says seq {head.seq}", last_seq + 1, None
        )
    elif head.hash != last_hash:
        return bad(f"the chain head's hash differs from the hash of event seq {last_seq}", last_seq, last_id)
    if anchors:
        seq = min(anchors)
        return bad(f"anchored event seq {seq} is missing (the chain ends at seq {last_seq})", seq, None)
    return VerifyReport(True, checked, None, "", None, last_seq, last_hash)


# --- database part: sealing appended events, reading the chain ----------------------------------------

_PENDING = "returnstation.audit.pending"
_FIELD_NAMES = (
    "at",
    "station",
    "user",
    "type",
    "subject_type",
    "subject_id",
    "before_status",
    "after_status",
    "payload",
)  # EventFields; with seq and prev_hash: HASHED_FIELDS
_HEAD = select(AuditChainHeadRow.last_seq, AuditChainHeadRow.last_hash).where(AuditChainHeadRow.id == HEAD_ID)


def stage_event(session: Session, row: EventRow) -> None:
    """Queue an event row for sealing at commit (see "Serialising the writers" above)."""
    if not session.in_transaction():
        session.begin()  # so that a rollback, even before any SQL ran, ends the staged list
    session.info.setdefault(_PENDING, []).append(row)


def staged_events(session: Session) -> list[EventRow]:
    """Events appended in this session's transaction that the commit has not yet written."""
    return list(session.info.get(_PENDING, []))


def fields_of(row: EventRow) -> EventFields:
    return EventFields(
        at=row.at,
        station=row.station,
        user=row.user,
        type=row.type,
        subject_type=row.subject_type,
        subject_id=row.subject_id,
        before_status=row.before_status,
        after_status=row.after_status,
        payload=row.payload,
    )


_PREPARED = "returnstation.audit.prepared"
_CHAIN_COLUMNS = ("seq", "prev_hash", "hash")
# Stand-ins for an event's chain position while its canonical form is built ahead of the head lock.
_SEQ_MARK, _HASH_MARK = -7_391_157_003, "p" * 64


@dataclass(frozen=True)
class _Template:
    """An event's canonical bytes around its chain position: head + prev_hash + middle + seq + tail."""

    head: bytes
    middle: bytes
    tail: bytes

    def hash(self, seq: int, prev_hash: str) -> str:
        prev = prev_hash.encode("ascii")
        return hashlib.sha256(
            prev + b"\n" + self.head + prev + self.middle + str(seq).encode("ascii") + self.tail
        ).hexdigest()


def _template(values: Mapping[str, Any]) -> _Template | None:
    """``_canonical`` of these fields cut where seq and prev_hash go (keys are sorted, so the two are
    next to each other, right after the payload); None if the cut is not unambiguous."""
    whole = _canonical({**values, "seq": _SEQ_MARK, "prev_hash": _HASH_MARK})
    mark = f'"prev_hash":"{_HASH_MARK}","seq":{_SEQ_MARK},'.encode("ascii")
    if whole.count(mark) != 1:
        return None
    head, tail = whole.split(mark)
    return _Template(head + b'"prev_hash":"', b'","seq":', b"," + tail)


@dataclass(frozen=True)
class _Prepared:
    rows: int  # how many of the staged events (the first ones) this covers
    templates: list[_Template | None]  # None: that event is hashed the plain way
    bulk: BulkInsert


def prepare_staged_events(session: Session) -> None:
    """Do now, before the write transaction takes its locks, what sealing the staged events can do
    without knowing the chain head: each event's canonical form (all but seq and prev_hash) and its
    values converted for the database. Sealing then only hashes and inserts (a 25,000-RMA import:
    about 0.3 s less inside SQLite's write lock). Call it once the events are final; if more are staged
    afterwards, the whole transaction is sealed the plain way."""
    rows: list[EventRow] = session.info.get(_PENDING, [])
    if not rows:
        return
    plain = [{c: vars(row).get(c) for c in _FIELD_NAMES} for row in rows]
    bulk = BulkInsert(session.get_bind().dialect, cast(Table, EventRow.__table__), plain, late=_CHAIN_COLUMNS)
    session.info[_PREPARED] = _Prepared(len(rows), [_template(values) for values in plain], bulk)


@event.listens_for(Session, "before_commit")
def _seal_staged_events(session: Session) -> None:
    rows: list[EventRow] = session.info.pop(_PENDING, [])
    prepared: _Prepared | None = session.info.pop(_PREPARED, None)
    if not rows:
        return
    session.flush()  # everything else first, so the head is the last lock this transaction takes
    head = _lock_head(session)
    seq, prev = head.seq, head.hash
    # This runs while the write lock is held, and a 25,000-RMA import appends 25,000 events
    # (bench/bench_import_lock.py): the rows are never added to the session (no ORM flush), their plain
    # values are read and written back through __dict__ (no attribute instrumentation), and they are
    # inserted with one executemany. Ids are reserved under the head lock: they rise with seq.
    if prepared is None or prepared.rows != len(rows):
        prepared = None
    chain: list[tuple[int, str, str]] = []  # seq, prev_hash, hash of each row
    values: list[dict[str, Any]] = []
    for index, row in enumerate(rows):
        seq += 1
        template = prepared.templates[index] if prepared is not None else None
        if template is not None:
            row_hash = template.hash(seq, prev)
        else:
            plain = {c: vars(row).get(c) for c in _FIELD_NAMES}
            plain["seq"], plain["prev_hash"] = seq, prev
            plain["hash"] = row_hash = chain_hash(prev, _canonical(plain))
            values.append(plain)
        chain.append((seq, prev, row_hash))
        prev = row_hash
    connection = session.connection()
    if prepared is not None:
        seqs, prevs, hashes = (list(column) for column in zip(*chain, strict=True))
        ids = prepared.bulk.run(connection, seq=seqs, prev_hash=prevs, hash=hashes)
    else:
        ids = insert_with_ids(connection, cast(Table, EventRow.__table__), values)
    for row, (row_seq, row_prev, row_hash), event_id in zip(rows, chain, ids, strict=True):
        vars(row).update(id=event_id, seq=row_seq, prev_hash=row_prev, hash=row_hash)
    session.execute(
        update(AuditChainHeadRow).where(AuditChainHeadRow.id == HEAD_ID).values(last_seq=seq, last_hash=prev),
        execution_options={"synchronize_session": False},
    )


@event.listens_for(Session, "after_transaction_end")
def _forget_staged_events(session: Session, transaction: Any) -> None:
    if transaction.parent is None:  # the whole transaction ended: rolled back, or committed and sealed
        session.info.pop(_PENDING, None)
        session.info.pop(_PREPARED, None)


def _lock_head(session: Session) -> ChainHead:
    found = session.execute(_HEAD.with_for_update()).one_or_none()
    if found is not None:
        return ChainHead(int(found.last_seq), str(found.last_hash))
    # Migration 0004 creates the row; rebuild it from the last chained event if it went missing, so
    # appends go on (verify still reports the loss) instead of colliding with seq 1.
    newest = select(func.max(EventRow.seq)).scalar_subquery()
    last = session.execute(select(EventRow.seq, EventRow.hash).where(EventRow.seq == newest)).one_or_none()
    head = ChainHead(0, GENESIS) if last is None else ChainHead(int(last.seq), str(last.hash))
    session.execute(insert(AuditChainHeadRow).values(id=HEAD_ID, last_seq=head.seq, last_hash=head.hash))
    return head


@contextmanager
def _snapshot_session(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session reading one consistent snapshot of events and head (PostgreSQL: REPEATABLE READ;
    SQLite transactions always read one snapshot), so concurrent appends are not mistaken for gaps.

    On SQLite, text that is not UTF-8 (written as bytes behind the app's back) would make the driver
    stop the whole read; it is read with its bad bytes escaped instead, so the row can be named.
    """
    with factory() as session:
        if session.get_bind().dialect.name != "sqlite":
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            yield session
            return
        driver = session.connection().connection.driver_connection
        saved = getattr(driver, "text_factory", str)
        driver.text_factory = _lenient_text  # type: ignore[union-attr]
        try:
            yield session
        finally:
            session.rollback()
            driver.text_factory = saved  # type: ignore[union-attr]


def _lenient_text(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def _raw_select(table: Any) -> Any:
    """Every column as the driver returns it: no SQLAlchemy conversion that could raise mid-stream."""
    return select(*(type_coerce(c, NullType()).label(c.name) for c in table.c))


def _converters(session: Session, table: Any) -> dict[str, Callable[[Any], Any] | None]:
    dialect = session.get_bind().dialect
    return {c.name: c.type.dialect_impl(dialect).result_processor(dialect, None) for c in table.c}


class _Unreadable(Exception):
    pass


def _show(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _text(value: object, column: str, *, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    if isinstance(value, bytes):
        raise _Unreadable(f"{column} holds bytes ({_show(value)}), not text")
    if not isinstance(value, str):
        raise _Unreadable(f"{column} holds {_show(value)}, not text")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _Unreadable(f"{column} holds bytes that are not UTF-8 text ({_show(value)})") from None
    return value


def _int(value: object, column: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Unreadable(f"{column} holds {_show(value)}, not a whole number")
    return value


def _hash(value: object, column: str) -> str | None:
    text = _text(value, column, optional=True)
    if text is not None and not _HEX64.fullmatch(text):
        raise _Unreadable(f"{column} holds {_show(text)}, not a hash (64 hex digits)")
    return cast(str | None, text)


def _converted(value: object, convert: Callable[[Any], Any] | None, column: str, what: str) -> Any:
    if isinstance(value, bytes):
        raise _Unreadable(f"{column} holds bytes ({_show(value)}), not {what}")
    try:
        return convert(value) if convert is not None and value is not None else value
    except (ValueError, TypeError, OverflowError, AttributeError):
        raise _Unreadable(f"{column} holds {_show(value)}, which is not {what}") from None


def decode_event(
    raw: Mapping[Any, Any], convert: Mapping[str, Callable[[Any], Any] | None]
) -> ChainedEvent | UnreadableEvent:
    """One stored row as a ``ChainedEvent``, or what is wrong with it: never an exception."""
    event_id = raw["id"] if isinstance(raw["id"], int) else -1
    seq_value = raw["seq"]
    seq = seq_value if isinstance(seq_value, int) and not isinstance(seq_value, bool) else None
    try:
        _int(seq_value, "seq")
        at = _converted(raw["at"], convert.get("at"), "at", "a date and time")
        if not isinstance(at, datetime):
            raise _Unreadable(f"at holds {_show(raw['at'])}, which is not a date and time")
        payload = _converted(raw["payload"], convert.get("payload"), "payload", "JSON")
        if not isinstance(payload, dict):
            raise _Unreadable(f"payload holds {_show(raw['payload'])}, not a JSON object")
        json.dumps(payload)  # anything the canonical form cannot serialise is refused here
        fields = EventFields(
            at=at,
            station=_text(raw["station"], "station"),
            user=_text(raw["user"], "user"),
            type=_text(raw["type"], "type"),
            subject_type=_text(raw["subject_type"], "subject_type"),
            subject_id=_int(raw["subject_id"], "subject_id"),
            before_status=_text(raw["before_status"], "before_status", optional=True),
            after_status=_text(raw["after_status"], "after_status", optional=True),
            payload=payload,
        )
        return ChainedEvent(
            event_id, seq, _hash(raw["prev_hash"], "prev_hash"), _hash(raw["hash"], "hash"), fields
        )
    except _Unreadable as exc:
        return UnreadableEvent(event_id, seq, str(exc))
    except (TypeError, ValueError, RecursionError) as exc:
        return UnreadableEvent(event_id, seq, f"cannot be read: {exc}")


class DamagedHead(Exception):
    """The chain head row holds something no station writes."""


def read_head(session: Session) -> ChainHead | None:
    """The head, or None when the row is missing; ``DamagedHead`` when it holds nonsense."""
    table = AuditChainHeadRow.__table__
    found = session.execute(_raw_select(table).where(table.c.id == HEAD_ID)).first()
    if found is None:
        return None
    try:
        last_seq = _int(found.last_seq, "last_seq")
        last_hash = _hash(found.last_hash, "last_hash")
    except _Unreadable as exc:
        raise DamagedHead(str(exc)) from None
    if last_seq is None or last_hash is None:
        raise DamagedHead("last_seq or last_hash is empty")
    return ChainHead(last_seq, last_hash)


def read_chain(session: Session, batch: int = 2000) -> Iterator[ChainedEvent | UnreadableEvent]:
    """Every event in chain order (seq, then id; rows without seq last), streamed, never trusted:
    a row holding what no station writes comes back as an ``UnreadableEvent`` naming the column."""
    table = EventRow.__table__
    convert = _converters(session, table)
    stmt = _raw_select(table)
    if session.get_bind().dialect.name == "sqlite":
        # SQLite keeps any value in any column, and sorts a text seq after every number: such rows
        # come first, so they are named instead of reported as a gap where they should have been.
        wellformed = func.typeof(table.c.seq).in_(("integer", "null"))
        for row in session.execute(stmt.where(~wellformed).order_by(table.c.id)):
            yield decode_event(row._mapping, convert)
        stmt = stmt.where(wellformed)
    stmt = stmt.order_by(table.c.seq.is_(None), table.c.seq, table.c.id).execution_options(yield_per=batch)
    for row in session.execute(stmt):
        yield decode_event(row._mapping, convert)


def verify_database(factory: sessionmaker[Session], anchors: Mapping[int, str] | None = None) -> VerifyReport:
    with _snapshot_session(factory) as session:
        try:
            head = read_head(session)
        except DamagedHead as exc:
            return VerifyReport(False, 0, None, f"the chain head record is damaged: {exc}")
        return verify_chain(read_chain(session), head, anchors)


def export_jsonl(factory: sessionmaker[Session], out: Path) -> int:
    """Write every event with its chain columns as JSON lines (chain order), for an external auditor
    to recompute the hashes from the canonical form above; returns the number of events written."""
    count = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with _snapshot_session(factory) as session, out.open("w", encoding="ascii", newline="\n") as fh:
        for ev in read_chain(session):
            if isinstance(ev, UnreadableEvent):  # written as found; `audit verify` names it
                fh.write(
                    json.dumps(
                        {"id": ev.id, "seq": ev.seq, "unreadable": ev.problem},
                        sort_keys=True,
                        ensure_ascii=True,
                    )
                    + "\n"
                )
                count += 1
                continue
            f = ev.fields
            record = {
                "id": ev.id,
                "seq": ev.seq,
                "at": stored_time(f.at).isoformat(timespec="microseconds"),
                "station": f.station,
                "user": f.user,
                "type": f.type,
                "subject_type": f.subject_type,
                "subject_id": f.subject_id,
                "before_status": f.before_status,
                "after_status": f.after_status,
                "payload": f.payload,
                "prev_hash": ev.prev_hash,
                "hash": ev.hash,
            }
            fh.write(json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=True) + "\n")
            count += 1
    return count
