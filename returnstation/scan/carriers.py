"""Which carrier a tracking number belongs to, and the number that carrier's systems know it by.

Why: parcels are matched to RMAs by the tracking number the order system stored, which is the short
number from the carrier, not the long barcode on the label ("420"+ZIP+IMpb, FedEx's 34-digit barcode).
Carrier ids are stable lower-case strings because they are stored next to the number.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from returnstation.scan.checkdigits import (
    fedex_tracking_number,
    is_ascii_digits,
    is_valid_s10,
    is_valid_ups,
    usps_tracking_number,
)


class Carrier(StrEnum):
    UPS = "ups"
    FEDEX = "fedex"
    USPS = "usps"
    POST = "post"  # a national post other than USPS (UPU S10 number), country in the message


@dataclass(frozen=True, slots=True)
class TrackingMatch:
    carrier: Carrier
    value: str
    label: str  # plain words for the clerk


def tracking_matches(code: str) -> tuple[TrackingMatch, ...]:
    """Every valid carrier reading of `code` (upper case, no spaces), most likely first.

    Several can be valid at once: a 22-digit "92..." number is USPS IMpb and also FedEx SmartPost,
    which hands the parcel to USPS, so USPS comes first.
    """
    if code.startswith("1Z"):
        return (TrackingMatch(Carrier.UPS, code, "UPS tracking number"),) if is_valid_ups(code) else ()
    if is_valid_s10(code):
        country = code[-2:]
        if country == "US":
            return (TrackingMatch(Carrier.USPS, code, "USPS international tracking number"),)
        return (TrackingMatch(Carrier.POST, code, f"International post tracking number ({country})"),)
    if not is_ascii_digits(code):
        return ()
    matches: list[TrackingMatch] = []
    usps = usps_tracking_number(code)
    if usps is not None:
        label = "USPS tracking number"
        if usps != code:
            label = f"USPS tracking number {usps} (from the label barcode)"
        matches.append(TrackingMatch(Carrier.USPS, usps, label))
    fedex = fedex_tracking_number(code)
    if fedex is not None:
        label = "FedEx tracking number"
        if fedex != code:
            label = f"FedEx tracking number {fedex} (from the label barcode)"
        matches.append(TrackingMatch(Carrier.FEDEX, fedex, label))
    return tuple(matches)
