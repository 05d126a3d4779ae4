"""Issue 15: a single wrong digit in a carrier number must not turn it into another carrier's number.

A number with a distinctive carrier head ("00" + a DHL NVE, "420" + ZIP + a USPS IMpb) that fails that
carrier's check is a misread, even when a format any string of its length may fit (USPS 20, FedEx
34-digit) happens to accept it; a symbology with its own strong check (Code 128) is read as printed.
FedEx SmartPost 20 needs the 9-digit mailer ID's leading 9; GLS takes the product codes of its label
documentation. The typos below were found by changing one digit of a valid number and kept when the
loose format accepted them before the rule (bench/bench_classify.py measures the rates)."""

from __future__ import annotations

import pytest

from returnstation.scan.carrier_data import carrier_data
from returnstation.scan.carriers import read_tracking
from returnstation.scan.classify import CodeKind, classify

NVE = "00340434161094042557"  # DHL Paket 00 + SSCC, valid
NVE_TYPO = "00360434161094042557"  # one digit off: fails the NVE check, passes "USPS (implied 91)"
IMPB_420 = "4201002334249200190132607600833457"  # USPS 420 + 9-digit ZIP + IMpb, valid
IMPB_420_TYPO = "4201002334249200190182607600833457"  # fails USPS, passes the FedEx 34-digit mod 11


def _format_ids(code: str, *, misread_possible: bool = True) -> set[str]:
    return {m.format_id for m in read_tracking(code, misread_possible=misread_possible).matches}


def test_the_typos_do_pass_a_loose_format_so_the_rule_is_what_refuses_them() -> None:
    assert _format_ids(NVE_TYPO, misread_possible=False) == {"usps_91_implied"}
    assert _format_ids(IMPB_420_TYPO, misread_possible=False) == {"fedex_34"}


@pytest.mark.parametrize(("code", "carrier"), [(NVE_TYPO, "DHL"), (IMPB_420_TYPO, "USPS")])
def test_a_typo_in_a_distinctive_carrier_number_is_invalid_and_names_that_carrier(
    code: str, carrier: str
) -> None:
    result = classify(code)
    assert result.kind is CodeKind.INVALID, result
    assert result.message.startswith(f"Looks like a {carrier} tracking number")
    assert "scan again" in result.message
    assert not [a for a in result.alternatives if a.kind is CodeKind.TRACKING]


@pytest.mark.parametrize(("code", "carrier"), [(NVE, "dhl"), (IMPB_420, "usps")])
def test_the_valid_numbers_still_read_as_their_carrier(code: str, carrier: str) -> None:
    result = classify(code)
    assert (result.kind, result.carrier) == (CodeKind.TRACKING, carrier)


def test_a_code_128_cannot_misread_so_its_number_is_read_as_printed() -> None:
    """Code 128 carries its own check: a printed "0036..." that is no DHL NVE is another number."""
    result = classify(NVE_TYPO, "]C0")
    assert (result.kind, result.carrier) == (CodeKind.TRACKING, "usps")


def test_fedex_smartpost_20_needs_the_nine_digit_mailer_ids_leading_9() -> None:
    smartpost = next(f for f in carrier_data().formats if f.id == "fedex_smartpost_20")
    assert smartpost.pattern.fullmatch("61299998820821171811")
    # The same digits with the mailer ID's first digit changed: a 6-digit MID, so not SmartPost's.
    assert not smartpost.pattern.fullmatch("61289998820821171811")
    assert "fedex_smartpost_20" in _format_ids("61299998820821171811")


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("207512345677", True),  # product 75 Guaranteed24 (also a valid DHL Identcode)
        ("208912345670", True),  # product 89 Pick&Return/Ship
        ("206912345676", False),  # product 69: not in GLS's list (its check digit is right)
    ],
)
def test_gls_takes_the_product_codes_of_its_label_documentation(code: str, valid: bool) -> None:
    assert ("gls_12" in _format_ids(code)) is valid
