"""Check digits against published vectors and against independent implementations (python-stdnum, biip)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from returnstation.scan import checkdigits as cd

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).parents[2] / "data" / "codes" / "code_vectors.json").read_text(encoding="utf-8")
)


def compact(code: str) -> str:
    return code.replace(" ", "")


@pytest.mark.parametrize("code", VECTORS["ups"]["valid"])
def test_ups_valid_vectors(code: str) -> None:
    assert cd.is_valid_ups(code)


@pytest.mark.parametrize("code", VECTORS["ups"]["invalid"] + VECTORS["ups"]["not_ups"])
def test_ups_invalid_vectors(code: str) -> None:
    assert not cd.is_valid_ups(code)


@pytest.mark.parametrize("code", VECTORS["fedex"]["valid"])
def test_fedex_valid_vectors(code: str) -> None:
    assert cd.is_valid_fedex(compact(code))


@pytest.mark.parametrize("code", VECTORS["fedex"]["invalid"])
def test_fedex_invalid_vectors(code: str) -> None:
    assert not cd.is_valid_fedex(compact(code))


@pytest.mark.parametrize(("code", "tracking"), VECTORS["fedex"]["canonical"].items())
def test_fedex_label_barcodes_give_the_tracking_number(code: str, tracking: str) -> None:
    assert cd.fedex_tracking_number(compact(code)) == tracking


def test_fedex_34_digit_tails_are_express_numbers_in_their_own_right() -> None:
    """The reason for returning the tail: it passes the 12-digit Express check on its own."""
    long_forms = [compact(c) for c in VECTORS["fedex"]["valid"] if len(compact(c)) == 34]
    assert long_forms
    for code in long_forms:
        assert cd.is_valid_fedex_express(code[-12:])


@pytest.mark.parametrize("code", VECTORS["usps"]["valid"])
def test_usps_valid_vectors(code: str) -> None:
    assert cd.is_valid_usps(compact(code))


@pytest.mark.parametrize("code", VECTORS["usps"]["invalid"])
def test_usps_invalid_vectors(code: str) -> None:
    assert not cd.is_valid_usps(compact(code))


@pytest.mark.parametrize(("code", "tracking"), VECTORS["usps"]["canonical"].items())
def test_usps_routing_prefix_is_removed(code: str, tracking: str) -> None:
    assert cd.usps_tracking_number(compact(code)) == tracking


def test_usps_impb_split_with_and_without_group_separator() -> None:
    tracking = "9261290113185417468510"  # usps.json "USPS 34v2" vector, minus its 420+ZIP+4
    assert cd.split_usps_impb(f"42090210\x1d{tracking}") == ("90210", tracking)
    assert cd.split_usps_impb(f"420102820000\x1d{tracking}") == ("102820000", tracking)
    assert cd.split_usps_impb(f"420102820000{tracking}") == ("102820000", tracking)  # GS lost
    assert cd.split_usps_impb("420221539101026837331000039521") == ("22153", "9101026837331000039521")
    assert cd.split_usps_impb(f"42090210\x1d{tracking[:-1]}1") is None  # wrong check after the GS
    assert cd.split_usps_impb(f"420902\x1d{tracking}") is None  # a 3-digit ZIP is no ZIP


@pytest.mark.parametrize("code", VECTORS["s10"]["valid"])
def test_s10_valid_vectors(code: str) -> None:
    assert cd.is_valid_s10(compact(code))


@pytest.mark.parametrize("code", VECTORS["s10"]["invalid"])
def test_s10_invalid_vectors(code: str) -> None:
    assert not cd.is_valid_s10(compact(code))


def test_usps_accepts_only_us_s10_numbers() -> None:
    assert cd.is_valid_usps("EC123456785US")
    assert not cd.is_valid_usps("RB123456785GB")


@pytest.mark.parametrize("code", VECTORS["gtin"]["valid"])
def test_gtin_valid_vectors(code: str) -> None:
    assert cd.is_valid_gtin(code)


@pytest.mark.parametrize("code", VECTORS["gtin"]["invalid"])
def test_gtin_invalid_vectors(code: str) -> None:
    assert not cd.is_valid_gtin(code)


@pytest.mark.parametrize("code", VECTORS["sscc"]["valid"])
def test_sscc_valid_vectors(code: str) -> None:
    assert cd.is_valid_sscc(compact(code))


@pytest.mark.parametrize("code", VECTORS["sscc"]["invalid"])
def test_sscc_invalid_vectors(code: str) -> None:
    assert not cd.is_valid_sscc(compact(code))


@pytest.mark.parametrize(
    "code", ["", "12345", "0950600013435", "095060001343522", "abcdefghijklm", "٠٩٥٠٦٠٠٠١٣٤٣٥٢"]
)
def test_gtin_rejects_wrong_shapes(code: str) -> None:
    assert not cd.is_valid_gtin(code)


def test_gs1_check_digit_refuses_non_digits() -> None:
    with pytest.raises(ValueError, match="digits only"):
        cd.gs1_check_digit("12a4")


@given(st.text(alphabet="0123456789", min_size=1, max_size=40))
def test_gs1_check_digit_agrees_with_python_stdnum(body: str) -> None:
    from stdnum import ean

    assert cd.gs1_check_digit(body) == int(ean.calc_check_digit(body))


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_upc_e_expansion_agrees_with_biip(code: str) -> None:
    from biip import ParseError
    from biip.upc import Upc, UpcFormat

    ours = cd.expand_upc_e(code)
    try:
        upc = Upc.parse(code)
    except ParseError:
        assert ours is None
        return
    assert upc.format is UpcFormat.UPC_E
    assert ours == upc.as_upc_a()


def test_to_gtin14_pads_shorter_gtins() -> None:
    assert cd.to_gtin14("9506000134352") == "09506000134352"
    assert cd.to_gtin14("96385074") == "00000096385074"


@given(st.text(max_size=60))
def test_validators_never_raise(code: str) -> None:
    for check in (cd.is_valid_gtin, cd.is_valid_sscc, cd.is_valid_ups, cd.is_valid_fedex, cd.is_valid_usps):
        assert check(code) in (True, False)
