"""Customer e-mails without a server: templates per language, their checks, the email target's
settings, and the message the SMTP sink builds (the sending itself: tests/db/test_db_customer_mail.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from returnstation.integration.customer_mail import (
    SHIPPED_TEMPLATES,
    check_templates,
    format_date,
    language_chain,
    render,
    template_names,
)
from returnstation.integration.email_sink import EmailSink
from returnstation.integration.public_events import CUSTOMER_EVENT_TYPES
from returnstation.integration.settings import IntegrationConfigError, TargetKind, parse_integration_config
from returnstation.integration.sinks import OutboundMessage, Recipient

KEY = "0b7c2d4e-6f80-5a1b-9c3d-4e5f60718293"


def received(missing: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "id": "6bd15d7c-aede-55d6-99d6-8e1cb6f95125",
        "type": "rma.received",
        "data": {
            "rma_number": "RMA-100001",
            "order_number": "SO-500101",
            "items": [{"line_no": 1, "sku": "HP-BT200", "description": "Kopfhörer BT200", "quantity": 1}],
            "missing": missing or [],
            "expected_credit_by": "2026-12-07",
        },
    }


def test_every_shipped_language_has_every_template_and_they_are_valid() -> None:
    assert check_templates(SHIPPED_TEMPLATES) == []
    for language in ("en", "de", "pl"):
        assert {p.stem for p in (SHIPPED_TEMPLATES / language).glob("*.txt")} == set(template_names())


@pytest.mark.parametrize(
    ("language", "subject", "due", "used"),
    [
        ("en", "We have received your return RMA-100001", "7 December 2026", "en"),
        ("de_AT", "Ihre Rücksendung RMA-100001 ist bei uns eingegangen", "07.12.2026", "de"),
        ("pl", "Otrzymaliśmy Twój zwrot RMA-100001", "07.12.2026", "pl"),
        ("fr", "We have received your return RMA-100001", "7 December 2026", "en"),
    ],
)
def test_the_customers_language_picks_the_template_and_the_date_form(
    language: str, subject: str, due: str, used: str
) -> None:
    mail = render(received(), Recipient("ada@example.org", "Ada Lovelace", language))
    assert (mail.subject, mail.language) == (subject, used)
    assert "- 1 x Kopfhörer BT200\n" in mail.body and due in mail.body and "RMA-100001" in mail.body
    assert "${" not in mail.body and "?missing" not in mail.body


def test_the_missing_paragraph_appears_only_when_something_was_missing() -> None:
    ada = Recipient("ada@example.org", "Ada", "en")
    assert "not in the parcel" not in render(received(), ada).body
    short = render(received([{"sku": "LID-01", "description": None, "quantity": 2}]), ada).body
    assert "These items were not in the parcel:\n\n- 2 x LID-01\n" in short


def test_language_chain_and_date_forms() -> None:
    assert language_chain("de_AT.UTF-8") == ["de_AT", "de", "en"]
    assert language_chain("") == ["en"]
    assert format_date(date(2026, 1, 5), "en") == "5 January 2026"
    assert format_date(date(2026, 1, 5), "pl_PL") == "05.01.2026"
    assert format_date(date(2026, 1, 5), "fr") == "2026-01-05"


def _templates(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "mail"
    (folder / "en").mkdir(parents=True)
    for name in template_names():
        (folder / "en" / f"{name}.txt").write_text(
            "Subject: Return ${rma_number}\n\nHello.\n", encoding="utf-8"
        )
    (folder / "en" / "rma_received.txt").write_text(body, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ("Subject: x\n\nHello ${customer}\n", "unknown placeholder(s) customer"),
        ("Hello\n", "the first line must be 'Subject: ...'"),
        ("Subject: x\n\nCosts $5\n", "write $$ for a dollar sign"),
        ("Subject: x\n\n?shipment: text\n", "'?shipment:' names no placeholder"),
    ],
)
def test_a_broken_template_is_named_when_the_target_loads(tmp_path: Path, body: str, why: str) -> None:
    folder = _templates(tmp_path, body)
    assert any(why in p for p in check_templates(folder))
    with pytest.raises(IntegrationConfigError, match=r"rma_received\.txt"):
        parse_integration_config({"targets": [_target(templates_dir=str(folder))]}, tmp_path, env={})


def test_a_missing_english_template_is_named(tmp_path: Path) -> None:
    folder = _templates(tmp_path, "Subject: x\n\nHello\n")
    (folder / "en" / "rma_credit_held.txt").unlink()
    assert check_templates(folder) == [f"{folder / 'en' / 'rma_credit_held.txt'} is missing"]


def _target(**extra: Any) -> dict[str, Any]:
    return {
        "name": "customers",
        "kind": "email",
        "host": "smtp.example.com",
        "from": "Returns <r@shop.example>",
        **extra,
    }


def test_an_email_target_sends_only_customer_events_and_reads_its_password_from_the_environment(
    tmp_path: Path,
) -> None:
    cfg = parse_integration_config(
        {"targets": [_target(username="returns", password_env="RS_SMTP")]}, tmp_path, env={"RS_SMTP": "pa55"}
    )
    [target] = cfg.targets
    assert target.kind is TargetKind.EMAIL and target.events == frozenset(CUSTOMER_EVENT_TYPES)
    assert target.backfill is False  # nobody is mailed about returns finished before e-mails were on
    assert target.secret == "pa55" and target.email is not None
    assert (target.email.port, target.email.starttls, target.email.username) == (587, True, "returns")
    assert "pa55" not in repr(target)


@pytest.mark.parametrize(
    ("extra", "why"),
    [
        ({"events": ["rma.received", "item.dispositioned"]}, "sends only rma.received"),
        ({"username": "returns", "starttls": False}, "a username needs starttls = true"),
        ({"password_env": "NOT_SET"}, "environment variable NOT_SET"),
        ({"host": ""}, "host (the SMTP server) is required"),
        ({"from": "returns"}, "from must be an address"),
        ({"url": "https://x"}, "unknown key 'url'"),
    ],
)
def test_email_target_mistakes_are_refused(tmp_path: Path, extra: dict[str, Any], why: str) -> None:
    with pytest.raises(IntegrationConfigError) as err:
        parse_integration_config({"targets": [_target(**extra)]}, tmp_path, env={})
    assert why in str(err.value)


def test_the_mail_carries_a_message_id_from_the_idempotency_key_and_encodes_names() -> None:
    sink = EmailSink("smtp.example.com", 587, "Returns <returns@shop.example>")
    message = OutboundMessage(
        KEY, received(), b"{}", 3, Recipient("zoe@example.org", "Zoë Łukasiewicz", "de")
    )
    mail = sink.build(message)
    assert mail["Message-ID"] == f"<{KEY}@shop.example>"  # the same on every attempt
    assert sink.build(message)["Message-ID"] == mail["Message-ID"]
    assert mail["To"] == "Zoë Łukasiewicz <zoe@example.org>"
    assert "=?utf-8?" in mail.as_string()  # the non-ASCII name is encoded for the wire
    assert mail["Content-Language"] == "de" and mail["X-ReturnStation-Event"] == "rma.received"


def test_the_import_takes_an_optional_customer_email_and_names_a_bad_one() -> None:
    from returnstation.integration.rma_csv import parse_rma_csv

    head = "rma_number,order_number,customer,authorized_at,line_no,sku,description,quantity,unit_value"
    head += ",reason_code"
    row = "RMA-1,SO-1,Ada Lovelace,2026-11-01,1,KTL-01,Kettle,1,25.00,defective"
    [old], errors = parse_rma_csv(f"{head}\n{row}\n")  # files without the column import as before
    assert errors == [] and old.header["customer_email"] == ""
    [rma], errors = parse_rma_csv(f"{head},customer_email\n{row},ada@example.org\n")
    assert errors == [] and rma.header["customer_email"] == "ada@example.org"
    _, errors = parse_rma_csv(f"{head},customer_email\n{row},Ada <ada@example.org>\n")
    assert [str(e) for e in errors] == [
        "line 2: customer_email 'Ada <ada@example.org>' is not an e-mail address (name@example.com)"
    ]
