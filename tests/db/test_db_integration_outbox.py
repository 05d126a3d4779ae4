"""The outbox against a real HTTP receiver on 127.0.0.1 and a real database (SQLite and PostgreSQL).

What is shown: a receiver that fails (500), times out and recovers gets every event with exactly one
effect; back-off follows the injected clock; a new Station on the same database carries on where the
old one stopped, also after a crash between "receiver took it" and "delivered" was recorded; events
whose transaction commits late are not lost; nothing internal leaks into the public events.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from conftest import make_settings
from sqlalchemy import func, insert, select, text
from test_db_integration_support import (
    SECRET,
    Receiver,
    decide_all,
    read_jsonl,
    receive_all,
    running,
    use_config,
    webhook_target,
)

from returnstation.bootstrap import open_station
from returnstation.integration.public_events import PUBLIC_EVENT_TYPES
from returnstation.integration.signing import SIGNATURE_HEADER, verify_signature
from returnstation.integration.sinks import OutboundMessage, SendResult
from returnstation.store.models import EventRow
from returnstation.store.models_integration import DeliveryRow, OutboxTargetRow


def _public_events(station) -> int:  # type: ignore[no-untyped-def]
    from returnstation.integration.public_events import PUBLIC_TYPE_OF

    with station.session_factory() as s:
        stmt = select(func.count()).select_from(EventRow).where(EventRow.type.in_(list(PUBLIC_TYPE_OF)))
        return int(s.scalar(stmt) or 0)


def _make_events(station) -> None:  # type: ignore[no-untyped-def]
    """One laptop received and dispositioned: parcel.received, item.dispositioned, credit trigger..."""
    receive_all(station, "RMA-100003", ["LAP-14-PRO"])
    decide_all(station, "RMA-100003")


@pytest.mark.slow
def test_failing_slow_then_recovering_receiver_gets_each_event_exactly_once(station, clock) -> None:  # type: ignore[no-untyped-def]
    _make_events(station)
    expected = _public_events(station)
    assert expected >= 3
    with running(Receiver(slow_s=1.5)) as rx:
        rx.script.extend(["fail", "slow"])
        use_config(
            station,
            {"targets": [webhook_target(rx.url, timeout_s=0.5, first_delay_s=10, max_delay_s=60, jitter=0)]},
        )
        outbox = station.integration.outbox
        t0 = clock.now

        [r] = outbox.run_once()
        assert r.failed and "HTTP 500" in r.error and r.delivered == 0
        assert r.next_attempt_at == t0 + timedelta(seconds=10)
        assert rx.effect_count == 0 and len(rx.requests) == 1

        clock.advance(seconds=9.9)  # not due yet: nothing is sent, and nothing overtakes the head
        [r] = outbox.run_once()
        assert not r.failed and r.delivered == 0 and len(rx.requests) == 1

        clock.advance(seconds=0.1)
        [r] = outbox.run_once()  # the receiver applies it but answers after the client gave up
        assert r.failed and "within 0.5 s" in r.error
        assert r.next_attempt_at == clock.now + timedelta(seconds=20)  # second failure: 2 x 10 s
        assert rx.effect_count == 1

        clock.advance(seconds=20)
        [r] = outbox.run_once()  # recovered: the retry is recognised by its key, the rest go out
        assert not r.failed and r.delivered == expected

    first_key = rx.requests[0].key
    assert [q.key for q in rx.requests[:3]] == [first_key] * 3
    assert len({q.body for q in rx.requests[:3]}) == 1  # the same signed body every time
    assert all(q.signature_ok for q in rx.requests)
    assert rx.effect_count == expected == len(set(rx.request_keys()))
    sequences = [e["sequence"] for e in rx.effects.values()]
    assert len(sequences) == len(set(sequences))  # one effect per event
    with station.session_factory() as s:
        head = s.scalar(select(DeliveryRow).where(DeliveryRow.target == "oms").order_by(DeliveryRow.event_id))
        assert head is not None and head.attempts == 3 and head.status == "delivered"


def test_events_arrive_in_order_with_documented_headers_and_no_internals(station, clock) -> None:  # type: ignore[no-untyped-def]
    _make_events(station)
    with running(Receiver()) as rx:
        use_config(station, {"targets": [webhook_target(rx.url)]})
        station.integration.outbox.run_once()
    sequences = [rx.effects[k]["sequence"] for k in rx.request_keys()]
    assert sequences == sorted(sequences)
    req = rx.requests[0]
    signature = req.headers[SIGNATURE_HEADER.lower()]
    assert verify_signature(SECRET, req.body, signature)
    assert not verify_signature("other-secret", req.body, signature)
    assert req.headers["content-type"].startswith("application/json")
    assert req.headers["x-returnstation-event"] == rx.effects[req.key]["type"]
    assert req.headers["x-returnstation-event-id"] == rx.effects[req.key]["id"]
    bodies = b"".join(q.body for q in rx.requests).decode()
    for private in ("answers", "Robin Diaz", '"ana"', "rules_version", "approver"):
        assert private not in bodies
    types = {e["type"] for e in rx.effects.values()}
    assert {"parcel.received", "item.dispositioned", "rma.credit_triggered"} <= types <= PUBLIC_EVENT_TYPES


def test_a_new_station_carries_on_where_the_old_one_stopped(  # type: ignore[no-untyped-def]
    station, clock, tmp_path: Path, db_url: str
) -> None:
    _make_events(station)
    receive_all(station, "RMA-100001", ["HP-BT200", "CBL-USBC-1M", "CBL-USBC-1M"])
    decide_all(station, "RMA-100001")
    expected = _public_events(station)
    with running(Receiver()) as rx:
        use_config(station, {"targets": [webhook_target(rx.url)]})
        [r] = station.integration.outbox.run_once(limit_per_target=2)
        assert r.delivered == 2

        class CrashAfterSend:
            """The receiver takes the event, then the process dies before it can record that."""

            def __init__(self, real) -> None:  # type: ignore[no-untyped-def]
                self.real = real

            def send(self, message: OutboundMessage) -> SendResult:
                self.real.send(message)
                raise KeyboardInterrupt

        outbox = station.integration.outbox
        outbox._sinks["oms"] = CrashAfterSend(outbox.sink(outbox.targets[0]))
        with pytest.raises(KeyboardInterrupt):
            outbox.run_once()
        station.close()
        assert rx.effect_count == 3 and len(rx.requests) == 3

        again = open_station(make_settings(tmp_path, db_url), clock=clock)
        try:
            use_config(again, {"targets": [webhook_target(rx.url)]})
            [r] = again.integration.outbox.run_once()
        finally:
            again.close()
    assert r.delivered == expected - 2  # the interrupted one again, then the rest
    assert rx.effect_count == expected == len(set(rx.request_keys()))
    third = rx.requests[2].key
    assert rx.request_keys().count(third) == 2  # sent twice, applied once
    assert len(rx.requests) == expected + 1


def test_a_crashed_dispatchers_lease_runs_out(station, clock) -> None:  # type: ignore[no-untyped-def]
    _make_events(station)
    with running(Receiver()) as rx:
        use_config(station, {"targets": [webhook_target(rx.url)]})
        crashed = station.integration.outbox
        assert crashed._claim(crashed.targets[0])  # took the target, then died without releasing it
        use_config(station, {"targets": [webhook_target(rx.url)]})
        other = station.integration.outbox
        assert other.owner != crashed.owner
        [r] = other.run_once()
        assert r.busy and rx.requests == []
        clock.advance(minutes=3)  # past the two-minute lease
        [r] = other.run_once()
        assert not r.busy and r.delivered == _public_events(station)


def test_backoff_grows_to_the_cap_with_jitter_and_parks_after_max_attempts(station, clock) -> None:  # type: ignore[no-untyped-def]
    _make_events(station)
    with running(Receiver()) as rx:
        rx.script.extend(["fail"] * 10)
        use_config(
            station,
            {
                "targets": [
                    webhook_target(rx.url, first_delay_s=10, max_delay_s=35, jitter=0.5, max_attempts=5)
                ]
            },
        )
        station.integration._random = lambda: 0.5
        station.integration._outbox = None
        outbox = station.integration.outbox
        waits = []
        for _ in range(4):
            [r] = outbox.run_once()
            assert r.failed and r.next_attempt_at is not None
            waits.append((r.next_attempt_at - clock.now).total_seconds())
            clock.now = r.next_attempt_at
        # base 10, 20, 35 (cap), 35; jitter 0.5 x random 0.5 takes a quarter off
        assert waits == [7.5, 15.0, 26.25, 26.25]
        [r] = outbox.run_once()  # fifth failure: parked; the next event is now at the head of the line
        [status] = outbox.status()
        assert r.failed and r.next_attempt_at is None
        assert (status.parked, status.head_attempts, status.last_error) == (1, 0, "")
        [r] = outbox.run_once()
        assert r.failed and outbox.status()[0].head_attempts == 1
        assert outbox.retry_now() == 2  # the parked one, and the waiting head: both due now
        rx.script.clear()
        [r] = outbox.run_once()
        assert not r.failed and outbox.status()[0].parked == 0
    assert rx.effect_count == _public_events(station)


def test_file_targets_get_every_event_once_even_after_a_crash(station, clock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _make_events(station)
    jsonl, csv_path = tmp_path / "out" / "events.jsonl", tmp_path / "out" / "events.csv"
    use_config(
        station,
        {
            "targets": [
                {"name": "file", "kind": "jsonl", "path": str(jsonl)},
                {"name": "sheet", "kind": "csv", "path": str(csv_path)},
            ]
        },
    )
    station.integration.outbox.run_once()
    lines = read_jsonl(jsonl)
    assert len(lines) == _public_events(station)
    # a crash after the fsync but before "delivered" was recorded: the file already has the line
    with station.session_factory() as s:
        s.execute(text("UPDATE deliveries SET status = 'pending', delivered_at = NULL WHERE target = 'file'"))
        s.commit()
    with jsonl.open("ab") as fh:
        fh.write(b'{"id": "torn')  # and a torn half line from a crash in the middle of a write
    [r, _] = station.integration.outbox.run_once()
    assert r.delivered == len(lines)
    assert read_jsonl(jsonl) == lines
    rows = csv_path.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("id,sequence,type") and len(rows) == len(lines) + 1


def test_events_committed_late_or_rolled_back_are_handled(station, clock) -> None:  # type: ignore[no-untyped-def]
    use_config(station, {"gap_grace_seconds": 60, "targets": [{"name": "f", "kind": "jsonl", "path": "x"}]})
    outbox = station.integration.outbox
    outbox._sinks["f"] = sent = _Collect()
    outbox.run_once()
    with station.session_factory() as s:
        top = int(s.scalar(select(func.max(EventRow.id))) or 0)
    _insert_event(station, top + 2)  # id top+1 belongs to a transaction that has not committed yet
    outbox.run_once()
    assert [m.event["sequence"] for m in sent.messages][-1:] == [top + 2]
    assert _low_water(station, "f") == top
    _insert_event(station, top + 1)  # ...and now it has
    outbox.run_once()
    assert [m.event["sequence"] for m in sent.messages][-2:] == [top + 2, top + 1]
    assert _low_water(station, "f") == top + 2
    _insert_event(station, top + 4)  # top+3 never comes (rolled back)
    outbox.run_once()
    assert _low_water(station, "f") == top + 2
    clock.advance(seconds=61)
    outbox.run_once()
    assert _low_water(station, "f") == top + 4
    assert len(sent.messages) == len({m.key for m in sent.messages})


def test_postgres_transaction_committing_after_a_later_one_is_still_sent(station, clock, db_url: str) -> None:  # type: ignore[no-untyped-def]
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite serialises writers: ids always commit in order")
    use_config(station, {"targets": [{"name": "f", "kind": "jsonl", "path": "x"}]})
    outbox = station.integration.outbox
    outbox._sinks["f"] = sent = _Collect()
    outbox.run_once()
    with station.engine.connect() as slow:
        tx = slow.begin()
        slow.execute(insert(EventRow).values(**_event_values()))  # takes id N, commits later
        _insert_event(station, None)  # takes id N+1, commits now
        outbox.run_once()
        assert len(sent.messages) == 1
        tx.commit()
    outbox.run_once()
    assert len(sent.messages) == 2
    first, second = (m.event["sequence"] for m in sent.messages)
    assert second == first - 1


class _Collect:
    def __init__(self) -> None:
        self.messages: list[OutboundMessage] = []

    def send(self, message: OutboundMessage) -> SendResult:
        self.messages.append(message)
        return SendResult(True)


def _event_values() -> dict[str, object]:
    from datetime import datetime

    return {
        "at": datetime(2026, 11, 23, 9),
        "station": "bench-9",
        "user": "x",
        "type": "inventory_moved",
        "subject_type": "item",
        "subject_id": None,
        "payload": {"sku": "X", "quantity": 1},
    }


def _insert_event(station, event_id: int | None) -> None:  # type: ignore[no-untyped-def]
    values = _event_values()
    if event_id is not None:
        values["id"] = event_id
    with station.session_factory() as s:
        s.execute(insert(EventRow).values(**values))
        s.commit()


def _low_water(station, target: str) -> int:  # type: ignore[no-untyped-def]
    with station.session_factory() as s:
        row = s.get(OutboxTargetRow, target)
        assert row is not None
        return row.low_water


def test_an_event_that_cannot_be_mapped_waits_visibly_instead_of_stopping_the_pass(station, clock) -> None:  # type: ignore[no-untyped-def]
    use_config(station, {"targets": [{"name": "f", "kind": "jsonl", "path": "x"}]})
    outbox = station.integration.outbox
    outbox._sinks["f"] = sent = _Collect()
    values = {**_event_values(), "type": "rma_update_refused", "payload": {"rma": "RMA-1", "reasons": 5}}
    with station.session_factory() as s:
        s.execute(insert(EventRow).values(**values))
        s.commit()
    [r] = outbox.run_once()
    assert r.failed and "cannot build the public event" in r.error and sent.messages == []
    [status] = outbox.status()
    assert status.pending == 1 and status.head_attempts == 1 and "TypeError" in status.last_error
