"""Decide what a scanned code is: an RMA, a tracking number, a product, a command card, or nothing usable.

Why one ordered decision: the bench has a single scan field, and the same digits can mean different
things (a 12-digit UPC-A is also a FedEx Express number, an 18-digit SSCC is also a FedEx Ground number).
Interpretations are tried in a fixed order and the first valid one wins; the AIM symbology identifier
decides first ("]E0"/"]E3" is a retail barcode, never an SSCC; "]C1" is GS1-128, whose carrier AIs are
tried as tracking before plain GS1 data), and the losing valid readings are kept in `alternatives` so a
screen that knows its context (parcel intake vs item inspection) can choose. A number valid for several
carriers lists them all; the RMA lookup decides.

A wrong check digit is reported as INVALID with a plain instruction, never silently searched as text:
a code with the shape of a known carrier's number (returnstation/data/carriers/carriers.json) that fails
that carrier's check is a misread unless it is valid as another kind. Invisible characters (zero-width,
bidi marks) inside a code are refused rather than silently joining the pieces into another code.

Order: command card; retail AIM (EAN/UPC + add-on); GS1 data (AIM says GS1, a GS is present, HRI
"(01)...", a Digital Link URL, or a clean "01"/"00" element string), including USPS "420"+ZIP labels
with or without the GS; SSCC; RMA; order number; carrier tracking numbers; GTIN; item text; unknown.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

import returnstation.scan.checkdigits as checkdigits
from returnstation.domain.messages import join, msg
from returnstation.domain.scan import Scan
from returnstation.domain.text import is_ascii_digits
from returnstation.scan.carriers import Carrier, TrackingMatch, TrackingReading, read_tracking
from returnstation.scan.commands import has_command_prefix, read_command
from returnstation.scan.gs1 import Gs1Reading, describe_ai, looks_like_hri, looks_like_url, read_gs1
from returnstation.scan.normalize import DEFAULT_GS_SUBSTITUTES, GS, normalize

_log = logging.getLogger(__name__)

MAX_TEXT_LENGTH = 512
ITEM_MIN_LENGTH = 3
ITEM_MAX_LENGTH = 64

# AIM identifiers whose data is a GS1 element string: GS1-128, GS1 DataMatrix, GS1 QR, GS1 DataBar
# (and its composites), GS1 DotCode (ISO/IEC 15424; GS1 General Specifications §5.1.2).
GS1_ELEMENT_AIMS = frozenset({"]C1", "]d2", "]Q3", "]e0", "]e1", "]e2", "]J1"})
# Symbologies whose reader verifies a GS1 check digit itself (EAN/UPC, ITF-14), so a wrong one can
# only come from typing: report it. For other symbologies a bad check means "not a GTIN at all".
_CHECKED_AIM_PREFIXES = ("]E", "]I1")
_GTIN_NAMES = {8: "EAN-8", 12: "UPC-A", 13: "EAN-13", 14: "GTIN-14"}
# Symbologies with a strong check of their own (Code 128, QR, DataMatrix, DataBar, DotCode, PDF417):
# a number read from them is what was printed, so failing a carrier's check means "not that carrier's
# number", not "misread". Every other source (typing, EAN/ITF/Code 39, no AIM) can misread.
_SELF_CHECKED_AIMS = ("]C", "]Q", "]d", "]e", "]J", "]L")
# GS1-128 element strings that carry a carrier number: ship-to ZIP (420) + IMpb, IMpb channel AIs
# 91-95, FedEx's "96" and the SSCC (00) that DHL Paket and FedEx Ground track by.
_GS1_TRACKING_HEADS = ("420", "91", "92", "93", "94", "95", "96", "00")
_SSCC_TRACKING_FORMATS = frozenset({"fedex_ground_sscc", "dhl_paket_nve"})

RESCAN = msg("rescan or type the number")
MISREAD = msg("misread: scan again or type the number")


class CodeKind(StrEnum):
    RMA = "rma"
    TRACKING = "tracking"
    ORDER = "order"
    GTIN = "gtin"
    SSCC = "sscc"
    GS1 = "gs1"
    COMMAND = "command"
    ITEM = "item"  # SKU, serial number or other text that may identify an item
    UNKNOWN = "unknown"
    INVALID = "invalid"


@dataclass(frozen=True, slots=True)
class Alternative:
    """Another valid reading of the same code, for screens that can use context to choose."""

    kind: CodeKind
    value: str
    carrier: str | None
    message: str


def _no_gs1() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Classified:
    """The verdict on one scan.

    `value` is the canonical form to look up: RMA/order numbers upper-cased as scanned; tracking numbers
    as the carrier knows them (USPS without "420"+ZIP, FedEx without the label-barcode wrapper); GTINs as
    scanned (8/12/13/14 digits, use `checkdigits.to_gtin14` to compare) except UPC-E, expanded to its
    12-digit UPC-A; SSCC as 18 digits; GS1 data as HRI "(01)...(10)..."; items as scanned.
    `carrier` is a `Carrier` value ("ups", "fedex", "usps", "post") for TRACKING, else None.
    `gs1` maps AI -> value for anything read as GS1 data.
    `command` is "next", "print_again", "cancel", "done", "back" or "answer:<key>" for COMMAND.
    """

    kind: CodeKind
    value: str
    raw: str
    symbology: str | None
    carrier: str | None
    message: str
    gs1: Mapping[str, str] = field(default_factory=_no_gs1, hash=False)
    command: str | None = None
    alternatives: tuple[Alternative, ...] = ()

    @property
    def usable(self) -> bool:
        """False for UNKNOWN and INVALID: the clerk must scan again."""
        return self.kind not in (CodeKind.UNKNOWN, CodeKind.INVALID)


@dataclass(frozen=True)
class ClassifierConfig:
    """Site-specific formats. Patterns are matched against the whole text, ignoring case; a pattern
    that does not compile is refused here, at start-up, not at the first scan."""

    rma_pattern: str = r"^RMA-?\d{4,10}$"
    order_pattern: str = r"^(SO|ORD|ORDER)-?\d{3,12}$"
    command_prefix: str = "CMD:"
    gs_substitutes: tuple[str, ...] = DEFAULT_GS_SUBSTITUTES

    def __post_init__(self) -> None:
        for name in ("rma_pattern", "order_pattern"):
            try:
                _compiled(getattr(self, name))
            except re.error as exc:
                raise ValueError(f"{name} is not a valid regular expression: {exc}") from exc


@functools.lru_cache(maxsize=32)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_DEFAULT_CONFIG = ClassifierConfig()


@dataclass(frozen=True, slots=True)
class _Context:
    raw: str
    text: str
    symbology: str | None
    config: ClassifierConfig

    def result(
        self,
        kind: CodeKind,
        value: str,
        message: str,
        *,
        carrier: str | None = None,
        gs1: Mapping[str, str] | None = None,
        command: str | None = None,
        alternatives: tuple[Alternative, ...] = (),
    ) -> Classified:
        return Classified(
            kind,
            value,
            self.raw,
            self.symbology,
            carrier,
            message,
            gs1 if gs1 is not None else _no_gs1(),
            command,
            alternatives,
        )


def classify_scan(scan: Scan, config: ClassifierConfig = _DEFAULT_CONFIG) -> Classified:
    """Normalise and classify one scan from any input."""
    return classify(scan.text, scan.symbology, config)


def classify(
    text: str, symbology: str | None = None, config: ClassifierConfig = _DEFAULT_CONFIG
) -> Classified:
    """Classify one code. `text` may be raw scanner output (terminators, AIM prefix, GS substitutes);
    it is normalised first, which is harmless for text that already is. Never raises."""
    raw = text if isinstance(text, str) else repr(text)
    try:
        normalized = normalize(text, symbology, config.gs_substitutes)
        ctx = _Context(raw, normalized.text, normalized.symbology, config)
        if normalized.hidden_inside:
            return ctx.result(
                CodeKind.INVALID,
                normalized.text,
                msg(
                    "This code has invisible characters inside it (zero-width or text-direction "
                    "marks), so its pieces cannot be trusted to be one code: scan the label again or "
                    "type the code"
                ),
            )
        return _classify(ctx)
    except Exception:  # a scan must never take the bench down; the log shows the bug
        _log.exception("classifying %r failed", raw[:100])
        return Classified(
            CodeKind.UNKNOWN, "", raw, None, None, msg("This code could not be read: scan it again")
        )


def _classify(ctx: _Context) -> Classified:
    text = ctx.text
    if not text:
        return ctx.result(CodeKind.UNKNOWN, "", msg("Nothing was read: scan again"))
    if len(text) > MAX_TEXT_LENGTH:
        return ctx.result(
            CodeKind.UNKNOWN,
            text[:MAX_TEXT_LENGTH],
            msg("Too long for a label code ({n_text} characters): scan the label again", n_text=len(text)),
        )
    for step in (_command, _retail, _gs1_data, _sscc, _rma_or_order, _numbers_and_postal):
        verdict = step(ctx)
        if verdict is not None:
            return verdict
    return _item_or_unknown(ctx)


def _command(ctx: _Context) -> Classified | None:
    prefix = ctx.config.command_prefix
    if not has_command_prefix(ctx.text, prefix):
        return None
    card = read_command(ctx.text, prefix)
    if card.command is None:
        return ctx.result(
            CodeKind.INVALID,
            ctx.text,
            msg("Unknown command card “{spoken}”: use a card from this station", spoken=card.spoken[:30]),
        )
    words = card.command.replace("_", " ").replace("answer:", "answer ")
    return ctx.result(CodeKind.COMMAND, card.command, f"Command: {words}", command=card.command)


# --- GS1 ---------------------------------------------------------------------------------------


def _gs1_data(ctx: _Context) -> Classified | None:
    text, aim = ctx.text, ctx.symbology
    if text.startswith("420"):
        impb = checkdigits.split_usps_impb(text)
        if impb is not None:
            zip_code, tracking = impb
            return ctx.result(
                CodeKind.TRACKING,
                tracking,
                msg(
                    "USPS tracking number {tracking} (label barcode for ZIP {zip_code})",
                    tracking=tracking,
                    zip_code=zip_code,
                ),
                carrier=Carrier.USPS,
                gs1=MappingProxyType({"420": zip_code}),
            )
    said_gs1 = aim in GS1_ELEMENT_AIMS
    bare_nve = aim is None and len(text) == 20 and text.startswith("00")  # DHL's 00 + SSCC, typed
    carrier_head = (said_gs1 and text.startswith(_GS1_TRACKING_HEADS)) or bare_nve
    if carrier_head and is_ascii_digits(text):
        verdict = _gs1_tracking(ctx, text)
        if verdict is not None:
            return verdict
    is_hri, is_url = looks_like_hri(text), looks_like_url(text)
    looks_gs1 = said_gs1 or GS in text or is_hri or is_url
    starts_like_gs1 = text[:2] in ("00", "01") and len(text) >= 16 and is_ascii_digits(text[:16])
    if not (looks_gs1 or starts_like_gs1):
        return None
    if not looks_gs1 and read_tracking(text).matches:
        return None  # a bare number that is a valid carrier number (a DPD label code "0081...")
    reading = read_gs1(text, None if is_url else aim)
    if reading.ok and not looks_gs1 and any(e.error for e in reading.elements):
        return None  # a bare number that merely starts with "01": a carrier number may fit it better
    if reading.ok:
        return _from_gs1_reading(ctx, reading)
    # "(555) 123-4567" looks like HRI too: only bracketed text opening with a GS1 key is surely GS1.
    if said_gs1 or (is_hri and text.startswith(("(00)", "(01)", "(02)"))):
        where = (
            msg(" at the {describe_ai}", describe_ai=describe_ai(reading.failed_ai))
            if reading.failed_ai
            else ""
        )
        return ctx.result(
            CodeKind.INVALID,
            text,
            msg("This GS1 barcode does not read correctly{where}: {rescan}", where=where, rescan=RESCAN),
        )
    return None  # a GS, a URL or a leading "01" alone do not prove GS1: let the other readings try


def _gs1_tracking(ctx: _Context, text: str) -> Classified | None:
    """A GS1-128 element string that is a carrier number as a whole: "(94)00111..." is a USPS IMpb,
    "(00)" + SSCC is the parcel number of DHL Paket and FedEx Ground. Read as tracking first, with the
    GS1 reading kept as an alternative; a carrier shape with a wrong check is a misread."""
    if text.startswith("00"):
        if len(text) != 20 or not checkdigits.is_valid_sscc(text[2:]):
            return None  # (00) with more data or a bad SSCC: the GS1 reading says what is wrong
        found = [m for m in read_tracking(text).matches if m.format_id in _SSCC_TRACKING_FORMATS]
        found += [m for m in read_tracking(text[2:]).matches if m.format_id in _SSCC_TRACKING_FORMATS]
        sscc = Alternative(CodeKind.SSCC, text[2:], None, msg("Shipping container code (SSCC)"))
        gs1 = MappingProxyType({"00": text[2:]})
        return _tracking(ctx, tuple(found), extra=(sscc,), gs1=gs1) if found else None
    reading = read_tracking(text, misread_possible=not _self_checked(ctx.symbology))
    if reading.matches:
        return _tracking(ctx, reading.matches)
    if reading.failed:
        return _misread(ctx, text, reading)
    return None


def _from_gs1_reading(ctx: _Context, reading: Gs1Reading) -> Classified:
    mapping = reading.as_mapping()
    for element in reading.elements:
        if element.error:
            return ctx.result(
                CodeKind.INVALID,
                reading.as_hri(),
                msg(
                    "Check digit is wrong in the {describe_ai}: {rescan}",
                    describe_ai=describe_ai(element.ai),
                    rescan=RESCAN,
                ),
                gs1=mapping,
            )
    ais = [element.ai for element in reading.elements]
    if len(ais) == 2 and ais[0] == "420" and ais[1] in ("91", "92", "93", "94", "95"):
        # USPS IMpb whose tracking part failed its check (a valid one was taken before biip).
        return ctx.result(
            CodeKind.INVALID,
            reading.as_hri(),
            msg("USPS tracking number check digit is wrong: {rescan}", rescan=RESCAN),
            gs1=mapping,
        )
    summary = _summarise(reading)
    if "00" in mapping:
        return ctx.result(
            CodeKind.SSCC,
            mapping["00"],
            msg("Shipping container code (SSCC): {summary}", summary=summary),
            gs1=mapping,
        )
    return ctx.result(
        CodeKind.GS1, reading.as_hri(), msg("GS1 barcode: {summary}", summary=summary), gs1=mapping
    )


def _summarise(reading: Gs1Reading, limit: int = 6) -> str:
    parts = []
    for element in reading.elements[:limit]:
        shown = element.date.isoformat() if element.date else element.value
        parts.append(f"{element.title} {shown}")
    if len(reading.elements) > limit:
        parts.append(msg("and {n} more", n=len(reading.elements) - limit))
    return ", ".join(parts)


# --- shipping and our own numbers ---------------------------------------------------------------


def _compact(text: str) -> str:
    """Digits and letters typed in groups ("0414 4176 0228 964") as one upper-case run; else as is."""
    if " " in text and text.replace(" ", "").isalnum() and text.isascii():
        return text.replace(" ", "").upper()
    return text.upper() if text.isascii() and text.isalnum() else text


def _sscc(ctx: _Context) -> Classified | None:
    code = _compact(ctx.text)
    if not checkdigits.is_valid_sscc(code):
        return None
    fedex = Alternative(
        CodeKind.TRACKING, code, Carrier.FEDEX, msg("FedEx Ground also tracks parcels by this number")
    )
    return ctx.result(CodeKind.SSCC, code, msg("Shipping container code (SSCC)"), alternatives=(fedex,))


def _retail(ctx: _Context) -> Classified | None:
    """The AIM identifier of an EAN/UPC symbol decides: "]E0" EAN-13/UPC-A/UPC-E, "]E4" EAN-8, "]E3"
    with a 2- or 5-digit add-on (books, magazines), "]E1"/"]E2" an add-on alone. Such a read is a
    product code or nothing: never an SSCC or a carrier number, however its digits happen to add up."""
    aim = ctx.symbology
    if aim is None or not aim.startswith("]E"):
        return None
    code = _compact(ctx.text)
    if not is_ascii_digits(code):
        return ctx.result(
            CodeKind.INVALID, code, msg("A retail barcode holds digits only: {rescan}", rescan=RESCAN)
        )
    if aim in ("]E1", "]E2"):
        return ctx.result(
            CodeKind.UNKNOWN, code, msg("Only the add-on barcode was read: scan the main barcode")
        )
    if aim == "]E3":
        for main in (13, 12, 8):
            if len(code) - main in (2, 5):
                gtin = _gtin(code[:main], "]E0" if main != 8 else aim)
                if gtin:
                    message = msg("Product code ({gtin} with add-on {code})", gtin=gtin[1], code=code[main:])
                    return ctx.result(CodeKind.GTIN, gtin[0], message)
    gtin = _gtin(code, aim)
    if gtin:
        return ctx.result(CodeKind.GTIN, gtin[0], msg("Product code ({gtin})", gtin=gtin[1]))
    return ctx.result(CodeKind.INVALID, code, msg("Check digit is wrong: {rescan}", rescan=RESCAN))


def _rma_or_order(ctx: _Context) -> Classified | None:
    if _compiled(ctx.config.rma_pattern).fullmatch(ctx.text):
        return ctx.result(CodeKind.RMA, ctx.text.upper(), msg("Return authorization (RMA) number"))
    if _compiled(ctx.config.order_pattern).fullmatch(ctx.text):
        return ctx.result(CodeKind.ORDER, ctx.text.upper(), msg("Order number"))
    return None


def _numbers_and_postal(ctx: _Context) -> Classified | None:
    """Carrier numbers from the data file, and product codes (GTIN) for the digits that are both."""
    code = _compact(ctx.text)
    if not code.isascii():
        return None
    aim = ctx.symbology
    reading = read_tracking(code, misread_possible=not _self_checked(aim))
    tracks = reading.matches
    digits = is_ascii_digits(code)
    gtin = _gtin(code, aim) if digits else None

    if gtin and tracks:
        if aim is None:  # a bare 12-digit number: retail barcodes are far more common at an item bench
            alts = tuple(_as_alternative(t) for t in tracks)
            message = msg(
                "Product code ({gtin}); the same number is also a valid {label}",
                gtin=gtin[1],
                label=tracks[0].label,
            )
            return ctx.result(CodeKind.GTIN, gtin[0], message, alternatives=alts)
        alt = Alternative(CodeKind.GTIN, gtin[0], None, msg("Product code ({gtin})", gtin=gtin[1]))
        return _tracking(ctx, tracks, extra=(alt,))
    if tracks:
        return _tracking(ctx, tracks)
    if gtin:
        return ctx.result(CodeKind.GTIN, gtin[0], msg("Product code ({gtin})", gtin=gtin[1]))
    strict = code == ctx.text and (aim is None or aim.startswith(_CHECKED_AIM_PREFIXES))
    if strict and digits and len(code) in checkdigits.GTIN_LENGTHS:
        return ctx.result(CodeKind.INVALID, code, msg("Check digit is wrong: {rescan}", rescan=RESCAN))
    if reading.failed and not _self_checked(aim):
        return _misread(ctx, code, reading)
    return None


def _self_checked(aim: str | None) -> bool:
    return aim is not None and aim.startswith(_SELF_CHECKED_AIMS)


def _misread(ctx: _Context, code: str, reading: TrackingReading) -> Classified:
    """A carrier-shaped number that passes no carrier's check: name the likeliest carrier(s)."""
    names: list[str] = []
    for fmt in reading.failed:
        name = (
            msg("{carrier_name} tracking number", carrier_name=fmt.carrier_name)
            if fmt.country != "*"
            else msg("postal tracking number")
        )
        if name not in names:
            names.append(name)
    shown = join([join(names[:3], msg(" or ")), msg(" (or another carrier's)") if len(names) > 3 else ""])
    return ctx.result(
        CodeKind.INVALID,
        code,
        msg("Looks like a {shown} but the check digit is wrong ({misread})", shown=shown, misread=MISREAD),
    )


def _gtin(code: str, aim: str | None) -> tuple[str, str] | None:
    """(GTIN, name) for a valid product code. An 8-digit code may be EAN-8 or UPC-E; "]E0" (the UPC/EAN
    identifier; EAN-8 is "]E4") says UPC-E."""
    if len(code) == 8:
        upc_a = checkdigits.expand_upc_e(code)
        if upc_a and (aim == "]E0" or not checkdigits.is_valid_gtin(code)):
            return upc_a, "UPC-E"
    if checkdigits.is_valid_gtin(code):
        return code, _GTIN_NAMES[len(code)]
    return None


def _tracking(
    ctx: _Context,
    tracks: tuple[TrackingMatch, ...],
    extra: tuple[Alternative, ...] = (),
    gs1: Mapping[str, str] | None = None,
) -> Classified:
    best = tracks[0]
    alts = tuple(_as_alternative(t) for t in tracks[1:]) + extra
    return ctx.result(
        CodeKind.TRACKING, best.value, best.label, carrier=best.carrier, gs1=gs1, alternatives=alts
    )


def _as_alternative(track: TrackingMatch) -> Alternative:
    return Alternative(CodeKind.TRACKING, track.value, track.carrier, track.label)


# --- everything else ----------------------------------------------------------------------------


def _item_or_unknown(ctx: _Context) -> Classified:
    text = ctx.text
    if looks_like_url(text):
        return ctx.result(CodeKind.UNKNOWN, text, msg("This is a web address, not a code the station uses"))
    if not text.isprintable():
        return ctx.result(
            CodeKind.UNKNOWN,
            text,
            msg("This barcode holds data the station does not use: scan another label"),
        )
    if len(text) < ITEM_MIN_LENGTH:
        return ctx.result(CodeKind.UNKNOWN, text, msg("Too short to be a code: scan again or type it"))
    if len(text) > ITEM_MAX_LENGTH:
        return ctx.result(
            CodeKind.UNKNOWN,
            text,
            msg("Too long for an item code ({n_text} characters): scan another label", n_text=len(text)),
        )
    return ctx.result(CodeKind.ITEM, text, msg("Item code or serial number"))
