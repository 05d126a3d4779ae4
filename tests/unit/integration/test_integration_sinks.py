"""File sinks append whole, fsynced lines exactly once; the webhook sink signs, and refuses redirects."""

from __future__ import annotations

import csv
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from returnstation.integration.signing import SIGNATURE_HEADER, sign, verify_signature
from returnstation.integration.sinks import (
    CSV_COLUMNS,
    CsvFileSink,
    JsonlFileSink,
    OutboundMessage,
    WebhookSink,
    canonical_json,
)


def message(n: int, **data: Any) -> OutboundMessage:
    event = {
        "id": f"00000000-0000-5000-8000-{n:012d}",
        "type": "item.dispositioned",
        "schema_version": 1,
        "sequence": n,
        "occurred_at": "2026-11-23T09:00:00Z",
        "station": "b1",
        "data": {"sku": "KTL-01", "disposition": "restock", **data},
    }
    return OutboundMessage(key=f"key-{n}", event=event, body=canonical_json(event), attempt=1)


def test_jsonl_appends_once_and_repairs_a_torn_line(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "events.jsonl"
    sink = JsonlFileSink(path)
    assert sink.send(message(1)).ok and sink.send(message(2)).ok
    assert sink.send(message(1)).ok  # a resend after a crash: already there
    with path.open("ab") as fh:
        fh.write(b'{"id": "00000000-0000-5000-8000-000000000003", "ty')  # crashed mid-write
    assert sink.send(message(3)).ok
    lines = path.read_bytes().splitlines()
    assert lines == [message(1).body, message(2).body, message(3).body]


def test_csv_has_one_header_flat_columns_and_no_formulas(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    sink = CsvFileSink(path)
    assert sink.send(message(1, destination="=HYPERLINK(1)", grade="A")).ok
    assert sink.send(message(2)).ok and sink.send(message(2)).ok
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    assert list(rows[0]) == list(CSV_COLUMNS) and len(rows) == 2
    assert rows[0]["destination"] == "'=HYPERLINK(1)" and rows[0]["grade"] == "A"
    assert rows[1]["sequence"] == "2"


def test_an_unwritable_file_is_a_failure_not_an_exception(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = JsonlFileSink(blocker / "events.jsonl").send(message(1))
    assert not result.ok and "cannot write" in result.error


def test_signature_round_trip() -> None:
    body = b'{"a":1}'
    assert verify_signature("s", body, sign("s", body))
    assert not verify_signature("s", body + b" ", sign("s", body))
    assert not verify_signature("s", body, None) and not verify_signature("s", body, "md5=abc")


@contextmanager
def server(status: int, location: str = "") -> Iterator[tuple[str, list[dict[str, str]]]]:
    seen: list[dict[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            seen.append({**{k.lower(): v for k, v in self.headers.items()}, "body": body.decode()})
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_POST

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/hook", seen
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_webhook_posts_the_signed_body_with_its_keys() -> None:
    with server(204) as (url, seen):
        result = WebhookSink(url, "secret", headers=(("X-Tenant", "north"),)).send(message(7))
    assert result.ok
    [req] = seen
    assert req["idempotency-key"] == "key-7" and req["x-tenant"] == "north"
    assert verify_signature("secret", req["body"].encode(), req[SIGNATURE_HEADER.lower()])
    assert req["x-returnstation-event-id"] == message(7).event["id"] and req["x-returnstation-attempt"] == "1"


def test_webhook_409_means_already_have_it_and_redirects_are_not_followed() -> None:
    with server(409) as (url, _seen):
        assert WebhookSink(url, "s").send(message(1)).ok
    with server(302, location="/elsewhere") as (url, seen):
        result = WebhookSink(url, "s").send(message(1))
    assert not result.ok and "302" in result.error and len(seen) == 1  # no body-less GET to /elsewhere
    with server(503) as (url, _seen):
        result = WebhookSink(url, "s").send(message(1))
    assert not result.ok and "HTTP 503" in result.error
