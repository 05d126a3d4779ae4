"""The event log's hash chain on a real database (SQLite and PostgreSQL): normal work verifies, and an
attacker with database access who goes around the append-only triggers is caught."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

import pytest
from alembic import command
from sqlalchemy import Connection, Engine, Table, func, insert, select, text, update
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from returnstation.domain.scan import Scan
from returnstation.store.audit import (
    EventFields,
    VerifyReport,
    event_hash,
    fields_of,
    read_head,
    staged_events,
    verify_database,
)
from returnstation.store.db import make_engine, make_session_factory
from returnstation.store.migrate import alembic_config, upgrade_to_head
from returnstation.store.models import EventRow, RmaRow
from returnstation.store.models_audit import AuditChainHeadRow
from returnstation.store.repositories import EventLog
from returnstation.store.uow import UnitOfWork

pytestmark = pytest.mark.db
EVENTS = cast(Table, EventRow.__table__)
T0 = datetime(2026, 11, 23, 9, 0, 0)


# --- helpers ----------------------------------------------------------------------------------------


@dataclass
class Db:
    engine: Engine
    factory: sessionmaker[Session]

    def verify(self, anchors: dict[int, str] | None = None) -> VerifyReport:
        return verify_database(self.factory, anchors)

    def chain(self) -> list[EventRow]:
        with self.factory() as s:
            return list(s.scalars(select(EventRow).order_by(EventRow.seq)))


@pytest.fixture
def db(db_url: str) -> Iterator[Db]:
    engine = make_engine(db_url)
    upgrade_to_head(engine)
    yield Db(engine, make_session_factory(engine))
    engine.dispose()


def append_events(factory: sessionmaker[Session], n: int, station: str = "bench-1", start: int = 0) -> None:
    for i in range(start, start + n):
        with UnitOfWork(factory) as uow:
            uow.events.append(
                "note",
                station=station,
                user="ana",
                at=T0 + timedelta(seconds=i),
                subject_type="test",
                subject_id=i,
                payload={"i": i, "text": f"note {i}"},
            )
            uow.commit()


_SQLITE_TRIGGERS = [
    f"CREATE TRIGGER events_no_{a.lower()} BEFORE {a} ON events "
    "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"
    for a in ("UPDATE", "DELETE")
]
_PG_TRIGGER = (
    "CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events "
    "FOR EACH ROW EXECUTE FUNCTION events_append_only()"
)


def as_attacker(engine: Engine, edit: Callable[[Connection], object]) -> None:
    """What someone with the database password does: drop the append-only triggers, edit, put them back."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("DROP TRIGGER events_no_update")
            conn.exec_driver_sql("DROP TRIGGER events_no_delete")
            edit(conn)
            for sql in _SQLITE_TRIGGERS:
                conn.exec_driver_sql(sql)
        else:
            conn.exec_driver_sql("DROP TRIGGER events_append_only ON events")
            edit(conn)
            conn.exec_driver_sql(_PG_TRIGGER)
    with pytest.raises(DatabaseError, match="append-only"), engine.begin() as conn:  # triggers are back
        conn.execute(text("DELETE FROM events"))


def receive_and_inspect(station) -> None:  # type: ignore[no-untyped-def]
    pid = station.receiving.scan_parcel(Scan("RMA-100001")).parcel.parcel_id
    for code in ("HP-BT200", "CBL-USBC-1M", "CBL-USBC-1M"):
        assert station.receiving.scan_item(pid, Scan(code)).problem is None
    station.receiving.finish_parcel(pid)
    for item in station.inspection.pending():
        form = station.inspection.form(item.item_id)
        station.inspection.decide(item.item_id, {c.id: c.answers[0].value for c in form.checklist.checks})


# --- normal work ------------------------------------------------------------------------------------


def test_a_day_at_the_bench_verifies_and_chains_every_event(station) -> None:  # type: ignore[no-untyped-def]
    receive_and_inspect(station)
    report = verify_database(station.session_factory)
    with station.session_factory() as s:
        rows = list(s.scalars(select(EventRow).order_by(EventRow.id)))
        head = read_head(s)
    types = {r.type for r in rows}
    assert {"parcel_received", "item_received", "item_dispositioned"} <= types, types
    assert report.ok, report.problem
    assert report.checked == len(rows) == report.last_seq
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))  # gap-free, and in id order
    assert head is not None and (head.seq, head.hash) == (rows[-1].seq, rows[-1].hash) == (
        report.last_seq,
        report.head_hash,
    )
    assert report.text() == f"OK: {len(rows)} events, chain intact up to seq {len(rows)}, head {head.hash}"


def test_a_rolled_back_transaction_takes_no_chain_position(db: Db) -> None:
    append_events(db.factory, 2)
    with UnitOfWork(db.factory) as uow:  # no commit: the unit of work rolls back
        uow.events.append("lost", station="s", user="u", at=T0, subject_type="test", subject_id=None)
    with db.factory() as s:  # a session used again after rollback() must not carry the event over
        EventLog(s).append("lost too", station="s", user="u", at=T0, subject_type="test", subject_id=None)
        s.rollback()
        EventLog(s).append("kept", station="s", user="u", at=T0, subject_type="test", subject_id=None)
        s.commit()
    assert [(r.seq, r.type) for r in db.chain()] == [(1, "note"), (2, "note"), (3, "kept")]
    assert db.verify().ok


def test_events_of_one_transaction_chain_in_append_order(db: Db) -> None:
    with UnitOfWork(db.factory) as uow:
        for i in range(5):
            uow.events.append("step", station="s", user="u", at=T0, subject_type="test", subject_id=i)
        assert uow.session.scalar(select(func.count()).select_from(EventRow)) == 0  # written at commit
        assert [r.subject_id for r in staged_events(uow.session)] == [0, 1, 2, 3, 4]
        uow.commit()
        assert staged_events(uow.session) == []
    rows = db.chain()
    assert [r.subject_id for r in rows] == [0, 1, 2, 3, 4]
    assert [r.id for r in rows] == sorted(r.id for r in rows)
    assert db.verify().ok


def test_record_takes_station_and_person_from_the_context(db: Db) -> None:
    @dataclass(frozen=True)
    class Ctx:
        station: str
        user: str

    ctx = Ctx("bench-3", "ana")
    with UnitOfWork(db.factory) as uow:
        uow.events.record(ctx, T0, "parcel_opened", ("parcel", 7), after="open", payload={"rma": "R1"})
        uow.events.record(ctx, T0, "signed_out", ("user", 2), payload={"reason": "idle"}, user="bo")
        uow.commit()
    got = [
        (
            r.type,
            r.station,
            r.user,
            r.at,
            r.subject_type,
            r.subject_id,
            r.before_status,
            r.after_status,
            r.payload,
        )
        for r in db.chain()
    ]
    assert got == [
        ("parcel_opened", "bench-3", "ana", T0, "parcel", 7, None, "open", {"rma": "R1"}),
        ("signed_out", "bench-3", "bo", T0, "user", 2, None, None, {"reason": "idle"}),
    ]
    assert db.verify().ok


def test_an_aware_time_is_stored_and_hashed_as_naive_utc(db: Db) -> None:
    from datetime import UTC, timezone

    aware = datetime(2026, 11, 23, 10, 30, 0, 123456, tzinfo=timezone(timedelta(hours=1)))
    with UnitOfWork(db.factory) as uow:
        uow.events.append("t", station="s", user="u", at=aware, subject_type="test", subject_id=None)
        uow.commit()
    [row] = db.chain()
    assert row.at == aware.astimezone(UTC).replace(tzinfo=None)
    assert db.verify().ok


# --- tampering --------------------------------------------------------------------------------------


def _set(seq: int, **values: object) -> Callable[[Connection], object]:
    return lambda conn: conn.execute(update(EVENTS).where(EVENTS.c.seq == seq).values(**values))


def _with(row: EventRow, **changes: object) -> EventFields:
    return EventFields(**{**fields_of(row).__dict__, **changes})


def _payload_changed(db: Db, row: EventRow) -> Callable[[Connection], object]:
    return _set(row.seq or 0, payload={**row.payload, "text": "forged"})


TAMPERINGS: dict[str, Callable[[Db, EventRow], Callable[[Connection], object]]] = {
    "payload field": _payload_changed,
    "user": lambda db, row: _set(row.seq or 0, user="mallory"),
    "station": lambda db, row: _set(row.seq or 0, station="bench-9"),
    "time by one microsecond": lambda db, row: _set(row.seq or 0, at=row.at + timedelta(microseconds=1)),
    "type": lambda db, row: _set(row.seq or 0, type="forged"),
    "subject": lambda db, row: _set(row.seq or 0, subject_id=999),
    "status": lambda db, row: _set(row.seq or 0, after_status="restocked"),
    "user, hash recomputed on a wrong link": lambda db, row: _set(
        row.seq or 0,
        user="mallory",
        hash=event_hash(_with(row, user="mallory"), seq=row.seq or 0, prev_hash="f" * 64),
    ),
}


@pytest.mark.parametrize("what", list(TAMPERINGS))
def test_an_edited_field_is_caught_at_its_seq(db: Db, what: str) -> None:
    append_events(db.factory, 6)
    victim = db.chain()[3]
    as_attacker(db.engine, TAMPERINGS[what](db, victim))
    report = db.verify()
    assert not report.ok
    assert (report.first_bad_seq, report.first_bad_id, report.checked) == (4, victim.id, 3)
    assert report.text() == f"TAMPERED: event {victim.id} (seq 4): hash does not match its content"


def test_a_deleted_event_is_caught(db: Db) -> None:
    append_events(db.factory, 6)
    as_attacker(db.engine, lambda conn: conn.execute(EVENTS.delete().where(EVENTS.c.seq == 3)))
    report = db.verify()
    assert not report.ok and report.first_bad_seq == 3
    assert report.problem == "missing event between seq 2 and 4"


def test_deleting_the_newest_events_is_caught_by_the_head(db: Db) -> None:
    append_events(db.factory, 6)
    as_attacker(db.engine, lambda conn: conn.execute(EVENTS.delete().where(EVENTS.c.seq >= 5)))
    report = db.verify()
    assert not report.ok and report.first_bad_seq == 5
    assert report.problem == "missing event(s) after seq 4: the chain head says seq 6"


def test_swapped_contents_of_two_events_are_caught(db: Db) -> None:
    append_events(db.factory, 6)
    a, b = db.chain()[1:3]
    cols = ("at", "station", "user", "type", "subject_type", "subject_id", "payload")

    def swap(conn: Connection) -> None:
        conn.execute(update(EVENTS).where(EVENTS.c.id == a.id).values({c: getattr(b, c) for c in cols}))
        conn.execute(update(EVENTS).where(EVENTS.c.id == b.id).values({c: getattr(a, c) for c in cols}))

    as_attacker(db.engine, swap)
    report = db.verify()
    assert not report.ok and (report.first_bad_seq, report.first_bad_id) == (2, a.id)
    assert "hash does not match its content" in report.problem


def test_swapped_ids_of_two_events_are_caught_as_reordered(db: Db) -> None:
    """Whole rows exchanging their ids keep a valid chain by seq, but the outbox and public event
    sequence numbers go by id: the order of ids must agree with the chain."""
    append_events(db.factory, 6)
    a, b = db.chain()[2:4]

    def swap(conn: Connection) -> None:
        conn.execute(update(EVENTS).where(EVENTS.c.id == a.id).values(id=-1))
        conn.execute(update(EVENTS).where(EVENTS.c.id == b.id).values(id=a.id))
        conn.execute(update(EVENTS).where(EVENTS.c.id == -1).values(id=b.id))

    as_attacker(db.engine, swap)
    report = db.verify()
    assert not report.ok and report.first_bad_seq == 4
    assert report.problem == f"event {a.id} (seq 4): reordered: its id is below id {b.id} of seq 3"


def test_a_forged_row_inserted_around_the_app_is_caught(db: Db) -> None:
    append_events(db.factory, 3)
    forged = {
        "at": T0,
        "station": "bench-1",
        "user": "ana",
        "type": "item_dispositioned",
        "subject_type": "item",
        "subject_id": 1,
        "payload": {"disposition": "scrap"},
    }
    with db.engine.begin() as conn:  # inserting needs no trigger bypass
        new_id = conn.execute(insert(EVENTS).values(**forged).returning(EVENTS.c.id)).scalar_one()
    report = db.verify()
    assert not report.ok and report.first_bad_id == new_id and report.checked == 3
    assert "no chain position" in report.problem


def test_a_forged_row_with_a_correct_hash_but_no_head_update_is_caught(db: Db) -> None:
    append_events(db.factory, 3)
    last = db.chain()[-1]
    fields = EventFields(T0, "bench-1", "ana", "item_dispositioned", "item", 1, None, None, {"x": 1})
    digest = event_hash(fields, seq=4, prev_hash=last.hash or "")
    with db.engine.begin() as conn:
        conn.execute(insert(EVENTS).values(**fields.__dict__, seq=4, prev_hash=last.hash, hash=digest))
    report = db.verify()
    assert not report.ok and report.first_bad_seq == 4
    assert "beyond the chain head (seq 3)" in report.problem


def test_a_forged_row_squeezed_into_the_middle_is_caught(db: Db) -> None:
    """Taking an existing position needs the unique index on seq gone; the duplicate then shows."""
    append_events(db.factory, 4)
    second = db.chain()[1]

    def forge(conn: Connection) -> None:
        conn.exec_driver_sql("DROP INDEX ix_events_seq")
        conn.execute(
            insert(EVENTS).values(
                **fields_of(second).__dict__, seq=2, prev_hash=second.prev_hash, hash=second.hash
            )
        )

    as_attacker(db.engine, forge)
    report = db.verify()
    assert not report.ok and report.first_bad_seq == 2
    assert "two events claim seq 2" in report.problem


def test_a_rewritten_chain_passes_alone_but_not_against_an_earlier_anchor(db: Db) -> None:
    """The chain has no secret: recomputing every later hash and the head makes it consistent again.
    The head line someone kept from an earlier verify is what catches it."""
    append_events(db.factory, 5)
    before = db.verify()
    assert before.ok
    rows = db.chain()

    def rewrite(conn: Connection) -> None:
        prev = rows[1].hash or ""
        for r in rows[2:]:
            f = fields_of(r)
            if r.seq == 3:
                f = EventFields(**{**f.__dict__, "payload": {**f.payload, "text": "forged"}})
            digest = event_hash(f, seq=r.seq or 0, prev_hash=prev)
            conn.execute(
                update(EVENTS)
                .where(EVENTS.c.id == r.id)
                .values(payload=dict(f.payload), prev_hash=prev, hash=digest)
            )
            prev = digest
        conn.execute(update(AuditChainHeadRow).values(last_hash=prev))

    as_attacker(db.engine, rewrite)
    assert db.verify().ok  # the documented limit
    caught = db.verify({before.last_seq: before.head_hash})
    assert not caught.ok and caught.first_bad_seq == 5 and "differs from its anchor" in caught.problem
    assert db.verify({2: rows[1].hash or ""}).ok  # before the rewrite, history still matches


def test_truncate_is_refused_on_postgresql(db: Db) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    append_events(db.factory, 1)
    with pytest.raises(DatabaseError, match="append-only"), db.engine.begin() as conn:
        conn.exec_driver_sql("TRUNCATE events CASCADE")


# --- concurrency ------------------------------------------------------------------------------------


def test_concurrent_writers_keep_one_unbroken_chain(db: Db) -> None:
    threads, per_thread = 8, 50
    errors: list[BaseException] = []
    start = threading.Barrier(threads)

    def work(t: int) -> None:
        try:
            start.wait()
            i = 0
            while i < per_thread:
                batch = 1 + (i % 3 == 0 and i + 1 < per_thread)  # some transactions write two events
                with UnitOfWork(db.factory) as uow:
                    for k in range(batch):
                        uow.events.append(
                            "tick",
                            station=f"bench-{t}",
                            user="u",
                            at=T0,
                            subject_type="test",
                            subject_id=t * 1000 + i + k,
                            payload={"t": t, "i": i + k},
                        )
                    uow.commit()
                i += batch
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    workers = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=300)
    assert not errors, errors
    report = db.verify()
    assert report.ok, report.problem
    assert report.checked == report.last_seq == threads * per_thread
    with db.factory() as s:
        per_station = dict(s.execute(select(EventRow.station, func.count()).group_by(EventRow.station)).all())
    assert per_station == {f"bench-{t}": per_thread for t in range(threads)}


def test_appending_then_locking_an_rma_does_not_deadlock_with_receiving(db: Db) -> None:
    """The inspection's credit trigger appends an event and then locks the RMA, while receiving holds that
    RMA's lock and appends. Were the chain head locked at append time, PostgreSQL would kill one of them
    as a deadlock; sealing at commit keeps the head the last lock taken."""
    with db.factory() as s:
        rma = RmaRow(
            rma_number="RMA-1",
            order_number="SO-1",
            customer="c",
            status="open",
            authorized_at=T0,
            created_at=T0,
        )
        s.add(rma)
        s.commit()
        rma_id = rma.id
    receiving_locked, inspection_appended = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def receiving() -> None:
        try:
            with UnitOfWork(db.factory) as uow:
                uow.rmas.lock(rma_id)
                receiving_locked.set()
                assert inspection_appended.wait(30)
                uow.events.append(
                    "parcel_received", station="b", user="u", at=T0, subject_type="rma", subject_id=rma_id
                )
                uow.commit()
        except BaseException as exc:
            errors.append(exc)

    other = threading.Thread(target=receiving)
    other.start()
    assert receiving_locked.wait(30)
    with UnitOfWork(db.factory) as uow:
        uow.events.append(
            "item_dispositioned", station="a", user="u", at=T0, subject_type="item", subject_id=1
        )
        uow.session.flush()
        inspection_appended.set()
        uow.rmas.lock(rma_id)  # waits for receiving to commit
        uow.events.append(
            "credit_triggered", station="a", user="u", at=T0, subject_type="rma", subject_id=rma_id
        )
        uow.commit()
    other.join(60)
    assert not errors, errors
    assert [r.type for r in db.chain()] == ["parcel_received", "item_dispositioned", "credit_triggered"]
    assert db.verify().ok


# --- migration of an existing database --------------------------------------------------------------


OLD_EVENTS: list[dict[str, Any]] = [
    {"type": "rma_imported", "payload": {"rma": "RMA-1", "lines": [1, 2]}},
    {"type": "parcel_received", "payload": {"note": "Kühl – 冷蔵庫 😀", "nested": {"b": 1, "a": [None]}}},
    {"type": "item_received", "payload": {}, "subject_id": None, "after_status": "received"},
    {"type": "odd", "payload": {"10": "ten", "9": "nine", "x": 1.5, "t": True}},
]


def test_the_migration_chains_events_written_before_it(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    old = [
        {
            "at": T0 + timedelta(minutes=i, microseconds=i),
            "station": "old",
            "user": "ana",
            "subject_type": "x",
            "subject_id": i,
            "before_status": None,
            "after_status": None,
            **e,
        }
        for i, e in enumerate(OLD_EVENTS)
    ]
    with engine.begin() as conn:  # only the columns revision 0001 knows
        conn.execute(insert(EVENTS), old)
    upgrade_to_head(engine)
    factory = make_session_factory(engine)
    report = verify_database(factory)
    assert report.ok, report.problem
    assert report.checked == len(OLD_EVENTS)
    append_events(factory, 2, start=100)  # new events continue the migrated chain
    report = verify_database(factory)
    assert report.ok and report.last_seq == len(OLD_EVENTS) + 2
    with factory() as s:
        assert [r.seq for r in s.scalars(select(EventRow).order_by(EventRow.id))] == [1, 2, 3, 4, 5, 6]
    with pytest.raises(DatabaseError, match="append-only"), engine.begin() as conn:  # still append-only
        conn.execute(text("UPDATE events SET type = 'forged'"))
    engine.dispose()


def test_the_migration_goes_down_and_up_again(db: Db) -> None:
    append_events(db.factory, 3)
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004@-1")
    with db.engine.connect() as conn:
        assert "seq" not in {c["name"] for c in _columns(conn)}
    with pytest.raises(DatabaseError, match="append-only"), db.engine.begin() as conn:
        conn.execute(text("DELETE FROM events"))
    upgrade_to_head(db.engine)
    report = db.verify()
    assert report.ok and report.checked == 3


def _columns(conn: Connection) -> list[dict[str, object]]:
    from sqlalchemy import inspect

    return [dict(c) for c in inspect(conn).get_columns("events")]
