"""Normalisation of raw scanner text: terminators, AIM prefixes, GS stand-ins, stray control characters."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import given
from hypothesis import strategies as st

from returnstation.scan.normalize import DEFAULT_GS_SUBSTITUTES, NormalizedScan, normalize

GS = "\x1d"


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def safety_net_records() -> Iterator[list[logging.LogRecord]]:
    """Errors the never-raise safety nets logged: fuzzing must find none, or the net hid a bug."""
    handler = _Records()
    logger = logging.getLogger("returnstation.scan")
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)


@pytest.mark.parametrize(
    "raw",
    ["ABC-123\r", "ABC-123\n", "ABC-123\r\n", "ABC-123\t", "\rABC-123", "  ABC-123  ", "\x02ABC-123\x03"],
)
def test_terminators_and_framing_are_removed(raw: str) -> None:
    assert normalize(raw) == NormalizedScan("ABC-123", None)


@pytest.mark.parametrize(
    ("raw", "aim", "text"),
    [
        ("]C0ABC123", "]C0", "ABC123"),
        ("]C1010950600013435210ABC", "]C1", "010950600013435210ABC"),
        ("]E05901234123457", "]E0", "5901234123457"),
        ("]E496385074", "]E4", "96385074"),
        ("]d1SERIAL-9", "]d1", "SERIAL-9"),
        ("]d20109506000134352", "]d2", "0109506000134352"),
        ("]Q1https://id.gs1.org/01/09506000134352", "]Q1", "https://id.gs1.org/01/09506000134352"),
        ("]Q30109506000134352", "]Q3", "0109506000134352"),
        ("]e00109506000134352", "]e0", "0109506000134352"),
        ("]I010614141000415", "]I0", "10614141000415"),
        ("]A0CODE39", "]A0", "CODE39"),
        ("\r\n]C1011234\r\n", "]C1", "011234"),
    ],
)
def test_aim_prefix_is_stripped_and_kept(raw: str, aim: str, text: str) -> None:
    assert normalize(raw) == NormalizedScan(text, aim)


def test_decoder_reported_symbology_wins_and_a_duplicate_prefix_is_stripped() -> None:
    assert normalize("]C1011234", symbology="]C1") == NormalizedScan("011234", "]C1")
    assert normalize("5901234123457", symbology="]E0") == NormalizedScan("5901234123457", "]E0")


def test_malformed_reported_symbology_is_ignored() -> None:
    assert normalize("ABC", symbology="EAN13").symbology is None
    assert normalize("ABC", symbology="]").symbology is None


def test_text_that_only_resembles_an_aim_prefix_is_left_alone() -> None:
    assert normalize("]1ABC") == NormalizedScan("]1ABC", None)
    assert normalize("A]C1") == NormalizedScan("A]C1", None)


@pytest.mark.parametrize("substitute", DEFAULT_GS_SUBSTITUTES)
def test_default_gs_substitutes_become_gs(substitute: str) -> None:
    assert normalize(f"]C1010950600013435210ABC{substitute}21SER").text == f"010950600013435210ABC{GS}21SER"


def test_private_use_gs_is_the_teemi_utf8_sequence() -> None:
    """InvenTree PR #865: the scanner sent bytes EF 9C 8B for GS."""
    assert b"\xef\x9c\x8b".decode("utf-8") in DEFAULT_GS_SUBSTITUTES


def test_configured_substitute_is_mapped_after_the_aim_prefix() -> None:
    """A "]" substitute (Binner #305) must not eat the AIM prefix's own "]"."""
    result = normalize("]C10109506000134352]10ABC]21SER", gs_substitutes=("]",))
    assert result == NormalizedScan(f"0109506000134352{GS}10ABC{GS}21SER", "]C1")


def test_multi_character_substitute() -> None:
    assert normalize("10ABC<GS>21SER", gs_substitutes=("<GS>",)).text == f"10ABC{GS}21SER"


def test_empty_substitute_is_ignored() -> None:
    assert normalize("ABC", gs_substitutes=("",)).text == "ABC"


def test_real_gs_is_kept_inside_and_dropped_at_the_edges() -> None:
    assert normalize(f"{GS}10ABC{GS}21SER{GS}\r").text == f"10ABC{GS}21SER"


def test_other_control_and_invisible_characters_are_removed() -> None:
    assert normalize("AB\x00C\x07D\x1eE\x04F\u200bG\ufeffH\ud800I\ue123J").text == "ABCDEFGHIJ"


def test_unusual_spaces_become_plain_spaces_and_nfc_applies() -> None:
    assert normalize("Gro\u0308\u00dfe\u00a0M\u2028L").text == "Größe M L"


def test_bytes_from_a_serial_port_are_decoded() -> None:
    assert normalize(b"]C0ABC\r\n") == NormalizedScan("ABC", "]C0")  # type: ignore[arg-type]
    assert normalize(b"\xffAB") == NormalizedScan("\ufffdAB", None)  # type: ignore[arg-type]


def test_non_text_reads_as_nothing() -> None:
    assert normalize(None) == NormalizedScan("", None)  # type: ignore[arg-type]


@given(
    st.text(max_size=2000),
    st.one_of(st.none(), st.text(max_size=4)),
    st.lists(st.text(max_size=3), max_size=3),
)
def test_normalize_never_raises_and_output_is_clean(raw: str, symbology: str | None, subs: list[str]) -> None:
    with safety_net_records() as errors:
        result = normalize(raw, symbology, subs)
    assert not errors
    assert result.text == result.text.strip()
    assert all(ch == GS or ch.isprintable() for ch in result.text)
    result.text.encode("utf-8")  # no lone surrogates left to fail in the database
    assert result.symbology is None or len(result.symbology) == 3


@given(st.text(max_size=200))
def test_normalize_is_idempotent_on_text_without_prefix_look_alikes(raw: str) -> None:
    once = normalize(raw)
    if not once.text.startswith("]"):
        assert normalize(once.text).text == once.text


def test_invisible_characters_inside_are_counted_and_those_at_the_edges_are_not() -> None:
    """Issue 15: "RMA-10<ZWSP>00" must not silently become "RMA-1000"; the classifier refuses it."""
    inside = normalize("RMA-10\u200b00")
    assert (inside.text, inside.hidden_inside) == ("RMA-1000", 1)
    assert normalize("\ufeffRMA-1000\u200e\r\n").hidden_inside == 0
    assert normalize("A\u200e\u200fB").hidden_inside == 2
    assert normalize("RMA-1000").hidden_inside == 0
