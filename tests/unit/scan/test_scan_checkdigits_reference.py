"""The library-backed GS1 arithmetic (python-stdnum's mod 10, biip's UPC-E expansion) against plain
reference implementations written from the GS1 General Specifications, on random digit strings."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from returnstation.scan import checkdigits as cd

digits = st.text(alphabet="0123456789", min_size=1, max_size=40)


def reference_gs1_check_digit(body: str) -> int:
    """§7.9.1: weights 3, 1, 3, 1... from the rightmost digit of the body; the check tops up to 10."""
    weights = [3, 1] * len(body)
    total = sum(int(d) * w for d, w in zip(reversed(body), weights, strict=False))
    return (10 - total % 10) % 10


def reference_upc_e(code: str) -> str | None:
    """§5.2.2.4.2 zero-suppression table, digit by digit; None unless number system 0/1 and the
    UPC-A check digit matches."""
    if len(code) != 8 or code[0] not in "01":
        return None
    ns, x, check = code[0], code[1:7], code[7]
    table = {
        "0": x[0] + x[1] + "0" + "0000" + x[2] + x[3] + x[4],
        "1": x[0] + x[1] + "1" + "0000" + x[2] + x[3] + x[4],
        "2": x[0] + x[1] + "2" + "0000" + x[2] + x[3] + x[4],
        "3": x[0] + x[1] + x[2] + "00000" + x[3] + x[4],
        "4": x[0] + x[1] + x[2] + x[3] + "00000" + x[4],
    }
    body = ns + table.get(x[5], x[0] + x[1] + x[2] + x[3] + x[4] + "0000" + x[5])
    return body + check if reference_gs1_check_digit(body) == int(check) else None


@given(digits)
def test_gs1_check_digit_matches_the_reference(body: str) -> None:
    assert cd.gs1_check_digit(body) == reference_gs1_check_digit(body)


@given(digits, st.integers(min_value=0, max_value=9))
def test_a_code_passes_exactly_when_its_last_digit_is_the_reference_check(body: str, last: int) -> None:
    code = body + str(last)
    assert cd.has_valid_gs1_check_digit(code) == (last == reference_gs1_check_digit(body))
    right = last == reference_gs1_check_digit(body)
    assert cd.is_valid_gtin(code) == (len(code) in (8, 12, 13, 14) and right)
    assert cd.is_valid_sscc(code) == (len(code) == 18 and right)


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_upc_e_expansion_matches_the_reference(code: str) -> None:
    assert cd.expand_upc_e(code) == reference_upc_e(code)


@given(st.sampled_from("01"), st.text(alphabet="0123456789", min_size=6, max_size=6))
def test_every_upc_e_body_has_one_check_digit_that_expands(system: str, body: str) -> None:
    """Random 8-digit strings are mostly invalid; this builds valid ones so expansion itself is tested."""
    expanded = [cd.expand_upc_e(system + body + str(c)) for c in range(10)]
    valid = [e for e in expanded if e is not None]
    assert len(valid) == 1 and valid == [reference_upc_e(system + body + valid[0][-1])]


# --- the carrier check algorithms' fast paths (issue 15: classify throughput) -----------------------

alnum = st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=30)
one_digit = st.sampled_from("0123456789")


@given(digits, one_digit)
def test_luhn_matches_python_stdnum(serial: str, check: str) -> None:
    from stdnum import luhn

    assert cd.luhn_ok(serial, check) is luhn.is_valid(serial + check)


@given(alnum, one_digit, st.integers(0, 9), st.integers(0, 9))
def test_mod10_weighted_matches_a_plain_loop(serial: str, check: str, evens: int, odds: int) -> None:
    """Left to right from 0: even positions times `evens`, odd times `odds`; letters (UPS) as
    (code point - 3) % 10 (tracking_number_data CHECKSUM_ALGORITHMS.md "mod10")."""
    values = [int(ch) if ch.isdigit() else (ord(ch) - 3) % 10 for ch in serial]
    total = sum(v * (evens if i % 2 == 0 else odds) for i, v in enumerate(values))
    assert cd.mod10_weighted_ok(serial, check, evens, odds) is ((10 - total % 10) % 10 == int(check))


@given(st.text(alphabet="0123456789", min_size=11, max_size=11), one_digit)
def test_fedex_mod11_and_gls_match_plain_loops(serial: str, check: str) -> None:
    weights = (3, 1, 7, 3, 1, 7, 3, 1, 7, 3, 1)
    fedex = sum(int(d) * w for d, w in zip(serial, weights, strict=True)) % 11 % 10
    assert cd.weighted_mod11_mod10_ok(serial, check, weights) is (fedex == int(check))
    gls = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(serial))  # 3,1,... from the left
    assert cd.gls_ok(serial, check) is ((10 - (gls + 1) % 10) % 10 == int(check))
