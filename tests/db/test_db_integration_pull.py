"""Pulling RMAs from an HTTP JSON API served by a real http.server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import select
from test_db_integration_support import use_config

from returnstation.integration.pull import PullError
from returnstation.store.models import RmaLineRow, RmaRow

TOKEN = "Bearer pull-token"


def rma(number: str, qty: int = 1) -> dict[str, Any]:
    return {
        "action": "upsert",
        "rma_number": number,
        "order_number": "SO-9",
        "customer": "Bo",
        "authorized_at": "2026-11-20",
        "lines": [
            {
                "line_no": 1,
                "sku": "LMP-01",
                "description": "Lamp",
                "quantity": qty,
                "unit_value": 40.5,
                "reason_code": "defective",
            }
        ],
    }


@contextmanager
def api(pages: dict[str, Any]) -> Iterator[tuple[str, list[str]]]:
    """Serves ``pages`` (path with query -> JSON); answers 401 without the token. Yields (base, log)."""
    log: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            log.append(self.path)
            if self.headers.get("Authorization") != TOKEN:
                self.send_response(401)
                self.end_headers()
                return
            body = json.dumps(pages.get(self.path, {"items": []})).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", log
    finally:
        server.shutdown()
        server.server_close()


def quantities(station) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with station.session_factory() as s:
        stmt = select(RmaRow.rma_number, RmaLineRow.quantity).join(RmaLineRow)
        return {n: q for n, q in s.execute(stmt.where(RmaRow.order_number == "SO-9"))}


def test_follows_next_links_applies_all_pages_once_and_sends_the_auth_header(station) -> None:  # type: ignore[no-untyped-def]
    pages = {
        "/rmas": {"items": [rma("RMA-900001")], "next": "/rmas?cursor=b"},
        "/rmas?cursor=b": {"items": [rma("RMA-900002", 2)], "next": None},
    }
    with api(pages) as (base, log):
        use_config(station, {"pull": {"url": f"{base}/rmas", "auth_header": f"Authorization: {TOKEN}"}})
        report = station.integration.pull_now()
        assert report.ok and report.created == ("RMA-900001", "RMA-900002"), report.summary()
        assert station.integration.pull_now().duplicate_of is not None  # same answer: no change
        pages["/rmas?cursor=b"] = {"items": [rma("RMA-900002", 3)]}
        assert station.integration.pull_now().updated == ("RMA-900002",)
    assert log == ["/rmas", "/rmas?cursor=b"] * 3
    assert quantities(station) == {"RMA-900001": 1, "RMA-900002": 3}


def test_page_numbers_until_an_empty_page_and_errors_apply_nothing(station) -> None:  # type: ignore[no-untyped-def]
    bad = rma("RMA-900013")
    bad["lines"][0]["reason_code"] = "no_such_reason"
    pages = {
        "/v1/rmas?since=x&page=1": {"rmas": [rma("RMA-900011")]},
        "/v1/rmas?since=x&page=2": {"rmas": [rma("RMA-900012"), bad]},
    }
    with api(pages) as (base, log):
        use_config(
            station,
            {
                "pull": {
                    "url": f"{base}/v1/rmas?since=x",
                    "page_param": "page",
                    "auth_header": f"Authorization: {TOKEN}",
                }
            },
        )
        report = station.integration.pull_now()
        assert not report.ok and "page 2 item 1" in report.summary() and "reason_code" in report.summary()
        assert quantities(station) == {}  # all pages or nothing
        pages["/v1/rmas?since=x&page=2"] = {"rmas": [rma("RMA-900012")]}
        assert station.integration.pull_now().created == ("RMA-900011", "RMA-900012")
    assert log[-3:] == [f"/v1/rmas?since=x&page={n}" for n in (1, 2, 3)]


def test_an_unreachable_or_refusing_api_is_an_error_not_a_crash(station) -> None:  # type: ignore[no-untyped-def]
    with api({"/loop": {"items": [], "next": "/loop"}}) as (base, _log):
        use_config(station, {"pull": {"url": f"{base}/rmas"}})  # no token
        with pytest.raises(PullError, match="401"):
            station.integration.pull_now()
        use_config(station, {"pull": {"url": f"{base}/loop", "auth_header": f"Authorization: {TOKEN}"}})
        with pytest.raises(PullError, match="circle"):
            station.integration.pull_now()
    port = urllib.parse.urlsplit(base).port
    use_config(station, {"pull": {"url": f"http://127.0.0.1:{port}/rmas", "timeout_s": 2}})
    report = station.integration.run_pass(deliver=False)  # the server is gone: reported, not raised
    assert "cannot reach" in report.pull_error
