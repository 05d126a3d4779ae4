"""Helpers for the integration tests (no tests here): a real HTTP receiver, and station set-up.

The receiver is an ``http.server`` on 127.0.0.1 that does what the test script tells it per request
(``ok``, ``fail`` = HTTP 500, ``slow`` = apply, then answer too late for the client), checks the
HMAC signature, and applies each event at most once per ``Idempotency-Key``, counting the effects, as a
well-behaved order system would.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from returnstation.domain.scan import Scan
from returnstation.integration.settings import parse_integration_config
from returnstation.integration.signing import SIGNATURE_HEADER, verify_signature

SECRET = "s3cret-for-tests"


@dataclass
class Received:
    key: str
    body: bytes
    headers: dict[str, str]  # lower-case names
    mode: str
    signature_ok: bool


@dataclass
class Receiver:
    secret: str = SECRET
    slow_s: float = 1.0
    script: deque[str] = field(default_factory=deque)
    requests: list[Received] = field(default_factory=list)
    effects: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> the event, applied once
    effect_count: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def handle(self, key: str, body: bytes, headers: dict[str, str]) -> int:
        """``headers`` with lower-case names (HTTP header names are case-insensitive)."""
        ok = verify_signature(self.secret, body, headers.get(SIGNATURE_HEADER.lower()))
        with self.lock:
            mode = self.script.popleft() if self.script else "ok"
            self.requests.append(Received(key, body, headers, mode, ok))
            if not ok:
                return 401
            if mode == "fail":
                return 500
            if key not in self.effects:  # the receiver honours the Idempotency-Key
                self.effects[key] = json.loads(body)
                self.effect_count += 1
        if mode == "slow":
            time.sleep(self.slow_s)
        return 200

    def request_keys(self) -> list[str]:
        return [r.key for r in self.requests]


@contextmanager
def running(receiver: Receiver) -> Iterator[Receiver]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            headers = {k.lower(): v for k, v in self.headers.items()}
            status = receiver.handle(headers.get("idempotency-key", ""), body, headers)
            try:
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (the "slow" case)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/returns"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()


def use_config(station: Any, table: dict[str, Any]) -> None:
    """Give the station's integration this [integration] table (instead of reading a file)."""
    station.integration._config = parse_integration_config(table, station.settings.data_dir, env={})
    station.integration._outbox = None
    station.integration._inbox = None
    station.integration._last_pull = None


def webhook_target(url: str, **extra: Any) -> dict[str, Any]:
    return {"name": "oms", "kind": "webhook", "url": url, "secret": SECRET, **extra}


def receive_all(station: Any, rma: str, codes: list[str]) -> int:
    pid: int = station.receiving.scan_parcel(Scan(rma)).parcel.parcel_id
    for c in codes:
        assert station.receiving.scan_item(pid, Scan(c)).problem is None
    station.receiving.finish_parcel(pid)
    return pid


def best_answers(station: Any, item_id: int) -> dict[str, str]:
    """The first answer of every choice check: the best condition in the shipped checklists."""
    form = station.inspection.form(item_id)
    return {c.id: c.answers[0].value for c in form.checklist.checks if not getattr(c, "is_capture", False)}


def routing_label_only(station: Any) -> None:
    """Decisions queue the routing label only: for tests of the label queue and history, which a
    decision's other labels (return to customer, item label; test_db_outcomes.py) would crowd."""
    from dataclasses import replace

    from returnstation.disposition.outcomes import OutcomeLabels

    station.inspection.outcomes = replace(station.inspection.outcomes, labels=OutcomeLabels())


def decide_all(station: Any, rma: str) -> list[Any]:
    done = []
    for item in station.inspection.pending():
        if item.rma_number == rma:
            done.append(station.inspection.decide(item.item_id, best_answers(station, item.item_id)))
    return done


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
