"""Hostile scans into the classifier: a verdict with a message for everything, never the safety net.

`classify` catches every exception so a bug can never take the bench down, which would also hide bugs
from a plain "did not raise" fuzz test; so these tests also fail when the safety net was used (it logs
an error). A usable verdict must also be safe to store: no NUL (PostgreSQL refuses it), no lone
surrogate (not encodable as UTF-8), no longer than the columns it goes into.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from fuzz_strategies import NASTY, hostile_text
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from returnstation.domain.scan import Scan
from returnstation.scan.classify import MAX_TEXT_LENGTH, CodeKind, classify, classify_scan

AIMS = st.one_of(
    st.none(), st.sampled_from(["]C1", "]E0", "]E3", "]d2", "]Q3", "]I1", "]A0", "]Z9", "]", "]]]", ""])
)


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module")
def logged_errors() -> Iterator[_Errors]:
    handler = _Errors()
    log = logging.getLogger("returnstation.scan")
    log.addHandler(handler)
    try:
        yield handler
    finally:
        log.removeHandler(handler)


def assert_storable(value: str) -> None:
    value.encode("utf-8")  # raises on a lone surrogate
    assert "\x00" not in value
    assert len(value) <= MAX_TEXT_LENGTH


@settings(max_examples=250, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=hostile_text(), aim=AIMS)
@example(text="\ud800", aim=None)
@example(text="x" * 10_240, aim="]C1")
def test_any_scan_gets_a_verdict_and_a_message(text: str, aim: str | None, logged_errors: _Errors) -> None:
    logged_errors.records.clear()
    verdict = classify(text, aim)
    assert not logged_errors.records, f"the classifier's safety net caught a bug on {text[:60]!r}"
    assert isinstance(verdict.kind, CodeKind)
    assert isinstance(verdict.message, str) and verdict.message.strip()
    assert verdict.raw == text  # the evidence is kept as scanned
    if verdict.usable:
        assert verdict.value.strip(), "a usable code cannot be empty"
        assert_storable(verdict.value)
        for v in verdict.gs1.values():
            assert_storable(v)
    assert classify(text, aim) == verdict  # same scan, same answer, at every station


@pytest.mark.parametrize("text", NASTY)
def test_every_nasty_through_the_scan_entry_point(text: str, logged_errors: _Errors) -> None:
    logged_errors.records.clear()
    verdict = classify_scan(Scan(text))
    assert not logged_errors.records
    assert verdict.message
    if verdict.kind is CodeKind.UNKNOWN:
        assert not verdict.usable


@settings(max_examples=150, derandomize=True, deadline=None)
@given(st.binary(max_size=300))
def test_bytes_from_a_serial_port_never_break_it(raw: bytes) -> None:
    """A serial scanner may hand over bytes; they are read as UTF-8 with replacement."""
    verdict = classify(raw)  # type: ignore[arg-type]
    assert verdict.message
