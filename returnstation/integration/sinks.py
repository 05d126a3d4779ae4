"""Where public events are delivered: a JSON lines file, a CSV file, or an HTTP webhook.

A sink says "accepted" only when the event is safely with the receiver: the file line is written and
fsynced, or the webhook answered 2xx. Anything else is a failure the dispatcher retries later.

Files are written by one dispatcher at a time (the target's lease), so they can be made exactly-once
too: before appending, the last 64 KB of the file are checked for the event's id (a crash after the
fsync but before the delivery was recorded would otherwise append it twice), and a torn last line left
by a crash in the middle of a write is cut off before the next line is appended.

Webhooks are exactly-once for a receiver that honours ``Idempotency-Key``: every retry of an event
carries the same key and the same signed body. 409 Conflict counts as accepted (the receiver says it
has that key already). Redirects are not followed: urllib would turn the POST into a body-less GET.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from returnstation.integration.signing import SIGNATURE_HEADER, sign

TAIL_BYTES = 64 * 1024
CSV_COLUMNS = (
    "id",
    "sequence",
    "type",
    "occurred_at",
    "station",
    "rma_number",
    "order_number",
    "item_code",
    "sku",
    "quantity",
    "grade",
    "disposition",
    "destination",
    "recovered_value",
    "data",
)


@dataclass(frozen=True, slots=True)
class Recipient:
    """The customer an e-mail target writes to (looked up from the RMA at send time, never in the event)."""

    address: str
    name: str
    language: str


@dataclass(frozen=True, slots=True)
class OutboundMessage:
    key: str  # Idempotency-Key: stable per (target, event)
    event: dict[str, Any]  # the public event
    body: bytes  # the event as canonical JSON (what is signed and sent)
    attempt: int  # 1 for the first try
    recipient: Recipient | None = field(default=None, repr=False)  # e-mail targets only


@dataclass(frozen=True, slots=True)
class SendResult:
    ok: bool
    error: str = ""
    # The receiver refused this message for good (e.g. a mailbox that does not exist): retrying cannot
    # help, so the dispatcher parks it at once and the next one goes, instead of blocking the line.
    permanent: bool = False


class Sink(Protocol):
    def send(self, message: OutboundMessage) -> SendResult: ...


def canonical_json(event: dict[str, Any]) -> bytes:
    return json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class _AppendOnlyFile:
    """Appends whole lines durably, skipping ids already at the end of the file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, line_id: str, line: bytes, header: bytes = b"") -> SendResult:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            new = not self.path.exists()
            with self.path.open("a+b") as fh:
                size = fh.seek(0, os.SEEK_END)
                fh.seek(max(0, size - TAIL_BYTES))
                tail = fh.read()
                prefix = header if size == 0 else b""
                if tail and not tail.endswith(b"\n"):  # a torn line from a crash in the middle of a write
                    cut = tail.rfind(b"\n") + 1
                    if cut or size == len(tail):
                        fh.truncate(size - (len(tail) - cut))
                        size = fh.seek(0, os.SEEK_END)
                        tail = tail[:cut]
                        prefix = header if size == 0 else b""
                    else:  # a line longer than the tail window: keep it, start on a new line
                        prefix = b"\n"
                if line_id.encode() in tail:
                    fh.flush()
                    os.fsync(fh.fileno())
                    return SendResult(True)  # written before a crash: do not write it twice
                fh.write(prefix + line)
                fh.flush()
                os.fsync(fh.fileno())
            if new:
                _fsync_dir(self.path.parent)
            return SendResult(True)
        except OSError as exc:
            return SendResult(False, f"cannot write {self.path}: {exc.strerror or exc}")


def _fsync_dir(folder: Path) -> None:
    """Make a newly created file's name durable too (POSIX; a no-op where directories cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class JsonlFileSink:
    """One public event per line, exactly as a webhook would get it."""

    def __init__(self, path: Path) -> None:
        self._file = _AppendOnlyFile(path)

    def send(self, message: OutboundMessage) -> SendResult:
        return self._file.append(str(message.event["id"]), message.body + b"\n")


class CsvFileSink:
    """One row per event for spreadsheets and ERP imports; the full ``data`` rides along as JSON."""

    def __init__(self, path: Path) -> None:
        self._file = _AppendOnlyFile(path)

    def send(self, message: OutboundMessage) -> SendResult:
        row = _csv_line(csv_row(message.event))
        return self._file.append(str(message.event["id"]), row, header=_csv_line(CSV_COLUMNS))


def csv_row(event: dict[str, Any]) -> list[object]:
    from returnstation.reports.csv_safe import safe_cell

    data = event.get("data", {})
    values: dict[str, object] = {
        "id": event["id"],
        "sequence": event["sequence"],
        "type": event["type"],
        "occurred_at": event["occurred_at"],
        "station": event["station"],
        "destination": data.get("destination") or data.get("to_location"),
        "data": json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False),
    }
    for key in (
        "rma_number",
        "order_number",
        "item_code",
        "sku",
        "quantity",
        "grade",
        "disposition",
        "recovered_value",
    ):
        values[key] = data.get(key)
    return [_one_line(safe_cell(values[c])) for c in CSV_COLUMNS]


def _one_line(value: object) -> object:
    return value.replace("\r", " ").replace("\n", " ") if isinstance(value, str) else value


def _csv_line(row: object) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(row)  # type: ignore[arg-type]
    return out.getvalue().encode("utf-8")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # urllib then raises HTTPError with the 3xx status: a failure, retried later


class WebhookSink:
    def __init__(
        self,
        url: str,
        secret: str,
        timeout_s: float = 10.0,
        headers: tuple[tuple[str, str], ...] = (),
        user_agent: str = "ReturnStation",
    ) -> None:
        self.url = url
        self._secret = secret
        self.timeout_s = timeout_s
        self.headers = headers
        self.user_agent = user_agent
        self._opener = urllib.request.build_opener(_NoRedirect)

    def request_headers(self, message: OutboundMessage) -> dict[str, str]:
        headers = dict(self.headers)
        headers.update(
            {
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": self.user_agent,
                "Idempotency-Key": message.key,
                SIGNATURE_HEADER: sign(self._secret, message.body),
                "X-ReturnStation-Event": str(message.event["type"]),
                "X-ReturnStation-Event-Id": str(message.event["id"]),
                "X-ReturnStation-Attempt": str(message.attempt),
            }
        )
        return headers

    def send(self, message: OutboundMessage) -> SendResult:
        request = urllib.request.Request(
            self.url, data=message.body, method="POST", headers=self.request_headers(message)
        )
        try:
            with self._opener.open(request, timeout=self.timeout_s) as response:
                response.read(64 * 1024)
                status = int(response.status)
        except urllib.error.HTTPError as exc:
            if exc.code == 409:
                return SendResult(True)
            detail = _snippet(exc)
            return SendResult(False, f"HTTP {exc.code} {exc.reason}{': ' + detail if detail else ''}")
        except urllib.error.URLError as exc:
            return SendResult(False, f"cannot reach {self.url}: {exc.reason}")
        except TimeoutError:
            return SendResult(False, f"no answer from {self.url} within {self.timeout_s:g} s")
        except (OSError, http.client.HTTPException, ValueError) as exc:
            return SendResult(False, f"{self.url}: {type(exc).__name__}: {exc}")
        if 200 <= status < 300:
            return SendResult(True)
        return SendResult(False, f"HTTP {status}")


def _snippet(exc: urllib.error.HTTPError) -> str:
    try:
        text = exc.read(300).decode("utf-8", "replace")
    except Exception:  # the error body is only a courtesy
        return ""
    return " ".join(text.split())[:200]
