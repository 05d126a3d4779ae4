"""Check-digit arithmetic for product codes, shipping labels and carrier tracking numbers.

Why this exists: a check digit is the only thing that tells a real tracking number from a mistyped
one before we hit the database, and several carriers reuse the same lengths (a 12-digit string is a
UPC-A *and* a FedEx Express number). The algorithms and every test vector come from published
sources, named next to each function:

* GS1 mod 10 (GTIN-8/12/13/14, SSCC, USPS IMpb, FedEx Ground): GS1 General Specifications §7.9.1,
  weights 3,1,3,1... from the right of the body, computed by python-stdnum (``stdnum.ean``), and the
  UPC-E to UPC-A expansion by biip (``biip.upc``): maintained libraries we depend on anyway.
* UPS, FedEx, USPS, S10: written here because no maintained library has them, from
  ``jkeen/tracking_number_data`` (MIT), ``couriers/*.json`` and ``CHECKSUM_ALGORITHMS.md``. In that
  data the check is computed over the ``SerialNumber`` regex group only, which is why some formats
  below look at a slice of the number.

Every ``is_valid_*`` function returns False (never raises) for anything that is not the right shape,
including non-ASCII digits such as "١٢٣" that ``str.isdigit`` would accept.
"""

from __future__ import annotations

import operator
import re

from stdnum import ean  # ~18 ms, mostly ssl the app loads anyway; biip (~0.1 s) is imported where used

from returnstation.domain.text import is_ascii_digits

GTIN_LENGTHS = frozenset({8, 12, 13, 14})

_UPS_RE = re.compile(r"1Z[0-9A-Z]{16}")
_S10_RE = re.compile(r"[A-Z]{2}\d{9}[A-Z]{2}")
_IMPB_TRACKING_LENGTHS = frozenset({22, 26, 30, 34})
_IMPB_CHANNEL_RE = re.compile(r"9[1-5]\d+")
_IMPB_WITH_GS_RE = re.compile(r"420(\d{5}|\d{9})\x1d(\d{20,38})")
_IMPB_LOST_GS_TRACKING_RE = re.compile(r"9[1-5]\d{20,36}")

# FedEx Express weights (tracking_number_data fedex.json "FedEx Express (12)"): 3,1,7 left to right.
_FEDEX_EXPRESS_WEIGHTS = (3, 1, 7) * 4
# FedEx 34-digit formats weight their 13-digit serial 1,7,3 left to right (fedex.json "Express (34)").
_FEDEX_34_WEIGHTS = (1, 7, 3) * 5
# UPU S10 weights (tracking_number_data CHECKSUM_ALGORITHMS.md, validates_s10).
_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)

# ISO 3166-1 alpha-2 codes, the country part of an S10 number (list as in python-stdnum's isin.py).
_ISO_COUNTRY_TEXT = """
    AD AE AF AG AI AL AM AN AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
    BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CS CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
    EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN
    HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK
    LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF
    NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD
    SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ
    UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
"""
_ISO_COUNTRIES = frozenset(_ISO_COUNTRY_TEXT.split())


def gs1_check_digit(body: str) -> int:
    """The GS1 mod-10 check digit for `body` (all digits, check digit not included).

    Raises ValueError for a body that is not ASCII digits: this is arithmetic, callers validate shape.
    """
    if not is_ascii_digits(body):
        raise ValueError(f"GS1 check digits are computed over digits only, got {body!r}")
    return int(ean.calc_check_digit(body))  # any length: the weights run from the right


def has_valid_gs1_check_digit(code: str) -> bool:
    """True when the last digit of an all-digit `code` is the GS1 mod-10 check of the rest."""
    return is_ascii_digits(code) and len(code) >= 2 and gs1_check_digit(code[:-1]) == int(code[-1])


def is_valid_gtin(code: str) -> bool:
    """GTIN-8, GTIN-12 (UPC-A), GTIN-13 (EAN-13) or GTIN-14 with a correct check digit."""
    return len(code) in GTIN_LENGTHS and has_valid_gs1_check_digit(code)


def to_gtin14(code: str) -> str:
    """Left-pad a GTIN to 14 digits, the form GS1 AI (01) and Digital Link use, so lookups can compare."""
    return code.rjust(14, "0")


def is_valid_sscc(code: str) -> bool:
    """Serial Shipping Container Code: 18 digits, GS1 mod 10."""
    return len(code) == 18 and has_valid_gs1_check_digit(code)


def ups_check_digit(body: str) -> int:
    """Check digit over the 15 characters after "1Z" (tracking_number_data ups.json: mod10, odd
    positions x2, letters mapped to (ord-3) % 10)."""
    total = 0
    for i, ch in enumerate(body):
        value = int(ch) if ch.isdigit() else (ord(ch) - 3) % 10
        total += value * 2 if i % 2 == 1 else value
    return (10 - total % 10) % 10


def is_valid_ups(code: str) -> bool:
    """UPS "1Z" + 6 shipper + 2 service + 7 package + check digit (upper case, no spaces)."""
    if not (code.isascii() and _UPS_RE.fullmatch(code)):
        return False
    check = code[-1]
    return check.isdigit() and ups_check_digit(code[2:-1]) == int(check)


def _weighted_mod11_mod10(digits: str, weights: tuple[int, ...]) -> int:
    total: int = sum(map(operator.mul, map(int, digits), weights))
    return total % 11 % 10


def is_valid_fedex_express(code: str) -> bool:
    """FedEx Express 12 digits: weights 3,1,7 over the first 11, then % 11 % 10 (fedex.json)."""
    return (
        len(code) == 12
        and is_ascii_digits(code)
        and _weighted_mod11_mod10(code[:11], _FEDEX_EXPRESS_WEIGHTS) == int(code[11])
    )


def _is_valid_fedex_34(code: str) -> bool:
    """FedEx Express (34) "100..." and Ground GSN "96..." barcodes: the 13-digit serial before the
    check digit, weights 1,7,3, % 11 % 10 (fedex.json)."""
    return (
        len(code) == 34
        and is_ascii_digits(code)
        and (code.startswith("100") or code.startswith("96"))
        and _weighted_mod11_mod10(code[20:33], _FEDEX_34_WEIGHTS) == int(code[33])
    )


def fedex_tracking_number(code: str) -> str | None:
    """The FedEx tracking number carried by `code`, or None when `code` is not a valid FedEx form.

    Why a separate "tracking number": the long barcodes on FedEx labels wrap the number the customer
    and the carrier's systems use. The 34-digit forms end with the 12-digit Express number and the
    22-digit "96" Ground barcode ends with the 15-digit Ground number; for every tracking_number_data
    vector the tail passes its own check, which the unit tests assert.
    """
    if not is_ascii_digits(code):
        return None
    n = len(code)
    if n == 12:
        return code if is_valid_fedex_express(code) else None
    if n == 15:  # FedEx Ground: mod10, odd positions x3 over 14 digits == GS1 mod 10
        return code if has_valid_gs1_check_digit(code) else None
    if n == 20:  # SmartPost (IMpb) without its "92": the check covers "92" + number
        return code if not code.startswith("92") and has_valid_gs1_check_digit("92" + code) else None
    if n == 22:
        if code.startswith("92"):  # SmartPost with its "92"
            return code if has_valid_gs1_check_digit(code) else None
        if code.startswith("96"):  # Ground 96: check over the 15-digit tail
            tail = code[7:]
            return tail if has_valid_gs1_check_digit(tail) else None
        return None
    if n == 34 and _is_valid_fedex_34(code):
        tail = code[-12:]
        return tail if is_valid_fedex_express(tail) else code
    return None


def is_valid_fedex(code: str) -> bool:
    """FedEx Express 12, Ground 15, SmartPost 20/22, Ground "96" 22, and the 34-digit forms."""
    return fedex_tracking_number(code) is not None


def s10_check_digit(serial: str) -> int:
    """UPU S10 check digit over the 8-digit serial: weights 8,6,4,2,3,5,9,7, 11 - sum % 11,
    with 10 -> 0 and 11 -> 5."""
    check = 11 - sum(int(d) * w for d, w in zip(serial, _S10_WEIGHTS, strict=True)) % 11
    return {10: 0, 11: 5}.get(check, check)


def is_s10_shape(code: str) -> bool:
    """Two letters, nine digits, two letters: the UPU S10 layout, whatever its check digit."""
    return code.isascii() and _S10_RE.fullmatch(code) is not None


def is_valid_s10(code: str) -> bool:
    """International postal item "EC123456785US": S10 check digit and a real ISO 3166 country."""
    return is_s10_shape(code) and code[-2:] in _ISO_COUNTRIES and s10_check_digit(code[2:10]) == int(code[10])


def split_usps_impb(code: str) -> tuple[str, str] | None:
    """Split a USPS IMpb label barcode "420" + ZIP(5|9) + [GS] + tracking into (zip, tracking).

    With the GS the split is certain. Without it (a scanner or a widget lost the FNC1) the ZIP may be
    5 or 9 digits, so both splits are tried and the one whose tracking part passes mod 10 wins
    (recommendation from the scanners/labels pitfalls doc, regex ^420(\\d{5}|\\d{9})(9[1-5]\\d{20,36})$).
    """
    if not code.startswith("420") or not code.isascii():
        return None
    with_gs = _IMPB_WITH_GS_RE.fullmatch(code)
    if with_gs:
        zip_code, tracking = with_gs.group(1), with_gs.group(2)
        # After the GS comes the next AI: only an IMpb channel (91-95) is a USPS number; "(420)ZIP
        # (00)SSCC" is a pallet or parcel label whose SSCC merely passes the "USPS 20" arithmetic.
        if not _IMPB_CHANNEL_RE.fullmatch(tracking):
            return None
        return (zip_code, tracking) if usps_tracking_number(tracking) == tracking else None
    if not is_ascii_digits(code):
        return None
    for zip_length in (5, 9):
        tracking = code[3 + zip_length :]
        if _IMPB_LOST_GS_TRACKING_RE.fullmatch(tracking) and usps_tracking_number(tracking) == tracking:
            return code[3 : 3 + zip_length], tracking
    return None


def usps_tracking_number(code: str) -> str | None:
    """The USPS tracking number in `code`, or None when it is not a valid USPS form.

    Accepted (tracking_number_data usps.json): IMpb 22/26/30/34 digits starting 91-95 (GS1 mod 10);
    20-digit numbers checked as they are ("USPS 20") or with the implied "91" ("USPS 91", e.g. Certified
    Mail 7196...); 24-digit numbers with the implied "91"; the label forms with "420" + ZIP in front,
    for which the part after the ZIP is returned; and S10 international numbers ending in "US".
    """
    if is_s10_shape(code):
        return code if code.endswith("US") and is_valid_s10(code) else None
    if not is_ascii_digits(code):
        return None
    n = len(code)
    if n in _IMPB_TRACKING_LENGTHS and _IMPB_CHANNEL_RE.fullmatch(code) and has_valid_gs1_check_digit(code):
        return code
    if n == 20 and has_valid_gs1_check_digit(code):
        return code
    if n in (20, 24) and not _IMPB_CHANNEL_RE.fullmatch(code) and has_valid_gs1_check_digit("91" + code):
        return code
    if code.startswith("420"):
        split = split_usps_impb(code)
        if split:
            return split[1]
    return None


def is_valid_usps(code: str) -> bool:
    """USPS IMpb (20/22/26/30/34 digits, also behind "420" + ZIP) or S10 "..US" with a correct check."""
    return usps_tracking_number(code) is not None


def expand_upc_e(code: str) -> str | None:
    """The 12-digit UPC-A that an 8-digit UPC-E stands for, or None if `code` is not a valid UPC-E.

    UPC-E drops zeros from a UPC-A; the check digit is the UPC-A's, so it can only be verified after
    expansion (GS1 General Specifications, UPC-E zero-suppression table; biip does both).
    """
    if len(code) != 8 or not is_ascii_digits(code) or code[0] not in "01":
        return None
    from biip import ParseError
    from biip.upc import Upc

    try:
        return Upc.parse(code).as_upc_a()
    except ParseError:  # the check digit does not match the expanded number
        return None


def is_s10_country(code: str) -> bool:
    """True for an ISO 3166-1 alpha-2 country code, the last two letters of an S10 number."""
    return code in _ISO_COUNTRIES


# --- check-digit algorithms named in the carrier data (returnstation/data/carriers/carriers.json) ---
# Each takes the checked part ("serial") and the check character as the label prints them, and returns
# False (never raises) for anything that is not the right shape. Sources are named per function.


def _digit_value(ch: str) -> int:
    """A digit as itself, a letter as (code point - 3) % 10: the UPS rule for letters in a 1Z number
    (tracking_number_data CHECKSUM_ALGORITHMS.md, "mod10")."""
    return int(ch) if ch.isdigit() else (ord(ch) - 3) % 10


def mod10_weighted_ok(serial: str, check: str, evens: int, odds: int) -> bool:
    """tracking_number_data "mod10": the i-th character (from 0, left to right) times `evens` when i is
    even and `odds` when odd, summed; the check is (10 - sum % 10) % 10. With evens/odds 3/1 on an
    odd-length serial (or 1/3 on an even one) this is the GS1 mod 10 of USPS IMpb and FedEx Ground."""
    if not (serial.isascii() and serial.isalnum() and check.isascii() and check.isdigit()):
        return False
    if serial.isdigit():  # the common case, summed by slices (issue 15: classify throughput)
        total = sum(map(int, serial[0::2])) * evens + sum(map(int, serial[1::2])) * odds
    else:
        total = sum(_digit_value(ch) * (evens if i % 2 == 0 else odds) for i, ch in enumerate(serial.upper()))
    return (10 - total % 10) % 10 == int(check)


def mod7_ok(serial: str, check: str) -> bool:
    """DHL Express air waybill: the serial as a number, modulo 7 (tracking_number_data "mod7")."""
    return is_ascii_digits(serial) and is_ascii_digits(check) and int(serial) % 7 == int(check)


# Luhn: a doubled digit's digit sum (ISO/IEC 7812-1 annex B).
_LUHN_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def luhn_ok(serial: str, check: str) -> bool:
    """Luhn (ISO/IEC 7812-1), as Purolator numbers use it (tracking_number_data "luhn"): from the
    right, the check digit and every second digit as they are, the others doubled (digit sum), the
    total a multiple of 10. The reference test compares it with python-stdnum's ``stdnum.luhn``."""
    number = serial + check
    if not is_ascii_digits(number):
        return False
    backwards = number[::-1]
    total = sum(map(int, backwards[0::2])) + sum(_LUHN_DOUBLED[int(d)] for d in backwards[1::2])
    return total % 10 == 0


def weighted_mod11_mod10_ok(serial: str, check: str, weights: tuple[int, ...]) -> bool:
    """tracking_number_data "sum_product_with_weightings_and_modulo" (FedEx): sum of digit x weight,
    then % 11 % 10."""
    return (
        is_ascii_digits(serial)
        and is_ascii_digits(check)
        and len(serial) == len(weights)
        and _weighted_mod11_mod10(serial, weights) == int(check)
    )


_ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def mod37_36_ok(serial: str, check: str) -> bool:
    """ISO/IEC 7064 MOD 37,36 over digits and letters (DPD parcel label; tracking_number_data
    "mod_37_36"), computed by python-stdnum's ``stdnum.iso7064.mod_37_36``."""
    from stdnum.iso7064 import mod_37_36

    text = serial.upper()
    if not (text.isascii() and text.isalnum() and len(check) == 1 and check.upper() in _ALPHANUMERIC):
        return False
    return str(mod_37_36.calc_check_digit(text, _ALPHANUMERIC)) == check.upper()


def gls_ok(serial: str, check: str) -> bool:
    """GLS parcel number: 11 digits, then (10 - (GS1 weighted sum + 1) % 10) % 10, i.e. the GS1 mod-10
    weights 3,1 from the right plus one (GLS "Paketnummer"; the rule open-source GLS trackers use)."""
    if not (is_ascii_digits(serial) and is_ascii_digits(check)):
        return False
    backwards = serial[::-1]
    total = sum(map(int, backwards[0::2])) * 3 + sum(map(int, backwards[1::2]))
    return (10 - (total + 1) % 10) % 10 == int(check)


def s10_ok(serial: str, check: str) -> bool:
    """UPU S10 check digit over the 8-digit serial (UPU standard S10; tracking_number_data "s10")."""
    return len(serial) == 8 and is_ascii_digits(serial + check) and s10_check_digit(serial) == int(check)
