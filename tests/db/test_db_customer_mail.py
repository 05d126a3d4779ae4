"""Customer status e-mails: the outbox's ``email`` target against a real SMTP server (aiosmtpd) on
127.0.0.1 and a real database (SQLite and PostgreSQL).

What is shown: each status (received, inspected, credited, credit held) reaches the customer with the
right subject, body and recipient, and nothing else does; a server that is down, then answers 451, gets
the message exactly once in the end, every attempt with the same Message-ID; a mailbox that does not
exist parks that one message and the next customer's goes; STARTTLS with a login works and is never
skipped; the README's examples have the keys the station emits; the migration matches the model.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from smtp_support import Inbox, email_target, free_port, self_signed, smtp_server
from sqlalchemy import inspect, select, update
from test_db_integration_support import best_answers, decide_all, receive_all, use_config

from returnstation.integration.outbox import idempotency_key
from returnstation.store.db import make_engine
from returnstation.store.migrate import alembic_config, upgrade_to_head
from returnstation.store.models import EventRow, RmaRow
from returnstation.store.models_integration import DeliveryRow
from returnstation.store.schema import metadata

README = Path(__file__).resolve().parents[2] / "README.md"
ALEX = "alex.martin@example.org"


def _set_email(station: Any, rma: str, address: str | None) -> None:
    with station.session_factory() as s:
        s.execute(update(RmaRow).where(RmaRow.rma_number == rma).values(customer_email=address))
        s.commit()


def _text(mail: Any) -> str:
    return str(mail.get_content()).replace("\r\n", "\n")


def _deliver(station: Any) -> Any:
    [result] = station.integration.outbox.run_once()
    return result


def _received_rma_100001(station: Any, inbox: Inbox, port: int, **target: Any) -> None:
    _set_email(station, "RMA-100001", ALEX)
    use_config(station, {"targets": [email_target(port, **target)]})
    receive_all(station, "RMA-100001", ["HP-BT200", "CBL-USBC-1M", "CBL-USBC-1M"])


def test_received_reaches_the_customer_with_items_and_the_expected_credit_date(station, clock) -> None:  # type: ignore[no-untyped-def]
    port = free_port()
    with smtp_server(Inbox(), port) as inbox:
        _received_rma_100001(station, inbox, port)
        result = _deliver(station)
    assert not result.failed, result.error
    [mail] = inbox.messages
    assert inbox.recipients == [[ALEX]]
    assert mail["To"] == f"Alex Martin <{ALEX}>" and mail["From"] == "Returns <returns@shop.example>"
    assert mail["Subject"] == "We have received your return RMA-100001"
    body = _text(mail)
    assert "Hello Alex Martin," in body and "(order SO-500101)" in body
    assert "- 1 x Bluetooth headphones BT200\n- 2 x USB-C cable 1 m\n" in body
    assert "not in the parcel" not in body  # the optional paragraph is left out when nothing is missing
    assert "by 7 December 2026." in body  # 23 November + credit_processing_days (14)
    assert mail["Auto-Submitted"] == "auto-generated" and mail["Content-Language"] == "en"


def test_a_short_receipt_names_what_was_missing(station, clock) -> None:  # type: ignore[no-untyped-def]
    port = free_port()
    _set_email(station, "RMA-100001", ALEX)
    use_config(station, {"targets": [email_target(port)]})
    receive_all(station, "RMA-100001", ["HP-BT200", "CBL-USBC-1M"])
    with smtp_server(Inbox(), port) as inbox:
        assert not _deliver(station).failed
    body = _text(inbox.messages[0])
    assert "These items were not in the parcel:\n\n- 1 x USB-C cable 1 m\n" in body


def test_inspected_and_credited_follow_in_order(station, clock) -> None:  # type: ignore[no-untyped-def]
    port = free_port()
    with smtp_server(Inbox(), port) as inbox:
        _received_rma_100001(station, inbox, port)
        clock.advance(days=2)
        decide_all(station, "RMA-100001")
        assert not _deliver(station).failed
    assert [m["X-ReturnStation-Event"] for m in inbox.messages] == [
        "rma.received",
        "rma.inspected",
        "rma.credit_triggered",
    ]
    _, inspected, credited = inbox.messages
    assert inspected["Subject"] == "Your return RMA-100001 has been inspected"
    body = _text(inspected)
    assert re.search(r"- Bluetooth headphones BT200 \(RSI-\d{6}\)\n", body)
    assert "by 9 December 2026." in body and "closer look" not in body
    assert credited["Subject"] == "Your credit for return RMA-100001 is on its way"
    body = _text(credited)
    assert "- 1 x Bluetooth headphones BT200\n- 2 x USB-C cable 1 m\n" in body
    assert "money on your account by 9 December 2026." in body
    assert all(m["To"] == f"Alex Martin <{ALEX}>" for m in inbox.messages)


def test_a_held_credit_tells_the_customer_to_wait_without_saying_why(station, clock) -> None:  # type: ignore[no-untyped-def]
    port = free_port()
    with smtp_server(Inbox(), port) as inbox:
        _received_rma_100001(station, inbox, port)
        items = {p.sku: p.item_id for p in station.inspection.pending() if p.rma_number == "RMA-100001"}
        mismatch = best_answers(station, items["HP-BT200"]) | {"serial_match": "mismatch"}
        station.inspection.decide(items["HP-BT200"], mismatch)  # the rules send it to quarantine
        decide_all(station, "RMA-100001")
        assert not _deliver(station).failed
    assert [m["X-ReturnStation-Event"] for m in inbox.messages] == [
        "rma.received",
        "rma.inspected",
        "rma.credit_held",
    ]
    _, inspected, held = inbox.messages
    assert "need a closer look before we can credit you" in _text(inspected)
    assert held["Subject"] == "Your return RMA-100001 needs a closer look"
    for mail in (inspected, held):
        text = _text(mail).lower()
        assert "quarantine" not in text and "serial" not in text and "expect" not in text


def test_a_credit_held_again_for_other_reasons_is_not_mailed_twice(station, clock) -> None:  # type: ignore[no-untyped-def]
    from returnstation.domain.enums import Disposition

    port = free_port()
    with smtp_server(Inbox(), port) as inbox:
        _received_rma_100001(station, inbox, port)
        items = {p.sku: p.item_id for p in station.inspection.pending() if p.rma_number == "RMA-100001"}
        mismatch = best_answers(station, items["HP-BT200"]) | {"serial_match": "mismatch"}
        station.inspection.decide(items["HP-BT200"], mismatch)
        concern = station.concerns.raise_concern("empty_box", "light box", item_id=items["CBL-USBC-1M"])
        decide_all(station, "RMA-100001")  # held: quarantine and concern
        station.quarantine.release(
            items["HP-BT200"], Disposition.RESTOCK, "serial was misprinted"
        )  # held again
        station.concerns.clear(concern.concern_id, "weighed right")  # credited
        assert not _deliver(station).failed
    assert [m["X-ReturnStation-Event"] for m in inbox.messages] == [
        "rma.received",
        "rma.inspected",
        "rma.credit_held",
        "rma.credit_triggered",
    ]
    with station.session_factory() as s:
        assert len(s.scalars(select(EventRow).where(EventRow.type == "credit_held")).all()) == 2
        notes = s.scalars(select(DeliveryRow.last_error).where(DeliveryRow.target == "customers")).all()
    assert "not sent: the customer was told of the held credit already" in notes


def test_no_address_no_mail_and_internal_events_never_reach_a_customer(station, clock) -> None:  # type: ignore[no-untyped-def]
    port = free_port()
    _set_email(station, "RMA-100001", ALEX)
    use_config(station, {"targets": [email_target(port)]})
    receive_all(station, "RMA-100001", ["HP-BT200", "CBL-USBC-1M", "CBL-USBC-1M"])
    receive_all(station, "RMA-100003", ["LAP-14-PRO"])  # Robin Diaz: no e-mail address
    decide_all(station, "RMA-100001")
    decide_all(station, "RMA-100003")
    with smtp_server(Inbox(), port) as inbox:
        result = _deliver(station)
    assert not result.failed
    assert {m["X-ReturnStation-Event"] for m in inbox.messages} == {
        "rma.received",
        "rma.inspected",
        "rma.credit_triggered",
    }
    assert len(inbox.messages) == 3 and inbox.recipients == [[ALEX]] * 3
    with station.session_factory() as s:
        notes = s.scalars(select(DeliveryRow.last_error).where(DeliveryRow.target == "customers")).all()
    assert sorted(set(notes)) == ["", "not sent: the RMA has no customer e-mail address"]
    assert len(notes) == 6  # only the customer events were queued for this target, none of the others


def test_a_server_down_then_busy_gets_the_mail_once_with_one_message_id(station, clock) -> None:  # type: ignore[no-untyped-def]
    port = free_port()
    inbox = Inbox()
    inbox.script.append("451")
    _received_rma_100001(station, inbox, port, first_delay_s=10, max_delay_s=60, jitter=0)

    result = _deliver(station)  # nobody listens on the port yet
    assert result.failed and "cannot send through 127.0.0.1" in result.error
    assert result.next_attempt_at == clock.now + timedelta(seconds=10)
    with smtp_server(inbox, port):
        early = _deliver(station)
        assert not early.failed and early.delivered == 0 and inbox.attempts == 0  # not due yet
        clock.advance(seconds=10)
        busy = _deliver(station)
        assert busy.failed and "451" in busy.error
        clock.advance(seconds=20)
        assert not _deliver(station).failed
        clock.advance(seconds=60)
        assert _deliver(station).delivered == 0  # nothing left: delivered once, not again
    assert inbox.attempts == 2 and len(inbox.messages) == 1
    [mail] = inbox.messages
    with station.session_factory() as s:
        event_id = s.scalar(select(EventRow.id).where(EventRow.type == "rma_received"))
        delivery = s.scalar(select(DeliveryRow).where(DeliveryRow.event_id == event_id))
    assert event_id is not None and delivery is not None and delivery.attempts == 3
    key = idempotency_key(station.integration.outbox.instance, "customers", event_id)
    assert mail["Message-ID"] == f"<{key}@shop.example>"


def test_a_mailbox_that_does_not_exist_is_parked_and_the_next_customer_gets_theirs(station, clock) -> None:  # type: ignore[no-untyped-def]
    port = free_port()
    _set_email(station, "RMA-100001", "nobody@example.org")
    _set_email(station, "RMA-100003", "robin@example.org")
    use_config(station, {"targets": [email_target(port)]})
    receive_all(station, "RMA-100001", ["HP-BT200", "CBL-USBC-1M", "CBL-USBC-1M"])
    receive_all(station, "RMA-100003", ["LAP-14-PRO"])
    inbox = Inbox(refuse={"nobody@example.org"})
    with smtp_server(inbox, port):
        first = _deliver(station)
        assert first.failed and "550" in first.error
        assert not _deliver(station).failed
    assert inbox.recipients == [["robin@example.org"]]
    [status] = station.integration.outbox.status()
    assert status.parked == 1 and status.pending == 0

    decide_all(station, "RMA-100003")  # inspected, credited: the server rejects the first of them
    inbox.script.append("554")
    with smtp_server(inbox, port):
        rejected = _deliver(station)
        assert rejected.failed and "refused the message: 554" in rejected.error
        assert not _deliver(station).failed
    assert [m["X-ReturnStation-Event"] for m in inbox.messages] == ["rma.received", "rma.credit_triggered"]
    [status] = station.integration.outbox.status()
    assert status.parked == 2 and status.pending == 0


def test_starttls_and_login_are_used_and_never_skipped(station, clock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    made = self_signed(tmp_path)
    if made is None:
        pytest.skip("neither cryptography nor the openssl command can make a test certificate")
    cert, key = made
    port = free_port()
    secure = {"starttls": True, "ca_file": str(cert), "username": "returns", "first_delay_s": 1, "jitter": 0}
    _set_email(station, "RMA-100001", ALEX)
    receive_all(station, "RMA-100001", ["HP-BT200", "CBL-USBC-1M", "CBL-USBC-1M"])
    with smtp_server(Inbox(), port, tls=(cert, key), auth=("returns", "pa55")) as inbox:
        use_config(station, {"targets": [email_target(port, password="wrong", **secure)]})
        refused = _deliver(station)
        assert refused.failed and "535" in refused.error  # a wrong password waits for a person
        use_config(station, {"targets": [email_target(port, password="pa55", **secure)]})
        clock.advance(seconds=5)
        assert not _deliver(station).failed
    assert len(inbox.messages) == 1 and inbox.recipients == [[ALEX]]

    _set_email(station, "RMA-100003", "robin@example.org")
    receive_all(station, "RMA-100003", ["LAP-14-PRO"])
    with smtp_server(Inbox(), port) as plain:  # a server without STARTTLS: nothing goes in clear
        use_config(station, {"targets": [email_target(port, starttls=True, first_delay_s=1)]})
        result = _deliver(station)
    assert result.failed and "offers no STARTTLS" in result.error and plain.messages == []


def test_the_readme_examples_have_the_keys_the_station_emits(station, clock) -> None:  # type: ignore[no-untyped-def]
    from returnstation.integration.public_events import to_public

    _set_email(station, "RMA-100001", ALEX)
    receive_all(station, "RMA-100001", ["HP-BT200", "CBL-USBC-1M", "CBL-USBC-1M"])
    decide_all(station, "RMA-100001")
    section = README.read_text(encoding="utf-8").split("### Events out: the outbox", 1)[1]
    documented = {
        kind: json.loads(example)
        for kind, example in re.findall(r"^\| `([a-z_.]+)` \| [^|]+ \| `(\{.*?\})`", section, re.M)
    }
    emitted: dict[str, dict[str, Any]] = {}
    with station.session_factory() as s:
        for row in s.scalars(select(EventRow).order_by(EventRow.id)):
            public = to_public(s, row, "6bd15d7c-aede-55d6-99d6-8e1cb6f95125")
            if public is not None:
                emitted[public["type"]] = public["data"]
    for kind in ("rma.received", "rma.inspected", "rma.credit_triggered"):
        assert set(documented[kind]) == set(emitted[kind]), kind
    assert set(documented["rma.received"]["items"][0]) == set(emitted["rma.received"]["items"][0])
    assert set(documented["rma.inspected"]["items"][0]) == set(emitted["rma.inspected"]["items"][0])
    assert "Alex" not in json.dumps(emitted) and ALEX not in json.dumps(emitted)  # never to the order system


def test_migration_0010_matches_the_model_and_downgrades_cleanly(empty_db_url: str) -> None:
    def ours() -> list[Any]:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            return [d for d in compare_metadata(ctx, metadata) if "customer_email" in repr(d)]

    engine = make_engine(empty_db_url)
    try:
        upgrade_to_head(engine)
        assert ours() == []
        cfg = alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0009_import_staging")
        assert "customer_email" not in {c["name"] for c in inspect(engine).get_columns("rmas")}
        upgrade_to_head(engine)
        assert ours() == []
    finally:
        engine.dispose()
