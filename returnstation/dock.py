"""Dock mode: receiving without a window, one scan per input line, one JSON line per scan.

Why: large returns docks put fixed-mount or tunnel scanners over a conveyor; nobody sits at a screen,
so a controller reads a line per box. It is also how receiving is scripted in acceptance tests. The
scans go through the same ReceivingDesk as the window's Receive tab, so the same scans give the same
records and the same words. Each answer is one JSON object on stdout:

    {"level": "ok|check|stop", "message": ..., "kind": what the scan was read as, "rma": ...,
     "parcel": id, "hold": id when the parcel went to the hold shelf, "problem": ..., ...}

A line that cannot be a scan (not UTF-8, too long) and any refusal or outage get a ``stop`` line;
dock mode never ends on bad input. Inputs: ``-`` (stdin), ``serial:/dev/ttyACM0`` (pyserial, also
``serial:socket://host:port``) or ``tcp:HOST:PORT`` (the scanner's TCP server, as fixed-mount
scanners offer it).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import socket
import sys
import time
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

from returnstation.domain.enums import ParcelStatus, ScanSource
from returnstation.domain.errors import DatabaseUnavailable
from returnstation.domain.messages import message_of, msg
from returnstation.domain.roles import PermissionRefused
from returnstation.domain.scan import Scan
from returnstation.domain.text import is_ascii_digits
from returnstation.scan.classify import MAX_TEXT_LENGTH
from returnstation.scan.serial_input import LineFramer, SerialConfig, open_port
from returnstation.services.results import Feedback, Level
from returnstation.translation import localize, translator

if TYPE_CHECKING:  # the desk and the users service bring the database layer: imported when `dock` runs,
    # not when the CLI builds its parser for the window (issue #18: a window in a second)
    from returnstation.bootstrap import Station
    from returnstation.services.receiving_desk import ReceivingDesk

# Not RETURNSTATION_*: that prefix is the settings' own, and the settings refuse a name they do not know.
PIN_ENV = "DOCK_PIN"
_LEVELS = {Level.SUCCESS: "ok", Level.INFO: "ok", Level.WARNING: "check", Level.ERROR: "stop"}


def add_parser(sub: Any) -> None:
    """The ``dock`` subcommand's options (``sub``: the CLI's subparsers)."""
    dock = sub.add_parser("dock", help="receive without a window: one scan per input line, JSON out")
    dock.add_argument("--input", default="-", help="- (stdin), serial:PORT or tcp:HOST:PORT (default: -)")
    dock.add_argument("--station", dest="dock_station", help="this station's name (as the global --station)")
    dock.add_argument("--user", dest="badge", help="who acts: a badge (with login on) or a name")
    dock.add_argument(
        "--pin-stdin",
        action="store_true",
        help=f"with login on: the PIN is stdin's first line (else ${PIN_ENV})",
    )


def run(station: Station, args: argparse.Namespace, stdin: IO[str], stdout: IO[str]) -> int:
    """Sign in, then answer every input line until the input ends. 0 at the end of the input, 2 when
    nobody could be signed in or the input cannot be opened."""
    from returnstation.services.receiving_desk import ReceivingDesk

    station.warm_caches()  # the lookup indexes into memory while the first line is awaited
    if not _sign_in(station, args, stdin, stdout):
        return 2
    desk = ReceivingDesk(station.receiving, station.damage)
    try:
        for line in _lines(args.input, stdin):
            emit(stdout, answer(desk, line), station.settings.language)
    except OSError as exc:
        emit(
            stdout,
            Feedback(
                Level.ERROR,
                msg("Input {input} cannot be read: {exc}", input=args.input, exc=exc),
                kind="input",
            ),
            station.settings.language,
        )
        return 2
    return 0


def answer(desk: ReceivingDesk, line: bytes) -> Feedback:
    """One input line, answered. Never raises for what a line or the database can do."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return Feedback(
            Level.ERROR, msg("Not a scan: the line is not UTF-8 text. Scan again."), kind="unreadable"
        )
    text = text.strip("\r\n")
    if len(text) > MAX_TEXT_LENGTH:
        return Feedback(
            Level.ERROR,
            msg("Not a scan: {n_text} characters is too long. Scan again.", n_text=len(text)),
            kind="unreadable",
        )
    try:
        return desk.scan(Scan(text, ScanSource.SERIAL))
    except PermissionRefused as exc:
        return Feedback(Level.ERROR, message_of(exc), kind="refused")
    except DatabaseUnavailable as exc:
        return Feedback(
            Level.ERROR,
            msg("Not saved: {exc}. Scan it again when the database is back.", exc=exc),
            kind="outage",
        )


def as_json(fb: Feedback, language: str = "") -> dict[str, Any]:
    """The answer line; ``message`` in ``language`` (the station's setting), English without one."""
    parcel = fb.parcel
    held = parcel is not None and parcel.status == ParcelStatus.HELD.value
    return {
        "level": _LEVELS[fb.level],
        "message": localize(fb.message, translator(language)),
        "kind": fb.kind or ("command" if fb.command else ""),
        "rma": parcel.rma_number if parcel else None,
        "rmas": list(parcel.rma_numbers) if parcel else [],
        "parcel": parcel.parcel_id if parcel else None,
        "hold": parcel.parcel_id if held and parcel else None,
        "problem": fb.problem.value if fb.problem else None,
        "item": fb.item_id,
        "candidates": [{"key": c.key, "rma": c.rma_number, "customer": c.customer} for c in fb.candidates],
        "offer": fb.offer_rma,
        "ask": fb.ask,
    }


def emit(stdout: IO[str], fb: Feedback, language: str = "") -> None:
    stdout.write(json.dumps(as_json(fb, language), ensure_ascii=False) + "\n")
    stdout.flush()  # a conveyor controller reads each answer as it comes


def _sign_in(station: Station, args: argparse.Namespace, stdin: IO[str], stdout: IO[str]) -> bool:
    from returnstation.services.users import PinRefused, UserError

    if not station.settings.login:
        station.start_bench()  # the configured user and role (--user sets the name)
        return True
    if not args.badge:
        emit(
            stdout,
            Feedback(Level.ERROR, msg("Login is on: give --user BADGE and the PIN."), kind="login"),
            station.settings.language,
        )
        return False
    pin = (
        stdin.readline().strip() if args.pin_stdin else os.environ.get(getattr(args, "pin_env", PIN_ENV), "")
    )
    try:
        user = station.users.sign_in(args.badge, pin)
    except (PinRefused, UserError, DatabaseUnavailable) as exc:  # the service's own words
        emit(
            stdout,
            Feedback(Level.ERROR, msg("Not signed in: {exc}", exc=exc), kind="login"),
            station.settings.language,
        )
        return False
    emit(
        stdout,
        Feedback(
            Level.SUCCESS,
            msg("Signed in: {user_name} ({role}).", user_name=user.name, role=user.role.value),
            kind="login",
        ),
        station.settings.language,
    )
    return True


def _lines(spec: str, stdin: IO[str]) -> Iterator[bytes]:
    if spec == "-":
        for text in stdin:
            if text.strip("\r\n"):
                yield text.encode("utf-8", "surrogateescape")
        return
    if spec.startswith("serial:"):
        yield from _serial_lines(spec.removeprefix("serial:"))
        return
    if spec.startswith("tcp:"):
        host, _, port = spec.removeprefix("tcp:").rpartition(":")
        if not (host and is_ascii_digits(port) and 0 < int(port) < 65536):
            raise OSError(msg("{spec!r} is not tcp:HOST:PORT (a host, a colon, a port 1-65535)", spec=spec))
        with socket.create_connection((host, int(port))) as conn, conn.makefile("rb") as stream:
            for raw in stream:
                if raw.strip(b"\r\n"):
                    yield raw.rstrip(b"\r\n")
        return
    raise OSError(msg("unknown input {spec!r} (use -, serial:PORT or tcp:HOST:PORT)", spec=spec))


def _serial_lines(port_name: str) -> Iterator[bytes]:
    """Lines from a serial scanner, framed like the window's serial input (CR, LF or a pause)."""
    config = SerialConfig(port_name)
    port = open_port(config)
    framer = LineFramer(config.unterminated_after_s)
    try:
        while True:
            data = port.read(max(1, port.in_waiting))
            now = time.monotonic()
            yield from framer.feed(data, now)
            yield from framer.flush_stale(now)
    finally:
        port.close()


def stdin_lines() -> IO[str]:
    """Standard input that never raises on bytes that are not UTF-8: they are kept (surrogateescape)
    so that ``answer`` can refuse that one line and the dock goes on with the next."""
    return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="surrogateescape")
