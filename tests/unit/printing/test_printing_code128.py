"""The shared Code 128 encoder: what the bars say, what the ZPL says, and that both are the same symbol."""

from __future__ import annotations

import string

import pytest
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from label_scan_helpers import code128_image, zpl_code128_values

from returnstation.printing.barcode_data import parse_gs1_hri, prepare_barcode
from returnstation.printing.code128 import FNC1, encode_code128
from returnstation.printing.templates import Symbology

PRINTABLE = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=30)
DIGIT_HEAVY = st.text(alphabet=string.digits * 4 + "AZ-/ >^~", min_size=1, max_size=30)


def _scan(values: list[int] | tuple[int, ...]) -> list[zxingcpp.Barcode]:
    return list(zxingcpp.read_barcodes(code128_image(list(values)), text_mode=zxingcpp.TextMode.Plain))


@settings(max_examples=150, deadline=None)
@given(st.one_of(PRINTABLE, DIGIT_HEAVY))
def test_bars_scan_back_to_the_exact_text(text: str) -> None:
    symbol = encode_code128(text)
    results = _scan(symbol.values)
    assert [r.text for r in results] == [text]
    assert results[0].symbology_identifier == "]C0"


@settings(max_examples=150, deadline=None)
@given(st.one_of(PRINTABLE, DIGIT_HEAVY))
def test_zpl_field_data_is_the_same_symbol_as_the_bars(text: str) -> None:
    symbol = encode_code128(text)
    assert "^" not in symbol.zpl_field_data and "~" not in symbol.zpl_field_data
    assert tuple(zpl_code128_values(symbol.zpl_field_data)) == symbol.values


TRICKY = [
    "99",
    "9912345",
    "99ABC",
    "990001234567",
    "RMA-000123",
    "RSI-000123",
    "0",
    "A",
    " leading space",
    "trailing space ",
    ">^~",
    "12345678901234567890",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_values_round_trip_through_bars_and_zpl(text: str) -> None:
    symbol = encode_code128(text)
    assert [r.text for r in _scan(symbol.values)] == [text]
    assert [r.text for r in _scan(zpl_code128_values(symbol.zpl_field_data))] == [text]


def test_digit_runs_use_subset_c_and_keep_a_leading_99() -> None:
    symbol = encode_code128("99001234")
    assert symbol.zpl_field_data == ">;99001234"
    assert symbol.values[:5] == (105, 99, 0, 12, 34)
    # Start, 4 digit pairs, check, stop: 11 * 6 + 13 modules.
    assert symbol.width_modules == 79


def test_subset_choice_is_shorter_than_plain_subset_b_for_long_digit_runs() -> None:
    mixed = encode_code128("RSI-000123")
    assert mixed.zpl_field_data == ">:RSI->5000123"
    assert len(mixed.values) < len(">:RSI-000123") + 2


def test_zpl_escapes_follow_the_invocation_table() -> None:
    assert encode_code128("a>b").zpl_field_data == ">:a>0b"
    assert encode_code128("a^b").zpl_field_data == ">:a><b"
    assert encode_code128("a~b").zpl_field_data == ">:a>=b"


@pytest.mark.parametrize("bad", ["", "tab\there", "é", "line\n"])
def test_values_code128_cannot_carry_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        encode_code128(bad)


GS1_CASES = [
    ("(01)05012345678900(10)ABC123(21)SER42", "010501234567890010ABC123\x1d21SER42"),
    # reportlab's own Code128 drops a digit here (FNC1 followed by an odd run of digits).
    ("(01)06005523011100(17)250131(10)010(21)2592027", "01060055230111001725013110010\x1d212592027"),
    ("(99)1(17)250131(01)32026157073172(10)2", "991\x1d172501310132026157073172102"),
    ("(00)106141411234567897", "00106141411234567897"),
]


@pytest.mark.parametrize(("hri", "element_string"), GS1_CASES)
def test_gs1_128_scans_as_gs1_with_fnc1_separators(hri: str, element_string: str) -> None:
    content = prepare_barcode(Symbology.GS1_128, hri, "field 'gs1'")
    assert content.text == element_string
    assert content.hri == hri
    assert content.code128 is not None
    assert content.code128.zpl_field_data.startswith((">;>8", ">:>8"))
    for values in (content.code128.values, tuple(zpl_code128_values(content.code128.zpl_field_data))):
        results = _scan(values)
        assert [r.text for r in results] == [element_string]
        assert results[0].symbology_identifier == "]C1"
        assert results[0].content_type == zxingcpp.ContentType.GS1


def test_gs1_separator_only_after_variable_length_fields() -> None:
    element_string, _ = parse_gs1_hri("(21)SER42(01)05012345678900(10)LOT7", "f")
    assert element_string == f"21SER42{FNC1}010501234567890010LOT7"


@pytest.mark.parametrize("bad", ["0105012345678900", "(01)123", "(01)0501234567890A", "(10)ABC(", "()12"])
def test_gs1_values_not_in_hri_form_or_with_wrong_lengths_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match=r"GS1|field"):
        prepare_barcode(Symbology.GS1_128, bad, "field 'gs1'")
