"""Which carrier a tracking number belongs to, and the number that carrier's systems know it by.

Why: parcels are matched to RMAs by the tracking number the order system stored, which is the short
number from the carrier, not the long barcode on the label ("420"+ZIP+IMpb, FedEx's 34-digit barcode,
DPD's 28-character label code). Carrier ids are stable lower-case strings because they are stored next
to the number. The formats themselves are data (returnstation/data/carriers/carriers.json, loaded by
carrier_data.py); this module only applies them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import returnstation.scan.checkdigits as checkdigits
from returnstation.scan.carrier_data import CarrierData, TrackingFormat, carrier_data


class Carrier(StrEnum):
    """Carrier ids the code itself names; every other carrier id comes from the data file."""

    UPS = "ups"
    FEDEX = "fedex"
    USPS = "usps"
    POST = "post"  # a national post the data has no own id for (UPU S10 number), country in the message


@dataclass(frozen=True, slots=True)
class TrackingMatch:
    carrier: str
    value: str
    label: str  # plain words for the clerk
    format_id: str = ""


@dataclass(frozen=True, slots=True)
class TrackingReading:
    """Every valid carrier reading of a code, and the formats whose shape it has but whose check
    digit it fails (a misread, unless some other reading is valid)."""

    matches: tuple[TrackingMatch, ...]
    failed: tuple[TrackingFormat, ...]


def read_tracking(
    code: str, data: CarrierData | None = None, *, misread_possible: bool = True
) -> TrackingReading:
    """Try every format of the right length, in the data's order; several can be valid at once (a
    22-digit "92..." number is USPS IMpb and FedEx SmartPost, which hands the parcel to USPS).

    When the code could be a misread (`misread_possible`: typed, or from a symbology without a
    strong check of its own) and it has the shape of a `distinctive` format but fails that format's
    check, it is that carrier's number misread: only readings of other distinctive formats stand,
    not those of formats any string of its length may fit (issue 15: "00" + a DHL NVE with one wrong
    digit passed USPS's and FedEx's plain 20-digit checks in 22% of cases)."""
    formats = (data or carrier_data()).by_length.get(len(code), ())
    matches: list[TrackingMatch] = []
    failed: list[TrackingFormat] = []
    generic: set[str] = set()  # format ids of the matches that have no distinctive shape
    seen: set[tuple[str, str]] = set()
    for fmt in formats:
        found = fmt.pattern.fullmatch(code)
        if found is None:
            continue
        carrier, carrier_name = fmt.carrier, fmt.carrier_name
        country = found.group("K") if fmt.country == "*" else None
        if country is not None:
            if not checkdigits.is_s10_country(country):
                continue  # not a post's number at all: a part number may look like this
            carrier, carrier_name = fmt.country_carriers.get(country, (carrier, carrier_name))
        if fmt.has_check and not fmt.check.passes(found.group("S"), found.group("C")):
            failed.append(fmt)
            continue
        value = (found.group("T") if fmt.names_known_number else None) or code
        if (carrier, value) in seen:
            continue
        seen.add((carrier, value))
        if not fmt.distinctive:
            generic.add(fmt.id)
        matches.append(TrackingMatch(carrier, value, _label(fmt, carrier_name, code, value, country), fmt.id))
    if misread_possible and any(fmt.distinctive for fmt in failed):
        matches = [match for match in matches if match.format_id not in generic]
        failed.sort(key=lambda fmt: not fmt.distinctive)  # the message names the shape it has first
    return TrackingReading(tuple(matches), tuple(failed))


def tracking_matches(code: str) -> tuple[TrackingMatch, ...]:
    """Every valid carrier reading of `code` (upper case, no spaces), most likely first."""
    return read_tracking(code).matches


def _label(fmt: TrackingFormat, carrier_name: str, code: str, value: str, country: str | None) -> str:
    if country is not None:
        where = "international " if country != "US" and carrier_name != "Post" else ""
        name = "International post" if carrier_name == "Post" else carrier_name
        return f"{name} {where}tracking number ({country})".replace("  ", " ")
    if value != code:
        return f"{carrier_name} tracking number {value} (from the label barcode)"
    return f"{carrier_name} tracking number"
